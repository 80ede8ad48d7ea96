//! The one key table: it dispatches keys, and the footer hints and the help overlay are
//! generated from it, so they can never disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;
use crate::catalogue::Lang;
use crate::config::KeyPreset;
use crate::i18n::tr;

/// Where the keyboard focus is; each mode has its own bindings, plus the global ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bindings that work everywhere, popups too.
    Global,
    /// Bindings that work in every view (browser, detail, statistics, map, help), not in
    /// popups.
    Views,
    /// Bindings of the browser: the search box, the lists and the preview.
    Browse,
    /// Typing in the search box.
    Search,
    /// The result list.
    Results,
    /// The filter (facet) pane.
    Filters,
    /// Typing a jump in the filter pane.
    FilterJump,
    /// The detail preview beside the list.
    Preview,
    /// The full-screen detail view.
    Detail,
    /// The help overlay.
    Help,
    /// Writing a note.
    Note,
    /// Choosing a recent search.
    Recent,
    /// Choosing an export format.
    Export,
    /// The "about" view.
    About,
    /// The statistics view.
    Stats,
    /// The map view.
    Map,
}

impl Mode {
    /// Every mode, in the order the help overlay lists them.
    pub const ALL: [Self; 16] = [
        Self::Global,
        Self::Views,
        Self::Browse,
        Self::Search,
        Self::Results,
        Self::Filters,
        Self::FilterJump,
        Self::Preview,
        Self::Detail,
        Self::Note,
        Self::Recent,
        Self::Export,
        Self::About,
        Self::Stats,
        Self::Map,
        Self::Help,
    ];

    /// Heading in the help overlay.
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Global => tr(lang, "Everywhere", "Усюди"),
            Self::Views => tr(lang, "Every view", "Кожен вигляд"),
            Self::Browse => tr(lang, "Search and lists", "Пошук і списки"),
            Self::Search => tr(lang, "Search box", "Поле пошуку"),
            Self::Results => tr(lang, "Result list", "Список результатів"),
            Self::Filters => tr(lang, "Filters", "Фільтри"),
            Self::FilterJump => tr(lang, "Filters: jump by typing", "Фільтри: перехід за введеним"),
            Self::Preview => tr(lang, "Preview", "Попередній перегляд"),
            Self::Detail => tr(lang, "Detail view", "Картка"),
            Self::Help => tr(lang, "Help", "Довідка"),
            Self::Note => tr(lang, "Writing a note", "Нотатка"),
            Self::Recent => tr(lang, "Recent searches", "Недавні пошуки"),
            Self::Export => tr(lang, "Export", "Експорт"),
            Self::About => tr(lang, "About the catalogue", "Про каталог"),
            Self::Stats => tr(lang, "Statistics", "Статистика"),
            Self::Map => tr(lang, "Map", "Карта"),
        }
    }
}

/// A key with its modifiers (Shift is ignored for characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Control, Alt...
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    /// How the key is written in hints and help.
    #[must_use]
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::Backspace => "Backspace".to_owned(),
            KeyCode::Delete => "Del".to_owned(),
            KeyCode::Insert => "Ins".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }

    /// True for a key that could be part of something typed: a plain character other than
    /// Space, `/`, `+`, `-` and `=`. Such keys act only in the `vim` preset.
    #[must_use]
    pub fn types(self) -> bool {
        matches!(self.code, KeyCode::Char(c) if !self.mods.contains(KeyModifiers::CONTROL) && !matches!(c, ' ' | '/' | '+' | '-' | '='))
    }

    /// True for a function key (F1 to F12), which the function-key bar shows.
    #[must_use]
    pub const fn is_function_key(self) -> bool {
        matches!(self.code, KeyCode::F(_))
    }

    fn matches(self, event: &KeyEvent) -> bool {
        let mods = match event.code {
            // Shift is part of the character itself ('G', '?'); BackTab always has it.
            KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
            _ => event.modifiers,
        };
        self.code == event.code && self.mods == mods
    }
}

/// One row of the key table.
#[derive(Debug)]
pub struct Binding {
    /// Where it applies.
    pub mode: Mode,
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// What it does.
    pub action: Action,
    /// Description (English, Ukrainian).
    pub help: (&'static str, &'static str),
    /// Short text for the footer hints (English, Ukrainian); `None`: not shown there.
    pub hint: Option<(&'static str, &'static str)>,
}

impl Binding {
    /// The keys of this row in a preset: letters, digits and `?` only in `vim`.
    pub fn keys_in(&self, preset: KeyPreset) -> impl Iterator<Item = Key> + '_ {
        self.keys
            .iter()
            .copied()
            .filter(move |k| preset == KeyPreset::Vim || !k.types())
    }

    /// The keys, as written in the help: "j/↓".
    #[must_use]
    pub fn keys_label(&self, preset: KeyPreset) -> String {
        self.keys_in(preset).map(Key::label).collect::<Vec<_>>().join("/")
    }

    /// The description in `lang`.
    #[must_use]
    pub const fn describe(&self, lang: Lang) -> &'static str {
        tr(lang, self.help.0, self.help.1)
    }
}

