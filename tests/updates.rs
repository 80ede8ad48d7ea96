//! Offline catalogue updates end to end: files in `<data>/catalogues/` merged at start,
//! replacement by id, a bad file skipped with its problems while the rest loads, `validate`
//! and `about` in both languages, and the flags that leave updates out.

#![allow(clippy::expect_used, reason = "test helpers fail the test with a message")]

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{Run, bundled, libservices_in};

mod support;

const REPLACE: &str = "tests/fixtures/updates/2027-01-replace.ron";
const BAD: &str = "tests/fixtures/updates/2027-02-bad.ron";
const EXTRA: &str = "tests/fixtures/good/extra.ron";

/// A fresh home whose catalogues folder holds copies of `files` under the given names.
fn home_with(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().expect("home");
    let folder = home.path().join("data").join("catalogues");
    std::fs::create_dir_all(&folder).expect("catalogues folder");
    for (from, name) in files {
        std::fs::copy(from, folder.join(name)).expect("copy the update");
    }
    (home, folder)
}

fn run(home: &Path, args: &[&str]) -> Run {
    libservices_in(home, &[], args)
}

fn ids(run: &Run) -> Vec<String> {
    let rows: Value = serde_json::from_str(&run.stdout).expect("JSON");
    rows.as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

fn titles(run: &Run) -> Vec<String> {
    let rows: Value = serde_json::from_str(&run.stdout).expect("JSON");
    rows.as_array()
        .expect("array")
        .iter()
        .map(|r| r["title"].as_str().expect("title").to_owned())
        .collect()
}

#[test]
fn an_update_in_the_catalogues_folder_is_merged_for_every_command() {
    let (home, _) = home_with(&[(EXTRA, "update.ron")]);
    let search = run(home.path(), &["search", "reading garden", "--format", "json"]);
    assert_eq!(search.code, Some(0), "{}", search.stderr);
    assert_eq!(search.stderr, "");
    assert_eq!(
        ids(&search).first().map(String::as_str),
        Some("reading-garden-evenings")
    );
    let show = run(home.path(), &["show", "reading-garden-evenings"]);
    assert_eq!(show.code, Some(0), "{}", show.stderr);
    let list = run(home.path(), &["list", "services", "--format", "json"]);
    assert_eq!(ids(&list).len(), bundled().catalogue.services.len() + 1);
    let export = run(
        home.path(),
        &["export", "--ids", "reading-garden-evenings", "--format", "md"],
    );
    assert!(
        export.stdout.contains("## Reading garden evenings"),
        "{}",
        export.stdout
    );
    // --no-updates and --no-bundled leave it out.
    let without = run(home.path(), &["--no-updates", "list", "services", "--format", "json"]);
    assert_eq!(ids(&without).len(), bundled().catalogue.services.len());
    let show = run(home.path(), &["--no-updates", "show", "reading-garden-evenings"]);
    assert_eq!(show.code, Some(2));
    let alone = run(
        home.path(),
        &[
            "--no-bundled",
            "--data",
            "tests/fixtures/good/small.ron",
            "list",
            "services",
            "--format",
            "json",
        ],
    );
    assert_eq!(alone.code, Some(0), "{}", alone.stderr);
    assert_eq!(alone.stderr, "");
    assert_eq!(ids(&alone), ["theatre-studio", "computer-courses", "reading-club"]);
}

#[test]
fn an_update_replaces_a_service_with_the_same_id_in_its_place() {
    let (home, _) = home_with(&[(REPLACE, "2027-01.ron")]);
    let before = run(home.path(), &["--no-updates", "list", "services", "--format", "json"]);
    let after = run(home.path(), &["list", "services", "--format", "json"]);
    assert_eq!(after.code, Some(0), "{}", after.stderr);
    let (before_ids, after_ids) = (ids(&before), ids(&after));
    // Same order, one new service at the end.
    assert_eq!(after_ids[..before_ids.len()], before_ids[..]);
    assert_eq!(after_ids.last().map(String::as_str), Some("mobile-reading-tent"));
    let at = before_ids
        .iter()
        .position(|id| id == "theatre-studio-cela")
        .expect("bundled service");
    assert_eq!(titles(&after)[at], "Theatre Studio “CELA” (updated)");
    assert_eq!(titles(&before)[at], "Theatre studio “CELA”");
    // The new version's relations count: it lost a theme.
    let culture = run(
        home.path(),
        &["search", "--theme", "culture-and-heritage", "--format", "json"],
    );
    assert!(!ids(&culture).contains(&"theatre-studio-cela".to_owned()));
    // The new library's address is on the handout.
    let html = run(
        home.path(),
        &["export", "--ids", "mobile-reading-tent", "--format", "html"],
    );
    assert!(
        html.stdout
            .contains("Kherson Regional Library (Kherson, Kherson Oblast, Ukraine) — <a href=\"https://example.org/kherson\">https://example.org/kherson</a>"),
        "{}",
        html.stdout
    );
    // The handout and about name the update's edition.
    assert!(
        html.stdout.contains("catalogue 2027.01 of 2027-01-15"),
        "{}",
        html.stdout
    );
}

#[test]
fn a_bad_update_is_skipped_with_its_problems_and_the_rest_loads() {
    let (home, folder) = home_with(&[(REPLACE, "2027-01.ron"), (BAD, "2027-02.ron")]);
    let bad = folder.join("2027-02.ron");
    let bad = bad.display();
    let search = run(
        home.path(),
        &[
            "search",
            "--library",
            "kherson-regional-library",
            "--kind",
            "service",
            "--format",
            "json",
        ],
    );
    assert_eq!(search.code, Some(0), "{}", search.stderr);
    assert_eq!(ids(&search), ["mobile-reading-tent"]);
    // Where the bundled catalogue defines the service the bad update's theme collides with.
    let bundled_text = include_str!("../assets/catalogue.ron");
    let line = bundled_text
        .lines()
        .position(|l| l.trim() == "id: \"theatre-studio-cela\",")
        .map_or(0, |i| i + 1);
    assert_eq!(
        search.stderr,
        format!(
            "libservices: skipped the catalogue update {bad}, the rest is loaded; correct the file or remove it (`libservices validate` checks it again):\n\
             {bad}:6:19: theme \"theatre-studio-cela\": duplicate id; it is already defined at <bundled catalogue>:{line}:17 (as a service); rename one of them\n\
             {bad}:13:25: service \"ghost-service\": libraries refers to unknown library \"no-such-library\"; correct the id or add a library with that id\n"
        )
    );
    // Nothing of the bad file is there.
    let ghost = run(home.path(), &["show", "ghost-service"]);
    assert_eq!(ghost.code, Some(2));
    // In Ukrainian.
    let uk = run(home.path(), &["--lang", "uk", "list", "themes"]);
    assert_eq!(uk.code, Some(0));
    assert!(
        uk.stderr.starts_with(&format!(
            "libservices: оновлення каталогу {bad} пропущено, решту завантажено;"
        )),
        "{}",
        uk.stderr
    );
    // validate reports it as an error.
    let validate = run(home.path(), &["validate"]);
    assert_eq!(validate.code, Some(2));
    assert_eq!(validate.stdout, "");
    assert!(
        validate.stderr.starts_with(&format!("{bad}:6:19: theme")),
        "{}",
        validate.stderr
    );
    assert!(validate.stderr.ends_with("\n2 problems\n"), "{}", validate.stderr);
    // And with the bad file removed, all is well.
    std::fs::remove_file(folder.join("2027-02.ron")).expect("remove");
    let validate = run(home.path(), &["validate"]);
    assert_eq!(validate.code, Some(0), "{}", validate.stderr);
    assert!(
        validate.stdout.starts_with(&format!(
            "valid: <bundled catalogue>, {}\n{} services, {} libraries,",
            folder.join("2027-01.ron").display(),
            bundled().catalogue.services.len() + 1,
            bundled().catalogue.libraries.len() + 1
        )),
        "{}",
        validate.stdout
    );
}

#[test]
fn validate_checks_a_file_as_an_update_before_it_is_installed() {
    let home = tempfile::tempdir().expect("home");
    let good = run(home.path(), &["validate", "--update", REPLACE]);
    assert_eq!(good.code, Some(0), "{}", good.stderr);
    assert!(
        good.stdout
            .starts_with(&format!("valid: <bundled catalogue>, {REPLACE}\n")),
        "{}",
        good.stdout
    );
    // As a --data file the same file repeats a bundled id, which is an error there.
    let as_data = run(home.path(), &["validate", REPLACE]);
    assert_eq!(as_data.code, Some(2));
    assert!(
        as_data.stderr.contains("service \"theatre-studio-cela\": duplicate id"),
        "{}",
        as_data.stderr
    );
    let bad = run(home.path(), &["validate", "--update", BAD]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.starts_with(&format!("{BAD}:6:19: ")), "{}", bad.stderr);
}

#[test]
fn a_data_file_may_not_repeat_an_id_an_update_brought() {
    let (home, _) = home_with(&[(EXTRA, "update.ron")]);
    let run = run(home.path(), &["--data", EXTRA, "list", "services"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("service \"reading-garden-evenings\": duplicate id; it is already defined at"),
        "{}",
        run.stderr
    );
}

#[test]
fn about_shows_edition_counts_replacements_and_skipped_files() {
    let (home, folder) = home_with(&[(REPLACE, "2027-01.ron"), (BAD, "2027-02.ron")]);
    let about = run(home.path(), &["about"]);
    assert_eq!(about.code, Some(0), "{}", about.stderr);
    // about shows skipped files itself, not on stderr.
    assert_eq!(about.stderr, "");
    let c = &bundled().catalogue;
    let update = folder.join("2027-01.ron");
    let bad = folder.join("2027-02.ron");
    let expected = format!(
        "Catalogue 2027.01 of 2027-01-15\n\
         {} services, {} libraries, {} target groups, {} programmes, {} themes\n\
         \n\
         Files:\n\
         \x20 <bundled catalogue> (bundled), 2026.11 of 2026-11-21\n\
         \x20   adds: {} services, {} libraries, {} target groups, {} programmes, {} themes\n\
         \x20 {} (update), 2027.01 of 2027-01-15\n\
         \x20   adds: 1 service, 1 library\n\
         \x20   replaces: 1 service (theatre-studio-cela)\n\
         \n\
         Skipped updates (correct or remove them):\n\
         \x20 {}\n",
        c.services.len() + 1,
        c.libraries.len() + 1,
        c.target_groups.len(),
        c.programmes.len(),
        c.themes.len(),
        c.services.len(),
        c.libraries.len(),
        c.target_groups.len(),
        c.programmes.len(),
        c.themes.len(),
        update.display(),
        bad.display(),
    );
    assert!(about.stdout.starts_with(&expected), "{}", about.stdout);
    assert!(
        about
            .stdout
            .ends_with(&format!("\nUpdates folder: {}\n", folder.display())),
        "{}",
        about.stdout
    );
    assert_eq!(about.stdout.matches(&format!("    {}:", bad.display())).count(), 2);

    let uk = run(home.path(), &["--lang", "uk", "about"]);
    assert!(
        uk.stdout.starts_with("Каталог 2027.01 від 2027-01-15\n"),
        "{}",
        uk.stdout
    );
    assert!(uk.stdout.contains(" (оновлення), 2027.01 від 2027-01-15\n    додає: 1 послуга, 1 бібліотека\n    замінює: 1 послуга (theatre-studio-cela)\n"), "{}", uk.stdout);
    assert!(
        uk.stdout
            .contains("\nПропущені оновлення (виправте або приберіть їх):\n"),
        "{}",
        uk.stdout
    );

    let json: Value = serde_json::from_str(&run(home.path(), &["about", "--format", "json"]).stdout).expect("JSON");
    assert_eq!(json["version"], "2027.01");
    assert_eq!(json["total"]["services"], c.services.len() + 1);
    assert_eq!(json["files"][0]["origin"], "bundled");
    assert_eq!(json["files"][1]["origin"], "update");
    assert_eq!(json["files"][1]["added"]["libraries"], 1);
    assert_eq!(json["files"][1]["replaced"]["services"], 1);
    assert_eq!(
        json["files"][1]["replaced_ids"],
        serde_json::json!(["theatre-studio-cela"])
    );
    assert_eq!(json["skipped"][0]["name"], bad.display().to_string());
    assert_eq!(json["skipped"][0]["problems"].as_array().expect("array").len(), 2);
}

#[test]
fn about_without_updates_and_with_a_data_file() {
    let home = tempfile::tempdir().expect("home");
    let about = run(home.path(), &["--data", EXTRA, "about"]);
    assert_eq!(about.code, Some(0), "{}", about.stderr);
    assert!(
        about.stdout.starts_with("Catalogue 2026.11 of 2026-11-21\n"),
        "{}",
        about.stdout
    );
    assert!(
        about.stdout.contains(&format!(
            "  {EXTRA} (--data file), user-1 of 2026-11-22\n    adds: 1 service\n"
        )),
        "{}",
        about.stdout
    );
    assert!(!about.stdout.contains("Skipped"), "{}", about.stdout);
}

#[test]
fn a_catalogues_folder_that_cannot_be_read_is_reported_and_the_rest_loads() {
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).expect("data");
    // A file where the folder should be.
    std::fs::write(data.join("catalogues"), "not a folder").expect("write");
    let run = run(home.path(), &["list", "themes"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot read the folder of catalogue updates"),
        "{}",
        run.stderr
    );
}
