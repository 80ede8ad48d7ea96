//! Semantic styles: panes ask for `theme.selected()`, never for a colour. Only the 16 basic
//! ANSI colours are used, and selection and focus also show without colour (a marker,
//! reverse video, bold borders).

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, BorderType};

use crate::config::ThemeName;

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

    /// The theme of a name from the config or the command line.
    #[must_use]
    pub fn named(name: ThemeName) -> Self {
        match name {
            ThemeName::Dark => Self::dark(),
            ThemeName::Light => Self::light(),
            ThemeName::HighContrast => Self::high_contrast(),
            ThemeName::Monochrome => Self::monochrome(),
        }
    }

    /// Dark text on a light background: no yellow or white text, which fade on white.
    #[must_use]
    pub fn light() -> Self {
        Self {
            dim: Style::new().fg(Color::DarkGray),
            label: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            matched: Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            link: Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            chip: Style::new().fg(Color::White).bg(Color::Blue),
            chip_excluded: Style::new().fg(Color::White).bg(Color::Red),
            status: Style::new().fg(Color::Black),
            key: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            bar: Style::new().fg(Color::Blue),
            map_point: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            ..Self::dark()
        }
    }

    /// Bright colours and bold text; matches stand out as black on yellow.
    #[must_use]
    pub fn high_contrast() -> Self {
        Self {
            text: Style::new().fg(Color::White),
            dim: Style::new().fg(Color::Gray),
            title: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
            label: Style::new().fg(Color::LightCyan).add_modifier(Modifier::BOLD),
            matched: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            link: Style::new()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            chip: Style::new().fg(Color::Black).bg(Color::LightCyan),
            chip_excluded: Style::new().fg(Color::Black).bg(Color::LightRed),
            status: Style::new().fg(Color::White),
            key: Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::White),
            border_focused: Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            bar: Style::new().fg(Color::LightCyan),
            map_land: Style::new().fg(Color::Gray),
            map_point: Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            map_selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    /// No colour at all: bold, underline and reverse video only.
    #[must_use]
    pub fn monochrome() -> Self {
        Self {
            text: Style::new(),
            dim: Style::new(),
            title: Style::new().add_modifier(Modifier::BOLD),
            label: Style::new().add_modifier(Modifier::BOLD),
            matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            link: Style::new().add_modifier(Modifier::UNDERLINED),
            chip: Style::new().add_modifier(Modifier::REVERSED),
            chip_excluded: Style::new().add_modifier(Modifier::REVERSED | Modifier::CROSSED_OUT),
            status: Style::new(),
            key: Style::new().add_modifier(Modifier::BOLD),
            warning: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            border: Style::new(),
            border_focused: Style::new().add_modifier(Modifier::BOLD),
            bar: Style::new(),
            map_land: Style::new(),
            map_point: Style::new().add_modifier(Modifier::BOLD),
            map_selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    /// Style of a pane's border.
    #[must_use]
    pub const fn border(&self, focused: bool) -> Style {
        if focused { self.border_focused } else { self.border }
    }

    /// A bordered pane with a title; focus shows as a double, coloured border.
    #[must_use]
    pub fn pane<'a>(&self, title: impl Into<ratatui::text::Line<'a>>, focused: bool) -> Block<'a> {
        Block::bordered()
            .title(title)
            .border_type(Self::border_type(focused))
            .border_style(self.border(focused))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn colours(t: &Theme) -> Vec<Color> {
        [
            t.text,
            t.dim,
            t.title,
            t.label,
            t.matched,
            t.selected,
            t.link,
            t.chip,
            t.chip_excluded,
            t.status,
            t.key,
            t.warning,
            t.border,
            t.border_focused,
        ]
        .iter()
        .flat_map(|s| [s.fg, s.bg])
        .flatten()
        .collect()
    }

    #[test]
    fn monochrome_has_no_colour_and_still_shows_selection_and_matches() {
        let t = Theme::monochrome();
        assert_eq!(colours(&t), Vec::<Color>::new());
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
        assert_ne!(t.matched, t.text);
        assert_ne!(t.chip, t.text);
    }

    #[test]
    fn light_theme_avoids_colours_that_fade_on_white() {
        let t = Theme::light();
        for c in colours(&t) {
            assert!(!matches!(c, Color::Yellow | Color::LightYellow | Color::Gray), "{c:?}");
        }
        assert!(t.status.fg.is_some_and(|c| c != Color::White));
    }

    #[test]
    fn every_name_gives_its_theme() {
        assert_eq!(Theme::named(ThemeName::Dark), Theme::dark());
        assert_eq!(Theme::named(ThemeName::Monochrome), Theme::monochrome());
        assert_ne!(Theme::named(ThemeName::HighContrast), Theme::dark());
        assert_ne!(Theme::named(ThemeName::Light), Theme::dark());
    }
}