macro_rules! bind {
    ($mode:ident, [$($key:expr),+], $action:ident, $en:literal, $uk:literal) => {
        Binding {
            mode: Mode::$mode,
            keys: &[$($key),+],
            action: Action::$action,
            help: ($en, $uk),
            hint: None,
        }
    };
    ($mode:ident, [$($key:expr),+], $action:ident, $en:literal, $uk:literal, hint($hen:literal, $huk:literal)) => {
        Binding {
            mode: Mode::$mode,
            keys: &[$($key),+],
            action: Action::$action,
            help: ($en, $uk),
            hint: Some(($hen, $huk)),
        }
    };
}

const UP: Key = key(KeyCode::Up);
const DOWN: Key = key(KeyCode::Down);
const PGUP: Key = key(KeyCode::PageUp);
const PGDN: Key = key(KeyCode::PageDown);
const HOME: Key = key(KeyCode::Home);
const END: Key = key(KeyCode::End);
const ENTER: Key = key(KeyCode::Enter);
const ESC: Key = key(KeyCode::Esc);
const TAB: Key = key(KeyCode::Tab);
const BACKTAB: Key = Key {
    code: KeyCode::BackTab,
    mods: KeyModifiers::NONE,
};
const BACKSPACE: Key = key(KeyCode::Backspace);
const LEFT: Key = key(KeyCode::Left);
const RIGHT: Key = key(KeyCode::Right);
const DEL: Key = key(KeyCode::Delete);
const INS: Key = key(KeyCode::Insert);
const SPACE: Key = ch(' ');
const F1: Key = key(KeyCode::F(1));
const F2: Key = key(KeyCode::F(2));
const F3: Key = key(KeyCode::F(3));
const F4: Key = key(KeyCode::F(4));
const F5: Key = key(KeyCode::F(5));
const F6: Key = key(KeyCode::F(6));
const F7: Key = key(KeyCode::F(7));
const F8: Key = key(KeyCode::F(8));
const F9: Key = key(KeyCode::F(9));
const F10: Key = key(KeyCode::F(10));

