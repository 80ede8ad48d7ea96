//! A detail view: the full-screen one with selectable links, and the preview beside the list.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::DetailView;
use crate::detail::{DetailLine, LineKind, layout};
use crate::ui::{Theme, ellipsize_start};

/// A detail view in a bordered pane.
pub struct DetailPane<'a> {
    /// What to show, with link selection and scroll.
    pub view: &'a DetailView,
    /// The pane title: the breadcrumb, or the kind of entry.
    pub breadcrumb: &'a str,
    /// Links can be selected (the full-screen view).
    pub selectable: bool,
    /// Has the keyboard.
    pub focused: bool,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for DetailPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let room = usize::from(area.width.saturating_sub(4));
        let mut block = t.pane(
            format!(" {} ", ellipsize_start(self.breadcrumb, room.saturating_sub(2))),
            self.focused,
        );
        let inner = block.inner(area);
        // The lines up to the screen's last, and one more to tell whether there are more.
        let height = usize::from(inner.height);
        let all: Vec<DetailLine> = layout(&self.view.detail, inner.width)
            .take(self.view.scroll.saturating_add(height).saturating_add(1))
            .collect();
        let scroll = self.view.scroll.min(all.len().saturating_sub(height));
        // Say that there is more above or below, without colour.
        let above = scroll > 0;
        let below = scroll + height < all.len();
        let more = match (above, below) {
            (true, true) => " ↑↓ ",
            (true, false) => " ↑ ",
            (false, true) => " ↓ ",
            (false, false) => "",
        };
        if !more.is_empty() {
            block = block.title_bottom(Line::from(more).right_aligned());
        }
        block.render(area, buf);
        for (y, line) in (inner.y..inner.bottom()).zip(all.iter().skip(scroll)) {
            let row = Rect::new(inner.x, y, inner.width, 1);
            let text = line.text.as_str();
            let rendered = match line.kind {
                LineKind::Title => Line::from(Span::styled(text, t.title)),
                LineKind::Meta => Line::from(Span::styled(text, t.dim)),
                LineKind::Label => Line::from(Span::styled(text, t.label)),
                LineKind::Blank => Line::default(),
                LineKind::Text { label } if label > 0 => {
                    let split = text.char_indices().nth(label).map_or(text.len(), |(i, _)| i);
                    Line::from(vec![
                        Span::styled(&text[..split], t.label),
                        Span::styled(&text[split..], t.text),
                    ])
                }
                LineKind::Text { .. } => Line::from(Span::styled(text, t.text)),
                LineKind::Link(i) => {
                    if self.selectable && self.view.link == Some(i) {
                        buf.set_style(row, t.selected);
                        // The marker shows the selection without colour too.
                        let marked = text.replacen("  ›", "▶ ›", 1);
                        Line::from(Span::styled(marked, t.selected))
                    } else {
                        Line::from(Span::styled(text, if self.selectable { t.link } else { t.text }))
                    }
                }
            };
            rendered.render(row, buf);
        }
    }
}
