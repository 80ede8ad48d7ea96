//! Semantic styles: panes ask for `theme.selected()`, never for a colour. Only the 16 basic
//! ANSI colours are used, and selection and focus also show without colour (a marker,
//! reverse video, bold borders).

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::BorderType;

/// The styles of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Ordinary text.
    pub text: Style,
    /// Secondary text: places, counts, placeholders.
    pub dim: Style,
    /// Titles of entries.
    pub title: Style,
    /// Labels in detail views and facet headings.
    pub label: Style,
    /// Matched characters.
    pub matched: Style,
    /// The selected row.
    pub selected: Style,
    /// A link in a detail view.
    pub link: Style,
    /// An included filter chip.
    pub chip: Style,
    /// An excluded filter chip.
    pub chip_excluded: Style,
    /// The status bar.
    pub status: Style,
    /// Key names in hints.
    pub key: Style,
    /// Warnings.
    pub warning: Style,
    /// Pane border.
    pub border: Style,
    /// Focused pane border.
    pub border_focused: Style,
    /// Bars of the statistics view.
    pub bar: Style,
    /// Coastlines on the map.
    pub map_land: Style,
    /// Libraries on the map (their count marks).
    pub map_point: Style,
    /// The selected library on the map.
    pub map_selected: Style,
}

impl Theme {
    /// The default dark theme.
    #[must_use]
    pub fn dark() -> Self {
        Self {
            text: Style::new(),
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new().add_modifier(Modifier::BOLD),
            label: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            matched: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            link: Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            chip: Style::new().fg(Color::Black).bg(Color::Cyan),
            chip_excluded: Style::new().fg(Color::Black).bg(Color::Red),
            status: Style::new().fg(Color::Gray),
            key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            bar: Style::new().fg(Color::Cyan),
            map_land: Style::new().fg(Color::DarkGray),
            map_point: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            map_selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    /// Style of a pane's border.
    #[must_use]
    pub const fn border(&self, focused: bool) -> Style {
        if focused { self.border_focused } else { self.border }
    }

    /// Border shape: focus shows as a double line even without colour.
    #[must_use]
    pub const fn border_type(focused: bool) -> BorderType {
        if focused { BorderType::Double } else { BorderType::Plain }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::dark()
    }
}
