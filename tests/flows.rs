//! Flow tests: key, mouse and paste sequences applied to the app state through the real key
//! table, with assertions on the result.

#![allow(clippy::expect_used, reason = "a test helper may panic")]

mod support;

use libservices::catalogue::{EntityRef, Lang};
use libservices::facets::Facet;
use libservices::keymap::Mode;
use libservices::layout::Pane;
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseEvent, MouseEventKind};
use support::{app, entry_id, key, key_with, release, result_ids, selected_id, send, type_text};

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// Every entry of every kind: what an empty search lists.
fn total(app: &libservices::app::App) -> usize {
    let c = &app.data().ds.catalogue;
    c.services.len() + c.libraries.len() + c.target_groups.len() + c.programmes.len() + c.themes.len()
}

fn value(app: &libservices::app::App, facet: Facet, key: &str) -> u32 {
    app.data().facets.find(facet, key).expect("facet value exists")
}

/// Moves the filter cursor to a value by pressing ↓ from the top.
fn select_filter(app: &mut libservices::app::App, facet: Facet, key_: &str) {
    let v = value(app, facet, key_);
    key(app, KeyCode::Home);
    for _ in 0..app.filter_pane().rows.len() {
        if app.filter_pane().selected() == Some((facet, v)) {
            return;
        }
        key(app, KeyCode::Down);
    }
    panic!("{key_} not reachable in the filter pane");
}

#[test]
fn starts_in_the_search_box_with_every_service() {
    let a = app(120, 40, Lang::En);
    assert_eq!(a.mode(), Mode::Search);
    assert_eq!(a.results().len(), total(&a));
    assert_eq!(a.list().selected, 0);
    assert!(a.preview().is_some(), "the first service is previewed");
    assert!(a.filters().is_empty());
}

#[test]
fn with_searches_on_the_worker_the_status_bar_says_searching_until_the_exact_answer_comes() {
    let mut a = app(100, 30, Lang::En);
    a.defer_searches();
    type_text(&mut a, "theatre");
    let requests: Vec<_> = a
        .take_effects()
        .into_iter()
        .filter_map(|e| match e {
            libservices::app::Effect::Search(request) => Some(request),
            _ => None,
        })
        .collect();
    assert_eq!(requests.len(), 1, "only the newest request waits in the outbox");
    let request = requests.into_iter().next().expect("the new text asks for a search");
    assert_eq!(request.text, "theatre");
    assert!(a.searching());
    let status = |a: &libservices::app::App| support::screen(a).lines().rev().nth(1).unwrap_or_default().to_owned();
    assert!(status(&a).contains("searching…"), "{}", status(&a));
    let query = libservices::search::Query::parse(&request.text);
    let hits = a.data().index.search(&query);
    // A first answer (the head of the ranking) shows, and the search goes on.
    let first = a.apply_search(libservices::search::worker::Outcome {
        generation: request.generation,
        hits: hits[..1].to_vec(),
        query: query.clone(),
        exact: false,
    });
    assert!(first && a.searching());
    assert!(status(&a).contains("searching…"), "{}", status(&a));
    assert_eq!(result_ids(&a), ["theatre-studio-cela"]);
    let answered = a.apply_search(libservices::search::worker::Outcome {
        generation: request.generation,
        hits,
        query,
        exact: true,
    });
    assert!(answered && !a.searching());
    assert!(!status(&a).contains("searching…"), "{}", status(&a));
    assert_eq!(
        result_ids(&a),
        ["theatre-studio-cela", "library:zhytomyr-zemlyak-central-city-library"]
    );
}

