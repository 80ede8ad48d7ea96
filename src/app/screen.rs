//! What the app shows: one screen, and at most one overlay over it.

use super::detail_stack::DetailStack;
use super::map::MapView;
use super::popup::Popup;
use super::stats::StatsView;

/// The screen under any overlay.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// The search box, the filter pane, the result list and the preview.
    Browse,
    /// Full-screen detail views over the list.
    Detail(DetailStack),
    /// The statistics of the results.
    Stats(StatsView),
    /// The map of the results' libraries.
    Map(MapView),
}

/// What is open over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// A popup: a note, recent searches, the export menu, about.
    Popup(Popup),
    /// The help, scrolled to `scroll`; a popup it was opened over comes back when it closes.
    Help {
        /// First line shown.
        scroll: usize,
        /// The popup under the help.
        under: Option<Popup>,
    },
}
