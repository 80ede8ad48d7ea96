//! Writing services and detail views as text, JSON, CSV, Markdown or a printable HTML
//! handout: pure functions from data to a `String`. At the end, the two ways a finished
//! document reaches a file: a path the user gave, or a new file in the documents folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::catalogue::{Dataset, EntityRef, Lang};
use crate::detail::{Block, Detail, library_place, name_and_id};
use crate::facets::{Facets, Filters};
use crate::i18n::tr;
use crate::search::{EntryKind, Hit};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text for reading, printing and screen readers.
    Text,
    /// JSON for scripts.
    Json,
    /// CSV (RFC 4180) for spreadsheets.
    Csv,
    /// Markdown.
    Md,
    /// A printable HTML handout: one self-contained page.
    Html,
    /// An Excel spreadsheet (Office Open XML): a row per entry, written only to a file.
    Xlsx,
}

impl Format {
    /// The usual file-name extension.
    #[must_use]
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Text => "txt",
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Md => "md",
            Self::Html => "html",
            Self::Xlsx => "xlsx",
        }
    }

    /// The format a file name's extension stands for, if any.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            "csv" => Some(Self::Csv),
            "md" | "markdown" => Some(Self::Md),
            "html" | "htm" => Some(Self::Html),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }
}

/// An entity reference with its name, for JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    /// Stable id.
    pub id: String,
    /// Display name in the chosen language.
    pub name: String,
    /// Web address (libraries and programmes), when the catalogue gives one.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
}

/// A service flattened for output.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceRow {
    /// The kind of entry ([`EntryKind::key`](crate::search::EntryKind::key)): a service, or
    /// a library, target group, programme or theme that a search found.
    pub entry: &'static str,
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// The longer description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Other names it is known by, the chosen language's first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_names: Vec<String>,
    /// Libraries that run it.
    pub libraries: Vec<Named>,
    /// Each library's place, in the same order.
    pub places: Vec<String>,
    /// Target groups.
    pub target_groups: Vec<Named>,
    /// Programmes.
    pub programmes: Vec<Named>,
    /// Themes.
    pub themes: Vec<Named>,
    /// Start year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Which field matched the query, when it was not the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    /// When that field is people or other names: those that matched (a person with their
    /// role), as [`matched_part`](crate::search::matched_part) gives each, joined by "; ".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_text: Option<String>,
    /// Seed files.
    pub sources: Vec<String>,
    /// The same source documents by title and publisher, as a reader knows them.
    pub source_titles: Vec<String>,
    /// Web address, when the catalogue gives one.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// Who to ask: the service's own people, then each library's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Contact>,
    /// The user's own note on the service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A person to ask about a service, with their role and, for a library's people, the
/// library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// Role or position (may be empty).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// The library they work at, for a library's people (empty for the service's own).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub library: String,
}

impl Contact {
    /// "Name, role (Library)", leaving out what is not known.
    #[must_use]
    pub fn line(&self) -> String {
        let mut s = self.name.clone();
        if !self.role.is_empty() {
            s.push_str(", ");
            s.push_str(&self.role);
        }
        if !self.library.is_empty() {
            s.push_str(&format!(" ({})", self.library));
        }
        s
    }
}

/// Puts the user's notes (by service id) on the rows that have one.
pub fn attach_notes(rows: &mut [ServiceRow], notes: &std::collections::BTreeMap<String, String>) {
    for r in rows {
        r.note = notes.get(&r.id).filter(|n| !n.trim().is_empty()).cloned();
    }
}

impl ServiceRow {
    /// The contacts, one per line.
    fn people_lines(&self) -> Vec<String> {
        self.people.iter().map(Contact::line).collect()
    }

    /// "Library — place; Library — place": each library with its place between `open` and
    /// `close`, when it has one.
    fn libraries_with_places(&self, open: &str, close: &str) -> String {
        let mut s = String::new();
        push_libraries_with_places(&mut s, self, open, close);
        s
    }
}

/// [`ServiceRow::libraries_with_places`], appended to `out`.
fn push_libraries_with_places(out: &mut String, r: &ServiceRow, open: &str, close: &str) {
    for (n, (l, p)) in r.libraries.iter().zip(&r.places).enumerate() {
        if n > 0 {
            out.push_str("; ");
        }
        out.push_str(&l.name);
        if !p.is_empty() {
            out.push_str(open);
            out.push_str(p);
            out.push_str(close);
        }
    }
}

/// Flattens a service (and the hit that found it, if any).
#[must_use]
pub fn service_row(ds: &Dataset, service: usize, hit: Option<&Hit>, lang: Lang) -> Option<ServiceRow> {
    RowMaker::new(ds, lang).service_row(service, hit)
}

/// What every row of a library repeats: its name and id, its place, its people.
#[derive(Debug, Clone)]
struct LibraryParts {
    named: Named,
    place: String,
    people: Vec<Contact>,
}

/// Makes the rows of many entries, each library's parts made once rather than once for
/// every service it runs (a search at 100,000 services makes 98,000 rows from a few
/// thousand libraries).
#[derive(Debug)]
pub struct RowMaker<'a> {
    ds: &'a Dataset,
    lang: Lang,
    libraries: Vec<Option<LibraryParts>>,
}

impl<'a> RowMaker<'a> {
    /// A maker of rows in `lang`.
    #[must_use]
    pub const fn new(ds: &'a Dataset, lang: Lang) -> Self {
        Self {
            ds,
            lang,
            libraries: Vec::new(),
        }
    }

    /// [`entry_row`], with the libraries' parts made once.
    pub fn entry_row(&mut self, entry: EntityRef, hit: Option<&Hit>) -> Option<ServiceRow> {
        match entry {
            EntityRef::Service(s) => self.service_row(s, hit),
            _ => entry_row(self.ds, entry, hit, self.lang),
        }
    }

    /// The parts of library `l`, made the first time they are asked for.
    fn library(&mut self, l: usize) -> Option<&LibraryParts> {
        let (ds, lang) = (self.ds, self.lang);
        let lib = ds.catalogue.libraries.get(l)?;
        if self.libraries.len() <= l {
            self.libraries.resize(ds.catalogue.libraries.len(), None);
        }
        let slot = self.libraries.get_mut(l)?;
        Some(slot.get_or_insert_with(|| {
            let (name, id) = name_and_id(ds, EntityRef::Library(l), lang);
            let library = lib.name.get(lang);
            LibraryParts {
                named: Named {
                    id,
                    name,
                    url: lib.url.to_string(),
                },
                place: library_place(ds, l, lang),
                people: lib
                    .people
                    .iter()
                    .map(|p| Contact {
                        name: p.name.get(lang).to_owned(),
                        role: p.role.get(lang).to_owned(),
                        library: library.to_owned(),
                    })
                    .collect(),
            }
        }))
    }

