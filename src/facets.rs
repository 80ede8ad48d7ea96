//! Facets: the values a service can be narrowed by, and the filters the user set.
//!
//! Several values of one facet combine with OR, different facets with AND; any value can
//! be excluded instead (NOT). A service tagged with a sub-group (or sub-programme) also
//! counts for its parent.

use std::collections::{BTreeSet, HashMap};

use crate::catalogue::{Dataset, Lang, Text, country_name};
use crate::i18n::tr;

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
}

impl Facet {
    /// Every facet, in display order.
    pub const ALL: [Self; 7] = [
        Self::TargetGroup,
        Self::Library,
        Self::Country,
        Self::Region,
        Self::Programme,
        Self::Theme,
        Self::Year,
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

#[derive(Debug, Clone, Default)]
struct FacetData {
    values: Vec<FacetValue>,
    /// For each service, the indices of its values (with ancestors), sorted.
    of_service: Vec<Vec<u32>>,
}

/// Every facet's values and which services carry them; built once per dataset.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    data: [FacetData; 7],
}

impl Facets {
    /// Collects the values of every facet.
    #[must_use]
    pub fn new(ds: &Dataset) -> Self {
        let c = &ds.catalogue;
        let n = c.services.len();
        let mut data: [FacetData; 7] = Default::default();

        let group_depth = depths(c.target_groups.iter().map(|g| g.parent.as_deref()), |id| {
            c.target_groups.iter().position(|g| g.id == id)
        });
        data[Facet::TargetGroup.slot()] = entity_facet(
            c.target_groups
                .iter()
                .zip(&group_depth)
                .map(|(g, d)| (g.id.clone(), g.name.clone(), *d)),
            n,
            &ds.group_services,
        );
        data[Facet::Library.slot()] = entity_facet(
            c.libraries.iter().map(|l| (l.id.clone(), l.name.clone(), 0)),
            n,
            &ds.library_services,
        );
        let programme_depth = depths(c.programmes.iter().map(|p| p.parent.as_deref()), |id| {
            c.programmes.iter().position(|p| p.id == id)
        });
        data[Facet::Programme.slot()] = entity_facet(
            c.programmes
                .iter()
                .zip(&programme_depth)
                .map(|(p, d)| (p.id.clone(), p.name.clone(), *d)),
            n,
            &ds.programme_services,
        );
        data[Facet::Theme.slot()] = entity_facet(
            c.themes.iter().map(|t| (t.id.clone(), t.name.clone(), 0)),
            n,
            &ds.theme_services,
        );

        let mut countries = Builder::new(n);
        let mut regions = Builder::new(n);
        let mut years = Builder::new(n);
        for (s, (service, links)) in c.services.iter().zip(&ds.links).enumerate() {
            for lib in links.libraries.iter().filter_map(|&l| c.libraries.get(l)) {
                if !lib.country.is_empty() {
                    let label = Text::new(
                        country_name(&lib.country, Lang::Uk),
                        country_name(&lib.country, Lang::En),
                    );
                    countries.add(s, &lib.country, || label);
                }
                if !lib.region.is_empty() {
                    let key = format!("{}:{}", lib.country, lib.region.get(Lang::En));
                    regions.add(s, &key, || lib.region.clone());
                }
            }
            if let Some(y) = service.year {
                years.add(s, &y.to_string(), || Text::new(&y.to_string(), &y.to_string()));
            }
        }
        data[Facet::Country.slot()] = countries.finish();
        data[Facet::Region.slot()] = regions.finish();
        let mut year_data = years.finish();
        sort_values(&mut year_data, |a, b| a.key.cmp(&b.key));
        data[Facet::Year.slot()] = year_data;
        Self { data }
    }

