//! Parsing a big catalogue file as a stream, on every core, without holding its text.
//!
//! The file is read through a buffer. A small tokenizer (strings, raw strings, characters,
//! nested comments, brackets) splits it into the catalogue's top level (the skeleton: any
//! `#![enable(...)]` attributes, `version`, `date`, and every list field with its brackets
//! but not its elements) and the elements of its lists. The elements go in batches to
//! worker threads, which parse each one with `ron` (the same options, after the file's own
//! attributes) and clean it; the results are put back in file order. Only a bounded window
//! of text is alive at a time: the read buffer and a few batches per worker.
//!
//! Anything the splitter does not expect, and any error from `ron`, gives `None`: the caller
//! then parses the whole text as before, so that every message and `FILE:LINE:COL` is the
//! one a small file gives.

use std::io::Read;
use std::num::NonZero;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use serde::de::DeserializeOwned;

use super::clean::clean_catalogue;
use super::load::ron_options;
use super::model::Catalogue;
use super::source::looks_utf16;

/// Bytes read from the file at a time.
const READ_BYTES: usize = 1 << 20;
/// A batch is sent to a worker once it holds this many bytes of elements.
const BATCH_BYTES: usize = 256 << 10;
/// Batches queued for each worker before the reader waits.
const QUEUE: usize = 2;
/// A joined list longer than this grows by at least [`ROOM_BYTES`] (see [`append`]).
const GROW_BYTES: usize = 1 << 20;
/// Room a long joined list is given: more than any allocator serves from its heap (glibc
/// maps blocks of 32 MiB and more on their own even when its threshold for that is raised;
/// see `crate::alloc`), so that pages never written take no memory.
const ROOM_BYTES: usize = 32 << 20;
/// At most this many workers.
const MAX_WORKERS: usize = 8;
/// Attributes and comments before the catalogue longer than this are not repeated before
/// every element: the whole-text parse takes over.
const MAX_HEADER: usize = 64 << 10;
/// Deeper nesting is left to the whole-text parse (and its recursion limit).
const MAX_DEPTH: usize = 64;

/// Parses a catalogue from `input` (raw file bytes: a byte-order mark and CR LF are
/// accepted, as [`super::Source::from_bytes`] does); cleaned as [`super::parse`] cleans.
/// `None` when the file is not read to its end without any problem, or holds anything
/// this splitter does not follow.
pub fn parse(input: impl Read) -> Option<Catalogue> {
    let (skeleton, lists) = in_order(|send| split(input, send), |batch: Batch| parse_batch(&batch))?;
    let mut catalogue: Catalogue = ron_options().from_str(std::str::from_utf8(&skeleton).ok()?).ok()?;
    clean_catalogue(&mut catalogue);
    // Every element went to a worker: the skeleton's lists are empty.
    let empty = catalogue.themes.is_empty()
        && catalogue.target_groups.is_empty()
        && catalogue.programmes.is_empty()
        && catalogue.libraries.is_empty()
        && catalogue.services.is_empty();
    if !empty {
        return None;
    }
    catalogue.themes = lists.themes;
    catalogue.target_groups = lists.target_groups;
    catalogue.programmes = lists.programmes;
    catalogue.libraries = lists.libraries;
    catalogue.services = lists.services;
    Some(catalogue)
}

