//! The search index (every catalogue text folded, transliterated and coded once) and the
//! search.
//!
//! The index keeps its texts in byte buffers (one per thread that built it, one when read
//! from the cache), one byte per character ([`super::code`]), and describes each text by a
//! small fixed-size [`Segment`]: no allocation per text, and half the bytes of UTF-8 for
//! Ukrainian. A search scores every service without building
//! anything but its [`Hit`]; where the terms matched, with the characters to highlight, is
//! worked out again for the few hits that are shown ([`Index::explain`]).

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::num::NonZeroUsize;
use std::thread;

use super::code::{Classes, CodePage, OTHER, char_bit};
use super::fold::fold_each;
use super::hit::{Explanation, Field, FieldMatch, Hit, lang_slot};
use super::matching::{Haystack, match_text};
use super::query::{Query, Source, Term};
use super::score::Scorer;
use super::text::{compose, place_parts};
use super::translit::{is_cyrillic, latin_each, to_latin_with_map};
use crate::catalogue::{Catalogue, Lang, Person, Service, Text};

mod bytes;

pub use bytes::Shape;

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

/// One language variant of a text (or of one piece of a composite text), in one of the
/// index's byte buffers: the folded text, then its Latin transliteration when it is
/// Ukrainian with Cyrillic in it.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: u32,
    folded: u32,
    latin: u32,
    /// The char offset of this piece in the displayed text; the top bit says English, the
    /// three below it ([`PART`]) which of the index's text buffers `start` is in.
    offset_lang: u32,
    /// The character kinds of the folded text.
    mask: u64,
    /// The character kinds of its transliteration.
    latin_mask: u64,
}

const ENGLISH: u32 = 1 << 31;

/// The bits of [`Segment::offset_lang`] that say which text buffer (one per thread that
/// built the index) holds the segment's bytes.
const PART: u32 = 0b111 << PART_SHIFT;

/// Where [`PART`] starts.
const PART_SHIFT: u32 = 28;

// Every thread that builds a part must have a number that fits in [`PART`].
const _: () = assert!(MAX_THREADS <= ((PART >> PART_SHIFT) + 1) as usize);

impl Segment {
    fn lang(self) -> Lang {
        if self.offset_lang & ENGLISH == 0 {
            Lang::Uk
        } else {
            Lang::En
        }
    }

    fn offset(self) -> usize {
        (self.offset_lang & !(ENGLISH | PART)) as usize
    }

    /// The text buffer that holds this segment's bytes.
    fn part(self) -> usize {
        ((self.offset_lang & PART) >> PART_SHIFT) as usize
    }
}

/// A run of segments (or of people) in the index's lists.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    /// The length; the top bit ([`SHARED`]) marks the text of more than one service, whose
    /// match a search works out once ([`Memo`]).
    len: u32,
}

/// The bit of [`Span::len`] that marks a shared text.
const SHARED: u32 = 1 << 31;

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        start..start + (self.len & !SHARED) as usize
    }

    fn shared(self) -> bool {
        self.len & SHARED != 0
    }
}

/// What one searching thread learnt of shared texts: the best match of a term in a text,
/// by span, term and whether the text is a title (tier 0) or a long text (tier 3).
#[derive(Default)]
struct Memo(HashMap<(u32, u32, usize, bool), Option<Score>, BuildHasherDefault<QuickHasher>>);

/// A hasher for the memo's small integer keys, much cheaper than the default one (which
/// guards against keys chosen by an attacker; these are the index's own numbers).
#[derive(Default)]
struct QuickHasher(u64);

impl Hasher for QuickHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct ServiceTexts {
    title: Span,
    summary: Span,
    description: Span,
    /// Into `Index::people`: one segment span per person.
    people: Span,
    /// Bounds in `Index::relations` of the libraries, target groups, programmes and themes.
    relations: [u32; 5],
}

/// The related entities of a service, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Library,
    TargetGroup,
    Programme,
    Theme,
}

/// The search index: every searchable catalogue text, folded, transliterated and coded once.
#[derive(Clone)]
pub struct Index {
    page: CodePage,
    classes: Box<Classes>,
    /// The coded texts: one buffer per thread that built the index (each part stays where
    /// it was made, so that no part is ever copied into another), or one read from a cache.
    /// [`Segment::part`] says which.
    parts: Box<[Vec<u8>]>,
    segments: Vec<Segment>,
    /// For the segments whose folded chars do not each come from the original char of the
    /// same index (composed or expanded characters): the original char index of each.
    maps: HashMap<u32, Box<[u32]>>,
    services: Vec<ServiceTexts>,
    people: Vec<Span>,
    relations: Vec<u32>,
    /// Name and place of each library.
    libraries: Vec<(Span, Span)>,
    target_groups: Vec<Span>,
    programmes: Vec<Span>,
    themes: Vec<Span>,
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("services", &self.services.len())
            .field("libraries", &self.libraries.len())
            .field("target_groups", &self.target_groups.len())
            .field("programmes", &self.programmes.len())
            .field("themes", &self.themes.len())
            .finish_non_exhaustive()
    }
}

/// Builds the texts of one part of the catalogue into a buffer of its own. A text met
/// again (the same title in many libraries, the same person) is stored once.
#[derive(Default)]
struct Builder<'a> {
    /// The span of every plain text stored (a title, summary, description), by its text.
    stored: HashMap<&'a Text, Span>,
    /// The span of every person stored, by name and role.
    stored_people: HashMap<[&'a Text; 2], Span>,
    /// The starts of the stored spans met again.
    reused: Vec<u32>,
    page: CodePage,
    bytes: Vec<u8>,
    segments: Vec<Segment>,
    maps: HashMap<u32, Box<[u32]>>,
    people: Vec<Span>,
    relations: Vec<u32>,
    /// Scratch: the folded text of the segment being added, and its map.
    folded: String,
    map: Vec<u32>,
    /// This builder's part of the index's text buffers, in the top bits of
    /// [`Segment::offset_lang`].
    part: u32,
}

