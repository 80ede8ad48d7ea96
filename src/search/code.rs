//! One-byte character codes for folded text, so that the index stores a Ukrainian letter in
//! one byte instead of two and the matcher compares bytes, one byte per character.
//!
//! - `0x00..=0x7F`: ASCII, as is;
//! - `0x80..=0xBF`: the Cyrillic letters `а`…`я` and `ѐ`…`џ` and the next sixteen (U+0430 to
//!   U+046F), in order; `ґ` has the code of `г`, so that either finds the other (`0xC0` is
//!   left unused);
//! - `0xC1..=0xFE`: any other characters the catalogue has, numbered as the index meets them;
//! - `0xFF` ([`OTHER`]): every character beyond those. Such characters match one another, so
//!   a catalogue with more than 62 unusual characters (other scripts, emoji) may match a
//!   pattern in them too loosely; Latin, Cyrillic, digits and punctuation are always exact.

use std::collections::HashMap;

/// The code of every character that has none of its own.
pub(crate) const OTHER: u8 = 0xFF;
const CYRILLIC_FROM: u32 = 0x0430;
const CYRILLIC_CODES: u8 = 0x80;
const GHE_WITH_UPTURN: u8 = 0xC0;
const EXTRA_FROM: u8 = 0xC1;
const EXTRAS: usize = (OTHER - EXTRA_FROM) as usize;

/// The fixed part of the code page: ASCII and Cyrillic (`ґ` as `г`).
const fn fixed_code(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 {
        Some(u as u8)
    } else if u >= CYRILLIC_FROM && u < CYRILLIC_FROM + 64 {
        Some(CYRILLIC_CODES + (u - CYRILLIC_FROM) as u8)
    } else if c == 'ґ' {
        // `ґ` is matched as `г`: many type one for the other (and older texts have no `ґ`).
        Some(CYRILLIC_CODES + ('г' as u32 - CYRILLIC_FROM) as u8)
    } else {
        None
    }
}

/// A character's class, as fuzzy-matcher's skim scorer tells them apart (its `CharType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Before the start of the text.
    Empty,
    /// ASCII uppercase.
    Upper,
    /// Anything else: lowercase and every non-ASCII character.
    Lower,
    /// ASCII digit.
    Number,
    /// Space and `/ \ | ( ) [ ] { }`.
    HardSep,
    /// Other ASCII punctuation.
    SoftSep,
}

impl Class {
    /// The class of `c`.
    pub(crate) const fn of(c: char) -> Self {
        match c {
            ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => Self::HardSep,
            '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => Self::SoftSep,
            '0'..='9' => Self::Number,
            'A'..='Z' => Self::Upper,
            _ => Self::Lower,
        }
    }

    /// True for word separators (hard or soft).
    pub(crate) const fn separates(self) -> bool {
        matches!(self, Self::HardSep | Self::SoftSep)
    }
}

/// Per code: its class and its bit in a text's character mask.
#[derive(Debug, Clone)]
pub(crate) struct Classes {
    class: [Class; 256],
    bit: [u64; 256],
    alphanumeric: [bool; 256],
}

impl Classes {
    /// The class of code `b`.
    pub(crate) fn of(&self, b: u8) -> Class {
        self.class[usize::from(b)]
    }

    /// Code `b`'s bit in a text's character mask ([`char_bit`]).
    pub(crate) fn bit(&self, b: u8) -> u64 {
        self.bit[usize::from(b)]
    }

    /// The [`WordStarts`] mask of a text in codes.
    #[cfg(test)]
    pub(crate) fn word_starts(&self, bytes: &[u8]) -> u64 {
        let mut after_separator = true;
        let mut mask = 0;
        for &b in bytes {
            if after_separator {
                mask |= self.bit(b);
            }
            after_separator = self.of(b).separates();
        }
        mask
    }

    /// True when code `b` is a letter or digit.
    pub(crate) fn alphanumeric(&self, b: u8) -> bool {
        self.alphanumeric[usize::from(b)]
    }
}

/// The set of character kinds in `s` (see [`char_bit`]).
pub(crate) fn char_mask(s: &str) -> u64 {
    s.chars().fold(0, |mask, c| mask | char_bit(c))
}

/// A text can only match a pattern whose mask it covers: one bit per Latin and Ukrainian
/// letter, one for digits, one for everything else.
pub(crate) fn char_bit(c: char) -> u64 {
    let bit = match c {
        'a'..='z' => u32::from(c) - u32::from('a'),
        'а'..='я' => 26 + u32::from(c) - u32::from('а'),
        'є' => 58,
        'і' => 59,
        'ї' => 60,
        // As `г` (see `fixed_code`).
        'ґ' => u32::from('г') - u32::from('а') + 26,
        '0'..='9' => 62,
        _ => 63,
    };
    1 << bit
}

/// The character kinds (see [`char_bit`]) that begin a word of a text, gathered char by
/// char: a char begins a word at the start of the text or after a word separator, as the
/// matcher sees one ([`Class::separates`]). A pattern can stand at a word's start only in a
/// text that has its first char's bit here.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordStarts {
    pub mask: u64,
    after_separator: bool,
}

impl Default for WordStarts {
    fn default() -> Self {
        Self {
            mask: 0,
            after_separator: true,
        }
    }
}

impl WordStarts {
    /// Adds the next char of the text.
    pub(crate) fn add(&mut self, c: char) {
        if self.after_separator {
            self.mask |= char_bit(c);
        }
        self.after_separator = Class::of(c).separates();
    }
}

