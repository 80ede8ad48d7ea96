//! The merged, validated catalogue with its relations resolved to indices.

use std::collections::HashMap;

use super::Problem;
use super::model::{Catalogue, Lang};

/// An entity of any kind, by index into its list in [`Catalogue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityRef {
    /// `catalogue.services[i]`.
    Service(usize),
    /// `catalogue.libraries[i]`.
    Library(usize),
    /// `catalogue.target_groups[i]`.
    TargetGroup(usize),
    /// `catalogue.programmes[i]`.
    Programme(usize),
    /// `catalogue.themes[i]`.
    Theme(usize),
}

/// A service's relations, as indices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceLinks {
    /// Into `catalogue.libraries`.
    pub libraries: Vec<usize>,
    /// Into `catalogue.target_groups`.
    pub target_groups: Vec<usize>,
    /// Into `catalogue.programmes`.
    pub programmes: Vec<usize>,
    /// Into `catalogue.themes`.
    pub themes: Vec<usize>,
}

/// Where a catalogue file comes from, which decides how it is merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The catalogue compiled into the program: it must be valid.
    #[default]
    Bundled,
    /// An update from the data folder's `catalogues/`: it may replace entries by id, and
    /// is skipped whole when it does not fit.
    Update,
    /// A file given with `--data`: it must fit exactly, or nothing loads.
    Data,
}

/// A catalogue update that was left out, with every problem that kept it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file as named to the user.
    pub file: String,
    /// What is wrong with it, in position order.
    pub problems: Vec<Problem>,
}

/// What one file contributed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceSummary {
    /// The file as named to the user.
    pub name: String,
    /// Bundled, update or `--data` file.
    pub origin: Origin,
    /// Its `version` field.
    pub version: String,
    /// Its `date` field.
    pub date: String,
    /// Number of services it defines.
    pub services: usize,
    /// Number of libraries it defines.
    pub libraries: usize,
    /// Number of target groups it defines.
    pub target_groups: usize,
    /// Number of programmes it defines.
    pub programmes: usize,
    /// Number of themes it defines.
    pub themes: usize,
    /// Ids of entries of earlier files that this one (an update) replaced; those entries are
    /// not counted above.
    pub replaced: Vec<String>,
}

/// The catalogue the app and commands work on: every file merged, relations resolved.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// All entities, in file order.
    pub catalogue: Catalogue,
    /// One entry per loaded file.
    pub sources: Vec<SourceSummary>,
    /// `links[i]` belongs to `catalogue.services[i]`.
    pub links: Vec<ServiceLinks>,
    /// Services of each library, in catalogue order.
    pub library_services: Vec<Vec<usize>>,
    /// Services of each target group or any of its sub-groups, in catalogue order.
    pub group_services: Vec<Vec<usize>>,
    /// Services of each programme or any of its sub-programmes, in catalogue order.
    pub programme_services: Vec<Vec<usize>>,
    /// Services of each theme, in catalogue order.
    pub theme_services: Vec<Vec<usize>>,
    /// Catalogue updates that were left out because they do not fit.
    pub skipped: Vec<Skipped>,
    ids: HashMap<String, EntityRef>,
}

impl Dataset {
    /// Merges validated catalogues, in order. References that do not resolve are skipped
    /// (validation reports them before this is called).
    #[must_use]
    pub fn merge(parts: impl IntoIterator<Item = (String, Catalogue)>) -> Self {
        let mut all = Catalogue::default();
        let mut sources = Vec::new();
        for (name, cat) in parts {
            sources.push(SourceSummary {
                name,
                version: cat.version.clone(),
                date: cat.date.clone(),
                services: cat.services.len(),
                libraries: cat.libraries.len(),
                target_groups: cat.target_groups.len(),
                programmes: cat.programmes.len(),
                themes: cat.themes.len(),
                ..SourceSummary::default()
            });
            if all.version.is_empty() {
                all.version = cat.version;
                all.date = cat.date;
            }
            all.themes.extend(cat.themes);
            all.target_groups.extend(cat.target_groups);
            all.programmes.extend(cat.programmes);
            all.libraries.extend(cat.libraries);
            all.services.extend(cat.services);
        }
        Self::new(all, sources)
    }