impl<'a> Builder<'a> {
    /// A builder for part `part` of the index, made of `services` services, with `room` for
    /// all it will hold (the first part's includes what it takes in from the others): its
    /// lists never grow by copying, and leave no freed blocks behind.
    fn for_part(part: usize, services: usize, room: Room) -> Self {
        // What the index keeps first, then what is dropped once the part is built (a title
        // is often shared, a summary or description seldom: about two texts stored for each
        // service).
        let mut builder = Self {
            part: (part as u32) << PART_SHIFT,
            bytes: Vec::with_capacity(room.bytes),
            segments: Vec::with_capacity(room.segments),
            people: Vec::with_capacity(room.people),
            relations: Vec::with_capacity(room.relations),
            ..Self::default()
        };
        builder.stored = HashMap::with_capacity(2 * services);
        builder.stored_people = HashMap::with_capacity(room.people);
        builder.reused = Vec::with_capacity(3 * services + room.people);
        builder
    }

    /// Adds one segment: the text folded, then its transliteration when it is Ukrainian
    /// with Cyrillic in it, straight into the buffer.
    fn segment(&mut self, lang: Lang, text: &str, offset: usize) {
        let start = self.bytes.len();
        let (folded, map, page, bytes) = (&mut self.folded, &mut self.map, &mut self.page, &mut self.bytes);
        folded.clear();
        map.clear();
        let (mut mask, mut identity, mut cyrillic) = (0, true, false);
        fold_each(text, |c, i| {
            identity &= i == map.len();
            map.push(i as u32);
            mask |= char_bit(c);
            cyrillic |= is_cyrillic(c);
            folded.push(c);
            bytes.push(page.code_adding(c));
        });
        let folded_len = bytes.len() - start;
        let mut latin_mask = 0;
        if lang == Lang::Uk && cyrillic {
            latin_each(folded, |c, _| {
                latin_mask |= char_bit(c);
                bytes.push(page.code_adding(c));
            });
        }
        let id = self.segments.len() as u32;
        if !identity {
            self.maps.insert(id, map.as_slice().into());
        }
        self.segments.push(Segment {
            start: start as u32,
            folded: folded_len as u32,
            latin: (self.bytes.len() - start - folded_len) as u32,
            offset_lang: (offset as u32 & !(ENGLISH | PART)) | self.part | if lang == Lang::En { ENGLISH } else { 0 },
            mask,
            latin_mask,
        });
    }

    /// Notes that a stored span is met again (an empty one needs no note).
    fn reuse(&mut self, span: Span) {
        if span.len > 0 {
            self.reused.push(span.start);
        }
    }

    /// Segments of a plain text: each non-empty language variant.
    fn text(&mut self, text: &Text) -> Span {
        let start = self.segments.len() as u32;
        for (lang, s) in text.variants() {
            self.segment(lang, s, 0);
        }
        Span {
            start,
            len: self.segments.len() as u32 - start,
        }
    }

    /// Segments of a composite text (see [`compose`]).
    fn composed(&mut self, parts: &[&Text]) -> Span {
        let start = self.segments.len() as u32;
        for lang in [Lang::Uk, Lang::En] {
            for (offset, s) in compose(parts, lang).1 {
                self.segment(lang, s, offset);
            }
        }
        Span {
            start,
            len: self.segments.len() as u32 - start,
        }
    }

    /// [`Builder::text`], or the span of the same text stored before.
    fn shared_text(&mut self, text: &'a Text) -> Span {
        if let Some(&span) = self.stored.get(text) {
            self.reuse(span);
            return span;
        }
        let span = self.text(text);
        self.stored.insert(text, span);
        span
    }

    /// A person's segments, or those of the same person stored before.
    fn person(&mut self, person: &'a Person) -> Span {
        let (name, role) = (&person.name, &person.role);
        if let Some(&span) = self.stored_people.get(&[name, role]) {
            self.reuse(span);
            return span;
        }
        let span = self.composed(&[name, role]);
        self.stored_people.insert([name, role], span);
        span
    }

    fn service(&mut self, s: &'a Service, ids: &Ids<'_>) -> ServiceTexts {
        let title = self.shared_text(&s.title);
        let summary = self.shared_text(&s.summary);
        let description = self.shared_text(&s.description);
        let people_start = self.people.len() as u32;
        for person in &s.people {
            let span = self.person(person);
            self.people.push(span);
        }
        let mut relations = [0; 5];
        relations[0] = self.relations.len() as u32;
        for (i, (wanted, known)) in [
            (&s.libraries, &ids.libraries),
            (&s.target_groups, &ids.target_groups),
            (&s.programmes, &ids.programmes),
            (&s.themes, &ids.themes),
        ]
        .into_iter()
        .enumerate()
        {
            self.relations
                .extend(wanted.iter().filter_map(|id| known.get(id.as_str())).map(|&i| i as u32));
            relations[i + 1] = self.relations.len() as u32;
        }
        ServiceTexts {
            title,
            summary,
            description,
            people: Span {
                start: people_start,
                len: self.people.len() as u32 - people_start,
            },
            relations,
        }
    }

