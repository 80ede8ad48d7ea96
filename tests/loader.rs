//! Loading catalogue files: decoding, parsing, cleaning, validation messages with their
//! positions, and the `validate` command's exit codes.
//!
//! The binary runs with `LIBSERVICES_HOME` in a fresh temporary folder, `LANG=C` and no
//! `LC_ALL`, from the crate root, so fixture paths appear in messages exactly as given.

#![allow(clippy::expect_used, reason = "test helpers fail the test with a message")]

use std::path::Path;

use libservices::catalogue::{self, BUNDLED_NAME, Pos, Problem, Source};

use support::libservices;

mod support;

const BAD: &str = "tests/fixtures/bad";
const GOOD: &str = "tests/fixtures/good";

fn fixture(dir: &str, name: &str) -> String {
    format!("{dir}/{name}")
}

fn read(path: &str) -> Source {
    Source::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("fixture decodes")
}

/// Reads a fixture under the name it is given (relative), as the CLI would name it.
fn read_as_given(path: &str) -> Result<Source, Problem> {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("fixture exists");
    Source::from_bytes(path, &bytes)
}

/// `validate --no-bundled FILE` on one bad fixture: exit 2, nothing on stdout, one problem
/// line starting with `FILE:LINE:COLUMN: ` and containing every key phrase, then `1 problem`.
fn assert_one_problem(name: &str, line: usize, col: usize, phrases: &[&str]) {
    let path = fixture(BAD, name);
    let run = libservices(&["validate", "--no-bundled", &path]);
    assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
    assert_eq!(run.stdout, "", "{name}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{name}: {}", run.stderr);
    let prefix = format!("{path}:{line}:{col}: ");
    assert!(
        lines[0].starts_with(&prefix),
        "{name}: expected {prefix:?} in {:?}",
        lines[0]
    );
    for phrase in phrases {
        assert!(
            lines[0].contains(phrase),
            "{name}: {phrase:?} missing from {:?}",
            lines[0]
        );
    }
    assert_eq!(lines[1], "1 problem");
}

/// Where `id: "ID"` first stands in `text`: the line and the column of its opening quote.
fn id_position(text: &str, id: &str) -> Pos {
    let needle = format!("id: \"{id}\"");
    for (i, line) in text.lines().enumerate() {
        if let Some(byte) = line.find(&needle) {
            let col = line[..byte].chars().count() + "id: ".len() + 1;
            return Pos { line: i + 1, col };
        }
    }
    panic!("{id} is not defined in the text");
}

const BUNDLED_TEXT: &str = include_str!("../assets/catalogue.ron");

// ---- Each bad fixture: position and message ----

