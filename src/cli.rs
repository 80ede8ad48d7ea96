//! The command line: clap definitions and the non-interactive commands.
//!
//! Exit codes: 0 success (results found), 1 nothing matched, 2 bad input or errors.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalogue::{self, CatalogueError, Dataset, EntityRef, Lang, Problem, Source};
use crate::config::{self, Config, KeyPreset, ThemeName};
use crate::detail::{self, name_and_id};
use crate::export::{self, Format};
use crate::facets::{Facet, Facets, Filters};
use crate::i18n::{count_services, tr};
use crate::paths::Paths;
use crate::search::{Index, Query};

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
pub struct Cli {
    /// A catalogue file merged with the bundled one; repeat for several.
    #[arg(long, global = true, value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// Leave the bundled catalogue out (only the --data files are used).
    #[arg(long, global = true)]
    pub no_bundled: bool,
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
    /// Check catalogue files; with no file, the bundled catalogue.
    Validate {
        /// Files to check, together with the bundled catalogue (unless --no-bundled).
        files: Vec<PathBuf>,
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
    },
    /// Show the configuration in effect, or print a commented default file.
    Config {
        /// Print a commented configuration file with every default, to start from.
        #[arg(long)]
        print_default: bool,
    },
}

/// Arguments of `search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Search text: words that must all match; fzf operators 'exact ^prefix suffix$ !exclude.
    pub query: Vec<String>,
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
    /// At most this many results.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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
}

/// Settings that every command shares: the command line over the config file over the
/// environment over the defaults.
#[derive(Debug, Clone)]
pub struct Context {
    /// The chosen language.
    pub lang: Lang,
    /// The colour theme.
    pub theme: ThemeName,
    /// Movement keys.
    pub keys: KeyPreset,
    /// React to the mouse.
    pub mouse: bool,
    /// Kiosk mode.
    pub kiosk: bool,
    /// Kiosk idle timeout in seconds.
    pub idle_seconds: u32,
    /// The user's directories, if they can be found.
    pub paths: Option<Paths>,
    /// Warnings to show (a broken config...).
    pub warnings: Vec<String>,
}

impl Context {
    /// Resolves the settings and directories from the process environment.
    #[must_use]
    pub fn new(cli: &Cli) -> Self {
        Self::with_env(cli, Paths::detect(), |k| std::env::var(k).ok())
    }

    /// Resolves the settings: the command line, then the config file, then the environment
    /// (`LC_ALL`/`LC_MESSAGES`/`LANG`, `NO_COLOR`), then the defaults.
    #[must_use]
    pub fn with_env(cli: &Cli, paths: Option<Paths>, env: impl Fn(&str) -> Option<String>) -> Self {
        let mut warnings = Vec::new();
        let config = paths.as_ref().map_or_else(Config::default, |p| {
            let (config, warning) = config::load(&p.config_file());
            warnings.extend(warning);
            config
        });
        let no_color = env("NO_COLOR").is_some_and(|v| !v.is_empty());
        let lang = cli
            .lang
            .map(Lang::from)
            .or(config.lang)
            .unwrap_or_else(|| config::lang_from_env(&env));
        let theme = cli
            .palette
            .or_else(|| no_color.then_some(ThemeName::Monochrome))
            .or(config.theme)
            .unwrap_or_default();
        Self {
            lang,
            theme,
            keys: config.keys.unwrap_or_default(),
            mouse: !cli.no_mouse && config.mouse.unwrap_or(true),
            kiosk: cli.kiosk || config.kiosk.unwrap_or(false),
            idle_seconds: config.idle_seconds.unwrap_or(config::DEFAULT_IDLE_SECONDS),
            paths,
            warnings,
        }
    }
}

/// The files a command works on: the bundled catalogue (unless left out), the `--data`
/// files and `extra`, each read or the problem that stopped it.
pub fn sources(cli: &Cli, extra: &[PathBuf]) -> Vec<Result<Source, Problem>> {
    let bundled = (!cli.no_bundled).then(|| Ok(Source::bundled()));
    bundled
        .into_iter()
        .chain(cli.data.iter().chain(extra).map(|path| Source::read(path)))
        .collect()
}

