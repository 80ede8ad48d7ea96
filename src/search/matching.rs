//! Matching one pattern against one folded text (a "view"), with the span limit.
//!
//! Fuzzy matching scores with fuzzy-matcher's `SkimMatcherV2` (on folded text, so with
//! `respect_case`), but only inside *windows*: for every occurrence of the pattern's first
//! character that begins an alignment no wider than the span limit (checked greedily), the
//! matcher scores the window from that occurrence to `limit` characters after it. Every
//! alignment inside such a window satisfies the limit, and every alignment that satisfies it
//! lies inside the window of its first character, so the best window is the best allowed
//! match. The character before a window is replaced by a stand-in of the same kind (space,
//! punctuation or letter) that no pattern contains, so word-start bonuses are scored as in
//! the full text. This keeps the scorer's work small on long texts.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::query::{MatchKind, Pattern};

/// At most this many windows (fuzzy) or occurrences (exact) are scored per text; the best of
/// them is the match. Scoring also stops at the first contiguous match at the start of a word,
/// which nothing later in the text can beat in practice.
const MAX_WINDOWS: usize = 16;

/// A bitset of the character classes in `s`: one bit per Latin and Ukrainian letter, one for
/// digits, one for everything else. A text can only match a pattern whose mask it covers.
pub(crate) fn char_mask(s: &str) -> u64 {
    s.chars().fold(0, |mask, c| mask | char_bit(c))
}

fn char_bit(c: char) -> u64 {
    let bit = match c {
        'a'..='z' => u32::from(c) - u32::from('a'),
        'а'..='я' => 26 + u32::from(c) - u32::from('а'),
        'є' => 58,
        'і' => 59,
        'ї' => 60,
        'ґ' => 61,
        '0'..='9' => 62,
        _ => 63,
    };
    1 << bit
}

/// A folded (and possibly transliterated) text, with the way back to the original text.
#[derive(Debug, Clone)]
pub(crate) struct View {
    text: Box<str>,
    /// For every char of `text`, the char index in the original; `None` when that is the
    /// identity.
    map: Option<Box<[u32]>>,
    mask: u64,
}

impl View {
    /// A view of `text`, whose char `i` comes from original char `map[i]`.
    pub(crate) fn new(text: String, map: &[usize]) -> Self {
        let identity = map.iter().enumerate().all(|(i, &o)| i == o);
        Self {
            mask: char_mask(&text),
            map: (!identity).then(|| map.iter().map(|&o| o as u32).collect()),
            text: text.into_boxed_str(),
        }
    }

    /// A view whose chars are not traced back (its owner knows how).
    pub(crate) fn unmapped(text: String) -> Self {
        Self {
            mask: char_mask(&text),
            map: None,
            text: text.into_boxed_str(),
        }
    }

    /// The char index in the original text of this view's char `i`.
    pub(crate) fn original(&self, i: usize) -> usize {
        self.map.as_ref().and_then(|map| map.get(i)).map_or(i, |&o| o as usize)
    }

    /// The text.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }
}

/// A match in a view: the scorer's score and the matched char indices in the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ViewMatch {
    pub score: i64,
    pub positions: Vec<usize>,
}

/// Matches `pattern` against `view` as `kind` says. Fuzzy matches must keep the distance
/// between the first and last matched char within `limit`.
pub(crate) fn match_view(
    skim: &SkimMatcherV2,
    view: &View,
    pattern: &Pattern,
    kind: MatchKind,
    limit: usize,
) -> Option<ViewMatch> {
    if pattern.mask & !view.mask != 0 {
        return None;
    }
    let text = &*view.text;
    match kind {
        MatchKind::Fuzzy => fuzzy(skim, text, pattern, limit),
        MatchKind::Exact => exact(skim, text, pattern, false),
        MatchKind::ExactBoundary => exact(skim, text, pattern, true),
        MatchKind::Prefix => text
            .starts_with(pattern.text.as_str())
            .then(|| occurrence(skim, text, 0, 0, pattern)),
        MatchKind::Suffix => text.ends_with(pattern.text.as_str()).then(|| {
            let byte = text.len() - pattern.text.len();
            let index = text.chars().count() - pattern.chars.len();
            occurrence(skim, text, byte, index, pattern)
        }),
        MatchKind::Equal => (text == pattern.text).then(|| occurrence(skim, text, 0, 0, pattern)),
    }
}

/// The best fuzzy match whose span is at most `limit`.
///
/// For each occurrence of the pattern's first char, a greedy scan checks that the rest of the
/// pattern follows within `limit` chars; if so, the window from there to `limit` chars on is
/// scored (see the module documentation).
fn fuzzy(skim: &SkimMatcherV2, text: &str, pattern: &Pattern, limit: usize) -> Option<ViewMatch> {
    let (&first, rest) = pattern.chars.split_first()?;
    let mut best: Option<ViewMatch> = None;
    let mut counted = (0, 0);
    let mut windows = 0;
    for (byte, _) in text.match_indices(first) {
        let after = byte + first.len_utf8();
        let mut needed = rest.iter();
        let mut next = needed.next();
        for c in text[after..].chars().take(limit) {
            if next == Some(&c) {
                next = needed.next();
                if next.is_none() {
                    break;
                }
            }
        }
        if next.is_some() {
            continue;
        }
        let index = counted.1 + text[counted.0..byte].chars().count();
        counted = (byte, index);
        let (found, unbeatable) = score_window(skim, text, byte, index, pattern, limit);
        if let Some(found) = found
            && words_start_well(&text[byte..], index, &found.positions, at_word_start(text, byte))
            && best.as_ref().is_none_or(|b| found.score > b.score)
        {
            best = Some(found);
            if unbeatable {
                break;
            }
        }
        windows += 1;
        if windows == MAX_WINDOWS {
            break;
        }
    }
    best
}

