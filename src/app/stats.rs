//! The statistics view's state: which chart shows, its bars and the selected bar.
//!
//! A bar's count is the filter pane's count for that value (what choosing it would give),
//! so the two always agree; for a facet with no active filter that is simply how many of
//! the current results carry the value.

use crate::app::cursor::Cursor;
use crate::app::filter_pane::FilterPane;
use crate::facets::{Facet, Filters, ValueState};

/// The charts, in the order Tab goes through them.
pub const CHARTS: [Facet; 6] = [
    Facet::TargetGroup,
    Facet::Country,
    Facet::Region,
    Facet::Programme,
    Facet::Theme,
    Facet::Year,
];

/// One bar: a facet value and its count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatBar {
    /// The value's index in its facet.
    pub value: u32,
    /// Results choosing this value gives (the filter pane's count).
    pub count: usize,
    /// Whether the value is already an active filter.
    pub state: ValueState,
}

/// State of the statistics view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsView {
    /// Index into [`CHARTS`].
    pub chart: usize,
    /// The bars of the chart, largest first (years in order).
    pub bars: Vec<StatBar>,
    /// Selected bar and scroll.
    pub cursor: Cursor,
}

impl StatsView {
    /// The view on its first chart.
    #[must_use]
    pub fn new(pane: &FilterPane, filters: &Filters) -> Self {
        let mut view = Self::default();
        view.refresh(pane, filters);
        view
    }

    /// The facet of the chart shown.
    #[must_use]
    pub fn facet(&self) -> Facet {
        CHARTS[self.chart % CHARTS.len()]
    }

    /// Shows the chart `step` places on (wrapping), with its first bar selected.
    pub fn switch(&mut self, step: isize, pane: &FilterPane, filters: &Filters) {
        self.chart = (self.chart as isize + step).rem_euclid(CHARTS.len() as isize) as usize;
        self.cursor = Cursor::default();
        self.refresh(pane, filters);
    }

    /// Rebuilds the bars from the filter pane's counts: every value that would give a
    /// result or is an active filter.
    pub fn refresh(&mut self, pane: &FilterPane, filters: &Filters) {
        let facet = self.facet();
        let slot = Facet::ALL.iter().position(|&f| f == facet).unwrap_or(0);
        let values = pane.counts.get(slot).map_or(0, Vec::len);
        let mut bars: Vec<StatBar> = (0..values as u32)
            .map(|value| StatBar {
                value,
                count: pane.count(facet, value),
                state: filters.state(facet, value),
            })
            .filter(|b| b.count > 0 || b.state != ValueState::Off)
            .collect();
        if facet != Facet::Year {
            // Stable: equal counts keep the filter pane's order.
            bars.sort_by_key(|b| std::cmp::Reverse(b.count));
        }
        self.bars = bars;
        self.cursor.clamp(self.bars.len());
    }

    /// Moves the selection by `delta` bars.
    pub fn move_by(&mut self, delta: isize) {
        self.cursor.move_by(delta, self.bars.len());
    }

    /// The selected bar's facet and value.
    #[must_use]
    pub fn selected(&self) -> Option<(Facet, u32)> {
        self.bars.get(self.cursor.selected).map(|b| (self.facet(), b.value))
    }

    /// Keeps the selection among the `visible` bars drawn.
    pub fn settle(&mut self, visible: usize) {
        self.cursor.clamp(self.bars.len());
        self.cursor.scroll_into_view(visible);
    }
}

/// Rows of bars that fit in the statistics view's area of `height` rows: a border, the
/// chart tabs and a summary line take four.
#[must_use]
pub const fn visible_bars(height: u16) -> usize {
    height.saturating_sub(4) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pane(counts: Vec<Vec<usize>>) -> FilterPane {
        FilterPane {
            counts,
            ..FilterPane::default()
        }
    }

    #[test]
    fn bars_skip_empty_values_and_sort_by_count_but_years_by_year() {
        let mut counts = vec![Vec::new(); 7];
        counts[0] = vec![1, 0, 5, 5, 2];
        counts[6] = vec![3, 0, 1];
        let p = pane(counts);
        let mut v = StatsView::new(&p, &Filters::default());
        let order: Vec<(u32, usize)> = v.bars.iter().map(|b| (b.value, b.count)).collect();
        assert_eq!(order, [(2, 5), (3, 5), (4, 2), (0, 1)]);
        v.switch(-1, &p, &Filters::default());
        assert_eq!(v.facet(), Facet::Year);
        let order: Vec<u32> = v.bars.iter().map(|b| b.value).collect();
        assert_eq!(order, [0, 2]);
    }

    #[test]
    fn an_active_value_stays_even_without_results() {
        let mut counts = vec![Vec::new(); 7];
        counts[0] = vec![0, 3];
        let mut filters = Filters::default();
        filters.toggle_exclude(Facet::TargetGroup, 0);
        let v = StatsView::new(&pane(counts), &filters);
        assert_eq!(v.bars.len(), 2);
        assert_eq!(v.bars[1].state, ValueState::Excluded);
    }

    #[test]
    fn selection_stays_in_range_and_in_view() {
        let mut counts = vec![Vec::new(); 7];
        counts[0] = vec![1; 10];
        let mut v = StatsView::new(&pane(counts), &Filters::default());
        v.move_by(25);
        v.settle(4);
        assert_eq!((v.cursor.selected, v.cursor.offset), (9, 6));
        assert_eq!(v.selected(), Some((Facet::TargetGroup, 9)));
        v.move_by(-100);
        v.settle(4);
        assert_eq!((v.cursor.selected, v.cursor.offset), (0, 0));
    }
}
