//! Small windows over the browser: the note editor, recent searches, the export menu and
//! the "about" view. One is open at a time; each owns its cursor.

use crate::catalogue::{Dataset, Lang};
use crate::export::Format;
use crate::i18n::tr;

use super::search_box::SearchBox;

/// The formats the export menu offers, in its order.
pub const EXPORT_FORMATS: [Format; 3] = [Format::Md, Format::Csv, Format::Json];

/// An open popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    /// Writing the note on a service (an index into the catalogue's services).
    Note {
        /// The service.
        service: usize,
        /// The text being written.
        editor: SearchBox,
    },
    /// Choosing a recent search; the selected row.
    Recent(usize),
    /// Choosing an export format; the selected row of [`EXPORT_FORMATS`].
    Export(usize),
    /// About the catalogue; the first line shown.
    About(usize),
}

impl Popup {
    /// Moves the selection (or scroll) by `delta` within `len` rows.
    pub fn move_by(&mut self, delta: isize, len: usize) {
        match self {
            Self::Recent(i) | Self::Export(i) | Self::About(i) => {
                *i = i.saturating_add_signed(delta).min(len.saturating_sub(1));
            }
            Self::Note { .. } => {}
        }
    }
}

/// The file-name part and label of an export format.
#[must_use]
pub const fn format_label(format: Format) -> &'static str {
    match format {
        Format::Md => "Markdown (.md)",
        Format::Csv => "CSV (.csv)",
        Format::Json => "JSON (.json)",
        Format::Text => "Text (.txt)",
    }
}

/// The lines of the "about" view: the catalogue's version and date, then what each file
/// brought.
#[must_use]
pub fn about_lines(ds: &Dataset, lang: Lang) -> Vec<String> {
    let c = &ds.catalogue;
    let mut out = vec![
        format!(
            "{} {} · {} {}",
            tr(lang, "Catalogue version", "Версія каталогу"),
            c.version,
            tr(lang, "dated", "від"),
            c.date
        ),
        format!(
            "{}: {} · {}: {} · {}: {} · {}: {} · {}: {}",
            tr(lang, "services", "послуги"),
            c.services.len(),
            tr(lang, "libraries", "бібліотеки"),
            c.libraries.len(),
            tr(lang, "target groups", "цільові групи"),
            c.target_groups.len(),
            tr(lang, "programmes", "програми"),
            c.programmes.len(),
            tr(lang, "themes", "теми"),
            c.themes.len()
        ),
        String::new(),
        tr(lang, "Files, in the order they were read:", "Файли в порядку читання:").to_owned(),
    ];
    for s in &ds.sources {
        out.push(format!(
            "{} ({} {}, {})",
            s.name,
            tr(lang, "version", "версія"),
            s.version,
            s.date
        ));
        out.push(format!(
            "  +{} {} · +{} {} · +{} {} · +{} {} · +{} {}",
            s.services,
            tr(lang, "services", "послуг"),
            s.libraries,
            tr(lang, "libraries", "бібліотек"),
            s.target_groups,
            tr(lang, "groups", "груп"),
            s.programmes,
            tr(lang, "programmes", "програм"),
            s.themes,
            tr(lang, "themes", "тем"),
        ));
    }
    out
}
