//! Flow tests of the statistics view (F3) and the map (F4): keys through the real key
//! table, assertions on the app state and, where it matters, on the screen.

#![allow(clippy::expect_used, reason = "a test helper may panic")]

mod support;

use libservices::app::App;
use libservices::app::map::{Area, MapPoint};
use libservices::app::stats::{CHARTS, StatsView};
use libservices::catalogue::Lang;
use libservices::facets::{Facet, ValueState};
use libservices::keymap::Mode;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use support::{app, key, key_with, screen, type_text};

fn value(app: &App, facet: Facet, key: &str) -> u32 {
    app.data().facets.find(facet, key).expect("facet value exists")
}

/// The services among the results, in order (the other kinds of entry left out).
fn result_services(app: &App) -> Vec<usize> {
    app.results().iter().filter_map(|&h| app.hits()[h].service()).collect()
}

/// How many of the services among the results carry a facet value, counted from the
/// services themselves.
fn carrying(app: &App, facet: Facet, value: u32) -> usize {
    result_services(app)
        .into_iter()
        .filter(|&s| app.data().facets.of_service(facet, s).any(|v| v == value))
        .count()
}

/// Selects a value in the filter pane by pressing ↓ from the top, and includes it.
fn include(app: &mut App, facet: Facet, key_: &str) {
    let v = value(app, facet, key_);
    key(app, KeyCode::Home);
    for _ in 0..app.filter_pane().rows.len() {
        if app.filter_pane().selected() == Some((facet, v)) {
            break;
        }
        key(app, KeyCode::Down);
    }
    key(app, KeyCode::Char(' '));
    assert_eq!(app.filters().state(facet, v), ValueState::Included);
}

/// The app at 120x40 on the results for "children" with Ukraine included, in the list.
fn children_in_ukraine() -> App {
    let mut a = app(120, 40, Lang::En);
    type_text(&mut a, "children");
    key(&mut a, KeyCode::Tab);
    include(&mut a, Facet::Country, "UA");
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.mode(), Mode::Results);
    a
}

fn library_id(app: &App, p: &MapPoint) -> String {
    app.data().ds.catalogue.libraries[p.library].id.to_string()
}

fn selected(app: &App) -> MapPoint {
    app.map()
        .as_ref()
        .and_then(|m| m.selected_point())
        .cloned()
        .expect("a library is selected")
}

#[test]
fn f2_opens_the_statistics_from_the_search_box_and_esc_changes_nothing() {
    let mut a = app(80, 24, Lang::En);
    type_text(&mut a, "library");
    let results = a.results().to_vec();
    key(&mut a, KeyCode::F(3));
    assert_eq!(a.mode(), Mode::Stats);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode(), Mode::Search, "back where it was opened");
    assert!(a.filters().is_empty());
    assert_eq!(a.results(), results);
    assert_eq!(a.search().text(), "library");
    key(&mut a, KeyCode::F(3));
    key(&mut a, KeyCode::F(3));
    assert_eq!(a.mode(), Mode::Search, "F3 closes it again");
}

#[test]
fn every_bar_counts_what_the_filter_pane_counts() {
    let mut a = children_in_ukraine();
    key(&mut a, KeyCode::F(3));
    for facet in CHARTS {
        let view = a.stats().cloned().expect("statistics open");
        assert_eq!(view.facet(), facet);
        for bar in &view.bars {
            assert_eq!(bar.count, a.filter_pane().count(facet, bar.value), "{facet:?}");
            if facet != Facet::Country {
                // No filter on this facet: the count is how many results carry the value.
                assert_eq!(bar.count, carrying(&a, facet, bar.value), "{facet:?}");
            }
        }
        let values = a.data().facets.values(facet).len() as u32;
        let nonzero = (0..values).filter(|&v| a.filter_pane().count(facet, v) > 0).count();
        assert_eq!(
            view.bars.iter().filter(|b| b.count > 0).count(),
            nonzero,
            "{facet:?}: every value with results has a bar"
        );
        key(&mut a, KeyCode::Tab);
    }
    assert_eq!(a.stats().map(StatsView::facet), Some(CHARTS[0]), "Tab wraps round");
}

