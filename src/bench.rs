//! `libservices bench`: how fast this computer loads, searches and draws a catalogue of a
//! given size. A synthetic catalogue ([`crate::generate`]) is written as RON to a temporary
//! file, then loaded from it as the app loads a `--data` file, indexed and browsed on a
//! 120x40 test terminal by a scripted typing session, as a user would; then loaded again
//! through the cache. Every figure is wall-clock time on this machine.
//!
//! [`against_fzf`] races `libservices search` against `fzf --filter` as whole processes.

use std::fmt;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use crate::action::Action;
use crate::app::{App, Data};
use crate::catalogue::{self, Dataset, Lang, Layers, Source};
use crate::generate;
use crate::i18n::io_reason;
use crate::search::worker::Worker;
use crate::search::{Index, Query};
use crate::ui::{self, Theme};

/// The terminal size the session is drawn on.
const WIDTH: u16 = 120;
/// The terminal height.
const HEIGHT: u16 = 40;

/// One figure of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The key, e.g. `keystroke_p95_ms`.
    pub key: &'static str,
    /// The value as printed.
    pub value: String,
}

/// The figures of one run, in the order printed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Every figure.
    pub figures: Vec<Figure>,
}

impl Report {
    fn add(&mut self, key: &'static str, value: impl fmt::Display) {
        self.figures.push(Figure {
            key,
            value: value.to_string(),
        });
    }

    fn ms(&mut self, key: &'static str, d: Duration) {
        self.add(key, format!("{:.2}", d.as_secs_f64() * 1000.0));
    }

    /// The value of a figure.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.figures.iter().find(|f| f.key == key).map(|f| f.value.as_str())
    }

    /// A figure in milliseconds (or any number), parsed.
    #[must_use]
    pub fn number(&self, key: &str) -> Option<f64> {
        self.get(key).and_then(|v| v.parse().ok())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for figure in &self.figures {
            writeln!(f, "{}: {}", figure.key, figure.value)?;
        }
        Ok(())
    }
}

/// One step of the scripted session.
#[derive(Debug, Clone)]
enum Step {
    Type(&'static str),
    Backspace(usize),
    Do(Action),
}

/// The scripted session: words typed letter by letter in Latin and in Cyrillic, backspaced
/// away, and facet values toggled in the filter pane.
fn script() -> Vec<Step> {
    vec![
        Step::Type("theatre"),
        Step::Backspace(7),
        Step::Type("бібліотека"),
        Step::Backspace(10),
        Step::Type("ntfnh"),
        Step::Backspace(5),
        Step::Type("digital skills"),
        Step::Backspace(14),
        Step::Type("zhytomyr"),
        Step::Do(Action::FocusNext),
        Step::Do(Action::Down),
        Step::Do(Action::ToggleValue),
        Step::Do(Action::Down),
        Step::Do(Action::Down),
        Step::Do(Action::ToggleValue),
        Step::Do(Action::ExcludeValue),
        Step::Do(Action::ClearFilters),
        Step::Do(Action::FocusSearch),
        Step::Backspace(8),
    ]
}

/// The actions of the session, one per key.
fn actions() -> Vec<Action> {
    script()
        .into_iter()
        .flat_map(|step| match step {
            Step::Type(text) => text.chars().map(Action::Insert).collect::<Vec<_>>(),
            Step::Backspace(n) => vec![Action::DeleteBack; n],
            Step::Do(action) => vec![action],
        })
        .collect()
}

/// The value at quantile `q` (0..=1) of sorted durations.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (q * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Peak resident memory of this process in MB (Linux: `VmHWM`), `None` elsewhere.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Forgets the peak so far (Linux), so that the figure covers loading and browsing, not the
/// generator. Without it the peak includes the generator's memory: an overestimate.
fn reset_peak_rss() {
    // Best effort: `clear_refs` may be missing or not writable (containers, other systems).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A test terminal of the session size.
fn terminal() -> Option<Terminal<TestBackend>> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).ok()
}

/// Draws the app once; the time it took.
fn draw(terminal: &mut Terminal<TestBackend>, app: &App, theme: &Theme) -> Duration {
    let start = Instant::now();
    // A test backend cannot fail to draw.
    let _ = terminal.draw(|frame| ui::draw(frame, app, theme));
    start.elapsed()
}

