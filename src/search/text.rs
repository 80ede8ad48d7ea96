//! The displayed texts of composite fields, which match positions of [`Field::Place`] and
//! [`Field::People`] index into.
//!
//! [`Field::Place`]: super::Field::Place
//! [`Field::People`]: super::Field::People

use super::{Field, FieldMatch};
use crate::catalogue::{Catalogue, EntityRef, Lang, Library, OtherNames, Person, Text, country_name};

/// Separator between the parts of a composite text.
const SEPARATOR: &str = ", ";

/// Where a library is: `place, region, country`, skipping empty parts, each part in `lang` or
/// else in the other language. [`Field::Place`](super::Field::Place) positions index into it.
pub fn place_text(library: &Library, lang: Lang) -> String {
    compose(&place_parts(library).each_ref(), lang).0
}

/// A person as shown: `name, role` (or just the name), each in `lang` or else in the other
/// language. [`Field::People`](super::Field::People) positions index into it.
pub fn person_text(person: &Person, lang: Lang) -> String {
    compose(&[&person.name, &person.role], lang).0
}

/// Which of an entry's several people or other names a match `m` of `entry` was in, as the
/// reader sees it: the person with their role ([`person_text`]) or the other name, in the
/// language that matched, so that `m.positions` index into it. `None` for other fields.
pub fn matched_part(c: &Catalogue, entry: EntityRef, m: &FieldMatch) -> Option<String> {
    let none: &[Person] = &[];
    let (people, other_names): (&[Person], &OtherNames) = match entry {
        EntityRef::Service(i) => c.services.get(i).map(|s| (&s.people[..], &s.other_names))?,
        EntityRef::Library(i) => c.libraries.get(i).map(|l| (&l.people[..], &l.other_names))?,
        EntityRef::TargetGroup(i) => c.target_groups.get(i).map(|g| (none, &g.other_names))?,
        EntityRef::Programme(i) => c.programmes.get(i).map(|p| (&p.people[..], &p.other_names))?,
        EntityRef::Theme(i) => c.themes.get(i).map(|t| (none, &t.other_names))?,
    };
    match m.field {
        Field::People => people.get(m.entity).map(|p| person_text(p, m.lang)),
        Field::OtherName => other_names.iter().nth(m.entity).map(|(_, n)| n.to_owned()),
        _ => None,
    }
}

/// The parts of a library's place text.
pub(crate) fn place_parts(library: &Library) -> [Text; 3] {
    [
        library.place.clone(),
        library.region.clone(),
        Text::new(
            country_name(&library.country, Lang::Uk),
            country_name(&library.country, Lang::En),
        ),
    ]
}

/// Joins the non-empty parts (each in `lang`, else in the other language) with `, `.
/// Also returns the parts that exist in `lang` itself, with the char offset of each in the
/// joined text: only these are searched in `lang`, so a fallback is never searched twice.
pub(crate) fn compose<'a>(parts: &[&'a Text], lang: Lang) -> (String, Vec<(usize, &'a str)>) {
    let mut joined = String::new();
    let mut chars = 0;
    let mut own = Vec::new();
    for part in parts {
        let shown = part.get(lang);
        if shown.is_empty() {
            continue;
        }
        if !joined.is_empty() {
            joined.push_str(SEPARATOR);
            chars += SEPARATOR.chars().count();
        }
        if !part.exact(lang).is_empty() {
            own.push((chars, shown));
        }
        joined.push_str(shown);
        chars += shown.chars().count();
    }
    (joined, own)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> Library {
        Library {
            id: "bila".into(),
            name: Text::new("Бібліотека", "Library"),
            place: Text::new("Біла Церква", "Bila Tserkva"),
            region: Text::new("", "Kyiv Oblast"),
            country: "UA".into(),
            ..Library::default()
        }
    }

    #[test]
    fn countries() {
        assert_eq!(country_name("UA", Lang::Uk), "Україна");
        assert_eq!(country_name("GB", Lang::En), "United Kingdom");
        assert_eq!(country_name("XX", Lang::Uk), "XX");
    }

    #[test]
    fn place_text_with_fallback() {
        assert_eq!(place_text(&library(), Lang::En), "Bila Tserkva, Kyiv Oblast, Ukraine");
        assert_eq!(place_text(&library(), Lang::Uk), "Біла Церква, Kyiv Oblast, Україна");
    }

    #[test]
    fn compose_lists_only_own_parts_with_offsets() {
        let parts = place_parts(&library());
        let (_, own) = compose(&parts.each_ref(), Lang::Uk);
        assert_eq!(own, [(0, "Біла Церква"), (26, "Україна")]);
    }

    #[test]
    fn person_text_skips_empty_role() {
        let person = Person {
            name: Text::new("Ірина", "Iryna"),
            role: Text::default(),
        };
        assert_eq!(person_text(&person, Lang::En), "Iryna");
        let person = Person {
            role: Text::new("директорка", "director"),
            ..person
        };
        assert_eq!(person_text(&person, Lang::Uk), "Ірина, директорка");
    }
}
