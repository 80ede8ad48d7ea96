//! The search index (every catalogue text folded, transliterated and coded once) and the
//! search, in rooms of one concern each:
//!
//! - `layout`: how texts are laid out (segments of one-byte codes, spans, what each entry
//!   holds);
//! - `build`: building it, the services shared between the cores;
//! - `eval`: evaluating a query, one walk through the fields by tier for ranking and for
//!   explaining;
//! - `vocabulary`: the catalogue's words, for typing errors;
//! - `bytes`: the index as bytes, for the cache.
//!
//! A search scores every entry without building anything but its [`Hit`]; where the terms
//! matched, with the characters to highlight, is worked out again for the few hits that are
//! shown ([`Index::explain`]).

use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroUsize;
use std::sync::OnceLock;
use std::thread;

use super::code::{Classes, CodePage};
use super::hit::{Explanation, Field, Hit, Quality};
use super::query::Query;
use super::score::Scorer;
use crate::catalogue::{Catalogue, EntityRef};

mod build;
mod bytes;
mod eval;
mod layout;
mod rank;
mod vocabulary;

pub use bytes::Shape;
pub(crate) use eval::Reach;
use eval::{Memo, Search};
use layout::{EntryTexts, FieldText, Kind, Segment, ServiceTexts, Span};

/// Catalogues with at least this many services are searched on several threads.
const PARALLEL_FROM: usize = 4096;

/// At most this many threads build the index or search at once.
const MAX_THREADS: usize = 7;

/// A search asks whether it was cancelled after this many services.
const CHECK_EVERY: usize = 512;

/// The widest allowed fuzzy match of a pattern of `len` chars in a field of `tier`: the
/// distance between its first and last matched char. Names and titles, libraries, places,
/// groups and people (tiers 0 and 1) allow `len + len / 2 + 1`, about one skipped character
/// in two; programmes, themes and long texts (tiers 2 to 4) only `len + len / 4 + 1`, about
/// one in four. Looser limits list entries whose texts merely contain the letters in order
/// ("театр" in "Technical Laboratory", "teatr" in "the art").
pub(crate) const fn span_limit(tier: u8, len: usize) -> usize {
    if tier >= 2 {
        len + len / 4 + 1
    } else {
        len + len / 2 + 1
    }
}

/// The search index: every searchable catalogue text, folded, transliterated and coded once.
#[derive(Clone)]
pub struct Index {
    page: CodePage,
    classes: Box<Classes>,
    /// The coded texts: one buffer per thread that built the index (each part stays where
    /// it was made, so that no part is ever copied into another), or, read from a cache, one
    /// for the services and one for the other entries. [`Segment::part`] says which.
    parts: Box<[Vec<u8>]>,
    segments: Vec<Segment>,
    /// The services' segments come first, then the other entries' (which a cache leaves out:
    /// they are few, and made again from the catalogue).
    service_segments: u32,
    /// For the segments whose folded chars do not each come from the original char of the
    /// same index (composed or expanded characters): the original char index of each.
    maps: HashMap<u32, Box<[u32]>>,
    services: Vec<ServiceTexts>,
    people: Vec<Span>,
    relations: Vec<u32>,
    /// The libraries, target groups, programmes and themes ([`Kind`] order).
    entries: [Vec<EntryTexts>; 4],
    /// Each library's place.
    places: Vec<Span>,
    /// The other entries' fields.
    fields: Vec<FieldText>,
    /// The catalogue's words, made with the index (a small catalogue's when a search first
    /// needs them).
    vocabulary: OnceLock<vocabulary::Vocabulary>,
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [libraries, target_groups, programmes, themes] = self.entries.each_ref().map(Vec::len);
        f.debug_struct("Index")
            .field("services", &self.services.len())
            .field("libraries", &libraries)
            .field("target_groups", &target_groups)
            .field("programmes", &programmes)
            .field("themes", &themes)
            .finish_non_exhaustive()
    }
}

