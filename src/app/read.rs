//! What the view, the runtime and tests read of the app: every field through a method,
//! so that only `App`'s own methods change them.

use ratatui::layout::Rect;

use crate::catalogue::Lang;
use crate::config::KeyPreset;
use crate::layout::Pane;
use crate::search::{EntryKind, Hit, Query};
use crate::state::{History, Personal};

use super::cursor::Cursor;
use super::filter_pane::FilterPane;
use super::map::MapView;
use super::popup::Popup;
use super::search_box::SearchBox;
use super::stats::StatsView;
use super::{App, Data, DetailView, Overlay, Quit, Screen, Settings};
use crate::facets::Filters;

impl App {
    /// The catalogue.
    #[must_use]
    pub const fn data(&self) -> &Data {
        &self.data
    }

    /// Language of labels and data.
    #[must_use]
    pub const fn lang(&self) -> Lang {
        self.lang
    }

    /// The terminal size the app last heard of.
    #[must_use]
    pub const fn size(&self) -> Rect {
        self.size
    }

    /// Keys, mouse, kiosk.
    #[must_use]
    pub const fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Which keys are commands.
    #[must_use]
    pub const fn keys(&self) -> KeyPreset {
        self.settings.keys
    }

    /// What shows under any overlay.
    #[must_use]
    pub const fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The popup or help over the screen.
    #[must_use]
    pub const fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    /// The open popup (under the help, if the help is open over it).
    #[must_use]
    pub const fn popup(&self) -> Option<&Popup> {
        match &self.overlay {
            Some(Overlay::Popup(p) | Overlay::Help { under: Some(p), .. }) => Some(p),
            _ => None,
        }
    }

    /// The help's first line shown, when the help is open.
    #[must_use]
    pub const fn help(&self) -> Option<usize> {
        match &self.overlay {
            Some(Overlay::Help { scroll, .. }) => Some(*scroll),
            _ => None,
        }
    }

    /// The detail views, oldest first; empty when none is open.
    #[must_use]
    pub fn history(&self) -> &[DetailView] {
        match &self.screen {
            Screen::Detail(stack) => stack.views(),
            _ => &[],
        }
    }

    /// The statistics view, when it is open.
    #[must_use]
    pub const fn stats(&self) -> Option<&StatsView> {
        match &self.screen {
            Screen::Stats(s) => Some(s),
            _ => None,
        }
    }

    /// The map view, when it is open.
    #[must_use]
    pub const fn map(&self) -> Option<&MapView> {
        match &self.screen {
            Screen::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Focused pane of the browser.
    #[must_use]
    pub const fn focus(&self) -> Pane {
        self.focus
    }

    /// The search box.
    #[must_use]
    pub const fn search(&self) -> &SearchBox {
        self.session.text()
    }

    /// Services matching the search text, ranked (before filters).
    #[must_use]
    pub fn hits(&self) -> &[Hit] {
        self.session.hits()
    }

    /// The query that found the hits (the search text may have changed since).
    #[must_use]
    pub const fn hits_query(&self) -> &Query {
        self.session.query()
    }

    /// How many times the search has run (a paste runs it once, not once per character).
    #[must_use]
    pub const fn searches(&self) -> u64 {
        self.session.searches()
    }

    /// Indices into [`App::hits`] that pass the filters: the result list.
    #[must_use]
    pub fn results(&self) -> &[usize] {
        &self.results
    }

    /// How many of the results are of each kind, in [`EntryKind::ALL`] order.
    #[must_use]
    pub const fn result_kinds(&self) -> [usize; EntryKind::ALL.len()] {
        self.result_kinds
    }

    /// The result list's selection and scroll.
    #[must_use]
    pub const fn list(&self) -> Cursor {
        self.list
    }

    /// Active filters.
    #[must_use]
    pub const fn filters(&self) -> &Filters {
        &self.filters
    }

    /// The filter pane.
    #[must_use]
    pub const fn filter_pane(&self) -> &FilterPane {
        &self.filter_pane
    }

    /// Only shortlisted services are listed.
    #[must_use]
    pub const fn shortlist_only(&self) -> bool {
        self.shortlist_only
    }

    /// The preview of the selected result.
    #[must_use]
    pub const fn preview(&self) -> Option<&DetailView> {
        self.preview.as_ref()
    }

    /// The shortlist and notes.
    #[must_use]
    pub const fn personal(&self) -> &Personal {
        &self.personal
    }

    /// Recent searches.
    #[must_use]
    pub const fn recent(&self) -> &History {
        &self.recent
    }

    /// The message shown above the status bar until the next key.
    #[must_use]
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// True when the user asked to leave.
    #[must_use]
    pub fn quitting(&self) -> bool {
        self.quit == Quit::Leaving
    }

    /// True while the results shown are not yet all those of the search text (a first
    /// answer, or none yet, has come from the search worker).
    #[must_use]
    pub const fn searching(&self) -> bool {
        self.session.searching()
    }
}
