//! A cache of big loaded catalogues, so that a command on a big `--data` file does not parse
//! and validate its RON again each time.
//!
//! The merged, validated catalogue is written as JSON (`serde_json`, already used for `--format
//! json`; it is self-describing, so the model's optional fields round-trip) to the cache
//! folder as `catalogue-KEY.json`. KEY is a hash of this program's version, the cache format
//! and the name and text of every file loaded, in order: any change to any of them gives
//! another key, so a stale cache is never used. A cache file that cannot be read or does not
//! hold what its name says is ignored (and written again); only one is kept. Catalogues
//! smaller than [`MIN_BYTES`] load fast enough without.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, Dataset, Layers, Source, SourceSummary};

/// Below this many bytes of catalogue text, nothing is cached.
pub const MIN_BYTES: usize = 4 << 20;

/// Changes when the cached form changes.
const FORMAT: u32 = 1;

/// What a cache file holds.
#[derive(Serialize, Deserialize)]
struct Cached {
    format: u32,
    key: String,
    sources: Vec<SourceSummary>,
    catalogue: Catalogue,
}

/// The key of the files to load: a hash of the program version, the format and every file
/// (its layer, name and text). `None` when they are too small to cache, or a file could not
/// be read (its problem must be reported).
#[must_use]
pub fn key(layers: &Layers) -> Option<String> {
    let all = [&layers.base, &layers.updates, &layers.data];
    let files: Vec<&Source> = all
        .iter()
        .flat_map(|layer| layer.iter())
        .map(|f| f.as_ref().ok())
        .collect::<Option<_>>()?;
    if files.iter().map(|f| f.text.len()).sum::<usize>() < MIN_BYTES {
        return None;
    }
    let mut hasher = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    FORMAT.hash(&mut hasher);
    for layer in all {
        layer.len().hash(&mut hasher);
        for file in layer.iter().flatten() {
            file.name.hash(&mut hasher);
            file.text.hash(&mut hasher);
        }
    }
    Some(format!("{:016x}", hasher.finish()))
}

/// The cache file for a key.
fn path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("catalogue-{key}.json"))
}

/// True when there is a cache file for the key (good or not).
#[must_use]
pub fn exists(dir: &Path, key: &str) -> bool {
    path(dir, key).is_file()
}

/// The dataset cached for these files, if there is a good one.
#[must_use]
pub fn load(dir: &Path, key: &str) -> Option<Dataset> {
    let file = std::fs::File::open(path(dir, key)).ok()?;
    let cached: Cached = serde_json::from_reader(BufReader::new(file)).ok()?;
    (cached.format == FORMAT && cached.key == key).then(|| Dataset::new(cached.catalogue, cached.sources))
}

/// Writes the dataset for these files (best effort: a cache that cannot be written is not an
/// error) and removes older cache files.
pub fn store(dir: &Path, key: &str, ds: &Dataset) {
    let cached = CachedRef {
        format: FORMAT,
        key,
        sources: &ds.sources,
        catalogue: &ds.catalogue,
    };
    let target = path(dir, key);
    let temporary = dir.join(format!("catalogue-{key}.json.{}.tmp", std::process::id()));
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::File::create(&temporary))
        .and_then(|file| {
            let mut out = BufWriter::new(file);
            serde_json::to_writer(&mut out, &cached)?;
            out.flush()?;
            out.into_inner()
                .map_err(std::io::IntoInnerError::into_error)?
                .sync_all()
        })
        .and_then(|()| std::fs::rename(&temporary, &target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
        return;
    }
    // One cache file is enough: the others belong to files that changed.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("catalogue-") && name.ends_with(".json") && entry.path() != target {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// [`Cached`] by reference, for writing without copying the catalogue.
#[derive(Serialize)]
struct CachedRef<'a> {
    format: u32,
    key: &'a str,
    sources: &'a [SourceSummary],
    catalogue: &'a Catalogue,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue;

    /// The bundled catalogue and a generated file big enough to cache.
    fn generated() -> Layers {
        let text = crate::generate::to_ron(&crate::generate::catalogue(60, 2)).expect("RON");
        let padding = format!("\n// {}\n", "x".repeat(MIN_BYTES));
        Layers {
            base: vec![Ok(Source::bundled())],
            updates: Vec::new(),
            data: vec![Ok(Source::from_text("big.ron", &(text + &padding)))],
        }
    }

    #[test]
    fn a_stored_dataset_comes_back_the_same() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let files = generated();
        let ds = catalogue::load_layers(&files).expect("loads");
        let key = key(&files).expect("big enough");
        assert!(load(dir.path(), &key).is_none());
        store(dir.path(), &key, &ds);
        let back = load(dir.path(), &key).expect("cached");
        assert_eq!(back.catalogue, ds.catalogue);
        assert_eq!(back.sources, ds.sources);
        assert_eq!(back.links, ds.links);
    }

    #[test]
    fn any_change_to_a_file_or_its_name_changes_the_key() {
        let files = generated();
        let data = |f: &Layers| f.data[0].as_ref().expect("read").clone();
        let mut changed = generated();
        changed.data[0] = Ok(Source {
            text: data(&files).text + " ",
            ..data(&files)
        });
        let mut renamed = generated();
        renamed.data[0] = Ok(Source {
            name: "other.ron".into(),
            ..data(&files)
        });
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
            "cannot read".into(),
        )));
        assert_eq!(key(&unreadable), None);
    }

    #[test]
    fn a_corrupt_or_foreign_cache_file_is_ignored_and_replaced() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let files = generated();
        let ds = catalogue::load_layers(&files).expect("loads");
        let key = key(&files).expect("big enough");
        std::fs::write(path(dir.path(), &key), "{\"format\": 1, \"key\": \"trunc").expect("write");
        assert!(load(dir.path(), &key).is_none());
        // A good file under the wrong name.
        store(dir.path(), "0000000000000000", &ds);
        std::fs::rename(path(dir.path(), "0000000000000000"), path(dir.path(), &key)).expect("rename");
        assert!(load(dir.path(), &key).is_none(), "the key inside must match");
        store(dir.path(), &key, &ds);
        assert!(load(dir.path(), &key).is_some());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [format!("catalogue-{key}.json")]);
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
