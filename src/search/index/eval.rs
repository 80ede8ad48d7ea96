//! Evaluating a query against the index: each term's best match in each entry, found by
//! one walk through the fields in the order of their tiers, the same for ranking (scores
//! only) and for explaining the hits shown (with the characters to highlight).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::layout::{EntryTexts, Kind, Segment, ServiceTexts, Span};
use super::{Index, span_limit};
use crate::catalogue::{EntityRef, Lang};
use crate::search::hit::{Explanation, Field, FieldMatch, Hit, Quality, lang_slot};
use crate::search::matching::{Haystack, Matched, match_text, match_word_starts};
use crate::search::query::{MatchKind, Query, Source, Term};
use crate::search::score::Scorer;

/// What one searching thread learnt of shared texts: the best match of a term in a text,
/// by span, term, and how it is matched (bit 0: with the tight span limit; bit 1: only at
/// word starts).
#[derive(Default)]
pub(super) struct Memo(HashMap<(u32, u32, usize, u8), Option<Score>, BuildHasherDefault<QuickHasher>>);

/// A hasher for the memo's small integer keys, much cheaper than the default one (which
/// guards against keys chosen by an attacker; these are the index's own numbers).
#[derive(Default)]
pub(super) struct QuickHasher(u64);

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

/// A match's score, preference rank and quality, without where it is: what a search ranks
/// by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_field_names, reason = "the score is the score")]
pub(super) struct Score {
    pub score: i64,
    /// Preference between equal scores: lower is better (direct before transliterated
    /// before layout-repaired).
    pub rank: u8,
    pub quality: Quality,
}

impl Score {
    /// The order of matches of one term, smaller first: the quality's group, the field's
    /// tier, a whole word before a word's start, the score (higher first), the rank.
    fn key(self, tier: u8) -> (u8, u8, bool, i64, u8) {
        (
            self.quality.group(),
            tier,
            self.quality != Quality::Whole,
            -self.score,
            self.rank,
        )
    }

    /// True when this match, in a field of `tier`, is better than `current` in one of
    /// `current_tier`.
    fn beats(self, tier: u8, current: Option<(Score, u8)>) -> bool {
        current.is_none_or(|(c, t)| self.key(tier) < c.key(t))
    }
}

/// A term's best match in one field.
#[derive(Debug, Clone)]
struct Found {
    score: Score,
    lang: Lang,
    /// The segment it is in.
    segment: usize,
    /// Matched char indices in the displayed text (empty for the ranking, which needs none).
    positions: Vec<usize>,
}

/// The preference rank of a pattern's match in the folded text or in its transliteration.
fn rank(source: Source, via_latin: bool) -> u8 {
    source as u8 * 2 + u8::from(via_latin)
}

/// A pattern in the index's codes.
struct Needle {
    bytes: Vec<u8>,
    /// Its folded text, for the matcher that finds the characters to highlight.
    text: String,
    mask: u64,
    source: Source,
    latin_view: bool,
}

impl Needle {
    /// Whether it can match the folded text of `segment` and its transliteration: each only
    /// when the text has every kind of character the needle needs (the transliteration only
    /// for a Latin needle, and only when there is one).
    fn views_of(&self, segment: &Segment) -> [bool; 2] {
        [
            self.mask & !segment.mask == 0,
            self.latin_view && segment.latin > 0 && self.mask & !segment.latin_mask == 0,
        ]
    }

    /// The quality of a match of this needle: a match of a word of the catalogue the term was
    /// taken for (a typing error) is at best [`Quality::Typo`].
    fn quality(&self, quality: Quality) -> Quality {
        if self.source == Source::Typo {
            quality.max(Quality::Typo)
        } else {
            quality
        }
    }
}

/// One term of a search, its patterns in codes.
struct Needles<'a> {
    term: &'a Term,
    needles: Vec<Needle>,
}

/// One positive term's best match (without positions) in the name, other names and place
/// of every entry other than a service, matched once per search.
struct EntityMatches {
    names: [Vec<Option<Score>>; 4],
    places: Vec<Option<Score>>,
}

