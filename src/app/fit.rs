//! Keeping views in their bounds when the screen changes: how far a detail view may be
//! scrolled, and how far the "about" view may.

/// The scroll of a detail view of `lines` lines in a pane `height` lines high, after a
/// resize: the top (so the title shows) whenever the selected link (`link_line`, its line)
/// fits on the first screen, else just enough to show that link; never past the end.
#[must_use]
pub fn refit_scroll(lines: usize, height: usize, link_line: Option<usize>) -> usize {
    let most = lines.saturating_sub(height);
    match link_line {
        Some(line) if height > 0 && line >= height => (line + 1 - height).min(most),
        _ => 0,
    }
}

/// The widest the "about" view is drawn, border included; a narrower screen gives it its
/// whole width.
pub const ABOUT_WIDTH: u16 = 90;

/// How many rows the "about" view's `lines` take on a screen `screen_width` columns wide,
/// wrapped at word boundaries inside the border as the view draws them.
#[must_use]
pub fn about_rows(lines: &[String], screen_width: u16) -> usize {
    let inner = screen_width.min(ABOUT_WIDTH).saturating_sub(2);
    if inner == 0 {
        return lines.len();
    }
    let text: Vec<ratatui::text::Line<'_>> = lines.iter().map(|l| ratatui::text::Line::raw(l.as_str())).collect();
    ratatui::widgets::Paragraph::new(text)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .line_count(inner)
}

/// How many scroll positions the "about" view has for `rows` rows of text (wrapped: see
/// [`about_rows`]), on a screen `screen_height` rows high: the last one shows its last row
/// at the bottom (the popup takes the screen less two rows, and its border two more).
#[must_use]
pub fn about_positions(rows: usize, screen_height: u16) -> usize {
    let shown = usize::from(screen_height.saturating_sub(4)).max(1);
    rows.saturating_sub(shown) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detail_view_goes_back_to_its_title_when_there_is_room() {
        // Small: the link on line 30 needed a scroll; big again: back to the top.
        assert_eq!(refit_scroll(40, 10, Some(30)), 21);
        assert_eq!(refit_scroll(40, 35, Some(30)), 0);
        assert_eq!(refit_scroll(40, 35, None), 0);
        assert_eq!(refit_scroll(40, 0, Some(30)), 0);
        assert_eq!(refit_scroll(12, 10, Some(11)), 2);
    }

    #[test]
    fn about_rows_count_the_wrapped_rows_inside_the_border() {
        let lines = ["a".repeat(38), "word ".repeat(10), String::new()];
        // 40 columns: 38 inside the border; the 50 characters of words wrap once.
        assert_eq!(about_rows(&lines, 40), 4);
        // Wide: no line wraps, and the popup stops at its own width.
        assert_eq!(about_rows(&lines, 200), 3);
        assert_eq!(about_rows(&["x".repeat(89)], 200), 2);
    }

    #[test]
    fn the_about_view_stops_at_its_end() {
        assert_eq!(about_positions(30, 24), 11);
        assert_eq!(about_positions(5, 24), 1);
        assert_eq!(about_positions(5, 2), 5);
    }
}
