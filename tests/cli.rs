//! The command line end to end: every command, format, filter and exit code, language
//! selection, user files, and behaviour with pipes and without a terminal.
//!
//! The binary runs with `LIBSERVICES_HOME` in a fresh temporary folder, `LANG=C` and no
//! `LC_ALL` / `LC_MESSAGES`, from the crate root. Expected values are taken from the bundled
//! catalogue through the library where possible, so that the tests follow the data.

#![allow(clippy::expect_used, reason = "test helpers fail the test with a message")]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use libservices::catalogue::{self, Dataset, Lang};
use serde_json::Value;
use support::{Run, bundled, command, finish, libservices, libservices_in};

mod support;

/// Runs a command that must succeed and returns its stdout.
fn ok(args: &[&str]) -> String {
    let run = libservices(args);
    assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
    assert_eq!(run.stderr, "", "{args:?}");
    run.stdout
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("valid JSON")
}

/// The ids of `search ARGS --format json`, best first; an empty list when nothing matched.
fn search_ids(args: &[&str]) -> Vec<String> {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = libservices(&all);
    let rows: Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let ids: Vec<String> = rows
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect();
    let expected_code = i32::from(ids.is_empty());
    assert_eq!(run.code, Some(expected_code), "{args:?}: {}", run.stderr);
    ids
}

/// The ids of `search --kind service ARGS --format json`: the services only.
fn search_services(args: &[&str]) -> Vec<String> {
    let mut all = vec!["--kind", "service"];
    all.extend_from_slice(args);
    search_ids(&all)
}

fn service_ids(ds: &Dataset, indices: &[u32]) -> Vec<String> {
    indices
        .iter()
        .map(|&i| ds.catalogue.services[i as usize].id.to_string())
        .collect()
}

fn service_index(ds: &Dataset, id: &str) -> usize {
    ds.catalogue
        .services
        .iter()
        .position(|s| *s.id == *id)
        .expect("service exists")
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}

/// A strict RFC 4180 reader: records end with CRLF; a field with `"`, `,` or a line break is
/// quoted, with `""` for a quote. Panics on anything else.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                    assert!(
                        matches!(chars.peek(), Some(',' | '\r') | None),
                        "text after a closing quote in {text:?}"
                    );
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            '"' => panic!("a quote inside an unquoted field: {field:?}"),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_start = true;
            }
            '\n' => panic!("a bare LF outside quotes after {field:?}"),
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(
        record.is_empty() && field.is_empty(),
        "the last record does not end with CRLF"
    );
    records
}

const SERVICE_HEADER: [&str; 16] = [
    "id",
    "title",
    "summary",
    "libraries",
    "places",
    "target_groups",
    "programmes",
    "themes",
    "year",
    "matched",
    "sources",
    "description",
    "other_names",
    "people",
    "url",
    "note",
];

fn count(n: usize) -> String {
    if n == 1 {
        "1 service".to_owned()
    } else {
        format!("{n} services")
    }
}

// ---- search: formats ----

