//! The whole interface state and `update(Action)`. No I/O, no terminal: the runtime feeds
//! actions in, carries out the effects the app asks for, and draws the state; tests do the
//! same with a test backend.
//!
//! What shows is explicit: one [`Screen`] (the browser, detail views, statistics or map)
//! and at most one [`Overlay`] (a popup or the help). State is split into small parts that
//! keep their own invariants: the search session, the result cursor, the filter pane, the
//! detail stack, the statistics and map views. Every field is private: the runtime, the
//! view and tests read them through methods, and only `App`'s methods change them.

pub mod cursor;
pub mod detail_stack;
pub mod filter_pane;
pub mod fit;
pub mod kiosk;
pub mod map;
pub mod personal;
pub mod popup;
mod read;
pub mod recent;
pub mod screen;
pub mod search_box;
pub mod session;
pub mod stats;

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::layout::{Position, Rect};

use crate::action::Action;
use crate::catalogue::{Dataset, EntityRef, Lang};
use crate::config::KeyPreset;
use crate::detail::{self, Detail, LineKind};
use crate::facets::{EntriesPassing, Facet, Facets, Filters};
use crate::i18n::tr;
use crate::keymap::Mode;
use crate::layout::{self, Areas, LayoutInput, Pane};
use crate::search::worker::{Outcome, ascending};
use crate::search::{EntryKind, Hit, Index};
use crate::state::{History, Personal};
use cursor::Cursor;
pub use detail_stack::{DetailStack, DetailView};
use filter_pane::{FilterPane, FilterRow};
use map::{Area, Dir, MapView};
pub use personal::Effect;
use popup::{EXPORT_FORMATS, Popup};
pub use screen::{Overlay, Screen};
use search_box::SearchBox;
use session::{Refresh, Session};
use stats::StatsView;

/// Lines one result takes in the list (title, then library and place).
pub const RESULT_HEIGHT: usize = 2;
/// Lines the mouse wheel scrolls.
const WHEEL: isize = 3;
/// Tab order of the panes.
const FOCUS_ORDER: [Pane; 4] = [Pane::Search, Pane::Filters, Pane::Results, Pane::Preview];

/// How far a movement goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    /// Rows (or links) up (negative) or down.
    By(isize),
    /// Pages up (negative) or down.
    Page(isize),
    /// To the first row.
    Start,
    /// To the last row.
    End,
}

/// The catalogue and everything built from it once at start.
#[derive(Debug, Clone)]
pub struct Data {
    /// Merged, validated catalogue.
    pub ds: Dataset,
    /// Search index, shared with the search worker.
    pub index: Arc<Index>,
    /// Facet values.
    pub facets: Facets,
}

impl Data {
    /// Builds the index and facets.
    #[must_use]
    pub fn new(ds: Dataset) -> Self {
        Self::with_index(ds, None)
    }

    /// Builds the facets, and the index unless it is given (read from the cache).
    #[must_use]
    pub fn with_index(ds: Dataset, index: Option<Index>) -> Self {
        let index = Arc::new(index.unwrap_or_else(|| Index::new(&ds.catalogue)));
        let facets = Facets::new(&ds);
        Self { ds, index, facets }
    }
}

/// How the app is set up at start (from the config and the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Which keys are commands.
    pub keys: KeyPreset,
    /// Mouse events act.
    pub mouse: bool,
    /// Kiosk mode: nothing is saved or opened, quitting takes the key chord twice.
    pub kiosk: bool,
    /// The folder catalogue updates are read from, for the "about" view.
    pub updates: Option<PathBuf>,
    /// The folder exports are written to, for the export dialog.
    pub export_folder: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            keys: KeyPreset::default(),
            mouse: true,
            kiosk: false,
            updates: None,
            export_folder: None,
        }
    }
}

/// The interface state.
#[derive(Debug)]
pub struct App {
    /// The catalogue.
    data: Data,
    /// Language of labels and data.
    lang: Lang,
    /// Terminal size.
    size: Rect,
    /// Keys, mouse, kiosk.
    settings: Settings,
    /// What shows under any overlay.
    screen: Screen,
    /// A popup or the help over the screen.
    overlay: Option<Overlay>,
    /// Focused pane of the browser.
    focus: Pane,
    /// Filter pane shown on a medium screen.
    show_filters: bool,
    /// The search text and its hits.
    session: Session,
    /// Indices into the hits that pass the filters: the result list.
    results: Vec<usize>,
    /// How many of the results are of each kind ([`EntryKind::ALL`] order).
    result_kinds: [usize; EntryKind::ALL.len()],
    /// The listed services among the hits, for the facet counts (a buffer kept from one
    /// answer to the next: at 100,000 services a new one costs its pages every time).
    listed_services: Vec<usize>,
    /// A bit per service, to put `listed_services` in catalogue order.
    service_marks: Vec<u64>,
    /// Result list selection.
    list: Cursor,
    /// Active filters.
    filters: Filters,
    /// Filter pane.
    filter_pane: FilterPane,
    /// Only shortlisted services are listed.
    shortlist_only: bool,
    /// The preview of the selected result.
    preview: Option<DetailView>,
    /// The shortlist and notes.
    personal: Personal,
    /// Recent searches.
    recent: History,
    /// A message for the user, shown above the status bar until the next key.
    notice: Option<String>,
    /// What the runtime is to carry out (search, save, write a file, open a link).
    outbox: Vec<Effect>,
    /// Whether the user is leaving.
    quit: Quit,
}

/// Leaving the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quit {
    /// The app goes on.
    Staying,
    /// Kiosk mode: the quit chord was pressed once; once more leaves.
    Armed,
    /// The user asked to leave.
    Leaving,
}

