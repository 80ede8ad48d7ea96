//! The command line: clap definitions and the non-interactive commands.
//!
//! Exit codes: 0 success (results found), 1 nothing matched, 2 bad input or errors.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::about::About;
use crate::catalogue::{self, CatalogueError, Dataset, EntityRef, Lang, Problem, Source};
use crate::config::{self, ThemeName};
use crate::detail::{self, name_and_id};
use crate::export::{self, Format, Heading, ServiceRow};
use crate::facets::{EntriesPassing, Facet, Facets, Filters};
use crate::i18n::{count_problems, count_services, io_reason, tr, uk_plural};
use crate::paths::Paths;
use crate::search::{EntryKind, Field, Hit, Index, Query, matched_part};
pub use crate::settings::Context;
pub use crate::startup::{load, load_indexed, skipped_report, sources};
use crate::startup::{load_indexed_warned, load_warned};

/// Success.
pub const EXIT_OK: u8 = 0;
/// A search found nothing.
pub const EXIT_NO_MATCH: u8 = 1;
/// Bad input: a catalogue that does not validate, an unknown id, an unusable terminal.
pub const EXIT_ERROR: u8 = 2;

/// libservices: an offline catalogue of innovative public-library services.
///
/// Without a command it opens the interactive app on the bundled catalogue.
#[derive(Debug, Parser)]
#[command(name = "libservices", version, about, long_about = None)]
#[allow(clippy::struct_excessive_bools, reason = "independent command-line switches")]
pub struct Cli {
    /// A catalogue file merged with the bundled one; repeat for several.
    #[arg(long, global = true, value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// Leave the bundled catalogue out (only the --data files are used).
    #[arg(long, global = true)]
    pub no_bundled: bool,
    /// Leave out the catalogue updates in the data folder's catalogues/ (see `paths`).
    #[arg(long, global = true)]
    pub no_updates: bool,
    /// Ignore the mouse in the app.
    #[arg(long, global = true)]
    pub no_mouse: bool,
    /// Language of labels and data texts [default: config, then LANG, then en].
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Colours of the app [default: the config's `theme`, then monochrome if `NO_COLOR` is
    /// set, then dark].
    #[arg(long, global = true, value_enum, value_name = "THEME")]
    pub palette: Option<ThemeName>,
    /// Kiosk mode for public PCs: nothing personal is kept, idle timeout, Ctrl-Q twice quits.
    #[arg(long, global = true)]
    pub kiosk: bool,
    /// What to do; none opens the app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A language on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Українська.
    Uk,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Uk => Self::Uk,
            LangArg::En => Self::En,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find services by text and filters.
    Search(SearchArgs),
    /// Show one service, library, target group, programme or theme by id.
    Show {
        /// The id, as `list` prints it.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DetailFormat::Text)]
        format: DetailFormat,
    },
    /// List every entry of one kind.
    List {
        /// Which kind of entry.
        #[arg(value_enum)]
        kind: ListKind,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check catalogue files; with no file, the bundled catalogue and the installed updates.
    Validate {
        /// Files to check, together with the bundled catalogue (unless --no-bundled).
        files: Vec<PathBuf>,
        /// Check this file as a catalogue update (it may replace entries by id); repeatable.
        #[arg(long, value_name = "FILE")]
        update: Vec<PathBuf>,
    },
    /// Print where configuration, data and state files live.
    Paths,
    /// Write a synthetic catalogue of N services as RON (for benchmarks and other tools).
    Generate {
        /// How many services.
        #[arg(long, value_name = "N")]
        services: usize,
        /// The same seed gives the same catalogue.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Measure how fast this computer loads, searches and draws a synthetic catalogue.
    Bench {
        /// How many services.
        #[arg(long, value_name = "N", default_value_t = 10_000)]
        services: usize,
        /// The same seed gives the same catalogue.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Instead, race `libservices search` against `fzf --filter` on the same services,
        /// as whole processes (fzf must be installed).
        #[arg(long)]
        against_fzf: bool,
        /// With --against-fzf: runs of each program per query (the medians are shown).
        #[arg(long, value_name = "R", default_value_t = 5, requires = "against_fzf")]
        rounds: usize,
    },
    /// Show the configuration in effect, or print a commented default file.
    Config {
        /// Print a commented configuration file with every default, to start from.
        #[arg(long)]
        print_default: bool,
    },
    /// Write search results or chosen services as Markdown, CSV, JSON or an HTML handout.
    Export(ExportArgs),
    /// Show the catalogue's version and date, and what each file contributed.
    About {
        /// Output format.
        #[arg(long, value_enum, default_value_t = AboutFormat::Text)]
        format: AboutFormat,
    },
}

/// Arguments of `search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Search text: words that must all match; fzf operators 'exact ^prefix suffix$ !exclude.
    pub query: Vec<String>,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// At most this many results.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Only entries of this kind (repeat for several); every kind by default.
    #[arg(long = "kind", value_enum, value_name = "KIND")]
    pub kinds: Vec<KindArg>,
    /// Output format [default: from the -o file's extension, else text].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file (replacing it) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A kind of entry, as `search --kind` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Services.
    Service,
    /// Libraries and library organisations.
    Library,
    /// Target groups.
    TargetGroup,
    /// Programmes: projects, contests, schemes, methodologies, events.
    Programme,
    /// Themes.
    Theme,
}

impl From<KindArg> for EntryKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Service => Self::Service,
            KindArg::Library => Self::Library,
            KindArg::TargetGroup => Self::TargetGroup,
            KindArg::Programme => Self::Programme,
            KindArg::Theme => Self::Theme,
        }
    }
}

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Search text, as for `search`; with no text and no filters, every service.
    pub query: Vec<String>,
    /// Filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// These services by id, in this order (comma-separated), instead of a search.
    #[arg(
        long,
        value_name = "ID,ID...",
        value_delimiter = ',',
        conflicts_with_all = ["query", "limit", "target_group", "library", "country", "programme", "theme", "year"]
    )]
    pub ids: Vec<String>,
    /// Your shortlist (marked in the app with Space), in the order you marked it.
    #[arg(
        long,
        conflicts_with_all = ["query", "ids", "limit", "target_group", "library", "country", "programme", "theme", "year"]
    )]
    pub shortlist: bool,
    /// At most this many results of the search.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Output format [default: from the -o file's extension, else md].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file (replacing it) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The document's title [default: the search and filters, or "Selected services"].
    #[arg(long)]
    pub title: Option<String>,
}

