//! The user's configuration file, `config.ron` in the config directory.
//! A broken file never stops the program: it runs with defaults and says why.

use std::path::Path;

use serde::Deserialize;

use crate::catalogue::Lang;
use crate::i18n::Both;

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

/// Something wrong in the config file, and what was done about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The file, as shown to the user.
    pub file: String,
    /// Where, 1-based; `None` when the file could not be read at all.
    pub pos: Option<(usize, usize)>,
    /// What is wrong (the parser's words, or the file's size or kind), in both languages.
    pub what: Both,
    /// The setting whose value was ignored (the others were kept); `None` when the whole
    /// file was left out.
    pub setting: Option<String>,
}

impl ConfigProblem {
    /// The message in `lang`: `FILE:LINE:COLUMN: what; what was done; what to do`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let what = self.what.get(lang);
        let at = match self.pos {
            Some((line, col)) => format!("{}:{line}:{col}", self.file),
            None => self.file.clone(),
        };
        match (&self.setting, self.pos, lang) {
            (_, None, Lang::En) => format!("{at}: cannot read the config ({what}); using defaults"),
            (_, None, Lang::Uk) => format!("{at}: не вдалося прочитати налаштування ({what}); діють типові"),
            (Some(setting), _, Lang::En) => format!(
                "{at}: {what}; the value of `{setting}` was ignored (its default applies), the other settings are used; correct it (`libservices config --print-default` shows the values)"
            ),
            (Some(setting), _, Lang::Uk) => format!(
                "{at}: {what}; значення `{setting}` пропущено (діє типове), решту налаштувань ужито; виправте його (`libservices config --print-default` показує можливі значення)"
            ),
            (None, _, Lang::En) => format!(
                "{at}: {what}; the config was not used (defaults apply) and was left as it is: correct it or delete it (`libservices config --print-default` shows a good one)"
            ),
            (None, _, Lang::Uk) => format!(
                "{at}: {what}; налаштування не вжито (діють типові), файл не змінено: виправте або видаліть його (`libservices config --print-default` показує правильний)"
            ),
        }
    }
}

/// The largest config file read; a bigger one (or a device) is refused.
const MAX_CONFIG: u64 = 1 << 20;

/// Reads the config; a missing file gives defaults. A setting with a wrong value is left
/// out and named (the others are kept); a file that is not a RON struct at all gives
/// defaults and its problem. The file is never written.
#[must_use]
pub fn load(path: &Path) -> (Config, Vec<ConfigProblem>) {
    let file = path.display().to_string();
    let unreadable = |what: Both| {
        (
            Config::default(),
            vec![ConfigProblem {
                file: file.clone(),
                pos: None,
                what,
                setting: None,
            }],
        )
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Config::default(), Vec::new()),
        Ok(m) if !m.is_file() => return unreadable(Both::new("not a regular file", "це не звичайний файл")),
        Ok(m) if m.len() > MAX_CONFIG => return unreadable(Both::new("larger than 1 MiB", "більший за 1 МіБ")),
        _ => {}
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return unreadable(Both::new(e.to_string(), crate::i18n::io_reason(&e, Lang::Uk))),
    };
    let (config, problems) = parse_lenient(&text);
    let problems = problems
        .into_iter()
        .map(|(line, col, what, setting)| ConfigProblem {
            file: file.clone(),
            pos: Some((line, col)),
            what,
            setting,
        })
        .collect();
    (config, problems)
}

/// A problem at a line and column, and the setting it was in (`None`: the whole file).
type Found = (usize, usize, Both, Option<String>);

