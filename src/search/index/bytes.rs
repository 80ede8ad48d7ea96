//! The index as bytes, for the cache of a big catalogue: building the index is most of the
//! time it takes to open one, reading it back is a copy.
//!
//! Little-endian throughout: a header (magic, version, the length of every list), the
//! lists of fixed-size records, then the text buffer itself. Only the services' part is
//! written: the other entries, few, are indexed again from the catalogue when it is read. Reading back decodes the lists
//! first, then reads the text into a buffer of its own, so that the text is never held
//! twice. Every
//! span and index is checked on the way in: a damaged or foreign blob gives `None`, never a
//! panic.

use std::collections::HashMap;
use std::io::{self, Read, Write};

use super::build::Builder;
use super::layout::PART;
use super::{Index, Segment, ServiceTexts, Span};
use crate::catalogue::Catalogue;
use crate::search::code::CodePage;

const MAGIC: &[u8; 4] = b"LSIX";
const VERSION: u32 = 4;

/// The header's length: magic, version and seven counts, the last the text's length.
const HEAD: usize = 4 + 4 + 7 * 4;

/// The number of entries of each kind the index must have to fit a catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Services.
    pub services: usize,
    /// Libraries.
    pub libraries: usize,
    /// Target groups.
    pub target_groups: usize,
    /// Programmes.
    pub programmes: usize,
    /// Themes.
    pub themes: usize,
}

/// Writes through a small buffer, keeping the first error.
struct Writer<'a> {
    buf: Vec<u8>,
    out: &'a mut dyn Write,
    error: Option<io::Error>,
}

impl Writer<'_> {
    fn bytes(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= 1 << 16 {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.error.is_none()
            && let Err(e) = self.out.write_all(&self.buf)
        {
            self.error = Some(e);
        }
        self.buf.clear();
    }

    fn u32(&mut self, v: u32) {
        self.bytes(&v.to_le_bytes());
    }

    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }

    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    fn span(&mut self, s: Span) {
        self.u32(s.start);
        self.u32(s.len);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn len(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        // No list can be longer than what is left to read.
        (n <= self.bytes.len() - self.at).then_some(n)
    }

    fn span(&mut self) -> Option<Span> {
        Some(Span {
            start: self.u32()?,
            len: self.u32()?,
        })
    }

    /// `n` records of `size` bytes each; `None` (before allocating anything) when fewer
    /// bytes are left, so a damaged count cannot ask for a huge allocation.
    fn list<T>(&mut self, n: usize, size: usize, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        if n.checked_mul(size)? > self.bytes.len() - self.at {
            return None;
        }
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(item(self)?);
        }
        Some(out)
    }
}

/// True when `span` lies within a list of `len` entries.
fn within(span: Span, len: usize) -> bool {
    (span.start as usize)
        .checked_add(span.range().len())
        .is_some_and(|end| end <= len)
}

impl Shape {
    /// The shape of an index of `catalogue`.
    pub fn of(catalogue: &Catalogue) -> Self {
        Self {
            services: catalogue.services.len(),
            libraries: catalogue.libraries.len(),
            target_groups: catalogue.target_groups.len(),
            programmes: catalogue.programmes.len(),
            themes: catalogue.themes.len(),
        }
    }
}

