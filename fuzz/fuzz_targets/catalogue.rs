//! Catalogue files from arbitrary bytes: decoding, parsing, cleaning, validation and
//! merging (alone, and after the bundled catalogue when the input starts with `+`: loading
//! the bundled catalogue costs a hundred times more than a small file). Any input
//! must give a dataset or problems with positions inside the file, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use libservices::catalogue::{self, Source};

fuzz_target!(|data: &[u8]| {
    let (with_bundled, bytes) = match data.strip_prefix(b"+") {
        Some(rest) => (true, rest),
        None => (false, data),
    };
    let file = Source::from_bytes("fuzz.ron", bytes);
    let mut sources = Vec::new();
    if with_bundled {
        sources.push(Ok(Source::bundled()));
    }
    sources.push(file);
    match catalogue::load_read(sources.iter().map(|s| s.as_ref().map_err(Clone::clone))) {
        Ok(ds) => {
            // Loaded text is clean: nothing that drives a terminal.
            for s in &ds.catalogue.services {
                assert!(!s.title.en().chars().any(|c| c.is_control()));
                assert!(!s.summary.uk().chars().any(|c| c.is_control() && c != '\n'));
            }
        }
        Err(e) => {
            assert!(!e.problems.is_empty());
            if let Ok(source) = sources.last().expect("the fuzzed file").as_ref() {
                let lines = source.text.lines().count().max(1) + 1;
                for p in e.problems.iter().filter(|p| p.file == "fuzz.ron") {
                    if let Some(pos) = p.pos {
                        assert!(pos.line >= 1 && pos.line <= lines, "{p}");
                    }
                }
            }
        }
    }
});
