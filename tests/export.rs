//! Exports end to end: `export` and `search -o` in every format and both languages, the
//! printable HTML handout (escaping, self-contained), choosing services by id, and writing
//! files (replacing, refusing folders and missing folders, no temporary files left).

#![allow(clippy::expect_used, reason = "test helpers fail the test with a message")]

use std::collections::BTreeMap;
use std::path::Path;

use libservices::catalogue::{Dataset, Lang};
use libservices::export::{self, ExportKind, Format};
use serde_json::Value;
use support::{Run, bundled, libservices, libservices_in};

mod support;

const TRICKY: &str = "tests/fixtures/good/html_tricky.ron";

fn ok(run: &Run) -> &str {
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    &run.stdout
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("the file was written")
}

/// The file names in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn service_id_at(ds: &Dataset, i: usize) -> &str {
    &ds.catalogue.services[i].id
}

/// Every `href` and `src` value in an HTML text.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let key = format!("{name}=\"");
    html.match_indices(&key)
        .map(|(at, _)| {
            let rest = &html[at + key.len()..];
            rest[..rest.find('"').expect("closing quote")].to_owned()
        })
        .collect()
}

fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\""), "{html}");
    assert!(html.contains("<meta charset=\"utf-8\">"), "{html}");
    assert!(html.contains("@page { size: A4;"), "{html}");
    assert!(html.contains("break-inside: avoid"), "{html}");
    assert!(html.trim_end().ends_with("</html>"), "{html}");
    let lower = html.to_lowercase();
    for banned in ["<script", "<link", "<img", "<iframe", "@import", "url(", "src="] {
        assert!(!lower.contains(banned), "{banned} in {html}");
    }
}

#[test]
fn html_handout_of_a_search_has_title_count_edition_and_every_field() {
    let run = libservices(&["search", "theatre", "--kind", "service", "--format", "html"]);
    let html = ok(&run);
    assert_self_contained(html);
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("<title>Search “theatre”</title>"), "{html}");
    assert!(html.contains("<h1>Search “theatre”</h1>"), "{html}");
    assert!(
        html.contains("<p>1 service · catalogue 2026.11 of 2026-11-21</p>"),
        "{html}"
    );
    assert!(html.contains("<h2>Theatre studio “CELA”</h2>"), "{html}");
    assert!(
        html.contains("<p>A theatre workshop for children that develops their creativity and acting skills.</p>"),
        "{html}"
    );
    for line in [
        "<dt>Library</dt><dd>Vasyl Zemlyak Central City Library (Zhytomyr) (Zhytomyr, Zhytomyr Oblast, Ukraine)</dd>",
        "<dt>For</dt><dd>Children</dd>",
        "<dt>Programme</dt><dd>Create Culture: Library Innovative Services</dd>",
        "<dt>Year</dt><dd>2020</dd>",
        // The source document by its title (its publisher is not named in it), not its file.
        "<dt>Source</dt><dd>Create culture: Library Innovative Services</dd>",
        "<dt>Id</dt><dd><code>theatre-studio-cela</code></dd>",
    ] {
        assert!(html.contains(line), "{line} in {html}");
    }
    assert_eq!(html.matches("<article>").count(), 1);
}

#[test]
fn html_handout_in_ukrainian() {
    let run = libservices(&[
        "--lang",
        "uk",
        "search",
        "театр",
        "--target-group",
        "children",
        "--kind",
        "service",
        "--format",
        "html",
    ]);
    let html = ok(&run);
    assert_self_contained(html);
    assert!(html.contains("<html lang=\"uk\">"), "{html}");
    assert!(html.contains("<h1>Пошук «театр» · Цільова група: Діти</h1>"), "{html}");
    assert!(
        html.contains("<p>2 послуги · каталог 2026.11 від 2026-11-21</p>"),
        "{html}"
    );
    assert!(html.contains("<h2>Театральна студія «CELA»</h2>"), "{html}");
    assert!(html.contains("<dt>Для</dt><dd>Діти</dd>"), "{html}");
    assert!(html.contains("<dt>Джерело</dt>"), "{html}");
    assert!(html.contains("<footer>З libservices"), "{html}");
}

