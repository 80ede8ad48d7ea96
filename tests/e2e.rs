//! End-to-end tests: the real `libservices` binary in a pseudo-terminal, driven by keys
//! and read back through a terminal-screen parser (`vt100`), as television does.
//!
//! Every wait polls the parsed screen (or the child) with a generous timeout, so the tests
//! hold on a loaded machine; no fixed sleep is used for synchronisation.

#![allow(clippy::unwrap_used, reason = "test helpers may panic")]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_libservices");
/// How long any one expectation may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(20);

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const BACKSPACE: &str = "\x7f";
const CTRL_C: &str = "\x03";
const CTRL_F: &str = "\x06";
const F5: &str = "\x1b[15~";
const F6: &str = "\x1b[17~";
const F7: &str = "\x1b[18~";
const INS: &str = "\x1b[2~";
const F8: &str = "\x1b[19~";
const F10: &str = "\x1b[21~";

/// Sequences the app must write when it starts and when it exits.
const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
const ENABLE_PASTE: &[u8] = b"\x1b[?2004h";
const DISABLE_PASTE: &[u8] = b"\x1b[?2004l";
/// crossterm 0.29 `EnableMouseCapture` / `DisableMouseCapture` (src/event.rs).
const ENABLE_MOUSE: &[u8] = b"\x1b[?1000h\x1b[?1002h\x1b[?1003h\x1b[?1015h\x1b[?1006h";
const DISABLE_MOUSE: &[u8] = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";

/// What the reader thread fills: every byte the app wrote, and the screen they draw.
struct Output {
    raw: Vec<u8>,
    parser: vt100::Parser,
}

/// The app running in a pseudo-terminal.
struct App {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    output: Arc<Mutex<Output>>,
    reader: Option<JoinHandle<()>>,
    home: TempDir,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
}

/// Sets the variables every run of the binary gets: a fresh home, English, a known terminal.
fn env_for(home: &Path) -> [(&'static str, std::ffi::OsString); 3] {
    [
        ("LIBSERVICES_HOME", home.as_os_str().to_owned()),
        ("LANG", "C.UTF-8".into()),
        ("TERM", "xterm-256color".into()),
    ]
}

impl App {
    /// Starts the app at 120x40 and waits for its first frame.
    fn start() -> Self {
        Self::start_with(&[], &[])
    }

    /// Starts the app with arguments and extra environment variables.
    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::start_in(tempfile::tempdir().unwrap(), args, env)
    }

    /// Starts the app with `home` as its `LIBSERVICES_HOME`.
    fn start_in(home: TempDir, args: &[&str], env: &[(&str, &str)]) -> Self {
        let pty = native_pty_system().openpty(size(120, 40)).unwrap();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        for (k, v) in env_for(home.path()) {
            cmd.env(k, v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(home.path());
        let child = pty.slave.spawn_command(cmd).unwrap();
        // The parent must not hold the slave, or the master never sees end of file.
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Output {
            raw: Vec::new(),
            parser: vt100::Parser::new(nz(40), nz(120), 0),
        }));
        let shared = Arc::clone(&output);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    // End of file, or EIO on Linux once the child has gone.
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut out = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        out.raw.extend_from_slice(&buf[..n]);
                        out.parser.process(&buf[..n]);
                    }
                }
            }
        });
        let app = Self {
            master: pty.master,
            writer,
            child,
            output,
            reader: Some(reader),
            home,
        };
        app.wait_for("the first frame", |s| s.contents().contains("services"));
        app
    }

    fn output(&self) -> MutexGuard<'_, Output> {
        self.output.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The text on the screen now.
    fn screen(&self) -> String {
        self.output().parser.screen().contents()
    }

    /// Waits until `check` passes on the screen. A frame may arrive in several reads, so
    /// every look at the screen is a wait: a check that fails on half a frame passes on the
    /// whole one. On timeout, fails with the last complaint and the screen.
    fn check(&self, what: &str, check: impl Fn(&vt100::Screen) -> Result<(), String>) {
        let start = Instant::now();
        loop {
            // The lock is held only for this statement, never while sleeping or failing.
            let result = check(self.output().parser.screen());
            let Err(complaint) = result else { return };
            if start.elapsed() > TIMEOUT {
                let out = self.output();
                let screen = out.parser.screen();
                let (rows, cols) = screen.size();
                let rule = "-".repeat(usize::from(cols.get()));
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what}: {complaint}\nscreen ({cols}x{rows}):\n{rule}\n{}\n{rule}",
                    screen.contents(),
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until `pred` holds for the screen.
    fn wait_for(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        self.check(what, |s| if pred(s) { Ok(()) } else { Err("not yet".to_owned()) });
    }

    /// Sends keys (raw bytes, as a terminal would).
    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resizes the terminal and the screen parser together.
    fn resize(&self, cols: u16, rows: u16) {
        let mut out = self.output();
        self.master.resize(size(cols, rows)).unwrap();
        out.parser.set_size(nz(rows), nz(cols));
    }

    /// Waits for the child to exit and for its last output; returns its exit code.
    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                let screen = self.screen();
                self.child.kill().ok();
                panic!("the app did not exit within {TIMEOUT:?}; screen:\n{screen}");
            }
            std::thread::sleep(POLL);
        };
        // The reader stops at end of file once the child's side of the pty is closed.
        let reader = self.reader.take().unwrap();
        let start = Instant::now();
        while !reader.is_finished() {
            assert!(start.elapsed() < TIMEOUT, "the pty reader did not see end of file");
            std::thread::sleep(POLL);
        }
        reader.join().unwrap();
        status.exit_code()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // A failed test must not leave the app running.
        if self.reader.is_some() {
            self.child.kill().ok();
            self.child.wait().ok();
        }
    }
}

