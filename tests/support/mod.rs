//! Helpers shared by the flow and screen tests: the app on the bundled catalogue, typing
//! keys through the real key table, and drawing to a test terminal.

#![allow(dead_code, reason = "each test binary uses a different subset of the helpers")]
#![allow(clippy::expect_used, reason = "test helpers may panic")]

use libservices::app::{App, Data};
use libservices::catalogue::{Lang, Source, load};
use libservices::runtime::action_for_event;
use libservices::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;

/// The app on the bundled catalogue at a terminal size.
pub fn app(width: u16, height: u16, lang: Lang) -> App {
    let ds = load(&[Source::bundled()]).expect("the bundled catalogue loads");
    App::new(Data::new(ds), lang, Rect::new(0, 0, width, height))
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
        .map(|s| app.data.ds.catalogue.services[s].id.clone())
}

/// Ids of the result list, in order.
pub fn result_ids(app: &App) -> Vec<String> {
    app.results
        .iter()
        .map(|&h| app.data.ds.catalogue.services[app.hits[h].service].id.clone())
        .collect()
}

/// Draws the app on a test terminal of its size.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).expect("test terminal");
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
