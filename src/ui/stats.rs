//! The statistics view: a horizontal bar chart of the results by one facet, with tabs for
//! the charts. Each bar's label carries its count, and the selected bar a marker, so the
//! chart reads the same without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph, Tabs, Widget};

use crate::app::stats::{CHARTS, StatsView};
use crate::catalogue::Lang;
use crate::facets::{Facets, ValueState};
use crate::i18n::{count_services, tr};
use crate::ui::{Theme, ellipsize};

/// The statistics view.
pub struct StatsChart<'a> {
    /// Chart, bars and selection.
    pub view: &'a StatsView,
    /// Facet values (for the labels).
    pub facets: &'a Facets,
    /// How many results there are.
    pub results: usize,
    /// Language.
    pub lang: Lang,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for StatsChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let facet = self.view.facet();
        let title = format!(
            " {}: {} ",
            tr(self.lang, "Statistics", "Статистика"),
            facet.label(self.lang)
        );
        let block = t.pane(title, true);
        let inner = block.inner(area);
        block.render(area, buf);
        let [tabs, summary, chart] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        Tabs::new(CHARTS.iter().map(|f| f.label(self.lang)))
            .select(self.view.chart)
            .style(t.dim)
            .highlight_style(t.selected)
            .divider("|")
            .render(tabs, buf);
        let summary_text = format!(
            "{} · {}",
            count_services(self.lang, self.results),
            tr(
                self.lang,
                "a service may count in several bars",
                "одна послуга може бути в кількох рядках"
            )
        );
        Paragraph::new(Line::from(Span::styled(
            ellipsize(&summary_text, usize::from(summary.width)),
            t.dim,
        )))
        .render(summary, buf);
        if self.view.bars.is_empty() {
            Paragraph::new(Line::from(Span::styled(
                tr(self.lang, "No services match.", "Жодна послуга не підходить."),
                t.dim,
            )))
            .render(chart, buf);
            return;
        }
        self.render_bars(chart, buf);
    }
}

impl StatsChart<'_> {
    /// The visible bars: labels with their counts on the left, bars on the right.
    fn render_bars(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let facet = self.view.facet();
        let values = self.facets.values(facet);
        let cursor = self.view.cursor;
        let shown = self
            .view
            .bars
            .iter()
            .enumerate()
            .skip(cursor.offset)
            .take(usize::from(area.height));
        let max = self.view.bars.iter().map(|b| b.count).max().unwrap_or(1);
        let count_width = max.to_string().len();
        let longest = self
            .view
            .bars
            .iter()
            .filter_map(|b| values.get(b.value as usize))
            .map(|v| v.label.get(self.lang).chars().count())
            .max()
            .unwrap_or(0);
        // "▶ " or "  ", "+ " / "− " for an active filter, the name, a space and the count.
        let width = usize::from(area.width);
        let label_width = (longest + count_width + 5).min(width * 3 / 5);
        let name_width = label_width.saturating_sub(count_width + 5);
        let bars: Vec<Bar<'_>> = shown
            .map(|(i, b)| {
                let selected = i == cursor.selected;
                let name = values.get(b.value as usize).map_or("", |v| v.label.get(self.lang));
                let sign = match b.state {
                    ValueState::Off => ' ',
                    ValueState::Included => '+',
                    ValueState::Excluded => '−',
                };
                let text = format!(
                    "{}{sign} {:<name_width$} {:>count_width$}",
                    if selected { "▶ " } else { "  " },
                    ellipsize(name, name_width),
                    b.count,
                );
                let style = if selected { t.selected } else { t.text };
                Bar::new(b.count as u64)
                    .label(Line::from(Span::styled(text, style)))
                    .text_value(String::new())
            })
            .collect();
        BarChart::horizontal(bars)
            .bar_width(1)
            .bar_gap(0)
            .max(max as u64)
            .bar_style(t.bar)
            .render(area, buf);
    }
}