/// Loads every file, reporting the problems of all of them at once.
fn load_files(files: &[Result<Source, Problem>]) -> Result<Dataset, CatalogueError> {
    catalogue::load_read(files.iter().map(|f| f.as_ref().map_err(Clone::clone)))
}

/// Loads the dataset for a command.
pub fn load(cli: &Cli) -> Result<Dataset, CliError> {
    let files = sources(cli, &[]);
    if files.is_empty() {
        return Err(CliError::Message(
            "no catalogue: --no-bundled leaves only --data files, and none was given".to_owned(),
        ));
    }
    // A big catalogue that validated before is read from the cache (see `cache`); the files
    // are let go first, so that they and the catalogue are not in memory at once.
    let cache = Paths::detect().map(|p| p.cache);
    let readable: Option<Vec<&Source>> = files.iter().map(|f| f.as_ref().ok()).collect();
    let key = readable
        .filter(|r| crate::cache::worth_it(r.iter().copied()))
        .map(|r| crate::cache::key(r.iter().copied()));
    if let (Some(dir), Some(key)) = (&cache, &key)
        && crate::cache::exists(dir, key)
    {
        drop(files);
        if let Some(ds) = crate::cache::load(dir, key) {
            return Ok(ds);
        }
        return load_and_cache(&sources(cli, &[]), cache.as_deref(), Some(key));
    }
    load_and_cache(&files, cache.as_deref(), key.as_deref())
}

/// Loads the files, and caches the result when `key` says they are worth it.
fn load_and_cache(
    files: &[Result<Source, Problem>],
    cache: Option<&std::path::Path>,
    key: Option<&str>,
) -> Result<Dataset, CliError> {
    let ds = load_files(files)?;
    if let (Some(dir), Some(key)) = (cache, key) {
        crate::cache::store(dir, key, &ds);
    }
    Ok(ds)
}

/// Runs a non-interactive command; writes to `out`, returns the exit code.
pub fn run_command(cli: &Cli, command: &Command, ctx: &Context, out: &mut dyn Write) -> Result<u8, CliError> {
    let lang = ctx.lang;
    match command {
        Command::Search(args) => search(&load(cli)?, args, lang, out),
        Command::Show { id, format } => show(&load(cli)?, id, *format, lang, out),
        Command::List { kind, format } => list(&load(cli)?, *kind, *format, lang, out),
        Command::Validate { files } => validate(cli, files, lang, out),
        Command::Paths => paths(ctx, out),
        Command::Generate { services, seed, output } => generate(*services, *seed, output.as_deref(), out),
        Command::Bench { services, seed } => {
            let report = crate::bench::run(*services, *seed);
            write_out(out, &report.to_string())?;
            Ok(EXIT_OK)
        }
        Command::Config { print_default } => show_config(ctx, *print_default, out),
    }
}

fn write_out(out: &mut dyn Write, text: &str) -> Result<(), CliError> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::Message(format!("cannot write the output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Builds the facet filters from `search` options.
fn filters(facets: &Facets, args: &SearchArgs) -> Result<Filters, CliError> {
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
            let value = facets.find(facet, key).ok_or_else(|| {
                CliError::Message(format!(
                    "unknown {} \"{key}\": no service has it; `libservices list {list}` shows what there is",
                    facet.label(Lang::En).to_lowercase()
                ))
            })?;
            filters.include(facet, value);
        }
    }
    Ok(filters)
}

fn search(ds: &Dataset, args: &SearchArgs, lang: Lang, out: &mut dyn Write) -> Result<u8, CliError> {
    let facets = Facets::new(ds);
    let filters = filters(&facets, args)?;
    let index = Index::new(&ds.catalogue);
    let query_text = args.query.join(" ");
    let hits = index.search(&Query::parse(&query_text));
    let rows: Vec<_> = hits
        .iter()
        .filter(|h| filters.passes(&facets, h.service))
        .take(args.limit.unwrap_or(usize::MAX))
        .filter_map(|h| export::service_row(ds, h.service, Some(h), lang))
        .collect();
    if rows.is_empty() && !matches!(args.format, Format::Json | Format::Csv) {
        let msg = tr(lang, "No services match", "Жодна послуга не відповідає запиту");
        eprintln!("{msg} \"{query_text}\".");
        return Ok(EXIT_NO_MATCH);
    }
    write_out(out, &export::services(&rows, args.format, lang))?;
    Ok(if rows.is_empty() { EXIT_NO_MATCH } else { EXIT_OK })
}