/// The number of threads for `count` services.
fn threads_for(count: usize) -> usize {
    if count >= PARALLEL_FROM {
        thread::available_parallelism()
            .map_or(1, NonZeroUsize::get)
            .min(MAX_THREADS)
    } else {
        1
    }
}

/// The bit of a hit's entry number above those of services.
const ENTRY_BITS: u32 = 1 << 29;

impl Index {
    /// Builds the index. Relations to unknown ids are skipped.
    pub fn new(catalogue: &Catalogue) -> Self {
        let threads = threads_for(catalogue.services.len());
        let index = Self::built_on(catalogue, threads);
        // The vocabulary of a big catalogue is made with the index, on its cores, so that no
        // search waits for it or shares a core with its making; a small one's, in a
        // millisecond or two, when a search first needs it (the first screen comes sooner).
        if threads > 1 {
            index.prepare();
        }
        index
    }

    /// All entries matching the query, best first (see [`rank::key`] for the rules). A query
    /// with no word to match matches every entry: the services in catalogue order, then the
    /// libraries, programmes, target groups and themes.
    pub fn search(&self, query: &Query) -> Vec<Hit> {
        self.search_within(query, None, &|| false).unwrap_or_default()
    }

    /// [`Index::search`] among `candidates` only ([`Hit::entry`] numbers, ascending), or
    /// among all entries when `None`. Gives up and returns `None` as soon as `cancelled`
    /// says so (it is asked every few hundred services): a newer query has made this one
    /// pointless.
    pub fn search_within(
        &self,
        query: &Query,
        candidates: Option<&[u32]>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let count = candidates.map_or(self.services.len(), <[u32]>::len);
        self.search_on(query, candidates, threads_for(count), Reach::Rank, cancelled)
    }

