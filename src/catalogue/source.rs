//! Reading a catalogue file into text, and a map of where ids and strings stand in it.
//!
//! RON's own errors carry a position, but the checks that run after parsing (duplicate ids,
//! unknown references) work on values. [`SourceMap`] finds those values again in the text,
//! so that every problem can be reported as `FILE:LINE:COLUMN`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::Problem;
use super::model::Lang;
use crate::i18n::{Both, io_reason};

/// A line and column, both 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

/// A catalogue file's name and its decoded text.
#[derive(Debug, Clone)]
pub struct Source {
    /// How the file is named in messages: the path as given, or `<bundled>`.
    pub name: String,
    /// UTF-8 text, without byte-order mark, with `\n` line endings. Empty for a big file
    /// not read yet (see [`Source::open`]).
    pub text: String,
    /// A big file whose text is not read yet: its path and size in bytes.
    unread: Option<(PathBuf, u64)>,
}

/// Files of this many bytes or more are opened without reading their text
/// ([`Source::open`]), and parsed as a stream.
pub const STREAM_FROM: u64 = 4 << 20;

/// The largest catalogue file read: 1 GiB (about three million services). A bigger file, or
/// anything that is not a regular file (a folder, a device such as `/dev/zero`, a pipe), is
/// refused before reading, so that memory stays bounded whatever is given.
pub const MAX_FILE: u64 = 1 << 30;

fn too_big(name: &str) -> Problem {
    Problem::new(
        name,
        None,
        Both::new(
            "the file is larger than 1 GiB, the most a catalogue file may be; split it into several files or check that it is the right one",
            "файл більший за 1 ГіБ — найбільший дозволений розмір файлу каталогу; розділіть його на кілька файлів або перевірте, чи це той файл",
        ),
    )
}

/// A file the system would not read, and what to check.
fn cannot_read(e: &std::io::Error) -> Both {
    Both::new(
        format!(
            "cannot read the file: {}; check the path and that you may read it",
            io_reason(e, Lang::En)
        ),
        format!(
            "не вдається прочитати файл: {}; перевірте шлях і чи маєте право його читати",
            io_reason(e, Lang::Uk)
        ),
    )
}

/// The size of a catalogue file, or why it is not read: it is missing, not a regular file,
/// or over [`MAX_FILE`].
pub fn check_file(path: &Path) -> Result<u64, Problem> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Problem::new(&name, None, cannot_read(&e)))?;
    if meta.is_dir() {
        return Err(Problem::new(
            &name,
            None,
            Both::new(
                "this is a folder, not a catalogue file; give a .ron file",
                "це тека, а не файл каталогу; вкажіть файл .ron",
            ),
        ));
    }
    if !meta.is_file() {
        return Err(Problem::new(
            &name,
            None,
            Both::new(
                "this is not a regular file (a device or a pipe), so it is not read; give a .ron file",
                "це не звичайний файл (пристрій або канал), тому його не читають; вкажіть файл .ron",
            ),
        ));
    }
    if meta.len() > MAX_FILE {
        return Err(too_big(&name));
    }
    Ok(meta.len())
}

/// The name under which the bundled catalogue appears in messages.
pub const BUNDLED_NAME: &str = "<bundled catalogue>";

/// A file's name as shown in `lang`: the path as given, or the bundled catalogue's name.
#[must_use]
pub fn display_name(name: &str, lang: Lang) -> &str {
    match lang {
        Lang::Uk if name == BUNDLED_NAME => "<вбудований каталог>",
        _ => name,
    }
}

impl Source {
    /// The catalogue compiled into the binary.
    #[must_use]
    pub fn bundled() -> Self {
        Self::from_text(BUNDLED_NAME, include_str!("../../assets/catalogue.ron"))
    }

