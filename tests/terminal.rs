//! The terminal and the process: a panic in the app restores the terminal and prints one
//! short line; the app without a terminal on stdin says so and exits 2; a closed pipe
//! (`libservices list services | head -1`) ends quietly. The app runs in a pseudo-terminal.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test with a message"
)]

mod support;

use std::io::Read;
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_libservices");
const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const ENABLE_MOUSE: &[u8] = b"\x1b[?1000h";
const DISABLE_MOUSE: &[u8] = b"\x1b[?1000l";
const ENABLE_PASTE: &[u8] = b"\x1b[?2004h";
const DISABLE_PASTE: &[u8] = b"\x1b[?2004l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// What a run in a pseudo-terminal wrote, and how it ended.
struct PtyRun {
    raw: Vec<u8>,
    success: bool,
    code: u32,
}

/// Runs `program args` in a 100x30 pseudo-terminal until it exits (at most 20 s).
fn run_in_pty(program: &str, args: &[&str], env: &[(&str, &str)], home: &Path) -> PtyRun {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(program);
    cmd.args(args);
    cmd.env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    cmd.env("LIBSERVICES_HOME", home);
    cmd.env("LANG", "C.UTF-8");
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let collected = std::thread::spawn(move || {
        let mut raw = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => raw.extend_from_slice(&buf[..n]),
            }
        }
        raw
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "the program did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(pty.master);
    let raw = collected.join().unwrap();
    PtyRun {
        raw,
        success: status.success(),
        code: status.exit_code(),
    }
}

#[test]
fn a_panic_restores_the_terminal_and_prints_one_short_line() {
    let home = tempfile::tempdir().unwrap();
    let run = run_in_pty(BIN, &[], &[("LIBSERVICES_TEST_PANIC", "1")], home.path());
    let text = String::from_utf8_lossy(&run.raw);
    let shown = text.replace('\x1b', "\\e");
    assert!(!run.success, "{shown}");
    assert_eq!(run.code, 101, "a panic exits with 101: {shown}");
    // The app was really running: the alternate screen, mouse and paste on, a frame drawn.
    let enter = rfind(&run.raw, ENTER_ALT_SCREEN).expect("entered the alternate screen");
    let after = &run.raw[enter..];
    assert!(
        rfind(after, ENABLE_MOUSE).is_some() && rfind(after, ENABLE_PASTE).is_some(),
        "{shown}"
    );
    assert!(text.contains("services"), "no frame was drawn: {shown}");
    // Everything is off again.
    let leave = rfind(after, LEAVE_ALT_SCREEN).expect("left the alternate screen");
    assert!(rfind(after, DISABLE_MOUSE) > rfind(after, ENABLE_MOUSE), "{shown}");
    assert!(rfind(after, DISABLE_PASTE) > rfind(after, ENABLE_PASTE), "{shown}");
    assert!(rfind(after, SHOW_CURSOR) > rfind(after, HIDE_CURSOR), "{shown}");
    // Then one line, on the normal screen, and no panic report.
    let message = text.find("libservices crashed: ").expect("the short message");
    assert!(message > enter + leave, "the message must follow the restore: {shown}");
    let line = text[message..].lines().next().unwrap_or_default();
    assert!(
        line.starts_with("libservices crashed: test panic (LIBSERVICES_TEST_PANIC=1) at src/"),
        "{line:?}"
    );
    assert!(line.trim_end().ends_with("; please report it"), "{line:?}");
    assert!(!text.contains("panicked at"), "{shown}");
    assert!(!text.contains("RUST_BACKTRACE"), "{shown}");
    let mut screen = vt100::Parser::new(NonZeroU16::new(30).unwrap(), NonZeroU16::new(100).unwrap(), 0);
    screen.process(&run.raw);
    assert!(!screen.screen().alternate_screen());
    assert!(!screen.screen().hide_cursor());
    assert_eq!(screen.screen().mouse_protocol_mode(), vt100::MouseProtocolMode::None);
}

#[test]
fn without_a_terminal_on_stdin_the_app_says_so_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    // Standard output is the terminal; standard input is not.
    let script = format!("exec '{BIN}' < /dev/null");
    let run = run_in_pty("sh", &["-c", &script], &[], home.path());
    let text = String::from_utf8_lossy(&run.raw);
    assert_eq!(run.code, 2, "{text}");
    assert!(text.contains("interactive terminal"), "{text}");
    assert!(text.contains("`libservices search"), "{text}");
    assert!(
        rfind(&run.raw, ENTER_ALT_SCREEN).is_none(),
        "the app must not take the screen: {text}"
    );
    // And the same with standard output redirected while standard input is the terminal.
    let out = home.path().join("out.txt");
    let script = format!("exec '{BIN}' > '{}'", out.display());
    let run = run_in_pty("sh", &["-c", &script], &[], home.path());
    assert_eq!(run.code, 2);
    assert!(String::from_utf8_lossy(&run.raw).contains("interactive terminal"));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        b"",
        "nothing may go to the redirected output"
    );
}

#[test]
fn a_pipe_closed_by_head_ends_quietly() {
    let home = tempfile::tempdir().unwrap();
    let data = support::big_catalogue(home.path(), 2000);
    for (args, first) in [
        ("list services", "Bulk service number 0  [bulk-0]"),
        ("list services --format json", "["),
        ("search service --format csv", "id,title,summary"),
    ] {
        let script = format!(
            "set -e; '{BIN}' --no-bundled --data '{data}' {args} 2>'{home}/err' | head -1; echo \"status $?\"",
            home = home.path().display()
        );
        let out = Command::new("bash")
            .args(["-o", "pipefail", "-c", &script])
            .env("LIBSERVICES_HOME", home.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut lines = stdout.lines();
        assert!(lines.next().unwrap_or_default().starts_with(first), "{args}: {stdout}");
        assert_eq!(lines.next(), Some("status 0"), "{args}: {stdout}");
        let err = std::fs::read_to_string(home.path().join("err")).unwrap();
        assert_eq!(err, "", "{args}");
    }
}

#[test]
fn in_ukrainian_the_crash_line_is_ukrainian() {
    let home = tempfile::tempdir().unwrap();
    let run = run_in_pty(BIN, &["--lang", "uk"], &[("LIBSERVICES_TEST_PANIC", "1")], home.path());
    let text = String::from_utf8_lossy(&run.raw);
    assert_eq!(run.code, 101, "{text}");
    let start = text
        .find("libservices аварійно зупинилася: ")
        .expect("the Ukrainian line");
    let line = text[start..].lines().next().unwrap_or_default().trim_end();
    assert!(
        line.starts_with("libservices аварійно зупинилася: test panic (LIBSERVICES_TEST_PANIC=1) у src/"),
        "{line:?}"
    );
    assert!(line.ends_with("; будь ласка, повідомте про це"), "{line:?}");
    assert!(!text.contains("crashed"), "{text}");
}
