//! Where user files live: the platform's config, data, state and cache directories
//! (the `directories` crate), or one folder when `LIBSERVICES_HOME` is set (portable use
//! from a USB stick, and tests).

use std::path::PathBuf;

use directories::ProjectDirs;

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
            });
        }
        let dirs = ProjectDirs::from("", "", "libservices")?;
        Some(Self {
            config: dirs.config_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
            state: dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_path_buf(),
            cache: dirs.cache_dir().to_path_buf(),
        })
    }

    /// The configuration file.
    #[must_use]
    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.ron")
    }
}