#[test]
fn empty_file_has_no_position_and_says_how_a_catalogue_starts() {
    let path = fixture(BAD, "empty.ron");
    let run = libservices(&["validate", "--no-bundled", &path]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(
        lines[0].starts_with(&format!("{path}: the file is empty")),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("`Catalogue(`"), "{}", lines[0]);
    assert_eq!(lines[1], "1 problem");
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    // `    version: "caf` is 17 characters: the byte 0xE9 is column 18 of line 2.
    assert_one_problem("invalid_utf8.ron", 2, 18, &["invalid UTF-8 byte 0xE9", "UTF-8"]);
}

#[test]
fn utf16_file_is_named_as_such() {
    assert_one_problem("utf16.ron", 1, 1, &["UTF-16", "save it again as UTF-8"]);
}

#[test]
fn syntax_error_points_at_the_entry_after_the_missing_comma() {
    assert_one_problem("syntax.ron", 4, 9, &["Expected comma", "a comma is missing"]);
}

#[test]
fn truncated_file_says_it_ends_too_early() {
    // Line 3 is 40 characters long: the position is just past its end.
    assert_one_problem(
        "truncated.ron",
        3,
        41,
        &[
            "the file ends before the catalogue is complete",
            "closing `)` or `]` is missing",
        ],
    );
}

#[test]
fn unknown_field_is_named_with_its_column_counted_in_characters() {
    // The line holds a Cyrillic "А" (two bytes, one column) before `colour`.
    assert_one_problem(
        "unknown_field.ron",
        3,
        50,
        &["`colour`", "`Theme`", "remove it or correct its spelling"],
    );
}

#[test]
fn wrong_type_says_to_write_a_number() {
    let path = fixture(BAD, "wrong_type.ron");
    let run = libservices(&["validate", "--no-bundled", &path]);
    assert_eq!(run.code, Some(2));
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    // `year: "2020"`: RON reports the space after the colon (18); the value is at 19.
    let at_space = format!("{path}:7:18: ");
    let at_value = format!("{path}:7:19: ");
    assert!(
        lines[0].starts_with(&at_space) || lines[0].starts_with(&at_value),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("Expected integer"), "{}", lines[0]);
    assert!(lines[0].contains("write a whole number without quotes"), "{}", lines[0]);
    assert_eq!(lines[1], "1 problem");
}

/// (line, column, entity, key phrases) of every problem in `semantic.ron`, in order.
const SEMANTIC: [(usize, usize, &str, &[&str]); 11] = [
    (3, 19, "theme \"theme-a\"", &["the name is empty in both languages"]),
    (
        4,
        19,
        "theme \"theme-a\"",
        &["duplicate id", "tests/fixtures/bad/semantic.ron:3:19", "(as a theme)"],
    ),
    (5, 19, "theme \"Bad_Id\"", &["must be kebab-case"]),
    (8, 25, "target group \"group-a\"", &["parent chain loops"]),
    (9, 25, "target group \"group-b\"", &["parent chain loops"]),
    (
        12,
        21,
        "library \"far-away\"",
        &["country \"Ukraine\"", "two-letter ISO code"],
    ),
    (
        12,
        21,
        "library \"far-away\"",
        &["coordinates (95, 30)", "out of range"],
    ),
    (
        16,
        17,
        "service \"service-a\"",
        &["the title is empty in both languages"],
    ),
    (16, 17, "service \"service-a\"", &["year 3020", "out of range"]),
    (
        19,
        25,
        "service \"service-a\"",
        &["libraries refers to unknown library \"no-such-library\""],
    ),
    (
        20,
        29,
        "service \"service-a\"",
        &[
            "target_groups lists \"theme-a\"",
            "which is a theme, not a target group",
        ],
    ),
];

fn assert_semantic_lines(lines: &[&str]) {
    assert_eq!(lines.len(), SEMANTIC.len(), "{lines:#?}");
    for (line, (l, c, entity, phrases)) in lines.iter().zip(SEMANTIC) {
        let prefix = format!("tests/fixtures/bad/semantic.ron:{l}:{c}: {entity}: ");
        assert!(line.starts_with(&prefix), "expected {prefix:?} in {line:?}");
        for phrase in phrases {
            assert!(line.contains(phrase), "{phrase:?} missing from {line:?}");
        }
    }
}

#[test]
fn semantic_problems_are_all_reported_in_order() {
    let path = fixture(BAD, "semantic.ron");
    let run = libservices(&["validate", "--no-bundled", &path]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.last(), Some(&"11 problems"), "{}", run.stderr);
    assert_semantic_lines(&lines[..lines.len() - 1]);
}

#[test]
fn semantic_problems_through_the_library_api() {
    let source = read_as_given("tests/fixtures/bad/semantic.ron").expect("decodes");
    let err = catalogue::load(&[source]).expect_err("semantic.ron must not load");
    let lines: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    assert_semantic_lines(&lines);
    assert!(err.problems.iter().all(|p| p.file == "tests/fixtures/bad/semantic.ron"));
    // The error's own text is the same lines, joined.
    assert_eq!(err.to_string(), lines.join("\n"));
}

#[test]
fn problems_of_several_files_come_together_in_file_order() {
    let syntax = fixture(BAD, "syntax.ron");
    let semantic = fixture(BAD, "semantic.ron");
    let run = libservices(&["validate", "--no-bundled", &syntax, &semantic]);
    assert_eq!(run.code, Some(2));
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 13, "{}", run.stderr);
    assert!(lines[0].starts_with(&format!("{syntax}:4:9: ")), "{}", lines[0]);
    assert_semantic_lines(&lines[1..12]);
    assert_eq!(lines[12], "12 problems");
}

