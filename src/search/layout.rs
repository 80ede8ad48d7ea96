//! Keyboard-layout repair: text typed with the wrong layout active, mapped key by key between
//! the US English (QWERTY) layout and the standard Windows Ukrainian (enhanced) layout.

/// (English key, Ukrainian key) pairs: each key's character on both layouts, unshifted and
/// shifted.
const KEYS: [(char, char); 69] = [
    ('q', 'й'),
    ('w', 'ц'),
    ('e', 'у'),
    ('r', 'к'),
    ('t', 'е'),
    ('y', 'н'),
    ('u', 'г'),
    ('i', 'ш'),
    ('o', 'щ'),
    ('p', 'з'),
    ('[', 'х'),
    (']', 'ї'),
    ('a', 'ф'),
    ('s', 'і'),
    ('d', 'в'),
    ('f', 'а'),
    ('g', 'п'),
    ('h', 'р'),
    ('j', 'о'),
    ('k', 'л'),
    ('l', 'д'),
    (';', 'ж'),
    ('\'', 'є'),
    ('z', 'я'),
    ('x', 'ч'),
    ('c', 'с'),
    ('v', 'м'),
    ('b', 'и'),
    ('n', 'т'),
    ('m', 'ь'),
    (',', 'б'),
    ('.', 'ю'),
    ('/', '.'),
    ('`', 'ʼ'),
    ('\\', 'ґ'),
    ('Q', 'Й'),
    ('W', 'Ц'),
    ('E', 'У'),
    ('R', 'К'),
    ('T', 'Е'),
    ('Y', 'Н'),
    ('U', 'Г'),
    ('I', 'Ш'),
    ('O', 'Щ'),
    ('P', 'З'),
    ('{', 'Х'),
    ('}', 'Ї'),
    ('A', 'Ф'),
    ('S', 'І'),
    ('D', 'В'),
    ('F', 'А'),
    ('G', 'П'),
    ('H', 'Р'),
    ('J', 'О'),
    ('K', 'Л'),
    ('L', 'Д'),
    (':', 'Ж'),
    ('"', 'Є'),
    ('Z', 'Я'),
    ('X', 'Ч'),
    ('C', 'С'),
    ('V', 'М'),
    ('B', 'И'),
    ('N', 'Т'),
    ('M', 'Ь'),
    ('<', 'Б'),
    ('>', 'Ю'),
    ('?', ','),
    ('|', 'Ґ'),
];

/// The Ukrainian-layout character on the key that gives `c` on the English layout.
pub fn en_to_uk(c: char) -> Option<char> {
    KEYS.iter().find(|&&(en, _)| en == c).map(|&(_, uk)| uk)
}

/// The English-layout character on the key that gives `c` on the Ukrainian layout.
pub fn uk_to_en(c: char) -> Option<char> {
    KEYS.iter().find(|&&(_, uk)| uk == c).map(|&(en, _)| en)
}

/// `s` as it would have come out with the other layout active, or `None` when that changes
/// nothing.
///
/// The direction is chosen for the whole text: if it contains a character that only the
/// Ukrainian layout types (a Cyrillic letter or `ʼ`), it was typed on the Ukrainian layout
/// and is mapped to English (`еруфеку` → `theatre`); otherwise it is mapped from English to
/// Ukrainian (`ntfnh` → `театр`). Characters on no key of the layout are kept.
pub fn swap(s: &str) -> Option<String> {
    let typed_on_uk = s.chars().any(|c| uk_to_en(c).is_some() && en_to_uk(c).is_none());
    let convert = if typed_on_uk { uk_to_en } else { en_to_uk };
    let swapped: String = s.chars().map(|c| convert(c).unwrap_or(c)).collect();
    (swapped != s).then_some(swapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_layout_to_ukrainian() {
        assert_eq!(swap("ntfnh").as_deref(), Some("театр"));
        assert_eq!(swap(",s,ksjntrf").as_deref(), Some("бібліотека"));
        assert_eq!(swap("v`znf").as_deref(), Some("мʼята"));
        assert_eq!(swap("'dhjgf").as_deref(), Some("європа"));
        assert_eq!(swap("\\fkfuf][").as_deref(), Some("ґалагаїх"));
        assert_eq!(swap("Ntfnh").as_deref(), Some("Театр"));
        assert_eq!(swap("{fhrsd").as_deref(), Some("Харків"));
    }

    #[test]
    fn ukrainian_layout_to_english() {
        assert_eq!(swap("еруфеку").as_deref(), Some("theatre"));
        assert_eq!(swap("Еруфеку").as_deref(), Some("Theatre"));
        // On the Ukrainian layout `.` is the `/` key and `,` is shift + `/`.
        assert_eq!(swap("дшикфкн.").as_deref(), Some("library/"));
        assert_eq!(swap("ьфлукізфсу").as_deref(), Some("makerspace"));
    }

    #[test]
    fn nothing_to_change() {
        assert_eq!(swap(""), None);
        assert_eq!(swap("2024"), None);
        assert_eq!(swap("-"), None);
    }

    #[test]
    fn key_lookup_both_ways() {
        assert_eq!(en_to_uk('q'), Some('й'));
        assert_eq!(uk_to_en('ґ'), Some('\\'));
        assert_eq!(uk_to_en('.'), Some('/'));
        assert_eq!(en_to_uk('.'), Some('ю'));
        assert_eq!(en_to_uk('1'), None);
    }
}
