//! The map view: ratatui's world map on a canvas, and on it a mark per place with
//! libraries: a digit for how many services are there (`+` for ten or more), the selected
//! library in brackets, and place names where they fit.
//!
//! The canvas uses half blocks (▀ ▄ █), which the fonts of old Windows consoles have, unlike
//! Braille; marks and names are ordinary characters, so the map reads without colour.

use std::collections::{BTreeSet, HashMap};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{Canvas, Map, MapResolution};

use crate::app::map::{MapView, canvas_area};
use crate::catalogue::{Dataset, Lang};
use crate::i18n::{count_services, tr};
use crate::ui::{Theme, ellipsize};

/// The map view.
pub struct LibraryMap<'a> {
    /// Points, area and selection.
    pub view: &'a MapView,
    /// The catalogue (library names and places).
    pub ds: &'a Dataset,
    /// Language.
    pub lang: Lang,
    /// Styles.
    pub theme: &'a Theme,
}

/// The libraries drawn in one cell.
#[derive(Debug, Default)]
struct Spot {
    /// Indices into the view's points, in its order.
    points: Vec<usize>,
    /// Their services, each once.
    services: BTreeSet<usize>,
}

/// The mark of a place: how many services it has, `+` for ten or more.
fn mark(services: usize) -> char {
    u32::try_from(services)
        .ok()
        .and_then(|n| char::from_digit(n, 10))
        .unwrap_or('+')
}

/// Writes text on cleared cells (the canvas may have set a background there).
fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, style: Style) {
    for (i, c) in text.chars().enumerate() {
        if let Some(cell) = buf.cell_mut((x.saturating_add(i as u16), y)) {
            cell.reset();
            cell.set_char(c).set_style(style);
        }
    }
}

impl Widget for LibraryMap<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let canvas = canvas_area(area);
        let view = self.view.view(canvas);
        let spots = self.spots(canvas);
        let shown: usize = spots.values().map(|s| s.points.len()).sum();
        let place = self.view.area.map_or(tr(self.lang, "zoomed", "свій масштаб"), |a| {
            a.label(self.lang)
        });
        let title = format!(
            " {}: {place} · {} {shown} {} {} ",
            tr(self.lang, "Map", "Карта"),
            tr(self.lang, "libraries:", "бібліотек:"),
            tr(self.lang, "of", "з"),
            self.view.points.len()
        );
        let legend = tr(
            self.lang,
            " 1-9: services there · +: 10 or more ",
            " 1-9: послуг там · +: 10 і більше ",
        );
        let width = usize::from(area.width);
        let mut block = t.pane(title.clone(), true);
        if title.chars().count() + legend.chars().count() + 4 <= width {
            block = block.title_top(Line::from(Span::styled(legend, t.dim)).right_aligned());
        }
        let key =
            crate::keymap::key_for(crate::keymap::Mode::Map, &crate::action::Action::ListUnplaced).unwrap_or_default();
        let unplaced = format!(
            " {} {} ({key}: {}) ",
            tr(self.lang, "no location:", "без координат:"),
            self.view.unplaced,
            tr(self.lang, "which", "які")
        );
        let unplaced = (self.view.unplaced > 0 && width >= 60).then_some(unplaced);
        let room = width
            .saturating_sub(4)
            .saturating_sub(unplaced.as_ref().map_or(0, |u| u.chars().count() + 1));
        block = block.title_bottom(Line::from(Span::styled(
            ellipsize(&self.info(&spots, canvas), room),
            t.title,
        )));
        if let Some(u) = unplaced {
            block = block.title_bottom(Line::from(Span::styled(u, t.dim)).right_aligned());
        }
        let color = t.map_land.fg.unwrap_or(Color::Reset);
        Canvas::default()
            .block(block)
            .marker(Marker::HalfBlock)
            .x_bounds([view.west, view.east])
            .y_bounds([view.south, view.north])
            .paint(|ctx| {
                ctx.draw(&Map {
                    resolution: MapResolution::High,
                    color,
                });
            })
            .render(area, buf);
        self.render_spots(&spots, canvas, buf);
    }
}

