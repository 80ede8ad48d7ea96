//! What the user sees when the program fails unexpectedly: the terminal put back first,
//! then one line saying what happened and where, instead of Rust's panic report (set
//! `RUST_BACKTRACE=1` to get the backtrace too).
//!
//! The line is in the language of the interface: [`set_lang`] keeps it in one atomic flag,
//! which the hook reads without taking a lock or allocating for it.
//!
//! `LIBSERVICES_TEST_PANIC=1` makes the app panic just after its first frame, so that tests
//! can check the terminal is restored; nothing else reads it.

use std::panic::PanicHookInfo;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::catalogue::Lang;

/// True when the crash line is to be in Ukrainian.
static UKRAINIAN: AtomicBool = AtomicBool::new(false);

/// The language of the crash line from now on (the program's at start, then the app's
/// after F2).
pub fn set_lang(lang: Lang) {
    UKRAINIAN.store(lang == Lang::Uk, Ordering::Relaxed);
}

/// The language set last with [`set_lang`]; English until then.
fn lang() -> Lang {
    if UKRAINIAN.load(Ordering::Relaxed) {
        Lang::Uk
    } else {
        Lang::En
    }
}

/// The environment variable that makes the app panic on purpose (tests only).
pub const TEST_PANIC_VAR: &str = "LIBSERVICES_TEST_PANIC";

/// Replaces the panic hook: `restore` runs first (put the terminal back), then one line
/// goes to standard error. Installing again replaces the earlier hook.
pub fn install(restore: impl Fn() + Send + Sync + 'static) {
    std::panic::set_hook(Box::new(move |info| {
        restore();
        eprintln!("{}", message(info));
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
            eprintln!("{}", std::backtrace::Backtrace::force_capture());
        }
    }));
}

/// `libservices crashed: MESSAGE at FILE:LINE; please report it`, in the language set with
/// [`set_lang`].
#[must_use]
pub fn message(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
    let at = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
    line(lang(), what, at.as_deref())
}

/// The crash line: what the program said when it stopped (its own words, for whoever fixes
/// it), and where.
fn line(lang: Lang, what: Option<&str>, at: Option<&str>) -> String {
    let what = what.map(crate::catalogue::clean_line);
    match lang {
        Lang::En => {
            let what = what.as_deref().unwrap_or("unknown error");
            match at {
                Some(at) => format!("libservices crashed: {what} at {at}; please report it"),
                None => format!("libservices crashed: {what}; please report it"),
            }
        }
        Lang::Uk => {
            let what = what.as_deref().unwrap_or("невідома помилка");
            match at {
                Some(at) => format!("libservices аварійно зупинилася: {what} у {at}; будь ласка, повідомте про це"),
                None => format!("libservices аварійно зупинилася: {what}; будь ласка, повідомте про це"),
            }
        }
    }
}

/// Panics when [`TEST_PANIC_VAR`] is `1`.
pub fn panic_if_asked() {
    let asked = std::env::var_os(TEST_PANIC_VAR).is_some_and(|v| v == "1");
    assert!(!asked, "test panic ({TEST_PANIC_VAR}=1)");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crash_line_in_each_language() {
        assert_eq!(
            line(Lang::Uk, Some("boom\u{1b}[2J"), Some("src/app/mod.rs:7")),
            "libservices аварійно зупинилася: boom у src/app/mod.rs:7; будь ласка, повідомте про це"
        );
        assert_eq!(
            line(Lang::Uk, None, None),
            "libservices аварійно зупинилася: невідома помилка; будь ласка, повідомте про це"
        );
        assert_eq!(
            line(Lang::En, None, Some("a.rs:1")),
            "libservices crashed: unknown error at a.rs:1; please report it"
        );
    }
}
