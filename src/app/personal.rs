//! What the app asks the runtime to do outside it. Each change to the user's own things
//! (the shortlist, notes, recent searches) is made in the app's copy at once and saved by the
//! runtime through [`crate::state::Store`], which hands back what is on disk after the save,
//! including changes made by another window at the same time.

use crate::state::PersonalChange;

/// A change the runtime should make outside the app: save, write a file, open a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save a change to the shortlist or the notes.
    Personal(PersonalChange),
    /// Remember a search text among the recent ones.
    RememberSearch(String),
    /// Remember the language chosen with F2 for the next start.
    RememberLang(crate::catalogue::Lang),
    /// Write services (indices into the catalogue) to a file in the documents folder.
    Export {
        /// File format.
        format: crate::export::Format,
        /// The services, in list order.
        services: Vec<usize>,
        /// What the list is ("Shortlist", or the search and filters).
        title: String,
        /// The shortlist or search results (for the file's name).
        kind: crate::export::ExportKind,
    },
    /// Open an address with the system's program for it.
    OpenUrl(String),
}
