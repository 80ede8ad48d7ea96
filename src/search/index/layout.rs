//! How the index lays out its texts: segments of one-byte codes in text buffers, spans of
//! segments, and what each service and other entry holds.

use super::Index;
use crate::catalogue::Lang;
use crate::search::hit::Field;
use crate::search::translit::to_latin_with_map;

/// One language variant of a text (or of one piece of a composite text), in one of the
/// index's byte buffers: the folded text, then its Latin transliteration when it is
/// Ukrainian with Cyrillic in it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    pub start: u32,
    pub folded: u32,
    pub latin: u32,
    /// The char offset of this piece in the displayed text; the top bit says English, the
    /// three below it ([`PART`]) which of the index's text buffers `start` is in.
    pub offset_lang: u32,
    /// The character kinds of the folded text.
    pub mask: u64,
    /// The character kinds of its transliteration.
    pub latin_mask: u64,
    /// The character kinds that begin a word of the folded text (see
    /// [`crate::search::matching::word_starts`]).
    pub starts: u64,
    /// The character kinds that begin a word of its transliteration.
    pub latin_starts: u64,
}

pub(super) const ENGLISH: u32 = 1 << 31;

/// The bits of [`Segment::offset_lang`] that say which text buffer holds the segment's
/// bytes: one per thread that built the index (one when read from a cache), then one for the
/// entries other than services.
pub(super) const PART: u32 = 0b111 << PART_SHIFT;

/// Where [`PART`] starts.
pub(super) const PART_SHIFT: u32 = 28;

// Every thread that builds a part, and the entries' part after them, must have a number
// that fits in [`PART`].
const _: () = assert!(super::MAX_THREADS < ((PART >> PART_SHIFT) + 1) as usize);

impl Segment {
    pub fn lang(self) -> Lang {
        if self.offset_lang & ENGLISH == 0 {
            Lang::Uk
        } else {
            Lang::En
        }
    }

    pub fn offset(self) -> usize {
        (self.offset_lang & !(ENGLISH | PART)) as usize
    }

    /// The text buffer that holds this segment's bytes.
    pub fn part(self) -> usize {
        ((self.offset_lang & PART) >> PART_SHIFT) as usize
    }
}

/// A run of segments (or of people) in the index's lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Span {
    pub start: u32,
    /// The length; the top bit ([`SHARED`]) marks the text of more than one service, whose
    /// match a search works out once (`Memo`).
    pub len: u32,
}

/// The bit of [`Span::len`] that marks a shared text.
pub(super) const SHARED: u32 = 1 << 31;

impl Span {
    pub fn range(self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        start..start + (self.len & !SHARED) as usize
    }

    pub fn shared(self) -> bool {
        self.len & SHARED != 0
    }

    pub fn is_empty(self) -> bool {
        self.len & !SHARED == 0
    }
}

/// A service's own texts and the bounds of its related entries.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ServiceTexts {
    pub title: Span,
    /// Its other names, one segment each.
    pub names: Span,
    pub summary: Span,
    pub description: Span,
    /// Into `Index::people`: one segment span per person.
    pub people: Span,
    /// Bounds in `Index::relations` of the libraries, target groups, programmes (with the
    /// broader programmes of each) and themes.
    pub relations: [u32; 5],
}

/// An entry other than a service: its name, its other names (one segment each), and its
/// other fields in `Index::fields`, in the order of their tiers.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct EntryTexts {
    pub name: Span,
    pub names: Span,
    pub fields: Span,
}

/// One searchable field of an entry other than a service.
#[derive(Debug, Clone, Copy)]
pub(super) struct FieldText {
    pub field: Field,
    /// What [`FieldMatch::entity`](crate::search::FieldMatch::entity) says for it.
    pub entity: u32,
    pub span: Span,
}

/// The related entries of a service, by kind, in the order of `ServiceTexts::relations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Library,
    TargetGroup,
    Programme,
    Theme,
}

impl Kind {
    /// The kinds, in order; also the order of `Index::entries`.
    pub const ALL: [Self; 4] = [Self::Library, Self::TargetGroup, Self::Programme, Self::Theme];
}

impl Index {
    pub(super) fn segments(&self, span: Span) -> &[Segment] {
        &self.segments[span.range()]
    }

    /// The texts of entry `i` of `kind` (an empty one when there is none).
    pub(super) fn entry(&self, kind: Kind, i: usize) -> EntryTexts {
        self.entries[kind as usize].get(i).copied().unwrap_or_default()
    }

    /// A library's place.
    pub(super) fn place(&self, i: usize) -> Span {
        self.places.get(i).copied().unwrap_or_default()
    }

    pub(super) fn related<'a>(&'a self, texts: &ServiceTexts, kind: Kind) -> &'a [u32] {
        let k = kind as usize;
        &self.relations[texts.relations[k] as usize..texts.relations[k + 1] as usize]
    }

    /// The folded text of a segment.
    pub(super) fn folded(&self, segment: Segment) -> &[u8] {
        let start = segment.start as usize;
        &self.parts[segment.part()][start..start + segment.folded as usize]
    }

    /// The Latin transliteration of a segment (empty when it has none).
    pub(super) fn latin(&self, segment: Segment) -> &[u8] {
        let start = (segment.start + segment.folded) as usize;
        &self.parts[segment.part()][start..start + segment.latin as usize]
    }

    /// The original char index of folded char `i` of segment `id`.
    pub(super) fn original(&self, id: usize, i: usize) -> usize {
        self.maps
            .get(&(id as u32))
            .and_then(|map| map.get(i))
            .map_or(i, |&o| o as usize)
    }

    /// The original char indices of positions in the Latin view of segment `id`. The map
    /// back is not kept (four bytes a character): the folded text is transliterated again.
    pub(super) fn latin_to_original(&self, id: usize, positions: &[usize]) -> Vec<usize> {
        let folded = self.page.decode(self.folded(self.segments[id]));
        let (_, latin_map) = to_latin_with_map(&folded);
        positions
            .iter()
            .map(|&p| self.original(id, latin_map.get(p).copied().unwrap_or(p)))
            .collect()
    }

    /// The services' text buffers: every part but the last, the other entries'.
    pub(super) fn service_parts(&self) -> &[Vec<u8>] {
        self.parts.split_last().map_or(&[], |(_, services)| services)
    }

    /// The bytes of the services' coded text, in all their parts.
    pub(super) fn text_len(&self) -> usize {
        self.service_parts().iter().map(Vec::len).sum()
    }
}
