//! Parsing RON sources and merging them into one [`Dataset`].

use ron::extensions::Extensions;

use super::clean::clean_catalogue;
use super::dataset::Dataset;
use super::model::Catalogue;
use super::source::{Pos, Source, SourceMap};
use super::validate::validate;
use super::{CatalogueError, Problem};

/// Parses one source: RON syntax and types only (no cross-checks), then cleans its text.
pub fn parse(source: &Source) -> Result<Catalogue, Problem> {
    if source.text.trim().is_empty() {
        return Err(Problem::new(
            &source.name,
            None,
            "the file is empty; a catalogue starts with `Catalogue(` (see README, Data format)".to_owned(),
        ));
    }
    let options = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
    match options.from_str::<Catalogue>(&source.text) {
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
                "the file holds only comments; a catalogue starts with `Catalogue(` (see README, Data format)"
                    .to_owned()
            } else if at_end(&source.text, pos) {
                format!(
                    "the file ends before the catalogue is complete ({}); a closing `)` or `]` is missing, or the file was cut short",
                    e.code
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

/// RON's message, with what to do about it.
fn ron_message(code: &ron::Error) -> String {
    use ron::Error as E;
    let hint = match code {
        E::NoSuchStructField { .. } => "remove it or correct its spelling",
        E::MissingStructField { .. } => "add the field",
        E::DuplicateStructField { .. } => "keep only one of them",
        E::NoSuchEnumVariant { .. } => "use one of the values listed",
        E::Eof => "the file ends too early: a closing bracket or quote may be missing",
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => {
            "a comma or closing bracket may be missing just before this point"
        }
        E::ExceededRecursionLimit => "the data is nested too deeply",
        E::ExpectedString => "text must be written in double quotes",
        E::ExpectedStringEnd => "the closing double quote is missing, or the file was cut short inside this text",
        E::ExpectedInteger | E::IntegerOutOfBounds | E::InvalidIntegerDigit { .. } => {
            "write a whole number without quotes, e.g. 2020"
        }
        E::ExpectedFloat => "write a number without quotes, e.g. 50.45",
        E::ExpectedComma => "a comma is missing between two entries or fields",
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            "an entry is written `Name(field: value, ...)` or `(field: value, ...)`"
        }
        E::UnclosedBlockComment => "a /* comment */ is not closed",
        E::TrailingCharacters => "there is text after the end of the catalogue; remove it",
        _ => "check the syntax just before this point against the README's Data format",
    };
    format!("{code}; {hint}")
}

/// Parses, cleans, validates and merges the sources, in order; every problem is reported.
pub fn load(sources: &[Source]) -> Result<Dataset, CatalogueError> {
    load_read(sources.iter().map(Ok))
}

/// Like [`load`], for files some of which could not be read: their problems are reported
/// with those of the others, in file order, then by position.
pub fn load_read<'a>(files: impl IntoIterator<Item = Result<&'a Source, Problem>>) -> Result<Dataset, CatalogueError> {
    let mut problems = Vec::new();
    let mut parts = Vec::new();
    let mut order: Vec<String> = Vec::new();
    for file in files {
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