    /// [`service_row`], with the libraries' parts made once.
    pub fn service_row(&mut self, service: usize, hit: Option<&Hit>) -> Option<ServiceRow> {
        let ds = self.ds;
        let lang = self.lang;
        let s = ds.catalogue.services.get(service)?;
        let links = ds.links.get(service)?;
        let mut people: Vec<Contact> = s
            .people
            .iter()
            .map(|p| Contact {
                name: p.name.get(lang).to_owned(),
                role: p.role.get(lang).to_owned(),
                library: String::new(),
            })
            .collect();
        let mut libraries = Vec::with_capacity(links.libraries.len());
        let mut places = Vec::with_capacity(links.libraries.len());
        for &l in links.libraries {
            let l = l as usize;
            if let Some(parts) = self.library(l) {
                libraries.push(parts.named.clone());
                places.push(parts.place.clone());
                // A person the service already names is not listed again under the library.
                for p in &parts.people {
                    if !people.iter().any(|known| known.name == p.name) {
                        people.push(p.clone());
                    }
                }
            } else {
                // A library the catalogue does not have: as `name_and_id` and
                // `library_place` give it.
                let (name, id) = name_and_id(ds, EntityRef::Library(l), lang);
                libraries.push(Named {
                    id,
                    name,
                    url: String::new(),
                });
                places.push(String::new());
            }
        }
        service_row_with(ds, service, hit, lang, libraries, places, people)
    }
}

/// A service's row, given its libraries, their places and the people to ask.
fn service_row_with(
    ds: &Dataset,
    service: usize,
    hit: Option<&Hit>,
    lang: Lang,
    libraries: Vec<Named>,
    places: Vec<String>,
    people: Vec<Contact>,
) -> Option<ServiceRow> {
    let s = ds.catalogue.services.get(service)?;
    let links = ds.links.get(service)?;
    let c = &ds.catalogue;
    let named = |e: EntityRef| {
        let (name, id) = name_and_id(ds, e, lang);
        let url = match e {
            EntityRef::Library(i) => c.libraries.get(i).map(|l| l.url.to_string()),
            EntityRef::Programme(i) => c.programmes.get(i).map(|p| p.url.to_string()),
            _ => None,
        };
        Named {
            id,
            name,
            url: url.unwrap_or_default(),
        }
    };
    let other = lang.other();
    let other_names = s
        .other_names
        .exact(lang)
        .iter()
        .chain(s.other_names.exact(other))
        .map(ToString::to_string)
        .collect();
    Some(ServiceRow {
        entry: EntryKind::Service.key(),
        id: s.id.to_string(),
        title: s.title.get(lang).to_owned(),
        summary: s.summary.get(lang).to_owned(),
        description: s.description.get(lang).to_owned(),
        other_names,
        libraries,
        places,
        target_groups: links
            .target_groups
            .iter()
            .map(|&g| named(EntityRef::TargetGroup(g as usize)))
            .collect(),
        programmes: links
            .programmes
            .iter()
            .map(|&p| named(EntityRef::Programme(p as usize)))
            .collect(),
        themes: links
            .themes
            .iter()
            .map(|&t| named(EntityRef::Theme(t as usize)))
            .collect(),
        year: s.year,
        matched: hit
            .filter(|h| h.field != crate::search::Field::Title)
            .map(|h| h.field.label(lang).to_owned()),
        matched_text: None,
        sources: s.seeds.iter().map(ToString::to_string).collect(),
        source_titles: source_titles(ds, &s.seeds, lang),
        url: s.url.to_string(),
        people,
        note: None,
    })
}

/// The row of any entry a search found: [`service_row`] for a service; for another kind its
/// name, summary and, for a library, its place, with the same columns.
#[must_use]
pub fn entry_row(ds: &Dataset, entry: EntityRef, hit: Option<&Hit>, lang: Lang) -> Option<ServiceRow> {
    let c = &ds.catalogue;
    let none: &[crate::catalogue::Person] = &[];
    let (name, other_names, id, summary, description, people, url, sources, place) = match entry {
        EntityRef::Service(s) => return service_row(ds, s, hit, lang),
        EntityRef::Library(i) => {
            let l = c.libraries.get(i)?;
            let place = library_place(ds, i, lang);
            (
                &l.name,
                &l.other_names,
                &l.id,
                &l.summary,
                None,
                &l.people[..],
                &*l.url,
                &l.seeds[..],
                place,
            )
        }
        EntityRef::TargetGroup(i) => {
            let g = c.target_groups.get(i)?;
            (
                &g.name,
                &g.other_names,
                &g.id,
                &g.summary,
                None,
                none,
                "",
                &[][..],
                String::new(),
            )
        }
        EntityRef::Programme(i) => {
            let p = c.programmes.get(i)?;
            let d = Some(&p.description);
            (
                &p.name,
                &p.other_names,
                &p.id,
                &p.summary,
                d,
                &p.people[..],
                &*p.url,
                &p.seeds[..],
                String::new(),
            )
        }
        EntityRef::Theme(i) => {
            let t = c.themes.get(i)?;
            (
                &t.name,
                &t.other_names,
                &t.id,
                &t.summary,
                None,
                none,
                "",
                &[][..],
                String::new(),
            )
        }
    };
    let other_names = other_names
        .exact(lang)
        .iter()
        .chain(other_names.exact(lang.other()))
        .map(ToString::to_string)
        .collect();
    Some(ServiceRow {
        entry: EntryKind::of(entry).key(),
        id: id.to_string(),
        title: name.get(lang).to_owned(),
        summary: summary.get(lang).to_owned(),
        description: description.map(|d| d.get(lang).to_owned()).unwrap_or_default(),
        other_names,
        libraries: Vec::new(),
        places: if place.is_empty() { Vec::new() } else { vec![place] },
        target_groups: Vec::new(),
        programmes: Vec::new(),
        themes: Vec::new(),
        year: None,
        matched: hit
            .filter(|h| h.field != crate::search::Field::Title)
            .map(|h| h.field.label(lang).to_owned()),
        matched_text: None,
        sources: sources.iter().map(ToString::to_string).collect(),
        source_titles: source_titles(ds, sources, lang),
        url: url.to_owned(),
        people: people
            .iter()
            .map(|p| Contact {
                name: p.name.get(lang).to_owned(),
                role: p.role.get(lang).to_owned(),
                library: String::new(),
            })
            .collect(),
        note: None,
    })
}

