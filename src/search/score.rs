//! Fuzzy scoring: fuzzy-matcher's `SkimMatcherV2` algorithm (case respected), ported to the
//! index's one-byte character codes so that scoring allocates nothing and compares bytes.
//!
//! The port keeps the scorer's constants, its affine-gap dynamic programme, its choice of
//! the best cell (the last of equal scores) and its backtrace, so scores and positions are
//! those of `SkimMatcherV2::default().respect_case()` called with a fresh matcher; a property
//! test in this module checks that on random texts. It differs in one way on purpose: the
//! crate's `fuzzy_indices` can read a cell left from an earlier call (it reuses its matrix
//! without clearing it), so its score may depend on what it matched before; here every
//! call starts from a clean matrix.
//!
//! A window of the text is scored, not the whole text (see [`super::matching`]): the bonus of
//! each character depends on the one before it in the whole text, and only the first
//! character of the whole text gets the first-character multiplier.

use super::code::{Class, Classes};

const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const NEG_INFINITY: i32 = i16::MIN as i32;

/// What a one-character pattern scores before the bonus of the character it matches.
pub(crate) const ONE_CHAR_BASE: i32 = SCORE_MATCH + GAP_EXTENSION;

/// One cell of the score matrices.
#[derive(Debug, Clone, Copy)]
struct Cell {
    /// The best alignment ending here came by a match (else by a skip).
    m_match: bool,
    m_score: i32,
    p_match: bool,
    p_score: i32,
    bonus: i32,
}

const EMPTY: Cell = Cell {
    m_match: false,
    m_score: NEG_INFINITY,
    p_match: false,
    p_score: NEG_INFINITY,
    bonus: 0,
};

