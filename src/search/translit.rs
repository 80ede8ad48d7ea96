//! Ukrainian → Latin transliteration by the national table (Resolution of the Cabinet of
//! Ministers of Ukraine No. 55 of 27 January 2010).
//!
//! The table, with its rules:
//! - а a, б b, в v, г h (but `зг` → `zgh`), ґ g, д d, е e, ж zh, з z, и y, і i, к k, л l,
//!   м m, н n, о o, п p, р r, с s, т t, у u, ф f, х kh, ц ts, ч ch, ш sh, щ shch;
//! - є, ї, й, ю, я are `ye`, `yi`, `y`, `yu`, `ya` at the start of a word and `ie`, `i`, `i`,
//!   `iu`, `ia` elsewhere;
//! - the soft sign and the apostrophe are dropped.
//!
//! A word starts where the previous character is neither a letter nor an apostrophe (so
//! `Знам'янка` → `Znamianka`, while the hyphen in `Івано-Франківськ` starts a new word).
//! Any other character is copied unchanged. Uppercase letters give a capitalised Latin form
//! (`Щ` → `Shch`), or an all-caps one inside an all-caps word (`ЩУКА` → `SHCHUKA`).

use super::fold::is_apostrophe;

/// Transliterates Ukrainian Cyrillic in `s` to Latin.
pub fn to_latin(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    latin_each(s, |c, _| out.push(c));
    out
}

/// Transliterates like [`to_latin`] and returns, for every char of the result, the char index
/// in `s` it came from (`щ` → `shch` gives four chars pointing at the `щ`).
pub fn to_latin_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    latin_each(s, |c, i| {
        out.push(c);
        map.push(i);
    });
    (out, map)
}

/// True when `s` contains a Cyrillic letter.
pub fn has_cyrillic(s: &str) -> bool {
    s.chars().any(is_cyrillic)
}

/// True for characters of the Cyrillic blocks.
pub const fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// The official spelling of a place name for a few common older or Russian-based spellings
/// people still type (`kiev` → `kyiv`). `term` must be folded (lowercase).
pub fn alias(term: &str) -> Option<&'static str> {
    const ALIASES: [(&str, &str); 16] = [
        ("kiev", "kyiv"),
        ("kharkov", "kharkiv"),
        ("odessa", "odesa"),
        ("lvov", "lviv"),
        ("nikolaev", "mykolaiv"),
        ("chernigov", "chernihiv"),
        ("zaporozhye", "zaporizhzhia"),
        ("rovno", "rivne"),
        ("dnepr", "dnipro"),
        ("lugansk", "luhansk"),
        ("zhitomir", "zhytomyr"),
        ("vinnitsa", "vinnytsia"),
        ("chernovtsy", "chernivtsi"),
        ("ternopol", "ternopil"),
        ("krivoy", "kryvyi"),
        ("chernobyl", "chornobyl"),
    ];
    ALIASES.iter().find(|(from, _)| *from == term).map(|&(_, to)| to)
}

/// Calls `emit(latin_char, source_char_index)` for every char of the transliteration.
pub(crate) fn latin_each(s: &str, mut emit: impl FnMut(char, usize)) {
    let mut prev = None;
    let mut chars = s.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let lower = lower_cyrillic(c);
        match latin_of(lower, prev) {
            None => emit(c, i),
            Some(latin) if c == lower => latin.chars().for_each(|l| emit(l, i)),
            Some(latin) => {
                let next = chars.peek().map(|&(_, n)| n);
                let mut letters = latin.chars();
                if let Some(first) = letters.next() {
                    emit(first.to_ascii_uppercase(), i);
                }
                let caps = all_caps(prev, next);
                letters.for_each(|l| emit(if caps { l.to_ascii_uppercase() } else { l }, i));
            }
        }
        prev = Some(c);
    }
}

/// The lowercase form of an uppercase Ukrainian letter; any other char unchanged.
fn lower_cyrillic(c: char) -> char {
    let shifted = |by: u32| char::from_u32(u32::from(c) + by).unwrap_or(c);
    match c {
        '\u{0410}'..='\u{042F}' => shifted(0x20),
        'Є' | 'І' | 'Ї' => shifted(0x50),
        'Ґ' => 'ґ',
        _ => c,
    }
}

