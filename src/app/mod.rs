//! The whole interface state and `update(Action)`. No I/O, no terminal: the runtime feeds
//! actions in and draws the state; tests do the same with a test backend.
//!
//! State is split into small parts that keep their own invariants: the search box, the
//! result cursor, the filter pane, the detail history.

pub mod cursor;
pub mod filter_pane;
pub mod search_box;

use ratatui::layout::Rect;

use crate::action::Action;
use crate::catalogue::{Dataset, EntityRef, Lang};
use crate::detail::{self, Detail, LineKind};
use crate::facets::{Facets, Filters};
use crate::keymap::Mode;
use crate::layout::{self, Areas, LayoutInput, Pane};
use crate::search::{Hit, Index, Query};

use cursor::Cursor;
use filter_pane::{FilterPane, FilterRow};
use search_box::SearchBox;

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
    /// Search index.
    pub index: Index,
    /// Facet values.
    pub facets: Facets,
}

impl Data {
    /// Builds the index and facets.
    #[must_use]
    pub fn new(ds: Dataset) -> Self {
        let index = Index::new(&ds.catalogue);
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
    /// Mouse events act.
    pub mouse: bool,
    /// The user asked to leave.
    pub quit: bool,
    /// How many times the search has run (a paste runs it once, not once per character).
    pub searches: u64,
    query: Option<String>,
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
            results: Vec::new(),
            list: Cursor::default(),
            filters: Filters::default(),
            filter_pane,
            preview: None,
            history: Vec::new(),
            help: None,
            mouse: true,
            quit: false,
            searches: 0,
            query: None,
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
        } else if !self.history.is_empty() {
            Mode::Detail
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
                has_chips: !self.filters.is_empty(),
            },
        )
    }

    /// The service of the selected result.
    #[must_use]
    pub fn selected_service(&self) -> Option<usize> {
        let hit = self.results.get(self.list.selected)?;
        self.hits.get(*hit).map(|h| h.service)
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        let mode = self.mode();
        if mode == Mode::FilterJump && !matches!(action, Action::Insert(_) | Action::DeleteBack) {
            self.filter_pane.jump.clear();
        }
        match action {
            Action::Quit => self.quit = true,
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
            Action::Resize(w, h) => self.size = Rect::new(0, 0, w, h),
        }
        self.settle();
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
            Mode::Detail | Mode::Preview | Mode::Help | Mode::Global | Mode::Browse => {
                usize::from(a.body.height.saturating_sub(2))
            }
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
            Mode::Global | Mode::Browse => {}
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
            Mode::Filters | Mode::FilterJump | Mode::Help | Mode::Global | Mode::Browse => {}
        }
    }

    fn push_detail(&mut self, entity: EntityRef) {
        let body = self.areas().body;
        if let Some(d) = detail::detail(&self.data.ds, entity, self.lang) {
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
            Mode::Detail | Mode::Help => {}
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

    /// Runs the search when the text changed since the last run.
    fn refresh_query(&mut self) {
        if self.query.as_deref() == Some(self.search.text()) {
            return;
        }
        let text = self.search.text().to_owned();
        self.hits = self.data.index.search(&Query::parse(&text));
        self.searches += 1;
        self.query = Some(text);
        self.list = Cursor::default();
        self.refresh_filters();
    }

    /// Applies the filters to the hits and recounts the facet values.
    fn refresh_filters(&mut self) {
        let facets = &self.data.facets;
        self.results = self
            .hits
            .iter()
            .enumerate()
            .filter(|(_, h)| self.filters.passes(facets, h.service))
            .map(|(i, _)| i)
            .collect();
        let services: Vec<usize> = self.hits.iter().map(|h| h.service).collect();
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
            self.preview = wanted
                .and_then(|e| detail::detail(&self.data.ds, e, self.lang))
                .map(|d| DetailView {
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
        if let Some(help) = &mut self.help {
            let total = crate::keymap::all().count() + 12;
            *help = (*help).min(total.saturating_sub(usize::from(self.size.height.saturating_sub(4))));
        }
    }
}
