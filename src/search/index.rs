//! The search index (every catalogue text folded and transliterated once) and the search.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroUsize;
use std::thread;

use fuzzy_matcher::skim::SkimMatcherV2;

use super::fold::fold_with_map;
use super::hit::{Field, FieldMatch, Hit, lang_slot};
use super::matching::{View, match_view};
use super::query::{Query, Source, Term};
use super::text::{compose, place_parts};
use super::translit::{has_cyrillic, to_latin, to_latin_with_map};
use crate::catalogue::{Catalogue, Id, Lang, Service, Text};

/// Catalogues with at least this many services are searched on several threads.
const PARALLEL_FROM: usize = 4096;

/// At most this many threads search at once.
const MAX_THREADS: usize = 8;

/// A search asks whether it was cancelled after this many services.
const CHECK_EVERY: usize = 512;

/// The widest allowed fuzzy match of a pattern of `len` chars in a field of `tier`: the
/// distance between its first and last matched char. Names and titles (tiers 0 and 1) allow
/// `len + len / 2 + 1`, about one skipped character in two; long texts (tiers 2 and 3) only
/// `len + len / 4 + 1`, about one in four. Looser limits list services whose texts merely contain the letters in
/// order ("театр" in "Technical Laboratory", "teatr" in "the art").
pub(crate) const fn span_limit(tier: u8, len: usize) -> usize {
    if tier >= 2 {
        len + len / 4 + 1
    } else {
        len + len / 2 + 1
    }
}

/// One language variant of a text (or of one part of a composite text), ready to match.
#[derive(Debug, Clone)]
struct Segment {
    lang: Lang,
    /// Char offset of this part in the displayed text.
    offset: usize,
    folded: View,
    /// The Latin transliteration, for Ukrainian text with Cyrillic in it. It keeps no map
    /// back to the folded text (four bytes a character, half the index): a match found in it
    /// transliterates the folded text again to place its positions ([`Segment::latin_to_original`]).
    latin: Option<View>,
}

impl Segment {
    /// The original char indices of positions in the Latin view.
    fn latin_to_original(&self, positions: &[usize]) -> Vec<usize> {
        let (_, latin_map) = to_latin_with_map(self.folded.text());
        positions
            .iter()
            .map(|&p| self.folded.original(latin_map.get(p).copied().unwrap_or(p)))
            .collect()
    }

    fn new(lang: Lang, text: &str, offset: usize) -> Self {
        let (folded, map) = fold_with_map(text);
        let latin = (lang == Lang::Uk && has_cyrillic(&folded)).then(|| View::unmapped(to_latin(&folded)));
        Self {
            lang,
            offset,
            folded: View::new(folded, &map),
            latin,
        }
    }
}

/// The segments of one field: its language variants, or the parts of a composite text.
type Segments = Box<[Segment]>;

/// Segments of a plain text: each non-empty language variant.
fn own_segments(text: &Text) -> Segments {
    text.variants().map(|(lang, s)| Segment::new(lang, s, 0)).collect()
}

/// Segments of a composite text (see [`compose`]).
fn composed_segments(parts: &[&Text]) -> Segments {
    [Lang::Uk, Lang::En]
        .into_iter()
        .flat_map(|lang| {
            compose(parts, lang)
                .1
                .into_iter()
                .map(move |(offset, s)| Segment::new(lang, s, offset))
        })
        .collect()
}

#[derive(Debug, Clone)]
struct LibraryTexts {
    name: Segments,
    place: Segments,
}

#[derive(Debug, Clone)]
struct ServiceTexts {
    title: Segments,
    summary: Segments,
    description: Segments,
    people: Box<[Segments]>,
    libraries: Box<[usize]>,
    target_groups: Box<[usize]>,
    programmes: Box<[usize]>,
    themes: Box<[usize]>,
}

/// The search index: every searchable catalogue text, folded and transliterated once.
#[derive(Clone)]
pub struct Index {
    services: Vec<ServiceTexts>,
    libraries: Vec<LibraryTexts>,
    target_groups: Vec<Segments>,
    programmes: Vec<Segments>,
    themes: Vec<Segments>,
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("services", &self.services.len())
            .field("libraries", &self.libraries.len())
            .field("target_groups", &self.target_groups.len())
            .field("programmes", &self.programmes.len())
            .field("themes", &self.themes.len())
            .finish()
    }
}

