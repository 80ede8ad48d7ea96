//! The README stays true: its key table is the one generated from the key table.

#![allow(clippy::unwrap_used, reason = "a test helper may panic")]

use libservices::keymap;

/// The README's key table: the lines that start with `|` after "### Keys".
fn readme_table() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme.split("### Keys").nth(1).unwrap().split("\n## ").next().unwrap();
    let mut table = String::new();
    for line in section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
    {
        table.push_str(line);
        table.push('\n');
    }
    table
}

#[test]
fn the_readme_key_table_is_the_generated_one() {
    let expected = keymap::markdown_table();
    let readme = readme_table();
    assert!(
        readme == expected,
        "README's key table differs from the key table; put this in README.md under \"### Keys\":\n{expected}"
    );
}

#[test]
fn the_generated_table_lists_every_binding_once_with_its_vim_letters_apart() {
    let table = keymap::markdown_table();
    assert_eq!(table.lines().count(), keymap::all().count() + 2, "a row per binding");
    assert!(table.contains("| Result list | ↓ (vim: j) | next |"), "{table}");
    assert!(
        table.contains("| Every view | F3 | statistics: charts of the results |"),
        "{table}"
    );
}
