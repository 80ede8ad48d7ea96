//! Search results: which service matched, where, and which characters to highlight.

use crate::catalogue::{EntityRef, Lang};

/// A searchable field of an entry, its own or through a related entry.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The service's title, or the entry's name.
    Title,
    /// One of the entry's other names ([`OtherNames`](crate::catalogue::OtherNames)).
    OtherName,
    /// The name (or another name) of a library that runs the service, or of the library
    /// system a branch belongs to.
    Library,
    /// Where the library is: place, region, country ([`place_text`](super::place_text)).
    Place,
    /// The name (or another name) of one of the service's target groups, or a group's
    /// broader group.
    TargetGroup,
    /// A person named for the entry: name and role ([`person_text`](super::person_text)).
    People,
    /// The name (or another name) of a programme the service belongs to (or that programme's
    /// broader programme), or a programme's broader programme.
    Programme,
    /// The name (or another name) of one of the entry's themes.
    Theme,
    /// A programme's organiser or funder.
    Organiser,
    /// The entry's summary.
    Summary,
    /// The entry's description, or what a programme gives.
    Description,
}

impl Field {
    /// Every field, in order.
    pub const ALL: [Self; 11] = [
        Self::Title,
        Self::OtherName,
        Self::Library,
        Self::Place,
        Self::TargetGroup,
        Self::People,
        Self::Programme,
        Self::Theme,
        Self::Organiser,
        Self::Summary,
        Self::Description,
    ];

    /// Ranking tier: 0 title or name; 1 library, place, target group, people; 2 programme,
    /// theme, organiser; 3 summary; 4 description. A lower tier ranks first.
    pub const fn tier(self) -> u8 {
        match self {
            Self::Title | Self::OtherName => 0,
            Self::Library | Self::Place | Self::TargetGroup | Self::People => 1,
            Self::Programme | Self::Theme | Self::Organiser => 2,
            Self::Summary => 3,
            Self::Description => 4,
        }
    }

    /// The field's name, for "matched in …" hints.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Title, Lang::En) => "title",
            (Self::Title, Lang::Uk) => "назва",
            (Self::OtherName, Lang::En) => "also known as",
            (Self::OtherName, Lang::Uk) => "інша назва",
            (Self::Library, Lang::En) => "library",
            (Self::Library, Lang::Uk) => "бібліотека",
            (Self::Place, Lang::En) => "place",
            (Self::Place, Lang::Uk) => "місце",
            (Self::TargetGroup, Lang::En) => "target group",
            (Self::TargetGroup, Lang::Uk) => "цільова група",
            (Self::People, Lang::En) => "people",
            (Self::People, Lang::Uk) => "люди",
            (Self::Programme, Lang::En) => "programme",
            (Self::Programme, Lang::Uk) => "програма",
            (Self::Theme, Lang::En) => "theme",
            (Self::Theme, Lang::Uk) => "тема",
            (Self::Organiser, Lang::En) => "organiser",
            (Self::Organiser, Lang::Uk) => "організатор",
            (Self::Summary, Lang::En) => "summary",
            (Self::Summary, Lang::Uk) => "короткий опис",
            (Self::Description, Lang::En) => "description",
            (Self::Description, Lang::Uk) => "опис",
        }
    }
}

/// How well a term matched, best first: the first rule of the ranking.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord, Default)]
pub enum Quality {
    /// Found as a whole word.
    #[default]
    Whole,
    /// Found at the start of a word.
    Prefix,
    /// Found as another word of the catalogue one or two typing errors away.
    Typo,
    /// Found inside a word, or as letters scattered over it.
    Partial,
}

impl Quality {
    /// Every quality, in order.
    pub const ALL: [Self; 4] = [Self::Whole, Self::Prefix, Self::Typo, Self::Partial];

    /// The ranking group: a whole word and a word's start rank alike (which of the two
    /// decides later, after the field), then typing errors, then letters inside words.
    pub const fn group(self) -> u8 {
        match self {
            Self::Whole | Self::Prefix => 0,
            Self::Typo => 1,
            Self::Partial => 2,
        }
    }
}

/// The kind of an entry, as [`Hit::entry`] packs it; also the order of kinds among equally
/// ranked hits.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// A service.
    Service,
    /// A library or library organisation.
    Library,
    /// A target group.
    TargetGroup,
    /// A programme: a project, contest, scheme, methodology, event...
    Programme,
    /// A theme.
    Theme,
}

