//! The merged, validated catalogue with its relations resolved to indices.

use super::Problem;
use super::id::ByAddress;
use super::model::{Catalogue, Ids, Lang, ProgrammeKind, SourceDocument};

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

/// Lists of indices (`u32`, or `u16` where that is enough), one list per entry, stored back
/// to back in one buffer (compressed rows): two allocations however many lists there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lists<T = u32> {
    /// List `i` is `values[starts[i]..starts[i + 1]]`; empty when there are no lists.
    starts: Vec<u32>,
    values: Vec<T>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Self {
            starts: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T> Lists<T> {
    /// Lists built from each entry's iterator of indices.
    #[must_use]
    pub fn from_lists<I: IntoIterator<Item = T>>(lists: impl IntoIterator<Item = I>) -> Self {
        let mut out = Self::default();
        for list in lists {
            out.push(list);
        }
        out.shrink_to_fit();
        out
    }

    /// No lists yet, with room for `lists` lists of `values` indices in all.
    pub(crate) fn with_capacity(lists: usize, values: usize) -> Self {
        Self {
            starts: Vec::with_capacity(lists + 1),
            values: Vec::with_capacity(values),
        }
    }

    /// Appends one list.
    pub(crate) fn push(&mut self, list: impl IntoIterator<Item = T>) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.values.extend(list);
        self.starts.push(self.values.len() as u32);
    }

    /// Gives back the room a list built by [`Lists::push`] does not use.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.starts.shrink_to_fit();
        self.values.shrink_to_fit();
    }

    /// How many lists.
    #[must_use]
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// True when there are no lists.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// List `i`.
    #[must_use]
    pub fn get(&self, i: usize) -> Option<&[T]> {
        let (&start, &end) = (self.starts.get(i)?, self.starts.get(i + 1)?);
        self.values.get(start as usize..end as usize)
    }

    /// Every list, in order.
    #[must_use]
    pub fn iter(&self) -> Iter<'_, Self> {
        Iter {
            of: self,
            range: 0..self.len(),
        }
    }
}

impl<T> std::ops::Index<usize> for Lists<T> {
    type Output = [T];

    /// List `i`; panics when there is no such list, as a slice does.
    fn index(&self, i: usize) -> &[T] {
        let (start, end) = (self.starts[i], self.starts[i + 1]);
        &self.values[start as usize..end as usize]
    }
}

/// An iterator over the lists of [`Lists`] or the services of [`Links`].
#[derive(Debug, Clone)]
pub struct Iter<'a, T> {
    of: &'a T,
    range: std::ops::Range<usize>,
}

impl<'a, T> Iterator for Iter<'a, Lists<T>> {
    type Item = &'a [T];

    fn next(&mut self) -> Option<&'a [T]> {
        self.range.next().map(|i| self.of.get(i).unwrap_or_default())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl<'a, T> DoubleEndedIterator for Iter<'a, Lists<T>> {
    fn next_back(&mut self) -> Option<&'a [T]> {
        self.range.next_back().map(|i| self.of.get(i).unwrap_or_default())
    }
}

impl<T> ExactSizeIterator for Iter<'_, Lists<T>> {}

impl<'a> Iterator for Iter<'a, Links> {
    type Item = ServiceLinks<'a>;

    fn next(&mut self) -> Option<ServiceLinks<'a>> {
        self.range.next().map(|i| self.of.get(i).unwrap_or_default())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl<'a> DoubleEndedIterator for Iter<'a, Links> {
    fn next_back(&mut self) -> Option<ServiceLinks<'a>> {
        self.range.next_back().map(|i| self.of.get(i).unwrap_or_default())
    }
}

impl ExactSizeIterator for Iter<'_, Links> {}

impl<'a, T> IntoIterator for &'a Lists<T> {
    type Item = &'a [T];
    type IntoIter = Iter<'a, Lists<T>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A service's relations, as indices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceLinks<'a> {
    /// Into `catalogue.libraries`.
    pub libraries: &'a [u32],
    /// Into `catalogue.target_groups`.
    pub target_groups: &'a [u32],
    /// Into `catalogue.programmes`.
    pub programmes: &'a [u32],
    /// Into `catalogue.themes`.
    pub themes: &'a [u32],
}

/// Every service's relations, as indices ([`ServiceLinks`]), in one buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// Four lists per service: libraries, target groups, programmes, themes.
    lists: Lists,
}

