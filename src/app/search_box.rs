//! The search box: text and a cursor, edited by character (not byte).

/// Text being typed and the cursor position in characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchBox {
    text: String,
    cursor: usize,
}

impl SearchBox {
    /// The text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, in characters from the start.
    #[must_use]
    pub const fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text.char_indices().nth(chars).map_or(self.text.len(), |(i, _)| i)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Inserts text at the cursor; line breaks and tabs become spaces; other control
    /// characters, terminal escape sequences and bidirectional overrides are dropped.
    pub fn insert(&mut self, s: &str) {
        let clean = crate::catalogue::clean_line(s);
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    /// Deletes the character before the cursor.
    pub fn delete_back(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
        true
    }

    /// Deletes the character under the cursor.
    pub fn delete_forward(&mut self) -> bool {
        if self.cursor >= self.len() {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
        true
    }

    /// Deletes the word before the cursor (and the spaces after it).
    pub fn delete_word(&mut self) -> bool {
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        if start == self.cursor {
            return false;
        }
        let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = start;
        true
    }

    /// Empties the box.
    pub fn clear(&mut self) -> bool {
        let changed = !self.text.is_empty();
        self.text.clear();
        self.cursor = 0;
        changed
    }

    /// Moves the cursor by characters, within the text.
    pub fn move_cursor(&mut self, delta: isize) {
        self.cursor = self.cursor.saturating_add_signed(delta).min(self.len());
    }

    /// Moves the cursor to the start or the end.
    pub fn cursor_to(&mut self, end: bool) {
        self.cursor = if end { self.len() } else { 0 };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_character_in_cyrillic() {
        let mut b = SearchBox::default();
        b.insert("бібліотека");
        b.move_cursor(-4);
        assert!(b.delete_back());
        assert_eq!(b.text(), "біблітека");
        b.insert("о");
        assert_eq!(b.text(), "бібліотека");
        assert!(b.delete_forward());
        assert_eq!(b.text(), "бібліоека");
        b.cursor_to(true);
        assert!(!b.delete_forward());
        assert_eq!(b.cursor(), 9);
    }

    #[test]
    fn delete_word_and_paste_newlines() {
        let mut b = SearchBox::default();
        b.insert("theatre\nstudio  ");
        assert_eq!(b.text(), "theatre studio  ");
        assert!(b.delete_word());
        assert_eq!(b.text(), "theatre ");
        assert!(b.delete_word());
        assert_eq!(b.text(), "");
        assert!(!b.delete_word());
        assert!(!b.delete_back());
    }

    #[test]
    fn pasted_escapes_and_bidi_controls_are_dropped() {
        let mut b = SearchBox::default();
        b.insert("\u{202e}red\u{1b}[31m\tbook\u{7}\u{202a}");
        assert_eq!(b.text(), "red book");
        assert_eq!(b.cursor(), 8);
    }
}
