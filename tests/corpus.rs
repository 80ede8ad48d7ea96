//! The corpus of bad and hostile catalogues.
//!
//! - `tests/fixtures/bad/`: every file has its expected first message here (position and
//!   key phrases), checked through `validate`, `search`, the app's start and the library.
//!   None may panic; each exits with code 2 and says what, where and what to do.
//! - `tests/fixtures/hostile/`: files with raw control characters, terminal escape
//!   sequences (CSI, OSC, C1), bidirectional overrides and decomposed text. They load; the
//!   text is cleaned so that nothing reaches the terminal, in any output format or on the
//!   app's screen.
//! - Generated at run time: a 10 MB string, nesting 100 000 deep, 100 000 nested comments.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test with a message"
)]

mod support;

use std::path::Path;

use libservices::app::{App, Data};
use libservices::catalogue::{self, Dataset, EntityRef, Lang, Source};
use libservices::detail;
use libservices::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use support::{Run, libservices, libservices_in};

/// A bad file: where its first problem is (`None`: the whole file) and phrases its message
/// holds. Only `duplicate_across.ron` needs the bundled catalogue to be bad.
struct Bad {
    file: &'static str,
    at: Option<(usize, usize)>,
    phrases: &'static [&'static str],
}

const fn bad(file: &'static str, at: Option<(usize, usize)>, phrases: &'static [&'static str]) -> Bad {
    Bad { file, at, phrases }
}

const BAD: &[Bad] = &[
    bad(
        "bad_country.ron",
        Some((3, 21)),
        &["country \"ua\"", "two-letter ISO code"],
    ),
    bad(
        "bad_id.ron",
        Some((3, 19)),
        &["\"Theatre Studio\"", "kebab-case", "theatre-studio"],
    ),
    bad(
        "bare_string_text.ron",
        Some((3, 30)),
        &["`Text`", "(field: value, ...)"],
    ),
    bad(
        "coordinates_as_text.ron",
        Some((3, 76)),
        &["Expected float", "without quotes"],
    ),
    bad(
        "dangling_parent.ron",
        Some((3, 63)),
        &["unknown target group \"no-such-group\""],
    ),
    bad(
        "dangling_theme.ron",
        Some((7, 22)),
        &["unknown theme \"no-such-theme\""],
    ),
    bad(
        "duplicate_across.ron",
        Some((3, 19)),
        &["duplicate id", "rename one of them"],
    ),
    bad(
        "duplicate_field.ron",
        Some((3, 24)),
        &["duplicate field named `id`", "keep only one"],
    ),
    bad(
        "duplicate_id_same_file.ron",
        Some((6, 25)),
        &["duplicate id", "duplicate_id_same_file.ron:3:19 (as a theme)"],
    ),
    bad("empty.ron", None, &["the file is empty", "`Catalogue(`"]),
    bad(
        "empty_name.ron",
        Some((3, 19)),
        &["the name is empty in both languages"],
    ),
    bad(
        "integer_overflow.ron",
        Some((3, 71)),
        &["out of bounds", "whole number"],
    ),
    bad(
        "invalid_utf8.ron",
        Some((2, 18)),
        &["invalid UTF-8 byte 0xE9", "Encoding: UTF-8"],
    ),
    bad(
        "missing_comma.ron",
        Some((3, 23)),
        &["Expected comma", "a comma is missing"],
    ),
    bad(
        "missing_field.ron",
        Some((3, 71)),
        &["missing field named `summary`", "add the field"],
    ),
    bad("negative_year.ron", Some((3, 72)), &["out of bounds", "whole number"]),
    bad("only_comment.ron", Some((2, 18)), &["only comments", "`Catalogue(`"]),
    bad(
        "self_parent.ron",
        Some((3, 23)),
        &["programme \"loop\"", "loops back to itself"],
    ),
    bad("semantic.ron", Some((3, 19)), &["the name is empty in both languages"]),
    bad("single_quotes.ron", Some((3, 18)), &["double quotes"]),
    bad("syntax.ron", Some((4, 9)), &["Expected comma"]),
    bad("trailing_text.ron", Some((3, 2)), &["trailing characters", "remove it"]),
    bad(
        "truncated.ron",
        Some((3, 41)),
        &["ends before the catalogue is complete"],
    ),
    bad(
        "truncated_in_string.ron",
        Some((3, 35)),
        &["closing double quote is missing", "cut short"],
    ),
    bad(
        "truncated_mid_char.ron",
        Some((3, 39)),
        &["ends inside a character", "cut short"],
    ),
    bad("unclosed_comment.ron", Some((2, 7)), &["/* comment */ is not closed"]),
    bad(
        "unknown_field.ron",
        Some((3, 50)),
        &["`colour`", "correct its spelling"],
    ),
    bad(
        "unknown_variant.ron",
        Some((3, 67)),
        &["`Castle`", "`LibraryService`", "values listed"],
    ),
    bad("url_with_space.ron", Some((3, 21)), &["contains spaces"]),
    bad("utf16.ron", Some((1, 1)), &["UTF-16", "save it again as UTF-8"]),
    bad("utf16_be.ron", Some((1, 1)), &["UTF-16"]),
    bad("utf16_no_bom.ron", Some((1, 1)), &["UTF-16"]),
    bad("whitespace_only.ron", None, &["the file is empty"]),
    bad("windows_1251.ron", Some((3, 36)), &["invalid UTF-8 byte 0xD2"]),
    bad("wrong_top_level.ron", Some((1, 1)), &["`Catalogue`"]),
    bad("wrong_type.ron", Some((7, 18)), &["Expected integer", "whole number"]),
    bad("years_backwards.ron", Some((3, 23)), &["(2022, 2019) run backwards"]),
];

fn path(case: &Bad) -> String {
    format!("tests/fixtures/bad/{}", case.file)
}

/// `--no-bundled` unless the file is only bad beside the bundled catalogue.
fn catalogue_args(case: &Bad) -> Vec<&'static str> {
    if case.file == "duplicate_across.ron" {
        vec![]
    } else {
        vec!["--no-bundled"]
    }
}

