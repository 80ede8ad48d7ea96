//! Query parsing: space-separated terms with fzf's extended-search operators.
//!
//! | Term        | Matches a field that                                  |
//! |-------------|-------------------------------------------------------|
//! | `foo`       | contains `f`, `o`, `o` in this order (fuzzy)          |
//! | `'foo`      | contains `foo`                                        |
//! | `'foo'`     | contains `foo` as a whole word                        |
//! | `^foo`      | starts with `foo`                                     |
//! | `foo$`      | ends with `foo`                                       |
//! | `^foo$`     | is `foo`                                              |
//! | `!foo`      | — excludes services with a field containing `foo`     |
//! | `!^foo`, `!foo$`, `!^foo$` | — exclude by prefix, suffix, whole field   |
//! | `!'foo`     | — excludes services with a fuzzy match of `foo`       |
//!
//! The operators are parsed as fzf does: `!` first, then a trailing `$`, then a leading `'`
//! (or `'…'`) or `^`. A term that is only operators (`'`, `^`, `!`, `$`, `!^`…) is ignored,
//! and so is a bare `$`. All terms must match (AND); fzf's `|` (OR) is not supported.
//! A repeated term counts once, and only the first [`MAX_TERMS`] terms count.
//!
//! Each term is folded once here and expanded into the patterns the index tries: the term
//! itself; its Latin transliteration when it is Cyrillic, or the official spelling for a few
//! old place-name spellings (`kiev`); and, for positive terms of two or more characters, the
//! text as if typed in the other keyboard layout (a single letter is taken as typed: in the
//! other layout it would match nearly everything).

use super::code::char_mask;
use super::fold::{APOSTROPHE, fold};
use super::layout::swap;
use super::translit::{alias, has_cyrillic, to_latin};

/// How a term is compared with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// Fuzzy: the term's characters in order, not too far apart.
    Fuzzy,
    /// The term as a substring (`'term`).
    Exact,
    /// The term as a substring bounded by non-alphanumeric characters (`'term'`).
    ExactBoundary,
    /// The field starts with the term (`^term`).
    Prefix,
    /// The field ends with the term (`term$`).
    Suffix,
    /// The field is the term (`^term$`).
    Equal,
}

/// One parsed query term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The folded text, without operators.
    pub text: String,
    /// How it matches.
    pub kind: MatchKind,
    /// True for an exclusion (`!term`).
    pub negated: bool,
    /// The patterns tried for it, the term itself first.
    patterns: Vec<Pattern>,
}

impl Term {
    /// Parses one whitespace-free token; `None` when nothing is left after the operators.
    pub fn parse(token: &str) -> Option<Self> {
        let mut text = token;
        let mut kind = MatchKind::Fuzzy;
        let mut negated = false;
        let mut leading_apostrophe = false;
        if let Some(rest) = text.strip_prefix('!') {
            negated = true;
            kind = MatchKind::Exact;
            text = rest;
        }
        if text != "$"
            && let Some(rest) = text.strip_suffix('$')
        {
            kind = MatchKind::Suffix;
            text = rest;
        }
        if text.len() > 2 && text.starts_with('\'') && text.ends_with('\'') {
            kind = MatchKind::ExactBoundary;
            text = &text[1..text.len() - 1];
        } else if let Some(rest) = text.strip_prefix('\'') {
            kind = if negated { MatchKind::Fuzzy } else { MatchKind::Exact };
            leading_apostrophe = true;
            text = rest;
        } else if let Some(rest) = text.strip_prefix('^') {
            kind = if kind == MatchKind::Suffix {
                MatchKind::Equal
            } else {
                MatchKind::Prefix
            };
            text = rest;
        }
        // A pasted run of text without spaces is cut, so that it cannot stall the search.
        let text = match text.char_indices().nth(MAX_TERM_CHARS) {
            Some((cut, _)) => &text[..cut],
            None => text,
        };
        let folded = fold(text);
        if folded.is_empty() || folded == "$" {
            return None;
        }
        let patterns = patterns(text, &folded, negated, leading_apostrophe, kind == MatchKind::Fuzzy);
        Some(Self {
            text: folded,
            kind,
            negated,
            patterns,
        })
    }

    /// The patterns tried for this term, the term itself first.
    pub(crate) fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }
}

/// The most terms a query keeps; later words are ignored.
pub const MAX_TERMS: usize = 32;