impl Links {
    /// How many services.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lists.len() / 4
    }

    /// True when there are no services.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The relations of service `i`.
    #[must_use]
    pub fn get(&self, i: usize) -> Option<ServiceLinks<'_>> {
        let list = |k: usize| self.lists.get(i.checked_mul(4)? + k);
        Some(ServiceLinks {
            libraries: list(0)?,
            target_groups: list(1)?,
            programmes: list(2)?,
            themes: list(3)?,
        })
    }

    /// The relations of every service, in order.
    #[must_use]
    pub fn iter(&self) -> Iter<'_, Self> {
        Iter {
            of: self,
            range: 0..self.len(),
        }
    }
}

impl<'a> IntoIterator for &'a Links {
    type Item = ServiceLinks<'a>;
    type IntoIter = Iter<'a, Links>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
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
    /// `links.get(i)` belongs to `catalogue.services[i]`.
    pub links: Links,
    /// Services of each library, in catalogue order.
    pub library_services: Lists,
    /// Services of each target group or any of its sub-groups, in catalogue order.
    pub group_services: Lists,
    /// Services of each programme or any of its sub-programmes, in catalogue order.
    pub programme_services: Lists,
    /// Services of each theme, in catalogue order.
    pub theme_services: Lists,
    /// Catalogue updates that were left out because they do not fit.
    pub skipped: Vec<Skipped>,
    ids: IdTable,
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
            append(&mut all.themes, cat.themes);
            append(&mut all.target_groups, cat.target_groups);
            append(&mut all.programmes, cat.programmes);
            append(&mut all.libraries, cat.libraries);
            append(&mut all.services, cat.services);
            append(&mut all.sources, cat.sources);
        }
        Self::new(all, sources)
    }

    /// Resolves the relations of one catalogue. The pools that shared ids while reading it are
    /// emptied: the catalogue keeps what it shares.
    #[must_use]
    pub fn new(mut catalogue: Catalogue, sources: Vec<SourceSummary>) -> Self {
        // A parsed list may hold more room than it needs (twice, or the room a list joined from
        // a stream was given); it never grows again.
        catalogue.themes.shrink_to_fit();
        catalogue.target_groups.shrink_to_fit();
        catalogue.programmes.shrink_to_fit();
        catalogue.libraries.shrink_to_fit();
        catalogue.services.shrink_to_fit();
        let ids = IdTable::new(&catalogue);
        let c = &catalogue;
        // Services share their lists of ids (see `Ids`): each list is resolved once. A first
        // pass counts the indices, so that the lists are made at their size: grown by
        // doubling, they would leave their smaller copies free but kept by the process.
        let mut resolved = Resolved::default();
        let mut total = 0;
        for s in &c.services {
            total += resolved.get(c, &ids, &s.libraries, Kind::Library).len()
                + resolved.get(c, &ids, &s.target_groups, Kind::TargetGroup).len()
                + resolved.get(c, &ids, &s.programmes, Kind::Programme).len()
                + resolved.get(c, &ids, &s.themes, Kind::Theme).len();
        }
        let mut links = Lists::with_capacity(4 * c.services.len(), total);
        for s in &c.services {
            links.push(resolved.get(c, &ids, &s.libraries, Kind::Library).iter().copied());
            links.push(
                resolved
                    .get(c, &ids, &s.target_groups, Kind::TargetGroup)
                    .iter()
                    .copied(),
            );
            links.push(resolved.get(c, &ids, &s.programmes, Kind::Programme).iter().copied());
            links.push(resolved.get(c, &ids, &s.themes, Kind::Theme).iter().copied());
        }
        drop(resolved);
        let links = Links { lists: links };
        let [group_parent, programme_parent] = parents(c, |id| ids.get(c, id));
        let library_services = invert(c.libraries.len(), &links, |l| l.libraries, &[]);
        let group_services = invert(c.target_groups.len(), &links, |l| l.target_groups, &group_parent);
        let programme_services = invert(c.programmes.len(), &links, |l| l.programmes, &programme_parent);
        let theme_services = invert(c.themes.len(), &links, |l| l.themes, &[]);
        super::id::forget_pools();
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
        self.ids.get(&self.catalogue, id)
    }

    /// Looks up an id of any kind, or a retired id (one an entry had before another was
    /// merged into it: see `retired_ids`), which gives the entry it was merged into.
    #[must_use]
    pub fn resolve(&self, id: &str) -> Option<EntityRef> {
        self.get(id).or_else(|| {
            self.catalogue
                .programmes
                .iter()
                .position(|p| p.retired_ids.iter().any(|r| &**r == id))
                .map(EntityRef::Programme)
        })
    }

    /// The id an entry has now, for its id or a retired id ([`Dataset::resolve`]).
    #[must_use]
    pub fn current_id(&self, id: &str) -> Option<&str> {
        self.resolve(id).map(|e| id_of(&self.catalogue, e))
    }

    /// The source document with this file name (the last one, when several files give it).
    #[must_use]
    pub fn source_document(&self, file: &str) -> Option<&SourceDocument> {
        self.catalogue.sources.iter().rev().find(|d| &*d.file == file)
    }

    /// A seed file's document title in `lang` (or the other language), or the file name
    /// when the catalogue has no title for it.
    #[must_use]
    pub fn source_title<'a>(&'a self, file: &'a str, lang: Lang) -> &'a str {
        self.source_document(file)
            .map(|d| d.title.get(lang))
            .filter(|t| !t.is_empty())
            .unwrap_or(file)
    }

    /// The library system library `i` belongs to (its `parent`).
    #[must_use]
    pub fn library_parent(&self, i: usize) -> Option<usize> {
        let parent = self.catalogue.libraries.get(i)?.parent.as_deref()?;
        match self.get(parent)? {
            EntityRef::Library(p) => Some(p),
            _ => None,
        }
    }

    /// The libraries whose `parent` is library `i` (its branches), in catalogue order.
    #[must_use]
    pub fn library_branches(&self, i: usize) -> Vec<usize> {
        (0..self.catalogue.libraries.len())
            .filter(|&b| self.library_parent(b) == Some(i))
            .collect()
    }

    /// The programmes that name library `i` among their `organisations`, in catalogue order.
    #[must_use]
    pub fn library_programmes(&self, i: usize) -> Vec<usize> {
        let Some(id) = self.catalogue.libraries.get(i).map(|l| &*l.id) else {
            return Vec::new();
        };
        self.programmes_where(|p| p.organisations.iter().any(|o| &**o == id))
    }

    /// The programmes presented at event `i` (that name it in `presented_at`).
    #[must_use]
    pub fn presented_here(&self, i: usize) -> Vec<usize> {
        let Some(event) = self.catalogue.programmes.get(i) else {
            return Vec::new();
        };
        if event.kind != ProgrammeKind::Event {
            return Vec::new();
        }
        let id = &*event.id;
        self.programmes_where(|p| p.presented_at.iter().any(|e| &**e == id))
    }

    fn programmes_where(&self, f: impl Fn(&super::model::Programme) -> bool) -> Vec<usize> {
        self.catalogue
            .programmes
            .iter()
            .enumerate()
            .filter(|(_, p)| f(p))
            .map(|(i, _)| i)
            .collect()
    }
}

