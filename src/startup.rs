//! Loading the catalogue at start: the files in the order they are merged (the bundled
//! catalogue, the updates, `--data`), the cache of big catalogues, and what to say about
//! updates that were left out. Shared by the commands and the app.

use std::path::{Path, PathBuf};

use crate::catalogue::{self, Dataset, Lang, Layers, Problem, Skipped, Source};
use crate::cli::{Cli, CliError};
use crate::i18n::{Both, io_reason};
use crate::paths::Paths;
use crate::search::Index;

/// The files a command works on, in the order they are merged: the bundled catalogue; the
/// updates in the data folder's `catalogues/` (both left out with `--no-bundled`, the updates
/// also with `--no-updates`); then the `--data` files and `extra`.
pub fn sources(cli: &Cli, extra: &[PathBuf]) -> Layers {
    let mut layers = Layers::default();
    if !cli.no_bundled {
        layers.base.push(Ok(Source::bundled()));
        if !cli.no_updates
            && let Some(paths) = Paths::detect()
        {
            layers.updates = update_sources(&paths.catalogues());
        }
    }
    layers.data = cli.data.iter().chain(extra).map(|path| Source::open(path)).collect();
    layers
}

/// The update files in `folder`, each read or the problem that stopped it.
fn update_sources(folder: &Path) -> Vec<Result<Source, Problem>> {
    match crate::paths::catalogue_files(folder) {
        Ok(files) => bounded_updates(&files, crate::catalogue::MAX_FILE),
        Err(e) => vec![Err(Problem::new(
            &folder.display().to_string(),
            None,
            Both::new(
                format!(
                    "cannot read the folder of catalogue updates: {}; check that you may read it",
                    io_reason(&e, Lang::En)
                ),
                format!(
                    "не вдається прочитати теку оновлень каталогу: {}; перевірте, чи маєте право її читати",
                    io_reason(&e, Lang::Uk)
                ),
            ),
        ))],
    }
}

/// The update files opened in order while their sizes add up to at most `limit` (the app
/// gives [`crate::catalogue::MAX_FILE`]); the rest are refused, so that whatever is dropped
/// into the folder, memory stays bounded.
pub(crate) fn bounded_updates(files: &[PathBuf], limit: u64) -> Vec<Result<Source, Problem>> {
    let mut total = 0u64;
    files
        .iter()
        .map(|f| {
            let len = crate::catalogue::check_file(f)?;
            total = total.saturating_add(len);
            if total > limit {
                return Err(Problem::new(
                    &f.display().to_string(),
                    None,
                    Both::new(
                        "not read: the updates before it in the folder already add up to 1 GiB, the most read at once; move some of them out",
                        "не прочитано: оновлення перед ним у теці вже разом займають 1 ГіБ — найбільше, що читають за раз; перенесіть частину з них деінде",
                    ),
                ));
            }
            Source::open(f)
        })
        .collect()
}

/// Loads the dataset for a command; updates that do not fit are in `skipped`.
pub fn load(cli: &Cli) -> Result<Dataset, CliError> {
    load_indexed(cli).map(|(ds, _)| ds)
}

/// [`load`], with the search index when the catalogue is big enough to be cached: read from
/// the cache, or built and cached with the catalogue.
pub fn load_indexed(cli: &Cli) -> Result<(Dataset, Option<Index>), CliError> {
    let layers = sources(cli, &[]);
    if layers.base.is_empty() && layers.data.is_empty() {
        return Err(CliError::NoCatalogue);
    }
    // A big catalogue that validated before is read from the cache (see `cache`). Big
    // files are only opened (`Source::open`): hashing and parsing read them as streams.
    let cache = Paths::detect().map(|p| p.cache);
    let key = crate::cache::key(&layers);
    if let (Some(dir), Some(key)) = (&cache, &key)
        && let Some((ds, index)) =
            crate::cache::load_with(dir, key, |ds, input, len| Index::read_from(input, len, &ds.catalogue))
    {
        // An index that does not fit (an older format) is built again and cached anew.
        let index = index.unwrap_or_else(|| {
            let index = Index::new(&ds.catalogue);
            crate::cache::store_blob(dir, key, &ds, &index);
            index
        });
        return Ok((ds, Some(index)));
    }
    load_and_cache(&layers, cache.as_deref(), key.as_deref())
}

/// Loads the files, and caches the result when `key` says they are worth it and no update
/// was skipped (a cached catalogue has nothing to report).
fn load_and_cache(
    layers: &Layers,
    cache: Option<&Path>,
    key: Option<&str>,
) -> Result<(Dataset, Option<Index>), CliError> {
    let ds = catalogue::load_layers(layers)?;
    // Big files are read again to parse them: one changed meanwhile is not cached under
    // the key of its old bytes.
    if let (Some(dir), Some(key)) = (cache, key)
        && ds.skipped.is_empty()
        && crate::cache::key(layers).as_deref() == Some(key)
    {
        let index = Index::new(&ds.catalogue);
        crate::cache::store_blob(dir, key, &ds, &index);
        return Ok((ds, Some(index)));
    }
    Ok((ds, None))
}

/// Loads the dataset and tells on stderr about updates that were left out.
pub(crate) fn load_warned(cli: &Cli, lang: Lang) -> Result<Dataset, CliError> {
    load_indexed_warned(cli, lang).map(|(ds, _)| ds)
}

/// [`load_warned`] with the index, as [`load_indexed`] gives it.
pub(crate) fn load_indexed_warned(cli: &Cli, lang: Lang) -> Result<(Dataset, Option<Index>), CliError> {
    let loaded = load_indexed(cli)?;
    eprint!("{}", skipped_report(&loaded.0.skipped, lang));
    Ok(loaded)
}

/// What to say about catalogue updates that were left out: for each, a line saying so and
/// its problems as `FILE:LINE:COLUMN: message`. Empty when none was.
#[must_use]
pub fn skipped_report(skipped: &[Skipped], lang: Lang) -> String {
    let mut s = String::new();
    for file in skipped {
        let line = match lang {
            Lang::En => format!(
                "libservices: skipped the catalogue update {}, the rest is loaded; correct the file or remove it (`libservices validate` checks it again):",
                file.file
            ),
            Lang::Uk => format!(
                "libservices: оновлення каталогу {} пропущено, решту завантажено; виправте файл або приберіть його (`libservices validate` перевірить знову):",
                file.file
            ),
        };
        s.push_str(&line);
        s.push('\n');
        for p in &file.problems {
            s.push_str(&p.line(lang));
            s.push('\n');
        }
    }
    s
}