    /// Appends `part` (built on its own) to this builder, renumbering what it refers to.
    /// Its text buffer is not copied: it is given back, its codes made this builder's.
    fn append(&mut self, mut part: Builder<'_>, services: &mut [ServiceTexts]) -> Vec<u8> {
        let codes: Vec<u8> = part.page.extras().iter().map(|&c| self.page.code_adding(c)).collect();
        if !codes.iter().enumerate().all(|(i, &c)| usize::from(c) == 0xC1 + i) {
            for b in &mut part.bytes {
                if (0xC1..OTHER).contains(b) {
                    *b = codes.get(usize::from(*b - 0xC1)).copied().unwrap_or(OTHER);
                }
            }
        }
        let segments = self.segments.len() as u32;
        let people = self.people.len() as u32;
        let relations = self.relations.len() as u32;
        self.segments.extend(part.segments);
        self.maps
            .extend(part.maps.into_iter().map(|(id, map)| (id + segments, map)));
        self.people.extend(part.people.into_iter().map(|mut p| {
            p.start += segments;
            p
        }));
        self.relations.extend(part.relations);
        for s in services {
            for span in [&mut s.title, &mut s.summary, &mut s.description] {
                span.start += segments;
            }
            s.people.start += people;
            for r in &mut s.relations {
                *r += relations;
            }
        }
        part.bytes
    }
}

/// About how much a part of the index holds, so that its lists are made once: the lists'
/// room is an upper bound; the text's is about right (a part rich in letters that
/// transliterate long, such as "щ", may grow its text buffer once).
#[derive(Debug, Clone, Copy, Default)]
struct Room {
    /// Bytes of coded text: about one per byte of UTF-8 text (a Ukrainian letter is two
    /// bytes in UTF-8 and one code here plus about one of transliteration).
    bytes: usize,
    segments: usize,
    people: usize,
    relations: usize,
}

impl Room {
    /// The room the texts of `services` need.
    fn of(services: &[Service]) -> Self {
        let texts = |t: &Text| t.variants().count();
        Self {
            bytes: services.iter().map(text_bytes).sum::<usize>() + 64,
            segments: services
                .iter()
                .map(|s| texts(&s.title) + texts(&s.summary) + texts(&s.description) + 4 * s.people.len())
                .sum(),
            people: services.iter().map(|s| s.people.len()).sum(),
            relations: services
                .iter()
                .map(|s| s.libraries.len() + s.target_groups.len() + s.programmes.len() + s.themes.len())
                .sum(),
        }
    }

    /// The room the related entities' names need.
    fn entities(c: &Catalogue) -> Self {
        Self {
            bytes: entity_bytes(c),
            // A name in each language, a place of three parts in each.
            segments: c.libraries.len() * 8 + (c.target_groups.len() + c.programmes.len() + c.themes.len()) * 2,
            ..Self::default()
        }
    }

    fn add(self, other: Self) -> Self {
        Self {
            bytes: self.bytes + other.bytes,
            segments: self.segments + other.segments,
            people: self.people + other.people,
            relations: self.relations + other.relations,
        }
    }
}

/// Index of every related entity by id.
struct Ids<'a> {
    libraries: HashMap<&'a str, usize>,
    target_groups: HashMap<&'a str, usize>,
    programmes: HashMap<&'a str, usize>,
    themes: HashMap<&'a str, usize>,
}

/// Index of every item by id.
fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<&str, usize> {
    items.iter().enumerate().map(|(i, item)| (id(item), i)).collect()
}

/// A hit's place in the ranking as one number, smaller first: tier, then score (higher
/// first), then catalogue order. Sorting by it is the stable sort by (tier, score) of hits
/// in catalogue order, and much cheaper than comparing tuples.
fn rank_key(hit: &Hit) -> u64 {
    let tier = u64::from(hit.field.tier()) & 0b11;
    let score = i64::from(i32::MAX) - i64::from(hit.score);
    let service = u64::from(hit.service) & ((1 << 30) - 1);
    (tier << 62) | ((score as u64) << 30) | service
}

/// The UTF-8 bytes of a service's searchable texts.
fn text_bytes(s: &Service) -> usize {
    let text = |t: &Text| t.variants().map(|(_, v)| v.len()).sum::<usize>();
    text(&s.title)
        + text(&s.summary)
        + text(&s.description)
        + s.people.iter().map(|p| text(&p.name) + text(&p.role)).sum::<usize>()
}