    /// A source from text already in memory (a byte-order mark and CRLF are accepted).
    #[must_use]
    pub fn from_text(name: &str, text: &str) -> Self {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_owned()
        };
        Self {
            name: name.to_owned(),
            text,
            unread: None,
        }
    }

    /// A file as [`Source::read`] gives it; but a file of [`STREAM_FROM`] bytes or more is
    /// not read now: [`crate::catalogue::load_layers`] parses it as a stream, and reads its
    /// text only to report a problem.
    pub fn open(path: &Path) -> Result<Self, Problem> {
        let len = check_file(path)?;
        if len >= STREAM_FROM {
            Ok(Self {
                name: path.display().to_string(),
                text: String::new(),
                unread: Some((path.to_owned(), len)),
            })
        } else {
            Self::read(path)
        }
    }

    /// The path and size of a file opened but not read yet.
    #[must_use]
    pub fn unread(&self) -> Option<(&Path, u64)> {
        self.unread.as_ref().map(|(path, len)| (path.as_path(), *len))
    }

    /// This source with its text: itself, or the file read now.
    pub fn read_text(&self) -> Result<Cow<'_, Self>, Problem> {
        match &self.unread {
            Some((path, _)) => Self::read(path).map(Cow::Owned),
            None => Ok(Cow::Borrowed(self)),
        }
    }

    /// Reads and decodes a file.
    pub fn read(path: &Path) -> Result<Self, Problem> {
        let name = path.display().to_string();
        let len = check_file(path)?;
        let cannot = |e: std::io::Error| Problem::new(&name, None, cannot_read(&e));
        // Read at most the limit, also when the file grows while it is read.
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes))
            .map_err(cannot)?;
        if bytes.len() as u64 > MAX_FILE {
            return Err(too_big(&name));
        }
        Self::from_vec(&name, bytes)
    }

    /// [`Source::from_bytes`] without copying the text when it needs no change (a big file
    /// is then held in memory once, not twice).
    fn from_vec(name: &str, bytes: Vec<u8>) -> Result<Self, Problem> {
        let plain = !bytes.starts_with(&[0xEF, 0xBB, 0xBF])
            && !bytes.contains(&b'\r')
            && !bytes.starts_with(&[0xFF, 0xFE])
            && !bytes.starts_with(&[0xFE, 0xFF])
            && !looks_utf16(&bytes);
        match String::from_utf8(bytes) {
            Ok(text) if plain => Ok(Self {
                name: name.to_owned(),
                text,
                unread: None,
            }),
            Ok(text) => Self::from_bytes(name, text.as_bytes()),
            Err(e) => Self::from_bytes(name, e.as_bytes()),
        }
    }

    /// Decodes bytes as UTF-8, with clear messages for UTF-16 and invalid bytes.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Self, Problem> {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
            return Err(Problem::new(
                name,
                Some(Pos { line: 1, col: 1 }),
                Both::new(
                    "the file is UTF-16 (Notepad's \"Unicode\"); save it again as UTF-8",
                    "файл збережено в UTF-16 («Юнікод» у Блокноті); збережіть його знову в UTF-8",
                ),
            ));
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Self::from_text(name, text)),
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                // The prefix is valid UTF-8 by construction.
                let prefix = String::from_utf8_lossy(good);
                let pos = pos_at_end(&prefix);
                let bad = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
                let message = if e.error_len().is_none() {
                    Both::new(
                        format!(
                            "the file ends inside a character (byte 0x{bad:02X}): it was cut short, or it is not saved as UTF-8"
                        ),
                        format!(
                            "файл уривається посеред символу (байт 0x{bad:02X}): його обрізано або збережено не в UTF-8"
                        ),
                    )
                } else {
                    Both::new(
                        format!(
                            "invalid UTF-8 byte 0x{bad:02X}; the file must be saved as UTF-8 (in Notepad: Save as, Encoding: UTF-8)"
                        ),
                        format!(
                            "недопустимий для UTF-8 байт 0x{bad:02X}; файл треба зберегти в UTF-8 (у Блокноті: «Зберегти як», «Кодування: UTF-8»)"
                        ),
                    )
                };
                Err(Problem::new(name, Some(pos), message))
            }
        }
    }
}

/// A file without BOM whose first bytes alternate with zeros is UTF-16 too.
pub(super) fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    let zeros = head.iter().filter(|&&b| b == 0).map(|_| 1usize).sum::<usize>();
    head.len() >= 4 && zeros * 3 >= head.len()
}

/// The position just after the end of `s`.
fn pos_at_end(s: &str) -> Pos {
    let line = s.matches('\n').count() + 1;
    let col = s.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos { line, col }
}

/// Where the ids stand in a source. Other strings are found again only when a problem
/// needs their position ([`string_after`]), so a big file costs no second copy of its texts.
#[derive(Debug, Default)]
pub struct SourceMap {
    /// `id: "value"` definitions: for each value, (byte offset, position) of each, in file
    /// order.
    ids: HashMap<String, Vec<(usize, Pos)>>,
}