/// The parent of each target group and of each programme (by index), found with `get`; a
/// parent that is not a group (programme) is none.
pub(crate) fn parents(c: &Catalogue, get: impl Fn(&str) -> Option<EntityRef>) -> [Vec<Option<u32>>; 2] {
    let groups = c
        .target_groups
        .iter()
        .map(|g| match g.parent.as_deref().and_then(&get) {
            Some(EntityRef::TargetGroup(i)) => Some(i as u32),
            _ => None,
        })
        .collect();
    let programmes = c
        .programmes
        .iter()
        .map(|p| match p.parent.as_deref().and_then(&get) {
            Some(EntityRef::Programme(i)) => Some(i as u32),
            _ => None,
        })
        .collect();
    [groups, programmes]
}

/// What a relation list names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Library,
    TargetGroup,
    Programme,
    Theme,
}

/// Relation lists resolved to indices, by list (the lists are kept here, so that their
/// addresses stay theirs). The indices of every list are stored back to back in one buffer.
#[derive(Default)]
struct Resolved {
    /// Each list's first index in `indices` and its length.
    lists: ByAddress<(*const (), Kind), (Ids, u32, u32)>,
    indices: Vec<u32>,
}

impl Resolved {
    /// The indices of the entries of kind `kind` that `list` names, in its order.
    fn get(&mut self, c: &Catalogue, ids: &IdTable, list: &Ids, kind: Kind) -> &[u32] {
        let indices = &mut self.indices;
        let &mut (_, start, len) = self.lists.entry((list.as_ptr(), kind)).or_insert_with(|| {
            let start = indices.len();
            indices.extend(list.iter().filter_map(|id| match (kind, ids.get(c, id)?) {
                (Kind::Library, EntityRef::Library(i))
                | (Kind::TargetGroup, EntityRef::TargetGroup(i))
                | (Kind::Programme, EntityRef::Programme(i))
                | (Kind::Theme, EntityRef::Theme(i)) => Some(i as u32),
                _ => None,
            }));
            (list.clone(), start as u32, (indices.len() - start) as u32)
        });
        self.indices
            .get(start as usize..(start + len) as usize)
            .unwrap_or_default()
    }
}

