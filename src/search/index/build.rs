//! Building the index: every searchable text folded, transliterated and coded once, the
//! services shared between the cores, each part in a text buffer of its own.

use std::collections::HashMap;
use std::thread;

use super::layout::{ENGLISH, EntryTexts, FieldText, Kind, PART, PART_SHIFT, SHARED, Segment, ServiceTexts, Span};
use super::{Index, MAX_THREADS};
use crate::catalogue::{Catalogue, Lang, OtherNames, Person, Service, Text};
use crate::search::code::{CodePage, OTHER, WordStarts, char_bit};
use crate::search::fold::fold_each;
use crate::search::hit::Field;
use crate::search::text::{compose, place_parts};
use crate::search::translit::{is_cyrillic, latin_each};

/// Builds the texts of one part of the catalogue into a buffer of its own. A text met
/// again (the same title in many libraries, the same person) is stored once.
#[derive(Default)]
pub(super) struct Builder<'a> {
    /// The span of every plain text stored (a title, summary, description), by its text.
    stored: HashMap<&'a Text, Span>,
    /// The span of every person stored, by name and role.
    stored_people: HashMap<[&'a Text; 2], Span>,
    /// The starts of the stored spans met again.
    reused: Vec<u32>,
    pub page: CodePage,
    pub bytes: Vec<u8>,
    pub segments: Vec<Segment>,
    pub maps: HashMap<u32, Box<[u32]>>,
    people: Vec<Span>,
    relations: Vec<u32>,
    /// Scratch: the folded text of the segment being added, and its map.
    folded: String,
    map: Vec<u32>,
    /// This builder's part of the index's text buffers, in the top bits of
    /// [`Segment::offset_lang`].
    part: u32,
}

/// What the entries other than services hold in the index.
#[derive(Default)]
pub(super) struct Entries {
    pub texts: [Vec<EntryTexts>; 4],
    pub places: Vec<Span>,
    pub fields: Vec<FieldText>,
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

    /// A builder that goes on from an index read back without its entries: their texts go
    /// into a part of their own, `part`.
    pub(super) fn continuing(
        page: CodePage,
        segments: Vec<Segment>,
        maps: HashMap<u32, Box<[u32]>>,
        part: usize,
    ) -> Self {
        Self {
            page,
            segments,
            maps,
            part: (part as u32) << PART_SHIFT,
            ..Self::default()
        }
    }

    /// Adds one segment: the text folded, then its transliteration when it is Ukrainian
    /// with Cyrillic in it, straight into the buffer.
    fn segment(&mut self, lang: Lang, text: &str, offset: usize) {
        let start = self.bytes.len();
        let (folded, map, page, bytes) = (&mut self.folded, &mut self.map, &mut self.page, &mut self.bytes);
        folded.clear();
        map.clear();
        let (mut mask, mut identity, mut cyrillic) = (0, true, false);
        let mut starts = WordStarts::default();
        fold_each(text, |c, i| {
            identity &= i == map.len();
            map.push(i as u32);
            mask |= char_bit(c);
            starts.add(c);
            cyrillic |= is_cyrillic(c);
            folded.push(c);
            bytes.push(page.code_adding(c));
        });
        let folded_len = bytes.len() - start;
        let (mut latin_mask, mut latin_starts) = (0, WordStarts::default());
        if lang == Lang::Uk && cyrillic {
            latin_each(folded, |c, _| {
                latin_mask |= char_bit(c);
                latin_starts.add(c);
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
            starts: starts.mask,
            latin_starts: latin_starts.mask,
        });
    }

    /// Notes that a stored span is met again (an empty one needs no note).
    fn reuse(&mut self, span: Span) {
        if span.len > 0 {
            self.reused.push(span.start);
        }
    }

    /// The segments added since `start`.
    fn since(&self, start: u32) -> Span {
        Span {
            start,
            len: self.segments.len() as u32 - start,
        }
    }

    /// Segments of a plain text: each non-empty language variant.
    fn text(&mut self, text: &Text) -> Span {
        let start = self.segments.len() as u32;
        for (lang, s) in text.variants() {
            self.segment(lang, s, 0);
        }
        self.since(start)
    }

    /// Segments of other names: one for each.
    fn names(&mut self, names: &OtherNames) -> Span {
        let start = self.segments.len() as u32;
        for (lang, s) in names.iter() {
            self.segment(lang, s, 0);
        }
        self.since(start)
    }

    /// Segments of a composite text (see [`compose`]).
    fn composed(&mut self, parts: &[&Text]) -> Span {
        let start = self.segments.len() as u32;
        for lang in [Lang::Uk, Lang::En] {
            for (offset, s) in compose(parts, lang).1 {
                self.segment(lang, s, offset);
            }
        }
        self.since(start)
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
        let names = self.names(&s.other_names);
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
            let from = self.relations.len();
            for &found in wanted.iter().filter_map(|id| known.get(id.as_str())) {
                if i == Kind::Programme as usize {
                    // A programme's broader programmes count as the service's programmes.
                    for p in ids.programme_and_parents(found) {
                        if !self.relations[from..].contains(&(p as u32)) {
                            self.relations.push(p as u32);
                        }
                    }
                } else {
                    self.relations.push(found as u32);
                }
            }
            relations[i + 1] = self.relations.len() as u32;
        }
        ServiceTexts {
            title,
            names,
            summary,
            description,
            people: Span {
                start: people_start,
                len: self.people.len() as u32 - people_start,
            },
            relations,
        }
    }

