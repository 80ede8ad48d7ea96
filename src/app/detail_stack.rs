//! The full-screen detail views, as a stack: each followed link pushes one, back pops one.

use crate::detail::{self, Detail, LineKind};

/// One page of the detail history.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailView {
    /// What is shown.
    pub detail: Detail,
    /// The selected link, in `detail.links()` order.
    pub link: Option<usize>,
    /// First line shown.
    pub scroll: usize,
}

impl DetailView {
    /// A view scrolled to the top, nothing selected (the preview beside the list).
    #[must_use]
    pub const fn top(detail: Detail) -> Self {
        Self {
            detail,
            link: None,
            scroll: 0,
        }
    }

    /// A view scrolled to the top; the first link is selected when it is on the first
    /// screen (`width` x `height` inside the border), so that opening never hides the title.
    #[must_use]
    pub fn new(detail: Detail, width: u16, height: usize) -> Self {
        let mut view = Self::top(detail);
        view.link = view.first_link_on_screen(width, height);
        view
    }

    /// The first link whose line is between `scroll` and `scroll + height`.
    #[must_use]
    pub fn first_link_on_screen(&self, width: u16, height: usize) -> Option<usize> {
        detail::layout(&self.detail, width)
            .skip(self.scroll)
            .take(height)
            .find_map(|l| match l.kind {
                LineKind::Link(i) => Some(i),
                _ => None,
            })
    }

    /// Keeps the selected link on screen and the scroll within the text, for a view of
    /// `width` x `height` inside its border.
    pub fn settle(&mut self, width: u16, height: usize) {
        let lines = detail::lines(&self.detail, width);
        let height = height.max(1);
        if let Some(link) = self.link {
            let mut span = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.kind == LineKind::Link(link))
                .map(|(i, _)| i);
            let first = span.next();
            let last = span.next_back().or(first);
            if let (Some(first), Some(last)) = (first, last) {
                if first < self.scroll {
                    self.scroll = first;
                } else if last >= self.scroll + height {
                    self.scroll = last + 1 - height;
                }
            }
        }
        self.scroll = self.scroll.min(lines.len().saturating_sub(height));
    }
}

/// The detail views open over the list, oldest first; never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailStack {
    views: Vec<DetailView>,
}

impl DetailStack {
    /// A stack of one view.
    #[must_use]
    pub fn new(first: DetailView) -> Self {
        Self { views: vec![first] }
    }

    /// Opens a view over the others.
    pub fn push(&mut self, view: DetailView) {
        self.views.push(view);
    }

    /// Closes the top view; false when it was the last (the stack is then to be dropped).
    pub fn pop(&mut self) -> bool {
        if self.views.len() > 1 {
            self.views.pop();
            true
        } else {
            false
        }
    }

    /// The views, oldest first.
    #[must_use]
    pub fn views(&self) -> &[DetailView] {
        &self.views
    }

    /// Every view, to build again (language or note changed).
    pub fn views_mut(&mut self) -> impl Iterator<Item = &mut DetailView> {
        self.views.iter_mut()
    }

    /// The view shown.
    #[must_use]
    pub fn top(&self) -> &DetailView {
        // Never empty: `new` makes one view and `pop` keeps the last.
        &self.views[self.views.len() - 1]
    }

    /// The view shown, to change.
    pub fn top_mut(&mut self) -> &mut DetailView {
        let last = self.views.len() - 1;
        &mut self.views[last]
    }
}