/// A temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!("libservices-bench-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Best effort: a folder left in the temporary folder does no harm.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// "cannot write FILE: why".
fn cannot_write(file: &Path, e: &std::io::Error, lang: Lang) -> String {
    match lang {
        Lang::En => format!("cannot write {}: {e}", file.display()),
        Lang::Uk => format!("не вдається записати {}: {}", file.display(), io_reason(e, lang)),
    }
}

/// "cannot run PROGRAM: why".
fn cannot_run(program: &std::ffi::OsStr, e: &std::io::Error, lang: Lang) -> String {
    let program = Path::new(program).display();
    match lang {
        Lang::En => format!("cannot run {program}: {e}"),
        Lang::Uk => format!("не вдається запустити {program}: {}", io_reason(e, lang)),
    }
}

/// "cannot make a temporary folder: why".
fn no_scratch(e: &std::io::Error, lang: Lang) -> String {
    match lang {
        Lang::En => format!("cannot make a temporary folder: {e}"),
        Lang::Uk => format!("не вдається створити тимчасову теку: {}", io_reason(e, lang)),
    }
}

/// "PROGRAM failed (STATUS): what it said".
fn failed(program: &str, status: std::process::ExitStatus, stderr: &[u8], lang: Lang) -> String {
    let said = String::from_utf8_lossy(stderr);
    let said = said.trim();
    match lang {
        Lang::En => format!("{program} failed ({status}): {said}"),
        Lang::Uk => {
            let status = match status.code() {
                Some(code) => format!("код виходу {code}"),
                None => "зупинено сигналом".to_owned(),
            };
            format!("{program} завершився з помилкою ({status}): {said}")
        }
    }
}

/// A writer that keeps the system's first error (RON keeps only its English text).
struct Kept<W> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: std::io::Write> Kept<W> {
    fn keep<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        result.inspect_err(|e| {
            if self.error.is_none() {
                self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
            }
        })
    }
}

impl<W: std::io::Write> std::io::Write for Kept<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.keep(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.keep(result)
    }
}

/// Writes `catalogue` as RON to `file`.
fn write_catalogue(file: &Path, catalogue: &catalogue::Catalogue, lang: Lang) -> Result<(), String> {
    let out = std::fs::File::create(file).map_err(|e| cannot_write(file, &e, lang))?;
    let mut out = Kept {
        inner: BufWriter::with_capacity(1 << 20, out),
        error: None,
    };
    generate::write_ron(catalogue, &mut out).map_err(|e| match (out.error, lang) {
        (Some(io), _) => cannot_write(file, &io, lang),
        (None, Lang::En) => format!("cannot write {}: {e}", file.display()),
        (None, Lang::Uk) => format!(
            "не вдається записати {}: {}",
            file.display(),
            catalogue::ron_what_uk(&e)
        ),
    })
}

/// Writes the generated catalogue of `services` as RON to `file`; the generator's memory is
/// freed when this returns.
fn write_generated(file: &Path, services: usize, seed: u64, lang: Lang) -> Result<(), String> {
    write_catalogue(file, &generate::catalogue(services, seed), lang)
}

/// Runs `exe generate` to write the generated catalogue of `services` to `file`; what it
/// says on failure is in `lang`.
fn generate_apart(exe: &Path, file: &Path, services: usize, seed: u64, lang: Lang) -> Result<(), String> {
    let output = Command::new(exe)
        .args([
            "--lang",
            lang.code(),
            "generate",
            "--services",
            &services.to_string(),
            "--seed",
            &seed.to_string(),
            "--output",
        ])
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| cannot_run(exe.as_os_str(), &e, lang))?;
    if output.status.success() {
        Ok(())
    } else {
        let generator = crate::i18n::tr(lang, "the generator", "генератор");
        Err(failed(generator, output.status, &output.stderr, lang))
    }
}

