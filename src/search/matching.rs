//! Matching one pattern against one folded text in codes ([`super::code`]), with the span
//! limit.
//!
//! Fuzzy matching scores with the skim scorer ([`super::score`]), but only inside *windows*:
//! for every occurrence of the pattern's first character that begins an alignment no wider
//! than the span limit (checked greedily), the scorer scores the window from that occurrence
//! to `limit` characters after it. Every alignment inside such a window satisfies the limit,
//! and every alignment that satisfies it lies inside the window of its first character, so
//! the best window is the best allowed match. Bonuses are those of the whole text (a word
//! start stays a word start in a window). This keeps the scorer's work small on long texts.

use super::chain::chain_ends;
use super::code::{Class, Classes};
use super::hit::Quality;
use super::query::MatchKind;
use super::score::{ONE_CHAR_BASE, Scorer, bonus_at, contiguous};

/// At most this many windows (fuzzy) or occurrences (exact) are scored per text; the best of
/// them is the match. Scoring also stops at the first contiguous match at the start of a word,
/// which nothing later in the text can beat in practice.
const MAX_WINDOWS: usize = 16;

/// A folded text in codes, with its classes.
#[derive(Clone, Copy)]
pub(crate) struct Haystack<'a> {
    pub bytes: &'a [u8],
    pub classes: &'a Classes,
    /// The character kinds that begin a word of the text ([`Classes::word_starts`]), which
    /// the index keeps for each text: a pattern whose first char's kind is not among them
    /// begins no word there, and its quality is known without looking.
    pub starts: u64,
}

#[cfg(test)]
impl<'a> Haystack<'a> {
    /// The text `bytes`, its word starts worked out.
    pub(crate) fn new(bytes: &'a [u8], classes: &'a Classes) -> Self {
        Self {
            bytes,
            classes,
            starts: classes.word_starts(bytes),
        }
    }
}

impl Haystack<'_> {
    /// True when `pattern` may begin a word of the text (false: it surely does not).
    fn may_begin_a_word(&self, pattern: &[u8]) -> bool {
        pattern.first().is_none_or(|&b| self.starts & self.classes.bit(b) != 0)
    }

    fn class(&self, i: usize) -> Class {
        self.classes.of(self.bytes[i])
    }

    /// True when byte `i` starts the text or follows a hard separator (a space…).
    fn at_word_start(&self, i: usize) -> bool {
        i == 0 || self.class(i - 1) == Class::HardSep
    }

    /// True when byte `i` starts the text or follows any word separator.
    fn after_separator(&self, i: usize) -> bool {
        i == 0 || self.class(i - 1).separates()
    }
}

/// A match of one pattern in one text: its score and how well the words matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Matched {
    pub score: i64,
    pub quality: Quality,
}

/// The quality of the contiguous occurrence of `len` bytes at `start`: whole word, start of
/// a word, or inside one.
fn occurrence_quality(text: Haystack<'_>, start: usize, len: usize) -> Quality {
    if !text.after_separator(start) {
        return Quality::Partial;
    }
    let end = start + len;
    if end >= text.bytes.len() || !text.classes.alphanumeric(text.bytes[end]) {
        Quality::Whole
    } else {
        Quality::Prefix
    }
}