impl EntryKind {
    /// Every kind, in the order the interface lists them.
    pub const ALL: [Self; 5] = [
        Self::Service,
        Self::Library,
        Self::TargetGroup,
        Self::Programme,
        Self::Theme,
    ];

    /// The kind of an entry.
    #[must_use]
    pub const fn of(entry: EntityRef) -> Self {
        match entry {
            EntityRef::Service(_) => Self::Service,
            EntityRef::Library(_) => Self::Library,
            EntityRef::TargetGroup(_) => Self::TargetGroup,
            EntityRef::Programme(_) => Self::Programme,
            EntityRef::Theme(_) => Self::Theme,
        }
    }

    /// The entry of this kind at index `i`.
    #[must_use]
    pub const fn entry(self, i: usize) -> EntityRef {
        match self {
            Self::Service => EntityRef::Service(i),
            Self::Library => EntityRef::Library(i),
            Self::TargetGroup => EntityRef::TargetGroup(i),
            Self::Programme => EntityRef::Programme(i),
            Self::Theme => EntityRef::Theme(i),
        }
    }

    /// The name used on the command line (`--kind`) and in JSON (`entry`).
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::Service => "service",
            Self::Library => "library",
            Self::TargetGroup => "target-group",
            Self::Programme => "programme",
            Self::Theme => "theme",
        }
    }

    /// The kind named `key` ([`EntryKind::key`]).
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Display name, for a row's kind and the kind facet.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Service, Lang::En) => "service",
            (Self::Service, Lang::Uk) => "послуга",
            (Self::Library, Lang::En) => "library",
            (Self::Library, Lang::Uk) => "бібліотека",
            (Self::TargetGroup, Lang::En) => "target group",
            (Self::TargetGroup, Lang::Uk) => "цільова група",
            (Self::Programme, Lang::En) => "programme",
            (Self::Programme, Lang::Uk) => "програма",
            (Self::Theme, Lang::En) => "theme",
            (Self::Theme, Lang::Uk) => "тема",
        }
    }

    /// The number of this kind, `n` entries: "3 libraries", "3 бібліотеки".
    #[must_use]
    pub fn count(self, n: usize, lang: Lang) -> String {
        let forms: [&str; 3] = match (self, lang) {
            (Self::Service, Lang::En) => ["service", "services", "services"],
            (Self::Service, Lang::Uk) => ["послуга", "послуги", "послуг"],
            (Self::Library, Lang::En) => ["library", "libraries", "libraries"],
            (Self::Library, Lang::Uk) => ["бібліотека", "бібліотеки", "бібліотек"],
            (Self::TargetGroup, Lang::En) => ["target group", "target groups", "target groups"],
            (Self::TargetGroup, Lang::Uk) => ["цільова група", "цільові групи", "цільових груп"],
            (Self::Programme, Lang::En) => ["programme", "programmes", "programmes"],
            (Self::Programme, Lang::Uk) => ["програма", "програми", "програм"],
            (Self::Theme, Lang::En) => ["theme", "themes", "themes"],
            (Self::Theme, Lang::Uk) => ["тема", "теми", "тем"],
        };
        let form = match lang {
            Lang::En => forms[usize::from(n != 1)],
            Lang::Uk => crate::i18n::uk_plural(n, forms[0], forms[1], forms[2]),
        };
        format!("{n} {form}")
    }

    /// How many entries of each kind: "12 services, 2 libraries, 1 programme", services
    /// first, kinds with none left out ("0 services" when there are none at all).
    #[must_use]
    pub fn count_all(kinds: impl IntoIterator<Item = Self>, lang: Lang) -> String {
        let mut counts = [0usize; Self::ALL.len()];
        for kind in kinds {
            counts[kind as usize] += 1;
        }
        Self::describe(counts, lang)
    }

    /// [`EntryKind::count_all`] from counts already made, by kind in [`EntryKind::ALL`] order.
    #[must_use]
    pub fn describe(counts: [usize; Self::ALL.len()], lang: Lang) -> String {
        let none = counts.iter().all(|&n| n == 0);
        let parts: Vec<String> = Self::ALL
            .into_iter()
            .zip(counts)
            .filter(|&(kind, n)| n > 0 || (kind == Self::Service && none))
            .map(|(kind, n)| kind.count(n, lang))
            .collect();
        parts.join(", ")
    }

    /// Its number in [`Hit::entry`]'s top bits.
    const fn bits(self) -> u32 {
        self as u32
    }
}