/// The labels a service's fields have in every document, so that they agree.
mod label {
    use crate::catalogue::Lang;
    use crate::i18n::tr;

    pub const fn note(lang: Lang) -> &'static str {
        tr(lang, "My note", "Моя нотатка")
    }
    pub const fn other_names(lang: Lang) -> &'static str {
        tr(lang, "Also called", "Інші назви")
    }
    pub const fn people(lang: Lang) -> &'static str {
        tr(lang, "Who to ask", "Кого запитати")
    }
    pub const fn web(lang: Lang) -> &'static str {
        tr(lang, "Web", "Вебсайт")
    }
    pub const fn id(lang: Lang) -> &'static str {
        tr(lang, "Id", "Ідентифікатор")
    }
    pub const fn description(lang: Lang) -> &'static str {
        tr(lang, "Description", "Опис")
    }
}

fn names(list: &[Named]) -> String {
    let mut s = String::new();
    push_names(&mut s, list);
    s
}

/// The names, separated by "; ", appended to `out`.
fn push_names(out: &mut String, list: &[Named]) {
    for (n, named) in list.iter().enumerate() {
        if n > 0 {
            out.push_str("; ");
        }
        out.push_str(&named.name);
    }
}

/// What a document of services is called and which catalogue edition it comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heading {
    /// The title: the search and filters, "Shortlist", or the user's own.
    pub title: String,
    /// The catalogue's version.
    pub version: String,
    /// The catalogue's date.
    pub date: String,
}

impl Heading {
    /// A heading with the dataset's version and date.
    #[must_use]
    pub fn new(ds: &Dataset, title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            version: ds.catalogue.version.clone(),
            date: ds.catalogue.date.clone(),
        }
    }

    /// "catalogue 2026.11 of 2026-11-21"; empty when neither is known.
    fn edition(&self, lang: Lang) -> String {
        let of = tr(lang, "of", "від");
        let edition = match (self.version.is_empty(), self.date.is_empty()) {
            (true, true) => return String::new(),
            (false, false) => format!("{} {of} {}", self.version, self.date),
            (false, true) => self.version.clone(),
            (true, false) => self.date.clone(),
        };
        format!("{} {edition}", tr(lang, "catalogue", "каталог"))
    }

    /// How many rows of each kind, then the edition: "3 services, 1 library · catalogue
    /// 2026.11 of 2026-11-21".
    fn line_for(&self, rows: &[ServiceRow], lang: Lang) -> String {
        let kinds = rows
            .iter()
            .map(|r| EntryKind::from_key(r.entry).unwrap_or(EntryKind::Service));
        self.line_with(EntryKind::count_all(kinds, lang), lang)
    }

    /// `count`, then the edition when it is known.
    fn line_with(&self, count: String, lang: Lang) -> String {
        let edition = self.edition(lang);
        if edition.is_empty() {
            count
        } else {
            format!("{count} · {edition}")
        }
    }
}

/// Writes service rows in a format: the data formats as they are, HTML as a handout under
/// `heading`, a spreadsheet with the heading's title as its sheet's name.
pub fn services(rows: &[ServiceRow], format: Format, lang: Lang, heading: &Heading) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Text | Format::Json | Format::Csv | Format::Md => {
            let mut out = Vec::new();
            stream(rows, format, lang, &mut out).map_err(ExportError::Write)?;
            out
        }
        Format::Html => handout(rows, lang, heading).into_bytes(),
        Format::Xlsx => services_xlsx(rows, lang, heading)?,
    })
}

/// True for the formats [`stream`] writes: those that need nothing but the rows, one at a
/// time (HTML and the spreadsheet count them first).
#[must_use]
pub const fn streams(format: Format) -> bool {
    matches!(format, Format::Text | Format::Json | Format::Csv | Format::Md)
}

/// Writes rows in a format that [`streams`] as they come, each written before the next is
/// asked for, so that a search of 100,000 entries never holds them all, nor their text;
/// returns how many rows there were. The bytes are those of [`services`]. `out` should be
/// buffered. Other formats write nothing.
pub fn stream<R: std::borrow::Borrow<ServiceRow>>(
    rows: impl IntoIterator<Item = R>,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<usize> {
    let mut count = 0;
    let mut counted = rows.into_iter().inspect(|_| count += 1);
    match format {
        Format::Text => {
            let mut buf = String::new();
            for (n, r) in counted.enumerate() {
                buf.clear();
                if n > 0 {
                    buf.push('\n');
                }
                text_row(&mut buf, r.borrow(), lang);
                out.write_all(buf.as_bytes())?;
            }
        }
        Format::Md => {
            let mut buf = String::new();
            for r in counted {
                buf.clear();
                md_row(&mut buf, r.borrow(), lang);
                out.write_all(buf.as_bytes())?;
            }
        }
        Format::Json => {
            let rows = JsonRows(std::cell::RefCell::new(Some(&mut counted)));
            serde_json::to_writer_pretty(&mut *out, &rows).map_err(std::io::Error::from)?;
            out.write_all(b"\n")?;
        }
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(&mut *out);
            w.write_record(CSV_HEADER).map_err(csv_io)?;
            for r in counted {
                let cells = csv_cells(r.borrow());
                let cells = cells.each_ref().map(|c| defuse(c));
                w.write_record(cells.iter().map(|c| c.as_bytes())).map_err(csv_io)?;
            }
            w.flush()?;
        }
        Format::Html | Format::Xlsx => {}
    }
    out.flush()?;
    Ok(count)
}

/// Rows serialised as a JSON array as they come (taken once).
struct JsonRows<'a, I>(std::cell::RefCell<Option<&'a mut I>>);

