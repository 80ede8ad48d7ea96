//! Personal files kept between runs: the shortlist and notes (`personal.ron` in the data
//! directory) and recent searches (`history.ron` in the state directory).
//!
//! Every change is saved at once as a read-modify-write under a lock file, so two running
//! copies of the program never lose each other's changes. Saves are atomic: a temporary
//! file in the same directory, flushed to disk, then renamed over the old one (retried when
//! the rename is refused, as antivirus programs on Windows do). A corrupt file is moved
//! aside to `NAME.corrupt-TIMESTAMP`, never overwritten or deleted; a file written by a
//! newer version is read and left alone. When nothing can be written the app keeps running
//! on what it has in memory. Nothing here prints: problems are values for the app to show.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Lang, Source, clean, clean_line, ron_what_uk};
use crate::i18n::{Both, io_reason};
use crate::paths::Paths;

/// The format version this program writes and reads.
pub const VERSION: u32 = 1;
/// How many recent searches are kept.
pub const HISTORY_CAP: usize = 50;
/// The file in the data directory holding the shortlist and notes.
pub const PERSONAL_FILE: &str = "personal.ron";
/// The file in the state directory holding recent searches.
pub const HISTORY_FILE: &str = "history.ron";

/// The file in the state directory holding the language last chosen with F2.
pub const SETTINGS_FILE: &str = "settings.ron";

/// What the app remembers of its own settings between runs (`settings.ron`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct Remembered {
    version: u32,
    lang: Option<Lang>,
}

/// The language last chosen in the app (F2), if one was; a missing, damaged or odd file
/// remembers nothing (the next switch writes it anew).
#[must_use]
pub fn remembered_lang(state: &Path) -> Option<Lang> {
    let path = state.join(SETTINGS_FILE);
    let meta = fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > 4096 {
        return None;
    }
    let text = fs::read_to_string(&path).ok()?;
    ron::from_str::<Remembered>(&text).ok()?.lang
}

/// Remembers the language chosen in the app, for the next start.
pub fn remember_lang(state: &Path, lang: Lang) -> Result<(), StateError> {
    let path = state.join(SETTINGS_FILE);
    let remembered = Remembered {
        version: VERSION,
        lang: Some(lang),
    };
    fs::create_dir_all(state)
        .and_then(|()| write_atomic(&path, to_text(&remembered)))
        .map_err(|source| StateError::Write { path, source })
}

/// How long a save waits for another copy of the program to finish its own.
const LOCK_WAIT: Duration = Duration::from_secs(4);
/// A lock file older than this was left by a program that stopped while saving.
const LOCK_STALE: Duration = Duration::from_secs(3);
/// Attempts at renaming the new file over the old one.
const RENAME_ATTEMPTS: u32 = 5;

/// The shortlist and the notes, by service id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Personal {
    /// Marked services, in the order they were marked.
    pub shortlist: Vec<String>,
    /// A personal note per service.
    pub notes: BTreeMap<String, String>,
}

/// Recent searches, most recent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// Search texts, most recent first, at most [`HISTORY_CAP`].
    pub searches: Vec<String>,
}

/// One change the user makes to their personal file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonalChange {
    /// Add a service to the shortlist (`true`) or remove it (`false`).
    Shortlist(String, bool),
    /// Set the note on a service; `None` or blank text removes it.
    Note(String, Option<String>),
}

impl Personal {
    /// Applies a change in memory.
    pub fn apply(&mut self, change: &PersonalChange) {
        match change {
            PersonalChange::Shortlist(id, true) => {
                if !self.shortlist.contains(id) {
                    self.shortlist.push(id.clone());
                }
            }
            PersonalChange::Shortlist(id, false) => self.shortlist.retain(|s| s != id),
            PersonalChange::Note(id, Some(text)) if !text.trim().is_empty() => {
                self.notes.insert(id.clone(), text.clone());
            }
            PersonalChange::Note(id, _) => {
                self.notes.remove(id);
            }
        }
    }