/// Exit code 2, nothing on stdout, no panic, and a first line naming the file and position
/// with every phrase.
fn assert_reports(case: &Bad, run: &Run, what: &str) {
    let file = path(case);
    assert_eq!(run.code, Some(2), "{what} {file}: {}", run.stderr);
    assert_eq!(run.stdout, "", "{what} {file}");
    assert!(!run.stderr.contains("panicked"), "{what} {file}: {}", run.stderr);
    let first = run.stderr.lines().next().unwrap_or_default();
    let prefix = match case.at {
        Some((line, col)) => format!("{file}:{line}:{col}: "),
        None => format!("{file}: "),
    };
    assert!(first.starts_with(&prefix), "{what}: expected {prefix:?} in {first:?}");
    for phrase in case.phrases {
        assert!(
            first.contains(phrase),
            "{what} {file}: {phrase:?} missing from {first:?}"
        );
    }
}

#[test]
fn the_corpus_lists_every_bad_file_and_has_at_least_30() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = BAD.iter().map(|c| c.file).collect();
    assert_eq!(
        on_disk, listed,
        "tests/fixtures/bad and the BAD table differ (keep both sorted)"
    );
    assert!(BAD.len() >= 30, "{}", BAD.len());
}

#[test]
fn validate_reports_each_bad_file() {
    for case in BAD {
        let file = path(case);
        let mut args = vec!["validate"];
        args.extend(catalogue_args(case));
        args.push(&file);
        let run = libservices(&args);
        assert_reports(case, &run, "validate");
        let last = run.stderr.lines().last().unwrap_or_default();
        assert!(
            last.ends_with(" problem") || last.ends_with(" problems"),
            "{file}: {last}"
        );
    }
}

#[test]
fn search_and_the_app_refuse_each_bad_file_with_the_same_message() {
    let home = tempfile::tempdir().unwrap();
    for case in BAD {
        let file = path(case);
        let mut args = catalogue_args(case);
        args.extend(["--data", &file]);
        let mut search = args.clone();
        search.extend(["search", "library"]);
        assert_reports(case, &libservices_in(home.path(), &[], &search), "search");
        // The app loads the catalogue before it looks for a terminal.
        assert_reports(case, &libservices_in(home.path(), &[], &args), "the app");
    }
    // Nothing was written in the user's folders.
    assert!(std::fs::read_dir(home.path()).unwrap().next().is_none());
}

