//! The only loop that touches the terminal: read an event, turn it into an action, update,
//! draw. Terminal events and signals arrive as messages on one channel; the loop blocks on
//! it with no timer, so an idle app uses no CPU.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, KeyEventKind,
    MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::action::Action;
use crate::app::{App, Data, Effect, Settings, kiosk};
use crate::catalogue::Dataset;
use crate::catalogue::Lang;
use crate::config::{KeyPreset, ThemeName};
use crate::export;
use crate::i18n::tr;
use crate::keymap;
use crate::paths::Paths;
use crate::search::Index;
use crate::search::worker::{Outcome, Worker};
use crate::state::Store;
use crate::ui::{self, Theme};
use std::path::{Path, PathBuf};

/// Options for the interactive app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Language of labels and data.
    pub lang: crate::catalogue::Lang,
    /// Colours.
    pub theme: ThemeName,
    /// Movement keys.
    pub keys: KeyPreset,
    /// React to the mouse.
    pub mouse: bool,
    /// Kiosk mode.
    pub kiosk: bool,
    /// Kiosk idle timeout.
    pub idle: Duration,
    /// Messages to show when the app starts (a broken config...).
    pub notices: Vec<String>,
    /// The user's directories (the shortlist, notes and recent searches live there).
    pub paths: Option<Paths>,
}

/// Turns a terminal event into an action for the current mode.
#[must_use]
pub fn action_for_event(app: &App, event: &Event) -> Option<Action> {
    match event {
        // Windows reports releases too; only presses (and auto-repeat) act.
        Event::Key(key) if key.kind != KeyEventKind::Release => keymap::action_for(app.mode(), key, app.keys()),
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) if app.settings().mouse => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollUp => Some(Action::ScrollUp(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}

/// How the app ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit (or the terminal's input closed).
    Quit,
    /// A signal asked the process to stop; its number.
    Signal(i32),
}

/// Why the app could not run, worded for the user.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Input or output is not a terminal.
    #[error(
        "the app needs an interactive terminal, and input or output is redirected; for scripts use `libservices search QUERY` or `libservices list services`"
    )]
    NoTerminal,
    /// Drawing or reading the terminal failed.
    #[error("terminal error: {0}")]
    Terminal(#[from] std::io::Error),
}

impl RunError {
    /// The error in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (Self::NoTerminal, Lang::Uk) => "програмі потрібен інтерактивний термінал, а введення чи виведення перенаправлено; для сценаріїв є `libservices search ЗАПИТ` або `libservices list services`".to_owned(),
            (Self::Terminal(e), Lang::Uk) => format!("помилка термінала: {}", crate::i18n::io_reason(e, lang)),
        }
    }
}

/// Runs the app until the user quits. Needs a terminal on stdin and stdout.
pub fn run(ds: Dataset, index: Option<Index>, options: &Options) -> Result<Ended, RunError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(RunError::NoTerminal);
    }
    let data = Data::with_index(ds, index);
    let mut terminal = ratatui::init();
    install_panic_hook(options.mouse);
    let result = event_loop(&mut terminal, data, options);
    leave(options.mouse);
    ratatui::restore();
    Ok(result?)
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

/// What wakes the loop up.
#[derive(Debug)]
pub enum Message {
    /// A terminal event.
    Term(Event),
    /// Reading the terminal failed; the loop ends with this error.
    TermError(std::io::Error),
    /// The process was asked to stop (the window closed: SIGHUP; SIGTERM; SIGINT), with the
    /// signal's number.
    Signal(i32),
    /// The search worker answered.
    Search(Outcome),
}

/// Catalogues with at least this many services are searched on the search worker, so that
/// typing never waits; smaller ones are searched at once (well under a millisecond).
pub const DEFER_FROM: usize = 2000;

/// Reads terminal events on a thread of their own and forwards them, so that the loop can
/// also hear signals and timers while it waits.
fn spawn_reader(tx: Sender<Message>) {
    std::thread::spawn(move || {
        loop {
            let message = match event::read() {
                Ok(event) => Message::Term(event),
                Err(e) => Message::TermError(e),
            };
            let failed = matches!(message, Message::TermError(_));
            if tx.send(message).is_err() || failed {
                return;
            }
        }
    });
}

/// Turns SIGHUP, SIGTERM and SIGINT into messages. If the loop has not ended a few seconds
/// after a signal (it should end at once), the terminal is restored here and the process
/// exits, so that closing the window never leaves it in raw mode.
#[cfg(unix)]
fn spawn_signals(tx: Sender<Message>, mouse: bool) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            if tx.send(Message::Signal(signal)).is_ok() {
                std::thread::sleep(SIGNAL_GRACE);
            }
            leave(mouse);
            ratatui::restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// How long the loop has to end by itself after a signal.