#[test]
fn problems_are_listed_in_file_order_even_when_a_later_file_does_not_parse() {
    // `CatalogueError::problems` is documented as "in file order, then by position".
    let syntax = fixture(BAD, "syntax.ron");
    let semantic = fixture(BAD, "semantic.ron");
    let run = libservices(&["validate", "--no-bundled", &semantic, &syntax]);
    assert_eq!(run.code, Some(2));
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 13, "{}", run.stderr);
    assert_semantic_lines(&lines[..11]);
    assert!(lines[11].starts_with(&format!("{syntax}:4:9: ")), "{}", lines[11]);
    assert_eq!(lines[12], "12 problems");
}

#[test]
fn a_file_that_cannot_be_decoded_does_not_hide_the_problems_of_the_others() {
    // GUIDE §5: validation reports every problem at once.
    let utf16 = fixture(BAD, "utf16.ron");
    let semantic = fixture(BAD, "semantic.ron");
    let run = libservices(&["validate", "--no-bundled", &utf16, &semantic]);
    assert_eq!(run.code, Some(2));
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 13, "{}", run.stderr);
    assert!(lines[0].starts_with(&format!("{utf16}:1:1: ")), "{}", lines[0]);
    assert_semantic_lines(&lines[1..12]);
    assert_eq!(lines[12], "12 problems");
}

// ---- Decoding and parsing through the library API ----

#[test]
fn decoding_problems_carry_file_and_position() {
    let utf16 = read_as_given("tests/fixtures/bad/utf16.ron").expect_err("UTF-16 is refused");
    assert_eq!(utf16.file, "tests/fixtures/bad/utf16.ron");
    assert_eq!(utf16.pos, Some(Pos { line: 1, col: 1 }));
    let bad = read_as_given("tests/fixtures/bad/invalid_utf8.ron").expect_err("0xE9 is refused");
    assert_eq!(bad.pos, Some(Pos { line: 2, col: 18 }));
    assert!(bad.message.en.contains("0xE9"), "{}", bad.message.en);
    // UTF-16 without a byte-order mark is recognised by its zero bytes.
    let utf16_le: Vec<u8> = "Catalogue()".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let err = Source::from_bytes("x.ron", &utf16_le).expect_err("BOM-less UTF-16 is refused");
    assert!(err.message.en.contains("UTF-16"), "{}", err.message.en);
}

