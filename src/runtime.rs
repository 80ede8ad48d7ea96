//! The only loop that touches the terminal: read an event, turn it into an action, update,
//! draw. It waits on input with no timer, so an idle app uses no CPU.

use std::io::IsTerminal;

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, KeyEventKind,
    MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::action::Action;
use crate::app::{App, Data};
use crate::catalogue::Dataset;
use crate::cli::CliError;
use crate::keymap;
use crate::ui::{self, Theme};

/// Options for the interactive app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Language of labels and data.
    pub lang: crate::catalogue::Lang,
    /// React to the mouse.
    pub mouse: bool,
}

/// Turns a terminal event into an action for the current mode.
#[must_use]
pub fn action_for_event(app: &App, event: &Event) -> Option<Action> {
    match event {
        // Windows reports releases too; only presses (and auto-repeat) act.
        Event::Key(key) if key.kind != KeyEventKind::Release => keymap::action_for(app.mode(), key),
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) if app.mouse => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollUp => Some(Action::ScrollUp(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}

/// Runs the app until the user quits. Needs a terminal on stdin and stdout.
pub fn run(ds: Dataset, options: Options) -> Result<u8, CliError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(CliError::Message(
            "the app needs an interactive terminal, and input or output is redirected; for scripts use `libservices search QUERY` or `libservices list services`".to_owned(),
        ));
    }
    let data = Data::new(ds);
    let mut terminal = ratatui::init();
    install_panic_hook(options.mouse);
    let result = event_loop(&mut terminal, data, options);
    leave(options.mouse);
    ratatui::restore();
    result.map_err(|e| CliError::Message(format!("terminal error: {e}")))
}

fn enter(mouse: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout();
    execute!(out, EnableBracketedPaste)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

fn leave(mouse: bool) {
    let mut out = std::io::stdout();
    // Best effort: the terminal may already be gone.
    let _ = execute!(out, DisableBracketedPaste);
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
}

/// Replaces ratatui's hook: mouse and paste modes end, the screen is restored, then one
/// short line instead of the panic report.
fn install_panic_hook(mouse: bool) {
    crate::crash::install(move || {
        leave(mouse);
        ratatui::restore();
    });
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, data: Data, options: Options) -> std::io::Result<u8> {
    enter(options.mouse)?;
    let size = terminal.size()?;
    let mut app = App::new(data, options.lang, Rect::new(0, 0, size.width, size.height));
    app.mouse = options.mouse;
    let theme = Theme::default();
    loop {
        terminal.draw(|frame| ui::draw(frame, &app, &theme))?;
        crate::crash::panic_if_asked();
        // Block until something happens: no timer, no polling.
        let mut redraw = false;
        while !redraw {
            let event = event::read()?;
            if let Some(action) = action_for_event(&app, &event) {
                app.update(action);
                redraw = true;
            }
        }
        if app.quit {
            return Ok(crate::cli::EXIT_OK);
        }
    }
}
