//! A quick look, 64 bytes at a time, at whether a pattern's bytes stand in a text close
//! enough together to match: the matcher ([`super::matching`]) asks before its slower scan
//! of every occurrence of the first byte, which a short pattern's common first letter (the
//! `t` of `th`, the `т` of `те`) makes long.
//!
//! For each block of 64 bytes, the positions of each pattern byte are one bit mask (sixteen
//! bytes compared at once, with `wide`'s portable vectors); a *chain* is a run of positions,
//! one per pattern byte in order, each at most `gap` after the one before. Its last
//! positions are found from the masks alone: those of the first byte, then of each next byte
//! at most `gap` after one of the previous, across blocks.

use wide::u8x16;

/// The longest pattern looked at: a longer one is left to the matcher.
const MAX_PATTERN: usize = 16;

/// The shortest text looked at: a shorter one is quickly scanned by the matcher.
const MIN_TEXT: usize = 16;

/// The widest gap looked at: the previous block's last 64 bits are all that is kept.
const MAX_GAP: usize = 63;

/// The answer for a pattern or gap beyond what is looked at: the matcher must look itself.
const UNKNOWN: Option<bool> = None;

/// Up to 64 bytes of a text as four vectors of sixteen, each read whole from the text: a
/// last one that would run past the end is read as the text's last sixteen bytes, and its
/// mask shifted back by `shifts`.
struct Block {
    lanes: [u8x16; 4],
    shifts: [u32; 4],
    count: usize,
}

impl Block {
    /// The block of `text` (at least sixteen bytes) from `start`.
    fn at(text: &[u8], start: usize) -> Self {
        let mut block = Self {
            lanes: [u8x16::ZERO; 4],
            shifts: [0; 4],
            count: 0,
        };
        for i in 0..4 {
            let from = start + 16 * i;
            if from >= text.len() {
                break;
            }
            let read = from.min(text.len() - 16);
            let mut lane = [0u8; 16];
            lane.copy_from_slice(&text[read..read + 16]);
            block.lanes[i] = u8x16::new(lane);
            block.shifts[i] = (from - read) as u32;
            block.count = i + 1;
        }
        block
    }

    /// Bit `i` set where byte `i` of the block is `byte`.
    fn positions(&self, byte: u8) -> u64 {
        let wanted = u8x16::splat(byte);
        let mut mask = 0;
        for i in 0..self.count {
            let lane = self.lanes[i].simd_eq(wanted).to_bitmask() >> self.shifts[i];
            mask |= u64::from(lane) << (16 * i);
        }
        mask
    }
}

/// The positions of this block that are 1 to `gap` after a position of `current` (this block)
/// or of `previous` (the block before).
fn after(current: u64, previous: u64, gap: usize) -> u64 {
    let both = (u128::from(current) << 64) | u128::from(previous);
    // The positions 1 after, then smeared over the next `gap - 1` by doubling.
    let mut spread = both << 1;
    let mut covered = 1;
    while covered < gap {
        let step = covered.min(gap - covered);
        spread |= spread << step;
        covered += step;
    }
    (spread >> 64) as u64
}