/// The most characters of a term that count; the rest of a longer one is ignored.
pub const MAX_TERM_CHARS: usize = 64;

/// A parsed query: the terms, in the order typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
}

impl Query {
    /// Parses the text typed in the search box.
    pub fn parse(input: &str) -> Self {
        // A repeated word changes nothing (all must match); a pasted page of text is cut
        // to its first words so that typing never waits for it.
        let mut seen = std::collections::HashSet::new();
        Self {
            terms: input
                .split_whitespace()
                .filter(|t| seen.insert(*t))
                .filter_map(Term::parse)
                .take(MAX_TERMS)
                .collect(),
        }
    }

    /// True when the query has no terms (it then matches every service).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms, in the order typed.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// True when this query only adds to `previous`, so that what it finds is (but for rare
    /// edge cases of the fuzzy span limit) among what `previous` found: the same terms, the
    /// last one possibly longer, and possibly more terms after it. A term grows this way when
    /// it stays positive and fuzzy, exact (`'`) or prefix (`^`), and each of its patterns
    /// extends one of the old term's patterns (a longer word may bring a stem the shorter one
    /// did not have: `therapies` → `therap`; then it does not narrow).
    pub fn narrows(&self, previous: &Self) -> bool {
        let Some((last, before)) = previous.terms.split_last() else {
            return false;
        };
        if self.terms.len() < previous.terms.len() || self.terms[..before.len()] != *before {
            return false;
        }
        let new = &self.terms[before.len()];
        new == last
            || (new.kind == last.kind
                && !new.negated
                && !last.negated
                && matches!(new.kind, MatchKind::Fuzzy | MatchKind::Exact | MatchKind::Prefix)
                && new.patterns.iter().all(|p| {
                    last.patterns
                        .iter()
                        .any(|old| p.text.starts_with(&old.text) && (old.latin_view || !p.latin_view))
                }))
    }
}

/// Where a pattern comes from; the order is the preference between equal scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Source {
    /// The term as typed (folded).
    Direct,
    /// The official spelling of an old place-name spelling.
    Alias,
    /// The Latin transliteration of a Cyrillic term.
    Translit,
    /// The term without its grammatical ending (`міграція` → `міграц`, `therapies` →
    /// `therap`), so that other forms of the word match.
    Stem,
    /// The term in the other spelling of `е` and `є` after a vowel (`проект` ↔ `проєкт`,
    /// the spelling of 2019 and the one before it).
    Spelling,
    /// The term as if typed in the other keyboard layout.
    Layout,
    /// A word of the catalogue one or two typing errors from the term.
    Typo,
}

impl Source {
    /// The score a match of this pattern counts for: a layout-repaired match is worth half,
    /// so it ranks below an equally good direct match.
    pub(crate) fn adjust(self, score: i64) -> i64 {
        match self {
            Self::Layout => (score / 2).min(score - 1),
            Self::Stem => (score - score / 4).min(score - 1),
            Self::Direct | Self::Alias | Self::Translit | Self::Spelling | Self::Typo => score,
        }
    }
}

/// A folded text to look for, with what the matcher needs precomputed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    /// The folded text.
    pub text: String,
    /// Its characters.
    pub chars: Vec<char>,
    /// The character classes it needs (see [`char_mask`]).
    pub mask: u64,
    /// Where it comes from.
    pub source: Source,
    /// True when it is also tried on the Latin transliteration of Ukrainian texts.
    pub latin_view: bool,
}

impl Pattern {
    fn new(text: String, source: Source) -> Self {
        // A transliteration was made from Ukrainian and a layout repair to Latin means English:
        // neither is looked for in transliterated Ukrainian.
        let latin_view = matches!(source, Source::Direct | Source::Alias) && !has_cyrillic(&text);
        Self {
            chars: text.chars().collect(),
            mask: char_mask(&text),
            text,
            source,
            latin_view,
        }
    }
}

