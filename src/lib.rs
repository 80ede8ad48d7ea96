//! libservices: an offline catalogue of innovative public-library services.
//!
//! - [`alloc`]: how the system allocator gives memory back (the one call into C).
//! - [`catalogue`]: the data model, reading and merging RON files, validation.
//! - [`search`]: text folding, transliteration, keyboard-layout repair, query parsing, ranking.
//! - [`facets`]: filter values (target group, library, country, region, programme, theme, year).
//! - [`detail`]: what a detail view says about any entry, for the CLI and the app.
//! - [`export`]: text, JSON, CSV, Markdown, printable HTML and spreadsheet output; writing export files.
//! - [`generate`], [`bench`]: synthetic catalogues of any size, and the speed benchmark.
//! - [`cache`]: big catalogues, once validated, kept for a faster start.
//! - [`about`]: the catalogue's version and what each file contributed or was skipped.
//! - [`cli`]: command-line definitions and the non-interactive commands.
//! - [`usage`]: mistakes on the command line, worded in the user's language.
//! - [`settings`], [`startup`]: the settings every command and the app share; loading the
//!   catalogue at start (files, updates, cache).
//! - [`config`], [`paths`]: the user's configuration and where user files live.
//! - [`state`]: the shortlist, notes and recent searches, saved atomically.
//! - [`i18n`]: interface labels in Ukrainian and English.
//! - [`suggest`]: "did you mean" for unknown ids, and long texts quoted short in messages.
//! - [`action`], [`keymap`]: user intentions and the one key table that maps keys to them.
//! - [`help`]: the help text from the key table, laid out for a width.
//! - [`app`]: the interface state and `update`; no terminal I/O.
//! - [`layout`]: where panes go for a terminal size.
//! - [`ui`]: widgets that draw the state.
//! - [`runtime`]: the event loop, the only code that touches the terminal.
//! - [`crash`]: after a panic, the terminal restored and one short line.

pub mod about;
pub mod action;
pub mod alloc;
pub mod app;
pub mod bench;
pub mod cache;
pub mod catalogue;
pub mod cli;
pub mod config;
pub mod crash;
pub mod detail;
pub mod export;
pub mod facets;
pub mod generate;
pub mod help;
pub mod i18n;
pub mod keymap;
pub mod layout;
pub mod paths;
pub mod runtime;
pub mod search;
pub mod settings;
pub mod startup;
pub mod state;
pub mod suggest;
pub mod ui;
pub mod usage;