/// A fuzzy match that runs over more than one word must take each word's part from the
/// start of that word: `thst` matches `THeatre STudio`, but `ігро` does not match
/// "місцеві громади" through the last letter of one word and the start of the next.
/// `window` starts at char `index` of the text, where `positions` start; `starts_word` says
/// whether that char begins a word.
fn words_start_well(window: &str, index: usize, positions: &[usize], starts_word: bool) -> bool {
    let (Some(&first), Some(&last)) = (positions.first(), positions.last()) else {
        return true;
    };
    let span: Vec<char> = window.chars().skip(first - index).take(last - first + 1).collect();
    let is_separator = |c: char| stand_in(c) != 'Ж';
    if !span.iter().copied().any(is_separator) {
        return true;
    }
    let starts_here = if first == index {
        starts_word
    } else {
        window.chars().nth(first - index - 1).is_none_or(is_separator)
    };
    if !starts_here {
        return false;
    }
    // After every separator, the next matched char must be the first char of its word.
    positions.windows(2).all(|pair| {
        let (a, b) = (pair[0] - first, pair[1] - first);
        let gap_has_separator = span[a + 1..b].iter().copied().any(is_separator);
        let continues_same_word = !gap_has_separator;
        continues_same_word || span.get(b - 1).copied().is_some_and(is_separator)
    })
}

/// Scores the best alignment in the `limit + 1` chars from byte `byte` (char `index`); also
/// says whether it is a contiguous match at the start of a word.
fn score_window(
    skim: &SkimMatcherV2,
    text: &str,
    byte: usize,
    index: usize,
    pattern: &Pattern,
    limit: usize,
) -> (Option<ViewMatch>, bool) {
    let end = text[byte..]
        .char_indices()
        .nth(limit + 1)
        .map_or(text.len(), |(offset, _)| byte + offset);
    let context = text[..byte].chars().next_back().map(stand_in);
    let mut window: String = context.into_iter().collect();
    window.push_str(&text[byte..end]);
    let Some((score, positions)) = skim.fuzzy_indices(&window, &pattern.text) else {
        return (None, false);
    };
    let shift = usize::from(context.is_some());
    let positions: Vec<usize> = positions.into_iter().map(|p| p - shift + index).collect();
    let unbeatable = context.is_none_or(|c| c == ' ')
        && positions.first() == Some(&index)
        && positions.last() == Some(&(index + pattern.chars.len() - 1));
    (Some(ViewMatch { score, positions }), unbeatable)
}

/// The best occurrence of `pattern` as a substring (bounded by non-alphanumeric characters
/// when `boundary`).
fn exact(skim: &SkimMatcherV2, text: &str, pattern: &Pattern, boundary: bool) -> Option<ViewMatch> {
    let mut best: Option<ViewMatch> = None;
    let mut counted = (0, 0);
    for (byte, _) in text
        .match_indices(pattern.text.as_str())
        .filter(|&(byte, _)| !boundary || at_boundary(text, byte, pattern.text.len()))
        .take(MAX_WINDOWS)
    {
        let index = counted.1 + text[counted.0..byte].chars().count();
        counted = (byte, index);
        let found = occurrence(skim, text, byte, index, pattern);
        if best.as_ref().is_none_or(|b| found.score > b.score) {
            best = Some(found);
        }
        if at_word_start(text, byte) {
            break;
        }
    }
    best
}

/// The contiguous occurrence of `pattern` at byte `byte` (char `index`) of `text`, scored.
fn occurrence(skim: &SkimMatcherV2, text: &str, byte: usize, index: usize, pattern: &Pattern) -> ViewMatch {
    let mut window: String = text[..byte].chars().next_back().map(stand_in).into_iter().collect();
    window.push_str(&text[byte..byte + pattern.text.len()]);
    ViewMatch {
        score: skim.fuzzy_match(&window, &pattern.text).unwrap_or(0),
        positions: (index..index + pattern.chars.len()).collect(),
    }
}

/// True when byte `byte` of `text` starts the text or follows a word separator.
fn at_word_start(text: &str, byte: usize) -> bool {
    text[..byte].chars().next_back().is_none_or(|c| stand_in(c) == ' ')
}

