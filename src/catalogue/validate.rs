//! Checks that need the whole catalogue: ids, references, required texts, ranges.
//! Every problem is collected; nothing stops at the first.

use std::collections::{HashMap, HashSet};

use super::Problem;
use super::model::{Catalogue, Lang, OtherNames, Person, ProgrammeKind, Text};
use super::source::{Pos, Source, SourceMap, display_name, field_strings, string_after};
use crate::i18n::Both;

/// Which list an id belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Theme,
    TargetGroup,
    Programme,
    Library,
    Service,
    /// An entry of the sources section (not an id: its file name).
    Source,
}

impl Kind {
    const fn name(self) -> &'static str {
        match self {
            Self::Theme => "theme",
            Self::TargetGroup => "target group",
            Self::Programme => "programme",
            Self::Library => "library",
            Self::Service => "service",
            Self::Source => "source",
        }
    }

    /// The Ukrainian name: who it is (nominative), what to add (accusative), whose
    /// (genitive).
    const fn uk(self) -> UkName {
        let (nom, acc, gen_) = match self {
            Self::Theme => ("тема", "тему", "теми"),
            Self::TargetGroup => ("цільова група", "цільову групу", "цільової групи"),
            Self::Programme => ("програма", "програму", "програми"),
            Self::Library => ("бібліотека", "бібліотеку", "бібліотеки"),
            Self::Service => ("послуга", "послугу", "послуги"),
            Self::Source => ("джерело", "джерело", "джерела"),
        };
        UkName { nom, acc, gen_ }
    }
}

/// A kind's name in the Ukrainian cases its messages need.
struct UkName {
    nom: &'static str,
    acc: &'static str,
    gen_: &'static str,
}

/// The first definition of an id: the first entity with that id in its file, so that its
/// position is found again in that file's [`SourceMap`] when a duplicate needs it (a big
/// catalogue defines hundreds of thousands of ids, each kept here while checking).
struct Def {
    kind: Kind,
    file: u32,
}

/// One entity while checking: where it is, what it is.
#[derive(Clone, Copy)]
struct At<'a> {
    file: usize,
    kind: Kind,
    id: &'a str,
    offset: usize,
    pos: Option<Pos>,
}

/// Finds where one file's entities are, called for them in list order (themes, target
/// groups, programmes, libraries, services): the n-th definition of an id is the n-th entity
/// with that id. Run again for a second pass rather than keeping every position.
struct Locator<'a> {
    file: usize,
    map: &'a SourceMap,
    /// How many entities with each id were located so far (only ids the map has).
    seen: HashMap<&'a str, usize>,
}

impl<'a> Locator<'a> {
    fn new(file: usize, map: &'a SourceMap) -> Self {
        Self {
            file,
            map,
            seen: HashMap::new(),
        }
    }

    /// The next entity, of kind `kind` with id `id`.
    fn at(&mut self, kind: Kind, id: &'a str) -> At<'a> {
        let all = self.map.definitions(id);
        let found = if all.is_empty() {
            None
        } else {
            let nth = self.seen.entry(id).or_insert(0);
            *nth += 1;
            all.get(*nth - 1).copied()
        };
        At {
            file: self.file,
            kind,
            id,
            offset: found.map_or(0, |(o, _)| o),
            pos: found.map(|(_, p)| p),
        }
    }
}

struct Checker<'a> {
    parts: &'a [(&'a Source, Catalogue, SourceMap)],
    defs: HashMap<&'a str, Def>,
    /// The kind of each programme, for `presented_at` (which names events).
    programme_kinds: HashMap<&'a str, ProgrammeKind>,
    problems: Vec<(usize, Problem)>,
}

