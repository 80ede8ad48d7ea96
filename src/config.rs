//! The user's configuration file, `config.ron` in the config directory.
//! A broken file never stops the program: it runs with defaults and says why.

use std::path::Path;

use serde::Deserialize;

use crate::catalogue::Lang;

/// Settings read from `config.ron`; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Interface and data language: `uk` or `en`.
    pub lang: Option<Lang>,
}

/// Reads the config; a missing file gives defaults; a broken one gives defaults and a
/// message `FILE:LINE:COLUMN: what; what to do`. The file is never written.
#[must_use]
pub fn load(path: &Path) -> (Config, Option<String>) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Config::default(), None),
        Err(e) => {
            let msg = format!("{}: cannot read the config ({e}); using defaults", path.display());
            return (Config::default(), Some(msg));
        }
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text).replace("\r\n", "\n");
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    match options.from_str::<Config>(&text) {
        Ok(config) => (config, None),
        Err(e) => {
            let msg = format!(
                "{}:{}:{}: {}; the config was not used (defaults apply) and was left as it is: correct it or delete it",
                path.display(),
                e.span.start.line,
                e.span.start.col,
                e.code
            );
            (Config::default(), Some(msg))
        }
    }
}

/// The language from the environment: `LC_ALL`, then `LC_MESSAGES`, then `LANG`;
/// Ukrainian when it starts with `uk`, English otherwise.
#[must_use]
pub fn lang_from_env(get: impl Fn(&str) -> Option<String>) -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(get)
        .find(|v| !v.is_empty())
        .map_or(Lang::En, |v| {
            if v.to_ascii_lowercase().starts_with("uk") {
                Lang::Uk
            } else {
                Lang::En
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn language_from_environment() {
        assert_eq!(lang_from_env(env(&[("LANG", "uk_UA.UTF-8")])), Lang::Uk);
        assert_eq!(
            lang_from_env(env(&[("LANG", "uk_UA.UTF-8"), ("LC_ALL", "en_GB.UTF-8")])),
            Lang::En
        );
        assert_eq!(lang_from_env(env(&[("LC_ALL", ""), ("LANG", "uk")])), Lang::Uk);
        assert_eq!(lang_from_env(env(&[])), Lang::En);
    }

    #[test]
    fn broken_config_gives_defaults_and_a_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.ron");
        std::fs::write(&path, "(\n  lang: ukr,\n)").unwrap();
        let (config, msg) = load(&path);
        assert_eq!(config, Config::default());
        let msg = msg.unwrap();
        assert!(msg.contains("config.ron:2:"), "{msg}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "(\n  lang: ukr,\n)");
    }

    #[test]
    fn config_sets_language() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.ron");
        std::fs::write(&path, "(lang: uk)").unwrap();
        assert_eq!(load(&path), (Config { lang: Some(Lang::Uk) }, None));
    }
}