/// Runs `work` on every core over the items `produce` hands to its callback (which says
/// whether to go on), and joins the partial catalogues it makes in the order the items came.
/// Only a few items wait for each worker at a time, so that `produce` reads no further ahead
/// than that. Returns what `produce` returned and the joined lists; `None` when `produce`
/// or any `work` gives `None` (the others then stop early).
pub(crate) fn in_order<T: Send, R>(
    produce: impl FnOnce(&mut dyn FnMut(T) -> bool) -> Option<R>,
    work: impl Fn(T) -> Option<Catalogue> + Sync,
) -> Option<(R, Catalogue)> {
    let workers = std::thread::available_parallelism()
        .map_or(1, NonZero::get)
        .clamp(1, MAX_WORKERS);
    let failed = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let mut senders = Vec::with_capacity(workers);
        let mut receivers = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (items, inbox) = mpsc::sync_channel::<T>(QUEUE);
            let (outbox, results) = mpsc::channel::<Option<Catalogue>>();
            let (failed, work) = (&failed, &work);
            scope.spawn(move || {
                for item in inbox {
                    let part = if failed.load(Ordering::Relaxed) {
                        None
                    } else {
                        work(item)
                    };
                    if part.is_none() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if outbox.send(part).is_err() {
                        break;
                    }
                }
            });
            senders.push(items);
            receivers.push(results);
        }
        let mut collector = Collector {
            receivers,
            lists: Catalogue::default(),
            received: 0,
            good: true,
        };
        let mut sent = 0usize;
        let produced = produce(&mut |item| {
            if failed.load(Ordering::Relaxed) {
                return false;
            }
            // Item `n` goes to worker `n % workers`; each worker answers in order.
            let Some(worker) = senders.get(sent % senders.len()) else {
                return false;
            };
            if worker.send(item).is_err() {
                return false;
            }
            sent += 1;
            collector.receive(sent, false);
            true
        });
        // The workers end when their queues close; they stop early after a failure.
        drop(senders);
        if produced.is_none() {
            failed.store(true, Ordering::Relaxed);
        }
        collector.receive(sent, true);
        let produced = produced?;
        (collector.good && collector.received == sent).then_some((produced, collector.lists))
    })
}

/// The catalogue lists whose elements are parsed apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Themes,
    TargetGroups,
    Programmes,
    Libraries,
    Services,
}

impl List {
    /// The list a catalogue field name stands for.
    fn named(field: &[u8]) -> Option<Self> {
        match field {
            b"themes" => Some(Self::Themes),
            b"target_groups" => Some(Self::TargetGroups),
            b"programmes" => Some(Self::Programmes),
            b"libraries" => Some(Self::Libraries),
            b"services" => Some(Self::Services),
            _ => None,
        }
    }
}

/// Elements of one list, each preceded by the file's attributes: `text[range]` is one
/// document for `ron`.
#[derive(Debug)]
struct Batch {
    list: List,
    text: Vec<u8>,
    ranges: Vec<std::ops::Range<usize>>,
}

impl Batch {
    fn new(list: List) -> Self {
        Self {
            list,
            text: Vec::with_capacity(BATCH_BYTES + (BATCH_BYTES >> 2)),
            ranges: Vec::new(),
        }
    }
}

/// Parses and cleans the elements of a batch: a catalogue with only that list.
fn parse_batch(batch: &Batch) -> Option<Catalogue> {
    let mut part = Catalogue::default();
    match batch.list {
        List::Themes => part.themes = elements(batch)?,
        List::TargetGroups => part.target_groups = elements(batch)?,
        List::Programmes => part.programmes = elements(batch)?,
        List::Libraries => part.libraries = elements(batch)?,
        List::Services => part.services = elements(batch)?,
    }
    clean_catalogue(&mut part);
    Some(part)
}

fn elements<T: DeserializeOwned>(batch: &Batch) -> Option<Vec<T>> {
    let options = ron_options();
    // Made at its size: collecting `Option`s would grow it by doubling.
    let mut out = Vec::with_capacity(batch.ranges.len());
    for range in &batch.ranges {
        let text = std::str::from_utf8(batch.text.get(range.clone())?).ok()?;
        out.push(options.from_str(text).ok()?);
    }
    Some(out)
}

/// Puts the workers' results back in the order the items were sent.
struct Collector {
    receivers: Vec<Receiver<Option<Catalogue>>>,
    lists: Catalogue,
    received: usize,
    good: bool,
}

impl Collector {
    /// Takes the results ready so far (`wait`: all of the `sent` batches).
    fn receive(&mut self, sent: usize, wait: bool) {
        while self.good && self.received < sent {
            let Some(from) = self.receivers.get(self.received % self.receivers.len()) else {
                self.good = false;
                return;
            };
            let part = if wait {
                from.recv().ok()
            } else {
                match from.try_recv() {
                    Ok(part) => Some(part),
                    Err(TryRecvError::Empty) => return,
                    Err(TryRecvError::Disconnected) => None,
                }
            };
            match part.flatten() {
                Some(mut part) => {
                    append(&mut self.lists.themes, &mut part.themes);
                    append(&mut self.lists.target_groups, &mut part.target_groups);
                    append(&mut self.lists.programmes, &mut part.programmes);
                    append(&mut self.lists.libraries, &mut part.libraries);
                    append(&mut self.lists.services, &mut part.services);
                    self.received += 1;
                }
                None => self.good = false,
            }
        }
    }
}

