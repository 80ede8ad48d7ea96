//! A bounded fuzz run for CI, with proptest (the cargo-fuzz targets in `fuzz/` need a
//! nightly compiler): arbitrary bytes and mutated catalogue text into decoding, parsing,
//! cleaning and validation; arbitrary queries into parsing and search; arbitrary bytes as
//! a personal file. Nothing may panic; errors point inside the file; loaded text is clean.
//!
//! `FUZZ_CASES` sets the total (default 40 000 in a debug build, 1 000 000 with `--release`,
//! as `.ci/run` runs it): a quarter each for bytes, mutated catalogues and queries, a
//! fortieth for personal files (they touch the disk).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test with a message"
)]

mod support;

use std::sync::OnceLock;

use libservices::catalogue::{self, CatalogueError, Dataset, EntityRef, Source};
use libservices::search::{Index, Query};
use libservices::state::{PERSONAL_FILE, StateWarning, Store};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

fn cases(share: u32) -> Config {
    let default = if cfg!(debug_assertions) { 40_000 } else { 1_000_000 };
    let total: u32 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases: (total / share).max(1),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..Config::default()
    }
}

fn bundled() -> &'static (Dataset, Index) {
    static DATA: OnceLock<(Dataset, Index)> = OnceLock::new();
    DATA.get_or_init(|| {
        let ds = support::bundled();
        let index = Index::new(&ds.catalogue);
        (ds, index)
    })
}

/// Small valid catalogues to mutate.
const SEEDS: [&str; 4] = [
    include_str!("fixtures/good/small.ron"),
    include_str!("fixtures/good/escapes.ron"),
    include_str!("fixtures/good/nfd.ron"),
    include_str!("fixtures/bad/semantic.ron"),
];

/// Characters that matter to RON, and some that matter to people.
fn ron_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(
            "()[]{},:\"'\\/*#r-_ \n0123456789.eE+Some".chars().collect::<Vec<_>>()
        ),
        2 => prop::char::range('a', 'z'),
        1 => prop::sample::select(vec!['Ї', 'й', '\u{306}', '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{feff}', '\0', '\r', '\t', '😀']),
        1 => any::<char>(),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, String),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<usize>(), 1usize..20).prop_map(|(at, n)| Mutation::Delete(at, n)),
        3 => (any::<usize>(), prop::collection::vec(ron_char(), 1..12))
            .prop_map(|(at, s)| Mutation::Insert(at, s.into_iter().collect())),
        1 => (any::<usize>(), 1usize..200).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in mutations {
        let len = chars.len().max(1);
        match m {
            Mutation::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            Mutation::Insert(at, s) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, s.chars());
            }
            Mutation::Duplicate(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                let copy: Vec<char> = chars[at.min(end)..end].to_vec();
                chars.splice(end..end, copy);
            }
            Mutation::Truncate(at) => chars.truncate(at % len),
        }
    }
    chars.into_iter().collect()
}

