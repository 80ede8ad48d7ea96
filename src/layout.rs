//! Where each pane goes for a terminal size: a pure function of the size and a few
//! flags, used by drawing and by mouse hit-testing alike.

use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest terminal the app draws in; below it, it says the terminal is too small.
pub const MIN_WIDTH: u16 = 24;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 7;
/// From this width, filters, results and preview stand side by side.
pub const WIDE: u16 = 110;
/// From this width, two panes stand side by side.
pub const MEDIUM: u16 = 70;

/// Which pane shows when only one or two fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The search box.
    Search,
    /// The filter pane.
    Filters,
    /// The result list.
    Results,
    /// The detail preview.
    Preview,
}

/// The rectangles of one frame. A pane that does not show is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// The search box (with its border when there is room).
    pub search: Rect,
    /// The line of active-filter chips, when filters are active.
    pub chips: Option<Rect>,
    /// Filter pane.
    pub filters: Option<Rect>,
    /// Result list.
    pub results: Option<Rect>,
    /// Detail preview.
    pub preview: Option<Rect>,
    /// The whole body, where the full-screen detail view goes.
    pub body: Rect,
    /// Status bar: counts and key hints.
    pub status: Rect,
    /// The function-key bar at the bottom, when the screen has room for it.
    pub fkeys: Option<Rect>,
    /// True when the terminal is below the minimum size.
    pub too_small: bool,
}

/// What the layout depends on besides the size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutInput {
    /// The focused pane.
    pub focus: Pane,
    /// The user asked for the filter pane on a medium screen.
    pub show_filters: bool,
    /// Filters are active, so the chip line shows.
    pub has_chips: bool,
}

/// From this height, the function-key bar shows under the status bar.
pub const FKEYS_FROM: u16 = 10;

/// True when the search box has a border (three rows) rather than one row.
#[must_use]
pub const fn roomy(area: Rect) -> bool {
    area.height >= 16
}

/// Splits the screen.
#[must_use]
pub fn areas(area: Rect, input: LayoutInput) -> Areas {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Areas {
            too_small: true,
            body: area,
            ..Areas::default()
        };
    }
    let search_h = if roomy(area) { 3 } else { 1 };
    let chips_h = u16::from(input.has_chips);
    let with_fkeys = area.height >= FKEYS_FROM;
    let [search, chips, body, status, fkeys] = Layout::vertical([
        Constraint::Length(search_h),
        Constraint::Length(chips_h),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(with_fkeys)),
    ])
    .areas(area);
    let chips = input.has_chips.then_some(chips);
    let mut out = Areas {
        search,
        chips,
        body,
        status,
        fkeys: with_fkeys.then_some(fkeys),
        ..Areas::default()
    };
    let filters_wanted = input.show_filters || input.focus == Pane::Filters;
    if area.width >= WIDE {
        let [f, r, p] =
            Layout::horizontal([Constraint::Length(30), Constraint::Fill(5), Constraint::Fill(4)]).areas(body);
        out.filters = Some(f);
        out.results = Some(r);
        out.preview = Some(p);
    } else if area.width >= MEDIUM {
        let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(body);
        if filters_wanted {
            out.filters = Some(left);
            out.results = Some(right);
        } else {
            out.results = Some(left);
            out.preview = Some(right);
        }
    } else {
        match input.focus {
            Pane::Filters => out.filters = Some(body),
            Pane::Preview => out.preview = Some(body),
            Pane::Search | Pane::Results => out.results = Some(body),
        }
    }
    out
}

/// The area inside a pane's border: what the view draws in, and what the app pages and
/// scrolls by.
#[must_use]
pub const fn inside(pane: Rect) -> Rect {
    Rect::new(
        pane.x.saturating_add(1),
        pane.y.saturating_add(1),
        pane.width.saturating_sub(2),
        pane.height.saturating_sub(2),
    )
}

/// How many results the list pane `list` shows at once.
#[must_use]
pub const fn result_rows(list: Rect) -> usize {
    inside(list).height as usize / crate::app::RESULT_HEIGHT
}

/// The help overlay's area: most of the screen, centred.
#[must_use]
pub fn help_area(area: Rect) -> Rect {
    let w = area.width.saturating_sub(4).min(96);
    let h = area.height.saturating_sub(2);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    const INPUT: LayoutInput = LayoutInput {
        focus: Pane::Results,
        show_filters: false,
        has_chips: false,
    };

    #[test]
    fn three_panes_when_wide_two_at_80_one_when_narrow() {
        let wide = areas(Rect::new(0, 0, 120, 40), INPUT);
        assert!(wide.filters.is_some() && wide.results.is_some() && wide.preview.is_some());
        let medium = areas(Rect::new(0, 0, 80, 24), INPUT);
        assert!(medium.filters.is_none() && medium.results.is_some() && medium.preview.is_some());
        let with_filters = areas(
            Rect::new(0, 0, 80, 24),
            LayoutInput {
                show_filters: true,
                ..INPUT
            },
        );
        assert!(with_filters.filters.is_some() && with_filters.results.is_some() && with_filters.preview.is_none());
        let narrow = areas(Rect::new(0, 0, 40, 12), INPUT);
        assert!(narrow.filters.is_none() && narrow.results.is_some() && narrow.preview.is_none());
    }

    #[test]
    fn tiny_terminals_are_too_small() {
        assert!(areas(Rect::new(0, 0, 1, 1), INPUT).too_small);
        assert!(areas(Rect::new(0, 0, 0, 0), INPUT).too_small);
        assert!(!areas(Rect::new(0, 0, MIN_WIDTH, MIN_HEIGHT), INPUT).too_small);
    }

    #[test]
    fn panes_stay_inside_the_screen() {
        for w in 0..140 {
            for h in [0, 1, 6, 7, 12, 15, 16, 24, 40] {
                let screen = Rect::new(0, 0, w, h);
                let a = areas(
                    screen,
                    LayoutInput {
                        has_chips: true,
                        ..INPUT
                    },
                );
                for r in [
                    Some(a.search),
                    a.chips,
                    a.filters,
                    a.results,
                    a.preview,
                    Some(a.status),
                    a.fkeys,
                ]
                .into_iter()
                .flatten()
                {
                    assert_eq!(screen.intersection(r), r, "{w}x{h}: {r:?}");
                }
            }
        }
    }
}