/// Parses config text, keeping every setting that reads: when the whole file does not,
/// each `name: value` entry of its struct is tried on its own.
fn parse_lenient(text: &str) -> (Config, Vec<Found>) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text).replace("\r\n", "\n");
    let whole = match parse(&text) {
        Ok(config) => return (config, Vec::new()),
        Err(e) => e,
    };
    let Some(entries) = entries(&text) else {
        let (line, col, what) = whole;
        return (Config::default(), vec![(line, col, what, None)]);
    };
    let mut config = Config::default();
    let mut problems = Vec::new();
    for (start, entry) in entries {
        let name = entry.split(':').next().unwrap_or_default().trim().to_owned();
        match parse(&format!("({entry})")) {
            Ok(one) => config = config.or(&one),
            Err((line, col, what)) => {
                // Back to the file: the entry starts at `start`; on its first line the
                // added "(" shifts the column by one.
                let before = &text[..start];
                let base_line = before.matches('\n').count() + 1;
                let base_col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count();
                let (line, col) = if line <= 1 {
                    (base_line, base_col + col.saturating_sub(1))
                } else {
                    (base_line + line - 1, col)
                };
                // Point at the value itself, not at the space before it.
                let spaces = text.lines().nth(line - 1).map_or(0, |l| {
                    l.chars()
                        .skip(col.saturating_sub(1))
                        .take_while(|c| c.is_whitespace())
                        .count()
                });
                problems.push((line, col + spaces, what, Some(name)));
            }
        }
    }
    (config, problems)
}

/// The `name: value` entries of a RON struct `( ... )` (optionally named `Config`), each
/// with its byte offset; `None` when the text is not one struct. Strings, comments and
/// nested brackets are stepped over.
fn entries(text: &str) -> Option<Vec<(usize, &str)>> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    let mut open = None;
    let mut start = 0;
    let mut out = Vec::new();
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map(|n| i + 2 + n + 2)?;
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth == 1 {
                    if b != b'(' || open.is_some() {
                        return None;
                    }
                    let name = text[trivia(&text[..i])..i].trim();
                    if !(name.is_empty() || name == "Config") {
                        return None;
                    }
                    open = Some(i);
                    start = i + 1;
                }
            }
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    out.push((start, &text[start..i]));
                    let rest = &text[i + 1..];
                    return entries_after(rest).then(|| {
                        out.into_iter()
                            .map(|(at, e)| {
                                let skip = trivia(e);
                                (at + skip, e[skip..].trim_end())
                            })
                            .filter(|(_, e)| !e.is_empty())
                            .collect()
                    });
                }
            }
            b',' if depth == 1 => {
                out.push((start, &text[start..i]));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// How many bytes of white space and line comments `entry` starts with.
fn trivia(entry: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &entry[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            return at;
        }
    }
}

/// Only white space and comments after the struct.
fn entries_after(rest: &str) -> bool {
    rest.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with("//")
    })
}

impl Config {
    /// Each setting from `self`, else from `other`.
    fn or(self, other: &Self) -> Self {
        Self {
            lang: self.lang.or(other.lang),
            theme: self.theme.or(other.theme),
            keys: self.keys.or(other.keys),
            mouse: self.mouse.or(other.mouse),
            kiosk: self.kiosk.or(other.kiosk),
            idle_seconds: self.idle_seconds.or(other.idle_seconds),
        }
    }
}

/// Parses config text; an error gives its line, column and what is wrong.
fn parse(text: &str) -> Result<Config, (usize, usize, Both)> {
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options.from_str::<Config>(text).map_err(|e| {
        let what = Both::new(e.code.to_string(), crate::catalogue::ron_what_uk(&e.code));
        (e.span.start.line, e.span.start.col, what)
    })
}

/// The language from the environment: `LC_ALL`, then `LC_MESSAGES`, then `LANG`; when none
/// is set, the operating system's language (`os_locale`: on Windows and macOS, where LANG is
/// usually unset, the user's display language, e.g. `uk-UA`). Ukrainian when it starts with
/// `uk`, English otherwise.
#[must_use]
pub fn lang_from_env(get: impl Fn(&str) -> Option<String>, os_locale: impl FnOnce() -> Option<String>) -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(get)
        .find(|v| !v.is_empty())
        .or_else(os_locale);
    match locale {
        Some(v) if v.to_ascii_lowercase().starts_with("uk") => Lang::Uk,
        _ => Lang::En,
    }
}

