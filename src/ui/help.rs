//! The help overlay, generated from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::catalogue::Lang;
use crate::config::KeyPreset;
use crate::i18n::tr;
use crate::keymap::{self, Mode};
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

/// The help text, one entry per line.
#[must_use]
pub fn help_lines(lang: Lang, preset: KeyPreset, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![
        Line::from(Span::styled(
            tr(
                lang,
                "Type to search; words must all match. 'exact ^start end$ !not. Latin finds Cyrillic and back; a wrong keyboard layout is understood.",
                "Пишіть, щоб шукати; мають збігтися всі слова. 'точно ^початок кінець$ !крім. Латиниця знаходить кирилицю і навпаки; неправильну розкладку розпізнано.",
            ),
            theme.text,
        )),
        Line::default(),
    ];
    for mode in Mode::ALL {
        let rows: Vec<_> = keymap::all()
            .filter(|b| b.mode == mode && b.keys_in(preset).next().is_some())
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push(Line::from(Span::styled(mode.label(lang), theme.label)));
        for b in rows {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<22}", b.keys_label(preset)), theme.key),
                Span::styled(b.describe(lang), theme.text),
            ]));
        }
        out.push(Line::default());
    }
    out.push(Line::from(Span::styled(
        tr(
            lang,
            "Mouse: a click selects, a second click opens; the wheel scrolls.",
            "Миша: клацання вибирає, друге відкриває; коліщатко прокручує.",
        ),
        theme.dim,
    )));
    out
}

impl Widget for Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let title = format!(" {} — Esc ", tr(self.lang, "Help", "Довідка"));
        let block = self.theme.pane(title, true);
        let lines = help_lines(self.lang, self.keys, self.theme);
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .scroll((u16::try_from(self.scroll).unwrap_or(u16::MAX), 0))
            .block(block)
            .render(area, buf);
    }
}