impl Index {
    /// Builds the index. Relations to unknown ids are skipped.
    pub fn new(catalogue: &Catalogue) -> Self {
        let library_ids = ids(&catalogue.libraries, |l| &l.id);
        let group_ids = ids(&catalogue.target_groups, |g| &g.id);
        let programme_ids = ids(&catalogue.programmes, |p| &p.id);
        let theme_ids = ids(&catalogue.themes, |t| &t.id);
        let texts = |s: &Service| ServiceTexts {
            title: own_segments(&s.title),
            summary: own_segments(&s.summary),
            description: own_segments(&s.description),
            people: s
                .people
                .iter()
                .map(|p| composed_segments(&[&p.name, &p.role]))
                .collect(),
            libraries: resolve(&s.libraries, &library_ids),
            target_groups: resolve(&s.target_groups, &group_ids),
            programmes: resolve(&s.programmes, &programme_ids),
            themes: resolve(&s.themes, &theme_ids),
        };
        // Folding and transliterating is the slow part of starting on a big catalogue: it
        // is shared between the cores as the search is.
        let all = &catalogue.services;
        let services = if all.len() >= PARALLEL_FROM {
            let threads = thread::available_parallelism()
                .map_or(1, NonZeroUsize::get)
                .min(MAX_THREADS);
            let chunk = all.len().div_ceil(threads).max(1);
            let texts = &texts;
            thread::scope(|scope| {
                let parts: Vec<_> = all
                    .chunks(chunk)
                    .map(|part| scope.spawn(move || part.iter().map(texts).collect::<Vec<_>>()))
                    .collect();
                parts
                    .into_iter()
                    .flat_map(|part| part.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                    .collect()
            })
        } else {
            all.iter().map(texts).collect()
        };
        let libraries = catalogue
            .libraries
            .iter()
            .map(|l| LibraryTexts {
                name: own_segments(&l.name),
                place: composed_segments(&place_parts(l).each_ref()),
            })
            .collect();
        Self {
            services,
            libraries,
            target_groups: names(&catalogue.target_groups, |g| &g.name),
            programmes: names(&catalogue.programmes, |p| &p.name),
            themes: names(&catalogue.themes, |t| &t.name),
        }
    }

    /// All services matching the query, best first: by tier of the field that decided the
    /// match, then by total score (higher first), then in catalogue order. An empty query
    /// matches every service, in catalogue order.
    pub fn search(&self, query: &Query) -> Vec<Hit> {
        self.search_within(query, None, &|| false).unwrap_or_default()
    }

    /// [`Index::search`] among `candidates` only (service indices, ascending), or among all
    /// services when `None`. Gives up and returns `None` as soon as `cancelled` says so (it
    /// is asked every few hundred services): a newer query has made this one pointless.
    pub fn search_within(
        &self,
        query: &Query,
        candidates: Option<&[usize]>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let count = candidates.map_or(self.services.len(), <[usize]>::len);
        let threads = if count >= PARALLEL_FROM {
            thread::available_parallelism()
                .map_or(1, NonZeroUsize::get)
                .min(MAX_THREADS)
        } else {
            1
        };
        self.search_on(query, candidates, threads, cancelled)
    }

    /// [`Index::search_within`] with the services split between `threads` threads.
    pub(crate) fn search_on(
        &self,
        query: &Query,
        candidates: Option<&[usize]>,
        threads: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let search = Search::new(self, query);
        let count = candidates.map_or(self.services.len(), <[usize]>::len);
        let service = |i: usize| candidates.map_or(i, |c| c[i]);
        // Evaluates positions `range` of the candidate list; `None` when cancelled.
        let run = |range: std::ops::Range<usize>| -> Option<Vec<Hit>> {
            let mut hits = Vec::new();
            for block in range.clone().step_by(CHECK_EVERY) {
                if cancelled() {
                    return None;
                }
                let end = range.end.min(block + CHECK_EVERY);
                hits.extend((block..end).filter_map(|i| search.evaluate(service(i))));
            }
            Some(hits)
        };
        let mut hits: Vec<Hit> = if threads <= 1 {
            run(0..count)?
        } else {
            let chunk = count.div_ceil(threads).max(1);
            let run = &run;
            let parts: Vec<Option<Vec<Hit>>> = thread::scope(|scope| {
                let workers: Vec<_> = (0..count)
                    .step_by(chunk)
                    .map(|start| scope.spawn(move || run(start..count.min(start + chunk))))
                    .collect();
                workers
                    .into_iter()
                    .map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                    .collect()
            });
            let mut all = Vec::new();
            for part in parts {
                all.extend(part?);
            }
            all
        };
        hits.sort_by_key(|hit| (hit.field.tier(), Reverse(hit.score)));
        Some(hits)
    }

    /// The number of services.
    pub fn len(&self) -> usize {
        self.services.len()
    }

    /// True when there are no services.
    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }
}

/// Index of every item by id.
fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<&str, usize> {
    items.iter().enumerate().map(|(i, item)| (id(item), i)).collect()
}

/// The indices of the known ids among `wanted`.
fn resolve(wanted: &[Id], known: &HashMap<&str, usize>) -> Box<[usize]> {
    wanted.iter().filter_map(|id| known.get(id.as_str()).copied()).collect()
}

/// The name segments of every item.
fn names<T>(items: &[T], name: impl Fn(&T) -> &Text) -> Vec<Segments> {
    items.iter().map(|item| own_segments(name(item))).collect()
}

