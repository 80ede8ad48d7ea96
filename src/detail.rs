//! What a detail view says about one entry, independent of how it is shown: the CLI prints
//! it as text or Markdown, the app draws it with selectable links.

use std::borrow::Cow;

use crate::catalogue::{Dataset, EntityRef, Id, Lang, Lists, OtherNames, Person, Text};
use crate::i18n::{count_services, tr};

/// One part of a detail view.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A labelled one-line value.
    Field {
        /// Label.
        label: String,
        /// Value.
        value: String,
    },
    /// A labelled paragraph.
    Paragraph {
        /// Label, if the paragraph needs one.
        label: Option<String>,
        /// Text; may contain line breaks.
        text: String,
    },
    /// Labelled links to other entries.
    Links {
        /// Label.
        label: String,
        /// Display text and target of each link.
        items: Vec<(String, EntityRef)>,
    },
}

/// A detail view of one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    /// The entry shown.
    pub entity: EntityRef,
    /// "Service", "Library"...
    pub kind: String,
    /// Stable id.
    pub id: String,
    /// Title or name.
    pub title: String,
    /// The parts, in reading order.
    pub blocks: Vec<Block>,
}

impl Detail {
    /// Every link in reading order (what Tab/arrow keys move through in the app).
    pub fn links(&self) -> impl Iterator<Item = &(String, EntityRef)> {
        self.blocks.iter().flat_map(|b| match b {
            Block::Links { items, .. } => items.as_slice(),
            _ => &[],
        })
    }
}

/// A library's place as "Zhytomyr, Zhytomyr Oblast, Ukraine" (empty parts skipped).
#[must_use]
pub fn library_place(ds: &Dataset, library: usize, lang: Lang) -> String {
    ds.catalogue
        .libraries
        .get(library)
        .map(|l| crate::search::place_text(l, lang))
        .unwrap_or_default()
}

/// Kind label of an entity.
#[must_use]
pub const fn kind_label(entity: EntityRef, lang: Lang) -> &'static str {
    match entity {
        EntityRef::Service(_) => tr(lang, "Service", "Послуга"),
        EntityRef::Library(_) => tr(lang, "Library", "Бібліотека"),
        EntityRef::TargetGroup(_) => tr(lang, "Target group", "Цільова група"),
        EntityRef::Programme(_) => tr(lang, "Programme", "Програма"),
        EntityRef::Theme(_) => tr(lang, "Theme", "Тема"),
    }
}

/// The display name and id of any entity.
#[must_use]
pub fn name_and_id(ds: &Dataset, entity: EntityRef, lang: Lang) -> (String, String) {
    names_and_ids(ds, entity)
        .map(|(name, id)| (name.get(lang).to_owned(), id.to_owned()))
        .unwrap_or_default()
}

/// The display name of any entity (a link's text: a big theme's list has thousands).
fn name_of(ds: &Dataset, entity: EntityRef, lang: Lang) -> String {
    names_and_ids(ds, entity)
        .map(|(name, _)| name.get(lang).to_owned())
        .unwrap_or_default()
}

fn names_and_ids(ds: &Dataset, entity: EntityRef) -> Option<(&Text, &str)> {
    let c = &ds.catalogue;
    match entity {
        EntityRef::Service(i) => c.services.get(i).map(|x| (&x.title, &*x.id)),
        EntityRef::Library(i) => c.libraries.get(i).map(|x| (&x.name, &*x.id)),
        EntityRef::TargetGroup(i) => c.target_groups.get(i).map(|x| (&x.name, &*x.id)),
        EntityRef::Programme(i) => c.programmes.get(i).map(|x| (&x.name, &*x.id)),
        EntityRef::Theme(i) => c.themes.get(i).map(|x| (&x.name, &*x.id)),
    }
}

struct Builder<'a> {
    ds: &'a Dataset,
    lang: Lang,
    blocks: Vec<Block>,
}