/// Runs the benchmark on `services` generated services. The catalogue is generated by
/// `exe generate` (this program's own file) when `exe` is given, else in this process.
/// An `error` figure, in `lang`, says why it stopped early.
#[must_use]
pub fn run(services: usize, seed: u64, exe: Option<&Path>, lang: Lang) -> Report {
    // As `main` does, so that a test measures what the program does (see `alloc`).
    let _ = crate::alloc::give_big_blocks_back();
    let mut report = Report::default();
    let theme = Theme::default();
    let Some(mut term) = terminal() else {
        return report;
    };

    // The bundled catalogue, from its text to the first screen, as the app starts.
    let start = Instant::now();
    let bundled = catalogue::load(&[Source::bundled()]).map(|ds| {
        let app = App::new(Data::new(ds), Lang::En, Rect::new(0, 0, WIDTH, HEIGHT));
        draw(&mut term, &app, &theme);
    });
    let bundled_first_frame = bundled.is_ok().then(|| start.elapsed());

    let scratch = match Scratch::new() {
        Ok(scratch) => scratch,
        Err(e) => {
            report.add("error", no_scratch(&e, lang));
            return report;
        }
    };
    let file = scratch.path().join("generated.ron");
    let start = Instant::now();
    // In a process of its own when this program's file is known, so that the generator
    // leaves nothing of its memory in this one. Else (tests) on a thread of its own, so that
    // its memory at least goes back to the system when it is freed.
    let written = if let Some(exe) = exe {
        generate_apart(exe, &file, services, seed, lang)
    } else {
        std::thread::scope(|scope| {
            scope
                .spawn(|| write_generated(&file, services, seed, lang))
                .join()
                .unwrap_or_else(|_| {
                    Err(crate::i18n::tr(lang, "the generator failed", "генератор зазнав збою").to_owned())
                })
        })
    };
    if let Err(e) = written {
        report.add("error", e);
        return report;
    }
    let generate_time = start.elapsed();
    let file_mb = std::fs::metadata(&file).map_or(0.0, |m| m.len() as f64 / 1e6);
    reset_peak_rss();

    // From the file to the first frame, as the app loads a `--data` file (a big one is
    // parsed as a stream, on every core).
    let start = Instant::now();
    let layers = Layers {
        data: vec![Source::open(&file)],
        ..Layers::default()
    };
    let ds = match catalogue::load_layers(&layers) {
        Ok(ds) => ds,
        Err(e) => {
            let problems: Vec<String> = e.problems.iter().map(|p| p.line(lang)).collect();
            report.add("error", problems.join("\n"));
            return report;
        }
    };
    let load_time = start.elapsed();
    let data = Data::new(ds);
    let index_time = start.elapsed().saturating_sub(load_time);
    let mut app = App::new(data, Lang::En, Rect::new(0, 0, WIDTH, HEIGHT));
    draw(&mut term, &app, &theme);
    let first_frame = start.elapsed();
    // The session, with searches on the worker as in the app: from the key to the frame
    // that shows the new results (a first, narrowed answer counts), and to the frame with
    // the exact answer ("settled").
    app.defer_searches();
    let (tx, answers) = mpsc::channel();
    let worker = Worker::spawn(Arc::clone(&app.data().index), move |outcome| tx.send(outcome).is_ok());
    let mut keystrokes = Vec::new();
    let mut settled = Vec::new();
    for action in actions() {
        let start = Instant::now();
        app.update(action);
        let request = app.take_effects().into_iter().find_map(|e| match e {
            crate::app::Effect::Search(request) => Some(request),
            _ => None,
        });
        let Some(request) = request else {
            draw(&mut term, &app, &theme);
            keystrokes.push(start.elapsed());
            settled.push(start.elapsed());
            continue;
        };
        worker.send(request);
        // The frame with the new text and the old results, as the app draws it at once.
        draw(&mut term, &app, &theme);
        let mut first = None;
        while let Ok(outcome) = answers.recv() {
            let exact = outcome.exact;
            if app.apply_search(outcome) {
                draw(&mut term, &app, &theme);
                first.get_or_insert(start.elapsed());
                if exact {
                    break;
                }
            }
        }
        keystrokes.push(first.unwrap_or_else(|| start.elapsed()));
        settled.push(start.elapsed());
    }
    drop(worker);
    keystrokes.sort_unstable();
    settled.sort_unstable();

    let mut renders: Vec<Duration> = (0..21).map(|_| draw(&mut term, &app, &theme)).collect();
    renders.sort_unstable();

    let mut searches: Vec<Duration> = [
        "t",
        "th",
        "the",
        "theatre",
        "б",
        "бібліотека",
        "ntfnh",
        "digital skills",
    ]
    .iter()
    .map(|q| {
        let query = Query::parse(q);
        let start = Instant::now();
        let hits = app.data().index.search(&query);
        let took = start.elapsed();
        drop(hits);
        took
    })
    .collect();
    searches.sort_unstable();

    // The first start's peak: memory the second start takes on other threads would add to
    // what the first one freed but the process kept.
    let rss = peak_rss_mb();
    // The second start: the catalogue written to the cache, then read back as the app
    // reads it when the file has not changed (the file hashed, the cache read), and the
    // first frame from there.
    let cache = scratch.path().join("cache");
    let key = crate::cache::hash(&layers).unwrap_or_default();
    let start = Instant::now();
    crate::cache::store_blob(&cache, &key, &app.data().ds, &*app.data().index);
    let cache_store = start.elapsed();
    let service_count = app.data().ds.catalogue.services.len();
    drop(app);
    let start = Instant::now();
    let cached = crate::cache::hash(&layers).and_then(|key| {
        crate::cache::load_with(&cache, &key, |ds, input, len| {
            Index::read_from(input, len, &ds.catalogue)
        })
    });
    let cached_load = start.elapsed();
    let cached_first_frame = cached.map(|(ds, index)| {
        let app = App::new(Data::with_index(ds, index), Lang::En, Rect::new(0, 0, WIDTH, HEIGHT));
        draw(&mut term, &app, &theme);
        start.elapsed()
    });

    report.add("services", service_count);
    report.ms("load_ms", load_time);
    report.ms("first_frame_ms", first_frame);
    report.ms("keystroke_p50_ms", quantile(&keystrokes, 0.5));
    report.ms("keystroke_p95_ms", quantile(&keystrokes, 0.95));
    report.ms("keystroke_max_ms", keystrokes.last().copied().unwrap_or_default());
    report.ms("render_ms", quantile(&renders, 0.5));
    match rss {
        Some(mb) => report.add("rss_mb", format!("{mb:.1}")),
        None => report.add("rss_mb", "unavailable"),
    }
    report.add("keystrokes", keystrokes.len());
    report.ms("settled_p95_ms", quantile(&settled, 0.95));
    report.ms("settled_max_ms", settled.last().copied().unwrap_or_default());
    if let Some(time) = bundled_first_frame {
        report.ms("bundled_first_frame_ms", time);
    }
    report.ms("generate_ms", generate_time);
    report.ms("index_ms", index_time);
    report.ms("full_search_p50_ms", quantile(&searches, 0.5));
    report.ms("full_search_max_ms", searches.last().copied().unwrap_or_default());
    report.add("file_mb", format!("{file_mb:.1}"));
    report.ms("cache_store_ms", cache_store);
    report.ms("cached_load_ms", cached_load);
    match cached_first_frame {
        Some(time) => report.ms("cached_first_frame_ms", time),
        None => report.add(
            "cached_first_frame_ms",
            "unavailable (the cache could not be written or read)",
        ),
    }
    report
}

