//! What the loaded catalogue is made of: its version and date, what each file contributed
//! (and replaced), and the updates that were skipped with their problems. The `about`
//! command prints it; the app's about view shows the same data.

use std::path::PathBuf;

use serde::Serialize;

use crate::catalogue::{Dataset, EntityRef, Lang, Origin, Problem, SourceSummary, Text, display_name};
use crate::i18n::{count_services, tr, uk_plural};

/// Numbers of entries of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Services.
    pub services: usize,
    /// Libraries and library organisations.
    pub libraries: usize,
    /// Target groups.
    pub target_groups: usize,
    /// Programmes.
    pub programmes: usize,
    /// Themes.
    pub themes: usize,
}

impl Counts {
    /// "43 services, 38 libraries, 20 target groups...", leaving out kinds with none
    /// (but always the services).
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        let mut parts = vec![count_services(lang, self.services)];
        let kinds = [
            (
                self.libraries,
                ("library", "libraries"),
                ("бібліотека", "бібліотеки", "бібліотек"),
            ),
            (
                self.target_groups,
                ("target group", "target groups"),
                ("цільова група", "цільові групи", "цільових груп"),
            ),
            (
                self.programmes,
                ("programme", "programmes"),
                ("програма", "програми", "програм"),
            ),
            (self.themes, ("theme", "themes"), ("тема", "теми", "тем")),
        ];
        for (n, (en_one, en_many), (one, few, many)) in kinds {
            if n == 0 {
                continue;
            }
            let noun = match lang {
                Lang::En if n == 1 => en_one,
                Lang::En => en_many,
                Lang::Uk => uk_plural(n, one, few, many),
            };
            parts.push(format!("{n} {noun}"));
        }
        parts.join(", ")
    }

    fn total(&self) -> usize {
        self.services + self.libraries + self.target_groups + self.programmes + self.themes
    }
}

/// What one loaded file contributed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileAbout {
    /// The file as named to the user (`<bundled catalogue>` or its path).
    pub name: String,
    /// Bundled, update or `--data` file.
    pub origin: Origin,
    /// Its own `version` field.
    pub version: String,
    /// Its own `date` field.
    pub date: String,
    /// New entries it added.
    pub added: Counts,
    /// Entries of earlier files it replaced with its own version.
    pub replaced: Counts,
    /// The ids of those entries.
    pub replaced_ids: Vec<String>,
}

/// An update that was left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedAbout {
    /// The file as named to the user.
    pub name: String,
    /// Its problems, written as `FILE:LINE:COLUMN: message` (in JSON, in English).
    #[serde(serialize_with = "problems_in_english")]
    pub problems: Vec<Problem>,
}

/// A source document of the catalogue (its sources section).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentAbout {
    /// The seed file's name.
    pub file: String,
    /// The document's title, in both languages.
    pub title: Text,
    /// Its publisher, when the document names one.
    #[serde(skip_serializing_if = "Text::is_empty")]
    pub publisher: Text,
    /// How many services cite it.
    pub services: usize,
}

/// The about data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct About {
    /// The catalogue's version: the newest update's, else the bundled one's.
    pub version: String,
    /// The catalogue's date, likewise.
    pub date: String,
    /// Entries in the merged catalogue.
    pub total: Counts,
    /// Every loaded file, in merge order.
    pub files: Vec<FileAbout>,
    /// The source documents the entries cite, by title.
    pub documents: Vec<DocumentAbout>,
    /// Updates that were left out.
    pub skipped: Vec<SkippedAbout>,
    /// The folder updates are read from, when known.
    pub updates_folder: Option<PathBuf>,
}

impl About {
    /// Collects the about data of a dataset; `updates_folder` is where updates are read from.
    #[must_use]
    pub fn new(ds: &Dataset, updates_folder: Option<PathBuf>) -> Self {
        let c = &ds.catalogue;
        Self {
            version: c.version.clone(),
            date: c.date.clone(),
            total: Counts {
                services: c.services.len(),
                libraries: c.libraries.len(),
                target_groups: c.target_groups.len(),
                programmes: c.programmes.len(),
                themes: c.themes.len(),
            },
            files: ds.sources.iter().map(|s| file_about(ds, s)).collect(),
            documents: c
                .sources
                .iter()
                .map(|d| DocumentAbout {
                    file: d.file.to_string(),
                    title: d.title.clone(),
                    publisher: d.publisher.clone(),
                    services: c
                        .services
                        .iter()
                        .filter(|s| s.seeds.iter().any(|f| **f == *d.file))
                        .count(),
                })
                .collect(),
            skipped: ds
                .skipped
                .iter()
                .map(|s| SkippedAbout {
                    name: s.file.clone(),
                    problems: s.problems.clone(),
                })
                .collect(),
            updates_folder,
        }
    }

