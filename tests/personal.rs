//! Flow tests of issue 4 in the app: the language switch, the shortlist, notes, recent
//! searches, exports and links as effects, kiosk mode and the key presets.

#![allow(clippy::unwrap_used, reason = "tests may panic")]

mod support;

use libservices::app::Effect;
use libservices::catalogue::{EntityRef, Lang};
use libservices::config::KeyPreset;
use libservices::export::{ExportKind, Format};
use libservices::state::PersonalChange;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use support::{app, key, key_with, result_ids, screen, selected_id, type_text};

#[test]
fn f2_switches_labels_and_data_texts_and_keeps_the_place() {
    let mut a = app(120, 40, Lang::En);
    type_text(&mut a, "theatre");
    key(&mut a, KeyCode::Enter);
    let id = a.history().last().unwrap().detail.id.clone();
    assert!(screen(&a).contains("Theatre"), "{}", screen(&a));
    key(&mut a, KeyCode::F(2));
    assert_eq!(a.lang(), Lang::Uk);
    let s = screen(&a);
    // The detail is the same entry, now in Ukrainian, with Ukrainian labels and hints.
    assert_eq!(a.history().last().unwrap().detail.id, id);
    assert!(s.contains("Театр") || s.contains("театр"), "{s}");
    assert!(s.contains("назад"), "{s}");
    assert_eq!(a.search().text(), "theatre");
    key(&mut a, KeyCode::F(2));
    assert_eq!(a.lang(), Lang::En);
    assert!(screen(&a).contains("back"));
}

#[test]
fn space_and_ins_mark_the_shortlist_and_f5_lists_only_it() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::Esc);
    let first = selected_id(&a).unwrap();
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    let third = selected_id(&a).unwrap();
    key(&mut a, KeyCode::Insert);
    assert_eq!(a.personal().shortlist, [first.clone(), third.clone()]);
    assert_eq!(
        a.take_effects(),
        [
            Effect::Personal(PersonalChange::Shortlist(first.clone(), true)),
            Effect::Personal(PersonalChange::Shortlist(third.clone(), true))
        ]
    );
    let s = screen(&a);
    assert!(s.contains("shortlist: 2"), "{s}");
    assert!(s.contains("* "), "the marked rows show a star: {s}");
    key(&mut a, KeyCode::F(5));
    assert!(a.shortlist_only());
    assert_eq!(result_ids(&a), [first.clone(), third.clone()]);
    assert!(screen(&a).contains("[* Shortlist]"));
    // Taking one off in the shortlist view drops it from the list at once.
    key(&mut a, KeyCode::Char(' '));
    assert_eq!(result_ids(&a), [third]);
    assert_eq!(
        a.take_effects(),
        [Effect::Personal(PersonalChange::Shortlist(first, false))]
    );
    key(&mut a, KeyCode::F(5));
    assert_eq!(a.results().len(), 130, "every entry of the catalogue");
    // Ctrl-X, which clears the filters, also leaves the shortlist view.
    key(&mut a, KeyCode::F(5));
    assert!(a.shortlist_only());
    key_with(&mut a, KeyCode::Char('x'), KeyModifiers::CONTROL);
    assert!(!a.shortlist_only());
}

#[test]
fn an_empty_shortlist_says_how_to_fill_it() {
    let mut a = app(80, 24, Lang::En);
    key(&mut a, KeyCode::F(5));
    assert!(!a.shortlist_only());
    assert!(a.notice().unwrap().contains("press Ins"), "{:?}", a.notice());
    assert!(screen(&a).contains("The shortlist is empty"));
}

#[test]
fn a_note_is_written_saved_shown_and_removed() {
    let mut a = app(120, 40, Lang::En);
    // From the search box: F6 writes a note on the selected result.
    let id = selected_id(&a).unwrap();
    key(&mut a, KeyCode::F(6));
    assert!(screen(&a).contains("Only you see this note"));
    // Letters type, even those that are commands in the list.
    type_text(&mut a, "call Olena, q3");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.personal().notes.get(&id).map(String::as_str), Some("call Olena, q3"));
    assert_eq!(
        a.take_effects(),
        [Effect::Personal(PersonalChange::Note(
            id.clone(),
            Some("call Olena, q3".into())
        ))]
    );
    assert!(!a.quitting());
    key(&mut a, KeyCode::Enter);
    let s = screen(&a);
    assert!(s.contains("My note") && s.contains("call Olena, q3"), "{s}");
    // Editing it to nothing removes it.
    key(&mut a, KeyCode::F(6));
    key_with(&mut a, KeyCode::Char('u'), KeyModifiers::CONTROL);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.personal().notes.get(&id).map(String::as_str), None);
    assert_eq!(a.take_effects(), [Effect::Personal(PersonalChange::Note(id, None))]);
    assert!(!screen(&a).contains("My note"));
}