/// Moves `more` to the end of `all`. A list that outgrows [`GROW_BYTES`] gets room for at
/// least [`ROOM_BYTES`] at once: so big a block is mapped on its own by the allocator (pages
/// not written take no memory), so that the list grows without copies and leaves no freed
/// copies behind in the heap, where they would stay with the process. It is cut to its size
/// when the dataset is made.
fn append<T>(all: &mut Vec<T>, more: &mut Vec<T>) {
    let needed = all.len() + more.len();
    if needed > all.capacity() && needed.saturating_mul(size_of::<T>()) > GROW_BYTES {
        let room = needed.max(all.capacity() * 2).max(ROOM_BYTES / size_of::<T>().max(1));
        all.reserve_exact(room - all.len());
    }
    all.append(more);
}

/// The bytes that matter in code inside an element: they may open a string, a character,
/// a comment or a raw string, or open or close brackets.
const MATTERS: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"\"'/r()[]{}";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Where the tokenizer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Code,
    LineComment,
    /// Block comments nest.
    BlockComment(usize),
    Str,
    StrEscape,
    Char,
    CharEscape,
    /// A raw string closed by `"` and this many `#`.
    RawStr(usize),
}

/// What stopped the splitter.
#[derive(Debug)]
enum Stop {
    /// More bytes are needed to decide (a lookahead past the end of the buffer).
    More,
    /// Something the splitter does not follow, or a batch could not be sent.
    Bail,
}

/// Reads raw file bytes as [`super::Source::from_bytes`] decodes them: a byte-order mark is
/// dropped, CR LF and lone CR become LF; UTF-16 is refused (`None`).
struct Decoder<R> {
    input: R,
    chunk: Vec<u8>,
    started: bool,
    carriage_return: bool,
}

impl<R: Read> Decoder<R> {
    fn new(input: R) -> Self {
        Self {
            input,
            chunk: vec![0; READ_BYTES],
            started: false,
            carriage_return: false,
        }
    }

    /// Appends the next bytes to `out`; `Some(false)` at the end of the file.
    fn read(&mut self, out: &mut Vec<u8>) -> Option<bool> {
        let mut n = read_full(&mut self.input, &mut self.chunk, if self.started { 1 } else { 64 })?;
        let mut bytes = self.chunk.get(..n)?;
        if !self.started {
            self.started = true;
            if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
                return None;
            }
            if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
                bytes = rest;
                n -= 3;
            }
        }
        if n == 0 {
            if self.carriage_return {
                self.carriage_return = false;
                out.push(b'\n');
            }
            return Some(false);
        }
        if !self.carriage_return && !bytes.contains(&b'\r') {
            out.extend_from_slice(bytes);
            return Some(true);
        }
        for &b in bytes {
            if self.carriage_return {
                self.carriage_return = false;
                out.push(b'\n');
                if b == b'\n' {
                    continue;
                }
            }
            if b == b'\r' {
                self.carriage_return = true;
            } else {
                out.push(b);
            }
        }
        Some(true)
    }
}

