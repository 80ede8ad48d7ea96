//! Facets: the values a service can be narrowed by, and the filters the user set.
//!
//! Several values of one facet combine with OR, different facets with AND; any value can
//! be excluded instead (NOT). A service tagged with a sub-group (or sub-programme) also
//! counts for its parent.

use std::collections::{BTreeSet, HashMap};

use crate::catalogue::{Dataset, EntityRef, Lang, Library, Lists, Service, ServiceLinks, Text, country_name};
use crate::i18n::{capitalised, tr};
use crate::search::EntryKind;

/// A dimension to filter services by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    /// Who the service is for.
    TargetGroup,
    /// Which library runs it.
    Library,
    /// The library's country.
    Country,
    /// The library's region or oblast.
    Region,
    /// The programme it belongs to.
    Programme,
    /// Its themes.
    Theme,
    /// The year it started.
    Year,
    /// The kind of entry: service, library, target group, programme, theme.
    Kind,
}

/// How many facets there are.
const FACETS: usize = Facet::ALL.len();

impl Facet {
    /// Every facet, in display order.
    pub const ALL: [Self; 8] = [
        Self::TargetGroup,
        Self::Library,
        Self::Country,
        Self::Region,
        Self::Programme,
        Self::Theme,
        Self::Year,
        Self::Kind,
    ];

    /// Display name.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::TargetGroup => tr(lang, "Target group", "Цільова група"),
            Self::Library => tr(lang, "Library", "Бібліотека"),
            Self::Country => tr(lang, "Country", "Країна"),
            Self::Region => tr(lang, "Region", "Регіон"),
            Self::Programme => tr(lang, "Programme", "Програма"),
            Self::Theme => tr(lang, "Theme", "Тема"),
            Self::Year => tr(lang, "Year", "Рік"),
            Self::Kind => tr(lang, "Kind of entry", "Вид запису"),
        }
    }

    const fn slot(self) -> usize {
        self as usize
    }
}

/// One value of a facet.
#[derive(Debug, Clone, PartialEq)]
pub struct FacetValue {
    /// The id (entities), the country code, `CC:region` or the year.
    pub key: String,
    /// Display name.
    pub label: Text,
    /// Nesting depth under a parent value (target groups, programmes).
    pub depth: u8,
}

/// Every facet's values and which services carry them; built once per dataset.
///
/// The values of all facets are numbered in one sequence, facet after facet (`base`); each
/// service's values are one sorted run of those numbers in `of_services` (compressed rows),
/// so counting visits one short slice per service.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    values: [Vec<FacetValue>; FACETS],
    /// Facet `f`'s values are numbered from `base[f]` up to `base[f + 1]`.
    base: [u32; FACETS + 1],
    /// Each service's value numbers, ascending.
    of_services: Runs,
    /// How many services carry each value (by value number), with no filter.
    totals: Vec<u32>,
}

/// Each service's value numbers: two bytes each when there are few enough values (there
/// are hundreds, or some thousands, however many services there are).
#[derive(Debug, Clone)]
enum Runs {
    Narrow(Lists<u16>),
    Wide(Lists<u32>),
}

impl Default for Runs {
    fn default() -> Self {
        Self::Narrow(Lists::default())
    }
}

impl Runs {
    /// The value numbers of a service, ascending.
    fn of(&self, service: usize) -> Run<'_> {
        match self {
            Self::Narrow(lists) => Run::Narrow(lists.get(service).unwrap_or_default()),
            Self::Wide(lists) => Run::Wide(lists.get(service).unwrap_or_default()),
        }
    }
}

/// The value numbers of one service.
#[derive(Debug, Clone, Copy)]
enum Run<'a> {
    Narrow(&'a [u16]),
    Wide(&'a [u32]),
}

impl Run<'_> {
    /// The numbers from `from` up to `to`.
    fn between(self, from: u32, to: u32) -> Self {
        fn part<T: Copy + Into<u32>>(run: &[T], from: u32, to: u32) -> &[T] {
            let start = run.partition_point(|&n| n.into() < from);
            let rest = run.get(start..).unwrap_or_default();
            rest.get(..rest.partition_point(|&n| n.into() < to)).unwrap_or_default()
        }
        match self {
            Self::Narrow(run) => Self::Narrow(part(run, from, to)),
            Self::Wide(run) => Self::Wide(part(run, from, to)),
        }
    }

    fn iter(self) -> impl Iterator<Item = u32> {
        let (narrow, wide) = match self {
            Self::Narrow(run) => (run, &[][..]),
            Self::Wide(run) => (&[][..], run),
        };
        narrow.iter().map(|&n| u32::from(n)).chain(wide.iter().copied())
    }
}