/// The patterns for a term: `raw` is its text as typed (without operators), `folded` its folded
/// form.
fn patterns(raw: &str, folded: &str, negated: bool, leading_apostrophe: bool, fuzzy: bool) -> Vec<Pattern> {
    let mut out = vec![Pattern::new(folded.to_owned(), Source::Direct)];
    let mut add = |text: String, source: Source| {
        if !text.is_empty() && out.iter().all(|p| p.text != text) {
            out.push(Pattern::new(text, source));
        }
    };
    if has_cyrillic(folded) {
        add(to_latin(folded), Source::Translit);
        if let Some(respelt) = respell(folded) {
            add(respelt, Source::Spelling);
        }
    } else if let Some(official) = alias(folded) {
        add(official.to_owned(), Source::Alias);
    }
    if fuzzy
        && !negated
        && let Some(stemmed) = stem(folded)
    {
        add(stemmed.to_owned(), Source::Stem);
        if let Some(alternated) = alternated(stemmed) {
            add(alternated, Source::Stem);
        }
    }
    if !negated && folded.chars().count() > 1 {
        if let Some(swapped) = swap(raw) {
            let swapped = fold(&swapped);
            if let Some(stemmed) = stem(&swapped).filter(|_| fuzzy) {
                let stemmed = stemmed.to_owned();
                add(swapped, Source::Layout);
                add(stemmed, Source::Layout);
            } else {
                add(swapped, Source::Layout);
            }
        }
        // `'` is also the key of `є`: `'dhjgf` may be `європа` typed on the English layout.
        if leading_apostrophe
            && !has_cyrillic(raw)
            && let Some(swapped) = swap(&format!("{APOSTROPHE}{raw}"))
        {
            add(fold(&swapped), Source::Layout);
        }
    }
    out
}

/// The other spelling of `е` and `є` after a vowel or an apostrophe: the spelling of 2019
/// writes `проєкт`, `траєкторія` where the one before wrote `проект`, `траектория`; a search
/// finds either from either. `None` when the term has no such letter.
#[must_use]
pub fn respell(folded: &str) -> Option<String> {
    const VOWELS: &str = "аеєиіїоуюя";
    let mut out = String::with_capacity(folded.len());
    let mut changed = false;
    let mut previous = None;
    for c in folded.chars() {
        let after_vowel = previous.is_some_and(|p: char| VOWELS.contains(p) || p == APOSTROPHE);
        let swapped = match c {
            'е' if after_vowel => 'є',
            'є' if after_vowel => 'е',
            other => other,
        };
        changed |= swapped != c;
        out.push(swapped);
        previous = Some(c);
    }
    changed.then_some(out)
}

/// Ukrainian inflectional endings, longest first, and English plural endings.
const ENDINGS: [&str; 34] = [
    "ями", "ами", "ого", "ому", "ими", "их", "ій", "ої", "ою", "ею", "ія", "ії", "ію", "ям", "ах", "ях", "ів", "ей",
    "ам", "ом", "ем", "а", "я", "о", "е", "і", "ї", "у", "ю", "и", "й", "ь", "ies", "es",
];

/// The term without a grammatical ending, when at least four letters remain (three of a
/// Ukrainian word): a light stemmer for searching other forms of a word (`трудова міграція`
/// finds `трудової міграції`, `українська мова` finds `української мови`).
#[must_use]
pub fn stem(folded: &str) -> Option<&str> {
    let keep = if has_cyrillic(folded) { 3 } else { 4 };
    if folded.chars().count() <= keep || !folded.chars().all(char::is_alphabetic) {
        return None;
    }
    ENDINGS
        .iter()
        .chain(&["s"])
        .filter_map(|e| folded.strip_suffix(e))
        .find(|rest| rest.chars().count() >= keep)
}