impl Builder<'_> {
    fn field(&mut self, en: &'static str, uk: &'static str, value: &str) {
        if !value.is_empty() {
            self.blocks.push(Block::Field {
                label: tr(self.lang, en, uk).to_owned(),
                value: value.to_owned(),
            });
        }
    }

    fn paragraph(&mut self, label: Option<(&'static str, &'static str)>, text: &Text) {
        let text = text.get(self.lang);
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph {
                label: label.map(|(en, uk)| tr(self.lang, en, uk).to_owned()),
                text: text.to_owned(),
            });
        }
    }

    fn links(&mut self, en: &'static str, uk: &'static str, items: impl IntoIterator<Item = EntityRef>) {
        let items: Vec<(String, EntityRef)> = items.into_iter().map(|e| (self.link_text(e), e)).collect();
        if !items.is_empty() {
            self.blocks.push(Block::Links {
                label: tr(self.lang, en, uk).to_owned(),
                items,
            });
        }
    }

    fn link_text(&self, e: EntityRef) -> String {
        // A library's place has its own "Place" line; links carry only names.
        name_of(self.ds, e, self.lang)
    }

    /// The source documents an entry comes from, by title (and publisher).
    fn sources(&mut self, seeds: &[Id]) {
        let titles: Vec<String> = seeds.iter().map(|f| source_label(self.ds, f, self.lang)).collect();
        if titles.len() > 1 {
            self.field("Sources", "Джерела", &titles.join("; "));
        } else {
            self.field("Source", "Джерело", &titles.join("; "));
        }
    }

    /// Other names: those in the view's language first, then the other language's.
    fn other_names(&mut self, names: &OtherNames) {
        let mut all: Vec<&str> = Vec::new();
        for lang in [self.lang, self.lang.other()] {
            for n in names.exact(lang) {
                if !all.contains(&&**n) {
                    all.push(n);
                }
            }
        }
        self.field("Also known as", "Інші назви", &all.join(", "));
    }

    fn people(&mut self, people: &[Person]) {
        if people.is_empty() {
            return;
        }
        let text = people
            .iter()
            .map(|p| {
                let role = p.role.get(self.lang);
                if role.is_empty() {
                    p.name.get(self.lang).to_owned()
                } else {
                    format!("{} — {role}", p.name.get(self.lang))
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        self.blocks.push(Block::Paragraph {
            label: Some(tr(self.lang, "People", "Люди").to_owned()),
            text,
        });
    }

    fn services(&mut self, list: &[u32]) {
        let label = format!(
            "{} ({})",
            tr(self.lang, "Services", "Послуги"),
            count_services(self.lang, list.len())
        );
        let items: Vec<(String, EntityRef)> = list
            .iter()
            .map(|&s| EntityRef::Service(s as usize))
            .map(|e| (self.link_text(e), e))
            .collect();
        if !items.is_empty() {
            self.blocks.push(Block::Links { label, items });
        }
    }
}

/// A seed file named by its document's title and publisher ("Title — Publisher"), or by the
/// file name when the catalogue's sources section does not have it.
#[must_use]
pub fn source_label(ds: &Dataset, file: &str, lang: Lang) -> String {
    match ds.source_document(file) {
        Some(d) if !d.title.is_empty() => {
            let publisher = d.publisher.get(lang);
            if publisher.is_empty() {
                d.title.get(lang).to_owned()
            } else {
                format!("{} — {publisher}", d.title.get(lang))
            }
        }
        _ => format!("seeds/{file}"),
    }
}

fn join_texts(texts: &[Text], lang: Lang) -> String {
    texts.iter().map(|t| t.get(lang)).collect::<Vec<_>>().join("; ")
}

/// Builds the detail view of an entity; `None` when the index is out of range.
#[must_use]
pub fn detail(ds: &Dataset, entity: EntityRef, lang: Lang) -> Option<Detail> {
    let c = &ds.catalogue;
    let mut b = Builder {
        ds,
        lang,
        blocks: Vec::new(),
    };
    match entity {
        EntityRef::Service(i) => {
            let s = c.services.get(i)?;
            let links = ds.links.get(i)?;
            b.paragraph(None, &s.summary);
            b.other_names(&s.other_names);
            b.paragraph(Some(("Description", "Опис")), &s.description);
            b.links(
                "Library",
                "Бібліотека",
                links.libraries.iter().map(|&l| EntityRef::Library(l as usize)),
            );
            let places: Vec<String> = links
                .libraries
                .iter()
                .map(|&l| library_place(ds, l as usize, lang))
                .collect();
            b.field("Place", "Місце", &places.join("; "));
            b.links(
                "Target groups",
                "Цільові групи",
                links.target_groups.iter().map(|&g| EntityRef::TargetGroup(g as usize)),
            );
            b.links(
                "Programme",
                "Програма",
                links.programmes.iter().map(|&p| EntityRef::Programme(p as usize)),
            );
            b.links(
                "Themes",
                "Теми",
                links.themes.iter().map(|&t| EntityRef::Theme(t as usize)),
            );
            b.field("Year", "Рік", &s.year.map(|y| y.to_string()).unwrap_or_default());
            b.people(&s.people);
            b.field("Web", "Вебсайт", &s.url);
            b.sources(&s.seeds);
            b.links(
                "Related services",
                "Пов'язані послуги",
                related(ds, i).into_iter().map(EntityRef::Service),
            );
        }
        EntityRef::Library(i) => {
            let l = c.libraries.get(i)?;
            b.field("Kind", "Тип", l.kind.label(lang));
            b.field("Place", "Місце", &library_place(ds, i, lang));
            if let Some((lat, lon)) = l.coordinates {
                b.field("Coordinates", "Координати", &format!("{lat:.4}, {lon:.4}"));
            }
            b.paragraph(None, &l.summary);
            b.other_names(&l.other_names);
            b.links("Part of", "Належить до", ds.library_parent(i).map(EntityRef::Library));
            b.links(
                "Branches",
                "Філії",
                ds.library_branches(i).into_iter().map(EntityRef::Library),
            );
            b.links(
                "Organised or supported",
                "Організувала або підтримала",
                ds.library_programmes(i).into_iter().map(EntityRef::Programme),
            );
            b.people(&l.people);
            b.field("Web", "Вебсайт", &l.url);
            b.sources(&l.seeds);
            b.services(ds.library_services.get(i)?);
        }
        EntityRef::TargetGroup(i) => {
            let g = c.target_groups.get(i)?;
            b.paragraph(None, &g.summary);
            b.other_names(&g.other_names);
            let parent = g.parent.as_deref().and_then(|p| ds.get(p));
            b.links("Part of", "Належить до", parent);
            let children = c
                .target_groups
                .iter()
                .enumerate()
                .filter(|(_, x)| x.parent.as_deref() == Some(&*g.id))
                .map(|(j, _)| EntityRef::TargetGroup(j));
            b.links("Narrower groups", "Вужчі групи", children);
            b.services(ds.group_services.get(i)?);
        }
        EntityRef::Programme(i) => {
            let p = c.programmes.get(i)?;
            b.field("Kind", "Тип", p.kind.label(lang));
            b.paragraph(None, &p.summary);
            b.other_names(&p.other_names);
            b.paragraph(Some(("Description", "Опис")), &p.description);
            let organisations: Vec<EntityRef> = p
                .organisations
                .iter()
                .filter_map(|o| ds.get(o))
                .filter(|e| matches!(e, EntityRef::Library(_)))
                .collect();
            b.links("Organised or supported by", "Організатори та партнери", organisations);
            b.field("Organisers", "Організатори", &join_texts(&p.organisers, lang));
            b.field("Funders", "Фінансування", &join_texts(&p.funders, lang));
            let years = p
                .years
                .map(|(a, z)| if a == z { a.to_string() } else { format!("{a}–{z}") });
            b.field("Years", "Роки", &years.unwrap_or_default());
            b.paragraph(Some(("What it gives", "Що дає")), &p.gives);
            let parent = p.parent.as_deref().and_then(|x| ds.get(x));
            b.links("Part of", "Належить до", parent);
            let children = c
                .programmes
                .iter()
                .enumerate()
                .filter(|(_, x)| x.parent.as_deref() == Some(&*p.id))
                .map(|(j, _)| EntityRef::Programme(j));
            b.links("Includes", "Включає", children);
            let events: Vec<EntityRef> = p.presented_at.iter().filter_map(|e| ds.get(e)).collect();
            b.links("Presented at", "Представлено на", events);
            b.links(
                "Presented here",
                "Тут представлено",
                ds.presented_here(i).into_iter().map(EntityRef::Programme),
            );
            let themes: Vec<EntityRef> = p.themes.iter().filter_map(|t| ds.get(t)).collect();
            b.links("Themes", "Теми", themes);
            b.people(&p.people);
            b.field("Web", "Вебсайт", &p.url);
            b.sources(&p.seeds);
            b.services(ds.programme_services.get(i)?);
        }
        EntityRef::Theme(i) => {
            let t = c.themes.get(i)?;
            b.paragraph(None, &t.summary);
            b.other_names(&t.other_names);
            b.services(ds.theme_services.get(i)?);
        }
    }
    let (title, id) = name_and_id(ds, entity, lang);
    Some(Detail {
        entity,
        kind: kind_label(entity, lang).to_owned(),
        id,
        title,
        blocks: b.blocks,
    })
}

/// Other services that share a library, target group or programme with service `i`:
/// those sharing more come first, then catalogue order.
#[must_use]
pub fn related(ds: &Dataset, i: usize) -> Vec<usize> {
    let Some(me) = ds.links.get(i) else {
        return Vec::new();
    };
    // Only services on the lists of this one's libraries, groups and programmes can share
    // something, and at most as much as the lists they are on say (the group and programme
    // lists hold more: their sub-groups' services too). The candidates are scored from the
    // most they could share down, until a dozen share more than any left could: at 100,000
    // services the lists hold tens of thousands, of which a few dozen are looked at.
    let mut bound = vec![0u8; ds.links.len()];
    let mut add = |ids: &[u32], lists: &Lists, weight: u8| {
        for j in ids.iter().filter_map(|&x| lists.get(x as usize)).flatten() {
            if let Some(b) = bound.get_mut(*j as usize) {
                *b = b.saturating_add(weight);
            }
        }
    };
    add(me.libraries, &ds.library_services, 2);
    add(me.target_groups, &ds.group_services, 1);
    add(me.programmes, &ds.programme_services, 1);
    if let Some(b) = bound.get_mut(i) {
        *b = 0;
    }
    let top = bound.iter().copied().max().unwrap_or(0);
    let mut scored: Vec<(usize, usize)> = Vec::new();
    for level in (1..=top).rev() {
        for j in (0..bound.len()).filter(|&j| bound[j] == level) {
            let Some(other) = ds.links.get(j) else { continue };
            let shared = 2 * shared_count(me.libraries, other.libraries)
                + shared_count(me.target_groups, other.target_groups)
                + shared_count(me.programmes, other.programmes);
            if shared > 0 {
                scored.push((j, shared));
            }
        }
        // Every candidate left shares less than `level`.
        if scored
            .iter()
            .filter(|&&(_, shared)| shared >= usize::from(level))
            .count()
            >= RELATED
        {
            break;
        }
    }
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.into_iter().map(|(j, _)| j).take(RELATED).collect()
}

/// How many related services a service's detail lists.
const RELATED: usize = 12;

fn shared_count(a: &[u32], b: &[u32]) -> usize {
    a.iter().filter(|x| b.contains(x)).count()
}

/// What a line of a laid-out detail view is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// The title.
    Title,
    /// Kind and id under the title.
    Meta,
    /// A label above a paragraph or a list of links.
    Label,
    /// Plain text; the first `label` characters are a field label.
    Text {
        /// Characters at the start that are the label.
        label: usize,
    },
    /// Part of the link with this index (in [`Detail::links`] order).
    Link(usize),
    /// Empty.
    Blank,
}

/// One screen line of a detail view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailLine {
    /// What it is.
    pub kind: LineKind,
    /// Its text.
    pub text: String,
}