impl Facets {
    /// Collects the values of every facet.
    #[must_use]
    pub fn new(ds: &Dataset) -> Self {
        Self::build(ds, u32::from(u16::MAX) + 1)
    }

    /// [`Facets::new`], keeping value numbers in two bytes when there are at most
    /// `narrow` values.
    fn build(ds: &Dataset, narrow: u32) -> Self {
        let c = &ds.catalogue;
        let [group_parent, programme_parent] = crate::catalogue::parents(c, |id| ds.get(id));
        let mut values: [Vec<FacetValue>; FACETS] = Default::default();
        values[Facet::TargetGroup.slot()] = c
            .target_groups
            .iter()
            .zip(depths(&group_parent))
            .map(|(g, depth)| FacetValue::new(&g.id, g.name.clone(), depth))
            .collect();
        values[Facet::Library.slot()] = c
            .libraries
            .iter()
            .map(|l| FacetValue::new(&l.id, l.name.clone(), 0))
            .collect();
        values[Facet::Programme.slot()] = c
            .programmes
            .iter()
            .zip(depths(&programme_parent))
            .map(|(p, depth)| FacetValue::new(&p.id, p.name.clone(), depth))
            .collect();
        values[Facet::Theme.slot()] = c
            .themes
            .iter()
            .map(|t| FacetValue::new(&t.id, t.name.clone(), 0))
            .collect();

        // Countries and regions are numbered in the order the services first name them.
        let mut places = Places::default();
        let mut of_library: Vec<Option<(Option<u32>, Option<u32>)>> = vec![None; c.libraries.len()];
        for links in &ds.links {
            for &l in links.libraries {
                if let (Some(slot @ None), Some(lib)) = (of_library.get_mut(l as usize), c.libraries.get(l as usize)) {
                    *slot = Some(places.add(lib));
                }
            }
        }
        values[Facet::Country.slot()] = places.countries;
        values[Facet::Region.slot()] = places.regions;
        // Years in key order (their text's order).
        let mut years: Vec<u16> = c.services.iter().filter_map(|s| s.year).collect();
        years.sort_unstable();
        years.dedup();
        let mut years: Vec<(String, u16)> = years.into_iter().map(|y| (y.to_string(), y)).collect();
        years.sort_unstable();
        values[Facet::Year.slot()] = years
            .iter()
            .map(|(y, _)| FacetValue::new(y, Text::new(y, y), 0))
            .collect();

        // Kinds of entry, services first: every service carries the first.
        values[Facet::Kind.slot()] = EntryKind::ALL
            .iter()
            .map(|k| {
                let (uk, en) = (capitalised(k.label(Lang::Uk)), capitalised(k.label(Lang::En)));
                FacetValue::new(k.key(), Text::new(&uk, &en), 0)
            })
            .collect();
        let mut base = [0u32; FACETS + 1];
        for f in Facet::ALL {
            base[f.slot() + 1] = base[f.slot()] + values[f.slot()].len() as u32;
        }
        let number = |f: Facet, v: u32| base[f.slot()] + v;
        let year_value: HashMap<u16, u32> = years.iter().enumerate().map(|(v, &(_, y))| (y, v as u32)).collect();
        // Each service's values, into `run`.
        let fill = |run: &mut Vec<u32>, service: &Service, links: ServiceLinks<'_>| {
            run.clear();
            with_ancestors(links.target_groups, &group_parent, |g| {
                run.push(number(Facet::TargetGroup, g));
            });
            for &l in links.libraries {
                run.push(number(Facet::Library, l));
                if let Some(Some((country, region))) = of_library.get(l as usize) {
                    run.extend(country.map(|v| number(Facet::Country, v)));
                    run.extend(region.map(|v| number(Facet::Region, v)));
                }
            }
            with_ancestors(links.programmes, &programme_parent, |p| {
                run.push(number(Facet::Programme, p));
            });
            run.extend(links.themes.iter().map(|&t| number(Facet::Theme, t)));
            if let Some(v) = service.year.and_then(|y| year_value.get(&y)) {
                run.push(number(Facet::Year, *v));
            }
            run.push(number(Facet::Kind, EntryKind::Service as u32));
            run.sort_unstable();
            run.dedup();
        };
        let mut run = Vec::new();
        let services = c.services.iter().zip(&ds.links);
        let of_services = if base[FACETS] <= narrow {
            let mut lists = Lists::default();
            for (service, links) in services {
                fill(&mut run, service, links);
                lists.push(run.iter().map(|&n| n as u16));
            }
            lists.shrink_to_fit();
            Runs::Narrow(lists)
        } else {
            let mut lists = Lists::default();
            for (service, links) in services {
                fill(&mut run, service, links);
                lists.push(run.iter().copied());
            }
            lists.shrink_to_fit();
            Runs::Wide(lists)
        };
        let mut facets = Self {
            values,
            base,
            of_services,
            totals: Vec::new(),
        };
        let every: Vec<usize> = (0..c.services.len()).collect();
        let mut totals = vec![0; base[FACETS] as usize];
        facets.count_runs(&every, None, &mut totals);
        facets.totals = totals;
        facets
    }

    /// The values of a facet, in display order.
    #[must_use]
    pub fn values(&self, facet: Facet) -> &[FacetValue] {
        &self.values[facet.slot()]
    }

    /// The index of the value with this key (an id, a country code, a year).
    #[must_use]
    pub fn find(&self, facet: Facet, key: &str) -> Option<u32> {
        let values = self.values(facet);
        values
            .iter()
            .position(|v| v.key == key)
            .or_else(|| values.iter().position(|v| v.key.eq_ignore_ascii_case(key)))
            .map(|i| i as u32)
    }

    /// The values a service carries for a facet, ascending.
    pub fn of_service(&self, facet: Facet, service: usize) -> impl Iterator<Item = u32> + '_ {
        let (from, to) = (self.base[facet.slot()], self.base[facet.slot() + 1]);
        self.of_services
            .of(service)
            .between(from, to)
            .iter()
            .map(move |n| n - from)
    }

    /// For each value of `facet`, how many of `services` pass the other facets' filters
    /// and carry that value: what selecting it would give.
    #[must_use]
    pub fn counts(&self, filters: &Filters, services: &[usize], facet: Facet) -> Vec<usize> {
        self.all_counts(filters, services).swap_remove(facet.slot())
    }

    /// [`Facets::counts`] for every facet (in [`Facet::ALL`] order), in one pass over the
    /// services: each service is checked against the filters once, and counts for a facet
    /// when it fails no other facet.
    #[must_use]
    pub fn all_counts(&self, filters: &Filters, services: &[usize]) -> Vec<Vec<usize>> {
        let mut counts = vec![0u32; self.base[FACETS] as usize];
        let passing = (!filters.is_empty()).then(|| self.passing(filters));
        let all = self.totals.len() == counts.len();
        let distinct_ascending =
            services.windows(2).all(|w| w[0] < w[1]) && services.last().is_none_or(|&s| s < self.services());
        if passing.is_none() && all && services.len() > self.services() / 2 && distinct_ascending {
            // Most of the catalogue, with no filter (a word's first letters): every service's
            // counts, less those of the services left out, which are few.
            counts.copy_from_slice(&self.totals);
            let mut found = services.iter().copied().peekable();
            let left_out: Vec<usize> = (0..self.services())
                .filter(|&s| found.next_if_eq(&s).is_none())
                .collect();
            let mut taken = vec![0u32; counts.len()];
            self.count_runs(&left_out, None, &mut taken);
            for (c, t) in counts.iter_mut().zip(taken) {
                *c = c.saturating_sub(t);
            }
        } else {
            self.count_runs(services, passing.as_ref(), &mut counts);
        }
        Facet::ALL
            .iter()
            .map(|f| {
                let (from, to) = (self.base[f.slot()] as usize, self.base[f.slot() + 1] as usize);
                counts
                    .get(from..to)
                    .unwrap_or_default()
                    .iter()
                    .map(|&c| c as usize)
                    .collect()
            })
            .collect()
    }
}

