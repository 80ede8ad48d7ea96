//! A cache of big loaded catalogues, so that a command on a big `--data` file does not parse
//! and validate its RON again each time.
//!
//! The merged, validated catalogue goes to the cache folder as `catalogue-KEY.bin`. KEY is a
//! hash (XXH3, 128 bits) of this program's version, the cache format and the name and bytes
//! of every file loaded, in order, read as a stream: any change to any of them gives another
//! key, so a stale cache is never used. A cache file that cannot be read or does not hold
//! what its name says is ignored (and written again); only one is kept. Catalogues smaller
//! than [`MIN_BYTES`] load fast enough without.
//!
//! The file: a magic line, the format number and the key; the catalogue as `MessagePack` with
//! named fields (self-describing, so the model's left-out optional fields come back as their
//! defaults), first its sources, version and date, then its lists in segments of
//! [`SEGMENT`] entries; an opaque byte blob for whoever needs one (the search index); an
//! end mark. It is written to a temporary file renamed into place. It is read through a
//! buffer, a few segments at a time, and the segments are decoded on every core.

use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::catalogue::{Catalogue, Dataset, Layers, Source, SourceSummary};

/// Below this many bytes of catalogue files, nothing is cached.
pub const MIN_BYTES: u64 = 4 << 20;

/// Changes when the cached form changes.
const FORMAT: u32 = 2;

/// Entries of one list per segment.
pub const SEGMENT: usize = 2048;

/// The largest segment (or head) read: a longer one is a damaged file.
const MAX_SEGMENT: u64 = 256 << 20;

/// Segment tags: which list a segment belongs to; [`LAST`] ends the lists.
const THEMES: u8 = 1;
const TARGET_GROUPS: u8 = 2;
const PROGRAMMES: u8 = 3;
const LIBRARIES: u8 = 4;
const SERVICES: u8 = 5;
const LAST: u8 = 0;

/// The first bytes of a cache file.
const MAGIC: &[u8; 16] = b"libservices-c\n\0\x01";

/// The last bytes of a complete cache file.
const END: &[u8; 4] = b"end\n";

/// Buffer size for reading and writing cache and catalogue files.
const BUFFER: usize = 1 << 20;

/// The head of a cache file: the sources and the catalogue without its lists.
#[derive(Deserialize)]
struct Head {
    sources: Vec<SourceSummary>,
    catalogue: Catalogue,
}

/// [`Head`] by reference, for writing.
#[derive(Serialize)]
struct HeadRef<'a> {
    sources: &'a [SourceSummary],
    catalogue: &'a Catalogue,
}

/// The key of the files to load: a hash of the program version, the format and every file
/// (its layer, name and bytes; a big file is read as a stream, not held). `None` when they
/// are too small to cache, or a file could not be read (its problem must be reported).
#[must_use]
pub fn key(layers: &Layers) -> Option<String> {
    let all = [&layers.base, &layers.updates, &layers.data];
    let files: Vec<&Source> = all
        .iter()
        .flat_map(|layer| layer.iter())
        .map(|f| f.as_ref().ok())
        .collect::<Option<_>>()?;
    let size = |f: &Source| f.unread().map_or(f.text.len() as u64, |(_, len)| len);
    if files.iter().map(|f| size(f)).sum::<u64>() < MIN_BYTES {
        return None;
    }
    hash(layers)
}

/// [`key`] whatever the size of the files (`bench` times the cache on small catalogues too).
#[must_use]
pub fn hash(layers: &Layers) -> Option<String> {
    let all = [&layers.base, &layers.updates, &layers.data];
    if all.iter().any(|layer| layer.iter().any(Result::is_err)) {
        return None;
    }
    let mut hasher = Xxh3::new();
    let field = |hasher: &mut Xxh3, bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(&mut hasher, env!("CARGO_PKG_VERSION").as_bytes());
    field(&mut hasher, &FORMAT.to_le_bytes());
    for layer in all {
        field(&mut hasher, &(layer.len() as u64).to_le_bytes());
        for file in layer.iter().flatten() {
            field(&mut hasher, file.name.as_bytes());
            match file.unread() {
                Some((path, _)) => {
                    field(&mut hasher, b"file");
                    hash_file(&mut hasher, path)?;
                }
                None => field(&mut hasher, file.text.as_bytes()),
            }
        }
    }
    Some(format!("{:032x}", hasher.digest128()))
}

