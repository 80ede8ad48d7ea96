//! Screen snapshots on a test terminal at 120x40, 80x24 and 40x12, reviewed by eye when
//! they change (`cargo insta review`, or `INSTA_UPDATE=always` and read `tests/snapshots`).
//! Matched characters are listed under the screen, since plain text cannot show style.

#![allow(clippy::expect_used, reason = "a test helper may panic")]

mod support;

use libservices::app::App;
use libservices::catalogue::Lang;
use libservices::facets::Facet;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;
use support::{app, draw, key, screen, type_text};

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 12)];

/// The screen, then each run of matched (underlined) characters with its position.
fn snapshot(app: &App) -> String {
    let terminal = draw(app);
    let buffer = terminal.backend().buffer();
    let mut marks = Vec::new();
    for y in 0..buffer.area.height {
        let mut run = String::new();
        let mut start = 0;
        for x in 0..=buffer.area.width {
            let underlined = x < buffer.area.width && buffer[(x, y)].modifier.contains(Modifier::UNDERLINED);
            if underlined {
                if run.is_empty() {
                    start = x;
                }
                run.push_str(buffer[(x, y)].symbol());
            } else if !run.is_empty() {
                marks.push(format!("({start},{y}) {run}"));
                run.clear();
            }
        }
    }
    let mut out = screen(app);
    if !marks.is_empty() {
        out.push_str("--- matched:\n");
        for m in marks {
            out.push_str(&m);
            out.push('\n');
        }
    }
    out
}

fn check(name: &str, setup: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut a = app(w, h, Lang::En);
        setup(&mut a);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), snapshot(&a));
    }
}

#[test]
fn start_screen() {
    check("start", |_| {});
}

#[test]
fn search_with_highlights() {
    check("search", |a| type_text(a, "zhytomyr theatr"));
}

#[test]
fn facets_with_counts() {
    check("facets", |a| {
        type_text(a, "children");
        key(a, KeyCode::Tab);
        let ua = a.data().facets.find(Facet::Country, "UA").expect("UA");
        while a.filter_pane().selected() != Some((Facet::Country, ua)) {
            key(a, KeyCode::Down);
        }
        key(a, KeyCode::Delete);
    });
}

#[test]
fn service_detail() {
    check("service", |a| {
        type_text(a, "theatre");
        key(a, KeyCode::Enter);
    });
}

#[test]
fn library_detail() {
    check("library", |a| {
        type_text(a, "theatre");
        key(a, KeyCode::Enter);
        key(a, KeyCode::Enter);
    });
}

#[test]
fn help_overlay() {
    check("help", |a| key(a, KeyCode::F(1)));
}

#[test]
fn ukrainian_interface() {
    let mut a = app(80, 24, Lang::Uk);
    type_text(&mut a, "театр");
    insta::assert_snapshot!("ukrainian_search_80x24", snapshot(&a));
}

/// The statistics and map views at 120x40 and 80x24 in both languages, and at 40x12.
fn check_view(name: &str, setup: impl Fn(&mut App)) {
    for lang in [Lang::En, Lang::Uk] {
        for (w, h) in [(120, 40), (80, 24)] {
            let mut a = app(w, h, lang);
            setup(&mut a);
            let code = match lang {
                Lang::En => "en",
                Lang::Uk => "uk",
            };
            insta::assert_snapshot!(format!("{name}_{code}_{w}x{h}"), snapshot(&a));
        }
    }
    let mut a = app(40, 12, Lang::En);
    setup(&mut a);
    insta::assert_snapshot!(format!("{name}_en_40x12"), snapshot(&a));
}

#[test]
fn statistics_view() {
    // The chart of target groups, the third bar selected.
    check_view("stats", |a| {
        key(a, KeyCode::Esc);
        key(a, KeyCode::F(3));
        key(a, KeyCode::Down);
        key(a, KeyCode::Down);
    });
}

#[test]
fn statistics_view_of_a_filtered_search() {
    // Regions of the services for children, with Ukraine included.
    let mut a = app(80, 24, Lang::En);
    type_text(&mut a, "children");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::F(3));
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::F(3));
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    insta::assert_snapshot!("stats_filtered_en_80x24", snapshot(&a));
}

#[test]
fn map_view() {
    // Ukraine, with the busiest library selected.
    check_view("map", |a| {
        key(a, KeyCode::Esc);
        key(a, KeyCode::F(4));
        key(a, KeyCode::Home);
        key(a, KeyCode::PageDown);
        key(a, KeyCode::PageDown);
    });
}

#[test]
fn map_areas() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::F(4));
    insta::assert_snapshot!("map_area_europe_120x40", snapshot(&a));
    key(&mut a, KeyCode::Home);
    insta::assert_snapshot!("map_area_world_120x40", snapshot(&a));
    for _ in 0..3 {
        key(&mut a, KeyCode::PageDown);
    }
    insta::assert_snapshot!("map_area_belarus_120x40", snapshot(&a));
    key(&mut a, KeyCode::PageDown);
    insta::assert_snapshot!("map_area_uk_120x40", snapshot(&a));
}
