//! The filter pane's state: its rows (facet headings and values), cursor, the counts
//! each value would give, and the jump-by-typing text.

use crate::app::cursor::Cursor;
use crate::catalogue::Lang;
use crate::facets::{Facet, Facets, Filters};
use crate::search::fold;

/// A row of the filter pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterRow {
    /// A facet's heading.
    Header(Facet),
    /// A value of a facet.
    Value(Facet, u32),
}

/// State of the filter pane.
#[derive(Debug, Clone, Default)]
pub struct FilterPane {
    /// Every row, facets in order, each heading followed by its values.
    pub rows: Vec<FilterRow>,
    /// Selection (always on a value row when there is one) and scroll.
    pub cursor: Cursor,
    /// For each facet (in `Facet::ALL` order), per value, the results selecting it would give.
    pub counts: Vec<Vec<usize>>,
    /// Text typed to jump to a value; empty when not jumping.
    pub jump: String,
}

impl FilterPane {
    /// Rows for every facet that has values.
    #[must_use]
    pub fn new(facets: &Facets) -> Self {
        let mut rows = Vec::new();
        for f in Facet::ALL {
            let values = facets.values(f);
            if !values.is_empty() {
                rows.push(FilterRow::Header(f));
                rows.extend((0..values.len()).map(|v| FilterRow::Value(f, v as u32)));
            }
        }
        let mut pane = Self {
            rows,
            ..Self::default()
        };
        pane.settle(1);
        pane
    }

    /// The selected value, if any.
    #[must_use]
    pub fn selected(&self) -> Option<(Facet, u32)> {
        match self.rows.get(self.cursor.selected) {
            Some(FilterRow::Value(f, v)) => Some((*f, *v)),
            _ => None,
        }
    }

    /// How many results a value would give.
    #[must_use]
    pub fn count(&self, facet: Facet, value: u32) -> usize {
        let slot = Facet::ALL.iter().position(|&f| f == facet).unwrap_or(0);
        self.counts
            .get(slot)
            .and_then(|c| c.get(value as usize))
            .copied()
            .unwrap_or(0)
    }

    /// Recomputes the counts for the current results and filters.
    pub fn recount(&mut self, facets: &Facets, filters: &Filters, services: &[usize]) {
        self.counts = facets.all_counts(filters, services);
    }

    /// Replaces one facet's counts (the kind facet's, which counts every kind of entry).
    pub fn set_counts(&mut self, facet: Facet, counts: Vec<usize>) {
        if let Some(slot) = Facet::ALL.iter().position(|&f| f == facet)
            && let Some(c) = self.counts.get_mut(slot)
        {
            *c = counts;
        }
    }

    /// Moves by `delta` rows, skipping headings in the direction of travel.
    pub fn move_by(&mut self, delta: isize) {
        self.cursor.move_by(delta, self.rows.len());
        self.settle(if delta < 0 { -1 } else { 1 });
    }

    /// Selects a row (a heading selects its first value).
    pub fn select(&mut self, row: usize) {
        self.cursor.select(row, self.rows.len());
        self.settle(1);
    }

    /// Moves off a heading row, preferring `direction`.
    fn settle(&mut self, direction: isize) {
        if self.selected().is_some() || self.rows.is_empty() {
            return;
        }
        let here = self.cursor.selected;
        let forward = (here..self.rows.len()).find(|&i| matches!(self.rows[i], FilterRow::Value(..)));
        let backward = (0..here).rev().find(|&i| matches!(self.rows[i], FilterRow::Value(..)));
        let pick = if direction < 0 {
            backward.or(forward)
        } else {
            forward.or(backward)
        };
        if let Some(i) = pick {
            self.cursor.selected = i;
        }
    }

    /// Adds a character to the jump text and selects the first value whose name (in either
    /// language, or transliterated) contains it.
    pub fn jump_to(&mut self, facets: &Facets, lang: Lang) {
        let needle = fold::fold(&self.jump);
        if needle.is_empty() {
            return;
        }
        let latin = crate::search::translit::to_latin(&needle);
        let found = self.rows.iter().position(|r| match r {
            FilterRow::Value(f, v) => facets.values(*f).get(*v as usize).is_some_and(|value| {
                let label = &value.label;
                [label.get(lang), label.get(lang.other())].iter().any(|t| {
                    let folded = fold::fold(t);
                    folded.contains(&needle) || crate::search::translit::to_latin(&folded).contains(&latin)
                })
            }),
            FilterRow::Header(_) => false,
        });
        if let Some(i) = found {
            self.cursor.selected = i;
        }
    }
}
