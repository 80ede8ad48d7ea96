//! The map view's state: a point per library that has results, the area shown, and the
//! selected library.
//!
//! A library's services are counted as the filter pane counts the library facet: the
//! search and every other filter apply, and pressing Enter on the map replaces any library
//! filter with that library, so the list then shows exactly that many services.

use ratatui::layout::Rect;

use crate::catalogue::{Dataset, Lang};
use crate::facets::{Facet, Facets, Filters};
use crate::i18n::tr;

/// A rectangle of the globe, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Western longitude.
    pub west: f64,
    /// Eastern longitude.
    pub east: f64,
    /// Southern latitude.
    pub south: f64,
    /// Northern latitude.
    pub north: f64,
}

impl Bounds {
    const fn new(west: f64, east: f64, south: f64, north: f64) -> Self {
        Self {
            west,
            east,
            south,
            north,
        }
    }

    /// True when the place is inside.
    #[must_use]
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.west..=self.east).contains(&lon) && (self.south..=self.north).contains(&lat)
    }

    /// The middle, as (latitude, longitude).
    #[must_use]
    pub fn centre(&self) -> (f64, f64) {
        (
            f64::midpoint(self.south, self.north),
            f64::midpoint(self.west, self.east),
        )
    }

    /// These bounds widened on one axis so that the area shows undistorted on `cols` x
    /// `rows` terminal cells (a cell is about twice as tall as it is wide; a degree of
    /// longitude is shorter than one of latitude by the cosine of the latitude).
    #[must_use]
    pub fn fit(&self, cols: u16, rows: u16) -> Self {
        let (w, h) = (f64::from(cols.max(1)), f64::from(rows.max(1)) * 2.0);
        let (lat, lon) = self.centre();
        let k = lat.to_radians().cos().max(0.2);
        let per_unit = ((self.east - self.west) * k / w).max((self.north - self.south) / h);
        let (half_lon, half_lat) = (per_unit * w / k / 2.0, per_unit * h / 2.0);
        Self::new(lon - half_lon, lon + half_lon, lat - half_lat, lat + half_lat)
    }

    /// The cell (column, row) of a place on a canvas of `cols` x `rows` cells, or `None`
    /// when it is outside.
    #[must_use]
    pub fn cell(&self, cols: u16, rows: u16, lat: f64, lon: f64) -> Option<(u16, u16)> {
        if cols == 0 || rows == 0 || !self.contains(lat, lon) {
            return None;
        }
        let x = (lon - self.west) / (self.east - self.west) * f64::from(cols - 1);
        let y = (self.north - lat) / (self.north - self.south) * f64::from(rows - 1);
        Some((x.round() as u16, y.round() as u16))
    }

    /// A place in screen units (the width of a cell) from the top left corner.
    fn screen(&self, cols: u16, rows: u16, lat: f64, lon: f64) -> (f64, f64) {
        let x = (lon - self.west) / (self.east - self.west) * f64::from(cols);
        let y = (self.north - lat) / (self.north - self.south) * f64::from(rows) * 2.0;
        (x, y)
    }
}

/// The areas the map can jump to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// The whole world (without Antarctica).
    World,
    /// Europe.
    Europe,
    /// Ukraine.
    Ukraine,
    /// Belarus.
    Belarus,
    /// The United Kingdom.
    Uk,
}

impl Area {
    /// Every area, in the order `z` goes through them.
    pub const ALL: [Self; 5] = [Self::World, Self::Europe, Self::Ukraine, Self::Belarus, Self::Uk];

    /// The area's name.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::World => tr(lang, "World", "Світ"),
            Self::Europe => tr(lang, "Europe", "Європа"),
            Self::Ukraine => tr(lang, "Ukraine", "Україна"),
            Self::Belarus => tr(lang, "Belarus", "Білорусь"),
            Self::Uk => tr(lang, "United Kingdom", "Велика Британія"),
        }
    }

    /// The part of the globe the area covers.
    #[must_use]
    pub const fn bounds(self) -> Bounds {
        match self {
            Self::World => Bounds::new(-180.0, 180.0, -58.0, 84.0),
            Self::Europe => Bounds::new(-11.0, 42.0, 35.0, 62.0),
            Self::Ukraine => Bounds::new(22.0, 40.3, 44.3, 52.4),
            Self::Belarus => Bounds::new(23.1, 32.8, 51.2, 56.2),
            Self::Uk => Bounds::new(-8.7, 1.8, 49.9, 58.7),
        }
    }
}

