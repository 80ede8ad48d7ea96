//! The status bar: counts, then the key hints of the current mode from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::i18n::tr;
use crate::keymap;
use crate::ui::Theme;

/// The bottom line.
pub struct StatusBar<'a> {
    /// The state (counts, mode).
    pub app: &'a App,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let lang = self.app.lang;
        let total = self.app.data.ds.catalogue.services.len();
        let counts = match lang {
            crate::catalogue::Lang::En => format!("{} of {total} services", self.app.results.len()),
            crate::catalogue::Lang::Uk => format!("{} з {total} послуг", self.app.results.len()),
        };
        let mut spans = vec![Span::styled(counts, t.title)];
        if self.app.searching() {
            spans.push(Span::styled(format!(" · {}", tr(lang, "searching…", "шукаю…")), t.key));
        }
        let filters = self.app.filters.active().count();
        if filters > 0 {
            spans.push(Span::styled(
                format!(" · {} {filters}", tr(lang, "filters:", "фільтрів:")),
                t.status,
            ));
        }
        let marked = self.app.personal.shortlist.len();
        if marked > 0 {
            spans.push(Span::styled(
                format!(" · {} {marked}", tr(lang, "shortlist:", "добірка:")),
                t.status,
            ));
        }
        let mut used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
        for (key, what) in keymap::hints(self.app.mode(), lang, self.app.keys) {
            let hint = format!("  {key} {what}");
            let n = hint.chars().count();
            if used + n > usize::from(area.width) {
                break;
            }
            used += n;
            spans.push(Span::raw("  "));
            spans.push(Span::styled(key, t.key));
            spans.push(Span::styled(format!(" {what}"), t.status));
        }
        Line::from(spans).render(area, buf);
    }
}
