//! The personal files (`src/state.rs`): saving, reading back, damaged and truncated files,
//! files from a newer version, folders that cannot be written, two programs saving at
//! once, and a program killed while it saves.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test with a message"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use libservices::catalogue::Lang;
use libservices::i18n::Both;
use libservices::state::{
    HISTORY_FILE, History, PERSONAL_FILE, Personal, PersonalChange, StateError, StateWarning, Store,
};

fn dirs(root: &Path) -> (PathBuf, PathBuf) {
    (root.join("data"), root.join("state"))
}

fn open(root: &Path) -> Store {
    let (data, state) = dirs(root);
    Store::open_at(&data, &state)
}

fn personal_path(root: &Path) -> PathBuf {
    root.join("data").join(PERSONAL_FILE)
}

fn mark(id: &str) -> PersonalChange {
    PersonalChange::Shortlist(id.to_owned(), true)
}

fn note(id: &str, text: &str) -> PersonalChange {
    PersonalChange::Note(id.to_owned(), Some(text.to_owned()))
}

/// Every file in a folder, sorted, by name.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn nothing_saved_yet_is_empty_and_opening_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let mut store = open(root.path());
    assert_eq!(store.personal(), &Personal::default());
    assert_eq!(store.history(), &History::default());
    assert!(store.take_warnings().is_empty());
    assert!(names(root.path()).is_empty(), "{:?}", names(root.path()));
}

#[test]
fn changes_are_saved_at_once_and_read_back() {
    let root = tempfile::tempdir().unwrap();
    let mut store = open(root.path());
    store.apply(&mark("theatre-studio-cela")).unwrap();
    let saved = store
        .apply(&note("theatre-studio-cela", "Ask about the\nscript"))
        .unwrap();
    assert_eq!(saved.shortlist, ["theatre-studio-cela"]);
    store.push_search("театр").unwrap();
    let history = store.push_search("play therapy").unwrap();
    assert_eq!(history.searches, ["play therapy", "театр"]);

    let text = std::fs::read_to_string(personal_path(root.path())).unwrap();
    assert!(text.starts_with("(\n    version: 1,\n"), "{text}");
    assert!(text.contains("\"theatre-studio-cela\""), "{text}");
    let text = std::fs::read_to_string(root.path().join("state").join(HISTORY_FILE)).unwrap();
    assert!(
        text.contains("searches: [\n        \"play therapy\",\n        \"театр\""),
        "{text}"
    );

    let mut again = open(root.path());
    assert!(again.take_warnings().is_empty());
    assert_eq!(again.personal(), store.personal());
    assert_eq!(again.personal().notes["theatre-studio-cela"], "Ask about the\nscript");
    assert_eq!(again.history().searches, ["play therapy", "театр"]);
    // Only the two files remain: no lock and no temporary file.
    assert_eq!(names(&root.path().join("data")), [PERSONAL_FILE]);
    assert_eq!(names(&root.path().join("state")), [HISTORY_FILE]);
}

#[test]
fn a_disabled_store_keeps_everything_in_memory() {
    let mut store = Store::disabled();
    assert!(!store.is_enabled());
    store.apply(&mark("a")).unwrap();
    store.push_search("x").unwrap();
    assert_eq!(store.personal().shortlist, ["a"]);
    assert_eq!(store.history().searches, ["x"]);
    assert!(open(tempfile::tempdir().unwrap().path()).is_enabled());
}

fn corrupt_warning(warnings: &[StateWarning]) -> (PathBuf, Option<PathBuf>, Both) {
    match warnings {
        [
            StateWarning::Corrupt {
                path,
                moved_to,
                problem,
            },
        ] => (path.clone(), moved_to.clone(), problem.clone()),
        other => panic!("expected one Corrupt warning, got {other:?}"),
    }
}