/// One part of a detail view before it is wrapped: its text, the indent of the lines it
/// wraps onto, and what it is.
struct Piece<'a> {
    text: Cow<'a, str>,
    indent: &'static str,
    kind: LineKind,
}

impl<'a> Piece<'a> {
    fn new(text: impl Into<Cow<'a, str>>, indent: &'static str, kind: LineKind) -> Self {
        Self {
            text: text.into(),
            indent,
            kind,
        }
    }

    /// The piece's lines at `width`; a field's label is on its first line only.
    fn wrapped(&self, width: usize) -> Vec<DetailLine> {
        if self.kind == LineKind::Blank {
            return vec![DetailLine {
                kind: LineKind::Blank,
                text: String::new(),
            }];
        }
        crate::export::wrap_hard(&self.text, width, self.indent)
            .lines()
            .enumerate()
            .map(|(i, line)| DetailLine {
                kind: match self.kind {
                    LineKind::Text { .. } if i > 0 => LineKind::Text { label: 0 },
                    other => other,
                },
                text: line.to_owned(),
            })
            .collect()
    }
}

/// A block's pieces, after the blank line that opens it; `first_link` is the number of its
/// first link among the view's links.
fn block_pieces(block: &Block, first_link: usize) -> Box<dyn Iterator<Item = Piece<'_>> + '_> {
    let blank = std::iter::once(Piece::new("", "", LineKind::Blank));
    match block {
        Block::Field { label, value } => {
            let label_len = label.chars().count() + 1;
            let text = format!("{label}: {value}");
            Box::new(blank.chain(std::iter::once(Piece::new(
                text,
                "",
                LineKind::Text { label: label_len },
            ))))
        }
        Block::Paragraph { label, text } => Box::new(
            blank
                .chain(label.iter().map(|l| Piece::new(l.as_str(), "", LineKind::Label)))
                .chain(
                    text.split('\n')
                        .map(|para| Piece::new(para, "", LineKind::Text { label: 0 })),
                ),
        ),
        Block::Links { label, items } => {
            Box::new(
                blank
                    .chain(std::iter::once(Piece::new(label.as_str(), "", LineKind::Label)))
                    .chain(items.iter().enumerate().map(move |(k, (text, _))| {
                        Piece::new(format!("› {text}"), "  ", LineKind::Link(first_link + k))
                    })),
            )
        }
    }
}