#[test]
fn html_escapes_every_text_and_links_only_web_addresses() {
    let run = libservices(&["--no-bundled", "--data", TRICKY, "export", "--format", "html"]);
    let html = ok(&run);
    assert_self_contained(html);
    assert!(
        html.contains("<h2>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; club</h2>"),
        "{html}"
    );
    assert!(
        html.contains("<p>Fish &amp; chips &quot;quoted&quot;<br>second line</p>"),
        "{html}"
    );
    assert!(
        html.contains("Books &amp; &lt;Bytes&gt; &quot;Library&quot; (O&#39;Town, United Kingdom)"),
        "{html}"
    );
    // The service's own address is printed in full, and is the only link.
    let url = "https://example.org/club?a=1&amp;b=&quot;2&quot;";
    assert!(
        html.contains(&format!("<dt>Web</dt><dd><a href=\"{url}\">{url}</a></dd>")),
        "{html}"
    );
    assert_eq!(attributes(html, "href"), [url]);
    // A javascript: address is shown as text, never as a link.
    assert!(html.contains(" — javascript:alert(1)</dd>"), "{html}");
    // Nothing unescaped got through.
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("Fish & chips"), "{html}");
}

#[test]
fn a_text_missing_in_the_interface_language_falls_back_in_the_handout() {
    let run = libservices(&[
        "--no-bundled",
        "--data",
        TRICKY,
        "--lang",
        "uk",
        "export",
        "--format",
        "html",
    ]);
    let html = ok(&run);
    assert!(html.contains("<h2>Клуб &lt;script&gt;</h2>"), "{html}");
    assert!(html.contains("<h2>English only title</h2>"), "{html}");
    assert!(html.contains("<h1>Усі послуги</h1>"), "{html}");
}

#[test]
fn export_writes_every_format_to_a_file_and_says_where() {
    let dir = tempfile::tempdir().expect("dir");
    for (name, format) in [
        ("out.md", "md"),
        ("out.csv", "csv"),
        ("out.json", "json"),
        ("out.html", "html"),
        ("out.txt", "text"),
    ] {
        let path = dir.path().join(name);
        let p = path.to_str().expect("UTF-8 path");
        // The format comes from the extension; given explicitly it is the same.
        let by_name = libservices(&["export", "twinning", "--limit", "2", "-o", p]);
        assert_eq!(ok(&by_name), format!("Written: {p} (2 services)\n"), "{format}");
        let from_name = read(&path);
        let stdout = libservices(&["export", "twinning", "--limit", "2", "--format", format]);
        // Only CSV in a file differs from the pipe: it starts with the byte-order mark.
        let from_name = if format == "csv" {
            from_name
                .strip_prefix('\u{feff}')
                .expect("a BOM in the CSV file")
                .to_owned()
        } else {
            from_name
        };
        assert_eq!(ok(&stdout), from_name, "{format}");
    }
    assert_eq!(
        names_in(dir.path()),
        ["out.csv", "out.html", "out.json", "out.md", "out.txt"]
    );
    let md = read(&dir.path().join("out.md"));
    assert!(
        md.starts_with("# Search “twinning”\n\n2 services · catalogue 2026.11 of 2026-11-21\n\n## Liverpool–Odesa library twinning\n"),
        "{md}"
    );
    let json: Value = serde_json::from_str(&read(&dir.path().join("out.json"))).expect("JSON");
    assert_eq!(json.as_array().expect("array").len(), 2);
    let csv = read(&dir.path().join("out.csv"));
    assert!(csv.starts_with("\u{feff}id,title,summary,"), "{csv}");
    assert_eq!(csv.matches("\r\n").count(), 3, "{csv}");
}

#[test]
fn search_output_goes_to_a_file_in_every_format_the_same_as_to_stdout() {
    let dir = tempfile::tempdir().expect("dir");
    for format in ["text", "json", "csv", "md", "html"] {
        let path = dir.path().join(format!("results.{format}"));
        let p = path.to_str().expect("UTF-8 path");
        let run = libservices(&["--lang", "uk", "search", "бібліотека", "--format", format, "-o", p]);
        let said = ok(&run).to_owned();
        assert!(said.starts_with(&format!("Записано: {p} (")), "{said}");
        let stdout = libservices(&["--lang", "uk", "search", "бібліотека", "--format", format]);
        let file = read(&path);
        let file = file
            .strip_prefix('\u{feff}')
            .filter(|_| format == "csv")
            .unwrap_or(&file);
        assert_eq!(file, ok(&stdout), "{format}");
    }
    // Search output to a file keeps its own shape: no document heading in Markdown.
    assert!(read(&dir.path().join("results.md")).starts_with("## "));
}