#[test]
fn a_corrupt_file_is_moved_aside_with_its_position_reported() {
    let root = tempfile::tempdir().unwrap();
    let path = personal_path(root.path());
    let bad = "(\n    version: 1,\n    shortlist: [\"a\" \"b\"],\n)\n";
    write(&path, bad.as_bytes());
    let mut store = open(root.path());
    let (warned, moved, problem) = corrupt_warning(&store.take_warnings());
    assert_eq!(warned, path);
    for text in [&problem.en, &problem.uk] {
        assert!(text.starts_with(&format!("{}:3:21: ", path.display())), "{text}");
    }
    assert_eq!(problem.uk, format!("{}:3:21: очікується кома", path.display()));
    let moved = moved.expect("moved aside");
    assert!(
        moved
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("personal.ron.corrupt-"),
        "{}",
        moved.display()
    );
    assert_eq!(std::fs::read_to_string(&moved).unwrap(), bad);
    assert!(!path.exists());
    // The app starts empty and saves a fresh file; the damaged copy stays.
    assert_eq!(store.personal(), &Personal::default());
    store.apply(&mark("c")).unwrap();
    assert_eq!(std::fs::read_to_string(&moved).unwrap(), bad);
    assert_eq!(open(root.path()).personal().shortlist, ["c"]);
    // Both languages name the copy.
    let warning = StateWarning::Corrupt {
        path: path.clone(),
        moved_to: Some(moved.clone()),
        problem,
    };
    for lang in [Lang::En, Lang::Uk] {
        assert!(warning.message(lang).contains(&moved.display().to_string()));
    }
}

#[test]
fn a_second_damaged_file_does_not_overwrite_the_first_copy() {
    let root = tempfile::tempdir().unwrap();
    let path = personal_path(root.path());
    write(&path, b"first damage");
    let first = corrupt_warning(&open(root.path()).take_warnings()).1.unwrap();
    write(&path, b"second damage");
    let second = corrupt_warning(&open(root.path()).take_warnings()).1.unwrap();
    assert_ne!(first, second);
    assert_eq!(std::fs::read(&first).unwrap(), b"first damage");
    assert_eq!(std::fs::read(&second).unwrap(), b"second damage");
}

#[test]
fn every_truncation_of_a_saved_file_loads_or_is_moved_aside_intact() {
    let root = tempfile::tempdir().unwrap();
    let mut store = open(root.path());
    store.apply(&mark("a-service")).unwrap();
    store.apply(&note("a-service", "Нотатка «з лапками»")).unwrap();
    let full = std::fs::read(personal_path(root.path())).unwrap();
    let mut moved_count = 0;
    for cut in 0..full.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = personal_path(dir.path());
        write(&path, &full[..cut]);
        let mut store = open(dir.path());
        let warnings = store.take_warnings();
        if warnings.is_empty() {
            // Only a cut in the final white space leaves a complete file.
            assert_eq!(store.personal().notes["a-service"], "Нотатка «з лапками»", "cut {cut}");
        } else {
            let (_, moved, problem) = corrupt_warning(&warnings);
            assert!(problem.en.starts_with(&path.display().to_string()), "{problem:?}");
            assert_eq!(std::fs::read(moved.unwrap()).unwrap(), &full[..cut], "cut {cut}");
            moved_count += 1;
        }
    }
    assert!(moved_count >= full.len() - 3, "{moved_count} of {}", full.len());
}