/// The filter options of `search` and `export`.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct FilterArgs {
    /// Only services for this target group (its sub-groups count); repeat for any of several.
    #[arg(long, value_name = "ID")]
    pub target_group: Vec<String>,
    /// Only services of this library; repeat for any of several.
    #[arg(long, value_name = "ID")]
    pub library: Vec<String>,
    /// Only services in this country (ISO code: UA, BY, GB); repeat for any of several.
    #[arg(long, value_name = "CODE")]
    pub country: Vec<String>,
    /// Only services of this programme; repeat for any of several.
    #[arg(long, value_name = "ID")]
    pub programme: Vec<String>,
    /// Only services with this theme; repeat for any of several.
    #[arg(long, value_name = "ID")]
    pub theme: Vec<String>,
    /// Only services that started in this year; repeat for any of several.
    #[arg(long, value_name = "YEAR")]
    pub year: Vec<String>,
}

impl FilterArgs {
    /// True when no filter is given.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        [
            &self.target_group,
            &self.library,
            &self.country,
            &self.programme,
            &self.theme,
            &self.year,
        ]
        .iter()
        .all(|v| v.is_empty())
    }
}

/// Formats of `about`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AboutFormat {
    /// Plain text.
    Text,
    /// JSON.
    Json,
}

/// Formats for a single entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DetailFormat {
    /// Plain text.
    Text,
    /// JSON, with both languages.
    Json,
    /// Markdown.
    Md,
}

/// Kinds of entry for `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListKind {
    /// Services.
    Services,
    /// Libraries and library organisations.
    Libraries,
    /// Target groups.
    TargetGroups,
    /// Programmes.
    Programmes,
    /// Themes.
    Themes,
}

/// An error the binary reports on stderr with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The catalogue files have problems.
    #[error("{0}")]
    Catalogue(#[from] CatalogueError),
    /// Anything else, already worded for the user.
    #[error("{0}")]
    Message(String),
    /// `--no-bundled` without a `--data` file.
    #[error("no catalogue: --no-bundled leaves only --data files, and none was given")]
    NoCatalogue,
    /// Standard output could not be written.
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
    /// The app could not run.
    #[error("{0}")]
    Run(#[from] crate::runtime::RunError),
}

impl CliError {
    /// The error in `lang`: the catalogue's problems one a line with their count, the
    /// others in one line.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Catalogue(e), _) => problems_report(&e.problems, lang),
            (Self::Message(m), _) => m.clone(),
            (Self::Run(e), _) => e.message(lang),
            (Self::NoCatalogue, Lang::Uk) => {
                "немає каталогу: з --no-bundled лишаються тільки файли --data, а жодного не вказано".to_owned()
            }
            (Self::Output(e), Lang::Uk) => format!("не вдається вивести результат: {}", io_reason(e, lang)),
            (Self::NoCatalogue | Self::Output(_), Lang::En) => self.to_string(),
        }
    }
}

/// Runs a non-interactive command; writes to `out`, returns the exit code.
pub fn run_command(cli: &Cli, command: &Command, ctx: &Context, out: &mut dyn Write) -> Result<u8, CliError> {
    let lang = ctx.lang;
    match command {
        Command::Search(args) => {
            let loaded = load_indexed_warned(cli, lang)?;
            let code = search(&loaded.0, loaded.1.as_ref(), args, lang, out);
            left_to_the_exit(loaded);
            code
        }
        Command::Show { id, format } => show(&load_warned(cli, lang)?, id, *format, lang, out),
        Command::List { kind, format } => list(&load_warned(cli, lang)?, *kind, *format, lang, out),
        Command::Validate { files, update } => validate(cli, files, update, lang, out),
        Command::Paths => paths(ctx, out),
        Command::Generate { services, seed, output } => generate(*services, *seed, output.as_deref(), lang, out),
        Command::Bench {
            services,
            seed,
            against_fzf,
            rounds,
        } => {
            let exe = std::env::current_exe();
            let report = if *against_fzf {
                let exe = exe.map_err(|e| {
                    CliError::Message(match lang {
                        Lang::En => format!("cannot find this program's own file to run it: {e}"),
                        Lang::Uk => format!(
                            "не вдається знайти файл самої програми, щоб її запустити: {}",
                            io_reason(&e, lang)
                        ),
                    })
                })?;
                crate::bench::against_fzf(&exe, *services, *seed, *rounds, lang)
                    .map_err(CliError::Message)?
                    .to_string()
            } else {
                // Without its own file, the catalogue is generated in this process.
                crate::bench::run(*services, *seed, exe.ok().as_deref(), lang).to_string()
            };
            write_out(out, &report)?;
            Ok(EXIT_OK)
        }
        Command::Config { print_default } => show_config(ctx, *print_default, out),
        Command::Export(args) => {
            let loaded = load_indexed_warned(cli, lang)?;
            let code = export(&loaded.0, loaded.1.as_ref(), args, ctx, out);
            left_to_the_exit(loaded);
            code
        }
        Command::About { format } => about(&load(cli)?, ctx, *format, lang, out),
    }
}

