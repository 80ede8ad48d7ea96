//! The kiosk's idle clock and the search pause, as pure functions of the time since the
//! last key: the runtime asks when to wake next and what to do then. Before the kiosk goes
//! back to its start screen it counts down for [`COUNTDOWN`], so that a visitor (also one
//! writing a note) is warned and any key keeps the session.

use std::time::Duration;

use crate::catalogue::Lang;

/// How long the warning before an idle reset lasts.
pub const COUNTDOWN: Duration = Duration::from_secs(15);

/// How long a search text must stay unchanged to be remembered among the recent searches.
pub const SEARCH_PAUSE: Duration = Duration::from_secs(3);

/// What the idle clock says at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    /// Nothing to show yet; look again after this long.
    Quiet(Duration),
    /// Show "resets in N s"; look again after this long (at the next whole second).
    Countdown {
        /// Whole seconds left, rounded up (15 … 1).
        seconds: u64,
        /// Until the next look.
        wait: Duration,
    },
    /// Time is up: go back to the start screen.
    Reset,
}

/// The idle clock after `elapsed` without a key, for a kiosk that resets after `idle` (a
/// timeout shorter than the countdown counts down all the way).
#[must_use]
pub fn idle_clock(idle: Duration, elapsed: Duration) -> Idle {
    let Some(left) = idle.checked_sub(elapsed).filter(|l| !l.is_zero()) else {
        return Idle::Reset;
    };
    if left > COUNTDOWN {
        return Idle::Quiet(left.saturating_sub(COUNTDOWN));
    }
    let seconds = left.as_millis().div_ceil(1000) as u64;
    let wait = left.saturating_sub(Duration::from_secs(seconds - 1));
    Idle::Countdown { seconds, wait }
}

/// The warning shown while the kiosk counts down; `note` when a note is being written (it
/// would be lost).
#[must_use]
pub fn countdown_text(lang: Lang, seconds: u64, note: bool) -> String {
    match (lang, note) {
        (Lang::En, false) => format!(
            "No key for a while: this screen goes back to the start in {seconds} s and forgets this visit. Press any key to stay."
        ),
        (Lang::En, true) => format!(
            "No key for a while: in {seconds} s this screen goes back to the start and the note you are writing is lost. Press any key to stay."
        ),
        (Lang::Uk, false) => format!(
            "Давно не натискали клавіш: за {seconds} с екран повернеться на початок і забуде цей візит. Натисніть будь-яку клавішу, щоб залишитися."
        ),
        (Lang::Uk, true) => format!(
            "Давно не натискали клавіш: за {seconds} с екран повернеться на початок, і нотатку, яку ви пишете, буде втрачено. Натисніть будь-яку клавішу, щоб залишитися."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn quiet_until_the_last_fifteen_seconds() {
        assert_eq!(idle_clock(S(120), S(0)), Idle::Quiet(S(105)));
        assert_eq!(idle_clock(S(120), S(100)), Idle::Quiet(S(5)));
    }

    #[test]
    fn counts_down_each_second_then_resets() {
        assert_eq!(
            idle_clock(S(120), S(105)),
            Idle::Countdown {
                seconds: 15,
                wait: S(1)
            }
        );
        assert_eq!(
            idle_clock(S(120), Duration::from_millis(105_400)),
            Idle::Countdown {
                seconds: 15,
                wait: Duration::from_millis(600)
            }
        );
        assert_eq!(
            idle_clock(S(120), Duration::from_millis(119_500)),
            Idle::Countdown {
                seconds: 1,
                wait: Duration::from_millis(500)
            }
        );
        assert_eq!(idle_clock(S(120), S(120)), Idle::Reset);
        assert_eq!(idle_clock(S(120), S(500)), Idle::Reset);
    }

    #[test]
    fn a_short_timeout_counts_down_all_of_it() {
        assert_eq!(idle_clock(S(5), S(0)), Idle::Countdown { seconds: 5, wait: S(1) });
    }

    #[test]
    fn the_warning_says_the_note_would_be_lost() {
        assert!(countdown_text(Lang::En, 12, true).contains("in 12 s"));
        assert!(countdown_text(Lang::En, 12, true).contains("note you are writing is lost"));
        assert!(!countdown_text(Lang::En, 12, false).contains("note"));
        assert!(countdown_text(Lang::Uk, 3, true).contains("нотатку"));
    }
}