/// Lays a detail view out in lines of at most `width` characters (a word longer than the
/// width, such as an id, is broken over lines, never cut), one piece at a time: a pane
/// takes the lines it shows, not the thousands of links of a big theme's list below them.
pub fn layout(d: &Detail, width: u16) -> impl Iterator<Item = DetailLine> + '_ {
    let width = usize::from(width.max(8));
    let head = [
        Piece::new(d.title.as_str(), "", LineKind::Title),
        Piece::new(format!("{} · {}", d.kind, d.id), "", LineKind::Meta),
    ];
    let first_links = d.blocks.iter().scan(0, |next, block| {
        let first = *next;
        if let Block::Links { items, .. } = block {
            *next += items.len();
        }
        Some(first)
    });
    let body = d
        .blocks
        .iter()
        .zip(first_links)
        .flat_map(|(block, first)| block_pieces(block, first));
    head.into_iter().chain(body).flat_map(move |piece| piece.wrapped(width))
}

/// [`layout`], every line.
#[must_use]
pub fn lines(d: &Detail, width: u16) -> Vec<DetailLine> {
    layout(d, width).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Related services by the definition: every other service, scored.
    fn naive(ds: &Dataset, i: usize) -> Vec<usize> {
        let me = ds.links.get(i).unwrap();
        let mut scored: Vec<(usize, usize)> = (0..ds.links.len())
            .filter(|&j| j != i)
            .map(|j| {
                let other = ds.links.get(j).unwrap();
                let shared = 2 * shared_count(me.libraries, other.libraries)
                    + shared_count(me.target_groups, other.target_groups)
                    + shared_count(me.programmes, other.programmes);
                (j, shared)
            })
            .filter(|&(_, shared)| shared > 0)
            .collect();
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.into_iter().map(|(j, _)| j).take(12).collect()
    }

    #[test]
    fn related_from_the_lists_equals_related_from_every_service() {
        let ds = Dataset::new(crate::generate::catalogue(600, 9), Vec::new());
        for i in 0..600 {
            let found = related(&ds, i);
            assert_eq!(found, naive(&ds, i), "service {i}");
            assert!(!found.is_empty());
        }
        assert!(related(&ds, 600).is_empty());
    }
}