/// A direction on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// North.
    Up,
    /// South.
    Down,
    /// West.
    Left,
    /// East.
    Right,
}

/// A library on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    /// Index into the catalogue's libraries.
    pub library: usize,
    /// The library's value in the library facet.
    pub value: u32,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Its services among the results (as the library filter counts them).
    pub services: Vec<usize>,
}

/// State of the map view.
#[derive(Debug, Clone, PartialEq)]
pub struct MapView {
    /// Libraries with results and a location, west to east.
    pub points: Vec<MapPoint>,
    /// Libraries with results but no location.
    pub unplaced: usize,
    /// Those libraries (indices into the catalogue), in facet order, for listing them.
    pub unplaced_libraries: Vec<usize>,
    /// The part of the globe asked for (widened to the screen's shape when drawn).
    pub wanted: Bounds,
    /// The named area shown, `None` after zooming in or out.
    pub area: Option<Area>,
    /// The selected point, an index into `points`; always a point on screen.
    pub selected: Option<usize>,
}

/// Where the map is drawn inside the view's area (within its border).
#[must_use]
pub const fn canvas_area(body: Rect) -> Rect {
    Rect::new(
        body.x.saturating_add(1),
        body.y.saturating_add(1),
        body.width.saturating_sub(2),
        body.height.saturating_sub(2),
    )
}

/// The smallest zoom: about a quarter of a degree across.
const MIN_SPAN: f64 = 0.25;

impl MapView {
    /// Points for the libraries of `services` (the search hits) that pass the filters but
    /// the library filter. The smallest area holding every point is shown; the library of
    /// `prefer` (the service selected in the list) is selected, else the busiest one.
    #[must_use]
    pub fn new(ds: &Dataset, facets: &Facets, filters: &Filters, services: &[usize], prefer: Option<usize>) -> Self {
        let libraries = facets.values(Facet::Library);
        let mut lists: Vec<Vec<usize>> = vec![Vec::new(); libraries.len()];
        let passing = facets.passing(filters);
        for &s in services {
            if passing.passes_except(s, Facet::Library) {
                for v in facets.of_service(Facet::Library, s) {
                    if let Some(list) = lists.get_mut(v as usize) {
                        list.push(s);
                    }
                }
            }
        }
        let mut points = Vec::new();
        let mut unplaced = 0;
        let mut unplaced_libraries = Vec::new();
        for (value, (fv, list)) in libraries.iter().zip(lists).enumerate() {
            if list.is_empty() {
                continue;
            }
            let found = ds
                .catalogue
                .libraries
                .iter()
                .enumerate()
                .find(|(_, l)| *l.id == *fv.key);
            if let Some((library, (lat, lon))) = found.and_then(|(i, l)| l.coordinates.map(|c| (i, c))) {
                points.push(MapPoint {
                    library,
                    value: value as u32,
                    lat,
                    lon,
                    services: list,
                });
            } else {
                unplaced += 1;
                unplaced_libraries.extend(found.map(|(i, _)| i));
            }
        }
        points.sort_by(|a, b| {
            a.lon
                .total_cmp(&b.lon)
                .then(b.lat.total_cmp(&a.lat))
                .then(a.value.cmp(&b.value))
        });
        let area = [Area::Uk, Area::Belarus, Area::Ukraine, Area::Europe]
            .into_iter()
            .find(|a| !points.is_empty() && points.iter().all(|p| a.bounds().contains(p.lat, p.lon)))
            .unwrap_or(Area::World);
        let preferred = prefer
            .and_then(|s| ds.links.get(s))
            .and_then(|links| links.libraries.first().copied())
            .and_then(|lib| points.iter().position(|p| p.library == lib as usize));
        let busiest = points
            .iter()
            .enumerate()
            .max_by(|(i, a), (j, b)| a.services.len().cmp(&b.services.len()).then(j.cmp(i)))
            .map(|(i, _)| i);
        Self {
            points,
            unplaced,
            unplaced_libraries,
            wanted: area.bounds(),
            area: Some(area),
            selected: preferred.or(busiest),
        }
    }

    /// The bounds drawn on a canvas of this size.
    #[must_use]
    pub fn view(&self, canvas: Rect) -> Bounds {
        self.wanted.fit(canvas.width, canvas.height)
    }

    /// True when point `i` is on screen.
    #[must_use]
    pub fn on_screen(&self, i: usize, canvas: Rect) -> bool {
        let view = self.view(canvas);
        self.points
            .get(i)
            .is_some_and(|p| view.cell(canvas.width, canvas.height, p.lat, p.lon).is_some())
    }