    /// The about data as text in the interface language.
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        let mut out = format!(
            "{} {}\n{}\n",
            tr(lang, "Catalogue", "Каталог"),
            edition(&self.version, &self.date, lang),
            self.total.text(lang)
        );
        out.push_str(&format!("\n{}:\n", tr(lang, "Files", "Файли")));
        for f in &self.files {
            let origin = match f.origin {
                Origin::Bundled => tr(lang, "bundled", "вбудований"),
                Origin::Update => tr(lang, "update", "оновлення"),
                Origin::Data => tr(lang, "--data file", "файл --data"),
            };
            out.push_str(&format!("  {} ({origin})", display_name(&f.name, lang)));
            let own = edition(&f.version, &f.date, lang);
            if !own.is_empty() {
                out.push_str(&format!(", {own}"));
            }
            out.push('\n');
            out.push_str(&format!("    {}: {}\n", tr(lang, "adds", "додає"), f.added.text(lang)));
            if f.replaced.total() > 0 {
                out.push_str(&format!(
                    "    {}: {} ({})\n",
                    tr(lang, "replaces", "замінює"),
                    f.replaced.text(lang),
                    f.replaced_ids.join(", ")
                ));
            }
        }
        if !self.skipped.is_empty() {
            out.push_str(&format!(
                "\n{}:\n",
                tr(
                    lang,
                    "Skipped updates (correct or remove them)",
                    "Пропущені оновлення (виправте або приберіть їх)"
                )
            ));
            for s in &self.skipped {
                out.push_str(&format!("  {}\n", s.name));
                for p in &s.problems {
                    out.push_str(&format!("    {}\n", p.line(lang)));
                }
            }
        }
        if !self.documents.is_empty() {
            out.push_str(&format!("\n{}:\n", tr(lang, "Source documents", "Джерела")));
            for d in &self.documents {
                out.push_str(&format!("  {}", d.title.get(lang)));
                let publisher = d.publisher.get(lang);
                if !publisher.is_empty() {
                    out.push_str(&format!(" — {publisher}"));
                }
                out.push('\n');
                out.push_str(&format!("    seeds/{}: {}\n", d.file, count_services(lang, d.services)));
            }
        }
        if let Some(folder) = &self.updates_folder {
            out.push_str(&format!(
                "\n{}: {}\n",
                tr(lang, "Updates folder", "Тека оновлень"),
                folder.display()
            ));
        }
        out
    }
}

fn problems_in_english<S: serde::Serializer>(problems: &[Problem], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(problems.iter().map(ToString::to_string))
}

/// "2026.11 of 2026-11-21", or whichever of the two is known.
fn edition(version: &str, date: &str, lang: Lang) -> String {
    match (version.is_empty(), date.is_empty()) {
        (false, false) => format!("{version} {} {date}", tr(lang, "of", "від")),
        (false, true) => version.to_owned(),
        (true, false) => date.to_owned(),
        (true, true) => String::new(),
    }
}

fn file_about(ds: &Dataset, s: &SourceSummary) -> FileAbout {
    let mut replaced = Counts::default();
    for id in &s.replaced {
        match ds.get(id) {
            Some(EntityRef::Service(_)) => replaced.services += 1,
            Some(EntityRef::Library(_)) => replaced.libraries += 1,
            Some(EntityRef::TargetGroup(_)) => replaced.target_groups += 1,
            Some(EntityRef::Programme(_)) => replaced.programmes += 1,
            Some(EntityRef::Theme(_)) => replaced.themes += 1,
            None => {}
        }
    }
    FileAbout {
        name: s.name.clone(),
        origin: s.origin,
        version: s.version.clone(),
        date: s.date.clone(),
        added: Counts {
            services: s.services,
            libraries: s.libraries,
            target_groups: s.target_groups,
            programmes: s.programmes,
            themes: s.themes,
        },
        replaced,
        replaced_ids: s.replaced.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_both_languages_leave_out_empty_kinds() {
        let c = Counts {
            services: 21,
            libraries: 3,
            target_groups: 0,
            programmes: 1,
            themes: 5,
        };
        assert_eq!(c.text(Lang::En), "21 services, 3 libraries, 1 programme, 5 themes");
        assert_eq!(c.text(Lang::Uk), "21 послуга, 3 бібліотеки, 1 програма, 5 тем");
        assert_eq!(Counts::default().text(Lang::Uk), "0 послуг");
    }

    #[test]
    fn editions() {
        assert_eq!(edition("1", "2026-01-01", Lang::Uk), "1 від 2026-01-01");
        assert_eq!(edition("", "2026-01-01", Lang::En), "2026-01-01");
        assert_eq!(edition("", "", Lang::En), "");
    }
}