#[test]
fn a_missing_file_is_a_problem_naming_the_path() {
    let err = Source::read(Path::new("no/such/file.ron")).expect_err("missing file");
    assert_eq!(err.file, "no/such/file.ron");
    assert_eq!(err.pos, None);
    assert!(err.message.en.starts_with("cannot read the file"), "{}", err.message.en);
    let run = libservices(&["validate", "--no-bundled", "no/such/file.ron"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.starts_with("no/such/file.ron: cannot read the file"),
        "{}",
        run.stderr
    );
}

#[test]
fn parse_reports_syntax_and_empty_files() {
    let empty = catalogue::parse(&read("tests/fixtures/bad/empty.ron")).expect_err("empty");
    assert_eq!(empty.pos, None);
    let syntax = catalogue::parse(&Source::from_text(
        "s.ron",
        "Catalogue(themes: [Theme(id: \"a\" name: (en: \"A\"))])",
    ))
    .expect_err("missing comma");
    assert_eq!(syntax.file, "s.ron");
    assert_eq!(syntax.pos, Some(Pos { line: 1, col: 34 }));
    let trailing = catalogue::parse(&Source::from_text("t.ron", "Catalogue()\nCatalogue()\n")).expect_err("trailing");
    // The position is the end of the catalogue, which the message refers to.
    assert_eq!(trailing.pos, Some(Pos { line: 1, col: 12 }));
    assert!(trailing.message.en.contains("remove it"), "{}", trailing.message.en);
}

// ---- Duplicates across files ----

#[test]
fn duplicate_id_across_files_names_both_places() {
    let bundled = id_position(BUNDLED_TEXT, "creative-industries");
    let path = fixture(BAD, "duplicate_across.ron");
    let run = libservices(&["validate", &path]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    let expected = format!(
        "{path}:3:19: theme \"creative-industries\": duplicate id; it is already defined at {BUNDLED_NAME}:{}:{} (as a theme); rename one of them\n1 problem\n",
        bundled.line, bundled.col
    );
    assert_eq!(run.stderr, expected);
    // Alone, the same file is valid.
    let alone = libservices(&["validate", "--no-bundled", &path]);
    assert_eq!(alone.code, Some(0), "{}", alone.stderr);
}

#[test]
fn duplicate_is_reported_at_the_later_file_and_names_the_earlier() {
    let user = read_as_given("tests/fixtures/bad/duplicate_across.ron").expect("decodes");
    let err = catalogue::load(&[user, Source::bundled()]).expect_err("duplicate");
    assert_eq!(err.problems.len(), 1, "{err}");
    let p = &err.problems[0];
    assert_eq!(p.file, BUNDLED_NAME);
    assert_eq!(p.pos, Some(id_position(BUNDLED_TEXT, "creative-industries")));
    assert!(
        p.message
            .en
            .contains("already defined at tests/fixtures/bad/duplicate_across.ron:3:19 (as a theme)"),
        "{}",
        p.message.en
    );
}

#[test]
fn duplicate_of_another_kind_says_which_kind_it_was() {
    let text = "Catalogue(\n    libraries: [\n        Library(id: \"children\", name: (en: \"Children's\"), country: \"UA\"),\n    ],\n)\n";
    let err = catalogue::load(&[Source::bundled(), Source::from_text("kinds.ron", text)]).expect_err("duplicate");
    assert_eq!(err.problems.len(), 1, "{err}");
    let first = id_position(BUNDLED_TEXT, "children");
    assert_eq!(
        err.problems[0].to_string(),
        format!(
            "kinds.ron:3:21: library \"children\": duplicate id; it is already defined at {BUNDLED_NAME}:{}:{} (as a target group); rename one of them",
            first.line, first.col
        )
    );
}

// ---- Byte-order mark and line endings ----

#[test]
fn bom_and_crlf_file_loads() {
    let raw = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(GOOD).join("bom_crlf.ron")).expect("fixture");
    assert!(raw.starts_with(b"\xEF\xBB\xBF"), "the fixture must keep its BOM");
    assert!(raw.windows(2).any(|w| w == b"\r\n"), "the fixture must keep CRLF");
    let source = read("tests/fixtures/good/bom_crlf.ron");
    assert!(!source.text.starts_with('\u{FEFF}'));
    assert!(!source.text.contains('\r'));
    let ds = catalogue::load(&[source]).expect("loads");
    let theme = &ds.catalogue.themes[0];
    assert_eq!(&*theme.id, "notepad-theme");
    assert_eq!(theme.name.uk(), "Тема");
    assert_eq!(theme.name.en(), "Theme");
    let run = libservices(&[
        "--no-bundled",
        "--data",
        "tests/fixtures/good/bom_crlf.ron",
        "show",
        "notepad-theme",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "Theme  [notepad-theme]\nTheme\n");
}

#[test]
fn positions_in_a_bom_crlf_file_ignore_the_bom_and_the_carriage_returns() {
    let bytes = b"\xEF\xBB\xBFCatalogue(\r\n  themes: [\r\n    Theme(id: \"Bad\", name: (en: \"x\")),\r\n  ],\r\n)\r\n";
    let source = Source::from_bytes("crlf.ron", bytes).expect("decodes");
    let err = catalogue::load(&[source]).expect_err("Bad is not kebab-case");
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!(err.problems[0].pos, Some(Pos { line: 3, col: 15 }));
    // A syntax error after CRLF lines: RON sees `\n` only.
    let bytes = b"\xEF\xBB\xBFCatalogue(\r\n  themes: [\r\n    Theme(id: \"a\" name: (en: \"x\")),\r\n  ],\r\n)\r\n";
    let err = catalogue::parse(&Source::from_bytes("crlf.ron", bytes).expect("decodes")).expect_err("comma");
    assert_eq!(err.pos, Some(Pos { line: 3, col: 19 }));
}

#[test]
fn old_mac_line_endings_count_as_lines() {
    let source = Source::from_bytes(
        "cr.ron",
        b"Catalogue(\r  themes: [\r    Theme(id: \"Bad\", name: (en: \"x\")),\r  ],\r)\r",
    )
    .expect("decodes");
    let err = catalogue::load(&[source]).expect_err("Bad is not kebab-case");
    assert_eq!(err.problems[0].pos, Some(Pos { line: 3, col: 15 }));
}

// ---- Cleaning: escapes and normalisation ----

fn assert_no_terminal_controls(what: &str, text: &str) {
    for (bad, name) in [
        ('\u{1b}', "ESC"),
        ('\u{7}', "BEL"),
        ('\u{202e}', "U+202E"),
        ('\u{9b}', "CSI"),
    ] {
        assert!(!text.contains(bad), "{what}: {name} reached the output: {text:?}");
    }
}

#[test]
fn escape_sequences_are_removed_on_load() {
    let raw =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(GOOD).join("escapes.ron")).expect("fixture");
    assert!(
        raw.contains("\\u{1b}[31m") && raw.contains("\\u{202e}"),
        "the fixture must keep its escapes"
    );
    let ds = catalogue::load(&[read("tests/fixtures/good/escapes.ron")]).expect("loads");
    let library = &ds.catalogue.libraries[0];
    assert_eq!(library.name.en(), "EvilRed Library");
    assert_eq!(library.name.uk(), "Бібліотека");
}

#[test]
fn show_of_the_escape_library_prints_no_control_characters() {
    let data = "tests/fixtures/good/escapes.ron";
    for lang in ["en", "uk"] {
        for format in ["text", "json", "md"] {
            let run = libservices(&[
                "--no-bundled",
                "--data",
                data,
                "--lang",
                lang,
                "show",
                "escape-library",
                "--format",
                format,
            ]);
            assert_eq!(run.code, Some(0), "{lang} {format}: {}", run.stderr);
            assert_no_terminal_controls(&format!("{lang} {format}"), &run.stdout);
            // JSON would escape a control character as \u001b: it must be gone, not escaped.
            assert!(
                !run.stdout.contains("\\u001b") && !run.stdout.contains("\\u0007"),
                "{}",
                run.stdout
            );
        }
    }
    let run = libservices(&["--no-bundled", "--data", data, "show", "escape-library"]);
    assert!(
        run.stdout.starts_with("EvilRed Library  [escape-library]\n"),
        "{}",
        run.stdout
    );
    let run = libservices(&["--no-bundled", "--data", data, "--lang", "uk", "show", "escape-library"]);
    assert!(
        run.stdout.starts_with("Бібліотека  [escape-library]\n"),
        "{}",
        run.stdout
    );
    let run = libservices(&["--no-bundled", "--data", data, "list", "libraries"]);
    assert_no_terminal_controls("list", &run.stdout);
    assert!(run.stdout.contains("EvilRed Library"), "{}", run.stdout);
}

const NFD_FIXTURE: &str = "tests/fixtures/good/nfd.ron";

#[test]
fn nfd_fixture_really_is_decomposed() {
    let raw = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(NFD_FIXTURE)).expect("fixture");
    assert!(raw.contains("и\u{306}"), "й must be written as и + U+0306");
    assert!(raw.contains("і\u{308}"), "ї must be written as і + U+0308");
    assert!(raw.contains("І\u{308}"), "Ї must be written as І + U+0308");
    assert!(!raw.contains('й') && !raw.contains('ї') && !raw.contains('Ї'));
}