    /// True when the service is on the shortlist.
    #[must_use]
    pub fn is_shortlisted(&self, id: &str) -> bool {
        self.shortlist.iter().any(|s| s == id)
    }

    /// Renames ids the catalogue knows under another id now (a retired id of an entry merged
    /// into another: `resolve` gives the current id) in the shortlist and the notes. Ids it
    /// does not know are kept as they are, and nothing else changes.
    pub fn resolve_ids<'a>(&mut self, resolve: impl Fn(&str) -> Option<&'a str>) {
        let mut seen = std::collections::BTreeSet::new();
        self.shortlist = std::mem::take(&mut self.shortlist)
            .into_iter()
            .map(|id| resolve(&id).map_or(id, str::to_owned))
            .filter(|id| seen.insert(id.clone()))
            .collect();
        let notes = std::mem::take(&mut self.notes);
        for (id, note) in notes {
            let id = resolve(&id).map_or(id, str::to_owned);
            self.notes.entry(id).or_insert(note);
        }
    }

    /// Removes control characters and escape sequences (a file may have been edited by
    /// hand), and repeated shortlist entries.
    fn cleaned(mut self) -> Self {
        let mut seen = std::collections::BTreeSet::new();
        self.shortlist = self
            .shortlist
            .into_iter()
            .map(|s| clean_line(&s).into_owned())
            .filter(|s| seen.insert(s.clone()))
            .collect();
        self.notes = self
            .notes
            .into_iter()
            .map(|(k, v)| (clean_line(&k).into_owned(), clean(&v).into_owned()))
            .collect();
        self
    }
}

impl History {
    /// Puts a search first; an earlier copy of it is removed; blank searches are ignored.
    pub fn push(&mut self, query: &str) {
        let query = query.trim();
        if query.is_empty() {
            return;
        }
        self.searches.retain(|s| s != query);
        self.searches.insert(0, query.to_owned());
        self.searches.truncate(HISTORY_CAP);
    }

    fn cleaned(mut self) -> Self {
        let searches = std::mem::take(&mut self.searches);
        for s in searches.iter().rev() {
            self.push(&clean_line(s));
        }
        self
    }
}

/// `personal.ron` on disk.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonalFile {
    version: u32,
    #[serde(default)]
    shortlist: Vec<String>,
    #[serde(default)]
    notes: BTreeMap<String, String>,
}

/// `history.ron` on disk.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryFile {
    version: u32,
    #[serde(default)]
    searches: Vec<String>,
}

/// Only the version, read first, so that a newer format is recognised as such.
#[derive(Deserialize)]
struct VersionProbe {
    version: u32,
}

/// A value kept in a versioned file.
trait Stored: Clone + Default {
    type File: Serialize + DeserializeOwned;
    fn from_file(file: Self::File) -> (u32, Self);
    fn to_file(&self) -> Self::File;
}

impl Stored for Personal {
    type File = PersonalFile;
    fn from_file(f: PersonalFile) -> (u32, Self) {
        let value = Self {
            shortlist: f.shortlist,
            notes: f.notes,
        };
        (f.version, value.cleaned())
    }
    fn to_file(&self) -> PersonalFile {
        PersonalFile {
            version: VERSION,
            shortlist: self.shortlist.clone(),
            notes: self.notes.clone(),
        }
    }
}

impl Stored for History {
    type File = HistoryFile;
    fn from_file(f: HistoryFile) -> (u32, Self) {
        let value = Self { searches: f.searches };
        (f.version, value.cleaned())
    }
    fn to_file(&self) -> HistoryFile {
        HistoryFile {
            version: VERSION,
            searches: self.searches.clone(),
        }
    }
}

/// Something the user should know about their files; the program goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateWarning {
    /// The file could not be parsed; it was moved aside (or, when that failed, left in place).
    Corrupt {
        /// The file.
        path: PathBuf,
        /// Where the file was moved, `None` when it could not be moved.
        moved_to: Option<PathBuf>,
        /// `FILE:LINE:COLUMN: what` of the first problem, in both languages.
        problem: Both,
    },
    /// The file exists but cannot be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The system's reason, in both languages.
        error: Both,
    },
    /// A newer libservices wrote the file: it was read, and will not be written.
    Newer {
        /// The file.
        path: PathBuf,
        /// The version found in it.
        version: u32,
    },
}