#[test]
fn the_library_reports_each_bad_file_at_the_same_place() {
    for case in BAD {
        let file = path(case);
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(&file)).unwrap();
        let mut sources = Vec::new();
        if case.file == "duplicate_across.ron" {
            sources.push(Ok(Source::bundled()));
        }
        sources.push(Source::from_bytes(&file, &bytes));
        let err = catalogue::load_read(sources.iter().map(|s| s.as_ref().map_err(Clone::clone)))
            .expect_err("a bad file must not load");
        let first = err
            .problems
            .iter()
            .find(|p| p.file == file)
            .expect("a problem in the file");
        assert_eq!(first.pos.map(|p| (p.line, p.col)), case.at, "{file}");
    }
}

// ---- Hostile text: loads, cleaned ----

const HOSTILE: [&str; 6] = [
    "bidi_override.ron",
    "c1_controls.ron",
    "escape_in_id.ron",
    "nfd_everywhere.ron",
    "raw_controls.ron",
    "raw_csi_osc.ron",
];

fn hostile(name: &str) -> String {
    format!("tests/fixtures/hostile/{name}")
}

/// A character that must never reach a terminal: C0 (but the line feed), DEL, C1,
/// bidirectional controls.
fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn assert_clean(what: &str, text: &str) {
    // CSV ends its lines with CRLF, as RFC 4180 says.
    let text = &text.replace("\r\n", "\n");
    if let Some(c) = text.chars().find(|&c| is_hostile(c)) {
        panic!("{what}: {c:?} reached the output: {text:?}");
    }
    // JSON would write a control character as \u001b: it must be gone, not escaped.
    for escaped in ["\\u001b", "\\u0007", "\\u009b", "\\u202e", "\\u0000"] {
        assert!(!text.contains(escaped), "{what}: {escaped} in {text:?}");
    }
}

#[test]
fn hostile_files_really_hold_raw_controls() {
    for name in HOSTILE {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(hostile(name))).unwrap();
        let raw = text.chars().any(is_hostile) || text.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c));
        assert!(raw, "{name} holds nothing hostile");
    }
}

#[test]
fn hostile_files_load_and_print_cleaned_in_every_format() {
    let home = tempfile::tempdir().unwrap();
    for name in HOSTILE {
        let file = hostile(name);
        let valid = libservices_in(home.path(), &[], &["validate", "--no-bundled", &file]);
        assert_eq!(valid.code, Some(0), "{name}: {}", valid.stderr);
        for kind in ["services", "libraries", "themes"] {
            for format in ["text", "json", "csv", "md"] {
                let args = ["--no-bundled", "--data", &file, "list", kind, "--format", format];
                let run = libservices_in(home.path(), &[], &args);
                assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
                assert_clean(&format!("{name} list {kind} {format}"), &run.stdout);
            }
        }
    }
    let list = |file: &str, kind: &str| {
        libservices_in(
            home.path(),
            &[],
            &["--no-bundled", "--data", &hostile(file), "list", kind],
        )
        .stdout
    };
    let expected = [
        (
            "raw_csi_osc.ron",
            "libraries",
            "raw-escapes  RawRed Librarylink — Lviv, Ukraine",
        ),
        ("raw_controls.ron", "themes", "controls  Bell backspacenuldelvtff cr"),
        ("c1_controls.ron", "themes", "c1  C1csioscnel"),
        ("escape_in_id.ron", "themes", "evilid  Evil"),
        ("nfd_everywhere.ron", "themes", "nfd  Café naïve"),
    ];
    for (file, kind, start) in expected {
        let out = list(file, kind);
        assert!(out.starts_with(start), "{file}: {out:?}");
    }
    let show = libservices_in(
        home.path(),
        &[],
        &[
            "--no-bundled",
            "--data",
            &hostile("bidi_override.ron"),
            "--lang",
            "uk",
            "show",
            "bidi",
        ],
    );
    assert!(
        show.stdout.starts_with("Рахунок ізоляція RLM  [bidi]\n"),
        "{}",
        show.stdout
    );
}

/// Every entity of a dataset, as the app would open it.
fn entities(ds: &Dataset) -> Vec<EntityRef> {
    let c = &ds.catalogue;
    (0..c.services.len())
        .map(EntityRef::Service)
        .chain((0..c.libraries.len()).map(EntityRef::Library))
        .chain((0..c.target_groups.len()).map(EntityRef::TargetGroup))
        .chain((0..c.programmes.len()).map(EntityRef::Programme))
        .chain((0..c.themes.len()).map(EntityRef::Theme))
        .collect()
}

