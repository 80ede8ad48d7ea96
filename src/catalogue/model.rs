//! The catalogue's serde types. Field names are the RON format; see README "Data format".
//!
//! Relations are by stable kebab-case id. Every human-readable text is a [`Text`]
//! with Ukrainian and English variants; readers fall back to the other language.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use super::id::{Id, Ids};

/// Interface and data language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Ukrainian.
    Uk,
    /// English.
    #[default]
    En,
}

impl Lang {
    /// The other language, used as the fallback.
    #[must_use]
    pub const fn other(self) -> Self {
        match self {
            Self::Uk => Self::En,
            Self::En => Self::Uk,
        }
    }

    /// The ISO 639-1 code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Uk => "uk",
            Self::En => "en",
        }
    }
}

/// A human-readable text in Ukrainian and English; either may be empty.
///
/// In RON it is written `Text(uk: "…", en: "…")`; either field may be left out. In memory
/// both variants are one string, two words wide: the Ukrainian text, [`Text::SEPARATOR`],
/// then the English text (nothing at all when both are empty). A service holds three texts,
/// so this is a good part of what a big catalogue takes.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Text {
    /// `uk`, the separator, `en`; or empty.
    both: Box<str>,
}

impl Text {
    /// Ends the Ukrainian variant in memory: U+001F UNIT SEPARATOR, a control character, so
    /// never part of a cleaned text (see [`crate::catalogue::clean`]).
    pub const SEPARATOR: char = '\u{1F}';

    /// A text with both variants. A separator in `uk` (a control character, which cleaning
    /// would remove) is kept as U+001E, another control character that cleaning treats alike.
    #[must_use]
    pub fn new(uk: &str, en: &str) -> Self {
        if uk.is_empty() && en.is_empty() {
            return Self::default();
        }
        let mut both = String::with_capacity(uk.len() + 1 + en.len());
        if uk.contains(Self::SEPARATOR) {
            both.push_str(&uk.replace(Self::SEPARATOR, "\u{1E}"));
        } else {
            both.push_str(uk);
        }
        both.push(Self::SEPARATOR);
        both.push_str(en);
        Self {
            both: both.into_boxed_str(),
        }
    }

    /// The Ukrainian and English variants.
    fn parts(&self) -> (&str, &str) {
        self.both.split_once(Self::SEPARATOR).unwrap_or_default()
    }

    /// The Ukrainian variant (may be empty).
    #[must_use]
    pub fn uk(&self) -> &str {
        self.parts().0
    }

    /// The English variant (may be empty).
    #[must_use]
    pub fn en(&self) -> &str {
        self.parts().1
    }

    /// Replaces the Ukrainian variant.
    pub fn set_uk(&mut self, uk: &str) {
        *self = Self::new(uk, self.en());
    }

    /// Replaces the English variant.
    pub fn set_en(&mut self, en: &str) {
        *self = Self::new(self.uk(), en);
    }

    /// The variant in `lang`, or the other one when that is empty.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        let own = self.exact(lang);
        if own.is_empty() { self.exact(lang.other()) } else { own }
    }

    /// The variant in `lang`, without fallback.
    #[must_use]
    pub fn exact(&self, lang: Lang) -> &str {
        match lang {
            Lang::Uk => self.uk(),
            Lang::En => self.en(),
        }
    }

    /// True when neither language has any text.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        let (uk, en) = self.parts();
        uk.trim().is_empty() && en.trim().is_empty()
    }

    /// Both variants, Ukrainian first, skipping empty ones.
    pub fn variants(&self) -> impl Iterator<Item = (Lang, &str)> {
        let (uk, en) = self.parts();
        [(Lang::Uk, uk), (Lang::En, en)]
            .into_iter()
            .filter(|(_, s)| !s.is_empty())
    }

    /// Rewrites each variant with `f`; the text is rebuilt only when `f` changes one.
    pub(crate) fn rewrite(&mut self, f: impl Fn(&str) -> Cow<'_, str>) {
        let new = {
            let (uk, en) = self.parts();
            let (uk, en) = (f(uk), f(en));
            if matches!((&uk, &en), (Cow::Borrowed(_), Cow::Borrowed(_))) {
                return;
            }
            Self::new(&uk, &en)
        };
        *self = new;
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (uk, en) = self.parts();
        f.debug_struct("Text").field("uk", &uk).field("en", &en).finish()
    }
}

