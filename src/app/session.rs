//! The search session: the text in the search box and the search that answers it, run at
//! once or asked of the search worker and applied when its answer comes.

use crate::search::worker::{Outcome, Request};
use crate::search::{Hit, Index, Query};

use super::search_box::SearchBox;

/// What a change of the search text led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refresh {
    /// The text is the one last searched: nothing to do.
    Unchanged,
    /// The search ran here: new hits.
    Searched,
    /// The search is to run on the worker: hand it this request.
    Asked(Request),
}

/// The search box and the hits of its text.
#[derive(Debug, Default)]
pub struct Session {
    /// The search text.
    text: SearchBox,
    /// Services matching the search text, ranked (before filters).
    hits: Vec<Hit>,
    /// The query that found `hits` (the text may have changed since).
    query: Query,
    /// The text last searched for (or asked for).
    asked: Option<String>,
    /// Searches run elsewhere (the search worker): asked for, and applied when answered.
    deferred: bool,
    /// The newest search asked for, and the one whose hits are shown.
    generation: u64,
    shown: u64,
    /// True while the hits shown are a first answer (the head of the ranking, or the
    /// search among the previous hits), an exact one still to come.
    first_only: bool,
    /// How many times the search has run (a paste runs it once, not once per character).
    searches: u64,
}

impl Session {
    /// The search box.
    #[must_use]
    pub const fn text(&self) -> &SearchBox {
        &self.text
    }

    /// The hits shown, ranked.
    #[must_use]
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// The query that found the hits shown.
    #[must_use]
    pub const fn query(&self) -> &Query {
        &self.query
    }

    /// How many searches have run or been asked for.
    #[must_use]
    pub const fn searches(&self) -> u64 {
        self.searches
    }

    /// True while the hits shown are not yet all those of the search text.
    #[must_use]
    pub const fn searching(&self) -> bool {
        self.shown != self.generation || self.first_only
    }

    /// From now on searches run on the worker.
    pub const fn defer(&mut self) {
        self.deferred = true;
    }

    /// Applies an edit to the search box; true when the text changed.
    pub fn edit(&mut self, f: impl FnOnce(&mut SearchBox) -> bool) -> bool {
        f(&mut self.text)
    }

    /// Moves the text cursor (no search).
    pub fn cursor(&mut self, f: impl FnOnce(&mut SearchBox)) {
        f(&mut self.text);
    }

    /// Searches for the text when it changed since the last search: here, or by asking
    /// the worker.
    pub fn refresh(&mut self, index: &Index) -> Refresh {
        if self.asked.as_deref() == Some(self.text.text()) {
            return Refresh::Unchanged;
        }
        let text = self.text.text().to_owned();
        self.searches += 1;
        self.generation += 1;
        self.asked = Some(text.clone());
        if self.deferred {
            return Refresh::Asked(Request {
                generation: self.generation,
                text,
            });
        }
        self.query = Query::parse(&text);
        self.hits = index.search(&self.query);
        self.shown = self.generation;
        self.first_only = false;
        Refresh::Searched
    }

    /// Takes a worker's answer: `None` when it answers an older request than the newest
    /// (nothing changes), else whether it is the first answer to its request (a second,
    /// exact answer after a narrowed one keeps the selection).
    pub fn apply(&mut self, outcome: Outcome) -> Option<bool> {
        if outcome.generation != self.generation {
            return None;
        }
        let first = self.shown != outcome.generation;
        self.shown = outcome.generation;
        self.first_only = !outcome.exact;
        self.hits = outcome.hits;
        self.query = outcome.query;
        Some(first)
    }
}