#[test]
fn ids_choose_services_in_the_given_order() {
    let ds = bundled();
    let (a, b) = (service_id_at(&ds, 5), service_id_at(&ds, 2));
    let ids = format!("{a},{b}");
    let run = libservices(&["export", "--ids", &ids, "--format", "json"]);
    let rows: Value = serde_json::from_str(ok(&run)).expect("JSON");
    let got: Vec<&str> = rows
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(got, [a, b]);
    let run = libservices(&[
        "export",
        "--ids",
        &ids,
        "--format",
        "md",
        "--title",
        "Seminar <1> & more",
    ]);
    let md = ok(&run);
    assert!(md.starts_with("# Seminar \\<1\\> & more\n\n2 services · "), "{md}");
    let run = libservices(&["--lang", "uk", "export", "--ids", &ids, "--format", "html"]);
    assert!(ok(&run).contains("<h1>Вибрані послуги</h1>"));
}

#[test]
fn export_mistakes_exit_2_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path().to_str().expect("UTF-8 path");
    let cases: [(&[&str], &str); 6] = [
        (
            &["export", "--ids", "no-such-service"],
            "unknown service id \"no-such-service\"",
        ),
        (
            &["export", "--ids", "create-culture"],
            "\"create-culture\" is a programme, not a service",
        ),
        (&["export", "-o", d], "is a folder; give a file name in it"),
        (
            &["search", "library", "-o", &format!("{d}/missing/x.html")],
            "/missing does not exist",
        ),
        (
            &["export", "-o", &format!("{d}/handout.pdf")],
            "cannot tell the format from the name",
        ),
        (
            &["export", "theatre", "--ids", "theatre-studio-cela"],
            "cannot be used with",
        ),
    ];
    for (args, message) in cases {
        let run = libservices(args);
        assert_eq!(run.code, Some(2), "{args:?}");
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    assert!(names_in(dir.path()).is_empty(), "{:?}", names_in(dir.path()));
}

#[test]
fn nothing_found_writes_no_file_and_exits_1() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("none.html");
    let p = path.to_str().expect("UTF-8 path");
    for args in [
        &["export", "zzzqqq", "-o", p][..],
        &["search", "zzzqqq", "--format", "json", "-o", p][..],
    ] {
        let run = libservices(args);
        assert_eq!(run.code, Some(1), "{args:?}");
        assert_eq!(run.stderr, "Nothing matches \"zzzqqq\".\n");
    }
    assert!(!path.exists());
}

#[test]
fn an_existing_file_is_replaced_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("list.md");
    std::fs::write(&path, "old text that is much longer than nothing ".repeat(2000)).expect("write");
    let p = path.to_str().expect("UTF-8 path");
    let run = libservices(&["export", "--ids", "theatre-studio-cela", "-o", p]);
    ok(&run);
    let text = read(&path);
    assert!(text.starts_with("# Selected services\n"), "{text}");
    assert!(!text.contains("old text"));
    assert_eq!(names_in(dir.path()), ["list.md"]);
}

#[test]
fn list_in_html() {
    let run = libservices(&["list", "services", "--format", "html"]);
    let html = ok(&run);
    assert_self_contained(html);
    assert_eq!(html.matches("<article>").count(), bundled().catalogue.services.len());
    assert!(html.contains("<h1>All services</h1>"), "{html}");
    let run = libservices(&["--lang", "uk", "list", "themes", "--format", "html"]);
    let html = ok(&run);
    assert_self_contained(html);
    assert!(html.contains("<h1>Теми</h1>"), "{html}");
    assert!(
        html.contains("<tr><td>creative-industries</td><td>Креативні індустрії</td>"),
        "{html}"
    );
}

#[test]
fn the_app_functions_write_a_named_document_into_a_folder_without_overwriting() {
    let ds = bundled();
    let bytes = export::write_services(&ds, &[3, 1], &BTreeMap::new(), Format::Html, Lang::Uk, "Обране").expect("HTML");
    let html = String::from_utf8(bytes).expect("UTF-8");
    assert!(html.contains("<h1>Обране</h1>"), "{html}");
    assert!(html.contains("2 послуги"), "{html}");
    let first = html
        .find(&format!("<code>{}</code>", service_id_at(&ds, 3)))
        .expect("first");
    let second = html
        .find(&format!("<code>{}</code>", service_id_at(&ds, 1)))
        .expect("second");
    assert!(first < second);

    let name = export::default_file_name(ExportKind::Shortlist, Format::Html);
    assert!(name.starts_with("libservices-shortlist-20"), "{name}");
    assert_eq!(Format::from_path(Path::new(&name)), Some(Format::Html), "{name}");
    let home = tempfile::tempdir().expect("home");
    let folder = home.path().join("documents");
    let a = export::write_new(&folder, &name, &html).expect("write");
    let b = export::write_new(&folder, &name, "second").expect("write");
    assert_eq!(a, folder.join(&name));
    assert_eq!(b, folder.join(name.replace(".html", "-2.html")));
    assert_eq!(read(&a), html);
    assert_eq!(read(&b), "second");
    assert_eq!(names_in(&folder).len(), 2);
}