/// How a [`Text`] is read: both fields optional, no others.
#[derive(Deserialize)]
#[serde(rename = "Text", deny_unknown_fields)]
struct TextFields<'a> {
    #[serde(default, borrow)]
    uk: Cow<'a, str>,
    #[serde(default, borrow)]
    en: Cow<'a, str>,
}

/// How a [`Text`] is written: empty variants are left out.
#[derive(Serialize)]
#[serde(rename = "Text")]
struct TextRef<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    uk: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    en: &'a str,
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (uk, en) = self.parts();
        TextRef { uk, en }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = TextFields::deserialize(deserializer)?;
        Ok(Self::new(&fields.uk, &fields.en))
    }
}

/// Other names of an entry, in each language: the "alternative labels" of library thesauri
/// (an everyday word, an acronym, an older spelling or romanisation, the sources' own
/// spelling). Searched like the entry's name.
///
/// In RON it is written `other_names: (uk: ["переселенці", "ВПО"], en: ["IDPs"])`; either
/// list may be left out. Most entries have none, so in memory it is one word wide.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct OtherNames(Option<Box<NameLists>>);

/// The lists behind [`OtherNames`], as RON writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "OtherNames", deny_unknown_fields)]
pub struct NameLists {
    /// Ukrainian names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uk: Vec<Box<str>>,
    /// English names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub en: Vec<Box<str>>,
}

impl OtherNames {
    /// Other names in each language; none at all gives the empty value.
    #[must_use]
    pub fn new(uk: &[&str], en: &[&str]) -> Self {
        Self::from(NameLists {
            uk: uk.iter().map(|&s| s.into()).collect(),
            en: en.iter().map(|&s| s.into()).collect(),
        })
    }

    /// True when there is no other name in either language.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The names in `lang` (may be empty).
    #[must_use]
    pub fn exact(&self, lang: Lang) -> &[Box<str>] {
        match (&self.0, lang) {
            (None, _) => &[],
            (Some(n), Lang::Uk) => &n.uk,
            (Some(n), Lang::En) => &n.en,
        }
    }

    /// Every name, Ukrainian ones first, each with its language.
    pub fn iter(&self) -> impl Iterator<Item = (Lang, &str)> {
        let (uk, en) = (self.exact(Lang::Uk), self.exact(Lang::En));
        uk.iter()
            .map(|n| (Lang::Uk, &**n))
            .chain(en.iter().map(|n| (Lang::En, &**n)))
    }

    /// The lists, for editing in place (cleaning); `None` when there are none.
    pub fn lists_mut(&mut self) -> Option<&mut NameLists> {
        self.0.as_deref_mut()
    }
}

impl From<NameLists> for OtherNames {
    fn from(lists: NameLists) -> Self {
        if lists.uk.is_empty() && lists.en.is_empty() {
            Self(None)
        } else {
            Self(Some(Box::new(lists)))
        }
    }
}

impl fmt::Debug for OtherNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtherNames")
            .field("uk", &self.exact(Lang::Uk))
            .field("en", &self.exact(Lang::En))
            .finish()
    }
}

impl Serialize for OtherNames {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(lists) => lists.serialize(serializer),
            None => NameLists::default().serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for OtherNames {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        NameLists::deserialize(deserializer).map(Self::from)
    }
}

/// A person named in a source, with their role.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: Text,
    /// Role or position, e.g. "director of the Trostyanets Public Library".
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub role: Text,
}

/// The whole catalogue, as one RON file holds it. A user file may hold any subset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Catalogue version, e.g. "2026.11".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// Date of this edition, ISO 8601 (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// Themes (HSDS taxonomy terms).
    #[serde(default)]
    pub themes: Vec<Theme>,
    /// Target groups (HSDS taxonomy terms, eligibility).
    #[serde(default)]
    pub target_groups: Vec<TargetGroup>,
    /// Programmes (HSDS program / funding).
    #[serde(default)]
    pub programmes: Vec<Programme>,
    /// Libraries and library organisations (HSDS organization + location).
    #[serde(default)]
    pub libraries: Vec<Library>,
    /// Services (HSDS service).
    #[serde(default)]
    pub services: Vec<Service>,
    /// The source documents the entries cite by file name (their `seeds`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceDocument>,
}

