//! The catalogue: serde model, reading and cleaning files, validation, the merged dataset.
//!
//! - `model`: the RON format as serde types.
//! - `id`: relation ids and lists of them, shared (interned) while a catalogue is read.
//! - `source`: decoding files (BOM, CRLF, UTF-16 detection) and locating ids in the text.
//! - `clean`: stripping control characters and escape sequences, NFC.
//! - `load`: parsing, merging several files (updates may replace entries), building the [`Dataset`].
//! - `stream`: parsing a big file as a stream, on every core, without holding its text.
//! - `validate`: every check after parsing, each problem with its position.

mod clean;
mod dataset;
mod id;
mod load;
pub mod model;
mod source;
mod stream;
mod validate;

use std::fmt;

use crate::i18n::Both;

pub use clean::{clean, clean_line};
pub(crate) use dataset::parents;
pub use dataset::{Dataset, EntityRef, Iter, Links, Lists, Origin, ServiceLinks, Skipped, SourceSummary, country_name};
pub(crate) use load::ron_what_uk;
pub use load::{Layers, load, load_layers, load_read, parse};
pub use model::*;
pub use source::{BUNDLED_NAME, MAX_FILE, Pos, STREAM_FROM, Source, SourceMap, check_file, display_name};
pub(crate) use stream::in_order;

/// One problem in a catalogue file, shown as `FILE:LINE:COLUMN: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as named to the user.
    pub file: String,
    /// Where in the file, when known.
    pub pos: Option<Pos>,
    /// What is wrong and what to do, in both languages (the app can switch while it shows
    /// them).
    pub message: Both,
}

impl Problem {
    /// A problem at an optional position.
    #[must_use]
    pub fn new(file: &str, pos: Option<Pos>, message: Both) -> Self {
        Self {
            file: file.to_owned(),
            pos,
            message,
        }
    }

    /// `FILE:LINE:COLUMN: message` in `lang` (the bundled catalogue named in it too).
    #[must_use]
    pub fn line(&self, lang: Lang) -> String {
        let file = source::display_name(&self.file, lang);
        let message = self.message.get(lang);
        match self.pos {
            Some(p) => format!("{file}:{}:{}: {message}", p.line, p.col),
            None => format!("{file}: {message}"),
        }
    }
}

/// In English, as [`Problem::line`].
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(Lang::En))
    }
}

impl std::error::Error for Problem {}

/// Every problem found in a set of catalogue files.
#[derive(Debug, thiserror::Error)]
#[error("{}", display_problems(.problems))]
pub struct CatalogueError {
    /// In file order, then by position.
    pub problems: Vec<Problem>,
}

fn display_problems(problems: &[Problem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}