#[test]
fn the_screen_shows_the_same_number_in_the_chart_and_the_filter_pane() {
    let mut a = children_in_ukraine();
    // The number after a name on a row of the screen.
    let number_after = |screen: &str, name: &str, pane: usize| -> usize {
        screen
            .lines()
            .filter_map(|l| l.split(['│', '║']).nth(pane))
            .find(|cell| cell.contains(name))
            .and_then(|cell| cell.split_whitespace().rev().find_map(|w| w.parse().ok()))
            .unwrap_or_else(|| panic!("{name} with a number in pane {pane}:\n{screen}"))
    };
    // Show the region in the filter pane by selecting it there.
    key_with(&mut a, KeyCode::BackTab, KeyModifiers::SHIFT);
    let region = a
        .data()
        .facets
        .values(Facet::Region)
        .iter()
        .position(|v| v.key == "UA:Dnipropetrovsk Oblast");
    let region = region.expect("the region exists") as u32;
    key(&mut a, KeyCode::Home);
    while a.filter_pane().selected() != Some((Facet::Region, region)) {
        key(&mut a, KeyCode::Down);
    }
    let pane = number_after(&screen(&a), "Dnipropetrovsk Oblast", 1);
    key(&mut a, KeyCode::F(3));
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    let chart = number_after(&screen(&a), "Dnipropetrovsk Oblast", 1);
    assert_eq!(chart, pane);
    assert!(chart > 1);
}

#[test]
fn enter_includes_the_selected_bar_and_returns_to_the_list() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::F(3));
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Right);
    key_with(&mut a, KeyCode::Left, KeyModifiers::NONE);
    let view = a.stats().cloned().expect("statistics open");
    assert_eq!(view.facet(), Facet::Country);
    key(&mut a, KeyCode::Down);
    let (facet, chosen) = a.stats().and_then(StatsView::selected).expect("a bar");
    let bar = a.stats().map(|s| s.bars[1]).expect("second bar");
    assert_eq!((facet, chosen), (Facet::Country, bar.value));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode(), Mode::Results);
    assert!(a.stats().is_none());
    assert_eq!(
        a.filters().active().collect::<Vec<_>>(),
        [(Facet::Country, chosen, false)]
    );
    assert_eq!(
        result_services(&a).len(),
        bar.count,
        "the list has as many services as the bar said"
    );
    assert_eq!(carrying(&a, Facet::Country, chosen), bar.count);
    assert_eq!(a.list().selected, 0);
}

#[test]
fn years_are_in_order_and_paging_stays_in_range() {
    let mut a = app(80, 24, Lang::En);
    key(&mut a, KeyCode::F(3));
    key_with(&mut a, KeyCode::BackTab, KeyModifiers::SHIFT);
    let view = a.stats().cloned().expect("statistics open");
    assert_eq!(view.facet(), Facet::Year);
    let years: Vec<&str> = view
        .bars
        .iter()
        .map(|b| a.data().facets.values(Facet::Year)[b.value as usize].key.as_str())
        .collect();
    let mut sorted = years.clone();
    sorted.sort_unstable();
    assert_eq!(years, sorted);
    key(&mut a, KeyCode::PageDown);
    key(&mut a, KeyCode::PageDown);
    key(&mut a, KeyCode::End);
    let view = a.stats().cloned().expect("statistics open");
    assert_eq!(view.cursor.selected, view.bars.len() - 1);
    key(&mut a, KeyCode::Home);
    assert_eq!(a.stats().map(|s| s.cursor.selected), Some(0));
}

#[test]
fn f3_shows_a_point_per_library_with_results_counted_as_the_filter_pane_does() {
    let mut a = children_in_ukraine();
    key(&mut a, KeyCode::F(4));
    assert_eq!(a.mode(), Mode::Map);
    let map = a.map().cloned().expect("map open");
    assert_eq!(
        map.area,
        Some(Area::Ukraine),
        "only Ukrainian libraries: the map shows Ukraine"
    );
    let libraries = a.data().facets.values(Facet::Library).len() as u32;
    let with_results = (0..libraries)
        .filter(|&v| a.filter_pane().count(Facet::Library, v) > 0)
        .count();
    assert_eq!(map.points.len() + map.unplaced, with_results);
    for p in &map.points {
        assert_eq!(p.services.len(), a.filter_pane().count(Facet::Library, p.value));
        assert_eq!(
            a.data().facets.values(Facet::Library)[p.value as usize].key,
            library_id(&a, p)
        );
    }
}