/// The bonus a character of class `class` gets after one of class `prev`.
const fn in_place_bonus(prev: Class, class: Class) -> i32 {
    match (prev, class) {
        (Class::Empty | Class::HardSep, _) => BONUS_HEAD,
        (Class::SoftSep, _) => BONUS_BREAK,
        (Class::Lower | Class::Number, Class::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

/// The bonus of `text[i]`, as the scorer gives it in the whole text.
pub(crate) fn bonus_at(text: &[u8], i: usize, classes: &Classes) -> i32 {
    let prev = if i == 0 { Class::Empty } else { classes.of(text[i - 1]) };
    let bonus = in_place_bonus(prev, classes.of(text[i]));
    if i == 0 {
        bonus * BONUS_FIRST_CHAR_MULTIPLIER
    } else {
        bonus
    }
}

/// The score of a pattern of `len` letters or digits matched whole, its first character
/// having the bonus `first_bonus` (at the start of a word: 8, or 16 at the start of the
/// text), and nothing can score more in a window that starts there.
///
/// Why: the first matched character scores `15 + bonus`; each next one `16 + max(bonus, 4)`
/// when it follows at once (inside a word the bonus is 0: 20 in all), or after a gap of `g`
/// characters `16 - 3 - g + bonus`, at most 20 (a one-character gap before a word start).
/// A start later in the window has a bonus of at most 8. So no alignment beats
/// `15 + first_bonus + 20 × (len - 1)`, which the whole match scores. (The crate's full
/// matrix never carries a consecutive bonus over from one character to the next, as its
/// two-row matrix sometimes does; a property test checks this against the scorer.)
pub(crate) const fn contiguous(first_bonus: i32, len: usize) -> i32 {
    SCORE_MATCH + GAP_EXTENSION + first_bonus + (SCORE_MATCH + BONUS_CONSECUTIVE) * (len as i32 - 1)
}

/// Scratch space for scoring, reused from call to call (one per searching thread).
#[derive(Debug, Default)]
pub(crate) struct Scorer {
    cells: Vec<Cell>,
    bonuses: Vec<i32>,
    first: Vec<usize>,
    /// The matched positions (indices into the whole text) of the last call that asked for
    /// them.
    pub positions: Vec<usize>,
}

impl Scorer {
    /// Scores the best alignment of `pattern` in `text[start..end]`; with `with_positions`
    /// the matched indices are left in [`Scorer::positions`]. `compact` chooses the
    /// two-row matrix of the crate's `fuzzy_match` (which can score a little differently
    /// from `fuzzy_indices`, whose full matrix this uses otherwise); positions need the full
    /// matrix.
    pub(crate) fn score(
        &mut self,
        text: &[u8],
        start: usize,
        end: usize,
        pattern: &[u8],
        classes: &Classes,
        with_positions: bool,
    ) -> Option<i32> {
        self.run(text, start, end, pattern, classes, with_positions, false)
    }

    /// [`Scorer::score`] with the crate's two-row matrix (`fuzzy_match`), no positions.
    pub(crate) fn score_compact(
        &mut self,
        text: &[u8],
        start: usize,
        end: usize,
        pattern: &[u8],
        classes: &Classes,
    ) -> Option<i32> {
        self.run(text, start, end, pattern, classes, false, true)
    }

    #[allow(clippy::too_many_arguments, reason = "the private worker of the two entry points")]
    fn run(
        &mut self,
        text: &[u8],
        start: usize,
        end: usize,
        pattern: &[u8],
        classes: &Classes,
        with_positions: bool,
        compact: bool,
    ) -> Option<i32> {
        self.positions.clear();
        if pattern.is_empty() {
            return Some(0);
        }
        let choice = &text[start..end];
        // The first occurrence of each pattern byte in order (the crate's `cheap_matches`).
        self.first.clear();
        let mut wanted = pattern.iter();
        let mut next = wanted.next();
        for (i, &c) in choice.iter().enumerate() {
            let Some(&p) = next else { break };
            if c == p {
                self.first.push(i);
                next = wanted.next();
            }
        }
        if next.is_some() {
            return None;
        }
        let cols = choice.len() + 1;
        let rows = if compact { 2 } else { pattern.len() + 1 };
        let row_of = |i: usize| if compact { i & 1 } else { i };
        self.bonuses.clear();
        self.bonuses.push(0);
        self.bonuses.extend((start..end).map(|i| bonus_at(text, i, classes)));
        self.cells.clear();
        self.cells.resize(rows * cols, EMPTY);
        let cells = &mut self.cells;
        for cell in &mut cells[..cols] {
            cell.p_score = GAP_EXTENSION;
        }
        for (i, &p) in pattern.iter().enumerate() {
            let row = row_of(i + 1) * cols;
            let row_prev = row_of(i) * cols;
            let skip = self.first[i];
            for (j, &c) in choice[skip..].iter().enumerate() {
                let col = skip + j + 1;
                let col_prev = skip + j;
                let (cur, last, prev) = (row + col, row + col_prev, row_prev + col_prev);
                if c == p {
                    let in_place = self.bonuses[col];
                    let consecutive = cells[last].bonus.max(in_place.max(BONUS_CONSECUTIVE));
                    cells[last].bonus = consecutive;
                    let by_match = cells[prev].m_score + consecutive;
                    let by_skip = cells[prev].p_score + in_place;
                    cells[cur].m_match = by_match >= by_skip;
                    cells[cur].m_score = by_match.max(by_skip) + SCORE_MATCH;
                } else {
                    cells[cur].m_score = NEG_INFINITY;
                    cells[cur].m_match = false;
                    cells[cur].bonus = 0;
                }
                let by_match = GAP_START + GAP_EXTENSION + cells[last].m_score;
                let by_skip = GAP_EXTENSION + cells[last].p_score;
                cells[cur].p_match = by_match >= by_skip;
                cells[cur].p_score = by_match.max(by_skip);
            }
        }
        let last_row = row_of(pattern.len()) * cols;
        let from = self.first[pattern.len() - 1];
        // The last of the best cells, as `Iterator::max_by_key` picks.
        let mut best = (from, cells[last_row + from].m_score);
        for col in from + 1..cols {
            let score = cells[last_row + col].m_score;
            if score >= best.1 {
                best = (col, score);
            }
        }
        if with_positions {
            let (mut i, mut j) = (rows - 1, best.0);
            let mut on_match_matrix = true;
            let mut matched = true;
            while i > 0 && j > self.first[0] {
                if matched {
                    self.positions.push(start + j - 1);
                }
                let cell = cells[i * cols + j];
                matched = if on_match_matrix { cell.m_match } else { cell.p_match };
                if on_match_matrix {
                    i -= 1;
                }
                j -= 1;
                on_match_matrix = matched;
            }
            self.positions.reverse();
        }
        Some(best.1)
    }
}

#[cfg(test)]
mod tests {
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    use super::*;
    use crate::search::code::CodePage;

    /// The crate's answer for `text[start..end]`, the char before `start` replaced by a
    /// stand-in of its class, as the search did before the port.
    fn crate_score(text: &str, start: usize, end: usize, pattern: &str, positions: bool) -> Option<(i64, Vec<usize>)> {
        let chars: Vec<char> = text.chars().collect();
        let context = start.checked_sub(1).map(|i| match chars[i] {
            ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => ' ',
            '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => '`',
            _ => 'Ж',
        });
        let mut window: String = context.into_iter().collect();
        window.extend(&chars[start..end]);
        let shift = usize::from(context.is_some());
        // A fresh matcher: the crate reuses its matrix between calls.
        let skim = SkimMatcherV2::default().respect_case();
        if positions {
            skim.fuzzy_indices(&window, pattern)
                .map(|(s, p)| (s, p.into_iter().map(|p| p - shift + start).collect()))
        } else {
            skim.fuzzy_match(&window, pattern).map(|s| (s, Vec::new()))
        }
    }

    fn port(text: &str, start: usize, end: usize, pattern: &str, positions: bool) -> Option<(i64, Vec<usize>)> {
        let mut page = CodePage::default();
        let bytes = page.encode_adding(text);
        let pattern = page.encode(pattern);
        let classes = page.classes();
        let mut scorer = Scorer::default();
        let score = if positions {
            scorer.score(&bytes, start, end, &pattern, &classes, true)
        } else {
            scorer.score_compact(&bytes, start, end, &pattern, &classes)
        };
        score.map(|s| (i64::from(s), scorer.positions.clone()))
    }

    #[test]
    fn known_scores() {
        assert_eq!(port("abc", 0, 3, "abc", true), crate_score("abc", 0, 3, "abc", true));
        assert_eq!(port("axbycz", 0, 6, "abc", true).map(|m| m.1), Some(vec![0, 2, 4]));
        assert_eq!(port("abc", 0, 3, "abx", true), None);
        // Only the first char of the whole text gets the multiplier.
        let whole = port("art", 0, 3, "art", false).map(|m| m.0);
        let later = port("x art", 2, 5, "art", false).map(|m| m.0);
        assert!(whole > later, "{whole:?} {later:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_port_scores_as_the_crate_does(
            text in "[abт а-]{1,24}",
            pattern in "[abт]{1,5}",
            cut in 0usize..24,
            positions in any::<bool>(),
        ) {
            let len = text.chars().count();
            let start = cut.min(len - 1);
            prop_assert_eq!(
                port(&text, start, len, &pattern, positions),
                crate_score(&text, start, len, &pattern, positions)
            );
        }
    }
}