/// The key table. Earlier rows win; a mode's rows are looked at before its fallbacks'.
/// Plain letters, digits and `?` in a row work only in the `vim` preset (see
/// [`Key::types`]); in the default preset they are typed.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind!(Global, [F1], Help, "help", "довідка", hint("Help", "Довідка")),
    bind!(Global, [F2], SwitchLang, "українська / English", "English / українська", hint("EN/UK", "EN/UK")),
    bind!(Global, [F10, ctrl('c')], Quit, "quit (in kiosk mode it only says how)", "вийти (у режимі кіоску лише підказує як)", hint("Quit", "Вихід")),
    bind!(Global, [ctrl('q')], QuitChord, "quit (in kiosk mode: press twice)", "вийти (у режимі кіоску: двічі)"),
    // Function keys that work in every view (not in a popup, which Esc closes first).
    bind!(Views, [F3], Stats, "statistics: charts of the results", "статистика: діаграми результатів", hint("Stats", "Графіки")),
    bind!(Views, [F4], Map, "map of the results' libraries", "карта бібліотек із результатів", hint("Map", "Карта")),
    bind!(Views, [F5], ToggleShortlist, "show only the shortlist, or everything", "лише добірка або все", hint("Marked", "Добірка")),
    bind!(Views, [F6], EditNote, "write a note on the service", "написати нотатку до послуги", hint("Note", "Нотатка")),
    bind!(Views, [F7], Export, "export the list (handout, spreadsheet, Markdown, CSV, JSON)", "експортувати список (листівка, таблиця, Markdown, CSV, JSON)", hint("Export", "Експорт")),
    bind!(Views, [F8], ClearSearch, "clear the search", "очистити пошук", hint("Clear", "Стерти")),
    bind!(Views, [F9], About, "about the catalogue", "про каталог", hint("About", "Каталог")),
    bind!(Views, [ch('/')], FocusSearch, "go to the search box", "до поля пошуку", hint("search", "пошук")),
    // The search box, the lists and the preview.
    bind!(Browse, [TAB], FocusNext, "next pane", "наступна панель", hint("panes", "панелі")),
    bind!(Browse, [BACKTAB], FocusPrev, "previous pane", "попередня панель"),
    bind!(Browse, [INS], ToggleMark, "mark: add the service to the shortlist, or take it off", "позначити: додати послугу до добірки або прибрати", hint("mark", "позначити")),
    bind!(Browse, [ctrl('f')], ToggleFilters, "show or hide the filters", "показати чи сховати фільтри", hint("filters", "фільтри")),
    bind!(Browse, [ctrl('x')], ClearFilters, "clear all filters", "скинути всі фільтри"),
    bind!(Browse, [ctrl('o')], OpenLink, "open the entry's web page", "відкрити вебсторінку запису"),
    bind!(Browse, [ctrl('r')], RecentSearches, "recent searches", "недавні пошуки"),
    // Search box: characters are typed; these keys edit or move.
    bind!(Search, [DOWN, ctrl('n'), ctrl('j')], Down, "next result", "наступний результат", hint("next", "далі")),
    bind!(Search, [UP, ctrl('p'), ctrl('k')], Up, "previous result", "попередній результат"),
    bind!(Search, [PGDN], PageDown, "page down in the results", "сторінка результатів униз"),
    bind!(Search, [PGUP], PageUp, "page up in the results", "сторінка результатів угору"),
    bind!(Search, [ENTER], Open, "open the selected entry", "відкрити вибраний запис", hint("open", "відкрити")),
    bind!(Search, [ESC], Back, "go to the list (the search stays)", "до списку (пошук лишається)", hint("list", "список")),
    bind!(Search, [BACKSPACE], DeleteBack, "delete a character", "видалити символ"),
    bind!(Search, [DEL], DeleteForward, "delete the character under the cursor", "видалити символ під курсором"),
    bind!(Search, [ctrl('w')], DeleteWord, "delete a word", "видалити слово"),
    bind!(Search, [ctrl('u')], ClearLine, "clear the search", "очистити пошук"),
    bind!(Search, [LEFT], CursorLeft, "cursor left", "курсор ліворуч"),
    bind!(Search, [RIGHT], CursorRight, "cursor right", "курсор праворуч"),
    bind!(Search, [HOME, ctrl('a')], CursorHome, "cursor to start", "курсор на початок"),
    bind!(Search, [END, ctrl('e')], CursorEnd, "cursor to end", "курсор у кінець"),
    // Result list; letters and digits go to the search box.
    bind!(Results, [DOWN, ch('j')], Down, "next", "наступна", hint("next", "далі")),
    bind!(Results, [UP, ch('k')], Up, "previous", "попередня"),
    bind!(Results, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Results, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Results, [HOME, ch('g')], Top, "first", "перша"),
    bind!(Results, [END, ch('G')], Bottom, "last", "остання"),
    bind!(Results, [ENTER], Open, "open", "відкрити", hint("open", "відкрити")),
    bind!(Results, [SPACE], ToggleMark, "mark: add to the shortlist, or take off", "позначити: додати до добірки або прибрати"),
    bind!(Results, [BACKSPACE], DeleteBack, "delete a character of the search", "видалити символ пошуку"),
    bind!(Results, [ch('f')], ToggleFilters, "show or hide the filters", "показати чи сховати фільтри"),
    bind!(Results, [ch('c')], ClearFilters, "clear all filters", "скинути всі фільтри"),
    bind!(Results, [ch('b')], ToggleShortlist, "show only the shortlist, or all", "лише добірка або все"),
    bind!(Results, [ch('n')], EditNote, "write a note on the service", "написати нотатку до послуги"),
    bind!(Results, [ch('e')], Export, "export the list (handout, spreadsheet, Markdown, CSV, JSON)", "експортувати список (листівка, таблиця, Markdown, CSV, JSON)"),
    bind!(Results, [ch('o')], OpenLink, "open the entry's web page", "відкрити вебсторінку запису"),
    bind!(Results, [ch('i')], About, "about the catalogue", "про каталог"),
    bind!(Results, [ch('?')], Help, "help", "довідка"),
    bind!(Results, [ch('q')], Quit, "quit", "вийти"),
    // Filter pane; letters and digits jump to a value.
    bind!(Filters, [DOWN, ch('j')], Down, "next value", "наступне значення"),
    bind!(Filters, [UP, ch('k')], Up, "previous value", "попереднє значення"),
    bind!(Filters, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Filters, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Filters, [HOME, ch('g')], Top, "first value", "перше значення"),
    bind!(Filters, [END, ch('G')], Bottom, "last value", "останнє значення"),
    bind!(Filters, [SPACE, ENTER], ToggleValue, "include the value, or clear it", "увімкнути значення або скинути", hint("on/off", "вкл/викл")),
    bind!(Filters, [DEL, ch('x')], ExcludeValue, "exclude the value, or clear it", "виключити значення або скинути", hint("exclude", "виключити")),
    bind!(Filters, [ESC, ch('f')], Back, "close the filters", "закрити фільтри", hint("close", "закрити")),
    bind!(Filters, [ch('c')], ClearFilters, "clear all filters", "скинути всі фільтри"),
    bind!(Filters, [ch('?')], Help, "help", "довідка"),
    bind!(Filters, [ch('q')], Quit, "quit", "вийти"),
    // Jumping in the filter pane: every character is typed.
    bind!(FilterJump, [ESC, ENTER], Back, "stop jumping", "завершити перехід", hint("done", "готово")),
    bind!(FilterJump, [BACKSPACE], DeleteBack, "delete a character", "видалити символ"),
    // Preview beside the list.
    bind!(Preview, [DOWN, ch('j')], Down, "scroll down", "прокрутити вниз"),
    bind!(Preview, [UP, ch('k')], Up, "scroll up", "прокрутити вгору"),
    bind!(Preview, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Preview, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Preview, [ENTER], Open, "open", "відкрити", hint("open", "відкрити")),
    bind!(Preview, [ESC], Back, "back to the list", "назад до списку", hint("list", "список")),
    // Full-screen detail view.
    bind!(Detail, [DOWN, ch('j')], Down, "next link", "наступне посилання", hint("next link", "наступне")),
    bind!(Detail, [UP, ch('k')], Up, "previous link", "попереднє посилання"),
    bind!(Detail, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Detail, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Detail, [HOME, ch('g')], Top, "first link, top", "перше посилання, початок"),
    bind!(Detail, [END, ch('G')], Bottom, "last link, end", "останнє посилання, кінець"),
    bind!(Detail, [ENTER], Open, "follow the link", "перейти за посиланням", hint("follow", "перейти")),
    bind!(Detail, [ESC, BACKSPACE], Back, "back", "назад", hint("back", "назад")),
    bind!(Detail, [INS, SPACE], ToggleMark, "mark: add the service to the shortlist, or take it off", "позначити: додати послугу до добірки або прибрати", hint("mark", "позначити")),
    bind!(Detail, [ch('n')], EditNote, "write a note on the service", "написати нотатку до послуги"),
    bind!(Detail, [ctrl('o'), ch('o')], OpenLink, "open the web page", "відкрити вебсторінку"),
    bind!(Detail, [ch('?')], Help, "help", "довідка"),
    bind!(Detail, [ch('q')], Quit, "quit", "вийти"),
    // Writing a note: every character is typed.
    bind!(Note, [ENTER], Open, "save the note (empty: remove it)", "зберегти нотатку (порожня: видалити)", hint("save", "зберегти")),
    bind!(Note, [ESC], Back, "cancel", "скасувати", hint("cancel", "скасувати")),
    bind!(Note, [BACKSPACE], DeleteBack, "delete a character", "видалити символ"),
    bind!(Note, [DEL], DeleteForward, "delete the character under the cursor", "видалити символ під курсором"),
    bind!(Note, [ctrl('u')], ClearLine, "clear the note", "очистити нотатку"),
    bind!(Note, [LEFT], CursorLeft, "cursor left", "курсор ліворуч"),
    bind!(Note, [RIGHT], CursorRight, "cursor right", "курсор праворуч"),
    bind!(Note, [HOME], CursorHome, "cursor to start", "курсор на початок"),
    bind!(Note, [END], CursorEnd, "cursor to end", "курсор у кінець"),
    // Recent searches, export menu, about.
    bind!(Recent, [DOWN], Down, "next", "наступний", hint("choose", "вибрати")),
    bind!(Recent, [UP], Up, "previous", "попередній"),
    bind!(Recent, [ENTER], Open, "search again", "шукати знову", hint("search", "шукати")),
    bind!(Recent, [ESC], Back, "close", "закрити", hint("close", "закрити")),
    bind!(Recent, [BACKSPACE], DeleteBack, "delete a character of the search (typing narrows the list)", "видалити символ пошуку (набір звужує список)"),
    bind!(Export, [DOWN], Down, "next format", "наступний формат", hint("choose", "вибрати")),
    bind!(Export, [UP], Up, "previous format", "попередній формат"),
    bind!(Export, [ENTER], Open, "write the file", "записати файл", hint("write", "записати")),
    bind!(Export, [ESC], Back, "close", "закрити", hint("close", "закрити")),
    bind!(About, [DOWN, ch('j')], Down, "scroll down", "прокрутити вниз", hint("scroll", "прокрутити")),
    bind!(About, [UP, ch('k')], Up, "scroll up", "прокрутити вгору"),
    bind!(About, [ESC, ENTER, F9, ch('i'), ch('q')], Back, "close", "закрити", hint("close", "закрити")),
    // Statistics view.
    bind!(Stats, [DOWN, ch('j')], Down, "next bar", "наступний стовпчик", hint("next", "далі")),
    bind!(Stats, [UP, ch('k')], Up, "previous bar", "попередній стовпчик"),
    bind!(Stats, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Stats, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Stats, [HOME, ch('g')], Top, "first bar", "перший стовпчик"),
    bind!(Stats, [END, ch('G')], Bottom, "last bar", "останній стовпчик"),
    bind!(Stats, [TAB, RIGHT], NextChart, "next chart", "наступна діаграма", hint("chart", "діаграма")),
    bind!(Stats, [BACKTAB, LEFT], PrevChart, "previous chart", "попередня діаграма"),
    bind!(Stats, [ENTER], Open, "filter by this value and go back to the list", "фільтрувати за цим значенням і повернутися до списку", hint("filter", "фільтр")),
    bind!(Stats, [ESC], Back, "back to the list", "назад до списку", hint("back", "назад")),
    bind!(Stats, [ch('?')], Help, "help", "довідка"),
    bind!(Stats, [ch('q')], Quit, "quit", "вийти"),
    // Map view.
    bind!(Map, [LEFT, ch('h')], Left, "nearest library to the west", "найближча бібліотека на захід", hint("move", "рух")),
    bind!(Map, [RIGHT, ch('l')], Right, "nearest library to the east", "найближча бібліотека на схід"),
    bind!(Map, [UP, ch('k')], Up, "nearest library to the north", "найближча бібліотека на північ"),
    bind!(Map, [DOWN, ch('j')], Down, "nearest library to the south", "найближча бібліотека на південь"),
    bind!(Map, [TAB], NextPoint, "next library, west to east (also in the same place)", "наступна бібліотека, із заходу на схід (і в тому ж місці)"),
    bind!(Map, [BACKTAB], PrevPoint, "previous library", "попередня бібліотека"),
    bind!(Map, [ENTER], Open, "list this library's services", "показати послуги цієї бібліотеки", hint("list", "список")),
    bind!(Map, [PGDN, ch('z')], ZoomNext, "next area: world, Europe, Ukraine, Belarus, UK", "наступна область: світ, Європа, Україна, Білорусь, Британія", hint("area", "область")),
    bind!(Map, [HOME, ch('0')], ZoomWorld, "the world", "світ"),
    bind!(Map, [ch('1')], ZoomEurope, "Europe", "Європа"),
    bind!(Map, [ch('2')], ZoomUkraine, "Ukraine", "Україна"),
    bind!(Map, [ch('3')], ZoomBelarus, "Belarus", "Білорусь"),
    bind!(Map, [ch('4')], ZoomUk, "United Kingdom", "Велика Британія"),
    bind!(Map, [ch('+'), ch('=')], ZoomIn, "zoom in", "наблизити", hint("zoom", "масштаб")),
    bind!(Map, [ch('-')], ZoomOut, "zoom out", "віддалити"),
    bind!(Map, [ctrl('l')], ListUnplaced, "list the libraries with no location", "бібліотеки без координат"),
    bind!(Map, [ESC], Back, "back to the list", "назад до списку", hint("back", "назад")),
    bind!(Map, [ch('?')], Help, "help", "довідка"),
    bind!(Map, [ch('q')], Quit, "quit", "вийти"),
    // Help overlay.
    bind!(Help, [ESC, ENTER, ch('?'), ch('q')], Help, "close help", "закрити довідку", hint("close", "закрити")),
    bind!(Help, [DOWN, ch('j')], Down, "scroll down", "прокрутити вниз", hint("scroll", "прокрутити")),
    bind!(Help, [UP, ch('k')], Up, "scroll up", "прокрутити вгору"),
    bind!(Help, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Help, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Help, [HOME, ch('g')], Top, "top", "початок"),
    bind!(Help, [END, ch('G')], Bottom, "end", "кінець"),
];

