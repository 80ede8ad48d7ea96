//! Mistakes on the command line in the user's language: clap words its errors in English
//! only, so in Ukrainian they are worded here from what clap found (the argument, the
//! value, its suggestion). The language is found before the command line is understood:
//! `--lang` among the arguments, then the config file, then the environment.

use std::ffi::OsString;
use std::num::{IntErrorKind, ParseIntError};

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::catalogue::Lang;
use crate::paths::Paths;

/// The language to report a refused command line in: `--lang` if it can be read among the
/// arguments, then the config file, then the environment (as for the commands).
#[must_use]
pub fn lang(args: &[OsString], paths: Option<&Paths>, env: impl Fn(&str) -> Option<String>) -> Lang {
    lang_in_args(args)
        .or_else(|| paths.and_then(|p| crate::config::load(&p.config_file()).0.lang))
        .unwrap_or_else(|| crate::config::lang_from_env(env, crate::config::os_locale))
}

/// `--lang uk` or `--lang=uk` among the arguments (the last one wins, as with clap);
/// nothing after `--`.
fn lang_in_args(args: &[OsString]) -> Option<Lang> {
    let mut found = None;
    let mut iter = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        let value = match arg.as_ref() {
            "--" => break,
            "--lang" => iter.next().map(std::borrow::Cow::into_owned),
            other => other.strip_prefix("--lang=").map(str::to_owned),
        };
        match value.as_deref() {
            Some("uk") => found = Some(Lang::Uk),
            Some("en") => found = Some(Lang::En),
            _ => {}
        }
    }
    found
}

/// The error as clap would print it, in Ukrainian: what is wrong, the usage line and where
/// to read more. `None` for help and version, which clap prints itself.
#[must_use]
pub fn ukrainian(e: &clap::Error) -> Option<String> {
    let what = what_uk(e)?;
    let mut out = format!("помилка: {what}\n");
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim_start().strip_prefix("Usage:").unwrap_or(&usage).trim();
        out.push_str(&format!("\nВикористання: {usage}\n"));
    }
    out.push_str("\nЩоб дізнатися більше, додайте --help.\n");
    Some(out)
}

/// A piece of clap's context as text: a list joined with commas.
fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) if !list.is_empty() => Some(list.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What is wrong, in one line.
fn what_uk(e: &clap::Error) -> Option<String> {
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut what = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return None;
        }
        ErrorKind::MissingRequiredArgument => match e.get(ContextKind::InvalidArg) {
            Some(ContextValue::Strings(list)) if list.len() > 1 => {
                format!("не вказано обов'язкових аргументів: {}", list.join(", "))
            }
            _ => format!("не вказано обов'язкового аргументу: {arg}"),
        },
        ErrorKind::InvalidValue => {
            let valid = text(e, ContextKind::ValidValue).unwrap_or_default();
            if value.is_empty() {
                format!("для {arg} потрібне значення; можливі: {valid}")
            } else {
                format!("неприпустиме значення «{value}» для {arg}; можливі значення: {valid}")
            }
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e).map(|source| match source.downcast_ref::<ParseIntError>() {
                Some(p) => number_reason(p),
                None => source.to_string(),
            });
            match reason {
                Some(reason) => format!("неприпустиме значення «{value}» для {arg}: {reason}"),
                None => format!("неприпустиме значення «{value}» для {arg}"),
            }
        }
        ErrorKind::UnknownArgument => format!("невідомий аргумент «{arg}»"),
        ErrorKind::InvalidSubcommand => {
            let sub = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("невідома команда «{sub}»")
        }
        ErrorKind::ArgumentConflict => {
            let arg = text(e, ContextKind::InvalidArg)
                .or_else(|| text(e, ContextKind::InvalidSubcommand))
                .unwrap_or_default();
            match text(e, ContextKind::PriorArg) {
                Some(prior) => format!("{arg} не можна вживати разом із {prior}"),
                None => format!("{arg} не можна вживати разом з іншими вказаними аргументами"),
            }
        }
        ErrorKind::NoEquals => format!("значення {arg} пишуть після знака =, наприклад {arg}=ЗНАЧЕННЯ"),
        ErrorKind::TooManyValues => format!("зайве значення «{value}» для {arg}"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let wanted = text(e, ContextKind::ExpectedNumValues)
                .or_else(|| text(e, ContextKind::MinValues))
                .unwrap_or_default();
            let given = text(e, ContextKind::ActualNumValues).unwrap_or_default();
            format!("{arg} потребує значень: {wanted}, а вказано: {given}")
        }
        ErrorKind::MissingSubcommand => {
            let valid = text(e, ContextKind::ValidSubcommand).unwrap_or_default();
            format!("потрібна команда; можливі: {valid}")
        }
        ErrorKind::InvalidUtf8 => "в аргументі є байти, що не є UTF-8".to_owned(),
        _ => "командний рядок не вдалося розібрати".to_owned(),
    };
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|kind| match e.get(kind)? {
        ContextValue::String(s) => Some(vec![s.clone()]),
        ContextValue::Strings(list) if !list.is_empty() => Some(list.clone()),
        _ => None,
    });
    if let Some(list) = suggested {
        let quoted: Vec<String> = list.iter().map(|s| format!("«{s}»")).collect();
        what.push_str(&format!("; можливо, ви мали на увазі {}?", quoted.join(" чи ")));
    }
    if let Some(ContextValue::StyledStrs(tips)) = e.get(ContextKind::Suggested) {
        for tip in tips.iter().filter_map(|t| tip_uk(&t.to_string())) {
            what.push_str(&format!("; {tip}"));
        }
    }
    Some(what)
}