    /// Resolves the relations of one catalogue.
    #[must_use]
    pub fn new(catalogue: Catalogue, sources: Vec<SourceSummary>) -> Self {
        let mut ids = HashMap::new();
        let c = &catalogue;
        for (i, x) in c.themes.iter().enumerate() {
            ids.insert(x.id.clone(), EntityRef::Theme(i));
        }
        for (i, x) in c.target_groups.iter().enumerate() {
            ids.insert(x.id.clone(), EntityRef::TargetGroup(i));
        }
        for (i, x) in c.programmes.iter().enumerate() {
            ids.insert(x.id.clone(), EntityRef::Programme(i));
        }
        for (i, x) in c.libraries.iter().enumerate() {
            ids.insert(x.id.clone(), EntityRef::Library(i));
        }
        for (i, x) in c.services.iter().enumerate() {
            ids.insert(x.id.clone(), EntityRef::Service(i));
        }
        let resolve = |list: &[String], want: fn(EntityRef) -> Option<usize>| -> Vec<usize> {
            list.iter()
                .filter_map(|id| ids.get(id).copied().and_then(want))
                .collect()
        };
        let links: Vec<ServiceLinks> = c
            .services
            .iter()
            .map(|s| ServiceLinks {
                libraries: resolve(&s.libraries, |e| match e {
                    EntityRef::Library(i) => Some(i),
                    _ => None,
                }),
                target_groups: resolve(&s.target_groups, |e| match e {
                    EntityRef::TargetGroup(i) => Some(i),
                    _ => None,
                }),
                programmes: resolve(&s.programmes, |e| match e {
                    EntityRef::Programme(i) => Some(i),
                    _ => None,
                }),
                themes: resolve(&s.themes, |e| match e {
                    EntityRef::Theme(i) => Some(i),
                    _ => None,
                }),
            })
            .collect();
        let group_parent: Vec<Option<usize>> = c
            .target_groups
            .iter()
            .map(|g| match g.parent.as_ref().and_then(|p| ids.get(p)) {
                Some(EntityRef::TargetGroup(i)) => Some(*i),
                _ => None,
            })
            .collect();
        let programme_parent: Vec<Option<usize>> = c
            .programmes
            .iter()
            .map(|p| match p.parent.as_ref().and_then(|p| ids.get(p)) {
                Some(EntityRef::Programme(i)) => Some(*i),
                _ => None,
            })
            .collect();
        let library_services = invert(c.libraries.len(), &links, |l| &l.libraries, &[]);
        let group_services = invert(c.target_groups.len(), &links, |l| &l.target_groups, &group_parent);
        let programme_services = invert(c.programmes.len(), &links, |l| &l.programmes, &programme_parent);
        let theme_services = invert(c.themes.len(), &links, |l| &l.themes, &[]);
        Self {
            catalogue,
            sources,
            links,
            library_services,
            group_services,
            programme_services,
            theme_services,
            skipped: Vec::new(),
            ids,
        }
    }

    /// Looks up an id of any kind.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<EntityRef> {
        self.ids.get(id).copied()
    }
}

/// For each target, the services that link to it or to one of its descendants.
fn invert(
    len: usize,
    links: &[ServiceLinks],
    field: fn(&ServiceLinks) -> &Vec<usize>,
    parents: &[Option<usize>],
) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); len];
    for (s, l) in links.iter().enumerate() {
        for &target in field(l) {
            // Walk up the parents; the bound stops a loop that validation would report.
            let mut current = Some(target);
            for _ in 0..=len {
                let Some(t) = current else { break };
                if let Some(list) = out.get_mut(t)
                    && list.last() != Some(&s)
                {
                    list.push(s);
                }
                current = parents.get(t).copied().flatten();
            }
        }
    }
    out
}

/// The country's name for an ISO 3166-1 alpha-2 code; unknown codes are returned as given.
#[must_use]
pub fn country_name(code: &str, lang: Lang) -> &str {
    let names: &[(&str, &str, &str)] = &[
        ("UA", "Україна", "Ukraine"),
        ("BY", "Білорусь", "Belarus"),
        ("GB", "Велика Британія", "United Kingdom"),
        ("US", "США", "United States"),
        ("DK", "Данія", "Denmark"),
        ("PL", "Польща", "Poland"),
        ("DE", "Німеччина", "Germany"),
    ];
    names
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(code, |(_, uk, en)| match lang {
            Lang::Uk => uk,
            Lang::En => en,
        })
}
