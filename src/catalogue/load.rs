//! Parsing RON sources and merging them into one [`Dataset`].

use std::borrow::Cow;
use std::collections::HashSet;

use ron::extensions::Extensions;

use super::clean::clean_catalogue;
use super::dataset::{Dataset, Origin, Skipped};
use super::model::{Catalogue, Library, Programme, Service, TargetGroup, Theme};
use super::source::{Pos, Source, SourceMap};
use super::stream;
use super::validate::validate;
use super::{CatalogueError, Problem};
use crate::i18n::Both;

/// How catalogue files are read: `Option` values may be written plainly.
pub(super) fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Parses one source: RON syntax and types only (no cross-checks), then cleans its text.
/// A file opened but not read yet ([`Source::open`]) is read now.
pub fn parse(source: &Source) -> Result<Catalogue, Problem> {
    let source = &*source.read_text()?;
    if source.text.trim().is_empty() {
        return Err(Problem::new(
            &source.name,
            None,
            Both::new(
                "the file is empty; a catalogue starts with `Catalogue(` (see README, Data format)",
                "файл порожній; каталог починається з `Catalogue(` (див. README, «Формат даних»)",
            ),
        ));
    }
    match ron_options().from_str::<Catalogue>(&source.text) {
        Ok(mut cat) => {
            clean_catalogue(&mut cat);
            Ok(cat)
        }
        Err(e) => {
            let pos = Pos {
                line: e.span.start.line.max(1),
                col: e.span.start.col.max(1),
            };
            let message = if matches!(&e.code, ron::Error::ExpectedNamedStructLike(name) if *name == "Catalogue")
                && at_end(&source.text, pos)
            {
                Both::new(
                    "the file holds only comments; a catalogue starts with `Catalogue(` (see README, Data format)",
                    "у файлі самі коментарі; каталог починається з `Catalogue(` (див. README, «Формат даних»)",
                )
            } else if at_end(&source.text, pos) {
                Both::new(
                    format!(
                        "the file ends before the catalogue is complete ({}); a closing `)` or `]` is missing, or the file was cut short",
                        e.code
                    ),
                    format!(
                        "файл закінчується раніше, ніж каталог ({}); бракує закривальної `)` чи `]`, або файл обрізано",
                        ron_what_uk(&e.code)
                    ),
                )
            } else {
                ron_message(&e.code)
            };
            Err(Problem::new(&source.name, Some(pos), message))
        }
    }
}

/// True when nothing but white space and comments follows `pos`.
fn at_end(text: &str, pos: Pos) -> bool {
    let Some(line) = text.lines().nth(pos.line - 1) else {
        return true;
    };
    let rest_of_line: String = line.chars().skip(pos.col - 1).collect();
    let after = text.lines().skip(pos.line).map(str::trim);
    std::iter::once(rest_of_line.trim())
        .chain(after)
        .all(|l| l.is_empty() || l.starts_with("//"))
}

/// RON's message, with what to do about it, in both languages.
fn ron_message(code: &ron::Error) -> Both {
    use ron::Error as E;
    let (en, uk) = match code {
        E::NoSuchStructField { .. } => ("remove it or correct its spelling", "вилучіть його або виправте назву"),
        E::MissingStructField { .. } => ("add the field", "додайте це поле"),
        E::DuplicateStructField { .. } => ("keep only one of them", "залиште тільки одне"),
        E::NoSuchEnumVariant { .. } => ("use one of the values listed", "вжийте одне з названих значень"),
        E::Eof => (
            "the file ends too early: a closing bracket or quote may be missing",
            "файл закінчується зарано: можливо, бракує закривальної дужки чи лапок",
        ),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => (
            "a comma or closing bracket may be missing just before this point",
            "можливо, просто перед цим місцем бракує коми чи закривальної дужки",
        ),
        E::ExceededRecursionLimit => ("the data is nested too deeply", "дані вкладено надто глибоко"),
        E::ExpectedString => (
            "text must be written in double quotes",
            "текст пишуть у подвійних лапках",
        ),
        E::ExpectedStringEnd => (
            "the closing double quote is missing, or the file was cut short inside this text",
            "бракує закривальних подвійних лапок, або файл обрізано посеред цього тексту",
        ),
        E::ExpectedInteger | E::IntegerOutOfBounds | E::InvalidIntegerDigit { .. } => (
            "write a whole number without quotes, e.g. 2020",
            "напишіть ціле число без лапок, наприклад 2020",
        ),
        E::ExpectedFloat => (
            "write a number without quotes, e.g. 50.45",
            "напишіть число без лапок, наприклад 50.45",
        ),
        E::ExpectedComma => (
            "a comma is missing between two entries or fields",
            "між двома записами чи полями бракує коми",
        ),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => (
            "an entry is written `Name(field: value, ...)` or `(field: value, ...)`",
            "запис пишуть так: `Назва(поле: значення, ...)` або `(поле: значення, ...)`",
        ),
        E::UnclosedBlockComment => ("a /* comment */ is not closed", "коментар /* ... */ не закрито"),
        E::TrailingCharacters => (
            "there is text after the end of the catalogue; remove it",
            "після кінця каталогу є ще текст; вилучіть його",
        ),
        _ => (
            "check the syntax just before this point against the README's Data format",
            "звірте запис просто перед цим місцем із розділом README «Формат даних»",
        ),
    };
    Both::new(format!("{code}; {en}"), format!("{}; {uk}", ron_what_uk(code)))
}