/// A load either succeeds with clean text or reports problems inside the file.
fn check_load(name: &str, text_lines: usize, result: Result<Dataset, CatalogueError>) -> Result<(), TestCaseError> {
    match result {
        Ok(ds) => {
            let c = &ds.catalogue;
            let texts = c
                .services
                .iter()
                .flat_map(|s| [&s.title, &s.summary, &s.description])
                .chain(c.libraries.iter().flat_map(|l| [&l.name, &l.place]))
                .chain(c.themes.iter().map(|t| &t.name));
            for t in texts {
                for s in [t.en(), t.uk()] {
                    prop_assert!(
                        !s.chars()
                            .any(|c| c.is_control() && c != '\n' || ('\u{202a}'..='\u{202e}').contains(&c)),
                        "{s:?}"
                    );
                }
            }
            let ids = c.services.iter().map(|s| &s.id).chain(c.themes.iter().map(|t| &t.id));
            for id in ids {
                prop_assert!(!id.chars().any(char::is_control), "{id:?}");
            }
        }
        Err(e) => {
            prop_assert!(!e.problems.is_empty());
            for p in e.problems.iter().filter(|p| p.file == name) {
                if let Some(pos) = p.pos {
                    prop_assert!(pos.line >= 1 && pos.col >= 1, "{p}");
                    prop_assert!(pos.line <= text_lines + 1, "{p} beyond {text_lines} lines");
                }
                prop_assert!(!p.message.en.is_empty() && !p.message.uk.is_empty());
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(4))]

    #[test]
    fn arbitrary_bytes_decode_and_load_or_report(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        match Source::from_bytes("fuzz.ron", &bytes) {
            Ok(source) => {
                let lines = source.text.lines().count();
                check_load("fuzz.ron", lines, catalogue::load(&[source]))?;
            }
            Err(p) => {
                prop_assert_eq!(&p.file, "fuzz.ron");
                prop_assert!(p.pos.is_some());
            }
        }
    }

    #[test]
    fn mutated_catalogues_load_or_report(
        seed in 0..SEEDS.len(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let text = mutate(SEEDS[seed], &mutations);
        let source = Source::from_text("mutant.ron", &text);
        let lines = source.text.lines().count();
        check_load("mutant.ron", lines, catalogue::load(&[source]))?;
    }

    #[test]
    fn queries_parse_and_search_without_surprises(
        text in prop_oneof![
            3 => "[!^$'’ʼ` a-zа-яіїєґ0-9-]{0,30}",
            1 => "(?s).{0,60}",
            1 => prop::collection::vec(prop::sample::select(vec!["!", "^", "$", "'", "''", "!^", "$$", "kyiv", "театр", "ntfnh"]), 0..10)
                .prop_map(|parts| parts.join("")),
        ]
    ) {
        let (ds, index) = bundled();
        let query = Query::parse(&text);
        let hits = index.search(&query);
        let c = &ds.catalogue;
        let entries = c.services.len() + c.libraries.len() + c.target_groups.len() + c.programmes.len() + c.themes.len();
        let mut seen = std::collections::HashSet::new();
        for hit in &hits {
            let kind_len = match hit.entry() {
                EntityRef::Service(_) => c.services.len(),
                EntityRef::Library(_) => c.libraries.len(),
                EntityRef::TargetGroup(_) => c.target_groups.len(),
                EntityRef::Programme(_) => c.programmes.len(),
                EntityRef::Theme(_) => c.themes.len(),
            };
            prop_assert!(hit.index() < kind_len);
            prop_assert!(seen.insert(hit.entry), "{:?} found twice", hit.entry());
        }
        if query.is_empty() {
            prop_assert_eq!(hits.len(), entries);
        }
    }
}

proptest! {
    #![proptest_config(cases(40))]

    #[test]
    fn arbitrary_personal_files_load_or_are_moved_aside_intact(
        bytes in prop_oneof![
            1 => prop::collection::vec(any::<u8>(), 0..200),
            3 => (0..4usize, prop::collection::vec(mutation(), 0..4)).prop_map(|(v, m)| {
                let base = [
                    "(version: 1, shortlist: [\"a\"], notes: {\"a\": \"note\"})\n",
                    "(version: 2, shortlist: [\"b\"])\n",
                    "(version: 1, searches: [\"q\"])\n",
                    "(\n    version: 1,\n    shortlist: [],\n    notes: {},\n)\n",
                ][v];
                mutate(base, &m).into_bytes()
            }),
        ]
    ) {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let path = data.join(PERSONAL_FILE);
        std::fs::write(&path, &bytes).unwrap();
        let mut store = Store::open_at(&data, &dir.path().join("state"));
        match &store.take_warnings()[..] {
            [] => prop_assert_eq!(std::fs::read(&path).unwrap(), bytes),
            [StateWarning::Newer { .. }] => prop_assert_eq!(std::fs::read(&path).unwrap(), bytes),
            [StateWarning::Corrupt { moved_to: Some(to), problem, .. }] => {
                prop_assert!(problem.en.starts_with(&path.display().to_string()), "{:?}", problem);
                prop_assert!(problem.uk.starts_with(&path.display().to_string()), "{:?}", problem);
                prop_assert_eq!(std::fs::read(to).unwrap(), bytes);
                prop_assert!(!path.exists());
            }
            other => prop_assert!(false, "unexpected warnings {:?}", other),
        }
    }
}