/// Moves `more` to the end of `all`. The longer list's buffer is kept (a big file merged
/// after the bundled catalogue is not copied into a second buffer of its size).
fn append<T>(all: &mut Vec<T>, mut more: Vec<T>) {
    if all.len() < more.len() {
        more.splice(0..0, std::mem::take(all));
        *all = more;
    } else {
        all.append(&mut more);
    }
}

/// For each target, the services that link to it or to one of its descendants.
fn invert(len: usize, links: &Links, field: fn(ServiceLinks<'_>) -> &[u32], parents: &[Option<u32>]) -> Lists {
    // Calls `f(target)` for each target of service `s` and their ancestors, once per
    // service and target; `last` remembers the last service seen for each target.
    let walk = |last: &mut [u32], f: &mut dyn FnMut(usize, u32)| {
        last.fill(u32::MAX);
        for (s, l) in links.iter().enumerate() {
            let s = s as u32;
            for &target in field(l) {
                // Walk up the parents; the bound stops a loop that validation would report.
                let mut current = Some(target);
                for _ in 0..=len {
                    let Some(t) = current else { break };
                    let t = t as usize;
                    if let Some(seen) = last.get_mut(t)
                        && *seen != s
                    {
                        *seen = s;
                        f(t, s);
                    }
                    current = parents.get(t).copied().flatten();
                }
            }
        }
    };
    let mut last = vec![u32::MAX; len];
    let mut starts = vec![0u32; len + 1];
    walk(&mut last, &mut |t, _| starts[t + 1] += 1);
    for i in 0..len {
        starts[i + 1] += starts[i];
    }
    let mut values = vec![0u32; starts[len] as usize];
    let mut next = starts.clone();
    walk(&mut last, &mut |t, s| {
        values[next[t] as usize] = s;
        next[t] += 1;
    });
    Lists { starts, values }
}

/// Every entity's index by id, without a copy of the ids: an open-addressing hash table of
/// entity numbers (themes first, then target groups, programmes, libraries, services), whose
/// keys are read from the catalogue.
#[derive(Debug, Clone, Default)]
struct IdTable {
    /// Entity number + 1; 0 is an empty slot. The length is a power of two.
    slots: Vec<u32>,
}

impl IdTable {
    fn new(c: &Catalogue) -> Self {
        let total = c.themes.len() + c.target_groups.len() + c.programmes.len() + c.libraries.len() + c.services.len();
        let mut table = Self {
            // At most four fifths full.
            slots: vec![0; (total + total / 4 + 1).next_power_of_two().max(8)],
        };
        for n in 0..total {
            if let Some(id) = entity(c, n as u32).map(|e| id_of(c, e)) {
                table.insert(c, id, n as u32);
            }
        }
        table
    }

    /// Adds entity `n`; a later entity with the same id replaces the earlier one.
    fn insert(&mut self, c: &Catalogue, id: &str, n: u32) {
        let mask = self.slots.len() - 1;
        let mut i = hash(id) & mask;
        loop {
            match self.slots[i] {
                0 => break,
                other if entity(c, other - 1).is_some_and(|e| id_of(c, e) == id) => break,
                _ => i = (i + 1) & mask,
            }
        }
        self.slots[i] = n + 1;
    }

    fn get(&self, c: &Catalogue, id: &str) -> Option<EntityRef> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = hash(id) & mask;
        loop {
            let n = *self.slots.get(i)?;
            let e = entity(c, n.checked_sub(1)?)?;
            if id_of(c, e) == id {
                return Some(e);
            }
            i = (i + 1) & mask;
        }
    }
}

fn hash(id: &str) -> usize {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish() as usize
}

/// An [`EntityRef`] variant.
type MakeRef = fn(usize) -> EntityRef;

/// The entity with number `n` (see [`IdTable`]).
fn entity(c: &Catalogue, n: u32) -> Option<EntityRef> {
    let mut n = n as usize;
    let kinds: [(usize, MakeRef); 5] = [
        (c.themes.len(), EntityRef::Theme),
        (c.target_groups.len(), EntityRef::TargetGroup),
        (c.programmes.len(), EntityRef::Programme),
        (c.libraries.len(), EntityRef::Library),
        (c.services.len(), EntityRef::Service),
    ];
    for (len, make) in kinds {
        if n < len {
            return Some(make(n));
        }
        n -= len;
    }
    None
}