impl<I, R> Serialize for JsonRows<'_, I>
where
    I: Iterator<Item = R>,
    R: std::borrow::Borrow<ServiceRow>,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rows = self.0.borrow_mut().take();
        serializer.collect_seq(rows.into_iter().flatten().map(|r| RowRef(r)))
    }
}

/// One row, serialised as [`ServiceRow`] is.
struct RowRef<R>(R);

impl<R: std::borrow::Borrow<ServiceRow>> Serialize for RowRef<R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.borrow().serialize(serializer)
    }
}

/// The system's error behind a CSV writer's.
fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        kind => std::io::Error::other(format!("{kind:?}")),
    }
}

/// A document to keep or hand out: like [`services`], and Markdown starts with the title and
/// the heading line too.
pub fn document(rows: &[ServiceRow], format: Format, lang: Lang, heading: &Heading) -> Result<Vec<u8>, ExportError> {
    let body = services(rows, format, lang, heading)?;
    if format == Format::Md {
        let mut out = format!(
            "# {}\n\n{}\n\n",
            md_escape(&heading.title),
            md_escape(&heading.line_for(rows, lang))
        )
        .into_bytes();
        out.extend_from_slice(&body);
        Ok(out)
    } else {
        Ok(body)
    }
}

/// Each source document by its title, with its publisher when the document names one
/// ("Title — Publisher"); a file the catalogue's sources do not list, by its name.
fn source_titles(ds: &Dataset, files: &[crate::catalogue::Id], lang: Lang) -> Vec<String> {
    files
        .iter()
        .map(|f| {
            let title = ds.source_title(f, lang);
            match ds
                .source_document(f)
                .map(|d| d.publisher.get(lang))
                .filter(|p| !p.is_empty())
            {
                Some(publisher) => format!("{title} — {publisher}"),
                None => title.to_owned(),
            }
        })
        .collect()
}

/// A row's title, after its kind when it is not a service: "Library: Libraries Connected".
fn kind_and_title(r: &ServiceRow, lang: Lang) -> String {
    let mut s = String::new();
    push_kind_and_title(&mut s, r, lang);
    s
}

/// [`kind_and_title`], appended to `out`.
fn push_kind_and_title(out: &mut String, r: &ServiceRow, lang: Lang) {
    if let Some(kind) = EntryKind::from_key(r.entry).filter(|k| *k != EntryKind::Service) {
        out.push_str(&crate::i18n::capitalised(kind.label(lang)));
        out.push_str(": ");
    }
    out.push_str(&r.title);
}

/// The UTF-8 byte-order mark: Excel reads a CSV file that starts with it as UTF-8 (without
/// it, a Ukrainian Windows shows Cyrillic as mojibake).
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A document as it goes into a file: CSV gets the byte-order mark that Excel needs;
/// everything else is written as it is.
#[must_use]
pub fn for_file(format: Format, mut bytes: Vec<u8>) -> Vec<u8> {
    if format == Format::Csv && !bytes.starts_with(UTF8_BOM) {
        bytes.splice(0..0, UTF8_BOM.iter().copied());
    }
    bytes
}

/// The services at these indices, in this order, as a document titled `title`, with the
/// user's notes on them: what the app writes for its shortlist or its results.
pub fn write_services(
    ds: &Dataset,
    services: &[usize],
    notes: &std::collections::BTreeMap<String, String>,
    format: Format,
    lang: Lang,
    title: &str,
) -> Result<Vec<u8>, ExportError> {
    let mut rows: Vec<ServiceRow> = services
        .iter()
        .filter_map(|&s| service_row(ds, s, None, lang))
        .collect();
    attach_notes(&mut rows, notes);
    document(&rows, format, lang, &Heading::new(ds, title))
}

/// Why a document could not be made (before any file is touched).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The spreadsheet writer failed.
    #[error("cannot write the spreadsheet: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A document could not be written out.
    #[error("cannot write the document: {0}")]
    Write(std::io::Error),
}

/// A title for search results: the query and each filter, or "All services".
#[must_use]
pub fn query_title(query: &str, filters: &Filters, facets: &Facets, lang: Lang) -> String {
    let mut parts = Vec::new();
    let query = query.trim();
    if !query.is_empty() {
        let (open, close) = match lang {
            Lang::En => ("“", "”"),
            Lang::Uk => ("«", "»"),
        };
        parts.push(format!("{} {open}{query}{close}", tr(lang, "Search", "Пошук")));
    }
    for (facet, value, excluded) in filters.active() {
        let name = facets
            .values(facet)
            .get(value as usize)
            .map(|v| v.label.get(lang).to_owned())
            .unwrap_or_default();
        let not = if excluded { tr(lang, "not ", "не ") } else { "" };
        parts.push(format!("{}: {not}{name}", facet.label(lang)));
    }
    if parts.is_empty() {
        tr(lang, "All services", "Усі послуги").to_owned()
    } else {
        parts.join(" · ")
    }
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising these plain structs cannot fail; an empty array is the safe fallback.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "[]".to_owned());
    s.push('\n');
    s
}

/// One row as plain text, appended to `out`; rows are separated by an empty line.
fn text_row(out: &mut String, r: &ServiceRow, lang: Lang) {
    push_kind_and_title(out, r, lang);
    out.push_str("  [");
    out.push_str(&r.id);
    out.push_str("]\n");
    if let Some(note) = &r.note {
        wrap_into(out, &format!("{}: {note}", label::note(lang)), 78, "  ");
    }
    let mut line = String::new();
    push_libraries_with_places(&mut line, r, " — ", "");
    if !line.is_empty() {
        wrap_into(out, &line, 78, "  ");
    }
    line.clear();
    let fact = |line: &mut String, label: &str| {
        if !line.is_empty() {
            line.push_str(" · ");
        }
        line.push_str(label);
        line.push_str(": ");
    };
    if !r.target_groups.is_empty() {
        fact(&mut line, tr(lang, "For", "Для"));
        push_names(&mut line, &r.target_groups);
    }
    if !r.programmes.is_empty() {
        fact(&mut line, tr(lang, "Programme", "Програма"));
        push_names(&mut line, &r.programmes);
    }
    if let Some(y) = r.year {
        fact(&mut line, tr(lang, "Year", "Рік"));
        line.push_str(&y.to_string());
    }
    if let Some(m) = &r.matched {
        fact(&mut line, tr(lang, "Matched", "Збіг"));
        line.push_str(m);
        if let Some(part) = &r.matched_text {
            line.push_str(" — ");
            line.push_str(part);
        }
    }
    if !line.is_empty() {
        wrap_into(out, &line, 78, "  ");
    }
    wrap_into(out, &r.summary, 78, "  ");
}