/// Adds a file's bytes and their count to the hash, reading it in pieces.
fn hash_file(hasher: &mut Xxh3, path: &Path) -> Option<()> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut buf = vec![0; BUFFER];
    let mut total = 0u64;
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(buf.get(..n)?);
                total += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    hasher.update(&total.to_le_bytes());
    Some(())
}

/// The cache file for a key.
fn path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("catalogue-{key}.bin"))
}

/// The dataset cached for these files and the blob stored with it, if there is a good one
/// (for tests and tools; the app reads the blob as it goes, with [`load_with`]).
#[must_use]
pub fn load(dir: &Path, key: &str) -> Option<(Dataset, Vec<u8>)> {
    let (ds, blob) = load_with(dir, key, |_, input, len| {
        let mut blob = Vec::new();
        input.read_to_end(&mut blob).ok()?;
        (blob.len() as u64 == len).then_some(blob)
    })?;
    Some((ds, blob?))
}

/// The dataset cached for these files, if there is a good one, and what `read` makes of the
/// blob stored with it. `read` gets the dataset, the blob's bytes to read (no more) and their
/// number, which is never more than the file holds: its owner reads it as it likes, without
/// a copy of it in memory first (see [`Blob`]).
pub fn load_with<T>(
    dir: &Path,
    key: &str,
    read: impl FnOnce(&Dataset, &mut dyn Read, u64) -> T,
) -> Option<(Dataset, T)> {
    let file = std::fs::File::open(path(dir, key)).ok()?;
    let size = file.metadata().ok()?.len();
    let mut input = BufReader::with_capacity(BUFFER, file);
    let mut magic = [0; MAGIC.len()];
    input.read_exact(&mut magic).ok()?;
    if magic != *MAGIC || read_u64(&mut input)? != u64::from(FORMAT) || read_bytes(&mut input, 64)? != key.as_bytes() {
        return None;
    }
    let head: Head = rmp_serde::from_slice(&read_bytes(&mut input, MAX_SEGMENT)?).ok()?;
    let mut catalogue = head.catalogue;
    let ((), lists) = crate::catalogue::in_order(
        |send| {
            loop {
                let mut tag = [0];
                input.read_exact(&mut tag).ok()?;
                if tag[0] == LAST {
                    return Some(());
                }
                if !send((tag[0], read_bytes(&mut input, MAX_SEGMENT)?)) {
                    return None;
                }
            }
        },
        |(tag, bytes): (u8, Vec<u8>)| decode_segment(tag, &bytes),
    )?;
    catalogue.themes = lists.themes;
    catalogue.target_groups = lists.target_groups;
    catalogue.programmes = lists.programmes;
    catalogue.libraries = lists.libraries;
    catalogue.services = lists.services;
    let ds = Dataset::new(catalogue, head.sources);
    let len = read_u64(&mut input)?;
    if len > size.saturating_sub(input.stream_position().ok()?) {
        return None;
    }
    let mut blob = Read::take(&mut input, len);
    let extra = read(&ds, &mut blob, len);
    // What `read` left of the blob is skipped; a file that ends before it is refused.
    std::io::copy(&mut blob, &mut std::io::sink()).ok()?;
    if blob.limit() != 0 {
        return None;
    }
    let mut end = [0; END.len()];
    input.read_exact(&mut end).ok()?;
    // Nothing may follow the end mark.
    if end != *END || input.read(&mut [0]).ok()? != 0 {
        return None;
    }
    Some((ds, extra))
}

/// A catalogue with only the entries of one segment.
fn decode_segment(tag: u8, bytes: &[u8]) -> Option<Catalogue> {
    fn entries<T: DeserializeOwned>(bytes: &[u8]) -> Option<Vec<T>> {
        rmp_serde::from_slice(bytes).ok()
    }
    let mut part = Catalogue::default();
    match tag {
        THEMES => part.themes = entries(bytes)?,
        TARGET_GROUPS => part.target_groups = entries(bytes)?,
        PROGRAMMES => part.programmes = entries(bytes)?,
        LIBRARIES => part.libraries = entries(bytes)?,
        SERVICES => part.services = entries(bytes)?,
        _ => return None,
    }
    Some(part)
}

