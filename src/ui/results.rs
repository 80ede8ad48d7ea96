//! The result list: two lines per service, built only for the visible rows.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::action::Action;
use crate::app::cursor::Cursor;
use crate::app::{Data, RESULT_HEIGHT};
use crate::catalogue::{EntityRef, Lang};
use crate::i18n::{capitalised, tr};
use crate::keymap::{self, Mode};
use crate::search::{EntryKind, Explanation, Field, Hit, Query, matched_part, place_text};
use crate::state::Personal;
use crate::ui::Theme;

/// The list of services found.
pub struct ResultList<'a> {
    /// The catalogue.
    pub data: &'a Data,
    /// Search hits, ranked.
    pub hits: &'a [Hit],
    /// The query that found them: where it matched is worked out for the rows shown.
    pub query: &'a Query,
    /// Indices into `hits` that pass the filters.
    pub results: &'a [usize],
    /// How many of the results are of each kind ([`EntryKind::ALL`] order).
    pub kinds: [usize; EntryKind::ALL.len()],
    /// Selection and scroll.
    pub cursor: Cursor,
    /// The shortlist (marked with "*").
    pub personal: &'a Personal,
    /// Language.
    pub lang: Lang,
    /// Has the keyboard.
    pub focused: bool,
    /// Styles.
    pub theme: &'a Theme,
}

/// The results counted by kind, services first: "12 services, 2 libraries, 1 programme";
/// "0 services" when there are none.
#[must_use]
pub fn count_entries(lang: Lang, kinds: [usize; EntryKind::ALL.len()]) -> String {
    EntryKind::describe(kinds, lang)
}

/// Splits `text` into spans, styling the characters at `positions` (sorted char indices).
#[must_use]
pub fn highlighted<'t>(text: &'t str, positions: &[usize], base: Style, matched: Style) -> Vec<Span<'t>> {
    if positions.is_empty() {
        return vec![Span::styled(text, base)];
    }
    let mut spans = Vec::new();
    let mut start = 0;
    let mut in_match = false;
    for (ci, (bi, _)) in text.char_indices().enumerate() {
        let m = positions.binary_search(&ci).is_ok();
        if m != in_match {
            if bi > start {
                spans.push(Span::styled(&text[start..bi], if in_match { matched } else { base }));
            }
            start = bi;
            in_match = m;
        }
    }
    if start < text.len() {
        spans.push(Span::styled(&text[start..], if in_match { matched } else { base }));
    }
    spans
}

/// Renders a one-row line; when it is wider than the area, its last cell shows "…".
fn render_cut(line: &Line<'_>, area: Rect, buf: &mut Buffer) {
    line.render(area, buf);
    if line.width() > usize::from(area.width) && area.width > 0 {
        buf[(area.right() - 1, area.y)].set_symbol("…");
    }
}

fn base_dim(t: &Theme, selected: bool) -> Style {
    if selected { t.dim.patch(t.selected) } else { t.dim }
}