/// Reads into `buf` until it holds at least `min` bytes or the input ends; the count.
fn read_full(input: &mut impl Read, buf: &mut [u8], min: usize) -> Option<usize> {
    let mut n = 0;
    while n < min.min(buf.len()) {
        match input.read(buf.get_mut(n..)?) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(n)
}

/// Splits `input` (see the module comment), handing each full batch of elements to `send`
/// (which says whether to go on); returns the skeleton.
fn split(input: impl Read, send: &mut dyn FnMut(Batch) -> bool) -> Option<Vec<u8>> {
    let mut decoder = Decoder::new(input);
    let mut splitter = Splitter::default();
    loop {
        let more = decoder.read(&mut splitter.buf)?;
        match splitter.scan(!more, send) {
            Ok(()) | Err(Stop::More) if more => splitter.compact(),
            Ok(()) => return splitter.finish(send),
            Err(_) => return None,
        }
    }
}

/// The tokenizer's state between reads.
#[derive(Default)]
struct Splitter {
    /// Bytes not yet handed out, from `mark` on (earlier ones are dropped on compaction).
    buf: Vec<u8>,
    /// The next byte to look at.
    pos: usize,
    /// Where the current piece (skeleton text or list element) starts.
    mark: usize,
    lex: Option<Lex>,
    depth: usize,
    /// Inside `#![...]` before the catalogue.
    attribute: bool,
    /// The catalogue's `(` was opened.
    opened: bool,
    /// The identifier being read at the catalogue's top level.
    ident: Vec<u8>,
    /// The last top-level identifier named a list.
    named: Option<List>,
    /// ... and was followed by `:`.
    field: Option<List>,
    /// Inside the brackets of this list.
    list: Option<List>,
    /// The current element has something besides white space and comments.
    code: bool,
    /// The file's attributes (and comments before them), repeated before every element.
    header: Vec<u8>,
    skeleton: Vec<u8>,
    batch: Option<Batch>,
}

impl Splitter {
    /// Drops what was handed out, so that the buffer holds only the current piece.
    fn compact(&mut self) {
        if self.list.is_none() {
            self.flush_skeleton(self.pos);
        }
        self.buf.drain(..self.mark);
        self.pos -= self.mark;
        self.mark = 0;
    }

    /// Moves `buf[mark..to]` to the skeleton.
    fn flush_skeleton(&mut self, to: usize) {
        if let Some(piece) = self.buf.get(self.mark..to) {
            self.skeleton.extend_from_slice(piece);
        }
        self.mark = to;
    }

    /// At the end of the input: everything closed, the rest is skeleton.
    fn finish(mut self, send: &mut dyn FnMut(Batch) -> bool) -> Option<Vec<u8>> {
        let closed = matches!(self.lex, None | Some(Lex::Code | Lex::LineComment))
            && self.depth == 0
            && self.opened
            && self.list.is_none();
        if !closed {
            return None;
        }
        if let Some(batch) = self.batch.take()
            && !send(batch)
        {
            return None;
        }
        self.flush_skeleton(self.buf.len());
        Some(self.skeleton)
    }

    /// The byte at `i`, if read.
    fn at(&self, i: usize) -> Option<u8> {
        self.buf.get(i).copied()
    }

    /// Scans the buffer up to its end (or to a byte that needs more lookahead).
    fn scan(&mut self, eof: bool, send: &mut dyn FnMut(Batch) -> bool) -> Result<(), Stop> {
        while let Some(b) = self.at(self.pos) {
            match self.lex.unwrap_or(Lex::Code) {
                // Inside an element only strings, comments and brackets matter.
                Lex::Code if self.depth > 2 && !MATTERS[usize::from(b)] => {
                    self.pos = self.find(|c| MATTERS[usize::from(c)]).unwrap_or(self.buf.len());
                }
                Lex::Code => self.code_byte(b, eof, send)?,
                Lex::Str => self.quoted(b'"', Lex::StrEscape),
                Lex::Char => self.quoted(b'\'', Lex::CharEscape),
                Lex::StrEscape => {
                    self.lex = Some(Lex::Str);
                    self.pos += 1;
                }
                Lex::CharEscape => {
                    self.lex = Some(Lex::Char);
                    self.pos += 1;
                }
                Lex::LineComment => match self.find(|c| c == b'\n') {
                    Some(i) => {
                        self.lex = Some(Lex::Code);
                        self.pos = i + 1;
                    }
                    None => self.pos = self.buf.len(),
                },
                Lex::BlockComment(depth) => self.block_comment(b, depth, eof)?,
                Lex::RawStr(hashes) => self.raw_string_end(hashes, eof)?,
            }
        }
        Ok(())
    }

    /// The index of the first byte from `pos` on that `stop` accepts.
    fn find(&self, stop: impl Fn(u8) -> bool) -> Option<usize> {
        let rest = self.buf.get(self.pos..)?;
        rest.iter().position(|&c| stop(c)).map(|i| i + self.pos)
    }

    /// Inside a string or character literal closed by `close`.
    fn quoted(&mut self, close: u8, escape: Lex) {
        match self.find(|c| c == close || c == b'\\') {
            Some(i) => {
                self.lex = Some(if self.at(i) == Some(close) { Lex::Code } else { escape });
                self.pos = i + 1;
            }
            None => self.pos = self.buf.len(),
        }
    }

    fn block_comment(&mut self, b: u8, depth: usize, eof: bool) -> Result<(), Stop> {
        if b == b'*' || b == b'/' {
            let Some(next) = self.at(self.pos + 1) else {
                if eof {
                    return Err(Stop::Bail);
                }
                return Err(Stop::More);
            };
            if b == b'*' && next == b'/' {
                self.lex = Some(if depth == 1 {
                    Lex::Code
                } else {
                    Lex::BlockComment(depth - 1)
                });
                self.pos += 2;
                return Ok(());
            }
            if b == b'/' && next == b'*' {
                self.lex = Some(Lex::BlockComment(depth + 1));
                self.pos += 2;
                return Ok(());
            }
        }
        self.pos += 1;
        Ok(())
    }

    /// At a raw string's possible end: `"` and the right number of `#`.
    fn raw_string_end(&mut self, hashes: usize, eof: bool) -> Result<(), Stop> {
        let Some(quote) = self.find(|c| c == b'"') else {
            self.pos = self.buf.len();
            return Ok(());
        };
        self.pos = quote;
        let after = quote + 1;
        let Some(tail) = self.buf.get(after..after + hashes) else {
            return Err(if eof { Stop::Bail } else { Stop::More });
        };
        if tail.iter().all(|&c| c == b'#') {
            self.lex = Some(Lex::Code);
            self.pos = after + hashes;
        } else {
            self.pos = after;
        }
        Ok(())
    }

    /// The number of `#` after `r` at `pos`, when a raw string starts there.
    fn raw_string_start(&self, eof: bool) -> Result<Option<usize>, Stop> {
        let mut i = self.pos + 1;
        loop {
            match self.at(i) {
                Some(b'#') => i += 1,
                Some(b'"') => return Ok(Some(i - self.pos - 1)),
                Some(_) => return Ok(None),
                None if eof => return Ok(None),
                None => return Err(Stop::More),
            }
        }
    }

    /// True at the catalogue's top level, where field names are read.
    fn at_fields(&self) -> bool {
        self.opened && self.depth == 1 && self.list.is_none()
    }

    fn code_byte(&mut self, b: u8, eof: bool, send: &mut dyn FnMut(Batch) -> bool) -> Result<(), Stop> {
        let ident = b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
        if ident && !(b == b'r' && self.ident.is_empty()) {
            if self.at_fields() {
                self.ident.push(b);
            }
            self.code = true;
            self.pos += 1;
            return Ok(());
        }
        if !self.ident.is_empty() {
            self.named = List::named(&self.ident);
            self.ident.clear();
        }
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'/' => match self.at(self.pos + 1) {
                Some(b'/') => {
                    self.lex = Some(Lex::LineComment);
                    self.pos += 2;
                    return Ok(());
                }
                Some(b'*') => {
                    self.lex = Some(Lex::BlockComment(1));
                    self.pos += 2;
                    return Ok(());
                }
                None if !eof => return Err(Stop::More),
                _ => self.other(),
            },
            b'r' => {
                if let Some(hashes) = self.raw_string_start(eof)? {
                    self.lex = Some(Lex::RawStr(hashes));
                    self.other();
                    self.pos += hashes + 2;
                    return Ok(());
                }
                // An identifier starting with `r`.
                if self.at_fields() {
                    self.ident.push(b);
                }
                self.code = true;
            }
            b'"' => {
                self.lex = Some(Lex::Str);
                self.other();
            }
            b'\'' => {
                self.lex = Some(Lex::Char);
                self.other();
            }
            b'(' | b'[' | b'{' => self.open(b)?,
            b')' | b']' | b'}' => self.close(b, send)?,
            b',' => self.comma(send)?,
            b':' if self.at_fields() => self.field = self.named.take(),
            b'#' if self.depth == 0 && !self.opened => {
                self.attribute = true;
                self.other();
            }
            _ => self.other(),
        }
        self.pos += 1;
        Ok(())
    }

    /// Any other token: no longer `field:` or `field: [`.
    fn other(&mut self) {
        self.code = true;
        self.named = None;
        self.field = None;
    }

    fn open(&mut self, b: u8) -> Result<(), Stop> {
        if self.depth == 0 && !self.attribute {
            // The catalogue itself: `Catalogue(` or `(`; one value only.
            if self.opened || b != b'(' {
                return Err(Stop::Bail);
            }
            self.opened = true;
            self.depth = 1;
            self.other();
            return Ok(());
        }
        if b == b'['
            && self.at_fields()
            && let Some(list) = self.field.take()
        {
            self.flush_skeleton(self.pos + 1);
            self.list = Some(list);
            self.depth = 2;
            self.code = false;
            self.named = None;
            return Ok(());
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Stop::Bail);
        }
        self.other();
        Ok(())
    }

    fn close(&mut self, b: u8, send: &mut dyn FnMut(Batch) -> bool) -> Result<(), Stop> {
        if self.depth == 0 {
            return Err(Stop::Bail);
        }
        if self.depth == 2
            && let Some(list) = self.list
        {
            if b != b']' {
                return Err(Stop::Bail);
            }
            // The last element, or white space and comments after the last comma.
            if self.code {
                self.element(list, send)?;
            } else {
                self.flush_skeleton(self.pos);
            }
            self.list = None;
            self.depth = 1;
            self.other();
            return Ok(());
        }
        self.depth -= 1;
        self.other();
        if self.depth == 0 && self.attribute {
            self.attribute = false;
            self.flush_skeleton(self.pos + 1);
            if self.skeleton.len() > MAX_HEADER {
                return Err(Stop::Bail);
            }
            self.header.clone_from(&self.skeleton);
        }
        Ok(())
    }

    fn comma(&mut self, send: &mut dyn FnMut(Batch) -> bool) -> Result<(), Stop> {
        if self.depth == 2
            && let Some(list) = self.list
        {
            // `[a,,b]` and `[,a]` are errors.
            if !self.code {
                return Err(Stop::Bail);
            }
            self.element(list, send)?;
            self.mark = self.pos + 1;
            self.code = false;
            return Ok(());
        }
        self.other();
        Ok(())
    }

    /// Hands out `buf[mark..pos]` as an element of `list`.
    fn element(&mut self, list: List, send: &mut dyn FnMut(Batch) -> bool) -> Result<(), Stop> {
        if let Some(full) = self
            .batch
            .take_if(|batch| batch.list != list || batch.text.len() >= BATCH_BYTES)
            && !send(full)
        {
            return Err(Stop::Bail);
        }
        let batch = self.batch.get_or_insert_with(|| Batch::new(list));
        let start = batch.text.len();
        batch.text.extend_from_slice(&self.header);
        batch
            .text
            .extend_from_slice(self.buf.get(self.mark..self.pos).ok_or(Stop::Bail)?);
        batch.ranges.push(start..batch.text.len());
        self.mark = self.pos;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Source, parse as parse_whole};

    /// The stream parse of `text`, read a few bytes at a time (every boundary is tried
    /// somewhere), or `None`.
    fn streamed(text: &[u8], step: usize) -> Option<Catalogue> {
        parse(Trickle { text, at: 0, step })
    }

    struct Trickle<'a> {
        text: &'a [u8],
        at: usize,
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let rest = self.text.get(self.at..).unwrap_or_default();
            let n = rest.len().min(buf.len()).min(self.step);
            buf[..n].copy_from_slice(&rest[..n]);
            self.at += n;
            Ok(n)
        }
    }

    fn whole(text: &[u8]) -> Option<Catalogue> {
        Source::from_bytes("t.ron", text)
            .ok()
            .and_then(|s| parse_whole(&s).ok())
    }

    /// Streamed, in big and tiny reads, equals the whole parse.
    fn same(text: &str) {
        let expected = whole(text.as_bytes()).expect("the whole text parses");
        for step in [1, 2, 3, 7, 64, 1 << 20] {
            assert_eq!(streamed(text.as_bytes(), step).as_ref(), Some(&expected), "step {step}");
        }
    }

    fn generated() -> String {
        crate::generate::to_ron(&crate::generate::catalogue(120, 5)).expect("RON")
    }

    #[test]
    fn generated_and_bundled_catalogues_stream_as_they_parse() {
        same(&generated());
        same(&Source::bundled().text);
        let big = generated();
        let expected = whole(big.as_bytes()).expect("parses");
        assert_eq!(expected.services.len(), 120);
        assert_eq!(streamed(big.as_bytes(), 1 << 20), Some(expected));
    }

    #[test]
    fn many_batches_come_back_in_file_order() {
        let text = crate::generate::to_ron(&crate::generate::catalogue(3_000, 9)).expect("RON");
        assert!(text.len() > 8 * BATCH_BYTES, "{}", text.len());
        let expected = whole(text.as_bytes()).expect("parses");
        assert_eq!(streamed(text.as_bytes(), 1 << 20), Some(expected));
    }

    #[test]
    fn a_long_joined_list_gets_its_room_at_once_and_keeps_its_order() {
        let mut all: Vec<u64> = Vec::new();
        let mut next = 0;
        let mut capacities = Vec::new();
        for _ in 0..400 {
            let mut part: Vec<u64> = (next..next + 2_000).collect();
            next += 2_000;
            append(&mut all, &mut part);
            assert!(part.is_empty());
            capacities.push(all.capacity());
        }
        assert!(all.iter().copied().eq(0..next));
        // Doubling while small, then room for ROOM_BYTES at once, enough for the rest.
        assert_eq!(all.capacity(), ROOM_BYTES / 8);
        assert!(
            capacities
                .iter()
                .all(|&c| c * 8 <= 2 * GROW_BYTES || c == ROOM_BYTES / 8),
            "{capacities:?}"
        );
    }

    #[test]
    fn comments_raw_strings_characters_and_attributes_are_followed() {
        let text = r##"// a comment with ( [ " and ,
/* a /* nested */ block ] */
#![enable(implicit_some)]
Catalogue(
    version: "1, ( [", // a comment ] )
    date: r#"2026-01-01"#,
    themes: [
        Theme(id: "a", name: (en: "A, [b] \" ( ", uk: r#"raw "quoted", ]"#)),
        /* between ] , */ Theme(id: "b", name: (en: "B /* not a comment */ // nor this")),
        // after the last comma ]
    ],
    target_groups: [TargetGroup(id: "g", name: (en: "G"), parent: "a")],
    libraries: [],
    services: [
        Service(id: "s", title: (en: "café"), summary: (uk: "Café — ‘x’"), year: 2020, seeds: ["r"],),
    ],
)
// the end, with a ) and a ]
"##;
        same(text);
        let cat = whole(text.as_bytes()).expect("parses");
        assert_eq!(cat.themes.len(), 2);
        assert_eq!(cat.services.len(), 1);
        assert_eq!(cat.version, "1, ( [");
    }

    #[test]
    fn byte_order_mark_and_crlf_are_accepted() {
        let text = generated().replace('\n', "\r\n");
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(text.as_bytes());
        let expected = whole(&bytes).expect("parses");
        for step in [1, 2, 1 << 20] {
            assert_eq!(streamed(&bytes, step).as_ref(), Some(&expected), "step {step}");
        }
        // A lone CR is a line break too, also inside a string.
        let lone = "Catalogue(version: \"a\rb\",\r)\r";
        assert_eq!(streamed(lone.as_bytes(), 1), whole(lone.as_bytes()));
        assert_eq!(streamed(lone.as_bytes(), 1).map(|c| c.version), Some("a b".to_owned()));
    }

    #[test]
    fn texts_are_cleaned_as_the_whole_parse_cleans_them() {
        let text = "Catalogue(themes: [Theme(id: \"a\", name: (en: \"x\\u{1b}[31my\\u{202e}z\"))])";
        same(text);
        assert_eq!(
            streamed(text.as_bytes(), 5).map(|c| c.themes[0].name.en().to_owned()),
            Some("xyz".to_owned())
        );
    }

    #[test]
    fn anything_wrong_or_unexpected_gives_none() {
        let bad: &[&[u8]] = &[
            b"",
            b"// only a comment\n",
            b"Catalogue(",
            b"Catalogue(services: [Service(id: \"a\")])",
            b"Catalogue(themes: [Theme(id: \"a\", name: (en: \"A\")),, ])",
            b"Catalogue(themes: [, Theme(id: \"a\", name: (en: \"A\"))])",
            b"Catalogue(themes: [Theme(id: \"a\", name: (en: \"A\")) Theme(id: \"b\", name: (en: \"B\"))])",
            b"Catalogue(themes: [Theme(id: \"a\", name: (en: \"A\"))), version: \"1\")",
            b"Catalogue(themes: [Theme(id: \"a\", name: (en: \"A\")))])",
            b"Catalogue(shapes: [1, 2])",
            b"Catalogue(themes: [], themes: [])",
            b"Catalogue()\nCatalogue()",
            b"Catalogue() trailing",
            b"[Catalogue()]",
            b"Catalogue(version: \"unterminated)",
            b"Catalogue(version: r#\"unterminated\")",
            b"Catalogue(version: \"a\") /* open comment",
            b"Catalogue(themes: [Theme(id: \"a\", name: (en: \"\xFF\"))])",
            b"Catalogue(version: \"\xC3\")",
            b"\xFF\xFEC\0a\0",
            b"C\0a\0t\0a\0l\0o\0g\0u\0e\0(\0)\0",
        ];
        for text in bad {
            assert_eq!(
                whole(text),
                None,
                "the whole parse fails on {:?}",
                String::from_utf8_lossy(text)
            );
            for step in [1, 3, 1 << 20] {
                assert_eq!(streamed(text, step), None, "{:?}", String::from_utf8_lossy(text));
            }
        }
    }

    #[test]
    fn deep_nesting_is_left_to_the_whole_parse() {
        let text = format!("Catalogue(version: {}\"a\"{})", "(".repeat(100), ")".repeat(100));
        assert_eq!(streamed(text.as_bytes(), 1 << 20), None);
    }

    #[test]
    fn a_read_error_gives_none() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk gone"))
            }
        }
        assert_eq!(parse(Broken), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// A damaged file streams to what the whole parse gives, or to `None` (the whole
        /// parse then reports it): never to something else.
        #[test]
        fn a_mutated_catalogue_streams_to_the_whole_parse_or_nothing(
            edits in proptest::collection::vec((0usize..1_000_000, 0usize..4, proptest::sample::select(
                vec!["", ",", "]", "[", "(", ")", "\"", "r#\"", "\"#", "//", "/*", "*/", "\n", "'", "\\", "#", "x", "services:"]
            )), 1..4),
        ) {
            let text = SMALL;
            let mut bytes = text.as_bytes().to_vec();
            for (at, cut, insert) in edits {
                let at = at % (bytes.len() + 1);
                let cut = cut.min(bytes.len() - at);
                bytes.splice(at..at + cut, insert.bytes());
            }
            let got = streamed(&bytes, 3);
            if let Some(got) = got {
                proptest::prop_assert_eq!(Some(got), whole(&bytes));
            }
        }
    }

    const SMALL: &str = r##"#![enable(implicit_some)]
Catalogue(
    version: "1",
    themes: [Theme(id: "a", name: (en: "A, \"b\"")), Theme(id: "b", name: (uk: r#"Б ]"#))],
    libraries: [Library(id: "l", name: (en: "L"), country: "UA", coordinates: (50.0, 30.0))],
    services: [
        Service(id: "s", title: (en: "S"), summary: (en: "x"), libraries: ["l"], seeds: []), // one
        Service(id: "t", title: (en: "T"), summary: (en: "y"), themes: ["a", "b"], seeds: []),
    ],
)
"##;
}
