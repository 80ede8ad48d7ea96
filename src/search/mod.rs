//! Search: text folding, transliteration, keyboard-layout repair, query parsing, ranking.
//!
//! [`Index::new`] folds every searchable text of the catalogue once ([`fold`]: NFC, Unicode
//! lowercase, one apostrophe) and keeps, for Ukrainian text, its Latin transliteration
//! ([`translit`]), in buffers of one-byte character codes (`code`), one per core that built
//! it; a text met again is stored once (once per core). [`Index::search`] takes a [`Query`] ([`query`]: space-separated terms, all
//! of which must match, with fzf's `'` `^` `$` `!` operators) and returns ranked [`Hit`]s;
//! [`Index::explain`] says where a hit matched, with the characters to highlight, for the
//! rows on screen. [`worker`] runs searches on a thread of their own, so that typing never
//! waits for one. For a big catalogue the index is cached as bytes ([`Index::to_bytes`]).
//!
//! # Matching
//! - Searched fields: service title, summary, description and people (name, role); names of
//!   the service's libraries, their place (place, region, country), target groups, programmes
//!   and themes; every text in Ukrainian and English.
//! - Each term is tried as typed; a Cyrillic term also as its Latin transliteration (on English
//!   text), a Latin term also on the transliteration of Ukrainian text (`Bila Tserkva` finds
//!   `Біла Церква`, `Біла` finds `Bila Tserkva`), and a few old spellings as the official one
//!   (`kiev` → `kyiv`). A term of two or more characters is also tried as if typed in the other
//!   keyboard layout (`ntfnh` → `театр`, `еруфеку` → `theatre`); such a match scores half.
//! - Fuzzy matches are scored by the algorithm of fuzzy-matcher's `SkimMatcherV2`, ported to
//!   the index's byte codes (`score`; a property test checks it against the crate), and must
//!   be compact: the distance between the first and last matched character may be at most
//!   `len + len / 4 + 1` in tiers 2–3 (programme, theme, summary, description, people) and
//!   `len + len / 2 + 1` in tiers 0–1 (title, library, place, target group), `len` being the
//!   pattern's length in characters. Otherwise long descriptions would match almost anything.
//!   Before a text is scanned, `chain` looks at it 64 bytes at a time for the pattern's
//!   characters close enough together (or, where only a word's start counts, for the whole
//!   pattern at one), and passes over a text that has none.
//!   A one-character term matches any text containing that character.
//!
//! # Ranking
//! Each term picks its best field: the lowest [`Field::tier`], then the highest score. A hit's
//! rank is the worst tier among its terms' best fields (that field is [`Hit::field`]), then the
//! sum of their scores, higher first, then catalogue order. Exclusions (`!term`) remove every
//! service with a field that matches the term (without the layout repair).

mod chain;
mod code;
pub mod fold;
mod hit;
mod index;
pub mod layout;
mod matching;
pub mod query;
mod score;
mod text;
pub mod translit;
pub mod worker;

pub use hit::{EntryKind, Explanation, Field, FieldMatch, Hit, Quality};
pub use index::{Explainer, Index, Shape};
pub use query::{MatchKind, Query, Term};
pub use text::{matched_part, person_text, place_text};