/// What RON's error says, in Ukrainian (its own message is English only).
pub(crate) fn ron_what_uk(code: &ron::Error) -> String {
    use ron::Error as E;
    let one_of = |alts: &[&str], none: &str| match alts {
        [] => format!("тут не буває {none}"),
        [one] => format!("очікується `{one}`"),
        _ => format!(
            "очікується одне з: {}",
            alts.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    let within = |outer: &Option<String>| outer.as_ref().map(|o| format!(" у `{o}`")).unwrap_or_default();
    match code {
        E::Io(s) | E::Message(s) => format!("помилка читання ({s})"),
        E::Fmt => "не вдалося записати RON".to_owned(),
        E::Eof => "несподіваний кінець файлу".to_owned(),
        E::ExpectedArray => "очікується відкривальна `[`".to_owned(),
        E::ExpectedArrayEnd => "очікується закривальна `]`".to_owned(),
        E::ExpectedAttribute => "очікується атрибут `#![enable(...)]`".to_owned(),
        E::ExpectedAttributeEnd => "після атрибута enable очікується закривальна `)]`".to_owned(),
        E::ExpectedBoolean => "очікується true або false".to_owned(),
        E::ExpectedComma => "очікується кома".to_owned(),
        E::ExpectedChar => "очікується символ".to_owned(),
        E::ExpectedByteLiteral => "очікується байтовий літерал".to_owned(),
        E::ExpectedFloat => "очікується число".to_owned(),
        E::FloatUnderscore => "підкреслення в дробовому числі".to_owned(),
        E::ExpectedInteger => "очікується ціле число".to_owned(),
        E::ExpectedOption => "очікується необов'язкове значення".to_owned(),
        E::ExpectedOptionEnd | E::ExpectedStructLikeEnd => "очікується закривальна `)`".to_owned(),
        E::ExpectedMap => "очікується відкривальна `{`".to_owned(),
        E::ExpectedMapColon => "очікується двокрапка".to_owned(),
        E::ExpectedMapEnd => "очікується закривальна `}`".to_owned(),
        E::ExpectedDifferentStructName { expected, found } => {
            format!("очікується структура `{expected}`, а знайдено `{found}`")
        }
        E::ExpectedStructLike => "очікується відкривальна `(`".to_owned(),
        E::ExpectedNamedStructLike("") => "очікується лише відкривальна `(`, без назви".to_owned(),
        E::ExpectedNamedStructLike(name) => format!("очікується відкривальна `(` структури `{name}`"),
        E::ExpectedUnit => "очікується `()`".to_owned(),
        E::ExpectedString => "очікується текст".to_owned(),
        E::ExpectedByteString => "очікується байтовий рядок".to_owned(),
        E::ExpectedStringEnd => "очікується кінець тексту".to_owned(),
        E::ExpectedIdentifier => "очікується назва поля".to_owned(),
        E::InvalidEscape(s) => format!("неправильна керівна послідовність ({s})"),
        E::IntegerOutOfBounds => "число завелике або замале".to_owned(),
        E::InvalidIntegerDigit { digit, base } => {
            format!("неприпустима цифра {digit:?} у числі за основою {base}")
        }
        E::NoSuchExtension(name) => format!("розширення RON `{name}` немає"),
        E::Utf8Error(e) => format!("недопустимий UTF-8 ({e})"),
        E::UnclosedBlockComment => "коментар не закрито".to_owned(),
        E::UnclosedLineComment => "коментар не закрито до кінця рядка".to_owned(),
        E::UnderscoreAtBeginning => "число починається з підкреслення".to_owned(),
        E::UnexpectedChar(c) => format!("несподіваний символ {c:?}"),
        E::TrailingCharacters => "зайвий текст після кінця".to_owned(),
        E::InvalidValueForType { expected, found } => {
            format!("очікується {}, а знайдено {}", expected_uk(expected), found_uk(found))
        }
        E::ExpectedDifferentLength { expected, found } => {
            format!("очікується {}, а знайдено елементів: {found}", expected_uk(expected))
        }
        E::NoSuchEnumVariant { expected, found, outer } => format!(
            "несподіване значення `{found}`{}; {}",
            within(outer),
            one_of(expected, "значень")
        ),
        E::NoSuchStructField { expected, found, outer } => format!(
            "несподіване поле `{found}`{}; {}",
            within(outer),
            one_of(expected, "полів")
        ),
        E::MissingStructField { field, outer } => format!("бракує поля `{field}`{}", within(outer)),
        E::DuplicateStructField { field, outer } => format!("поле `{field}` повторюється{}", within(outer)),
        E::InvalidIdentifier(s) => format!("неправильна назва {s:?}"),
        E::SuggestRawIdentifier(s) => format!("неправильна назва {s:?}; напишіть `r#{s}`"),
        E::ExceededRecursionLimit => "перевищено межу вкладеності".to_owned(),
        E::ExpectedStructName(name) => format!("очікується явна назва структури `{name}`"),
        // Not met in a catalogue: RON's own words.
        other => other.to_string(),
    }
}

/// What serde says a value should be ("a string", "struct Service", "u32"), in Ukrainian;
/// words it has no rendering for are kept.
fn expected_uk(expected: &str) -> String {
    let plain = match expected {
        "a string" | "a borrowed string" | "path string" | "os string" => "текст",
        "a sequence" => "список `[...]`",
        "a map" => "словник `{...}`",
        "a boolean" => "true або false",
        "a character" => "символ",
        "unit" => "`()`",
        "option" => "необов'язкове значення",
        "variant identifier" => "назва значення",
        "field identifier" => "назва поля",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "ціле невід'ємне число",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "ціле число",
        "f32" | "f64" => "число",
        _ => "",
    };
    if !plain.is_empty() {
        return plain.to_owned();
    }
    if let Some(rest) = expected.strip_prefix("a nonzero ") {
        return format!("{}, не 0", expected_uk(rest));
    }
    if let Some(n) = expected
        .strip_prefix("a tuple of size ")
        .or_else(|| expected.strip_prefix("an array of length "))
    {
        return format!("список з {n} елементів");
    }
    let named = [
        ("struct variant ", "значення"),
        ("tuple variant ", "значення"),
        ("tuple struct ", "структура"),
        ("unit struct ", "структура"),
        ("newtype struct ", "структура"),
        ("struct ", "структура"),
        ("enum ", "одне зі значень"),
    ];
    named
        .iter()
        .find_map(|(prefix, uk)| expected.strip_prefix(prefix).map(|name| format!("{uk} `{name}`")))
        .unwrap_or_else(|| expected.to_owned())
}

/// What RON found instead ("the string \"x\"", "a sequence"), in Ukrainian; words it has
/// no rendering for are kept.
fn found_uk(found: &str) -> String {
    let plain = match found {
        "a unit value" => "`()`",
        "an optional value" => "необов'язкове значення",
        "a newtype struct" => "структура",
        "a sequence" => "список",
        "a map" => "словник",
        "an enum" | "a unit variant" | "a newtype variant" | "a tuple variant" | "a struct variant" => {
            "значення переліку"
        }
        _ => "",
    };
    if !plain.is_empty() {
        return plain.to_owned();
    }
    let valued = [
        ("the boolean ", "логічне значення"),
        ("the unsigned integer ", "ціле число"),
        ("the signed integer ", "ціле число"),
        ("the floating point number ", "дробове число"),
        ("the UTF-8 character ", "символ"),
        ("the string ", "текст"),
        ("the byte string ", "байтовий рядок"),
    ];
    valued
        .iter()
        .find_map(|(prefix, uk)| found.strip_prefix(prefix).map(|value| format!("{uk} {value}")))
        .unwrap_or_else(|| found.to_owned())
}

/// Parses, cleans, validates and merges the sources, in order; every problem is reported.
pub fn load(sources: &[Source]) -> Result<Dataset, CatalogueError> {
    load_read(sources.iter().map(Ok))
}

/// Like [`load`], for files some of which could not be read: their problems are reported
/// with those of the others, in file order, then by position.
pub fn load_read<'a>(files: impl IntoIterator<Item = Result<&'a Source, Problem>>) -> Result<Dataset, CatalogueError> {
    let files: Vec<_> = files.into_iter().map(|f| f.and_then(Source::read_text)).collect();
    let mut problems = Vec::new();
    let mut parts = Vec::new();
    let mut order: Vec<String> = Vec::new();
    for file in &files {
        let file = file.as_deref().map_err(Clone::clone);
        match file {
            Ok(source) => {
                order.push(source.name.clone());
                match parse(source) {
                    Ok(cat) => parts.push((source, cat, SourceMap::scan(&source.text))),
                    Err(p) => problems.push(p),
                }
            }
            Err(p) => {
                order.push(p.file.clone());
                problems.push(p);
            }
        }
    }
    problems.extend(validate(&parts));
    if !problems.is_empty() {
        // Stable: problems without a position keep their place before positioned ones.
        problems.sort_by_key(|p| (order.iter().position(|f| *f == p.file), p.pos));
        return Err(CatalogueError { problems });
    }
    Ok(Dataset::merge(
        parts.into_iter().map(|(source, cat, _)| (source.name.clone(), cat)),
    ))
}

/// Catalogue files in the order they are merged, each read or the problem that stopped it.
#[derive(Debug, Default)]
pub struct Layers {
    /// The bundled catalogue (none with `--no-bundled`): every problem is fatal.
    pub base: Vec<Result<Source, Problem>>,
    /// Updates, in file-name order. Each is merged on top of the base and the updates
    /// before it when it fits; it may then replace entries of the same id and kind. One that
    /// does not fit is skipped whole and listed in [`Dataset::skipped`].
    pub updates: Vec<Result<Source, Problem>>,
    /// `--data` files, merged last: every problem is fatal, a repeated id too.
    pub data: Vec<Result<Source, Problem>>,
}

/// One parsed file while merging.
type Part<'a> = (&'a Source, Catalogue, SourceMap);