    /// The selected point.
    #[must_use]
    pub fn selected_point(&self) -> Option<&MapPoint> {
        self.selected.and_then(|i| self.points.get(i))
    }

    /// Moves to the nearest point on screen in a direction, preferring points within 45°
    /// of it; points in the same cell as the selection are reached with Tab instead.
    pub fn step(&mut self, dir: Dir, canvas: Rect) {
        let Some(from) = self.selected_point() else { return };
        let view = self.view(canvas);
        let (w, h) = (canvas.width, canvas.height);
        let here_cell = view.cell(w, h, from.lat, from.lon);
        let (x0, y0) = view.screen(w, h, from.lat, from.lon);
        let candidates: Vec<(usize, f64, f64)> = self
            .points
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                let cell = view.cell(w, h, p.lat, p.lon);
                cell.is_some() && cell != here_cell
            })
            .filter_map(|(i, p)| {
                let (x, y) = view.screen(w, h, p.lat, p.lon);
                let (dx, dy) = (x - x0, y - y0);
                let (ahead, aside) = match dir {
                    Dir::Up => (-dy, dx),
                    Dir::Down => (dy, dx),
                    Dir::Left => (-dx, dy),
                    Dir::Right => (dx, dy),
                };
                (ahead > 0.0).then_some((i, ahead, aside.abs()))
            })
            .collect();
        let nearest = |cone: bool| {
            candidates
                .iter()
                .filter(|(_, ahead, aside)| !cone || aside <= ahead)
                .min_by(|a, b| a.1.hypot(a.2).total_cmp(&b.1.hypot(b.2)))
                .map(|c| c.0)
        };
        if let Some(i) = nearest(true).or_else(|| nearest(false)) {
            self.selected = Some(i);
        }
    }

    /// Selects the next (or previous) point on screen, west to east, wrapping.
    pub fn cycle(&mut self, step: isize, canvas: Rect) {
        let shown: Vec<usize> = (0..self.points.len()).filter(|&i| self.on_screen(i, canvas)).collect();
        if shown.is_empty() {
            return;
        }
        let here = self
            .selected
            .and_then(|s| shown.iter().position(|&i| i == s))
            .map_or(if step > 0 { -1 } else { 0 }, |p| p as isize);
        let next = (here + step).rem_euclid(shown.len() as isize) as usize;
        self.selected = Some(shown[next]);
    }

    /// Shows a named area, with a library in it selected (the selection stays when it is
    /// in the area).
    pub fn show(&mut self, area: Area, canvas: Rect) {
        self.area = Some(area);
        self.wanted = area.bounds();
        let inside = |p: &MapPoint| area.bounds().contains(p.lat, p.lon);
        if !self.selected_point().is_some_and(inside)
            && let Some(i) = self.nearest(area.bounds().centre(), canvas, inside)
        {
            self.selected = Some(i);
        }
        self.settle(canvas);
    }

    /// Shows the area after the one shown (the first after zooming).
    pub fn show_next(&mut self, canvas: Rect) {
        let next = self
            .area
            .and_then(|a| Area::ALL.iter().position(|&b| b == a))
            .map_or(0, |i| (i + 1) % Area::ALL.len());
        self.show(Area::ALL[next], canvas);
    }

    /// Zooms in (`factor` < 1, around the selected point) or out (around the middle).
    pub fn zoom(&mut self, factor: f64, canvas: Rect) {
        let view = self.view(canvas);
        let (lat, lon) = match self.selected_point() {
            Some(p) if factor < 1.0 => (p.lat, p.lon),
            _ => view.centre(),
        };
        let world = Area::World.bounds();
        let lon_span = (view.east - view.west) * factor;
        if factor > 1.0 && lon_span >= world.east - world.west {
            self.show(Area::World, canvas);
            return;
        }
        let lon_span = lon_span.max(MIN_SPAN);
        let lat_span = ((view.north - view.south) * factor).clamp(MIN_SPAN, world.north - world.south);
        self.area = None;
        self.wanted = Bounds::new(
            lon - lon_span / 2.0,
            lon + lon_span / 2.0,
            lat - lat_span / 2.0,
            lat + lat_span / 2.0,
        );
        self.settle(canvas);
    }

    /// Keeps the selection on screen: when it is not, selects the point nearest the middle.
    pub fn settle(&mut self, canvas: Rect) {
        if self.selected.is_some_and(|i| self.on_screen(i, canvas)) {
            return;
        }
        self.selected = self.nearest(self.view(canvas).centre(), canvas, |_| true);
    }

    /// The point on screen, of those `keep` accepts, nearest to (latitude, longitude).
    fn nearest(&self, (lat, lon): (f64, f64), canvas: Rect, keep: impl Fn(&MapPoint) -> bool) -> Option<usize> {
        let d = |i: usize| (self.points[i].lat - lat).hypot(self.points[i].lon - lon);
        (0..self.points.len())
            .filter(|&i| self.on_screen(i, canvas) && keep(&self.points[i]))
            .min_by(|&a, &b| d(a).total_cmp(&d(b)))
    }
}