/// Matches `pattern` (in codes) against `text` as `kind` says, and gives the score and the
/// quality. Fuzzy matches must keep the distance between the first and last matched char
/// within `limit`. With `positions`, the matched indices of the best match are left there.
///
/// The quality is that of the text, whichever alignment scored best: a whole word when the
/// pattern stands in it as one, else a word's start when it begins one, else
/// [`Quality::Partial`]. (The best-scoring alignment is almost always that occurrence; so
/// the quality never depends on whether positions were asked for.)
pub(crate) fn match_text(
    scorer: &mut Scorer,
    text: Haystack<'_>,
    pattern: &[u8],
    kind: MatchKind,
    limit: usize,
    positions: Option<&mut Vec<usize>>,
) -> Option<Matched> {
    let bytes = text.bytes;
    let len = pattern.len();
    let found = match kind {
        MatchKind::Fuzzy => {
            let score = fuzzy(scorer, text, pattern, limit, positions)?;
            return Some(Matched {
                score,
                quality: best_quality(text, pattern, false, Quality::Whole),
            });
        }
        MatchKind::Exact | MatchKind::ExactBoundary => {
            let boundary = kind == MatchKind::ExactBoundary;
            let score = exact(scorer, text, pattern, boundary, positions)?;
            return Some(Matched {
                score,
                quality: best_quality(text, pattern, boundary, Quality::Whole),
            });
        }
        MatchKind::Prefix => bytes.starts_with(pattern).then_some(0),
        MatchKind::Suffix => bytes.ends_with(pattern).then(|| bytes.len() - len),
        MatchKind::Equal => (bytes == pattern).then_some(0),
    }?;
    if let Some(positions) = positions {
        positions.clear();
        positions.extend(found..found + len);
    }
    Some(Matched {
        score: occurrence(scorer, text, found, pattern),
        quality: occurrence_quality(text, found, len),
    })
}

/// [`match_text`] for a fuzzy pattern, looking only at the occurrences that begin a word:
/// what a match needs to be of [`Quality::Whole`] or [`Quality::Prefix`] (the search asks
/// for no more in a field after a better one, so it need not score the windows inside
/// words). `None` when the pattern begins no word there.
pub(crate) fn match_word_starts(
    scorer: &mut Scorer,
    text: Haystack<'_>,
    pattern: &[u8],
    limit: usize,
    positions: Option<&mut Vec<usize>>,
) -> Option<Matched> {
    if !text.may_begin_a_word(pattern) {
        return None;
    }
    // Only an occurrence that begins a word makes a match: the contiguous chains tell (a
    // single char's occurrences the scan finds as fast).
    let begins_a_word = |end: usize| text.after_separator(end + 1 - pattern.len());
    if pattern.len() > 1 && chain_ends(text.bytes, pattern, 1, begins_a_word) == Some(false) {
        return None;
    }
    scan_word_starts(scorer, text, pattern, limit, positions)
}

/// [`match_word_starts`] by a scan of every occurrence of the pattern.
fn scan_word_starts(
    scorer: &mut Scorer,
    text: Haystack<'_>,
    pattern: &[u8],
    limit: usize,
    positions: Option<&mut Vec<usize>>,
) -> Option<Matched> {
    let bytes = text.bytes;
    let plain = pattern
        .iter()
        .all(|&b| matches!(text.classes.of(b), Class::Lower | Class::Number));
    // One pass over the occurrences for both: the quality is that of the first
    // [`MAX_WINDOWS`] occurrences (as [`best_quality`] gives it), the score the best of the
    // first [`MAX_WINDOWS`] that begin a word.
    let mut quality = Quality::Partial;
    let mut best: Option<(i32, usize)> = None;
    let (mut occurrences, mut starts) = (0, 0);
    let mut from = 0;
    while starts < MAX_WINDOWS
        && from < bytes.len()
        && let Some(offset) = find(&bytes[from..], pattern)
    {
        let start = from + offset;
        from = start + pattern.len().max(1);
        occurrences += 1;
        if text.after_separator(start) {
            if occurrences <= MAX_WINDOWS {
                quality = quality.min(occurrence_quality(text, start, pattern.len()));
            }
            starts += 1;
            let score = word_start_score(scorer, text, pattern, start, limit, plain);
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, start));
            }
        }
        if occurrences >= MAX_WINDOWS && quality == Quality::Partial {
            return None;
        }
    }
    if quality == Quality::Partial {
        return None;
    }
    let (score, start) = best?;
    if let Some(positions) = positions {
        positions.clear();
        positions.extend(start..start + pattern.len());
    }
    Some(Matched {
        score: i64::from(score),
        quality,
    })
}