/// A source document in `seeds/`: its file name, and its title and publisher as the document
/// gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Source", deny_unknown_fields)]
pub struct SourceDocument {
    /// The file name the entries' `seeds` name, e.g. `"000_61261b90cd39a1b3.txt"`.
    pub file: Box<str>,
    /// The document's title.
    pub title: Text,
    /// Who published it, when the document says.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub publisher: Text,
}

/// A theme, e.g. creative industries or wartime resilience.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Stable kebab-case id.
    pub id: Box<str>,
    /// Display name.
    pub name: Text,
    /// Other names and spellings, searched like the name.
    #[serde(default, skip_serializing_if = "OtherNames::is_empty")]
    pub other_names: OtherNames,
    /// One or two sentences.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub summary: Text,
}

/// Who a service is for; may narrow a parent group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetGroup {
    /// Stable kebab-case id.
    pub id: Box<str>,
    /// Display name.
    pub name: Text,
    /// Other names and spellings, searched like the name.
    #[serde(default, skip_serializing_if = "OtherNames::is_empty")]
    pub other_names: OtherNames,
    /// The broader group's id, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Id>,
    /// One or two sentences.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub summary: Text,
}

/// What kind of initiative a programme is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ProgrammeKind {
    /// A funded project with a fixed term.
    #[default]
    Project,
    /// A competition that awards grants.
    Contest,
    /// A long-running partnership between organisations.
    Partnership,
    /// A twinning or other scheme that pairs libraries.
    Scheme,
    /// A method or handbook that libraries apply.
    Methodology,
    /// A meeting, conference or exchange event.
    Event,
    /// A national or international initiative or funding programme.
    Initiative,
}

impl ProgrammeKind {
    /// Display name.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Project, Lang::En) => "project",
            (Self::Project, Lang::Uk) => "проєкт",
            (Self::Contest, Lang::En) => "contest",
            (Self::Contest, Lang::Uk) => "конкурс",
            (Self::Partnership, Lang::En) => "partnership",
            (Self::Partnership, Lang::Uk) => "партнерство",
            (Self::Scheme, Lang::En) => "scheme",
            (Self::Scheme, Lang::Uk) => "програма партнерства",
            (Self::Methodology, Lang::En) => "methodology",
            (Self::Methodology, Lang::Uk) => "методологія",
            (Self::Event, Lang::En) => "event",
            (Self::Event, Lang::Uk) => "захід",
            (Self::Initiative, Lang::En) => "initiative",
            (Self::Initiative, Lang::Uk) => "ініціатива",
        }
    }
}

/// An initiative, funder, contest, partnership or scheme that services belong to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// Stable kebab-case id.
    pub id: Box<str>,
    /// Display name.
    pub name: Text,
    /// Other names and spellings, searched like the name.
    #[serde(default, skip_serializing_if = "OtherNames::is_empty")]
    pub other_names: OtherNames,
    /// What kind of initiative it is.
    #[serde(default)]
    pub kind: ProgrammeKind,
    /// A broader programme this one is part of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Id>,
    /// One or two sentences.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub summary: Text,
    /// Longer description.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    /// Who runs it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisers: Vec<Text>,
    /// Who pays for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funders: Vec<Text>,
    /// Organisers, funders and supporters that are entries of the catalogue (libraries or
    /// organisations), by id; their detail views list this programme.
    #[serde(default, skip_serializing_if = "Ids::is_empty")]
    pub organisations: Ids,
    /// Events (programmes of kind `Event`) where it was presented, by id.
    #[serde(default, skip_serializing_if = "Ids::is_empty")]
    pub presented_at: Ids,
    /// Ids this programme had before (an entry merged into it); they still find it.
    #[serde(default, skip_serializing_if = "Ids::is_empty")]
    pub retired_ids: Ids,
    /// First and last year, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<(u16, u16)>,
    /// What it gives to participants (grants, training, a handbook...).
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub gives: Text,
    /// Themes by id.
    #[serde(default, skip_serializing_if = "Ids::is_empty")]
    pub themes: Ids,
    /// People and their roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Person>,
    /// Web address, only when a source gives it.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub url: Box<str>,
    /// Seed files this entry comes from, e.g. `"000_61261b90cd39a1b3.txt"`.
    #[serde(default, skip_serializing_if = "Ids::is_empty")]
    pub seeds: Ids,
}