impl SourceMap {
    /// Scans RON text: strings, raw strings, comments and `id: "..."` fields.
    #[must_use]
    pub fn scan(text: &str) -> Self {
        let mut map = Self::default();
        let mut lex = Lexer::new(text, 0, Pos { line: 1, col: 1 });
        let mut last_ident_id = false;
        let mut after_colon = false;
        while let Some(tok) = lex.next_token() {
            match tok {
                Tok::Ident(name) => {
                    last_ident_id = name == "id";
                    after_colon = false;
                }
                Tok::Colon => {
                    after_colon = last_ident_id;
                    last_ident_id = false;
                }
                Tok::Str(value, offset, pos) => {
                    if after_colon {
                        map.ids.entry(value.to_owned()).or_default().push((offset, pos));
                    }
                    last_ident_id = false;
                    after_colon = false;
                }
                Tok::Other => {
                    last_ident_id = false;
                    after_colon = false;
                }
            }
        }
        map
    }

    /// Every definition of `id` in this file, in order: byte offset and position.
    #[must_use]
    pub fn definitions(&self, id: &str) -> &[(usize, Pos)] {
        // A file parsed as a stream has no map: no need to hash every id.
        if self.ids.is_empty() {
            return &[];
        }
        self.ids.get(id).map_or(&[], Vec::as_slice)
    }

    /// The n-th definition (0-based) of `id` in this file: byte offset and position.
    #[must_use]
    pub fn id(&self, id: &str, nth: usize) -> Option<(usize, Pos)> {
        self.ids.get(id).and_then(|all| all.get(nth)).copied()
    }
}

/// The first string literal equal to `value` after the token at byte `offset` of `text`,
/// which stands at `pos` (for example an entity's id: its references follow it).
#[must_use]
pub fn string_after(text: &str, value: &str, offset: usize, pos: Pos) -> Option<Pos> {
    let mut lex = Lexer::new(text, offset, pos);
    while let Some(tok) = lex.next_token() {
        if let Tok::Str(v, o, p) = tok
            && o > offset
            && v == value
        {
            return Some(p);
        }
    }
    None
}

/// The string literals of field `field` of the entity whose token is at byte `offset` of
/// `text` (standing at `pos`): every string after `field:` up to the next field of the
/// entity (an identifier and a colon, other than the language keys `uk` and `en`), each with
/// its position, in file order.
#[must_use]
pub fn field_strings<'a>(text: &'a str, field: &str, offset: usize, pos: Pos) -> Vec<(&'a str, Pos)> {
    let mut lex = Lexer::new(text, offset, pos);
    let mut out = Vec::new();
    let mut inside = false;
    let mut ident: Option<&str> = None;
    while let Some(tok) = lex.next_token() {
        match tok {
            Tok::Ident(name) => ident = Some(name),
            Tok::Colon => match ident.take() {
                Some(name) if name == field => inside = true,
                Some("uk" | "en") => {}
                Some(_) if inside => return out,
                _ => {}
            },
            Tok::Str(value, _, p) => {
                ident = None;
                if inside {
                    out.push((value, p));
                }
            }
            Tok::Other => ident = None,
        }
    }
    out
}