/// The score of `pattern` found at `start`, the start of a word: a pattern of letters and
/// digits (`plain`) scores as a contiguous match there, any other is scored in its window.
fn word_start_score(
    scorer: &mut Scorer,
    text: Haystack<'_>,
    pattern: &[u8],
    start: usize,
    limit: usize,
    plain: bool,
) -> i32 {
    if plain {
        contiguous(bonus_at(text.bytes, start, text.classes), pattern.len())
    } else {
        let end = text.bytes.len().min(start + limit + 1);
        scorer
            .score(text.bytes, start, end, pattern, text.classes, false)
            .unwrap_or(0)
    }
}

/// The best quality of the contiguous occurrences of `pattern` in `text` (only those
/// bounded by non-alphanumeric characters when `boundary`): [`Quality::Partial`] when none
/// begins a word. It stops at the first occurrence as good as `enough`, and after
/// [`MAX_WINDOWS`] occurrences (as the matching does: a short pattern in a long text).
fn best_quality(text: Haystack<'_>, pattern: &[u8], boundary: bool, enough: Quality) -> Quality {
    let mut best = Quality::Partial;
    if !text.may_begin_a_word(pattern) {
        return best;
    }
    let mut from = 0;
    let mut seen = 0;
    while seen < MAX_WINDOWS
        && let Some(offset) = find(&text.bytes[from..], pattern)
    {
        seen += 1;
        let start = from + offset;
        from = start + pattern.len().max(1);
        if boundary && !at_boundary(text, start, pattern.len()) {
            continue;
        }
        best = best.min(occurrence_quality(text, start, pattern.len()));
        if best <= enough || from >= text.bytes.len() {
            break;
        }
    }
    best
}

/// The best fuzzy match whose span is at most `limit`.
///
/// For each occurrence of the pattern's first char, a greedy scan checks that the rest of the
/// pattern follows within `limit` chars; if so, the window from there to `limit` chars on is
/// scored (see the module documentation).
fn fuzzy(
    scorer: &mut Scorer,
    text: Haystack<'_>,
    pattern: &[u8],
    limit: usize,
    positions: Option<&mut Vec<usize>>,
) -> Option<i64> {
    // The first start that can begin a match: none before the first chain of the pattern
    // whose gaps are each at most what the span limit leaves of it (the other gaps take one
    // char at least) ends `limit` chars on.
    let mut from = 0;
    let rest = pattern.len().saturating_sub(1);
    if rest > 0 {
        if limit < rest {
            return None;
        }
        let first_end = chain_ends(text.bytes, pattern, limit + 1 - rest, |end| {
            from = end.saturating_sub(limit);
            true
        });
        if first_end == Some(false) {
            return None;
        }
    }
    fuzzy_from(scorer, text, pattern, limit, positions, from)
}

/// [`fuzzy`] with the starts before `from` left out: those that cannot begin a match.
fn fuzzy_from(
    scorer: &mut Scorer,
    text: Haystack<'_>,
    pattern: &[u8],
    limit: usize,
    mut positions: Option<&mut Vec<usize>>,
    from: usize,
) -> Option<i64> {
    let bytes = text.bytes;
    let (&first, rest) = pattern.split_first()?;
    let mut best: Option<i32> = None;
    let mut windows = 0;
    // Without positions to report, a pattern of letters and digits found whole at the start
    // of a word is scored without the scorer: that is its best score (see `contiguous`).
    let shortcut = positions.is_none() && rest.len() <= limit;
    let plain = || {
        pattern
            .iter()
            .all(|&b| matches!(text.classes.of(b), Class::Lower | Class::Number))
    };
    for start in memchr::memchr_iter(first, &bytes[from..]).map(|i| from + i) {
        // Greedily: the rest of the pattern must follow within `limit` chars.
        let end = bytes.len().min(start + 1 + limit);
        if !follows(&bytes[start + 1..end], rest) {
            if end == bytes.len() {
                // Every later start sees only a part of what this one saw.
                break;
            }
            continue;
        }
        if shortcut && text.at_word_start(start) && bytes[start..].starts_with(pattern) && plain() {
            let score = contiguous(bonus_at(bytes, start, text.classes), pattern.len());
            if best.is_none_or(|b| score > b) {
                best = Some(score);
                break;
            }
            windows += 1;
            if windows == MAX_WINDOWS {
                break;
            }
            continue;
        }
        let end = bytes.len().min(start + limit + 1);
        if let Some(score) = score_window(scorer, text, start, end, pattern)
            && words_start_well(text, start, &scorer.positions)
            && best.is_none_or(|b| score > b)
        {
            best = Some(score);
            if let Some(positions) = positions.as_deref_mut() {
                positions.clone_from(&scorer.positions);
            }
            let unbeatable = text.at_word_start(start)
                && scorer.positions.first() == Some(&start)
                && scorer.positions.last() == Some(&(start + pattern.len() - 1));
            if unbeatable {
                break;
            }
        }
        windows += 1;
        if windows == MAX_WINDOWS {
            break;
        }
    }
    best.map(i64::from)
}