/// Where `needle` last occurs in `hay`.
fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Shows raw bytes with escapes readable, for failure messages.
fn escaped(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace('\x1b', "\\e")
}

/// Checks that the app put the terminal back the way it found it.
fn assert_terminal_restored(app: &App) {
    let out = app.output();
    let raw = &out.raw;
    // The end of the output, for failure messages.
    let tail = escaped(&raw[raw.len().saturating_sub(400)..]);
    let enter = rfind(raw, ENTER_ALT_SCREEN).unwrap_or_else(|| panic!("never entered the alternate screen"));
    let after = &raw[enter..];
    let find = |seq: &[u8]| after.windows(seq.len()).position(|w| w == seq);
    // Modes the app turned on...
    assert!(find(ENABLE_PASTE).is_some(), "bracketed paste never enabled:\n{tail}");
    assert!(find(ENABLE_MOUSE).is_some(), "mouse capture never enabled:\n{tail}");
    // ...are all off again at the end.
    let leave = rfind(after, LEAVE_ALT_SCREEN);
    assert!(
        leave.is_some(),
        "no leave-alternate-screen after the last enter:\n{tail}"
    );
    let last = |seq: &[u8]| rfind(after, seq);
    assert!(
        last(DISABLE_PASTE) > last(ENABLE_PASTE),
        "bracketed paste left on:\n{tail}"
    );
    assert!(
        last(DISABLE_MOUSE) > last(ENABLE_MOUSE),
        "mouse capture left on:\n{tail}"
    );
    // The cursor ends visible: shown after the app last hid it.
    assert!(last(SHOW_CURSOR).is_some(), "cursor never shown:\n{tail}");
    assert!(last(SHOW_CURSOR) > last(HIDE_CURSOR), "cursor left hidden:\n{tail}");
    // The emulated terminal agrees.
    let screen = out.parser.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "cursor still hidden");
    assert!(!screen.bracketed_paste(), "bracketed paste still on");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse still captured"
    );
}