#[test]
fn esc_leaves_the_note_unchanged() {
    let mut a = app(80, 24, Lang::Uk);
    key(&mut a, KeyCode::F(6));
    type_text(&mut a, "чернетка");
    key(&mut a, KeyCode::Esc);
    assert!(a.popup().is_none());
    assert!(a.personal().notes.is_empty());
    assert!(a.take_effects().is_empty());
}

#[test]
fn searches_are_remembered_when_used_and_recalled_with_ctrl_r() {
    let mut a = app(120, 40, Lang::En);
    type_text(&mut a, "theatre");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    key_with(&mut a, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut a, "migrants");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.recent().searches, ["migrants", "theatre"]);
    assert_eq!(
        a.take_effects(),
        [
            Effect::RememberSearch("theatre".into()),
            Effect::RememberSearch("migrants".into())
        ]
    );
    key_with(&mut a, KeyCode::Char('u'), KeyModifiers::CONTROL);
    key_with(&mut a, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert!(screen(&a).contains("Recent searches"));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.search().text(), "theatre");
    assert!(a.popup().is_none());
    assert!(!a.results().is_empty());
}

#[test]
fn export_asks_for_a_format_and_hands_the_list_to_the_runtime() {
    let mut a = app(120, 40, Lang::En);
    type_text(&mut a, "theatre");
    // F7 works from the search box: no need to leave it first.
    let listed: Vec<usize> = a.results().iter().filter_map(|&r| a.hits()[r].service()).collect();
    key(&mut a, KeyCode::F(7));
    assert!(screen(&a).contains("Markdown (.md)"));
    assert!(screen(&a).contains("HTML handout"));
    assert!(screen(&a).contains("Excel spreadsheet (.xlsx)"));
    // The dialog names the folder the file goes to, or says there is none.
    assert!(screen(&a).contains("No folder for exports"), "{}", screen(&a));
    let mut settings = a.settings().clone();
    settings.export_folder = Some(std::path::PathBuf::from("/home/olena/Documents"));
    a.configure(settings);
    assert!(screen(&a).contains("Saved in /home/olena/Documents"), "{}", screen(&a));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    let effects = a.take_effects();
    assert_eq!(
        effects.last(),
        Some(&Effect::Export {
            format: Format::Xlsx,
            services: listed,
            title: "Search \u{201c}theatre\u{201d}".into(),
            kind: ExportKind::Results,
        })
    );
}

/// Opens the detail view of the Bibliomist programme (which has a web address) through the
/// links of one of its services.
fn open_bibliomist(a: &mut libservices::app::App) {
    type_text(a, "bibliomist");
    // The programme itself may come first: go down the list to one of its services.
    key(a, KeyCode::Esc);
    for _ in 0..10 {
        if a.selected_service().is_some() {
            break;
        }
        key(a, KeyCode::Down);
    }
    assert!(a.selected_service().is_some(), "a service of Bibliomist is listed");
    key(a, KeyCode::Enter);
    for _ in 0..20 {
        let view = a.history().last().unwrap();
        let target = view.link.and_then(|l| view.detail.links().nth(l).map(|(_, e)| *e));
        if let Some(EntityRef::Programme(p)) = target
            && a.data().ds.catalogue.programmes[p].id.to_string() == "bibliomist"
        {
            key(a, KeyCode::Enter);
            assert_eq!(a.history().last().unwrap().detail.id, "bibliomist");
            return;
        }
        key(a, KeyCode::Down);
    }
    panic!("no programme link");
}

#[test]
fn kiosk_mode_needs_the_chord_twice_and_opens_nothing() {
    let mut a = app(80, 24, Lang::En);
    support::kiosk(&mut a);
    open_bibliomist(&mut a);
    key(&mut a, KeyCode::F(10));
    assert!(!a.quitting());
    assert!(a.notice().unwrap().contains("Ctrl-Q twice"));
    key_with(&mut a, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(!a.quitting());
    key_with(&mut a, KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert!(
        a.notice().unwrap().contains("http://www.bibliomist.org"),
        "{:?}",
        a.notice()
    );
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::F(7));
    assert!(a.popup().is_none());
    let effects = a.take_effects();
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::OpenUrl(_) | Effect::Export { .. })),
        "nothing opened or written: {effects:?}"
    );
    // The chord broken by another key starts again.
    key_with(&mut a, KeyCode::Char('q'), KeyModifiers::CONTROL);
    key(&mut a, KeyCode::Down);
    key_with(&mut a, KeyCode::Char('q'), KeyModifiers::CONTROL);
    assert!(!a.quitting());
    key_with(&mut a, KeyCode::Char('q'), KeyModifiers::CONTROL);
    assert!(a.quitting());
}