/// Filters made ready to check many services: each value marked included or excluded, so
/// that a service is checked in one pass over its values.
#[derive(Debug, Clone)]
pub struct Passing<'a> {
    facets: &'a Facets,
    /// For each value number, its facet's bit (`1 << slot`): in the low byte when the value
    /// is included, in the high byte when it is excluded.
    marks: Vec<u16>,
    /// The facets (bit per slot) some of whose values are included.
    must_include: u8,
}

impl Passing<'_> {
    /// The facets (bit per slot) whose filter the service fails.
    fn failed(&self, service: usize) -> u8 {
        match self.facets.of_services.of(service) {
            Run::Narrow(run) => self.failed_run(run),
            Run::Wide(run) => self.failed_run(run),
        }
    }

    fn failed_run<T: Copy + Into<u32>>(&self, run: &[T]) -> u8 {
        let marked = run.iter().fold(0u16, |all, &n| {
            all | self.marks.get(n.into() as usize).copied().unwrap_or(0)
        });
        let [included, excluded] = marked.to_le_bytes();
        (self.must_include & !included) | excluded
    }

    /// True when the service passes every facet ([`Filters::passes`]).
    #[must_use]
    pub fn passes(&self, service: usize) -> bool {
        self.failed(service) == 0
    }

    /// True when the service passes every facet but `skip` ([`Filters::passes_except`]).
    #[must_use]
    pub fn passes_except(&self, service: usize, skip: Facet) -> bool {
        self.failed(service) & !(1 << skip.slot()) == 0
    }
}