#[test]
fn enter_on_the_map_lists_that_librarys_services_alone() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::F(4));
    let first = library_id(&a, &a.map().expect("map open").points[0]);
    key(&mut a, KeyCode::Esc);
    // A library filter already set is replaced, not added to.
    key(&mut a, KeyCode::Tab);
    include(&mut a, Facet::Library, &first);
    let v = value(&a, Facet::Library, &first);
    key(&mut a, KeyCode::F(4));
    assert_eq!(selected(&a).value, v, "the library of the selected service is selected");
    key(&mut a, KeyCode::Tab);
    let point = selected(&a);
    assert_ne!(point.value, v);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode(), Mode::Results);
    assert!(a.map().is_none());
    assert_eq!(
        a.filters().active().collect::<Vec<_>>(),
        [(Facet::Library, point.value, false)]
    );
    let mut listed = result_services(&a);
    listed.sort_unstable();
    let mut expected = point.services.clone();
    expected.sort_unstable();
    assert_eq!(listed, expected, "the list is the library's services");
}

#[test]
fn esc_leaves_the_map_without_changing_the_filters() {
    let mut a = children_in_ukraine();
    let before = a.filters().clone();
    key(&mut a, KeyCode::F(4));
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode(), Mode::Results);
    assert_eq!(a.filters(), &before);
}

#[test]
fn arrows_walk_to_the_westernmost_and_easternmost_library() {
    let mut a = app(120, 40, Lang::En);
    support::vim(&mut a);
    key(&mut a, KeyCode::F(4));
    key(&mut a, KeyCode::Char('2'));
    let map = a.map().cloned().expect("map open");
    let canvas = libservices::app::map::canvas_area(a.areas().body);
    let shown: Vec<&MapPoint> = (0..map.points.len())
        .filter(|&i| map.on_screen(i, canvas))
        .map(|i| &map.points[i])
        .collect();
    let west = shown.iter().map(|p| p.lon).fold(f64::INFINITY, f64::min);
    let east = shown.iter().map(|p| p.lon).fold(f64::NEG_INFINITY, f64::max);
    let mut lon = selected(&a).lon;
    for _ in 0..shown.len() {
        key(&mut a, KeyCode::Left);
        let now = selected(&a).lon;
        assert!(now <= lon, "← never goes east: {now} after {lon}");
        lon = now;
    }
    assert!((lon - west).abs() < 1e-9, "reached the westernmost library");
    // In the vim preset h is ← too, and on a Ukrainian layout the same key gives "р".
    key(&mut a, KeyCode::Char('р'));
    assert!((selected(&a).lon - west).abs() < 1e-9, "stays there");
    for _ in 0..shown.len() {
        key(&mut a, KeyCode::Char('l'));
        let now = selected(&a).lon;
        assert!(now >= lon, "→ never goes west");
        lon = now;
    }
    assert!((lon - east).abs() < 1e-9, "reached the easternmost library");
    let north = selected(&a).lat;
    key(&mut a, KeyCode::Up);
    assert!(selected(&a).lat >= north, "↑ goes north");
}

