//! The help overlay: the lines of [`crate::help`], styled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::catalogue::Lang;
use crate::config::KeyPreset;
use crate::help::{self, Kind};
use crate::i18n::tr;
use crate::ui::Theme;

/// The help overlay.
pub struct Help<'a> {
    /// Language.
    pub lang: Lang,
    /// First line shown.
    pub scroll: usize,
    /// Movement keys.
    pub keys: KeyPreset,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let t = self.theme;
        let title = format!(" {} — Esc ", tr(self.lang, "Help", "Довідка"));
        let block = t.pane(title, true);
        let inner = block.inner(area);
        let lines: Vec<Line<'_>> = help::lines(self.lang, self.keys, inner.width)
            .into_iter()
            .skip(self.scroll)
            .take(usize::from(inner.height))
            .map(|l| match l.kind {
                Kind::Intro => Line::from(Span::styled(l.text, t.text)),
                Kind::Heading => Line::from(Span::styled(l.text, t.label)),
                Kind::Binding => Line::from(vec![Span::styled(l.keys, t.key), Span::styled(l.text, t.text)]),
                Kind::Blank => Line::default(),
                Kind::Note => Line::from(Span::styled(l.text, t.dim)),
            })
            .collect();
        Paragraph::new(lines).block(block).render(area, buf);
    }
}