/// The message that lists the libraries without a location ("no location: N" opened):
/// their names, as many as `room` characters hold, then how many more.
#[must_use]
pub fn unplaced_text(names: &[&str], lang: Lang, room: usize) -> String {
    let head = match lang {
        Lang::En => format!("No location on the map ({}): ", names.len()),
        Lang::Uk => format!("Без координат на карті ({}): ", names.len()),
    };
    let mut out = head;
    for (n, name) in names.iter().enumerate() {
        let rest = names.len() - n;
        let more = match lang {
            Lang::En => format!("… and {rest} more"),
            Lang::Uk => format!("… і ще {rest}"),
        };
        let sep = if n == 0 { "" } else { "; " };
        if out.chars().count() + sep.len() + name.chars().count() + more.chars().count() > room && n > 0 {
            out.push_str(&more);
            return out;
        }
        out.push_str(sep);
        out.push_str(name);
    }
    out.push('.');
    out
}

/// Marks on one row closer than this many cells apart (one blank between them, or none)
/// would read as one number (`32112+`, `2 2 1`): they are merged into one mark.
pub const MERGE_WITHIN: u16 = 2;

/// Which mark each of `cells` (column, row) goes into: marks on the same row within
/// [`MERGE_WITHIN`] columns of the next one are one group, drawn at the cell of its member
/// with the largest `weight` (the first of equals). Returns, for each input, the cell its
/// group is drawn at.
#[must_use]
pub fn merge_marks(cells: &[((u16, u16), usize)]) -> Vec<(u16, u16)> {
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by_key(|&i| (cells[i].0.1, cells[i].0.0));
    let mut out = vec![(0, 0); cells.len()];
    let mut group: Vec<usize> = Vec::new();
    let mut flush = |group: &mut Vec<usize>| {
        if let Some(&best) = group.iter().max_by_key(|&&i| (cells[i].1, std::cmp::Reverse(i))) {
            for &i in group.iter() {
                out[i] = cells[best].0;
            }
        }
        group.clear();
    };
    for i in order {
        let ((x, y), _) = cells[i];
        let joins = group.last().is_some_and(|&last| {
            let (lx, ly) = cells[last].0;
            ly == y && x.saturating_sub(lx) <= MERGE_WITHIN
        });
        if !joins {
            flush(&mut group);
        }
        group.push(i);
    }
    flush(&mut group);
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_libraries_without_a_location_are_listed_as_far_as_they_fit() {
        let names = ["Volyn Regional Library", "Bar Raion Library", "Shostka City Library"];
        assert_eq!(
            unplaced_text(&names, Lang::En, 200),
            "No location on the map (3): Volyn Regional Library; Bar Raion Library; Shostka City Library."
        );
        let short = unplaced_text(&names, Lang::Uk, 60);
        assert!(short.ends_with("… і ще 2"), "{short}");
        assert!(short.contains("Volyn Regional Library"), "{short}");
    }

    #[test]
    fn marks_that_would_touch_are_merged_at_the_busiest() {
        // 3 2 1 1 2 side by side on one row, another row apart, one far away.
        let cells = [
            ((10, 5), 3),
            ((11, 5), 2),
            ((12, 5), 1),
            ((14, 5), 1),
            ((15, 5), 9),
            ((10, 6), 1),
            ((30, 5), 4),
        ];
        let merged = merge_marks(&cells);
        assert_eq!(&merged[..5], [(15, 5); 5]);
        assert_eq!(merged[5], (10, 6), "another row stays apart");
        assert_eq!(merged[6], (30, 5));
        // Three cells apart: two marks with two blanks between them, read apart.
        assert_eq!(merge_marks(&[((1, 1), 1), ((4, 1), 1)]), [(1, 1), (4, 1)]);
    }
    use super::*;

    fn point(library: usize, lat: f64, lon: f64, services: usize) -> MapPoint {
        MapPoint {
            library,
            value: library as u32,
            lat,
            lon,
            services: (0..services).collect(),
        }
    }

    /// Points, west to east, at Lviv (library 1), Kyiv (0), a second library in Kyiv (5),
    /// Odesa (2), Chernihiv (4) and Kharkiv (3); Kyiv is selected.
    fn ukraine() -> MapView {
        MapView {
            points: vec![
                point(1, 49.84, 24.03, 1),
                point(0, 50.45, 30.52, 3),
                point(5, 50.45, 30.52, 1),
                point(2, 46.48, 30.72, 2),
                point(4, 51.49, 31.29, 1),
                point(3, 49.99, 36.23, 1),
            ],
            unplaced: 0,
            unplaced_libraries: Vec::new(),
            wanted: Area::Ukraine.bounds(),
            area: Some(Area::Ukraine),
            selected: Some(1),
        }
    }

    const CANVAS: Rect = Rect::new(1, 1, 78, 18);

    fn library(v: &MapView) -> Option<usize> {
        v.selected_point().map(|p| p.library)
    }

    #[test]
    fn arrows_go_to_the_nearest_point_that_way() {
        let mut v = ukraine();
        v.step(Dir::Left, CANVAS);
        assert_eq!(library(&v), Some(1), "west of Kyiv: Lviv");
        v.step(Dir::Left, CANVAS);
        assert_eq!(library(&v), Some(1), "nothing further west: stays");
        v.step(Dir::Right, CANVAS);
        assert_eq!(library(&v), Some(0), "east of Lviv: Kyiv, the nearest within 45°");
        v.step(Dir::Down, CANVAS);
        assert_eq!(library(&v), Some(2), "south of Kyiv: Odesa");
        v.step(Dir::Right, CANVAS);
        assert_eq!(
            library(&v),
            Some(3),
            "east of Odesa: Kharkiv, not Chernihiv far to the north"
        );
        v.step(Dir::Up, CANVAS);
        assert_eq!(
            library(&v),
            Some(4),
            "nothing within 45° north of Kharkiv: the nearest to the north, Chernihiv"
        );
    }

    #[test]
    fn tab_goes_west_to_east_through_libraries_in_one_place() {
        let mut v = ukraine();
        v.cycle(1, CANVAS);
        assert_eq!(library(&v), Some(5), "the other library in Kyiv");
        v.cycle(1, CANVAS);
        assert_eq!(library(&v), Some(2));
        v.cycle(-3, CANVAS);
        assert_eq!(library(&v), Some(1));
        v.cycle(-1, CANVAS);
        assert_eq!(library(&v), Some(3), "wraps round to the east");
    }

    #[test]
    fn zooming_keeps_the_selection_on_screen() {
        let mut v = ukraine();
        v.selected = Some(0);
        v.show(Area::Uk, CANVAS);
        assert_eq!(v.selected, None, "no library in the United Kingdom");
        v.show(Area::Ukraine, CANVAS);
        assert!(v.selected.is_some_and(|i| v.on_screen(i, CANVAS)));
        v.selected = Some(1);
        for _ in 0..6 {
            v.zoom(0.5, CANVAS);
        }
        assert_eq!(v.area, None);
        assert_eq!(library(&v), Some(0), "zooming in keeps Kyiv in the middle, selected");
        assert!(!v.on_screen(0, CANVAS), "Lviv is off screen");
        for _ in 0..12 {
            v.zoom(2.0, CANVAS);
        }
        assert_eq!(v.area, Some(Area::World));
        v.show_next(CANVAS);
        assert_eq!(v.area, Some(Area::Europe));
    }

    #[test]
    fn fitting_keeps_the_area_and_shape() {
        let b = Area::Ukraine.bounds();
        for (w, h) in [(78, 18), (118, 34), (20, 30), (1, 1)] {
            let f = b.fit(w, h);
            let e = 1e-9;
            assert!(
                f.west <= b.west + e && f.east >= b.east - e && f.south <= b.south + e && f.north >= b.north - e,
                "{w}x{h}: {f:?} does not hold {b:?}"
            );
            let k = f.centre().0.to_radians().cos();
            let ratio = (f.east - f.west) * k / (f.north - f.south);
            let screen = f64::from(w) / (f64::from(h) * 2.0);
            assert!((ratio - screen).abs() < 1e-9, "{w}x{h}: {ratio} vs {screen}");
        }
        assert_eq!(b.cell(0, 5, 50.0, 30.0), None);
        assert_eq!(b.cell(10, 5, 0.0, 30.0), None);
        assert_eq!(b.cell(10, 5, b.north, b.west), Some((0, 0)));
        assert_eq!(b.cell(10, 5, b.south, b.east), Some((9, 4)));
    }
}
