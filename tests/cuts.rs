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
    // Its last row (lines wrap at 80 columns) is the last inside the border.
    let rows: Vec<&str> = shown.lines().collect();
    assert!(rows[rows.len() - 3].contains("services"), "{shown}");
    assert!(rows[rows.len() - 3].contains("seeds/"), "{shown}");
    for _ in 0..300 {
        key(&mut a, KeyCode::Up);
    }
    assert!(
        screen(&a).contains("║Catalogue 2026.11 of 2026-11-21"),
        "{}",
        screen(&a)
    );
}

#[test]
fn at_40_columns_the_about_view_scrolls_to_its_last_wrapped_row_and_no_further() {
    for lang in [Lang::En, Lang::Uk] {
        let mut a = app(40, 12, lang);
        key(&mut a, KeyCode::F(9));
        let lines = libservices::app::popup::about_lines(&a.data().ds, a.settings().updates.as_deref(), lang);
        let last = lines.iter().rev().find(|l| !l.trim().is_empty()).expect("a last line");
        let last_word = last.split_whitespace().last().expect("a last word");
        // Many lines wrap at 40 columns: counting lines would stop before the end.
        assert!(
            libservices::app::fit::about_rows(&lines, 40) > lines.len(),
            "the test needs lines that wrap"
        );
        let mut before = String::new();
        let mut presses = 0;
        while screen(&a) != before {
            before = screen(&a);
            key(&mut a, KeyCode::Down);
            presses += 1;
            assert!(presses < 1000, "the view never stops");
        }
        // The popup's bottom border is on row 11 of 0..12; the row above it is the text's last.
        let rows: Vec<&str> = before.lines().collect();
        let bottom_text = rows[rows.len() - 3];
        assert!(
            bottom_text.trim_end_matches('║').trim_end().ends_with(last_word),
            "{lang:?}: the last row is not at the bottom:\n{before}"
        );
        // Growing the screen back leaves no empty rows below the end.
        a.update(Action::Resize(40, 30));
        let tall = screen(&a);
        assert!(tall.contains(last_word), "{tall}");
        let first_words: String = lines[0].chars().take(12).collect();
        key(&mut a, KeyCode::Up);
        assert_ne!(screen(&a), tall, "the view moved back up from its end: {first_words}");
    }
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