#[test]
fn typing_searches_with_each_key_and_backspace_widens_again() {
    let mut a = app(120, 40, Lang::En);
    type_text(&mut a, "theatr");
    assert_eq!(a.searches(), 7, "one search at start and one per key");
    type_text(&mut a, "e");
    assert_eq!(
        result_ids(&a),
        ["theatre-studio-cela", "library:zhytomyr-zemlyak-central-city-library"]
    );
    let hit = &a.hits()[a.results()[0]];
    let explained = a
        .data()
        .index
        .explain(a.hits_query(), hit.entry())
        .expect("the hit explains itself");
    assert_eq!(
        explained.title_positions(Lang::En),
        [0, 1, 2, 3, 4, 5, 6],
        "\"Theatre\" is highlighted"
    );
    for _ in 0.."theatre".len() {
        key(&mut a, KeyCode::Backspace);
    }
    assert_eq!(a.search().text(), "");
    assert_eq!(a.results().len(), total(&a));
}

#[test]
fn a_paste_runs_one_search() {
    let mut a = app(120, 40, Lang::En);
    let before = a.searches();
    send(&mut a, &Event::Paste("Біла Церква".to_owned()));
    assert_eq!(a.searches(), before + 1);
    assert_eq!(a.search().text(), "Біла Церква");
    assert!(
        result_ids(&a)
            .iter()
            .any(|id| id == "modern-spaces-and-collections-for-children-and-youth")
    );
    assert!(a.results().len() < total(&a));
}

#[test]
fn key_releases_do_nothing() {
    let mut a = app(120, 40, Lang::En);
    release(&mut a, KeyCode::Char('x'));
    assert_eq!(a.search().text(), "");
    key(&mut a, KeyCode::Char('x'));
    assert_eq!(a.search().text(), "x");
}

#[test]
fn arrows_in_the_search_box_move_the_result_selection() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    assert_eq!(a.list().selected, 2);
    key(&mut a, KeyCode::Up);
    assert_eq!(a.list().selected, 1);
    assert_eq!(a.mode(), Mode::Search);
}

#[test]
fn esc_leaves_the_search_box_keeping_the_text_and_f8_clears_it() {
    let mut a = app(80, 24, Lang::En);
    type_text(&mut a, "q");
    assert!(!a.quitting(), "q is typed in the search box");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.search().text(), "q", "Esc never throws the text away");
    assert_eq!(a.mode(), Mode::Results);
    key(&mut a, KeyCode::Esc);
    assert_eq!((a.mode(), a.search().text()), (Mode::Results, "q"));
    key(&mut a, KeyCode::Char('q'));
    assert!(!a.quitting(), "q in the list types too");
    assert_eq!((a.mode(), a.search().text()), (Mode::Search, "qq"));
    key(&mut a, KeyCode::F(8));
    assert_eq!((a.mode(), a.search().text()), (Mode::Search, ""));
    key(&mut a, KeyCode::F(10));
    assert!(a.quitting());
}

#[test]
fn ctrl_c_quits_everywhere() {
    let mut a = app(80, 24, Lang::En);
    key_with(&mut a, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(a.quitting());
}

#[test]
fn list_keys_vim_and_arrows() {
    let mut a = app(80, 24, Lang::En);
    support::vim(&mut a);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(a.list().selected, 2);
    key(&mut a, KeyCode::Char('k'));
    assert_eq!(a.list().selected, 1);
    key_with(&mut a, KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(a.list().selected, total(&a) - 1);
    assert!(a.list().offset > 0, "the list scrolled to show the last row");
    key(&mut a, KeyCode::Char('g'));
    assert_eq!((a.list().selected, a.list().offset), (0, 0));
    key(&mut a, KeyCode::PageDown);
    let page = a.list().selected;
    assert!(page >= 5, "a page at 80x24 is several rows, got {page}");
    key(&mut a, KeyCode::End);
    key(&mut a, KeyCode::Home);
    assert_eq!(a.list().selected, 0);
}

#[test]
fn in_the_vim_preset_wrong_layout_letters_work_as_command_keys_in_the_list() {
    let mut a = app(80, 24, Lang::En);
    support::vim(&mut a);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('о'));
    assert_eq!(a.list().selected, 1, "о is on the J key");
    key(&mut a, KeyCode::Char('й'));
    assert!(a.quitting(), "й is on the Q key");
}

#[test]
fn typing_in_the_list_starts_a_search() {
    let mut a = app(80, 24, Lang::En);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode(), Mode::Results);
    type_text(&mut a, "mobile");
    assert_eq!(a.mode(), Mode::Search);
    assert_eq!(a.search().text(), "mobile");
    assert_eq!(
        result_ids(&a).first().map(String::as_str),
        Some("mobile-library-for-ukraine")
    );
}

