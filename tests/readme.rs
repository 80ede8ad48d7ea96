//! The README stays true: its key table lists every binding of the key table, and nothing
//! that is not bound.

#![allow(clippy::unwrap_used, reason = "a test helper may panic")]

use libservices::catalogue::Lang;
use libservices::keymap::{self, Mode};

/// (where, keys) of each row of the README's key table.
fn readme_rows() -> Vec<(String, Vec<String>)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme.split("### Keys").nth(1).unwrap().split("\n## ").next().unwrap();
    section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Where") && !l.starts_with("|---"))
        .map(|l| {
            let cells: Vec<&str> = l
                .split(" | ")
                .map(|c| c.trim_matches(|ch| ch == '|' || ch == ' '))
                .collect();
            let keys = cells[1]
                .split([' ', ','])
                .filter(|t| !t.is_empty() && *t != "/")
                .map(str::to_owned)
                .collect();
            (cells[0].to_owned(), keys)
        })
        .collect()
}

#[test]
fn readme_lists_every_binding() {
    let rows = readme_rows();
    for b in keymap::all() {
        let label = b.mode.label(Lang::En);
        for key in b.keys {
            let k = key.label();
            let listed = rows
                .iter()
                .any(|(where_, keys)| where_ == label && (keys.contains(&k) || k == "/"));
            assert!(
                listed,
                "README's key table lacks {k} in \"{label}\" ({})",
                b.describe(Lang::En)
            );
        }
    }
}

#[test]
fn readme_lists_no_unbound_key() {
    for (where_, keys) in readme_rows() {
        let mode = Mode::ALL.iter().find(|m| m.label(Lang::En) == where_);
        let mode = mode.unwrap_or_else(|| panic!("README key table: unknown place \"{where_}\""));
        for k in keys {
            let bound = keymap::all().any(|b| b.mode == *mode && b.keys.iter().any(|key| key.label() == k));
            assert!(
                bound,
                "README lists {k} in \"{where_}\", but the key table does not bind it there"
            );
        }
    }
}