impl LibraryMap<'_> {
    /// The points on screen, grouped by cell.
    /// The points on screen, grouped by cell; marks that would touch are merged into one
    /// ([`crate::app::map::merge_marks`]), which counts all their services.
    fn spots(&self, canvas: Rect) -> HashMap<(u16, u16), Spot> {
        let view = self.view.view(canvas);
        let mut cells: HashMap<(u16, u16), Spot> = HashMap::new();
        for (i, p) in self.view.points.iter().enumerate() {
            if let Some(cell) = view.cell(canvas.width, canvas.height, p.lat, p.lon) {
                let spot = cells.entry(cell).or_default();
                spot.points.push(i);
                spot.services.extend(&p.services);
            }
        }
        let mut list: Vec<((u16, u16), Spot)> = cells.into_iter().collect();
        list.sort_by_key(|(cell, _)| *cell);
        let weights: Vec<((u16, u16), usize)> = list.iter().map(|(c, s)| (*c, s.services.len())).collect();
        let mut spots: HashMap<(u16, u16), Spot> = HashMap::new();
        for (at, (_, spot)) in crate::app::map::merge_marks(&weights).into_iter().zip(list) {
            let merged = spots.entry(at).or_default();
            merged.points.extend(spot.points);
            merged.services.extend(spot.services);
        }
        for spot in spots.values_mut() {
            spot.points.sort_unstable();
        }
        spots
    }

    /// The cell of the mark that holds the selected point.
    fn selected_cell(&self, canvas: Rect) -> Option<(u16, u16)> {
        let i = self.view.selected?;
        self.spots(canvas)
            .into_iter()
            .find_map(|(cell, spot)| spot.points.contains(&i).then_some(cell))
    }

    /// The bottom line: the selected library, its services, and its neighbours in the cell.
    fn info(&self, spots: &HashMap<(u16, u16), Spot>, canvas: Rect) -> String {
        let (Some(p), Some(i)) = (self.view.selected_point(), self.view.selected) else {
            // The key comes from the key table, so the hint stays true if it changes.
            let key =
                crate::keymap::key_for(crate::keymap::Mode::Map, &crate::action::Action::ZoomWorld).unwrap_or_default();
            return match self.lang {
                Lang::En => format!(" No libraries with results here; {key} shows the world "),
                Lang::Uk => format!(" Тут немає бібліотек із результатами; {key} — увесь світ "),
            };
        };
        let name = self
            .ds
            .catalogue
            .libraries
            .get(p.library)
            .map_or("", |l| l.name.get(self.lang));
        let mut out = format!(" ▶ {name} · {}", count_services(self.lang, p.services.len()));
        if let Some(spot) = self.selected_cell(canvas).and_then(|c| spots.get(&c))
            && spot.points.len() > 1
        {
            let nth = spot.points.iter().position(|&j| j == i).unwrap_or(0) + 1;
            out.push_str(&format!(
                " · {nth} {} {} {}",
                tr(self.lang, "of", "з"),
                spot.points.len(),
                tr(self.lang, "here (Tab: next)", "тут (Tab — наступна)")
            ));
        }
        out.push(' ');
        out
    }

    /// The place name of a spot: the place of its busiest library without any note in
    /// brackets, "…" after it when there are more places.
    fn spot_name(&self, spot: &Spot) -> String {
        let places: BTreeSet<&str> = spot
            .points
            .iter()
            .filter_map(|&i| self.view.points.get(i))
            .filter_map(|p| self.ds.catalogue.libraries.get(p.library))
            .map(|l| l.place.get(self.lang))
            .filter(|s| !s.is_empty())
            .collect();
        let busiest = spot
            .points
            .iter()
            .filter_map(|&i| self.view.points.get(i))
            .max_by_key(|p| p.services.len())
            .and_then(|p| self.ds.catalogue.libraries.get(p.library))
            .map_or("", |l| l.place.get(self.lang));
        let busiest = busiest.split(" (").next().unwrap_or(busiest);
        if places.len() > 1 {
            format!("{busiest}…")
        } else {
            busiest.to_owned()
        }
    }

    /// Marks, the selection's brackets, then place names where they fit.
    fn render_spots(&self, spots: &HashMap<(u16, u16), Spot>, canvas: Rect, buf: &mut Buffer) {
        if canvas.is_empty() {
            return;
        }
        let t = self.theme;
        let (w, h) = (canvas.width, canvas.height);
        let mut taken = vec![false; usize::from(w) * usize::from(h)];
        let index = |x: u16, y: u16| usize::from(y) * usize::from(w) + usize::from(x);
        for (&(x, y), spot) in spots {
            taken[index(x, y)] = true;
            let m = mark(spot.services.len()).to_string();
            put(buf, canvas.x + x, canvas.y + y, &m, t.map_point);
        }
        let selected = self.selected_cell(canvas);
        if let Some((x, y)) = selected
            && let Some(spot) = spots.get(&(x, y))
        {
            let m = format!("[{}]", mark(spot.services.len()));
            for (dx, c) in [(-1, '['), (1, ']')] {
                if let Some(bx) = x.checked_add_signed(dx).filter(|&bx| bx < w)
                    && !spots.contains_key(&(bx, y))
                {
                    taken[index(bx, y)] = true;
                    put(buf, canvas.x + bx, canvas.y + y, &c.to_string(), t.map_selected);
                }
            }
            put(buf, canvas.x + x, canvas.y + y, &m[1..m.len() - 1], t.map_selected);
        }
        // Names: the selected place first, then the busiest.
        let mut order: Vec<(&(u16, u16), &Spot)> = spots.iter().collect();
        order.sort_by_key(|(cell, spot)| (Some(**cell) != selected, std::cmp::Reverse(spot.services.len()), **cell));
        for (&(x, y), spot) in order {
            let name = self.spot_name(spot);
            let len = name.chars().count() as u16;
            if len == 0 {
                continue;
            }
            // One cell of space from the mark, or from the selection's bracket.
            let gap = if Some((x, y)) == selected { 3 } else { 2 };
            let right = x.saturating_add(gap);
            let left = x.checked_sub(gap + len);
            // The name and a cell either side must be free.
            let fits = |from: u16| {
                from + len <= w && (from.saturating_sub(1)..(from + len + 1).min(w)).all(|cx| !taken[index(cx, y)])
            };
            let from = if fits(right) {
                Some(right)
            } else {
                left.filter(|&l| fits(l))
            };
            if let Some(from) = from {
                // Clear the gap between the mark and the name, and keep a cell after it.
                let gap = if from > x { x + 1..from } else { from + len..x };
                for cx in gap.chain(from.saturating_sub(1)..(from + len + 1).min(w)) {
                    if !taken[index(cx, y)] {
                        taken[index(cx, y)] = true;
                        put(buf, canvas.x + cx, canvas.y + y, " ", t.text);
                    }
                }
                let style = if Some((x, y)) == selected { t.title } else { t.dim };
                put(buf, canvas.x + from, canvas.y + y, &name, style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::mark;

    #[test]
    fn marks_show_the_count_class() {
        assert_eq!(mark(1), '1');
        assert_eq!(mark(9), '9');
        assert_eq!(mark(10), '+');
        assert_eq!(mark(250), '+');
    }
}
