//! Helpers shared by the test binaries: running the real binary in a clean environment,
//! the bundled dataset, the app on it, typing keys through the real key table, and drawing
//! to a test terminal.

#![allow(dead_code, reason = "each test binary uses a different subset of the helpers")]
#![allow(clippy::expect_used, reason = "test helpers may panic")]

use std::path::Path;
use std::process::{Command, Stdio};

use libservices::app::{App, Data};
use libservices::catalogue::{Dataset, EntityRef, Lang, Source, load};
use libservices::runtime::action_for_event;
use libservices::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// Exit code, `None` when killed by a signal.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// The binary with a clean environment, from the crate root: `home` as `LIBSERVICES_HOME`,
/// `LANG=C`, no `LC_ALL` or `LC_MESSAGES`, no standard input.
pub fn command(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_libservices"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LIBSERVICES_HOME", home)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::null());
    cmd
}

/// Runs a prepared command to the end.
pub fn finish(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("run libservices");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs the binary in a fresh home.
pub fn libservices(args: &[&str]) -> Run {
    let home = tempfile::tempdir().expect("temporary home");
    finish(command(home.path()).args(args))
}

/// Runs the binary in `home` with extra environment variables.
pub fn libservices_in(home: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = command(home);
    cmd.envs(env.iter().copied()).args(args);
    finish(&mut cmd)
}

/// The bundled catalogue, loaded through the library.
pub fn bundled() -> Dataset {
    load(&[Source::bundled()]).expect("the bundled catalogue loads")
}

/// The app on the bundled catalogue at a terminal size.
pub fn app(width: u16, height: u16, lang: Lang) -> App {
    App::new(Data::new(bundled()), lang, Rect::new(0, 0, width, height))
}

/// Turns on the `vim` preset: letter commands in the lists and views.
pub fn vim(app: &mut App) {
    app.configure(libservices::app::Settings {
        keys: libservices::config::KeyPreset::Vim,
        ..app.settings().clone()
    });
}

/// Turns on kiosk mode.
pub fn kiosk(app: &mut App) {
    app.configure(libservices::app::Settings {
        kiosk: true,
        ..app.settings().clone()
    });
}

/// Turns the mouse off.
pub fn no_mouse(app: &mut App) {
    app.configure(libservices::app::Settings {
        mouse: false,
        ..app.settings().clone()
    });
}

/// Sends one event through the same path as the runtime.
pub fn send(app: &mut App, event: &Event) {
    if let Some(action) = action_for_event(app, event) {
        app.update(action);
    }
}

/// A key press.
pub fn key(app: &mut App, code: KeyCode) {
    send(app, &Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// A key press with modifiers.
pub fn key_with(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    send(app, &Event::Key(KeyEvent::new(code, mods)));
}

/// Types text one character at a time.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// A key release, as Windows reports them.
pub fn release(app: &mut App, code: KeyCode) {
    let mut event = KeyEvent::new(code, KeyModifiers::NONE);
    event.kind = KeyEventKind::Release;
    send(app, &Event::Key(event));
}

/// The id of the selected service.
pub fn selected_id(app: &App) -> Option<String> {
    app.selected_service()
        .map(|s| app.data().ds.catalogue.services[s].id.to_string())
}

/// An entry's id: a service's as it is, another kind's after the kind ("library:lviv").
pub fn entry_id(app: &App, entry: EntityRef) -> String {
    let c = &app.data().ds.catalogue;
    match entry {
        EntityRef::Service(i) => c.services[i].id.to_string(),
        EntityRef::Library(i) => format!("library:{}", c.libraries[i].id),
        EntityRef::TargetGroup(i) => format!("group:{}", c.target_groups[i].id),
        EntityRef::Programme(i) => format!("programme:{}", c.programmes[i].id),
        EntityRef::Theme(i) => format!("theme:{}", c.themes[i].id),
    }
}

/// Ids of the result list, in order, of every kind (see [`entry_id`]).
pub fn result_ids(app: &App) -> Vec<String> {
    app.results()
        .iter()
        .map(|&h| entry_id(app, app.hits()[h].entry()))
        .collect()
}

/// Ids of the services in the result list, in order.
pub fn result_service_ids(app: &App) -> Vec<String> {
    app.results()
        .iter()
        .filter_map(|&h| app.hits()[h].service())
        .map(|s| app.data().ds.catalogue.services[s].id.to_string())
        .collect()
}

/// Draws the app on a test terminal of its size.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size().width, app.size().height)).expect("test terminal");
    terminal.draw(|f| ui::draw(f, app, &Theme::default())).expect("draw");
    terminal
}

/// The screen as text, one line per row, trailing spaces removed.
pub fn screen(app: &App) -> String {
    let terminal = draw(app);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A catalogue of `services` generated services, whose `list services` output is far larger than a pipe's buffer.
pub fn big_catalogue(dir: &Path, services: usize) -> String {
    let mut text = String::from("Catalogue(\n    services: [\n");
    for i in 0..services {
        text.push_str(&format!(
            "        Service(id: \"bulk-{i}\", title: (en: \"Bulk service number {i}\", uk: \"Послуга {i}\"), summary: (en: \"{}\", uk: \"Опис\"), seeds: []),\n",
            "A long summary that fills the pipe quickly. ".repeat(4)
        ));
    }
    text.push_str("    ],\n)\n");
    let path = dir.join("big.ron");
    std::fs::write(&path, text).expect("big catalogue");
    path.display().to_string()
}