/// True when `rest` is a subsequence of `window`.
fn follows(window: &[u8], rest: &[u8]) -> bool {
    let Some(&(mut wanted)) = rest.first() else {
        return true;
    };
    if window.len() < rest.len() {
        return false;
    }
    let mut found = 0;
    for &c in window {
        if c == wanted {
            found += 1;
            match rest.get(found) {
                Some(&next) => wanted = next,
                None => return true,
            }
        }
    }
    false
}

/// Scores the window `start..end` and leaves the matched positions in the scorer. A
/// one-character pattern is scored directly: the scorer would give it `15 +` the best bonus
/// of its occurrences in the window (the last of equal ones).
fn score_window(scorer: &mut Scorer, text: Haystack<'_>, start: usize, end: usize, pattern: &[u8]) -> Option<i32> {
    let [only] = pattern else {
        return scorer.score(text.bytes, start, end, pattern, text.classes, true);
    };
    let mut best: Option<(i32, usize)> = None;
    for i in start..end {
        if text.bytes[i] == *only {
            let bonus = bonus_at(text.bytes, i, text.classes);
            if best.is_none_or(|(b, _)| bonus >= b) {
                best = Some((bonus, i));
            }
        }
    }
    let (bonus, position) = best?;
    scorer.positions.clear();
    scorer.positions.push(position);
    Some(ONE_CHAR_BASE + bonus)
}

/// A fuzzy match that runs over more than one word must take each word's part from the
/// start of that word: `thst` matches `THeatre STudio`, but `ігро` does not match
/// "місцеві громади" through the last letter of one word and the start of the next.
/// The window starts at byte `start`; `positions` are indices into the whole text.
fn words_start_well(text: Haystack<'_>, start: usize, positions: &[usize]) -> bool {
    let (Some(&first), Some(&last)) = (positions.first(), positions.last()) else {
        return true;
    };
    let separator = |i: usize| text.class(i).separates();
    if !(first..=last).any(separator) {
        return true;
    }
    let starts_here = if first == start {
        text.at_word_start(start)
    } else {
        text.after_separator(first)
    };
    if !starts_here {
        return false;
    }
    // After every separator, the next matched char must be the first char of its word.
    positions.windows(2).all(|pair| {
        let (a, b) = (pair[0], pair[1]);
        let continues_same_word = !(a + 1..b).any(separator);
        continues_same_word || separator(b - 1)
    })
}

/// The best occurrence of `pattern` as a substring (bounded by non-alphanumeric characters
/// when `boundary`).
fn exact(
    scorer: &mut Scorer,
    text: Haystack<'_>,
    pattern: &[u8],
    boundary: bool,
    positions: Option<&mut Vec<usize>>,
) -> Option<i64> {
    let bytes = text.bytes;
    let len = pattern.len();
    let mut best: Option<(i64, usize)> = None;
    let mut from = 0;
    let mut counted = 0;
    while counted < MAX_WINDOWS {
        let Some(offset) = find(&bytes[from..], pattern) else {
            break;
        };
        let start = from + offset;
        // Occurrences do not overlap, as `str::match_indices` finds them.
        from = start + len.max(1);
        if boundary && !at_boundary(text, start, len) {
            continue;
        }
        counted += 1;
        let score = occurrence(scorer, text, start, pattern);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, start));
        }
        if text.at_word_start(start) {
            break;
        }
    }
    let (score, start) = best?;
    if let Some(positions) = positions {
        positions.clear();
        positions.extend(start..start + len);
    }
    Some(score)
}

