//! Small windows over the browser: the note editor, recent searches, the export menu and
//! the "about" view. One is open at a time; each owns its cursor.

use crate::about::About;
use crate::catalogue::{Dataset, Lang};
use crate::export::Format;

use super::search_box::SearchBox;

/// The formats the export menu offers, in its order.
pub const EXPORT_FORMATS: [Format; 5] = [Format::Html, Format::Xlsx, Format::Md, Format::Csv, Format::Json];

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
pub const fn format_label(format: Format, lang: Lang) -> &'static str {
    use crate::i18n::tr;
    match format {
        Format::Md => "Markdown (.md)",
        Format::Csv => tr(lang, "CSV for scripts (.csv)", "CSV для програм (.csv)"),
        Format::Json => "JSON (.json)",
        Format::Text => tr(lang, "Text (.txt)", "Текст (.txt)"),
        Format::Html => tr(lang, "HTML handout to print (.html)", "HTML-роздатка для друку (.html)"),
        Format::Xlsx => tr(lang, "Excel spreadsheet (.xlsx)", "Таблиця Excel (.xlsx)"),
    }
}

/// The export dialog's last line: the folder the file really goes to, its start cut with
/// "…" when it is wider than `width` (the end of a path says most).
#[must_use]
pub fn folder_note(folder: Option<&std::path::Path>, lang: Lang, width: usize) -> String {
    use crate::i18n::tr;
    let Some(folder) = folder else {
        return tr(
            lang,
            "No folder for exports: set LIBSERVICES_HOME.",
            "Немає теки для експорту: задайте LIBSERVICES_HOME.",
        )
        .to_owned();
    };
    let label = tr(lang, "Saved in ", "Збережеться в ");
    let path = folder.display().to_string();
    let room = width.saturating_sub(label.chars().count());
    let len = path.chars().count();
    if len <= room {
        format!("{label}{path}")
    } else {
        let tail: String = path.chars().skip(len + 1 - room.max(1)).collect();
        format!("{label}…{tail}")
    }
}

/// The lines of the "about" view: the catalogue's version and date, what each file brought,
/// and any update file that was left out, with why.
#[must_use]
pub fn about_lines(ds: &Dataset, updates: Option<&std::path::Path>, lang: Lang) -> Vec<String> {
    About::new(ds, updates.map(std::path::Path::to_path_buf))
        .text(lang)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_dialog_names_the_real_folder_cut_at_its_start() {
        let folder = std::path::Path::new("/home/olena/.local/share/libservices");
        assert_eq!(
            folder_note(Some(folder), Lang::En, 80),
            "Saved in /home/olena/.local/share/libservices"
        );
        let cut = folder_note(Some(folder), Lang::Uk, 30);
        assert_eq!(cut.chars().count(), 30, "{cut}");
        assert!(cut.starts_with("Збережеться в …"), "{cut}");
        assert!(cut.ends_with("libservices"), "{cut}");
        assert!(folder_note(None, Lang::En, 80).contains("LIBSERVICES_HOME"));
    }
}
