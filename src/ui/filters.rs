//! The filter pane and the line of active-filter chips.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::action::Action;
use crate::app::filter_pane::{FilterPane, FilterRow};
use crate::catalogue::Lang;
use crate::facets::{Facets, Filters, ValueState};
use crate::i18n::tr;
use crate::keymap::{self, Mode};
use crate::ui::Theme;

/// The filter pane.
pub struct FilterList<'a> {
    /// Rows, cursor, counts.
    pub pane: &'a FilterPane,
    /// Facet values.
    pub facets: &'a Facets,
    /// Active filters.
    pub filters: &'a Filters,
    /// Language.
    pub lang: Lang,
    /// Has the keyboard.
    pub focused: bool,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for FilterList<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let mut title = format!(" {} ", tr(self.lang, "Filters", "Фільтри"));
        if !self.pane.jump.is_empty() {
            title = format!(" {} → {} ", tr(self.lang, "Filters", "Фільтри"), self.pane.jump);
        }
        let block = t.pane(title, self.focused);
        let inner = block.inner(area);
        block.render(area, buf);
        let rows = self.pane.rows.iter().enumerate().skip(self.pane.cursor.offset);
        for (y, (i, row)) in (inner.y..inner.bottom()).zip(rows) {
            let line_area = Rect::new(inner.x, y, inner.width, 1);
            let line = match *row {
                FilterRow::Header(f) => Line::from(Span::styled(f.label(self.lang), t.label)),
                FilterRow::Value(f, v) => {
                    let Some(value) = self.facets.values(f).get(v as usize) else {
                        continue;
                    };
                    let count = self.pane.count(f, v);
                    let state = self.filters.state(f, v);
                    let mark = match state {
                        ValueState::Off => "[ ]",
                        ValueState::Included => "[+]",
                        ValueState::Excluded => "[-]",
                    };
                    let selected = self.focused && i == self.pane.cursor.selected;
                    let style = if selected {
                        t.selected
                    } else if count == 0 && state == ValueState::Off {
                        t.dim
                    } else if state == ValueState::Included {
                        t.chip
                    } else if state == ValueState::Excluded {
                        t.chip_excluded
                    } else {
                        t.text
                    };
                    let indent = " ".repeat(usize::from(value.depth) * 2);
                    let label = value.label.get(self.lang);
                    let count_text = format!(" {count}");
                    let room = usize::from(inner.width)
                        .saturating_sub(indent.chars().count() + 4 + count_text.chars().count());
                    let label = crate::ui::ellipsize(label, room);
                    let pad = room.saturating_sub(label.chars().count());
                    if selected {
                        buf.set_style(line_area, t.selected);
                    }
                    Line::from(vec![
                        Span::styled(format!("{indent}{mark} "), style),
                        Span::styled(label, style),
                        Span::styled(" ".repeat(pad), style),
                        Span::styled(count_text, if selected { style } else { t.dim }),
                    ])
                }
            };
            line.render(line_area, buf);
        }
    }
}

/// The active filters as chips: "[+ Children] [− Belarus]".
pub struct Chips<'a> {
    /// Active filters.
    pub filters: &'a Filters,
    /// Facet values.
    pub facets: &'a Facets,
    /// Only the shortlist is listed.
    pub shortlist: bool,
    /// Language.
    pub lang: Lang,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for Chips<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let mut spans = vec![Span::styled(
            format!("{}: ", tr(self.lang, "Filters", "Фільтри")),
            t.label,
        )];
        if self.shortlist {
            spans.push(Span::styled(
                format!("[* {}]", tr(self.lang, "Shortlist", "Добірка")),
                t.chip,
            ));
            spans.push(Span::raw(" "));
        }
        for (facet, value, excluded) in self.filters.active() {
            let Some(v) = self.facets.values(facet).get(value as usize) else {
                continue;
            };
            let (sign, style) = if excluded {
                ("−", t.chip_excluded)
            } else {
                ("+", t.chip)
            };
            spans.push(Span::styled(format!("[{sign} {}]", v.label.get(self.lang)), style));
            spans.push(Span::raw(" "));
        }
        let key = keymap::key_for(Mode::Results, &Action::ClearFilters).unwrap_or_default();
        spans.push(Span::styled(
            format!(" {key}: {}", tr(self.lang, "clear all", "скинути всі")),
            t.dim,
        ));
        Line::from(spans).render(area, buf);
    }
}