impl EntityMatches {
    fn get(&self, field: Field, kind: Kind, i: usize) -> Option<Score> {
        if field == Field::Place {
            return *self.places.get(i)?;
        }
        *self.names[kind as usize].get(i)?
    }
}

/// Which entries other than services one exclusion term matches (name, other names,
/// place).
struct EntityExclusions {
    names: [Vec<bool>; 4],
}

/// A term's best match in one entry.
struct TermBest {
    field: Field,
    entity: usize,
    other_name: Option<usize>,
    found: Found,
    /// Title positions by language, when the term matched the title and positions were
    /// asked for.
    title: [Vec<usize>; 2],
}

/// The related fields of a service by tier, with the kind of entry each is found through.
const RELATED: [(u8, &[(Field, Kind)]); 2] = [
    (
        1,
        &[
            (Field::Library, Kind::Library),
            (Field::Place, Kind::Library),
            (Field::TargetGroup, Kind::TargetGroup),
        ],
    ),
    (2, &[(Field::Programme, Kind::Programme), (Field::Theme, Kind::Theme)]),
];

/// True when every field of [`RELATED`] is listed under its own tier.
const fn related_tiers_hold() -> bool {
    let mut t = 0;
    while t < RELATED.len() {
        let (tier, fields) = RELATED[t];
        let mut i = 0;
        while i < fields.len() {
            if fields[i].0.tier() != tier {
                return false;
            }
            i += 1;
        }
        t += 1;
    }
    true
}

const _: () = assert!(related_tiers_hold(), "a related field is listed under another tier");

/// How far a walk goes and what it works out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Every tier, the scores only: the ranking.
    Rank,
    /// The first tier only (names, titles and other names), the scores only: an entry whose
    /// every term matches a whole word or a word's start there, else none. Those entries
    /// rank before all others, in the same order (see [`super::rank::key`]): the head of
    /// the ranking, found at a fraction of its cost.
    Head,
    /// Every tier, with the characters to highlight: the explanation of a hit shown.
    Explain,
}

/// The best of the matches a walk has seen, with the tier of each.
struct Walk {
    best: Option<(Score, u8, Field, usize, Option<usize>, Found)>,
}

/// A field's place in a term's choice of its best match: its tier, a name before another
/// name in the same tier (as [`super::rank_key`] ranks hits).
fn field_rank(field: Field) -> u8 {
    field.tier() * 2 + u8::from(field == Field::OtherName)
}

impl Walk {
    fn offer(&mut self, field: Field, entity: usize, other_name: Option<usize>, found: Found) {
        let tier = field_rank(field);
        if found.score.beats(tier, self.best.as_ref().map(|b| (b.0, b.1))) {
            self.best = Some((found.score, tier, field, entity, other_name, found));
        }
    }

    /// True when `field` can beat the best only with a whole word or a word's start: the best
    /// so far has letters inside a word or a typing error, in a field ranked before this one
    /// (in the same one, a better score would do). Such a field is then matched only where a
    /// pattern begins a word.
    fn needs_word_start(&self, field: Field) -> bool {
        self.best
            .as_ref()
            .is_some_and(|b| b.0.quality.group() > 0 && field_rank(field) > b.1)
    }

    /// True when nothing in a later tier can beat the best: a whole word or a word's start.
    fn settled(&self) -> bool {
        self.best.as_ref().is_some_and(|b| b.0.quality.group() == 0)
    }

    fn into_best(self) -> Option<TermBest> {
        self.best.map(|(_, _, field, entity, other_name, found)| TermBest {
            field,
            entity,
            other_name,
            found,
            title: [Vec::new(), Vec::new()],
        })
    }
}