    /// The texts of every entry other than a service: names first (the fields of one entry
    /// refer to the names of others), then each entry's fields in the order of their tiers.
    pub(super) fn entries(&mut self, c: &Catalogue) -> Entries {
        let ids = Ids::of(c);
        let mut out = Entries::default();
        let names: [Vec<(&Text, &OtherNames)>; 4] = [
            c.libraries.iter().map(|l| (&l.name, &l.other_names)).collect(),
            c.target_groups.iter().map(|g| (&g.name, &g.other_names)).collect(),
            c.programmes.iter().map(|p| (&p.name, &p.other_names)).collect(),
            c.themes.iter().map(|t| (&t.name, &t.other_names)).collect(),
        ];
        for (kind, list) in names.iter().enumerate() {
            out.texts[kind] = list
                .iter()
                .map(|(name, other)| EntryTexts {
                    name: self.text(name),
                    names: self.names(other),
                    fields: Span::default(),
                })
                .collect();
        }
        out.places = c
            .libraries
            .iter()
            .map(|l| self.composed(&place_parts(l).each_ref()))
            .collect();
        // A related entry's name and other names, as fields of this one.
        let related = |out: &Entries, kind: Kind, i: usize, field: Field| {
            let e = out.texts[kind as usize].get(i).copied().unwrap_or_default();
            [e.name, e.names].map(|span| FieldText {
                field,
                entity: i as u32,
                span,
            })
        };
        let mut fields: Vec<FieldText> = Vec::new();
        let finish = |out: &mut Entries, kind: Kind, i: usize, fields: &mut Vec<FieldText>| {
            fields.retain(|f| !f.span.is_empty());
            fields.sort_by_key(|f| f.field.tier());
            let start = out.fields.len() as u32;
            out.fields.append(fields);
            if let Some(e) = out.texts[kind as usize].get_mut(i) {
                e.fields = Span {
                    start,
                    len: out.fields.len() as u32 - start,
                };
            }
        };
        let own = |field: Field, entity: usize, span: Span| FieldText {
            field,
            entity: entity as u32,
            span,
        };
        for (i, l) in c.libraries.iter().enumerate() {
            fields.push(own(Field::Place, 0, out.places[i]));
            // A branch is found by its system's name.
            if let Some(&parent) = l.parent.as_deref().and_then(|p| ids.libraries.get(p)) {
                fields.extend(related(&out, Kind::Library, parent, Field::Library));
            }
            for (n, person) in l.people.iter().enumerate() {
                let span = self.composed(&[&person.name, &person.role]);
                fields.push(own(Field::People, n, span));
            }
            fields.push(own(Field::Summary, 0, self.text(&l.summary)));
            finish(&mut out, Kind::Library, i, &mut fields);
        }
        for (i, g) in c.target_groups.iter().enumerate() {
            if let Some(&parent) = g.parent.as_deref().and_then(|p| ids.target_groups.get(p)) {
                fields.extend(related(&out, Kind::TargetGroup, parent, Field::TargetGroup));
            }
            fields.push(own(Field::Summary, 0, self.text(&g.summary)));
            finish(&mut out, Kind::TargetGroup, i, &mut fields);
        }
        for (i, p) in c.programmes.iter().enumerate() {
            for (n, person) in p.people.iter().enumerate() {
                let span = self.composed(&[&person.name, &person.role]);
                fields.push(own(Field::People, n, span));
            }
            for parent in ids.programme_and_parents(i).skip(1) {
                fields.extend(related(&out, Kind::Programme, parent, Field::Programme));
            }
            for &t in p.themes.iter().filter_map(|t| ids.themes.get(t.as_str())) {
                fields.extend(related(&out, Kind::Theme, t, Field::Theme));
            }
            for (n, who) in p.organisers.iter().chain(&p.funders).enumerate() {
                fields.push(own(Field::Organiser, n, self.text(who)));
            }
            // The organisations that run it, and the events it was presented at, by name.
            for &l in p.organisations.iter().filter_map(|l| ids.libraries.get(l.as_str())) {
                fields.extend(related(&out, Kind::Library, l, Field::Library));
            }
            for &e in p.presented_at.iter().filter_map(|e| ids.programmes.get(e.as_str())) {
                fields.extend(related(&out, Kind::Programme, e, Field::Programme));
            }
            fields.push(own(Field::Summary, 0, self.text(&p.summary)));
            fields.push(own(Field::Description, 0, self.text(&p.description)));
            fields.push(own(Field::Description, 1, self.text(&p.gives)));
            finish(&mut out, Kind::Programme, i, &mut fields);
        }
        for (i, t) in c.themes.iter().enumerate() {
            fields.push(own(Field::Summary, 0, self.text(&t.summary)));
            finish(&mut out, Kind::Theme, i, &mut fields);
        }
        out
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
            for span in [&mut s.title, &mut s.names, &mut s.summary, &mut s.description] {
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
                .map(|s| {
                    texts(&s.title)
                        + s.other_names.iter().count()
                        + texts(&s.summary)
                        + texts(&s.description)
                        + 4 * s.people.len()
                })
                .sum(),
            people: services.iter().map(|s| s.people.len()).sum(),
            // A programme may bring its broader ones: a few more at most.
            relations: services
                .iter()
                .map(|s| s.libraries.len() + s.target_groups.len() + 2 * s.programmes.len() + s.themes.len())
                .sum(),
        }
    }