impl App {
    /// A new app showing every service, with the default settings.
    #[must_use]
    pub fn new(data: Data, lang: Lang, size: Rect) -> Self {
        Self::with_settings(data, lang, size, Settings::default())
    }

    /// A new app showing every service.
    #[must_use]
    pub fn with_settings(data: Data, lang: Lang, size: Rect, settings: Settings) -> Self {
        let filter_pane = FilterPane::new(&data.facets);
        let mut app = Self {
            data,
            lang,
            size,
            settings,
            screen: Screen::Browse,
            overlay: None,
            focus: Pane::Search,
            show_filters: false,
            session: Session::default(),
            results: Vec::new(),
            result_kinds: [0; EntryKind::ALL.len()],
            listed_services: Vec::new(),
            service_marks: Vec::new(),
            list: Cursor::default(),
            filters: Filters::default(),
            filter_pane,
            shortlist_only: false,
            preview: None,
            personal: Personal::default(),
            recent: History::default(),
            notice: None,
            outbox: Vec::new(),
            quit: Quit::Staying,
        };
        app.refresh_query();
        app.settle();
        app
    }

    /// The key-table mode for the current state.
    #[must_use]
    pub const fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(Overlay::Popup(p)) => match p {
                Popup::Note { .. } => Mode::Note,
                Popup::Recent(_) => Mode::Recent,
                Popup::Export(_) => Mode::Export,
                Popup::About(_) => Mode::About,
            },
            None => match &self.screen {
                Screen::Detail(_) => Mode::Detail,
                Screen::Stats(_) => Mode::Stats,
                Screen::Map(_) => Mode::Map,
                Screen::Browse => match self.focus {
                    Pane::Search => Mode::Search,
                    Pane::Results => Mode::Results,
                    Pane::Filters if self.filter_pane.jump.is_empty() => Mode::Filters,
                    Pane::Filters => Mode::FilterJump,
                    Pane::Preview => Mode::Preview,
                },
            },
        }
    }

    /// Where the panes are for the current size.
    #[must_use]
    pub fn areas(&self) -> Areas {
        self.areas_in(self.size)
    }

    /// Where the panes are in `size`: a frame being drawn may already have a size the app
    /// has not heard of yet (the terminal was resized and the event is still queued).
    #[must_use]
    pub fn areas_in(&self, size: Rect) -> Areas {
        layout::areas(
            size,
            LayoutInput {
                focus: self.focus,
                show_filters: self.show_filters,
                has_chips: !self.filters.is_empty() || self.shortlist_only,
            },
        )
    }

    /// The service of the selected result (`None` when it is another kind of entry).
    #[must_use]
    pub fn selected_service(&self) -> Option<usize> {
        self.selected_entry().and_then(|e| match e {
            EntityRef::Service(s) => Some(s),
            _ => None,
        })
    }

    /// The entry of the selected result.
    #[must_use]
    pub fn selected_entry(&self) -> Option<EntityRef> {
        let hit = self.results.get(self.list.selected)?;
        self.hits().get(*hit).map(Hit::entry)
    }

    /// What the list shows, as a title for an export: "Shortlist", the search and filters.
    #[must_use]
    pub fn list_title(&self) -> String {
        if self.shortlist_only {
            tr(self.lang, "Shortlist", "Добірка").to_owned()
        } else {
            crate::export::query_title(self.search().text(), &self.filters, &self.data.facets, self.lang)
        }
    }

    /// Shows the detail view of any entry, alone (as if opened from the list).
    pub fn open_entity(&mut self, entity: EntityRef) {
        self.close_views();
        self.push_detail(entity);
        self.settle();
    }

    // ----- Talking with the runtime -----

    /// The changes the runtime has to carry out, oldest first; taking them empties the
    /// outbox.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.outbox)
    }

    /// From now on searches run elsewhere: each new search text becomes an
    /// [`Effect::Search`] for the search worker, and its answer is applied when it comes
    /// ([`App::apply_search`]). Typing then never waits.
    pub const fn defer_searches(&mut self) {
        self.session.defer();
    }

    /// Shows a search worker's answer; false (and nothing changes) when it answers an
    /// older request than the newest one.
    pub fn apply_search(&mut self, outcome: Outcome) -> bool {
        let Some(first) = self.session.apply(outcome) else {
            return false;
        };
        // The first answer starts at the top, as a search here does.
        if first {
            self.list = Cursor::default();
        }
        self.refresh_filters();
        self.settle();
        true
    }

    /// Changes the settings (at start, or in tests).
    pub fn configure(&mut self, settings: Settings) {
        self.settings = settings;
        self.settle();
    }

    /// Shows a message above the status bar until the next key.
    pub fn tell(&mut self, message: String) {
        self.notice = Some(message);
    }

    /// Shows the recent searches as they are on disk after a save or at start.
    pub fn set_recent(&mut self, recent: History) {
        self.recent = recent;
    }

    /// Shows the user's files as they are on disk after a save or at start (they may hold
    /// changes made by another window).
    pub fn set_personal(&mut self, personal: Personal) {
        if personal != self.personal {
            self.personal = personal;
            self.refresh_filters();
            self.rebuild_details();
        }
    }

    // ----- Update -----

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        let was_searching = self.focus == Pane::Search && self.overlay.is_none();
        self.update_inner(action);
        // A search the user left the search box on is remembered.
        if was_searching && self.focus != Pane::Search {
            self.remember_search();
        }
    }

    /// The search text stayed unchanged for [`kiosk::SEARCH_PAUSE`]: it is remembered among
    /// the recent searches, as one the user stopped on.
    pub fn search_paused(&mut self) {
        if self.focus == Pane::Search && self.overlay.is_none() {
            self.remember_search();
        }
    }

    /// The kiosk's warning before it resets, `seconds` before; `None` takes it away.
    pub fn kiosk_countdown(&mut self, seconds: Option<u64>) {
        self.notice = seconds.map(|s| {
            let note = matches!(self.popup(), Some(Popup::Note { .. }));
            kiosk::countdown_text(self.lang, s, note)
        });
    }

    fn update_inner(&mut self, action: Action) {
        let mode = self.mode();
        if mode == Mode::FilterJump && !matches!(action, Action::Insert(_) | Action::DeleteBack) {
            self.filter_pane.jump.clear();
        }
        if !matches!(action, Action::Resize(..)) {
            self.notice = None;
            if action != Action::QuitChord && self.quit == Quit::Armed {
                self.quit = Quit::Staying;
            }
        }
        if matches!(mode, Mode::Note | Mode::Recent | Mode::Export | Mode::About) && self.popup_action(&action) {
            self.settle();
            return;
        }
        // A command of every view given over the help closes the help first. Over a popup
        // it only closes the help: the popup (a note being written) takes its own keys.
        let mode = if mode == Mode::Help && action.leaves_help() {
            self.close_help();
            if self.popup().is_some() {
                self.settle();
                return;
            }
            self.mode()
        } else {
            mode
        };
        match action {
            Action::Quit if self.settings.kiosk => self.kiosk_quit_hint(),
            Action::Quit => self.quit = Quit::Leaving,
            Action::QuitChord => self.quit_chord(),
            Action::SwitchLang => self.switch_lang(),
            Action::ToggleMark => self.toggle_mark(),
            Action::ToggleShortlist => {
                self.close_views();
                self.toggle_shortlist();
            }
            Action::EditNote => self.edit_note(),
            Action::RecentSearches => self.open_recent(),
            Action::Export => self.open_export(),
            Action::About => self.overlay = Some(Overlay::Popup(Popup::About(0))),
            Action::OpenLink => self.open_link(),
            Action::Idle => self.reset(),
            Action::Help => self.toggle_help(),
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(-1),
            Action::FocusSearch => {
                self.close_views();
                self.focus = Pane::Search;
            }
            Action::ToggleFilters => self.toggle_filters(),
            Action::Up => self.navigate(mode, Move::By(-1)),
            Action::Down => self.navigate(mode, Move::By(1)),
            Action::PageUp => self.navigate(mode, Move::Page(-1)),
            Action::PageDown => self.navigate(mode, Move::Page(1)),
            Action::Top => self.navigate(mode, Move::Start),
            Action::Bottom => self.navigate(mode, Move::End),
            Action::Open => self.open(mode),
            Action::Back => self.back(mode),
            Action::ToggleValue => self.toggle_value(false),
            Action::ExcludeValue => self.toggle_value(true),
            Action::ClearFilters => {
                self.close_views();
                self.clear_filters();
            }
            Action::ClearSearch => {
                self.close_views();
                self.focus = Pane::Search;
                self.edit(SearchBox::clear);
            }
            Action::Insert(c) => self.insert(mode, &c.to_string()),
            Action::Paste(text) => self.insert(mode, &text),
            Action::DeleteBack => self.delete_back(mode),
            Action::DeleteForward => {
                self.edit(SearchBox::delete_forward);
            }
            Action::DeleteWord => {
                self.edit(SearchBox::delete_word);
            }
            Action::ClearLine => {
                self.edit(SearchBox::clear);
            }
            Action::CursorLeft => self.session.cursor(|s| s.move_cursor(-1)),
            Action::CursorRight => self.session.cursor(|s| s.move_cursor(1)),
            Action::CursorHome => self.session.cursor(|s| s.cursor_to(false)),
            Action::CursorEnd => self.session.cursor(|s| s.cursor_to(true)),
            Action::Click(x, y) => self.click(x, y),
            Action::ScrollUp(x, y) => self.wheel(x, y, -WHEEL),
            Action::ScrollDown(x, y) => self.wheel(x, y, WHEEL),
            Action::Resize(w, h) => {
                self.size = Rect::new(0, 0, w, h);
                self.refit_details();
            }
            Action::Stats => self.toggle_stats(),
            Action::Map => self.toggle_map(),
            Action::NextChart => self.switch_chart(1),
            Action::PrevChart => self.switch_chart(-1),
            Action::Left => self.with_map(|m, c| m.step(Dir::Left, c)),
            Action::Right => self.with_map(|m, c| m.step(Dir::Right, c)),
            Action::NextPoint => self.with_map(|m, c| m.cycle(1, c)),
            Action::PrevPoint => self.with_map(|m, c| m.cycle(-1, c)),
            Action::ZoomIn => self.with_map(|m, c| m.zoom(0.5, c)),
            Action::ZoomOut => self.with_map(|m, c| m.zoom(2.0, c)),
            Action::ZoomNext => self.with_map(MapView::show_next),
            Action::ZoomWorld => self.with_map(|m, c| m.show(Area::World, c)),
            Action::ZoomEurope => self.with_map(|m, c| m.show(Area::Europe, c)),
            Action::ZoomUkraine => self.with_map(|m, c| m.show(Area::Ukraine, c)),
            Action::ZoomBelarus => self.with_map(|m, c| m.show(Area::Belarus, c)),
            Action::ZoomUk => self.with_map(|m, c| m.show(Area::Uk, c)),
            Action::ListUnplaced => self.list_unplaced(),
        }
        self.settle();
    }

    /// Handles an action in a popup; `false` leaves it to the main dispatch (keys that work
    /// everywhere, resizes).
    fn popup_action(&mut self, action: &Action) -> bool {
        if matches!(
            action,
            Action::Help | Action::Quit | Action::QuitChord | Action::SwitchLang | Action::Resize(..) | Action::Idle
        ) {
            return false;
        }
        // Typing in the recent searches edits the search text, and the list narrows to it.
        if let Some(Overlay::Popup(Popup::Recent(i))) = &mut self.overlay
            && matches!(action, Action::Insert(_) | Action::DeleteBack)
        {
            *i = 0;
            match action {
                Action::Insert(c) => {
                    self.session.edit(|s| {
                        s.insert(&c.to_string());
                        true
                    });
                }
                _ => _ = self.session.edit(SearchBox::delete_back),
            }
            self.refresh_query();
            return true;
        }
        let rows = match self.popup() {
            Some(Popup::Recent(_)) => recent::matching(&self.recent.searches, self.search().text()).len(),
            Some(Popup::Export(_)) => EXPORT_FORMATS.len(),
            Some(Popup::About(_)) => self.about_positions(),
            Some(Popup::Note { .. }) | None => 0,
        };
        let Some(Overlay::Popup(popup)) = &mut self.overlay else {
            return false;
        };
        match (popup, action) {
            (_, Action::Back) | (Popup::About(_), Action::Open) => self.overlay = None,
            (Popup::Note { editor, .. }, edit) => match edit {
                Action::Insert(c) => editor.insert(&c.to_string()),
                Action::Paste(text) => editor.insert(text),
                Action::DeleteBack => _ = editor.delete_back(),
                Action::DeleteForward => _ = editor.delete_forward(),
                Action::ClearLine => _ = editor.clear(),
                Action::CursorLeft => editor.move_cursor(-1),
                Action::CursorRight => editor.move_cursor(1),
                Action::CursorHome => editor.cursor_to(false),
                Action::CursorEnd => editor.cursor_to(true),
                Action::Open => self.save_note(),
                _ => {}
            },
            (p, Action::Up) => p.move_by(-1, rows),
            (p, Action::Down) => p.move_by(1, rows),
            (p, Action::ScrollUp(..)) => p.move_by(-WHEEL, rows),
            (p, Action::ScrollDown(..)) => p.move_by(WHEEL, rows),
            (Popup::Recent(i), Action::Open) => {
                let text = recent::matching(&self.recent.searches, self.session.text().text())
                    .get(*i)
                    .map(|s| (*s).to_owned())
                    .unwrap_or_default();
                self.overlay = None;
                self.focus = Pane::Search;
                self.session.edit(|s| {
                    s.clear();
                    s.insert(&text);
                    true
                });
                self.refresh_query();
            }
            (Popup::Export(i), Action::Open) => {
                let format = EXPORT_FORMATS.get(*i).copied().unwrap_or(EXPORT_FORMATS[0]);
                self.overlay = None;
                self.export(format);
            }
            _ => {}
        }
        true
    }

    fn kiosk_quit_hint(&mut self) {
        let key = crate::keymap::key_for(Mode::Global, &Action::QuitChord).unwrap_or_default();
        self.notice = Some(match self.lang {
            Lang::En => format!("This is a public PC: to quit, press {key} twice."),
            Lang::Uk => format!("Це публічний комп'ютер: щоб вийти, натисніть {key} двічі."),
        });
    }

    fn quit_chord(&mut self) {
        if !self.settings.kiosk || self.quit == Quit::Armed {
            self.quit = Quit::Leaving;
        } else {
            self.quit = Quit::Armed;
            let key = crate::keymap::key_for(Mode::Global, &Action::QuitChord).unwrap_or_default();
            self.notice = Some(match self.lang {
                Lang::En => format!("Press {key} again to quit; any other key stays."),
                Lang::Uk => format!("Натисніть {key} ще раз, щоб вийти; будь-яка інша клавіша — залишитися."),
            });
        }
    }

    fn switch_lang(&mut self) {
        self.lang = self.lang.other();
        self.rebuild_details();
        self.outbox.push(Effect::RememberLang(self.lang));
    }

    /// The map's "no location: N", opened: their names in the message lines.
    fn list_unplaced(&mut self) {
        let Screen::Map(view) = &self.screen else { return };
        let c = &self.data.ds.catalogue;
        let names: Vec<&str> = view
            .unplaced_libraries
            .iter()
            .filter_map(|&l| c.libraries.get(l))
            .map(|l| l.name.get(self.lang))
            .collect();
        let room = usize::from(self.size.width) * usize::from(self.size.height / 2).max(1);
        self.notice = Some(if names.is_empty() {
            tr(
                self.lang,
                "Every library here is on the map.",
                "Усі бібліотеки тут є на карті.",
            )
            .to_owned()
        } else {
            map::unplaced_text(&names, self.lang, room)
        });
    }

    /// After a resize, each detail view shows its title again when its selected link fits
    /// on the first screen ([`fit::refit_scroll`]).
    fn refit_details(&mut self) {
        let body = self.areas().body;
        let (width, height) = (body.width.saturating_sub(2), usize::from(body.height.saturating_sub(2)));
        if let Screen::Detail(stack) = &mut self.screen {
            for view in stack.views_mut() {
                let all = detail::lines(&view.detail, width);
                let link_line = view
                    .link
                    .and_then(|l| all.iter().position(|line| line.kind == LineKind::Link(l)));
                view.scroll = fit::refit_scroll(all.len(), height, link_line);
            }
        }
    }

    // ----- Details -----

    /// The detail of an entry in the current language, with the user's note on a service.
    fn build_detail(&self, entity: EntityRef) -> Option<Detail> {
        let mut d = detail::detail(&self.data.ds, entity, self.lang)?;
        if let EntityRef::Service(s) = entity
            && let Some(note) = self
                .data
                .ds
                .catalogue
                .services
                .get(s)
                .and_then(|svc| self.personal.notes.get(&*svc.id))
        {
            d.blocks.insert(
                0,
                detail::Block::Paragraph {
                    label: Some(tr(self.lang, "My note", "Моя нотатка").to_owned()),
                    text: note.to_owned(),
                },
            );
        }
        Some(d)
    }

    /// Builds the preview and the detail views again (language or note changed), keeping
    /// their links and scroll.
    fn rebuild_details(&mut self) {
        let mut screen = std::mem::replace(&mut self.screen, Screen::Browse);
        if let Screen::Detail(stack) = &mut screen {
            for view in stack.views_mut() {
                if let Some(d) = self.build_detail(view.detail.entity) {
                    view.detail = d;
                }
            }
        }
        self.screen = screen;
        if let Some(mut p) = self.preview.take() {
            if let Some(d) = self.build_detail(p.detail.entity) {
                p.detail = d;
            }
            self.preview = Some(p);
        }
    }

    /// The entity shown in the detail view, if one is open.
    fn shown_entity(&self) -> Option<EntityRef> {
        match &self.screen {
            Screen::Detail(stack) => Some(stack.top().detail.entity),
            _ => None,
        }
    }

    /// The service a personal action applies to: the one shown in the detail view, else
    /// the selected result.
    fn current_service(&self) -> Option<usize> {
        match self.shown_entity() {
            Some(EntityRef::Service(s)) => Some(s),
            Some(_) => None,
            None => self.selected_service(),
        }
    }

    fn push_detail(&mut self, entity: EntityRef) {
        let inside = layout::inside(self.areas().body);
        let Some(d) = self.build_detail(entity) else { return };
        let view = DetailView::new(d, inside.width, usize::from(inside.height));
        match &mut self.screen {
            Screen::Detail(stack) => stack.push(view),
            _ => self.screen = Screen::Detail(DetailStack::new(view)),
        }
    }

    /// Back to the start screen for the next visitor (kiosk idle timeout): no search, no
    /// filters, nothing open, and nothing of the last visitor's.
    fn reset(&mut self) {
        if !self.settings.kiosk {
            return;
        }
        self.session.edit(SearchBox::clear);
        self.filters.clear();
        self.shortlist_only = false;
        self.screen = Screen::Browse;
        self.overlay = None;
        self.focus = Pane::Search;
        self.show_filters = false;
        self.personal = Personal::default();
        self.recent = History::default();
        self.refresh_query();
        self.list = Cursor::default();
        self.refresh_filters();
        self.rebuild_details();
    }

    // ----- Screens, overlays, panes -----

    /// Closes the full-screen views and the help, back to the search box and lists.
    fn close_views(&mut self) {
        self.screen = Screen::Browse;
        self.close_help();
    }

    /// Closes the help; a popup it was opened over shows again.
    fn close_help(&mut self) {
        if let Some(Overlay::Help { under, .. }) = &mut self.overlay {
            let under = under.take();
            self.overlay = under.map(Overlay::Popup);
        }
    }

    fn toggle_help(&mut self) {
        match self.overlay.take() {
            Some(Overlay::Help { under, .. }) => self.overlay = under.map(Overlay::Popup),
            Some(Overlay::Popup(p)) => {
                self.overlay = Some(Overlay::Help {
                    scroll: 0,
                    under: Some(p),
                });
            }
            None => self.overlay = Some(Overlay::Help { scroll: 0, under: None }),
        }
    }

    /// Opens the statistics view on the current results, or closes it.
    fn toggle_stats(&mut self) {
        self.close_help();
        self.screen = match self.screen {
            Screen::Stats(_) => Screen::Browse,
            _ => Screen::Stats(StatsView::new(&self.filter_pane, &self.filters)),
        };
    }

    /// Opens the map of the current results' libraries, or closes it.
    fn toggle_map(&mut self) {
        self.close_help();
        self.screen = if let Screen::Map(_) = self.screen {
            Screen::Browse
        } else {
            let services: Vec<usize> = self.hits().iter().filter_map(Hit::service).collect();
            let d = &self.data;
            Screen::Map(MapView::new(
                &d.ds,
                &d.facets,
                &self.filters,
                &services,
                self.selected_service(),
            ))
        };
    }

    fn switch_chart(&mut self, step: isize) {
        if let Screen::Stats(s) = &mut self.screen {
            s.switch(step, &self.filter_pane, &self.filters);
        }
    }

    /// Applies a change to the open map, which is drawn on `canvas`.
    fn with_map(&mut self, f: impl FnOnce(&mut MapView, Rect)) {
        let canvas = map::canvas_area(self.areas().body);
        if let Screen::Map(m) = &mut self.screen {
            f(m, canvas);
        }
    }

    fn cycle_focus(&mut self, step: isize) {
        if !matches!(self.screen, Screen::Browse) || self.help().is_some() {
            return;
        }
        let here = FOCUS_ORDER.iter().position(|&p| p == self.focus).unwrap_or(0);
        let next = (here as isize + step).rem_euclid(FOCUS_ORDER.len() as isize) as usize;
        self.focus = FOCUS_ORDER[next];
        if self.focus != Pane::Filters {
            self.show_filters = false;
        }
    }

    fn toggle_filters(&mut self) {
        if self.focus == Pane::Filters {
            self.focus = Pane::Results;
            self.show_filters = false;
        } else {
            self.focus = Pane::Filters;
            self.show_filters = true;
        }
    }

    fn back(&mut self, mode: Mode) {
        match mode {
            Mode::Help => self.close_help(),
            Mode::Detail => {
                if let Screen::Detail(stack) = &mut self.screen
                    && !stack.pop()
                {
                    self.screen = Screen::Browse;
                }
            }
            Mode::Search | Mode::Preview => self.focus = Pane::Results,
            Mode::Filters => {
                self.focus = Pane::Results;
                self.show_filters = false;
            }
            Mode::Note | Mode::Recent | Mode::Export | Mode::About => self.overlay = None,
            Mode::Stats | Mode::Map => self.screen = Screen::Browse,
            Mode::FilterJump | Mode::Results | Mode::Global | Mode::Views | Mode::Browse => {}
        }
    }

    // ----- Filters -----

    fn toggle_value(&mut self, exclude: bool) {
        if let Some((facet, value)) = self.filter_pane.selected() {
            if exclude {
                self.filters.toggle_exclude(facet, value);
            } else {
                self.filters.toggle(facet, value);
            }
            self.refresh_filters();
        }
    }

    /// Clears the filters and the shortlist view: every service of the search shows.
    fn clear_filters(&mut self) {
        if !self.filters.is_empty() || self.shortlist_only {
            self.filters.clear();
            self.shortlist_only = false;
            self.refresh_filters();
        }
    }

    /// Includes the selected bar's value in the filters and goes back to the list.
    fn apply_stat(&mut self) {
        if let Some((facet, value)) = self.stats().and_then(StatsView::selected) {
            self.filters.include(facet, value);
            self.show_filtered_list();
        }
    }

    /// Filters to the selected library alone and goes back to the list.
    fn apply_map(&mut self) {
        let Some(value) = self.map().and_then(MapView::selected_point).map(|p| p.value) else {
            return;
        };
        let others: Vec<u32> = self
            .filters
            .active()
            .filter(|(f, _, _)| *f == Facet::Library)
            .map(|(_, v, _)| v)
            .collect();
        for v in others {
            self.filters.toggle(Facet::Library, v);
        }
        self.filters.include(Facet::Library, value);
        self.show_filtered_list();
    }

    /// Closes the views and shows the result list, from its top, for the new filters.
    fn show_filtered_list(&mut self) {
        self.screen = Screen::Browse;
        self.refresh_filters();
        self.list = Cursor::default();
        self.focus = Pane::Results;
        self.show_filters = false;
    }

    /// Applies the filters to the hits and recounts the facet values.
    fn refresh_filters(&mut self) {
        let facets = &self.data.facets;
        let services = &self.data.ds.catalogue.services;
        let listed = |service: usize| {
            !self.shortlist_only
                || services
                    .get(service)
                    .is_some_and(|s| self.personal.is_shortlisted(&s.id))
        };
        let passing = EntriesPassing::new(facets, &self.data.ds, &self.filters);
        // The shortlist holds services only.
        let listed = |hit: &Hit| hit.service().map_or(!self.shortlist_only, listed);
        let hits = self.session.hits();
        let unfiltered = self.filters.is_empty();
        // The results and their kinds, into the buffers of the last answer.
        self.results.clear();
        self.result_kinds = [0; EntryKind::ALL.len()];
        for (i, hit) in hits.iter().enumerate() {
            if !listed(hit) {
                continue;
            }
            if unfiltered || passing.passes(hit.entry()) {
                self.results.push(i);
                self.result_kinds[hit.kind() as usize] += 1;
            }
        }
        // The facets are counted in catalogue order: each service's values are read in the
        // order they are stored, not at random (on a big catalogue, most of the time).
        self.listed_services.clear();
        let listed_services = &mut self.listed_services;
        ascending(
            hits.iter().filter(|h| listed(h)).filter_map(Hit::service),
            &mut self.service_marks,
            |s| listed_services.push(s),
        );
        self.filter_pane.recount(facets, &self.filters, &self.listed_services);
        // The kind facet counts every kind of entry, not only services: with no filter, the
        // results by kind.
        let kinds = if unfiltered {
            self.result_kinds.to_vec()
        } else {
            passing.kind_counts(hits.iter().filter(|h| listed(h)).map(Hit::entry))
        };
        self.filter_pane.set_counts(Facet::Kind, kinds);
        self.list.clamp(self.results.len());
    }

    // ----- Typing -----

    fn insert(&mut self, mode: Mode, text: &str) {
        match mode {
            Mode::Filters | Mode::FilterJump => {
                // Shown on screen: no control characters or escape sequences.
                self.filter_pane.jump.push_str(&crate::catalogue::clean_line(text));
                self.filter_pane.jump_to(&self.data.facets, self.lang);
            }
            Mode::Help | Mode::Note | Mode::Recent | Mode::Export | Mode::About => {}
            Mode::Search
            | Mode::Results
            | Mode::Preview
            | Mode::Detail
            | Mode::Stats
            | Mode::Map
            | Mode::Global
            | Mode::Views
            | Mode::Browse => {
                // Typing anywhere goes to the search box; a `/` at its start only goes there.
                self.close_views();
                self.focus = Pane::Search;
                if text == "/" && self.search().text().is_empty() {
                    return;
                }
                self.session.edit(|s| {
                    s.insert(text);
                    true
                });
                self.refresh_query();
            }
        }
    }

    fn delete_back(&mut self, mode: Mode) {
        if mode == Mode::FilterJump {
            self.filter_pane.jump.pop();
            self.filter_pane.jump_to(&self.data.facets, self.lang);
        } else {
            if mode == Mode::Results {
                self.focus = Pane::Search;
            }
            self.edit(SearchBox::delete_back);
        }
    }

    /// Applies an edit to the search box; searches again when the text changed.
    fn edit(&mut self, f: fn(&mut SearchBox) -> bool) -> bool {
        let changed = self.session.edit(f);
        if changed {
            self.refresh_query();
        }
        changed
    }

    /// Searches when the text changed since the last search: here (the list then starts
    /// at the top), or by putting a request for the worker in the outbox (the results shown
    /// stay until [`App::apply_search`]).
    fn refresh_query(&mut self) {
        match self.session.refresh(&self.data.index) {
            Refresh::Unchanged => {}
            Refresh::Searched => {
                self.list = Cursor::default();
                self.refresh_filters();
            }
            Refresh::Asked(request) => {
                // A request not yet handed over is stale: only the newest is worth running.
                self.outbox.retain(|e| !matches!(e, Effect::Search(_)));
                self.outbox.push(Effect::Search(request));
            }
        }
    }

    // ----- Moving -----

    /// Rows a page moves in a mode.
    fn page(&self, mode: Mode) -> isize {
        let a = self.areas();
        let rows = match mode {
            Mode::Search | Mode::Results => a.results.map_or(1, layout::result_rows),
            Mode::Filters | Mode::FilterJump => a.filters.map_or(1, |r| usize::from(layout::inside(r).height)),
            Mode::Stats => stats::visible_bars(a.body.height),
            Mode::Map => 1,
            Mode::Help => usize::from(layout::inside(layout::help_area(self.size)).height),
            Mode::Detail
            | Mode::Preview
            | Mode::Global
            | Mode::Views
            | Mode::Browse
            | Mode::Note
            | Mode::Recent
            | Mode::Export
            | Mode::About => usize::from(layout::inside(a.body).height),
        };
        rows.max(1) as isize
    }

    fn navigate(&mut self, mode: Mode, movement: Move) {
        let delta = match movement {
            Move::By(n) => n,
            Move::Page(n) => n * self.page(mode),
            Move::Start => isize::MIN / 2,
            Move::End => isize::MAX / 2,
        };
        match mode {
            Mode::Search | Mode::Results => self.list.move_by(delta, self.results.len()),
            Mode::Filters | Mode::FilterJump => self.filter_pane.move_by(delta),
            Mode::Preview => {
                if let Some(p) = &mut self.preview {
                    p.scroll = p.scroll.saturating_add_signed(delta);
                }
            }
            Mode::Detail => self.navigate_detail(movement, delta),
            Mode::Help => {
                if let Some(Overlay::Help { scroll, .. }) = &mut self.overlay {
                    *scroll = scroll.saturating_add_signed(delta);
                }
            }
            Mode::Stats => {
                if let Screen::Stats(s) = &mut self.screen {
                    s.move_by(delta);
                }
            }
            Mode::Map => match movement {
                Move::By(n) if n < 0 => self.with_map(|m, c| m.step(Dir::Up, c)),
                Move::By(_) => self.with_map(|m, c| m.step(Dir::Down, c)),
                Move::Page(_) | Move::Start | Move::End => {}
            },
            Mode::Global | Mode::Views | Mode::Browse | Mode::Note | Mode::Recent | Mode::Export | Mode::About => {}
        }
    }

    /// In the detail view, single steps move between links (or scroll a view without
    /// links); pages scroll and then select the first link on screen; Start and End go to
    /// the first and last link.
    fn navigate_detail(&mut self, movement: Move, delta: isize) {
        let inside = layout::inside(self.areas().body);
        let (width, height) = (inside.width, usize::from(inside.height));
        let Screen::Detail(stack) = &mut self.screen else {
            return;
        };
        let view = stack.top_mut();
        let links = view.detail.links().count();
        match (movement, view.link) {
            (Move::By(_), Some(link)) => {
                view.link = Some(link.saturating_add_signed(delta).min(links.saturating_sub(1)));
            }
            (Move::Start | Move::End, _) => {
                let start = movement == Move::Start;
                view.link = (links > 0).then(|| if start { 0 } else { links - 1 });
                view.scroll = if start { 0 } else { usize::MAX / 2 };
            }
            // Scrolling: keep the view within the text, then select the first link on screen.
            (Move::Page(_), _) | (Move::By(_), None) => {
                let total = detail::lines(&view.detail, width).len();
                view.scroll = view
                    .scroll
                    .saturating_add_signed(delta)
                    .min(total.saturating_sub(height));
                if let Some(i) = view.first_link_on_screen(width, height) {
                    view.link = Some(i);
                }
            }
        }
    }

    fn open(&mut self, mode: Mode) {
        match mode {
            Mode::Search | Mode::Results | Mode::Preview => {
                if let Some(entry) = self.selected_entry() {
                    self.remember_search();
                    self.push_detail(entry);
                }
            }
            Mode::Detail => {
                let target = self.history().last().and_then(|v| {
                    let link = v.link?;
                    v.detail.links().nth(link).map(|(_, e)| *e)
                });
                if let Some(e) = target {
                    self.push_detail(e);
                }
            }
            Mode::Stats => self.apply_stat(),
            Mode::Map => self.apply_map(),
            Mode::Filters
            | Mode::FilterJump
            | Mode::Help
            | Mode::Global
            | Mode::Views
            | Mode::Browse
            | Mode::Note
            | Mode::Recent
            | Mode::Export
            | Mode::About => {}
        }
    }

    // ----- The mouse -----

    fn click(&mut self, x: u16, y: u16) {
        if !self.settings.mouse {
            return;
        }
        let pos = Position { x, y };
        if self.help().is_some() {
            self.close_help();
            return;
        }
        let a = self.areas();
        match &self.screen {
            Screen::Stats(_) | Screen::Map(_) => {}
            Screen::Detail(_) => self.click_detail(pos, a.body),
            Screen::Browse => self.click_browser(pos, a),
        }
    }

    fn click_browser(&mut self, pos: Position, a: Areas) {
        if a.search.contains(pos) {
            self.focus = Pane::Search;
        } else if let Some(r) = a.results.filter(|r| r.contains(pos)) {
            self.focus = Pane::Results;
            let row = usize::from(pos.y.saturating_sub(r.y + 1)) / RESULT_HEIGHT + self.list.offset;
            if pos.y > r.y && row < self.results.len() {
                if row == self.list.selected {
                    self.open(Mode::Results);
                } else {
                    self.list.select(row, self.results.len());
                }
            }
        } else if let Some(r) = a.filters.filter(|r| r.contains(pos)) {
            self.focus = Pane::Filters;
            let row = usize::from(pos.y.saturating_sub(r.y + 1)) + self.filter_pane.cursor.offset;
            if pos.y > r.y && row < self.filter_pane.rows.len() {
                let was = self.filter_pane.cursor.selected;
                self.filter_pane.select(row);
                if was == row && matches!(self.filter_pane.rows.get(row), Some(FilterRow::Value(..))) {
                    self.toggle_value(false);
                }
            }
        } else if a.preview.is_some_and(|r| r.contains(pos)) {
            self.focus = Pane::Preview;
        }
    }

    fn click_detail(&mut self, pos: Position, body: Rect) {
        let width = layout::inside(body).width;
        let Screen::Detail(stack) = &mut self.screen else {
            return;
        };
        let view = stack.top_mut();
        if !body.contains(pos) || pos.y <= body.y {
            return;
        }
        let line = usize::from(pos.y - body.y - 1) + view.scroll;
        let lines = detail::lines(&view.detail, width);
        if let Some(LineKind::Link(i)) = lines.get(line).map(|l| l.kind) {
            if view.link == Some(i) {
                self.open(Mode::Detail);
            } else {
                view.link = Some(i);
            }
        }
    }

    fn wheel(&mut self, x: u16, y: u16, delta: isize) {
        if !self.settings.mouse {
            return;
        }
        let pos = Position { x, y };
        let a = self.areas();
        let help = self.help().is_some();
        let mode = match (&mut self.screen, help) {
            (_, true) => Mode::Help,
            (Screen::Stats(_), false) => Mode::Stats,
            (Screen::Map(_), false) => return,
            (Screen::Detail(stack), false) => {
                let view = stack.top_mut();
                view.scroll = view.scroll.saturating_add_signed(delta);
                return;
            }
            (Screen::Browse, false) if a.filters.is_some_and(|r| r.contains(pos)) => Mode::Filters,
            (Screen::Browse, false) if a.preview.is_some_and(|r| r.contains(pos)) => Mode::Preview,
            (Screen::Browse, false) => Mode::Results,
        };
        self.navigate(mode, Move::By(delta));
    }

    // ----- Invariants -----

    /// How many scroll positions the "about" view has at this screen size: it counts the
    /// rows its lines wrap to, so that the last position shows its last row.
    fn about_positions(&self) -> usize {
        let lines = popup::about_lines(&self.data.ds, self.settings.updates.as_deref(), self.lang);
        fit::about_positions(fit::about_rows(&lines, self.size.width), self.size.height)
    }

    /// Restores invariants after every action: selections inside their lists, scroll
    /// offsets showing the selection, the preview matching the selected result.
    fn settle(&mut self) {
        // After a resize or a change of language the "about" view still ends at its end.
        if matches!(self.popup(), Some(Popup::About(_))) {
            let positions = self.about_positions();
            if let Some(Overlay::Popup(about @ Popup::About(_))) = &mut self.overlay {
                about.move_by(0, positions);
            }
        }
        let a = self.areas();
        self.list.clamp(self.results.len());
        if let Some(r) = a.results {
            self.list.scroll_into_view(layout::result_rows(r));
        }
        self.filter_pane.cursor.clamp(self.filter_pane.rows.len());
        if let Some(r) = a.filters {
            self.filter_pane
                .cursor
                .scroll_into_view(usize::from(layout::inside(r).height));
        }
        let wanted = self.selected_entry();
        if self.preview.as_ref().map(|p| p.detail.entity) != wanted {
            self.preview = wanted.and_then(|e| self.build_detail(e)).map(DetailView::top);
        }
        // Only a scrolled preview needs laying out here; typing leaves it at the top.
        if let (Some(p), Some(r)) = (&mut self.preview, a.preview)
            && p.scroll > 0
        {
            let inside = layout::inside(r);
            let total = detail::lines(&p.detail, inside.width).len();
            p.scroll = p.scroll.min(total.saturating_sub(usize::from(inside.height)));
        }
        let body = a.body;
        let inside = layout::inside(body);
        match &mut self.screen {
            Screen::Browse => {}
            Screen::Detail(stack) => stack.top_mut().settle(inside.width, usize::from(inside.height)),
            Screen::Stats(s) => s.settle(stats::visible_bars(body.height)),
            Screen::Map(m) => m.settle(map::canvas_area(body)),
        }
        if self.help().is_some() {
            let max = crate::help::max_scroll(self.lang, self.settings.keys, self.size);
            if let Some(Overlay::Help { scroll, .. }) = &mut self.overlay {
                *scroll = (*scroll).min(max);
            }
        }
    }
}