/// The UTF-8 bytes of the related entities' searchable texts (with room for the country
/// names of places).
fn entity_bytes(c: &Catalogue) -> usize {
    let text = |t: &Text| t.variants().map(|(_, v)| v.len()).sum::<usize>();
    c.libraries
        .iter()
        .map(|l| text(&l.name) + text(&l.place) + text(&l.region) + 64)
        .chain(c.target_groups.iter().map(|g| text(&g.name)))
        .chain(c.programmes.iter().map(|p| text(&p.name)))
        .chain(c.themes.iter().map(|t| text(&t.name)))
        .sum()
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

impl Index {
    /// Builds the index. Relations to unknown ids are skipped.
    pub fn new(catalogue: &Catalogue) -> Self {
        Self::built_on(catalogue, threads_for(catalogue.services.len()))
    }

    /// [`Index::new`], the services shared between `threads` threads.
    pub(crate) fn built_on(catalogue: &Catalogue, threads: usize) -> Self {
        let ids = Ids {
            libraries: ids(&catalogue.libraries, |l| &l.id),
            target_groups: ids(&catalogue.target_groups, |g| &g.id),
            programmes: ids(&catalogue.programmes, |p| &p.id),
            themes: ids(&catalogue.themes, |t| &t.id),
        };
        // Folding and transliterating is the slow part of starting on a big catalogue: the
        // services are shared between the cores, each part built on its own. The first part
        // becomes the index and the others are appended to it; each part's text stays in
        // its own buffer, so that no text is ever copied; the related entities' names come
        // last, in the first part.
        let all = &catalogue.services;
        let chunk = all.len().div_ceil(threads.clamp(1, MAX_THREADS)).max(1);
        let ids = &ids;
        // Room is made at once, so that nothing is copied as it grows: the first part's lists
        // have room for the others' and the entities' names (its text buffer only for the
        // names: the others' text stays in their own buffers).
        let mut rooms: Vec<Room> = all.chunks(chunk).map(Room::of).collect();
        let taken_in = rooms.iter().skip(1).fold(Room::entities(catalogue), |sum, &room| {
            sum.add(Room { bytes: 0, ..room })
        });
        if let Some(first) = rooms.first_mut() {
            *first = first.add(taken_in);
        }
        // Each part fills its own stretch of the services' texts.
        let mut services = vec![ServiceTexts::default(); all.len()];
        let parts: Vec<Builder> = thread::scope(|scope| {
            let workers: Vec<_> = all
                .chunks(chunk)
                .zip(services.chunks_mut(chunk))
                .zip(rooms.iter().copied())
                .enumerate()
                .map(|(i, ((part, texts), room))| {
                    scope.spawn(move || {
                        let mut builder = Builder::for_part(i, part.len(), room);
                        for (s, texts) in part.iter().zip(texts) {
                            *texts = builder.service(s, ids);
                        }
                        // Only what is appended stays alive until then.
                        builder.stored = HashMap::new();
                        builder.stored_people = HashMap::new();
                        builder
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        });
        let mut parts = parts.into_iter();
        let mut builder = parts.next().unwrap_or_default();
        let mut texts = vec![Vec::new()];
        // The texts each part met again, by the number of its first segment.
        let mut reused = vec![(0, std::mem::take(&mut builder.reused))];
        for (mut part, part_services) in parts.zip(services.chunks_mut(chunk).skip(1)) {
            reused.push((builder.segments.len() as u32, std::mem::take(&mut part.reused)));
            let mut bytes = builder.append(part, part_services);
            bytes.shrink_to_fit();
            texts.push(bytes);
        }
        let libraries = catalogue
            .libraries
            .iter()
            .map(|l| (builder.text(&l.name), builder.composed(&place_parts(l).each_ref())))
            .collect();
        let target_groups = catalogue.target_groups.iter().map(|g| builder.text(&g.name)).collect();
        let programmes = catalogue.programmes.iter().map(|p| builder.text(&p.name)).collect();
        let themes = catalogue.themes.iter().map(|t| builder.text(&t.name)).collect();
        let Builder {
            page,
            mut bytes,
            mut segments,
            maps,
            mut people,
            mut relations,
            ..
        } = builder;
        // Mark the texts of more than one service, for the search to match them once.
        let mut shared = vec![false; segments.len()];
        for (first, starts) in reused {
            for start in starts {
                if let Some(s) = shared.get_mut((first + start) as usize) {
                    *s = true;
                }
            }
        }
        let mark = |span: &mut Span| {
            if span.len > 0 && shared.get(span.start as usize) == Some(&true) {
                span.len |= SHARED;
            }
        };
        for s in &mut services {
            for span in [&mut s.title, &mut s.summary, &mut s.description] {
                mark(span);
            }
        }
        people.iter_mut().for_each(mark);
        bytes.shrink_to_fit();
        texts[0] = bytes;
        segments.shrink_to_fit();
        people.shrink_to_fit();
        relations.shrink_to_fit();
        Self {
            classes: Box::new(page.classes()),
            page,
            parts: texts.into(),
            segments,
            maps,
            services,
            people,
            relations,
            libraries,
            target_groups,
            programmes,
            themes,
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
        candidates: Option<&[u32]>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let count = candidates.map_or(self.services.len(), <[u32]>::len);
        self.search_on(query, candidates, threads_for(count), cancelled)
    }

    /// [`Index::search_within`] with the services split between `threads` threads.
    ///
    /// The hits are written into one buffer with room for every candidate, each thread into
    /// its own part, then closed up: the hits need no other buffer (each thread's scorer and
    /// memo of shared texts are its only others).
    /// (Memory a short-lived thread frees stays with its allocator arena, and buffers grown
    /// by doubling leave freed blocks behind, both resident: typing on a big catalogue would
    /// make the process grow.)
    pub(crate) fn search_on(
        &self,
        query: &Query,
        candidates: Option<&[u32]>,
        threads: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let search = Search::new(self, query, true);
        let count = candidates.map_or(self.services.len(), <[u32]>::len);
        let service = |i: usize| candidates.map_or(i, |c| c[i] as usize);
        // Evaluates the candidates from position `start` on into `out`, one per slot; the
        // number of hits written, `None` when cancelled.
        let run = |start: usize, out: &mut [Hit]| -> Option<usize> {
            let mut scorer = Scorer::default();
            let mut memo = Memo::default();
            let mut found = 0;
            for i in start..start + out.len() {
                if (i - start).is_multiple_of(CHECK_EVERY) && cancelled() {
                    return None;
                }
                if let Some(hit) = search.evaluate(&mut scorer, &mut memo, service(i)) {
                    out[found] = hit;
                    found += 1;
                }
            }
            Some(found)
        };
        let blank = Hit {
            service: 0,
            score: 0,
            field: Field::Title,
        };
        let mut hits = vec![blank; count];
        if threads <= 1 {
            let found = run(0, &mut hits)?;
            hits.truncate(found);
        } else {
            let chunk = count.div_ceil(threads).max(1);
            let run = &run;
            let found: Vec<Option<usize>> = thread::scope(|scope| {
                let workers: Vec<_> = hits
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
                hits.copy_within(start..start + found, len);
                len += found;
            }
            hits.truncate(len);
        }
        hits.shrink_to_fit();
        // The hits come in catalogue order, so the service breaks ties as a stable sort would.
        hits.sort_unstable_by_key(rank_key);
        Some(hits)
    }

    /// Where the query's terms matched in a service, with the characters to highlight;
    /// `None` when the service does not match. Worked out for the few hits on screen: the
    /// search itself keeps only the rank of each hit.
    pub fn explain(&self, query: &Query, service: usize) -> Option<Explanation> {
        self.explainer(query).explain(service)
    }

    /// [`Index::explain`] for several hits of one query (the rows of a screen): the query is
    /// prepared once.
    pub fn explainer<'a>(&'a self, query: &'a Query) -> Explainer<'a> {
        Explainer {
            search: Search::new(self, query, false),
            scorer: Scorer::default(),
        }
    }

    /// The bytes of coded text, in all parts.
    fn text_len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    /// The number of services.
    pub fn len(&self) -> usize {
        self.services.len()
    }

    /// True when there are no services.
    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }

    fn segments(&self, span: Span) -> &[Segment] {
        &self.segments[span.range()]
    }

    /// The segments of a service's related entity (library names for [`Field::Library`],
    /// their places for [`Field::Place`]).
    fn entity(&self, field: Field, i: usize) -> Span {
        let span = match field {
            Field::Library => self.libraries.get(i).map(|l| l.0),
            Field::Place => self.libraries.get(i).map(|l| l.1),
            Field::TargetGroup => self.target_groups.get(i).copied(),
            Field::Programme => self.programmes.get(i).copied(),
            Field::Theme => self.themes.get(i).copied(),
            _ => None,
        };
        span.unwrap_or_default()
    }

    fn related(&self, texts: &ServiceTexts, kind: Kind) -> &[u32] {
        let k = kind as usize;
        &self.relations[texts.relations[k] as usize..texts.relations[k + 1] as usize]
    }

    /// The folded text of a segment.
    fn folded(&self, segment: Segment) -> &[u8] {
        let start = segment.start as usize;
        &self.parts[segment.part()][start..start + segment.folded as usize]
    }

    /// The Latin transliteration of a segment, if it has one.
    fn latin(&self, segment: Segment) -> Option<&[u8]> {
        let start = (segment.start + segment.folded) as usize;
        (segment.latin > 0).then(|| &self.parts[segment.part()][start..start + segment.latin as usize])
    }

    /// The texts of `segment` that `needle` can match, each with whether it is the Latin
    /// transliteration: the folded text, then the transliteration (for a Latin needle), each
    /// only when it has every kind of character the needle needs.
    fn views(&self, segment: Segment, needle: &Needle) -> [Option<(&[u8], bool)>; 2] {
        let folded = (needle.mask & !segment.mask == 0).then(|| (self.folded(segment), false));
        let latin = self
            .latin(segment)
            .filter(|_| needle.latin_view && needle.mask & !segment.latin_mask == 0)
            .map(|bytes| (bytes, true));
        [folded, latin]
    }

    /// The original char index of folded char `i` of segment `id`.
    fn original(&self, id: usize, i: usize) -> usize {
        self.maps
            .get(&(id as u32))
            .and_then(|map| map.get(i))
            .map_or(i, |&o| o as usize)
    }

    /// The original char indices of positions in the Latin view of segment `id`. The map
    /// back is not kept (four bytes a character): the folded text is transliterated again.
    fn latin_to_original(&self, id: usize, positions: &[usize]) -> Vec<usize> {
        let folded = self.page.decode(self.folded(self.segments[id]));
        let (_, latin_map) = to_latin_with_map(&folded);
        positions
            .iter()
            .map(|&p| self.original(id, latin_map.get(p).copied().unwrap_or(p)))
            .collect()
    }
}

/// Explains hits of one query ([`Index::explainer`]).
pub struct Explainer<'a> {
    search: Search<'a>,
    scorer: Scorer,
}

impl Explainer<'_> {
    /// [`Index::explain`] for `service`.
    pub fn explain(&mut self, service: usize) -> Option<Explanation> {
        if service >= self.search.index.services.len() {
            return None;
        }
        self.search.explain(&mut self.scorer, service)
    }
}

/// A term's best match in one field.
#[derive(Debug, Clone)]
struct Found {
    score: i64,
    /// Preference between equal scores: lower is better (direct before transliterated
    /// before layout-repaired).
    rank: u8,
    lang: Lang,
    /// Matched char indices in the displayed text (empty for the ranking, which needs none).
    positions: Vec<usize>,
}

/// A match's score and preference rank, without where it is: what a search ranks by.
#[derive(Debug, Clone, Copy)]
struct Score {
    score: i64,
    rank: u8,
}

/// True when a match of `score` and `rank` is better than `current`.
fn wins(score: i64, rank: u8, current: Option<Score>) -> bool {
    current.is_none_or(|c| score > c.score || (score == c.score && rank < c.rank))
}

/// The related fields, with the kind of entity each is found through.
const RELATED: [(Field, Kind); 5] = [
    (Field::Library, Kind::Library),
    (Field::Place, Kind::Library),
    (Field::TargetGroup, Kind::TargetGroup),
    (Field::Programme, Kind::Programme),
    (Field::Theme, Kind::Theme),
];

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

/// A pattern in the index's codes.
struct Needle {
    bytes: Vec<u8>,
    mask: u64,
    source: Source,
    latin_view: bool,
}

/// One term of a search, its patterns in codes.
struct Needles<'a> {
    term: &'a Term,
    needles: Vec<Needle>,
}

/// One positive term's best match (without positions) in each related entity, matched once
/// per search.
struct EntityMatches {
    libraries: Vec<Option<Score>>,
    places: Vec<Option<Score>>,
    target_groups: Vec<Option<Score>>,
    programmes: Vec<Option<Score>>,
    themes: Vec<Option<Score>>,
}

impl EntityMatches {
    fn get(&self, field: Field, i: usize) -> Option<Score> {
        let list = match field {
            Field::Library => &self.libraries,
            Field::Place => &self.places,
            Field::TargetGroup => &self.target_groups,
            Field::Programme => &self.programmes,
            Field::Theme => &self.themes,
            _ => return None,
        };
        *list.get(i)?
    }
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
    /// Title positions by language, when the term matched the title and positions were
    /// asked for.
    title: [Vec<usize>; 2],
}

/// One search: the query's terms in codes, with their entity matches.
struct Search<'a> {
    index: &'a Index,
    positives: Vec<(Needles<'a>, Option<EntityMatches>)>,
    negatives: Vec<(Needles<'a>, Option<EntityExclusions>)>,
}

impl<'a> Search<'a> {
    /// The search for `query`; with `entities`, each term is matched against every related
    /// entity at once (worth it when many services are searched), else only against those of
    /// the services asked about.
    fn new(index: &'a Index, query: &'a Query, entities: bool) -> Self {
        let mut search = Self {
            index,
            positives: Vec::new(),
            negatives: Vec::new(),
        };
        let mut scorer = Scorer::default();
        for term in query.terms() {
            let needles = Needles {
                term,
                needles: term
                    .patterns()
                    .iter()
                    .map(|p| Needle {
                        bytes: index.page.encode(&p.text),
                        mask: p.mask,
                        source: p.source,
                        latin_view: p.latin_view,
                    })
                    .collect(),
            };
            if term.negated {
                let exclusions = entities.then(|| search.entity_exclusions(&mut scorer, &needles));
                search.negatives.push((needles, exclusions));
            } else {
                let matches = entities.then(|| search.entity_matches(&mut scorer, &needles));
                search.positives.push((needles, matches));
            }
        }
        search
    }

    fn entity_matches(&self, scorer: &mut Scorer, term: &Needles<'_>) -> EntityMatches {
        let mut all = |spans: &mut dyn Iterator<Item = Span>, field: Field| -> Vec<Option<Score>> {
            spans
                .map(|span| self.best_score(scorer, span, term, field.tier()))
                .collect()
        };
        let index = self.index;
        EntityMatches {
            libraries: all(&mut index.libraries.iter().map(|l| l.0), Field::Library),
            places: all(&mut index.libraries.iter().map(|l| l.1), Field::Place),
            target_groups: all(&mut index.target_groups.iter().copied(), Field::TargetGroup),
            programmes: all(&mut index.programmes.iter().copied(), Field::Programme),
            themes: all(&mut index.themes.iter().copied(), Field::Theme),
        }
    }

    fn entity_exclusions(&self, scorer: &mut Scorer, term: &Needles<'_>) -> EntityExclusions {
        let mut all = |spans: &[Span], field: Field| -> Vec<bool> {
            spans
                .iter()
                .map(|&span| self.any(scorer, span, term, field.tier()))
                .collect()
        };
        let index = self.index;
        EntityExclusions {
            target_groups: all(&index.target_groups, Field::TargetGroup),
            programmes: all(&index.programmes, Field::Programme),
            themes: all(&index.themes, Field::Theme),
            libraries: index
                .libraries
                .iter()
                .map(|&(name, place)| {
                    self.any(scorer, name, term, Field::Library.tier())
                        || self.any(scorer, place, term, Field::Place.tier())
                })
                .collect(),
        }
    }

    /// The service as a hit, or `None` when a positive term does not match or an exclusion
    /// does.
    fn evaluate(&self, scorer: &mut Scorer, memo: &mut Memo, service: usize) -> Option<Hit> {
        let texts = &self.index.services[service];
        let mut hit = Hit {
            service: u32::try_from(service).ok()?,
            score: 0,
            field: Field::Title,
        };
        let mut worst = None;
        for (i, (term, entities)) in self.positives.iter().enumerate() {
            let (field, score) = match entities {
                Some(entities) => self.term_score(scorer, memo, i, texts, term, entities)?,
                None => self.term_best(scorer, texts, term).map(|b| (b.field, b.found.score))?,
            };
            let tier = field.tier();
            if worst.is_none_or(|w| tier > w) {
                worst = Some(tier);
                hit.field = field;
            }
            hit.score = Hit::clamp_score(i64::from(hit.score) + score);
        }
        if self.excluded(scorer, texts) {
            return None;
        }
        Some(hit)
    }

    /// [`Search::evaluate`] with where each term matched and the characters to highlight.
    fn explain(&self, scorer: &mut Scorer, service: usize) -> Option<Explanation> {
        let texts = &self.index.services[service];
        let mut explanation = Explanation::default();
        for (term, _) in &self.positives {
            let best = self.term_best(scorer, texts, term)?;
            for (all, positions) in explanation.title.iter_mut().zip(best.title) {
                all.extend(positions);
            }
            explanation.matches.push(FieldMatch {
                field: best.field,
                lang: best.found.lang,
                entity: best.entity,
                positions: best.found.positions,
            });
        }
        if self.excluded(scorer, texts) {
            return None;
        }
        for positions in &mut explanation.title {
            positions.sort_unstable();
            positions.dedup();
        }
        // A title missing in one language is shown in the other (`Text::get`).
        let title = self.index.segments(texts.title);
        let [uk, en] = &mut explanation.title;
        if !title.iter().any(|segment| segment.lang() == Lang::Uk) {
            uk.clone_from(en);
        } else if !title.iter().any(|segment| segment.lang() == Lang::En) {
            en.clone_from(uk);
        }
        Some(explanation)
    }

    /// True when an exclusion term matches the service.
    fn excluded(&self, scorer: &mut Scorer, texts: &ServiceTexts) -> bool {
        self.negatives
            .iter()
            .any(|(term, entities)| self.excluded_by(scorer, texts, term, entities.as_ref()))
    }

    /// The field and score of the term's best match for a service, as [`Search::term_best`]
    /// finds it, without positions: the related entities' matches come from `entities`.
    fn term_score(
        &self,
        scorer: &mut Scorer,
        memo: &mut Memo,
        term_index: usize,
        texts: &ServiceTexts,
        term: &Needles<'_>,
        entities: &EntityMatches,
    ) -> Option<(Field, i64)> {
        let mut best_score = |span: Span, tier: u8| {
            if !span.shared() {
                return self.best_score(scorer, span, term, tier);
            }
            *memo
                .0
                .entry((span.start, span.len, term_index, tier > 0))
                .or_insert_with(|| self.best_score(scorer, span, term, tier))
        };
        if let Some(title) = best_score(texts.title, Field::Title.tier()) {
            return Some((Field::Title, title.score));
        }
        for tier in [1, 2] {
            let mut best: Option<(Field, Score)> = None;
            for &(field, kind) in RELATED.iter().filter(|r| r.0.tier() == tier) {
                for &i in self.index.related(texts, kind) {
                    if let Some(found) = entities.get(field, i as usize)
                        && wins(found.score, found.rank, best.map(|b| b.1))
                    {
                        best = Some((field, found));
                    }
                }
            }
            if let Some((field, found)) = best {
                return Some((field, found.score));
            }
        }
        let own = [(Field::Summary, texts.summary), (Field::Description, texts.description)];
        let people = self.index.people[texts.people.range()]
            .iter()
            .map(|&span| (Field::People, span));
        let mut best: Option<(Field, Score)> = None;
        for (field, span) in own.into_iter().chain(people) {
            if let Some(found) = best_score(span, field.tier())
                && wins(found.score, found.rank, best.map(|b| b.1))
            {
                best = Some((field, found));
            }
        }
        best.map(|(field, found)| (field, found.score))
    }

    /// The term's best match for a service, with its positions: the lowest tier, then the
    /// highest score.
    fn term_best(&self, scorer: &mut Scorer, texts: &ServiceTexts, term: &Needles<'_>) -> Option<TermBest> {
        let [uk, en] = self.best_per_lang(scorer, texts.title, term, Field::Title.tier());
        if uk.is_some() || en.is_some() {
            let title = [&uk, &en].map(|f| f.as_ref().map(|f| f.positions.clone()).unwrap_or_default());
            return better(uk, en).map(|found| TermBest {
                field: Field::Title,
                entity: 0,
                found,
                title,
            });
        }
        for tier in [1, 2] {
            let mut best: Option<(Field, usize, Found)> = None;
            for &(field, kind) in RELATED.iter().filter(|r| r.0.tier() == tier) {
                for &i in self.index.related(texts, kind) {
                    let i = i as usize;
                    let found = self.best(scorer, self.index.entity(field, i), term, tier);
                    if let Some(f) = found
                        && beats(f.score, f.rank, best.as_ref().map(|b| &b.2))
                    {
                        best = Some((field, i, f));
                    }
                }
            }
            if let Some((field, entity, found)) = best {
                return Some(TermBest {
                    field,
                    entity,
                    found,
                    title: [Vec::new(), Vec::new()],
                });
            }
        }
        let own = [
            (Field::Summary, 0, texts.summary),
            (Field::Description, 0, texts.description),
        ];
        let people = self.index.people[texts.people.range()]
            .iter()
            .enumerate()
            .map(|(i, &span)| (Field::People, i, span));
        let mut best: Option<(Field, usize, Found)> = None;
        for (field, entity, span) in own.into_iter().chain(people) {
            if let Some(found) = self.best(scorer, span, term, field.tier())
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
    fn excluded_by(
        &self,
        scorer: &mut Scorer,
        texts: &ServiceTexts,
        term: &Needles<'_>,
        entities: Option<&EntityExclusions>,
    ) -> bool {
        let index = self.index;
        let mut related = |kind: Kind, field: Field| {
            index.related(texts, kind).iter().any(|&i| {
                let i = i as usize;
                let known = entities.map(|e| match kind {
                    Kind::Library => &e.libraries,
                    Kind::TargetGroup => &e.target_groups,
                    Kind::Programme => &e.programmes,
                    Kind::Theme => &e.themes,
                });
                match known {
                    Some(matched) => matched.get(i).copied().unwrap_or(false),
                    None => {
                        self.any(scorer, index.entity(field, i), term, field.tier())
                            || (field == Field::Library
                                && self.any(scorer, index.entity(Field::Place, i), term, Field::Place.tier()))
                    }
                }
            })
        };
        related(Kind::Library, Field::Library)
            || related(Kind::TargetGroup, Field::TargetGroup)
            || related(Kind::Programme, Field::Programme)
            || related(Kind::Theme, Field::Theme)
            || self.any(scorer, texts.title, term, Field::Title.tier())
            || self.any(scorer, texts.summary, term, Field::Summary.tier())
            || self.any(scorer, texts.description, term, Field::Description.tier())
            || index.people[texts.people.range()]
                .iter()
                .any(|&p| self.any(scorer, p, term, Field::People.tier()))
    }

    /// The term's best match in the segments, with its positions, per language (Ukrainian,
    /// English).
    fn best_per_lang(&self, scorer: &mut Scorer, span: Span, term: &Needles<'_>, tier: u8) -> [Option<Found>; 2] {
        let index = self.index;
        let mut best: [Option<Found>; 2] = [None, None];
        let mut matched = Vec::new();
        for id in span.range() {
            let segment = index.segments[id];
            let slot = &mut best[lang_slot(segment.lang())];
            for needle in &term.needles {
                let limit = span_limit(tier, needle.bytes.len());
                for (bytes, via_latin) in index.views(segment, needle).into_iter().flatten() {
                    let text = Haystack {
                        bytes,
                        classes: &index.classes,
                    };
                    let Some(score) =
                        match_text(scorer, text, &needle.bytes, term.term.kind, limit, Some(&mut matched))
                    else {
                        continue;
                    };
                    let score = needle.source.adjust(score);
                    let rank = rank(needle.source, via_latin);
                    if beats(score, rank, slot.as_ref()) {
                        let mut positions: Vec<usize> = if via_latin {
                            index.latin_to_original(id, &matched)
                        } else {
                            matched.iter().map(|&p| index.original(id, p)).collect()
                        };
                        for p in &mut positions {
                            *p += segment.offset();
                        }
                        positions.dedup();
                        *slot = Some(Found {
                            score,
                            rank,
                            lang: segment.lang(),
                            positions,
                        });
                    }
                }
            }
        }
        best
    }

    /// The score and rank of the term's best match in the segments, in either language (the
    /// first of equal ones, Ukrainian before English, as [`Search::best`] picks).
    fn best_score(&self, scorer: &mut Scorer, span: Span, term: &Needles<'_>, tier: u8) -> Option<Score> {
        let index = self.index;
        let kind = term.term.kind;
        let mut best: Option<Score> = None;
        for &segment in index.segments(span) {
            for needle in &term.needles {
                let limit = span_limit(tier, needle.bytes.len());
                for (bytes, via_latin) in index.views(segment, needle).into_iter().flatten() {
                    let text = Haystack {
                        bytes,
                        classes: &index.classes,
                    };
                    if let Some(score) = match_text(scorer, text, &needle.bytes, kind, limit, None) {
                        let (score, rank) = (needle.source.adjust(score), rank(needle.source, via_latin));
                        if wins(score, rank, best) {
                            best = Some(Score { score, rank });
                        }
                    }
                }
            }
        }
        best
    }

    /// The term's best match in the segments, with its positions, in either language.
    fn best(&self, scorer: &mut Scorer, span: Span, term: &Needles<'_>, tier: u8) -> Option<Found> {
        let [uk, en] = self.best_per_lang(scorer, span, term, tier);
        better(uk, en)
    }

    /// True when the term matches any of the segments.
    fn any(&self, scorer: &mut Scorer, span: Span, term: &Needles<'_>, tier: u8) -> bool {
        let index = self.index;
        index.segments(span).iter().any(|&segment| {
            term.needles.iter().any(|needle| {
                let limit = span_limit(tier, needle.bytes.len());
                index.views(segment, needle).into_iter().flatten().any(|(bytes, _)| {
                    let text = Haystack {
                        bytes,
                        classes: &index.classes,
                    };
                    match_text(scorer, text, &needle.bytes, term.term.kind, limit, None).is_some()
                })
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
            .map(|hit| {
                let explanation = index.explain(&query, hit.index()).expect("a hit explains itself");
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
            assert_eq!(parts.parts.len(), threads);
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
                        parts.explain(&query, hit.index()),
                        whole.explain(&query, hit.index()),
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
            let one = index.search_on(&query, None, 1, &|| false);
            assert_eq!(index.search_on(&query, None, 3, &|| false), one);
            assert_eq!(index.search_on(&query, None, 200, &|| false), one);
            let hits = one.unwrap_or_default();
            assert_eq!(hits.capacity(), hits.len(), "no room is kept beyond the hits");
            let odd: Vec<u32> = (0u32..).take(index.len()).filter(|s| s % 2 == 1).collect();
            let expected: Vec<Hit> = hits.iter().copied().filter(|h| h.service % 2 == 1).collect();
            assert_eq!(index.search_on(&query, Some(&odd), 3, &|| false), Some(expected));
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
                let hit = fast.evaluate(&mut scorer, &mut memo, service);
                let explained = slow.evaluate(&mut scorer, &mut Memo::default(), service);
                assert_eq!(hit, explained, "{text}: service {service}");
                found += usize::from(hit.is_some());
            }
            assert!(found > 0 || text.starts_with('^'), "{text} finds nothing");
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
        assert_eq!(hits.iter().map(|h| h.service).collect::<Vec<_>>(), [3, 5, 9, 11]);
        let explained = |i: usize| twice.explain(&Query::parse("zghurska"), i).map(|e| e.matches);
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
            "Index { services: 6, libraries: 4, target_groups: 4, programmes: 1, themes: 1, .. }"
        );
    }
}
