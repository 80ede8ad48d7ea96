//! Big catalogue files (4 MB or more) are parsed as streams, without their text in memory.
//! Whatever the stream parser does, the result must be the one the whole-text parser gives:
//! the same catalogue for a good file, and the same problems, at the same `FILE:LINE:COL`,
//! for a bad one (the whole text is then read to report them).

#![allow(clippy::expect_used, reason = "test helpers may panic")]

mod support;

use std::path::Path;

use libservices::catalogue::{self, CatalogueError, Dataset, Layers, STREAM_FROM, Source};
use support::libservices_in;

/// A generated catalogue's text, just over the streaming size.
fn big_text() -> String {
    let text = libservices::generate::to_ron(&libservices::generate::catalogue(4_500, 3)).expect("RON");
    assert!(text.len() as u64 >= STREAM_FROM, "{}", text.len());
    text
}

/// Loads `bytes` written to a file in `dir`, as the program opens it (streamed) and read
/// whole (the text parser), with the bundled catalogue before it.
fn both_ways(dir: &Path, bytes: &[u8]) -> (Result<Dataset, CatalogueError>, Result<Dataset, CatalogueError>) {
    let file = dir.join("big.ron");
    std::fs::write(&file, bytes).expect("write");
    let opened = Source::open(&file);
    assert!(
        opened.as_ref().is_ok_and(|s| s.unread().is_some()),
        "a big file is opened, not read"
    );
    let layers = |data| Layers {
        base: vec![Ok(Source::bundled())],
        updates: Vec::new(),
        data: vec![data],
    };
    let streamed = catalogue::load_layers(&layers(opened));
    let whole = catalogue::load_layers(&layers(Source::read(&file)));
    (streamed, whole)
}

fn problems(result: Result<Dataset, CatalogueError>) -> Vec<String> {
    match result {
        Ok(_) => Vec::new(),
        Err(e) => e.problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_big_file_streams_to_the_catalogue_the_text_parser_gives() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let text = big_text();
    let crlf = [&b"\xEF\xBB\xBF"[..], text.replace('\n', "\r\n").as_bytes()].concat();
    for bytes in [text.as_bytes(), &crlf] {
        let (streamed, whole) = both_ways(dir.path(), bytes);
        let (streamed, whole) = (streamed.expect("streams"), whole.expect("parses"));
        assert_eq!(streamed.catalogue, whole.catalogue);
        assert_eq!(streamed.sources, whole.sources);
        assert_eq!(streamed.links, whole.links);
        assert_eq!(streamed.catalogue.services.len(), 4_500 + bundled_services());
    }
}

fn bundled_services() -> usize {
    catalogue::parse(&Source::bundled()).expect("bundled").services.len()
}

#[test]
fn problems_in_a_big_file_are_reported_as_in_a_small_one() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let text = big_text();
    let last = text.rfind("Service(").expect("a service");
    let middle = text[text.len() / 2..].find("Service(").expect("a service") + text.len() / 2;
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "unknown library",
            text.replacen("libraries: [\n        \"gen-", "libraries: [\n        \"no-such-", 1)
                .into_bytes(),
        ),
        ("unknown field", {
            let mut t = text.clone();
            t.insert_str(middle + "Service(".len(), "colour: \"red\", ");
            t.into_bytes()
        }),
        ("syntax near the end", {
            let mut t = text.clone();
            t.insert_str(last + "Service(".len(), "id \"x\", ");
            t.into_bytes()
        }),
        ("wrong type", text.replacen("year: 20", "year: \"20\"", 1).into_bytes()),
        ("cut short in a string", {
            let quote = last + text[last..].find("title").expect("a title") + 30;
            text.as_bytes()[..quote].to_vec()
        }),
        ("trailing text", format!("{text}Catalogue()\n").into_bytes()),
        (
            "empty element",
            text.replacen("),\n    Service(", "),,\n    Service(", 1).into_bytes(),
        ),
        ("repeated id", {
            let first = text.find("  Service(").expect("a service");
            let end = first + text[first..].find("\n    ),\n").expect("its end") + "\n    ),\n".len();
            let mut t = text.clone();
            t.insert_str(last - 4, &text[first..end]);
            t.into_bytes()
        }),
    ];
    let mut invalid = text.clone().into_bytes();
    invalid[middle + 20] = 0xFF;
    cases.push(("invalid UTF-8", invalid));
    for (what, bytes) in cases {
        let (streamed, whole) = both_ways(dir.path(), &bytes);
        let expected = problems(whole);
        assert!(!expected.is_empty(), "{what}: the text parser finds a problem");
        assert!(
            expected
                .iter()
                .any(|p| p.split(':').nth(1).is_some_and(|l| l.parse::<usize>().is_ok())),
            "{what}: with a line number: {expected:?}"
        );
        assert_eq!(problems(streamed), expected, "{what}");
    }
}

#[test]
fn the_binary_reports_a_problem_in_a_big_file_with_its_position_and_exits_2() {
    let home = tempfile::tempdir().expect("temporary home");
    let file = home.path().join("big.ron");
    let text = big_text();
    let at = text.len() - 200;
    let bad = format!("{}\"{}", &text[..at], &text[at..]);
    std::fs::write(&file, &bad).expect("write");
    let expected = catalogue::load_layers(&Layers {
        base: vec![Ok(Source::bundled())],
        data: vec![Source::read(&file)],
        ..Layers::default()
    })
    .expect_err("bad");
    let name = file.to_str().expect("UTF-8 path");
    let run = libservices_in(home.path(), &[], &["--data", name, "search", "theatre"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let first = expected.problems[0].to_string();
    assert!(first.starts_with(&format!("{name}:")), "{first}");
    assert!(run.stderr.contains(&first), "{}\n---\n{first}", run.stderr);
    assert!(!home.path().join("cache").exists(), "nothing is cached");
}

#[test]
fn a_big_update_that_does_not_fit_is_skipped_with_its_positions() {
    let home = tempfile::tempdir().expect("temporary home");
    let folder = home.path().join("data").join("catalogues");
    std::fs::create_dir_all(&folder).expect("folder");
    let text = big_text().replacen(
        "target_groups: [\n        \"gen-",
        "target_groups: [\n        \"nobody-",
        1,
    );
    let update = folder.join("2027-01.ron");
    std::fs::write(&update, &text).expect("write");
    let expected = catalogue::load_layers(&Layers {
        base: vec![Ok(Source::bundled())],
        updates: vec![Source::read(&update)],
        ..Layers::default()
    })
    .expect("the bundled catalogue loads");
    assert_eq!(expected.skipped.len(), 1);
    let streamed = catalogue::load_layers(&Layers {
        base: vec![Ok(Source::bundled())],
        updates: vec![Source::open(&update)],
        ..Layers::default()
    })
    .expect("the bundled catalogue loads");
    assert_eq!(streamed.skipped, expected.skipped);
    assert!(expected.skipped[0].problems.iter().all(|p| p.pos.is_some()));
    let run = libservices_in(home.path(), &[], &["about"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let problem = expected.skipped[0].problems[0].to_string();
    let shown = problem.rsplit_once("2027-01.ron").map_or("", |(_, rest)| rest);
    assert!(
        run.stdout.contains(shown) || run.stderr.contains(shown),
        "{}{}",
        run.stdout,
        run.stderr
    );
}
