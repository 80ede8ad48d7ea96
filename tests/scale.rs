//! Guard against slowness: `bench` on 20,000 services, with limits about ten times what a
//! debug build measures on a busy 2-core machine (keystroke p95 ≈ 0.2–0.3 s, loading
//! ≈ 2–4 s), so that an order-of-magnitude regression (a quadratic step, a search that blocks)
//! fails while noise does not. Release builds are 10–20 times faster; `libservices bench`
//! gives the real figures. The other tests run `generate`, `bench` and the catalogue cache
//! through the binary.

#![allow(clippy::expect_used, reason = "test helpers may panic")]

use libservices::bench;

#[test]
fn twenty_thousand_services_load_search_and_draw_in_time() {
    let report = bench::run(20_000, 7, None, libservices::catalogue::Lang::En);
    let figure = |key: &str| {
        report
            .number(key)
            .unwrap_or_else(|| panic!("no figure {key} in:\n{report}"))
    };
    assert_eq!(report.get("services"), Some("20000"), "{report}");
    assert_eq!(report.get("keystrokes"), Some("97"), "{report}");
    let limits = [
        ("load_ms", 40_000.0),
        ("first_frame_ms", 60_000.0),
        ("keystroke_p50_ms", 1_500.0),
        ("keystroke_p95_ms", 3_000.0),
        ("render_ms", 100.0),
    ];
    for (key, limit) in limits {
        let value = figure(key);
        assert!(
            value > 0.0 && value < limit,
            "{key} = {value} ms, over {limit} ms:\n{report}"
        );
    }
    if let Some(mb) = report.number("rss_mb") {
        assert!(mb < 1_000.0, "peak memory {mb} MB:\n{report}");
    }
}

mod support;

use support::{libservices, libservices_in};

#[test]
fn generate_writes_a_catalogue_that_validates_alone_and_with_the_bundled_one() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("g.ron");
    let file = file.to_str().expect("UTF-8 path");
    let run = libservices(&["generate", "--services", "120", "--seed", "3", "-o", file]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let alone = libservices(&["--no-bundled", "validate", file]);
    assert_eq!(alone.code, Some(0), "{}", alone.stderr);
    assert!(alone.stdout.contains("120 services"), "{}", alone.stdout);
    let both = libservices(&["validate", file]);
    assert_eq!(both.code, Some(0), "{}", both.stderr);
    // The same seed gives the same text, on standard output too.
    let again = libservices(&["generate", "--services", "120", "--seed", "3"]);
    assert_eq!(again.stdout, std::fs::read_to_string(file).expect("generated file"));
    let other = libservices(&["generate", "--services", "120", "--seed", "4"]);
    assert_ne!(again.stdout, other.stdout);
}

#[test]
fn generate_says_where_it_cannot_write() {
    let run = libservices(&["generate", "--services", "5", "-o", "/nonexistent-folder/g.ron"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("/nonexistent-folder/g.ron"), "{}", run.stderr);
}

#[test]
fn bench_prints_one_line_per_figure() {
    let run = libservices(&["bench", "--services", "300"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let keys: Vec<&str> = run.stdout.lines().filter_map(|l| l.split(": ").next()).collect();
    for key in [
        "services",
        "load_ms",
        "first_frame_ms",
        "keystroke_p50_ms",
        "keystroke_p95_ms",
        "keystroke_max_ms",
        "render_ms",
        "rss_mb",
    ] {
        assert!(keys.contains(&key), "{key} missing:\n{}", run.stdout);
    }
    assert!(run.stdout.starts_with("services: 300\n"), "{}", run.stdout);
}

#[test]
fn a_big_catalogue_is_cached_and_a_broken_cache_is_rebuilt() {
    let home = tempfile::tempdir().expect("temporary home");
    let file = home.path().join("big.ron");
    let file = file.to_str().expect("UTF-8 path");
    let made = libservices_in(home.path(), &[], &["generate", "--services", "4500", "-o", file]);
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    assert!(
        std::fs::metadata(file).expect("size").len() >= 4 << 20,
        "big enough to cache"
    );
    let search = || {
        libservices_in(
            home.path(),
            &[],
            &["--data", file, "search", "theatre", "--format", "csv"],
        )
    };
    let first = search();
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let cache = home.path().join("cache");
    let cached: Vec<_> = std::fs::read_dir(&cache)
        .expect("cache folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    assert_eq!(search().stdout, first.stdout, "the same results from the cache");
    let good = std::fs::read(&cached[0]).expect("cache file");
    assert!(good.starts_with(b"libservices-c\n"), "the binary cache format");
    std::fs::write(&cached[0], &good[..good.len() / 2]).expect("break the cache");
    assert_eq!(search().stdout, first.stdout, "a broken cache is ignored");
    assert_eq!(std::fs::read(&cached[0]).expect("rewritten"), good);
    // A search index of another format in the cache is built again and cached anew.
    let index = good
        .windows(4)
        .position(|w| w == b"LSIX")
        .expect("the index in the cache");
    let mut other = good.clone();
    other[index + 4] = 99;
    std::fs::write(&cached[0], &other).expect("another index format");
    assert_eq!(search().stdout, first.stdout, "an index that does not fit is rebuilt");
    assert_eq!(std::fs::read(&cached[0]).expect("rewritten"), good);
    // A cache file of an older version (JSON) is removed when the new one is written.
    let old = cache.join("catalogue-0123456789abcdef.json");
    std::fs::write(&old, "{}").expect("old cache");
    std::fs::remove_file(&cached[0]).expect("remove");
    assert_eq!(search().stdout, first.stdout);
    assert!(!old.exists() && cached[0].exists());
    // A changed file is never read from the old cache.
    let mut text = std::fs::read_to_string(file).expect("read");
    text = text.replacen("Theatre studio", "Ballet studio", 1);
    std::fs::write(file, text).expect("write");
    let changed = search();
    assert_ne!(changed.stdout, first.stdout);
}

#[test]
fn bench_against_fzf_races_both_or_says_that_fzf_is_missing() {
    let home = tempfile::tempdir().expect("temporary home");
    let no_tools = tempfile::tempdir().expect("empty PATH");
    let path = no_tools.path().to_str().expect("UTF-8 path");
    let args = ["bench", "--services", "60", "--against-fzf", "--rounds", "1"];
    let missing = libservices_in(home.path(), &[("PATH", path)], &args);
    assert_eq!(missing.code, Some(2), "{}", missing.stderr);
    assert!(missing.stderr.contains("fzf is not installed"), "{}", missing.stderr);
    assert!(missing.stdout.is_empty());
    let has_fzf = std::process::Command::new("fzf")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let run = libservices_in(home.path(), &[], &args);
    if !has_fzf {
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        return;
    }
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for query in bench::RACE_QUERIES {
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(query))
            .unwrap_or_else(|| panic!("no line for {query}:\n{}", run.stdout));
        let numbers: Vec<f64> = line[query.len()..]
            .split_whitespace()
            .map(|n| n.parse().expect("a number"))
            .collect();
        assert_eq!(numbers.len(), 5, "{line}");
        assert!(numbers[0] > 0.0 && numbers[1] > 0.0, "{line}");
        let ratio = numbers[1] / numbers[0];
        assert!((ratio - numbers[2]).abs() < 0.02 + ratio * 0.01, "{line}");
    }
    assert!(run.stdout.starts_with("60 services: "), "{}", run.stdout);
    assert!(
        std::fs::read_dir(home.path()).expect("home").next().is_none(),
        "the user's home is not used"
    );
}