#[test]
fn undecodable_files_are_moved_aside() {
    // What each says, in English and in Ukrainian (no English word left there).
    for (bytes, phrase, uk) in [
        (&b"(version: 1, shortlist: [\"caf\xE9\"])"[..], "invalid UTF-8", "недопустимий для UTF-8"),
        (&b"\xFF\xFE(\0v\0e\0r\0"[..], "UTF-16", "UTF-16"),
        (&b"\0\0\0\0\0\0\0\0\0\0"[..], "UTF-16", "UTF-16"),
        (&b"   \n"[..], "empty", "файл порожній"),
        (&b"(version: 0)"[..], "version 0", "невідома версія формату 0"),
        (&b"(version: 1, shortlist: [1, 2])"[..], "string", "очікується текст"),
        (
            &b"(version: 1, colour: \"red\")"[..],
            "colour",
            "несподіване поле `colour`",
        ),
        (&b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["[..], "", ""),
    ] {
        let root = tempfile::tempdir().unwrap();
        let path = personal_path(root.path());
        write(&path, bytes);
        let mut store = open(root.path());
        let (_, moved, problem) = corrupt_warning(&store.take_warnings());
        assert!(problem.en.contains(phrase), "{phrase}: {problem:?}");
        assert!(problem.uk.contains(uk), "{uk}: {problem:?}");
        let uk_text = problem.uk.replace(&path.display().to_string(), "P");
        for english in ["the ", "file", "Expected", "invalid", "unknown", "found"] {
            assert!(!uk_text.contains(english), "{english:?} in {uk_text}");
        }
        assert_eq!(std::fs::read(moved.unwrap()).unwrap(), bytes);
    }
}

#[test]
fn deep_nesting_in_a_personal_file_is_damage_not_a_crash() {
    // The version is read first, skipping other fields: the skipping must not recurse
    // without limit either.
    let depth = 100_000;
    for text in [
        format!("(version: 1, extra: {}{})", "[".repeat(depth), "]".repeat(depth)),
        format!("(extra: {}{}, version: 3)", "(".repeat(depth), ")".repeat(depth)),
    ] {
        let root = tempfile::tempdir().unwrap();
        write(&personal_path(root.path()), text.as_bytes());
        let mut store = open(root.path());
        let (_, moved, problem) = corrupt_warning(&store.take_warnings());
        assert!(problem.en.contains("recursion limit"), "{problem:?}");
        assert!(problem.uk.contains("перевищено межу вкладеності"), "{problem:?}");
        assert_eq!(std::fs::read(moved.unwrap()).unwrap(), text.as_bytes());
    }
}

#[test]
fn a_file_from_a_newer_version_is_read_but_never_written_or_moved() {
    let root = tempfile::tempdir().unwrap();
    let path = personal_path(root.path());
    // Same fields, newer number: the values are shown.
    let newer = b"(version: 2, shortlist: [\"kept\"], notes: {})\n";
    write(&path, newer);
    let mut store = open(root.path());
    assert_eq!(
        store.take_warnings(),
        [StateWarning::Newer {
            path: path.clone(),
            version: 2
        }]
    );
    assert_eq!(store.personal().shortlist, ["kept"]);
    let err = store.apply(&mark("new")).unwrap_err();
    assert!(matches!(err, StateError::Newer { version: 2, .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.starts_with(&path.display().to_string()), "{msg}");
    assert!(msg.contains("newer libservices"), "{msg}");
    assert!(
        err.message(Lang::Uk).contains("новішою версією"),
        "{}",
        err.message(Lang::Uk)
    );
    // The change holds in memory; the file is untouched.
    assert_eq!(store.personal().shortlist, ["kept", "new"]);
    assert_eq!(std::fs::read(&path).unwrap(), newer);
    assert_eq!(names(&root.path().join("data")), [PERSONAL_FILE]);

    // A format we cannot read at all, but with a newer version: left alone too.
    let other = b"(version: 7, lists: {\"x\": (items: [1, 2])})";
    write(&path, other);
    let mut store = open(root.path());
    assert!(matches!(
        store.take_warnings()[..],
        [StateWarning::Newer { version: 7, .. }]
    ));
    assert_eq!(store.personal(), &Personal::default());
    assert!(store.apply(&mark("x")).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), other);
}

/// True when files can be created in `dir` (root ignores permission bits).
#[cfg(unix)]
fn can_write_in(dir: &Path) -> bool {
    let probe = dir.join("probe");
    let ok = std::fs::write(&probe, b"x").is_ok();
    let _ = std::fs::remove_file(probe);
    ok
}

#[test]
fn a_folder_that_cannot_be_written_gives_an_error_and_the_app_goes_on() {
    // A file where the data folder should be: no folder can be made, for root too.
    let root = tempfile::tempdir().unwrap();
    write(&root.path().join("data"), b"not a folder");
    let mut store = open(root.path());
    // Reading already fails: a warning at start.
    assert!(
        matches!(&store.take_warnings()[..], [StateWarning::Unreadable { .. }]),
        "expected one warning"
    );
    let err = store.apply(&mark("a")).unwrap_err();
    assert!(matches!(err, StateError::Write { .. }), "{err:?}");
    assert!(err.to_string().contains("cannot save"), "{err}");
    assert!(err.message(Lang::Uk).contains("не вдається зберегти"));
    assert_eq!(store.personal().shortlist, ["a"]);
    // Searches go to the other folder, which works.
    store.push_search("still saved").unwrap();
    assert_eq!(open(root.path()).history().searches, ["still saved"]);
    assert_eq!(std::fs::read(root.path().join("data")).unwrap(), b"not a folder");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_keeps_the_old_file_and_the_changes_in_memory() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let mut store = open(root.path());
    store.apply(&mark("before")).unwrap();
    let data = root.path().join("data");
    let saved = std::fs::read(personal_path(root.path())).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
    let writable = can_write_in(&data);
    let result = store.apply(&mark("after"));
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    if writable {
        // Running as root: permission bits do not bite; the test above with a file in
        // place of the folder covers this case.
        assert!(result.is_ok());
        return;
    }
    let err = result.unwrap_err();
    assert!(matches!(err, StateError::Write { .. }), "{err:?}");
    assert_eq!(store.personal().shortlist, ["before", "after"]);
    assert_eq!(std::fs::read(personal_path(root.path())).unwrap(), saved);
    assert_eq!(names(&data), [PERSONAL_FILE]);
}

#[test]
fn an_unreadable_file_is_reported_and_left_in_place() {
    // A folder where the file should be cannot be read as a file, for root too.
    let root = tempfile::tempdir().unwrap();
    let path = personal_path(root.path());
    std::fs::create_dir_all(&path).unwrap();
    let mut store = open(root.path());
    assert!(
        matches!(&store.take_warnings()[..], [StateWarning::Unreadable { path: p, .. }] if *p == path),
        "{path:?}"
    );
    assert!(store.apply(&mark("a")).is_err());
    assert!(path.is_dir());
    assert_eq!(names(&root.path().join("data")), [PERSONAL_FILE]);
}

#[test]
fn two_programs_saving_at_once_lose_nothing() {
    let root = tempfile::tempdir().unwrap();
    let per_writer = 40;
    let threads: Vec<_> = (0..3)
        .map(|w| {
            let root = root.path().to_path_buf();
            std::thread::spawn(move || {
                let mut store = open(&root);
                for i in 0..per_writer {
                    store.apply(&mark(&format!("w{w}-{i}"))).unwrap();
                    store.apply(&note(&format!("w{w}"), &format!("{i}"))).unwrap();
                    store.push_search(&format!("w{w} search {i}")).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let store = open(root.path());
    let p = store.personal();
    assert_eq!(p.shortlist.len(), 3 * per_writer, "{:?}", p.shortlist);
    for w in 0..3 {
        // Each writer's own marks are in its order.
        let mine: Vec<String> = p
            .shortlist
            .iter()
            .filter(|s| s.starts_with(&format!("w{w}-")))
            .cloned()
            .collect();
        let expected: Vec<String> = (0..per_writer).map(|i| format!("w{w}-{i}")).collect();
        assert_eq!(mine, expected);
        assert_eq!(p.notes[&format!("w{w}")], format!("{}", per_writer - 1));
    }
    assert_eq!(store.history().searches.len(), libservices::state::HISTORY_CAP);
    assert_eq!(names(&root.path().join("data")), [PERSONAL_FILE]);
}

#[test]
fn a_lock_left_by_a_dead_program_is_broken() {
    let root = tempfile::tempdir().unwrap();
    let lock = root.path().join("data").join("personal.ron.lock");
    // An old lock with no live owner: broken at once on Linux, after a few seconds elsewhere.
    write(&lock, b"999999999");
    let start = Instant::now();
    let mut store = open(root.path());
    store.apply(&mark("a")).unwrap();
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
    assert!(!lock.exists());
    assert_eq!(names(&root.path().join("data")), [PERSONAL_FILE]);
}

#[test]
fn a_lock_held_by_a_live_program_is_waited_for() {
    let root = tempfile::tempdir().unwrap();
    let lock = root.path().join("data").join("personal.ron.lock");
    write(&lock, std::process::id().to_string().as_bytes());
    let release = {
        let lock = lock.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            std::fs::remove_file(lock).unwrap();
        })
    };
    let start = Instant::now();
    let mut store = open(root.path());
    store.apply(&mark("a")).unwrap();
    assert!(start.elapsed() >= Duration::from_millis(250), "{:?}", start.elapsed());
    release.join().unwrap();
    assert_eq!(open(root.path()).personal().shortlist, ["a"]);
}

// ---- A program killed while it saves ----

const LOOP_VAR: &str = "LIBSERVICES_TEST_SAVE_LOOP";

/// In a child process (see below) this saves in a loop until it is killed; run directly it
/// saves a few times and checks each save. The shortlist grows `s0, s1, ...`; before each
/// mark `sN` the note on `n` becomes `N`.
#[test]
fn save_loop_child() {
    let (root, rounds) = match std::env::var_os(LOOP_VAR) {
        Some(dir) => (PathBuf::from(dir), usize::MAX),
        None => (tempfile::tempdir().unwrap().keep(), 20),
    };
    let mut store = open(&root);
    let start = store.personal().shortlist.len();
    for i in start..start.saturating_add(rounds) {
        store.apply(&note("n", &i.to_string())).unwrap();
        let saved = store.apply(&mark(&format!("s{i}"))).unwrap();
        assert_eq!(saved.shortlist.len(), i + 1);
    }
}

#[test]
fn a_program_killed_while_saving_leaves_the_old_or_the_new_file() {
    let root = tempfile::tempdir().unwrap();
    let mut seed = u64::from(std::process::id()) | 1;
    let mut previous = 0;
    let mut kills = 0;
    for _ in 0..15 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "save_loop_child", "--test-threads=1"])
            .env(LOOP_VAR, root.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(30 + seed % 120));
        if child.try_wait().unwrap().is_none() {
            kills += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();

        let mut store = open(root.path());
        let warnings = store.take_warnings();
        assert!(warnings.is_empty(), "{warnings:?}");
        let p = store.personal();
        let n = p.shortlist.len();
        let expected: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
        assert_eq!(p.shortlist, expected, "a mark was lost");
        assert!(n >= previous, "{n} < {previous}");
        if n > 0 {
            let last_note: usize = p.notes["n"].parse().unwrap();
            assert!(last_note == n - 1 || last_note == n, "note {last_note}, {n} marks");
        }
        previous = n;
    }
    assert!(kills >= 10, "only {kills} children were killed while running");
    assert!(previous > 15, "too few saves ({previous}) to mean anything");
    // Killed programs leave at most stale locks and temporary files, never a damaged file.
    let data = names(&root.path().join("data"));
    assert!(
        data.iter()
            .all(|n| n.starts_with("personal.ron") || n.starts_with(".personal.ron.tmp-")),
        "{data:?}"
    );
}

#[test]
fn temporary_files_left_by_a_killed_program_are_cleaned_up_later() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let old = data.join(".personal.ron.tmp-1-2");
    let fresh = data.join(".personal.ron.tmp-3-4");
    write(&old, b"(version: 1, shortlist: [\"half");
    write(&fresh, b"(version: 1");
    let long_ago = std::time::SystemTime::now() - Duration::from_mins(1);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    open(root.path()).apply(&mark("a")).unwrap();
    // The old one goes; one that may still be being written stays.
    assert_eq!(names(&data), [".personal.ron.tmp-3-4", PERSONAL_FILE]);
}

#[test]
fn the_language_chosen_in_the_app_is_remembered_and_the_config_still_wins() {
    use clap::Parser;
    use libservices::cli::{Cli, Context};
    use libservices::paths::Paths;
    use libservices::state::{remember_lang, remembered_lang};

    let root = tempfile::tempdir().unwrap();
    let paths = Paths {
        config: root.path().join("config"),
        data: root.path().join("data"),
        state: root.path().join("state"),
        cache: root.path().join("cache"),
        documents: root.path().join("documents"),
    };
    assert_eq!(remembered_lang(&paths.state), None);
    let english = |k: &str| (k == "LANG").then(|| "en_GB.UTF-8".to_owned());
    let app = Cli::parse_from(["libservices"]);
    assert_eq!(Context::with_env(&app, Some(paths.clone()), english).lang, Lang::En);

    // F2 in the app: the store saves it, the next start uses it.
    Store::open(&paths).remember_lang(Lang::Uk).unwrap();
    assert_eq!(remembered_lang(&paths.state), Some(Lang::Uk));
    assert_eq!(Context::with_env(&app, Some(paths.clone()), english).lang, Lang::Uk);
    // --lang, and a config that sets the language, win; a kiosk and the commands ignore it.
    let asked = Cli::parse_from(["libservices", "--lang", "en"]);
    assert_eq!(Context::with_env(&asked, Some(paths.clone()), english).lang, Lang::En);
    let kiosk = Cli::parse_from(["libservices", "--kiosk"]);
    assert_eq!(Context::with_env(&kiosk, Some(paths.clone()), english).lang, Lang::En);
    let command = Cli::parse_from(["libservices", "search", "x"]);
    assert_eq!(Context::with_env(&command, Some(paths.clone()), english).lang, Lang::En);
    std::fs::create_dir_all(&paths.config).unwrap();
    std::fs::write(paths.config_file(), "(lang: en)").unwrap();
    assert_eq!(Context::with_env(&app, Some(paths.clone()), english).lang, Lang::En);

    // A damaged file remembers nothing, and the next switch writes it anew.
    std::fs::write(paths.state.join("settings.ron"), "(lang: klingon").unwrap();
    assert_eq!(remembered_lang(&paths.state), None);
    remember_lang(&paths.state, Lang::En).unwrap();
    assert_eq!(remembered_lang(&paths.state), Some(Lang::En));
}