/// Runs the CLI with the same environment as the app and returns the JSON it prints.
fn cli_json(args: &[&str]) -> serde_json::Value {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(args)
        .args(["--format", "json"])
        .env_clear()
        .envs(env_for(home.path()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The titles a CLI search (or list) returns.
fn titles(json: &serde_json::Value) -> Vec<String> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_owned())
        .collect()
}

/// What the CLI says about the bundled catalogue, so the screen checks follow the data:
/// how many entries of every kind (what an empty search lists).
fn total_entries() -> usize {
    ["services", "libraries", "target-groups", "programmes", "themes"]
        .iter()
        .map(|kind| cli_json(&["list", kind]).as_array().unwrap().len())
        .sum()
}

/// The count by kind of the CLI's search results, as the app writes it: "1 service, 1 library".
fn by_kind(found: &serde_json::Value) -> String {
    let kinds = [
        ("service", "service", "services"),
        ("library", "library", "libraries"),
        ("target-group", "target group", "target groups"),
        ("programme", "programme", "programmes"),
        ("theme", "theme", "themes"),
    ];
    let entries = found.as_array().unwrap();
    let parts: Vec<String> = kinds
        .iter()
        .filter_map(|&(kind, one, many)| {
            let n = entries.iter().filter(|e| e["entry"] == kind).count();
            (n > 0 || (kind == "service" && entries.is_empty()))
                .then(|| format!("{n} {}", if n == 1 { one } else { many }))
        })
        .collect();
    parts.join(", ")
}

/// The status-bar count at 120 columns for the CLI's search results: by kind when that
/// takes at most half the bar, else how many of all the entries.
fn count(found: &serde_json::Value, total: usize) -> String {
    let kinds = by_kind(found);
    if kinds.chars().count() <= 60 {
        kinds
    } else {
        format!("{} of {total} entries", found.as_array().unwrap().len())
    }
}

/// The status-bar count with every entry listed (too long by kind for half the bar).
fn count_all(total: usize) -> String {
    format!("{total} of {total} entries")
}

/// The result pane's title at 120 columns (48 inside its border): by kind when it fits,
/// else the bare count.
fn list_title(found: &serde_json::Value) -> String {
    let kinds = by_kind(found);
    if kinds.chars().count() + 4 <= 50 {
        kinds
    } else {
        found.as_array().unwrap().len().to_string()
    }
}

/// The screen's rows, as text.
fn rows(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen.rows(0, cols.get()).collect()
}

/// The status bar: the last row, or the one above the function-key bar when the screen
/// has room for that (10 rows or more).
fn status_bar(screen: &vt100::Screen) -> String {
    let mut rows = rows(screen);
    if rows.len() >= 10 {
        rows.pop();
    }
    rows.pop().unwrap_or_default()
}

const CORNERS: [char; 2] = ['┌', '╔'];

/// The titles of the bordered panes whose top border is on `row`: "┌ Filters ──┐┌ 43 services ─┐".
fn pane_titles(row: &str) -> Vec<String> {
    row.split(CORNERS)
        .skip(1)
        .map(|top| {
            top.strip_prefix(' ')
                .and_then(|t| t.find(" ─").or_else(|| t.find(" ═")).map(|end| t[..end].to_owned()))
                .unwrap_or_default()
        })
        .collect()
}

/// The titles of the panes side by side below the search box (the row with the results title).
fn body_panes(screen: &vt100::Screen) -> Vec<String> {
    rows(screen)
        .iter()
        .skip(1)
        .map(|r| pane_titles(r))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

/// The breadcrumb in the top border of the full-screen detail view, split at " › ";
/// `None` when no detail view shows.
fn breadcrumb(screen: &vt100::Screen) -> Option<Vec<String>> {
    rows(screen)
        .iter()
        .flat_map(|r| pane_titles(r))
        .find(|t| t.starts_with("Results › "))
        .map(|t| t.split(" › ").map(str::to_owned).collect())
}

/// The rows inside the full-screen detail view's border, without the border.
fn detail_rows(screen: &vt100::Screen) -> Vec<String> {
    rows(screen)
        .iter()
        .skip_while(|r| !pane_titles(r).iter().any(|t| t.starts_with("Results › ")))
        .skip(1)
        .take_while(|r| !r.starts_with(['└', '╚']))
        .map(|r| {
            r.trim_start_matches(['│', '║'])
                .trim_end_matches(['│', '║', ' '])
                .to_owned()
        })
        .collect()
}

/// The links of the detail view in order (text after the "›"), and which one is selected.
fn links(screen: &vt100::Screen) -> (Vec<String>, Option<usize>) {
    let mut all = Vec::new();
    let mut selected = None;
    for row in detail_rows(screen) {
        if let Some(link) = row.strip_prefix("▶ › ") {
            selected = Some(all.len());
            all.push(link.to_owned());
        } else if let Some(link) = row.strip_prefix("  › ") {
            all.push(link.to_owned());
        }
    }
    (all, selected)
}

/// The search box's text (the row inside its border), trimmed.
fn search_text(screen: &vt100::Screen) -> String {
    rows(screen)
        .get(1)
        .map(|r| r.trim_matches(['│', '║', ' ']).to_owned())
        .unwrap_or_default()
}

/// Returns `Err` with the message when the condition is false (for [`App::check`]).
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// Returns `Err` showing both sides when they differ (for [`App::check`]).
macro_rules! ensure_eq {
    ($left:expr, $right:expr) => {
        if $left != $right {
            return Err(format!("{} is {:?}, expected {:?}", stringify!($left), $left, $right));
        }
    };
}

/// Starts the app and checks the first screen: the search box with the cursor in it, every
/// service listed, the three panes of a wide terminal.
fn start_checked(total: usize) -> App {
    let app = App::start();
    app.check("the first screen", |s| {
        ensure!(
            status_bar(s).starts_with(&count_all(total)),
            "status bar: {:?}",
            status_bar(s)
        );
        ensure_eq!(pane_titles(&rows(s)[0]), ["Search"]);
        ensure!(
            search_text(s).starts_with("type to search"),
            "no placeholder in the search box"
        );
        // Every entry by kind is too long for the list's title: the bare count.
        ensure_eq!(body_panes(s), ["Filters", &total.to_string(), "Service"]);
        // The cursor is at the start of the search box, inside its border.
        ensure!(!s.hide_cursor(), "cursor hidden");
        ensure_eq!(s.cursor_position(), (1, 1));
        Ok(())
    });
    app
}

/// Search, open a result, follow its first link (the library), come back, leave the search
/// box with Esc (the text stays), clear it with F8, and quit with F10.
#[test]
fn search_open_follow_back_clear_and_quit_with_f10() {
    let total = total_entries();
    let found = cli_json(&["search", "theatre"]);
    let hits = titles(&found).len();
    let service = titles(&found)[0].clone();
    let library = found[0]["libraries"][0]["name"].as_str().unwrap().to_owned();
    let library_id = found[0]["libraries"][0]["id"].as_str().unwrap().to_owned();
    assert!(hits < total, "theatre should narrow the list");

    let mut app = start_checked(total);

    // Typing goes to the search box and narrows the list.
    app.send("theatre");
    app.check("the theatre results", |s| {
        ensure!(
            status_bar(s).starts_with(&count(&found, total)),
            "status bar: {:?}",
            status_bar(s)
        );
        ensure_eq!(body_panes(s)[1], list_title(&found));
        ensure!(
            rows(s).iter().any(|r| r.contains(&format!("▶ {service}"))),
            "{service} not selected in the list"
        );
        ensure_eq!(search_text(s), "theatre");
        ensure_eq!(s.cursor_position(), (1, 1 + 7));
        Ok(())
    });

    // Enter opens the full-screen detail; its first link, the library, is selected.
    app.send(ENTER);
    app.check("the service detail", |s| {
        ensure_eq!(breadcrumb(s), Some(vec!["Results".to_owned(), service.clone()]));
        let body = detail_rows(s);
        ensure_eq!(body.first(), Some(&service));
        let label = body.iter().position(|r| r == "Library");
        ensure!(label.is_some(), "no Library label");
        ensure_eq!(body.get(label.unwrap() + 1), Some(&format!("▶ › {library}")));
        let (links, selected) = links(s);
        ensure_eq!(selected, Some(0));
        ensure_eq!(links.first(), Some(&library));
        // Only the detail view: the list panes are gone, and so is the cursor.
        ensure!(!s.contents().contains("Filters"), "the filter pane still shows");
        ensure!(s.hide_cursor(), "cursor shown");
        Ok(())
    });

    // Enter follows the link to the library.
    app.send(ENTER);
    app.check("the library detail", |s| {
        ensure_eq!(
            breadcrumb(s),
            Some(vec!["Results".to_owned(), service.clone(), library.clone()])
        );
        let body = detail_rows(s);
        ensure_eq!(body.first(), Some(&library));
        ensure_eq!(body.get(1), Some(&format!("Library · {library_id}")));
        ensure!(body.iter().any(|r| r.starts_with("Kind: ")), "no kind");
        ensure!(body.iter().any(|r| r.starts_with("Services")), "no services label");
        let (links, selected) = links(s);
        ensure!(
            links.contains(&service),
            "the library does not list {service}: {links:?}"
        );
        ensure_eq!(selected, Some(0));
        Ok(())
    });

    // Esc goes back to the service, its link still selected.
    app.send(ESC);
    app.check("the service detail again", |s| {
        ensure_eq!(breadcrumb(s), Some(vec!["Results".to_owned(), service.clone()]));
        ensure_eq!(links(s).1, Some(0));
        Ok(())
    });

    // Backspace goes back to the list, search text kept.
    app.send(BACKSPACE);
    app.check("the list again", |s| {
        ensure!(breadcrumb(s).is_none(), "breadcrumb: {:?}", breadcrumb(s));
        ensure!(
            status_bar(s).starts_with(&count(&found, total)),
            "status bar: {:?}",
            status_bar(s)
        );
        ensure_eq!(body_panes(s).len(), 3);
        ensure_eq!(search_text(s), "theatre");
        Ok(())
    });

    // Esc leaves the search box for the list (the cursor goes); the text stays.
    app.send(ESC);
    app.wait_for("focus on the list (cursor hidden)", vt100::Screen::hide_cursor);
    app.check("the search kept", |s| {
        ensure_eq!(search_text(s), "theatre");
        Ok(())
    });
    // F8 clears the search and puts the cursor back in the box.
    app.send(F8);
    app.check("the cleared search", |s| {
        ensure!(
            status_bar(s).starts_with(&count_all(total)),
            "status bar: {:?}",
            status_bar(s)
        );
        ensure!(search_text(s).starts_with("type to search"), "search text left");
        ensure!(!s.hide_cursor(), "the search box lost the cursor");
        Ok(())
    });
    app.send(F10);
    assert_eq!(app.wait_exit(), 0, "exit code");
    assert_terminal_restored(&app);
}

/// Lowercase Ukrainian typed into the list edits the search (none of its letters is a
/// command: т is the N key, о J, с C), and typed into the filter pane it jumps to a value
/// without changing a filter.
#[test]
fn lowercase_ukrainian_types_in_the_list_and_jumps_in_the_filter_pane() {
    let total = total_entries();
    let mut app = start_checked(total);
    app.send(ESC);
    app.wait_for("focus on the list (cursor hidden)", vt100::Screen::hide_cursor);
    app.send("одеса");
    app.check("the search for одеса", |s| {
        ensure_eq!(search_text(s), "одеса");
        ensure!(!s.contents().contains("Only you see this note"), "a note editor opened");
        ensure!(!status_bar(s).starts_with(&count_all(total)), "the list did not narrow");
        Ok(())
    });
    app.send(F8);
    app.wait_for("the cleared search", |s| status_bar(s).starts_with(&count_all(total)));
    app.send(ESC);
    app.wait_for("focus on the list (cursor hidden)", vt100::Screen::hide_cursor);
    app.send("театр");
    app.wait_for("the search for театр", |s| search_text(s) == "театр");
    app.send(F8);
    app.wait_for("the cleared search", |s| status_bar(s).starts_with(&count_all(total)));
    app.send(CTRL_F);
    app.wait_for("the filter pane focused", vt100::Screen::hide_cursor);
    app.send("сум");
    app.check("the jump to Sumy Oblast", |s| {
        ensure!(
            body_panes(s).iter().any(|t| t == "Filters → сум"),
            "panes: {:?}",
            body_panes(s)
        );
        // The pane starts at the target groups; the regions are far below.
        ensure!(
            rows(s).iter().any(|r| r.starts_with("║[ ] Sumy Oblast")),
            "the pane did not scroll to Sumy Oblast"
        );
        ensure!(status_bar(s).starts_with(&count_all(total)), "a filter changed");
        ensure!(!s.contents().contains("Filters: ["), "a filter chip shows");
        ensure!(search_text(s).starts_with("type to search"), "the search changed");
        Ok(())
    });
    app.send(CTRL_C);
    assert_eq!(app.wait_exit(), 0);
}

/// Ctrl-C quits from the full-screen detail view, where no text is typed.
#[test]
fn ctrl_c_quits_from_the_detail_view() {
    let total = total_entries();
    let mut app = start_checked(total);
    app.send("theatre");
    app.wait_for("the theatre results", |s| {
        search_text(s) == "theatre" && !status_bar(s).starts_with(&count_all(total))
    });
    app.send(ENTER);
    app.wait_for("the service detail", |s| {
        breadcrumb(s).is_some_and(|b| b.len() == 2 && b[1].starts_with("Theatre"))
    });
    app.send(CTRL_C);
    assert_eq!(app.wait_exit(), 0, "exit code");
    assert_terminal_restored(&app);
}

/// A bracketed paste searches for the pasted text; control characters in a paste do not act
/// as keys.
#[test]
fn paste_searches() {
    let total = total_entries();
    let query = "Біла Церква";
    let found_json = cli_json(&["search", query]);
    let found = titles(&found_json);
    assert!(
        !found.is_empty() && found.len() < total,
        "{query} should narrow the list: {found:?}"
    );
    // A short title near the top fits in the list pane.
    let short = found.iter().take(5).min_by_key(|t| t.chars().count()).unwrap().clone();

    let mut app = start_checked(total);
    app.send(&format!("\x1b[200~{query}\x1b[201~"));
    app.check("the pasted search", |s| {
        ensure!(
            status_bar(s).starts_with(&count(&found_json, total)),
            "status bar: {:?}",
            status_bar(s)
        );
        ensure!(s.contents().contains(&short), "{short} not listed");
        ensure_eq!(search_text(s), query);
        let width = u16::try_from(query.chars().count()).unwrap();
        ensure_eq!(s.cursor_position(), (1, 1 + width));
        Ok(())
    });

    // From the list, a paste ending in a newline goes to the search box; typed, the
    // newline would be Enter and open the detail view.
    app.send(F8);
    app.wait_for("the cleared search", |s| status_bar(s).starts_with(&count_all(total)));
    app.send(ESC);
    app.wait_for("focus on the list (cursor hidden)", vt100::Screen::hide_cursor);
    let theatre = cli_json(&["search", "theatre "]);
    let hits = titles(&theatre).len();
    assert!(hits < total, "theatre should narrow the list");
    app.send("\x1b[200~theatre\r\x1b[201~");
    app.check("the second pasted search", |s| {
        ensure!(
            status_bar(s).starts_with(&count(&theatre, total)),
            "status bar: {:?}",
            status_bar(s)
        );
        ensure!(breadcrumb(s).is_none(), "breadcrumb: {:?}", breadcrumb(s));
        ensure_eq!(search_text(s), "theatre");
        ensure!(!s.hide_cursor(), "focus did not move to the search box");
        Ok(())
    });
    app.send(CTRL_C);
    assert_eq!(app.wait_exit(), 0, "exit code");
    assert_terminal_restored(&app);
}

/// Resizing redraws: two panes at 80x24, a message below the minimum size, three panes again
/// at 120x40.
#[test]
fn resize_redraws_the_layout() {
    let total = total_entries();
    let mut app = start_checked(total);
    let list = total.to_string();

    app.resize(80, 24);
    app.check("two panes at 80x24", |s| {
        let rows = rows(s);
        ensure_eq!(pane_titles(&rows[0]), ["Search"]);
        ensure_eq!(body_panes(s), [list.as_str(), "Service"]);
        // The panes close at the right edge and just above the status bar, and the
        // function-key bar is the last row.
        ensure!(rows[3].ends_with(['┐', '╗']), "pane tops: {:?}", rows[3]);
        ensure_eq!(rows[21].matches(['└', '╚']).count(), 2);
        ensure!(rows[21].ends_with(['┘', '╝']), "pane bottoms: {:?}", rows[21]);
        ensure!(rows[22].starts_with(&count_all(total)), "status bar: {:?}", rows[22]);
        ensure!(rows[23].starts_with("1Help"), "function keys: {:?}", rows[23]);
        Ok(())
    });

    app.resize(20, 5);
    app.check("the too-small message at 20x5", |s| {
        ensure!(s.contents().contains("Terminal too small"), "no message");
        ensure!(!s.contents().contains("services"), "the list still shows");
        Ok(())
    });

    app.resize(120, 40);
    app.check("three panes at 120x40", |s| {
        ensure_eq!(body_panes(s), ["Filters", list.as_str(), "Service"]);
        ensure!(!s.contents().contains("Terminal too small"), "the message stays");
        Ok(())
    });
    // Still alive and responsive after the resizes.
    app.send("theatre");
    app.wait_for("the theatre results", |s| {
        search_text(s) == "theatre" && !status_bar(s).starts_with(&count_all(total))
    });
    app.send(CTRL_C);
    assert_eq!(app.wait_exit(), 0, "exit code");
    assert_terminal_restored(&app);
}

/// The colours that SGR sequences in `raw` set (`ESC [ … m` with 30–37, 38, 40–47, 48,
/// 90–97 or 100–107 among its numbers); resets (39, 49) are not colours.
fn colour_codes(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let mut found = Vec::new();
    for part in text.split("\x1b[").skip(1) {
        let Some(end) = part.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
            continue;
        };
        if !part[end..].starts_with('m') {
            continue;
        }
        let colour = part[..end]
            .split(';')
            .filter_map(|n| n.parse::<u16>().ok())
            .any(|n| matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107));
        if colour {
            found.push(part[..end].to_owned());
        }
    }
    found
}