/// Calls `end` with the index of the last byte of every chain of `pattern` in `text` whose
/// gaps are at most `gap`, in order, until it returns true; then gives `Some(true)`.
/// `Some(false)` when no call returned true (there is no chain, or `end` turned each one
/// down); [`UNKNOWN`] for a text shorter than [`MIN_TEXT`], an empty pattern, a longer one
/// than [`MAX_PATTERN`] or a gap outside `1..=`[`MAX_GAP`].
pub(crate) fn chain_ends(text: &[u8], pattern: &[u8], gap: usize, mut end: impl FnMut(usize) -> bool) -> Option<bool> {
    if text.len() < MIN_TEXT || pattern.is_empty() || pattern.len() > MAX_PATTERN || !(1..=MAX_GAP).contains(&gap) {
        return UNKNOWN;
    }
    // Each pattern byte's chain ends in the block before.
    let mut before = [0u64; MAX_PATTERN];
    let mut any_before = false;
    for b in 0..text.len().div_ceil(64) {
        let block = Block::at(text, b * 64);
        let mut ends = block.positions(pattern[0]);
        let mut any = ends != 0;
        let mut previous = std::mem::replace(&mut before[0], ends);
        for (j, &byte) in pattern.iter().enumerate().skip(1) {
            if ends != 0 || previous != 0 {
                ends = after(ends, previous, gap) & block.positions(byte);
            }
            any |= ends != 0;
            previous = std::mem::replace(&mut before[j], ends);
            if ends == 0 && !any_before {
                // Nothing reaches this byte, nor any later one: they reached nothing in the
                // block before either.
                before[j + 1..pattern.len()].fill(0);
                break;
            }
        }
        any_before = any;
        let mut last = before[pattern.len() - 1];
        while last != 0 {
            if end(b * 64 + last.trailing_zeros() as usize) {
                return Some(true);
            }
            last &= last - 1;
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The chain ends found one position at a time.
    fn slow_ends(text: &[u8], pattern: &[u8], gap: usize) -> Vec<usize> {
        let mut reach: Vec<bool> = text.iter().map(|&b| b == pattern[0]).collect();
        for &byte in &pattern[1..] {
            reach = (0..text.len())
                .map(|i| text[i] == byte && (i.saturating_sub(gap)..i).any(|p| reach[p]))
                .collect();
        }
        (0..text.len()).filter(|&i| reach[i]).collect()
    }

    fn ends(text: &[u8], pattern: &[u8], gap: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let answer = chain_ends(text, pattern, gap, |i| {
            out.push(i);
            false
        });
        assert_eq!(answer, Some(false));
        out
    }

    #[test]
    fn chains_are_found_within_the_gap_across_blocks() {
        let mut text = vec![b'.'; 200];
        text[62] = b't';
        text[65] = b'h';
        text[130] = b't';
        text[140] = b'h';
        assert_eq!(ends(&text, b"th", 3), vec![65]);
        assert_eq!(ends(&text, b"th", 10), vec![65, 140]);
        assert_eq!(ends(&text, b"th", 2), Vec::<usize>::new());
        assert_eq!(ends(b"the theatre, the studio", b"the", 1), vec![2, 6, 15]);
    }

    #[test]
    fn the_first_end_accepted_stops_the_search() {
        let mut seen = Vec::new();
        let answer = chain_ends(b"a a a a a a a a a", b"a", 1, |i| {
            seen.push(i);
            i == 2
        });
        assert_eq!((answer, seen), (Some(true), vec![0, 2]));
    }

    #[test]
    fn what_is_not_looked_at_is_unknown() {
        let text = b"abc abc abc abc abc";
        assert_eq!(chain_ends(b"abc abc", b"ab", 1, |_| true), UNKNOWN);
        assert_eq!(chain_ends(text, b"", 1, |_| true), UNKNOWN);
        assert_eq!(chain_ends(text, b"ab", 0, |_| true), UNKNOWN);
        assert_eq!(chain_ends(text, b"ab", 64, |_| true), UNKNOWN);
        assert_eq!(chain_ends(text, &[b'a'; 17], 1, |_| true), UNKNOWN);
        assert_eq!(chain_ends(text, b"ab", 63, |_| true), Some(true));
    }

    proptest! {
        #[test]
        fn chain_ends_are_those_found_one_position_at_a_time(
            text in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(b'c'), Just(0u8)], 0..300),
            pattern in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(0u8)], 1..6),
            gap in 1usize..70,
        ) {
            let looked = gap <= MAX_GAP && text.len() >= MIN_TEXT;
            let expected = looked.then(|| slow_ends(&text, &pattern, gap));
            let found = looked.then(|| ends(&text, &pattern, gap));
            prop_assert_eq!(found, expected);
        }
    }
}