impl ResultList<'_> {
    /// The two lines of a row of an entry other than a service: its kind and name, then
    /// where the query matched when the name does not show it (the person, with their role;
    /// the other name), else what the entry is (a library's place, a group's broader
    /// group, a programme's kind and years, a summary).
    fn entry_lines(&self, hit: &Hit, explained: &Explanation, styles: [Style; 3]) -> Option<[Vec<Span<'static>>; 2]> {
        let [base, dim, matched] = styles;
        let c = &self.data.ds.catalogue;
        let lang = self.lang;
        let (name, context) = match hit.entry() {
            EntityRef::Service(_) => return None,
            EntityRef::Library(i) => {
                let l = c.libraries.get(i)?;
                (&l.name, place_text(l, lang))
            }
            EntityRef::TargetGroup(i) => {
                let g = c.target_groups.get(i)?;
                let parent = g
                    .parent
                    .as_deref()
                    .and_then(|p| c.target_groups.iter().find(|t| &*t.id == p))
                    .map(|p| p.name.get(lang).to_owned());
                (&g.name, parent.unwrap_or_else(|| g.summary.get(lang).to_owned()))
            }
            EntityRef::Programme(i) => {
                let p = c.programmes.get(i)?;
                let years = p.years.map_or_else(String::new, |(a, b)| {
                    if a == b {
                        format!(", {a}")
                    } else {
                        format!(", {a}–{b}")
                    }
                });
                (&p.name, format!("{}{years}", p.kind.label(lang)))
            }
            EntityRef::Theme(i) => {
                let t = c.themes.get(i)?;
                (&t.name, t.summary.get(lang).to_owned())
            }
        };
        let kind = capitalised(hit.kind().label(lang));
        let mut first = vec![Span::styled(format!("{kind}: "), base.patch(self.theme.label))];
        let title: String = name.get(lang).to_owned();
        first.extend(
            highlighted(&title, explained.title_positions(lang), base, matched)
                .into_iter()
                .map(|s| Span::styled(s.content.into_owned(), s.style)),
        );
        let mut second = vec![Span::styled("    ", dim)];
        let shown = explained.matches.iter().find(|m| m.field == hit.field).and_then(|m| {
            let part = matched_part(c, hit.entry(), m)?;
            if m.field == Field::OtherName {
                let label = Field::OtherName.label(lang);
                let skip = label.chars().count() + 2;
                Some((
                    format!("{label}: {part}"),
                    m.positions.iter().map(|p| p + skip).collect(),
                ))
            } else {
                Some((part, m.positions.clone()))
            }
        });
        if let Some((text, positions)) = shown {
            second.extend(
                highlighted(&text, &positions, dim, matched)
                    .into_iter()
                    .map(|s| Span::styled(s.content.into_owned(), s.style)),
            );
        } else {
            if hit.field != Field::Title && !explained.matches.is_empty() {
                let label = format!("{}: {} · ", tr(lang, "matched", "збіг"), hit.field.label(lang));
                second.push(Span::styled(label, dim.patch(self.theme.label)));
            }
            second.push(Span::styled(context, dim));
        }
        Some([first, second])
    }

    /// The line under the title: each library with its place, matched characters styled;
    /// without a library, the target groups. When the query matched a field that the row
    /// does not show, "matched: <field>" comes first.
    /// Also says whether the line ends with the "matched" label.
    fn second_line(
        &self,
        hit: &Hit,
        explained: &Explanation,
        base: Style,
        matched: Style,
    ) -> (Vec<Span<'static>>, bool) {
        let c = &self.data.ds.catalogue;
        let lang = self.lang;
        let libraries = self.data.ds.links.get(hit.index()).map_or(&[][..], |l| l.libraries);
        let mut spans = vec![Span::styled("    ", base)];
        let mut shown = false;
        let mut parts = Vec::new();
        for lib in libraries.iter().map(|&l| l as usize) {
            let Some(library) = c.libraries.get(lib) else { continue };
            let name = library.name.get(lang);
            let place = place_text(library, lang);
            let name_lang = if library.name.exact(lang).is_empty() {
                lang.other()
            } else {
                lang
            };
            let mut positions = Vec::new();
            let name_len = name.chars().count();
            for m in explained.matches.iter().filter(|m| m.entity == lib) {
                match m.field {
                    Field::Library if m.lang == name_lang => positions.extend(m.positions.iter().copied()),
                    Field::Place if m.lang == lang && !place.is_empty() => {
                        positions.extend(m.positions.iter().map(|p| p + name_len + 2));
                    }
                    _ => {}
                }
            }
            shown |= !positions.is_empty();
            let text = if place.is_empty() {
                name.to_owned()
            } else {
                format!("{name}, {place}")
            };
            positions.sort_unstable();
            parts.push((text, positions));
        }
        let field_shown = hit.field == Field::Title || shown || explained.matches.is_empty();
        if parts.is_empty() {
            let groups = self.data.ds.links.get(hit.index()).map_or_else(String::new, |l| {
                l.target_groups
                    .iter()
                    .filter_map(|&g| c.target_groups.get(g as usize))
                    .map(|g| g.name.get(lang))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            spans.push(Span::styled(groups, base));
        }
        for (i, (text, positions)) in parts.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled("; ", base));
            }
            spans.extend(
                highlighted(&text, &positions, base, matched)
                    .into_iter()
                    .map(|s| Span::styled(s.content.into_owned(), s.style)),
            );
        }
        // After the libraries, so that a narrow row still starts with their names.
        if !field_shown {
            let label = format!(" · {}: {}", tr(lang, "matched", "збіг"), hit.field.label(lang));
            spans.push(Span::styled(label, base.patch(self.theme.label)));
        }
        (spans, !field_shown)
    }
}

/// Draws the line under a title whose last span may be a "matched: …" label (`labelled`):
/// the libraries are cut so that the label fits, as long as they keep at least half the
/// row; on a row too narrow for both, the libraries win.
fn render_second(line: &Line<'_>, labelled: bool, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let (Some(label), true) = (line.spans.last(), labelled && line.width() > width) else {
        render_cut(line, area, buf);
        return;
    };
    let label_width = label.width();
    let Some(room) = width.checked_sub(label_width).filter(|r| *r >= width / 2 && *r > 0) else {
        let libraries = Line::from(line.spans[..line.spans.len() - 1].to_vec());
        render_cut(&libraries, area, buf);
        return;
    };
    let libraries = Line::from(line.spans[..line.spans.len() - 1].to_vec());
    let used = libraries.width().min(room);
    render_cut(&libraries, Rect::new(area.x, area.y, used as u16, 1), buf);
    Line::from(label.clone()).render(Rect::new(area.x + used as u16, area.y, (width - used) as u16, 1), buf);
}

