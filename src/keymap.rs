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
    /// Bindings that work everywhere.
    Global,
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
    pub const ALL: [Self; 15] = [
        Self::Global,
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
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
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

/// Letter keys that move only in the `vim` preset; with `arrows` they type.
const VIM_KEYS: [Key; 4] = [ch('j'), ch('k'), ch('g'), ch('G')];

impl Binding {
    /// The keys of this row in a preset.
    pub fn keys_in(&self, preset: KeyPreset) -> impl Iterator<Item = Key> + '_ {
        self.keys
            .iter()
            .copied()
            .filter(move |k| preset == KeyPreset::Vim || !VIM_KEYS.contains(k))
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
const F3: Key = key(KeyCode::F(3));
const F4: Key = key(KeyCode::F(4));
const RIGHT: Key = key(KeyCode::Right);

/// The key table. Earlier rows win; a mode's rows are looked at before its fallbacks'.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind!(Global, [ctrl('c')], Quit, "quit", "вийти", hint("quit", "вийти")),
    bind!(Global, [key(KeyCode::F(1))], Help, "help", "довідка", hint("help", "довідка")),
    bind!(Global, [key(KeyCode::F(2))], SwitchLang, "українська / English", "English / українська", hint("EN/UK", "EN/UK")),
    bind!(Global, [ctrl('q')], QuitChord, "quit (in kiosk mode: press twice)", "вийти (у режимі кіоску: двічі)"),
    bind!(Browse, [TAB], FocusNext, "next pane", "наступна панель", hint("panes", "панелі")),
    bind!(Browse, [BACKTAB], FocusPrev, "previous pane", "попередня панель"),
    bind!(Browse, [F3], Stats, "statistics: charts of the results", "статистика: діаграми результатів", hint("stats", "статистика")),
    bind!(Browse, [F4], Map, "map of the results' libraries", "карта бібліотек із результатів", hint("map", "карта")),
    // Search box: characters are typed; these keys edit or move.
    bind!(Search, [DOWN, ctrl('n'), ctrl('j')], Down, "next result", "наступний результат", hint("next", "далі")),
    bind!(Search, [UP, ctrl('p'), ctrl('k')], Up, "previous result", "попередній результат"),
    bind!(Search, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Search, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Search, [ENTER], Open, "open the selected service", "відкрити вибрану послугу", hint("open", "відкрити")),
    bind!(Search, [ESC], Back, "clear the search; again: go to the list", "очистити пошук; ще раз: до списку", hint("clear / list", "очистити / список")),
    bind!(Search, [BACKSPACE], DeleteBack, "delete a character", "видалити символ"),
    bind!(Search, [key(KeyCode::Delete)], DeleteForward, "delete the character under the cursor", "видалити символ під курсором"),
    bind!(Search, [ctrl('w')], DeleteWord, "delete a word", "видалити слово"),
    bind!(Search, [ctrl('u')], ClearLine, "clear the search", "очистити пошук"),
    bind!(Search, [key(KeyCode::Left)], CursorLeft, "cursor left", "курсор ліворуч"),
    bind!(Search, [key(KeyCode::Right)], CursorRight, "cursor right", "курсор праворуч"),
    bind!(Search, [HOME, ctrl('a')], CursorHome, "cursor to start", "курсор на початок"),
    bind!(Search, [END, ctrl('e')], CursorEnd, "cursor to end", "курсор у кінець"),
    bind!(Search, [ctrl('r')], RecentSearches, "recent searches", "недавні пошуки", hint("recent", "недавні")),
    // Result list; other letters start a search.
    bind!(Results, [ch('j'), DOWN], Down, "next", "наступна", hint("next", "далі")),
    bind!(Results, [ch('k'), UP], Up, "previous", "попередня"),
    bind!(Results, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Results, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Results, [ch('g'), HOME], Top, "first", "перша"),
    bind!(Results, [ch('G'), END], Bottom, "last", "остання"),
    bind!(Results, [ENTER], Open, "open", "відкрити", hint("open", "відкрити")),
    bind!(Results, [ch('/')], FocusSearch, "search", "пошук", hint("search", "пошук")),
    bind!(Results, [ch('f')], ToggleFilters, "show or hide the filters", "показати чи сховати фільтри", hint("filters", "фільтри")),
    bind!(Results, [ch('c')], ClearFilters, "clear all filters", "скинути всі фільтри"),
    bind!(Results, [ch(' ')], ToggleMark, "add to the shortlist, or take off", "додати до добірки або прибрати", hint("shortlist", "добірка")),
    bind!(Results, [ch('b')], ToggleShortlist, "show only the shortlist, or all", "лише добірка або все"),
    bind!(Results, [ch('n')], EditNote, "write a note on the service", "написати нотатку до послуги"),
    bind!(Results, [ch('e')], Export, "export the list (Markdown, CSV, JSON)", "експортувати список (Markdown, CSV, JSON)", hint("export", "експорт")),
    bind!(Results, [ch('o')], OpenLink, "open the service's web page", "відкрити вебсторінку послуги"),
    bind!(Results, [ch('i')], About, "about the catalogue", "про каталог"),
    bind!(Results, [ESC], Back, "clear the search", "очистити пошук"),
    bind!(Results, [ch('?')], Help, "help", "довідка", hint("help", "довідка")),
    bind!(Results, [ch('q')], Quit, "quit", "вийти", hint("quit", "вийти")),
    // Filter pane; other letters jump to a value.
    bind!(Filters, [ch('j'), DOWN], Down, "next value", "наступне значення"),
    bind!(Filters, [ch('k'), UP], Up, "previous value", "попереднє значення"),
    bind!(Filters, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Filters, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Filters, [ch('g'), HOME], Top, "first value", "перше значення"),
    bind!(Filters, [ch('G'), END], Bottom, "last value", "останнє значення"),
    bind!(Filters, [ch(' '), ENTER], ToggleValue, "include the value, or clear it", "увімкнути значення або скинути", hint("on/off", "вкл/викл")),
    bind!(Filters, [ch('x')], ExcludeValue, "exclude the value, or clear it", "виключити значення або скинути", hint("exclude", "виключити")),
    bind!(Filters, [ch('c')], ClearFilters, "clear all filters", "скинути всі фільтри", hint("clear all", "скинути всі")),
    bind!(Filters, [ch('/')], FocusSearch, "search", "пошук"),
    bind!(Filters, [ch('f'), ESC], Back, "close the filters", "закрити фільтри", hint("close", "закрити")),
    bind!(Filters, [ch('?')], Help, "help", "довідка", hint("help", "довідка")),
    bind!(Filters, [ch('q')], Quit, "quit", "вийти", hint("quit", "вийти")),
    // Jumping in the filter pane: every character is typed.
    bind!(FilterJump, [ESC, ENTER], Back, "stop jumping", "завершити перехід", hint("done", "готово")),
    bind!(FilterJump, [BACKSPACE], DeleteBack, "delete a character", "видалити символ"),
    // Preview beside the list.
    bind!(Preview, [ch('j'), DOWN], Down, "scroll down", "прокрутити вниз"),
    bind!(Preview, [ch('k'), UP], Up, "scroll up", "прокрутити вгору"),
    bind!(Preview, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Preview, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Preview, [ENTER], Open, "open", "відкрити", hint("open", "відкрити")),
    // Full-screen detail view.
    bind!(Detail, [ch('j'), DOWN], Down, "next link", "наступне посилання", hint("next link", "наступне")),
    bind!(Detail, [ch('k'), UP], Up, "previous link", "попереднє посилання"),
    bind!(Detail, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Detail, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Detail, [ch('g'), HOME], Top, "first link, top", "перше посилання, початок"),
    bind!(Detail, [ch('G'), END], Bottom, "last link, end", "останнє посилання, кінець"),
    bind!(Detail, [ENTER], Open, "follow the link", "перейти за посиланням", hint("follow", "перейти")),
    bind!(Detail, [ESC, BACKSPACE], Back, "back", "назад", hint("back", "назад")),
    bind!(Detail, [ch(' ')], ToggleMark, "add the service to the shortlist, or take off", "додати послугу до добірки або прибрати", hint("shortlist", "добірка")),
    bind!(Detail, [ch('n')], EditNote, "write a note on the service", "написати нотатку до послуги"),
    bind!(Detail, [ch('o')], OpenLink, "open the web page", "відкрити вебсторінку"),
    bind!(Detail, [ch('?')], Help, "help", "довідка"),
    bind!(Detail, [ch('q')], Quit, "quit", "вийти", hint("quit", "вийти")),
    // Writing a note: every character is typed.
    bind!(Note, [ENTER], Open, "save the note (empty: remove it)", "зберегти нотатку (порожня: видалити)", hint("save", "зберегти")),
    bind!(Note, [ESC], Back, "cancel", "скасувати", hint("cancel", "скасувати")),
    bind!(Note, [BACKSPACE], DeleteBack, "delete a character", "видалити символ"),
    bind!(Note, [key(KeyCode::Delete)], DeleteForward, "delete the character under the cursor", "видалити символ під курсором"),
    bind!(Note, [ctrl('u')], ClearLine, "clear the note", "очистити нотатку"),
    bind!(Note, [key(KeyCode::Left)], CursorLeft, "cursor left", "курсор ліворуч"),
    bind!(Note, [key(KeyCode::Right)], CursorRight, "cursor right", "курсор праворуч"),
    bind!(Note, [HOME], CursorHome, "cursor to start", "курсор на початок"),
    bind!(Note, [END], CursorEnd, "cursor to end", "курсор у кінець"),
    // Recent searches, export menu.
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
    bind!(About, [ESC, ENTER, ch('i'), ch('q')], Back, "close", "закрити", hint("close", "закрити")),
    // Statistics view.
    bind!(Stats, [ch('j'), DOWN], Down, "next bar", "наступний стовпчик", hint("next", "далі")),
    bind!(Stats, [ch('k'), UP], Up, "previous bar", "попередній стовпчик"),
    bind!(Stats, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Stats, [PGUP], PageUp, "page up", "сторінка вгору"),
    bind!(Stats, [ch('g'), HOME], Top, "first bar", "перший стовпчик"),
    bind!(Stats, [ch('G'), END], Bottom, "last bar", "останній стовпчик"),
    bind!(Stats, [TAB, RIGHT], NextChart, "next chart", "наступна діаграма", hint("chart", "діаграма")),
    bind!(Stats, [BACKTAB, LEFT], PrevChart, "previous chart", "попередня діаграма"),
    bind!(Stats, [ENTER], Open, "filter by this value and go back to the list", "фільтрувати за цим значенням і повернутися до списку", hint("filter", "фільтр")),
    bind!(Stats, [ESC, F3], Back, "back to the list", "назад до списку", hint("back", "назад")),
    bind!(Stats, [ch('?')], Help, "help", "довідка"),
    bind!(Stats, [ch('q')], Quit, "quit", "вийти", hint("quit", "вийти")),
    // Map view.
    bind!(Map, [LEFT, ch('h')], Left, "nearest library to the west", "найближча бібліотека на захід", hint("move", "рух")),
    bind!(Map, [RIGHT, ch('l')], Right, "nearest library to the east", "найближча бібліотека на схід"),
    bind!(Map, [UP, ch('k')], Up, "nearest library to the north", "найближча бібліотека на північ"),
    bind!(Map, [DOWN, ch('j')], Down, "nearest library to the south", "найближча бібліотека на південь"),
    bind!(Map, [TAB], NextPoint, "next library, west to east (also in the same place)", "наступна бібліотека, із заходу на схід (і в тому ж місці)"),
    bind!(Map, [BACKTAB], PrevPoint, "previous library", "попередня бібліотека"),
    bind!(Map, [ENTER], Open, "list this library's services", "показати послуги цієї бібліотеки", hint("list", "список")),
    bind!(Map, [ch('z')], ZoomNext, "next area: world, Europe, Ukraine, Belarus, UK", "наступна область: світ, Європа, Україна, Білорусь, Британія", hint("area", "область")),
    bind!(Map, [ch('0')], ZoomWorld, "the world", "світ"),
    bind!(Map, [ch('1')], ZoomEurope, "Europe", "Європа"),
    bind!(Map, [ch('2')], ZoomUkraine, "Ukraine", "Україна"),
    bind!(Map, [ch('3')], ZoomBelarus, "Belarus", "Білорусь"),
    bind!(Map, [ch('4')], ZoomUk, "United Kingdom", "Велика Британія"),
    bind!(Map, [ch('+'), ch('=')], ZoomIn, "zoom in", "наблизити", hint("zoom", "масштаб")),
    bind!(Map, [ch('-')], ZoomOut, "zoom out", "віддалити"),
    bind!(Map, [ch('u')], ListUnplaced, "list the libraries with no location", "бібліотеки без координат"),
    bind!(Map, [ESC, F4], Back, "back to the list", "назад до списку", hint("back", "назад")),
    bind!(Map, [ch('?')], Help, "help", "довідка"),
    bind!(Map, [ch('q')], Quit, "quit", "вийти", hint("quit", "вийти")),
    // Help overlay.
    bind!(Help, [ESC, ch('?'), ch('q'), ENTER], Help, "close help", "закрити довідку", hint("close", "закрити")),
    bind!(Help, [ch('j'), DOWN], Down, "scroll down", "прокрутити вниз", hint("scroll", "прокрутити")),
    bind!(Help, [ch('k'), UP], Up, "scroll up", "прокрутити вгору"),
    bind!(Help, [PGDN], PageDown, "page down", "сторінка вниз"),
    bind!(Help, [PGUP], PageUp, "page up", "сторінка вгору"),
];

/// Every row, in table order.
pub fn all() -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter()
}

