//! Small windows over the browser: the note editor, recent searches, the export menu and
//! the "about" view. One is open at a time; each owns its cursor.

use crate::about::About;
use crate::catalogue::{Dataset, Lang};
use crate::export::Format;

use super::search_box::SearchBox;

/// The formats the export menu offers, in its order.
pub const EXPORT_FORMATS: [Format; 4] = [Format::Html, Format::Md, Format::Csv, Format::Json];

/// An open popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    /// Writing the note on a service (an index into the catalogue's services).
    Note {
        /// The service.
        service: usize,
        /// The text being written.
        editor: SearchBox,
    },
    /// Choosing a recent search; the selected row.
    Recent(usize),
    /// Choosing an export format; the selected row of [`EXPORT_FORMATS`].
    Export(usize),
    /// About the catalogue; the first line shown.
    About(usize),
}

impl Popup {
    /// Moves the selection (or scroll) by `delta` within `len` rows.
    pub fn move_by(&mut self, delta: isize, len: usize) {
        match self {
            Self::Recent(i) | Self::Export(i) | Self::About(i) => {
                *i = i.saturating_add_signed(delta).min(len.saturating_sub(1));
            }
            Self::Note { .. } => {}
        }
    }
}

/// The file-name part and label of an export format.
#[must_use]
pub const fn format_label(format: Format) -> &'static str {
    match format {
        Format::Md => "Markdown (.md)",
        Format::Csv => "CSV (.csv)",
        Format::Json => "JSON (.json)",
        Format::Text => "Text (.txt)",
        Format::Html => "HTML handout to print (.html)",
    }
}

/// The lines of the "about" view: the catalogue's version and date, what each file brought,
/// and any update file that was left out, with why.
#[must_use]
pub fn about_lines(ds: &Dataset, updates: Option<&std::path::Path>, lang: Lang) -> Vec<String> {
    About::new(ds, updates.map(std::path::Path::to_path_buf))
        .text(lang)
        .lines()
        .map(str::to_owned)
        .collect()
}