    /// The room the other entries' texts need.
    fn entities(c: &Catalogue) -> Self {
        let texts = |t: &Text| t.variants().count();
        let people = |p: &[Person]| 4 * p.len();
        Self {
            bytes: entity_bytes(c),
            segments: c
                .libraries
                .iter()
                .map(|l| 8 + texts(&l.name) + l.other_names.iter().count() + texts(&l.summary) + people(&l.people))
                .chain(
                    c.target_groups
                        .iter()
                        .map(|g| texts(&g.name) + g.other_names.iter().count() + texts(&g.summary)),
                )
                .chain(c.programmes.iter().map(|p| {
                    texts(&p.name)
                        + p.other_names.iter().count()
                        + texts(&p.summary)
                        + texts(&p.description)
                        + texts(&p.gives)
                        + 2 * (p.organisers.len() + p.funders.len())
                        + people(&p.people)
                }))
                .chain(
                    c.themes
                        .iter()
                        .map(|t| texts(&t.name) + t.other_names.iter().count() + texts(&t.summary)),
                )
                .sum(),
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
    /// Each programme's broader programme.
    programme_parents: Vec<Option<usize>>,
}

impl<'a> Ids<'a> {
    fn of(c: &'a Catalogue) -> Self {
        let programmes = ids(&c.programmes, |p| &p.id);
        let programme_parents = c
            .programmes
            .iter()
            .map(|p| p.parent.as_deref().and_then(|id| programmes.get(id).copied()))
            .collect();
        Self {
            libraries: ids(&c.libraries, |l| &l.id),
            target_groups: ids(&c.target_groups, |g| &g.id),
            programmes,
            themes: ids(&c.themes, |t| &t.id),
            programme_parents,
        }
    }

    /// Programme `i`, then its broader programmes, nearest first (a loop is cut).
    fn programme_and_parents(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(i), |&p| self.programme_parents.get(p).copied().flatten())
            .take(self.programme_parents.len().max(1))
    }
}

/// Index of every item by id.
fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<&str, usize> {
    items.iter().enumerate().map(|(i, item)| (id(item), i)).collect()
}

/// The UTF-8 bytes of a service's searchable texts.
fn text_bytes(s: &Service) -> usize {
    let text = |t: &Text| t.variants().map(|(_, v)| v.len()).sum::<usize>();
    text(&s.title)
        + s.other_names.iter().map(|(_, n)| n.len()).sum::<usize>()
        + text(&s.summary)
        + text(&s.description)
        + s.people.iter().map(|p| text(&p.name) + text(&p.role)).sum::<usize>()
}

/// The UTF-8 bytes of the other entries' searchable texts (with room for the country
/// names of places).
fn entity_bytes(c: &Catalogue) -> usize {
    let text = |t: &Text| t.variants().map(|(_, v)| v.len()).sum::<usize>();
    let names = |n: &OtherNames| n.iter().map(|(_, n)| n.len()).sum::<usize>();
    let people = |p: &[Person]| p.iter().map(|p| text(&p.name) + text(&p.role)).sum::<usize>();
    c.libraries
        .iter()
        .map(|l| {
            text(&l.name)
                + names(&l.other_names)
                + text(&l.place)
                + text(&l.region)
                + text(&l.summary)
                + people(&l.people)
                + 64
        })
        .chain(
            c.target_groups
                .iter()
                .map(|g| text(&g.name) + names(&g.other_names) + text(&g.summary)),
        )
        .chain(c.programmes.iter().map(|p| {
            text(&p.name)
                + names(&p.other_names)
                + text(&p.summary)
                + text(&p.description)
                + text(&p.gives)
                + p.organisers.iter().chain(&p.funders).map(text).sum::<usize>()
                + people(&p.people)
        }))
        .chain(
            c.themes
                .iter()
                .map(|t| text(&t.name) + names(&t.other_names) + text(&t.summary)),
        )
        .sum()
}

impl Index {
    /// [`Index::new`], the services shared between `threads` threads.
    pub(crate) fn built_on(catalogue: &Catalogue, threads: usize) -> Self {
        let ids = Ids::of(catalogue);
        // Folding and transliterating is the slow part of starting on a big catalogue: the
        // services are shared between the cores, each part built on its own. The first part
        // becomes the index and the others are appended to it; each part's text stays in
        // its own buffer, so that no text is ever copied; the other entries' texts come
        // last, in the first part.
        let all = &catalogue.services;
        let chunk = all.len().div_ceil(threads.clamp(1, MAX_THREADS)).max(1);
        let ids = &ids;
        // Room is made at once, so that nothing is copied as it grows: the first part's lists
        // have room for the others' and the entries' (the others' text stays in their own
        // buffers, the entries' goes into one of its own).
        let mut rooms: Vec<Room> = all.chunks(chunk).map(Room::of).collect();
        let taken_in = rooms.iter().skip(1).fold(
            Room {
                bytes: 0,
                ..Room::entities(catalogue)
            },
            |sum, &room| sum.add(Room { bytes: 0, ..room }),
        );
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
        // The other entries' texts go into a part of their own, the last, which a cache
        // leaves out.
        let service_segments = builder.segments.len() as u32;
        let services_text = std::mem::replace(&mut builder.bytes, Vec::with_capacity(entity_bytes(catalogue) * 2));
        builder.part = (texts.len() as u32) << PART_SHIFT;
        let entries = builder.entries(catalogue);
        let mut entries_text = std::mem::replace(&mut builder.bytes, services_text);
        entries_text.shrink_to_fit();
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
        texts.push(entries_text);
        segments.shrink_to_fit();
        people.shrink_to_fit();
        relations.shrink_to_fit();
        Self {
            classes: Box::new(page.classes()),
            page,
            parts: texts.into(),
            segments,
            service_segments,
            maps,
            services,
            people,
            relations,
            entries: entries.texts,
            places: entries.places,
            fields: entries.fields,
            vocabulary: std::sync::OnceLock::new(),
        }
    }
}