/// The form before `-і` of a Ukrainian stem that ends in `к`, `г` or `х`, where that
/// letter turns into `ц`, `з`, `с` (`наліпка`, `на наліпці`; `Шостка`, `у Шостці`;
/// `подруга`, `подрузі`), which the stem itself does not begin.
#[must_use]
pub fn alternated(stem: &str) -> Option<String> {
    let mut out = stem.to_owned();
    let turned = match out.pop()? {
        'к' => 'ц',
        'г' => 'з',
        'х' => 'с',
        _ => return None,
    };
    out.push(turned);
    out.push('і');
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn stems_drop_one_ending_and_keep_four_letters() {
        use super::stem;
        assert_eq!(stem("міграція"), Some("міграц"));
        assert_eq!(stem("трудова"), Some("трудов"));
        assert_eq!(stem("бібліотеки"), Some("бібліотек"));
        assert_eq!(stem("therapies"), Some("therap"));
        assert_eq!(stem("libraries"), Some("librar"));
        assert_eq!(stem("gardens"), Some("garden"));
        assert_eq!(stem("мова"), Some("мов"), "as in мови, мовою");
        assert_eq!(stem("мовою"), Some("мов"));
        assert_eq!(stem("діти"), Some("діт"), "as in дітей");
        assert_eq!(stem("гра"), None, "too short");
        assert_eq!(stem("news"), None, "an English word keeps four letters");
        assert_eq!(stem("kyiv"), None);
        assert_eq!(stem("2020s"), None, "not a word");
    }

    use super::*;

    #[test]
    fn a_stem_that_ends_in_k_h_kh_also_has_its_form_before_i() {
        assert_eq!(alternated("бібліотек").as_deref(), Some("бібліотеці"));
        assert_eq!(alternated("наліпк").as_deref(), Some("наліпці"));
        assert_eq!(alternated("подруг").as_deref(), Some("подрузі"));
        assert_eq!(alternated("шостк").as_deref(), Some("шостці"));
        assert_eq!(alternated("трудов"), None, "no such consonant");
        assert_eq!(alternated("book"), None, "a Latin k does not alternate");
        let patterns: Vec<(String, Source)> = texts("наліпка");
        assert!(patterns.contains(&("наліпк".to_owned(), Source::Stem)), "{patterns:?}");
        assert!(patterns.contains(&("наліпці".to_owned(), Source::Stem)), "{patterns:?}");
        // The form before -і does not begin with what was typed: no narrowing.
        assert!(!Query::parse("наліпка").narrows(&Query::parse("наліпк")));
        assert!(Query::parse("наліпках").narrows(&Query::parse("наліпка")));
    }

    #[test]
    fn repeated_terms_count_once_and_long_pastes_are_cut() {
        let query = Query::parse("kyiv лі kyiv лі !x !x");
        let texts: Vec<&str> = query.terms().iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["kyiv", "лі", "x"]);
        let many = (0..100).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        let query = Query::parse(&many);
        assert_eq!(query.terms().len(), MAX_TERMS);
        assert_eq!(query.terms()[MAX_TERMS - 1].text, format!("w{}", MAX_TERMS - 1));
        let long = "Ж".repeat(1000);
        let query = Query::parse(&long);
        assert_eq!(query.terms()[0].text, "ж".repeat(MAX_TERM_CHARS));
    }

    fn one(input: &str) -> (String, MatchKind, bool) {
        let query = Query::parse(input);
        assert_eq!(query.terms().len(), 1, "{input}");
        let term = &query.terms()[0];
        (term.text.clone(), term.kind, term.negated)
    }

    fn texts(input: &str) -> Vec<(String, Source)> {
        let query = Query::parse(input);
        query.terms()[0]
            .patterns()
            .iter()
            .map(|p| (p.text.clone(), p.source))
            .collect()
    }

    #[test]
    fn plain_terms_are_fuzzy_and_folded() {
        assert_eq!(one("Театр"), ("театр".into(), MatchKind::Fuzzy, false));
        let query = Query::parse("  Біла\tЦерква  ");
        let words: Vec<&str> = query.terms().iter().map(|t| t.text.as_str()).collect();
        assert_eq!(words, ["біла", "церква"]);
    }

    #[test]
    fn operators() {
        assert_eq!(one("'exact"), ("exact".into(), MatchKind::Exact, false));
        assert_eq!(one("'word'"), ("word".into(), MatchKind::ExactBoundary, false));
        assert_eq!(one("^pre"), ("pre".into(), MatchKind::Prefix, false));
        assert_eq!(one("suf$"), ("suf".into(), MatchKind::Suffix, false));
        assert_eq!(one("^whole$"), ("whole".into(), MatchKind::Equal, false));
        assert_eq!(one("!not"), ("not".into(), MatchKind::Exact, true));
        assert_eq!(one("!^pre"), ("pre".into(), MatchKind::Prefix, true));
        assert_eq!(one("!suf$"), ("suf".into(), MatchKind::Suffix, true));
        assert_eq!(one("!^whole$"), ("whole".into(), MatchKind::Equal, true));
        assert_eq!(one("!'fuzzy"), ("fuzzy".into(), MatchKind::Fuzzy, true));
        // As in fzf, `'` after a trailing `$` wins.
        assert_eq!(one("'both$"), ("both".into(), MatchKind::Exact, false));
    }

    #[test]
    fn operator_only_terms_are_ignored() {
        for input in ["'", "^", "!", "$", "!^", "!'", "^$", "!$", "''"] {
            let query = Query::parse(input);
            assert!(query.is_empty() || input == "''", "{input}: {:?}", query.terms());
        }
        // `''` is an exact search for an apostrophe, as in fzf.
        assert_eq!(one("''"), ("'".into(), MatchKind::Exact, false));
        assert!(Query::parse("").is_empty());
        assert!(Query::parse("   ").is_empty());
        assert_eq!(Query::parse("' театр ^").terms().len(), 1);
    }

    #[test]
    fn apostrophe_inside_a_word_is_not_an_operator() {
        assert_eq!(one("м’ята"), ("м'ята".into(), MatchKind::Fuzzy, false));
        assert_eq!(one("'м'ята"), ("м'ята".into(), MatchKind::Exact, false));
    }

    #[test]
    fn cyrillic_term_gets_its_transliteration_and_layout_swap() {
        assert_eq!(
            texts("Біла"),
            [
                ("біла".to_owned(), Source::Direct),
                ("bila".to_owned(), Source::Translit),
                ("біл".to_owned(), Source::Stem),
                ("<skf".to_owned(), Source::Layout),
            ]
        );
    }

    #[test]
    fn latin_term_gets_alias_and_layout_swap() {
        assert_eq!(
            texts("Kiev"),
            [
                ("kiev".to_owned(), Source::Direct),
                ("kyiv".to_owned(), Source::Alias),
                ("лшум".to_owned(), Source::Layout),
            ]
        );
        assert_eq!(
            texts("ntfnh"),
            [
                ("ntfnh".to_owned(), Source::Direct),
                ("театр".to_owned(), Source::Layout),
            ]
        );
    }

    #[test]
    fn leading_apostrophe_may_be_the_ye_key() {
        let query = Query::parse("'dhjgf");
        assert_eq!(query.terms()[0].kind, MatchKind::Exact);
        let found: Vec<&str> = query.terms()[0].patterns().iter().map(|p| p.text.as_str()).collect();
        assert_eq!(found, ["dhjgf", "вропа", "європа"]);
    }

    #[test]
    fn exclusions_get_no_layout_swap() {
        assert_eq!(
            texts("!театр"),
            [
                ("театр".to_owned(), Source::Direct),
                ("teatr".to_owned(), Source::Translit),
            ]
        );
    }

    #[test]
    fn narrowing() {
        let narrows = |new: &str, old: &str| Query::parse(new).narrows(&Query::parse(old));
        assert!(narrows("the", "th"));
        assert!(
            !narrows("th", "t"),
            "one letter has no layout repair, two have: ер is new"
        );
        assert!(narrows("theatre", "theatr"));
        assert!(narrows("театр", "теат"));
        assert!(narrows("theatre studio", "theatre"));
        assert!(narrows("theatre s", "theatre "));
        assert!(narrows("theatre !x", "theatre"));
        assert!(narrows("'stud", "'stu"));
        assert!(narrows("^stud", "^stu"));
        assert!(!narrows("t", "th"), "shorter");
        assert!(!narrows("x theatre", "theatre"), "changed term");
        assert!(
            !narrows("stud$", "stu$"),
            "a longer suffix is not within the shorter one"
        );
        assert!(!narrows("'stud'", "'stu'"));
        assert!(!narrows("!stud", "!stu"), "a longer exclusion excludes less");
        assert!(!narrows("therapies", "therapie"), "the stem therap is new");
        assert!(!narrows("t", ""), "nothing to narrow");
    }

    #[test]
    fn the_old_and_new_spellings_of_ye_find_each_other() {
        assert_eq!(respell("проект").as_deref(), Some("проєкт"));
        assert_eq!(respell("проєкти").as_deref(), Some("проекти"));
        assert_eq!(respell("траектория").as_deref(), Some("траєктория"));
        assert_eq!(respell("переселенці"), None, "е after a consonant stays");
        assert_eq!(respell("європа"), None, "at the start it stays");
        let sources: Vec<(String, Source)> = texts("проект");
        assert!(
            sources.contains(&("проєкт".to_owned(), Source::Spelling)),
            "{sources:?}"
        );
    }

    #[test]
    fn layout_scores_less() {
        assert_eq!(Source::Layout.adjust(100), 50);
        assert_eq!(Source::Layout.adjust(1), 0);
        assert_eq!(Source::Direct.adjust(100), 100);
    }
}
