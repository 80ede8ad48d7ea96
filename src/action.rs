//! Everything the user can ask the app to do. Keys, mouse events and pastes become an
//! [`Action`] (see `keymap`), and `App::update` applies it.

/// One user intention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Leave the program.
    Quit,
    /// Open or close the help overlay.
    Help,
    /// Move focus to the next pane.
    FocusNext,
    /// Move focus to the previous pane.
    FocusPrev,
    /// Put the cursor in the search box, from any view.
    FocusSearch,
    /// Show or hide the filter pane where the screen is too narrow for it to stay.
    ToggleFilters,
    /// Move the selection up one row (or one link).
    Up,
    /// Move the selection down one row (or one link).
    Down,
    /// Move up one page.
    PageUp,
    /// Move down one page.
    PageDown,
    /// Go to the first row.
    Top,
    /// Go to the last row.
    Bottom,
    /// Open the selected service, or follow the selected link.
    Open,
    /// Go back one level: close the detail view or overlay, leave the search box for the
    /// list. Never throws typed text away.
    Back,
    /// Include the selected filter value, or clear it.
    ToggleValue,
    /// Exclude the selected filter value, or clear it.
    ExcludeValue,
    /// Clear every filter.
    ClearFilters,
    /// Type a character into the search box (or the filter jump box).
    Insert(char),
    /// Insert pasted text at once: one search, not one per character.
    Paste(String),
    /// Delete the character before the cursor.
    DeleteBack,
    /// Delete the character under the cursor.
    DeleteForward,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Clear the search box (a line editor's Ctrl-U: in a note, the note).
    ClearLine,
    /// Clear the search, from any view, and show the list.
    ClearSearch,
    /// Move the text cursor left.
    CursorLeft,
    /// Move the text cursor right.
    CursorRight,
    /// Move the text cursor to the start.
    CursorHome,
    /// Move the text cursor to the end.
    CursorEnd,
    /// A left click at (column, row).
    Click(u16, u16),
    /// The wheel turned up at (column, row).
    ScrollUp(u16, u16),
    /// The wheel turned down at (column, row).
    ScrollDown(u16, u16),
    /// The terminal now has this many (columns, rows).
    Resize(u16, u16),
    /// Switch the interface and data language between Ukrainian and English.
    SwitchLang,
    /// Put the selected service on the shortlist, or take it off.
    ToggleMark,
    /// Show only the shortlist, or everything again.
    ToggleShortlist,
    /// Write or change the note on the selected service.
    EditNote,
    /// Open the list of recent searches.
    RecentSearches,
    /// Open the export menu for the list shown.
    Export,
    /// Show the catalogue's version, date and files.
    About,
    /// Open the selected entry's web address with the system's program.
    OpenLink,
    /// Quit; in kiosk mode this key must be pressed twice in a row.
    QuitChord,
    /// Nobody has touched the app for a while (kiosk mode): back to the start screen.
    Idle,
    /// Open or close the statistics view (charts of the results).
    Stats,
    /// Open or close the map of the libraries.
    Map,
    /// Show the next chart of the statistics view.
    NextChart,
    /// Show the previous chart of the statistics view.
    PrevChart,
    /// Move left: on the map, to the nearest library to the west.
    Left,
    /// Move right: on the map, to the nearest library to the east.
    Right,
    /// Select the next library on the map (west to east).
    NextPoint,
    /// Select the previous library on the map.
    PrevPoint,
    /// Zoom the map in around the selected library.
    ZoomIn,
    /// Zoom the map out.
    ZoomOut,
    /// Show the next map area: world, Europe, Ukraine, Belarus, United Kingdom.
    ZoomNext,
    /// Show the whole world on the map.
    ZoomWorld,
    /// Show Europe on the map.
    ZoomEurope,
    /// Show Ukraine on the map.
    ZoomUkraine,
    /// Show Belarus on the map.
    ZoomBelarus,
    /// Show the United Kingdom on the map.
    ZoomUk,
    /// List the libraries of the results that have no location on the map.
    ListUnplaced,
}

impl Action {
    /// True for a command of every view that, given over the help, closes it and acts.
    #[must_use]
    pub const fn leaves_help(&self) -> bool {
        matches!(
            self,
            Self::Stats
                | Self::Map
                | Self::ToggleShortlist
                | Self::EditNote
                | Self::Export
                | Self::ClearSearch
                | Self::About
                | Self::FocusSearch
        )
    }
}