impl Layers {
    /// Every file, in merge order.
    fn files(&self) -> impl Iterator<Item = &Result<Source, Problem>> {
        self.base.iter().chain(&self.updates).chain(&self.data)
    }

    /// The layers with the text of every file opened but not read yet.
    fn read_texts(&self) -> Self {
        let read = |files: &[Result<Source, Problem>]| -> Vec<Result<Source, Problem>> {
            files
                .iter()
                .map(|f| {
                    f.as_ref()
                        .map_err(Clone::clone)
                        .and_then(|s| s.read_text().map(Cow::into_owned))
                })
                .collect()
        };
        Self {
            base: read(&self.base),
            updates: read(&self.updates),
            data: read(&self.data),
        }
    }
}

/// Loads the layers: base and data files strictly, updates leniently (see [`Layers`]).
///
/// The catalogue's version and date are those of the last update that states a version,
/// else of the first file that does. On failure the problems of skipped updates are
/// reported too, so that one run shows everything.
///
/// Big files opened with [`Source::open`] are parsed as streams (see `stream`), without
/// their text. Only when something is wrong are they read whole and everything is loaded
/// again, so that every problem is reported with its position, as for a small file.
pub fn load_layers(layers: &Layers) -> Result<Dataset, CatalogueError> {
    let unread = |files: &[Result<Source, Problem>]| files.iter().flatten().any(|s| s.unread().is_some());
    if !layers.files().flatten().any(|s| s.unread().is_some()) {
        return merge_layers(layers, &parse);
    }
    match merge_layers(layers, &parse_streamed) {
        // A skipped update's problems may point into an earlier big update.
        Ok(ds) if ds.skipped.is_empty() || !unread(&layers.updates) => Ok(ds),
        _ => merge_layers(&layers.read_texts(), &parse),
    }
}