/// The first index of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    match needle {
        [] => Some(0),
        [byte] => memchr::memchr(*byte, haystack),
        // The texts are short: finding the first byte and comparing the rest beats setting
        // up a substring searcher on every call.
        [first, rest @ ..] => memchr::memchr_iter(*first, haystack).find(|&i| {
            // Byte by byte: a call to compare a few bytes costs more than the comparing.
            haystack
                .get(i + 1..i + 1 + rest.len())
                .is_some_and(|after| after.iter().zip(rest).all(|(a, b)| a == b))
        }),
    }
}

/// The score of the contiguous occurrence of `pattern` at `start`.
fn occurrence(scorer: &mut Scorer, text: Haystack<'_>, start: usize, pattern: &[u8]) -> i64 {
    let end = start + pattern.len();
    i64::from(
        scorer
            .score_compact(text.bytes, start, end, pattern, text.classes)
            .unwrap_or(0),
    )
}

/// True when the `len` bytes at `start` are neither preceded nor followed by a letter or
/// digit.
fn at_boundary(text: Haystack<'_>, start: usize, len: usize) -> bool {
    let word = |i: usize| text.classes.alphanumeric(text.bytes[i]);
    let before = start.checked_sub(1).is_some_and(word);
    let after = start + len < text.bytes.len() && word(start + len);
    !before && !after
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::code::CodePage;
    use crate::search::fold::fold;
    use crate::search::query::Query;

    /// A text and a pattern in the codes of a page made for them, with its classes.
    fn coded(text: &str, pattern: &str) -> (Vec<u8>, Vec<u8>, Classes) {
        let mut page = CodePage::default();
        let bytes = page.encode_adding(text);
        let pattern = page.encode_adding(pattern);
        (bytes, pattern, page.classes())
    }

    fn run(text: &str, term: &str, limit: usize) -> Option<(i64, Vec<usize>)> {
        matched(text, term, limit).map(|(m, p)| (m.score, p))
    }

    fn quality(text: &str, term: &str, limit: usize) -> Option<Quality> {
        matched(text, term, limit).map(|(m, _)| m.quality)
    }

    fn matched(text: &str, term: &str, limit: usize) -> Option<(Matched, Vec<usize>)> {
        let query = Query::parse(term);
        let term = &query.terms()[0];
        let mut page = CodePage::default();
        let bytes = page.encode_adding(&fold(text));
        let classes = page.classes();
        let pattern = page.encode(&term.patterns()[0].text);
        let mut positions = Vec::new();
        let haystack = Haystack::new(&bytes, &classes);
        let mut scorer = Scorer::default();
        let found = match_text(&mut scorer, haystack, &pattern, term.kind, limit, Some(&mut positions))?;
        // Without positions the score and the quality are the same.
        assert_eq!(
            match_text(&mut scorer, haystack, &pattern, term.kind, limit, None),
            Some(found)
        );
        Some((found, positions))
    }

    fn positions(text: &str, term: &str, limit: usize) -> Option<Vec<usize>> {
        run(text, term, limit).map(|m| m.1)
    }

    fn score(text: &str, term: &str, limit: usize) -> Option<i64> {
        run(text, term, limit).map(|m| m.0)
    }

    #[test]
    fn fuzzy_matches_over_words_start_each_word() {
        // "theatre studio": t h at 0, 1 and s t at 8, 9.
        assert_eq!(positions("theatre studio", "thst", 10), Some(vec![0, 1, 8, 9]));
        // "місцеві громади": і at 6, then г р о at 8, 9, 10 is refused.
        assert_eq!(positions("місцеві громади", "ігро", 7), None);
        // Inside one word anything goes.
        assert_eq!(positions("бібліотека", "іло", 7), Some(vec![1, 3, 5]));
        // A part that begins mid-word in the second word is refused.
        assert_eq!(positions("the atre", "thtr", 7), None);
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
        let start = score("xx art", "art", 6);
        let inside = score("xxpart", "art", 6);
        let alone = score("art", "art", 6);
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
        assert_eq!(positions("«theatre»", "'theatre'", 0), Some(vec![1, 2, 3, 4, 5, 6, 7]));
        assert_eq!(positions("art club", "^art", 0), Some(vec![0, 1, 2]));
        assert_eq!(positions("club art", "^art", 0), None);
        assert_eq!(positions("art club", "club$", 0), Some(vec![4, 5, 6, 7]));
        assert_eq!(positions("club art", "club$", 0), None);
        assert_eq!(positions("Київ", "^київ$", 0), Some(vec![0, 1, 2, 3]));
        assert_eq!(positions("Київська", "^київ$", 0), None);
    }

    #[test]
    fn qualities_tell_whole_words_from_word_starts_and_letters_inside_words() {
        assert_eq!(quality("Бар, Вінницька область", "бар", 6), Some(Quality::Whole));
        assert_eq!(quality("барвінок", "бар", 6), Some(Quality::Prefix));
        assert_eq!(quality("«театр»", "театр", 7), Some(Quality::Whole));
        assert_eq!(quality("Україна", "країна", 8), Some(Quality::Partial));
        assert_eq!(quality("впродовж", "впо", 6), Some(Quality::Partial));
        assert_eq!(quality("a theatre studio", "'theatre", 0), Some(Quality::Whole));
        assert_eq!(quality("theatres", "'theatre", 0), Some(Quality::Prefix));
        assert_eq!(quality("art club", "^art", 0), Some(Quality::Whole));
    }

    #[test]
    fn a_whole_word_later_in_the_text_makes_the_match_whole() {
        // "bar" starts "barvinok" first (the best score, at the text's start), then stands
        // whole.
        let (found, positions) = matched("barvinok in bar", "bar", 6).unwrap();
        assert_eq!(found.quality, Quality::Whole);
        assert_eq!(positions, [0, 1, 2]);
        assert_eq!(quality("barvinok in barn", "bar", 6), Some(Quality::Prefix));
    }

    #[test]
    fn exact_prefers_word_start_occurrence() {
        assert_eq!(positions("Zart art", "'art", 0), Some(vec![5, 6, 7]));
    }

    /// [`match_word_starts`] as two passes: the quality by [`best_quality`], then the score
    /// of the occurrences that begin a word.
    fn match_word_starts_in_two_passes(
        scorer: &mut Scorer,
        text: Haystack<'_>,
        pattern: &[u8],
        limit: usize,
    ) -> Option<Matched> {
        let quality = best_quality(text, pattern, false, Quality::Whole);
        if quality >= Quality::Typo {
            return None;
        }
        let bytes = text.bytes;
        let plain = pattern
            .iter()
            .all(|&b| matches!(text.classes.of(b), Class::Lower | Class::Number));
        let mut best: Option<i32> = None;
        let (mut seen, mut from) = (0, 0);
        while seen < MAX_WINDOWS
            && let Some(offset) = find(&bytes[from..], pattern)
        {
            let start = from + offset;
            from = start + pattern.len();
            if !text.after_separator(start) {
                continue;
            }
            seen += 1;
            best = best.max(Some(word_start_score(scorer, text, pattern, start, limit, plain)));
        }
        Some(Matched {
            score: i64::from(best?),
            quality,
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn word_starts_are_matched_in_one_pass_as_in_two(
            text in "[ab -]{1,90}",
            pattern in "[ab-]{1,3}",
            limit in 1usize..8,
        ) {
            let (bytes, pattern, classes) = coded(&text, &pattern);
            let haystack = Haystack::new(&bytes, &classes);
            let mut scorer = Scorer::default();
            proptest::prop_assert_eq!(
                match_word_starts(&mut scorer, haystack, &pattern, limit, None),
                match_word_starts_in_two_passes(&mut scorer, haystack, &pattern, limit)
            );
        }

        #[test]
        fn the_look_at_chains_leaves_out_only_texts_and_starts_that_cannot_match(
            text in "[abt -]{0,150}",
            pattern in "[abt-]{1,5}",
            limit in 1usize..12,
        ) {
            let (bytes, pattern, classes) = coded(&text, &pattern);
            let haystack = Haystack::new(&bytes, &classes);
            let mut scorer = Scorer::default();
            let (mut looked, mut scanned) = (Vec::new(), Vec::new());
            proptest::prop_assert_eq!(
                fuzzy(&mut scorer, haystack, &pattern, limit, Some(&mut looked)),
                fuzzy_from(&mut scorer, haystack, &pattern, limit, Some(&mut scanned), 0)
            );
            proptest::prop_assert_eq!(looked, scanned);
            proptest::prop_assert_eq!(
                match_word_starts(&mut scorer, haystack, &pattern, limit, None),
                scan_word_starts(&mut scorer, haystack, &pattern, limit, None)
            );
        }

        #[test]
        fn follows_is_a_subsequence_test(
            window in proptest::collection::vec(0u8..3, 0..12),
            rest in proptest::collection::vec(0u8..3, 0..5),
        ) {
            let mut left = window.iter();
            let naive = rest.iter().all(|b| left.any(|c| c == b));
            proptest::prop_assert_eq!(follows(&window, &rest), naive);
        }

        #[test]
        fn scores_are_the_same_with_and_without_positions(
            text in "[abт -]{1,30}",
            pattern in "[abт]{1,4}",
            limit in 1usize..12,
            exact in proptest::prelude::any::<bool>(),
        ) {
            let (bytes, pattern, classes) = coded(&text, &pattern);
            let haystack = Haystack::new(&bytes, &classes);
            let kind = if exact { MatchKind::Exact } else { MatchKind::Fuzzy };
            let mut scorer = Scorer::default();
            let mut positions = Vec::new();
            let with = match_text(&mut scorer, haystack, &pattern, kind, limit, Some(&mut positions));
            let without = match_text(&mut scorer, haystack, &pattern, kind, limit, None);
            proptest::prop_assert_eq!(with, without);
            // The word starts only save looking: a text that claims every kind of char
            // begins a word matches the same.
            let unknown = Haystack { starts: u64::MAX, ..haystack };
            proptest::prop_assert_eq!(match_text(&mut scorer, unknown, &pattern, kind, limit, None), with);
            proptest::prop_assert_eq!(
                match_word_starts(&mut scorer, unknown, &pattern, limit, None),
                match_word_starts(&mut scorer, haystack, &pattern, limit, None)
            );
        }

        #[test]
        fn a_one_character_window_scores_as_the_scorer_does(text in "[ab -]{1,12}", start in 0usize..12, len in 1usize..4) {
            let mut page = CodePage::default();
            let bytes = page.encode_adding(&text);
            let classes = page.classes();
            let haystack = Haystack::new(&bytes, &classes);
            let start = start.min(bytes.len() - 1);
            let end = bytes.len().min(start + len);
            let mut scorer = Scorer::default();
            let direct = score_window(&mut scorer, haystack, start, end, b"a").map(|s| (s, scorer.positions.clone()));
            let scored = scorer.score(&bytes, start, end, b"a", &classes, true).map(|s| (s, scorer.positions.clone()));
            proptest::prop_assert_eq!(direct, scored);
        }
    }

    #[test]
    fn one_character_term() {
        assert_eq!(positions("бібліотека", "о", 4), Some(vec![5]));
        assert_eq!(positions("бібліотека", "ю", 4), None);
    }
}