/// Leaves the catalogue and its index to the end of the process instead of freeing them:
/// a command ends right after it has written its output, and the system takes the memory
/// back whole at once, where freeing it entry by entry took a fifth of a second at 100,000
/// services (the index alone is millions of small blocks). A caller that runs many
/// commands in one process (the tests) keeps that memory until it ends.
fn left_to_the_exit(loaded: (Dataset, Option<Index>)) {
    std::mem::forget(loaded);
}

fn write_out(out: &mut dyn Write, text: impl AsRef<[u8]>) -> Result<(), CliError> {
    match out.write_all(text.as_ref()).and_then(|()| out.flush()) {
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Output(e)),
        _ => Ok(()),
    }
}

/// Builds the facet filters from `search` options.
fn filters(facets: &Facets, args: &FilterArgs, lang: Lang) -> Result<Filters, CliError> {
    let mut filters = Filters::default();
    let groups = [
        (Facet::TargetGroup, &args.target_group, "target-groups"),
        (Facet::Library, &args.library, "libraries"),
        (Facet::Country, &args.country, "libraries"),
        (Facet::Programme, &args.programme, "programmes"),
        (Facet::Theme, &args.theme, "themes"),
        (Facet::Year, &args.year, "services"),
    ];
    for (facet, keys, list) in groups {
        for key in keys {
            let value = facets
                .find(facet, key)
                .ok_or_else(|| unknown_value(facets, facet, key, list, lang))?;
            filters.include(facet, value);
        }
    }
    Ok(filters)
}

/// Why a filter value is not known, and what there is instead: the codes that exist for a
/// country, that a year is a number, the closest ids for the rest.
fn unknown_value(facets: &Facets, facet: Facet, key: &str, list: &str, lang: Lang) -> CliError {
    let shown = crate::suggest::quote(key);
    let keys = || facets.values(facet).iter().map(|v| v.key.as_str());
    let message = match facet {
        Facet::Country => {
            let codes = keys().collect::<Vec<_>>().join(", ");
            match lang {
                Lang::En => format!("unknown country code \"{shown}\"; the catalogue has: {codes}"),
                Lang::Uk => format!("невідомий код країни «{shown}»; у каталозі є: {codes}"),
            }
        }
        Facet::Year if key.trim().parse::<u16>().is_err() => match lang {
            Lang::En => format!("\"{shown}\" is not a year; give one as four digits, e.g. --year 2022"),
            Lang::Uk => format!("«{shown}» — не рік; задайте рік чотирма цифрами, наприклад --year 2022"),
        },
        Facet::Year => {
            let years = keys().collect::<Vec<_>>().join(", ");
            match lang {
                Lang::En => format!("no service started in {shown}; the years there are: {years}"),
                Lang::Uk => format!("жодна послуга не почалася {shown} року; є роки: {years}"),
            }
        }
        _ => {
            let near = crate::suggest::closest(key, keys());
            let mut m = match lang {
                Lang::En => format!(
                    "unknown {} \"{shown}\": no service has it; `libservices list {list}` shows what there is",
                    facet.label(lang).to_lowercase()
                ),
                Lang::Uk => format!(
                    "невідоме значення «{shown}» ({}): його немає в жодної послуги; `libservices list {list}` показує, що є",
                    facet.label(lang).to_lowercase()
                ),
            };
            if !near.is_empty() {
                m.push_str(&format!(
                    "; {}: {}",
                    tr(lang, "did you mean", "можливо, ви мали на увазі"),
                    near.join(", ")
                ));
            }
            m
        }
    };
    CliError::Message(message)
}

/// Every entry's id and name, for suggestions.
fn all_ids(ds: &Dataset, lang: Lang, only_services: bool) -> Vec<(String, String)> {
    let c = &ds.catalogue;
    let mut refs: Vec<EntityRef> = (0..c.services.len()).map(EntityRef::Service).collect();
    if !only_services {
        refs.extend((0..c.libraries.len()).map(EntityRef::Library));
        refs.extend((0..c.target_groups.len()).map(EntityRef::TargetGroup));
        refs.extend((0..c.programmes.len()).map(EntityRef::Programme));
        refs.extend((0..c.themes.len()).map(EntityRef::Theme));
    }
    refs.into_iter()
        .map(|e| {
            let (name, id) = name_and_id(ds, e, lang);
            (id, name)
        })
        .collect()
}

/// An unknown id, with the closest ids and names ("did you mean") and where the ids are listed.
fn unknown_id(ds: &Dataset, id: &str, lang: Lang, only_services: bool) -> CliError {
    let entries = all_ids(ds, lang, only_services);
    let mut near = crate::suggest::closest(id, entries.iter().map(|(i, _)| i.as_str()));
    for by_name in crate::suggest::closest(id, entries.iter().map(|(_, n)| n.as_str())) {
        if let Some((i, _)) = entries.iter().find(|(_, n)| n == by_name)
            && !near.contains(&i.as_str())
        {
            near.push(i.as_str());
        }
    }
    let shown = crate::suggest::quote(id);
    let mut m = match (lang, only_services) {
        (Lang::En, true) => format!("unknown service id \"{shown}\"; `libservices list services` shows the ids"),
        (Lang::Uk, true) => {
            format!("невідомий ідентифікатор послуги «{shown}»; `libservices list services` показує всі")
        }
        (Lang::En, false) => format!(
            "unknown id \"{shown}\"; `libservices list services` (or libraries, target-groups, programmes, themes) shows the ids"
        ),
        (Lang::Uk, false) => format!(
            "невідомий ідентифікатор «{shown}»; `libservices list services` (або libraries, target-groups, programmes, themes) показує всі"
        ),
    };
    if !near.is_empty() {
        let named: Vec<String> = near
            .iter()
            .take(3)
            .map(|i| {
                let name = entries.iter().find(|(e, _)| e == i).map_or("", |(_, n)| n.as_str());
                format!("{i} ({name})")
            })
            .collect();
        m.push_str(&format!(
            "; {}: {}",
            tr(lang, "did you mean", "можливо, ви мали на увазі"),
            named.join(", ")
        ));
    }
    CliError::Message(m)
}