/// Every row, in table order.
pub fn all() -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter()
}

/// Modes whose rows also apply in `mode`, after its own rows.
#[must_use]
pub const fn fallbacks(mode: Mode) -> &'static [Mode] {
    match mode {
        Mode::Preview => &[Mode::Preview, Mode::Browse, Mode::Views, Mode::Global],
        Mode::Search => &[Mode::Search, Mode::Browse, Mode::Views, Mode::Global],
        Mode::Results => &[Mode::Results, Mode::Browse, Mode::Views, Mode::Global],
        Mode::Filters => &[Mode::Filters, Mode::Browse, Mode::Views, Mode::Global],
        Mode::FilterJump => &[Mode::FilterJump, Mode::Filters, Mode::Browse, Mode::Views, Mode::Global],
        Mode::Browse => &[Mode::Browse, Mode::Views, Mode::Global],
        Mode::Help => &[Mode::Help, Mode::Views, Mode::Global],
        Mode::Detail => &[Mode::Detail, Mode::Views, Mode::Global],
        Mode::Stats => &[Mode::Stats, Mode::Views, Mode::Global],
        Mode::Map => &[Mode::Map, Mode::Views, Mode::Global],
        Mode::Views => &[Mode::Views, Mode::Global],
        Mode::Global => &[Mode::Global],
        Mode::Note => &[Mode::Note, Mode::Global],
        Mode::Recent => &[Mode::Recent, Mode::Global],
        Mode::Export => &[Mode::Export, Mode::Global],
        Mode::About => &[Mode::About, Mode::Global],
    }
}