#[test]
fn outside_kiosk_mode_links_open_and_ctrl_q_quits_at_once() {
    let mut a = app(80, 24, Lang::En);
    open_bibliomist(&mut a);
    a.take_effects();
    key_with(&mut a, KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(a.take_effects(), [Effect::OpenUrl("http://www.bibliomist.org".into())]);
    // A service without an address says so.
    for _ in 0..4 {
        key(&mut a, KeyCode::Esc);
    }
    assert!(a.history().is_empty());
    key_with(&mut a, KeyCode::Char('щ'), KeyModifiers::CONTROL);
    assert!(a.take_effects().is_empty());
    assert_eq!(a.notice(), Some("This entry has no web address."));
    key_with(&mut a, KeyCode::Char('q'), KeyModifiers::CONTROL);
    assert!(a.quitting());
}

#[test]
fn idle_in_kiosk_mode_forgets_the_last_visitor() {
    let mut a = app(120, 40, Lang::En);
    support::kiosk(&mut a);
    type_text(&mut a, "theatre");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char(' '));
    a.update(libservices::action::Action::Idle);
    assert_eq!(a.search().text(), "");
    assert!(a.history().is_empty());
    assert!(a.personal().shortlist.is_empty());
    assert_eq!(a.results().len(), 130, "every entry of the catalogue");
    // Outside kiosk mode nothing is reset.
    let mut b = app(120, 40, Lang::En);
    type_text(&mut b, "theatre");
    b.update(libservices::action::Action::Idle);
    assert_eq!(b.search().text(), "theatre");
}

#[test]
fn the_default_preset_types_j_into_the_search_and_vim_moves() {
    let mut a = app(80, 24, Lang::En);
    assert_eq!(a.keys(), KeyPreset::Arrows);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(a.search().text(), "j");
    let mut b = app(80, 24, Lang::En);
    support::vim(&mut b);
    key(&mut b, KeyCode::Esc);
    key(&mut b, KeyCode::Esc);
    key(&mut b, KeyCode::Char('j'));
    assert_eq!(b.search().text(), "");
    assert_eq!(b.list().selected, 1);
}

#[test]
fn about_lists_the_bundled_file_with_its_counts() {
    let mut a = app(120, 40, Lang::En);
    key(&mut a, KeyCode::F(9));
    let s = screen(&a);
    assert!(s.contains("About the catalogue"), "{s}");
    assert!(s.contains("<bundled catalogue>"), "{s}");
    assert!(s.contains("adds: 38 services"), "{s}");
    key(&mut a, KeyCode::Esc);
    assert!(a.popup().is_none());
}

#[test]
fn switching_the_language_asks_for_it_to_be_remembered() {
    let mut a = app(80, 24, Lang::En);
    key(&mut a, KeyCode::F(2));
    assert_eq!(a.lang(), Lang::Uk);
    assert_eq!(a.take_effects(), [Effect::RememberLang(Lang::Uk)]);
    key(&mut a, KeyCode::F(2));
    assert_eq!(a.take_effects(), [Effect::RememberLang(Lang::En)]);
}

#[test]
fn a_search_is_remembered_when_the_user_leaves_the_box_or_pauses_on_it() {
    let mut a = app(120, 40, Lang::En);
    type_text(&mut a, "theatre");
    assert!(a.take_effects().is_empty(), "not while typing");
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.take_effects(), [Effect::RememberSearch("theatre".into())]);
    key(&mut a, KeyCode::Char('/'));
    key_with(&mut a, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut a, "chess");
    a.search_paused();
    assert_eq!(a.take_effects(), [Effect::RememberSearch("chess".into())]);
    // The same text again is not remembered twice.
    a.search_paused();
    assert!(a.take_effects().is_empty());
    assert_eq!(a.recent().searches, ["chess", "theatre"]);
}

#[test]
fn the_recent_searches_narrow_as_you_type() {
    let mut a = app(120, 40, Lang::En);
    for text in ["theatre", "play therapy", "theatre for children"] {
        key_with(&mut a, KeyCode::Char('u'), KeyModifiers::CONTROL);
        type_text(&mut a, text);
        a.search_paused();
    }
    key_with(&mut a, KeyCode::Char('u'), KeyModifiers::CONTROL);
    key_with(&mut a, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert!(screen(&a).contains("play therapy"));
    type_text(&mut a, "thea");
    let shown = screen(&a);
    assert!(shown.contains("theatre for children"), "{shown}");
    assert!(!shown.contains("play therapy"), "{shown}");
    type_text(&mut a, " ch");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.search().text(), "theatre for children");
    assert!(a.popup().is_none());
}

#[test]
fn the_kiosk_warns_before_it_resets_also_over_a_note() {
    let mut a = app(80, 24, Lang::En);
    let mut settings = a.settings().clone();
    settings.kiosk = true;
    a.configure(settings);
    key(&mut a, KeyCode::F(6));
    type_text(&mut a, "half a note");
    a.kiosk_countdown(Some(12));
    let shown = screen(&a);
    assert!(shown.contains("in 12 s"), "{shown}");
    assert!(
        shown.contains("the note you") && shown.contains("are writing is lost"),
        "{shown}"
    );
    // Any key keeps the session: the runtime takes the warning away and the note stays.
    a.kiosk_countdown(None);
    type_text(&mut a, "!");
    assert!(!screen(&a).contains("in 12 s"));
    assert!(screen(&a).contains("half a note!"), "{}", screen(&a));
}