/// Which entries pass the filters: a service when it passes every facet; a library, target
/// group, programme or theme when its kind passes the kind facet and at least one of its
/// services (those of its narrower groups or programmes too) passes every other facet (with
/// no filter, every entry passes).
#[derive(Debug, Clone)]
pub struct EntriesPassing<'a> {
    passing: Passing<'a>,
    filters: &'a Filters,
    /// Per kind of entry other than services (libraries, target groups, programmes,
    /// themes): which have a service that passes every facet but the kind; `None` when no
    /// such facet is filtered.
    others: Option<[Vec<bool>; 4]>,
}

impl<'a> EntriesPassing<'a> {
    /// The entries that pass `filters`.
    #[must_use]
    pub fn new(facets: &'a Facets, ds: &Dataset, filters: &'a Filters) -> Self {
        let passing = facets.passing(filters);
        let others = filters.active().any(|(f, _, _)| f != Facet::Kind).then(|| {
            let c = &ds.catalogue;
            let mut others = [
                vec![false; c.libraries.len()],
                vec![false; c.target_groups.len()],
                vec![false; c.programmes.len()],
                vec![false; c.themes.len()],
            ];
            // A broader group or programme has the services of its narrower ones, as the
            // facets and `list` count them.
            let [group_parent, programme_parent] = crate::catalogue::parents(c, |id| ds.get(id));
            for (service, links) in ds.links.iter().enumerate() {
                if !passing.passes_except(service, Facet::Kind) {
                    continue;
                }
                let [libraries, groups, programmes, themes] = &mut others;
                let mark = |list: &mut Vec<bool>, i: u32| {
                    if let Some(m) = list.get_mut(i as usize) {
                        *m = true;
                    }
                };
                links.libraries.iter().for_each(|&i| mark(libraries, i));
                with_ancestors(links.target_groups, &group_parent, |i| mark(groups, i));
                with_ancestors(links.programmes, &programme_parent, |i| mark(programmes, i));
                links.themes.iter().for_each(|&i| mark(themes, i));
            }
            others
        });
        Self {
            passing,
            filters,
            others,
        }
    }

    /// True when `entry` passes.
    #[must_use]
    pub fn passes(&self, entry: EntityRef) -> bool {
        if self.filters.is_empty() {
            return true;
        }
        match entry {
            EntityRef::Service(s) => self.passing.passes(s),
            other => self.passes_others(other) && self.kind_passes(EntryKind::of(other)),
        }
    }

    /// True when `entry` passes every facet but the kind.
    fn passes_but_kind(&self, entry: EntityRef) -> bool {
        if self.filters.is_empty() {
            return true;
        }
        match entry {
            EntityRef::Service(s) => self.passing.passes_except(s, Facet::Kind),
            other => self.passes_others(other),
        }
    }