#[cfg(unix)]
const SIGNAL_GRACE: Duration = Duration::from_secs(3);

#[cfg(not(unix))]
#[allow(
    clippy::unnecessary_wraps,
    reason = "the same signature as the Unix version, which can fail"
)]
fn spawn_signals(_tx: Sender<Message>, _mouse: bool) -> std::io::Result<()> {
    Ok(())
}

/// The app as it starts: the settings, the user's files, and what to tell the user first
/// (a broken config, a damaged file, skipped catalogue updates).
fn prepare(data: Data, options: &Options, size: Rect) -> (App, Store) {
    let settings = Settings {
        keys: options.keys,
        mouse: options.mouse,
        kiosk: options.kiosk,
        updates: options.paths.as_ref().map(Paths::catalogues),
        export_folder: options.paths.as_ref().map(|p| p.documents.clone()),
    };
    let mut app = App::with_settings(data, options.lang, size, settings);
    let mut notices = options.notices.clone();
    let mut store = open_store(options);
    if !app.data().ds.skipped.is_empty() {
        let key = keymap::key_for(crate::keymap::Mode::Results, &Action::About).unwrap_or_default();
        let n = app.data().ds.skipped.len();
        notices.push(match app.lang() {
            Lang::En => {
                format!("{n} catalogue update file(s) could not be used and were skipped; {key} shows which and why.")
            }
            Lang::Uk => format!("Файлів оновлення каталогу пропущено: {n}; {key} показує, які і чому."),
        });
    }
    app.set_personal(store.personal().clone());
    app.set_recent(store.history().clone());
    notices.extend(store.take_warnings().iter().map(|w| w.message(app.lang())));
    if options.paths.is_none() && !options.kiosk {
        notices.push(
            tr(
                app.lang(),
                "No home folder was found, so the shortlist, notes and recent searches last only until you quit; set LIBSERVICES_HOME to a folder to keep them.",
                "Домашню теку не знайдено, тож добірка, нотатки й недавні пошуки зберігаються лише до виходу; задайте LIBSERVICES_HOME, щоб зберігати їх.",
            )
            .to_owned(),
        );
    }
    // Each problem on its own line, so that none is cut off by the one before it.
    if !notices.is_empty() {
        app.tell(notices.join("\n"));
    }
    (app, store)
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, data: Data, options: &Options) -> std::io::Result<Ended> {
    enter(options.mouse)?;
    let size = terminal.size()?;
    let (mut app, mut store) = prepare(data, options, Rect::new(0, 0, size.width, size.height));
    let documents = options.paths.as_ref().map(|p| p.documents.as_path());
    let theme = Theme::named(options.theme);
    let (tx, rx) = mpsc::channel();
    spawn_signals(tx.clone(), options.mouse)?;
    let worker = (app.data().index.len() >= DEFER_FROM).then(|| {
        app.defer_searches();
        let tx = tx.clone();
        Worker::spawn(Arc::clone(&app.data().index), move |outcome| {
            tx.send(Message::Search(outcome)).is_ok()
        })
    });
    spawn_reader(tx);
    let mut outbox = Outbox {
        worker: worker.as_ref(),
        store: &mut store,
        documents,
    };
    // In kiosk mode the app returns to its start screen after a while without input, after
    // a countdown (crate::app::kiosk); the timer runs only while there is something to
    // reset, so an idle kiosk sleeps too. A search text left unchanged for a few seconds is
    // remembered: that timer too runs only after typing.
    let mut idle_armed = false;
    let mut last_key = Instant::now();
    let mut typed_at: Option<Instant> = None;
    let mut counting = false;
    loop {
        terminal.draw(|frame| ui::draw(frame, &app, &theme))?;
        crate::crash::panic_if_asked();
        let mut redraw = false;
        while !redraw {
            let idle = (options.kiosk && idle_armed).then(|| kiosk::idle_clock(options.idle, last_key.elapsed()));
            let pause = typed_at.map(|t| kiosk::SEARCH_PAUSE.saturating_sub(t.elapsed()));
            let idle_wait = match idle {
                Some(kiosk::Idle::Quiet(wait) | kiosk::Idle::Countdown { wait, .. }) => Some(wait),
                Some(kiosk::Idle::Reset) => Some(Duration::ZERO),
                None => None,
            };
            let wait = match (idle_wait, pause) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let message = if let Some(wait) = wait {
                match rx.recv_timeout(wait) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => {
                        if typed_at.is_some_and(|t| t.elapsed() >= kiosk::SEARCH_PAUSE) {
                            typed_at = None;
                            app.search_paused();
                            outbox.carry_out(&mut app);
                        }
                        if options.kiosk && idle_armed {
                            match kiosk::idle_clock(options.idle, last_key.elapsed()) {
                                kiosk::Idle::Quiet(_) => {}
                                kiosk::Idle::Countdown { seconds, .. } => {
                                    counting = true;
                                    app.kiosk_countdown(Some(seconds));
                                    redraw = true;
                                }
                                kiosk::Idle::Reset => {
                                    counting = false;
                                    app.update(Action::Idle);
                                    outbox.carry_out(&mut app);
                                    idle_armed = false;
                                    redraw = true;
                                }
                            }
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return Ok(Ended::Quit),
                }
            } else {
                // Block until something happens: no timer, no polling.
                let Ok(message) = rx.recv() else {
                    return Ok(Ended::Quit);
                };
                message
            };
            match message {
                Message::Term(event) => {
                    if let Some(action) = action_for_event(&app, &event) {
                        let resize = matches!(action, Action::Resize(..));
                        if !resize {
                            last_key = Instant::now();
                            // Any key keeps the session: the countdown goes away.
                            if counting {
                                counting = false;
                                app.kiosk_countdown(None);
                            }
                        }
                        idle_armed = !resize || idle_armed;
                        let before = app.search().text().to_owned();
                        app.update(action);
                        if app.search().text() != before {
                            typed_at = Some(Instant::now());
                        }
                        // A search starts before the frame that shows the new text.
                        outbox.carry_out(&mut app);
                        redraw = true;
                    }
                }
                Message::Search(outcome) => redraw = app.apply_search(outcome),
                Message::TermError(e) => return Err(e),
                Message::Signal(signal) => return Ok(Ended::Signal(signal)),
            }
        }
        if app.quitting() {
            return Ok(Ended::Quit);
        }
    }
}

/// The user's files, or a store that keeps nothing (kiosk mode, no home folder).
fn open_store(options: &Options) -> Store {
    match &options.paths {
        Some(paths) if !options.kiosk => Store::open(paths),
        _ => Store::disabled(),
    }
}

/// The documents folder, or why there is none.
fn documents_folder(documents: Option<&Path>, lang: Lang) -> Result<PathBuf, String> {
    documents.map(Path::to_path_buf).ok_or_else(|| {
        tr(
            lang,
            "No documents folder was found; set LIBSERVICES_HOME to a folder, or use `libservices export` with -o FILE.",
            "Теку документів не знайдено; задайте LIBSERVICES_HOME або скористайтеся `libservices export` з -o ФАЙЛ.",
        )
        .to_owned()
    })
}

/// Where the app's effects are carried out.
struct Outbox<'a> {
    /// The search worker, for big catalogues.
    worker: Option<&'a Worker>,
    /// The user's files.
    store: &'a mut Store,
    /// Where exports go.
    documents: Option<&'a Path>,
}