/// [`parse`], but a big file not read yet is parsed as a stream. Its problem, if any, is a
/// placeholder: [`load_layers`] then reads the file and parses it again.
fn parse_streamed(source: &Source) -> Result<Catalogue, Problem> {
    let Some((path, _)) = source.unread() else {
        return parse(source);
    };
    // At most the limit is read, also from a file that grows meanwhile.
    std::fs::File::open(path)
        .ok()
        .and_then(|f| stream::parse(std::io::Read::take(f, super::source::MAX_FILE)))
        .ok_or_else(|| {
            Problem::new(
                &source.name,
                None,
                Both::new("not parsed as a stream", "не розібрано потоком"),
            )
        })
}

/// How one file is parsed.
type ParseFn = dyn Fn(&Source) -> Result<Catalogue, Problem>;

/// [`load_layers`] with the given parser.
fn merge_layers(layers: &Layers, parse: &ParseFn) -> Result<Dataset, CatalogueError> {
    let mut fatal = Vec::new();
    let mut order: Vec<String> = Vec::new();
    let mut parts: Vec<Part<'_>> = Vec::new();
    let mut origins = Vec::new();
    let mut replaced: Vec<Vec<String>> = Vec::new();
    for file in &layers.base {
        if let Some(part) = parse_strict(file, parse, &mut order, &mut fatal) {
            parts.push(part);
            origins.push(Origin::Bundled);
            replaced.push(Vec::new());
        }
    }
    let mut skipped = Vec::new();
    // Updates are tried only on a sound base, so that their problems are their own. Each
    // try validates everything merged so far, so that the merged set stays valid.
    let mut valid = false;
    if !layers.updates.is_empty() && fatal.is_empty() && validate(&parts).is_empty() {
        valid = true;
        for file in &layers.updates {
            order.push(match file {
                Ok(source) => source.name.clone(),
                Err(p) => p.file.clone(),
            });
            match try_update(&mut parts, file, parse) {
                Ok(ids) => {
                    origins.push(Origin::Update);
                    replaced.push(ids);
                }
                Err(s) => skipped.push(s),
            }
        }
    }
    for file in &layers.data {
        valid = false;
        if let Some(part) = parse_strict(file, parse, &mut order, &mut fatal) {
            parts.push(part);
            origins.push(Origin::Data);
            replaced.push(Vec::new());
        }
    }
    if !valid {
        fatal.extend(validate(&parts));
    }
    if !fatal.is_empty() {
        fatal.extend(skipped.into_iter().flat_map(|s| s.problems));
        fatal.sort_by_key(|p| (order.iter().position(|f| *f == p.file), p.pos));
        return Err(CatalogueError { problems: fatal });
    }
    let mut ds = Dataset::merge(parts.into_iter().map(|(source, cat, _)| (source.name.clone(), cat)));
    for ((summary, origin), ids) in ds.sources.iter_mut().zip(origins).zip(replaced) {
        summary.origin = origin;
        summary.replaced = ids;
    }
    let newest = ds
        .sources
        .iter()
        .rev()
        .find(|s| s.origin == Origin::Update && !s.version.is_empty())
        .map(|s| (s.version.clone(), s.date.clone()));
    if let Some((version, date)) = newest {
        ds.catalogue.version = version;
        ds.catalogue.date = date;
    }
    ds.skipped = skipped;
    Ok(ds)
}