impl StateWarning {
    /// The warning in a language.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let uk = lang == Lang::Uk;
        match self {
            Self::Corrupt {
                path,
                moved_to: Some(to),
                problem,
            } => {
                let problem = problem.get(lang);
                if uk {
                    format!(
                        "{problem}; файл пошкоджено, його перенесено до {} (нічого не видалено); почато з порожнього",
                        to.display()
                    )
                } else {
                    format!(
                        "{problem}; the file is damaged: it was moved to {} (nothing was deleted) and {} starts empty",
                        to.display(),
                        path.display()
                    )
                }
            }
            Self::Corrupt {
                path,
                moved_to: None,
                problem,
            } if uk => format!(
                "{}; файл {} пошкоджено, і його не вдалося перенести; його не змінено, зміни не зберігатимуться: виправте чи перенесіть його",
                problem.get(lang),
                path.display()
            ),
            Self::Corrupt {
                path,
                moved_to: None,
                problem,
            } => format!(
                "{}; the file {} is damaged and could not be moved aside; it is left as it is and changes will not be saved: correct or move it",
                problem.get(lang),
                path.display()
            ),
            Self::Unreadable { path, error } if uk => format!(
                "{}: не вдається прочитати ({}); зміни не зберігатимуться: перевірте права доступу",
                path.display(),
                error.get(lang)
            ),
            Self::Unreadable { path, error } => format!(
                "{}: cannot read it ({}); changes will not be saved: check that you may read the file",
                path.display(),
                error.get(lang)
            ),
            Self::Newer { path, version } if uk => format!(
                "{}: записано новішою версією libservices (формат {version}, ця версія знає {VERSION}); файл прочитано, але зміни до нього не зберігатимуться: оновіть libservices",
                path.display()
            ),
            Self::Newer { path, version } => format!(
                "{}: written by a newer libservices (format {version}, this one knows {VERSION}); it was read but changes will not be saved to it: update libservices",
                path.display()
            ),
        }
    }
}

impl fmt::Display for StateWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Why a change could not be saved. The change is kept in memory until the program ends.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// Writing failed: a read-only folder, a full disk, a missing folder that cannot be made.
    #[error(
        "{}: cannot save ({source}); the change is kept until you quit: check that the folder exists and may be written",
        path.display()
    )]
    Write {
        /// The file or folder that could not be written.
        path: PathBuf,
        /// The system's reason.
        source: io::Error,
    },
    /// Another copy of the program held the lock for too long.
    #[error(
        "{}: another libservices is saving and did not finish; the change is kept until you quit: try again",
        path.display()
    )]
    Busy {
        /// The lock file.
        path: PathBuf,
    },
    /// A newer version wrote the file; it is not overwritten.
    #[error(
        "{}: written by a newer libservices (format {version}); it is not overwritten, so the change is kept only until you quit: update libservices",
        path.display()
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// The version found in it.
        version: u32,
    },
    /// The file is damaged and could not be moved aside, so it is not overwritten.
    #[error(
        "{}: the file is damaged and could not be moved aside, so it is not overwritten; the change is kept until you quit: correct or move the file",
        path.display()
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
    },
}

impl StateError {
    /// The error in a language.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Self::Write { path, source } => format!(
                "{}: не вдається зберегти ({}); зміну збережено до виходу з програми: перевірте, що тека існує і в неї можна писати",
                path.display(),
                io_reason(source, lang)
            ),
            Self::Busy { path } => format!(
                "{}: інша копія libservices зберігає і не завершила; зміну збережено до виходу з програми: спробуйте ще раз",
                path.display()
            ),
            Self::Newer { path, version } => format!(
                "{}: записано новішою версією libservices (формат {version}); файл не перезаписано, зміна діє до виходу з програми: оновіть libservices",
                path.display()
            ),
            Self::Corrupt { path } => format!(
                "{}: файл пошкоджено і не вдалося перенести, тож його не перезаписано; зміна діє до виходу з програми: виправте чи перенесіть файл",
                path.display()
            ),
        }
    }
}

