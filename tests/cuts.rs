//! What the screen cuts: a detail view resized small and back shows its title again, the
//! "about" view stops at its end.

#![allow(clippy::expect_used, reason = "test helpers fail the test with a message")]

mod support;

use libservices::action::Action;
use libservices::catalogue::Lang;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use support::{app, key, key_with, screen, type_text};

#[test]
fn a_detail_view_resized_small_and_back_shows_its_title() {
    let mut a = app(80, 24, Lang::En);
    type_text(&mut a, "twinning");
    key(&mut a, KeyCode::Enter);
    let title = a.history().last().expect("a detail view").detail.title.clone();
    for _ in 0..6 {
        key(&mut a, KeyCode::Down);
    }
    a.update(Action::Resize(40, 12));
    a.update(Action::Resize(80, 24));
    let first_words: String = title.chars().take(20).collect();
    assert!(screen(&a).contains(&first_words), "{}", screen(&a));
}

#[test]
fn the_about_view_does_not_scroll_past_its_end() {
    let mut a = app(80, 24, Lang::En);
    key(&mut a, KeyCode::F(9));
    for _ in 0..300 {
        key(&mut a, KeyCode::Down);
    }
    let shown = screen(&a);
    // Everything fits on the screen, so it does not move at all: its first and last lines show.
    assert!(shown.contains("║Catalogue 2026.11 of 2026-11-21"), "{shown}");
    assert!(shown.contains("adds: 38 services"), "{shown}");
}

#[test]
fn the_maps_no_location_count_opens_to_name_the_libraries() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::F(4));
    let unplaced = a.map().expect("the map").unplaced;
    assert!(unplaced > 0, "the bundled catalogue has libraries without coordinates");
    assert!(
        screen(&a).contains(&format!("no location: {unplaced} (Ctrl-L: which)")),
        "{}",
        screen(&a)
    );
    key_with(&mut a, KeyCode::Char('l'), KeyModifiers::CONTROL);
    let shown = screen(&a);
    assert!(
        shown.contains(&format!("No location on the map ({unplaced}): ")),
        "{shown}"
    );
    let first = a.map().expect("the map").unplaced_libraries[0];
    let name: String = a.data().ds.catalogue.libraries[first]
        .name
        .en()
        .chars()
        .take(15)
        .collect();
    assert!(shown.contains(&name), "{name}: {shown}");
}