/// The queries of the race with `fzf`.
pub const RACE_QUERIES: [&str; 4] = ["theatre", "бібліотека", "zhytomyr", "chess club"];

/// One query of the race: medians over the rounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Lap {
    /// The search text.
    pub query: String,
    /// `libservices search QUERY --data FILE`, whole process, median.
    pub libservices: Duration,
    /// `fzf --filter QUERY < FLAT`, whole process, median.
    pub fzf: Duration,
    /// Services `libservices` found.
    pub libservices_found: usize,
    /// Lines `fzf` printed.
    pub fzf_found: usize,
}

impl Lap {
    /// fzf's time over ours: above 1, `libservices` is faster.
    #[must_use]
    pub fn ratio(&self) -> f64 {
        self.fzf.as_secs_f64() / self.libservices.as_secs_f64().max(1e-9)
    }
}

/// The race of `libservices search` against `fzf --filter` on the same services.
#[derive(Debug, Clone, PartialEq)]
pub struct Race {
    /// Services in the generated catalogue.
    pub services: usize,
    /// Runs of each program per query.
    pub rounds: usize,
    /// Size of the catalogue file (RON).
    pub catalogue_bytes: u64,
    /// Size of the flattened file (one line per service).
    pub flat_bytes: u64,
    /// One per query, in order.
    pub laps: Vec<Lap>,
}