/// The CSV columns, for scripts: the same in both languages.
const CSV_HEADER: [&str; 16] = [
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

/// A service's cells, in [`CSV_HEADER`]'s order.
fn csv_cells(r: &ServiceRow) -> [String; 16] {
    [
        r.id.clone(),
        r.title.clone(),
        r.summary.clone(),
        names(&r.libraries),
        r.places.join("; "),
        names(&r.target_groups),
        names(&r.programmes),
        names(&r.themes),
        r.year.map(|y| y.to_string()).unwrap_or_default(),
        r.matched.clone().unwrap_or_default(),
        r.sources.join("; "),
        r.description.clone(),
        r.other_names.join("; "),
        r.people_lines().join("; "),
        r.url.clone(),
        r.note.clone().unwrap_or_default(),
    ]
}

/// A cell that starts with `=`, `+`, `-` or `@` gets an apostrophe in front, so that a
/// spreadsheet shows it as text instead of running it as a formula.
#[must_use]
pub fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The most characters a spreadsheet cell holds (Excel's limit).
const CELL_MAX: usize = 32_767;

/// A text cut to what a cell holds, with "…" where it was cut. A spreadsheet's text cell
/// is never run as a formula, so nothing is defused here.
fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= CELL_MAX {
        std::borrow::Cow::Borrowed(s)
    } else {
        let cut: String = s.chars().take(CELL_MAX - 1).collect();
        std::borrow::Cow::Owned(format!("{cut}…"))
    }
}

/// A web address Excel can keep as a link: http(s), and not longer than it allows.
fn linkable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && url.len() <= 2000
}