/// Modes whose rows also apply in `mode`, after its own rows.
const fn fallbacks(mode: Mode) -> &'static [Mode] {
    match mode {
        Mode::Preview => &[Mode::Preview, Mode::Results, Mode::Browse, Mode::Global],
        Mode::Help => &[Mode::Help, Mode::Global],
        Mode::Search => &[Mode::Search, Mode::Browse, Mode::Global],
        Mode::Results => &[Mode::Results, Mode::Browse, Mode::Global],
        Mode::Filters => &[Mode::Filters, Mode::Browse, Mode::Global],
        Mode::FilterJump => &[Mode::FilterJump, Mode::Filters, Mode::Browse, Mode::Global],
        Mode::Detail => &[Mode::Detail, Mode::Global],
        Mode::Stats => &[Mode::Stats, Mode::Global],
        Mode::Map => &[Mode::Map, Mode::Global],
        Mode::Global => &[Mode::Global],
        Mode::Note => &[Mode::Note, Mode::Global],
        Mode::Recent => &[Mode::Recent, Mode::Global],
        Mode::Export => &[Mode::Export, Mode::Global],
        Mode::About => &[Mode::About, Mode::Global],
        Mode::Browse => &[Mode::Browse, Mode::Global],
    }
}

/// The action for a key press in a mode, if any. Keys typed in the wrong keyboard layout
/// (Ukrainian letters on the keys of Latin commands) act as the Latin key would.
#[must_use]
pub fn action_for(mode: Mode, event: &KeyEvent, preset: KeyPreset) -> Option<Action> {
    let plain = !event.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if let KeyCode::Char(c) = event.code
        && plain
        && matches!(mode, Mode::Search | Mode::FilterJump | Mode::Note | Mode::Recent)
    {
        return Some(Action::Insert(c));
    }
    if let Some(a) = lookup(mode, event, preset) {
        return Some(a);
    }
    match event.code {
        KeyCode::Char(c) => crate::search::layout::uk_to_en(c)
            .filter(char::is_ascii_alphabetic)
            .and_then(|latin| lookup(mode, &KeyEvent::new(KeyCode::Char(latin), event.modifiers), preset))
            // Other letters start a jump in the filter pane, or a search from the lists.
            .or_else(|| {
                (plain && matches!(mode, Mode::Filters | Mode::Results | Mode::Preview)).then_some(Action::Insert(c))
            }),
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

/// The footer hints for a mode: "↓ next · Enter open · …", from the table. A row whose
/// action is already hinted, or whose keys an earlier row takes, is left out.
#[must_use]
pub fn hints(mode: Mode, lang: Lang, preset: KeyPreset) -> Vec<(String, &'static str)> {
    let mut actions: Vec<&Action> = Vec::new();
    let mut keys: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for &m in fallbacks(mode) {
        for b in all().filter(|b| b.mode == m) {
            let row: Vec<Key> = b.keys_in(preset).collect();
            let shadowed = row.iter().all(|k| keys.contains(k));
            if let (Some((en, uk)), Some(first)) = (b.hint, row.first())
                && !shadowed
                && !actions.contains(&&b.action)
            {
                actions.push(&b.action);
                out.push((first.label(), tr(lang, en, uk)));
            }
            keys.extend(row);
        }
    }
    // Help comes first: it is what someone new to the app looks for; then the language
    // switch, for someone who cannot read the other language.
    for (place, wanted) in [Action::Help, Action::SwitchLang].iter().enumerate() {
        if let Some(i) = actions.iter().position(|a| *a == wanted) {
            let hint = out.remove(i);
            let action = actions.remove(i);
            out.insert(place.min(out.len()), hint);
            actions.insert(place.min(actions.len()), action);
        }
    }
    out
}

/// The key that performs `action` in `mode`, for messages such as "press ? for help".
#[must_use]
pub fn key_for(mode: Mode, action: &Action) -> Option<String> {
    fallbacks(mode)
        .iter()
        .find_map(|&m| all().find(|b| b.mode == m && &b.action == action))
        .and_then(|b| b.keys_in(KeyPreset::Arrows).next())
        .map(Key::label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn mode_rows_win_over_global_and_letters_type_in_search() {
        assert_eq!(
            action_for(Mode::Results, &press(KeyCode::Char('q')), KeyPreset::Vim),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(Mode::Search, &press(KeyCode::Char('q')), KeyPreset::Vim),
            Some(Action::Insert('q'))
        );
        assert_eq!(
            action_for(
                Mode::Search,
                &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                KeyPreset::Vim
            ),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(Mode::Results, &press(KeyCode::Tab), KeyPreset::Vim),
            Some(Action::FocusNext)
        );
    }

    #[test]
    fn shifted_characters_match() {
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Mode::Results, &g, KeyPreset::Vim), Some(Action::Bottom));
        let back = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            action_for(Mode::Results, &back, KeyPreset::Vim),
            Some(Action::FocusPrev)
        );
    }

    #[test]
    fn ukrainian_layout_letters_act_as_their_keys() {
        // On the Ukrainian layout the J key gives "о" and the Q key gives "й".
        assert_eq!(
            action_for(Mode::Results, &press(KeyCode::Char('о')), KeyPreset::Vim),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(Mode::Results, &press(KeyCode::Char('й')), KeyPreset::Vim),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(Mode::Search, &press(KeyCode::Char('о')), KeyPreset::Vim),
            Some(Action::Insert('о'))
        );
    }

    #[test]
    fn filter_pane_letters_without_a_binding_start_a_jump() {
        assert_eq!(
            action_for(Mode::Filters, &press(KeyCode::Char('x')), KeyPreset::Vim),
            Some(Action::ExcludeValue)
        );
        assert_eq!(
            action_for(Mode::Filters, &press(KeyCode::Char('d')), KeyPreset::Vim),
            Some(Action::Insert('d'))
        );
        assert_eq!(
            action_for(Mode::Filters, &press(KeyCode::Char('д')), KeyPreset::Vim),
            Some(Action::Insert('д'))
        );
        assert_eq!(
            action_for(Mode::FilterJump, &press(KeyCode::Char('x')), KeyPreset::Vim),
            Some(Action::Insert('x'))
        );
    }

    #[test]
    fn hints_come_from_the_table() {
        let results = hints(Mode::Results, Lang::En, KeyPreset::Vim);
        assert!(results.contains(&("q".to_owned(), "quit")), "{results:?}");
        assert!(results.contains(&("Enter".to_owned(), "open")), "{results:?}");
        assert_eq!(key_for(Mode::Results, &Action::Help), Some("?".to_owned()));
        let filters = hints(Mode::Filters, Lang::En, KeyPreset::Vim);
        assert!(filters.contains(&("f".to_owned(), "close")), "{filters:?}");
        assert!(
            !filters.iter().any(|(_, what)| *what == "filters"),
            "f is taken by close: {filters:?}"
        );
        assert!(
            !hints(Mode::Detail, Lang::En, KeyPreset::Vim)
                .iter()
                .any(|(k, _)| k == "Tab"),
            "Tab does nothing there"
        );
    }

    #[test]
    fn the_arrows_preset_turns_movement_letters_into_typing() {
        let j = press(KeyCode::Char('j'));
        assert_eq!(action_for(Mode::Results, &j, KeyPreset::Vim), Some(Action::Down));
        assert_eq!(
            action_for(Mode::Results, &j, KeyPreset::Arrows),
            Some(Action::Insert('j'))
        );
        assert_eq!(
            action_for(Mode::Results, &press(KeyCode::Down), KeyPreset::Arrows),
            Some(Action::Down)
        );
        // On the Ukrainian layout, "о" sits on the J key: it types too.
        assert_eq!(
            action_for(Mode::Results, &press(KeyCode::Char('о')), KeyPreset::Arrows),
            Some(Action::Insert('о'))
        );
        let hints = hints(Mode::Results, Lang::En, KeyPreset::Arrows);
        assert!(hints.contains(&("↓".to_owned(), "next")), "{hints:?}");
    }

    #[test]
    fn filter_letters_without_a_row_of_their_own_still_jump() {
        for c in ['b', 'e', 'n', 'o', 'i'] {
            assert_eq!(
                action_for(Mode::Filters, &press(KeyCode::Char(c)), KeyPreset::Vim),
                Some(Action::Insert(c))
            );
        }
        assert_eq!(
            action_for(Mode::Filters, &press(KeyCode::Char('?')), KeyPreset::Vim),
            Some(Action::Help)
        );
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