impl fmt::Display for Race {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cache = if self.catalogue_bytes >= crate::cache::MIN_BYTES {
            "cache warm"
        } else {
            "under 4 MB: not cached"
        };
        writeln!(
            f,
            "{} services: `libservices search QUERY --data FILE` ({:.1} MB of RON, {cache}) against `fzf --filter QUERY` ({:.1} MB, one line per service)",
            self.services,
            self.catalogue_bytes as f64 / 1e6,
            self.flat_bytes as f64 / 1e6
        )?;
        writeln!(
            f,
            "whole processes, interleaved, median of {} runs each; ratio = fzf / libservices (above 1: libservices is faster)",
            self.rounds
        )?;
        writeln!(
            f,
            "{:<12} {:>16} {:>10} {:>7} {:>20} {:>10}",
            "query", "libservices_ms", "fzf_ms", "ratio", "libservices_found", "fzf_found"
        )?;
        for lap in &self.laps {
            writeln!(
                f,
                "{:<12} {:>16.1} {:>10.1} {:>7.2} {:>20} {:>10}",
                lap.query,
                lap.libservices.as_secs_f64() * 1000.0,
                lap.fzf.as_secs_f64() * 1000.0,
                lap.ratio(),
                lap.libservices_found,
                lap.fzf_found
            )?;
        }
        Ok(())
    }
}

/// One line per service for `fzf`: titles in both languages, library names, places and
/// target group names (each name once).
fn flat_line(ds: &Dataset, service: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut add = |s: String| {
        let s = s.replace(['\n', '\r'], " ");
        if !s.is_empty() && !parts.contains(&s) {
            parts.push(s);
        }
    };
    for lang in [Lang::Uk, Lang::En] {
        if let Some(row) = crate::export::service_row(ds, service, None, lang) {
            add(row.title);
            for (library, place) in row.libraries.into_iter().zip(row.places) {
                add(library.name);
                add(place);
            }
            for group in row.target_groups {
                add(group.name);
            }
        }
    }
    parts.join(" | ")
}

/// Runs `command` to its end with standard output counted and thrown away: the time, the
/// exit status and the number of output lines. A failure is told in `lang`.
fn timed(command: &mut Command, lang: Lang) -> Result<(Duration, std::process::ExitStatus, usize), String> {
    let start = Instant::now();
    let output = command
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .output()
        .map_err(|e| cannot_run(command.get_program(), &e, lang))?;
    let took = start.elapsed();
    let lines = output.stdout.split(|&b| b == b'\n').count().saturating_sub(1);
    if !output.status.success() && output.status.code() != Some(1) {
        let program = Path::new(command.get_program()).display().to_string();
        return Err(failed(&program, output.status, &output.stderr, lang));
    }
    Ok((took, output.status, lines))
}

/// The median of durations.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    quantile(&times, 0.5)
}

