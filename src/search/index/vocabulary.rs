//! The catalogue's words, for typing errors: a term of five letters or more that begins no
//! word of the catalogue is also looked for as the words one typing error away (two from
//! nine letters), found with a Levenshtein automaton over a finite-state set of the words.
//!
//! fst's automaton counts errors right only in ASCII (its issues #38 and #160: a Cyrillic
//! word is not found even at its own spelling), so the set holds each word in a private
//! one-byte ASCII alphabet: Latin letters and digits as they are, every other code of the
//! index's code page (Cyrillic first) on one of the other ASCII bytes. A word with a
//! character beyond those is left out.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::thread;

use fst::automaton::{Levenshtein, Str};
use fst::{Automaton, IntoStreamer, Set, Streamer};

use super::eval::QuickHasher;
use super::{Index, threads_for};

/// A term is taken for a typing error from this many letters on.
const TYPO_FROM: usize = 5;

/// Two typing errors are allowed from this many letters on.
const TWO_TYPOS_FROM: usize = 9;

/// Words shorter than this are left out of the vocabulary.
const WORD_FROM: usize = 4;

/// At most this many words are tried for one mistyped term.
const MOST_WORDS: usize = 8;

/// The ASCII bytes that stand for the codes that are not Latin letters or digits.
fn free_bytes() -> impl Iterator<Item = u8> {
    (0u8..0x80).filter(|b| !b.is_ascii_digit() && !b.is_ascii_lowercase())
}

/// A word in the index's codes, in the vocabulary's ASCII alphabet.
fn to_ascii(word: &[u8]) -> Option<String> {
    word.iter()
        .map(|&code| match code {
            b'0'..=b'9' | b'a'..=b'z' => Some(char::from(code)),
            0x80.. => free_bytes().nth(usize::from(code - 0x80)).map(char::from),
            _ => None,
        })
        .collect()
}

/// The index's codes of a word in the vocabulary's ASCII alphabet.
fn from_ascii(word: &[u8]) -> Vec<u8> {
    word.iter()
        .map(|&b| {
            if b.is_ascii_digit() || b.is_ascii_lowercase() {
                b
            } else {
                free_bytes().position(|f| f == b).map_or(b'?', |n| 0x80 + n as u8)
            }
        })
        .collect()
}

/// The catalogue's folded words of [`WORD_FROM`] letters or more, as a finite-state set.
#[derive(Clone, Default)]
pub(super) struct Vocabulary(Option<Set<Vec<u8>>>);

impl Index {
    /// The vocabulary, made from the index's texts when first asked for.
    fn vocabulary(&self) -> &Vocabulary {
        self.vocabulary.get_or_init(|| self.make_vocabulary())
    }

    /// Makes the vocabulary now, so that the first search that needs it does not wait.
    pub(super) fn prepare(&self) {
        self.vocabulary();
    }

    /// The words of every text, gathered on the cores that built the index (each from its
    /// share of the texts), then sorted into the set.
    fn make_vocabulary(&self) -> Vocabulary {
        let words_of = |segments: &[super::Segment]| {
            let mut words: HashSet<&[u8], BuildHasherDefault<QuickHasher>> = HashSet::default();
            for &segment in segments {
                let text = self.folded(segment);
                for word in text.split(|&b| !self.classes.alphanumeric(b)) {
                    if word.len() >= WORD_FROM {
                        words.insert(word);
                    }
                }
            }
            words
        };
        let threads = threads_for(self.services.len());
        let chunk = self.segments.len().div_ceil(threads).max(1);
        let sets: Vec<_> = if threads <= 1 {
            vec![words_of(&self.segments)]
        } else {
            thread::scope(|scope| {
                let workers: Vec<_> = self
                    .segments
                    .chunks(chunk)
                    .map(|part| scope.spawn(move || words_of(part)))
                    .collect();
                workers
                    .into_iter()
                    .map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                    .collect()
            })
        };
        let mut words: Vec<String> = sets.into_iter().flatten().filter_map(to_ascii).collect();
        words.sort_unstable();
        words.dedup();
        Vocabulary(Set::from_iter(words).ok())
    }

    /// The catalogue's words one or two typing errors from `term` (folded), when `term` is
    /// long enough and begins no word of the catalogue; none otherwise.
    pub(super) fn typos(&self, term: &str) -> Vec<String> {
        let letters = term.chars().count();
        if letters < TYPO_FROM || !term.chars().all(char::is_alphanumeric) {
            return Vec::new();
        }
        let Some(set) = &self.vocabulary().0 else {
            return Vec::new();
        };
        let Some(term) = to_ascii(&self.page.encode(term)) else {
            return Vec::new();
        };
        if set.search(Str::new(&term).starts_with()).into_stream().next().is_some() {
            return Vec::new();
        }
        let distance = if letters >= TWO_TYPOS_FROM { 2 } else { 1 };
        let Ok(automaton) = Levenshtein::new(&term, distance) else {
            return Vec::new();
        };
        let mut stream = set.search(automaton).into_stream();
        let mut out = Vec::new();
        while let Some(word) = stream.next() {
            out.push(self.page.decode(&from_ascii(word)));
            if out.len() == MOST_WORDS {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::{Catalogue, Service, Text};
    use crate::search::Index;

    fn index(titles: &[&str]) -> Index {
        Index::new(&Catalogue {
            services: titles
                .iter()
                .enumerate()
                .map(|(i, t)| Service {
                    id: format!("s{i}").into(),
                    title: Text::new("", t),
                    ..Service::default()
                })
                .collect(),
            ..Catalogue::default()
        })
    }

    #[test]
    fn a_mistyped_word_finds_the_words_one_error_away() {
        let index = index(&["Theatre studio", "Театральна студія", "Chess club"]);
        assert_eq!(
            index.typos("theater"),
            Vec::<String>::new(),
            "two errors in seven letters"
        );
        assert_eq!(index.typos("theatr"), Vec::<String>::new(), "begins a word");
        assert_eq!(index.typos("thaetre"), Vec::<String>::new(), "a swap is two errors");
        assert_eq!(index.typos("theatro"), ["theatre"]);
        assert_eq!(index.typos("studip"), ["studio"]);
        assert_eq!(index.typos("chess"), Vec::<String>::new(), "found whole");
        assert_eq!(index.typos("chesz"), ["chess"]);
        assert_eq!(index.typos("chez"), Vec::<String>::new(), "under five letters");
        assert_eq!(index.typos("тетральна"), ["театральна"]);
        assert_eq!(
            index.typos("тетрална"),
            Vec::<String>::new(),
            "two errors in eight letters"
        );
    }
}