/// Parses a base or data file; a problem is fatal.
fn parse_strict<'a>(
    file: &'a Result<Source, Problem>,
    parse: &ParseFn,
    order: &mut Vec<String>,
    fatal: &mut Vec<Problem>,
) -> Option<Part<'a>> {
    match file {
        Ok(source) => {
            order.push(source.name.clone());
            match parse(source) {
                Ok(cat) => Some((source, cat, SourceMap::scan(&source.text))),
                Err(p) => {
                    fatal.push(p);
                    None
                }
            }
        }
        Err(p) => {
            order.push(p.file.clone());
            fatal.push(p.clone());
            None
        }
    }
}

/// Merges one update onto `parts` when it fits, returning the ids it replaced; otherwise
/// leaves `parts` as they were and says why.
fn try_update<'a>(
    parts: &mut Vec<Part<'a>>,
    file: &'a Result<Source, Problem>,
    parse: &ParseFn,
) -> Result<Vec<String>, Skipped> {
    let source = file.as_ref().map_err(|p| Skipped {
        file: p.file.clone(),
        problems: vec![p.clone()],
    })?;
    let cat = parse(source).map_err(|p| Skipped {
        file: source.name.clone(),
        problems: vec![p],
    })?;
    // Earlier definitions of the ids the update redefines step aside while it is checked,
    // so that the checker sees the update's version in the update's own file.
    let taken = Taken::take(parts, &cat);
    parts.push((source, cat, SourceMap::scan(&source.text)));
    let problems = validate(parts);
    if !problems.is_empty() {
        parts.truncate(parts.len() - 1);
        taken.restore(parts);
        return Err(Skipped {
            file: source.name.clone(),
            problems,
        });
    }
    let mut ids = Vec::new();
    if let Some(((_, update, _), earlier)) = parts.split_last_mut() {
        ids = taken.replace(earlier, update);
    }
    Ok(ids)
}

/// An entry of one of the catalogue's lists.
trait Entry: Sized {
    fn id(&self) -> &str;
    fn list(c: &mut Catalogue) -> &mut Vec<Self>;
}

macro_rules! entry {
    ($t:ty, $field:ident) => {
        impl Entry for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn list(c: &mut Catalogue) -> &mut Vec<Self> {
                &mut c.$field
            }
        }
    };
}