    /// The values of a facet, in display order.
    #[must_use]
    pub fn values(&self, facet: Facet) -> &[FacetValue] {
        &self.data[facet.slot()].values
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

    /// The values a service carries for a facet.
    #[must_use]
    pub fn of_service(&self, facet: Facet, service: usize) -> &[u32] {
        self.data[facet.slot()]
            .of_service
            .get(service)
            .map_or(&[], Vec::as_slice)
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
        let mut counts: Vec<Vec<usize>> = Facet::ALL.iter().map(|&f| vec![0; self.values(f).len()]).collect();
        let active: Vec<Facet> = Facet::ALL.into_iter().filter(|&f| filters.constrains(f)).collect();
        for &s in services {
            let failed = active
                .iter()
                .filter(|&&f| !filters.passes_facet(self, s, f))
                .fold(0u8, |mask, &f| mask | 1 << f.slot());
            for (slot, counts) in counts.iter_mut().enumerate() {
                if failed & !(1 << slot) != 0 {
                    continue;
                }
                for &v in self.data[slot].of_service.get(s).map_or(&[][..], Vec::as_slice) {
                    if let Some(c) = counts.get_mut(v as usize) {
                        *c += 1;
                    }
                }
            }
        }
        counts
    }
}

fn sort_values(data: &mut FacetData, cmp: impl Fn(&FacetValue, &FacetValue) -> std::cmp::Ordering) {
    let mut order: Vec<usize> = (0..data.values.len()).collect();
    order.sort_by(|&a, &b| cmp(&data.values[a], &data.values[b]));
    let mut new_index = vec![0u32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new as u32;
    }
    data.values = order.iter().map(|&i| data.values[i].clone()).collect();
    for list in &mut data.of_service {
        for v in list.iter_mut() {
            *v = new_index[*v as usize];
        }
        list.sort_unstable();
    }
}

/// Nesting depth of each entry in a parent forest (loops are cut at the list length).
fn depths<'a>(parents: impl Iterator<Item = Option<&'a str>> + Clone, find: impl Fn(&str) -> Option<usize>) -> Vec<u8> {
    let parent_index: Vec<Option<usize>> = parents.map(|p| p.and_then(&find)).collect();
    (0..parent_index.len())
        .map(|i| {
            let mut depth = 0u8;
            let mut current = parent_index[i];
            while let Some(p) = current {
                if usize::from(depth) >= parent_index.len() {
                    break;
                }
                depth = depth.saturating_add(1);
                current = parent_index.get(p).copied().flatten();
            }
            depth
        })
        .collect()
}

fn entity_facet(
    values: impl Iterator<Item = (String, Text, u8)>,
    services: usize,
    members: &[Vec<usize>],
) -> FacetData {
    let values: Vec<FacetValue> = values
        .map(|(key, label, depth)| FacetValue { key, label, depth })
        .collect();
    let mut of_service = vec![Vec::new(); services];
    for (v, list) in members.iter().enumerate() {
        for &s in list {
            if let Some(slot) = of_service.get_mut(s) {
                slot.push(v as u32);
            }
        }
    }
    FacetData { values, of_service }
}

struct Builder {
    data: FacetData,
    index: HashMap<String, u32>,
}

impl Builder {
    fn new(services: usize) -> Self {
        Self {
            data: FacetData {
                values: Vec::new(),
                of_service: vec![Vec::new(); services],
            },
            index: HashMap::new(),
        }
    }

    fn add(&mut self, service: usize, key: &str, label: impl FnOnce() -> Text) {
        let next = self.data.values.len() as u32;
        let v = *self.index.entry(key.to_owned()).or_insert(next);
        if v == next {
            self.data.values.push(FacetValue {
                key: key.to_owned(),
                label: label(),
                depth: 0,
            });
        }
        if let Some(list) = self.data.of_service.get_mut(service)
            && !list.contains(&v)
        {
            list.push(v);
        }
    }

    fn finish(self) -> FacetData {
        self.data
    }
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
    include: [BTreeSet<u32>; 7],
    exclude: [BTreeSet<u32>; 7],
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

    /// True when some value of the facet is included or excluded.
    fn constrains(&self, facet: Facet) -> bool {
        !self.include[facet.slot()].is_empty() || !self.exclude[facet.slot()].is_empty()
    }

    /// True when the service passes the filter on one facet.
    fn passes_facet(&self, facets: &Facets, service: usize, f: Facet) -> bool {
        let inc = &self.include[f.slot()];
        let exc = &self.exclude[f.slot()];
        if inc.is_empty() && exc.is_empty() {
            return true;
        }
        let values = facets.of_service(f, service);
        (inc.is_empty() || values.iter().any(|v| inc.contains(v))) && !values.iter().any(|v| exc.contains(v))
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
                for &v in facets.of_service(facet, s) {
                    counts[v as usize] += 1;
                }
            }
        }
        counts
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
        filters.include(Facet::Country, 0);
        check(&filters);
        filters.include(Facet::TargetGroup, 1);
        filters.toggle_exclude(Facet::Theme, 2);
        check(&filters);
        assert!(
            facets.all_counts(&filters, &services)[Facet::Year.slot()]
                .iter()
                .sum::<usize>()
                > 0
        );
    }
}