#[test]
fn documents_folder_is_under_libservices_home() {
    let home = tempfile::tempdir().expect("home");
    let run = libservices_in(home.path(), &[], &["paths"]);
    assert!(
        ok(&run).ends_with(&format!("documents: {}/documents\n", home.path().display())),
        "{}",
        run.stdout
    );
}

/// A home whose shortlist holds two services, with a note on the first.
fn home_with_a_note() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("home");
    std::fs::create_dir_all(home.path().join("data")).expect("data folder");
    std::fs::write(
        home.path().join("data/personal.ron"),
        r#"(version: 1, shortlist: ["travelling-library-evacuated-twice", "health-library"], notes: {"travelling-library-evacuated-twice": "Call before the seminar <b>&</b>; Олена"})"#,
    )
    .expect("personal.ron");
    home
}

const NOTE: &str = "Call before the seminar <b>&</b>; Олена";

/// The cells of a spreadsheet's one sheet, as text, row by row.
fn cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).expect("an xlsx file");
    assert_eq!(book.sheet_names(), [sheet]);
    let range = book.worksheet_range(sheet).expect("the sheet");
    range
        .rows()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect()
}

#[test]
fn the_note_is_in_every_export_of_the_shortlist() {
    let home = home_with_a_note();
    let dir = tempfile::tempdir().expect("dir");
    for format in ["md", "csv", "json", "html", "text"] {
        let run = libservices_in(home.path(), &[], &["export", "--shortlist", "--format", format]);
        let text = ok(&run);
        let expected = match format {
            "md" => "> **My note:** Call before the seminar \\<b\\>&\\</b\\>; Олена".to_owned(),
            "html" => {
                "<aside class=\"note\"><strong>My note:</strong> Call before the seminar &lt;b&gt;&amp;&lt;/b&gt;; Олена</aside>"
                    .to_owned()
            }
            "text" => format!("  My note: {NOTE}"),
            _ => NOTE.to_owned(),
        };
        assert!(text.contains(&expected), "{format}: {text}");
        // Only the service with a note has one.
        assert_eq!(text.matches("seminar").count(), 1, "{format}: {text}");
    }
    let json: Value = serde_json::from_str(ok(&libservices_in(
        home.path(),
        &[],
        &["export", "--shortlist", "--format", "json"],
    )))
    .expect("JSON");
    assert_eq!(json[0]["note"], NOTE);
    assert!(json[1].get("note").is_none(), "{json}");

    let path = dir.path().join("shortlist.xlsx");
    let p = path.to_str().expect("UTF-8 path");
    ok(&libservices_in(home.path(), &[], &["export", "--shortlist", "-o", p]));
    let rows = cells(&path, "Services");
    assert_eq!(rows[0][1], "My note");
    assert_eq!(rows[1][1], NOTE);
    assert_eq!(rows[2][1], "");
}

#[test]
fn a_search_export_carries_the_notes_too() {
    let home = home_with_a_note();
    let run = libservices_in(home.path(), &[], &["export", "evacuated", "--format", "md"]);
    assert!(ok(&run).contains("**My note:**"), "{}", run.stdout);
}

#[test]
fn the_spreadsheet_reads_back_in_ukrainian_with_a_bold_header_wrapped_cells_and_links() {
    use calamine::{Xlsx, open_workbook};
    let home = home_with_a_note();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("добірка.xlsx");
    let p = path.to_str().expect("UTF-8 path");
    let run = libservices_in(home.path(), &[], &["--lang", "uk", "export", "--shortlist", "-o", p]);
    assert_eq!(ok(&run), format!("Записано: {p} (2 послуги)\n"));
    let rows = cells(&path, "Послуги");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(
        rows[0],
        [
            "Назва",
            "Моя нотатка",
            "Короткий опис",
            "Опис",
            "Бібліотека",
            "Кого запитати",
            "Для",
            "Програма",
            "Теми",
            "Рік",
            "Вебсайт",
            "Інші назви",
            "Ідентифікатор"
        ]
    );
    assert_eq!(rows[1][0], "Мандрівна бібліотека: евакуйована двічі!");
    assert_eq!(rows[1][1], NOTE);
    assert_eq!(rows[1][4], "Луганська обласна бібліотека (Луганська область, Україна)");
    assert!(
        rows[1][5].starts_with("Анастасія Літашова, завідувачка"),
        "{}",
        rows[1][5]
    );
    assert!(
        rows[1][3].starts_with("На зустрічі з обміну досвідом"),
        "{}",
        rows[1][3]
    );
    assert_eq!(rows[2][12], "health-library");

    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    let styles = book.worksheet_style("Послуги").expect("styles");
    let bold = |row, col| {
        styles
            .get((row, col))
            .and_then(|s| s.font.as_ref())
            .is_some_and(calamine::Font::is_bold)
    };
    let wrapped = |row, col| {
        styles
            .get((row, col))
            .and_then(|s| s.alignment.as_ref())
            .is_some_and(|a| a.wrap_text)
    };
    assert!(bold(0, 0) && bold(0, 12), "the header is bold");
    assert!(!bold(1, 0), "entries are not");
    assert!(wrapped(1, 3), "long texts wrap");
}

