//! Drawing: one widget struct per pane or overlay, each with explicit inputs. Nothing
//! here changes the app state.

pub mod cut;
mod detail_pane;
mod filters;
mod help;
mod map;
mod popup;
mod results;
mod search_bar;
mod stats;
mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, DetailStack, Screen};
use crate::catalogue::Lang;
use crate::i18n::tr;
use crate::layout::{self, Pane};

pub use theme::Theme;

/// Draws the whole screen for the app's state.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let area = frame.area();
    // The frame's own size, not the app's: they differ while a resize event is queued.
    let a = app.areas_in(area);
    if a.too_small {
        let msg = format!(
            "{} {}x{}",
            tr(
                app.lang(),
                "Terminal too small; need at least",
                "Термінал замалий; потрібно щонайменше"
            ),
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        );
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }).style(theme.warning), area);
        return;
    }
    let browsing = matches!(app.screen(), Screen::Browse);
    frame.render_widget(
        search_bar::SearchBar {
            text: app.search().text(),
            cursor: app.search().cursor(),
            lang: app.lang(),
            focused: browsing && app.focus() == Pane::Search && app.help().is_none(),
            roomy: layout::roomy(area),
            theme,
        },
        a.search,
    );
    if browsing && app.focus() == Pane::Search && app.help().is_none() {
        let cursor = search_bar::cursor_position(a.search, layout::roomy(area), app.search().cursor());
        frame.set_cursor_position(cursor);
    }
    if let Some(chips) = a.chips {
        frame.render_widget(
            filters::Chips {
                filters: app.filters(),
                facets: &app.data().facets,
                shortlist: app.shortlist_only(),
                lang: app.lang(),
                theme,
            },
            chips,
        );
    }
    match app.screen() {
        Screen::Detail(stack) => frame.render_widget(
            detail_pane::DetailPane {
                view: stack.top(),
                breadcrumb: &breadcrumb(app.lang(), stack),
                selectable: true,
                focused: true,
                theme,
            },
            a.body,
        ),
        Screen::Stats(view) => frame.render_widget(
            stats::StatsChart {
                view,
                facets: &app.data().facets,
                // The bars count services: the other kinds of entry have no facet values.
                results: app
                    .results()
                    .iter()
                    .filter(|&&r| app.hits().get(r).is_some_and(|h| h.service().is_some()))
                    .count(),
                lang: app.lang(),
                theme,
            },
            a.body,
        ),
        Screen::Map(view) => frame.render_widget(
            map::LibraryMap {
                view,
                ds: &app.data().ds,
                lang: app.lang(),
                theme,
            },
            a.body,
        ),
        Screen::Browse => draw_browser(frame, app, theme, a),
    }
    frame.render_widget(
        status::StatusBar {
            app,
            fkeys: a.fkeys.is_some(),
            theme,
        },
        a.status,
    );
    if let Some(r) = a.fkeys {
        frame.render_widget(
            status::FunctionKeys {
                keys: crate::keymap::function_keys(app.mode(), app.lang(), app.keys()),
                theme,
            },
            r,
        );
    }
    if let Some(p) = app.popup() {
        popup::draw(frame, app, p, theme);
    }
    if let Some(notice) = app.notice() {
        popup::draw_notice(frame, notice, a.status, theme);
    }
    if let Some(scroll) = app.help() {
        frame.render_widget(
            help::Help {
                lang: app.lang(),
                keys: app.keys(),
                scroll,
                theme,
            },
            layout::help_area(area),
        );
    }
}

fn draw_browser(frame: &mut Frame<'_>, app: &App, theme: &Theme, a: layout::Areas) {
    if let Some(r) = a.filters {
        frame.render_widget(
            filters::FilterList {
                pane: app.filter_pane(),
                facets: &app.data().facets,
                filters: app.filters(),
                lang: app.lang(),
                focused: app.focus() == Pane::Filters,
                theme,
            },
            r,
        );
    }
    if let Some(r) = a.results {
        frame.render_widget(
            results::ResultList {
                data: app.data(),
                hits: app.hits(),
                query: app.hits_query(),
                results: app.results(),
                kinds: app.result_kinds(),
                cursor: app.list(),
                personal: app.personal(),
                lang: app.lang(),
                focused: app.focus() == Pane::Results,
                theme,
            },
            r,
        );
    }
    if let Some(r) = a.preview {
        match app.preview() {
            Some(view) => frame.render_widget(
                detail_pane::DetailPane {
                    view,
                    breadcrumb: &view.detail.kind,
                    selectable: false,
                    focused: app.focus() == Pane::Preview,
                    theme,
                },
                r,
            ),
            None => frame.render_widget(
                Paragraph::new(Line::from(Span::styled(
                    tr(app.lang(), "Nothing selected", "Нічого не вибрано"),
                    theme.dim,
                )))
                .alignment(Alignment::Center)
                .block(ratatui::widgets::Block::bordered().border_style(theme.border(false))),
                r,
            ),
        }
    }
}

/// "Results › Theatre Studio › Zhytomyr library".
fn breadcrumb(lang: Lang, stack: &DetailStack) -> String {
    let mut parts = vec![tr(lang, "Results", "Результати").to_owned()];
    parts.extend(stack.views().iter().map(|v| v.detail.title.clone()));
    parts.join(" › ")
}

/// Truncates to `width` characters, ending in "…" when cut.
#[must_use]
pub fn ellipsize(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// Keeps the end of `s` within `width` characters, starting with "…" when cut.
#[must_use]
pub fn ellipsize_start(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::from("…");
    out.extend(s.chars().skip(n - (width - 1)));
    out
}