fn show(ds: &Dataset, id: &str, format: DetailFormat, lang: Lang, out: &mut dyn Write) -> Result<u8, CliError> {
    let entity = ds.get(id).ok_or_else(|| {
        CliError::Message(format!(
            "unknown id \"{id}\"; `libservices list services` (or libraries, target-groups, programmes, themes) shows the ids"
        ))
    })?;
    let text = match format {
        DetailFormat::Json => export::json(&entity_json(ds, entity)),
        DetailFormat::Text | DetailFormat::Md => {
            let d = detail::detail(ds, entity, lang)
                .ok_or_else(|| CliError::Message(format!("\"{id}\" cannot be shown")))?;
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
    let service_ids = |list: Option<&Vec<usize>>| -> serde_json::Value {
        list.map(|l| {
            l.iter()
                .filter_map(|&s| c.services.get(s))
                .map(|s| s.id.clone())
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
        write_out(out, &export::services(&rows, format, lang))?;
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
    write_out(out, &list_rows(&rows, format, lang))?;
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
        services: services.map_or(0, Vec::len),
    }
}

fn parent_name(ds: &Dataset, parent: Option<&str>, lang: Lang) -> String {
    parent
        .and_then(|p| ds.get(p))
        .map(|e| name_and_id(ds, e, lang).0)
        .unwrap_or_default()
}

fn list_rows(rows: &[ListRow], format: Format, lang: Lang) -> String {
    match format {
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
        Format::Text => {
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

fn validate(cli: &Cli, files: &[PathBuf], lang: Lang, out: &mut dyn Write) -> Result<u8, CliError> {
    let sources = sources(cli, files);
    if sources.is_empty() {
        return Err(CliError::Message(
            "nothing to validate: give a FILE or leave out --no-bundled".to_owned(),
        ));
    }
    let ds = load_files(&sources)?;
    let c = &ds.catalogue;
    let files = ds
        .sources
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let summary = format!(
        "{}: {files}\n{}, {} {}, {} {}, {} {}, {} {}\n",
        tr(lang, "valid", "без помилок"),
        count_services(lang, c.services.len()),
        c.libraries.len(),
        tr(lang, "libraries", "бібліотек"),
        c.target_groups.len(),
        tr(lang, "target groups", "цільових груп"),
        c.programmes.len(),
        tr(lang, "programmes", "програм"),
        c.themes.len(),
        tr(lang, "themes", "тем"),
    );
    write_out(out, &summary)?;
    Ok(EXIT_OK)
}

fn paths(ctx: &Context, out: &mut dyn Write) -> Result<u8, CliError> {
    let Some(p) = &ctx.paths else {
        return Err(CliError::Message(format!(
            "no home directory was found; set {} to a folder for libservices' files",
            crate::paths::HOME_VAR
        )));
    };
    let text = format!(
        "config: {}\ndata: {}\nstate: {}\ncache: {}\n",
        p.config_file().display(),
        p.data.display(),
        p.state.display(),
        p.cache.display()
    );
    write_out(out, &text)?;
    Ok(EXIT_OK)
}

fn generate(services: usize, seed: u64, output: Option<&std::path::Path>, out: &mut dyn Write) -> Result<u8, CliError> {
    let text = crate::generate::to_ron(&crate::generate::catalogue(services, seed))
        .map_err(|e| CliError::Message(format!("cannot write the catalogue as RON: {e}")))?;
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| {
            CliError::Message(format!(
                "cannot write {}: {e}; check that the folder exists and that you may write there",
                path.display()
            ))
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
        || "(no home directory)".to_owned(),
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

/// Formats problems for stderr, one per line, then how many.
#[must_use]
pub fn problems_report(problems: &[Problem]) -> String {
    let mut s: String = problems.iter().map(|p| p.to_string() + "\n").collect();
    let n = problems.len();
    s.push_str(&format!("{n} problem{}\n", if n == 1 { "" } else { "s" }));
    s
}
