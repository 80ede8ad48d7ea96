//! What a user keeps for themselves: the shortlist, notes on services and recent searches.
//! The app changes them here and asks the runtime to save each change (an [`Effect`]); the
//! runtime hands back what is on disk after the save, which may include changes made by
//! another window at the same time.

use std::collections::BTreeMap;

/// How many recent searches are kept.
pub const RECENT_MAX: usize = 50;

/// A change the runtime should make outside the app: save, write a file, open a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Add a service (by id) to the shortlist, or take it off.
    Shortlist(String, bool),
    /// Set or remove (with `None`) the note on a service.
    Note(String, Option<String>),
    /// Remember a search text.
    RememberSearch(String),
    /// Write services (indices into the catalogue) to a file in the documents folder.
    Export {
        /// File format.
        format: crate::export::Format,
        /// The services, in list order.
        services: Vec<usize>,
        /// What the list is ("Shortlist", or the search and filters).
        title: String,
    },
    /// Open an address with the system's program for it.
    OpenUrl(String),
}

/// The user's shortlist, notes and recent searches, as the app shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Personal {
    /// Service ids, in the order they were added.
    pub shortlist: Vec<String>,
    /// Notes by service id.
    pub notes: BTreeMap<String, String>,
    /// Search texts, most recent first.
    pub recent: Vec<String>,
}

impl Personal {
    /// Whether the service is on the shortlist.
    #[must_use]
    pub fn is_marked(&self, id: &str) -> bool {
        self.shortlist.iter().any(|s| s == id)
    }

    /// The note on a service.
    #[must_use]
    pub fn note(&self, id: &str) -> Option<&str> {
        self.notes.get(id).map(String::as_str)
    }

    /// Puts a service on the shortlist or takes it off; returns the change to save.
    pub fn toggle_mark(&mut self, id: &str) -> Effect {
        let marked = !self.is_marked(id);
        if marked {
            self.shortlist.push(id.to_owned());
        } else {
            self.shortlist.retain(|s| s != id);
        }
        Effect::Shortlist(id.to_owned(), marked)
    }

    /// Sets the note on a service (blank text removes it); returns the change to save, or
    /// nothing when the note did not change.
    pub fn set_note(&mut self, id: &str, text: &str) -> Option<Effect> {
        let text = text.trim();
        let new = (!text.is_empty()).then(|| text.to_owned());
        if self.notes.get(id) == new.as_ref() {
            return None;
        }
        match &new {
            Some(t) => self.notes.insert(id.to_owned(), t.clone()),
            None => self.notes.remove(id),
        };
        Some(Effect::Note(id.to_owned(), new))
    }

    /// Puts a search text first among the recent ones; returns the change to save, or
    /// nothing for blank text or the text that is already first.
    pub fn remember(&mut self, text: &str) -> Option<Effect> {
        let text = text.trim();
        if text.is_empty() || self.recent.first().is_some_and(|r| r == text) {
            return None;
        }
        self.recent.retain(|r| r != text);
        self.recent.insert(0, text.to_owned());
        self.recent.truncate(RECENT_MAX);
        Some(Effect::RememberSearch(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marking_twice_unmarks_and_keeps_order() {
        let mut p = Personal::default();
        assert_eq!(p.toggle_mark("a"), Effect::Shortlist("a".into(), true));
        p.toggle_mark("b");
        assert_eq!(p.shortlist, ["a", "b"]);
        assert_eq!(p.toggle_mark("a"), Effect::Shortlist("a".into(), false));
        assert_eq!(p.shortlist, ["b"]);
        assert!(!p.is_marked("a"));
    }

    #[test]
    fn notes_are_trimmed_and_blank_removes() {
        let mut p = Personal::default();
        assert_eq!(
            p.set_note("a", "  call Olena \n"),
            Some(Effect::Note("a".into(), Some("call Olena".into())))
        );
        assert_eq!(p.set_note("a", "call Olena"), None);
        assert_eq!(p.note("a"), Some("call Olena"));
        assert_eq!(p.set_note("a", "   "), Some(Effect::Note("a".into(), None)));
        assert_eq!(p.note("a"), None);
        assert_eq!(p.set_note("b", ""), None);
    }

    #[test]
    fn recent_searches_move_to_the_front_without_duplicates() {
        let mut p = Personal::default();
        p.remember("theatre");
        p.remember("мігранти");
        assert_eq!(p.remember("theatre"), Some(Effect::RememberSearch("theatre".into())));
        assert_eq!(p.recent, ["theatre", "мігранти"]);
        assert_eq!(p.remember("theatre "), None);
        assert_eq!(p.remember(" "), None);
        for i in 0..RECENT_MAX + 5 {
            p.remember(&format!("q{i}"));
        }
        assert_eq!(p.recent.len(), RECENT_MAX);
    }
}
