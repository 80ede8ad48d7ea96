//! The status bar (counts, then the key hints of the current mode) and the function-key
//! bar under it, both from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::i18n::tr;
use crate::keymap;
use crate::ui::Theme;

/// Below this width the status bar writes its counts short ("12/43").
const NARROW: u16 = 50;

/// The bottom line.
pub struct StatusBar<'a> {
    /// The state (counts, mode).
    pub app: &'a App,
    /// The function-key bar shows under it; without it, F1 help is hinted here.
    pub fkeys: bool,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let lang = self.app.lang();
        let c = &self.app.data().ds.catalogue;
        let total = c.services.len() + c.libraries.len() + c.target_groups.len() + c.programmes.len() + c.themes.len();
        let shown = self.app.results().len();
        // The results by kind ("12 services, 2 libraries"), when that takes at most half the
        // bar; else how many of all the entries; narrow, short, so that the way to the other
        // panes has room.
        let by_kind = crate::ui::results::count_entries(lang, self.app.result_kinds());
        let counts = match lang {
            _ if area.width < NARROW => format!("{shown}/{total}"),
            _ if by_kind.chars().count() <= usize::from(area.width / 2) => by_kind,
            crate::catalogue::Lang::En => format!("{shown} of {total} entries"),
            crate::catalogue::Lang::Uk => format!("{shown} з {total} записів"),
        };
        let mut spans = vec![Span::styled(counts, t.title)];
        if self.app.searching() {
            spans.push(Span::styled(format!(" · {}", tr(lang, "searching…", "шукаю…")), t.key));
        }
        let filters = self.app.filters().active().count();
        if filters > 0 {
            spans.push(Span::styled(
                format!(" · {} {filters}", tr(lang, "filters:", "фільтрів:")),
                t.status,
            ));
        }
        let marked = self.app.personal().shortlist.len();
        if marked > 0 {
            spans.push(Span::styled(
                format!(" · {} {marked}", tr(lang, "shortlist:", "добірка:")),
                t.status,
            ));
        }
        let mut used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
        let mut hints = keymap::hints(self.app.mode(), lang, self.app.keys());
        if !self.fkeys {
            let help = keymap::key_for(self.app.mode(), &crate::action::Action::Help).unwrap_or_default();
            hints.insert(0, (help, tr(lang, "help", "довідка")));
        }
        for (key, what) in hints {
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

/// The function-key bar, as in Far Manager and Midnight Commander: "1Help 2EN/UK 3Stats …",
/// each key in a tenth of the width; a key that does nothing here has an empty label.
pub struct FunctionKeys<'a> {
    /// The labels of F1 to F10 (see [`keymap::function_keys`]).
    pub keys: [Option<&'a str>; 10],
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for FunctionKeys<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let width = usize::from(area.width);
        let mut spans = Vec::new();
        let mut used = 0;
        for (i, label) in self.keys.iter().enumerate() {
            // Each key gets its share of the width; the last ones take what is left over.
            let end = width * (i + 1) / self.keys.len();
            let cell = end - used;
            let number = (i + 1).to_string();
            let room = cell.saturating_sub(number.chars().count());
            // As in Far Manager, a label may fill its cell: the label's colour parts it
            // from the next number.
            let text: String = label.unwrap_or("").chars().take(room).collect();
            spans.push(Span::styled(number, t.key));
            spans.push(Span::styled(format!("{text:<room$}"), t.selected));
            used = end;
        }
        Line::from(spans).render(area, buf);
    }
}
