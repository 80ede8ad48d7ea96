//! The whole interface state and `update(Action)`. No I/O, no terminal: the runtime feeds
//! actions in and draws the state; tests do the same with a test backend.
//!
//! State is split into small parts that keep their own invariants: the search box, the
//! result cursor, the filter pane, the detail history, the statistics and map views.

pub mod cursor;
pub mod filter_pane;
pub mod fit;
pub mod kiosk;
pub mod map;
pub mod personal;
pub mod popup;
pub mod recent;
pub mod search_box;
pub mod stats;

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::action::Action;
use crate::catalogue::{Dataset, EntityRef, Lang};
use crate::detail::{self, Detail, LineKind};
use crate::facets::{Facet, Facets, Filters};
use crate::keymap::Mode;
use crate::layout::{self, Areas, LayoutInput, Pane};
use crate::search::worker::{Outcome, Request};
use crate::search::{Hit, Index, Query};

use crate::config::KeyPreset;
use crate::i18n::tr;
use crate::state::{History, Personal, PersonalChange};
use cursor::Cursor;
use filter_pane::{FilterPane, FilterRow};
use map::{Area, Dir, MapView};
pub use personal::Effect;
use popup::{EXPORT_FORMATS, Popup};
use search_box::SearchBox;
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

/// One page of the detail history.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailView {
    /// What is shown.
    pub detail: Detail,
    /// The selected link, in `detail.links()` order.
    pub link: Option<usize>,
    /// First line shown.
    pub scroll: usize,
}

impl DetailView {
    /// A view scrolled to the top; the first link is selected when it is on the first
    /// screen (`width` x `height` inside the border), so that opening never hides the title.
    fn new(detail: Detail, width: u16, height: usize) -> Self {
        let mut view = Self {
            detail,
            link: None,
            scroll: 0,
        };
        view.link = view.first_link_on_screen(width, height);
        view
    }

    /// The first link whose line is between `scroll` and `scroll + height`.
    fn first_link_on_screen(&self, width: u16, height: usize) -> Option<usize> {
        detail::lines(&self.detail, width)
            .iter()
            .skip(self.scroll)
            .take(height)
            .find_map(|l| match l.kind {
                LineKind::Link(i) => Some(i),
                _ => None,
            })
    }
}

/// The interface state.
#[derive(Debug)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent switches (filters shown, mouse, kiosk, shortlist only, quitting), not states of one machine"
)]
pub struct App {
    /// The catalogue.
    pub data: Data,
    /// Language of labels and data.
    pub lang: Lang,
    /// Terminal size.
    pub size: Rect,
    /// Focused pane.
    pub focus: Pane,
    /// Filter pane shown on a medium screen.
    pub show_filters: bool,
    /// Search text.
    pub search: SearchBox,
    /// Services matching the search text, ranked (before filters).
    pub hits: Vec<Hit>,
    /// The query that found `hits` (the search text may have changed since).
    pub hits_query: Query,
    /// Indices into `hits` that pass the filters: the result list.
    pub results: Vec<usize>,
    /// Result list selection.
    pub list: Cursor,
    /// Active filters.
    pub filters: Filters,
    /// Filter pane.
    pub filter_pane: FilterPane,
    /// The preview of the selected result.
    pub preview: Option<DetailView>,
    /// Full-screen detail views, oldest first; empty when browsing.
    pub history: Vec<DetailView>,
    /// Help overlay scroll, when it is open.
    pub help: Option<usize>,
    /// The statistics view, when it is open.
    pub stats: Option<StatsView>,
    /// The map view, when it is open.
    pub map: Option<MapView>,
    /// Mouse events act.
    pub mouse: bool,
    /// The user asked to leave.
    pub quit: bool,
    /// How many times the search has run (a paste runs it once, not once per character).
    pub searches: u64,
    /// Movement keys.
    pub keys: KeyPreset,
    /// Kiosk mode: nothing is saved or opened, quitting takes the key chord twice.
    pub kiosk: bool,
    /// The shortlist and notes.
    pub personal: Personal,
    /// Recent searches.
    pub recent: History,
    /// Only shortlisted services are listed.
    pub shortlist_only: bool,
    /// The open popup (note, recent searches, export, about).
    pub popup: Option<Popup>,
    /// A message for the user, shown above the status bar until the next key.
    pub notice: Option<String>,
    /// The folder catalogue updates are read from, for the "about" view.
    pub updates: Option<std::path::PathBuf>,
    /// The folder exports are written to, for the export dialog.
    pub export_folder: Option<std::path::PathBuf>,
    /// Changes for the runtime to carry out (save, write a file, open a link).
    effects: Vec<Effect>,
    /// Kiosk mode: the quit chord was pressed once.
    quit_armed: bool,
    query: Option<String>,
    /// Searches run elsewhere (the search worker): the app asks and waits for the answer.
    deferred: bool,
    /// The newest search asked for, and the one whose results are shown.
    generation: u64,
    shown: u64,
    /// A search to hand to the worker.
    request: Option<Request>,
}