    /// True when an entry other than a service has a service that passes the other facets.
    fn passes_others(&self, entry: EntityRef) -> bool {
        let (kind, i) = match entry {
            EntityRef::Service(_) => return true,
            EntityRef::Library(i) => (0, i),
            EntityRef::TargetGroup(i) => (1, i),
            EntityRef::Programme(i) => (2, i),
            EntityRef::Theme(i) => (3, i),
        };
        self.others
            .as_ref()
            .is_none_or(|o| o[kind].get(i).copied().unwrap_or(false))
    }

    /// True when the kind facet lets entries of `kind` through.
    fn kind_passes(&self, kind: EntryKind) -> bool {
        let state = self.filters.state(Facet::Kind, kind as u32);
        let any_included = self
            .filters
            .active()
            .any(|(f, _, excluded)| f == Facet::Kind && !excluded);
        state != ValueState::Excluded && (!any_included || state == ValueState::Included)
    }

    /// For each kind of entry ([`EntryKind::ALL`] order), how many of `entries` pass every
    /// other facet: the kind facet's counts.
    pub fn kind_counts(&self, entries: impl Iterator<Item = EntityRef>) -> Vec<usize> {
        let mut counts = vec![0; EntryKind::ALL.len()];
        for entry in entries.filter(|&e| self.passes_but_kind(e)) {
            counts[EntryKind::of(entry) as usize] += 1;
        }
        counts
    }
}

impl Facets {
    /// The filters, made ready to check many services.
    #[must_use]
    pub fn passing(&self, filters: &Filters) -> Passing<'_> {
        let mut marks = vec![0u16; self.base[FACETS] as usize];
        let mut must_include = 0u8;
        for (facet, v, excluded) in filters.active() {
            let bit = 1u8 << facet.slot();
            if let Some(m) = marks.get_mut((self.base[facet.slot()] + v) as usize) {
                *m |= u16::from_le_bytes(if excluded { [0, bit] } else { [bit, 0] });
            }
            if !excluded {
                must_include |= bit;
            }
        }
        Passing {
            facets: self,
            marks,
            must_include,
        }
    }

    /// The number of services.
    fn services(&self) -> usize {
        match &self.of_services {
            Runs::Narrow(lists) => lists.len(),
            Runs::Wide(lists) => lists.len(),
        }
    }

    /// [`Facets::count`] in the runs as they are stored.
    fn count_runs(&self, services: &[usize], passing: Option<&Passing<'_>>, counts: &mut [u32]) {
        match &self.of_services {
            Runs::Narrow(lists) => self.count(lists, services, passing, counts),
            Runs::Wide(lists) => self.count(lists, services, passing, counts),
        }
    }

    /// Adds to `counts` (by value number) the values of each service that fails no other
    /// facet than theirs under the filters (none: every service counts).
    fn count<T: Copy + Into<u32>>(
        &self,
        runs: &Lists<T>,
        services: &[usize],
        passing: Option<&Passing<'_>>,
        counts: &mut [u32],
    ) {
        let mut add = |n: T| {
            if let Some(c) = counts.get_mut(n.into() as usize) {
                *c += 1;
            }
        };
        let runs = services.iter().map(|&s| runs.get(s).unwrap_or_default());
        let Some(passing) = passing else {
            for run in runs {
                run.iter().copied().for_each(&mut add);
            }
            return;
        };
        for run in runs {
            let failed = passing.failed_run(run);
            if failed == 0 {
                run.iter().copied().for_each(&mut add);
            } else if failed.is_power_of_two() {
                // Fails one facet only: counts for that facet's values.
                let slot = failed.trailing_zeros() as usize;
                let values = self.base[slot]..self.base[slot + 1];
                run.iter()
                    .copied()
                    .filter(|&n| values.contains(&n.into()))
                    .for_each(&mut add);
            }
        }
    }
}

impl FacetValue {
    fn new(key: &str, label: Text, depth: u8) -> Self {
        Self {
            key: key.to_owned(),
            label,
            depth,
        }
    }
}

/// Calls `f` once for each of `items` and each of their ancestors in `parents`.
fn with_ancestors(items: &[u32], parents: &[Option<u32>], mut f: impl FnMut(u32)) {
    for &item in items {
        let mut current = Some(item);
        // The bound stops a loop that validation would report.
        for _ in 0..=parents.len() {
            let Some(i) = current else { break };
            f(i);
            current = parents.get(i as usize).copied().flatten();
        }
    }
}

