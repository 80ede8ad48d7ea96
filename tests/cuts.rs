//! What the screen cuts: a detail view resized small and back shows its title again, the
//! "about" view stops at its end.

#![allow(clippy::expect_used, reason = "test helpers fail the test with a message")]

mod support;

use libservices::action::Action;
use libservices::catalogue::Lang;
use ratatui::crossterm::event::KeyCode;
use support::{app, key, screen, type_text};

#[test]
fn a_detail_view_resized_small_and_back_shows_its_title() {
    let mut a = app(80, 24, Lang::En);
    type_text(&mut a, "twinning");
    key(&mut a, KeyCode::Enter);
    let title = a.history.last().expect("a detail view").detail.title.clone();
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
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('i'));
    for _ in 0..300 {
        key(&mut a, KeyCode::Char('j'));
    }
    let shown = screen(&a);
    // Everything fits on the screen, so it does not move at all: its first and last lines show.
    assert!(shown.contains("║Catalogue 2026.11 of 2026-11-21"), "{shown}");
    assert!(shown.contains("adds: 43 services"), "{shown}");
}