fn read_u64(input: &mut impl Read) -> Option<u64> {
    let mut bytes = [0; 8];
    input.read_exact(&mut bytes).ok()?;
    Some(u64::from_le_bytes(bytes))
}

/// A length (at most `max`) and that many bytes.
fn read_bytes(input: &mut impl Read, max: u64) -> Option<Vec<u8>> {
    let len = read_u64(input)?;
    if len > max {
        return None;
    }
    let mut bytes = Vec::new();
    // `take` stops at the end of a short file: the count is checked, nothing is allocated
    // on trust.
    input.take(len).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 == len).then_some(bytes)
}

/// `MessagePack` with named fields.
fn encode<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> std::io::Result<()> {
    out.clear();
    value
        .serialize(&mut rmp_serde::Serializer::new(out).with_struct_map())
        .map_err(std::io::Error::other)
}

/// Writes a list in segments of [`SEGMENT`] entries.
fn write_list<T: Serialize>(out: &mut impl Write, buf: &mut Vec<u8>, tag: u8, list: &[T]) -> std::io::Result<()> {
    for chunk in list.chunks(SEGMENT) {
        encode(chunk, buf)?;
        out.write_all(&[tag])?;
        write_bytes(out, buf)?;
    }
    Ok(())
}

/// Bytes stored after the dataset (the search index), written by their owner straight into
/// the cache file rather than made in memory first.
pub trait Blob {
    /// How many bytes [`Blob::write_blob`] writes.
    fn blob_len(&self) -> u64;
    /// Writes the bytes.
    fn write_blob(&self, out: &mut dyn Write) -> std::io::Result<()>;
}

impl Blob for &[u8] {
    fn blob_len(&self) -> u64 {
        self.len() as u64
    }

    fn write_blob(&self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self)
    }
}

impl Blob for crate::search::Index {
    fn blob_len(&self) -> u64 {
        self.byte_len()
    }

    fn write_blob(&self, out: &mut dyn Write) -> std::io::Result<()> {
        self.write_to(out)
    }
}

/// The whole cache file.
fn write(out: &mut impl Write, key: &str, ds: &Dataset, extra: &dyn Blob) -> std::io::Result<()> {
    let c = &ds.catalogue;
    out.write_all(MAGIC)?;
    out.write_all(&u64::from(FORMAT).to_le_bytes())?;
    write_bytes(out, key.as_bytes())?;
    let mut buf = Vec::new();
    let head = Catalogue {
        version: c.version.clone(),
        date: c.date.clone(),
        sources: c.sources.clone(),
        ..Catalogue::default()
    };
    encode(
        &HeadRef {
            sources: &ds.sources,
            catalogue: &head,
        },
        &mut buf,
    )?;
    write_bytes(out, &buf)?;
    write_list(out, &mut buf, THEMES, &c.themes)?;
    write_list(out, &mut buf, TARGET_GROUPS, &c.target_groups)?;
    write_list(out, &mut buf, PROGRAMMES, &c.programmes)?;
    write_list(out, &mut buf, LIBRARIES, &c.libraries)?;
    write_list(out, &mut buf, SERVICES, &c.services)?;
    out.write_all(&[LAST])?;
    out.write_all(&extra.blob_len().to_le_bytes())?;
    extra.write_blob(out)?;
    out.write_all(END)
}

/// Writes the dataset for these files with `extra` (any bytes; empty when there is nothing
/// to add), best effort: a cache that cannot be written is not an error. Removes older
/// cache files.
pub fn store(dir: &Path, key: &str, ds: &Dataset, extra: &[u8]) {
    store_blob(dir, key, ds, &extra);
}