#[test]
fn open_follow_links_and_go_back_through_the_history() {
    let mut a = app(120, 40, Lang::En);
    type_text(&mut a, "theatre");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode(), Mode::Detail);
    let service = a.history().last().unwrap();
    assert_eq!(service.detail.id, "theatre-studio-cela");
    assert_eq!(service.link, Some(0), "the first link (the library) is selected");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.history().len(), 2);
    let library = a.history().last().unwrap();
    assert!(matches!(library.detail.entity, EntityRef::Library(_)));
    assert_eq!(library.detail.id, "zhytomyr-zemlyak-central-city-library");
    // The library lists its services; follow the last link (a service) back.
    key(&mut a, KeyCode::End);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.history().len(), 3);
    assert!(matches!(a.history()[2].detail.entity, EntityRef::Service(_)));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Backspace);
    assert_eq!(a.history().len(), 1);
    assert_eq!(a.history()[0].detail.id, "theatre-studio-cela");
    key(&mut a, KeyCode::Esc);
    assert!(a.history().is_empty());
    assert_eq!(a.search().text(), "theatre", "going back keeps the search");
}

#[test]
fn links_move_with_the_arrows_and_stay_in_range() {
    let mut a = app(80, 24, Lang::En);
    type_text(&mut a, "theatre");
    key(&mut a, KeyCode::Enter);
    let links = a.history()[0].detail.links().count();
    assert!(links >= 4);
    for _ in 0..links + 5 {
        key(&mut a, KeyCode::Down);
    }
    assert_eq!(a.history()[0].link, Some(links - 1));
    assert!(a.history()[0].scroll > 0, "the view scrolled to the last link");
    key(&mut a, KeyCode::Up);
    assert_eq!(a.history()[0].link, Some(links - 2));
    key(&mut a, KeyCode::Home);
    assert_eq!((a.history()[0].link, a.history()[0].scroll), (Some(0), 0));
}

#[test]
fn facet_values_include_with_or_and_combine_with_and() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.mode(), Mode::Filters);
    select_filter(&mut a, Facet::TargetGroup, "schoolchildren");
    key(&mut a, KeyCode::Char(' '));
    let schoolchildren = a.results().len();
    assert!(schoolchildren >= 1);
    select_filter(&mut a, Facet::TargetGroup, "seniors");
    key(&mut a, KeyCode::Char(' '));
    let either = a.results().len();
    assert!(either > schoolchildren, "two values of one facet combine with OR");
    select_filter(&mut a, Facet::Country, "BY");
    key(&mut a, KeyCode::Char(' '));
    let by = value(&a, Facet::Country, "BY");
    assert!(a.results().len() < either, "different facets combine with AND");
    // Services pass by their own values (another kind of entry by one of its services).
    let services: Vec<usize> = a.results().iter().filter_map(|&h| a.hits()[h].service()).collect();
    assert!(!services.is_empty());
    for s in services {
        assert!(a.data().facets.of_service(Facet::Country, s).any(|v| v == by));
    }
    assert_eq!(a.filters().active().count(), 3);
    type_text(&mut a, "c");
    assert_eq!(a.filters().active().count(), 3, "c jumps, it clears nothing");
    key_with(&mut a, KeyCode::Char('x'), KeyModifiers::CONTROL);
    assert!(a.filters().is_empty());
    assert_eq!(a.results().len(), total(&a));
}