/// One search: the query's terms in codes, with their entity matches.
pub(super) struct Search<'a> {
    pub index: &'a Index,
    positives: Vec<(Needles<'a>, Option<EntityMatches>)>,
    negatives: Vec<(Needles<'a>, Option<EntityExclusions>)>,
    /// The matcher that finds the characters to highlight in the rows shown.
    highlighter: SkimMatcherV2,
}

impl<'a> Search<'a> {
    /// The search for `query`; with `entities`, each term is matched against every other
    /// entry's names at once (worth it when many services are searched), else only against
    /// those of the entries asked about.
    pub fn new(index: &'a Index, query: &'a Query, entities: bool) -> Self {
        let mut search = Self {
            index,
            positives: Vec::new(),
            negatives: Vec::new(),
            highlighter: SkimMatcherV2::default(),
        };
        let mut scorer = Scorer::default();
        for term in query.terms() {
            let mut needles: Vec<Needle> = term
                .patterns()
                .iter()
                .map(|p| Needle {
                    bytes: index.page.encode(&p.text),
                    text: p.text.clone(),
                    mask: p.mask,
                    source: p.source,
                    latin_view: p.latin_view,
                })
                .collect();
            if !term.negated && term.kind == MatchKind::Fuzzy {
                for word in index.typos(&term.text) {
                    needles.push(Needle {
                        bytes: index.page.encode(&word),
                        mask: crate::search::code::char_mask(&word),
                        latin_view: !crate::search::translit::has_cyrillic(&word),
                        text: word,
                        source: Source::Typo,
                    });
                }
            }
            let needles = Needles { term, needles };
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

    /// True when the query has no word that must match (it matches every entry).
    pub fn matches_everything(&self) -> bool {
        self.positives.is_empty()
    }

    fn entity_matches(&self, scorer: &mut Scorer, term: &Needles<'_>) -> EntityMatches {
        let index = self.index;
        let names = Kind::ALL.map(|kind| {
            let tier = related_tier(kind);
            index.entries[kind as usize]
                .iter()
                .map(|e| {
                    let name = self.best_score(scorer, e.name, term, tier);
                    let other = self.best_score(scorer, e.names, term, tier);
                    match (name, other) {
                        (Some(a), Some(b)) => Some(if b.beats(tier, Some((a, tier))) { b } else { a }),
                        (a, b) => a.or(b),
                    }
                })
                .collect()
        });
        let places = index
            .places
            .iter()
            .map(|&span| self.best_score(scorer, span, term, Field::Place.tier()))
            .collect();
        EntityMatches { names, places }
    }

    fn entity_exclusions(&self, scorer: &mut Scorer, term: &Needles<'_>) -> EntityExclusions {
        let index = self.index;
        let names = Kind::ALL.map(|kind| {
            index.entries[kind as usize]
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let tier = related_tier(kind);
                    self.any(scorer, e.name, term, tier)
                        || self.any(scorer, e.names, term, tier)
                        || (kind == Kind::Library && self.any(scorer, index.place(i), term, 1))
                })
                .collect()
        });
        EntityExclusions { names }
    }

    /// Service `service` as a hit, or `None` when a positive term does not match or an
    /// exclusion does.
    pub fn evaluate(&self, scorer: &mut Scorer, memo: &mut Memo, service: usize, reach: Reach) -> Option<Hit> {
        let texts = &self.index.services[service];
        let mut score = 0;
        let (mut field, mut quality, mut worst) = (Field::Title, Quality::Whole, None);
        for (i, (term, entities)) in self.positives.iter().enumerate() {
            let best = self.service_walk(scorer, Some(memo), i, texts, term, entities.as_ref(), reach)?;
            let tier = best.field.tier();
            if worst.is_none_or(|w| tier > w) {
                worst = Some(tier);
                field = best.field;
            }
            quality = quality.max(best.found.score.quality);
            score += best.found.score.score;
        }
        if self.service_excluded(scorer, texts) {
            return None;
        }
        Hit::new(EntityRef::Service(service), Hit::clamp_score(score), field, quality)
    }

    /// Entry `i` of `kind` (not a service) as a hit, as [`Search::evaluate`] does a service.
    pub fn evaluate_entry(&self, scorer: &mut Scorer, kind: Kind, i: usize, reach: Reach) -> Option<Hit> {
        let texts = self.index.entry(kind, i);
        let mut score = 0;
        let (mut field, mut quality, mut worst) = (Field::Title, Quality::Whole, None);
        for (term, _) in &self.positives {
            let best = self.entry_walk(scorer, kind, &texts, term, reach)?;
            let tier = best.field.tier();
            if worst.is_none_or(|w| tier > w) {
                worst = Some(tier);
                field = best.field;
            }
            quality = quality.max(best.found.score.quality);
            score += best.found.score.score;
        }
        if self.entry_excluded(scorer, &texts) {
            return None;
        }
        Hit::new(kind_entry(kind, i), Hit::clamp_score(score), field, quality)
    }

    /// [`Search::evaluate`] or [`Search::evaluate_entry`] with where each term matched and
    /// the characters to highlight.
    pub fn explain(&self, scorer: &mut Scorer, entry: EntityRef) -> Option<Explanation> {
        let mut explanation = Explanation::default();
        let (name, excluded) = match entry {
            EntityRef::Service(s) => {
                let texts = self.index.services.get(s)?;
                for (i, (term, _)) in self.positives.iter().enumerate() {
                    let best = self.service_walk(scorer, None, i, texts, term, None, Reach::Explain)?;
                    push_match(&mut explanation, best);
                }
                (texts.title, self.service_excluded(scorer, texts))
            }
            other => {
                let (kind, i) = entry_kind(other)?;
                let texts = self.index.entries[kind as usize].get(i).copied()?;
                for (term, _) in &self.positives {
                    let best = self.entry_walk(scorer, kind, &texts, term, Reach::Explain)?;
                    push_match(&mut explanation, best);
                }
                (texts.name, self.entry_excluded(scorer, &texts))
            }
        };
        if excluded {
            return None;
        }
        for positions in &mut explanation.title {
            positions.sort_unstable();
            positions.dedup();
        }
        // A title missing in one language is shown in the other (`Text::get`).
        let title = self.index.segments(name);
        let [uk, en] = &mut explanation.title;
        if !title.iter().any(|segment| segment.lang() == Lang::Uk) {
            uk.clone_from(en);
        } else if !title.iter().any(|segment| segment.lang() == Lang::En) {
            en.clone_from(uk);
        }
        Some(explanation)
    }

    /// The term's best match in a service: one walk through its fields by tier, which stops
    /// at the first tier with a whole word or a word's start (or after the first, for the
    /// head). Ranking (without positions) takes the related entries' matches from `entities`
    /// and shared texts from `memo`.
    #[allow(
        clippy::too_many_arguments,
        reason = "the one walk of both the ranking and the explanation"
    )]
    fn service_walk(
        &self,
        scorer: &mut Scorer,
        mut memo: Option<&mut Memo>,
        term_index: usize,
        texts: &ServiceTexts,
        term: &Needles<'_>,
        entities: Option<&EntityMatches>,
        reach: Reach,
    ) -> Option<TermBest> {
        let index = self.index;
        let positions = reach == Reach::Explain;
        let mut walk = Walk { best: None };
        let own = |walk: &mut Walk,
                   scorer: &mut Scorer,
                   field: Field,
                   entity: usize,
                   span: Span,
                   shared_memo: Option<&mut Memo>| {
            if span.is_empty() {
                return;
            }
            let word_starts = walk.needs_word_start(field);
            let tier = field.tier();
            let found = match shared_memo {
                Some(memo) if span.shared() => memo
                    .0
                    .entry((
                        span.start,
                        span.len,
                        term_index,
                        u8::from(tier >= 2) | (u8::from(word_starts) << 1),
                    ))
                    .or_insert_with(|| {
                        let mut segment = 0;
                        self.best_score_at(scorer, span, term, tier, &mut segment, word_starts)
                    })
                    .map(|score| Found {
                        score,
                        lang: Lang::Uk,
                        segment: span.start as usize,
                        positions: Vec::new(),
                    }),
                _ => self.best_found_in(scorer, span, term, tier, positions, word_starts),
            };
            if let Some(found) = found {
                let other_name = (field == Field::OtherName).then(|| found.segment - span.start as usize);
                walk.offer(field, other_name.unwrap_or(entity), other_name, found);
            }
        };
        // Tier 0: the title, with its positions per language when asked for.
        let mut title = [Vec::new(), Vec::new()];
        if positions {
            let [uk, en] = self.best_per_lang_in(scorer, texts.title, term, 0, true, false);
            title = [&uk, &en].map(|f| f.as_ref().map(|f| f.positions.clone()).unwrap_or_default());
            for found in [uk, en].into_iter().flatten() {
                walk.offer(Field::Title, 0, None, found);
            }
        } else {
            own(&mut walk, scorer, Field::Title, 0, texts.title, memo.as_deref_mut());
        }
        own(&mut walk, scorer, Field::OtherName, 0, texts.names, None);
        if walk.settled() {
            return walk.into_best().map(|b| with_title(b, title));
        }
        if reach == Reach::Head {
            return None;
        }
        for (tier, related) in RELATED {
            for &(field, kind) in related {
                for &i in index.related(texts, kind) {
                    let i = i as usize;
                    match entities {
                        Some(entities) => {
                            if let Some(score) = entities.get(field, kind, i) {
                                let found = Found {
                                    score,
                                    lang: Lang::Uk,
                                    segment: 0,
                                    positions: Vec::new(),
                                };
                                walk.offer(field, i, None, found);
                            }
                        }
                        None => self.related_found(scorer, &mut walk, field, kind, i, term, positions),
                    }
                }
            }
            if tier == 1 {
                for (n, &span) in index.people[texts.people.range()].iter().enumerate() {
                    own(&mut walk, scorer, Field::People, n, span, memo.as_deref_mut());
                }
            }
            if walk.settled() {
                return walk.into_best().map(|b| with_title(b, title));
            }
        }
        own(&mut walk, scorer, Field::Summary, 0, texts.summary, memo.as_deref_mut());
        if walk.settled() {
            return walk.into_best().map(|b| with_title(b, title));
        }
        own(&mut walk, scorer, Field::Description, 0, texts.description, memo);
        walk.into_best().map(|b| with_title(b, title))
    }

    /// Offers the match of a related entry's name, other names (or a library's place) to
    /// the walk, worked out now.
    #[allow(clippy::too_many_arguments, reason = "a step of the walk")]
    fn related_found(
        &self,
        scorer: &mut Scorer,
        walk: &mut Walk,
        field: Field,
        kind: Kind,
        i: usize,
        term: &Needles<'_>,
        positions: bool,
    ) {
        let tier = field.tier();
        let entry = self.index.entry(kind, i);
        let word_starts = walk.needs_word_start(field);
        if field == Field::Place {
            if let Some(found) = self.best_found_in(scorer, self.index.place(i), term, tier, positions, word_starts) {
                walk.offer(field, i, None, found);
            }
            return;
        }
        if let Some(found) = self.best_found_in(scorer, entry.name, term, tier, positions, word_starts) {
            walk.offer(field, i, None, found);
        }
        if let Some(found) = self.best_found_in(scorer, entry.names, term, tier, positions, word_starts) {
            let other = found.segment - entry.names.start as usize;
            walk.offer(field, i, Some(other), found);
        }
    }

    /// The term's best match in an entry other than a service: its name, other names, then
    /// its fields, which are in the order of their tiers (for the head, those of the first).
    fn entry_walk(
        &self,
        scorer: &mut Scorer,
        kind: Kind,
        texts: &EntryTexts,
        term: &Needles<'_>,
        reach: Reach,
    ) -> Option<TermBest> {
        let index = self.index;
        let positions = reach == Reach::Explain;
        let mut walk = Walk { best: None };
        let mut title = [Vec::new(), Vec::new()];
        let [uk, en] = self.best_per_lang_in(scorer, texts.name, term, 0, positions, false);
        if positions {
            title = [&uk, &en].map(|f| f.as_ref().map(|f| f.positions.clone()).unwrap_or_default());
        }
        for found in [uk, en].into_iter().flatten() {
            walk.offer(Field::Title, 0, None, found);
        }
        if let Some(found) = self.best_found_in(scorer, texts.names, term, 0, positions, false) {
            let other = found.segment - texts.names.start as usize;
            walk.offer(Field::OtherName, other, Some(other), found);
        }
        let mut tier = 0;
        for f in &index.fields[texts.fields.range()] {
            let this = f.field.tier();
            if this > tier {
                if walk.settled() || reach == Reach::Head {
                    break;
                }
                tier = this;
            }
            let word_starts = walk.needs_word_start(f.field);
            let Some(found) = self.best_found_in(scorer, f.span, term, this, positions, word_starts) else {
                continue;
            };
            // A related entry's other names are its second span.
            let related = matches!(
                f.field,
                Field::Library | Field::TargetGroup | Field::Programme | Field::Theme
            );
            let other_name = related
                .then(|| {
                    let names = index.entry(related_kind(f.field, kind), f.entity as usize).names;
                    (names == f.span).then(|| found.segment - names.start as usize)
                })
                .flatten();
            walk.offer(f.field, f.entity as usize, other_name, found);
        }
        if reach == Reach::Head && !walk.settled() {
            return None;
        }
        walk.into_best().map(|b| with_title(b, title))
    }

    /// True when an exclusion term matches the service.
    fn service_excluded(&self, scorer: &mut Scorer, texts: &ServiceTexts) -> bool {
        self.negatives.iter().any(|(term, entities)| {
            let index = self.index;
            let related = |scorer: &mut Scorer, kind: Kind| {
                index.related(texts, kind).iter().any(|&i| {
                    let i = i as usize;
                    if let Some(e) = entities {
                        e.names[kind as usize].get(i).copied().unwrap_or(false)
                    } else {
                        let (entry, tier) = (index.entry(kind, i), related_tier(kind));
                        self.any(scorer, entry.name, term, tier)
                            || self.any(scorer, entry.names, term, tier)
                            || (kind == Kind::Library && self.any(scorer, index.place(i), term, 1))
                    }
                })
            };
            Kind::ALL.into_iter().any(|kind| related(scorer, kind))
                || [
                    (texts.title, Field::Title),
                    (texts.names, Field::OtherName),
                    (texts.summary, Field::Summary),
                    (texts.description, Field::Description),
                ]
                .into_iter()
                .any(|(span, field)| self.any(scorer, span, term, field.tier()))
                || index.people[texts.people.range()]
                    .iter()
                    .any(|&p| self.any(scorer, p, term, 1))
        })
    }

    /// True when an exclusion term matches an entry other than a service.
    fn entry_excluded(&self, scorer: &mut Scorer, texts: &EntryTexts) -> bool {
        self.negatives.iter().any(|(term, _)| {
            self.any(scorer, texts.name, term, 0)
                || self.any(scorer, texts.names, term, 0)
                || self.index.fields[texts.fields.range()]
                    .iter()
                    .any(|f| self.any(scorer, f.span, term, f.field.tier()))
        })
    }

    /// The term's best match in the segments: with `positions` (and the characters to
    /// highlight), else its score alone; with `word_starts`, only matches that begin a word.
    fn best_found_in(
        &self,
        scorer: &mut Scorer,
        span: Span,
        term: &Needles<'_>,
        tier: u8,
        positions: bool,
        word_starts: bool,
    ) -> Option<Found> {
        if positions {
            let [uk, en] = self.best_per_lang_in(scorer, span, term, tier, true, word_starts);
            return match (uk, en) {
                (Some(a), Some(b)) => Some(if b.score.beats(tier, Some((a.score, tier))) {
                    b
                } else {
                    a
                }),
                (a, b) => a.or(b),
            };
        }
        let mut segment = 0;
        let score = self.best_score_at(scorer, span, term, tier, &mut segment, word_starts)?;
        Some(Found {
            score,
            lang: self.index.segments.get(segment).map_or(Lang::Uk, |s| s.lang()),
            segment,
            positions: Vec::new(),
        })
    }

    /// The term's best match in the segments per language (Ukrainian, English), with its
    /// positions when asked for; with `word_starts`, only matches that begin a word count.
    fn best_per_lang_in(
        &self,
        scorer: &mut Scorer,
        span: Span,
        term: &Needles<'_>,
        tier: u8,
        positions: bool,
        word_starts: bool,
    ) -> [Option<Found>; 2] {
        let index = self.index;
        let mut best: [Option<Found>; 2] = [None, None];
        let mut matched = Vec::new();
        for id in span.range() {
            let segment = index.segments[id];
            let slot = &mut best[lang_slot(segment.lang())];
            for needle in &term.needles {
                let limit = span_limit(tier, needle.bytes.len());
                for (text, via_latin) in views(index, segment, needle).into_iter().flatten() {
                    let wanted = positions.then_some(&mut matched);
                    let Some(Matched { score, quality }) =
                        matched_in(scorer, text, needle, term.term.kind, limit, wanted, word_starts)
                    else {
                        continue;
                    };
                    let score = Score {
                        score: needle.source.adjust(score),
                        rank: rank(needle.source, via_latin),
                        quality: needle.quality(quality),
                    };
                    if score.beats(tier, slot.as_ref().map(|s| (s.score, tier))) {
                        let positions = if positions {
                            self.highlight(text.bytes, needle, limit, &mut matched);
                            let mut out: Vec<usize> = if via_latin {
                                index.latin_to_original(id, &matched)
                            } else {
                                matched.iter().map(|&p| index.original(id, p)).collect()
                            };
                            for p in &mut out {
                                *p += segment.offset();
                            }
                            out.dedup();
                            out
                        } else {
                            Vec::new()
                        };
                        *slot = Some(Found {
                            score,
                            lang: segment.lang(),
                            segment: id,
                            positions,
                        });
                    }
                }
            }
        }
        best
    }

    /// The characters to highlight of a fuzzy match the index found at `matched`: the
    /// design card's matcher (fuzzy-matcher's skim) aligns the pattern within the same
    /// window of the text, the one the ranking chose; where it finds no alignment there, the
    /// index's own positions stay.
    fn highlight(&self, bytes: &[u8], needle: &Needle, limit: usize, matched: &mut Vec<usize>) {
        let Some(&first) = matched.first() else { return };
        if matched.len() < 2 || matched.windows(2).all(|w| w[1] == w[0] + 1) {
            return;
        }
        let end = bytes.len().min(first + limit + 1);
        let window = self.index.page.decode(&bytes[first..end]);
        if let Some((_, indices)) = self.highlighter.fuzzy_indices(&window, &needle.text)
            && indices.len() == matched.len()
        {
            matched.clear();
            matched.extend(indices.into_iter().map(|i| first + i));
        }
    }

    /// The score of the term's best match in the segments, in either language (the first of
    /// equal ones, Ukrainian before English).
    fn best_score(&self, scorer: &mut Scorer, span: Span, term: &Needles<'_>, tier: u8) -> Option<Score> {
        let mut segment = 0;
        self.best_score_at(scorer, span, term, tier, &mut segment, false)
    }

    /// [`Search::best_score`], leaving the segment of the best match in `at`.
    fn best_score_at(
        &self,
        scorer: &mut Scorer,
        span: Span,
        term: &Needles<'_>,
        tier: u8,
        at: &mut usize,
        word_starts: bool,
    ) -> Option<Score> {
        let index = self.index;
        let kind = term.term.kind;
        let mut best: Option<Score> = None;
        for (id, segment) in span.range().zip(index.segments(span)) {
            for needle in &term.needles {
                // The views are checked before any is made: most are left out by their masks.
                let [folded, latin] = needle.views_of(segment);
                if !folded && !latin {
                    continue;
                }
                let limit = span_limit(tier, needle.bytes.len());
                let mut offer = |bytes: &[u8], starts: u64, via_latin: bool| {
                    let text = Haystack {
                        bytes,
                        classes: &index.classes,
                        starts,
                    };
                    if let Some(Matched { score, quality }) =
                        matched_in(scorer, text, needle, kind, limit, None, word_starts)
                    {
                        let score = Score {
                            score: needle.source.adjust(score),
                            rank: rank(needle.source, via_latin),
                            quality: needle.quality(quality),
                        };
                        if score.beats(tier, best.map(|b| (b, tier))) {
                            best = Some(score);
                            *at = id;
                        }
                    }
                };
                if folded {
                    offer(index.folded(*segment), segment.starts, false);
                }
                if latin {
                    offer(index.latin(*segment), segment.latin_starts, true);
                }
            }
        }
        best
    }

    /// True when the term matches any of the segments.
    fn any(&self, scorer: &mut Scorer, span: Span, term: &Needles<'_>, tier: u8) -> bool {
        let index = self.index;
        index.segments(span).iter().any(|&segment| {
            term.needles.iter().any(|needle| {
                let limit = span_limit(tier, needle.bytes.len());
                views(index, segment, needle)
                    .into_iter()
                    .flatten()
                    .any(|(text, _)| match_text(scorer, text, &needle.bytes, term.term.kind, limit, None).is_some())
            })
        })
    }
}