/// True when the `len` bytes at `byte` are neither preceded nor followed by a letter or digit.
fn at_boundary(text: &str, byte: usize, len: usize) -> bool {
    let before = text[..byte].chars().next_back();
    let after = text[byte + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// A character the scorer classifies like `c` (word separator, punctuation, or letter) and
/// that no folded pattern contains: a space (terms never contain one), a backtick (folded to
/// an apostrophe) or an uppercase Cyrillic letter (folded to lowercase).
fn stand_in(c: char) -> char {
    match c {
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => ' ',
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => '`',
        _ => 'Ж',
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fuzzy_matches_over_words_start_each_word() {
        use super::words_start_well;
        // "theatre studio": t h at 0, 1 and s t at 8, 9.
        assert!(words_start_well("theatre studio", 0, &[0, 1, 8, 9], true));
        // "місцеві громади": і at 6, then г р о at 8, 9, 10.
        assert!(!words_start_well("місцеві громади", 0, &[6, 8, 9, 10], true));
        // Inside one word anything goes.
        assert!(words_start_well("бібліотека", 0, &[1, 3, 5], true));
        // A part that begins mid-word in the second word is refused.
        assert!(!words_start_well("the atre", 0, &[0, 1, 6, 7], true));
    }

    use super::*;
    use crate::search::fold::fold_with_map;
    use crate::search::query::Query;

    fn view(text: &str) -> View {
        let (folded, map) = fold_with_map(text);
        View::new(folded, &map)
    }

    fn run(text: &str, term: &str, limit: usize) -> Option<ViewMatch> {
        let query = Query::parse(term);
        let term = &query.terms()[0];
        let skim = SkimMatcherV2::default().respect_case();
        match_view(&skim, &view(text), &term.patterns()[0], term.kind, limit)
    }

    fn positions(text: &str, term: &str, limit: usize) -> Option<Vec<usize>> {
        run(text, term, limit).map(|m| m.positions)
    }

    #[test]
    fn masks() {
        assert_eq!(char_mask("ab"), 0b11);
        assert_eq!(char_mask("а"), 1 << 26);
        assert_eq!(char_mask("ґ7!"), (1 << 61) | (1 << 62) | (1 << 63));
        assert_ne!(char_mask("є") & char_mask("е"), char_mask("е"));
    }

    #[test]
    fn view_map_is_stored_only_when_needed() {
        let plain = view("Театр");
        assert!(plain.map.is_none());
        assert_eq!(plain.original(3), 3);
        let composed = view("и\u{306}ти");
        assert_eq!(composed.text(), "йти");
        assert_eq!(composed.original(1), 2);
    }

    #[test]
    fn fuzzy_within_the_limit() {
        // The scorer prefers the start of the text to a tighter match further on.
        assert_eq!(positions("the theatre club", "thtr", 10), Some(vec![0, 1, 4, 9]));
        assert_eq!(positions("a theatre club", "thtr", 10), Some(vec![2, 3, 6, 7]));
        assert_eq!(positions("abc", "abcd", 10), None);
    }

    #[test]
    fn fuzzy_rejects_a_wider_span() {
        // t…r spans 9 chars in "t-x-x-x-r".
        assert_eq!(positions("t-x-x-x-r", "tr", 8), Some(vec![0, 8]));
        assert_eq!(positions("t-x-x-x-r", "tr", 7), None);
    }

    #[test]
    fn fuzzy_finds_the_tight_occurrence_after_a_loose_one() {
        // The first `t` starts no allowed alignment; the second does.
        assert_eq!(positions("t.........e tea", "tea", 4), Some(vec![12, 13, 14]));
    }

    #[test]
    fn window_context_keeps_word_start_bonus() {
        let start = run("xx art", "art", 6).map(|m| m.score);
        let inside = run("xxpart", "art", 6).map(|m| m.score);
        let alone = run("art", "art", 6).map(|m| m.score);
        assert!(start > inside, "{start:?} {inside:?}");
        // Only the very first char of a text gets the first-char multiplier.
        assert!(alone > start, "{alone:?} {start:?}");
    }

    #[test]
    fn exact_kinds() {
        assert_eq!(positions("the theatre", "'the", 0), Some(vec![0, 1, 2]));
        assert_eq!(positions("a theatre", "'eat", 0), Some(vec![4, 5, 6]));
        assert_eq!(positions("a theatre", "'eta", 0), None);
        assert_eq!(positions("theatre the", "'the'", 0), Some(vec![8, 9, 10]));
        assert_eq!(positions("theatres", "'theatre'", 0), None);
        assert_eq!(positions("art club", "^art", 0), Some(vec![0, 1, 2]));
        assert_eq!(positions("club art", "^art", 0), None);
        assert_eq!(positions("art club", "club$", 0), Some(vec![4, 5, 6, 7]));
        assert_eq!(positions("club art", "club$", 0), None);
        assert_eq!(positions("Київ", "^київ$", 0), Some(vec![0, 1, 2, 3]));
        assert_eq!(positions("Київська", "^київ$", 0), None);
    }

    #[test]
    fn exact_prefers_word_start_occurrence() {
        assert_eq!(positions("Zart art", "'art", 0), Some(vec![5, 6, 7]));
    }

    #[test]
    fn one_character_term() {
        assert_eq!(positions("бібліотека", "о", 4), Some(vec![5]));
        assert_eq!(positions("бібліотека", "ю", 4), None);
    }
}
