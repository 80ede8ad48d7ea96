//! Search results: which service matched, where, and which characters to highlight.

use crate::catalogue::Lang;

/// A searchable field of a service, directly or through a related entity.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The service's title.
    Title,
    /// The name of a library that runs the service.
    Library,
    /// Where such a library is: place, region, country ([`place_text`](super::place_text)).
    Place,
    /// The name of one of the service's target groups.
    TargetGroup,
    /// The name of a programme the service belongs to.
    Programme,
    /// The name of one of the service's themes.
    Theme,
    /// The service's summary.
    Summary,
    /// The service's description.
    Description,
    /// A person named for the service: name and role ([`person_text`](super::person_text)).
    People,
}

impl Field {
    /// Every field, in order.
    pub const ALL: [Self; 9] = [
        Self::Title,
        Self::Library,
        Self::Place,
        Self::TargetGroup,
        Self::Programme,
        Self::Theme,
        Self::Summary,
        Self::Description,
        Self::People,
    ];

    /// Ranking tier: 0 title; 1 library, place, target group; 2 programme, theme;
    /// 3 summary, description, people. A lower tier ranks first.
    pub const fn tier(self) -> u8 {
        match self {
            Self::Title => 0,
            Self::Library | Self::Place | Self::TargetGroup => 1,
            Self::Programme | Self::Theme => 2,
            Self::Summary | Self::Description | Self::People => 3,
        }
    }

    /// The field's name, for "matched in …" hints.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Title, Lang::En) => "title",
            (Self::Title, Lang::Uk) => "назва",
            (Self::Library, Lang::En) => "library",
            (Self::Library, Lang::Uk) => "бібліотека",
            (Self::Place, Lang::En) => "place",
            (Self::Place, Lang::Uk) => "місце",
            (Self::TargetGroup, Lang::En) => "target group",
            (Self::TargetGroup, Lang::Uk) => "цільова група",
            (Self::Programme, Lang::En) => "programme",
            (Self::Programme, Lang::Uk) => "програма",
            (Self::Theme, Lang::En) => "theme",
            (Self::Theme, Lang::Uk) => "тема",
            (Self::Summary, Lang::En) => "summary",
            (Self::Summary, Lang::Uk) => "короткий опис",
            (Self::Description, Lang::En) => "description",
            (Self::Description, Lang::Uk) => "опис",
            (Self::People, Lang::En) => "people",
            (Self::People, Lang::Uk) => "люди",
        }
    }
}

/// Where one query term matched best.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMatch {
    /// The field.
    pub field: Field,
    /// Which language variant of the text matched.
    pub lang: Lang,
    /// For [`Field::Library`] and [`Field::Place`] an index into `catalogue.libraries`, for
    /// [`Field::TargetGroup`] into `target_groups`, for [`Field::Programme`] into
    /// `programmes`, for [`Field::Theme`] into `themes`, for [`Field::People`] into the
    /// service's `people`; 0 for the service's own texts.
    pub entity: usize,
    /// Matched char indices, ascending, into the original text in `lang`: the `Text` variant
    /// itself, or for [`Field::Place`] and [`Field::People`] the text that
    /// [`place_text`](super::place_text) and [`person_text`](super::person_text) give.
    pub positions: Vec<usize>,
}

/// A service that matched the query, with its rank. Where the terms matched is worked out
/// for the hits shown ([`Index::explain`](super::Index::explain)). Twelve bytes: a search
/// on a big catalogue keeps one per matching service, several times over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into `catalogue.services` ([`Hit::index`] as a `usize`).
    pub service: u32,
    /// The sum of the terms' best scores (higher is better), kept within the `i32` range.
    pub score: i32,
    /// The field that decided the rank: the worst tier among the terms' best matches
    /// ([`Field::Title`] when the query has no terms to match).
    pub field: Field,
}

impl Hit {
    /// The service, as an index into `catalogue.services`.
    #[must_use]
    pub const fn index(&self) -> usize {
        self.service as usize
    }

    /// A score sum, brought within the range a hit keeps.
    pub(crate) fn clamp_score(score: i64) -> i32 {
        i32::try_from(score.clamp(i64::from(i32::MIN), i64::from(i32::MAX))).unwrap_or_default()
    }
}

/// Where a hit's terms matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explanation {
    /// One per positive term, in query order: that term's best match.
    pub matches: Vec<FieldMatch>,
    /// Title positions to highlight, by language shown (Ukrainian, English).
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
        assert_eq!(tiers, [0, 1, 1, 1, 2, 2, 3, 3, 3]);
    }

    #[test]
    fn a_hit_is_twelve_bytes_and_keeps_its_score_in_range() {
        assert_eq!(size_of::<Hit>(), 12);
        assert_eq!(Hit::clamp_score(-7), -7);
        assert_eq!(Hit::clamp_score(i64::MAX), i32::MAX);
        assert_eq!(Hit::clamp_score(i64::MIN), i32::MIN);
    }

    #[test]
    fn labels() {
        assert_eq!(Field::TargetGroup.label(Lang::En), "target group");
        assert_eq!(Field::TargetGroup.label(Lang::Uk), "цільова група");
        assert_eq!(Field::Title.label(Lang::Uk), "назва");
    }
}
