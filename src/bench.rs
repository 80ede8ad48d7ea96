//! `libservices bench`: how fast this computer loads, searches and draws a catalogue of a
//! given size. A synthetic catalogue ([`crate::generate`]) is written as RON in memory, then
//! loaded, indexed and browsed on a 120x40 test terminal by a scripted typing session, as a
//! user would: every figure is wall-clock time on this machine.

use std::fmt;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use crate::action::Action;
use crate::app::{App, Data};
use crate::catalogue::{self, Lang, Source};
use crate::generate;
use crate::search::Query;
use crate::search::worker::Worker;
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

/// Runs the benchmark on `services` generated services.
#[must_use]
pub fn run(services: usize, seed: u64) -> Report {
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

    let start = Instant::now();
    let text = generate::to_ron(&generate::catalogue(services, seed)).unwrap_or_default();
    let generate_time = start.elapsed();
    reset_peak_rss();

    // From the RON text to the first frame.
    let start = Instant::now();
    // As `Source::read` holds a file: the text once, not copied.
    let source = Source {
        name: "generated.ron".to_owned(),
        text,
    };
    let ds = match catalogue::load(std::slice::from_ref(&source)) {
        Ok(ds) => ds,
        Err(e) => {
            report.add("error", e);
            return report;
        }
    };
    drop(source);
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
    let worker = Worker::spawn(Arc::clone(&app.data.index), move |outcome| tx.send(outcome).is_ok());
    let mut keystrokes = Vec::new();
    let mut settled = Vec::new();
    for action in actions() {
        let start = Instant::now();
        app.update(action);
        let Some(request) = app.take_search_request() else {
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
        let hits = app.data.index.search(&query);
        let took = start.elapsed();
        drop(hits);
        took
    })
    .collect();
    searches.sort_unstable();

    report.add("services", app.data.ds.catalogue.services.len());
    report.ms("load_ms", load_time);
    report.ms("first_frame_ms", first_frame);
    report.ms("keystroke_p50_ms", quantile(&keystrokes, 0.5));
    report.ms("keystroke_p95_ms", quantile(&keystrokes, 0.95));
    report.ms("keystroke_max_ms", keystrokes.last().copied().unwrap_or_default());
    report.ms("render_ms", quantile(&renders, 0.5));
    match peak_rss_mb() {
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
    report
}