/// What reading a file gave.
enum Read<T> {
    Missing,
    Ok(T),
    Newer(T, u32),
    /// `FILE:LINE:COLUMN: what` of the first problem.
    Corrupt(Both),
    Unreadable(io::Error),
}

/// One versioned file and its value in memory.
#[derive(Debug)]
struct Slot<T> {
    /// `None` when disabled: nothing touches the disk.
    path: Option<PathBuf>,
    value: T,
    /// A newer version wrote the file: it is not to be written.
    blocked: bool,
}

impl<T: Stored> Slot<T> {
    fn disabled() -> Self {
        Self {
            path: None,
            value: T::default(),
            blocked: false,
        }
    }

    fn open(path: PathBuf, warnings: &mut Vec<StateWarning>) -> Self {
        let mut slot = Self {
            path: Some(path.clone()),
            value: T::default(),
            blocked: false,
        };
        match read::<T>(&path) {
            Read::Missing => {}
            Read::Ok(v) => slot.value = v,
            Read::Newer(v, version) => {
                slot.value = v;
                slot.blocked = true;
                warnings.push(StateWarning::Newer { path, version });
            }
            Read::Corrupt(problem) => {
                // Under the lock, so that a file another copy just saved is not moved.
                let moved_to = with_lock(&path, || match read::<T>(&path) {
                    Read::Corrupt(_) => move_aside(&path).map(Some).map_err(|source| StateError::Write {
                        path: path.clone(),
                        source,
                    }),
                    _ => Ok(None),
                })
                .ok()
                .flatten();
                match moved_to {
                    Some(to) => warnings.push(StateWarning::Corrupt {
                        path,
                        moved_to: Some(to),
                        problem,
                    }),
                    None => {
                        // Another copy may have replaced it meanwhile.
                        if let Read::Ok(v) = read::<T>(&path) {
                            slot.value = v;
                        } else {
                            warnings.push(StateWarning::Corrupt {
                                path,
                                moved_to: None,
                                problem,
                            });
                        }
                    }
                }
            }
            Read::Unreadable(e) => {
                warnings.push(StateWarning::Unreadable {
                    path,
                    error: Both::new(io_reason(&e, Lang::En), io_reason(&e, Lang::Uk)),
                });
            }
        }
        slot
    }

    /// Reads the file under the lock, applies `change`, writes it back; the value in memory
    /// follows (also when saving fails).
    fn update(&mut self, change: impl Fn(&mut T)) -> Result<T, StateError> {
        change(&mut self.value);
        let Some(path) = self.path.clone() else {
            return Ok(self.value.clone());
        };
        if self.blocked {
            if let Read::Newer(_, version) = read::<T>(&path) {
                return Err(StateError::Newer { path, version });
            }
            self.blocked = false;
        }
        let base = self.value.clone();
        let merged = with_lock(&path, || {
            let merged = match read::<T>(&path) {
                Read::Ok(mut current) => {
                    change(&mut current);
                    current
                }
                // Nothing there yet: what is in memory holds every change so far.
                Read::Missing => base,
                Read::Newer(_, version) => {
                    return Err(StateError::Newer {
                        path: path.clone(),
                        version,
                    });
                }
                Read::Unreadable(source) => {
                    return Err(StateError::Write {
                        path: path.clone(),
                        source,
                    });
                }
                Read::Corrupt(_) => {
                    if move_aside(&path).is_err() {
                        return Err(StateError::Corrupt { path: path.clone() });
                    }
                    base
                }
            };
            write_atomic(&path, to_text(&merged.to_file())).map_err(|source| StateError::Write {
                path: path.clone(),
                source,
            })?;
            remove_stale_temporaries(&path);
            Ok(merged)
        })
        .inspect_err(|e| {
            if matches!(e, StateError::Newer { .. }) {
                self.blocked = true;
            }
        })?;
        self.value = merged.clone();
        Ok(merged)
    }
}