#[test]
fn decomposed_text_is_normalised_to_nfc_on_load() {
    let ds = catalogue::load(&[read(NFD_FIXTURE)]).expect("loads");
    let service = &ds.catalogue.services[0];
    assert_eq!(service.title.uk(), "Мій Київ");
    assert_eq!(service.summary.uk(), "Київські читання й майстерні для всіх.");
    let library = &ds.catalogue.libraries[0];
    assert_eq!(library.name.uk(), "Бібліотека «Їжачок»");
    assert_eq!(library.place.uk(), "Київ");
}

#[test]
fn show_prints_decomposed_text_composed() {
    let run = libservices(&[
        "--no-bundled",
        "--data",
        NFD_FIXTURE,
        "--lang",
        "uk",
        "show",
        "nfd-kyiv-readings",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Мій Київ  [nfd-kyiv-readings]\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Київські читання й майстерні для всіх."),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  - Бібліотека «Їжачок»\n"), "{}", run.stdout);
    assert!(run.stdout.contains("Місце: Київ, Україна\n"), "{}", run.stdout);
    assert!(
        !run.stdout.contains('\u{306}') && !run.stdout.contains('\u{308}'),
        "combining marks reached the output: {:?}",
        run.stdout
    );
}

#[test]
fn composed_and_decomposed_queries_find_decomposed_text() {
    for query in ["Київ", "Ки\u{456}\u{308}в", "Мій", "Мі\u{438}\u{306}"] {
        let run = libservices(&[
            "--no-bundled",
            "--data",
            NFD_FIXTURE,
            "search",
            query,
            "--format",
            "csv",
        ]);
        assert_eq!(run.code, Some(0), "{query:?}: {}", run.stderr);
        let first = run.stdout.lines().nth(1).unwrap_or_default();
        assert!(first.starts_with("nfd-kyiv-readings,"), "{query:?}: {}", run.stdout);
    }
}

