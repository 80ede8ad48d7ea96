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
}
