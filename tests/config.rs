//! The configuration file and the settings it gives, through the real binary.

#![allow(clippy::unwrap_used, reason = "tests may panic")]

mod support;

use support::libservices_in;

fn write_config(home: &std::path::Path, text: &str) -> std::path::PathBuf {
    let dir = home.join("config");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.ron");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn print_default_gives_a_file_that_reads_back_as_the_defaults() {
    let home = tempfile::tempdir().unwrap();
    let printed = libservices_in(home.path(), &[], &["config", "--print-default"]);
    assert_eq!(printed.code, Some(0));
    assert!(printed.stdout.contains("// "), "commented: {}", printed.stdout);
    write_config(home.path(), &printed.stdout);
    let shown = libservices_in(home.path(), &[], &["config"]);
    assert_eq!(shown.code, Some(0));
    assert_eq!(shown.stderr, "", "the default file has no problem");
    for line in [
        "theme: dark",
        "keys: arrows",
        "mouse: true",
        "kiosk: false",
        "idle_seconds: 120",
    ] {
        assert!(shown.stdout.contains(line), "{line} in {}", shown.stdout);
    }
}

#[test]
fn settings_come_from_the_file_and_the_command_line_wins() {
    let home = tempfile::tempdir().unwrap();
    write_config(
        home.path(),
        "(lang: uk, theme: light, keys: vim, mouse: false, kiosk: true, idle_seconds: 30)",
    );
    let shown = libservices_in(home.path(), &[], &["config"]);
    for line in [
        "lang: uk",
        "theme: light",
        "keys: vim",
        "mouse: false",
        "kiosk: true",
        "idle_seconds: 30",
    ] {
        assert!(shown.stdout.contains(line), "{line} in {}", shown.stdout);
    }
    let over = libservices_in(
        home.path(),
        &[],
        &["--lang", "en", "--palette", "high-contrast", "config"],
    );
    assert!(over.stdout.contains("lang: en"), "{}", over.stdout);
    assert!(over.stdout.contains("theme: high_contrast"), "{}", over.stdout);
}

#[test]
fn no_color_gives_monochrome_unless_a_palette_is_asked_for() {
    let home = tempfile::tempdir().unwrap();
    let plain = libservices_in(home.path(), &[("NO_COLOR", "1")], &["config"]);
    assert!(plain.stdout.contains("theme: monochrome"), "{}", plain.stdout);
    let empty = libservices_in(home.path(), &[("NO_COLOR", "")], &["config"]);
    assert!(
        empty.stdout.contains("theme: dark"),
        "an empty NO_COLOR does not count: {}",
        empty.stdout
    );
    let asked = libservices_in(home.path(), &[("NO_COLOR", "1")], &["--palette", "light", "config"]);
    assert!(asked.stdout.contains("theme: light"), "{}", asked.stdout);
}

#[test]
fn a_wrong_value_is_reported_with_its_position_the_others_kept_and_the_file_left_untouched() {
    let home = tempfile::tempdir().unwrap();
    let text = "(\n  theme: light,\n  kiosk: maybe,\n  lang: ua,\n)\n";
    let path = write_config(home.path(), text);
    let run = libservices_in(home.path(), &[], &["config"]);
    assert_eq!(run.code, Some(0), "the program still runs");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "one line per ignored value: {}", run.stderr);
    assert!(lines[0].contains("config.ron:3:10: "), "{}", run.stderr);
    assert!(lines[0].contains("the value of `kiosk` was ignored"), "{}", run.stderr);
    assert!(lines[1].contains("config.ron:4:9: "), "{}", run.stderr);
    assert!(lines[1].contains("`ua`"), "{}", run.stderr);
    assert!(run.stdout.contains("kiosk: false"), "{}", run.stdout);
    assert!(
        run.stdout.contains("theme: light"),
        "the good setting is kept: {}",
        run.stdout
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_config_that_is_not_a_struct_gives_defaults_and_says_so_in_ukrainian() {
    let home = tempfile::tempdir().unwrap();
    write_config(home.path(), "(\n  theme: light,\n");
    let run = libservices_in(home.path(), &[], &["--lang", "uk", "config"]);
    assert_eq!(run.code, Some(0), "the program still runs");
    assert!(run.stderr.contains("config.ron:2:16: "), "{}", run.stderr);
    assert!(run.stderr.contains("налаштування не вжито"), "{}", run.stderr);
    assert!(run.stdout.contains("theme: dark"), "{}", run.stdout);
}

#[test]
fn export_shortlist_writes_the_marked_services_in_marking_order() {
    let home = tempfile::tempdir().unwrap();
    let empty = libservices_in(home.path(), &[], &["export", "--shortlist"]);
    assert_eq!(empty.code, Some(1), "{}", empty.stderr);
    assert!(empty.stderr.contains("shortlist is empty"), "{}", empty.stderr);
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("personal.ron"),
        "(version: 1, shortlist: [\"theatre-studio-cela\", \"no-longer-there\", \"dad-is-here-mom-lets-talk\"], notes: {})",
    )
    .unwrap();
    let run = libservices_in(home.path(), &[], &["export", "--shortlist", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("\"no-longer-there\""), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["theatre-studio-cela", "dad-is-here-mom-lets-talk"]);
    let md = libservices_in(home.path(), &[], &["export", "--shortlist"]);
    assert!(md.stdout.starts_with("# Shortlist"), "{}", md.stdout);
    let mixed = libservices_in(home.path(), &[], &["export", "--shortlist", "theatre"]);
    assert_eq!(mixed.code, Some(2), "a query cannot go with --shortlist");
}