enum Tok<'a> {
    Ident(&'a str),
    Colon,
    Str(&'a str, usize, Pos),
    Other,
}

struct Lexer<'a> {
    text: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    /// Byte offset in `text` where `chars` starts.
    base: usize,
    line: usize,
    col: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer from byte `offset` of `text`, which stands at `pos`.
    fn new(text: &'a str, offset: usize, pos: Pos) -> Self {
        Self {
            text,
            chars: text.get(offset..).unwrap_or_default().char_indices().peekable(),
            base: offset,
            line: pos.line,
            col: pos.col,
        }
    }

    fn bump(&mut self) -> Option<(usize, char)> {
        let next = self.chars.next().map(|(i, c)| (i + self.base, c));
        if let Some((_, c)) = next {
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
        next
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|&(_, c)| c)
    }

    fn next_token(&mut self) -> Option<Tok<'a>> {
        loop {
            let pos = Pos {
                line: self.line,
                col: self.col,
            };
            let (start, c) = self.bump()?;
            match c {
                c if c.is_whitespace() => {}
                '/' if self.peek() == Some('/') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '/' if self.peek() == Some('*') => self.block_comment(),
                ':' => return Some(Tok::Colon),
                '"' => return Some(self.string(start, pos)),
                'r' if matches!(self.peek(), Some('#' | '"')) => {
                    if let Some(tok) = self.raw_string(start, pos) {
                        return Some(tok);
                    }
                }
                c if c.is_alphabetic() || c == '_' => {
                    let mut end = start + c.len_utf8();
                    while let Some(&(i, c)) = self.chars.peek() {
                        if c.is_alphanumeric() || c == '_' {
                            end = self.base + i + c.len_utf8();
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    return Some(Tok::Ident(&self.text[start..end]));
                }
                _ => return Some(Tok::Other),
            }
        }
    }

    fn block_comment(&mut self) {
        self.bump();
        let mut depth = 1usize;
        while let Some((_, c)) = self.bump() {
            match c {
                '*' if self.peek() == Some('/') => {
                    self.bump();
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                '/' if self.peek() == Some('*') => {
                    self.bump();
                    depth += 1;
                }
                _ => {}
            }
        }
    }

    /// A string's raw contents (escapes as written).
    fn string(&mut self, start: usize, pos: Pos) -> Tok<'a> {
        let body = start + 1;
        let mut end = self.text.len();
        while let Some((i, c)) = self.bump() {
            match c {
                '"' => {
                    end = i;
                    break;
                }
                '\\' => {
                    self.bump();
                }
                _ => {}
            }
        }
        Tok::Str(self.text.get(body..end).unwrap_or_default(), start, pos)
    }

    fn raw_string(&mut self, start: usize, pos: Pos) -> Option<Tok<'a>> {
        let mut hashes = 0usize;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.peek() != Some('"') {
            return None;
        }
        self.bump();
        let body_start = start + 2 + hashes;
        let mut value_end = self.text.len();
        'outer: while let Some((i, c)) = self.bump() {
            if c == '"' {
                let mut seen = 0;
                while seen < hashes && self.peek() == Some('#') {
                    self.bump();
                    seen += 1;
                }
                if seen == hashes {
                    value_end = i;
                    break 'outer;
                }
            }
        }
        Some(Tok::Str(
            self.text.get(body_start..value_end).unwrap_or_default(),
            start,
            pos,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_strings_with_positions() {
        let text = "Catalogue(\n  // id: \"comment\"\n  services: [Service(id: \"a-b\", libraries: [\"lib\"]),\n  Service(id: \"a-b\")],\n)";
        let map = SourceMap::scan(text);
        let (first, pos) = map.id("a-b", 0).unwrap();
        assert_eq!(pos, Pos { line: 3, col: 26 });
        let (_, second) = map.id("a-b", 1).unwrap();
        assert_eq!(second, Pos { line: 4, col: 15 });
        assert!(map.id("comment", 0).is_none());
        let (_, first_pos) = map.id("a-b", 0).unwrap();
        assert_eq!(
            string_after(text, "lib", first, first_pos),
            Some(Pos { line: 3, col: 45 })
        );
        assert_eq!(string_after(text, "a-b", first, first_pos), Some(second));
        assert_eq!(string_after(text, "nowhere", first, first_pos), None);
    }

    #[test]
    fn raw_strings_and_nested_comments_are_skipped() {
        let text = "/* a /* b */ id: \"no\" */ x: r#\"id: \"no\"\"#, id: \"yes\"";
        let map = SourceMap::scan(text);
        assert!(map.id("no", 0).is_none());
        assert!(map.id("yes", 0).is_some());
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let src = Source::from_bytes("f.ron", b"\xEF\xBB\xBFa\r\nb\r\n").unwrap();
        assert_eq!(src.text, "a\nb\n");
    }

    #[test]
    fn utf16_and_invalid_utf8_are_reported_with_position() {
        let err = Source::from_bytes("f.ron", b"\xFF\xFEC\0a\0").unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
        let err = Source::from_bytes("f.ron", b"ab\ncd\xC3(").unwrap_err();
        assert_eq!(err.to_string().split(": ").next(), Some("f.ron:2:3"));
        assert!(err.to_string().contains("0xC3"), "{err}");
    }
}