#[test]
fn search_text_shows_title_id_libraries_facts_and_summary() {
    let ds = bundled();
    let s = &ds.catalogue.services[service_index(&ds, "liverpool-odesa-library-twinning")];
    let out = ok(&["search", "Liverpool", "--kind", "service"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!("{}  [liverpool-odesa-library-twinning]", s.title.en())
    );
    assert_eq!(
        lines[1],
        "  Libraries of Liverpool — Liverpool, Merseyside, United Kingdom; Libraries of"
    );
    assert!(
        out.contains("  For: Local communities · Programme: Libraries Connected library"),
        "{out}"
    );
    assert!(out.contains("  scheme · Year: 2023\n"), "{out}");
    let summary: String = lines[5..].iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    assert_eq!(summary, s.summary.en());
    // Without --kind the libraries come too, each saying its kind; the service does not.
    let all = ok(&["search", "Liverpool"]);
    let titles: Vec<&str> = all.lines().filter(|l| l.ends_with(']')).collect();
    assert!(
        titles.contains(&"Library: Libraries of Liverpool  [liverpool-libraries]"),
        "{all}"
    );
    assert!(
        titles.contains(&format!("{}  [liverpool-odesa-library-twinning]", s.title.en()).as_str()),
        "{all}"
    );
}

#[test]
fn text_output_wraps_at_78_columns() {
    let out = ok(&["list", "services"]);
    let mut blocks = 0;
    for line in out.lines() {
        if line.starts_with("  ") {
            assert!(line.chars().count() <= 78, "too long: {line:?}");
        } else if line.ends_with(']') {
            blocks += 1;
        } else {
            assert!(line.is_empty(), "unexpected line {line:?}");
        }
    }
    assert_eq!(blocks, bundled().catalogue.services.len());
}

#[test]
fn search_json_has_the_expected_fields() {
    let rows = json(&["search", "Liverpool", "--kind", "service", "--format", "json"]);
    let rows = rows.as_array().expect("an array");
    assert_eq!(rows.len(), 1);
    let row = rows[0].as_object().expect("an object");
    let keys: BTreeSet<&str> = row.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = [
        "entry",
        "id",
        "title",
        "summary",
        "libraries",
        "places",
        "target_groups",
        "programmes",
        "themes",
        "year",
        "sources",
        "source_titles",
        "description",
        "other_names",
        "people",
    ]
    .into();
    // `matched` is left out: the title matched; so are `url` and `note`, which this
    // service has not.
    assert_eq!(keys, expected);
    assert_eq!(row["entry"], "service");
    // The source by its title for readers, the file name for scripts.
    assert_eq!(row["sources"][0], "003_c1017278d11d3a83.txt");
    assert_eq!(
        row["source_titles"][0],
        "Five things we have learnt from Ukraine library partnerships — Libraries Connected"
    );
    assert_eq!(row["id"], "liverpool-odesa-library-twinning");
    assert_eq!(row["libraries"][0]["id"], "liverpool-libraries");
    assert_eq!(row["libraries"][0]["name"], "Libraries of Liverpool");
    assert_eq!(row["libraries"][1]["id"], "odesa-libraries");
    assert_eq!(
        strings(&row["places"]),
        ["Liverpool, Merseyside, United Kingdom", "Odesa, Odesa Oblast, Ukraine"]
    );
    assert_eq!(row["target_groups"][0]["id"], "local-communities");
    assert_eq!(row["themes"][0]["id"], "international-partnership");
    assert_eq!(row["programmes"][0]["id"], "libraries-connected-twinning-scheme");
    assert_eq!(row["year"], 2023);
    assert_eq!(strings(&row["sources"]), ["003_c1017278d11d3a83.txt"]);
    // Without --kind every row says which kind of entry it is.
    let all = json(&["search", "Liverpool", "--format", "json"]);
    let all = all.as_array().expect("an array");
    assert!(all.len() > 1, "{all:?}");
    let library = all
        .iter()
        .find(|r| r["id"] == "liverpool-libraries")
        .expect("the library is found");
    assert_eq!(library["entry"], "library");
    let service = all
        .iter()
        .find(|r| r["id"] == "liverpool-odesa-library-twinning")
        .expect("the service is found");
    assert_eq!(service["entry"], "service");
}

#[test]
fn search_json_says_which_field_matched_when_not_the_title() {
    let rows = json(&["search", "Merseyside", "--kind", "service", "--format", "json"]);
    assert_eq!(rows[0]["id"], "liverpool-odesa-library-twinning");
    assert_eq!(rows[0]["matched"], "place");
    let rows = json(&[
        "--lang",
        "uk",
        "search",
        "Merseyside",
        "--kind",
        "service",
        "--format",
        "json",
    ]);
    assert_eq!(rows[0]["matched"], "місце");
    // The libraries in Merseyside match by their place too.
    let rows = json(&["search", "Merseyside", "--format", "json"]);
    let libraries: Vec<&Value> = rows
        .as_array()
        .expect("an array")
        .iter()
        .filter(|r| r["entry"] == "library")
        .collect();
    assert!(!libraries.is_empty(), "{rows}");
    for row in libraries {
        assert_eq!(row["matched"], "place", "{row}");
    }
}

#[test]
fn a_person_or_other_name_that_matched_is_named_in_the_row() {
    // Who the person is there, in the language the query matched in.
    let text = ok(&["search", "Isobel Hunter", "--kind", "library"]);
    assert!(
        text.contains("  Matched: people — Isobel Hunter, Chief Executive\n"),
        "{text}"
    );
    let text = ok(&["--lang", "uk", "search", "Ізобел Гантер", "--kind", "library"]);
    assert!(
        text.contains("  Збіг: люди — Ізобел Гантер, головна виконавча директорка\n"),
        "{text}"
    );
    let rows = json(&["search", "Dave Lloyd", "--format", "json"]);
    assert_eq!(rows[0]["matched"], "people");
    assert_eq!(
        rows[0]["matched_text"],
        "Dave Lloyd, speaker: “Books and reading” (Universal Library Offers)"
    );
    // Of a group's several other names (the Ukrainian first), the one typed.
    let rows = json(&["search", "evacuees", "--format", "json"]);
    assert_eq!(rows[0]["id"], "internally-displaced-people");
    assert_eq!(rows[0]["matched"], "also known as");
    assert_eq!(rows[0]["matched_text"], "evacuees");
    // Two people, each found by one word, are both named.
    let rows = json(&["search", "Sarah Dave", "--format", "json"]);
    assert_eq!(rows[0]["id"], "uk-ukraine-exchange-meeting");
    let named = rows[0]["matched_text"].as_str().unwrap_or_default();
    assert!(
        named.contains("Sarah Hassan") && named.contains("Dave Lloyd") && named.contains("; "),
        "{named}"
    );
    // A match in a field of one text names no part.
    let rows = json(&["search", "Merseyside", "--kind", "service", "--format", "json"]);
    assert_eq!(rows[0]["matched"], "place");
    assert_eq!(rows[0].get("matched_text"), None, "{}", rows[0]);
}

#[test]
fn search_csv_has_a_header_and_rfc4180_quoting() {
    let out = ok(&["search", "Liverpool", "--kind", "service", "--format", "csv"]);
    assert!(out.starts_with(&format!("{}\r\n", SERVICE_HEADER.join(","))), "{out}");
    // The summary has commas, so it is quoted; the title has none, so it is not.
    assert!(
        out.contains(
            "\r\nliverpool-odesa-library-twinning,Liverpool–Odesa library twinning,\"The twinning of libraries in two port cities, begun"
        ),
        "{out}"
    );
    let records = parse_csv(&out);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0], SERVICE_HEADER);
    assert_eq!(records[1][0], "liverpool-odesa-library-twinning");
    assert_eq!(
        records[1][4],
        "Liverpool, Merseyside, United Kingdom; Odesa, Odesa Oblast, Ukraine"
    );
    assert_eq!(records[1][8], "2023");
    assert_eq!(records[1][9], "");
}

