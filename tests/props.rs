//! Property tests of the app: random sequences of keys, mouse events, pastes and resizes
//! (0x0 to 300x100), sent through the runtime's own `action_for_event` and drawn on a test
//! terminal after every step. Nothing may panic, and the state's invariants hold after
//! every step: the selection lies within the results, the preview shows the selected
//! result, the detail history refers to existing entries and links, and no control
//! character reaches the screen.
//!
//! Keys are drawn from a broad alphabet rather than from the key table, so that every mode
//! and binding added later is exercised without changing this file.
//!
//! `PROPTEST_CASES` sets the number of cases (default 10 000 with `--release`, as CI runs
//! it, and 1 000 in a debug build).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test with a message"
)]

mod support;

use std::sync::OnceLock;

use libservices::app::cursor::Cursor;
use libservices::app::{App, Data};
use libservices::catalogue::{Dataset, EntityRef, Lang, Source, load};
use libservices::runtime::action_for_event;
use libservices::ui::{self, Theme};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

/// The catalogues the app is tried on: the bundled one, a small one, and one with nothing.
fn datasets() -> &'static [Data; 3] {
    static DATA: OnceLock<[Data; 3]> = OnceLock::new();
    DATA.get_or_init(|| {
        let small = include_str!("fixtures/good/small.ron");
        let empty = "Catalogue()";
        let one = |name: &str, text: &str| -> Dataset { load(&[Source::from_text(name, text)]).expect("loads") };
        [
            Data::new(support::bundled()),
            Data::new(one("small.ron", small)),
            Data::new(one("empty.ron", empty)),
        ]
    })
}

/// Events per case, at most.
const STEPS: usize = 20;
/// The cases are shared by this many tests, which the test harness runs in parallel.
const SHARDS: u32 = 4;

/// Cases for one shard: `PROPTEST_CASES` in all; by default 10 000 in an optimised build
/// (`.ci/run` runs this file with `--release`) and 1 000 in a debug build.
fn cases() -> u32 {
    let default = if cfg!(debug_assertions) { 1_000 } else { 10_000 };
    let total: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    total.div_ceil(SHARDS)
}

fn modifiers() -> impl Strategy<Value = KeyModifiers> {
    prop_oneof![
        6 => Just(KeyModifiers::NONE),
        2 => Just(KeyModifiers::SHIFT),
        2 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
        1 => (0u8..=0b111_111).prop_map(KeyModifiers::from_bits_truncate),
    ]
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        6 => prop::char::range(' ', '~').prop_map(KeyCode::Char),
        3 => prop::char::range('Ѐ', 'ӿ').prop_map(KeyCode::Char),
        1 => any::<char>().prop_map(KeyCode::Char),
        1 => (1u8..=12).prop_map(KeyCode::F),
        8 => prop::sample::select(vec![
            KeyCode::Esc,
            KeyCode::Enter,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Insert,
            KeyCode::Null,
        ]),
    ]
}

fn key_event() -> impl Strategy<Value = Event> {
    (key_code(), modifiers(), 0u8..20).prop_map(|(code, mods, kind)| {
        let mut key = KeyEvent::new(code, mods);
        key.kind = match kind {
            0 => KeyEventKind::Release,
            1 => KeyEventKind::Repeat,
            _ => KeyEventKind::Press,
        };
        Event::Key(key)
    })
}

fn mouse_event() -> impl Strategy<Value = Event> {
    let kind = prop_oneof![
        4 => Just(MouseEventKind::Down(MouseButton::Left)),
        2 => Just(MouseEventKind::ScrollDown),
        2 => Just(MouseEventKind::ScrollUp),
        1 => Just(MouseEventKind::Down(MouseButton::Right)),
        1 => Just(MouseEventKind::Up(MouseButton::Left)),
        1 => Just(MouseEventKind::Drag(MouseButton::Left)),
        1 => Just(MouseEventKind::Moved),
    ];
    (kind, 0u16..=310, 0u16..=110, modifiers()).prop_map(|(kind, column, row, modifiers)| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers,
        })
    })
}

