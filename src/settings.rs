//! The settings every command and the app share: the command line over the config file
//! over the environment over the defaults.

use std::time::Duration;

use crate::catalogue::Lang;
use crate::cli::Cli;
use crate::config::{self, Config, KeyPreset, ThemeName};
use crate::paths::Paths;

/// Settings that every command shares: the command line over the config file over the
/// environment over the defaults.
#[derive(Debug, Clone)]
pub struct Context {
    /// The chosen language.
    pub lang: Lang,
    /// The colour theme.
    pub theme: ThemeName,
    /// Movement keys.
    pub keys: KeyPreset,
    /// React to the mouse.
    pub mouse: bool,
    /// Kiosk mode.
    pub kiosk: bool,
    /// Kiosk idle timeout in seconds.
    pub idle_seconds: u32,
    /// The user's directories, if they can be found.
    pub paths: Option<Paths>,
    /// Warnings to show (a broken config...).
    pub warnings: Vec<String>,
}

impl Context {
    /// Resolves the settings and directories from the process environment.
    #[must_use]
    pub fn new(cli: &Cli) -> Self {
        Self::with_env(cli, Paths::detect(), |k| std::env::var(k).ok())
    }

    /// Resolves the settings: the command line, then the config file, then the environment
    /// (`LC_ALL`/`LC_MESSAGES`/`LANG`, `NO_COLOR`), then the operating system's language,
    /// then the defaults.
    #[must_use]
    pub fn with_env(cli: &Cli, paths: Option<Paths>, env: impl Fn(&str) -> Option<String>) -> Self {
        let mut problems = Vec::new();
        let config = paths.as_ref().map_or_else(Config::default, |p| {
            let (config, found) = config::load(&p.config_file());
            problems = found;
            config
        });
        let no_color = env("NO_COLOR").is_some_and(|v| !v.is_empty());
        let kiosk = cli.kiosk || config.kiosk.unwrap_or(false);
        // The app starts in the language chosen with F2 last time, unless the config sets
        // one (a kiosk remembers nothing of its last visitor; commands stay predictable).
        let remembered = || {
            paths
                .as_ref()
                .filter(|_| !kiosk && cli.command.is_none())
                .and_then(|p| crate::state::remembered_lang(&p.state))
        };
        let lang = cli
            .lang
            .map(Lang::from)
            .or(config.lang)
            .or_else(remembered)
            .unwrap_or_else(|| config::lang_from_env(&env, config::os_locale));
        let warnings = problems.iter().map(|p| p.message(lang)).collect();
        let theme = cli
            .palette
            .or_else(|| no_color.then_some(ThemeName::Monochrome))
            .or(config.theme)
            .unwrap_or_default();
        Self {
            lang,
            theme,
            keys: config.keys.unwrap_or_default(),
            mouse: !cli.no_mouse && config.mouse.unwrap_or(true),
            kiosk,
            idle_seconds: config.idle_seconds.unwrap_or(config::DEFAULT_IDLE_SECONDS),
            paths,
            warnings,
        }
    }
}

impl Context {
    /// The options of the interactive app.
    #[must_use]
    pub fn app_options(&self) -> crate::runtime::Options {
        crate::runtime::Options {
            lang: self.lang,
            theme: self.theme,
            keys: self.keys,
            mouse: self.mouse,
            kiosk: self.kiosk,
            idle: Duration::from_secs(u64::from(self.idle_seconds.max(1))),
            notices: self.warnings.clone(),
            paths: self.paths.clone(),
        }
    }
}