    /// The head of [`Index::search`]'s answer, found at a fraction of its cost: the entries
    /// whose every word matches a whole word or a word's start in their names, titles or
    /// other names. They rank before every other entry, in the same order, so the answer
    /// begins with exactly these. `None` when `cancelled` says so.
    pub fn search_head(&self, query: &Query, cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Vec<Hit>> {
        self.search_on(query, None, threads_for(self.services.len()), Reach::Head, cancelled)
    }

    /// [`Index::search_within`] with the services split between `threads` threads, as far
    /// as `reach` ([`Reach::Rank`], or [`Reach::Head`] for [`Index::search_head`]).
    ///
    /// Each thread writes the [`rank::key`]s of its hits into its own part of one buffer with
    /// room for every candidate and sorts them; the parts are closed up, the other entries
    /// (few) added, and the sorted runs merged. The keys become hits once, at the end, in a
    /// list of their final size. Besides that buffer, the sorts' scratch space and each
    /// thread's scorer and memo of shared texts, all freed when the search ends, a search
    /// makes nothing. (Memory a short-lived thread frees stays with its allocator arena, and
    /// buffers grown by doubling leave freed blocks behind, both resident: typing on a big
    /// catalogue would make the process grow.)
    pub(crate) fn search_on(
        &self,
        query: &Query,
        candidates: Option<&[u32]>,
        threads: usize,
        reach: Reach,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        // The related entries' matches are worked out once for all services, which the head
        // never looks at.
        let search = Search::new(self, query, reach != Reach::Head);
        let services_first = search.matches_everything();
        // Candidates are services first, then the other entries (their numbers are higher).
        let (services, others) = match candidates {
            Some(c) => {
                let split = c.partition_point(|&e| e < ENTRY_BITS);
                (Some(&c[..split]), Some(&c[split..]))
            }
            None => (None, None),
        };
        let count = services.map_or(self.services.len(), <[u32]>::len);
        let service = |i: usize| services.map_or(i, |c| c[i] as usize);
        // Evaluates the candidates from position `start` on into `out`, one per slot, and
        // sorts them; the number of hits written, `None` when cancelled.
        let run = |start: usize, out: &mut [u64]| -> Option<usize> {
            let mut scorer = Scorer::default();
            let mut memo = Memo::default();
            let mut found = 0;
            for i in start..start + out.len() {
                if (i - start).is_multiple_of(CHECK_EVERY) && cancelled() {
                    return None;
                }
                if let Some(hit) = search.evaluate(&mut scorer, &mut memo, service(i), reach) {
                    out[found] = rank::key(&hit, services_first);
                    found += 1;
                }
            }
            rank::sort(&mut out[..found]);
            Some(found)
        };
        let blank = Hit {
            entry: 0,
            score: 0,
            field: Field::Title,
            quality: Quality::Whole,
        };
        let entries: usize = others.map_or_else(|| self.entries.iter().map(Vec::len).sum(), <[u32]>::len);
        let mut keys = Vec::with_capacity(count + entries);
        keys.resize(count, 0);
        if threads <= 1 {
            let found = run(0, &mut keys)?;
            keys.truncate(found);
        } else {
            let chunk = count.div_ceil(threads).max(1);
            let run = &run;
            let found: Vec<Option<usize>> = thread::scope(|scope| {
                let workers: Vec<_> = keys
                    .chunks_mut(chunk)
                    .enumerate()
                    .map(|(part, out)| scope.spawn(move || run(part * chunk, out)))
                    .collect();
                workers
                    .into_iter()
                    .map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                    .collect()
            });
            let mut len = 0;
            for (part, found) in found.into_iter().enumerate() {
                let start = part * chunk;
                let found = found?;
                keys.copy_within(start..start + found, len);
                len += found;
            }
            keys.truncate(len);
        }
        let services_found = keys.len();
        let mut scorer = Scorer::default();
        let mut entry = |kind: Kind, i: usize| {
            if let Some(hit) = search.evaluate_entry(&mut scorer, kind, i, reach) {
                keys.push(rank::key(&hit, services_first));
            }
        };
        match others {
            Some(others) => {
                for &e in others {
                    let hit = Hit { entry: e, ..blank };
                    if let Some((kind, i)) = eval::entry_kind(hit.entry()) {
                        entry(kind, i);
                    }
                }
            }
            None => {
                for kind in Kind::ALL {
                    for i in 0..self.entries[kind as usize].len() {
                        entry(kind, i);
                    }
                }
            }
        }
        if cancelled() {
            return None;
        }
        rank::sort(&mut keys[services_found..]);
        // The threads' runs and the entries' are sorted: a stable sort finds them and merges.
        // (No two keys are equal: the entry is part of each.)
        #[allow(clippy::stable_sort_primitive, reason = "the stable sort merges sorted runs")]
        keys.sort();
        Some(keys.into_iter().map(|key| rank::hit(key, services_first)).collect())
    }

    /// Where the query's terms matched in an entry, with the characters to highlight;
    /// `None` when it does not match. Worked out for the few hits on screen: the search
    /// itself keeps only the rank of each hit.
    pub fn explain(&self, query: &Query, entry: EntityRef) -> Option<Explanation> {
        self.explainer(query).explain(entry)
    }

    /// [`Index::explain`] for several hits of one query (the rows of a screen): the query is
    /// prepared once.
    pub fn explainer<'a>(&'a self, query: &'a Query) -> Explainer<'a> {
        Explainer {
            search: Search::new(self, query, false),
            scorer: Scorer::default(),
        }
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

/// Explains hits of one query ([`Index::explainer`]).
pub struct Explainer<'a> {
    search: Search<'a>,
    scorer: Scorer,
}

impl Explainer<'_> {
    /// [`Index::explain`] for `entry`.
    pub fn explain(&mut self, entry: EntityRef) -> Option<Explanation> {
        self.search.explain(&mut self.scorer, entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Lang, Library, Person, Programme, Service, TargetGroup, Text, Theme};
    use crate::search::FieldMatch;
    use crate::search::query::Source;
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

    /// A hit with its explanation, as the old hits carried it.
    #[derive(Debug)]
    struct Full {
        service: usize,
        score: i64,
        field: Field,
        matches: Vec<FieldMatch>,
        explanation: Explanation,
    }

    impl Full {
        fn title_positions(&self, lang: Lang) -> Vec<usize> {
            self.explanation.title_positions(lang).to_vec()
        }
    }

    fn search_in(catalogue: &Catalogue, query: &str) -> Vec<Full> {
        let index = Index::new(catalogue);
        let query = Query::parse(query);
        index
            .search(&query)
            .into_iter()
            .filter(|hit| hit.service().is_some())
            .map(|hit| {
                let explanation = index.explain(&query, hit.entry()).expect("a hit explains itself");
                Full {
                    service: hit.index(),
                    score: i64::from(hit.score),
                    field: hit.field,
                    matches: explanation.matches.clone(),
                    explanation,
                }
            })
            .collect()
    }

    fn search(query: &str) -> Vec<Full> {
        search_in(&catalogue(), query)
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
        let hits = search_in(&catalogue, "сад");
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
        // "Житомир" stands whole in the place, only begins "Житомирська" in the name.
        let m = first_match("Zhytomyr");
        assert_eq!((m.field, m.lang, m.entity), (Field::Place, Lang::Uk, 2));
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
    fn each_text_knows_the_letters_its_words_begin_with_as_the_matcher_reads_them() {
        let catalogue = crate::generate::catalogue(200, 3);
        for index in [Index::new(&catalogue), Index::built_on(&catalogue, 3)] {
            let mut latin = 0;
            for &segment in &index.segments {
                let folded = index.folded(segment);
                assert_eq!(
                    segment.starts,
                    index.classes.word_starts(folded),
                    "{}",
                    index.page.decode(folded)
                );
                if segment.latin > 0 {
                    let bytes = index.latin(segment);
                    latin += 1;
                    assert_eq!(segment.latin_starts, index.classes.word_starts(bytes));
                }
            }
            assert!(latin > 100, "Ukrainian texts have their transliterations");
        }
    }

    #[test]
    fn a_term_in_the_other_layout_is_found_only_where_it_begins_a_word() {
        let services = [
            ("Театральна студія", "Theatre studio"),
            ("Літературна вітальня", "Literary lounge"),
            ("Клуб шанувальників театру", "Theatre lovers' club"),
        ]
        .map(|title| {
            service(&S {
                id: "s",
                title,
                summary: ("", ""),
                libraries: &[],
                groups: &[],
            })
        });
        let catalogue = Catalogue {
            services: services.into(),
            ..Catalogue::default()
        };
        // `ntfnh` is `театр`, which "літературна" holds as letters inside the word.
        assert_eq!(
            search_in(&catalogue, "ntfnh")
                .iter()
                .map(|h| h.service)
                .collect::<Vec<_>>(),
            [0, 2]
        );
        assert_eq!(
            search_in(&catalogue, "театр")
                .iter()
                .map(|h| h.service)
                .collect::<Vec<_>>(),
            [0, 2, 1],
            "typed in its own layout, the letters inside a word still count"
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
        // "f", the term's transliteration, begins a word of service 3's English summary
        // ("Plays for teenagers."): that ranks before "ф" inside the title "Курси цифрової".
        let hits = search("ф");
        assert_eq!(
            hits.iter().map(|h| (h.service, h.field)).collect::<Vec<_>>(),
            [
                (3, Field::Summary),
                (0, Field::Description),
                (1, Field::Title),
                (2, Field::Summary),
                (4, Field::Summary),
            ]
        );
    }

    #[test]
    fn an_index_built_in_parts_searches_and_explains_as_one_built_whole() {
        let mut catalogue = crate::generate::catalogue(240, 5);
        // Characters outside the fixed codes, met in a different order by each part: the
        // later parts' codes are made the first part's.
        for (i, extra) in ["€ §", "§ 書", "書 € ω", "ω"].into_iter().enumerate() {
            catalogue.services[i * 70].title = Text::new("", &format!("Club {extra}"));
        }
        let whole = Index::built_on(&catalogue, 1);
        for threads in [2, 3, 8] {
            let parts = Index::built_on(&catalogue, threads);
            assert_eq!(parts.parts.len(), threads.min(MAX_THREADS) + 1, "and the entries' part");
            for text in [
                "theatre",
                "бібліотека",
                "zhytomyr",
                "ntfnh",
                "club",
                "€",
                "書 club",
                "§",
                "ω",
            ] {
                let query = Query::parse(text);
                let hits = whole.search(&query);
                assert!(!hits.is_empty(), "{text}");
                assert_eq!(parts.search(&query), hits, "{text}, {threads} threads");
                for hit in hits.iter().take(8) {
                    assert_eq!(
                        parts.explain(&query, hit.entry()),
                        whole.explain(&query, hit.entry()),
                        "{text}"
                    );
                }
            }
        }
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
            let one = index.search_on(&query, None, 1, Reach::Rank, &|| false);
            assert_eq!(index.search_on(&query, None, 3, Reach::Rank, &|| false), one);
            let head = index.search_on(&query, None, 1, Reach::Head, &|| false);
            assert_eq!(index.search_on(&query, None, 3, Reach::Head, &|| false), head);
            assert_eq!(index.search_on(&query, None, 200, Reach::Rank, &|| false), one);
            let hits = one.unwrap_or_default();
            assert_eq!(hits.capacity(), hits.len(), "no room is kept beyond the hits");
            let odd: Vec<u32> = (0u32..).take(index.len()).filter(|s| s % 2 == 1).collect();
            let expected: Vec<Hit> = hits
                .iter()
                .copied()
                .filter(|h| h.service().is_some_and(|s| s % 2 == 1))
                .collect();
            assert_eq!(
                index.search_on(&query, Some(&odd), 3, Reach::Rank, &|| false),
                Some(expected)
            );
        }
    }

    #[test]
    fn the_ranking_without_positions_agrees_with_the_explained_one() {
        let catalogue = crate::generate::catalogue(400, 11);
        let index = Index::new(&catalogue);
        let queries = [
            "t",
            "th",
            "the",
            "theat",
            "бібліотека",
            "біб",
            "zhytomyr",
            "ntfnh",
            "еруфеку",
            "club chess",
            "'клуб",
            "^шах",
            "skills$",
            "!^the кл",
            "kiev",
            "трудової",
            "d",
            "ю",
            "nets camo",
            "мист",
        ];
        for text in queries {
            let query = Query::parse(text);
            let (fast, slow) = (Search::new(&index, &query, true), Search::new(&index, &query, false));
            let (mut scorer, mut memo) = (Scorer::default(), Memo::default());
            let mut found = 0;
            for service in 0..index.len() {
                let hit = fast.evaluate(&mut scorer, &mut memo, service, Reach::Rank);
                let explained = slow.evaluate(&mut scorer, &mut Memo::default(), service, Reach::Rank);
                assert_eq!(hit, explained, "{text}: service {service}");
                found += usize::from(hit.is_some());
            }
            assert!(found > 0 || text.starts_with('^'), "{text} finds nothing");
        }
    }

    #[test]
    fn the_head_is_how_the_answer_begins_and_all_of_its_first_tier() {
        let bundled = crate::catalogue::load(&[crate::catalogue::Source::bundled()]).expect("the bundled catalogue");
        let mut heads = 0;
        for catalogue in [bundled.catalogue, crate::generate::catalogue(600, 5)] {
            let index = Index::new(&catalogue);
            for text in [
                "t",
                "th",
                "the",
                "theatre",
                "б",
                "бі",
                "бібліотека",
                "ntfnh",
                "d",
                "di",
                "digital skills",
                "zh",
                "zhytomyr",
                "club chess",
                "кл !театр",
                "^шах",
                "skills$",
                "'клуб",
                "kiev",
                "театр",
                "ВПО",
                "переселенці",
                "design thinking",
                "Isobel Hunter",
                "Bar",
                "xq",
            ] {
                let query = Query::parse(text);
                let all = index.search(&query);
                let head = index.search_head(&query, &|| false).expect("not cancelled");
                assert_eq!(head[..], all[..head.len()], "{text}: the head begins the answer");
                // The first tier only: a whole word or a word's start in a name, title or other
                // name.
                let first = |hit: &Hit| hit.field.tier() == 0 && hit.quality.group() == 0;
                assert!(head.iter().all(first), "{text}");
                assert!(
                    !all[head.len()..].iter().any(first),
                    "{text}: the head has every such hit"
                );
                heads += usize::from(!head.is_empty() && head.len() < all.len());
            }
            assert_eq!(index.search_head(&Query::parse("t"), &|| true), None, "cancelled");
        }
        assert!(heads >= 20, "most queries have a head shorter than the answer: {heads}");
    }

    /// A generated catalogue for property tests, indexed once.
    static MIXED: std::sync::LazyLock<Index> =
        std::sync::LazyLock::new(|| Index::new(&crate::generate::catalogue(300, 9)));

    proptest::proptest! {
        #[test]
        fn any_query_s_head_begins_its_answer(text in "[a-zа-яіїєґ'^$! ]{1,7}") {
            let query = Query::parse(&text);
            let all = MIXED.search(&query);
            let head = MIXED.search_head(&query, &|| false).unwrap_or_default();
            proptest::prop_assert!(head.len() <= all.len());
            proptest::prop_assert_eq!(&head[..], &all[..head.len()]);
            let first = |hit: &Hit| hit.field.tier() == 0 && hit.quality.group() == 0;
            proptest::prop_assert!(!all[head.len()..].iter().any(first));
        }
    }

    #[test]
    fn a_text_met_again_is_stored_once_and_found_for_every_service() {
        let one = catalogue();
        let mut twice = catalogue();
        let copies: Vec<Service> = twice
            .services
            .iter()
            .map(|s| Service {
                id: format!("{}-again", s.id).into(),
                ..s.clone()
            })
            .collect();
        twice.services.extend(copies);
        let (one, twice) = (Index::new(&one), Index::new(&twice));
        assert_eq!(twice.segments.len(), one.segments.len());
        assert_eq!(twice.text_len(), one.text_len());
        assert!(
            twice.services.iter().all(|s| s.title.shared()),
            "every title is met twice"
        );
        let shared: Vec<bool> = one.services.iter().map(|s| s.title.shared()).collect();
        assert_eq!(
            shared,
            [false, false, false, true, false, true],
            "services 3 and 5 have one title"
        );
        let hits = twice.search(&Query::parse("театр"));
        assert_eq!(hits.iter().filter_map(Hit::service).collect::<Vec<_>>(), [3, 5, 9, 11]);
        let explained = |i: usize| {
            twice
                .explain(&Query::parse("zghurska"), EntityRef::Service(i))
                .map(|e| e.matches)
        };
        assert_eq!(explained(3), explained(9));
        assert!(explained(3).is_some());
    }

    #[test]
    fn search_within_candidates_keeps_only_them_in_the_same_order() {
        let index = Index::new(&catalogue());
        for query in ["", "театр", "волонтер", "ф"] {
            let query = Query::parse(query);
            let all = index.search(&query);
            let candidates = [1, 3, 4];
            let within = index.search_within(&query, Some(&candidates), &|| false);
            let expected: Vec<Hit> = all.into_iter().filter(|h| candidates.contains(&h.entry)).collect();
            assert_eq!(within, Some(expected));
        }
    }

    #[test]
    fn a_cancelled_search_gives_nothing() {
        let index = Index::new(&catalogue());
        assert_eq!(index.search_within(&Query::parse("театр"), None, &|| true), None);
        assert_eq!(
            index.search_on(&Query::parse("театр"), None, 3, Reach::Rank, &|| true),
            None
        );
        assert_eq!(index.len(), 6);
        assert!(!index.is_empty());
    }

    #[test]
    fn debug_shows_sizes() {
        let index = Index::new(&catalogue());
        assert_eq!(
            format!("{index:?}"),
            "Index { services: 6, libraries: 4, target_groups: 4, programmes: 1, themes: 1, .. }"
        );
    }
}
