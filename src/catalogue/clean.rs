//! Text cleaning on load: nothing from a data file may drive the terminal.
//!
//! Terminal escape sequences (CSI, OSC, DCS and the short ESC forms), C0 and C1 control
//! characters and bidirectional overrides are removed; tabs become spaces; line breaks are
//! kept (descriptions may have paragraphs); the result is normalised to NFC.

use std::borrow::Cow;

use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

use super::id::ByAddress;
use super::model::{Catalogue, Id, Ids, OtherNames, Person, Text};

/// Bidirectional embedding, override and isolate controls: they reorder what the terminal shows.
const fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// True when `c` must not reach the screen (line feed is allowed).
const fn is_unwanted(c: char) -> bool {
    (c.is_ascii_control() && c != '\n') || matches!(c, '\u{80}'..='\u{9F}') || is_bidi_control(c)
}

/// Removes escape sequences and control characters, and normalises to NFC.
/// Borrows when the text is already clean.
#[must_use]
pub fn clean(s: &str) -> Cow<'_, str> {
    let needs_strip = s.chars().any(is_unwanted);
    let needs_nfc = !matches!(is_nfc_quick(s.chars()), unicode_normalization::IsNormalized::Yes);
    if !needs_strip && !needs_nfc {
        return Cow::Borrowed(s);
    }
    let stripped = if needs_strip { strip(s) } else { s.to_owned() };
    if needs_nfc {
        Cow::Owned(stripped.nfc().collect())
    } else {
        Cow::Owned(stripped)
    }
}

/// Cleans a single-line text: line breaks become spaces too.
#[must_use]
pub fn clean_line(s: &str) -> Cow<'_, str> {
    match clean(s) {
        Cow::Borrowed(b) if !b.contains('\n') => Cow::Borrowed(b),
        other => Cow::Owned(other.replace('\n', " ")),
    }
}

fn strip(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1B}' => skip_escape(&mut chars),
            // C1 CSI, OSC, DCS, SOS, PM, APC introduce sequences just as ESC [ and ESC ] do.
            '\u{9B}' => skip_csi(&mut chars),
            '\u{9D}' | '\u{90}' | '\u{98}' | '\u{9E}' | '\u{9F}' => skip_string(&mut chars),
            '\t' => out.push(' '),
            '\r' => {}
            c if is_unwanted(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Two-character sequences (ESC c, ESC 7, ESC ( B...): drop the intermediates and final.
        Some(c) if ('\u{20}'..='\u{2F}').contains(&c) => {
            while chars.next_if(|c| ('\u{20}'..='\u{2F}').contains(c)).is_some() {}
            chars.next();
        }
        _ => {}
    }
}

/// CSI: parameter and intermediate bytes, then one final byte in @..~.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7E}').contains(&c) {
            break;
        }
        if !('\u{20}'..='\u{3F}').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS and friends: up to BEL or ST (ESC \ or U+9C).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9C}' => break,
            '\u{1B}' => {
                chars.next_if_eq(&'\\');
                break;
            }
            _ => {}
        }
    }
}

fn clean_string(s: &mut String) {
    if let Cow::Owned(c) = clean_line(s) {
        *s = c;
    }
}

fn clean_boxed(s: &mut Box<str>) {
    if let Cow::Owned(c) = clean_line(s) {
        *s = c.into_boxed_str();
    }
}

fn clean_id(id: &mut Id) {
    if let Cow::Owned(c) = clean_line(id) {
        *id = Id::new(&c);
    }
}

fn clean_text(t: &mut Text, single_line: bool) {
    if single_line {
        t.rewrite(clean_line);
    } else {
        t.rewrite(clean);
    }
}

fn clean_names(names: &mut OtherNames) {
    if let Some(lists) = names.lists_mut() {
        lists.uk.iter_mut().chain(&mut lists.en).for_each(clean_boxed);
    }
}

fn clean_people(people: &mut [Person]) {
    for p in people {
        clean_text(&mut p.name, true);
        clean_text(&mut p.role, true);
    }
}

/// Cleans the ids of a list. Lists are shared, so each is checked once: `done` maps a
/// list already seen (kept alive there, so that its address stays its own) to its clean
/// version.
fn clean_ids(ids: &mut Ids, done: &mut ByAddress<*const (), (Ids, Ids)>) {
    let (_, clean) = done.entry(ids.as_ptr()).or_insert_with(|| {
        let clean = if ids.iter().any(|id| matches!(clean_line(id), Cow::Owned(_))) {
            ids.iter().map(|id| Id::new(&clean_line(id))).collect()
        } else {
            ids.clone()
        };
        (ids.clone(), clean)
    });
    *ids = clean.clone();
}