/// A term's best match in one field.
#[derive(Debug, Clone)]
struct Found {
    score: i64,
    /// Preference between equal scores: lower is better (direct before transliterated
    /// before layout-repaired).
    rank: u8,
    lang: Lang,
    positions: Vec<usize>,
}

/// True when a match of `score` and `rank` is better than `current`.
fn beats(score: i64, rank: u8, current: Option<&Found>) -> bool {
    current.is_none_or(|c| score > c.score || (score == c.score && rank < c.rank))
}

/// The better of two matches; the first on a tie.
fn better(a: Option<Found>, b: Option<Found>) -> Option<Found> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if beats(b.score, b.rank, Some(&a)) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The preference rank of a pattern's match in the folded text or in its transliteration.
fn rank(source: Source, via_latin: bool) -> u8 {
    source as u8 * 2 + u8::from(via_latin)
}

/// One positive term's best match in each related entity, matched once per search.
struct EntityMatches {
    libraries: Vec<Option<Found>>,
    places: Vec<Option<Found>>,
    target_groups: Vec<Option<Found>>,
    programmes: Vec<Option<Found>>,
    themes: Vec<Option<Found>>,
}

/// Which related entities one exclusion term matches.
struct EntityExclusions {
    libraries: Vec<bool>,
    target_groups: Vec<bool>,
    programmes: Vec<bool>,
    themes: Vec<bool>,
}

/// A term's best match for one service.
struct TermBest {
    field: Field,
    entity: usize,
    found: Found,
    /// Title positions by language, when the term matched the title.
    title: [Vec<usize>; 2],
}