fn screen_is_clean(what: &str, app: &App) {
    let mut terminal = Terminal::new(TestBackend::new(app.size().width, app.size().height)).unwrap();
    terminal.draw(|f| ui::draw(f, app, &Theme::default())).unwrap();
    let text: String = terminal
        .backend()
        .buffer()
        .content
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect();
    assert_clean(what, &text);
}

#[test]
fn the_app_draws_hostile_files_with_nothing_hostile_on_screen() {
    for name in HOSTILE {
        let source = Source::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(hostile(name))).unwrap();
        let ds = catalogue::load(&[source]).unwrap();
        let all = entities(&ds);
        for lang in [Lang::En, Lang::Uk] {
            for (w, h) in [(120, 40), (80, 24), (40, 12)] {
                let mut app = App::new(Data::new(ds.clone()), lang, Rect::new(0, 0, w, h));
                screen_is_clean(&format!("{name} browser {w}x{h}"), &app);
                for &e in &all {
                    assert!(
                        detail::detail(&app.data().ds, e, lang).is_some(),
                        "every entry can be shown"
                    );
                    app.open_entity(e);
                    assert_eq!(app.history().len(), 1);
                    screen_is_clean(&format!("{name} {e:?} {w}x{h}"), &app);
                }
            }
        }
    }
}

// ---- Generated: too big or too deep to commit ----

fn write_temp(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_10_mb_text_loads_and_is_searched_and_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let summary = "Library services for everyone. ".repeat(340_000);
    assert!(summary.len() > 10_000_000);
    let text = format!(
        "Catalogue(\n    services: [\n        Service(id: \"huge\", title: (en: \"Huge\"), summary: (en: \"{summary}\"), seeds: []),\n    ],\n)\n"
    );
    let file = write_temp(dir.path(), "huge.ron", &text);
    let valid = libservices(&["validate", "--no-bundled", &file]);
    assert_eq!(valid.code, Some(0), "{}", valid.stderr);
    let search = libservices(&["--no-bundled", "--data", &file, "search", "everyone", "--format", "csv"]);
    assert_eq!(search.code, Some(0), "{}", search.stderr);
    assert!(search.stdout.lines().nth(1).unwrap_or_default().starts_with("huge,"));
    // The app: the preview and the detail view of the huge text.
    let ds = catalogue::load(&[Source::from_text("huge.ron", &text)]).unwrap();
    let mut app = App::new(Data::new(ds), Lang::En, Rect::new(0, 0, 120, 40));
    support::type_text(&mut app, "everyone");
    assert_eq!(app.results().len(), 1);
    screen_is_clean("huge preview", &app);
    support::key(&mut app, ratatui::crossterm::event::KeyCode::Enter);
    support::key(&mut app, ratatui::crossterm::event::KeyCode::End);
    assert!(
        app.history().last().is_some_and(|v| v.scroll > 10_000),
        "scrolled to the end"
    );
    screen_is_clean("huge detail", &app);
}

#[test]
fn deep_nesting_is_an_error_with_a_position_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 100_000;
    for (name, text, at) in [
        (
            "brackets.ron",
            format!("Catalogue(themes: {}{})\n", "[".repeat(depth), "]".repeat(depth)),
            "1:20: ",
        ),
        (
            "parens.ron",
            format!(
                "Catalogue(themes: [Theme(id: \"a\", name: {}{})])\n",
                "(".repeat(depth),
                ")".repeat(depth)
            ),
            "1:42: ",
        ),
    ] {
        let file = write_temp(dir.path(), name, &text);
        let run = libservices(&["validate", "--no-bundled", &file]);
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert!(
            run.stderr.starts_with(&format!("{file}:{at}")),
            "{name}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked") && !run.stderr.contains("overflow"));
    }
    // Nested comments are allowed by RON and read without recursion.
    let comments = format!("{}{}Catalogue()\n", "/*".repeat(depth), "*/".repeat(depth));
    let file = write_temp(dir.path(), "comments.ron", &comments);
    assert_eq!(libservices(&["validate", "--no-bundled", &file]).code, Some(0));
    let unclosed = write_temp(dir.path(), "unclosed.ron", &"/*".repeat(depth));
    let run = libservices(&["validate", "--no-bundled", &unclosed]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("not closed"), "{}", run.stderr);
}