/// A hit's score is at least `-SCORE_LIMIT` and less than `SCORE_LIMIT`, so that the ranking
/// key has room for it.
pub(crate) const SCORE_LIMIT: i32 = 1 << 21;

/// The bits of [`Hit::entry`] below the kind.
const INDEX_BITS: u32 = 29;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;

/// Where one query term matched best.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMatch {
    /// The field.
    pub field: Field,
    /// Which language variant of the text matched.
    pub lang: Lang,
    /// For [`Field::Library`] and [`Field::Place`] an index into `catalogue.libraries`, for
    /// [`Field::TargetGroup`] into `target_groups`, for [`Field::Programme`] into
    /// `programmes`, for [`Field::Theme`] into `themes`; for [`Field::People`] into the
    /// entry's `people`, for [`Field::OtherName`] into its other names
    /// ([`OtherNames::iter`](crate::catalogue::OtherNames::iter)), for [`Field::Organiser`]
    /// into its organisers then funders, for [`Field::Description`] 0 for the description and
    /// 1 for what a programme gives; 0 for the entry's other own texts.
    pub entity: usize,
    /// For a match through a related entry's other name: which of its other names
    /// ([`OtherNames::iter`](crate::catalogue::OtherNames::iter)) the positions index into.
    pub other_name: Option<usize>,
    /// Matched char indices, ascending, into the original text in `lang`: the `Text` variant
    /// itself, or for [`Field::Place`] and [`Field::People`] the text that
    /// [`place_text`](super::place_text) and [`person_text`](super::person_text) give.
    pub positions: Vec<usize>,
}

/// An entry that matched the query, with its rank. Where the terms matched is worked out
/// for the hits shown ([`Index::explain`](super::Index::explain)). Twelve bytes: a search
/// on a big catalogue keeps one per matching entry, several times over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The entry: its kind in the top three bits, its index among its kind below
    /// ([`Hit::entry`]); a service's is its index.
    pub entry: u32,
    /// The sum of the terms' best scores (higher is better), kept within
    /// `-SCORE_LIMIT..SCORE_LIMIT` (far more than 32 terms of skim scores ever reach).
    pub score: i32,
    /// The field that decided the rank: the worst tier among the terms' best matches
    /// ([`Field::Title`] when the query has no terms to match).
    pub field: Field,
    /// The worst quality among the terms' best matches.
    pub quality: Quality,
}

impl Hit {
    /// A hit on `entry`.
    pub(crate) fn new(entry: EntityRef, score: i32, field: Field, quality: Quality) -> Option<Self> {
        let (kind, index) = (EntryKind::of(entry), entry_index(entry));
        let index = u32::try_from(index).ok().filter(|&i| i <= INDEX_MASK)?;
        Some(Self {
            entry: (kind.bits() << INDEX_BITS) | index,
            score,
            field,
            quality,
        })
    }

    /// The entry that matched.
    #[must_use]
    pub const fn entry(&self) -> EntityRef {
        self.kind().entry(self.index())
    }

    /// The kind of entry that matched.
    #[must_use]
    pub const fn kind(&self) -> EntryKind {
        match self.entry >> INDEX_BITS {
            0 => EntryKind::Service,
            1 => EntryKind::Library,
            2 => EntryKind::TargetGroup,
            3 => EntryKind::Programme,
            _ => EntryKind::Theme,
        }
    }

    /// The entry's index among its kind (into `catalogue.services` for a service).
    #[must_use]
    pub const fn index(&self) -> usize {
        (self.entry & INDEX_MASK) as usize
    }

    /// The service that matched, or `None` for another kind of entry.
    #[must_use]
    pub const fn service(&self) -> Option<usize> {
        match self.kind() {
            EntryKind::Service => Some(self.index()),
            _ => None,
        }
    }

    /// A score sum, brought within the range a hit keeps.
    pub(crate) fn clamp_score(score: i64) -> i32 {
        let limit = i64::from(SCORE_LIMIT);
        i32::try_from(score.clamp(-limit, limit - 1)).unwrap_or_default()
    }
}

