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
    /// Colours: `dark`, `light`, `high_contrast` or `monochrome`.
    pub theme: Option<ThemeName>,
    /// Keys: `arrows` (the default: letters and digits always type) or `vim` (letters are
    /// commands in the lists and views: j/k/g/G, q, ?...).
    pub keys: Option<KeyPreset>,
    /// React to the mouse.
    pub mouse: Option<bool>,
    /// Kiosk mode for public PCs.
    pub kiosk: Option<bool>,
    /// In kiosk mode, seconds without input before the app returns to its start screen.
    pub idle_seconds: Option<u32>,
}

/// The colour themes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ThemeName {
    /// Light text on a dark terminal (the default).
    #[default]
    Dark,
    /// Dark text on a light terminal.
    Light,
    /// Bright colours and bold text for weak eyesight and washed-out screens.
    HighContrast,
    /// No colour at all: bold, underline and reverse video only (also with `NO_COLOR`).
    Monochrome,
}

/// Which keys are commands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyPreset {
    /// Typing-safe (the default): letters and digits in any layout only ever type;
    /// commands are on Enter, Esc, Tab, the arrows, Insert, function and Ctrl-keys.
    #[default]
    Arrows,
    /// Also letter commands in the lists and views: j/k/g/G to move, q to quit, ? for
    /// help, and so on (in the Ukrainian layout too).
    Vim,
}

/// Seconds of no input before a kiosk returns to the start screen, unless configured.
pub const DEFAULT_IDLE_SECONDS: u32 = 120;

/// The file `libservices config --print-default` prints: every setting at its default, with
/// what it does. Reading it back gives the defaults.
pub const DEFAULT_FILE: &str = r#"// libservices configuration: copy this to the file `libservices paths` names as
// "config". Every line is optional; delete one to get its default.
// Налаштування libservices: скопіюйте до файлу, який показує `libservices paths`.
(
    // Interface language: uk or en. Commented out: --lang, then LANG, then English.
    // Мова інтерфейсу: uk або en.
    // lang: uk,

    // Colours: dark, light, high_contrast or monochrome.
    // NO_COLOR in the environment gives monochrome unless --palette is given.
    // Кольори: dark, light, high_contrast або monochrome.
    theme: dark,

    // Keys: arrows (letters and digits always type; commands on function keys, Ctrl,
    // arrows) or vim (also letter commands in lists: j/k/g/G, q, ?...).
    // Клавіші: arrows (літери завжди друкуються) або vim (ще й літерні команди j/k/g/G).
    keys: arrows,

    // Mouse clicks and wheel: true or false. Мишка: true або false.
    mouse: true,

    // Kiosk mode for public PCs: nothing personal is kept after exit, the app returns to
    // its start screen after idle_seconds without input, links are not opened and
    // quitting takes Ctrl-Q twice.
    // Режим кіоску для публічних комп'ютерів.
    kiosk: false,
    idle_seconds: 120,
)
"#;

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
    match parse(&text) {
        Ok(config) => (config, None),
        Err((line, col, what)) => {
            let msg = format!(
                "{}:{line}:{col}: {what}; the config was not used (defaults apply) and was left as it is: correct it or delete it (`libservices config --print-default` shows a good one)",
                path.display(),
            );
            (Config::default(), Some(msg))
        }
    }
}

/// Parses config text; an error gives its line, column and what is wrong.
fn parse(text: &str) -> Result<Config, (usize, usize, String)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text).replace("\r\n", "\n");
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options
        .from_str::<Config>(&text)
        .map_err(|e| (e.span.start.line, e.span.start.col, e.code.to_string()))
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
        assert_eq!(
            load(&path),
            (
                Config {
                    lang: Some(Lang::Uk),
                    ..Config::default()
                },
                None
            )
        );
    }

    #[test]
    fn the_printed_default_file_reads_back_as_the_defaults() {
        let config = parse(DEFAULT_FILE).unwrap();
        assert_eq!(config.theme.unwrap_or_default(), ThemeName::default());
        assert_eq!(config.keys.unwrap_or_default(), KeyPreset::default());
        assert_eq!(config.mouse, Some(true));
        assert_eq!(config.kiosk, Some(false));
        assert_eq!(config.idle_seconds, Some(DEFAULT_IDLE_SECONDS));
        assert_eq!(config.lang, None);
    }

    #[test]
    fn every_setting_reads() {
        let config =
            parse("(lang: en, theme: high_contrast, keys: arrows, mouse: false, kiosk: true, idle_seconds: 30)")
                .unwrap();
        assert_eq!(
            config,
            Config {
                lang: Some(Lang::En),
                theme: Some(ThemeName::HighContrast),
                keys: Some(KeyPreset::Arrows),
                mouse: Some(false),
                kiosk: Some(true),
                idle_seconds: Some(30),
            }
        );
        let (line, col, what) = parse("(\n  theme: blue,\n)").unwrap_err();
        assert_eq!((line, col), (2, 10), "{what}");
        assert!(what.contains("blue"), "{what}");
    }
}