/// A needle's match in a text; with `word_starts` (a fuzzy term), only at word starts.
///
/// A term as if typed in the other keyboard layout is only looked for where it begins a
/// word: someone who typed `ntfnh` for `театр` typed a word, and the letters of a short one
/// (`th` is `ер`) stand scattered inside nearly every Ukrainian text. So is a stem: it stands
/// for the start of another form of the word (`шост` for `у Шостці`), not for letters
/// scattered in others (`рішучості`); the term as typed is still matched fuzzily.
fn matched_in(
    scorer: &mut Scorer,
    text: Haystack<'_>,
    needle: &Needle,
    kind: MatchKind,
    limit: usize,
    positions: Option<&mut Vec<usize>>,
    word_starts: bool,
) -> Option<Matched> {
    if (word_starts || matches!(needle.source, Source::Layout | Source::Stem)) && kind == MatchKind::Fuzzy {
        match_word_starts(scorer, text, &needle.bytes, limit, positions)
    } else {
        match_text(scorer, text, &needle.bytes, kind, limit, positions)
    }
}

/// The texts of `segment` that `needle` can match, each with whether it is the Latin
/// transliteration: the folded text, then the transliteration (for a Latin needle), each
/// only when it has every kind of character the needle needs.
fn views<'i>(index: &'i Index, segment: Segment, needle: &Needle) -> [Option<(Haystack<'i>, bool)>; 2] {
    let text = |bytes, starts| Haystack {
        bytes,
        classes: &index.classes,
        starts,
    };
    let [folded, latin] = needle.views_of(&segment);
    [
        folded.then(|| (text(index.folded(segment), segment.starts), false)),
        latin.then(|| (text(index.latin(segment), segment.latin_starts), true)),
    ]
}

/// A walk's best with the title positions it found.
fn with_title(mut best: TermBest, title: [Vec<usize>; 2]) -> TermBest {
    best.title = title;
    best
}

/// Adds a term's best match to an explanation.
fn push_match(explanation: &mut Explanation, best: TermBest) {
    if best.field == Field::Title {
        for (all, positions) in explanation.title.iter_mut().zip(best.title) {
            all.extend(positions);
        }
    }
    explanation.matches.push(FieldMatch {
        field: best.field,
        lang: best.found.lang,
        entity: best.entity,
        other_name: best.other_name,
        positions: best.found.positions,
    });
}

/// The tier of a related entry's name: a library or target group 1, a programme or theme 2.
const fn related_tier(kind: Kind) -> u8 {
    match kind {
        Kind::Library | Kind::TargetGroup => 1,
        Kind::Programme | Kind::Theme => 2,
    }
}

/// The kind of a related entry a field of an entry of `kind` names.
fn related_kind(field: Field, own: Kind) -> Kind {
    match field {
        Field::Library => Kind::Library,
        Field::TargetGroup => Kind::TargetGroup,
        Field::Programme => Kind::Programme,
        Field::Theme => Kind::Theme,
        _ => own,
    }
}

/// The entry of `kind` at `i`.
pub(super) const fn kind_entry(kind: Kind, i: usize) -> EntityRef {
    match kind {
        Kind::Library => EntityRef::Library(i),
        Kind::TargetGroup => EntityRef::TargetGroup(i),
        Kind::Programme => EntityRef::Programme(i),
        Kind::Theme => EntityRef::Theme(i),
    }
}

/// The kind and index of an entry other than a service.
pub(super) const fn entry_kind(entry: EntityRef) -> Option<(Kind, usize)> {
    match entry {
        EntityRef::Service(_) => None,
        EntityRef::Library(i) => Some((Kind::Library, i)),
        EntityRef::TargetGroup(i) => Some((Kind::TargetGroup, i)),
        EntityRef::Programme(i) => Some((Kind::Programme, i)),
        EntityRef::Theme(i) => Some((Kind::Theme, i)),
    }
}