impl Index {
    /// The index as bytes (see the module documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(usize::try_from(self.byte_len()).unwrap_or(0));
        // Writing to memory cannot fail.
        let _ = self.write_to(&mut out);
        out
    }

    /// The length of [`Index::to_bytes`].
    pub fn byte_len(&self) -> u64 {
        let words = 2
            + 7
            + self.page.extras().len()
            + self.service_segments as usize * 12
            + self.service_maps().map(|(_, m)| 2 + m.len()).sum::<usize>()
            + self.services.len() * 15
            + self.people.len() * 2
            + self.relations.len();
        (words * 4 + self.text_len()) as u64
    }

    /// The maps of the services' segments.
    fn service_maps(&self) -> impl Iterator<Item = (&u32, &Box<[u32]>)> {
        self.maps.iter().filter(|(id, _)| **id < self.service_segments)
    }

    /// Writes [`Index::to_bytes`] to `out` without making them in memory first.
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut w = Writer {
            buf: Vec::with_capacity(1 << 17),
            out,
            error: None,
        };
        w.bytes(MAGIC);
        w.u32(VERSION);
        let extras = self.page.extras();
        for n in [
            extras.len(),
            self.service_segments as usize,
            self.service_maps().count(),
            self.services.len(),
            self.people.len(),
            self.relations.len(),
            self.text_len(),
        ] {
            w.len(n);
        }
        for &c in extras {
            w.u32(u32::from(c));
        }
        // The parts are written one after the other, as one text: each segment's start is
        // counted from the first part's, and its part left out.
        let bases: Vec<u32> = self
            .service_parts()
            .iter()
            .scan(0, |base, part| {
                let this = *base;
                *base += part.len() as u32;
                Some(this)
            })
            .collect();
        for s in &self.segments[..self.service_segments as usize] {
            w.u32(bases.get(s.part()).copied().unwrap_or_default() + s.start);
            w.u32(s.folded);
            w.u32(s.latin);
            w.u32(s.offset_lang & !PART);
            w.u64(s.mask);
            w.u64(s.latin_mask);
            w.u64(s.starts);
            w.u64(s.latin_starts);
        }
        let mut maps: Vec<_> = self.service_maps().collect();
        maps.sort_unstable_by_key(|(id, _)| **id);
        for (&id, map) in maps {
            w.u32(id);
            w.len(map.len());
            for &o in map {
                w.u32(o);
            }
        }
        for s in &self.services {
            for span in [s.title, s.names, s.summary, s.description, s.people] {
                w.span(span);
            }
            for &r in &s.relations {
                w.u32(r);
            }
        }
        for &p in &self.people {
            w.span(p);
        }
        for &r in &self.relations {
            w.u32(r);
        }
        w.flush();
        if let Some(e) = w.error {
            return Err(e);
        }
        self.service_parts().iter().try_for_each(|part| w.out.write_all(part))
    }

    /// The index of `catalogue` from [`Index::to_bytes`], if `blob` holds a whole, consistent
    /// one of its shape (for tests and tools; the app reads the cache file with
    /// [`Index::read_from`]).
    pub fn from_bytes(blob: &[u8], catalogue: &Catalogue) -> Option<Self> {
        Self::read_from(&mut &*blob, blob.len() as u64, catalogue)
    }

    /// The index of `catalogue` from the `len` bytes [`Index::write_to`] wrote, read from
    /// `input`, if they hold a whole, consistent one of its shape. The lists are read and
    /// decoded first, then the text straight into its own buffer: the text is never held
    /// twice. The other entries than services are indexed again, into a part of their own.
    pub fn read_from(input: &mut dyn Read, len: u64, catalogue: &Catalogue) -> Option<Self> {
        let shape = Shape::of(catalogue);
        let mut head = [0; HEAD];
        input.read_exact(&mut head).ok()?;
        let text = u64::from(u32::from_le_bytes(head[HEAD - 4..].try_into().ok()?));
        let rest = len.checked_sub(HEAD as u64)?.checked_sub(text)?;
        let mut lists = Vec::new();
        lists.try_reserve_exact(HEAD + usize::try_from(rest).ok()?).ok()?;
        lists.extend_from_slice(&head);
        Read::take(&mut *input, rest).read_to_end(&mut lists).ok()?;
        let mut index = Self::from_lists(&lists, usize::try_from(text).ok()?, shape)?;
        drop(lists);
        let mut bytes = Vec::new();
        bytes.try_reserve_exact(usize::try_from(text).ok()?).ok()?;
        Read::take(input, text).read_to_end(&mut bytes).ok()?;
        if bytes.len() as u64 != text {
            return None;
        }
        let mut builder = Builder::continuing(
            std::mem::take(&mut index.page),
            std::mem::take(&mut index.segments),
            std::mem::take(&mut index.maps),
            1,
        );
        let entries = builder.entries(catalogue);
        index.page = builder.page;
        index.segments = builder.segments;
        index.maps = builder.maps;
        index.classes = Box::new(index.page.classes());
        index.entries = entries.texts;
        index.places = entries.places;
        index.fields = entries.fields;
        builder.bytes.shrink_to_fit();
        index.parts = Box::new([bytes, builder.bytes]);
        index.prepare();
        Some(index)
    }

    /// The index without its text from `lists` (the header and the lists, all of them), if
    /// they are consistent, with a text of `text` bytes, and of this `shape`.
    fn from_lists(lists: &[u8], text: usize, shape: Shape) -> Option<Self> {
        let mut r = Reader { bytes: lists, at: 0 };
        if r.take(4)? != MAGIC || r.u32()? != VERSION {
            return None;
        }
        let [extras, segments, maps, services, people, relations] = [(); 6].map(|()| r.len());
        let (extras, segments, maps, services, people, relations) =
            (extras?, segments?, maps?, services?, people?, relations?);
        if r.u32()? as usize != text || services != shape.services {
            return None;
        }
        let extras = r.list(extras, 4, |r| char::from_u32(r.u32()?))?;
        let segments = r.list(segments, 48, |r| {
            Some(Segment {
                start: r.u32()?,
                folded: r.u32()?,
                latin: r.u32()?,
                offset_lang: r.u32()?,
                mask: r.u64()?,
                latin_mask: r.u64()?,
                starts: r.u64()?,
                latin_starts: r.u64()?,
            })
        })?;
        if maps.checked_mul(8)? > r.bytes.len() - r.at {
            return None;
        }
        let mut map_list = HashMap::with_capacity(maps.min(segments.len()));
        for _ in 0..maps {
            let id = r.u32()?;
            let n = r.len()?;
            let map = r.list(n, 4, Reader::u32)?;
            let segment = segments.get(id as usize)?;
            if map.len() != segment.folded as usize {
                return None;
            }
            map_list.insert(id, map.into_boxed_slice());
        }
        let services = r.list(services, 60, |r| {
            let [title, names, summary, description, people] = [(); 5].map(|()| r.span());
            let relations = [(); 5].map(|()| r.u32());
            Some(ServiceTexts {
                title: title?,
                names: names?,
                summary: summary?,
                description: description?,
                people: people?,
                relations: [
                    relations[0]?,
                    relations[1]?,
                    relations[2]?,
                    relations[3]?,
                    relations[4]?,
                ],
            })
        })?;
        let people = r.list(people, 8, Reader::span)?;
        let relation_list = r.list(relations, 4, Reader::u32)?;
        if r.at != lists.len() {
            return None;
        }
        // All in one part.
        let segments_fit = segments.iter().all(|s| {
            let end = u64::from(s.start) + u64::from(s.folded) + u64::from(s.latin);
            end <= text as u64 && s.offset_lang & PART == 0
        });
        let spans_fit = services
            .iter()
            .flat_map(|s| [s.title, s.names, s.summary, s.description])
            .chain(people.iter().copied())
            .all(|span| within(span, segments.len()));
        let people_fit = services.iter().all(|s| within(s.people, people.len()));
        let relations_fit = services
            .iter()
            .all(|s| s.relations.windows(2).all(|w| w[0] <= w[1]) && s.relations[4] as usize <= relation_list.len());
        let related_fit = || {
            services.iter().all(|s| {
                [shape.libraries, shape.target_groups, shape.programmes, shape.themes]
                    .iter()
                    .enumerate()
                    .all(|(k, &count)| {
                        relation_list[s.relations[k] as usize..s.relations[k + 1] as usize]
                            .iter()
                            .all(|&i| (i as usize) < count)
                    })
            })
        };
        // The relations are looked into only once their bounds are known to fit.
        if !(segments_fit && spans_fit && people_fit && relations_fit && related_fit()) {
            return None;
        }
        let page = CodePage::with_extras(extras);
        Some(Self {
            classes: Box::new(page.classes()),
            page,
            parts: Box::new([]),
            service_segments: segments.len() as u32,
            segments,
            maps: map_list,
            services,
            people,
            relations: relation_list,
            entries: Default::default(),
            places: Vec::new(),
            fields: Vec::new(),
            vocabulary: std::sync::OnceLock::new(),
        })
    }

    /// The numbers of entries this index was built for.
    pub fn shape(&self) -> Shape {
        Shape {
            services: self.services.len(),
            libraries: self.entries[0].len(),
            target_groups: self.entries[1].len(),
            programmes: self.entries[2].len(),
            themes: self.entries[3].len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate;
    use crate::search::Query;

    #[test]
    fn an_index_comes_back_from_its_bytes_and_searches_the_same() {
        let catalogue = generate::catalogue(300, 7);
        let index = Index::new(&catalogue);
        assert_eq!(index.shape(), Shape::of(&catalogue));
        assert_eq!(index.byte_len(), index.to_bytes().len() as u64);
        let back = Index::from_bytes(&index.to_bytes(), &catalogue).expect("the bytes read back");
        assert_eq!(back.to_bytes(), index.to_bytes());
        for text in ["theatre", "бібліотека", "zhytomyr", "ntfnh", "'club !chess", "^кл"] {
            let query = Query::parse(text);
            let hits = index.search(&query);
            assert!(!hits.is_empty() || text.starts_with('^'), "{text}");
            assert_eq!(back.search(&query), hits, "{text}");
            for hit in hits.iter().take(5) {
                assert_eq!(back.explain(&query, hit.entry()), index.explain(&query, hit.entry()));
            }
        }
    }

    #[test]
    fn an_index_built_in_parts_comes_back_as_one() {
        let catalogue = generate::catalogue(300, 9);
        let parts = Index::built_on(&catalogue, 3);
        assert_eq!(parts.parts.len(), 4, "three parts and the entries'");
        let bytes = parts.to_bytes();
        assert_eq!(parts.byte_len(), bytes.len() as u64);
        let back = Index::from_bytes(&bytes, &catalogue).expect("the bytes read back");
        assert_eq!(back.parts.len(), 2, "the services' and the entries'");
        assert_eq!(back.to_bytes(), parts.to_bytes());
        for text in ["theatre", "бібліотека", "zhytomyr", "'club !chess"] {
            let query = Query::parse(text);
            let hits = parts.search(&query);
            assert!(!hits.is_empty(), "{text}");
            assert_eq!(back.search(&query), hits, "{text}");
            for hit in hits.iter().take(5) {
                assert_eq!(back.explain(&query, hit.entry()), parts.explain(&query, hit.entry()));
            }
        }
    }

    #[test]
    fn damaged_foreign_or_mismatched_bytes_are_refused() {
        let catalogue = generate::catalogue(50, 3);
        let index = Index::new(&catalogue);
        let bytes = index.to_bytes();
        let shape = &catalogue;
        assert!(Index::from_bytes(&[], shape).is_none());
        assert!(Index::from_bytes(b"LSIX", shape).is_none());
        let mut other = catalogue.clone();
        other.services.pop();
        assert!(Index::from_bytes(&bytes.clone(), &other).is_none(), "another catalogue");
        for cut in [5, 40, bytes.len() / 2, bytes.len() - 1] {
            assert!(Index::from_bytes(&bytes[..cut], shape).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Index::from_bytes(&longer, shape).is_none());
        // A count far beyond the blob is refused before anything is allocated for it.
        let mut huge = bytes.clone();
        huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Index::from_bytes(&huge, shape).is_none());
        // Every flipped byte, in the header, the records or the text, either reads back as
        // some index, which then searches and explains without panicking, or is refused.
        let queries: Vec<Query> = ["а", "teatr", "'кл"].map(Query::parse).into();
        for (i, flip) in (0..bytes.len())
            .step_by(13)
            .zip([0xA5, 0x01, 0xFF, 0x80].into_iter().cycle())
        {
            let mut damaged = bytes.clone();
            damaged[i] ^= flip;
            if let Some(back) = Index::from_bytes(&damaged, shape) {
                for query in &queries {
                    for hit in back.search(query).iter().take(3) {
                        back.explain(query, hit.entry());
                    }
                }
            }
        }
    }
}