impl Widget for ResultList<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        // The count by kind, when it fits the pane's border; else the count alone.
        let by_kind = count_entries(self.lang, self.kinds);
        let title = if by_kind.chars().count() + 4 <= usize::from(area.width) {
            format!(" {by_kind} ")
        } else {
            format!(" {} ", self.results.len())
        };
        let block = t.pane(title, self.focused);
        let inner = block.inner(area);
        block.render(area, buf);
        if self.results.is_empty() {
            // The keys come from the key table, so the hint stays true if they change.
            let key = |action| keymap::key_for(Mode::Results, &action).unwrap_or_default();
            let (clear, filters) = (key(Action::ClearSearch), key(Action::ClearFilters));
            let msg = match self.lang {
                Lang::En => format!("No services match. {clear} clears the search, {filters} clears the filters."),
                Lang::Uk => format!("Нічого не знайдено. {clear} очищає пошук, {filters} скидає фільтри."),
            };
            Paragraph::new(Span::styled(msg, t.dim))
                .wrap(ratatui::widgets::Wrap { trim: true })
                .render(inner, buf);
            return;
        }
        // The same count the app scrolls and pages by.
        let visible = crate::layout::result_rows(area);
        let mut explainer = self.data.index.explainer(self.query);
        let c = &self.data.ds.catalogue;
        // Titles that would be cut to the same text get a middle cut (crate::ui::cut).
        let shown: Vec<(&str, usize)> = self
            .results
            .iter()
            .skip(self.cursor.offset)
            .take(visible)
            .map(|&h| {
                let Some(service) = self.hits.get(h).and_then(Hit::service).and_then(|s| c.services.get(s)) else {
                    return ("", 0);
                };
                let star = if self.personal.is_shortlisted(&service.id) {
                    2
                } else {
                    0
                };
                (
                    service.title.get(self.lang),
                    usize::from(inner.width).saturating_sub(2 + star),
                )
            })
            .collect();
        let recut = crate::ui::cut::distinct_cuts(&shown);
        for (row, &hit_index) in self.results.iter().enumerate().skip(self.cursor.offset).take(visible) {
            let Some(hit) = self.hits.get(hit_index) else { continue };
            let selected = row == self.cursor.selected;
            let y = inner.y + ((row - self.cursor.offset) * RESULT_HEIGHT) as u16;
            let base = if selected { t.title.patch(t.selected) } else { t.title };
            let matched = if selected {
                t.matched.patch(t.selected)
            } else {
                t.matched
            };
            let marker = if selected { "▶ " } else { "  " };
            let mut spans = vec![Span::styled(marker, base)];
            let explained = explainer.explain(hit.entry()).unwrap_or_default();
            let (line1, line2, labelled) = if let Some(service) = hit.service().and_then(|s| c.services.get(s)) {
                let title = service.title.get(self.lang);
                if self.personal.is_shortlisted(&service.id) {
                    spans.push(Span::styled("* ", base.patch(t.key)));
                }
                match recut.get(row - self.cursor.offset).and_then(Option::as_deref) {
                    Some(cut) => spans.push(Span::styled(cut.to_owned(), base)),
                    None => spans.extend(highlighted(title, explained.title_positions(self.lang), base, matched)),
                }
                let (second, labelled) = self.second_line(hit, &explained, base_dim(t, selected), matched);
                (Line::from(spans), Line::from(second), labelled)
            } else {
                let Some([first, second]) = self.entry_lines(hit, &explained, [base, base_dim(t, selected), matched])
                else {
                    continue;
                };
                spans.extend(first);
                (Line::from(spans), Line::from(second), false)
            };

            let row_area = Rect::new(inner.x, y, inner.width, 1);
            if selected {
                buf.set_style(row_area, t.selected);
            }
            render_cut(&line1, row_area, buf);
            if inner.height > (y - inner.y) + 1 {
                render_second(&line2, labelled, Rect::new(inner.x, y + 1, inner.width, 1), buf);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_splits_on_char_positions() {
        let spans = highlighted("Біла Церква", &[0, 1, 5], Style::new(), Style::new().bold());
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["Бі", "ла ", "Ц", "ерква"]);
    }
}