entry!(Theme, themes);
entry!(TargetGroup, target_groups);
entry!(Programme, programmes);
entry!(Library, libraries);
entry!(Service, services);

/// An entry taken out of `parts[part]`'s list at `index`.
struct Slot<T> {
    part: usize,
    index: usize,
    entry: T,
}

/// The entries of earlier files that an update defines again with the same kind.
struct Taken {
    themes: Vec<Slot<Theme>>,
    target_groups: Vec<Slot<TargetGroup>>,
    programmes: Vec<Slot<Programme>>,
    libraries: Vec<Slot<Library>>,
    services: Vec<Slot<Service>>,
}

impl Taken {
    /// Takes out of `parts` every entry whose id `update` defines in the same list.
    fn take(parts: &mut [Part<'_>], update: &Catalogue) -> Self {
        Self {
            themes: take(parts, &update.themes),
            target_groups: take(parts, &update.target_groups),
            programmes: take(parts, &update.programmes),
            libraries: take(parts, &update.libraries),
            services: take(parts, &update.services),
        }
    }

    /// Puts every entry back where it was.
    fn restore(self, parts: &mut [Part<'_>]) {
        restore(parts, self.themes);
        restore(parts, self.target_groups);
        restore(parts, self.programmes);
        restore(parts, self.libraries);
        restore(parts, self.services);
    }

    /// Moves the update's versions into the places of the entries they replace, so that
    /// catalogue order stays; returns the replaced ids.
    fn replace(self, parts: &mut [Part<'_>], update: &mut Catalogue) -> Vec<String> {
        let mut ids = Vec::new();
        replace(parts, self.themes, update, &mut ids);
        replace(parts, self.target_groups, update, &mut ids);
        replace(parts, self.programmes, update, &mut ids);
        replace(parts, self.libraries, update, &mut ids);
        replace(parts, self.services, update, &mut ids);
        ids
    }
}

fn take<T: Entry>(parts: &mut [Part<'_>], update: &[T]) -> Vec<Slot<T>> {
    let ids: HashSet<&str> = update.iter().map(Entry::id).collect();
    let mut slots = Vec::new();
    if ids.is_empty() {
        return slots;
    }
    for (part, (_, cat, _)) in parts.iter_mut().enumerate() {
        let list = T::list(cat);
        if !list.iter().any(|e| ids.contains(e.id())) {
            continue;
        }
        for (index, entry) in std::mem::take(list).into_iter().enumerate() {
            if ids.contains(entry.id()) {
                slots.push(Slot { part, index, entry });
            } else {
                list.push(entry);
            }
        }
    }
    slots
}

/// Inserting in ascending order restores the original indices.
fn restore<T: Entry>(parts: &mut [Part<'_>], slots: Vec<Slot<T>>) {
    for slot in slots {
        if let Some((_, cat, _)) = parts.get_mut(slot.part) {
            let list = T::list(cat);
            list.insert(slot.index.min(list.len()), slot.entry);
        }
    }
}

fn replace<T: Entry>(parts: &mut [Part<'_>], slots: Vec<Slot<T>>, update: &mut Catalogue, ids: &mut Vec<String>) {
    for slot in slots {
        let from = T::list(update);
        // The update defines each taken id exactly once (validation checked that).
        let entry = match from.iter().position(|e| e.id() == slot.entry.id()) {
            Some(at) => {
                ids.push(slot.entry.id().to_owned());
                from.remove(at)
            }
            None => slot.entry,
        };
        if let Some((_, cat, _)) = parts.get_mut(slot.part) {
            let list = T::list(cat);
            list.insert(slot.index.min(list.len()), entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_words_for_a_wrong_value_are_ukrainian() {
        // RON's own typed parser says most as its own errors ("Expected string"); serde's
        // words come through where a value is read by type first (a value of another form).
        let what = |expected: &str, found: &str| {
            ron_what_uk(&ron::Error::InvalidValueForType {
                expected: expected.to_owned(),
                found: found.to_owned(),
            })
        };
        assert_eq!(
            what("a boolean", "the string \"yes\""),
            "очікується true або false, а знайдено текст \"yes\""
        );
        assert_eq!(
            what("struct Service", "a sequence"),
            "очікується структура `Service`, а знайдено список"
        );
        assert_eq!(
            what("enum Kind", "the signed integer `-1`"),
            "очікується одне зі значень `Kind`, а знайдено ціле число `-1`"
        );
        assert_eq!(
            what("a nonzero u32", "the floating point number `0.5`"),
            "очікується ціле невід'ємне число, не 0, а знайдено дробове число `0.5`"
        );
        assert_eq!(
            what("a map", "a unit value"),
            "очікується словник `{...}`, а знайдено `()`"
        );
        // What it does not know stays as serde said it.
        assert_eq!(
            what("a colour", "a rainbow"),
            "очікується a colour, а знайдено a rainbow"
        );
        assert_eq!(
            ron_what_uk(&ron::Error::ExpectedDifferentLength {
                expected: "a tuple of size 2".to_owned(),
                found: 3
            }),
            "очікується список з 2 елементів, а знайдено елементів: 3"
        );
    }

    const BASE: &str = r#"Catalogue(
    version: "1",
    date: "2026-01-01",
    themes: [Theme(id: "reading", name: (en: "Reading"))],
    libraries: [Library(id: "lib", name: (en: "Library"), country: "UA")],
    services: [
        Service(id: "first", title: (en: "First"), summary: (en: "One"), libraries: ["lib"], seeds: []),
        Service(id: "second", title: (en: "Second"), summary: (en: "Two"), seeds: []),
        Service(id: "third", title: (en: "Third"), summary: (en: "Three"), seeds: []),
    ],
)"#;

    fn layers(updates: &[(&str, &str)], data: &[(&str, &str)]) -> Layers {
        let src = |(name, text): &(&str, &str)| Ok(Source::from_text(name, text));
        Layers {
            base: vec![Ok(Source::from_text("base.ron", BASE))],
            updates: updates.iter().map(src).collect(),
            data: data.iter().map(src).collect(),
        }
    }

    fn titles(ds: &Dataset) -> Vec<(&str, &str)> {
        ds.catalogue.services.iter().map(|s| (&*s.id, s.title.en())).collect()
    }

    #[test]
    fn an_update_adds_entries_that_refer_to_the_base() {
        let update = r#"Catalogue(version: "2", date: "2026-02-01", services: [
            Service(id: "fourth", title: (en: "Fourth"), summary: (en: "Four"), libraries: ["lib"], themes: ["reading"], seeds: []),
        ])"#;
        let ds = load_layers(&layers(&[("u.ron", update)], &[])).unwrap();
        assert_eq!(ds.catalogue.services.len(), 4);
        assert_eq!(ds.library_services[0], [0, 3]);
        assert!(ds.skipped.is_empty());
        let origins: Vec<Origin> = ds.sources.iter().map(|s| s.origin).collect();
        assert_eq!(origins, [Origin::Bundled, Origin::Update]);
        assert_eq!((ds.sources[1].services, ds.sources[1].replaced.len()), (1, 0));
        // The newest update's version and date are the catalogue's.
        assert_eq!(
            (ds.catalogue.version.as_str(), ds.catalogue.date.as_str()),
            ("2", "2026-02-01")
        );
    }

    #[test]
    fn an_update_replaces_entries_of_the_same_kind_in_place() {
        let update = r#"Catalogue(
            themes: [Theme(id: "reading", name: (en: "Reading and writing"))],
            services: [
                Service(id: "new", title: (en: "New"), summary: (en: "N"), seeds: []),
                Service(id: "second", title: (en: "Second, revised"), summary: (en: "Two"), themes: ["reading"], seeds: []),
            ],
        )"#;
        let ds = load_layers(&layers(&[("u.ron", update)], &[])).unwrap();
        assert_eq!(
            titles(&ds),
            [
                ("first", "First"),
                ("second", "Second, revised"),
                ("third", "Third"),
                ("new", "New")
            ]
        );
        assert_eq!(ds.catalogue.themes[0].name.en(), "Reading and writing");
        assert_eq!(ds.sources[1].replaced, ["reading", "second"]);
        assert_eq!((ds.sources[1].services, ds.sources[1].themes), (1, 0));
        assert_eq!(ds.sources[0].services, 3);
        assert_eq!(ds.theme_services[0], [1]);
        // No version in the update: the base's stays.
        assert_eq!(ds.catalogue.version, "1");
    }

    #[test]
    fn a_later_update_builds_on_an_earlier_one_and_wins() {
        let a = r#"Catalogue(libraries: [Library(id: "lib-2", name: (en: "Second library"), country: "GB")],
            services: [Service(id: "second", title: (en: "Second A"), summary: (en: "A"), seeds: [])])"#;
        let b = r#"Catalogue(version: "3", services: [
            Service(id: "second", title: (en: "Second B"), summary: (en: "B"), libraries: ["lib-2"], seeds: []),
        ])"#;
        let ds = load_layers(&layers(&[("a.ron", a), ("b.ron", b)], &[])).unwrap();
        assert_eq!(titles(&ds)[1], ("second", "Second B"));
        assert_eq!(ds.library_services[1], [1]);
        assert_eq!(ds.sources[2].replaced, ["second"]);
        assert_eq!(ds.catalogue.version, "3");
    }

    #[test]
    fn an_update_that_does_not_fit_is_skipped_whole_and_the_rest_loads() {
        // It replaces "second" correctly, but "extra" refers to an unknown library: nothing
        // of it is merged, and "second" keeps its place and text.
        let bad = r#"Catalogue(version: "9", services: [
            Service(id: "second", title: (en: "Second, bad"), summary: (en: "x"), seeds: []),
            Service(id: "extra", title: (en: "Extra"), summary: (en: "x"), libraries: ["nowhere"], seeds: []),
        ])"#;
        let good = r#"Catalogue(services: [Service(id: "good", title: (en: "Good"), summary: (en: "G"), seeds: [])])"#;
        let ds = load_layers(&layers(&[("bad.ron", bad), ("good.ron", good)], &[])).unwrap();
        assert_eq!(
            titles(&ds),
            [
                ("first", "First"),
                ("second", "Second"),
                ("third", "Third"),
                ("good", "Good")
            ]
        );
        assert_eq!(ds.skipped.len(), 1);
        assert_eq!(ds.skipped[0].file, "bad.ron");
        let problem = ds.skipped[0].problems[0].to_string();
        assert!(problem.starts_with("bad.ron:3:"), "{problem}");
        assert!(problem.contains("unknown library \"nowhere\""), "{problem}");
        assert_eq!(ds.catalogue.version, "1");
    }