/// True when an uppercase letter between `prev` and `next` belongs to an all-caps word.
fn all_caps(prev: Option<char>, next: Option<char>) -> bool {
    let upper = |c: Option<char>| c.is_some_and(char::is_uppercase);
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    upper(next) || (upper(prev) && !letter(next))
}

/// The Latin form of the lowercase letter `c` after `prev`, or `None` to copy `c` unchanged.
fn latin_of(c: char, prev: Option<char>) -> Option<&'static str> {
    let start_or = |start: &'static str, inside: &'static str| {
        if prev.is_none_or(|p| !(p.is_alphabetic() || is_apostrophe(p))) {
            start
        } else {
            inside
        }
    };
    let latin = match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' if prev.is_some_and(|p| p == 'з' || p == 'З') => "gh",
        'г' => "h",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'є' => start_or("ye", "ie"),
        'ж' => "zh",
        'з' => "z",
        'и' => "y",
        'і' => "i",
        'ї' => start_or("yi", "i"),
        'й' => start_or("y", "i"),
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ю' => start_or("yu", "iu"),
        'я' => start_or("ya", "ia"),
        'ь' => "",
        _ if is_apostrophe(c) => "",
        _ => return None,
    };
    Some(latin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_examples() {
        assert_eq!(to_latin("Юлія"), "Yuliia");
        assert_eq!(to_latin("Згурський"), "Zghurskyi");
        assert_eq!(to_latin("Біла Церква"), "Bila Tserkva");
        assert_eq!(to_latin("Їжакевич"), "Yizhakevych");
        assert_eq!(to_latin("Житомир"), "Zhytomyr");
        assert_eq!(to_latin("Розгон"), "Rozghon");
        assert_eq!(to_latin("Щербухи"), "Shcherbukhy");
        assert_eq!(to_latin("Гоща"), "Hoshcha");
        assert_eq!(to_latin("Ґалаґан"), "Galagan");
        assert_eq!(to_latin("Короп'є"), "Koropie");
        assert_eq!(to_latin("Знам'янка"), "Znamianka");
        assert_eq!(to_latin("Київ"), "Kyiv");
        assert_eq!(to_latin("Йосипівка"), "Yosypivka");
        assert_eq!(to_latin("Стрий"), "Stryi");
        assert_eq!(to_latin("Єнакієве"), "Yenakiieve");
        assert_eq!(to_latin("Феодосія"), "Feodosiia");
        assert_eq!(to_latin("Ольга"), "Olha");
        assert_eq!(to_latin("Харків"), "Kharkiv");
    }

    #[test]
    fn word_start_rule_after_space_and_hyphen() {
        assert_eq!(to_latin("юнь яр"), "yun yar");
        assert_eq!(to_latin("моє її"), "moie yii");
        assert_eq!(to_latin("Івано-Франківськ"), "Ivano-Frankivsk");
        assert_eq!(to_latin("пів-яблука"), "piv-yabluka");
    }

    #[test]
    fn all_caps_words() {
        assert_eq!(to_latin("ЩУКА"), "SHCHUKA");
        assert_eq!(to_latin("ЮЛІЯ"), "YULIIA");
    }

    #[test]
    fn other_characters_are_copied() {
        assert_eq!(to_latin("IT-клуб 2024!"), "IT-klub 2024!");
        assert_eq!(to_latin("theatre"), "theatre");
    }

    #[test]
    fn map_points_back_to_source_chars() {
        let (latin, map) = to_latin_with_map("щука");
        assert_eq!(latin, "shchuka");
        assert_eq!(map, vec![0, 0, 0, 0, 1, 2, 3]);
        let (latin, map) = to_latin_with_map("м'ята");
        assert_eq!(latin, "miata");
        assert_eq!(map, vec![0, 2, 2, 3, 4]);
    }

    #[test]
    fn detects_cyrillic() {
        assert!(has_cyrillic("IT-клуб"));
        assert!(!has_cyrillic("Bila Tserkva"));
    }

    #[test]
    fn aliases() {
        assert_eq!(alias("kiev"), Some("kyiv"));
        assert_eq!(alias("kyiv"), None);
        assert_eq!(alias("poltava"), None);
        assert_eq!(alias("kie"), None);
    }
}
