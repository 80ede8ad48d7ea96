//! The recent-searches list as it narrows while the user types: the searches that hold
//! every word typed so far, most recent first.

/// The recent searches that contain each word of `typed` (case does not matter), in their
/// order; all of them when nothing is typed.
#[must_use]
pub fn matching<'a>(searches: &'a [String], typed: &str) -> Vec<&'a str> {
    let words: Vec<String> = typed.split_whitespace().map(str::to_lowercase).collect();
    searches
        .iter()
        .filter(|s| {
            let lower = s.to_lowercase();
            words.iter().all(|w| lower.contains(w.as_str()))
        })
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_narrows_by_every_word_typed() {
        let searches: Vec<String> = ["Театр для дітей", "play therapy", "театр ляльок", "chess"]
            .map(String::from)
            .into();
        assert_eq!(matching(&searches, "").len(), 4);
        assert_eq!(matching(&searches, "ТЕАТР"), ["Театр для дітей", "театр ляльок"]);
        assert_eq!(matching(&searches, "театр ляль"), ["театр ляльок"]);
        assert_eq!(matching(&searches, "thera"), ["play therapy"]);
        assert!(matching(&searches, "zzz").is_empty());
    }
}