/// Modes where a typed character that no row takes is typed: into the search box (from
/// the lists and the views) or the filter pane's jump.
const fn types_unbound(mode: Mode) -> bool {
    matches!(
        mode,
        Mode::Results | Mode::Preview | Mode::Filters | Mode::Detail | Mode::Stats | Mode::Map
    )
}

/// A Ctrl-key as the Latin letter of its key. Terminals report Ctrl-Q as `q` with
/// Control, some (and Windows consoles under a Ukrainian layout) as the layout's letter
/// `й` with Control, a few as the control character itself (U+0011).
fn latin_ctrl(event: &KeyEvent) -> KeyEvent {
    let KeyCode::Char(c) = event.code else { return *event };
    if !event.modifiers.contains(KeyModifiers::CONTROL) {
        return *event;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    let latin = match u32::from(lower) {
        n @ 1..=26 => char::from_u32(u32::from(b'a') + n - 1),
        _ if lower.is_ascii() => Some(lower),
        _ => crate::search::layout::uk_to_en(lower).map(|l| l.to_ascii_lowercase()),
    };
    match latin {
        Some(l) if l.is_ascii_alphabetic() => KeyEvent::new(KeyCode::Char(l), event.modifiers - KeyModifiers::SHIFT),
        _ => *event,
    }
}

/// The action for a key press in a mode, if any.
///
/// In the default preset a letter or digit in any script only types: into the search box
/// (from the search box, the lists and the views), the filter pane's jump, or a note.
/// In the `vim` preset letters are commands in the lists and views, also when typed in
/// the Ukrainian layout (the J key's `о` moves down).
#[must_use]
pub fn action_for(mode: Mode, event: &KeyEvent, preset: KeyPreset) -> Option<Action> {
    let event = latin_ctrl(event);
    let plain = !event.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if let KeyCode::Char(c) = event.code
        && plain
        && (matches!(mode, Mode::Search | Mode::Note | Mode::Recent) || (mode == Mode::FilterJump && c != '/'))
    {
        return Some(Action::Insert(c));
    }
    if let Some(a) = lookup(mode, &event, preset) {
        return Some(a);
    }
    match event.code {
        KeyCode::Char(c) if plain => {
            let wrong_layout = || {
                crate::search::layout::uk_to_en(c)
                    .filter(char::is_ascii_alphabetic)
                    .and_then(|latin| lookup(mode, &KeyEvent::new(KeyCode::Char(latin), event.modifiers), preset))
            };
            (preset == KeyPreset::Vim)
                .then(wrong_layout)
                .flatten()
                .or_else(|| types_unbound(mode).then_some(Action::Insert(c)))
        }
        _ => None,
    }
}

fn lookup(mode: Mode, event: &KeyEvent, preset: KeyPreset) -> Option<Action> {
    fallbacks(mode).iter().find_map(|&m| {
        all()
            .filter(|b| b.mode == m)
            .find(|b| b.keys_in(preset).any(|k| k.matches(event)))
            .map(|b| b.action.clone())
    })
}

/// The rows that act in `mode`, in the order they are looked at, each with the keys that
/// still reach it there (an earlier row may take a key).
fn active(mode: Mode, preset: KeyPreset) -> Vec<(&'static Binding, Vec<Key>)> {
    let mut taken: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for &m in fallbacks(mode) {
        for b in all().filter(|b| b.mode == m) {
            let keys: Vec<Key> = b.keys_in(preset).filter(|k| !taken.contains(k)).collect();
            taken.extend(keys.iter().copied());
            if !keys.is_empty() {
                out.push((b, keys));
            }
        }
    }
    out
}

/// The footer hints for a mode besides the function keys: "↓ next · Enter open · …", from
/// the table. A row whose action is already hinted, whose keys an earlier row takes, or
/// that is on a function key (the bar shows those) is left out. The way to the other panes comes first, so that a narrow footer keeps it.
#[must_use]
pub fn hints(mode: Mode, lang: Lang, preset: KeyPreset) -> Vec<(String, &'static str)> {
    let mut actions: Vec<&Action> = Vec::new();
    let mut out = Vec::new();
    for (b, keys) in active(mode, preset) {
        // A row on a function key is in the function-key bar.
        let in_bar = keys.iter().any(|k| k.is_function_key());
        if let (Some((en, uk)), Some(first), false) = (b.hint, keys.first(), in_bar)
            && !actions.contains(&&b.action)
        {
            actions.push(&b.action);
            out.push((first.label(), tr(lang, en, uk)));
        }
    }
    if let Some(i) = actions.iter().position(|a| **a == Action::FocusNext) {
        let hint = out.remove(i);
        out.insert(0, hint);
    }
    out
}

/// The function-key bar for a mode, as in Far Manager and Midnight Commander: for F1 to
/// F10, the label of what the key does here, or `None` where it does nothing.
#[must_use]
pub fn function_keys(mode: Mode, lang: Lang, preset: KeyPreset) -> [Option<&'static str>; 10] {
    let mut bar = [None; 10];
    for (b, keys) in active(mode, preset) {
        for k in keys {
            if let KeyCode::F(n @ 1..=10) = k.code
                && let Some(slot) = bar.get_mut(usize::from(n - 1))
                && slot.is_none()
            {
                *slot = Some(b.hint.map_or_else(|| b.describe(lang), |(en, uk)| tr(lang, en, uk)));
            }
        }
    }
    bar
}

/// The key that performs `action` in `mode`, for messages such as "press F1 for help": a
/// key of the default preset, a function key first.
#[must_use]
pub fn key_for(mode: Mode, action: &Action) -> Option<String> {
    let keys: Vec<Key> = active(mode, KeyPreset::Arrows)
        .into_iter()
        .filter(|(b, _)| &b.action == action)
        .flat_map(|(_, keys)| keys)
        .collect();
    keys.iter()
        .find(|k| k.is_function_key())
        .or_else(|| keys.first())
        .map(|k| k.label())
}

/// The README's key table, generated from this one: where, keys (the `vim` preset's
/// letters in brackets), what they do.
#[must_use]
pub fn markdown_table() -> String {
    let mut out = String::from("| Where | Keys | What they do |\n|---|---|---|\n");
    for mode in Mode::ALL {
        for b in all().filter(|b| b.mode == mode) {
            let safe: Vec<String> = b.keys_in(KeyPreset::Arrows).map(Key::label).collect();
            let vim: Vec<String> = b.keys.iter().filter(|k| k.types()).map(|k| k.label()).collect();
            let mut keys = safe.join(", ");
            if !vim.is_empty() {
                if !keys.is_empty() {
                    keys.push(' ');
                }
                keys.push_str(&format!("(vim: {})", vim.join(", ")));
            }
            let what = b.describe(Lang::En).replace('|', "\\|");
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                mode.label(Lang::En),
                keys.replace('|', "\\|"),
                what
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl_key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    const SAFE: KeyPreset = KeyPreset::Arrows;

    #[test]
    fn letters_and_digits_type_in_every_browsing_mode_and_view() {
        for mode in [
            Mode::Search,
            Mode::Results,
            Mode::Filters,
            Mode::FilterJump,
            Mode::Preview,
            Mode::Detail,
            Mode::Stats,
            Mode::Map,
            Mode::Note,
        ] {
            for c in "театрсумчаоднйqjkgGxfcbneio?0123456789ґїєі'".chars() {
                assert_eq!(
                    action_for(mode, &press(KeyCode::Char(c)), SAFE),
                    Some(Action::Insert(c)),
                    "{c} in {mode:?}"
                );
            }
        }
    }

    #[test]
    fn popups_and_help_ignore_letters() {
        for mode in [Mode::Help, Mode::Export, Mode::About] {
            for c in "qjтй1".chars() {
                assert_eq!(
                    action_for(mode, &press(KeyCode::Char(c)), SAFE),
                    None,
                    "{c} in {mode:?}"
                );
            }
        }
        // The recent searches are a typing mode: a letter narrows the list, in either preset.
        for preset in [SAFE, KeyPreset::Vim] {
            for c in "qjтй1".chars() {
                assert_eq!(
                    action_for(Mode::Recent, &press(KeyCode::Char(c)), preset),
                    Some(Action::Insert(c)),
                    "{c} in Recent"
                );
            }
        }
    }

    #[test]
    fn slash_goes_to_the_search_except_where_text_is_typed() {
        for mode in [
            Mode::Results,
            Mode::Filters,
            Mode::FilterJump,
            Mode::Preview,
            Mode::Detail,
            Mode::Stats,
            Mode::Map,
            Mode::Help,
        ] {
            assert_eq!(
                action_for(mode, &press(KeyCode::Char('/')), SAFE),
                Some(Action::FocusSearch),
                "{mode:?}"
            );
        }
        for mode in [Mode::Search, Mode::Note] {
            assert_eq!(
                action_for(mode, &press(KeyCode::Char('/')), SAFE),
                Some(Action::Insert('/'))
            );
        }
    }

    #[test]
    fn ctrl_keys_work_as_latin_cyrillic_and_control_characters() {
        for event in [ctrl_key('q'), ctrl_key('й'), ctrl_key('Й'), ctrl_key('\u{11}')] {
            assert_eq!(
                action_for(Mode::Search, &event, SAFE),
                Some(Action::QuitChord),
                "{event:?}"
            );
        }
        // Ctrl-X (ч on the Ukrainian layout) clears the filters from the search box.
        assert_eq!(
            action_for(Mode::Search, &ctrl_key('ч'), SAFE),
            Some(Action::ClearFilters)
        );
        assert_eq!(action_for(Mode::Results, &ctrl_key('щ'), SAFE), Some(Action::OpenLink));
        assert_eq!(action_for(Mode::Detail, &ctrl_key('c'), SAFE), Some(Action::Quit));
    }

    #[test]
    fn commands_on_the_selected_result_work_from_the_search_box() {
        let search = |code| action_for(Mode::Search, &press(code), SAFE);
        assert_eq!(search(KeyCode::Enter), Some(Action::Open));
        assert_eq!(search(KeyCode::Insert), Some(Action::ToggleMark));
        assert_eq!(search(KeyCode::F(6)), Some(Action::EditNote));
        assert_eq!(search(KeyCode::F(7)), Some(Action::Export));
        assert_eq!(search(KeyCode::F(8)), Some(Action::ClearSearch));
        assert_eq!(search(KeyCode::Esc), Some(Action::Back));
        assert_eq!(action_for(Mode::Search, &ctrl_key('o'), SAFE), Some(Action::OpenLink));
    }

    #[test]
    fn every_function_key_acts_in_every_view() {
        for mode in [
            Mode::Search,
            Mode::Results,
            Mode::Filters,
            Mode::FilterJump,
            Mode::Preview,
            Mode::Detail,
            Mode::Stats,
            Mode::Map,
            Mode::Help,
        ] {
            for n in 1..=10 {
                assert!(
                    action_for(mode, &press(KeyCode::F(n)), SAFE).is_some(),
                    "F{n} in {mode:?}"
                );
                assert!(function_keys(mode, Lang::En, SAFE)[usize::from(n - 1)].is_some());
            }
        }
        assert_eq!(action_for(Mode::Map, &press(KeyCode::F(3)), SAFE), Some(Action::Stats));
        assert_eq!(action_for(Mode::Detail, &press(KeyCode::F(4)), SAFE), Some(Action::Map));
    }

    #[test]
    fn the_vim_preset_keeps_letter_commands_also_in_the_ukrainian_layout() {
        let vim = KeyPreset::Vim;
        assert_eq!(
            action_for(Mode::Results, &press(KeyCode::Char('j')), vim),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(Mode::Results, &press(KeyCode::Char('о')), vim),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(Mode::Results, &press(KeyCode::Char('й')), vim),
            Some(Action::Quit)
        );
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Mode::Results, &g, vim), Some(Action::Bottom));
        assert_eq!(
            action_for(Mode::Filters, &press(KeyCode::Char('x')), vim),
            Some(Action::ExcludeValue)
        );
        assert_eq!(
            action_for(Mode::Filters, &press(KeyCode::Char('d')), vim),
            Some(Action::Insert('d'))
        );
        assert_eq!(
            action_for(Mode::Search, &press(KeyCode::Char('q')), vim),
            Some(Action::Insert('q'))
        );
        assert_eq!(
            action_for(Mode::Map, &press(KeyCode::Char('2')), vim),
            Some(Action::ZoomUkraine)
        );
    }

    #[test]
    fn shifted_tab_matches() {
        let back = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(action_for(Mode::Results, &back, SAFE), Some(Action::FocusPrev));
    }

    #[test]
    fn hints_name_only_keys_that_act_and_lead_with_the_panes() {
        for mode in Mode::ALL {
            for preset in [SAFE, KeyPreset::Vim] {
                for (label, _) in hints(mode, Lang::En, preset) {
                    let reachable = active(mode, preset)
                        .iter()
                        .any(|(_, keys)| keys.iter().any(|k| k.label() == label));
                    assert!(reachable, "{label} hinted in {mode:?} does nothing there");
                }
            }
        }
        for mode in [Mode::Search, Mode::Results, Mode::Filters, Mode::Preview] {
            assert_eq!(
                hints(mode, Lang::En, SAFE).first(),
                Some(&("Tab".to_owned(), "panes")),
                "{mode:?}"
            );
        }
        let results = hints(Mode::Results, Lang::En, SAFE);
        assert!(results.contains(&("Enter".to_owned(), "open")), "{results:?}");
        assert!(
            !results
                .iter()
                .any(|(k, _)| k.chars().count() == 1 && k.chars().all(char::is_alphanumeric)),
            "{results:?}"
        );
        assert_eq!(key_for(Mode::Results, &Action::Help), Some("F1".to_owned()));
        assert_eq!(key_for(Mode::Search, &Action::ToggleMark), Some("Ins".to_owned()));
        assert!(
            !hints(Mode::Detail, Lang::En, SAFE).iter().any(|(k, _)| k == "Tab"),
            "Tab does nothing there"
        );
    }

    #[test]
    fn types_is_true_for_letters_digits_and_question_mark_only() {
        assert!(ch('a').types() && ch('я').types() && ch('7').types() && ch('?').types());
        assert!(!ch(' ').types() && !ch('/').types() && !ch('+').types() && !ctrl('a').types());
        assert!(!F1.types() && !ENTER.types());
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        let rows: Vec<&Binding> = all().collect();
        for (i, a) in rows.iter().enumerate() {
            for b in &rows[i + 1..] {
                if a.mode == b.mode {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{:?} bound twice in {:?}", k, a.mode);
                    }
                }
            }
        }
    }
}