/// The user's personal files.
#[derive(Debug)]
pub struct Store {
    personal: Slot<Personal>,
    history: Slot<History>,
    warnings: Vec<StateWarning>,
    /// The state folder, for `settings.ron`; `None` when nothing is saved.
    state: Option<PathBuf>,
}

impl Store {
    /// Opens the files under the user's directories; problems become warnings.
    #[must_use]
    pub fn open(paths: &Paths) -> Self {
        Self::open_at(&paths.data, &paths.state)
    }

    /// Opens `personal.ron` in `data` and `history.ron` in `state`.
    #[must_use]
    pub fn open_at(data: &Path, state: &Path) -> Self {
        let mut warnings = Vec::new();
        let personal = Slot::open(data.join(PERSONAL_FILE), &mut warnings);
        let history = Slot::open(state.join(HISTORY_FILE), &mut warnings);
        Self {
            personal,
            history,
            warnings,
            state: Some(state.to_owned()),
        }
    }

    /// A store that keeps everything in memory and never touches the disk (kiosk mode).
    #[must_use]
    pub fn disabled() -> Self {
        Self {
            personal: Slot::disabled(),
            history: Slot::disabled(),
            warnings: Vec::new(),
            state: None,
        }
    }

    /// False for a disabled store.
    #[must_use]
    pub fn is_enabled(&self) -> bool {
        self.personal.path.is_some()
    }

    /// The shortlist and notes as last read, saved or changed.
    #[must_use]
    pub fn personal(&self) -> &Personal {
        &self.personal.value
    }

    /// Recent searches as last read, saved or changed.
    #[must_use]
    pub fn history(&self) -> &History {
        &self.history.value
    }

    /// Warnings from opening the files, taken once.
    pub fn take_warnings(&mut self) -> Vec<StateWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// Applies a change and saves it at once: the file is read again under the lock, so that
    /// changes saved meanwhile by another copy of the program are kept. Returns the merged
    /// value. On error the change still holds in memory ([`Store::personal`]).
    pub fn apply(&mut self, change: &PersonalChange) -> Result<Personal, StateError> {
        self.personal.update(|p| p.apply(change))
    }

    /// Remembers the language chosen in the app for the next start; a disabled store
    /// (kiosk mode) remembers nothing.
    pub fn remember_lang(&self, lang: Lang) -> Result<(), StateError> {
        match &self.state {
            Some(state) => remember_lang(state, lang),
            None => Ok(()),
        }
    }

    /// Puts a search first in the history and saves it, as [`Store::apply`] does.
    pub fn push_search(&mut self, query: &str) -> Result<History, StateError> {
        self.history.update(|h| h.push(query))
    }
}

fn to_text<F: Serialize>(file: &F) -> String {
    let config = ron::ser::PrettyConfig::new().indentor("    ".to_owned());
    // Maps and lists of strings always serialise.
    ron::ser::to_string_pretty(file, config).map_or_else(|_| String::new(), |t| t + "\n")
}

fn read<T: Stored>(path: &Path) -> Read<T> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Read::Missing,
        Err(e) => return Read::Unreadable(e),
    };
    let name = path.display().to_string();
    let source = match Source::from_bytes(&name, &bytes) {
        Ok(s) => s,
        Err(problem) => return Read::Corrupt(Both::new(problem.line(Lang::En), problem.line(Lang::Uk))),
    };
    if source.text.trim().is_empty() {
        return Read::Corrupt(Both::new(
            format!("{name}: the file is empty (it was cut short)"),
            format!("{name}: файл порожній (його обрізано)"),
        ));
    }
    let spanned = |e: ron::error::SpannedError| {
        let at = format!("{name}:{}:{}", e.span.start.line, e.span.start.col);
        Both::new(format!("{at}: {}", e.code), format!("{at}: {}", ron_what_uk(&e.code)))
    };
    let probe = match ron::from_str::<VersionProbe>(&source.text) {
        Ok(p) => p,
        Err(e) => return Read::Corrupt(spanned(e)),
    };
    if probe.version == 0 {
        return Read::Corrupt(Both::new(
            format!("{name}: unknown format version 0"),
            format!("{name}: невідома версія формату 0"),
        ));
    }
    match ron::from_str::<T::File>(&source.text) {
        Ok(file) => {
            let (version, value) = T::from_file(file);
            if version > VERSION {
                Read::Newer(value, version)
            } else {
                Read::Ok(value)
            }
        }
        // A newer format need not parse as ours: it is left alone all the same.
        Err(_) if probe.version > VERSION => Read::Newer(T::default(), probe.version),
        Err(e) => Read::Corrupt(spanned(e)),
    }
}