/// Cleans every string of the catalogue in place.
pub fn clean_catalogue(cat: &mut Catalogue) {
    let mut done = ByAddress::default();
    clean_string(&mut cat.version);
    clean_string(&mut cat.date);
    for t in &mut cat.themes {
        clean_boxed(&mut t.id);
        clean_text(&mut t.name, true);
        clean_names(&mut t.other_names);
        clean_text(&mut t.summary, false);
    }
    for g in &mut cat.target_groups {
        clean_boxed(&mut g.id);
        if let Some(p) = &mut g.parent {
            clean_id(p);
        }
        clean_text(&mut g.name, true);
        clean_names(&mut g.other_names);
        clean_text(&mut g.summary, false);
    }
    for p in &mut cat.programmes {
        clean_boxed(&mut p.id);
        if let Some(parent) = &mut p.parent {
            clean_id(parent);
        }
        clean_text(&mut p.name, true);
        clean_names(&mut p.other_names);
        clean_text(&mut p.summary, false);
        clean_text(&mut p.description, false);
        clean_text(&mut p.gives, false);
        for t in p.organisers.iter_mut().chain(&mut p.funders) {
            clean_text(t, true);
        }
        clean_ids(&mut p.organisations, &mut done);
        clean_ids(&mut p.presented_at, &mut done);
        clean_ids(&mut p.retired_ids, &mut done);
        clean_ids(&mut p.themes, &mut done);
        clean_ids(&mut p.seeds, &mut done);
        clean_people(&mut p.people);
        clean_boxed(&mut p.url);
    }
    for l in &mut cat.libraries {
        clean_boxed(&mut l.id);
        if let Some(parent) = &mut l.parent {
            clean_id(parent);
        }
        clean_text(&mut l.name, true);
        clean_names(&mut l.other_names);
        clean_text(&mut l.place, true);
        clean_text(&mut l.region, true);
        clean_boxed(&mut l.country);
        clean_text(&mut l.summary, false);
        clean_people(&mut l.people);
        clean_boxed(&mut l.url);
        clean_ids(&mut l.seeds, &mut done);
    }
    for s in &mut cat.services {
        clean_boxed(&mut s.id);
        clean_text(&mut s.title, true);
        clean_names(&mut s.other_names);
        clean_text(&mut s.summary, false);
        clean_text(&mut s.description, false);
        clean_ids(&mut s.libraries, &mut done);
        clean_ids(&mut s.target_groups, &mut done);
        clean_ids(&mut s.programmes, &mut done);
        clean_ids(&mut s.themes, &mut done);
        clean_ids(&mut s.seeds, &mut done);
        clean_people(&mut s.people);
        clean_boxed(&mut s.url);
    }
    for d in &mut cat.sources {
        clean_boxed(&mut d.file);
        clean_text(&mut d.title, true);
        clean_text(&mut d.publisher, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(clean("Біла Церква"), Cow::Borrowed(_)));
    }

    #[test]
    fn csi_and_osc_sequences_are_removed() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;title\u{07}y"), "xy");
        assert_eq!(clean("x\u{1b}]8;;http://e\u{1b}\\link\u{1b}]8;;\u{1b}\\y"), "xlinky");
        assert_eq!(clean("a\u{9b}2Jb"), "ab");
        assert_eq!(clean("a\u{1b}(Bb"), "ab");
    }

    #[test]
    fn controls_and_bidi_overrides_are_removed() {
        assert_eq!(clean("a\u{0}b\u{7}c\u{8}d\u{7f}e"), "abcde");
        assert_eq!(clean("evil\u{202E}txt.exe"), "eviltxt.exe");
        assert_eq!(clean("tab\there\r\nnext"), "tab here\nnext");
        assert_eq!(clean_line("one\ntwo"), "one two");
    }

    #[test]
    fn decomposed_text_becomes_nfc() {
        // "й" as и + combining breve, "ї" as і + combining diaeresis.
        let nfd = "Киі\u{308}в и\u{306}";
        assert_eq!(clean(nfd), "Київ й");
    }
}