/// What kind of library or organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum LibraryKind {
    /// A national library.
    National,
    /// A regional (oblast) library.
    Regional,
    /// A city library or city library system.
    City,
    /// A district (raion) library.
    District,
    /// A village library.
    Village,
    /// A library for children.
    Children,
    /// A library for young people.
    Youth,
    /// A branch of a library system.
    Branch,
    /// A public library not described more closely.
    #[default]
    Public,
    /// A library service of a county or borough (UK).
    LibraryService,
    /// A library association, foundation or charity.
    Organisation,
}

impl LibraryKind {
    /// Display name.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::National, Lang::En) => "national library",
            (Self::National, Lang::Uk) => "національна бібліотека",
            (Self::Regional, Lang::En) => "regional library",
            (Self::Regional, Lang::Uk) => "обласна бібліотека",
            (Self::City, Lang::En) => "city library",
            (Self::City, Lang::Uk) => "міська бібліотека",
            (Self::District, Lang::En) => "district library",
            (Self::District, Lang::Uk) => "районна бібліотека",
            (Self::Village, Lang::En) => "village library",
            (Self::Village, Lang::Uk) => "сільська бібліотека",
            (Self::Children, Lang::En) => "children's library",
            (Self::Children, Lang::Uk) => "дитяча бібліотека",
            (Self::Youth, Lang::En) => "youth library",
            (Self::Youth, Lang::Uk) => "бібліотека для юнацтва",
            (Self::Branch, Lang::En) => "branch library",
            (Self::Branch, Lang::Uk) => "бібліотека-філія",
            (Self::Public, Lang::En) => "public library",
            (Self::Public, Lang::Uk) => "публічна бібліотека",
            (Self::LibraryService, Lang::En) => "library service",
            (Self::LibraryService, Lang::Uk) => "бібліотечна служба",
            (Self::Organisation, Lang::En) => "library organisation",
            (Self::Organisation, Lang::Uk) => "бібліотечна організація",
        }
    }
}

/// A library or library organisation, with its location.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    /// Stable kebab-case id.
    pub id: Box<str>,
    /// Display name.
    pub name: Text,
    /// Other names and spellings, searched like the name.
    #[serde(default, skip_serializing_if = "OtherNames::is_empty")]
    pub other_names: OtherNames,
    /// What kind of library.
    #[serde(default)]
    pub kind: LibraryKind,
    /// The library system a branch belongs to, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Id>,
    /// City, town or village.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub place: Text,
    /// Oblast, region or county.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub region: Text,
    /// ISO 3166-1 alpha-2 country code: "UA", "BY", "GB"...
    pub country: Box<str>,
    /// Latitude and longitude in degrees (of the place, from public geography).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<(f64, f64)>,
    /// One or two sentences.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub summary: Text,
    /// People and their roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Person>,
    /// Web address, only when a source gives it.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub url: Box<str>,
    /// Seed files this entry comes from, e.g. `"000_61261b90cd39a1b3.txt"`.
    #[serde(default, skip_serializing_if = "Ids::is_empty")]
    pub seeds: Ids,
}