/// Renames a damaged file to `NAME.corrupt-SECONDS[-N]`, never over an existing file.
fn move_aside(path: &Path) -> io::Result<PathBuf> {
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 0..1000 {
        let suffix = if n == 0 { String::new() } else { format!("-{n}") };
        let target = path.with_file_name(format!("{name}.corrupt-{stamp}{suffix}"));
        if !target.exists() {
            fs::rename(path, &target)?;
            return Ok(target);
        }
    }
    Err(io::Error::new(io::ErrorKind::AlreadyExists, "too many damaged copies"))
}

/// The lock file next to `path`.
fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

/// Holds the lock file; removes it when dropped.
struct Lock(PathBuf);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Runs `f` while holding `path`'s lock file, creating the folder when needed.
fn with_lock<R>(path: &Path, f: impl FnOnce() -> Result<R, StateError>) -> Result<R, StateError> {
    let lock = lock(path)?;
    let result = f();
    drop(lock);
    result
}

fn lock(path: &Path) -> Result<Lock, StateError> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir).map_err(|source| StateError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let lock = lock_path(path);
    let start = std::time::Instant::now();
    loop {
        match OpenOptions::new().write(true).create_new(true).open(&lock) {
            Ok(mut file) => {
                // Who holds it, for a program that finds it later; the lock works without it.
                let _ = write!(file, "{}", std::process::id());
                return Ok(Lock(lock));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                if is_stale(&lock) {
                    break_stale(&lock);
                    continue;
                }
                if start.elapsed() > LOCK_WAIT {
                    return Err(StateError::Busy { path: lock });
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(source) => return Err(StateError::Write { path: lock, source }),
        }
    }
}

/// A lock is stale when it is old, or (on Linux) when the process that wrote it is gone.
fn is_stale(lock: &Path) -> bool {
    let age = fs::metadata(lock)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    if age.is_some_and(|a| a > LOCK_STALE) {
        return true;
    }
    if cfg!(target_os = "linux") {
        let pid = fs::read_to_string(lock).ok().and_then(|s| s.trim().parse::<u32>().ok());
        // A lock without a pid yet is being written just now: not stale.
        if let Some(pid) = pid {
            return !Path::new(&format!("/proc/{pid}")).exists();
        }
    }
    false
}

/// Removes a stale lock by renaming it first, so that of two programs breaking the same
/// lock only one succeeds.
fn break_stale(lock: &Path) {
    let mut name = lock.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".stale-{}", std::process::id()));
    let aside = lock.with_file_name(name);
    if fs::rename(lock, &aside).is_ok() {
        let _ = fs::remove_file(&aside);
    }
}

/// Removes temporary files that a program stopped while saving left behind (old enough
/// that no save can still be writing them).
fn remove_stale_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > LOCK_STALE);
        if old && entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes a temporary file in the same folder, flushes it to disk and renames it over
