//! A hit's place in the ranking as one number that also holds the hit: the search sorts
//! plain numbers (a comparison is one instruction, where working the order out of a hit's
//! fields took some thirty on every comparison) and turns them back into hits after.

use crate::search::hit::{Field, Hit, Quality, SCORE_LIMIT};

/// The bits of a key, from the lowest: the field's number in [`Field::ALL`] (which breaks no
/// tie: the entry is above it and unique), the entry's index among its kind, the kind's
/// rank, the score (higher first), the order within the group (the field's tier, then a
/// whole word before a word's start, then a name before another name: see [`order`]), the
/// quality's group.
const FIELD_BITS: u32 = 4;
const INDEX_BITS: u32 = 29;
const KIND_BITS: u32 = 3;
const SCORE_BITS: u32 = 22;
const ORDER_BITS: u32 = 4;
const GROUP_BITS: u32 = 2;

const INDEX_SHIFT: u32 = FIELD_BITS;
const KIND_SHIFT: u32 = INDEX_SHIFT + INDEX_BITS;
const SCORE_SHIFT: u32 = KIND_SHIFT + KIND_BITS;
const ORDER_SHIFT: u32 = SCORE_SHIFT + SCORE_BITS;
const GROUP_SHIFT: u32 = ORDER_SHIFT + ORDER_BITS;

// Every part has its room, and together they fill the key.
const _: () = assert!(GROUP_SHIFT + GROUP_BITS == u64::BITS);
const _: () = assert!(Field::ALL.len() <= 1 << FIELD_BITS);
const _: () = assert!(1 << (SCORE_BITS - 1) == SCORE_LIMIT as u64);
const _: () = assert!(order(4, true, false) < 1 << ORDER_BITS);

const fn mask(bits: u32) -> u64 {
    (1 << bits) - 1
}

/// The order of a hit within its quality's group: the field's tier, then a whole word before
/// a word's start, then (only names and other names share the first tier) a name before
/// another name. The first tier takes the numbers 0 to 3, each later tier two more.
const fn order(tier: u8, inexact: bool, other_name: bool) -> u64 {
    if tier == 0 {
        inexact as u64 * 2 + other_name as u64
    } else {
        4 + (tier as u64 - 1) * 2 + inexact as u64
    }
}

/// Whether an [`order`] is that of a word's start rather than a whole word.
const fn inexact(order: u64) -> bool {
    if order < 4 { order >= 2 } else { (order - 4) % 2 == 1 }
}

/// The rank of each kind, by its number in [`Hit::entry`] (service, library, target group,
/// programme, theme): libraries, programmes, target groups and themes before services; the
/// second row, for a query that matches everything, services first.
const KIND_RANK: [[u64; 5]; 2] = [[4, 0, 2, 1, 3], [0, 1, 3, 2, 4]];

/// The kind's number in [`Hit::entry`] of each rank: [`KIND_RANK`] the other way round.
const KIND_OF_RANK: [[u32; 5]; 2] = [[1, 3, 2, 4, 0], [0, 1, 3, 2, 4]];

/// A hit's key, smaller first: the quality's group (a whole word or a word's start, a typing
/// error, letters inside a word), the field's tier, a whole word before a word's start, a
/// name before another name, the score (higher first), the kind of entry (services first
/// when `services_first`, for a query that matches everything), then catalogue order.
pub(super) fn key(hit: &Hit, services_first: bool) -> u64 {
    let group = u64::from(hit.quality.group());
    let order = order(
        hit.field.tier(),
        hit.quality != Quality::Whole,
        hit.field == Field::OtherName,
    );
    let score = i64::from(hit.score).clamp(-i64::from(SCORE_LIMIT), i64::from(SCORE_LIMIT) - 1);
    let score = (i64::from(SCORE_LIMIT) - 1 - score) as u64;
    let kind_number = (hit.entry >> INDEX_BITS) as usize;
    let kind = KIND_RANK[usize::from(services_first)]
        .get(kind_number)
        .copied()
        .unwrap_or(0);
    let index = u64::from(hit.entry) & mask(INDEX_BITS);
    (group << GROUP_SHIFT)
        | (order << ORDER_SHIFT)
        | (score << SCORE_SHIFT)
        | (kind << KIND_SHIFT)
        | (index << INDEX_SHIFT)
        | hit.field as u64
}

/// The hit of a key made by [`key`] with the same `services_first`.
pub(super) fn hit(key: u64, services_first: bool) -> Hit {
    let part = |shift: u32, bits: u32| (key >> shift) & mask(bits);
    let field = Field::ALL
        .get(part(0, FIELD_BITS) as usize)
        .copied()
        .unwrap_or(Field::Title);
    let quality = match (part(GROUP_SHIFT, GROUP_BITS), inexact(part(ORDER_SHIFT, ORDER_BITS))) {
        (0, false) => Quality::Whole,
        (0, true) => Quality::Prefix,
        (1, _) => Quality::Typo,
        _ => Quality::Partial,
    };
    let score = i64::from(SCORE_LIMIT) - 1 - part(SCORE_SHIFT, SCORE_BITS) as i64;
    let kind = KIND_OF_RANK[usize::from(services_first)]
        .get(part(KIND_SHIFT, KIND_BITS) as usize)
        .copied()
        .unwrap_or(0);
    Hit {
        entry: (kind << INDEX_BITS) | part(INDEX_SHIFT, INDEX_BITS) as u32,
        score: i32::try_from(score).unwrap_or_default(),
        field,
        quality,
    }
}

/// The bits of a key above the entry and its field: what ranks it.
const RANK_SHIFT: u32 = KIND_SHIFT;