// ---- `validate`: output and exit codes ----

#[test]
fn validate_exit_codes() {
    let ok = libservices(&["validate"]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    assert_eq!(ok.stderr, "");
    assert!(
        ok.stdout.starts_with(&format!("valid: {BUNDLED_NAME}\n")),
        "{}",
        ok.stdout
    );

    let small = libservices(&["validate", "--no-bundled", "tests/fixtures/good/small.ron"]);
    assert_eq!(small.code, Some(0), "{}", small.stderr);
    assert_eq!(
        small.stdout,
        "valid: tests/fixtures/good/small.ron\n3 services, 2 libraries, 3 target groups, 1 programmes, 1 themes\n"
    );

    let with_bundled = libservices(&["validate", "tests/fixtures/good/bom_crlf.ron"]);
    assert_eq!(with_bundled.code, Some(0), "{}", with_bundled.stderr);
    assert!(
        with_bundled
            .stdout
            .starts_with(&format!("valid: {BUNDLED_NAME}, tests/fixtures/good/bom_crlf.ron\n")),
        "{}",
        with_bundled.stdout
    );

    let bad = libservices(&[
        "validate",
        "tests/fixtures/good/bom_crlf.ron",
        "tests/fixtures/bad/syntax.ron",
    ]);
    assert_eq!(bad.code, Some(2));
    assert_eq!(bad.stdout, "");

    let nothing = libservices(&["validate", "--no-bundled"]);
    assert_eq!(nothing.code, Some(2));
    assert!(nothing.stderr.contains("nothing to validate"), "{}", nothing.stderr);
}

#[test]
fn validate_counts_merged_files_in_ukrainian() {
    let run = libservices(&[
        "--lang",
        "uk",
        "validate",
        "--no-bundled",
        "tests/fixtures/good/small.ron",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "без помилок: tests/fixtures/good/small.ron\n3 послуги, 2 бібліотеки, 3 цільові групи, 1 програма, 1 тема\n"
    );
}

#[test]
fn every_good_fixture_validates_alone() {
    for name in ["bom_crlf.ron", "escapes.ron", "small.ron", "nfd.ron", "csv_tricky.ron"] {
        let path = fixture(GOOD, name);
        let run = libservices(&["validate", "--no-bundled", &path]);
        assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{name}");
    }
}

#[test]
fn every_bad_fixture_fails_with_exit_2() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(BAD);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("bad fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 9, "{names:?}");
    for name in names {
        let path = fixture(BAD, &name);
        // duplicate_across.ron is only bad together with the bundled catalogue.
        let run = libservices(&["validate", &path]);
        assert_eq!(run.code, Some(2), "{name}: {}", run.stdout);
        assert!(run.stderr.starts_with(&format!("{path}:")), "{name}: {}", run.stderr);
        assert!(
            run.stderr.ends_with(" problem\n") || run.stderr.ends_with(" problems\n"),
            "{name}"
        );
    }
}

/// The problems of a catalogue given as text, as `FILE:LINE:COLUMN: message` lines.
fn problems_of(text: &str) -> Vec<String> {
    let source = Source::from_text("new.ron", text);
    catalogue::load(&[source]).map_or_else(|e| e.problems.iter().map(ToString::to_string).collect(), |_| Vec::new())
}

#[test]
fn other_names_that_are_empty_repeated_or_the_own_name_are_problems_where_they_stand() {
    let text = r#"Catalogue(
    target_groups: [
        TargetGroup(
            id: "idp",
            name: (uk: "Переселенці", en: "Displaced people"),
            other_names: (uk: ["ВПО", "впо", " "], en: ["IDPs", "displaced PEOPLE"]),
        ),
        TargetGroup(id: "kids", name: (en: "Children"), other_names: (en: ["kids"])),
    ],
)
"#;
    let lines = problems_of(text);
    assert_eq!(
        lines,
        [
            "new.ron:6:39: target group \"idp\": other name \"впо\" is listed twice in uk; remove one",
            "new.ron:6:46: target group \"idp\": other name 3 in uk is empty; write the name or remove the empty string",
            "new.ron:6:65: target group \"idp\": other name \"displaced PEOPLE\" is the entry's own name; remove it from other_names",
        ],
        "{lines:#?}"
    );
}

#[test]
fn new_relations_are_checked_by_kind_and_retired_ids_must_be_free() {
    let text = r#"Catalogue(
    programmes: [
        Programme(id: "meeting", name: (en: "Meeting"), kind: Event),
        Programme(id: "offers", name: (en: "Offers"), organisations: ["meeting"], presented_at: ["offers", "meeting"], retired_ids: ["old-offers"]),
        Programme(id: "scheme", name: (en: "Scheme"), presented_at: ["nowhere"], retired_ids: ["meeting", "old-offers"]),
    ],
    libraries: [
        Library(id: "system", name: (en: "System"), country: "UA", parent: "branch"),
        Library(id: "branch", name: (en: "Branch"), country: "UA", parent: "system"),
    ],
    sources: [
        Source(file: "a.txt", title: (en: "A")),
        Source(file: "a.txt", title: (uk: "")),
    ],
)
"#;
    let lines = problems_of(text);
    let expected = [
        "new.ron:4:71: programme \"offers\": organisations lists \"meeting\", which is a programme, not a library; use a library id",
        "new.ron:4:98: programme \"offers\": presented_at lists \"offers\", which is a programme but not an event; name a programme of kind Event",
        "new.ron:5:70: programme \"scheme\": presented_at refers to unknown programme \"nowhere\"; correct the id or add a programme with that id",
        "new.ron:5:96: programme \"scheme\": retired id \"meeting\" is the id of a programme in the catalogue; a retired id must no longer be in use",
        "new.ron:5:107: programme \"scheme\": retired id \"old-offers\" is also retired by \"offers\"; keep it on one entry",
        "new.ron:8:21: library \"system\": its parent chain loops back to itself; remove one of the parent links",
        "new.ron:9:21: library \"branch\": its parent chain loops back to itself; remove one of the parent links",
        "new.ron:12:22: source \"a.txt\": is listed twice in the sources; remove one",
        "new.ron:12:22: source \"a.txt\": the title is empty in both languages; write the document's title as (uk: \"...\", en: \"...\")",
    ];
    assert_eq!(lines, expected, "{lines:#?}");
}
