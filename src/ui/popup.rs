//! The popups over the browser (note editor, recent searches, export menu, about) and the
//! notice line above the status bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::app::App;
use crate::app::popup::{EXPORT_FORMATS, Popup, about_lines, folder_note, format_label};
use crate::catalogue::Lang;
use crate::i18n::tr;
use crate::ui::{Theme, ellipsize};

/// A centred box at most `w` x `h` inside `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

/// Draws the open popup.
pub fn draw(frame: &mut Frame<'_>, app: &App, popup: &Popup, theme: &Theme) {
    let area = frame.area();
    let lang = app.lang();
    match popup {
        Popup::Note { service, editor } => {
            let name = app
                .data()
                .ds
                .catalogue
                .services
                .get(*service)
                .map_or("", |s| s.title.get(lang));
            let r = centred(area, 76, 9);
            let title = format!(
                " {}: {} ",
                tr(lang, "Note", "Нотатка"),
                ellipsize(name, usize::from(r.width.saturating_sub(14)))
            );
            let block = theme.pane(title, true);
            let inner = block.inner(r);
            frame.render_widget(Clear, r);
            let help = tr(
                lang,
                "Only you see this note; it stays on this computer. Enter saves, Esc cancels; an empty note is removed.",
                "Цю нотатку бачите лише ви; вона зберігається на цьому комп'ютері. Enter зберігає, Esc скасовує; порожню нотатку видалено.",
            );
            // Wrapped by character, so that the cursor lands where the text is.
            let width = usize::from(inner.width.max(1));
            let chars: Vec<char> = editor.text().chars().collect();
            let text: Vec<Line<'_>> = chars
                .chunks(width)
                .map(|c| Line::from(Span::styled(c.iter().collect::<String>(), theme.text)))
                .collect();
            let text_rows = (chars.len() / width + 1).min(usize::from(inner.height));
            frame.render_widget(Paragraph::new(text).block(block), r);
            let help_area = Rect::new(
                inner.x,
                inner.y + text_rows as u16 + 1,
                inner.width,
                inner.height.saturating_sub(text_rows as u16 + 1),
            );
            frame.render_widget(
                Paragraph::new(Span::styled(help, theme.dim)).wrap(Wrap { trim: true }),
                help_area,
            );
            // The cursor, on the wrapped line it falls on.
            let at = editor.cursor();
            let (row, col) = ((at / width) as u16, (at % width) as u16);
            if row < inner.height {
                frame.set_cursor_position((inner.x + col, inner.y + row));
            }
        }
        Popup::Recent(selected) => {
            let rows = crate::app::recent::matching(&app.recent().searches, app.search().text());
            let r = centred(area, 60, (rows.len() as u16).saturating_add(2).min(16));
            list(
                frame,
                r,
                tr(lang, "Recent searches", "Недавні пошуки"),
                rows.iter().copied(),
                *selected,
                theme,
            );
        }
        Popup::Export(selected) => {
            let r = centred(area, 60, EXPORT_FORMATS.len() as u16 + 5);
            let labels: Vec<String> = EXPORT_FORMATS
                .iter()
                .map(|&f| format_label(f, lang).to_owned())
                .collect();
            let title = match lang {
                Lang::En => format!("Export {} services", app.results().len()),
                Lang::Uk => format!("Експорт: послуг — {}", app.results().len()),
            };
            list(frame, r, &title, labels.iter().map(String::as_str), *selected, theme);
            let note = folder_note(
                app.settings().export_folder.as_deref(),
                lang,
                usize::from(r.width.saturating_sub(2)),
            );
            let bottom = Rect::new(r.x + 1, r.bottom().saturating_sub(2), r.width.saturating_sub(2), 1);
            frame.render_widget(Paragraph::new(Span::styled(note, theme.dim)), bottom);
        }
        Popup::About(scroll) => {
            let r = centred(area, crate::app::fit::ABOUT_WIDTH, area.height.saturating_sub(2));
            frame.render_widget(Clear, r);
            let lines: Vec<Line<'_>> = about_lines(&app.data().ds, app.settings().updates.as_deref(), lang)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme.text)))
                .collect();
            let title = format!(" {} — Esc ", tr(lang, "About the catalogue", "Про каталог"));
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .scroll((u16::try_from(*scroll).unwrap_or(u16::MAX), 0))
                    .block(theme.pane(title, true)),
                r,
            );
        }
    }
}

/// A titled list with one selected row.
fn list<'a>(
    frame: &mut Frame<'_>,
    r: Rect,
    title: &str,
    rows: impl Iterator<Item = &'a str>,
    selected: usize,
    theme: &Theme,
) {
    frame.render_widget(Clear, r);
    let block = theme.pane(format!(" {title} "), true);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let height = usize::from(inner.height);
    let offset = selected.saturating_sub(height.saturating_sub(1));
    for (i, text) in rows.enumerate().skip(offset).take(height) {
        let y = inner.y + (i - offset) as u16;
        let is_sel = i == selected;
        let marker = if is_sel { "▶ " } else { "  " };
        let style = if is_sel {
            theme.text.patch(theme.selected)
        } else {
            theme.text
        };
        let line = Line::from(Span::styled(
            format!(
                "{marker}{}",
                ellipsize(text, usize::from(inner.width.saturating_sub(2)))
            ),
            style,
        ));
        let row = Rect::new(inner.x, y, inner.width, 1);
        if is_sel {
            frame.buffer_mut().set_style(row, theme.selected);
        }
        frame.render_widget(Paragraph::new(line), row);
    }
}

/// How many rows a notice takes at `width`: each of its lines word-wrapped, at most `room`
/// (and at least one).
#[must_use]
pub fn notice_rows(notice: &str, width: usize, room: usize) -> usize {
    let rows: usize = notice
        .split('\n')
        .map(|line| crate::export::wrap(line, width.max(1), "").lines().count().max(1))
        .sum();
    rows.clamp(1, room.max(1))
}

/// A message for the user just above the status bar, each of its lines (several problems
/// at start, say) wrapped over as many rows as it needs, up to half the screen.
pub fn draw_notice(frame: &mut Frame<'_>, notice: &str, status: Rect, theme: &Theme) {
    let room = usize::from(status.y / 2).max(3);
    let lines = (notice_rows(notice, usize::from(status.width), room) as u16).min(status.y);
    if lines == 0 {
        return;
    }
    let r = Rect::new(status.x, status.y - lines, status.width, lines);
    frame.render_widget(Clear, r);
    let style = theme.key.patch(theme.selected);
    let text: Vec<Line<'_>> = notice
        .split('\n')
        .map(|l| Line::from(Span::styled(l.to_owned(), style)))
        .collect();
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), r);
}

#[cfg(test)]
mod tests {
    use super::notice_rows;

    #[test]
    fn a_notice_of_several_problems_gets_a_row_for_each() {
        assert_eq!(notice_rows("one", 80, 3), 1);
        assert_eq!(notice_rows("config problem\nskipped update\nthird", 80, 11), 3);
        let long = "word ".repeat(40);
        assert_eq!(notice_rows(&format!("{long}\nshort"), 80, 11), 4);
        assert_eq!(notice_rows(&format!("{long}\n{long}\n{long}"), 80, 5), 5);
    }
}
