//! "Did you mean": the known keys closest to one the user typed, and a long text cut short
//! for quoting it back in a message.

/// At most this many suggestions.
const MOST: usize = 3;

/// The keys closest to `typed`, best first: those it is a part of, or that are a part of
/// it, and those within a few edits (about a third of its length). Case does not matter.
#[must_use]
pub fn closest<'a>(typed: &str, keys: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return Vec::new();
    }
    let tlen = typed.chars().count();
    let most = (tlen / 3).max(1);
    let mut scored: Vec<(usize, &str)> = keys
        .into_iter()
        .filter_map(|key| {
            let lower = key.to_lowercase();
            let distance = if lower.contains(&typed) || (lower.chars().count() >= 4 && typed.contains(&lower)) {
                0
            } else {
                // A typo in one word of a longer id counts one more than in the whole id.
                let in_a_word = lower
                    .split(['-', ' '])
                    .filter(|w| w.chars().count() >= 4)
                    .map(|w| edits(&typed, w) + 1)
                    .min()
                    .unwrap_or(usize::MAX);
                edits(&typed, &lower).min(in_a_word)
            };
            (distance <= most).then_some((distance, key))
        })
        .collect();
    scored.sort_by_key(|&(d, key)| (d, key.len()));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(MOST).map(|(_, key)| key).collect()
}

/// The Levenshtein distance between two texts, by characters (`a` kept short: typed ids).
fn edits(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The most characters of a typed text quoted back in a message.
pub const QUOTE_MAX: usize = 60;

/// `text` as a message quotes it: whole when short, else its start and "…" (a pasted page
/// is not echoed back whole).
#[must_use]
pub fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE_MAX {
        text.to_owned()
    } else {
        let start: String = text.chars().take(QUOTE_MAX - 1).collect();
        format!("{}…", start.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 5] = [
        "theatre-studio-cela",
        "play-therapy",
        "library-twinning",
        "liverpool-odesa-library-twinning",
        "children",
    ];

    #[test]
    fn typos_and_parts_find_the_ids() {
        assert_eq!(closest("theatre-studio-cella", IDS), ["theatre-studio-cela"]);
        assert_eq!(closest("play-terapy", IDS), ["play-therapy"]);
        assert_eq!(
            closest("twinning", IDS),
            ["library-twinning", "liverpool-odesa-library-twinning"]
        );
        assert_eq!(closest("CHILDREN", IDS), ["children"]);
        assert_eq!(
            closest("twining", IDS),
            ["library-twinning", "liverpool-odesa-library-twinning"]
        );
        assert!(closest("zzzzzz", IDS).is_empty());
        assert!(closest("", IDS).is_empty());
    }

    #[test]
    fn edit_distance() {
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("театр", "театри"), 1);
    }

    #[test]
    fn long_texts_are_quoted_short() {
        assert_eq!(quote("theatre"), "theatre");
        let long = "театр ".repeat(1000);
        let q = quote(&long);
        assert!(q.chars().count() <= QUOTE_MAX, "{q}");
        assert!(q.ends_with('…'), "{q}");
    }
}