#[test]
fn parent_groups_include_their_sub_groups() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::Tab);
    select_filter(&mut a, Facet::TargetGroup, "children");
    key(&mut a, KeyCode::Char(' '));
    let ids = result_ids(&a);
    assert!(
        ids.iter().any(|id| id == "technical-laboratory"),
        "tagged schoolchildren: {ids:?}"
    );
}

#[test]
fn excluding_a_value_removes_its_services() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::Tab);
    select_filter(&mut a, Facet::Country, "UA");
    let ua = value(&a, Facet::Country, "UA");
    key(&mut a, KeyCode::Delete);
    assert!(!a.results().is_empty());
    let services: Vec<usize> = a.results().iter().filter_map(|&h| a.hits()[h].service()).collect();
    assert!(!services.is_empty());
    for s in services {
        assert!(!a.data().facets.of_service(Facet::Country, s).any(|v| v == ua));
    }
    key(&mut a, KeyCode::Delete);
    assert!(a.filters().is_empty(), "Del again clears the exclusion");
}

#[test]
fn facet_counts_follow_the_query_and_other_facets() {
    let mut a = app(120, 40, Lang::En);
    let by = value(&a, Facet::Country, "BY");
    let all_by = a.filter_pane().count(Facet::Country, by);
    type_text(&mut a, "theatre");
    assert_eq!(
        a.filter_pane().count(Facet::Country, by),
        0,
        "no Belarusian theatre service"
    );
    let ua = value(&a, Facet::Country, "UA");
    assert_eq!(a.filter_pane().count(Facet::Country, ua), 1);
    key(&mut a, KeyCode::F(8));
    assert_eq!(a.filter_pane().count(Facet::Country, by), all_by);
    // Selecting a country does not change the counts of the country facet itself.
    key(&mut a, KeyCode::Tab);
    select_filter(&mut a, Facet::Country, "UA");
    key(&mut a, KeyCode::Char(' '));
    assert_eq!(a.filter_pane().count(Facet::Country, by), all_by);
}

#[test]
fn typing_in_the_filter_pane_jumps_to_matching_values() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::Tab);
    type_text(&mut a, "sen");
    assert_eq!(a.mode(), Mode::FilterJump);
    let seniors = value(&a, Facet::TargetGroup, "seniors");
    assert_eq!(a.filter_pane().selected(), Some((Facet::TargetGroup, seniors)));
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode(), Mode::Filters);
    // Ukrainian names match too, whatever the interface language: "ВПО" finds the IDP group.
    type_text(&mut a, "впо");
    let idp = value(&a, Facet::TargetGroup, "internally-displaced-people");
    assert_eq!(a.filter_pane().selected(), Some((Facet::TargetGroup, idp)));
    key(&mut a, KeyCode::Esc);
    // And Latin letters find Ukrainian names by transliteration: "pokhyl" is in "похилого".
    type_text(&mut a, "pokhyl");
    let seniors = value(&a, Facet::TargetGroup, "seniors");
    assert_eq!(a.filter_pane().selected(), Some((Facet::TargetGroup, seniors)));
    key(&mut a, KeyCode::Char(' '));
    assert_eq!(a.mode(), Mode::FilterJump, "space is part of the jump text");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char(' '));
    assert_eq!(
        a.filters().state(Facet::TargetGroup, seniors),
        libservices::facets::ValueState::Included
    );
}

#[test]
fn filter_pane_shows_on_demand_at_80_columns() {
    let mut a = app(80, 24, Lang::En);
    assert!(a.areas().filters.is_none());
    key(&mut a, KeyCode::Esc);
    key_with(&mut a, KeyCode::Char('f'), KeyModifiers::CONTROL);
    assert_eq!(a.focus(), Pane::Filters);
    assert!(a.areas().filters.is_some());
    assert!(a.areas().preview.is_none());
    key_with(&mut a, KeyCode::Char('а'), KeyModifiers::CONTROL);
    assert_eq!(a.focus(), Pane::Results);
    assert!(a.areas().filters.is_none());
}