/// `path`; the rename is retried a few times (antivirus programs on Windows hold new files
/// for a moment). On failure the old file is untouched and the temporary file removed. The
/// exports use it too.
pub fn write_atomic(path: &Path, text: impl AsRef<[u8]>) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = path.with_file_name(format!(".{name}.tmp-{}-{nanos}", std::process::id()));
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(text.as_ref())?;
            f.sync_all()
        });
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    let mut attempt = 0;
    loop {
        match fs::rename(&tmp, path) {
            Ok(()) => break,
            Err(e) if attempt + 1 >= RENAME_ATTEMPTS => {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
            Err(_) => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(20 * u64::from(attempt)));
            }
        }
    }
    // The rename itself reaches the disk when the folder is flushed (not possible on Windows).
    if let Some(dir) = path.parent()
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_file_left_in_place_is_told_with_its_problem_in_each_language() {
        let warning = StateWarning::Corrupt {
            path: PathBuf::from("p.ron"),
            moved_to: None,
            problem: Both::new("p.ron:1:2: Expected comma", "p.ron:1:2: очікується кома"),
        };
        assert_eq!(
            warning.message(Lang::Uk),
            "p.ron:1:2: очікується кома; файл p.ron пошкоджено, і його не вдалося перенести; його не змінено, зміни не зберігатимуться: виправте чи перенесіть його"
        );
        assert!(
            warning
                .message(Lang::En)
                .starts_with("p.ron:1:2: Expected comma; the file p.ron is damaged")
        );
    }

    #[test]
    fn changes_apply_in_memory() {
        let mut p = Personal::default();
        p.apply(&PersonalChange::Shortlist("a".into(), true));
        p.apply(&PersonalChange::Shortlist("a".into(), true));
        p.apply(&PersonalChange::Shortlist("b".into(), true));
        assert_eq!(p.shortlist, ["a", "b"]);
        p.apply(&PersonalChange::Shortlist("a".into(), false));
        assert_eq!(p.shortlist, ["b"]);
        p.apply(&PersonalChange::Note("b".into(), Some("call them".into())));
        assert_eq!(p.notes["b"], "call them");
        p.apply(&PersonalChange::Note("b".into(), Some("  ".into())));
        assert!(p.notes.is_empty());
    }

    #[test]
    fn retired_ids_become_current_ones_and_unknown_ids_stay() {
        let mut p = Personal::default();
        for id in ["old", "gone", "new", "kept"] {
            p.apply(&PersonalChange::Shortlist(id.into(), true));
        }
        p.apply(&PersonalChange::Note("old".into(), Some("ask Olena".into())));
        p.resolve_ids(|id| match id {
            "old" | "new" => Some("new"),
            "kept" => Some("kept"),
            _ => None,
        });
        assert_eq!(p.shortlist, ["new", "gone", "kept"]);
        assert_eq!(p.notes["new"], "ask Olena");
        assert_eq!(p.notes.len(), 1);
    }

    #[test]
    fn history_is_most_recent_first_without_repeats_and_capped() {
        let mut h = History::default();
        for i in 0..60 {
            h.push(&format!("q{i}"));
        }
        h.push(" q58 ");
        h.push("");
        assert_eq!(h.searches.len(), HISTORY_CAP);
        assert_eq!(h.searches[..3], ["q58", "q59", "q57"]);
    }

    #[test]
    fn file_format_is_versioned_ron() {
        let mut p = Personal::default();
        p.apply(&PersonalChange::Shortlist("a-b".into(), true));
        p.apply(&PersonalChange::Note("a-b".into(), Some("line\n\"two\"".into())));
        let text = to_text(&p.to_file());
        assert!(text.starts_with("(\n    version: 1,\n"), "{text}");
        let back: PersonalFile = ron::from_str(&text).unwrap();
        assert_eq!(Personal::from_file(back), (1, p));
    }

    #[test]
    fn escapes_in_a_hand_edited_file_are_removed() {
        let file: PersonalFile =
            ron::from_str("(version: 1, shortlist: [\"a\\u{1b}[31m\", \"a\"], notes: {\"a\": \"x\\u{202e}y\\u{7}\"})")
                .unwrap();
        let (_, p) = Personal::from_file(file);
        assert_eq!(p.shortlist, ["a"]);
        assert_eq!(p.notes["a"], "xy");
    }
}