/// A service a library offers (HSDS service).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Stable kebab-case id.
    pub id: Box<str>,
    /// Display title.
    pub title: Text,
    /// Other names and spellings, searched like the name.
    #[serde(default, skip_serializing_if = "OtherNames::is_empty")]
    pub other_names: OtherNames,
    /// One or two sentences, shown in lists.
    pub summary: Text,
    /// Longer description.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    /// Libraries that run it, by id.
    #[serde(default, skip_serializing_if = "Ids::is_empty")]
    pub libraries: Ids,
    /// Target groups, by id.
    #[serde(default, skip_serializing_if = "Ids::is_empty")]
    pub target_groups: Ids,
    /// Programmes it belongs to, by id.
    #[serde(default, skip_serializing_if = "Ids::is_empty")]
    pub programmes: Ids,
    /// Themes, by id.
    #[serde(default, skip_serializing_if = "Ids::is_empty")]
    pub themes: Ids,
    /// Year it started, only when a source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// People and their roles.
    #[serde(default, skip_serializing_if = "<[Person]>::is_empty")]
    pub people: Box<[Person]>,
    /// Web address, only when a source gives it.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub url: Box<str>,
    /// Seed files this entry comes from, e.g. `"000_61261b90cd39a1b3.txt"`.
    pub seeds: Ids,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_keeps_each_variant_in_two_words() {
        assert_eq!(size_of::<Text>(), 2 * size_of::<usize>());
        for (uk, en) in [
            ("Театр", "Theatre"),
            ("", "Theatre"),
            ("Театр", ""),
            ("", ""),
            (" ", "\n"),
        ] {
            let t = Text::new(uk, en);
            assert_eq!((t.uk(), t.en()), (uk, en));
            assert_eq!(t.exact(Lang::Uk), uk);
            assert_eq!(t.get(Lang::En), if en.is_empty() { uk } else { en });
            assert_eq!(t.is_empty(), uk.trim().is_empty() && en.trim().is_empty());
            let variants: Vec<(Lang, &str)> = t.variants().collect();
            let expected: Vec<(Lang, &str)> = [(Lang::Uk, uk), (Lang::En, en)]
                .into_iter()
                .filter(|(_, s)| !s.is_empty())
                .collect();
            assert_eq!(variants, expected);
        }
        assert_eq!(Text::new("", ""), Text::default());
        let mut t = Text::new("Театр", "Theatre");
        t.set_en("Drama");
        t.set_uk("Драма");
        assert_eq!(t, Text::new("Драма", "Drama"));
        assert_eq!(format!("{t:?}"), r#"Text { uk: "Драма", en: "Drama" }"#);
    }

    #[test]
    fn a_separator_inside_a_text_does_not_move_the_split() {
        let t = Text::new("a\u{1F}b", "c\u{1F}d");
        assert_eq!((t.uk(), t.en()), ("a\u{1E}b", "c\u{1F}d"));
        // Cleaning removes both control characters alike.
        assert_eq!(crate::catalogue::clean(t.uk()), "ab");
    }

    #[test]
    fn texts_read_and_write_as_before() {
        let t: Text = ron::from_str(r#"Text(uk: "Театр", en: "Theatre")"#).unwrap();
        assert_eq!(t, Text::new("Театр", "Theatre"));
        let only_en: Text = ron::from_str(r#"(en: "Theatre")"#).unwrap();
        assert_eq!((only_en.uk(), only_en.en()), ("", "Theatre"));
        let err = ron::from_str::<Text>(r#"Text(uk: "a", fr: "b")"#).unwrap_err();
        assert!(err.to_string().contains("fr"), "{err}");
        assert_eq!(serde_json::to_string(&only_en).unwrap(), r#"{"en":"Theatre"}"#);
        assert_eq!(
            ron::to_string(&Text::new("Театр", "Theatre")).unwrap(),
            r#"(uk:"Театр",en:"Theatre")"#
        );
        let back: Text = serde_json::from_str(r#"{"uk":"Т\"е","en":"x"}"#).unwrap();
        assert_eq!(back.uk(), "Т\"е");
    }

    #[test]
    fn other_names_read_and_write_as_lists_and_are_empty_when_none() {
        let n: OtherNames = ron::from_str(r#"(uk: ["переселенці", "ВПО"], en: ["IDPs"])"#).unwrap();
        assert_eq!(n, OtherNames::new(&["переселенці", "ВПО"], &["IDPs"]));
        let all: Vec<(Lang, &str)> = n.iter().collect();
        assert_eq!(all, [(Lang::Uk, "переселенці"), (Lang::Uk, "ВПО"), (Lang::En, "IDPs")]);
        assert_eq!(ron::to_string(&n).unwrap(), r#"(uk:["переселенці","ВПО"],en:["IDPs"])"#);
        let none: OtherNames = ron::from_str("(uk: [], en: [])").unwrap();
        assert!(none.is_empty());
        assert!(none.iter().next().is_none());
        assert_eq!(size_of::<OtherNames>(), size_of::<usize>());
        let err = ron::from_str::<OtherNames>(r#"(fr: ["x"])"#).unwrap_err();
        assert!(err.to_string().contains("fr"), "{err}");
        let s: Service = ron::from_str(
            r#"Service(id: "x", title: (en: "X"), other_names: (en: ["Y"]), summary: (en: "s"), seeds: ["a"])"#,
        )
        .unwrap();
        assert_eq!(s.other_names.exact(Lang::En), [Box::from("Y")]);
    }
}