#[test]
fn tab_cycles_the_panes() {
    let mut a = app(120, 40, Lang::En);
    let mut seen = vec![a.focus()];
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
        seen.push(a.focus());
    }
    assert_eq!(
        seen,
        [Pane::Search, Pane::Filters, Pane::Results, Pane::Preview, Pane::Search]
    );
    key_with(&mut a, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(a.focus(), Pane::Preview);
}

#[test]
fn help_opens_with_f1_and_question_mark_and_closes_with_esc() {
    let mut a = app(80, 24, Lang::En);
    key(&mut a, KeyCode::F(1));
    assert_eq!(a.mode(), Mode::Help);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode(), Mode::Search);
    type_text(&mut a, "?");
    assert_eq!(a.search().text(), "?", "? is typed in the search box");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::F(1));
    assert_eq!(a.mode(), Mode::Help);
    key(&mut a, KeyCode::F(1));
    assert_eq!(a.mode(), Mode::Results);
    support::vim(&mut a);
    key(&mut a, KeyCode::Char('?'));
    assert_eq!(a.mode(), Mode::Help);
    key(&mut a, KeyCode::Char('?'));
    assert_eq!(a.mode(), Mode::Results);
}

#[test]
fn mouse_click_selects_then_opens_and_the_wheel_scrolls() {
    let mut a = app(120, 40, Lang::En);
    let results = a.areas().results.unwrap();
    // Row 0 of the list is at y + 1 (border); each result takes two lines.
    send(
        &mut a,
        &mouse(
            MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left),
            results.x + 3,
            results.y + 1 + 4,
        ),
    );
    assert_eq!(a.list().selected, 2);
    assert_eq!(a.focus(), Pane::Results);
    send(
        &mut a,
        &mouse(
            MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left),
            results.x + 3,
            results.y + 1 + 4,
        ),
    );
    assert_eq!(a.mode(), Mode::Detail, "a second click opens");
    key(&mut a, KeyCode::Esc);
    send(&mut a, &mouse(MouseEventKind::ScrollDown, results.x + 3, results.y + 3));
    assert_eq!(a.list().selected, 5);
}

#[test]
fn mouse_can_be_turned_off() {
    let mut a = app(120, 40, Lang::En);
    support::no_mouse(&mut a);
    let results = a.areas().results.unwrap();
    send(&mut a, &mouse(MouseEventKind::ScrollDown, results.x + 3, results.y + 3));
    assert_eq!(a.list().selected, 0);
}

#[test]
fn selection_survives_narrowing_and_resizing() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::End);
    type_text(&mut a, "mobile");
    assert!(a.list().selected < a.results().len());
    send(&mut a, &Event::Resize(1, 1));
    send(&mut a, &Event::Resize(40, 12));
    assert!(a.list().selected < a.results().len().max(1));
    let _ = support::screen(&a);
    assert_eq!(selected_id(&a).as_deref(), Some("mobile-library-for-ukraine"));
}

#[test]
fn ukrainian_interface_shows_ukrainian_titles() {
    let mut a = app(120, 40, Lang::Uk);
    type_text(&mut a, "театр");
    let first = a.results()[0];
    let s = a.hits()[first].service().expect("a service comes first");
    assert!(
        a.data().ds.catalogue.services[s]
            .title
            .get(Lang::Uk)
            .starts_with("Театральна")
    );
    let screen = support::screen(&a);
    assert!(screen.contains("Театральна студія"), "{screen}");
    assert!(
        screen.contains("3 послуги, 2 бібліотеки, 1 програма, 1 тема"),
        "the status bar counts by kind: {screen}"
    );
}

