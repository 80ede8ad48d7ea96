//! Rows that are cut to fit never look the same when their texts differ: a title that would
//! show the same "…" text as another row's is cut in the middle instead, keeping the end
//! where the two differ.

/// `text` as a row of `room` characters shows it: whole, or its start and "…".
fn cut_end(text: &str, room: usize) -> String {
    if text.chars().count() <= room {
        text.to_owned()
    } else if room == 0 {
        String::new()
    } else {
        let mut s: String = text.chars().take(room - 1).collect();
        s.push('…');
        s
    }
}

/// For each `(text, room)`, `Some(replacement)` when its usual cut would show the same as
/// another row's although the texts differ: the start, "…" and the end from where they
/// first differ. `None` where the usual cut is fine.
#[must_use]
pub fn distinct_cuts(rows: &[(&str, usize)]) -> Vec<Option<String>> {
    let cuts: Vec<String> = rows.iter().map(|&(t, room)| cut_end(t, room)).collect();
    rows.iter()
        .enumerate()
        .map(|(i, &(text, room))| {
            let len = text.chars().count();
            if len <= room || room < 3 {
                return None;
            }
            // Where this text first differs from any other row that shows the same.
            let differs_at = rows
                .iter()
                .enumerate()
                .filter(|&(j, &(other, _))| j != i && other != text && cuts[j] == cuts[i])
                .map(|(_, &(other, _))| text.chars().zip(other.chars()).take_while(|(a, b)| a == b).count())
                .min()?;
            let tail = (len - differs_at).clamp(1, room - 2);
            let head = room - 1 - tail;
            let mut s: String = text.chars().take(head).collect();
            s.push('…');
            s.extend(text.chars().skip(len - tail));
            Some(s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_that_would_be_cut_alike_keep_their_different_ends() {
        let a = "Online meetings for convicts: reading with children (Kyiv)";
        let b = "Online meetings for convicts: reading with children (Lviv)";
        let c = "Theatre studio";
        let out = distinct_cuts(&[(a, 30), (b, 30), (c, 30)]);
        let (sa, sb) = (out[0].clone().unwrap(), out[1].clone().unwrap());
        assert_eq!(sa.chars().count(), 30);
        assert!(sa.ends_with("…Kyiv)") && sb.ends_with("…Lviv)"), "{sa} / {sb}");
        assert!(sa.starts_with("Online meetings") && sa.contains('…'), "{sa}");
        assert_ne!(sa, sb);
        assert_eq!(out[2], None);
    }

    #[test]
    fn the_same_title_twice_and_titles_cut_differently_stay_as_they_are() {
        let a = "A long title about the same service in two libraries";
        assert_eq!(distinct_cuts(&[(a, 20), (a, 20)]), [None, None]);
        let b = "Another long title that is cut elsewhere entirely";
        assert_eq!(distinct_cuts(&[(a, 20), (b, 20)]), [None, None]);
    }

    #[test]
    fn a_difference_far_from_the_end_keeps_as_much_as_fits() {
        let a = "Same start, then X and a very long common ending that goes on";
        let b = "Same start, then Y and a very long common ending that goes on";
        let out = distinct_cuts(&[(a, 12), (b, 12)]);
        let sa = out[0].clone().unwrap();
        assert_eq!(sa.chars().count(), 12, "{sa}");
    }
}