/// The operating system's language, as `sys-locale` reads it (the Windows user's display
/// language, macOS's preferred language, the locale variables elsewhere).
#[must_use]
pub fn os_locale() -> Option<String> {
    sys_locale::get_locale()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn language_from_environment() {
        let none = || None;
        assert_eq!(lang_from_env(env(&[("LANG", "uk_UA.UTF-8")]), none), Lang::Uk);
        assert_eq!(
            lang_from_env(env(&[("LANG", "uk_UA.UTF-8"), ("LC_ALL", "en_GB.UTF-8")]), none),
            Lang::En
        );
        assert_eq!(lang_from_env(env(&[("LC_ALL", ""), ("LANG", "uk")]), none), Lang::Uk);
        assert_eq!(lang_from_env(env(&[]), none), Lang::En);
    }

    #[test]
    fn without_locale_variables_the_operating_system_decides() {
        let ukrainian_windows = || Some("uk-UA".to_owned());
        assert_eq!(lang_from_env(env(&[]), ukrainian_windows), Lang::Uk);
        assert_eq!(lang_from_env(env(&[("LANG", "")]), ukrainian_windows), Lang::Uk);
        // A variable that is set wins over the system, also "C".
        assert_eq!(lang_from_env(env(&[("LANG", "C")]), ukrainian_windows), Lang::En);
        assert_eq!(lang_from_env(env(&[]), || Some("en-GB".to_owned())), Lang::En);
    }

    #[test]
    fn broken_config_gives_defaults_and_a_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.ron");
        std::fs::write(&path, "(\n  lang: ukr,\n)").unwrap();
        let (config, problems) = load(&path);
        assert_eq!(config, Config::default());
        let msg = problems[0].message(Lang::En);
        assert!(msg.contains("config.ron:2:9: "), "{msg}");
        assert!(msg.contains("the value of `lang` was ignored"), "{msg}");
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
                Vec::new()
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
        assert_eq!((line, col), (2, 10), "{what:?}");
        assert!(what.en.contains("blue"), "{what:?}");
        assert!(what.uk.contains("blue"), "{what:?}");
    }

    #[test]
    fn one_wrong_value_keeps_every_other_setting_and_is_named_where_it_is() {
        let text = "// mine\n(\n    // language\n    lang: ua,\n    theme: light, /* colours */\n    keys: arrows,\n    idle_seconds: \"soon\",\n    kiosk: true,\n)\n";
        let (config, problems) = parse_lenient(text);
        assert_eq!(
            config,
            Config {
                theme: Some(ThemeName::Light),
                keys: Some(KeyPreset::Arrows),
                kiosk: Some(true),
                ..Config::default()
            }
        );
        let found: Vec<_> = problems
            .iter()
            .map(|(l, c, _, s)| (*l, *c, s.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            [(4, 11, "lang".to_owned()), (7, 19, "idle_seconds".to_owned())],
            "{problems:?}"
        );
        assert!(problems[0].2.en.contains("ua"), "{problems:?}");
    }

    #[test]
    fn an_unknown_setting_is_left_out_and_named() {
        let (config, problems) = parse_lenient("(colour: red, mouse: false)");
        assert_eq!(config.mouse, Some(false));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].3.as_deref(), Some("colour"));
        assert_eq!((problems[0].0, problems[0].1), (1, 2));
    }

    #[test]
    fn a_file_that_is_not_a_struct_gives_defaults_and_its_position() {
        let (config, problems) = parse_lenient("(lang: uk");
        assert_eq!(config, Config::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].3, None);
        let (config, problems) = parse_lenient("[1, 2]");
        assert_eq!(config, Config::default());
        assert_eq!(problems[0].3, None);
    }

    #[test]
    fn config_messages_in_ukrainian() {
        let p = ConfigProblem {
            file: "config.ron".to_owned(),
            pos: Some((2, 9)),
            what: Both::new("unknown variant `ua`", "несподіване значення `ua`"),
            setting: Some("lang".to_owned()),
        };
        let msg = p.message(Lang::Uk);
        assert!(
            msg.starts_with("config.ron:2:9: несподіване значення `ua`; значення `lang` пропущено"),
            "{msg}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_as_the_config_is_not_read() {
        let (config, problems) = load(Path::new("/dev/zero"));
        assert_eq!(config, Config::default());
        assert!(
            problems[0].message(Lang::En).contains("not a regular file"),
            "{problems:?}"
        );
    }
}
