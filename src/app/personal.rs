//! What the app asks the runtime to do outside it (one outbox, taken after each action),
//! and the app's methods on the user's own things: the shortlist, notes, recent searches,
//! export and links.
//! Each change to the user's own things (the shortlist, notes, recent searches) is made in
//! the app's copy at once and saved by the runtime through [`crate::state::Store`], which
//! hands back what is on disk after the save, including changes made by another window at
//! the same time.

use crate::action::Action;
use crate::catalogue::{EntityRef, Lang};
use crate::i18n::tr;
use crate::keymap::Mode;
use crate::search::Hit;
use crate::state::PersonalChange;

use super::cursor::Cursor;
use super::popup::Popup;
use super::search_box::SearchBox;
use super::{App, Overlay};

/// Something the runtime should do outside the app: search on the worker, save, write a
/// file, open a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Run this search on the search worker and hand the answer to `App::apply_search`.
    Search(crate::search::worker::Request),
    /// Save a change to the shortlist or the notes.
    Personal(PersonalChange),
    /// Remember a search text among the recent ones.
    RememberSearch(String),
    /// Remember the language chosen with F2 for the next start.
    RememberLang(crate::catalogue::Lang),
    /// Write services (indices into the catalogue) to a file in the documents folder.
    Export {
        /// File format.
        format: crate::export::Format,
        /// The services, in list order.
        services: Vec<usize>,
        /// What the list is ("Shortlist", or the search and filters).
        title: String,
        /// The shortlist or search results (for the file's name).
        kind: crate::export::ExportKind,
    },
    /// Open an address with the system's program for it.
    OpenUrl(String),
}

/// The shortlist, notes, recent searches, export and links: what the app changes of the
/// user's own things, and what it asks the runtime to write or open.
impl App {
    pub(super) fn service_id(&self, service: usize) -> Option<String> {
        self.data.ds.catalogue.services.get(service).map(|s| s.id.to_string())
    }

    /// Makes a change to the shortlist or notes here and asks the runtime to save it.
    pub(super) fn change(&mut self, change: PersonalChange) {
        self.personal.apply(&change);
        self.outbox.push(Effect::Personal(change));
    }

    pub(super) fn toggle_mark(&mut self) {
        let Some(id) = self.current_service().and_then(|s| self.service_id(s)) else {
            self.only_services();
            return;
        };
        let marked = !self.personal.is_shortlisted(&id);
        self.change(PersonalChange::Shortlist(id, marked));
        let n = self.personal.shortlist.len();
        self.notice = Some(match (self.lang, marked) {
            (Lang::En, true) => format!("Added to the shortlist ({n})."),
            (Lang::En, false) => format!("Taken off the shortlist ({n})."),
            (Lang::Uk, true) => format!("Додано до добірки ({n})."),
            (Lang::Uk, false) => format!("Прибрано з добірки ({n})."),
        });
        self.remember_search();
        if self.shortlist_only {
            self.refresh_filters();
        }
    }

    pub(super) fn toggle_shortlist(&mut self) {
        if !self.shortlist_only && self.personal.shortlist.is_empty() {
            let key = crate::keymap::key_for(Mode::Search, &Action::ToggleMark).unwrap_or_default();
            self.notice = Some(match self.lang {
                Lang::En => format!("The shortlist is empty: press {key} on a service to add it."),
                Lang::Uk => format!("Добірка порожня: натисніть {key} на послузі, щоб додати її."),
            });
            return;
        }
        self.shortlist_only = !self.shortlist_only;
        self.list = Cursor::default();
        self.refresh_filters();
    }

    /// Says that the shortlist and notes are for services, when another kind of entry is
    /// selected (or nothing is).
    fn only_services(&mut self) {
        if self.selected_entry().is_some() || self.shown_entity().is_some() {
            self.notice = Some(
                tr(
                    self.lang,
                    "Only services go on the shortlist and take notes: open one of this entry's services.",
                    "До добірки й нотаток потрапляють лише послуги: відкрийте одну з послуг цього запису.",
                )
                .to_owned(),
            );
        }
    }