#[test]
fn web_addresses_are_links_in_the_spreadsheet() {
    use calamine::{Xlsx, open_workbook};
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("tricky.xlsx");
    let p = path.to_str().expect("UTF-8 path");
    ok(&libservices(&["--no-bundled", "--data", TRICKY, "export", "-o", p]));
    let rows = cells(&path, "Services");
    assert_eq!(rows[1][0], "<script>alert('x')</script> club");
    assert_eq!(rows[1][10], "https://example.org/club?a=1&b=\"2\"");
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    let links = book.hyperlinks_by_sheet_name("Services").expect("links");
    let targets: Vec<_> = links.iter().filter_map(|l| l.target.as_deref()).collect();
    assert_eq!(targets, ["https://example.org/club?a=1&b=%222%22"]);
}

#[test]
fn a_spreadsheet_needs_a_file_and_list_writes_none() {
    let run = libservices(&["export", "theatre", "--format", "xlsx"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("add -o FILE.xlsx"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let run = libservices(&["--lang", "uk", "list", "services", "--format", "xlsx"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("libservices export -o services.xlsx"),
        "{}",
        run.stderr
    );
}

#[test]
fn csv_keeps_cells_that_look_like_formulas_as_text_and_gets_a_bom_only_in_a_file() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("formula.ron");
    std::fs::write(
        &data,
        r#"Catalogue(services: [Service(id: "formula", title: (en: "=HYPERLINK(\"http://x\")"), summary: (en: "@cmd, \"quoted\"\nline two"), seeds: [])])"#,
    )
    .expect("fixture");
    let d = data.to_str().expect("UTF-8 path");
    let piped = libservices(&["--no-bundled", "--data", d, "export", "--format", "csv"]);
    let piped = ok(&piped);
    assert!(piped.starts_with("id,"), "no BOM on a pipe: {piped:?}");
    let mut reader = csv::Reader::from_reader(piped.as_bytes());
    let row = reader.records().next().expect("a row").expect("CSV");
    assert_eq!(&row[1], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&row[2], "'@cmd, \"quoted\"\nline two");

    let out = dir.path().join("f.csv");
    let o = out.to_str().expect("UTF-8 path");
    ok(&libservices(&["--no-bundled", "--data", d, "export", "-o", o]));
    let bytes = std::fs::read(&out).expect("file");
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    assert_eq!(&bytes[3..], piped.as_bytes());
}

#[test]
fn the_ukrainian_handout_translates_every_label_and_has_description_people_and_web() {
    let home = home_with_a_note();
    let run = libservices_in(
        home.path(),
        &[],
        &["--lang", "uk", "export", "--shortlist", "--format", "html"],
    );
    let html = ok(&run);
    assert_self_contained(html);
    for label in [
        "Моя нотатка",
        "Бібліотека",
        "Для",
        "Програма",
        "Теми",
        "Кого запитати",
        "Ідентифікатор",
    ] {
        assert!(html.contains(&format!(">{label}")), "{label}: {html}");
    }
    let labels: Vec<&str> = html
        .split("<dt>")
        .skip(1)
        .filter_map(|rest| rest.split("</dt>").next())
        .collect();
    for l in labels {
        assert!(!l.chars().any(|c| c.is_ascii_alphabetic()), "an English label: {l}");
    }
    assert!(
        html.contains("<p class=\"description\">На зустрічі з обміну досвідом"),
        "{html}"
    );
    // The person the service names is not named again under the library.
    assert_eq!(html.matches("Анастасія Літашова").count(), 2, "{html}");
    let en = libservices(&["--no-bundled", "--data", TRICKY, "export", "--format", "html"]);
    assert!(
        ok(&en).contains("<dt>Web</dt><dd><a href=\"https://example.org/club?a=1&amp;b=&quot;2&quot;\">"),
        "{}",
        en.stdout
    );
}