/// Checks the parsed parts together (ids are unique across all files).
pub fn validate<'a>(parts: &'a [(&'a Source, Catalogue, SourceMap)]) -> Vec<Problem> {
    let total = parts
        .iter()
        .map(|(_, c, _)| {
            c.themes.len() + c.target_groups.len() + c.programmes.len() + c.libraries.len() + c.services.len()
        })
        .sum();
    let mut checker = Checker {
        parts,
        // Made at its size: a table grown by doubling leaves its smaller copies' memory free
        // but kept by the process.
        defs: HashMap::with_capacity(total),
        programme_kinds: parts
            .iter()
            .flat_map(|(_, c, _)| c.programmes.iter().map(|p| (&*p.id, p.kind)))
            .collect(),
        problems: Vec::new(),
    };
    for (file, (_, cat, map)) in parts.iter().enumerate() {
        let mut here = Locator::new(file, map);
        for x in &cat.themes {
            checker.define(here.at(Kind::Theme, &x.id));
        }
        for x in &cat.target_groups {
            checker.define(here.at(Kind::TargetGroup, &x.id));
        }
        for x in &cat.programmes {
            checker.define(here.at(Kind::Programme, &x.id));
        }
        for x in &cat.libraries {
            checker.define(here.at(Kind::Library, &x.id));
        }
        for x in &cat.services {
            checker.define(here.at(Kind::Service, &x.id));
        }
    }
    for (file, (_, cat, map)) in parts.iter().enumerate() {
        let mut here = Locator::new(file, map);
        for t in &cat.themes {
            let at = here.at(Kind::Theme, &t.id);
            checker.required(at, "name", &t.name);
            checker.other_names(at, &t.other_names, &t.name);
        }
        for g in &cat.target_groups {
            let at = here.at(Kind::TargetGroup, &g.id);
            checker.required(at, "name", &g.name);
            checker.other_names(at, &g.other_names, &g.name);
            if let Some(parent) = &g.parent {
                checker.reference(at, Kind::TargetGroup, parent, "parent");
            }
        }
        for p in &cat.programmes {
            let at = here.at(Kind::Programme, &p.id);
            checker.required(at, "name", &p.name);
            checker.other_names(at, &p.other_names, &p.name);
            if let Some(parent) = &p.parent {
                checker.reference(at, Kind::Programme, parent, "parent");
            }
            for id in &p.organisations {
                checker.reference(at, Kind::Library, id, "organisations");
            }
            for id in &p.presented_at {
                checker.event(at, id);
            }
            for id in &p.themes {
                checker.reference(at, Kind::Theme, id, "themes");
            }
            for (i, t) in p.organisers.iter().chain(&p.funders).enumerate() {
                if t.is_empty() {
                    checker.report(
                        at,
                        format!(
                            "organiser or funder {} has no text in either language; write it or remove the entry",
                            i + 1
                        ),
                        format!(
                            "організатор чи спонсор {} не має тексту жодною мовою; напишіть його або вилучіть запис",
                            i + 1
                        ),
                    );
                }
            }
            if let Some((from, to)) = p.years {
                checker.year(at, from);
                checker.year(at, to);
                if from > to {
                    checker.report(
                        at,
                        format!("years ({from}, {to}) run backwards; write the first year first"),
                        format!("роки ({from}, {to}) йдуть у зворотному порядку; напишіть спершу перший рік"),
                    );
                }
            }
            checker.people(at, &p.people);
            checker.url(at, &p.url);
        }
        for l in &cat.libraries {
            let at = here.at(Kind::Library, &l.id);
            checker.required(at, "name", &l.name);
            checker.other_names(at, &l.other_names, &l.name);
            if let Some(parent) = &l.parent {
                checker.reference(at, Kind::Library, parent, "parent");
            }
            checker.country(at, &l.country);
            if let Some((lat, lon)) = l.coordinates {
                checker.coordinates(at, lat, lon);
            }
            checker.people(at, &l.people);
            checker.url(at, &l.url);
        }
        for s in &cat.services {
            let at = here.at(Kind::Service, &s.id);
            checker.required(at, "title", &s.title);
            checker.other_names(at, &s.other_names, &s.title);
            checker.required(at, "summary", &s.summary);
            for id in &s.libraries {
                checker.reference(at, Kind::Library, id, "libraries");
            }
            for id in &s.target_groups {
                checker.reference(at, Kind::TargetGroup, id, "target_groups");
            }
            for id in &s.programmes {
                checker.reference(at, Kind::Programme, id, "programmes");
            }
            for id in &s.themes {
                checker.reference(at, Kind::Theme, id, "themes");
            }
            if let Some(y) = s.year {
                checker.year(at, y);
            }
            checker.people(at, &s.people);
            checker.url(at, &s.url);
        }
        checker.sources(file, cat);
    }
    checker.retired_ids();
    checker.parent_loops();
    let mut problems = checker.problems;
    problems.sort_by_key(|(file, p)| (*file, p.pos));
    problems.into_iter().map(|(_, p)| p).collect()
}

/// Lowercase ASCII letters and digits in groups joined by single hyphens.
fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

impl<'a> Checker<'a> {
    fn name(&self, file: usize) -> &str {
        self.parts.get(file).map_or("", |(s, _, _)| s.name.as_str())
    }

    fn report(&mut self, at: At<'_>, en: impl std::fmt::Display, uk: impl std::fmt::Display) {
        let message = Both::new(
            format!("{} \"{}\": {en}", at.kind.name(), at.id),
            format!("{} «{}»: {uk}", at.kind.uk().nom, at.id),
        );
        let problem = Problem::new(self.name(at.file), at.pos, message);
        self.problems.push((at.file, problem));
    }

    fn define(&mut self, at: At<'a>) {
        if !is_kebab(at.id) {
            if at.id.is_empty() {
                self.report(
                    at,
                    "the id is empty; give it a kebab-case id such as \"theatre-studio\"",
                    "ідентифікатор порожній; дайте ідентифікатор у стилі kebab-case, як-от «theatre-studio»",
                );
            } else {
                self.report(
                    at,
                    "the id must be kebab-case: lowercase Latin letters and digits joined by hyphens, e.g. \"theatre-studio\"",
                    "ідентифікатор має бути в стилі kebab-case: малі латинські літери й цифри, з'єднані дефісами, як-от «theatre-studio»",
                );
            }
            return;
        }
        if let Some(first) = self.defs.get(at.id) {
            let file = first.file as usize;
            let pos = self.parts.get(file).and_then(|(_, _, map)| map.id(at.id, 0));
            let place = |lang| {
                let name = display_name(self.name(file), lang);
                match pos {
                    Some((_, p)) => format!("{name}:{}:{}", p.line, p.col),
                    None => name.to_owned(),
                }
            };
            let en = format!(
                "duplicate id; it is already defined at {} (as a {}); rename one of them",
                place(Lang::En),
                first.kind.name()
            );
            let uk = format!(
                "ідентифікатор повторюється: він уже є в {} ({}); перейменуйте один із двох",
                place(Lang::Uk),
                first.kind.uk().nom
            );
            self.report(at, en, uk);
            return;
        }
        self.defs.insert(
            at.id,
            Def {
                kind: at.kind,
                file: at.file as u32,
            },
        );
    }

    fn required(&mut self, at: At<'_>, field: &str, text: &Text) {
        if text.is_empty() {
            self.report(
                at,
                format!("the {field} is empty in both languages; write it as (uk: \"...\", en: \"...\")"),
                format!("поле {field} порожнє обома мовами; заповніть його так: (uk: \"...\", en: \"...\")"),
            );
        }
    }

    fn reference(&mut self, at: At<'_>, expected: Kind, id: &str, field: &str) {
        let (en, uk) = match self.defs.get(id) {
            Some(def) if def.kind == expected => return,
            Some(def) => (
                format!(
                    "{field} lists \"{id}\", which is a {}, not a {}; use a {} id",
                    def.kind.name(),
                    expected.name(),
                    expected.name()
                ),
                format!(
                    "у полі {field} указано «{id}», але це {}, а не {}; укажіть ідентифікатор {}",
                    def.kind.uk().nom,
                    expected.uk().nom,
                    expected.uk().gen_
                ),
            ),
            None => (
                format!(
                    "{field} refers to unknown {} \"{id}\"; correct the id or add a {} with that id",
                    expected.name(),
                    expected.name()
                ),
                format!(
                    "у полі {field} указано «{id}», але такого ідентифікатора {} немає; виправте ідентифікатор або додайте {} з таким ідентифікатором",
                    expected.uk().gen_,
                    expected.uk().acc
                ),
            ),
        };
        // Found again only for a problem: the reference follows the entity's id.
        let pos = self
            .parts
            .get(at.file)
            .zip(at.pos)
            .and_then(|((source, _, _), pos)| string_after(&source.text, id, at.offset, pos))
            .or(at.pos);
        self.report(At { pos, ..at }, en, uk);
    }

    /// `presented_at` names a programme of kind `Event`.
    fn event(&mut self, at: At<'_>, id: &str) {
        match self.programme_kinds.get(id) {
            Some(ProgrammeKind::Event) | None => self.reference(at, Kind::Programme, id, "presented_at"),
            Some(_) => {
                let pos = self.string_pos(at, id);
                self.report(
                    At { pos, ..at },
                    format!("presented_at lists \"{id}\", which is a programme but not an event; name a programme of kind Event"),
                    format!("у полі presented_at указано «{id}», але це програма, а не подія; укажіть програму з kind: Event"),
                );
            }
        }
    }

    /// Where the string `value` stands after the entity's id, or the entity's position.
    fn string_pos(&self, at: At<'_>, value: &str) -> Option<Pos> {
        self.parts
            .get(at.file)
            .zip(at.pos)
            .and_then(|((source, _, _), pos)| string_after(&source.text, value, at.offset, pos))
            .or(at.pos)
    }

    /// Other names: none empty, none repeated in its language, none equal to the entry's
    /// own name (letter case aside).
    fn other_names(&mut self, at: At<'_>, names: &OtherNames, own: &Text) {
        if names.is_empty() {
            return;
        }
        // The names' strings in the file, in order, to point at the one at fault.
        let strings = self
            .parts
            .get(at.file)
            .zip(at.pos)
            .map(|((source, _, _), pos)| field_strings(&source.text, "other_names", at.offset, pos))
            .unwrap_or_default();
        let mut used = vec![false; strings.len()];
        let mut place = |value: &str| {
            let found = strings
                .iter()
                .zip(used.iter_mut())
                .find(|((s, _), used)| !**used && *s == value);
            found.map(|((_, pos), used)| {
                *used = true;
                *pos
            })
        };
        let own: Vec<String> = own.variants().map(|(_, t)| t.trim().to_lowercase()).collect();
        for lang in [Lang::Uk, Lang::En] {
            let mut seen = HashSet::new();
            for (i, name) in names.exact(lang).iter().enumerate() {
                let pos = place(name).or(at.pos);
                let folded = name.trim().to_lowercase();
                let (en, uk) = if folded.is_empty() {
                    (
                        format!(
                            "other name {} in {} is empty; write the name or remove the empty string",
                            i + 1,
                            lang.code()
                        ),
                        format!(
                            "інша назва {} у {} порожня; напишіть назву або вилучіть порожній рядок",
                            i + 1,
                            lang.code()
                        ),
                    )
                } else if own.contains(&folded) {
                    (
                        format!("other name \"{name}\" is the entry's own name; remove it from other_names"),
                        format!("інша назва «{name}» — це власна назва запису; вилучіть її з other_names"),
                    )
                } else if !seen.insert(folded) {
                    (
                        format!("other name \"{name}\" is listed twice in {}; remove one", lang.code()),
                        format!("інша назва «{name}» двічі вказана в {}; вилучіть одну", lang.code()),
                    )
                } else {
                    continue;
                };
                self.report(At { pos, ..at }, en, uk);
            }
        }
    }

    /// The sources section: each document has a file name and a title, and each file name
    /// is given once in a file.
    fn sources(&mut self, file: usize, cat: &Catalogue) {
        let text = self.parts.get(file).map_or("", |(s, _, _)| s.text.as_str());
        let start = Pos { line: 1, col: 1 };
        let mut seen = HashSet::new();
        for d in &cat.sources {
            let at = At {
                file,
                kind: Kind::Source,
                id: &d.file,
                offset: 0,
                pos: if d.file.is_empty() {
                    None
                } else {
                    string_after(text, &d.file, 0, start)
                },
            };
            if d.file.trim().is_empty() {
                self.report(
                    at,
                    "the file name is empty; write the seed file's name, e.g. \"000_61261b90cd39a1b3.txt\"",
                    "назва файлу порожня; напишіть назву вихідного файлу, як-от «000_61261b90cd39a1b3.txt»",
                );
            } else if !seen.insert(&*d.file) {
                self.report(
                    at,
                    "is listed twice in the sources; remove one",
                    "двічі вказане в sources; вилучіть одне",
                );
            }
            if d.title.is_empty() {
                self.report(
                    at,
                    "the title is empty in both languages; write the document's title as (uk: \"...\", en: \"...\")",
                    "назва документа порожня обома мовами; напишіть її так: (uk: \"...\", en: \"...\")",
                );
            }
        }
    }

    /// A retired id is kebab-case, is no entry's id and is retired by one entry only.
    fn retired_ids(&mut self) {
        let mut retired: HashMap<&str, &str> = HashMap::new();
        let mut found = Vec::new();
        for (file, (_, cat, map)) in self.parts.iter().enumerate() {
            for p in &cat.programmes {
                let here = map.id(&p.id, 0);
                let at = At {
                    file,
                    kind: Kind::Programme,
                    id: &p.id,
                    offset: here.map_or(0, |(o, _)| o),
                    pos: here.map(|(_, p)| p),
                };
                for old in &p.retired_ids {
                    let message = if !is_kebab(old) {
                        (
                            format!("retired id \"{old}\" is not kebab-case; write it as it was"),
                            format!(
                                "застарілий ідентифікатор «{old}» не в стилі kebab-case; напишіть його таким, яким він був"
                            ),
                        )
                    } else if let Some(def) = self.defs.get(&**old) {
                        (
                            format!(
                                "retired id \"{old}\" is the id of a {} in the catalogue; a retired id must no longer be in use",
                                def.kind.name()
                            ),
                            format!(
                                "застарілий ідентифікатор «{old}» — це ідентифікатор {} з каталогу; застарілий ідентифікатор не можна вживати далі",
                                def.kind.uk().gen_
                            ),
                        )
                    } else if let Some(other) = retired.insert(old, &p.id).filter(|o| *o != &*p.id) {
                        (
                            format!("retired id \"{old}\" is also retired by \"{other}\"; keep it on one entry"),
                            format!(
                                "застарілий ідентифікатор «{old}» указано й у «{other}»; залиште його в одному записі"
                            ),
                        )
                    } else {
                        continue;
                    };
                    found.push((at, old.to_string(), message));
                }
            }
        }
        for (at, old, (en, uk)) in found {
            let pos = self.string_pos(at, &old);
            self.report(At { pos, ..at }, en, uk);
        }
    }

    fn people(&mut self, at: At<'_>, people: &[Person]) {
        for (i, p) in people.iter().enumerate() {
            if p.name.is_empty() {
                self.report(
                    at,
                    format!(
                        "person {} has no name in either language; write it or remove the person",
                        i + 1
                    ),
                    format!(
                        "особа {} не має імені жодною мовою; напишіть його або вилучіть особу",
                        i + 1
                    ),
                );
            }
        }
    }

    fn coordinates(&mut self, at: At<'_>, lat: f64, lon: f64) {
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            self.report(
                at,
                format!("coordinates ({lat}, {lon}) are out of range; write (latitude -90..90, longitude -180..180)"),
                format!("координати ({lat}, {lon}) поза межами; напишіть (широта -90..90, довгота -180..180)"),
            );
        }
    }

    fn country(&mut self, at: At<'_>, code: &str) {
        let iso = code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase());
        if !code.is_empty() && !iso {
            self.report(
                at,
                format!("country \"{code}\" is not a two-letter ISO code; write e.g. \"UA\", \"BY\" or \"GB\""),
                format!("країна «{code}» — не дволітерний код ISO; напишіть, наприклад, «UA», «BY» чи «GB»"),
            );
        }
    }

    fn year(&mut self, at: At<'_>, year: u16) {
        if !(1800..=2100).contains(&year) {
            self.report(
                at,
                format!("year {year} is out of range; write a year from 1800 to 2100"),
                format!("рік {year} поза межами; напишіть рік від 1800 до 2100"),
            );
        }
    }

    fn url(&mut self, at: At<'_>, url: &str) {
        if url.chars().any(char::is_whitespace) {
            self.report(
                at,
                format!("url \"{url}\" contains spaces; write one web address"),
                format!("адреса «{url}» містить пропуски; напишіть одну вебадресу"),
            );
        }
    }

    /// Parents of target groups, programmes and libraries must not form a loop.
    fn parent_loops(&mut self) {
        let mut parents: HashMap<&str, (&str, At<'_>)> = HashMap::new();
        for (file, (_, cat, map)) in self.parts.iter().enumerate() {
            let groups = cat
                .target_groups
                .iter()
                .map(|g| (Kind::TargetGroup, &*g.id, g.parent.as_deref()));
            let programmes = cat
                .programmes
                .iter()
                .map(|p| (Kind::Programme, &*p.id, p.parent.as_deref()));
            let libraries = cat
                .libraries
                .iter()
                .map(|l| (Kind::Library, &*l.id, l.parent.as_deref()));
            for (kind, id, parent) in groups.chain(programmes).chain(libraries) {
                if let Some(parent) = parent {
                    let found = map.id(id, 0);
                    let at = At {
                        file,
                        kind,
                        id,
                        offset: found.map_or(0, |(o, _)| o),
                        pos: found.map(|(_, p)| p),
                    };
                    parents.insert(id, (parent, at));
                }
            }
        }
        let mut looped = Vec::new();
        for (&start, &(_, at)) in &parents {
            let mut current = start;
            for _ in 0..=parents.len() {
                match parents.get(current) {
                    Some(&(parent, _)) if parent == start => {
                        looped.push(at);
                        break;
                    }
                    Some(&(parent, _)) => current = parent,
                    None => break,
                }
            }
        }
        for at in looped {
            self.report(
                at,
                "its parent chain loops back to itself; remove one of the parent links",
                "ланцюжок батьківських записів замикається на ньому самому; вилучіть одне з посилань parent",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids() {
        assert!(is_kebab("theatre-studio-2"));
        assert!(!is_kebab("Theatre"));
        assert!(!is_kebab("a--b"));
        assert!(!is_kebab("-a"));
        assert!(!is_kebab("а-кирилиця"));
        assert!(!is_kebab(""));
    }
}
