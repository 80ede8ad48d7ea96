//! `search` output pinned byte for byte, in every format written to standard output and in
//! both languages: libraries (with their people and places), services (with the people of
//! their libraries, programmes, source titles with publishers) from the bundled catalogue,
//! and services of a generated catalogue. The files under `tests/fixtures/golden/` were
//! written by the build before the output was made faster; a change to what is printed must
//! show here as a changed file. (The generator writes its texts from the bundled catalogue's
//! summaries and descriptions: when those change, the generated catalogue does, and its
//! files are written again by a build that prints as before.)

#![allow(clippy::expect_used, reason = "test helpers fail the test with a message")]

use std::path::Path;

use support::libservices_in;

mod support;

const FORMATS: [&str; 5] = ["text", "json", "csv", "md", "html"];
const LANGS: [&str; 2] = ["en", "uk"];

/// Runs `search` with `args` in every format and language and compares each output with
/// `tests/fixtures/golden/NAME-LANG.FORMAT`.
fn assert_pinned(home: &Path, name: &str, args: &[&str]) {
    for lang in LANGS {
        for format in FORMATS {
            let mut all = vec!["--lang", lang];
            all.extend_from_slice(args);
            all.extend_from_slice(&["--format", format]);
            let run = libservices_in(home, &[], &all);
            assert_eq!(run.code, Some(0), "{all:?}: {}", run.stderr);
            let file =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/golden/{name}-{lang}.{format}"));
            let expected = std::fs::read_to_string(&file).expect("golden file");
            assert!(
                run.stdout == expected,
                "{all:?} differs from {}: first differing line {:?}",
                file.display(),
                run.stdout
                    .lines()
                    .zip(expected.lines())
                    .find(|(a, b)| a != b)
                    .map_or_else(
                        || "(one output is longer)".to_owned(),
                        |(a, b)| format!("{a:?} != {b:?}")
                    )
            );
        }
    }
}

#[test]
fn libraries_print_as_before() {
    let home = tempfile::tempdir().expect("home");
    assert_pinned(
        home.path(),
        "bundled-library",
        &["search", "бібліотека", "--limit", "8"],
    );
}

#[test]
fn services_with_people_and_sources_print_as_before() {
    let home = tempfile::tempdir().expect("home");
    assert_pinned(
        home.path(),
        "bundled-services",
        &[
            "search",
            "бібліотека",
            "--kind",
            "service",
            "--kind",
            "programme",
            "--limit",
            "10",
        ],
    );
}

#[test]
fn generated_services_print_as_before() {
    let home = tempfile::tempdir().expect("home");
    let file = home.path().join("g400.ron");
    let file = file.to_str().expect("UTF-8 path");
    let run = libservices_in(home.path(), &[], &["generate", "--services", "400", "-o", file]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_pinned(
        home.path(),
        "generated-chess",
        &[
            "--data",
            file,
            "--no-bundled",
            "search",
            "chess",
            "club",
            "--limit",
            "8",
        ],
    );
}

#[test]
fn a_row_maker_reusing_library_parts_makes_every_row_as_one_made_alone() {
    use libservices::catalogue::Lang;
    use libservices::export::{RowMaker, service_row};

    let ds = support::bundled();
    assert!(
        ds.catalogue
            .services
            .iter()
            .any(|s| !s.people.is_empty() || !s.seeds.is_empty())
    );
    for lang in [Lang::En, Lang::Uk] {
        let mut maker = RowMaker::new(&ds, lang);
        // Twice over, so that the second pass takes every library's parts from the maker.
        for service in (0..ds.catalogue.services.len()).chain(0..ds.catalogue.services.len()) {
            let made = maker
                .service_row(service, None)
                .map(|r| serde_json::to_value(r).expect("JSON"));
            let alone = service_row(&ds, service, None, lang).map(|r| serde_json::to_value(r).expect("JSON"));
            assert!(made.is_some(), "{service}");
            assert_eq!(made, alone, "{service} in {lang:?}");
        }
    }
}
