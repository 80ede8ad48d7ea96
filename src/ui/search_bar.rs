//! The search box at the top.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::catalogue::Lang;
use crate::i18n::tr;
use crate::ui::Theme;

/// The search box.
pub struct SearchBar<'a> {
    /// Typed text.
    pub text: &'a str,
    /// Cursor, in characters.
    pub cursor: usize,
    /// Label language.
    pub lang: Lang,
    /// Has the keyboard.
    pub focused: bool,
    /// Drawn with a border (three rows) rather than one row.
    pub roomy: bool,
    /// Styles.
    pub theme: &'a Theme,
}

/// Characters of text hidden at the left so that the cursor stays in view.
fn skip(width: u16, cursor: usize) -> usize {
    cursor.saturating_sub(usize::from(width.saturating_sub(1)))
}

fn inner(area: Rect, roomy: bool) -> Rect {
    if roomy {
        Block::bordered().inner(area)
    } else {
        let prompt = 2;
        Rect::new(area.x + prompt, area.y, area.width.saturating_sub(prompt), area.height)
    }
}

/// Where the terminal cursor goes.
#[must_use]
pub fn cursor_position(area: Rect, roomy: bool, cursor: usize) -> Position {
    let inner = inner(area, roomy);
    let shown = cursor - skip(inner.width, cursor);
    Position {
        x: inner.x + (shown as u16).min(inner.width.saturating_sub(1)),
        y: inner.y,
    }
}

impl Widget for SearchBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let inner = inner(area, self.roomy);
        if self.roomy {
            let title = format!(" {} ", tr(self.lang, "Search", "Пошук"));
            t.pane(title, self.focused).render(area, buf);
        } else {
            Span::styled("/ ", t.key).render(Rect::new(area.x, area.y, 2.min(area.width), 1), buf);
        }
        let line = if self.text.is_empty() {
            Line::from(Span::styled(placeholder(self.lang, t.dim != t.text), t.dim))
        } else {
            let visible: String = self.text.chars().skip(skip(inner.width, self.cursor)).collect();
            Line::from(Span::styled(visible, t.text))
        };
        Paragraph::new(line).render(inner, buf);
    }
}

/// The hint in an empty search box. Without colour (`NO_COLOR`, the monochrome theme) it is
/// in angle quotes, so that it never looks like text the user typed.
#[must_use]
pub fn placeholder(lang: crate::catalogue::Lang, styled_apart: bool) -> String {
    let hint = tr(
        lang,
        "type to search services, libraries, places, groups (uk/en)",
        "пишіть, щоб шукати послуги, бібліотеки, місця, групи (uk/en)",
    );
    if styled_apart {
        hint.to_owned()
    } else {
        format!("‹{hint}›")
    }
}

#[cfg(test)]
mod tests {
    use super::placeholder;
    use crate::catalogue::Lang;
    use crate::ui::Theme;

    #[test]
    fn without_colour_the_placeholder_is_marked_as_a_hint() {
        let mono = Theme::monochrome();
        let shown = placeholder(Lang::En, mono.dim != mono.text);
        assert!(shown.starts_with('‹') && shown.ends_with('›'), "{shown}");
        let dark = Theme::dark();
        assert!(!placeholder(Lang::Uk, dark.dim != dark.text).starts_with('‹'));
    }
}