#[test]
fn every_size_from_zero_draws_without_panicking() {
    let states: [&dyn Fn(&mut libservices::app::App); 6] = [
        &|a| type_text(a, "library"),
        &|a| key(a, KeyCode::Tab),
        &|a| {
            key(a, KeyCode::Esc);
            key(a, KeyCode::Esc);
            key(a, KeyCode::Enter);
        },
        &|a| key(a, KeyCode::F(1)),
        &|a| {
            key(a, KeyCode::F(3));
            key(a, KeyCode::End);
        },
        &|a| {
            key(a, KeyCode::F(4));
            key(a, KeyCode::Char('+'));
        },
    ];
    for state in states {
        let mut a = app(120, 40, Lang::En);
        state(&mut a);
        for w in (0..=130).step_by(7).chain([1, 2, 23, 24, 69, 70, 109, 110]) {
            for h in [0, 1, 2, 5, 6, 7, 8, 12, 15, 16, 24, 40] {
                send(&mut a, &Event::Resize(w, h));
                let screen = support::screen(&a);
                assert_eq!(screen.lines().count(), usize::from(h));
                assert!(a.list().selected < a.results().len().max(1));
                if let Some(view) = a.history().last()
                    && let Some(link) = view.link
                {
                    assert!(link < view.detail.links().count());
                }
                if let Some(stats) = &a.stats() {
                    assert!(stats.cursor.selected < stats.bars.len().max(1));
                }
                if let Some(map) = &a.map()
                    && let Some(i) = map.selected
                {
                    let canvas = libservices::app::map::canvas_area(a.areas().body);
                    assert!(map.on_screen(i, canvas), "{w}x{h}: the selected library is on screen");
                }
            }
        }
    }
}

#[test]
fn an_empty_result_says_which_keys_widen_it() {
    let mut a = app(120, 40, Lang::En);
    type_text(&mut a, "xyzqq");
    assert!(a.results().is_empty());
    // The message wraps inside the list pane: join the pane's rows to read it.
    let screen = support::screen(&a);
    let list: String = screen
        .lines()
        .filter_map(|l| l.split('│').nth(3))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        list.contains("No services match. F8 clears the search, Ctrl-X clears the filters."),
        "{list}"
    );
}

/// Every place a user can type in.
const PLACES: [&str; 7] = [
    "search box",
    "list",
    "filters",
    "preview",
    "detail",
    "statistics",
    "map",
];

/// The app in one of [`PLACES`], reached the way a user would, with something to lose: a
/// mark, a filter and a search.
fn place(which: &str, width: u16, height: u16) -> libservices::app::App {
    let mut a = app(width, height, Lang::Uk);
    key(&mut a, KeyCode::Insert);
    // A search whose first result is a service (F6 writes a note on it) among other kinds.
    type_text(&mut a, "послуга");
    key_with(&mut a, KeyCode::Char('f'), KeyModifiers::CONTROL);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    match which {
        "search box" => {
            // Tab goes round the panes: search box, filters, list, preview.
            for _ in 0..4 {
                if a.mode() == Mode::Search {
                    break;
                }
                key(&mut a, KeyCode::Tab);
            }
            assert_eq!(a.mode(), Mode::Search, "Tab reaches the search box");
        }
        "list" => {}
        "filters" => key_with(&mut a, KeyCode::Char('f'), KeyModifiers::CONTROL),
        "preview" => key(&mut a, KeyCode::Tab),
        "detail" => key(&mut a, KeyCode::Enter),
        "statistics" => key(&mut a, KeyCode::F(3)),
        "map" => key(&mut a, KeyCode::F(4)),
        other => panic!("no place {other}"),
    }
    assert!(a.selected_service().is_some(), "{which}: a service is selected");
    a.take_effects();
    a
}

fn places(width: u16, height: u16) -> Vec<(&'static str, libservices::app::App)> {
    PLACES.iter().map(|&p| (p, place(p, width, height))).collect()
}

