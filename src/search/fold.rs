//! Text folding: the one normal form in which the query and the catalogue are compared.
//!
//! Folding is, character by character:
//! 1. Unicode NFC (so `и` + combining breve and `й` are the same letter; `й` and `ї` stay
//!    letters of their own: no diacritics are stripped);
//! 2. Unicode lowercase (Cyrillic as well as Latin: `ІЇЄҐ` → `іїєґ`);
//! 3. unification of look-alikes that people type interchangeably: every apostrophe variant
//!    (`'` `’` `ʼ` `` ` `` `‘` `′`) becomes `'`, every whitespace character becomes a space,
//!    typographic double quotes (`«` `»` `„` `“` `”`) become `"`, and dashes (`‐` `‑` `‒` `–`
//!    `—` `―`) become `-`.
//!
//! [`fold_with_map`] also returns, for every folded character, the index of the original
//! character it came from, so that match positions can be reported in the original text.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The character every apostrophe variant folds to.
pub const APOSTROPHE: char = '\'';

/// True for the characters that count as an apostrophe: `'` `’` `ʼ` `` ` `` `‘` `′`.
pub const fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '`' | '\u{2018}' | '\u{2032}')
}

/// Folds `s` (NFC, lowercase, apostrophe, space, quote and dash unification).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_each(s, |c, _| out.push(c));
    out
}

/// Folds `s` and returns, for every char of the result, the char index in `s` it came from.
///
/// A character that composes with following combining marks maps to the first of them; a
/// character whose lowercase form is longer (`İ` → `i̇`) maps every resulting char to itself.
pub fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    fold_each(s, |c, i| {
        out.push(c);
        map.push(i);
    });
    (out, map)
}

/// Calls `emit(folded_char, original_char_index)` for every folded character of `s`.
pub(crate) fn fold_each(s: &str, mut emit: impl FnMut(char, usize)) {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        for (i, c) in s.chars().enumerate() {
            fold_char(c, |f| emit(f, i));
        }
        return;
    }
    // Not NFC: compose each starter together with the combining marks that follow it.
    let chars: Vec<char> = s.chars().collect();
    let mut start = 0;
    while start < chars.len() {
        let mut end = start + 1;
        while end < chars.len() && canonical_combining_class(chars[end]) != 0 {
            end += 1;
        }
        for (k, c) in chars[start..end].iter().copied().nfc().enumerate() {
            let original = start + k.min(end - start - 1);
            fold_char(c, |f| emit(f, original));
        }
        start = end;
    }
}

/// Lowercases one NFC character and unifies look-alikes.
fn fold_char(c: char, mut emit: impl FnMut(char)) {
    // Fast paths for ASCII and the Cyrillic block; `to_lowercase` for everything else.
    let shifted = |by: u32| char::from_u32(u32::from(c) + by).unwrap_or(c);
    let lower = match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{0410}'..='\u{042F}' => shifted(0x20),
        '\u{0400}'..='\u{040F}' => shifted(0x50),
        'Ґ' => 'ґ',
        _ if c.is_ascii() || ('\u{0430}'..='\u{045F}').contains(&c) => c,
        _ => {
            c.to_lowercase().for_each(|lower| emit(unify(lower)));
            return;
        }
    };
    emit(unify(lower));
}

/// Maps apostrophe, whitespace, quote and dash variants to one representative each.
fn unify(c: char) -> char {
    match c {
        'a'..='z' | '\u{0430}'..='\u{045F}' => c,
        _ if is_apostrophe(c) => APOSTROPHE,
        '«' | '»' | '„' | '“' | '”' => '"',
        '\u{2010}'..='\u{2015}' => '-',
        _ if c.is_whitespace() => ' ',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_cyrillic_case_including_ukrainian_letters() {
        assert_eq!(fold("ІЇЄҐ АБВ"), "іїєґ абв");
        assert_eq!(fold("іїєґ"), "іїєґ");
        assert_eq!(fold("БІЛА Церква"), "біла церква");
    }

    #[test]
    fn folds_latin_case() {
        assert_eq!(fold("Bila TSERKVA"), "bila tserkva");
        assert_eq!(fold("ÉCOLE Straße"), "école straße");
    }

    #[test]
    fn folds_the_whole_cyrillic_block() {
        assert_eq!(fold("ЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ"), "ѐёђѓєѕіїјљњћќѝўџ");
        assert_eq!(fold("АЯ"), "ая");
        assert_eq!(fold("ҐҒ"), "ґғ");
    }

    #[test]
    fn composes_nfd_input() {
        // и + combining breve, і + combining diaeresis, uppercase И + breve.
        let nfd = "Чи\u{306}і\u{308}\u{418}\u{306}";
        assert_eq!(fold(nfd), "чйїй");
        assert_eq!(fold(nfd), fold("ЧйЇЙ"));
    }

    #[test]
    fn map_points_composed_chars_at_their_base() {
        // "мий" with й decomposed: 4 original chars, 3 folded chars.
        let (folded, map) = fold_with_map("ми\u{306}я");
        assert_eq!(folded, "мйя");
        assert_eq!(map, vec![0, 1, 3]);
    }

    #[test]
    fn map_is_identity_for_simple_text() {
        let (folded, map) = fold_with_map("Театр");
        assert_eq!(folded, "театр");
        assert_eq!(map, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn map_repeats_index_for_expanding_lowercase() {
        // Latin capital I with dot above lowercases to i + combining dot above.
        let (folded, map) = fold_with_map("İx");
        assert_eq!(folded, "i\u{307}x");
        assert_eq!(map, vec![0, 0, 1]);
    }

    #[test]
    fn unifies_apostrophes() {
        for variant in ["м'ята", "м’ята", "мʼята", "м`ята", "м‘ята", "м′ята"] {
            assert_eq!(fold(variant), "м'ята", "{variant}");
        }
        assert!(is_apostrophe('ʼ'));
        assert!(!is_apostrophe('"'));
    }

    #[test]
    fn unifies_spaces_quotes_and_dashes() {
        assert_eq!(fold("«Книга»\u{a0}—\tарт"), "\"книга\" - арт");
    }
}