#[test]
fn no_color_draws_without_colour_codes_and_still_marks_the_selection() {
    let mut plain = App::start_with(&[], &[("NO_COLOR", "1")]);
    plain.send("theatre");
    plain.wait_for("results for theatre", |s| s.contents().contains("Theatre studio"));
    plain.send(CTRL_C);
    assert_eq!(plain.wait_exit(), 0);
    let raw = plain.output().raw.clone();
    assert_eq!(colour_codes(&raw), Vec::<String>::new());
    assert!(
        String::from_utf8_lossy(&raw).contains("▶"),
        "the selection marker is drawn"
    );
    // The same run without NO_COLOR does use colour, so the check above can fail.
    let mut coloured = App::start();
    coloured.send(CTRL_C);
    assert_eq!(coloured.wait_exit(), 0);
    assert!(!colour_codes(&coloured.output().raw).is_empty());
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_keep_saved_state() {
    for (signal, number) in [("-TERM", 15), ("-HUP", 1)] {
        let mut app = App::start();
        mark_and_note(&mut app, "kept");
        let pid = app.child.process_id().unwrap();
        let status = Command::new("kill").args([signal, &pid.to_string()]).status().unwrap();
        assert!(status.success());
        assert_eq!(app.wait_exit(), 128 + number, "{signal}");
        assert_terminal_restored(&app);
        let personal = std::fs::read_to_string(app.home.path().join("data/personal.ron")).unwrap();
        assert!(
            personal.contains("theatre-studio-cela") && personal.contains("kept"),
            "{personal}"
        );
    }
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

const CTRL_Q: &str = "\x11";

/// Searches "theatre", opens the first result, puts it on the shortlist and writes `note` on it.
fn mark_and_note(app: &mut App, note: &str) {
    app.send("theatre");
    app.wait_for("results", |s| s.contents().contains("Theatre studio"));
    app.send(ENTER);
    app.wait_for("the detail view", |s| breadcrumb(s).is_some());
    app.send(" ");
    app.wait_for("the shortlist count", |s| s.contents().contains("shortlist: 1"));
    app.send(F6);
    app.wait_for("the note editor", |s| s.contents().contains("Only you see this note"));
    app.send(note);
    app.send(ENTER);
    app.wait_for("the note", |s| {
        s.contents().contains("My note") && s.contents().contains(note)
    });
}

#[test]
fn kiosk_mode_keeps_nothing_and_quits_only_on_the_chord() {
    let mut app = App::start_with(&["--kiosk"], &[]);
    mark_and_note(&mut app, "private");
    app.send(F10);
    app.wait_for("the way to quit", |s| s.contents().contains("press Ctrl-Q twice"));
    app.send(CTRL_Q);
    app.wait_for("the second press asked for", |s| s.contents().contains("again to quit"));
    app.send(CTRL_Q);
    assert_eq!(app.wait_exit(), 0);
    assert_terminal_restored(&app);
    assert_eq!(files_under(app.home.path()), Vec::<std::path::PathBuf>::new());
}

#[test]
fn the_shortlist_notes_and_searches_are_kept_between_runs() {
    let mut app = App::start();
    mark_and_note(&mut app, "ask for Olena");
    app.send(CTRL_C);
    assert_eq!(app.wait_exit(), 0);
    let home = std::mem::replace(&mut app.home, tempfile::tempdir().unwrap());
    let personal = std::fs::read_to_string(home.path().join("data/personal.ron")).unwrap();
    assert!(
        personal.contains("theatre-studio-cela") && personal.contains("ask for Olena"),
        "{personal}"
    );
    let history = std::fs::read_to_string(home.path().join("state/history.ron")).unwrap();
    assert!(history.contains("\"theatre\""), "{history}");

    let mut again = App::start_in(home, &[], &[]);
    again.wait_for("the shortlist from the last run", |s| {
        s.contents().contains("shortlist: 1")
    });
    again.send("\x12");
    again.wait_for("the recent searches", |s| s.contents().contains("Recent searches"));
    again.send(ENTER);
    again.wait_for("the search again", |s| search_text(s) == "theatre");
    again.send(ENTER);
    again.wait_for("the note in the detail view", |s| {
        s.contents().contains("ask for Olena")
    });
    again.send(CTRL_C);
    assert_eq!(again.wait_exit(), 0);
}

#[test]
fn a_damaged_shortlist_file_is_moved_aside_and_reported_and_the_app_runs() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("personal.ron"),
        "(version: 1, shortlist: [\"theatre-studio-cela\"",
    )
    .unwrap();
    let mut app = App::start_in(home, &[], &[]);
    app.wait_for("the warning", |s| s.contents().contains("damaged"));
    app.send(CTRL_C);
    assert_eq!(app.wait_exit(), 0);
    let moved: Vec<_> = files_under(&data)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("personal.ron.corrupt"))
        .collect();
    assert_eq!(moved.len(), 1, "{:?}", files_under(&data));
    assert_eq!(
        std::fs::read_to_string(&moved[0]).unwrap(),
        "(version: 1, shortlist: [\"theatre-studio-cela\""
    );
}
/// F3 and F4, as a terminal sends them, open the statistics and the map; Enter on a bar
/// filters the list, Esc leaves the map; F2 switches the language.
#[test]
fn statistics_map_and_language_from_function_keys() {
    const F2: &str = "\x1bOQ";
    const F3: &str = "\x1bOR";
    const F4: &str = "\x1bOS";
    let total = total_entries();
    let mut app = start_checked(total);
    app.send(F3);
    app.wait_for("the statistics", |s| s.contents().contains("Statistics: Target group"));
    app.send(ENTER);
    app.check("the list filtered by the first bar", |s| {
        ensure!(
            rows(s).iter().any(|r| r.starts_with("Filters: [+ ")),
            "no filter chip: {:?}",
            rows(s)
        );
        ensure!(
            !status_bar(s).starts_with(&count_all(total)),
            "status bar: {:?}",
            status_bar(s)
        );
        Ok(())
    });
    app.send(F4);
    app.wait_for("the map", |s| {
        s.contents().contains("Map: ") && s.contents().contains("10 or more")
    });
    app.send(ESC);
    app.wait_for("the list again", |s| !s.contents().contains("Map: "));
    app.send(F2);
    // The counts (by kind when that fits half the bar, else of all entries) and the hints,
    // in Ukrainian.
    app.wait_for("Ukrainian labels", |s| {
        let bar = status_bar(s);
        let counts = (bar.contains(" послуг") && bar.contains(" бібліотек")) || bar.contains(" з 130 записів");
        counts && bar.contains("Tab панелі")
    });
    app.send(CTRL_C);
    assert_eq!(app.wait_exit(), 0, "exit code");
    assert_terminal_restored(&app);
}