impl App {
    /// A new app showing every service.
    #[must_use]
    pub fn new(data: Data, lang: Lang, size: Rect) -> Self {
        let filter_pane = FilterPane::new(&data.facets);
        let mut app = Self {
            data,
            lang,
            size,
            focus: Pane::Search,
            show_filters: false,
            search: SearchBox::default(),
            hits: Vec::new(),
            hits_query: Query::default(),
            results: Vec::new(),
            list: Cursor::default(),
            filters: Filters::default(),
            filter_pane,
            preview: None,
            history: Vec::new(),
            help: None,
            stats: None,
            map: None,
            mouse: true,
            quit: false,
            searches: 0,
            keys: KeyPreset::default(),
            kiosk: false,
            personal: Personal::default(),
            recent: History::default(),
            shortlist_only: false,
            popup: None,
            notice: None,
            updates: None,
            export_folder: None,
            effects: Vec::new(),
            quit_armed: false,
            query: None,
            deferred: false,
            generation: 0,
            shown: 0,
            request: None,
        };
        app.refresh_query();
        app.settle();
        app
    }

    /// The key-table mode for the current state.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Help
        } else if let Some(popup) = &self.popup {
            match popup {
                Popup::Note { .. } => Mode::Note,
                Popup::Recent(_) => Mode::Recent,
                Popup::Export(_) => Mode::Export,
                Popup::About(_) => Mode::About,
            }
        } else if !self.history.is_empty() {
            Mode::Detail
        } else if self.stats.is_some() {
            Mode::Stats
        } else if self.map.is_some() {
            Mode::Map
        } else {
            match self.focus {
                Pane::Search => Mode::Search,
                Pane::Results => Mode::Results,
                Pane::Filters if self.filter_pane.jump.is_empty() => Mode::Filters,
                Pane::Filters => Mode::FilterJump,
                Pane::Preview => Mode::Preview,
            }
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

    /// The service of the selected result.
    #[must_use]
    pub fn selected_service(&self) -> Option<usize> {
        let hit = self.results.get(self.list.selected)?;
        self.hits.get(*hit).map(Hit::index)
    }

    /// The changes the runtime has to carry out, oldest first; taking them empties the queue.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The service a personal action applies to: the one shown in the detail view, else
    /// the selected result.
    fn current_service(&self) -> Option<usize> {
        match self.history.last() {
            Some(view) => match view.detail.entity {
                EntityRef::Service(s) => Some(s),
                _ => None,
            },
            None => self.selected_service(),
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        let was_searching = self.focus == Pane::Search && self.popup.is_none();
        self.update_inner(action);
        // A search the user left the search box on is remembered.
        if was_searching && self.focus != Pane::Search {
            self.remember_search();
        }
    }

    /// The search text stayed unchanged for [`kiosk::SEARCH_PAUSE`]: it is remembered among
    /// the recent searches, as one the user stopped on.
    pub fn search_paused(&mut self) {
        if self.focus == Pane::Search && self.popup.is_none() {
            self.remember_search();
        }
    }

    /// The kiosk's warning before it resets, `seconds` before; `None` takes it away.
    pub fn kiosk_countdown(&mut self, seconds: Option<u64>) {
        self.notice = seconds.map(|s| {
            let note = matches!(self.popup, Some(Popup::Note { .. }));
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
            if action != Action::QuitChord {
                self.quit_armed = false;
            }
        }
        if matches!(mode, Mode::Note | Mode::Recent | Mode::Export | Mode::About) && self.popup_action(&action) {
            self.settle();
            return;
        }
        match action {
            Action::Quit if self.kiosk => self.kiosk_quit_hint(),
            Action::Quit => self.quit = true,
            Action::QuitChord => self.quit_chord(),
            Action::SwitchLang => self.switch_lang(),
            Action::ToggleMark => self.toggle_mark(),
            Action::ToggleShortlist => self.toggle_shortlist(),
            Action::EditNote => self.edit_note(),
            Action::RecentSearches => {
                self.popup = (!self.recent.searches.is_empty()).then_some(Popup::Recent(0));
                if self.popup.is_none() {
                    self.notice =
                        Some(tr(self.lang, "No recent searches yet.", "Недавніх пошуків ще немає.").to_owned());
                }
            }
            Action::Export => self.open_export(),
            Action::About => self.popup = Some(Popup::About(0)),
            Action::OpenLink => self.open_link(),
            Action::Idle => self.reset(),
            Action::Help => self.toggle_help(),
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(-1),
            Action::FocusSearch => self.focus = Pane::Search,
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
            Action::ClearFilters => self.clear_filters(),
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
            Action::CursorLeft => self.search.move_cursor(-1),
            Action::CursorRight => self.search.move_cursor(1),
            Action::CursorHome => self.search.cursor_to(false),
            Action::CursorEnd => self.search.cursor_to(true),
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
        if let Some(Popup::Recent(i)) = &mut self.popup
            && matches!(action, Action::Insert(_) | Action::DeleteBack)
        {
            *i = 0;
            match action {
                Action::Insert(c) => self.search.insert(&c.to_string()),
                _ => {
                    self.search.delete_back();
                }
            }
            self.refresh_query();
            return true;
        }
        let Some(popup) = &mut self.popup else { return false };
        let rows = match popup {
            Popup::Recent(_) => recent::matching(&self.recent.searches, self.search.text()).len(),
            Popup::Export(_) => EXPORT_FORMATS.len(),
            Popup::About(_) => fit::about_positions(
                popup::about_lines(&self.data.ds, self.updates.as_deref(), self.lang).len(),
                self.size.height,
            ),
            Popup::Note { .. } => 0,
        };
        match (popup, action) {
            (_, Action::Back) | (Popup::About(_), Action::Open) => self.popup = None,
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
                let text = recent::matching(&self.recent.searches, self.search.text())
                    .get(*i)
                    .map(|s| (*s).to_owned())
                    .unwrap_or_default();
                self.popup = None;
                self.focus = Pane::Search;
                self.search.clear();
                self.search.insert(&text);
                self.refresh_query();
            }
            (Popup::Export(i), Action::Open) => {
                let format = EXPORT_FORMATS.get(*i).copied().unwrap_or(EXPORT_FORMATS[0]);
                self.popup = None;
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
        if !self.kiosk || self.quit_armed {
            self.quit = true;
        } else {
            self.quit_armed = true;
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
        self.effects.push(Effect::RememberLang(self.lang));
    }

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

    /// Builds the preview and the detail history again (language or note changed), keeping
    /// their links and scroll.
    fn rebuild_details(&mut self) {
        let mut views = std::mem::take(&mut self.history);
        for view in &mut views {
            if let Some(d) = self.build_detail(view.detail.entity) {
                view.detail = d;
            }
        }
        self.history = views;
        if let Some(mut p) = self.preview.take() {
            if let Some(d) = self.build_detail(p.detail.entity) {
                p.detail = d;
            }
            self.preview = Some(p);
        }
    }

    fn service_id(&self, service: usize) -> Option<String> {
        self.data.ds.catalogue.services.get(service).map(|s| s.id.to_string())
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

    /// Makes a change to the shortlist or notes here and asks the runtime to save it.
    fn change(&mut self, change: PersonalChange) {
        self.personal.apply(&change);
        self.effects.push(Effect::Personal(change));
    }

    fn toggle_mark(&mut self) {
        let Some(id) = self.current_service().and_then(|s| self.service_id(s)) else {
            return;
        };
        let marked = !self.personal.is_shortlisted(&id);
        self.change(PersonalChange::Shortlist(id, marked));
        let n = self.personal.shortlist.len();
        self.notice = Some(match (self.lang, marked) {
            (Lang::En, true) => format!("Added to the shortlist ({n})."),
            (Lang::En, false) => format!("Taken off the shortlist ({n})."),
            (Lang::Uk, true) => format!("Додано до добірки ({n})."),
            (Lang::Uk, false) => format!("Прибрано з добірки ({n})."),
        });
        self.remember_search();
        if self.shortlist_only {
            self.refresh_filters();
        }
    }

    fn toggle_shortlist(&mut self) {
        if !self.shortlist_only && self.personal.shortlist.is_empty() {
            let key = crate::keymap::key_for(Mode::Results, &Action::ToggleMark).unwrap_or_default();
            self.notice = Some(match self.lang {
                Lang::En => format!("The shortlist is empty: press {key} on a service to add it."),
                Lang::Uk => format!("Добірка порожня: натисніть {key} на послузі, щоб додати її."),
            });
            return;
        }
        self.shortlist_only = !self.shortlist_only;
        self.list = Cursor::default();
        self.refresh_filters();
    }

    fn edit_note(&mut self) {
        let Some(service) = self.current_service() else { return };
        let mut editor = SearchBox::default();
        if let Some(note) = self
            .service_id(service)
            .and_then(|id| self.personal.notes.get(&id).cloned())
        {
            editor.insert(&note);
        }
        self.popup = Some(Popup::Note { service, editor });
    }

    fn save_note(&mut self) {
        let Some(Popup::Note { service, editor }) = self.popup.take() else {
            return;
        };
        let Some(id) = self.service_id(service) else { return };
        let text = editor.text().trim();
        let new = (!text.is_empty()).then(|| text.to_owned());
        if self.personal.notes.get(&id) != new.as_ref() {
            let removed = new.is_none();
            self.change(PersonalChange::Note(id, new));
            self.notice = Some(
                if removed {
                    tr(self.lang, "Note removed.", "Нотатку видалено.")
                } else {
                    tr(self.lang, "Note saved.", "Нотатку збережено.")
                }
                .to_owned(),
            );
        }
        self.rebuild_details();
    }

    /// Remembers the search text among the recent ones (when it is worth remembering).
    fn remember_search(&mut self) {
        let text = self.search.text().trim();
        if !text.is_empty() && self.recent.searches.first().is_none_or(|r| r != text) {
            let text = text.to_owned();
            self.recent.push(&text);
            self.effects.push(Effect::RememberSearch(text));
        }
    }

    fn open_export(&mut self) {
        if self.kiosk {
            self.notice = Some(
                tr(
                    self.lang,
                    "Exports are turned off on this public PC.",
                    "На цьому публічному комп'ютері експорт вимкнено.",
                )
                .to_owned(),
            );
        } else if self.results.is_empty() {
            self.notice = Some(
                tr(
                    self.lang,
                    "Nothing to export: the list is empty.",
                    "Немає чого експортувати: список порожній.",
                )
                .to_owned(),
            );
        } else {
            self.popup = Some(Popup::Export(0));
        }
    }

    /// What the list shows, as a title for an export: "Shortlist", the search and filters.
    #[must_use]
    pub fn list_title(&self) -> String {
        if self.shortlist_only {
            tr(self.lang, "Shortlist", "Добірка").to_owned()
        } else {
            crate::export::query_title(self.search.text(), &self.filters, &self.data.facets, self.lang)
        }
    }

    fn export(&mut self, format: crate::export::Format) {
        let services: Vec<usize> = self
            .results
            .iter()
            .filter_map(|&r| self.hits.get(r).map(Hit::index))
            .collect();
        self.remember_search();
        self.effects.push(Effect::Export {
            format,
            services,
            title: self.list_title(),
            kind: if self.shortlist_only {
                crate::export::ExportKind::Shortlist
            } else {
                crate::export::ExportKind::Results
            },
        });
    }

    /// The web address of the entry in the detail view, else of the selected service.
    fn current_url(&self) -> Option<String> {
        let c = &self.data.ds.catalogue;
        let entity = match self.history.last() {
            Some(view) => view.detail.entity,
            None => EntityRef::Service(self.selected_service()?),
        };
        let url = match entity {
            EntityRef::Service(i) => c.services.get(i).map(|s| s.url.to_string()),
            EntityRef::Library(i) => c.libraries.get(i).map(|l| l.url.to_string()),
            EntityRef::Programme(i) => c.programmes.get(i).map(|p| p.url.to_string()),
            EntityRef::TargetGroup(_) | EntityRef::Theme(_) => None,
        }?;
        (!url.trim().is_empty()).then_some(url)
    }

    fn open_link(&mut self) {
        let lang = self.lang;
        self.notice = Some(match (self.current_url(), self.kiosk) {
            (None, _) => tr(lang, "This entry has no web address.", "Цей запис не має вебадреси.").to_owned(),
            (Some(url), true) => match lang {
                Lang::En => format!("Links are not opened on this public PC; the address is {url}"),
                Lang::Uk => format!("На цьому публічному комп'ютері посилання не відкриваються; адреса: {url}"),
            },
            (Some(url), false) => {
                self.effects.push(Effect::OpenUrl(url.clone()));
                match lang {
                    Lang::En => format!("Opening {url}"),
                    Lang::Uk => format!("Відкриваю {url}"),
                }
            }
        });
    }

    /// Back to the start screen for the next visitor (kiosk idle timeout): no search, no
    /// filters, nothing open, and nothing of the last visitor's.
    fn reset(&mut self) {
        if !self.kiosk {
            return;
        }
        self.search.clear();
        self.filters.clear();
        self.shortlist_only = false;
        self.history.clear();
        self.help = None;
        self.popup = None;
        self.stats = None;
        self.map = None;
        self.focus = Pane::Search;
        self.show_filters = false;
        self.personal = Personal::default();
        self.recent = History::default();
        self.refresh_query();
        self.list = Cursor::default();
        self.refresh_filters();
        self.rebuild_details();
    }

    fn toggle_help(&mut self) {
        self.help = if self.help.is_some() { None } else { Some(0) };
    }

    fn cycle_focus(&mut self, step: isize) {
        if !self.history.is_empty() || self.help.is_some() {
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

    /// Rows a page moves in a mode.
    fn page(&self, mode: Mode) -> isize {
        let a = self.areas();
        let rows = match mode {
            Mode::Search | Mode::Results => a
                .results
                .map_or(1, |r| usize::from(r.height.saturating_sub(2)) / RESULT_HEIGHT),
            Mode::Filters | Mode::FilterJump => a.filters.map_or(1, |r| usize::from(r.height.saturating_sub(2))),
            Mode::Stats => stats::visible_bars(a.body.height),
            Mode::Map => 1,
            Mode::Detail
            | Mode::Preview
            | Mode::Help
            | Mode::Global
            | Mode::Browse
            | Mode::Note
            | Mode::Recent
            | Mode::Export
            | Mode::About => usize::from(a.body.height.saturating_sub(2)),
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
                if let Some(s) = &mut self.help {
                    *s = s.saturating_add_signed(delta);
                }
            }
            Mode::Stats => {
                if let Some(s) = &mut self.stats {
                    s.move_by(delta);
                }
            }
            Mode::Map => match movement {
                Move::By(n) if n < 0 => self.with_map(|m, c| m.step(Dir::Up, c)),
                Move::By(_) => self.with_map(|m, c| m.step(Dir::Down, c)),
                Move::Page(_) | Move::Start | Move::End => {}
            },
            Mode::Global | Mode::Browse | Mode::Note | Mode::Recent | Mode::Export | Mode::About => {}
        }
    }

    /// In the detail view, single steps move between links (or scroll a view without
    /// links); pages scroll and then select the first link on screen; Start and End go to
    /// the first and last link.
    fn navigate_detail(&mut self, movement: Move, delta: isize) {
        let width = self.areas().body.width.saturating_sub(2);
        let height = usize::from(self.areas().body.height.saturating_sub(2));
        let Some(view) = self.history.last_mut() else { return };
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
                if let Some(s) = self.selected_service() {
                    self.remember_search();
                    self.push_detail(EntityRef::Service(s));
                }
            }
            Mode::Detail => {
                let target = self.history.last().and_then(|v| {
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
            | Mode::Browse
            | Mode::Note
            | Mode::Recent
            | Mode::Export
            | Mode::About => {}
        }
    }

    /// The map's "no location: N", opened: their names in the message lines.
    fn list_unplaced(&mut self) {
        let Some(view) = &self.map else { return };
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
        for view in &mut self.history {
            let all = detail::lines(&view.detail, width);
            let link_line = view
                .link
                .and_then(|l| all.iter().position(|line| line.kind == LineKind::Link(l)));
            view.scroll = fit::refit_scroll(all.len(), height, link_line);
        }
    }

    fn push_detail(&mut self, entity: EntityRef) {
        let body = self.areas().body;
        if let Some(d) = self.build_detail(entity) {
            let view = DetailView::new(
                d,
                body.width.saturating_sub(2),
                usize::from(body.height.saturating_sub(2)),
            );
            self.history.push(view);
        }
    }

    fn back(&mut self, mode: Mode) {
        match mode {
            Mode::Help => self.help = None,
            Mode::Detail => {
                self.history.pop();
            }
            Mode::Search => {
                if !self.edit(SearchBox::clear) {
                    self.focus = Pane::Results;
                }
            }
            Mode::Results => {
                self.edit(SearchBox::clear);
            }
            Mode::Filters => {
                self.focus = Pane::Results;
                self.show_filters = false;
            }
            Mode::FilterJump | Mode::Preview => {
                if mode == Mode::Preview {
                    self.focus = Pane::Results;
                }
            }
            Mode::Note | Mode::Recent | Mode::Export | Mode::About => self.popup = None,
            Mode::Stats => self.stats = None,
            Mode::Map => self.map = None,
            Mode::Global | Mode::Browse => {}
        }
    }

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

    fn clear_filters(&mut self) {
        if !self.filters.is_empty() {
            self.filters.clear();
            self.refresh_filters();
        }
    }

    fn insert(&mut self, mode: Mode, text: &str) {
        match mode {
            Mode::Filters | Mode::FilterJump => {
                // Shown on screen: no control characters or escape sequences.
                self.filter_pane.jump.push_str(&crate::catalogue::clean_line(text));
                self.filter_pane.jump_to(&self.data.facets, self.lang);
            }
            Mode::Detail
            | Mode::Help
            | Mode::Note
            | Mode::Recent
            | Mode::Export
            | Mode::About
            | Mode::Stats
            | Mode::Map => {}
            Mode::Search | Mode::Results | Mode::Preview | Mode::Global | Mode::Browse => {
                // Typing anywhere in the browser goes to the search box.
                self.focus = Pane::Search;
                self.search.insert(text);
                self.refresh_query();
            }
        }
    }

    fn delete_back(&mut self, mode: Mode) {
        if mode == Mode::FilterJump {
            self.filter_pane.jump.pop();
            self.filter_pane.jump_to(&self.data.facets, self.lang);
        } else {
            self.edit(SearchBox::delete_back);
        }
    }

    /// Applies an edit to the search box; searches again when the text changed.
    fn edit(&mut self, f: fn(&mut SearchBox) -> bool) -> bool {
        let changed = f(&mut self.search);
        if changed {
            self.refresh_query();
        }
        changed
    }

    /// Runs the search when the text changed since the last run; with deferred searches,
    /// asks for it ([`App::take_search_request`]) and keeps the results shown until the
    /// answer comes ([`App::apply_search`]).
    fn refresh_query(&mut self) {
        if self.query.as_deref() == Some(self.search.text()) {
            return;
        }
        let text = self.search.text().to_owned();
        self.searches += 1;
        self.generation += 1;
        self.query = Some(text.clone());
        if self.deferred {
            self.request = Some(Request {
                generation: self.generation,
                text,
            });
            return;
        }
        self.hits_query = Query::parse(&text);
        self.hits = self.data.index.search(&self.hits_query);
        self.shown = self.generation;
        self.list = Cursor::default();
        self.refresh_filters();
    }

    /// From now on searches run elsewhere: each new search text becomes a request for the
    /// search worker, and its answer is applied when it comes. Typing then never waits.
    pub fn defer_searches(&mut self) {
        self.deferred = true;
    }

    /// The search to hand to the worker, if the text changed since the last request.
    pub fn take_search_request(&mut self) -> Option<Request> {
        self.request.take()
    }

    /// Shows a search worker's answer; false (and nothing changes) when it answers an
    /// older request than the newest one.
    pub fn apply_search(&mut self, outcome: Outcome) -> bool {
        if outcome.generation != self.generation {
            return false;
        }
        // A second answer to the same request (the exact one after a narrowed one) keeps
        // the selection; the first answer starts at the top, as a synchronous search does.
        if self.shown != outcome.generation {
            self.list = Cursor::default();
        }
        self.shown = outcome.generation;
        self.hits = outcome.hits;
        self.hits_query = outcome.query;
        self.refresh_filters();
        self.settle();
        true
    }

    /// True while the results shown are not yet those of the search text.
    #[must_use]
    pub fn searching(&self) -> bool {
        self.shown != self.generation
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
        let passing = facets.passing(&self.filters);
        self.results = self
            .hits
            .iter()
            .enumerate()
            .filter(|(_, h)| listed(h.index()) && passing.passes(h.index()))
            .map(|(i, _)| i)
            .collect();
        let services: Vec<usize> = self.hits.iter().map(Hit::index).filter(|&s| listed(s)).collect();
        self.filter_pane.recount(facets, &self.filters, &services);
        self.list.clamp(self.results.len());
    }

    fn click(&mut self, x: u16, y: u16) {
        if !self.mouse {
            return;
        }
        let pos = ratatui::layout::Position { x, y };
        if self.help.is_some() {
            self.help = None;
            return;
        }
        if self.stats.is_some() || self.map.is_some() {
            return;
        }
        let a = self.areas();
        if !self.history.is_empty() {
            self.click_detail(pos, a.body);
            return;
        }
        if a.search.contains(pos) {
            self.focus = Pane::Search;
        } else if let Some(r) = a.results.filter(|r| r.contains(pos)) {
            self.focus = Pane::Results;
            let row = usize::from(y.saturating_sub(r.y + 1)) / RESULT_HEIGHT + self.list.offset;
            if y > r.y && row < self.results.len() {
                if row == self.list.selected {
                    self.open(Mode::Results);
                } else {
                    self.list.select(row, self.results.len());
                }
            }
        } else if let Some(r) = a.filters.filter(|r| r.contains(pos)) {
            self.focus = Pane::Filters;
            let row = usize::from(y.saturating_sub(r.y + 1)) + self.filter_pane.cursor.offset;
            if y > r.y && row < self.filter_pane.rows.len() {
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

    fn click_detail(&mut self, pos: ratatui::layout::Position, body: Rect) {
        let width = body.width.saturating_sub(2);
        let Some(view) = self.history.last_mut() else { return };
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
        if !self.mouse {
            return;
        }
        let pos = ratatui::layout::Position { x, y };
        let a = self.areas();
        let mode = if self.help.is_some() {
            Mode::Help
        } else if self.stats.is_some() {
            Mode::Stats
        } else if self.map.is_some() {
            return;
        } else if !self.history.is_empty() {
            if let Some(v) = self.history.last_mut() {
                v.scroll = v.scroll.saturating_add_signed(delta);
            }
            return;
        } else if a.filters.is_some_and(|r| r.contains(pos)) {
            Mode::Filters
        } else if a.preview.is_some_and(|r| r.contains(pos)) {
            Mode::Preview
        } else {
            Mode::Results
        };
        self.navigate(mode, Move::By(delta));
    }

    /// Opens the statistics view on the current results, or closes it.
    fn toggle_stats(&mut self) {
        self.map = None;
        self.stats = if self.stats.is_some() {
            None
        } else {
            Some(StatsView::new(&self.filter_pane, &self.filters))
        };
    }

    /// Opens the map of the current results' libraries, or closes it.
    fn toggle_map(&mut self) {
        self.stats = None;
        self.map = if self.map.is_some() {
            None
        } else {
            let services: Vec<usize> = self.hits.iter().map(Hit::index).collect();
            let d = &self.data;
            Some(MapView::new(
                &d.ds,
                &d.facets,
                &self.filters,
                &services,
                self.selected_service(),
            ))
        };
    }

    fn switch_chart(&mut self, step: isize) {
        if let Some(s) = &mut self.stats {
            s.switch(step, &self.filter_pane, &self.filters);
        }
    }

    /// Applies a change to the open map, which is drawn on `canvas`.
    fn with_map(&mut self, f: impl FnOnce(&mut MapView, Rect)) {
        let canvas = map::canvas_area(self.areas().body);
        if let Some(m) = &mut self.map {
            f(m, canvas);
        }
    }

    /// Includes the selected bar's value in the filters and goes back to the list.
    fn apply_stat(&mut self) {
        if let Some((facet, value)) = self.stats.as_ref().and_then(StatsView::selected) {
            self.filters.include(facet, value);
            self.show_filtered_list();
        }
    }

    /// Filters to the selected library alone and goes back to the list.
    fn apply_map(&mut self) {
        let Some(value) = self.map.as_ref().and_then(MapView::selected_point).map(|p| p.value) else {
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
        self.stats = None;
        self.map = None;
        self.refresh_filters();
        self.list = Cursor::default();
        self.focus = Pane::Results;
        self.show_filters = false;
    }

    /// Restores invariants after every action: selections inside their lists, scroll
    /// offsets showing the selection, the preview matching the selected result.
    fn settle(&mut self) {
        let a = self.areas();
        self.list.clamp(self.results.len());
        if let Some(r) = a.results {
            self.list
                .scroll_into_view(usize::from(r.height.saturating_sub(2)) / RESULT_HEIGHT);
        }
        self.filter_pane.cursor.clamp(self.filter_pane.rows.len());
        if let Some(r) = a.filters {
            self.filter_pane
                .cursor
                .scroll_into_view(usize::from(r.height.saturating_sub(2)));
        }
        let wanted = self.selected_service().map(EntityRef::Service);
        if self.preview.as_ref().map(|p| p.detail.entity) != wanted {
            self.preview = wanted.and_then(|e| self.build_detail(e)).map(|d| DetailView {
                detail: d,
                link: None,
                scroll: 0,
            });
        }
        // Only a scrolled preview needs laying out here; typing leaves it at the top.
        if let (Some(p), Some(r)) = (&mut self.preview, a.preview)
            && p.scroll > 0
        {
            let total = detail::lines(&p.detail, r.width.saturating_sub(2)).len();
            p.scroll = p
                .scroll
                .min(total.saturating_sub(usize::from(r.height.saturating_sub(2))));
        }
        let body = a.body;
        if let Some(view) = self.history.last_mut() {
            let lines = detail::lines(&view.detail, body.width.saturating_sub(2));
            let height = usize::from(body.height.saturating_sub(2)).max(1);
            if let Some(link) = view.link {
                let span: Vec<usize> = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.kind == LineKind::Link(link))
                    .map(|(i, _)| i)
                    .collect();
                if let (Some(&first), Some(&last)) = (span.first(), span.last()) {
                    if first < view.scroll {
                        view.scroll = first;
                    } else if last >= view.scroll + height {
                        view.scroll = last + 1 - height;
                    }
                }
            }
            view.scroll = view.scroll.min(lines.len().saturating_sub(height));
        }
        if let Some(s) = &mut self.stats {
            s.settle(stats::visible_bars(body.height));
        }
        if let Some(m) = &mut self.map {
            m.settle(map::canvas_area(body));
        }
        if let Some(help) = &mut self.help {
            let total = crate::keymap::all().count() + 12;
            *help = (*help).min(total.saturating_sub(usize::from(self.size.height.saturating_sub(4))));
        }
    }
}
