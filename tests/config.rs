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
        "keys: vim",
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
        "(lang: uk, theme: light, keys: arrows, mouse: false, kiosk: true, idle_seconds: 30)",
    );
    let shown = libservices_in(home.path(), &[], &["config"]);
    for line in [
        "lang: uk",
        "theme: light",
        "keys: arrows",
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
fn a_broken_config_is_reported_with_its_position_and_left_untouched() {
    let home = tempfile::tempdir().unwrap();
    let text = "(\n  theme: dark,\n  kiosk: maybe,\n)\n";
    let path = write_config(home.path(), text);
    let run = libservices_in(home.path(), &[], &["config"]);
    assert_eq!(run.code, Some(0), "the program still runs");
    assert!(run.stderr.contains("config.ron:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("defaults apply"), "{}", run.stderr);
    assert!(run.stdout.contains("kiosk: false"), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}