/// A spreadsheet column: its header, its width in characters, and its cell for a service.
type Column = (&'static str, f64, fn(&ServiceRow) -> String);

/// The spreadsheet: one sheet, a bold header row that stays in view, a row per service with
/// wrapped text, web addresses as links; labels in the interface language.
fn services_xlsx(rows: &[ServiceRow], lang: Lang, heading: &Heading) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{DocProperties, Format as Style, FormatAlign, Url, Workbook};

    let columns: [Column; 13] = [
        (tr(lang, "Title", "Назва"), 30.0, |r| r.title.clone()),
        (label::note(lang), 30.0, |r| r.note.clone().unwrap_or_default()),
        (tr(lang, "Summary", "Короткий опис"), 45.0, |r| {
            r.summary.clone()
        }),
        (label::description(lang), 60.0, |r| r.description.clone()),
        (tr(lang, "Library", "Бібліотека"), 35.0, |r| {
            r.libraries_with_places(" (", ")")
        }),
        (label::people(lang), 35.0, |r| r.people_lines().join("\n")),
        (tr(lang, "For", "Для"), 25.0, |r| names(&r.target_groups)),
        (tr(lang, "Programme", "Програма"), 25.0, |r| {
            names(&r.programmes)
        }),
        (tr(lang, "Themes", "Теми"), 25.0, |r| names(&r.themes)),
        (tr(lang, "Year", "Рік"), 8.0, |r| {
            r.year.map(|y| y.to_string()).unwrap_or_default()
        }),
        (label::web(lang), 35.0, |r| r.url.clone()),
        (label::other_names(lang), 25.0, |r| r.other_names.join("; ")),
        (label::id(lang), 30.0, |r| r.id.clone()),
    ];
    let web_column = 10;

    let mut book = Workbook::new();
    let mut properties = DocProperties::new().set_title(heading.title.as_str());
    let edition = heading.edition(lang);
    if !edition.is_empty() {
        properties = properties.set_comment(edition);
    }
    book.set_properties(&properties);
    let head = Style::new().set_bold().set_text_wrap().set_align(FormatAlign::Top);
    let wrapped = Style::new().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = book.add_worksheet();
    sheet.set_name(tr(lang, "Services", "Послуги"))?;
    for (col, (title, width, _)) in columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, &head)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (n, r) in rows.iter().enumerate() {
        let row = n as u32 + 1;
        for (col, (_, _, value)) in columns.iter().enumerate() {
            let text = value(r);
            let col16 = col as u16;
            if col == web_column && linkable(&text) {
                sheet.write_url_with_format(row, col16, Url::new(text.as_str()), &wrapped)?;
            } else if !text.is_empty() {
                sheet.write_string_with_format(row, col16, cell_text(&text), &wrapped)?;
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

/// Quotes a CSV field when needed (RFC 4180). A leading `=`, `+`, `-` or `@` is prefixed
/// with an apostrophe so that spreadsheets do not run it as a formula.
#[must_use]
pub fn csv_field(s: &str) -> String {
    let s = defuse(s).into_owned();
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Escapes Markdown's inline specials.
#[must_use]
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One row as Markdown, appended to `out`.
fn md_row(out: &mut String, r: &ServiceRow, lang: Lang) {
    out.push_str(&format!("## {}\n\n", md_escape(&kind_and_title(r, lang))));
    if let Some(note) = &r.note {
        let note = note.lines().map(md_escape).collect::<Vec<_>>().join("  \n> ");
        out.push_str(&format!("> **{}:** {note}\n\n", label::note(lang)));
    }
    if !r.summary.is_empty() {
        out.push_str(&format!("{}\n\n", md_escape(&r.summary)));
    }
    for para in r.description.split('\n').filter(|p| !p.trim().is_empty()) {
        out.push_str(&format!("{}\n\n", md_escape(para)));
    }
    let mut item = |label: &str, value: String| {
        if !value.is_empty() {
            out.push_str(&format!("- **{label}:** {}\n", md_escape(&value)));
        }
    };
    let libraries = r.libraries_with_places(" (", ")");
    item(tr(lang, "Library", "Бібліотека"), libraries);
    item(tr(lang, "For", "Для"), names(&r.target_groups));
    item(tr(lang, "Programme", "Програма"), names(&r.programmes));
    item(tr(lang, "Themes", "Теми"), names(&r.themes));
    item(
        tr(lang, "Year", "Рік"),
        r.year.map(|y| y.to_string()).unwrap_or_default(),
    );
    item(label::other_names(lang), r.other_names.join("; "));
    item(label::people(lang), r.people_lines().join("; "));
    item(label::web(lang), r.url.clone());
    item(label::id(lang), r.id.clone());
    out.push('\n');
}

/// Escapes text for HTML content and attribute values.
#[must_use]
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The handout's style: A4, black on white, serif 11–12pt, each service kept on one page.
const HANDOUT_CSS: &str = "\
@page { size: A4; margin: 18mm 16mm; }
html { color: #000; background: #fff; }
body { font-family: Georgia, \"Times New Roman\", serif; font-size: 12pt; line-height: 1.4; max-width: 46em; margin: 2em auto; padding: 0 1em; }
header { border-bottom: 1.5pt solid #000; margin-bottom: 0.8em; }
h1 { font-size: 18pt; margin: 0 0 0.2em; }
header p { margin: 0 0 0.6em; }
article { break-inside: avoid; page-break-inside: avoid; border-bottom: 0.5pt solid #000; padding: 0.7em 0; }
h2 { font-size: 14pt; margin: 0 0 0.3em; break-after: avoid; page-break-after: avoid; }
article p { margin: 0 0 0.4em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 0.8em; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
a { color: #000; text-decoration: none; overflow-wrap: anywhere; }
code { font-family: \"DejaVu Sans Mono\", Consolas, monospace; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 0.5pt solid #000; padding: 0.2em 0.5em 0.2em 0; text-align: left; vertical-align: top; }
tr { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 1em; font-size: 10pt; }
aside.note { border: 1pt solid #000; padding: 0.3em 0.5em; margin: 0 0 0.5em; }
@media print { body { font-size: 11pt; max-width: none; margin: 0; padding: 0; } }
";

/// A whole HTML page: the shell every handout shares, `body` already escaped.
fn html_page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{HANDOUT_CSS}</style>\n</head>\n<body>\n{body}<footer>{}</footer>\n</body>\n</html>\n",
        lang.code(),
        html_escape(title),
        html_escape(tr(
            lang,
            "From libservices, an offline catalogue of innovative public-library services.",
            "З libservices, офлайн-каталогу інноваційних послуг публічних бібліотек."
        )),
    )
}

/// A web address as it is printed: in full, and a link only when it is http(s).
fn html_url(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        format!("<a href=\"{0}\">{0}</a>", html_escape(url))
    } else {
        html_escape(url)
    }
}

/// Names, each with its web address after it when it has one.
fn html_names(list: &[Named]) -> String {
    list.iter()
        .map(|n| {
            if n.url.is_empty() {
                html_escape(&n.name)
            } else {
                format!("{} — {}", html_escape(&n.name), html_url(&n.url))
            }
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// The printable handout: a header with the title, count and catalogue edition, then one
/// block per service.
fn handout(rows: &[ServiceRow], lang: Lang, heading: &Heading) -> String {
    let title = if heading.title.is_empty() {
        tr(lang, "Services", "Послуги")
    } else {
        heading.title.as_str()
    };
    let mut body = format!(
        "<header>\n<h1>{}</h1>\n<p>{}</p>\n</header>\n<main>\n",
        html_escape(title),
        html_escape(&heading.line_for(rows, lang))
    );
    for r in rows {
        body.push_str(&format!(
            "<article>\n<h2>{}</h2>\n",
            html_escape(&kind_and_title(r, lang))
        ));
        if let Some(note) = &r.note {
            let note = note.lines().map(html_escape).collect::<Vec<_>>().join("<br>");
            body.push_str(&format!(
                "<aside class=\"note\"><strong>{}:</strong> {note}</aside>\n",
                html_escape(label::note(lang))
            ));
        }
        if !r.summary.is_empty() {
            let summary = r.summary.lines().map(html_escape).collect::<Vec<_>>().join("<br>");
            body.push_str(&format!("<p>{summary}</p>\n"));
        }
        for para in r.description.split('\n').filter(|p| !p.trim().is_empty()) {
            body.push_str(&format!("<p class=\"description\">{}</p>\n", html_escape(para)));
        }
        body.push_str("<dl>\n");
        let mut item = |label: &str, html: String| {
            if !html.is_empty() {
                body.push_str(&format!("<dt>{}</dt><dd>{html}</dd>\n", html_escape(label)));
            }
        };
        let libraries = r
            .libraries
            .iter()
            .zip(&r.places)
            .map(|(l, place)| {
                let mut s = html_escape(&l.name);
                if !place.is_empty() {
                    s.push_str(&format!(" ({})", html_escape(place)));
                }
                if !l.url.is_empty() {
                    s.push_str(&format!(" — {}", html_url(&l.url)));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("<br>");
        item(tr(lang, "Library", "Бібліотека"), libraries);
        item(tr(lang, "For", "Для"), html_escape(&names(&r.target_groups)));
        item(tr(lang, "Programme", "Програма"), html_names(&r.programmes));
        item(tr(lang, "Themes", "Теми"), html_escape(&names(&r.themes)));
        item(
            tr(lang, "Year", "Рік"),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
        );
        item(
            label::people(lang),
            r.people_lines()
                .iter()
                .map(|l| html_escape(l))
                .collect::<Vec<_>>()
                .join("<br>"),
        );
        item(
            label::web(lang),
            if r.url.is_empty() {
                String::new()
            } else {
                html_url(&r.url)
            },
        );
        item(label::other_names(lang), html_escape(&r.other_names.join("; ")));
        let sources: Vec<String> = r.source_titles.iter().map(|t| html_escape(t)).collect();
        item(tr(lang, "Source", "Джерело"), sources.join(", "));
        item(label::id(lang), format!("<code>{}</code>", html_escape(&r.id)));
        body.push_str("</dl>\n</article>\n");
    }
    body.push_str("</main>\n");
    html_page(lang, title, &body)
}

/// A printable HTML page with one table: the heading, then a row per entry.
#[must_use]
pub fn html_table<const N: usize>(lang: Lang, heading: &Heading, header: [&str; N], rows: &[[String; N]]) -> String {
    let mut body = format!(
        "<header>\n<h1>{}</h1>\n<p>{}</p>\n</header>\n<main>\n<table>\n<thead><tr>",
        html_escape(&heading.title),
        html_escape(&heading.edition(lang))
    );
    for h in header {
        body.push_str(&format!("<th>{}</th>", html_escape(h)));
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        body.push_str("<tr>");
        for cell in row {
            body.push_str(&format!("<td>{}</td>", html_escape(cell)));
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody>\n</table>\n</main>\n");
    html_page(lang, &heading.title, &body)
}

/// A detail view as plain text, wrapped at 78 columns.
#[must_use]
pub fn detail_text(d: &Detail) -> String {
    let mut out = format!("{}  [{}]\n{}\n", d.title, d.id, d.kind);
    for block in &d.blocks {
        out.push('\n');
        match block {
            Block::Field { label, value } => out.push_str(&wrap(&format!("{label}: {value}"), 78, "")),
            Block::Paragraph { label, text } => {
                if let Some(label) = label {
                    out.push_str(&format!("{label}:\n"));
                }
                for para in text.split('\n') {
                    out.push_str(&wrap(para, 78, ""));
                }
            }
            Block::Links { label, items } => {
                out.push_str(&format!("{label}:\n"));
                for (text, _) in items {
                    out.push_str(&wrap(&format!("- {text}"), 78, "  "));
                }
            }
        }
    }
    out
}

/// A detail view as Markdown.
#[must_use]
pub fn detail_md(d: &Detail) -> String {
    let mut out = format!("# {}\n\n*{}* · `{}`\n", md_escape(&d.title), md_escape(&d.kind), d.id);
    for block in &d.blocks {
        out.push('\n');
        match block {
            Block::Field { label, value } => out.push_str(&format!("**{}:** {}\n", md_escape(label), md_escape(value))),
            Block::Paragraph { label, text } => {
                if let Some(label) = label {
                    out.push_str(&format!("**{}:**\n\n", md_escape(label)));
                }
                out.push_str(&text.split('\n').map(md_escape).collect::<Vec<_>>().join("  \n"));
                out.push('\n');
            }
            Block::Links { label, items } => {
                out.push_str(&format!("**{}:**\n\n", md_escape(label)));
                for (text, _) in items {
                    out.push_str(&format!("- {}\n", md_escape(text)));
                }
            }
        }
    }
    out
}

/// Word-wraps one paragraph to `width` characters; continuation lines get `indent`.
/// The first line gets `indent` too. Always ends with a newline.
#[must_use]
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    wrap_into(&mut out, text, width, indent);
    out
}

/// [`wrap`], appended to `out`. A line without a word is the indent without its trailing
/// white space.
pub fn wrap_into(out: &mut String, text: &str, width: usize, indent: &str) {
    let base = indent.chars().count();
    // Characters on the line so far; more than `base` once it has a word.
    let mut len = base;
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if len > base && len + 1 + w > width {
            out.push('\n');
            len = base;
        }
        if len > base {
            out.push(' ');
            len += 1;
        } else {
            out.push_str(indent);
        }
        out.push_str(word);
        len += w;
    }
    if len == base {
        out.push_str(indent.trim_end());
    }
    out.push('\n');
}

/// Like [`wrap`], for the screen: a word longer than the room (an id, a web address) is
/// broken into pieces that fit instead of being cut off by the terminal, so every character
/// of it shows.
#[must_use]
pub fn wrap_hard(text: &str, width: usize, indent: &str) -> String {
    let room = width.saturating_sub(indent.chars().count()).max(1);
    let mut pieces = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !pieces.is_empty() {
            pieces.push(' ');
        }
        let chars: Vec<char> = word.chars().collect();
        if chars.len() <= room {
            pieces.push_str(word);
        } else {
            let parts: Vec<String> = chars.chunks(room).map(|c| c.iter().collect()).collect();
            pieces.push_str(&parts.join(" "));
        }
    }
    wrap(&pieces, width, indent)
}

/// What an export holds, for its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The user's shortlist.
    Shortlist,
    /// The current search results.
    Results,
}

/// A file name for an export made today, e.g. `libservices-shortlist-2026-11-21.html`.
#[must_use]
pub fn default_file_name(kind: ExportKind, format: Format) -> String {
    file_name(kind, format, &today())
}

fn file_name(kind: ExportKind, format: Format, date: &str) -> String {
    let kind = match kind {
        ExportKind::Shortlist => "shortlist",
        ExportKind::Results => "results",
    };
    format!("libservices-{kind}-{date}.{}", format.extension())
}

/// Today's date (UTC) as YYYY-MM-DD.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(secs / 86_400)
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_date(days: u64) -> String {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Why a document could not be written; each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The path names a folder.
    #[error("{0} is a folder; give a file name in it, e.g. {1}")]
    IsFolder(String, String),
    /// The folder the file would go in does not exist.
    #[error("cannot write {0}: the folder {1} does not exist; create it or choose another place")]
    NoFolder(String, String),
    /// The system refused.
    #[error("cannot write {0}: {1}; check that you may write there and that the disk is not full")]
    Io(String, std::io::Error),
}

impl WriteError {
    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (Self::IsFolder(path, example), Lang::Uk) => {
                format!("{path} — це тека; дайте назву файлу в ній, наприклад {example}")
            }
            (Self::NoFolder(path, folder), Lang::Uk) => {
                format!("не вдається записати {path}: теки {folder} немає; створіть її або виберіть інше місце")
            }
            (Self::Io(path, e), Lang::Uk) => format!(
                "не вдається записати {path}: {}; перевірте, чи можна туди писати і чи не заповнений диск",
                crate::i18n::io_reason(e, lang)
            ),
        }
    }
}

impl ExportError {
    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (Self::Xlsx(e), Lang::Uk) => {
                let reason = match e {
                    rust_xlsxwriter::XlsxError::IoError(io) => crate::i18n::io_reason(io, lang),
                    _ => format!("внутрішня помилка ({e})"),
                };
                format!("не вдається записати таблицю: {reason}")
            }
            (Self::Write(e), Lang::Uk) => {
                format!("не вдається записати документ: {}", crate::i18n::io_reason(e, lang))
            }
        }
    }
}

/// Writes `text` to `path`, replacing a file that is there. The text goes to a temporary
/// file in the same folder first and is then renamed, so a reader never sees half a file.
pub fn write_file(path: &Path, text: impl AsRef<[u8]>) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    if path.is_dir() {
        let example = path.join(format!("handout.{}", Format::Html.extension()));
        return Err(WriteError::IsFolder(shown, example.display().to_string()));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(WriteError::NoFolder(shown, folder.display().to_string()));
    }
    crate::state::write_atomic(path, text).map_err(|e| WriteError::Io(shown, e))
}

/// Writes `text` as a new file named `name` in `folder` (created when missing); when that
/// name is taken, `name-2`, `name-3`... Returns the path written.
pub fn write_new(folder: &Path, name: &str, text: impl AsRef<[u8]>) -> Result<PathBuf, WriteError> {
    std::fs::create_dir_all(folder).map_err(|e| WriteError::Io(folder.display().to_string(), e))?;
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut path = folder.join(name);
    let mut n = 2;
    while path.exists() {
        let numbered = if ext.is_empty() {
            format!("{stem}-{n}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        path = folder.join(numbered);
        n += 1;
    }
    write_file(&path, text)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::count_services;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
    }

    #[test]
    fn the_screen_wrap_breaks_a_long_id_instead_of_cutting_it() {
        let id = "a-very-long-service-identifier-that-is-wider-than-the-pane";
        let wrapped = wrap_hard(&format!("Service · {id}"), 20, "");
        assert!(wrapped.lines().all(|l| l.chars().count() <= 20), "{wrapped}");
        assert_eq!(wrapped.lines().collect::<String>().replace("Service ·", ""), id);
        assert_eq!(wrap_hard("aaa bbb ccc", 7, ""), "aaa bbb\nccc\n");
    }

    #[test]
    fn wrap_breaks_at_width() {
        assert_eq!(wrap("aaa bbb ccc", 7, ""), "aaa bbb\nccc\n");
        assert_eq!(wrap("aaa bbb", 20, "  "), "  aaa bbb\n");
        assert_eq!(wrap("", 20, "  "), "\n");
    }

    #[test]
    fn wrap_appends_and_keeps_the_indent_on_every_line() {
        let mut out = String::from("x\n");
        wrap_into(&mut out, "  один   два\tтри  ", 9, "  ");
        assert_eq!(out, "x\n  один\n  два три\n");
        wrap_into(&mut out, " \n ", 9, "> ");
        assert_eq!(out, "x\n  один\n  два три\n>\n");
    }

    #[test]
    fn no_rows_stream_as_an_empty_array_and_a_bare_header() {
        let none: [ServiceRow; 0] = [];
        let mut json = Vec::new();
        assert_eq!(stream(&none, Format::Json, Lang::En, &mut json).ok(), Some(0));
        assert_eq!(json, b"[]\n");
        let mut csv = Vec::new();
        assert_eq!(stream(&none, Format::Csv, Lang::En, &mut csv).ok(), Some(0));
        assert_eq!(String::from_utf8_lossy(&csv), format!("{}\r\n", CSV_HEADER.join(",")));
        let mut text = Vec::new();
        assert_eq!(stream(&none, Format::Text, Lang::Uk, &mut text).ok(), Some(0));
        assert!(text.is_empty());
    }

    #[test]
    fn html_specials_are_escaped() {
        assert_eq!(
            html_escape("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(
            html_url("HTTPS://x.org/?a&b"),
            "<a href=\"HTTPS://x.org/?a&amp;b\">HTTPS://x.org/?a&amp;b</a>"
        );
        assert_eq!(html_url("javascript:alert('1')"), "javascript:alert(&#39;1&#39;)");
        assert_eq!(html_url("www.example.org"), "www.example.org");
    }

    #[test]
    fn dates_and_file_names() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_778), "2026-11-21");
        assert_eq!(
            file_name(ExportKind::Shortlist, Format::Html, "2026-11-21"),
            "libservices-shortlist-2026-11-21.html"
        );
        assert_eq!(
            file_name(ExportKind::Results, Format::Csv, "2026-11-21"),
            "libservices-results-2026-11-21.csv"
        );
        assert_eq!(today().len(), 10);
    }

    #[test]
    fn formats_from_file_names() {
        assert_eq!(Format::from_path(Path::new("a/b.HTM")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("list.md")), Some(Format::Md));
        assert_eq!(Format::from_path(Path::new("x.csv")), Some(Format::Csv));
        assert_eq!(Format::from_path(Path::new("x.pdf")), None);
        assert_eq!(Format::from_path(Path::new("noext")), None);
        for f in [Format::Text, Format::Json, Format::Csv, Format::Md, Format::Html] {
            assert_eq!(Format::from_path(Path::new(&format!("f.{}", f.extension()))), Some(f));
        }
    }

    #[test]
    fn headings_say_what_is_known_of_the_edition() {
        let mut h = Heading {
            title: "T".to_owned(),
            version: "2026.11".to_owned(),
            date: "2026-11-21".to_owned(),
        };
        assert_eq!(
            h.line_with(count_services(Lang::Uk, 3), Lang::Uk),
            "3 послуги · каталог 2026.11 від 2026-11-21"
        );
        h.date.clear();
        assert_eq!(
            h.line_with(count_services(Lang::En, 1), Lang::En),
            "1 service · catalogue 2026.11"
        );
        h.version.clear();
        assert_eq!(h.line_with(count_services(Lang::En, 5), Lang::En), "5 services");
    }

    #[test]
    fn a_folder_for_new_documents_that_is_a_file_is_told_in_plain_ukrainian() {
        // As the app's export writes: into the documents folder, here a file.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("documents");
        std::fs::write(&file, "").unwrap();
        let err = write_new(&file, "handout.html", "x").unwrap_err();
        assert!(matches!(err, WriteError::Io(..)), "{err}");
        assert_eq!(
            err.message(Lang::Uk),
            format!(
                "не вдається записати {}: такий файл уже є; перевірте, чи можна туди писати і чи не заповнений диск",
                file.display()
            )
        );
        assert!(err.message(Lang::En).contains("(os error"), "{err}");
    }

    #[test]
    fn writing_refuses_folders_and_missing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_file(dir.path(), "x").unwrap_err();
        assert!(matches!(err, WriteError::IsFolder(..)), "{err}");
        let err = write_file(&dir.path().join("no/x.md"), "x").unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        write_file(&dir.path().join("x.md"), "one").unwrap();
        write_file(&dir.path().join("x.md"), "two").unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("x.md")).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn markdown_specials_are_escaped() {
        assert_eq!(md_escape("a*b_[c]|"), "a\\*b\\_\\[c\\]\\|");
    }
}