fn id_of(c: &Catalogue, e: EntityRef) -> &str {
    let id = match e {
        EntityRef::Theme(i) => c.themes.get(i).map(|x| &x.id),
        EntityRef::TargetGroup(i) => c.target_groups.get(i).map(|x| &x.id),
        EntityRef::Programme(i) => c.programmes.get(i).map(|x| &x.id),
        EntityRef::Library(i) => c.libraries.get(i).map(|x| &x.id),
        EntityRef::Service(i) => c.services.get(i).map(|x| &x.id),
    };
    id.map_or("", |id| id)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Library, Service, TargetGroup};

    #[test]
    fn merging_keeps_file_order_whichever_file_is_longer() {
        let mut all = vec![1, 2];
        append(&mut all, vec![3, 4, 5]);
        assert_eq!(all, [1, 2, 3, 4, 5]);
        append(&mut all, vec![6]);
        assert_eq!(all, [1, 2, 3, 4, 5, 6]);
        let mut empty = Vec::new();
        append(&mut empty, vec![7]);
        assert_eq!(empty, [7]);
    }

    #[test]
    fn lists_hold_each_list_in_order() {
        let lists: Lists = Lists::from_lists([vec![3, 1], vec![], vec![7]]);
        assert_eq!(lists.len(), 3);
        assert_eq!(lists.get(0), Some(&[3, 1][..]));
        assert!(lists[1].is_empty());
        assert_eq!(lists.get(3), None);
        assert_eq!(lists.iter().rev().map(<[u32]>::len).collect::<Vec<_>>(), [1, 0, 2]);
        assert!(Lists::<u16>::default().is_empty());
        assert_eq!(Lists::<u16>::default().get(0), None);
    }

    #[test]
    fn relations_resolve_and_ids_are_found_by_kind() {
        let library = |id: &str| Library {
            id: id.into(),
            ..Library::default()
        };
        let service = |id: &str, libraries: &[&str], groups: &[&str]| Service {
            id: id.into(),
            libraries: libraries.iter().copied().collect(),
            target_groups: groups.iter().copied().collect(),
            ..Service::default()
        };
        let catalogue = Catalogue {
            libraries: vec![library("a"), library("b")],
            target_groups: vec![
                TargetGroup {
                    id: "young".into(),
                    ..TargetGroup::default()
                },
                TargetGroup {
                    id: "teens".into(),
                    parent: Some("young".into()),
                    ..TargetGroup::default()
                },
            ],
            services: vec![
                service("s0", &["b", "a", "unknown"], &["teens"]),
                service("s1", &["b"], &["young", "b"]),
                service("s2", &["b", "a", "unknown"], &[]),
            ],
            ..Catalogue::default()
        };
        let ds = Dataset::new(catalogue, Vec::new());
        let links: Vec<ServiceLinks<'_>> = ds.links.iter().collect();
        assert_eq!(links.len(), 3);
        assert_eq!((links[0].libraries, links[0].target_groups), (&[1, 0][..], &[1][..]));
        assert_eq!((links[1].libraries, links[1].target_groups), (&[1][..], &[0][..]));
        assert_eq!(links[2].libraries, [1, 0]);
        assert_eq!(ds.library_services[0], [0, 2]);
        assert_eq!(ds.library_services[1], [0, 1, 2]);
        // A service of a sub-group counts for its parent, once.
        assert_eq!(ds.group_services[0], [0, 1]);
        assert_eq!(ds.group_services[1], [0]);
        assert_eq!(ds.get("b"), Some(EntityRef::Library(1)));
        assert_eq!(ds.get("teens"), Some(EntityRef::TargetGroup(1)));
        assert_eq!(ds.get("s2"), Some(EntityRef::Service(2)));
        assert_eq!(ds.get("unknown"), None);
        assert_eq!(ds.get(""), None);
    }

    #[test]
    fn a_later_entry_with_the_same_id_wins_as_it_did_in_a_map() {
        let catalogue = Catalogue {
            libraries: vec![Library {
                id: "x".into(),
                ..Library::default()
            }],
            services: vec![
                Service {
                    id: "x".into(),
                    ..Service::default()
                },
                Service {
                    id: "x".into(),
                    ..Service::default()
                },
            ],
            ..Catalogue::default()
        };
        assert_eq!(
            Dataset::new(catalogue, Vec::new()).get("x"),
            Some(EntityRef::Service(1))
        );
        let many = Catalogue {
            services: (0..5000)
                .map(|i| Service {
                    id: format!("s{i}").into(),
                    ..Service::default()
                })
                .collect(),
            ..Catalogue::default()
        };
        let ds = Dataset::new(many, Vec::new());
        assert!((0..5000).all(|i| ds.get(&format!("s{i}")) == Some(EntityRef::Service(i))));
        assert_eq!(ds.get("s5000"), None);
    }
}