fn paste() -> impl Strategy<Value = Event> {
    prop_oneof![
        4 => "[a-zа-яіїєґ '’!^$]{0,20}",
        2 => "(?s).{0,40}",
        1 => "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{202e}\\u{1b}\\[0-9;m]{0,30}",
        1 => ("[a-zа-я ]{1,8}", 100usize..2000).prop_map(|(s, n)| s.repeat(n)),
    ]
    .prop_map(Event::Paste)
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        1 => (0u16..=300, 0u16..=100),
        8 => (20u16..=130, 5u16..=45),
        1 => prop::sample::select(vec![(0, 0), (1, 1), (24, 7), (23, 7), (24, 6), (80, 24), (300, 100)]),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        14 => key_event(),
        3 => mouse_event(),
        1 => paste(),
        1 => size().prop_map(|(w, h)| Event::Resize(w, h)),
        1 => prop::sample::select(vec![Event::FocusGained, Event::FocusLost]),
    ]
}

/// How the screen is drawn after a step.
#[derive(Debug, Clone, Copy)]
enum Draw {
    /// Not drawn (drawing is most of the cost; every case draws its last state).
    Skip,
    /// At the size the app knows.
    AppSize,
    /// At another size: for a moment the terminal may differ from the size the app last
    /// heard of (a resize not yet read).
    Terminal(u16, u16),
}

fn step() -> impl Strategy<Value = (Event, Draw)> {
    let draw = prop_oneof![
        18 => Just(Draw::Skip),
        1 => Just(Draw::AppSize),
        1 => size().prop_map(|(w, h)| Draw::Terminal(w, h)),
    ];
    (event(), draw)
}

type Scenario = (usize, bool, bool, (u16, u16), Vec<(Event, Draw)>);

/// A case: which catalogue, language, mouse on or off, the first size, the steps.
fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::sample::select(vec![0usize, 0, 0, 1, 2]),
        any::<bool>(),
        prop::bool::weighted(0.9),
        size(),
        prop::collection::vec(step(), 1..STEPS),
    )
}

fn entity_exists(app: &App, e: EntityRef) -> bool {
    let c = &app.data().ds.catalogue;
    match e {
        EntityRef::Service(i) => i < c.services.len(),
        EntityRef::Library(i) => i < c.libraries.len(),
        EntityRef::TargetGroup(i) => i < c.target_groups.len(),
        EntityRef::Programme(i) => i < c.programmes.len(),
        EntityRef::Theme(i) => i < c.themes.len(),
    }
}

/// A list cursor of `n` rows: inside the list, the selection shown.
fn check_cursor(cursor: Cursor, n: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        cursor.selected < n || (n == 0 && cursor.selected == 0),
        "selection {} of {n} rows",
        cursor.selected
    );
    prop_assert!(cursor.offset <= cursor.selected);
    Ok(())
}

/// The invariants of `App` after any action.
fn check(app: &App, history_before: &[EntityRef]) -> Result<(), TestCaseError> {
    let n = app.results().len();
    check_cursor(app.list(), n)?;
    prop_assert!(app.results().windows(2).all(|w| w[0] < w[1]), "results out of order");
    prop_assert!(app.results().iter().all(|&r| r < app.hits().len()));
    // Every hit's index is within its kind's list.
    let c = &app.data().ds.catalogue;
    for h in app.hits() {
        let len = match h.entry() {
            EntityRef::Service(_) => c.services.len(),
            EntityRef::Library(_) => c.libraries.len(),
            EntityRef::TargetGroup(_) => c.target_groups.len(),
            EntityRef::Programme(_) => c.programmes.len(),
            EntityRef::Theme(_) => c.themes.len(),
        };
        prop_assert!(h.index() < len, "hit {:?} out of its kind's {len}", h.entry());
        prop_assert_eq!(h.service().is_some(), matches!(h.entry(), EntityRef::Service(_)));
    }
    prop_assert_eq!(app.selected_entry().is_some(), n > 0);
    // The preview shows the selected result, of whatever kind.
    prop_assert_eq!(app.preview().map(|p| p.detail.entity), app.selected_entry());
    check_cursor(app.filter_pane().cursor, app.filter_pane().rows.len())?;
    // The search box: cursor within the text, no control characters.
    prop_assert!(app.search().cursor() <= app.search().text().chars().count());
    prop_assert!(!app.search().text().chars().any(char::is_control));
    // The history: existing entries, links within range, one step at a time.
    for view in app.history() {
        prop_assert!(entity_exists(app, view.detail.entity), "{:?}", view.detail.entity);
        prop_assert!(view.detail.links().all(|(_, e)| entity_exists(app, *e)));
        if let Some(link) = view.link {
            prop_assert!(link < view.detail.links().count(), "link {link}");
        }
    }
    let now: Vec<EntityRef> = app.history().iter().map(|v| v.detail.entity).collect();
    // One step at a time, or the whole stack at once when the user leaves the detail
    // view for another screen (a typed letter goes to the search box, an F-key).
    prop_assert!(
        now.len().abs_diff(history_before.len()) <= 1 || now.is_empty(),
        "{history_before:?} -> {now:?}"
    );
    let common = now.len().min(history_before.len());
    prop_assert_eq!(&now[..common], &history_before[..common], "the history was rewritten");
    // A newly opened page is one of the links of the page before, or the selected service.
    if now.len() > history_before.len() && common > 0 {
        let new = now[common];
        prop_assert!(app.history()[common - 1].detail.links().any(|(_, e)| *e == new));
    }
    Ok(())
}

