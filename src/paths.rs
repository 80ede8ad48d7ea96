//! Where user files live: the platform's config, data, state and cache directories
//! (the `directories` crate), or one folder when `LIBSERVICES_HOME` is set (portable use
//! from a USB stick, and tests).

use std::path::{Path, PathBuf};

use directories::{ProjectDirs, UserDirs};

/// The user's directories for this program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Configuration (`config.ron`).
    pub config: PathBuf,
    /// User data (catalogue updates in `catalogues/`).
    pub data: PathBuf,
    /// State kept between runs.
    pub state: PathBuf,
    /// Caches that can be deleted at any time.
    pub cache: PathBuf,
    /// Where the app saves exports: the user's documents folder, else the data folder.
    pub documents: PathBuf,
}

/// The environment variable that puts every user file under one folder.
pub const HOME_VAR: &str = "LIBSERVICES_HOME";

impl Paths {
    /// The directories for this user; `None` when no home directory can be found.
    #[must_use]
    pub fn detect() -> Option<Self> {
        if let Some(home) = std::env::var_os(HOME_VAR).filter(|h| !h.is_empty()) {
            let home = PathBuf::from(home);
            return Some(Self {
                config: home.join("config"),
                data: home.join("data"),
                state: home.join("state"),
                cache: home.join("cache"),
                documents: home.join("documents"),
            });
        }
        let dirs = ProjectDirs::from("", "", "libservices")?;
        let documents = UserDirs::new()
            .and_then(|u| u.document_dir().map(Path::to_path_buf))
            .unwrap_or_else(|| dirs.data_dir().to_path_buf());
        Some(Self {
            config: dirs.config_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
            state: dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_path_buf(),
            cache: dirs.cache_dir().to_path_buf(),
            documents,
        })
    }

    /// The configuration file.
    #[must_use]
    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.ron")
    }

    /// The folder for catalogue updates: every `*.ron` file in it is merged with the
    /// bundled catalogue at start.
    #[must_use]
    pub fn catalogues(&self) -> PathBuf {
        self.data.join("catalogues")
    }
}

/// The `.ron` entries directly in `dir` that are not folders (the extension in any case),
/// sorted by file name;
/// none when the folder does not exist.
pub fn catalogue_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let is_ron = path
            .extension()
            .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("ron"));
        // Not only regular files: a device or pipe named `.ron` is refused with a message
        // when it is opened, instead of being left out without a word.
        if is_ron && !path.is_dir() {
            files.push(path);
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_files_are_the_ron_files_by_name() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.ron", "A.RON", "c.txt", "a.ron.bak"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        std::fs::create_dir(dir.path().join("d.ron")).unwrap();
        let names: Vec<String> = catalogue_files(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["A.RON", "b.ron"]);
        assert!(catalogue_files(&dir.path().join("missing")).unwrap().is_empty());
    }
}