#[test]
fn f7_writes_the_shortlist_as_a_handout_to_the_documents_folder() {
    let mut app = App::start();
    app.send("theatre");
    app.wait_for("results", |s| s.contents().contains("Theatre studio"));
    // From the search box: F8 clears the search, F5 tells that the shortlist is empty,
    // Insert marks the selected service, F5 lists the shortlist and F7 exports it.
    app.send(F8);
    app.wait_for("the cleared search", |s| {
        status_bar(s).starts_with(&count_all(total_entries()))
    });
    app.send(F5);
    app.wait_for("the empty shortlist message", |s| {
        s.contents().contains("shortlist is empty")
    });
    app.send(INS);
    app.send(F5);
    app.wait_for("the shortlist", |s| s.contents().contains("[* Shortlist]"));
    app.send(F7);
    app.wait_for("the export menu", |s| s.contents().contains("HTML handout"));
    app.send(ENTER);
    app.wait_for("the path of the file", |s| s.contents().contains("Saved 1 service to"));
    app.send(CTRL_C);
    assert_eq!(app.wait_exit(), 0);
    let files = files_under(&app.home.path().join("documents"));
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("libservices-shortlist-") && files[0].extension().is_some_and(|e| e == "html"),
        "{name}"
    );
    let html = std::fs::read_to_string(&files[0]).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80.min(html.len())]);
    assert!(html.contains("Shortlist"));
}
