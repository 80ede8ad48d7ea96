//! The help text, generated from the key table and laid out for a width. The overlay draws
//! these lines and the app scrolls through them, so both agree on how many there are.

use ratatui::layout::Rect;

use crate::catalogue::Lang;
use crate::config::KeyPreset;
use crate::i18n::tr;
use crate::keymap::{self, Mode};
use crate::layout;

/// What a line of the help is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The introduction.
    Intro,
    /// A heading: where the keys below work.
    Heading,
    /// A binding: its keys (on its first line only) and what it does.
    Binding,
    /// An empty line between sections.
    Blank,
    /// The closing note on the mouse.
    Note,
}

/// One line of the help as it is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What the line is.
    pub kind: Kind,
    /// The keys column (bindings only; empty on a binding's later lines).
    pub keys: String,
    /// The text.
    pub text: String,
}

/// Columns of the keys column, when the help is wide enough for one.
const KEYS_WIDTH: usize = 24;

/// The help for `lang` and `preset`, wrapped to `width` columns.
#[must_use]
pub fn lines(lang: Lang, preset: KeyPreset, width: u16) -> Vec<Line> {
    let width = usize::from(width).max(1);
    let mut out = Vec::new();
    let paragraph = |out: &mut Vec<Line>, kind: Kind, text: &str| {
        out.extend(wrap(text, width).into_iter().map(|text| Line {
            kind,
            keys: String::new(),
            text,
        }));
    };
    paragraph(
        &mut out,
        Kind::Intro,
        tr(
            lang,
            "Type to search: letters and digits always type, in any keyboard layout. Words must all match. 'exact ^start end$ !not. Latin finds Cyrillic and back; a wrong keyboard layout is understood.",
            "Пишіть, щоб шукати: літери й цифри завжди друкуються, у будь-якій розкладці. Мають збігтися всі слова. 'точно ^початок кінець$ !крім. Латиниця знаходить кирилицю і навпаки; неправильну розкладку розпізнано.",
        ),
    );
    out.push(blank());
    let columns = width >= KEYS_WIDTH + 16;
    for mode in Mode::ALL {
        let rows: Vec<_> = keymap::all()
            .filter(|b| b.mode == mode && b.keys_in(preset).next().is_some())
            .collect();
        if rows.is_empty() {
            continue;
        }
        paragraph(&mut out, Kind::Heading, mode.label(lang));
        for b in rows {
            let keys = format!("  {}", b.keys_label(preset));
            let indent = if columns { KEYS_WIDTH } else { 4 };
            let keys_fit = keys.chars().count() < indent || !columns;
            if columns && keys_fit {
                for (i, text) in wrap(b.describe(lang), width - KEYS_WIDTH).into_iter().enumerate() {
                    out.push(Line {
                        kind: Kind::Binding,
                        keys: if i == 0 {
                            pad(&keys, KEYS_WIDTH)
                        } else {
                            " ".repeat(KEYS_WIDTH)
                        },
                        text,
                    });
                }
            } else {
                for keys in wrap(&keys, width) {
                    out.push(Line {
                        kind: Kind::Binding,
                        keys,
                        text: String::new(),
                    });
                }
                for text in wrap(b.describe(lang), width.saturating_sub(indent).max(1)) {
                    out.push(Line {
                        kind: Kind::Binding,
                        keys: " ".repeat(indent.min(width - 1)),
                        text,
                    });
                }
            }
        }
        out.push(blank());
    }
    paragraph(
        &mut out,
        Kind::Note,
        tr(
            lang,
            "Mouse: a click selects, a second click opens; the wheel scrolls.",
            "Миша: клацання вибирає, друге відкриває; коліщатко прокручує.",
        ),
    );
    out
}

/// The last first line the help can be scrolled to on a screen of `size`: its last line
/// then shows at the bottom of the overlay.
#[must_use]
pub fn max_scroll(lang: Lang, preset: KeyPreset, size: Rect) -> usize {
    let area = layout::help_area(size);
    let total = lines(lang, preset, area.width.saturating_sub(2)).len();
    total.saturating_sub(usize::from(area.height.saturating_sub(2)))
}

const fn blank() -> Line {
    Line {
        kind: Kind::Blank,
        keys: String::new(),
        text: String::new(),
    }
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// Splits `text` into lines of at most `width` characters, at spaces where it can.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split(' ') {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let gap = usize::from(len > 0);
            if len + gap + word.len() <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.extend(word.iter());
                len += gap + word.len();
                break;
            }
            if len > 0 {
                out.push(std::mem::take(&mut line));
                len = 0;
                continue;
            }
            // A word longer than the line: cut it.
            let rest = word.split_off(width);
            out.push(word.iter().collect());
            word = rest;
        }
    }
    if len > 0 || out.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_line_within_the_width_and_every_word() {
        let text = "one two three fourfivesixseven eight";
        for width in 1..40 {
            let lines = wrap(text, width);
            assert!(lines.iter().all(|l| l.chars().count() <= width), "{width}: {lines:?}");
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""), "{width}");
        }
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
    }

    #[test]
    fn every_line_fits_the_width() {
        for width in [10, 20, 30, 60, 94] {
            for line in lines(Lang::Uk, KeyPreset::Vim, width) {
                let n = line.keys.chars().count() + line.text.chars().count();
                assert!(n <= usize::from(width), "{width}: {line:?}");
            }
        }
    }
}