/// One search: the query's terms with their entity matches.
struct Search<'a> {
    index: &'a Index,
    skim: SkimMatcherV2,
    positives: Vec<(&'a Term, EntityMatches)>,
    negatives: Vec<(&'a Term, EntityExclusions)>,
}

impl<'a> Search<'a> {
    fn new(index: &'a Index, query: &'a Query) -> Self {
        let mut search = Self {
            index,
            skim: SkimMatcherV2::default().respect_case(),
            positives: Vec::new(),
            negatives: Vec::new(),
        };
        for term in query.terms() {
            if term.negated {
                let exclusions = search.entity_exclusions(term);
                search.negatives.push((term, exclusions));
            } else {
                let matches = search.entity_matches(term);
                search.positives.push((term, matches));
            }
        }
        search
    }

    fn entity_matches(&self, term: &Term) -> EntityMatches {
        let all = |items: &[Segments], field: Field| -> Vec<Option<Found>> {
            items
                .iter()
                .map(|segments| self.best(segments, term, field.tier()))
                .collect()
        };
        let libraries = &self.index.libraries;
        EntityMatches {
            libraries: libraries
                .iter()
                .map(|l| self.best(&l.name, term, Field::Library.tier()))
                .collect(),
            places: libraries
                .iter()
                .map(|l| self.best(&l.place, term, Field::Place.tier()))
                .collect(),
            target_groups: all(&self.index.target_groups, Field::TargetGroup),
            programmes: all(&self.index.programmes, Field::Programme),
            themes: all(&self.index.themes, Field::Theme),
        }
    }

    fn entity_exclusions(&self, term: &Term) -> EntityExclusions {
        let all = |items: &[Segments], field: Field| -> Vec<bool> {
            items
                .iter()
                .map(|segments| self.any(segments, term, field.tier()))
                .collect()
        };
        EntityExclusions {
            libraries: self
                .index
                .libraries
                .iter()
                .map(|l| {
                    self.any(&l.name, term, Field::Library.tier()) || self.any(&l.place, term, Field::Place.tier())
                })
                .collect(),
            target_groups: all(&self.index.target_groups, Field::TargetGroup),
            programmes: all(&self.index.programmes, Field::Programme),
            themes: all(&self.index.themes, Field::Theme),
        }
    }

    /// The service as a hit, or `None` when a positive term does not match or an exclusion
    /// does.
    fn evaluate(&self, service: usize) -> Option<Hit> {
        let texts = &self.index.services[service];
        let mut hit = Hit {
            service,
            score: 0,
            field: Field::Title,
            matches: Vec::with_capacity(self.positives.len()),
            title: [Vec::new(), Vec::new()],
        };
        let mut worst = None;
        for (term, entities) in &self.positives {
            let best = self.term_best(texts, term, entities)?;
            let tier = best.field.tier();
            if worst.is_none_or(|w| tier > w) {
                worst = Some(tier);
                hit.field = best.field;
            }
            hit.score += best.found.score;
            for (all, positions) in hit.title.iter_mut().zip(best.title) {
                all.extend(positions);
            }
            hit.matches.push(FieldMatch {
                field: best.field,
                lang: best.found.lang,
                entity: best.entity,
                positions: best.found.positions,
            });
        }
        if self
            .negatives
            .iter()
            .any(|(term, entities)| self.excluded(texts, term, entities))
        {
            return None;
        }
        for positions in &mut hit.title {
            positions.sort_unstable();
            positions.dedup();
        }
        // A title missing in one language is shown in the other (`Text::get`).
        let [uk, en] = &mut hit.title;
        if !texts.title.iter().any(|segment| segment.lang == Lang::Uk) {
            uk.clone_from(en);
        } else if !texts.title.iter().any(|segment| segment.lang == Lang::En) {
            en.clone_from(uk);
        }
        Some(hit)
    }

    /// The term's best match for a service: the lowest tier, then the highest score.
    fn term_best(&self, texts: &ServiceTexts, term: &Term, entities: &EntityMatches) -> Option<TermBest> {
        let [uk, en] = self.best_per_lang(&texts.title, term, Field::Title.tier());
        if uk.is_some() || en.is_some() {
            let title = [&uk, &en].map(|f| f.as_ref().map(|f| f.positions.clone()).unwrap_or_default());
            return better(uk, en).map(|found| TermBest {
                field: Field::Title,
                entity: 0,
                found,
                title,
            });
        }
        let related = [
            (Field::Library, &texts.libraries, &entities.libraries),
            (Field::Place, &texts.libraries, &entities.places),
            (Field::TargetGroup, &texts.target_groups, &entities.target_groups),
            (Field::Programme, &texts.programmes, &entities.programmes),
            (Field::Theme, &texts.themes, &entities.themes),
        ];
        for tier in [1, 2] {
            let mut best: Option<(Field, usize, &Found)> = None;
            for (field, indices, found) in related.iter().filter(|r| r.0.tier() == tier) {
                for &i in *indices {
                    if let Some(f) = &found[i]
                        && beats(f.score, f.rank, best.map(|b| b.2))
                    {
                        best = Some((*field, i, f));
                    }
                }
            }
            if let Some((field, entity, found)) = best {
                return Some(TermBest {
                    field,
                    entity,
                    found: found.clone(),
                    title: [Vec::new(), Vec::new()],
                });
            }
        }
        let own = [
            (Field::Summary, 0, &texts.summary),
            (Field::Description, 0, &texts.description),
        ];
        let people = texts
            .people
            .iter()
            .enumerate()
            .map(|(i, segments)| (Field::People, i, segments));
        let mut best: Option<(Field, usize, Found)> = None;
        for (field, entity, segments) in own.into_iter().chain(people) {
            if let Some(found) = self.best(segments, term, field.tier())
                && beats(found.score, found.rank, best.as_ref().map(|b| &b.2))
            {
                best = Some((field, entity, found));
            }
        }
        best.map(|(field, entity, found)| TermBest {
            field,
            entity,
            found,
            title: [Vec::new(), Vec::new()],
        })
    }

    /// True when the exclusion term matches any field of the service.
    fn excluded(&self, texts: &ServiceTexts, term: &Term, entities: &EntityExclusions) -> bool {
        let related = |indices: &[usize], matched: &[bool]| indices.iter().any(|&i| matched[i]);
        related(&texts.libraries, &entities.libraries)
            || related(&texts.target_groups, &entities.target_groups)
            || related(&texts.programmes, &entities.programmes)
            || related(&texts.themes, &entities.themes)
            || self.any(&texts.title, term, Field::Title.tier())
            || self.any(&texts.summary, term, Field::Summary.tier())
            || self.any(&texts.description, term, Field::Description.tier())
            || texts.people.iter().any(|p| self.any(p, term, Field::People.tier()))
    }

    /// The term's best match in the segments, per language (Ukrainian, English).
    fn best_per_lang(&self, segments: &[Segment], term: &Term, tier: u8) -> [Option<Found>; 2] {
        let mut best = [None, None];
        for segment in segments {
            let slot = &mut best[lang_slot(segment.lang)];
            for pattern in term.patterns() {
                let limit = span_limit(tier, pattern.chars.len());
                let latin = segment.latin.as_ref().filter(|_| pattern.latin_view);
                for (view, via_latin) in [(Some(&segment.folded), false), (latin, true)] {
                    let Some(view) = view else { continue };
                    let Some(m) = match_view(&self.skim, view, pattern, term.kind, limit) else {
                        continue;
                    };
                    let score = pattern.source.adjust(m.score);
                    let rank = rank(pattern.source, via_latin);
                    if beats(score, rank, slot.as_ref()) {
                        let original = if via_latin {
                            segment.latin_to_original(&m.positions)
                        } else {
                            m.positions.iter().map(|&p| view.original(p)).collect()
                        };
                        let mut positions: Vec<usize> = original.into_iter().map(|p| p + segment.offset).collect();
                        positions.dedup();
                        *slot = Some(Found {
                            score,
                            rank,
                            lang: segment.lang,
                            positions,
                        });
                    }
                }
            }
        }
        best
    }

    /// The term's best match in the segments, in either language.
    fn best(&self, segments: &[Segment], term: &Term, tier: u8) -> Option<Found> {
        let [uk, en] = self.best_per_lang(segments, term, tier);
        better(uk, en)
    }

    /// True when the term matches any of the segments.
    fn any(&self, segments: &[Segment], term: &Term, tier: u8) -> bool {
        segments.iter().any(|segment| {
            term.patterns().iter().any(|pattern| {
                let limit = span_limit(tier, pattern.chars.len());
                let latin = segment.latin.as_ref().filter(|_| pattern.latin_view);
                std::iter::once(&segment.folded)
                    .chain(latin)
                    .any(|view| match_view(&self.skim, view, pattern, term.kind, limit).is_some())
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Library, Person, Programme, Service, TargetGroup, Theme};
    use crate::search::{person_text, place_text};

    fn library(id: &str, name: (&str, &str), place: (&str, &str), country: &str) -> Library {
        Library {
            id: id.into(),
            name: Text::new(name.0, name.1),
            place: Text::new(place.0, place.1),
            country: country.into(),
            ..Library::default()
        }
    }

    fn group(id: &str, uk: &str, en: &str) -> TargetGroup {
        TargetGroup {
            id: id.into(),
            name: Text::new(uk, en),
            ..TargetGroup::default()
        }
    }

    struct S {
        id: &'static str,
        title: (&'static str, &'static str),
        summary: (&'static str, &'static str),
        libraries: &'static [&'static str],
        groups: &'static [&'static str],
    }

    fn service(s: &S) -> Service {
        let ids = |ids: &[&str]| ids.iter().map(|&id| id.to_owned()).collect();
        Service {
            id: s.id.into(),
            title: Text::new(s.title.0, s.title.1),
            summary: Text::new(s.summary.0, s.summary.1),
            libraries: ids(s.libraries),
            target_groups: ids(s.groups),
            ..Service::default()
        }
    }

    /// Six services; the comments say what each is for.
    fn catalogue() -> Catalogue {
        let mut bila_city = library(
            "bila-city",
            ("Міська бібліотека", "City Library"),
            ("Біла Церква", ""),
            "UA",
        );
        bila_city.region = Text::new("Київська область", "Kyiv Oblast");
        let mut leeds = library(
            "leeds",
            ("Бібліотеки Лідса", "Leeds Libraries"),
            ("Лідс", "Leeds"),
            "GB",
        );
        leeds.region = Text::new("", "West Yorkshire");
        let services = [
            // 0: "волонтер" only in the description.
            S {
                id: "readers-club",
                title: ("Читацький клуб", "Readers' club"),
                summary: ("Зустрічі щочетверга.", "Meetings every Thursday."),
                libraries: &["leeds"],
                groups: &["seniors"],
            },
            // 1: "волонтер" as a target group; title written in NFD.
            S {
                id: "digital",
                title: ("Курси цифрово\u{456}\u{308}", "Digital literacy courses"),
                summary: ("Заняття з комп’ютером.", "Computer classes."),
                libraries: &["zhytomyr"],
                groups: &["volunteers"],
            },
            // 2: "волонтер" in the title.
            S {
                id: "hub",
                title: ("Волонтерський штаб", "Volunteer hub"),
                summary: ("Плетіння маскувальних сіток.", "Weaving camouflage nets."),
                libraries: &["bila-city"],
                groups: &["idp"],
            },
            // 3 and 5: the same title.
            S {
                id: "theatre",
                title: ("Театральна студія", "Theatre studio"),
                summary: ("Вистави для підлітків.", "Plays for teenagers."),
                libraries: &["bila-city"],
                groups: &["teens"],
            },
            S {
                id: "mint",
                title: ("Сад м’яти", "Mint garden"),
                summary: ("Грядки з м’ятою та чебрецем.", "Beds of mint and thyme."),
                libraries: &["zhytomyr", "unknown-library"],
                groups: &["seniors"],
            },
            S {
                id: "theatre-youth",
                title: ("Театральна студія", "Theatre studio"),
                summary: ("Імпровізація.", "Improvisation."),
                libraries: &["bila-youth"],
                groups: &["teens"],
            },
        ];
        let mut services: Vec<Service> = services.iter().map(service).collect();
        services[0].description = Text::new(
            "Клуб ведуть волонтери з громади.",
            "Run by volunteers from the community.",
        );
        services[0].themes = ["culture"].into();
        services[1].programmes = ["erasmus"].into();
        services[3].people = Box::new([Person {
            name: Text::new("Юлія Згурська", ""),
            role: Text::new("керівниця студії", "studio leader"),
        }]);
        Catalogue {
            libraries: vec![
                bila_city,
                library(
                    "bila-youth",
                    ("", "Bila Tserkva Youth Library"),
                    ("", "Bila Tserkva"),
                    "UA",
                ),
                library(
                    "zhytomyr",
                    ("Житомирська обласна бібліотека для дітей", ""),
                    ("Житомир", ""),
                    "UA",
                ),
                leeds,
            ],
            target_groups: vec![
                group("idp", "Внутрішньо переміщені особи", "Internally displaced people"),
                group("teens", "Підлітки", "Teenagers"),
                group("seniors", "Люди похилого віку", "Older people"),
                group("volunteers", "Волонтери", "Volunteers"),
            ],
            programmes: vec![Programme {
                id: "erasmus".into(),
                name: Text::new("Еразмус+", "Erasmus+"),
                ..Programme::default()
            }],
            themes: vec![Theme {
                id: "culture".into(),
                name: Text::new("Культура", "Culture"),
                ..Theme::default()
            }],
            services,
            ..Catalogue::default()
        }
    }

    fn search(query: &str) -> Vec<Hit> {
        Index::new(&catalogue()).search(&Query::parse(query))
    }

    fn services(query: &str) -> Vec<usize> {
        search(query).iter().map(|h| h.service).collect()
    }

    fn fields(query: &str) -> Vec<(usize, Field)> {
        search(query).iter().map(|h| (h.service, h.field)).collect()
    }

    /// The single term's match in the first hit.
    fn first_match(query: &str) -> FieldMatch {
        let hits = search(query);
        assert!(!hits.is_empty(), "{query}: no hits");
        assert_eq!(hits[0].matches.len(), 1);
        hits[0].matches[0].clone()
    }

    /// The original chars at the positions.
    fn picked(text: &str, positions: &[usize]) -> String {
        let chars: Vec<char> = text.chars().collect();
        positions.iter().map(|&p| chars[p]).collect()
    }

    #[test]
    fn empty_query_returns_all_in_order() {
        let hits = search("");
        assert_eq!(hits.iter().map(|h| h.service).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5]);
        assert!(hits.iter().all(|h| h.score == 0 && h.matches.is_empty()));
        assert_eq!(services("  '  ^ ! "), [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn ranking_title_then_target_group_then_description() {
        let expected = [(2, Field::Title), (1, Field::TargetGroup), (0, Field::Description)];
        assert_eq!(fields("волонтер"), expected);
        assert_eq!(fields("volunteer"), expected);
    }

    #[test]
    fn equal_hits_keep_catalogue_order() {
        let hits = search("театр");
        assert_eq!(hits.iter().map(|h| h.service).collect::<Vec<_>>(), [3, 5]);
        assert_eq!(hits[0].score, hits[1].score);
        assert_eq!(hits[0].field, Field::Title);
    }

    #[test]
    fn title_match_positions_and_title_positions() {
        let hits = search("студ");
        assert_eq!(hits[0].service, 3);
        assert_eq!(hits[0].matches[0].lang, Lang::Uk);
        assert_eq!(hits[0].matches[0].positions, [11, 12, 13, 14]);
        assert_eq!(hits[0].title_positions(Lang::Uk), [11, 12, 13, 14]);
        // The transliteration "stud" also matches the English title.
        assert_eq!(hits[0].title_positions(Lang::En), [8, 9, 10, 11]);
        // "studiia" is not in "Theatre studio".
        let hits = search("'студія");
        assert_eq!(hits[0].title_positions(Lang::Uk), [11, 12, 13, 14, 15, 16]);
        assert!(hits[0].title_positions(Lang::En).is_empty());
        let hits = search("garden");
        assert_eq!(hits[0].title_positions(Lang::En), [5, 6, 7, 8, 9, 10]);
        assert!(hits[0].title_positions(Lang::Uk).is_empty());
    }

    #[test]
    fn title_positions_follow_the_language_fallback() {
        let mut catalogue = catalogue();
        catalogue.services[4].title.set_en("");
        let hits = Index::new(&catalogue).search(&Query::parse("сад"));
        assert_eq!(hits[0].service, 4);
        // The English view shows the Ukrainian title, so it highlights the same chars.
        assert_eq!(hits[0].title_positions(Lang::Uk), [0, 1, 2]);
        assert_eq!(hits[0].title_positions(Lang::En), [0, 1, 2]);
    }

    #[test]
    fn cyrillic_case_is_folded() {
        assert_eq!(services("ТЕАТР"), [3, 5]);
        let m = first_match("ІМПРОВІЗАЦІЯ");
        assert_eq!((m.field, m.lang), (Field::Summary, Lang::Uk));
        assert_eq!(services("іМпРоВ"), [5]);
        assert_eq!(services("THEATRE"), [3, 5]);
    }

    #[test]
    fn nfd_query_and_nfd_text() {
        // The query "й" decomposed finds the composed text.
        assert_eq!(services("волонтерськи\u{306}"), [2]);
        // The NFC query finds the title stored in NFD; positions point into the NFD text.
        let m = first_match("цифрової");
        assert_eq!((m.field, m.lang), (Field::Title, Lang::Uk));
        assert_eq!(m.positions, [6, 7, 8, 9, 10, 11, 12, 13]);
    }

    #[test]
    fn apostrophe_variants_match() {
        for query in ["м'яти", "мʼяти", "м’яти", "м`яти"] {
            let hits = search(query);
            assert_eq!(hits.len(), 1, "{query}");
            assert_eq!(hits[0].service, 4);
            assert_eq!(hits[0].title_positions(Lang::Uk), [4, 5, 6, 7, 8], "{query}");
        }
    }

    #[test]
    fn latin_query_finds_cyrillic_text() {
        let hits = search("Bila Tserkva");
        assert_eq!(hits.iter().map(|h| h.service).collect::<Vec<_>>(), [2, 3, 5]);
        // Service 2's library has the place only in Ukrainian.
        let place = place_text(&catalogue().libraries[0], Lang::Uk);
        assert_eq!(place, "Біла Церква, Київська область, Україна");
        let matches = &hits[0].matches;
        assert_eq!(
            (matches[0].field, matches[0].lang, matches[0].entity),
            (Field::Place, Lang::Uk, 0)
        );
        assert_eq!(matches[0].positions, [0, 1, 2, 3]);
        assert_eq!(matches[1].positions, [5, 6, 7, 8, 9, 10]);
        assert_eq!(picked(&place, &matches[1].positions), "Церква");
    }

    #[test]
    fn transliteration_maps_back_through_multi_letter_forms() {
        let m = first_match("Zhytomyr");
        assert_eq!((m.field, m.lang, m.entity), (Field::Library, Lang::Uk, 2));
        assert_eq!(m.positions, [0, 1, 2, 3, 4, 5, 6]);
        let m = first_match("zghurska");
        assert_eq!((m.field, m.lang, m.entity), (Field::People, Lang::Uk, 0));
        let person = person_text(&catalogue().services[3].people[0], Lang::Uk);
        assert_eq!(person, "Юлія Згурська, керівниця студії");
        assert_eq!(m.positions, [5, 6, 7, 8, 9, 11, 12]);
        assert_eq!(picked(&person, &m.positions), "Згурска");
        let m = first_match("yuliia");
        assert_eq!(m.positions, [0, 1, 2, 3]);
    }

    #[test]
    fn latin_query_highlights_both_title_languages() {
        let hits = search("teatr");
        assert_eq!(hits.iter().map(|h| h.service).collect::<Vec<_>>(), [3, 5]);
        assert_eq!(hits[0].matches[0].lang, Lang::Uk);
        assert_eq!(hits[0].title_positions(Lang::Uk), [0, 1, 2, 3, 4]);
        assert_eq!(hits[0].title_positions(Lang::En), [0, 2, 3, 4, 5]);
    }

    #[test]
    fn cyrillic_query_finds_english_text() {
        // Library 1 is named in English only.
        let hits = search("Біла");
        let youth = hits.iter().find(|h| h.service == 5).map(|h| &h.matches[0]);
        let youth = youth.cloned().map(|m| (m.field, m.lang, m.entity, m.positions));
        assert_eq!(youth, Some((Field::Library, Lang::En, 1, vec![0, 1, 2, 3])));
        // The longer transliterated pattern ("tserkva") scores more than "церква".
        assert_eq!(services("Біла Церква"), [5, 2, 3]);
    }

    #[test]
    fn old_spelling_alias() {
        assert_eq!(fields("kiev"), [(2, Field::Place), (3, Field::Place)]);
    }

    #[test]
    fn wrong_layout_english_keys_for_ukrainian() {
        assert_eq!(services("ntfnh"), [3, 5]);
        let direct = search("театр");
        let repaired = search("ntfnh");
        assert_eq!(repaired[0].field, Field::Title);
        assert_eq!(repaired[0].matches[0].positions, [0, 1, 2, 3, 4]);
        assert_eq!(repaired[0].score, Source::Layout.adjust(direct[0].score));
        assert!(repaired[0].score < direct[0].score);
        let hits = search(",s,ksjntrf");
        assert_eq!(
            hits.iter().map(|h| (h.service, h.field)).collect::<Vec<_>>(),
            [
                (1, Field::Library),
                (2, Field::Library),
                (3, Field::Library),
                (4, Field::Library),
                (0, Field::Library),
            ],
            "service 0's \"бібліотеки лідса\" matches through the stem бібліотек, so it ranks last"
        );
    }

    #[test]
    fn wrong_layout_ukrainian_keys_for_english() {
        let hits = search("еруфеку");
        assert_eq!(hits.iter().map(|h| h.service).collect::<Vec<_>>(), [3, 5]);
        assert_eq!(hits[0].matches[0].lang, Lang::En);
        assert_eq!(hits[0].title_positions(Lang::En), [0, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn exact_prefix_suffix_and_equal() {
        assert_eq!(services("'студія"), [3, 5]);
        assert_eq!(services("'стдія"), Vec::<usize>::new());
        assert_eq!(services("стдія"), [3, 5]);
        assert_eq!(services("^театр"), [3, 5]);
        assert_eq!(services("^студія"), Vec::<usize>::new());
        assert_eq!(services("студія$"), [3, 5]);
        assert_eq!(services("театральна$"), Vec::<usize>::new());
        assert_eq!(fields("^житомир$"), [(1, Field::Place), (4, Field::Place)]);
        assert_eq!(services("^житоми$"), Vec::<usize>::new());
        assert_eq!(services("'studio'"), [3, 5]);
        assert_eq!(services("'studi'"), Vec::<usize>::new());
    }

    #[test]
    fn exclusions() {
        assert_eq!(services("театр !improv"), [3]);
        assert_eq!(services("!^театр"), [0, 1, 2, 4]);
        assert_eq!(services("!garden$"), [0, 1, 2, 3, 5]);
        assert_eq!(services("!'волнтр"), [3, 4, 5]);
        // `!` alone is exact: the scattered letters exclude nothing.
        assert_eq!(services("!волнтр"), [0, 1, 2, 3, 4, 5]);
        // A Cyrillic exclusion also excludes by its transliteration.
        assert_eq!(services("!^Лідс$"), [1, 2, 3, 4, 5]);
        assert_eq!(services("!^Leeds$ !^житомир$"), [2, 3, 5]);
        // Exclusion through a related entity.
        assert_eq!(services("!'Wolonter"), [0, 1, 2, 3, 4, 5]);
        assert_eq!(services("!волонтери"), [2, 3, 4, 5]);
    }

    #[test]
    fn all_terms_must_match() {
        assert_eq!(services("театр youth"), [5]);
        assert_eq!(services("театр біла"), [3, 5]);
        assert_eq!(services("театр лідс"), Vec::<usize>::new());
        let hits = search("студія підлітк");
        assert_eq!(hits.iter().map(|h| h.service).collect::<Vec<_>>(), [3, 5]);
        // The worst tier decides: title + target group gives target group.
        assert_eq!(hits[0].field, Field::TargetGroup);
        assert_eq!(
            hits[0].matches.iter().map(|m| m.field).collect::<Vec<_>>(),
            [Field::Title, Field::TargetGroup]
        );
    }

    #[test]
    fn span_limit_rejects_scattered_matches_in_long_texts() {
        // "Run by volunteers from the community.": r…v…f…c spans 27 chars.
        assert_eq!(services("rvfc"), Vec::<usize>::new());
        assert_eq!(fields("runby"), [(0, Field::Description)]);
        // Compact but not contiguous is fine.
        assert_eq!(
            fields("volntrs"),
            [(2, Field::Title), (1, Field::TargetGroup), (0, Field::Description)]
        );
        assert_eq!(span_limit(3, 4), 6);
        assert_eq!(span_limit(0, 4), 7);
    }

    #[test]
    fn one_character_term() {
        let hits = search("ф");
        assert_eq!(
            hits.iter().map(|h| (h.service, h.field)).collect::<Vec<_>>(),
            [
                (1, Field::Title),
                (0, Field::Description),
                (3, Field::Summary),
                (2, Field::Summary),
                (4, Field::Summary),
            ]
        );
    }

    #[test]
    fn parallel_search_gives_the_same_hits() {
        let mut big = catalogue();
        let services = big.services.clone();
        for _ in 0..20 {
            big.services.extend(services.iter().cloned());
        }
        let index = Index::new(&big);
        for query in ["", "театр", "волонтер", "ф", "!^театр", "bila tserkva"] {
            let query = Query::parse(query);
            let one = index.search_on(&query, None, 1, &|| false);
            assert_eq!(index.search_on(&query, None, 3, &|| false), one);
            assert_eq!(index.search_on(&query, None, 200, &|| false), one);
        }
    }

    #[test]
    fn search_within_candidates_keeps_only_them_in_the_same_order() {
        let index = Index::new(&catalogue());
        for query in ["", "театр", "волонтер", "ф"] {
            let query = Query::parse(query);
            let all = index.search(&query);
            let candidates = [1, 3, 4];
            let within = index.search_within(&query, Some(&candidates), &|| false);
            let expected: Vec<Hit> = all.into_iter().filter(|h| candidates.contains(&h.service)).collect();
            assert_eq!(within, Some(expected));
        }
    }

    #[test]
    fn a_cancelled_search_gives_nothing() {
        let index = Index::new(&catalogue());
        assert_eq!(index.search_within(&Query::parse("театр"), None, &|| true), None);
        assert_eq!(index.search_on(&Query::parse("театр"), None, 3, &|| true), None);
        assert_eq!(index.len(), 6);
        assert!(!index.is_empty());
    }

    #[test]
    fn debug_shows_sizes() {
        let index = Index::new(&catalogue());
        assert_eq!(
            format!("{index:?}"),
            "Index { services: 6, libraries: 4, target_groups: 4, programmes: 1, themes: 1 }"
        );
    }
}