/// The country and region values, numbered as they are first met.
#[derive(Default)]
struct Places {
    countries: Vec<FacetValue>,
    regions: Vec<FacetValue>,
    country_index: HashMap<String, u32>,
    region_index: HashMap<String, u32>,
}

impl Places {
    /// The country and region values of a library.
    fn add(&mut self, lib: &Library) -> (Option<u32>, Option<u32>) {
        let country = (!lib.country.is_empty()).then(|| {
            Self::value(&mut self.country_index, &mut self.countries, &lib.country, || {
                Text::new(
                    country_name(&lib.country, Lang::Uk),
                    country_name(&lib.country, Lang::En),
                )
            })
        });
        let region = (!lib.region.is_empty()).then(|| {
            let key = format!("{}:{}", lib.country, lib.region.get(Lang::En));
            Self::value(&mut self.region_index, &mut self.regions, &key, || lib.region.clone())
        });
        (country, region)
    }

    fn value(
        index: &mut HashMap<String, u32>,
        values: &mut Vec<FacetValue>,
        key: &str,
        label: impl FnOnce() -> Text,
    ) -> u32 {
        *index.entry(key.to_owned()).or_insert_with(|| {
            values.push(FacetValue::new(key, label(), 0));
            values.len() as u32 - 1
        })
    }
}

/// Nesting depth of each entry in a parent forest (loops are cut at the list length).
fn depths(parents: &[Option<u32>]) -> impl Iterator<Item = u8> + '_ {
    (0..parents.len()).map(|i| {
        let mut depth = 0u8;
        let mut current = parents[i];
        while let Some(p) = current {
            if usize::from(depth) >= parents.len() {
                break;
            }
            depth = depth.saturating_add(1);
            current = parents.get(p as usize).copied().flatten();
        }
        depth
    })
}

/// Whether a facet value is selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueState {
    /// Not part of the filter.
    Off,
    /// Results must carry this value (or another included value of the facet).
    Included,
    /// Results must not carry this value.
    Excluded,
}

/// The values the user included or excluded, per facet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    include: [BTreeSet<u32>; FACETS],
    exclude: [BTreeSet<u32>; FACETS],
}

impl Filters {
    /// Includes the value, or clears it when it is already included or excluded.
    pub fn toggle(&mut self, facet: Facet, value: u32) {
        let slot = facet.slot();
        if !self.include[slot].remove(&value) && !self.exclude[slot].remove(&value) {
            self.include[slot].insert(value);
        }
    }

    /// Excludes the value, or clears it when it is already excluded.
    pub fn toggle_exclude(&mut self, facet: Facet, value: u32) {
        let slot = facet.slot();
        self.include[slot].remove(&value);
        if !self.exclude[slot].remove(&value) {
            self.exclude[slot].insert(value);
        }
    }

    /// Includes the value (no toggling).
    pub fn include(&mut self, facet: Facet, value: u32) {
        self.exclude[facet.slot()].remove(&value);
        self.include[facet.slot()].insert(value);
    }