impl Outbox<'_> {
    /// Carries out every effect the app has asked for, oldest first.
    fn carry_out(&mut self, app: &mut App) {
        for effect in app.take_effects() {
            match effect {
                Effect::Search(request) => {
                    if let Some(worker) = self.worker {
                        worker.send(request);
                    }
                }
                other => perform(app, self.store, self.documents, other),
            }
        }
    }
}

/// Carries out a change the app asked for, and tells the app how it went.
fn perform(app: &mut App, store: &mut Store, documents: Option<&Path>, effect: Effect) {
    match effect {
        // Searches go to the worker (see `Outbox`).
        Effect::Search(_) => {}
        Effect::Personal(change) => match store.apply(&change) {
            Ok(personal) => app.set_personal(personal),
            Err(e) => app.tell(e.message(app.lang())),
        },
        Effect::RememberSearch(text) => match store.push_search(&text) {
            Ok(history) => app.set_recent(history),
            Err(e) => app.tell(e.message(app.lang())),
        },
        Effect::RememberLang(lang) => {
            crate::crash::set_lang(lang);
            if let Err(e) = store.remember_lang(lang) {
                app.tell(e.message(app.lang()));
            }
        }
        Effect::OpenUrl(url) => {
            if open::that_detached(&url).is_err() {
                app.tell(crate::i18n::could_not_open(app.lang(), &url));
            }
        }
        Effect::Export {
            format,
            services,
            title,
            kind,
        } => {
            let lang = app.lang();
            let name = export::default_file_name(kind, format);
            let written =
                export::write_services(&app.data().ds, &services, &app.personal().notes, format, lang, &title)
                    .map_err(|e| e.message(lang))
                    .and_then(|bytes| {
                        let dir = documents_folder(documents, lang)?;
                        export::write_new(&dir, &name, export::for_file(format, bytes)).map_err(|e| e.message(lang))
                    });
            app.tell(match written {
                Ok(path) => {
                    let count = crate::i18n::count_services(lang, services.len());
                    match lang {
                        Lang::En => format!("Saved {count} to {}", path.display()),
                        Lang::Uk => format!("Збережено ({count}) у файл {}", path.display()),
                    }
                }
                Err(e) => e,
            });
        }
    }
}
