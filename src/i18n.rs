//! Interface labels in both languages: each label is written once, English and Ukrainian
//! side by side, where it is used.

use crate::catalogue::Lang;

/// Picks the label for `lang`.
#[must_use]
pub const fn tr(lang: Lang, en: &'static str, uk: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Uk => uk,
    }
}

/// A message in both languages, for what is worded before the language is known or shown
/// again after it changes (the app's F2): catalogue problems, for one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Both {
    /// In English.
    pub en: String,
    /// In Ukrainian.
    pub uk: String,
}

impl Both {
    /// The message in each language.
    #[must_use]
    pub fn new(en: impl Into<String>, uk: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            uk: uk.into(),
        }
    }

    /// The message in `lang`.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Uk => &self.uk,
        }
    }
}

/// Why the system refused to read or write a file: in English the system's own message,
/// in Ukrainian plain words (the system's message is English only).
#[must_use]
pub fn io_reason(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    if lang == Lang::En {
        return e.to_string();
    }
    let plain = match e.kind() {
        K::NotFound => "такого файлу чи теки немає",
        K::PermissionDenied => "немає дозволу",
        K::AlreadyExists => "такий файл уже є",
        K::IsADirectory => "це тека, а не файл",
        K::NotADirectory => "частина шляху — не тека",
        K::ReadOnlyFilesystem => "диск лише для читання",
        K::StorageFull => "на диску немає місця",
        K::InvalidData => "дані пошкоджені",
        K::Interrupted => "дію перервано",
        _ => return format!("системна помилка ({e})"),
    };
    plain.to_owned()
}

/// "1 problem" / "3 проблеми" after a list of problems.
#[must_use]
pub fn count_problems(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En if n == 1 => "1 problem".to_owned(),
        Lang::En => format!("{n} problems"),
        Lang::Uk => format!("{n} {}", uk_plural(n, "помилка", "помилки", "помилок")),
    }
}

/// "3 services" / "3 послуги": the noun in the right plural form.
#[must_use]
pub fn count_services(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En if n == 1 => "1 service".to_owned(),
        Lang::En => format!("{n} services"),
        Lang::Uk => format!("{n} {}", uk_plural(n, "послуга", "послуги", "послуг")),
    }
}

/// `s` with its first letter in capitals ("library" → "Library").
#[must_use]
pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A web page that the system could not open, in one plain sentence (the system's own
/// reason, such as an exit status, says nothing to a reader).
#[must_use]
pub fn could_not_open(lang: Lang, url: &str) -> String {
    let url = crate::suggest::quote(url);
    match lang {
        Lang::En => format!("This computer could not open {url} in a browser; copy the address and open it yourself."),
        Lang::Uk => format!("Цей комп'ютер не зміг відкрити {url} у браузері; скопіюйте адресу й відкрийте її самі."),
    }
}

/// Ukrainian plural: one (1, 21...), few (2-4, 22-24...), many (0, 5-20, 25...).
#[must_use]
pub const fn uk_plural(n: usize, one: &'static str, few: &'static str, many: &'static str) -> &'static str {
    let (m10, m100) = (n % 10, n % 100);
    if m10 == 1 && m100 != 11 {
        one
    } else if m10 >= 2 && m10 <= 4 && !(m100 >= 12 && m100 <= 14) {
        few
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ukrainian_plurals() {
        assert_eq!(count_services(Lang::Uk, 1), "1 послуга");
        assert_eq!(count_services(Lang::Uk, 3), "3 послуги");
        assert_eq!(count_services(Lang::Uk, 11), "11 послуг");
        assert_eq!(count_services(Lang::Uk, 21), "21 послуга");
        assert_eq!(count_services(Lang::Uk, 14), "14 послуг");
        assert_eq!(count_services(Lang::Uk, 0), "0 послуг");
        assert_eq!(count_services(Lang::En, 1), "1 service");
        assert_eq!(count_services(Lang::En, 2), "2 services");
    }

    #[test]
    fn a_page_that_cannot_be_opened_is_one_plain_sentence() {
        let m = could_not_open(Lang::Uk, "https://example.org");
        assert_eq!(
            m,
            "Цей комп'ютер не зміг відкрити https://example.org у браузері; скопіюйте адресу й відкрийте її самі."
        );
        assert_eq!(m.matches(". ").count(), 0);
        assert!(!could_not_open(Lang::En, "https://x.org").contains("ExitStatus"));
    }
}