/// Sorts keys made in catalogue order (each kind's entries by index, as a search makes
/// them): a stable radix sort by the bits above the entry, a byte at a time, skipping the
/// bytes that all keys share (the entry below is then in order already). Much cheaper than
/// comparing keys: most keys of a search share their quality group and field rank.
pub(super) fn sort(keys: &mut [u64]) {
    if keys.len() < 64 {
        keys.sort_unstable();
        return;
    }
    let mut buffer = vec![0u64; keys.len()];
    let mut from_keys = true;
    let mut shift = RANK_SHIFT;
    while shift < u64::BITS {
        let (source, target): (&[u64], &mut [u64]) = if from_keys {
            (keys, &mut buffer)
        } else {
            (&buffer, keys)
        };
        let at = shift;
        shift += 8;
        let digit = |key: u64| ((key >> at) & 0xFF) as usize;
        let mut counts = [0usize; 256];
        for &key in source {
            counts[digit(key)] += 1;
        }
        if counts.contains(&source.len()) {
            continue;
        }
        let mut next = 0;
        for count in &mut counts {
            let here = *count;
            *count = next;
            next += here;
        }
        for &key in source {
            let slot = &mut counts[digit(key)];
            target[*slot] = key;
            *slot += 1;
        }
        from_keys = !from_keys;
    }
    if !from_keys {
        keys.copy_from_slice(&buffer);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::catalogue::EntityRef;

    fn entity(kind: usize, index: usize) -> EntityRef {
        match kind {
            0 => EntityRef::Service(index),
            1 => EntityRef::Library(index),
            2 => EntityRef::TargetGroup(index),
            3 => EntityRef::Programme(index),
            _ => EntityRef::Theme(index),
        }
    }

    fn any_hit() -> impl Strategy<Value = Hit> {
        hit_among(
            prop_oneof![0usize..4, Just((1 << INDEX_BITS) - 1)].boxed(),
            (-i64::from(SCORE_LIMIT) * 2..i64::from(SCORE_LIMIT) * 2).boxed(),
        )
    }

    fn hit_among(index: BoxedStrategy<usize>, score: BoxedStrategy<i64>) -> impl Strategy<Value = Hit> {
        (0usize..5, index, score, 0..Field::ALL.len(), 0..Quality::ALL.len()).prop_filter_map(
            "a hit",
            |(kind, index, score, field, quality)| {
                Hit::new(
                    entity(kind, index),
                    Hit::clamp_score(score),
                    Field::ALL[field],
                    Quality::ALL[quality],
                )
            },
        )
    }

    /// The ranking rules, written out as a tuple.
    fn rules(hit: &Hit, services_first: bool) -> (u8, u8, bool, bool, i32, u64, u32) {
        let kind = KIND_RANK[usize::from(services_first)][(hit.entry >> INDEX_BITS) as usize];
        (
            hit.quality.group(),
            hit.field.tier(),
            hit.quality != Quality::Whole,
            hit.field == Field::OtherName,
            -hit.score,
            kind,
            hit.entry & ((1 << INDEX_BITS) - 1),
        )
    }

    #[test]
    fn a_whole_other_name_ranks_before_a_title_matched_at_a_word_start() {
        let hit = |field, quality| Hit {
            entry: 0,
            score: 0,
            field,
            quality,
        };
        let title = hit(Field::Title, Quality::Prefix);
        let other = hit(Field::OtherName, Quality::Whole);
        for services_first in [false, true] {
            assert!(key(&other, services_first) < key(&title, services_first));
            assert!(rules(&other, services_first) < rules(&title, services_first));
            assert_eq!(super::hit(key(&title, services_first), services_first), title);
        }
    }

    proptest! {
        #[test]
        fn a_key_gives_its_hit_back(hit in any_hit(), services_first in any::<bool>()) {
            prop_assert_eq!(super::hit(key(&hit, services_first), services_first), hit);
        }

        #[test]
        fn keys_order_hits_as_the_rules_do(a in any_hit(), b in any_hit(), services_first in any::<bool>()) {
            let by_rules = rules(&a, services_first).cmp(&rules(&b, services_first));
            let by_keys = key(&a, services_first).cmp(&key(&b, services_first));
            if a.entry == b.entry && by_rules.is_eq() {
                // The same entry ranked alike: only the field, which breaks no tie, differs.
                prop_assert_eq!(by_keys, (a.field as u8).cmp(&(b.field as u8)));
            } else {
                prop_assert_eq!(by_keys, by_rules);
            }
        }
    }

    proptest! {
        #[test]
        fn keys_made_in_catalogue_order_sort_as_numbers(
            mut hits in proptest::collection::vec(
                hit_among(
                    prop_oneof![0usize..300, Just((1 << INDEX_BITS) - 1)].boxed(),
                    prop_oneof![-3i64..3, -70_000i64..70_000, Just(i64::MAX)].boxed(),
                ),
                0..400,
            ),
            services_first in any::<bool>(),
        ) {
            // As a search makes them: each kind's entries by index, each entry once.
            hits.sort_by_key(|hit| hit.entry);
            hits.dedup_by_key(|hit| hit.entry);
            let mut keys: Vec<u64> = hits.iter().map(|hit| key(hit, services_first)).collect();
            let mut expected = keys.clone();
            expected.sort_unstable();
            sort(&mut keys);
            prop_assert_eq!(keys, expected);
        }
    }

    #[test]
    fn services_come_last_unless_the_query_matches_everything() {
        let service = Hit::new(EntityRef::Service(0), 10, Field::Title, Quality::Whole).expect("a hit");
        let theme = Hit::new(EntityRef::Theme(5), 10, Field::Title, Quality::Whole).expect("a hit");
        assert!(key(&theme, false) < key(&service, false));
        assert!(key(&service, true) < key(&theme, true));
    }
}