/// The index of an entry among its kind.
pub(crate) const fn entry_index(entry: EntityRef) -> usize {
    match entry {
        EntityRef::Service(i)
        | EntityRef::Library(i)
        | EntityRef::TargetGroup(i)
        | EntityRef::Programme(i)
        | EntityRef::Theme(i) => i,
    }
}

/// Where a hit's terms matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explanation {
    /// One per positive term, in query order: that term's best match.
    pub matches: Vec<FieldMatch>,
    /// Title (or name) positions to highlight, by language shown (Ukrainian, English).
    pub(crate) title: [Vec<usize>; 2],
}

impl Explanation {
    /// Char indices to highlight in the service title as shown in `lang`, that is in
    /// `title.get(lang)` (the other language when the title has no `lang` text); empty when
    /// the title did not match in that text.
    pub fn title_positions(&self, lang: Lang) -> &[usize] {
        &self.title[lang_slot(lang)]
    }
}

/// The slot of a language in per-language arrays.
pub(crate) const fn lang_slot(lang: Lang) -> usize {
    match lang {
        Lang::Uk => 0,
        Lang::En => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers() {
        let tiers: Vec<u8> = Field::ALL.iter().map(|f| f.tier()).collect();
        assert_eq!(tiers, [0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 4]);
        let groups: Vec<u8> = Quality::ALL.iter().map(|q| q.group()).collect();
        assert_eq!(groups, [0, 0, 1, 2]);
    }

    #[test]
    fn a_hit_packs_its_entry() {
        for kind in EntryKind::ALL {
            for i in [0, 1, 77, INDEX_MASK as usize] {
                let hit = Hit::new(kind.entry(i), 3, Field::Title, Quality::Prefix).unwrap();
                assert_eq!((hit.kind(), hit.index(), hit.entry()), (kind, i, kind.entry(i)));
                assert_eq!(hit.service().is_some(), kind == EntryKind::Service);
            }
            assert_eq!(EntryKind::from_key(kind.key()), Some(kind));
        }
        assert!(Hit::new(EntityRef::Library(1 << 29), 0, Field::Title, Quality::Whole).is_none());
        assert_eq!(
            Hit::new(EntityRef::Service(5), 0, Field::Title, Quality::Whole)
                .unwrap()
                .entry,
            5
        );
    }

    #[test]
    fn counts_by_kind_in_both_languages() {
        assert_eq!(EntryKind::Library.count(1, Lang::En), "1 library");
        assert_eq!(EntryKind::Library.count(2, Lang::En), "2 libraries");
        assert_eq!(EntryKind::Programme.count(1, Lang::Uk), "1 програма");
        assert_eq!(EntryKind::Programme.count(3, Lang::Uk), "3 програми");
        assert_eq!(EntryKind::Service.count(12, Lang::Uk), "12 послуг");
        assert_eq!(EntryKind::Service.count(21, Lang::Uk), "21 послуга");
        assert_eq!(EntryKind::TargetGroup.count(5, Lang::Uk), "5 цільових груп");
        let kinds = [
            EntryKind::Library,
            EntryKind::Service,
            EntryKind::Library,
            EntryKind::Theme,
        ];
        assert_eq!(EntryKind::count_all(kinds, Lang::En), "1 service, 2 libraries, 1 theme");
        assert_eq!(EntryKind::count_all([EntryKind::Programme], Lang::Uk), "1 програма");
        assert_eq!(EntryKind::count_all([], Lang::Uk), "0 послуг");
    }

    #[test]
    fn a_hit_is_twelve_bytes_and_keeps_its_score_in_range() {
        assert_eq!(size_of::<Hit>(), 12);
        assert_eq!(Hit::clamp_score(-7), -7);
        assert_eq!(Hit::clamp_score(i64::MAX), SCORE_LIMIT - 1);
        assert_eq!(Hit::clamp_score(i64::MIN), -SCORE_LIMIT);
    }

    #[test]
    fn labels() {
        assert_eq!(Field::TargetGroup.label(Lang::En), "target group");
        assert_eq!(Field::TargetGroup.label(Lang::Uk), "цільова група");
        assert_eq!(Field::Title.label(Lang::Uk), "назва");
    }
}
