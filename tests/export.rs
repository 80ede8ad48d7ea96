//! Exports end to end: `export` and `search -o` in every format and both languages, the
//! printable HTML handout (escaping, self-contained), choosing services by id, and writing
//! files (replacing, refusing folders and missing folders, no temporary files left).

#![allow(clippy::expect_used, reason = "test helpers fail the test with a message")]

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
    let run = libservices(&["search", "theatre", "--format", "html"]);
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
        "<dt>Source</dt><dd>seeds/000_61261b90cd39a1b3.txt</dd>",
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
    assert!(csv.starts_with("id,title,summary,"), "{csv}");
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
        assert_eq!(read(&path), ok(&stdout), "{format}");
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
        assert_eq!(run.stderr, "No services match \"zzzqqq\".\n");
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
    let html = export::write_services(&ds, &[3, 1], Format::Html, Lang::Uk, "Обране");
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