/// The code page of one index: the fixed codes and the extra characters it met.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CodePage {
    extras: Vec<char>,
    lookup: HashMap<char, u8>,
}

impl CodePage {
    /// A code page with these extra characters (as [`CodePage::extras`] gave them); any
    /// beyond the room there is are left without a code.
    pub(crate) fn with_extras(extras: Vec<char>) -> Self {
        let mut page = Self::default();
        for c in extras {
            page.code_adding(c);
        }
        page
    }

    /// The extra characters, in code order.
    pub(crate) fn extras(&self) -> &[char] {
        &self.extras
    }

    /// The code of `c`; [`OTHER`] when it has none.
    pub(crate) fn code(&self, c: char) -> u8 {
        fixed_code(c).or_else(|| self.lookup.get(&c).copied()).unwrap_or(OTHER)
    }

    /// The code of `c`, giving it one if there is room.
    pub(crate) fn code_adding(&mut self, c: char) -> u8 {
        if let Some(code) = fixed_code(c).or_else(|| self.lookup.get(&c).copied()) {
            return code;
        }
        if self.extras.len() == EXTRAS {
            return OTHER;
        }
        let code = EXTRA_FROM + self.extras.len() as u8;
        self.extras.push(c);
        self.lookup.insert(c, code);
        code
    }

    /// The character of code `b` (U+FFFD for [`OTHER`]).
    pub(crate) fn char(&self, b: u8) -> char {
        match b {
            0..=0x7F => char::from(b),
            CYRILLIC_CODES..GHE_WITH_UPTURN => {
                char::from_u32(CYRILLIC_FROM + u32::from(b - CYRILLIC_CODES)).unwrap_or(char::REPLACEMENT_CHARACTER)
            }
            GHE_WITH_UPTURN => 'ґ',
            OTHER => char::REPLACEMENT_CHARACTER,
            _ => self
                .extras
                .get(usize::from(b - EXTRA_FROM))
                .copied()
                .unwrap_or(char::REPLACEMENT_CHARACTER),
        }
    }

    /// `s` in codes, characters without a code as [`OTHER`].
    pub(crate) fn encode(&self, s: &str) -> Vec<u8> {
        s.chars().map(|c| self.code(c)).collect()
    }

    /// `s` in codes, giving new characters codes while there is room.
    #[cfg(test)]
    pub(crate) fn encode_adding(&mut self, s: &str) -> Vec<u8> {
        s.chars().map(|c| self.code_adding(c)).collect()
    }

    /// The text of codes `bytes`.
    pub(crate) fn decode(&self, bytes: &[u8]) -> String {
        bytes.iter().map(|&b| self.char(b)).collect()
    }

    /// Every code's class and mask bit.
    pub(crate) fn classes(&self) -> Classes {
        let mut classes = Classes {
            class: [Class::Lower; 256],
            bit: [0; 256],
            alphanumeric: [false; 256],
        };
        for b in 0..=u8::MAX {
            let c = self.char(b);
            classes.class[usize::from(b)] = Class::of(c);
            classes.bit[usize::from(b)] = char_bit(c);
            classes.alphanumeric[usize::from(b)] = c.is_alphanumeric();
        }
        classes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_codes_round_trip_and_extras_are_numbered_in_order() {
        let mut page = CodePage::default();
        let text = "abc гєїі щя 09-'ʼ é ü é";
        let bytes = page.encode_adding(text);
        assert_eq!(bytes.len(), text.chars().count());
        assert_eq!(page.decode(&bytes), text);
        assert_eq!(page.extras(), ['ʼ', 'é', 'ü']);
        assert_eq!(CodePage::with_extras(page.extras().to_vec()), page);
        assert_eq!(page.code('а'), 0x80);
        assert_eq!(page.code('я'), 0x9F);
        assert_eq!(page.code('ґ'), page.code('г'));
        assert_eq!(page.decode(&page.encode("ґанок")), "ганок");
        assert_eq!(page.code('ö'), OTHER, "not met while building");
    }

    #[test]
    fn the_extras_run_out_into_other() {
        let mut page = CodePage::default();
        let many: String = ('α'..='ω').chain('一'..='丿').collect();
        let bytes = page.encode_adding(&many);
        assert_eq!(page.extras().len(), EXTRAS);
        assert_eq!(
            memchr::memchr_iter(OTHER, &bytes).count(),
            many.chars().count() - EXTRAS
        );
        assert_eq!(page.char(OTHER), char::REPLACEMENT_CHARACTER);
    }

    #[test]
    fn classes_and_masks_follow_the_characters() {
        let mut page = CodePage::default();
        page.code_adding('é');
        let classes = page.classes();
        assert_eq!(classes.of(b' '), Class::HardSep);
        assert_eq!(classes.of(b','), Class::SoftSep);
        assert_eq!(classes.of(b'7'), Class::Number);
        assert_eq!(classes.of(page.code('ж')), Class::Lower);
        assert_eq!(classes.of(page.code('é')), Class::Lower);
        assert!(Class::SoftSep.separates() && !Class::Lower.separates());
        assert_eq!(char_mask("ab"), 0b11);
        assert_eq!(char_mask("а"), 1 << 26);
        assert_eq!(char_mask("ґ7!"), char_mask("г") | (1 << 62) | (1 << 63));
        assert_ne!(char_mask("є") & char_mask("е"), char_mask("е"));
    }
}