#[test]
fn a_ukrainian_word_typed_anywhere_changes_only_the_search_or_the_jump() {
    // т is the N key, с C, ч X, а F, о J, й Q, и B, у E, щ O, ш I, р H, д L, я Z.
    for word in ["театр", "одеса", "сум", "тсчаолпйиущшрдя"] {
        for (width, height) in [(80, 24), (120, 40), (60, 20)] {
            for (place, mut a) in places(width, height) {
                let filters = a.filters().clone();
                let shortlist = a.personal().shortlist.clone();
                let search = a.search().text().to_owned();
                let was_filters = a.mode() == Mode::Filters;
                assert!(
                    !shortlist.is_empty() && !filters.is_empty(),
                    "{place}: the setup marks and filters"
                );
                type_text(&mut a, word);
                let at = format!("{word} in the {place} at {width}x{height}");
                assert_eq!(a.filters(), &filters, "{at}: the filters");
                assert_eq!(a.personal().shortlist, shortlist, "{at}: the shortlist");
                assert!(a.personal().notes.is_empty(), "{at}: no note");
                assert!(
                    a.popup().is_none() && !a.quitting() && a.take_effects().is_empty(),
                    "{at}"
                );
                if was_filters {
                    assert_eq!(
                        (a.mode(), a.filter_pane().jump.as_str()),
                        (Mode::FilterJump, word),
                        "{at}"
                    );
                    assert_eq!(a.search().text(), search, "{at}");
                } else {
                    assert_eq!(a.mode(), Mode::Search, "{at}");
                    assert_eq!(a.search().text(), format!("{search}{word}"), "{at}");
                }
            }
        }
    }
}

#[test]
fn slash_goes_to_the_search_and_is_not_typed_at_its_start() {
    let mut a = app(80, 24, Lang::En);
    type_text(&mut a, "/cela");
    assert_eq!(a.search().text(), "cela");
    assert_eq!(result_ids(&a)[0], "theatre-studio-cela");
    type_text(&mut a, "/");
    assert_eq!(a.search().text(), "cela/", "after text, / is typed");
    key(&mut a, KeyCode::Backspace);
    for (place, mut a) in places(80, 24) {
        type_text(&mut a, "/");
        // In the search box itself, after text, / is typed as above.
        let text = if place == "search box" {
            "послуга/"
        } else {
            "послуга"
        };
        assert_eq!((a.mode(), a.search().text()), (Mode::Search, text), "/ in the {place}");
    }
    key(&mut a, KeyCode::F(1));
    type_text(&mut a, "/");
    assert_eq!(a.mode(), Mode::Search, "/ leaves the help for the search");
    key(&mut a, KeyCode::F(6));
    type_text(&mut a, "a/b");
    key(&mut a, KeyCode::Enter);
    let id = selected_id(&a).expect("a result");
    assert_eq!(
        a.personal().notes.get(&id).map(String::as_str),
        Some("a/b"),
        "in a note / types"
    );
}

#[test]
fn help_scrolls_to_its_last_line_at_every_size() {
    for lang in [Lang::En, Lang::Uk] {
        for (w, h) in [(24, 7), (30, 9), (60, 20), (80, 24), (120, 40)] {
            let mut a = app(w, h, lang);
            key(&mut a, KeyCode::F(1));
            key(&mut a, KeyCode::End);
            let screen = support::screen(&a);
            let last_word = match lang {
                Lang::En => "scrolls.",
                Lang::Uk => "прокручує.",
            };
            assert!(
                screen.contains(last_word),
                "End shows the last line at {w}x{h}:\n{screen}"
            );
            let end = a.help();
            key(&mut a, KeyCode::Down);
            assert_eq!(a.help(), end, "no further than the last line at {w}x{h}");
            key(&mut a, KeyCode::Home);
            assert_eq!(a.help(), Some(0));
            for _ in 0..200 {
                key(&mut a, KeyCode::PageDown);
            }
            assert_eq!(a.help(), end, "paging reaches the same end at {w}x{h}");
        }
    }
}