/// Which services a command writes. (The shortlist will be one more variant.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The results of a search, best first.
    Query {
        /// The search text.
        text: String,
        /// The filter options.
        filters: FilterArgs,
        /// At most this many.
        limit: Option<usize>,
        /// Only these kinds of entry; every kind when empty.
        kinds: Vec<EntryKind>,
    },
    /// Services by id, in this order.
    Ids(Vec<String>),
    /// The user's shortlist: service ids in the order they were marked.
    Shortlist(Vec<String>),
}

/// The user's shortlist and notes, read once (its warnings go to stderr); `None` without a
/// home directory.
fn personal(ctx: &Context) -> Option<crate::state::Personal> {
    let paths = ctx.paths.as_ref()?;
    let mut store = crate::state::Store::open(paths);
    for warning in store.take_warnings() {
        eprintln!("libservices: {}", warning.message(ctx.lang));
    }
    Some(store.personal().clone())
}

/// The shortlist's service ids; ids the catalogue no longer has are left out with a warning.
fn shortlist(ds: &Dataset, personal: Option<&crate::state::Personal>, lang: Lang) -> Result<Vec<String>, CliError> {
    let personal = personal.ok_or_else(|| {
        CliError::Message(match lang {
            Lang::En => format!(
                "no home directory was found, so there is no shortlist; set {} to the folder that holds it",
                crate::paths::HOME_VAR
            ),
            Lang::Uk => format!(
                "домашню теку не знайдено, тож добірки немає; задайте {} — теку, де вона зберігається",
                crate::paths::HOME_VAR
            ),
        })
    })?;
    // A retired id (of an entry merged into another) stands for the entry it went into.
    let mut personal = personal.clone();
    personal.resolve_ids(|id| ds.current_id(id));
    let (known, gone): (Vec<String>, Vec<String>) = personal
        .shortlist
        .iter()
        .cloned()
        .partition(|id| matches!(ds.get(id), Some(EntityRef::Service(_))));
    for id in gone {
        eprintln!(
            "libservices: {} \"{id}\"",
            tr(
                lang,
                "left out of the shortlist: the catalogue has no service",
                "не включено з добірки: у каталозі немає послуги"
            )
        );
    }
    Ok(known)
}

/// `index`, or, when the caller has none, one built from the catalogue into `built`.
fn index_or_built<'a>(ds: &Dataset, index: Option<&'a Index>, built: &'a mut Option<Index>) -> &'a Index {
    match index {
        Some(index) => index,
        None => built.insert(Index::new(&ds.catalogue)),
    }
}

/// What a query (`text`, parsed as `query`) finds among `kinds` (every kind when empty) that
/// passes the filters, best first, at most `limit`; and a title that says what they are.
#[allow(
    clippy::too_many_arguments,
    reason = "the search and the filters, each as the command line gave it"
)]
fn found(
    ds: &Dataset,
    index: &Index,
    text: &str,
    query: &Query,
    args: &FilterArgs,
    limit: Option<usize>,
    kinds: &[EntryKind],
    lang: Lang,
) -> Result<(Vec<Hit>, String), CliError> {
    let facets = Facets::new(ds);
    let filters = filters(&facets, args, lang)?;
    let mut hits = index.search(query);
    let passing = EntriesPassing::new(&facets, ds, &filters);
    hits.retain(|h| (kinds.is_empty() || kinds.contains(&h.kind())) && passing.passes(h.entry()));
    hits.truncate(limit.unwrap_or(usize::MAX));
    Ok((hits, export::query_title(text, &filters, &facets, lang)))
}

/// The rows of the entries a search found, each saying, when people or other names matched,
/// which ones.
fn hit_rows<'a>(
    ds: &'a Dataset,
    index: &'a Index,
    query: &'a Query,
    hits: &'a [Hit],
    lang: Lang,
) -> impl Iterator<Item = ServiceRow> + 'a {
    let mut maker = export::RowMaker::new(ds, lang);
    let mut explainer = index.explainer(query);
    hits.iter().filter_map(move |h| {
        let mut row = maker.entry_row(h.entry(), Some(h))?;
        if matches!(h.field, Field::People | Field::OtherName) {
            // Each term's match in that field: `Sarah Dave` names both speakers.
            let mut parts: Vec<String> = Vec::new();
            for m in explainer.explain(h.entry()).into_iter().flat_map(|e| e.matches) {
                if m.field == h.field
                    && let Some(part) = matched_part(&ds.catalogue, h.entry(), &m)
                    && !parts.contains(&part)
                {
                    parts.push(part);
                }
            }
            row.matched_text = (!parts.is_empty()).then(|| parts.join("; "));
        }
        Some(row)
    })
}