    pub(super) fn edit_note(&mut self) {
        let Some(service) = self.current_service() else {
            self.only_services();
            return;
        };
        let mut editor = SearchBox::default();
        if let Some(note) = self
            .service_id(service)
            .and_then(|id| self.personal.notes.get(&id).cloned())
        {
            editor.insert(&note);
        }
        self.overlay = Some(Overlay::Popup(Popup::Note { service, editor }));
    }

    pub(super) fn save_note(&mut self) {
        let Some(Overlay::Popup(Popup::Note { service, editor })) = self.overlay.take() else {
            return;
        };
        let Some(id) = self.service_id(service) else { return };
        let text = editor.text().trim();
        let new = (!text.is_empty()).then(|| text.to_owned());
        if self.personal.notes.get(&id) != new.as_ref() {
            let removed = new.is_none();
            self.change(PersonalChange::Note(id, new));
            self.notice = Some(
                if removed {
                    tr(self.lang, "Note removed.", "Нотатку видалено.")
                } else {
                    tr(self.lang, "Note saved.", "Нотатку збережено.")
                }
                .to_owned(),
            );
        }
        self.rebuild_details();
    }

    /// Remembers the search text among the recent ones (when it is worth remembering).
    pub(super) fn remember_search(&mut self) {
        let text = self.search().text().trim().to_owned();
        if !text.is_empty() && self.recent.searches.first().is_none_or(|r| *r != text) {
            self.recent.push(&text);
            self.outbox.push(Effect::RememberSearch(text));
        }
    }

    pub(super) fn open_recent(&mut self) {
        if self.recent.searches.is_empty() {
            self.notice = Some(tr(self.lang, "No recent searches yet.", "Недавніх пошуків ще немає.").to_owned());
        } else {
            self.overlay = Some(Overlay::Popup(Popup::Recent(0)));
        }
    }

    pub(super) fn open_export(&mut self) {
        if self.settings.kiosk {
            self.notice = Some(
                tr(
                    self.lang,
                    "Exports are turned off on this public PC.",
                    "На цьому публічному комп'ютері експорт вимкнено.",
                )
                .to_owned(),
            );
        } else if self.results.is_empty() {
            self.notice = Some(
                tr(
                    self.lang,
                    "Nothing to export: the list is empty.",
                    "Немає чого експортувати: список порожній.",
                )
                .to_owned(),
            );
        } else {
            self.overlay = Some(Overlay::Popup(Popup::Export(0)));
        }
    }

    pub(super) fn export(&mut self, format: crate::export::Format) {
        let services: Vec<usize> = self
            .results
            .iter()
            .filter_map(|&r| self.hits().get(r).and_then(Hit::service))
            .collect();
        self.remember_search();
        let title = self.list_title();
        self.outbox.push(Effect::Export {
            format,
            services,
            title,
            kind: if self.shortlist_only {
                crate::export::ExportKind::Shortlist
            } else {
                crate::export::ExportKind::Results
            },
        });
    }

    /// The web address of the entry in the detail view, else of the selected service.
    pub(super) fn current_url(&self) -> Option<String> {
        let c = &self.data.ds.catalogue;
        let entity = match self.shown_entity() {
            Some(entity) => entity,
            None => self.selected_entry()?,
        };
        let url = match entity {
            EntityRef::Service(i) => c.services.get(i).map(|s| s.url.to_string()),
            EntityRef::Library(i) => c.libraries.get(i).map(|l| l.url.to_string()),
            EntityRef::Programme(i) => c.programmes.get(i).map(|p| p.url.to_string()),
            EntityRef::TargetGroup(_) | EntityRef::Theme(_) => None,
        }?;
        (!url.trim().is_empty()).then_some(url)
    }

    pub(super) fn open_link(&mut self) {
        let lang = self.lang;
        self.notice = Some(match (self.current_url(), self.settings.kiosk) {
            (None, _) => tr(lang, "This entry has no web address.", "Цей запис не має вебадреси.").to_owned(),
            (Some(url), true) => match lang {
                Lang::En => format!("Links are not opened on this public PC; the address is {url}"),
                Lang::Uk => format!("На цьому публічному комп'ютері посилання не відкриваються; адреса: {url}"),
            },
            (Some(url), false) => {
                self.outbox.push(Effect::OpenUrl(url.clone()));
                match lang {
                    Lang::En => format!("Opening {url}"),
                    Lang::Uk => format!("Відкриваю {url}"),
                }
            }
        });
    }
}