#[test]
fn every_function_key_works_from_every_view() {
    for (place, start) in places(80, 24) {
        let press = |n: u8| {
            let mut a = self::place(place, 80, 24);
            key(&mut a, KeyCode::F(n));
            a
        };
        let at = |n: u8| format!("F{n} in the {place}");
        assert_eq!(press(1).mode(), Mode::Help, "{}", at(1));
        assert_eq!(press(2).lang(), Lang::En, "{}", at(2));
        let stats = press(3);
        let was_stats = start.mode() == Mode::Stats;
        assert_eq!(
            stats.mode() == Mode::Stats,
            !was_stats,
            "{}: opens, or closes where open",
            at(3)
        );
        let map = press(4);
        let was_map = start.mode() == Mode::Map;
        assert_eq!(map.mode() == Mode::Map, !was_map, "{}", at(4));
        let marked = press(5);
        assert!(
            marked.shortlist_only()
                && matches!(
                    marked.mode(),
                    Mode::Search | Mode::Results | Mode::Filters | Mode::Preview
                ),
            "{}: the list of the shortlist",
            at(5)
        );
        assert_eq!(press(6).mode(), Mode::Note, "{}", at(6));
        assert_eq!(press(7).mode(), Mode::Export, "{}", at(7));
        let cleared = press(8);
        assert_eq!(
            (cleared.mode(), cleared.search().text()),
            (Mode::Search, ""),
            "{}",
            at(8)
        );
        assert_eq!(press(9).mode(), Mode::About, "{}", at(9));
        assert!(press(10).quitting(), "{}", at(10));
    }
}

#[test]
fn the_footer_shows_the_way_to_the_other_panes_at_every_width() {
    for lang in [Lang::En, Lang::Uk] {
        for width in [24, 40, 60, 69, 80, 120] {
            let a = app(width, 24, lang);
            let screen = support::screen(&a);
            let status = screen.lines().rev().nth(1).unwrap_or_default();
            assert!(status.contains("Tab"), "{width}: {status}");
        }
    }
}

#[test]
fn a_note_survives_the_help_and_the_function_keys_given_over_it() {
    let mut a = app(80, 24, Lang::Uk);
    key(&mut a, KeyCode::F(6));
    type_text(&mut a, "чернетка");
    key(&mut a, KeyCode::F(1));
    assert_eq!(a.mode(), Mode::Help);
    key(&mut a, KeyCode::F(3));
    assert_eq!(a.mode(), Mode::Note, "the help closes, the note stays");
    assert!(a.stats().is_none());
    key(&mut a, KeyCode::F(3));
    assert_eq!(a.mode(), Mode::Note, "in a note F3 does nothing");
    key(&mut a, KeyCode::Enter);
    let id = selected_id(&a).expect("a result");
    assert_eq!(a.personal().notes.get(&id).map(String::as_str), Some("чернетка"));
}

#[test]
fn marking_or_noting_another_kind_of_entry_says_that_only_services_take_them() {
    let mut a = app(80, 24, Lang::En);
    type_text(&mut a, "Isobel Hunter");
    let selected = a.selected_entry().map(|e| entry_id(&a, e));
    assert_eq!(selected.as_deref(), Some("library:libraries-connected"));
    key(&mut a, KeyCode::F(6));
    assert!(a.popup().is_none(), "no note is written on a library");
    assert!(
        a.notice().is_some_and(|n| n.starts_with("Only services")),
        "{:?}",
        a.notice()
    );
    key(&mut a, KeyCode::Insert);
    assert!(a.personal().shortlist.is_empty());
    assert!(a.notice().is_some_and(|n| n.starts_with("Only services")));
}