/// Races `exe search QUERY --data FILE` (`exe`: this program) against `fzf --filter QUERY`
/// on a generated catalogue of `services`, as whole processes, `rounds` times per query,
/// interleaved. Both run once first: `libservices` then finds its cache warm, as on a
/// user's second search, and both files are in the page cache. The user's own folders are
/// not touched (`LIBSERVICES_HOME` is a temporary folder). An error when `fzf` is missing or
/// a run fails, in `lang`.
pub fn against_fzf(exe: &Path, services: usize, seed: u64, rounds: usize, lang: Lang) -> Result<Race, String> {
    if Command::new("fzf")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_err()
    {
        return Err(crate::i18n::tr(
            lang,
            "fzf is not installed (or not on PATH): install it (Debian, Ubuntu: `apt-get install fzf`) to race against it, or leave out --against-fzf",
            "fzf не встановлено (або його немає в PATH): встановіть його (Debian, Ubuntu: `apt-get install fzf`), щоб змагатися з ним, або приберіть --against-fzf",
        )
        .to_owned());
    }
    let scratch = Scratch::new().map_err(|e| no_scratch(&e, lang))?;
    let file = scratch.path().join("catalogue.ron");
    let flat = scratch.path().join("services.txt");
    let generated = generate::catalogue(services, seed);
    write_catalogue(&file, &generated, lang)?;
    let ds = Dataset::new(generated, Vec::new());
    let lines: String = (0..ds.catalogue.services.len())
        .map(|i| flat_line(&ds, i) + "\n")
        .collect();
    drop(ds);
    std::fs::write(&flat, lines).map_err(|e| cannot_write(&flat, &e, lang))?;
    let home = scratch.path().join("home");
    let ours = |query: &str| {
        let mut command = Command::new(exe);
        command
            .args(["search", query, "--data"])
            .arg(&file)
            .env("LIBSERVICES_HOME", &home)
            .stdin(Stdio::null());
        command
    };
    let theirs = |query: &str| -> Result<Command, String> {
        let input = std::fs::File::open(&flat).map_err(|e| match lang {
            Lang::En => format!("cannot read {}: {e}", flat.display()),
            Lang::Uk => format!("не вдається прочитати {}: {}", flat.display(), io_reason(&e, lang)),
        })?;
        let mut command = Command::new("fzf");
        command.args(["--filter", query]).stdin(input);
        Ok(command)
    };
    let mut laps: Vec<(Vec<Duration>, Vec<Duration>, usize, usize)> = Vec::new();
    for query in RACE_QUERIES {
        // Warm-up runs, not timed: the cache is written, the files are read once.
        let (_, _, _) = timed(&mut ours(query), lang)?;
        let (_, _, fzf_found) = timed(&mut theirs(query)?, lang)?;
        let (_, _, found) = timed(ours(query).args(["--format", "csv"]), lang)?;
        laps.push((Vec::new(), Vec::new(), found.saturating_sub(1), fzf_found));
    }
    for _ in 0..rounds.max(1) {
        for (query, lap) in RACE_QUERIES.iter().zip(&mut laps) {
            lap.0.push(timed(&mut ours(query), lang)?.0);
            lap.1.push(timed(&mut theirs(query)?, lang)?.0);
        }
    }
    Ok(Race {
        services,
        rounds: rounds.max(1),
        catalogue_bytes: std::fs::metadata(&file).map_or(0, |m| m.len()),
        flat_bytes: std::fs::metadata(&flat).map_or(0, |m| m.len()),
        laps: RACE_QUERIES
            .iter()
            .zip(laps)
            .map(|(query, (ours, theirs, found, fzf_found))| Lap {
                query: (*query).to_owned(),
                libservices: median(ours),
                fzf: median(theirs),
                libservices_found: found,
                fzf_found,
            })
            .collect(),
    })
}

// Both tests need a Unix system: /dev/full, sh and its error texts.
#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn a_full_disk_while_writing_the_catalogue_is_told_in_plain_words() {
        // RON keeps only the English text of the system's error; the writer keeps the error.
        let catalogue = generate::catalogue(5, 1);
        let full = Path::new("/dev/full");
        assert_eq!(
            write_catalogue(full, &catalogue, Lang::Uk),
            Err("не вдається записати /dev/full: на диску немає місця".to_owned())
        );
        let en = write_catalogue(full, &catalogue, Lang::En).unwrap_err();
        assert!(
            en.starts_with("cannot write /dev/full: No space left on device"),
            "{en}"
        );
    }

    #[test]
    fn a_program_that_fails_or_cannot_run_is_told_in_ukrainian() {
        let missing = timed(&mut Command::new("/no/such/program"), Lang::Uk).unwrap_err();
        assert_eq!(
            missing,
            "не вдається запустити /no/such/program: такого файлу чи теки немає"
        );
        let mut failing = Command::new("sh");
        failing.args(["-c", "echo 'it broke' >&2; exit 3"]);
        assert_eq!(
            timed(&mut failing, Lang::Uk).unwrap_err(),
            "sh завершився з помилкою (код виходу 3): it broke"
        );
        assert_eq!(
            timed(&mut failing, Lang::En).unwrap_err(),
            "sh failed (exit status: 3): it broke"
        );
    }
}
