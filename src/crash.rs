//! What the user sees when the program fails unexpectedly: the terminal put back first,
//! then one line saying what happened and where, instead of Rust's panic report (set
//! `RUST_BACKTRACE=1` to get the backtrace too).
//!
//! `LIBSERVICES_TEST_PANIC=1` makes the app panic just after its first frame, so that tests
//! can check the terminal is restored; nothing else reads it.

use std::panic::PanicHookInfo;

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

/// `libservices crashed: MESSAGE at FILE:LINE; please report it`.
#[must_use]
pub fn message(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown error");
    let what = crate::catalogue::clean_line(what);
    match info.location() {
        Some(l) => format!(
            "libservices crashed: {what} at {}:{}; please report it",
            l.file(),
            l.line()
        ),
        None => format!("libservices crashed: {what}; please report it"),
    }
}

/// Panics when [`TEST_PANIC_VAR`] is `1`.
pub fn panic_if_asked() {
    let asked = std::env::var_os(TEST_PANIC_VAR).is_some_and(|v| v == "1");
    assert!(!asked, "test panic ({TEST_PANIC_VAR}=1)");
}