/// The selected services as rows, and a title that says what they are.
fn select(
    ds: &Dataset,
    index: Option<&Index>,
    selection: &Selection,
    lang: Lang,
) -> Result<(Vec<ServiceRow>, String), CliError> {
    match selection {
        Selection::Query {
            text,
            filters: args,
            limit,
            kinds,
        } => {
            let mut built = None;
            let index = index_or_built(ds, index, &mut built);
            let query = Query::parse(text);
            let (hits, title) = found(ds, index, text, &query, args, *limit, kinds, lang)?;
            Ok((hit_rows(ds, index, &query, &hits, lang).collect(), title))
        }
        Selection::Shortlist(ids) => {
            let rows = ids
                .iter()
                .filter_map(|id| match ds.get(id) {
                    Some(EntityRef::Service(i)) => export::service_row(ds, i, None, lang),
                    _ => None,
                })
                .collect();
            Ok((rows, tr(lang, "Shortlist", "Добірка").to_owned()))
        }
        Selection::Ids(ids) => {
            let rows =
                ids.iter()
                    .map(|id| match ds.get(id) {
                        Some(EntityRef::Service(i)) => export::service_row(ds, i, None, lang)
                            .ok_or_else(|| CliError::Message(cannot_show(id, lang))),
                        Some(other) => Err(CliError::Message(match lang {
                            Lang::En => format!(
                                "\"{id}\" is a {}, not a service; `libservices list services` shows the service ids",
                                detail::kind_label(other, lang).to_lowercase()
                            ),
                            Lang::Uk => format!(
                                "«{id}» — {}, а не послуга; `libservices list services` показує ідентифікатори послуг",
                                detail::kind_label(other, lang).to_lowercase()
                            ),
                        })),
                        None => Err(unknown_id(ds, id, lang, true)),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
            Ok((rows, tr(lang, "Selected services", "Вибрані послуги").to_owned()))
        }
    }
}

/// The format asked for, else the one the output file's extension names, else `default`.
/// A spreadsheet is only written to a file.
fn output_format(
    format: Option<Format>,
    output: Option<&Path>,
    default: Format,
    lang: Lang,
) -> Result<Format, CliError> {
    if let Some(path) = output.filter(|p| p.is_dir()) {
        let example = path.join(format!("results.{}", format.unwrap_or(default).extension()));
        let e = export::WriteError::IsFolder(path.display().to_string(), example.display().to_string());
        return Err(CliError::Message(e.message(lang)));
    }
    let format = match (format, output) {
        (Some(f), _) => f,
        (None, Some(path)) => Format::from_path(path).ok_or_else(|| {
            CliError::Message(match lang {
                Lang::En => format!(
                    "cannot tell the format from the name {}; add --format md, csv, xlsx, json, html or text, or end the name in .md, .csv, .xlsx, .json, .html or .txt",
                    path.display()
                ),
                Lang::Uk => format!(
                    "за назвою {} не видно формату; додайте --format md, csv, xlsx, json, html або text чи закінчіть назву на .md, .csv, .xlsx, .json, .html або .txt",
                    path.display()
                ),
            })
        })?,
        (None, None) => default,
    };
    if format == Format::Xlsx && output.is_none() {
        return Err(CliError::Message(
            tr(
                lang,
                "a spreadsheet is written to a file, not to the screen: add -o FILE.xlsx",
                "таблицю Excel записують у файл, а не на екран: додайте -o ФАЙЛ.xlsx",
            )
            .to_owned(),
        ));
    }
    Ok(format)
}

/// Writes a document to `output` (and says so on `out`), or to `out` when there is none.
/// CSV in a file starts with the byte-order mark Excel needs; CSV to a pipe does not.
fn emit(
    out: &mut dyn Write,
    output: Option<&Path>,
    format: Format,
    bytes: &[u8],
    count: usize,
    lang: Lang,
) -> Result<(), CliError> {
    match output {
        Some(path) => {
            export::write_file(path, export::for_file(format, bytes.to_vec()))
                .map_err(|e| CliError::Message(e.message(lang)))?;
            let done = format!(
                "{}: {} ({})\n",
                tr(lang, "Written", "Записано"),
                path.display(),
                count_services(lang, count)
            );
            write_out(out, done.as_bytes())
        }
        None => write_out(out, bytes),
    }
}

fn no_match(query: &str, lang: Lang) -> u8 {
    let query = crate::suggest::quote(query);
    match lang {
        Lang::En => eprintln!("Nothing matches \"{query}\"."),
        Lang::Uk => eprintln!("Нічого не знайдено за запитом «{query}»."),
    }
    EXIT_NO_MATCH
}

fn cannot_show(id: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("\"{id}\" cannot be shown"),
        Lang::Uk => format!("«{id}» не вдається показати"),
    }
}

fn search(
    ds: &Dataset,
    index: Option<&Index>,
    args: &SearchArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<u8, CliError> {
    let query_text = args.query.join(" ");
    let selection = Selection::Query {
        text: query_text.clone(),
        filters: args.filters.clone(),
        limit: args.limit,
        kinds: args.kinds.iter().map(|&k| k.into()).collect(),
    };
    let format = output_format(args.format, args.output.as_deref(), Format::Text, lang)?;
    if args.output.is_none() && export::streams(format) {
        return search_streamed(ds, index, args, &query_text, format, lang, out);
    }
    let (rows, title) = select(ds, index, &selection, lang)?;
    // An empty array or table still tells a script "nothing", unless a file was asked for.
    if rows.is_empty() && (args.output.is_some() || !matches!(format, Format::Json | Format::Csv)) {
        return Ok(no_match(&query_text, lang));
    }
    let text = export::services(&rows, format, lang, &Heading::new(ds, title))
        .map_err(|e| CliError::Message(e.message(lang)))?;
    emit(out, args.output.as_deref(), format, &text, rows.len(), lang)?;
    Ok(if rows.is_empty() { EXIT_NO_MATCH } else { EXIT_OK })
}

/// [`search`] to standard output in a format that [`export::streams`]: each row is made,
/// written into one buffer and dropped before the next, rather than all rows and then all
/// their text made first (98,000 rows of text at 100,000 services).
fn search_streamed(
    ds: &Dataset,
    index: Option<&Index>,
    args: &SearchArgs,
    query_text: &str,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<u8, CliError> {
    let kinds: Vec<EntryKind> = args.kinds.iter().map(|&k| k.into()).collect();
    let mut built = None;
    let index = index_or_built(ds, index, &mut built);
    let query = Query::parse(query_text);
    let (hits, _) = found(ds, index, query_text, &query, &args.filters, args.limit, &kinds, lang)?;
    let mut rows = hit_rows(ds, index, &query, &hits, lang).peekable();
    // An empty array or table still tells a script "nothing".
    if rows.peek().is_none() && !matches!(format, Format::Json | Format::Csv) {
        return Ok(no_match(query_text, lang));
    }
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    match export::stream(rows, format, lang, &mut buffered) {
        Ok(0) => Ok(EXIT_NO_MATCH),
        // A reader that stopped early (`| head`) is not an error.
        Ok(_) => Ok(EXIT_OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(EXIT_OK),
        Err(e) => Err(CliError::Output(e)),
    }
}

fn export(
    ds: &Dataset,
    index: Option<&Index>,
    args: &ExportArgs,
    ctx: &Context,
    out: &mut dyn Write,
) -> Result<u8, CliError> {
    let lang = ctx.lang;
    let query_text = args.query.join(" ");
    let format = output_format(args.format, args.output.as_deref(), Format::Md, lang)?;
    let personal = personal(ctx);
    let selection = if args.shortlist {
        let ids = shortlist(ds, personal.as_ref(), lang)?;
        if ids.is_empty() {
            eprintln!(
                "{}",
                tr(
                    lang,
                    "The shortlist is empty: mark services in the app with Space, then export them.",
                    "Добірка порожня: позначте послуги в програмі пробілом, потім експортуйте їх.",
                )
            );
            return Ok(EXIT_NO_MATCH);
        }
        Selection::Shortlist(ids)
    } else if args.ids.is_empty() {
        Selection::Query {
            text: query_text.clone(),
            filters: args.filters.clone(),
            limit: args.limit,
            kinds: vec![EntryKind::Service],
        }
    } else {
        Selection::Ids(args.ids.clone())
    };
    let (mut rows, title) = select(ds, index, &selection, lang)?;
    if rows.is_empty() {
        return Ok(no_match(&query_text, lang));
    }
    if let Some(personal) = &personal {
        export::attach_notes(&mut rows, &personal.notes);
    }
    let heading = Heading::new(ds, args.title.clone().unwrap_or(title));
    let text = export::document(&rows, format, lang, &heading).map_err(|e| CliError::Message(e.message(lang)))?;
    emit(out, args.output.as_deref(), format, &text, rows.len(), lang)?;
    Ok(EXIT_OK)
}

fn about(ds: &Dataset, ctx: &Context, format: AboutFormat, lang: Lang, out: &mut dyn Write) -> Result<u8, CliError> {
    let about = About::new(ds, ctx.paths.as_ref().map(Paths::catalogues));
    let text = match format {
        AboutFormat::Text => about.text(lang),
        AboutFormat::Json => export::json(&about),
    };
    write_out(out, &text)?;
    Ok(EXIT_OK)
}

fn show(ds: &Dataset, id: &str, format: DetailFormat, lang: Lang, out: &mut dyn Write) -> Result<u8, CliError> {
    // A retired id (of an entry merged into another) shows the entry it was merged into.
    let entity = ds.resolve(id).ok_or_else(|| unknown_id(ds, id, lang, false))?;
    let text = match format {
        DetailFormat::Json => export::json(&entity_json(ds, entity)),
        DetailFormat::Text | DetailFormat::Md => {
            let d = detail::detail(ds, entity, lang).ok_or_else(|| CliError::Message(cannot_show(id, lang)))?;
            if format == DetailFormat::Md {
                export::detail_md(&d)
            } else {
                export::detail_text(&d)
            }
        }
    };
    write_out(out, &text)?;
    Ok(EXIT_OK)
}

/// An entity as JSON with both languages, its kind, and for non-services the ids of its services.
fn entity_json(ds: &Dataset, entity: EntityRef) -> serde_json::Value {
    let c = &ds.catalogue;
    let service_ids = |list: Option<&[u32]>| -> serde_json::Value {
        list.map(|l| {
            l.iter()
                .filter_map(|&s| c.services.get(s as usize))
                .map(|s| s.id.to_string())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into()
    };
    let (kind, value, services) = match entity {
        EntityRef::Service(i) => ("service", serde_json::to_value(c.services.get(i)), None),
        EntityRef::Library(i) => (
            "library",
            serde_json::to_value(c.libraries.get(i)),
            Some(service_ids(ds.library_services.get(i))),
        ),
        EntityRef::TargetGroup(i) => (
            "target-group",
            serde_json::to_value(c.target_groups.get(i)),
            Some(service_ids(ds.group_services.get(i))),
        ),
        EntityRef::Programme(i) => (
            "programme",
            serde_json::to_value(c.programmes.get(i)),
            Some(service_ids(ds.programme_services.get(i))),
        ),
        EntityRef::Theme(i) => (
            "theme",
            serde_json::to_value(c.themes.get(i)),
            Some(service_ids(ds.theme_services.get(i))),
        ),
    };
    let mut value = value.unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        // "kind" is taken by libraries and programmes for their own kind.
        map.insert("entry".to_owned(), kind.into());
        if let Some(services) = services {
            map.insert("services".to_owned(), services);
        }
    }
    value
}

fn list(ds: &Dataset, kind: ListKind, format: Format, lang: Lang, out: &mut dyn Write) -> Result<u8, CliError> {
    if kind == ListKind::Services {
        let rows: Vec<_> = (0..ds.catalogue.services.len())
            .filter_map(|s| export::service_row(ds, s, None, lang))
            .collect();
        let heading = Heading::new(ds, tr(lang, "All services", "Усі послуги"));
        if format == Format::Xlsx {
            return Err(xlsx_needs_export(lang));
        }
        let text = export::services(&rows, format, lang, &heading).map_err(|e| CliError::Message(e.message(lang)))?;
        write_out(out, &text)?;
        return Ok(EXIT_OK);
    }
    let c = &ds.catalogue;
    let entities: Vec<EntityRef> = match kind {
        ListKind::Libraries => (0..c.libraries.len()).map(EntityRef::Library).collect(),
        ListKind::TargetGroups => (0..c.target_groups.len()).map(EntityRef::TargetGroup).collect(),
        ListKind::Programmes => (0..c.programmes.len()).map(EntityRef::Programme).collect(),
        ListKind::Themes | ListKind::Services => (0..c.themes.len()).map(EntityRef::Theme).collect(),
    };
    let rows: Vec<ListRow> = entities.into_iter().map(|e| list_row(ds, e, lang)).collect();
    let title = match kind {
        ListKind::Libraries => tr(lang, "Libraries", "Бібліотеки"),
        ListKind::TargetGroups => tr(lang, "Target groups", "Цільові групи"),
        ListKind::Programmes => tr(lang, "Programmes", "Програми"),
        ListKind::Themes | ListKind::Services => tr(lang, "Themes", "Теми"),
    };
    if format == Format::Xlsx {
        return Err(xlsx_needs_export(lang));
    }
    write_out(out, list_rows(&rows, format, lang, &Heading::new(ds, title)))?;
    Ok(EXIT_OK)
}

#[derive(serde::Serialize)]
struct ListRow {
    id: String,
    name: String,
    /// Place (libraries), parent (groups, programmes), empty otherwise.
    detail: String,
    services: usize,
}

fn list_row(ds: &Dataset, e: EntityRef, lang: Lang) -> ListRow {
    let (name, id) = name_and_id(ds, e, lang);
    let c = &ds.catalogue;
    let (detail, services) = match e {
        EntityRef::Library(i) => (detail::library_place(ds, i, lang), ds.library_services.get(i)),
        EntityRef::TargetGroup(i) => (
            parent_name(ds, c.target_groups.get(i).and_then(|g| g.parent.as_deref()), lang),
            ds.group_services.get(i),
        ),
        EntityRef::Programme(i) => (
            parent_name(ds, c.programmes.get(i).and_then(|p| p.parent.as_deref()), lang),
            ds.programme_services.get(i),
        ),
        EntityRef::Theme(i) => (String::new(), ds.theme_services.get(i)),
        EntityRef::Service(_) => (String::new(), None),
    };
    ListRow {
        id,
        name,
        detail,
        services: services.map_or(0, <[u32]>::len),
    }
}

fn parent_name(ds: &Dataset, parent: Option<&str>, lang: Lang) -> String {
    parent
        .and_then(|p| ds.get(p))
        .map(|e| name_and_id(ds, e, lang).0)
        .unwrap_or_default()
}

/// `list --format xlsx`: spreadsheets come from `export`.
fn xlsx_needs_export(lang: Lang) -> CliError {
    CliError::Message(
        tr(
            lang,
            "list writes no spreadsheet; use `libservices export -o services.xlsx` for one",
            "list не записує таблиць; для таблиці Excel: `libservices export -o services.xlsx`",
        )
        .to_owned(),
    )
}

fn list_rows(rows: &[ListRow], format: Format, lang: Lang, heading: &Heading) -> String {
    match format {
        Format::Html => {
            let cells: Vec<[String; 4]> = rows
                .iter()
                .map(|r| [r.id.clone(), r.name.clone(), r.detail.clone(), r.services.to_string()])
                .collect();
            let header = ["id", tr(lang, "name", "назва"), "", tr(lang, "services", "послуги")];
            export::html_table(lang, heading, header, &cells)
        }
        Format::Json => export::json(rows),
        Format::Csv => {
            let mut s = String::from("id,name,detail,services\r\n");
            for r in rows {
                s.push_str(&format!(
                    "{},{},{},{}\r\n",
                    export::csv_field(&r.id),
                    export::csv_field(&r.name),
                    export::csv_field(&r.detail),
                    r.services
                ));
            }
            s
        }
        Format::Md => {
            let mut s = format!(
                "| id | {} | | {} |\n|---|---|---|---:|\n",
                tr(lang, "name", "назва"),
                tr(lang, "services", "послуги")
            );
            for r in rows {
                s.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    r.id,
                    export::md_escape(&r.name),
                    export::md_escape(&r.detail),
                    r.services
                ));
            }
            s
        }
        Format::Text | Format::Xlsx => {
            let width = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(0);
            let mut s = String::new();
            for r in rows {
                let detail = if r.detail.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", r.detail)
                };
                s.push_str(&format!(
                    "{:<width$}  {}{detail} ({})\n",
                    r.id,
                    r.name,
                    count_services(lang, r.services)
                ));
            }
            s
        }
    }
}

fn validate(
    cli: &Cli,
    files: &[PathBuf],
    updates: &[PathBuf],
    lang: Lang,
    out: &mut dyn Write,
) -> Result<u8, CliError> {
    let mut layers = sources(cli, files);
    layers.updates.extend(updates.iter().map(|path| Source::open(path)));
    if layers.base.is_empty() && layers.data.is_empty() && layers.updates.is_empty() {
        return Err(CliError::Message(
            tr(
                lang,
                "nothing to validate: give a FILE or leave out --no-bundled",
                "нічого перевіряти: дайте ФАЙЛ або приберіть --no-bundled",
            )
            .to_owned(),
        ));
    }
    let ds = catalogue::load_layers(&layers)?;
    // An update that would be skipped at start is an error here: this is where to see why.
    if !ds.skipped.is_empty() {
        let problems = ds.skipped.into_iter().flat_map(|s| s.problems).collect();
        return Err(CliError::Catalogue(CatalogueError { problems }));
    }
    let c = &ds.catalogue;
    let files = ds
        .sources
        .iter()
        .map(|s| catalogue::display_name(&s.name, lang))
        .collect::<Vec<_>>()
        .join(", ");
    let summary = match lang {
        Lang::En => format!(
            "valid: {files}\n{}, {} libraries, {} target groups, {} programmes, {} themes\n",
            count_services(lang, c.services.len()),
            c.libraries.len(),
            c.target_groups.len(),
            c.programmes.len(),
            c.themes.len(),
        ),
        Lang::Uk => {
            let n = |n: usize, one, few, many| format!("{n} {}", uk_plural(n, one, few, many));
            format!(
                "без помилок: {files}\n{}, {}, {}, {}, {}\n",
                count_services(lang, c.services.len()),
                n(c.libraries.len(), "бібліотека", "бібліотеки", "бібліотек"),
                n(c.target_groups.len(), "цільова група", "цільові групи", "цільових груп"),
                n(c.programmes.len(), "програма", "програми", "програм"),
                n(c.themes.len(), "тема", "теми", "тем"),
            )
        }
    };
    write_out(out, &summary)?;
    Ok(EXIT_OK)
}

fn paths(ctx: &Context, out: &mut dyn Write) -> Result<u8, CliError> {
    let Some(p) = &ctx.paths else {
        return Err(CliError::Message(match ctx.lang {
            Lang::En => format!(
                "no home directory was found; set {} to a folder for libservices' files",
                crate::paths::HOME_VAR
            ),
            Lang::Uk => format!(
                "домашню теку не знайдено; задайте {} — теку для файлів libservices",
                crate::paths::HOME_VAR
            ),
        }));
    };
    let text = format!(
        "config: {}\ndata: {}\nstate: {}\ncache: {}\ncatalogues: {}\ndocuments: {}\n",
        p.config_file().display(),
        p.data.display(),
        p.state.display(),
        p.cache.display(),
        p.catalogues().display(),
        p.documents.display()
    );
    write_out(out, &text)?;
    Ok(EXIT_OK)
}

fn generate(
    services: usize,
    seed: u64,
    output: Option<&std::path::Path>,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<u8, CliError> {
    let text = crate::generate::to_ron(&crate::generate::catalogue(services, seed)).map_err(|e| {
        CliError::Message(match lang {
            Lang::En => format!("cannot write the catalogue as RON: {e}"),
            Lang::Uk => format!(
                "не вдається записати каталог у форматі RON: {}",
                crate::catalogue::ron_what_uk(&e)
            ),
        })
    })?;
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| {
            CliError::Message(match lang {
                Lang::En => format!(
                    "cannot write {}: {e}; check that the folder exists and that you may write there",
                    path.display()
                ),
                Lang::Uk => format!(
                    "не вдається записати {}: {}; перевірте, що тека існує і ви маєте право в неї писати",
                    path.display(),
                    io_reason(&e, lang)
                ),
            })
        })?,
        None => write_out(out, &text)?,
    }
    Ok(EXIT_OK)
}

/// `config`: the settings in effect and where they come from, or the commented default file.
fn show_config(ctx: &Context, print_default: bool, out: &mut dyn Write) -> Result<u8, CliError> {
    if print_default {
        write_out(out, config::DEFAULT_FILE)?;
        return Ok(EXIT_OK);
    }
    let file = ctx.paths.as_ref().map_or_else(
        || tr(ctx.lang, "(no home directory)", "(домашньої теки немає)").to_owned(),
        |p| p.config_file().display().to_string(),
    );
    let name = |v: &dyn std::fmt::Debug| format!("{v:?}").to_lowercase();
    let text = format!(
        "file: {file}\nlang: {}\ntheme: {}\nkeys: {}\nmouse: {}\nkiosk: {}\nidle_seconds: {}\n",
        ctx.lang.code(),
        match ctx.theme {
            ThemeName::HighContrast => "high_contrast".to_owned(),
            other => name(&other),
        },
        name(&ctx.keys),
        ctx.mouse,
        ctx.kiosk,
        ctx.idle_seconds,
    );
    write_out(out, &text)?;
    Ok(EXIT_OK)
}

/// Formats problems for stderr in `lang`, one per line, then how many.
#[must_use]
pub fn problems_report(problems: &[Problem], lang: Lang) -> String {
    let mut s: String = problems.iter().map(|p| p.line(lang) + "\n").collect();
    s.push_str(&count_problems(lang, problems.len()));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::startup::bounded_updates;

    #[test]
    fn updates_past_the_total_limit_are_refused_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Catalogue(services: [])";
        let files: Vec<PathBuf> = ["a.ron", "b.ron", "c.ron"]
            .iter()
            .map(|n| {
                let p = dir.path().join(n);
                std::fs::write(&p, text).unwrap();
                p
            })
            .collect();
        let limit = 2 * text.len() as u64;
        let opened = bounded_updates(&files, limit);
        assert!(opened[0].is_ok() && opened[1].is_ok());
        let refused = opened[2].as_ref().unwrap_err();
        assert!(refused.file.ends_with("c.ron"), "{refused:?}");
        assert!(refused.message.en.contains("add up to 1 GiB"), "{refused:?}");
        assert!(refused.message.uk.contains("1 ГіБ"), "{refused:?}");
    }
}