/// [`store`] with the extra bytes written by their owner (see [`Blob`]).
pub fn store_blob(dir: &Path, key: &str, ds: &Dataset, extra: &dyn Blob) {
    let target = path(dir, key);
    let temporary = dir.join(format!("catalogue-{key}.bin.{}.tmp", std::process::id()));
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::File::create(&temporary))
        .and_then(|file| {
            let mut out = BufWriter::with_capacity(BUFFER, file);
            write(&mut out, key, ds, extra)?;
            out.into_inner()
                .map_err(std::io::IntoInnerError::into_error)?
                .sync_all()
        })
        .and_then(|()| std::fs::rename(&temporary, &target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
        return;
    }
    // One cache file is enough: the others belong to files that changed (`.json` ones to
    // an older version of the program).
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let ours = Path::new(&*name)
                .extension()
                .is_some_and(|ext| ext == "bin" || ext == "json");
            if name.starts_with("catalogue-") && ours && entry.path() != target {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

fn write_bytes(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{self, Origin};

    /// The bundled catalogue and a generated file big enough to cache.
    fn generated() -> Layers {
        let text = crate::generate::to_ron(&crate::generate::catalogue(60, 2)).expect("RON");
        let padding = format!("\n// {}\n", "x".repeat(MIN_BYTES as usize));
        Layers {
            base: vec![Ok(Source::bundled())],
            updates: Vec::new(),
            data: vec![Ok(Source::from_text("big.ron", &(text + &padding)))],
        }
    }

    #[test]
    fn a_stored_dataset_and_blob_come_back_the_same() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let files = generated();
        let mut ds = catalogue::load_layers(&files).expect("loads");
        ds.sources[1].replaced = vec!["some-id".to_owned()];
        ds.sources[1].origin = Origin::Update;
        let key = key(&files).expect("big enough");
        assert!(load(dir.path(), &key).is_none());
        for blob in [&b""[..], b"\0index bytes\xFF"] {
            store(dir.path(), &key, &ds, blob);
            let (back, extra) = load(dir.path(), &key).expect("cached");
            assert_eq!(back.catalogue, ds.catalogue);
            assert_eq!(back.sources, ds.sources);
            assert_eq!(back.links, ds.links);
            assert_eq!(extra, blob);
        }
        // The search index writes itself into the file; it reads back whole.
        let index = crate::search::Index::new(&ds.catalogue);
        store_blob(dir.path(), &key, &ds, &index);
        let (_, extra) = load(dir.path(), &key).expect("cached");
        assert_eq!(extra, index.to_bytes());
        // Or straight from the file, as the app reads it.
        let (_, back) = load_with(dir.path(), &key, |ds, input, len| {
            crate::search::Index::read_from(input, len, &ds.catalogue)
        })
        .expect("cached");
        assert_eq!(back.expect("the index reads back").to_bytes(), index.to_bytes());
        // A reader that stops early: the rest of the blob is skipped, the file is good.
        let (_, first) = load_with(dir.path(), &key, |_, input, _| {
            let mut magic = [0; 4];
            input.read_exact(&mut magic).ok().map(|()| magic)
        })
        .expect("cached");
        assert_eq!(first, Some(*b"LSIX"));
    }

    #[test]
    fn many_segments_come_back_in_order() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let ds = Dataset::new(crate::generate::catalogue(3 * SEGMENT + 5, 4), Vec::new());
        store(dir.path(), "k", &ds, b"x");
        let (back, extra) = load(dir.path(), "k").expect("cached");
        assert_eq!(back.catalogue, ds.catalogue);
        assert_eq!(extra, b"x");
    }

    #[test]
    fn every_optional_field_and_odd_text_round_trips() {
        let dir = tempfile::tempdir().expect("temporary folder");
        // The generator leaves fields out and fills them in at random; the bundled
        // catalogue adds people, urls, coordinates and programme kinds.
        let mut cat = crate::generate::catalogue(300, 11);
        let bundled = catalogue::parse(&Source::bundled()).expect("bundled");
        cat.programmes.extend(bundled.programmes);
        cat.libraries.extend(bundled.libraries);
        cat.services.extend(bundled.services);
        cat.themes.extend(bundled.themes);
        cat.target_groups.extend(bundled.target_groups);
        cat.version = "\u{0}\u{1F600} \"quoted\"".to_owned();
        if let Some(l) = cat.libraries.first_mut() {
            l.coordinates = Some((-89.999_999_999_9, 179.000_000_000_1));
        }
        let ds = Dataset::new(cat, Vec::new());
        store(dir.path(), "k", &ds, &[]);
        let (back, _) = load(dir.path(), "k").expect("cached");
        assert_eq!(back.catalogue, ds.catalogue);
    }

    #[test]
    fn any_change_to_a_file_or_its_name_changes_the_key() {
        let files = generated();
        let data = |f: &Layers| f.data[0].as_ref().expect("read").clone();
        let changed_text = |f: &Layers, text: String| Source::from_text(&data(f).name, &text);
        let mut changed = generated();
        changed.data[0] = Ok(changed_text(&files, data(&files).text + " "));
        let mut renamed = generated();
        renamed.data[0] = Ok(Source::from_text("other.ron", &data(&files).text));
        let mut alone = generated();
        alone.base.clear();
        let mut as_update = generated();
        as_update.updates = std::mem::take(&mut as_update.data);
        let keys = [&files, &changed, &renamed, &alone, &as_update].map(|l| key(l).expect("big enough"));
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(key(&files), key(&generated()));
        let mut unreadable = generated();
        unreadable.data.push(Err(crate::catalogue::Problem::new(
            "gone.ron",
            None,
            crate::i18n::Both::new("cannot read", "не вдається прочитати"),
        )));
        assert_eq!(key(&unreadable), None);
    }

    #[test]
    fn a_big_file_is_hashed_from_disk_and_each_byte_counts() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let file = dir.path().join("big.ron");
        let text = data_text(&generated());
        std::fs::write(&file, &text).expect("write");
        let opened = |path: &Path| Layers {
            data: vec![Source::open(path)],
            ..Layers::default()
        };
        let first = opened(&file);
        assert!(first.data[0].as_ref().expect("opens").unread().is_some());
        let key1 = key(&first).expect("big enough");
        assert_eq!(key(&opened(&file)), Some(key1.clone()));
        let mut bytes = text.into_bytes();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        std::fs::write(&file, &bytes).expect("write");
        assert_ne!(key(&opened(&file)), Some(key1));
        std::fs::remove_file(&file).expect("remove");
        let gone = Layers {
            data: vec![Ok(first.data[0].as_ref().expect("opened").clone())],
            ..Layers::default()
        };
        assert_eq!(key(&gone), None, "a file that cannot be read has no key");
    }

    fn data_text(layers: &Layers) -> String {
        layers.data[0].as_ref().expect("read").text.clone()
    }

    #[test]
    fn a_corrupt_truncated_or_foreign_cache_file_is_ignored_and_replaced() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let files = generated();
        let ds = catalogue::load_layers(&files).expect("loads");
        let key = key(&files).expect("big enough");
        std::fs::write(path(dir.path(), &key), "{\"format\": 1, \"key\": \"trunc").expect("write");
        assert!(load(dir.path(), &key).is_none());
        // A good file under the wrong name.
        store(dir.path(), "0000000000000000", &ds, b"blob");
        std::fs::rename(path(dir.path(), "0000000000000000"), path(dir.path(), &key)).expect("rename");
        assert!(load(dir.path(), &key).is_none(), "the key inside must match");
        store(dir.path(), &key, &ds, b"blob");
        let good = std::fs::read(path(dir.path(), &key)).expect("cache file");
        // Every cut, and a byte too many, is refused.
        for cut in (0..good.len()).step_by(good.len() / 97).chain([good.len() - 1]) {
            std::fs::write(path(dir.path(), &key), &good[..cut]).expect("write");
            assert!(load(dir.path(), &key).is_none(), "cut at {cut}");
        }
        std::fs::write(path(dir.path(), &key), [&good[..], b"x"].concat()).expect("write");
        assert!(load(dir.path(), &key).is_none(), "trailing byte");
        // A damaged length is not trusted.
        let mut long = good.clone();
        let at = MAGIC.len() + 8;
        long[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        std::fs::write(path(dir.path(), &key), &long).expect("write");
        assert!(load(dir.path(), &key).is_none());
        std::fs::write(path(dir.path(), "old"), "{}").expect("write");
        std::fs::write(dir.path().join("catalogue-old.json"), "{}").expect("write");
        store(dir.path(), &key, &ds, b"blob");
        assert!(load(dir.path(), &key).is_some());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [format!("catalogue-{key}.bin")]);
    }

    #[test]
    fn small_catalogues_are_not_cached() {
        let small = Layers {
            base: vec![Ok(Source::bundled())],
            ..Layers::default()
        };
        assert_eq!(key(&small), None);
    }
}