    /// Removes every filter.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// True when nothing is filtered.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.include.iter().chain(&self.exclude).all(BTreeSet::is_empty)
    }

    /// The state of one value.
    #[must_use]
    pub fn state(&self, facet: Facet, value: u32) -> ValueState {
        if self.include[facet.slot()].contains(&value) {
            ValueState::Included
        } else if self.exclude[facet.slot()].contains(&value) {
            ValueState::Excluded
        } else {
            ValueState::Off
        }
    }

    /// Every active filter as (facet, value, excluded), facets in display order.
    pub fn active(&self) -> impl Iterator<Item = (Facet, u32, bool)> + '_ {
        Facet::ALL.into_iter().flat_map(move |f| {
            let inc = self.include[f.slot()].iter().map(move |&v| (f, v, false));
            let exc = self.exclude[f.slot()].iter().map(move |&v| (f, v, true));
            inc.chain(exc)
        })
    }

    /// True when the service passes every facet.
    #[must_use]
    pub fn passes(&self, facets: &Facets, service: usize) -> bool {
        self.passes_except(facets, service, None)
    }

    /// True when the service passes every facet but `skip`.
    #[must_use]
    pub fn passes_except(&self, facets: &Facets, service: usize, skip: Option<Facet>) -> bool {
        Facet::ALL
            .into_iter()
            .filter(|&f| Some(f) != skip)
            .all(|f| self.passes_facet(facets, service, f))
    }

    /// True when the service passes the filter on one facet.
    fn passes_facet(&self, facets: &Facets, service: usize, f: Facet) -> bool {
        let inc = &self.include[f.slot()];
        let exc = &self.exclude[f.slot()];
        if inc.is_empty() && exc.is_empty() {
            return true;
        }
        let mut included = inc.is_empty();
        for v in facets.of_service(f, service) {
            if exc.contains(&v) {
                return false;
            }
            included |= inc.contains(&v);
        }
        included
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What selecting each value would give, by the definition: one facet at a time.
    fn naive(facets: &Facets, filters: &Filters, services: &[usize], facet: Facet) -> Vec<usize> {
        let mut counts = vec![0; facets.values(facet).len()];
        for &s in services {
            if filters.passes_except(facets, s, Some(facet)) {
                for v in facets.of_service(facet, s) {
                    counts[v as usize] += 1;
                }
            }
        }
        counts
    }

    #[test]
    fn most_of_the_catalogue_is_counted_as_every_service_less_those_left_out() {
        let ds = Dataset::new(crate::generate::catalogue(300, 9), Vec::new());
        let facets = Facets::new(&ds);
        let none = Filters::default();
        let every: Vec<usize> = (0..300).collect();
        let most: Vec<usize> = (0..300).filter(|s| s % 7 != 3).collect();
        let mut backwards = most.clone();
        backwards.reverse();
        let few: Vec<usize> = (0..300).step_by(5).collect();
        for services in [&every, &most, &backwards, &few, &Vec::new()] {
            let all = facets.all_counts(&none, services);
            for f in Facet::ALL {
                assert_eq!(
                    all[f.slot()],
                    naive(&facets, &none, services, f),
                    "{f:?}, {} services",
                    services.len()
                );
            }
        }
        // Every service but one: the one left out takes its values away.
        let last = facets.all_counts(&none, &every[..299]);
        let whole = facets.all_counts(&none, &every);
        let theme = Facet::Theme.slot();
        let gone: Vec<u32> = facets.of_service(Facet::Theme, 299).collect();
        for (v, (a, b)) in last[theme].iter().zip(&whole[theme]).enumerate() {
            assert_eq!(*a + usize::from(gone.contains(&(v as u32))), *b);
        }
    }

    #[test]
    fn counts_in_one_pass_equal_counts_one_facet_at_a_time() {
        let ds = Dataset::new(crate::generate::catalogue(400, 5), Vec::new());
        let facets = Facets::new(&ds);
        let services: Vec<usize> = (0..400).filter(|s| s % 3 != 0).collect();
        let mut filters = Filters::default();
        let check = |filters: &Filters| {
            let all = facets.all_counts(filters, &services);
            for f in Facet::ALL {
                assert_eq!(all[f.slot()], naive(&facets, filters, &services, f), "{f:?}");
                assert_eq!(facets.counts(filters, &services, f), all[f.slot()]);
            }
        };
        check(&filters);
        // Value numbers in four bytes, as for a catalogue with very many values.
        let wide = Facets::build(&ds, 0);
        assert!(matches!(wide.of_services, Runs::Wide(_)) && matches!(facets.of_services, Runs::Narrow(_)));
        for s in 0..400 {
            for f in Facet::ALL {
                assert_eq!(
                    wide.of_service(f, s).collect::<Vec<_>>(),
                    facets.of_service(f, s).collect::<Vec<_>>()
                );
            }
        }
        filters.include(Facet::Country, 0);
        check(&filters);
        filters.include(Facet::TargetGroup, 1);
        filters.toggle_exclude(Facet::Theme, 2);
        check(&filters);
        assert_eq!(
            wide.all_counts(&filters, &services),
            facets.all_counts(&filters, &services)
        );
        for f in [&facets, &wide] {
            let passing = f.passing(&filters);
            for s in 0..400 {
                assert_eq!(passing.passes(s), filters.passes(f, s));
                for skip in Facet::ALL {
                    assert_eq!(passing.passes_except(s, skip), filters.passes_except(f, s, Some(skip)));
                }
            }
        }
        assert!(
            facets.all_counts(&filters, &services)[Facet::Year.slot()]
                .iter()
                .sum::<usize>()
                > 0
        );
    }
}
