//! libservices: an offline catalogue of innovative public-library services.
//!
//! - [`catalogue`]: the data model, loading and merging RON files, validation.
//! - [`search`]: text folding, transliteration, keyboard-layout repair, query parsing, ranking.

pub mod catalogue;
pub mod search;
