//! A list cursor: the selected row and the first visible row.

/// Selection and scroll offset of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The selected row.
    pub selected: usize,
    /// The first row drawn.
    pub offset: usize,
}

impl Cursor {
    /// Moves by `delta` rows, staying within `len`.
    pub fn move_by(&mut self, delta: isize, len: usize) {
        self.selected = self.selected.saturating_add_signed(delta).min(len.saturating_sub(1));
    }

    /// Selects row `index` (clamped).
    pub fn select(&mut self, index: usize, len: usize) {
        self.selected = index.min(len.saturating_sub(1));
    }

    /// Keeps the selection inside a list that now has `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// Scrolls so that the selection is among the `visible` rows drawn.
    pub fn scroll_into_view(&mut self, visible: usize) {
        let visible = visible.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + visible {
            self.offset = self.selected + 1 - visible;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_clamp_and_scroll() {
        let mut c = Cursor::default();
        c.move_by(-1, 10);
        assert_eq!(c.selected, 0);
        c.move_by(25, 10);
        assert_eq!(c.selected, 9);
        c.scroll_into_view(4);
        assert_eq!(c.offset, 6);
        c.move_by(-8, 10);
        c.scroll_into_view(4);
        assert_eq!((c.selected, c.offset), (1, 1));
        c.clamp(0);
        assert_eq!((c.selected, c.offset), (0, 0));
    }
}