    #[test]
    fn an_id_of_another_kind_a_repeat_within_the_update_and_syntax_errors_skip_it() {
        let other_kind = r#"Catalogue(themes: [Theme(id: "first", name: (en: "A theme"))])"#;
        let twice = r#"Catalogue(services: [
            Service(id: "twice", title: (en: "A"), summary: (en: "a"), seeds: []),
            Service(id: "twice", title: (en: "B"), summary: (en: "b"), seeds: []),
        ])"#;
        let syntax = "Catalogue(services: [Service(id: \"x\",, )])";
        let ds = load_layers(&layers(
            &[("kind.ron", other_kind), ("twice.ron", twice), ("syntax.ron", syntax)],
            &[],
        ))
        .unwrap();
        assert_eq!(ds.catalogue.services.len(), 3);
        assert_eq!(ds.catalogue.themes.len(), 1);
        let skipped: Vec<(&str, String)> = ds
            .skipped
            .iter()
            .map(|s| (s.file.as_str(), s.problems[0].to_string()))
            .collect();
        assert_eq!(skipped.len(), 3);
        assert!(
            skipped[0]
                .1
                .contains("duplicate id; it is already defined at base.ron:"),
            "{skipped:?}"
        );
        assert!(skipped[0].1.contains("(as a service)"), "{skipped:?}");
        assert!(skipped[1].1.starts_with("twice.ron:3:"), "{skipped:?}");
        assert!(skipped[1].1.contains("duplicate id"), "{skipped:?}");
        assert!(skipped[2].1.starts_with("syntax.ron:1:"), "{skipped:?}");
    }

    #[test]
    fn data_files_may_not_repeat_an_id_even_one_an_update_brought() {
        let update =
            r#"Catalogue(services: [Service(id: "fourth", title: (en: "Four"), summary: (en: "4"), seeds: [])])"#;
        let data =
            r#"Catalogue(services: [Service(id: "fourth", title: (en: "Four again"), summary: (en: "4"), seeds: [])])"#;
        let broken = "Catalogue(";
        let err = load_layers(&layers(
            &[("u.ron", update), ("broken.ron", broken)],
            &[("d.ron", data)],
        ))
        .unwrap_err();
        let lines: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        // The skipped update's problem is reported with the fatal one, in file order.
        assert!(lines[0].starts_with("broken.ron:"), "{lines:?}");
        assert!(lines[1].starts_with("d.ron:1:"), "{lines:?}");
        assert!(
            lines[1].contains("duplicate id; it is already defined at u.ron:1:"),
            "{lines:?}"
        );
    }

    #[test]
    fn an_unreadable_update_is_skipped_with_its_problem() {
        let mut l = layers(&[], &[]);
        l.updates.push(Err(Problem::new(
            "gone.ron",
            None,
            Both::new("cannot read the file", "не вдається прочитати файл"),
        )));
        let ds = load_layers(&l).unwrap();
        assert_eq!(ds.skipped.len(), 1);
        assert_eq!(ds.skipped[0].problems[0].to_string(), "gone.ron: cannot read the file");
        assert_eq!(ds.catalogue.services.len(), 3);
    }
}