/// The CSV form of a value: a leading formula character gets an apostrophe.
fn csv_value(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn names(value: &Value) -> String {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|n| n["name"].as_str().expect("name"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// "Name, role (Library); ..." from JSON's people.
fn people(value: &Value) -> String {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|p| {
            let mut s = p["name"].as_str().expect("name").to_owned();
            if let Some(role) = p.get("role").and_then(Value::as_str) {
                s.push_str(&format!(", {role}"));
            }
            if let Some(library) = p.get("library").and_then(Value::as_str) {
                s.push_str(&format!(" ({library})"));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn csv_and_json_agree_on_every_service() {
    let rows = json(&["list", "services", "--format", "json"]);
    let rows = rows.as_array().expect("an array");
    let records = parse_csv(&ok(&["list", "services", "--format", "csv"]));
    assert_eq!(records[0], SERVICE_HEADER);
    assert_eq!(records.len() - 1, rows.len());
    for (record, row) in records[1..].iter().zip(rows) {
        assert_eq!(record.len(), SERVICE_HEADER.len());
        let year = row.get("year").map(ToString::to_string).unwrap_or_default();
        let expected = [
            csv_value(row["id"].as_str().expect("id")),
            csv_value(row["title"].as_str().expect("title")),
            csv_value(row["summary"].as_str().expect("summary")),
            csv_value(&names(&row["libraries"])),
            csv_value(&strings(&row["places"]).join("; ")),
            csv_value(&names(&row["target_groups"])),
            csv_value(&names(&row["programmes"])),
            csv_value(&names(&row["themes"])),
            year,
            String::new(),
            csv_value(&strings(&row["sources"]).join("; ")),
            csv_value(row.get("description").and_then(Value::as_str).unwrap_or_default()),
            csv_value(&row.get("other_names").map(strings).unwrap_or_default().join("; ")),
            csv_value(&row.get("people").map(people).unwrap_or_default()),
            csv_value(row.get("url").and_then(Value::as_str).unwrap_or_default()),
            String::new(),
        ];
        assert_eq!(record.as_slice(), expected.as_slice());
    }
}

const TRICKY: &str = "tests/fixtures/good/csv_tricky.ron";

#[test]
fn csv_quotes_doubles_quotes_keeps_line_breaks_and_defuses_formulas() {
    let out = ok(&["--no-bundled", "--data", TRICKY, "list", "services", "--format", "csv"]);
    assert!(
        out.contains(
            "\r\ntricky-text,\"Say \"\"hi\"\", *loudly* [now] | _twice_ #1\",\"'=1+1 first line\nsecond line\",\"The \"\"Quoted\"\" Library, Main\",\"Town, Centre, United Kingdom\","
        ),
        "{out}"
    );
    assert!(
        out.ends_with("\r\nplain-text,Plain,Nothing special,,,,,,,,,,,,,\r\n"),
        "{out}"
    );
    let records = parse_csv(&out);
    assert_eq!(records.len(), 3);
    assert_eq!(records[1][1], "Say \"hi\", *loudly* [now] | _twice_ #1");
    assert_eq!(records[1][2], "'=1+1 first line\nsecond line");
    assert_eq!(records[1][3], "The \"Quoted\" Library, Main");
}

#[test]
fn search_markdown_has_a_heading_per_service() {
    let ids = search_services(&["twinning"]);
    let out = ok(&["search", "twinning", "--kind", "service", "--format", "md"]);
    let headings: Vec<&str> = out.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.len(), ids.len(), "{out}");
    assert_eq!(headings[0], "## Liverpool–Odesa library twinning");
    for id in &ids {
        assert!(out.contains(&format!("- **Id:** {id}\n")), "{id}: {out}");
    }
    assert!(out.contains("- **Year:** 2023\n"), "{out}");
    assert!(
        out.contains(
            "- **Library:** Libraries of Liverpool (Liverpool, Merseyside, United Kingdom); Libraries of Odesa (Odesa, Odesa Oblast, Ukraine)\n"
        ),
        "{out}"
    );
}

#[test]
fn markdown_escapes_its_special_characters() {
    let out = ok(&["--no-bundled", "--data", TRICKY, "list", "services", "--format", "md"]);
    assert!(
        out.starts_with("## Say \"hi\", \\*loudly\\* \\[now\\] \\| \\_twice\\_ \\#1\n\n"),
        "{out}"
    );
    assert!(
        out.contains("\n## Plain\n\nNothing special\n\n- **Id:** plain-text\n"),
        "{out}"
    );
}

#[test]
fn nothing_found_exits_1_in_every_format() {
    let text = libservices(&["search", "zzzzqqq"]);
    assert_eq!(text.code, Some(1));
    assert_eq!(text.stdout, "");
    assert_eq!(text.stderr, "Nothing matches \"zzzzqqq\".\n");
    let uk = libservices(&["--lang", "uk", "search", "zzzzqqq"]);
    assert_eq!(uk.code, Some(1));
    assert_eq!(uk.stderr, "Нічого не знайдено за запитом «zzzzqqq».\n");
    let json = libservices(&["search", "zzzzqqq", "--format", "json"]);
    assert_eq!((json.code, json.stdout.as_str()), (Some(1), "[]\n"));
    let csv = libservices(&["search", "zzzzqqq", "--format", "csv"]);
    assert_eq!(csv.code, Some(1));
    assert_eq!(csv.stdout, format!("{}\r\n", SERVICE_HEADER.join(",")));
    let md = libservices(&["search", "zzzzqqq", "--format", "md"]);
    assert_eq!((md.code, md.stdout.as_str()), (Some(1), ""));
}

#[test]
fn empty_query_lists_every_entry_services_first_in_catalogue_order() {
    let ds = bundled();
    let all: Vec<String> = ds.catalogue.services.iter().map(|s| s.id.to_string()).collect();
    assert_eq!(search_services(&[]), all);
    // Without --kind the other entries follow the services.
    let c = &ds.catalogue;
    let every = search_ids(&[]);
    assert_eq!(
        every.len(),
        c.services.len() + c.libraries.len() + c.target_groups.len() + c.programmes.len() + c.themes.len()
    );
    assert_eq!(every[..all.len()], all);
}

// ---- search: filters and limit ----

#[test]
fn target_group_filter_includes_sub_groups() {
    let ds = bundled();
    let children = ds.get("children").expect("children");
    let catalogue::EntityRef::TargetGroup(g) = children else {
        panic!("children is not a target group")
    };
    let expected = service_ids(&ds, &ds.group_services[g]);
    let ids = search_services(&["--target-group", "children"]);
    assert_eq!(ids, expected);
    // Services tagged only with a sub-group are there too.
    for sub in ["schoolchildren", "preschool-children"] {
        let sub_ids = search_services(&["--target-group", sub]);
        assert!(!sub_ids.is_empty(), "{sub}");
        for id in &sub_ids {
            assert!(ids.contains(id), "{id} ({sub}) missing under children");
        }
    }
    let only_sub = ds
        .catalogue
        .services
        .iter()
        .filter(|s| ids.contains(&s.id.to_string()) && !s.target_groups.iter().any(|g| g == "children"))
        .count();
    assert!(only_sub > 0, "no service is reached through a sub-group only");
    assert!(ids.contains(&"technical-laboratory".to_owned()));
}

#[test]
fn country_filter_gives_only_that_country() {
    let ds = bundled();
    let c = &ds.catalogue;
    let in_country = |code: &str| -> Vec<String> {
        c.services
            .iter()
            .zip(&ds.links)
            .filter(|(_, l)| l.libraries.iter().any(|&i| *c.libraries[i as usize].country == *code))
            .map(|(s, _)| s.id.to_string())
            .collect()
    };
    let by = search_services(&["--country", "BY"]);
    assert_eq!(by, in_country("BY"));
    assert!(by.contains(&"dad-is-here-mom-lets-talk".to_owned()), "{by:?}");
    let gb = search_services(&["--country", "GB"]);
    assert_eq!(gb, in_country("GB"));
    // Several values of one filter: any of them.
    let both: BTreeSet<String> = search_services(&["--country", "BY", "--country", "GB"])
        .into_iter()
        .collect();
    let union: BTreeSet<String> = by.iter().chain(&gb).cloned().collect();
    assert_eq!(both, union);
    // Without --kind, the libraries shown are those of that country.
    let every = search_ids(&["--country", "BY"]);
    assert!(every.len() > by.len(), "{every:?}");
    for id in &every {
        if let Some(catalogue::EntityRef::Library(i)) = ds.get(id) {
            assert_eq!(*c.libraries[i].country, *"BY", "{id}");
        }
    }
}

#[test]
fn filters_combine_with_each_other_and_with_the_query() {
    let children = search_services(&["--target-group", "children"]);
    let by = search_services(&["--country", "BY"]);
    let both = search_services(&["--target-group", "children", "--country", "BY"]);
    assert!(!both.is_empty());
    for id in &both {
        assert!(children.contains(id) && by.contains(id), "{id}");
    }
    let twinning_gb = search_services(&["twinning", "--country", "GB"]);
    assert!(twinning_gb.contains(&"liverpool-odesa-library-twinning".to_owned()));
    assert!(search_services(&["twinning", "--country", "BY"]).is_empty());
}

#[test]
fn programme_theme_library_and_year_filters() {
    let ds = bundled();
    let index = |id: &str| ds.get(id).expect(id);
    let catalogue::EntityRef::Programme(p) = index("house-of-europe") else {
        panic!("house-of-europe is not a programme")
    };
    let parent = search_services(&["--programme", "house-of-europe"]);
    assert_eq!(parent, service_ids(&ds, &ds.programme_services[p]));
    // Services of the sub-programme count for the parent.
    for id in search_services(&["--programme", "create-culture"]) {
        assert!(parent.contains(&id), "{id}");
    }
    let catalogue::EntityRef::Theme(t) = index("environment") else {
        panic!("environment is not a theme")
    };
    assert_eq!(
        search_services(&["--theme", "environment"]),
        service_ids(&ds, &ds.theme_services[t])
    );
    assert_eq!(
        search_services(&["--library", "zhytomyr-zemlyak-central-city-library"]),
        ["theatre-studio-cela"]
    );
    let year: Vec<String> = ds
        .catalogue
        .services
        .iter()
        .filter(|s| s.year == Some(2023))
        .map(|s| s.id.to_string())
        .collect();
    assert!(!year.is_empty());
    assert_eq!(search_services(&["--year", "2023"]), year);
}

#[test]
fn unknown_filter_values_exit_2_naming_the_value() {
    for (option, value, list) in [
        ("--library", "no-such-library", "libraries"),
        ("--target-group", "no-such-group", "target-groups"),
        ("--programme", "no-such-programme", "programmes"),
        ("--theme", "no-such-theme", "themes"),
    ] {
        let run = libservices(&["search", option, value]);
        assert_eq!(run.code, Some(2), "{option} {value}");
        assert_eq!(run.stdout, "");
        assert!(run.stderr.starts_with("libservices: unknown "), "{}", run.stderr);
        assert!(run.stderr.contains(&format!("\"{value}\"")), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("`libservices list {list}`")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn limit_cuts_the_ranked_list() {
    let all = search_ids(&[]);
    assert_eq!(search_ids(&["--limit", "3"]), all[..3]);
    let twinning = search_ids(&["twinning"]);
    assert!(twinning.len() > 1);
    assert_eq!(search_ids(&["twinning", "--limit", "1"]), twinning[..1]);
    let filtered = search_ids(&["--country", "GB"]);
    assert_eq!(search_ids(&["--country", "GB", "--limit", "2"]), filtered[..2]);
    let zero = libservices(&["search", "--limit", "0"]);
    assert_eq!(zero.code, Some(1));
    let bad = libservices(&["search", "--limit", "many"]);
    assert_eq!(bad.code, Some(2));
}

// ---- search: operators ----

#[test]
fn exact_operator_needs_the_letters_together() {
    let fuzzy = search_ids(&["thrpy"]);
    assert!(fuzzy.contains(&"play-therapy".to_owned()), "{fuzzy:?}");
    assert!(search_ids(&["'thrpy"]).is_empty());
    let exact = search_ids(&["'therapy"]);
    assert!(exact.contains(&"play-therapy".to_owned()) && exact.contains(&"fairy-tale-therapy".to_owned()));
}

#[test]
fn prefix_and_suffix_operators() {
    let prefix = search_ids(&["^play"]);
    assert!(prefix.contains(&"play-therapy".to_owned()), "{prefix:?}");
    assert!(!prefix.contains(&"fairy-tale-therapy".to_owned()), "{prefix:?}");
    let suffix = search_ids(&["therapy$"]);
    assert!(suffix.contains(&"play-therapy".to_owned()) && suffix.contains(&"fairy-tale-therapy".to_owned()));
    // Its title does not end with "therapy", though its texts contain the word.
    assert!(search_ids(&["therapy"]).contains(&"psycho-emotional-support-for-children".to_owned()));
    assert!(
        !suffix.contains(&"psycho-emotional-support-for-children".to_owned()),
        "{suffix:?}"
    );
    assert!(search_ids(&["^therapy"]).is_empty());
    assert_eq!(search_ids(&["^play", "therapy$"]), ["play-therapy"]);
}

#[test]
fn exclusion_operator_removes_entries() {
    let twinning = search_ids(&["twinning"]);
    let without = search_ids(&["twinning", "!liverpool"]);
    assert!(twinning.contains(&"liverpool-odesa-library-twinning".to_owned()));
    assert!(
        !without.contains(&"liverpool-odesa-library-twinning".to_owned()),
        "{without:?}"
    );
    assert!(!without.is_empty());
    for id in &without {
        assert!(twinning.contains(id), "{id}");
    }
    // The query words can come as one argument or several.
    assert_eq!(search_ids(&["twinning !liverpool"]), without);
}

// ---- Language ----

#[test]
fn lang_uk_gives_ukrainian_titles_and_labels() {
    let ds = bundled();
    let s = &ds.catalogue.services[service_index(&ds, "liverpool-odesa-library-twinning")];
    let rows = json(&[
        "--lang",
        "uk",
        "search",
        "Liverpool",
        "--kind",
        "service",
        "--format",
        "json",
    ]);
    assert_eq!(rows[0]["title"], s.title.uk());
    assert_eq!(rows[0]["summary"], s.summary.uk());
    assert_eq!(rows[0]["places"][0], "Ліверпуль, Мерсісайд, Велика Британія");
    let text = ok(&["search", "Liverpool", "--kind", "service", "--lang", "uk"]);
    assert!(text.starts_with(&format!("{}  [liverpool-odesa-library-twinning]\n", s.title.uk())));
    assert!(
        text.contains("  Для: Місцеві громади · Програма: Програма побратимства"),
        "{text}"
    );
    // The kind of a non-service entry is said in Ukrainian too.
    let every = ok(&["search", "Liverpool", "--lang", "uk"]);
    assert!(
        every.contains(&format!("\n{}  [liverpool-odesa-library-twinning]\n", s.title.uk())),
        "{every}"
    );
    assert!(every.contains("Бібліотека: "), "{every}");
    assert!(!every.contains("Library: "), "{every}");
}

fn first_title(run: &Run) -> String {
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run.stdout.lines().next().unwrap_or_default().to_owned()
}

// The first row of `search Liverpool`: a library, which says its kind in the language.
const UK_TITLE: &str = "Бібліотека: Центральна бібліотека Ліверпуля  [liverpool-central-library]";
const EN_TITLE: &str = "Library: Liverpool Central Library  [liverpool-central-library]";

#[test]
fn language_comes_from_the_environment() {
    let home = tempfile::tempdir().expect("home");
    let h = home.path();
    let args = ["search", "Liverpool"];
    assert_eq!(first_title(&libservices_in(h, &[], &args)), EN_TITLE);
    assert_eq!(
        first_title(&libservices_in(h, &[("LANG", "uk_UA.UTF-8")], &args)),
        UK_TITLE
    );
    assert_eq!(
        first_title(&libservices_in(h, &[("LC_MESSAGES", "uk_UA.UTF-8")], &args)),
        UK_TITLE
    );
    // LC_ALL comes before LANG.
    let env = [("LANG", "uk_UA.UTF-8"), ("LC_ALL", "en_GB.UTF-8")];
    assert_eq!(first_title(&libservices_in(h, &env, &args)), EN_TITLE);
    // --lang comes before the environment.
    let en = ["--lang", "en", "search", "Liverpool"];
    assert_eq!(
        first_title(&libservices_in(h, &[("LANG", "uk_UA.UTF-8")], &en)),
        EN_TITLE
    );
}

fn write_config(home: &Path, text: &str) -> std::path::PathBuf {
    let dir = home.join("config");
    std::fs::create_dir_all(&dir).expect("config dir");
    let path = dir.join("config.ron");
    std::fs::write(&path, text).expect("config");
    path
}

#[test]
fn config_file_sets_the_language() {
    let home = tempfile::tempdir().expect("home");
    let h = home.path();
    write_config(h, "(lang: uk)\n");
    let run = libservices_in(h, &[], &["search", "Liverpool"]);
    assert_eq!(run.stderr, "");
    assert_eq!(first_title(&run), UK_TITLE);
    // --lang comes before the config.
    assert_eq!(
        first_title(&libservices_in(h, &[], &["--lang", "en", "search", "Liverpool"])),
        EN_TITLE
    );
    // The config comes before the environment.
    write_config(h, "(lang: en)\n");
    assert_eq!(
        first_title(&libservices_in(h, &[("LANG", "uk_UA.UTF-8")], &["search", "Liverpool"])),
        EN_TITLE
    );
}

#[test]
fn broken_config_warns_with_its_position_and_is_left_alone() {
    let home = tempfile::tempdir().expect("home");
    let text = "(\n  lang: ukr,\n)\n";
    let path = write_config(home.path(), text);
    let run = libservices_in(home.path(), &[], &["search", "Liverpool"]);
    assert_eq!(first_title(&run), EN_TITLE);
    let warning = run.stderr.lines().next().unwrap_or_default();
    assert!(
        warning.starts_with(&format!("libservices: {}:2:9: ", path.display())),
        "{}",
        run.stderr
    );
    assert!(
        warning.contains("`ukr`") && warning.contains("its default applies"),
        "{warning}"
    );
    assert!(warning.contains("config.ron:2:9"));
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&path).expect("config"), text);
    // With a broken config the environment decides.
    let uk = libservices_in(home.path(), &[("LANG", "uk_UA.UTF-8")], &["search", "Liverpool"]);
    assert_eq!(first_title(&uk), UK_TITLE);
}

// ---- show ----

fn show(id: &str, format: &str) -> String {
    ok(&["show", id, "--format", format])
}

#[test]
fn show_service_in_every_format() {
    let text = show("theatre-studio-cela", "text");
    assert!(
        text.starts_with("Theatre studio “CELA”  [theatre-studio-cela]\nService\n\n"),
        "{text}"
    );
    for line in [
        "Place: Zhytomyr, Zhytomyr Oblast, Ukraine\n",
        "Target groups:\n  - Children\n",
        "Programme:\n  - Create Culture: Library Innovative Services\n",
        "Themes:\n  - Creative industries\n  - Culture and heritage\n",
        "Year: 2020\n",
        "Source: Create culture: Library Innovative Services\n",
        "Related services:\n",
    ] {
        assert!(text.contains(line), "{line:?} missing from {text}");
    }
    let md = show("theatre-studio-cela", "md");
    assert!(
        md.starts_with("# Theatre studio “CELA”\n\n*Service* · `theatre-studio-cela`\n"),
        "{md}"
    );
    assert!(md.contains("\n**Year:** 2020\n"), "{md}");
    assert!(
        md.contains("\n**Source:** Create culture: Library Innovative Services\n"),
        "{md}"
    );
    let v: Value = serde_json::from_str(&show("theatre-studio-cela", "json")).expect("JSON");
    assert_eq!(v["entry"], "service");
    assert_eq!(v["id"], "theatre-studio-cela");
    assert_eq!(v["title"]["en"], "Theatre studio “CELA”");
    assert_eq!(v["title"]["uk"], "Театральна студія «CELA»");
    assert_eq!(strings(&v["libraries"]), ["zhytomyr-zemlyak-central-city-library"]);
    assert_eq!(strings(&v["seeds"]), ["000_61261b90cd39a1b3.txt"]);
    assert_eq!(v["year"], 2020);
    let uk = ok(&["--lang", "uk", "show", "theatre-studio-cela"]);
    assert!(
        uk.starts_with("Театральна студія «CELA»  [theatre-studio-cela]\nПослуга\n"),
        "{uk}"
    );
    assert!(uk.contains("Рік: 2020\n"), "{uk}");
}

#[test]
fn show_library_in_every_format() {
    let id = "zhytomyr-zemlyak-central-city-library";
    let text = show(id, "text");
    assert!(
        text.starts_with(&format!(
            "Vasyl Zemlyak Central City Library (Zhytomyr)  [{id}]\nLibrary\n"
        )),
        "{text}"
    );
    assert!(text.contains("Place: Zhytomyr, Zhytomyr Oblast, Ukraine\n"), "{text}");
    assert!(text.contains("Coordinates: 50.2547, 28.6587\n"), "{text}");
    assert!(
        text.contains("Services (1 service):\n  - Theatre studio “CELA”\n"),
        "{text}"
    );
    let md = show(id, "md");
    assert!(md.contains(&format!("*Library* · `{id}`")), "{md}");
    let v: Value = serde_json::from_str(&show(id, "json")).expect("JSON");
    assert_eq!(v["entry"], "library");
    assert_eq!(v["id"], id);
    assert_eq!(v["country"], "UA");
    assert_eq!(v["place"]["uk"], "Житомир");
    assert_eq!(strings(&v["services"]), ["theatre-studio-cela"]);
}

#[test]
fn show_target_group_in_every_format() {
    let ds = bundled();
    let catalogue::EntityRef::TargetGroup(g) = ds.get("schoolchildren").expect("schoolchildren") else {
        panic!("not a target group")
    };
    let services = service_ids(&ds, &ds.group_services[g]);
    let text = show("schoolchildren", "text");
    assert!(
        text.starts_with("Schoolchildren  [schoolchildren]\nTarget group\n"),
        "{text}"
    );
    assert!(text.contains("Part of:\n  - Children\n"), "{text}");
    assert!(
        text.contains(&format!("Services ({}):\n", count(services.len()))),
        "{text}"
    );
    let md = show("schoolchildren", "md");
    assert!(
        md.starts_with("# Schoolchildren\n\n*Target group* · `schoolchildren`\n"),
        "{md}"
    );
    assert!(md.contains("**Part of:**\n\n- Children\n"), "{md}");
    let v: Value = serde_json::from_str(&show("schoolchildren", "json")).expect("JSON");
    assert_eq!(v["entry"], "target-group");
    assert_eq!(v["parent"], "children");
    assert_eq!(strings(&v["services"]), services);
    // The parent group lists its narrower groups.
    let parent = show("children", "text");
    assert!(
        parent.contains("Narrower groups:\n  - Preschool children\n  - Schoolchildren\n"),
        "{parent}"
    );
}

#[test]
fn show_programme_in_every_format() {
    let ds = bundled();
    let catalogue::EntityRef::Programme(p) = ds.get("create-culture").expect("create-culture") else {
        panic!("not a programme")
    };
    let text = show("create-culture", "text");
    assert!(
        text.starts_with("Create Culture: Library Innovative Services  [create-culture]\nProgramme\n"),
        "{text}"
    );
    assert!(text.contains("Part of:\n  - House of Europe\n"), "{text}");
    assert!(
        text.contains("Organised or supported by:\n  - Ukrainian Library Association\n"),
        "{text}"
    );
    let md = show("create-culture", "md");
    assert!(md.contains("*Programme* · `create-culture`"), "{md}");
    let v: Value = serde_json::from_str(&show("create-culture", "json")).expect("JSON");
    assert_eq!(v["entry"], "programme");
    assert_eq!(v["parent"], "house-of-europe");
    assert_eq!(strings(&v["services"]), service_ids(&ds, &ds.programme_services[p]));
    let parent = show("house-of-europe", "text");
    assert!(
        parent.contains("Includes:\n  - Create Culture: Library Innovative Services\n"),
        "{parent}"
    );
}

#[test]
fn show_theme_in_every_format() {
    let ds = bundled();
    let catalogue::EntityRef::Theme(t) = ds.get("environment").expect("environment") else {
        panic!("not a theme")
    };
    let services = service_ids(&ds, &ds.theme_services[t]);
    let text = show("environment", "text");
    assert!(text.starts_with("Environment  [environment]\nTheme\n"), "{text}");
    let mut listed = format!("Services ({}):\n", count(services.len()));
    for id in &services {
        let s = &ds.catalogue.services[service_index(&ds, id)];
        listed.push_str(&format!("  - {}\n", s.title.en()));
    }
    assert!(text.ends_with(&listed), "{text}");
    let md = show("environment", "md");
    assert!(md.starts_with("# Environment\n\n*Theme* · `environment`\n"), "{md}");
    let v: Value = serde_json::from_str(&show("environment", "json")).expect("JSON");
    assert_eq!(v["entry"], "theme");
    assert_eq!(v["name"]["uk"], "Довкілля");
    assert_eq!(strings(&v["services"]), services);
}

#[test]
fn show_unknown_id_exits_2() {
    for format in ["text", "json", "md"] {
        let run = libservices(&["show", "no-such-id", "--format", format]);
        assert_eq!(run.code, Some(2));
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.starts_with("libservices: unknown id \"no-such-id\""),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("libservices list"), "{}", run.stderr);
    }
    let csv = libservices(&["show", "theatre-studio-cela", "--format", "csv"]);
    assert_eq!(csv.code, Some(2), "show has no CSV");
}

// ---- list ----

#[test]
fn list_services_in_every_format() {
    let ds = bundled();
    let ids: Vec<String> = ds.catalogue.services.iter().map(|s| s.id.to_string()).collect();
    let rows = json(&["list", "services", "--format", "json"]);
    let listed: Vec<&str> = rows
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(listed, ids);
    let md = ok(&["list", "services", "--format", "md"]);
    assert_eq!(md.lines().filter(|l| l.starts_with("## ")).count(), ids.len());
    let text = ok(&["list", "services"]);
    for s in &ds.catalogue.services {
        assert!(text.contains(&format!("{}  [{}]\n", s.title.en(), s.id)), "{}", s.id);
    }
}

/// Id, English name and number of services of one listed entry.
type Row = (String, String, usize);

#[test]
fn list_other_kinds_in_every_format() {
    let ds = bundled();
    let c = &ds.catalogue;
    let kinds: [(&str, Vec<Row>); 4] = [
        (
            "libraries",
            c.libraries
                .iter()
                .zip(&ds.library_services)
                .map(|(x, s)| (x.id.to_string(), x.name.get(Lang::En).to_owned(), s.len()))
                .collect(),
        ),
        (
            "target-groups",
            c.target_groups
                .iter()
                .zip(&ds.group_services)
                .map(|(x, s)| (x.id.to_string(), x.name.get(Lang::En).to_owned(), s.len()))
                .collect(),
        ),
        (
            "programmes",
            c.programmes
                .iter()
                .zip(&ds.programme_services)
                .map(|(x, s)| (x.id.to_string(), x.name.get(Lang::En).to_owned(), s.len()))
                .collect(),
        ),
        (
            "themes",
            c.themes
                .iter()
                .zip(&ds.theme_services)
                .map(|(x, s)| (x.id.to_string(), x.name.get(Lang::En).to_owned(), s.len()))
                .collect(),
        ),
    ];
    for (kind, expected) in kinds {
        let rows = json(&["list", kind, "--format", "json"]);
        let rows = rows.as_array().expect("array");
        assert_eq!(rows.len(), expected.len(), "{kind}");
        for (row, (id, name, n)) in rows.iter().zip(&expected) {
            assert_eq!(row["id"], id.as_str(), "{kind}");
            assert_eq!(row["name"], name.as_str(), "{kind}");
            assert_eq!(row["services"], *n, "{kind} {id}");
        }
        let records = parse_csv(&ok(&["list", kind, "--format", "csv"]));
        assert_eq!(records[0], ["id", "name", "detail", "services"], "{kind}");
        assert_eq!(records.len(), expected.len() + 1, "{kind}");
        for (record, (id, name, n)) in records[1..].iter().zip(&expected) {
            assert_eq!(
                (&record[0], &record[1], &record[3]),
                (id, name, &n.to_string()),
                "{kind}"
            );
        }
        let md = ok(&["list", kind, "--format", "md"]);
        assert!(md.starts_with("| id | name |"), "{kind}: {md}");
        assert_eq!(md.lines().count(), expected.len() + 2, "{kind}");
        let text = ok(&["list", kind]);
        let width = expected.iter().map(|(id, _, _)| id.chars().count()).max().unwrap_or(0);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), expected.len(), "{kind}");
        for (line, (id, name, n)) in lines.iter().zip(&expected) {
            assert!(line.starts_with(&format!("{id:<width$}  {name}")), "{kind}: {line:?}");
            assert!(line.ends_with(&format!(" ({})", count(*n))), "{kind}: {line:?}");
        }
    }
    let groups = ok(&["list", "target-groups"]);
    assert!(groups.contains("  Schoolchildren — Children ("), "{groups}");
}

#[test]
fn list_in_ukrainian() {
    let text = ok(&["--lang", "uk", "list", "themes"]);
    assert!(text.starts_with("creative-industries"), "{text}");
    assert!(text.contains("  Довкілля (3 послуги)\n"), "{text}");
    let bad_kind = libservices(&["list", "cats"]);
    assert_eq!(bad_kind.code, Some(2));
}

// ---- --data and --no-bundled ----

const EXTRA: &str = "tests/fixtures/good/extra.ron";
const SMALL: &str = "tests/fixtures/good/small.ron";

#[test]
fn data_file_is_merged_with_the_bundled_catalogue() {
    let ids = search_ids(&["--data", EXTRA, "reading garden"]);
    assert_eq!(
        ids.first().map(String::as_str),
        Some("reading-garden-evenings"),
        "{ids:?}"
    );
    // Its relations point at bundled entries, and the bundled hierarchy applies to it.
    let children = search_services(&["--data", EXTRA, "--target-group", "children"]);
    assert!(children.contains(&"reading-garden-evenings".to_owned()));
    assert_eq!(
        children.len(),
        search_services(&["--target-group", "children"]).len() + 1
    );
    let library: Value = serde_json::from_str(&ok(&[
        "--data",
        EXTRA,
        "show",
        "bila-tserkva-childrens-library",
        "--format",
        "json",
    ]))
    .expect("JSON");
    assert!(strings(&library["services"]).contains(&"reading-garden-evenings".to_owned()));
    let all = search_services(&["--data", EXTRA]);
    assert_eq!(all.len(), bundled().catalogue.services.len() + 1);
    assert_eq!(all.last().map(String::as_str), Some("reading-garden-evenings"));
    // Without --data it is not there.
    assert!(
        search_ids(&["reading garden evenings"])
            .iter()
            .all(|id| id != "reading-garden-evenings")
    );
}

#[test]
fn data_file_alone_with_no_bundled() {
    let out = ok(&["--no-bundled", "--data", SMALL, "list", "services", "--format", "csv"]);
    let ids: Vec<String> = parse_csv(&out)[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids, ["theatre-studio", "computer-courses", "reading-club"]);
    assert_eq!(
        search_ids(&["--no-bundled", "--data", SMALL, "theatre"]),
        ["theatre-studio"]
    );
    assert!(search_ids(&["--no-bundled", "--data", SMALL, "Liverpool"]).is_empty());
    // Filters work on the file's own hierarchy.
    assert_eq!(
        search_services(&["--no-bundled", "--data", SMALL, "--target-group", "children"]),
        ["theatre-studio"]
    );
    assert_eq!(
        search_services(&["--no-bundled", "--data", SMALL, "--country", "BY"]),
        ["computer-courses"]
    );
    // Without --kind, the file's library in that country comes with its service.
    let by = search_ids(&["--no-bundled", "--data", SMALL, "--country", "BY"]);
    assert_eq!(by.first().map(String::as_str), Some("computer-courses"), "{by:?}");
    assert!(by.contains(&"minsk-library".to_owned()), "{by:?}");
    assert!(!by.contains(&"bila-tserkva-library".to_owned()), "{by:?}");
    // Several --data files are merged.
    let themes = json(&[
        "--no-bundled",
        "--data",
        SMALL,
        "--data",
        "tests/fixtures/good/bom_crlf.ron",
        "list",
        "themes",
        "--format",
        "json",
    ]);
    let ids: Vec<&str> = themes
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["creative-industries", "notepad-theme"]);
}

#[test]
fn data_files_that_do_not_fit_exit_2() {
    // small.ron repeats ids of the bundled catalogue.
    let run = libservices(&["--data", SMALL, "list", "services"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(run.stderr.ends_with("\n4 problems\n"), "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("tests/fixtures/good/small.ron:6:19: theme \"creative-industries\": duplicate id"),
        "{}",
        run.stderr
    );
    // extra.ron refers to bundled ids.
    let run = libservices(&["--no-bundled", "--data", EXTRA, "list", "services"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("libraries refers to unknown library \"bila-tserkva-childrens-library\""),
        "{}",
        run.stderr
    );
    let run = libservices(&["--data", "no/such.ron", "search", "x"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.starts_with("no/such.ron: cannot read the file"),
        "{}",
        run.stderr
    );
    let run = libservices(&["--no-bundled", "list", "services"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--no-bundled"), "{}", run.stderr);
}

// ---- paths, the app, pipes, clap ----

#[test]
fn paths_are_under_libservices_home() {
    let home = tempfile::tempdir().expect("home");
    let h = home.path().display();
    let run = libservices_in(home.path(), &[], &["paths"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        format!(
            "config: {h}/config/config.ron\ndata: {h}/data\nstate: {h}/state\ncache: {h}/cache\ncatalogues: {h}/data/catalogues\ndocuments: {h}/documents\n"
        )
    );
    // Printing the paths, like every command, writes nothing there.
    libservices_in(home.path(), &[], &["search", "library"]);
    libservices_in(home.path(), &[], &["list", "themes"]);
    let written: Vec<_> = std::fs::read_dir(home.path()).expect("home").collect();
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn app_without_a_terminal_exits_2_and_points_to_search() {
    let home = tempfile::tempdir().expect("home");
    let run = finish(command(home.path()).stdout(Stdio::piped()).stderr(Stdio::piped()));
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(run.stderr.starts_with("libservices: "), "{}", run.stderr);
    assert!(run.stderr.contains("`libservices search"), "{}", run.stderr);
    // Options do not change that.
    let run = finish(command(home.path()).args(["--no-mouse", "--lang", "uk"]));
    assert_eq!(run.code, Some(2));
}

#[test]
fn closed_pipe_ends_quietly() {
    let home = tempfile::tempdir().expect("home");
    let big = support::big_catalogue(home.path(), 600);
    let full = libservices_in(home.path(), &[], &["--no-bundled", "--data", &big, "list", "services"]);
    assert_eq!(full.code, Some(0), "{}", full.stderr);
    // A pipe buffer is 64 KiB on Linux: the writer must meet the closed pipe.
    assert!(full.stdout.len() > 100_000, "{} bytes", full.stdout.len());

    // Like `| head -1`: read one line, then close the pipe.
    let mut child = command(home.path())
        .args(["--no-bundled", "--data", &big, "list", "services"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    reader.read_line(&mut first).expect("first line");
    assert_eq!(first, "Bulk service number 0  [bulk-0]\n");
    drop(reader);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));

    // The reader gone before anything was written.
    for format in ["text", "json", "csv", "md"] {
        let mut child = command(home.path())
            .args(["--no-bundled", "--data", &big, "list", "services", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
        assert_eq!(out.status.code(), Some(0), "{format}");
    }
}

#[test]
fn bundled_list_into_a_closed_pipe_is_quiet() {
    let home = tempfile::tempdir().expect("home");
    for args in [
        &["list", "services"][..],
        &["search", "library", "--format", "json"][..],
        &["show", "children"][..],
    ] {
        let mut child = command(home.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn command_line_mistakes_exit_2_and_version_exits_0() {
    for args in [
        &["search", "x", "--format", "xml"][..],
        &["frobnicate"][..],
        &["--lang", "de", "list", "themes"][..],
        &["show"][..],
        &["list"][..],
    ] {
        let run = libservices(args);
        assert_eq!(run.code, Some(2), "{args:?}");
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
    let version = libservices(&["--version"]);
    assert_eq!(version.code, Some(0));
    assert_eq!(version.stdout, format!("libservices {}\n", env!("CARGO_PKG_VERSION")));
    let help = libservices(&["--help"]);
    assert_eq!(help.code, Some(0));
    for command in ["search", "show", "list", "validate", "paths"] {
        assert!(help.stdout.contains(command), "{command} missing from --help");
    }
}

#[test]
fn a_text_missing_in_one_language_falls_back_to_the_other() {
    let run = ok(&["--no-bundled", "--data", SMALL, "--lang", "uk", "show", "minsk-library"]);
    assert!(run.starts_with("Minsk Library  [minsk-library]\nБібліотека\n"), "{run}");
    let rows = json(&[
        "--no-bundled",
        "--data",
        SMALL,
        "--lang",
        "uk",
        "search",
        "reading",
        "--format",
        "json",
    ]);
    assert_eq!(rows[0]["id"], "reading-club");
    assert_eq!(rows[0]["title"], "Читацький клуб");
    assert_eq!(rows[0]["summary"], "Books for everyone.");
}

// ---- helpful messages ----

fn fails(run: &Run) -> &str {
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    &run.stderr
}

#[test]
fn an_unknown_id_gets_the_closest_ids_and_names() {
    let err = fails(&libservices(&["show", "theatre-studio-cella"])).to_owned();
    assert!(
        err.contains("did you mean: theatre-studio-cela (Theatre studio “CELA”)"),
        "{err}"
    );
    let err = fails(&libservices(&["--lang", "uk", "export", "--ids", "play-terapy"])).to_owned();
    assert!(err.contains("невідомий ідентифікатор послуги «play-terapy»"), "{err}");
    assert!(err.contains("можливо, ви мали на увазі: play-therapy ("), "{err}");
    let err = fails(&libservices(&["search", "--target-group", "childern"])).to_owned();
    assert!(err.contains("did you mean: children"), "{err}");
}

#[test]
fn messages_are_in_ukrainian_when_the_language_is() {
    let err = fails(&libservices(&["--lang", "uk", "show", "nothing"])).to_owned();
    assert!(
        err.starts_with("libservices: невідомий ідентифікатор «nothing»"),
        "{err}"
    );
    let err = fails(&libservices(&["--lang", "uk", "search", "--country", "XX"])).to_owned();
    assert!(err.contains("невідомий код країни «XX»; у каталозі є: "), "{err}");
    let run = libservices(&["--lang", "uk", "search", "qqqqqqzzzz"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("Нічого не знайдено за запитом «qqqqqqzzzz»"),
        "{}",
        run.stderr
    );
}

#[test]
fn country_and_year_mistakes_say_what_there_is() {
    let err = fails(&libservices(&["search", "--country", "XX"])).to_owned();
    assert!(
        err.contains("unknown country code \"XX\"; the catalogue has: "),
        "{err}"
    );
    for code in ["UA", "BY", "GB"] {
        assert!(err.contains(code), "{err}");
    }
    let err = fails(&libservices(&["search", "--year", "abc"])).to_owned();
    assert!(err.contains("\"abc\" is not a year"), "{err}");
    let err = fails(&libservices(&["search", "--year", "1999"])).to_owned();
    assert!(
        err.contains("no service started in 1999; the years there are: 20"),
        "{err}"
    );
}

#[test]
fn a_huge_query_is_not_echoed_back_whole() {
    let query = "театр".repeat(2000);
    let run = libservices(&["search", &query]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.chars().count() < 120, "{}", run.stderr);
    assert!(run.stderr.contains("…"), "{}", run.stderr);
    let run = libservices(&["show", &query]);
    assert!(fails(&run).chars().count() < 300, "{}", run.stderr);
}
