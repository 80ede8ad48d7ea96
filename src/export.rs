//! Writing services and detail views as text, JSON, CSV or Markdown.
//! Pure functions from data to a `String`; the caller decides where it goes.

use serde::Serialize;

use crate::catalogue::{Dataset, EntityRef, Lang};
use crate::detail::{Block, Detail, library_place, name_and_id};
use crate::i18n::tr;
use crate::search::Hit;

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
}

/// An entity reference with its name, for JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    /// Stable id.
    pub id: String,
    /// Display name in the chosen language.
    pub name: String,
}

/// A service flattened for output.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceRow {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
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
    /// Seed files.
    pub sources: Vec<String>,
}

impl ServiceRow {
    /// "Library — place; Library — place": each library with its place between `open` and
    /// `close`, when it has one.
    fn libraries_with_places(&self, open: &str, close: &str) -> String {
        self.libraries
            .iter()
            .zip(&self.places)
            .map(|(l, p)| {
                if p.is_empty() {
                    l.name.clone()
                } else {
                    format!("{}{open}{p}{close}", l.name)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Flattens a service (and the hit that found it, if any).
#[must_use]
pub fn service_row(ds: &Dataset, service: usize, hit: Option<&Hit>, lang: Lang) -> Option<ServiceRow> {
    let s = ds.catalogue.services.get(service)?;
    let links = ds.links.get(service)?;
    let named = |e: EntityRef| {
        let (name, id) = name_and_id(ds, e, lang);
        Named { id, name }
    };
    Some(ServiceRow {
        id: s.id.clone(),
        title: s.title.get(lang).to_owned(),
        summary: s.summary.get(lang).to_owned(),
        libraries: links.libraries.iter().map(|&l| named(EntityRef::Library(l))).collect(),
        places: links.libraries.iter().map(|&l| library_place(ds, l, lang)).collect(),
        target_groups: links
            .target_groups
            .iter()
            .map(|&g| named(EntityRef::TargetGroup(g)))
            .collect(),
        programmes: links
            .programmes
            .iter()
            .map(|&p| named(EntityRef::Programme(p)))
            .collect(),
        themes: links.themes.iter().map(|&t| named(EntityRef::Theme(t))).collect(),
        year: s.year,
        matched: hit
            .filter(|h| !h.matches.is_empty() && h.field != crate::search::Field::Title)
            .map(|h| h.field.label(lang).to_owned()),
        sources: s.seeds.clone(),
    })
}

fn names(list: &[Named]) -> String {
    list.iter().map(|n| n.name.as_str()).collect::<Vec<_>>().join("; ")
}

/// Writes service rows in a format.
#[must_use]
pub fn services(rows: &[ServiceRow], format: Format, lang: Lang) -> String {
    match format {
        Format::Text => services_text(rows, lang),
        Format::Json => json(&rows),
        Format::Csv => services_csv(rows),
        Format::Md => services_md(rows, lang),
    }
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising these plain structs cannot fail; an empty array is the safe fallback.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "[]".to_owned());
    s.push('\n');
    s
}

fn services_text(rows: &[ServiceRow], lang: Lang) -> String {
    let mut out = String::new();
    for (n, r) in rows.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{}  [{}]\n", r.title, r.id));
        let where_ = r.libraries_with_places(" — ", "");
        if !where_.is_empty() {
            out.push_str(&wrap(&where_, 78, "  "));
        }
        let mut facts = Vec::new();
        if !r.target_groups.is_empty() {
            facts.push(format!("{}: {}", tr(lang, "For", "Для"), names(&r.target_groups)));
        }
        if !r.programmes.is_empty() {
            facts.push(format!(
                "{}: {}",
                tr(lang, "Programme", "Програма"),
                names(&r.programmes)
            ));
        }
        if let Some(y) = r.year {
            facts.push(format!("{}: {y}", tr(lang, "Year", "Рік")));
        }
        if let Some(m) = &r.matched {
            facts.push(format!("{}: {m}", tr(lang, "Matched", "Збіг")));
        }
        if !facts.is_empty() {
            out.push_str(&wrap(&facts.join(" · "), 78, "  "));
        }
        out.push_str(&wrap(&r.summary, 78, "  "));
    }
    out
}

fn services_csv(rows: &[ServiceRow]) -> String {
    let mut out =
        String::from("id,title,summary,libraries,places,target_groups,programmes,themes,year,matched,sources\r\n");
    for r in rows {
        let fields = [
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
        ];
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// Quotes a CSV field when needed (RFC 4180). A leading `=`, `+`, `-` or `@` is prefixed
/// with an apostrophe so that spreadsheets do not run it as a formula.
#[must_use]
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
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

fn services_md(rows: &[ServiceRow], lang: Lang) -> String {
    let mut out = String::new();
    for r in rows {
        out.push_str(&format!("## {}\n\n", md_escape(&r.title)));
        if !r.summary.is_empty() {
            out.push_str(&format!("{}\n\n", md_escape(&r.summary)));
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
        item("Id", r.id.clone());
        out.push('\n');
    }
    out
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
    let mut line = String::from(indent);
    let mut len = indent.chars().count();
    let base = len;
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if len > base && len + 1 + w > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(indent);
            len = base;
        }
        if len > base {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += w;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
    }

    #[test]
    fn wrap_breaks_at_width() {
        assert_eq!(wrap("aaa bbb ccc", 7, ""), "aaa bbb\nccc\n");
        assert_eq!(wrap("aaa bbb", 20, "  "), "  aaa bbb\n");
        assert_eq!(wrap("", 20, "  "), "\n");
    }

    #[test]
    fn markdown_specials_are_escaped() {
        assert_eq!(md_escape("a*b_[c]|"), "a\\*b\\_\\[c\\]\\|");
    }
}