/// Why a number did not read.
fn number_reason(e: &ParseIntError) -> String {
    match e.kind() {
        IntErrorKind::Empty => "значення порожнє; напишіть ціле число, наприклад 1000",
        IntErrorKind::PosOverflow => "число завелике",
        IntErrorKind::NegOverflow => "число замале",
        _ => "це має бути ціле невід'ємне число, наприклад 1000",
    }
    .to_owned()
}

/// clap's tips, which it writes in English: "to pass 'x' as a value, use '-- x'", "'list
/// --format' exists", "subcommand 'x' exists; to use it, remove the '--' before it".
fn tip_uk(tip: &str) -> Option<String> {
    let quoted: Vec<&str> = tip.split('\'').skip(1).step_by(2).collect();
    if tip.starts_with("to pass") {
        let [value, how, ..] = quoted[..] else { return None };
        Some(format!("щоб передати «{value}» як значення, напишіть «{how}»"))
    } else if tip.starts_with("subcommand") {
        let [sub, ..] = quoted[..] else { return None };
        Some(format!("команда «{sub}» є; щоб її вжити, приберіть «--» перед нею"))
    } else if tip.ends_with("exists") {
        let [exists, ..] = quoted[..] else { return None };
        Some(format!("є «{exists}»"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    fn error(list: &[&str]) -> clap::Error {
        match crate::cli::Cli::try_parse_from(list) {
            Err(e) => e,
            Ok(cli) => panic!("parsed: {cli:?}"),
        }
    }

    #[test]
    fn the_language_is_read_from_the_arguments_before_they_are_understood() {
        assert_eq!(
            lang_in_args(&args(&["libservices", "--lang", "uk", "list"])),
            Some(Lang::Uk)
        );
        assert_eq!(
            lang_in_args(&args(&["libservices", "list", "--lang=uk"])),
            Some(Lang::Uk)
        );
        assert_eq!(
            lang_in_args(&args(&["libservices", "--lang=uk", "--lang", "en"])),
            Some(Lang::En)
        );
        assert_eq!(lang_in_args(&args(&["libservices", "search", "--", "--lang=uk"])), None);
        assert_eq!(lang_in_args(&args(&["libservices", "--lang", "xx"])), None);
        let env = |k: &str| (k == "LANG").then(|| "uk_UA.UTF-8".to_owned());
        assert_eq!(lang(&args(&["libservices", "list"]), None, env), Lang::Uk);
        assert_eq!(lang(&args(&["libservices", "--lang", "en"]), None, env), Lang::En);
    }

    #[test]
    fn each_kind_of_mistake_is_worded_in_ukrainian() {
        let cases: [(&[&str], &str); 7] = [
            (&["libservices", "list"], "не вказано обов'язкового аргументу: <KIND>"),
            (
                &["libservices", "list", "servises"],
                "неприпустиме значення «servises» для <KIND>; можливі значення: services, libraries, target-groups, programmes, themes; можливо, ви мали на увазі «services»?",
            ),
            (
                &["libservices", "bench", "--services", "abc"],
                "неприпустиме значення «abc» для --services <N>: це має бути ціле невід'ємне число, наприклад 1000",
            ),
            (
                &["libservices", "search", "--limt", "3"],
                "невідомий аргумент «--limt»; можливо, ви мали на увазі «--limit»?",
            ),
            (
                &["libservices", "serch"],
                "невідома команда «serch»; можливо, ви мали на увазі «bench» чи «search»?",
            ),
            (
                &["libservices", "export", "--shortlist", "--ids", "a"],
                "--shortlist не можна вживати разом із --ids <ID,ID...>",
            ),
            (
                &["libservices", "bench", "--rounds", "3"],
                "не вказано обов'язкового аргументу: --against-fzf",
            ),
        ];
        for (line, expected) in cases {
            let e = error(line);
            let text = ukrainian(&e).unwrap_or_default();
            assert!(text.starts_with(&format!("помилка: {expected}\n")), "{line:?}:\n{text}");
            assert!(text.ends_with("\nЩоб дізнатися більше, додайте --help.\n"), "{text}");
            assert_eq!(e.exit_code(), 2);
        }
    }

    #[test]
    fn the_usage_line_is_kept_and_help_is_left_to_clap() {
        let text = ukrainian(&error(&["libservices", "list"])).unwrap_or_default();
        assert!(text.contains("\nВикористання: libservices list <KIND>\n"), "{text}");
        assert!(!text.contains("Usage"), "{text}");
        assert_eq!(ukrainian(&error(&["libservices", "--help"])), None);
        assert_eq!(ukrainian(&error(&["libservices", "--version"])), None);
    }

    #[test]
    fn clap_tips_are_worded_in_ukrainian() {
        assert_eq!(
            tip_uk("to pass '-x' as a value, use '-- -x'").as_deref(),
            Some("щоб передати «-x» як значення, напишіть «-- -x»")
        );
        assert_eq!(tip_uk("'list --format' exists").as_deref(), Some("є «list --format»"));
        assert_eq!(tip_uk("something new"), None);
    }
}