#[test]
fn tab_visits_every_library_on_screen_once() {
    let mut a = app(120, 40, Lang::En);
    support::vim(&mut a);
    key(&mut a, KeyCode::F(4));
    key(&mut a, KeyCode::Char('2'));
    let map = a.map().cloned().expect("map open");
    let canvas = libservices::app::map::canvas_area(a.areas().body);
    let shown = (0..map.points.len()).filter(|&i| map.on_screen(i, canvas)).count();
    let mut visited = Vec::new();
    for _ in 0..shown {
        visited.push(a.map().and_then(|m| m.selected).expect("selected"));
        key(&mut a, KeyCode::Tab);
    }
    assert_eq!(a.map().and_then(|m| m.selected), visited.first().copied(), "round");
    key_with(&mut a, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(a.map().and_then(|m| m.selected), visited.last().copied());
    visited.sort_unstable();
    visited.dedup();
    assert_eq!(visited.len(), shown);
}

#[test]
fn zoom_keys_show_their_area_with_a_library_there_selected() {
    let mut a = app(80, 24, Lang::En);
    key(&mut a, KeyCode::F(4));
    // PgDn goes through the areas, Home shows the world; digits type (into the search).
    key(&mut a, KeyCode::Home);
    assert_eq!(a.map().and_then(|m| m.area), Some(Area::World));
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.map().and_then(|m| m.area), Some(Area::Europe));
    key(&mut a, KeyCode::Char('2'));
    assert!(a.map().is_none(), "a digit leaves the map for the search");
    assert_eq!((a.mode(), a.search().text()), (Mode::Search, "2"));
    let mut a = app(80, 24, Lang::En);
    support::vim(&mut a);
    key(&mut a, KeyCode::F(4));
    for (k, area) in [
        ('2', Area::Ukraine),
        ('3', Area::Belarus),
        ('4', Area::Uk),
        ('1', Area::Europe),
        ('0', Area::World),
    ] {
        key(&mut a, KeyCode::Char(k));
        let map = a.map().cloned().expect("map open");
        assert_eq!(map.area, Some(area));
        let p = selected(&a);
        assert!(area.bounds().contains(p.lat, p.lon), "{area:?}: {}", library_id(&a, &p));
    }
    key(&mut a, KeyCode::Char('z'));
    assert_eq!(a.map().and_then(|m| m.area), Some(Area::Europe));
    let before = selected(&a);
    key(&mut a, KeyCode::Char('+'));
    assert_eq!(a.map().and_then(|m| m.area), None, "zoomed in");
    assert_eq!(selected(&a), before, "zooming in keeps the selection");
    key(&mut a, KeyCode::Char('-'));
    key(&mut a, KeyCode::Char('-'));
    key(&mut a, KeyCode::Char('-'));
    key(&mut a, KeyCode::Char('-'));
    assert_eq!(
        a.map().and_then(|m| m.area),
        Some(Area::World),
        "zoomed out to the world"
    );
}

#[test]
fn the_map_follows_the_search() {
    let mut a = app(120, 40, Lang::Uk);
    type_text(&mut a, "theatre");
    // The theatre studio and the library that runs it; the map shows the service's library.
    assert_eq!(a.results().len(), 2);
    assert_eq!(result_services(&a).len(), 1);
    key(&mut a, KeyCode::F(4));
    let map = a.map().cloned().expect("map open");
    assert_eq!(map.points.len(), 1);
    assert_eq!(library_id(&a, &map.points[0]), "zhytomyr-zemlyak-central-city-library");
    let s = screen(&a);
    assert!(s.contains("[1]"), "{s}");
    assert!(s.contains("Житомир"), "the place is named: {s}");
    assert!(s.contains("1 послуга"), "{s}");
}

#[test]
fn both_views_are_listed_in_the_help() {
    let mut a = app(120, 40, Lang::Uk);
    key(&mut a, KeyCode::F(1));
    let text = screen(&a);
    assert!(text.contains("статистика: діаграми результатів"), "{text}");
    assert!(text.contains("карта бібліотек із результатів"), "{text}");
    let hints = screen(&app(120, 40, Lang::En));
    let footer = hints.lines().last().expect("a function-key bar");
    assert!(footer.contains("3Stats") && footer.contains("4Map"), "{footer}");
}

#[test]
fn clicks_do_nothing_in_the_views() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::F(4));
    let before = a.map().cloned();
    support::send(
        &mut a,
        &ratatui::crossterm::event::Event::Mouse(ratatui::crossterm::event::MouseEvent {
            kind: ratatui::crossterm::event::MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left),
            column: 10,
            row: 10,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(a.map(), before.as_ref());
    assert_eq!(a.mode(), Mode::Map);
}