/// Draws the app at a terminal size and checks that no control character reached a cell.
fn draw(app: &App, size: (u16, u16)) -> Result<(), TestCaseError> {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("test terminal");
    terminal.draw(|f| ui::draw(f, app, &Theme::default())).expect("draw");
    let buffer = terminal.backend().buffer();
    for cell in &buffer.content {
        let bad = cell
            .symbol()
            .chars()
            .find(|&c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'));
        prop_assert!(bad.is_none(), "{bad:?} drawn in {:?}", cell.symbol());
    }
    Ok(())
}

fn run((data, uk, mouse, (w, h), steps): Scenario) -> Result<(), TestCaseError> {
    let lang = if uk { Lang::Uk } else { Lang::En };
    let settings = libservices::app::Settings {
        mouse,
        ..libservices::app::Settings::default()
    };
    let mut app = App::with_settings(datasets()[data].clone(), lang, Rect::new(0, 0, w, h), settings);
    check(&app, &[])?;
    for (event, how) in steps {
        let before: Vec<EntityRef> = app.history().iter().map(|v| v.detail.entity).collect();
        if let Some(action) = action_for_event(&app, &event) {
            app.update(action);
        }
        check(&app, &before)?;
        match how {
            Draw::Skip => {}
            Draw::AppSize => draw(&app, (app.size().width, app.size().height))?,
            Draw::Terminal(w, h) => draw(&app, (w, h))?,
        }
        if app.quitting() {
            break;
        }
    }
    draw(&app, (app.size().width, app.size().height))
}

fn property() {
    let config = Config {
        cases: cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..Config::default()
    };
    proptest!(config, |(s in scenario())| run(s)?);
}

#[test]
fn random_events_never_panic_and_keep_the_invariants_1() {
    property();
}

#[test]
fn random_events_never_panic_and_keep_the_invariants_2() {
    property();
}

#[test]
fn random_events_never_panic_and_keep_the_invariants_3() {
    property();
}

#[test]
fn random_events_never_panic_and_keep_the_invariants_4() {
    property();
}

#[test]
fn the_invariant_check_catches_a_selection_outside_the_results() {
    // The check above must be able to fail: break the state by hand.
    let mut app = App::new(datasets()[1].clone(), Lang::En, Rect::new(0, 0, 80, 24));
    assert!(check(&app, &[]).is_ok());
    let n = app.results().len();
    let past_the_end = Cursor {
        selected: n,
        ..app.list()
    };
    assert!(check_cursor(past_the_end, n).is_err());
    let unshown = Cursor { selected: 1, offset: 2 };
    assert!(check_cursor(unshown, n).is_err());
    // Leaving the detail view closes its whole stack; within it, one step at a time.
    assert!(check(&app, &[EntityRef::Service(0), EntityRef::Service(1)]).is_ok());
    let enter = Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let action = action_for_event(&app, &enter).expect("Enter opens the selected entry");
    app.update(action);
    assert_eq!(app.history().len(), 1);
    let three = [EntityRef::Service(1), EntityRef::Service(2), EntityRef::Service(3)];
    assert!(check(&app, &three).is_err());
    assert!(
        check(&app, &[EntityRef::Service(1)]).is_err(),
        "the history was rewritten"
    );
}
