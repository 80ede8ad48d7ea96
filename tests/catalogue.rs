//! The bundled catalogue: it validates, it is complete in both languages, it is tied to the
//! seed documents, and the facts a librarian looks for are found by `search`.

#![allow(clippy::expect_used, reason = "test helpers fail the test with a message")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use libservices::catalogue::{self, Dataset, EntityRef, Text};
use support::{bundled, libservices};

mod support;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The service ids `search QUERY` returns, best first (JSON output); the ranking of every
/// kind of entry is judged in `tests/judged.rs`.
fn search_ids(query: &str) -> Vec<String> {
    let run = libservices(&["search", query, "--kind", "service", "--format", "json"]);
    assert_eq!(run.code, Some(0), "search {query:?} found nothing: {}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    rows.as_array()
        .expect("an array")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

fn assert_first(query: &str, id: &str) {
    let ids = search_ids(query);
    assert_eq!(ids.first().map(String::as_str), Some(id), "search {query:?}: {ids:?}");
}

fn assert_among(query: &str, id: &str) {
    let ids = search_ids(query);
    assert!(ids.iter().any(|x| x == id), "search {query:?} lacks {id}: {ids:?}");
}

// ---- Validity and size ----

#[test]
fn bundled_catalogue_validates() {
    let ds = bundled();
    let c = &ds.catalogue;
    let run = libservices(&["validate"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        format!(
            "valid: {}\n{} services, {} libraries, {} target groups, {} programmes, {} themes\n",
            catalogue::BUNDLED_NAME,
            c.services.len(),
            c.libraries.len(),
            c.target_groups.len(),
            c.programmes.len(),
            c.themes.len()
        )
    );
}

#[test]
fn catalogue_is_big_enough() {
    let c = bundled().catalogue;
    // 43 until the four events among them became programmes and two twinning entries one.
    assert!(c.services.len() >= 38, "{} services", c.services.len());
    assert!(c.libraries.len() >= 30, "{} libraries", c.libraries.len());
    assert!(!c.target_groups.is_empty() && !c.programmes.is_empty() && !c.themes.is_empty());
    assert!(!c.version.is_empty() && !c.date.is_empty());
}

#[test]
fn ids_are_unique_kebab_case_and_resolve_to_their_kind() {
    let ds = bundled();
    let c = &ds.catalogue;
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut duplicates = Vec::new();
    let all = c
        .themes
        .iter()
        .map(|x| (x.id.as_ref(), "theme"))
        .chain(c.target_groups.iter().map(|x| (x.id.as_ref(), "target group")))
        .chain(c.programmes.iter().map(|x| (x.id.as_ref(), "programme")))
        .chain(c.libraries.iter().map(|x| (x.id.as_ref(), "library")))
        .chain(c.services.iter().map(|x| (x.id.as_ref(), "service")));
    for (id, kind) in all {
        if let Some(first) = seen.insert(id, kind) {
            duplicates.push(format!("{id}: {first} and {kind}"));
        }
        let kebab = id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        assert!(kebab, "{id} is not kebab-case");
    }
    assert!(duplicates.is_empty(), "{duplicates:?}");
    for (i, s) in c.services.iter().enumerate() {
        assert_eq!(ds.get(&s.id), Some(EntityRef::Service(i)));
    }
    for (i, l) in c.libraries.iter().enumerate() {
        assert_eq!(ds.get(&l.id), Some(EntityRef::Library(i)));
    }
}

#[test]
fn every_relation_resolves() {
    let ds = bundled();
    for (s, links) in ds.catalogue.services.iter().zip(&ds.links) {
        assert_eq!(links.libraries.len(), s.libraries.len(), "{}", s.id);
        assert_eq!(links.target_groups.len(), s.target_groups.len(), "{}", s.id);
        assert_eq!(links.programmes.len(), s.programmes.len(), "{}", s.id);
        assert_eq!(links.themes.len(), s.themes.len(), "{}", s.id);
    }
}

// ---- Seeds ----

fn seed_files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("seeds directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_seed_is_cited_and_every_citation_exists() {
    let c = bundled().catalogue;
    let files = seed_files(&manifest_dir().join("seeds"));
    assert_eq!(files.len(), 5, "{files:?}");
    let mut cited: BTreeSet<String> = BTreeSet::new();
    for s in &c.services {
        assert!(!s.seeds.is_empty(), "service {} names no seed file", s.id);
        for seed in &s.seeds {
            assert!(
                files.contains(seed.as_str()),
                "service {} cites missing seeds/{seed}",
                s.id
            );
            cited.insert(seed.to_string());
        }
    }
    for p in &c.programmes {
        for seed in &p.seeds {
            assert!(
                files.contains(seed.as_str()),
                "programme {} cites missing seeds/{seed}",
                p.id
            );
        }
    }
    let uncited: Vec<&String> = files.difference(&cited).collect();
    assert!(uncited.is_empty(), "seed files no service cites: {uncited:?}");
}

#[test]
fn every_seed_has_its_document_title_and_the_title_is_the_documents_own() {
    let ds = bundled();
    let files = seed_files(&manifest_dir().join("seeds"));
    let listed: Vec<&str> = ds.catalogue.sources.iter().map(|d| &*d.file).collect();
    assert_eq!(listed, files.iter().map(String::as_str).collect::<Vec<_>>());
    for d in &ds.catalogue.sources {
        assert!(!d.title.uk().is_empty() && !d.title.en().is_empty(), "{} title", d.file);
        assert_eq!(
            d.publisher.uk().is_empty(),
            d.publisher.en().is_empty(),
            "{} publisher",
            d.file
        );
        // The title's words stand at the start of the document, in its own language.
        let text = std::fs::read_to_string(manifest_dir().join("seeds").join(&*d.file)).expect("seed");
        let head: String = text.chars().take(300).collect::<String>().to_lowercase();
        let cyrillic = head.chars().any(|ch| ('\u{400}'..='\u{4FF}').contains(&ch));
        let title = if cyrillic { d.title.uk() } else { d.title.en() };
        for word in title
            .split(|ch: char| !ch.is_alphanumeric() && ch != '’')
            .filter(|w| w.chars().count() >= 4)
        {
            assert!(
                head.contains(&word.to_lowercase()),
                "{}: \"{word}\" of its title is not in its opening",
                d.file
            );
        }
        assert_eq!(ds.source_title(&d.file, catalogue::Lang::Uk), d.title.uk());
    }
    assert_eq!(ds.source_title("unknown.txt", catalogue::Lang::En), "unknown.txt");
}

#[test]
fn detail_views_show_and_about_name_the_source_by_title_and_json_keeps_the_file() {
    let title = "Five things we have learnt from Ukraine library partnerships";
    let show = libservices(&["show", "mobile-library-for-ukraine"]);
    assert_eq!(show.code, Some(0), "{}", show.stderr);
    assert!(show.stdout.contains(title), "{}", show.stdout);
    assert!(!show.stdout.contains("003_c1017278d11d3a83.txt"), "{}", show.stdout);
    let json = libservices(&["show", "mobile-library-for-ukraine", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["seeds"][0], "003_c1017278d11d3a83.txt");
    let about = libservices(&["about", "--lang", "uk"]);
    assert!(
        about
            .stdout
            .contains("П'ять речей, яких ми навчилися з партнерства з бібліотеками України — Libraries Connected"),
        "{}",
        about.stdout
    );
    assert!(
        about.stdout.contains("seeds/003_c1017278d11d3a83.txt"),
        "{}",
        about.stdout
    );
}

#[test]
fn seeds_are_byte_identical_to_the_shared_copies() {
    let shared = manifest_dir().join("../shared/seeds");
    if !shared.is_dir() {
        eprintln!("{} is absent: comparison skipped", shared.display());
        return;
    }
    let ours = manifest_dir().join("seeds");
    let names = seed_files(&ours);
    assert_eq!(names, seed_files(&shared));
    for name in names {
        let a = std::fs::read(ours.join(&name)).expect("our seed");
        let b = std::fs::read(shared.join(&name)).expect("shared seed");
        assert!(a == b, "seeds/{name} differs from the shared copy");
    }
}

// ---- Both languages ----

/// Problems of a required text: both languages must be written.
fn required(problems: &mut Vec<String>, what: &str, text: &Text) {
    if text.uk().trim().is_empty() || text.en().trim().is_empty() {
        problems.push(format!("{what}: uk {:?}, en {:?}", text.uk(), text.en()));
    }
}

/// Problems of an optional text: when one language is written, so is the other.
fn paired(problems: &mut Vec<String>, what: &str, text: &Text) {
    if text.uk().trim().is_empty() != text.en().trim().is_empty() {
        problems.push(format!("{what}: uk {:?}, en {:?}", text.uk(), text.en()));
    }
}

#[test]
fn every_text_is_in_ukrainian_and_english() {
    let c = bundled().catalogue;
    let mut problems = Vec::new();
    for t in &c.themes {
        required(&mut problems, &format!("theme {} name", t.id), &t.name);
        paired(&mut problems, &format!("theme {} summary", t.id), &t.summary);
    }
    for g in &c.target_groups {
        required(&mut problems, &format!("target group {} name", g.id), &g.name);
        paired(&mut problems, &format!("target group {} summary", g.id), &g.summary);
    }
    for p in &c.programmes {
        let id = &p.id;
        required(&mut problems, &format!("programme {id} name"), &p.name);
        paired(&mut problems, &format!("programme {id} summary"), &p.summary);
        paired(&mut problems, &format!("programme {id} description"), &p.description);
        paired(&mut problems, &format!("programme {id} gives"), &p.gives);
        for t in p.organisers.iter().chain(&p.funders) {
            required(&mut problems, &format!("programme {id} organiser/funder"), t);
        }
        for person in &p.people {
            required(&mut problems, &format!("programme {id} person"), &person.name);
            paired(&mut problems, &format!("programme {id} person role"), &person.role);
        }
    }
    for l in &c.libraries {
        let id = &l.id;
        required(&mut problems, &format!("library {id} name"), &l.name);
        paired(&mut problems, &format!("library {id} place"), &l.place);
        paired(&mut problems, &format!("library {id} region"), &l.region);
        paired(&mut problems, &format!("library {id} summary"), &l.summary);
        for person in &l.people {
            required(&mut problems, &format!("library {id} person"), &person.name);
            paired(&mut problems, &format!("library {id} person role"), &person.role);
        }
    }
    for s in &c.services {
        let id = &s.id;
        required(&mut problems, &format!("service {id} title"), &s.title);
        required(&mut problems, &format!("service {id} summary"), &s.summary);
        paired(&mut problems, &format!("service {id} description"), &s.description);
        for person in &s.people {
            required(&mut problems, &format!("service {id} person"), &person.name);
            paired(&mut problems, &format!("service {id} person role"), &person.role);
        }
    }
    assert!(
        problems.is_empty(),
        "texts missing a language:\n{}",
        problems.join("\n")
    );
}

#[test]
fn english_service_titles_are_in_sentence_case() {
    let c = bundled().catalogue;
    // Proper names may keep their capitals: places, regions, people, countries, and a few more.
    let mut proper: BTreeSet<String> = [
        "UK",
        "Ukraine",
        "Ukrainian",
        "Skype",
        "Osvita",
        "Priorka",
        "CELA",
        "III",
        "NGOs",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let words = |t: &str| -> Vec<String> {
        t.split(|ch: char| !ch.is_alphanumeric() && ch != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    for l in &c.libraries {
        proper.extend(words(l.place.en()));
        proper.extend(words(l.region.en()));
        proper.extend(l.people.iter().flat_map(|p| words(p.name.en())));
    }
    for s in &c.services {
        proper.extend(s.people.iter().flat_map(|p| words(p.name.en())));
    }
    for s in &c.services {
        let title = s.title.en();
        let mut after_break = true;
        for token in title.split_whitespace() {
            let starts_quote = token.starts_with(['“', '‘', '"', '(']);
            for (i, word) in token
                .split(['–', '-', '“', '”', '(', ')'])
                .filter(|w| !w.is_empty())
                .enumerate()
            {
                let free = after_break || (i == 0 && starts_quote);
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                let name = word.trim_end_matches(|ch: char| !ch.is_alphanumeric());
                assert!(
                    !capital || free || proper.contains(name),
                    "service {}: \"{word}\" is capitalised in \"{title}\"; English titles are in sentence case",
                    s.id
                );
                after_break = false;
            }
            after_break = token.ends_with(['.', ':', '!', '?']);
        }
    }
}

#[test]
fn ukrainian_texts_are_in_cyrillic_and_english_texts_are_not() {
    let c = bundled().catalogue;
    let cyrillic = |s: &str| s.chars().any(|ch| ('\u{400}'..='\u{4FF}').contains(&ch));
    for s in &c.services {
        assert!(cyrillic(s.title.uk()), "service {} uk title {:?}", s.id, s.title.uk());
        assert!(!cyrillic(s.title.en()), "service {} en title {:?}", s.id, s.title.en());
        assert!(cyrillic(s.summary.uk()), "service {} uk summary", s.id);
        assert!(!cyrillic(s.summary.en()), "service {} en summary", s.id);
    }
}

#[test]
fn countries_are_iso_codes_and_coordinates_are_plausible() {
    let c = bundled().catalogue;
    // Every library has a country (services get theirs from their libraries), and every
    // coordinate lies inside its country's bounding box.
    for l in &c.libraries {
        assert!(
            l.country.len() == 2 && l.country.bytes().all(|b| b.is_ascii_uppercase()),
            "library {} country {:?}",
            l.id,
            l.country
        );
        if let Some((lat, lon)) = l.coordinates {
            assert!(
                (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon),
                "{}",
                l.id
            );
            let (south, north, west, east) = bounding_box(&l.country);
            assert!(
                (south..=north).contains(&lat) && (west..=east).contains(&lon),
                "library {} at {lat}, {lon} is outside {}",
                l.id,
                l.country
            );
        }
    }
}

/// A country's bounding box (south, north, west, east), for the countries of the catalogue
/// (the United States without Alaska and Hawaii).
fn bounding_box(country: &str) -> (f64, f64, f64, f64) {
    match country {
        "UA" => (44.3, 52.4, 22.1, 40.3),
        "BY" => (51.2, 56.2, 23.1, 32.8),
        "GB" => (49.8, 60.9, -8.7, 1.8),
        "US" => (24.4, 49.4, -125.0, -66.9),
        "DK" => (54.5, 57.8, 8.0, 15.2),
        other => panic!("no bounding box for {other}; add it to the test"),
    }
}

#[test]
fn places_the_sources_name_are_at_their_buildings_or_villages() {
    let ds = bundled();
    let at = |id: &str| ds.catalogue.libraries[library_index(&ds, id)].coordinates;
    assert!(at("dobrohostiv-village-library").is_some());
    // Not the city centre of Kyiv or Minsk, where a library without its own place would be.
    assert_ne!(at("kyiv-priorka-childrens-branch-library"), Some((50.4501, 30.5234)));
    assert_ne!(at("national-library-of-belarus"), Some((53.9006, 27.5590)));
    let centres = ds
        .catalogue
        .libraries
        .iter()
        .filter(|l| l.place.en() == "Kyiv" && l.coordinates == Some((50.4501, 30.5234)))
        .count();
    assert_eq!(centres, 0);
}

// ---- Relations a reader follows ----

fn programme<'a>(ds: &'a Dataset, id: &str) -> (usize, &'a catalogue::Programme) {
    match ds.get(id) {
        Some(EntityRef::Programme(i)) => (i, &ds.catalogue.programmes[i]),
        other => panic!("{id} is not a programme: {other:?}"),
    }
}

fn library_index(ds: &Dataset, id: &str) -> usize {
    match ds.get(id) {
        Some(EntityRef::Library(i)) => i,
        other => panic!("{id} is not a library: {other:?}"),
    }
}

fn service_ids_of(ds: &Dataset, list: &[u32]) -> BTreeSet<String> {
    list.iter()
        .map(|&s| ds.catalogue.services[s as usize].id.to_string())
        .collect()
}

#[test]
fn events_are_programmes_of_kind_event_and_their_services_link_to_them() {
    let ds = bundled();
    for id in [
        "european-library-organisations-online-conference-2022",
        "uk-ukraine-health-and-wellbeing-webinar",
        "library-country-keynote-2023",
        "bila-tserkva-pavlohrad-library-exchange",
        "uk-ukraine-exchange-meeting",
        "lviv-international-library-conference",
    ] {
        assert_eq!(programme(&ds, id).1.kind, catalogue::ProgrammeKind::Event, "{id}");
    }
    // No service is itself a conference, meeting, webinar or keynote.
    for s in &ds.catalogue.services {
        let title = s.title.en().to_lowercase();
        for word in ["conference", "webinar", "keynote", "meeting of"] {
            assert!(!title.contains(word), "service {} looks like an event: {title}", s.id);
        }
    }
    let (meeting, _) = programme(&ds, "bila-tserkva-pavlohrad-library-exchange");
    let at_meeting = service_ids_of(&ds, &ds.programme_services[meeting]);
    for id in [
        "play-therapy",
        "fairy-tale-therapy",
        "work-with-idp-families",
        "library-volunteering",
    ] {
        assert!(
            at_meeting.contains(id),
            "{id} is not linked to the 14 January meeting: {at_meeting:?}"
        );
    }
    let (partnership, _) = programme(&ds, "bila-tserkva-pavlohrad-partnership");
    assert!(service_ids_of(&ds, &ds.programme_services[partnership]).is_superset(&at_meeting));
    let (offers, p) = programme(&ds, "universal-library-offers");
    assert_eq!(
        p.presented_at.iter().map(|x| &**x).collect::<Vec<_>>(),
        ["uk-ukraine-exchange-meeting"]
    );
    let (exchange, _) = programme(&ds, "uk-ukraine-exchange-meeting");
    assert_eq!(ds.presented_here(exchange), [offers]);
}

#[test]
fn one_twinning_scheme_and_its_old_id_still_finds_it() {
    let ds = bundled();
    let (scheme, _) = programme(&ds, "libraries-connected-twinning-scheme");
    assert_eq!(ds.get("uk-ukraine-library-twinnings"), None);
    assert_eq!(
        ds.resolve("uk-ukraine-library-twinnings"),
        Some(EntityRef::Programme(scheme))
    );
    assert_eq!(
        ds.current_id("uk-ukraine-library-twinnings"),
        Some("libraries-connected-twinning-scheme")
    );
    let schemes = ds
        .catalogue
        .programmes
        .iter()
        .filter(|p| p.kind == catalogue::ProgrammeKind::Scheme)
        .count();
    assert_eq!(schemes, 1);
    let run = libservices(&["show", "uk-ukraine-library-twinnings"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("Libraries Connected library twinning scheme"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("21 new UK–Ukraine library twinnings"),
        "other names shown: {}",
        run.stdout
    );
    let json = libservices(&["show", "uk-ukraine-library-twinnings", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["id"], "libraries-connected-twinning-scheme");
    let services = service_ids_of(&ds, &ds.programme_services[scheme]);
    assert!(services.contains("liverpool-odesa-library-twinning"), "{services:?}");
}

#[test]
fn a_shortlist_naming_the_retired_id_keeps_the_users_other_entries() {
    let home = tempfile::tempdir().expect("temporary home");
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).expect("data folder");
    std::fs::write(
        data.join("personal.ron"),
        "(version: 1, shortlist: [\"uk-ukraine-library-twinnings\", \"play-therapy\", \"mobile-library-for-ukraine\"], notes: {})\n",
    )
    .expect("personal.ron");
    let run = support::libservices_in(home.path(), &[], &["export", "--shortlist", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let ids: Vec<&str> = rows
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, ["play-therapy", "mobile-library-for-ukraine"]);
    // The old id now names the twinning scheme, a programme: said, not silently dropped.
    assert!(
        run.stderr.contains("\"libraries-connected-twinning-scheme\""),
        "{}",
        run.stderr
    );
}

#[test]
fn organisations_that_are_entries_are_linked_and_list_what_they_organised() {
    let ds = bundled();
    let organised = |library: &str| -> BTreeSet<String> {
        ds.library_programmes(library_index(&ds, library))
            .into_iter()
            .map(|p| ds.catalogue.programmes[p].id.to_string())
            .collect()
    };
    assert!(organised("ukrainian-library-association").contains("create-culture"));
    assert!(organised("library-country").contains("uk-ukraine-exchange-meeting"));
    assert!(organised("libraries-connected").contains("libraries-connected-twinning-scheme"));
    assert!(organised("chicago-public-library").contains("design-thinking-for-librarians"));
    assert!(organised("aarhus-public-libraries").contains("design-thinking-for-librarians"));
    // An organiser that is an entry is not written out as text as well.
    let names: BTreeSet<&str> = ds.catalogue.libraries.iter().map(|l| l.name.en()).collect();
    for p in &ds.catalogue.programmes {
        for t in p.organisers.iter().chain(&p.funders) {
            assert!(
                !names.contains(t.en()),
                "programme {}: \"{}\" is an entry; link it in organisations",
                p.id,
                t.en()
            );
        }
    }
    let show = libservices(&["show", "libraries-connected"]);
    assert!(show.stdout.contains("Organised or supported"), "{}", show.stdout);
}

#[test]
fn branches_name_their_system_and_systems_list_their_branches() {
    let ds = bundled();
    for (branch, system) in [
        ("zhytomyr-zemlyak-central-city-library", "zhytomyr-city-library-system"),
        ("pavlohrad-central-childrens-library", "pavlohrad-city-library-system"),
        (
            "bila-tserkva-branch-library-1",
            "bila-tserkva-krasnozhon-library-system",
        ),
        (
            "bila-tserkva-childrens-library",
            "bila-tserkva-krasnozhon-library-system",
        ),
    ] {
        let (b, s) = (library_index(&ds, branch), library_index(&ds, system));
        assert_eq!(ds.library_parent(b), Some(s), "{branch}");
        assert!(ds.library_branches(s).contains(&b), "{system}");
    }
    let show = libservices(&["show", "bila-tserkva-krasnozhon-library-system"]);
    assert!(show.stdout.contains("Branches"), "{}", show.stdout);
    let show = libservices(&["show", "bila-tserkva-branch-library-1"]);
    assert!(show.stdout.contains("Part of"), "{}", show.stdout);
}

#[test]
fn every_service_has_a_country_and_a_programme_where_its_source_gives_one() {
    let ds = bundled();
    for (s, links) in ds.catalogue.services.iter().zip(&ds.links) {
        let countries: BTreeSet<&str> = links
            .libraries
            .iter()
            .map(|&l| &*ds.catalogue.libraries[l as usize].country)
            .filter(|c| !c.is_empty())
            .collect();
        assert!(!countries.is_empty(), "service {} has no country", s.id);
        assert!(!links.programmes.is_empty(), "service {} has no programme", s.id);
    }
}

#[test]
fn libraries_cite_their_seeds_and_every_seed_has_a_source_entry() {
    let ds = bundled();
    let c = &ds.catalogue;
    let seeds = c
        .libraries
        .iter()
        .map(|l| (&*l.id, &l.seeds))
        .chain(c.programmes.iter().map(|p| (&*p.id, &p.seeds)))
        .chain(c.services.iter().map(|s| (&*s.id, &s.seeds)));
    for (id, list) in seeds {
        assert!(!list.is_empty(), "{id} cites no seed file");
        for seed in list {
            assert!(
                ds.source_document(seed).is_some(),
                "{id} cites {seed}, which the sources section lacks"
            );
        }
    }
}

#[test]
fn texts_for_readers_hold_no_notes_for_maintainers() {
    let c = bundled().catalogue;
    let texts = c
        .libraries
        .iter()
        .flat_map(|l| [&l.summary, &l.name])
        .chain(c.services.iter().flat_map(|s| [&s.summary, &s.description, &s.title]))
        .chain(c.programmes.iter().flat_map(|p| [&p.summary, &p.description]));
    for t in texts {
        for note in [
            "the source does not",
            "the source doesn't",
            "в джерелі не",
            "джерело не",
        ] {
            assert!(
                !t.en().contains(note) && !t.uk().contains(note),
                "a note for maintainers: {t:?}"
            );
        }
    }
}

// ---- Other names ----

/// Every other name of the entry with this id, in both languages.
fn other_names_of(ds: &Dataset, id: &str) -> Vec<String> {
    let c = &ds.catalogue;
    let names = match ds.get(id) {
        Some(EntityRef::Service(i)) => &c.services[i].other_names,
        Some(EntityRef::Library(i)) => &c.libraries[i].other_names,
        Some(EntityRef::TargetGroup(i)) => &c.target_groups[i].other_names,
        Some(EntityRef::Programme(i)) => &c.programmes[i].other_names,
        Some(EntityRef::Theme(i)) => &c.themes[i].other_names,
        None => panic!("no entry {id}"),
    };
    names.iter().map(|(_, n)| n.to_owned()).collect()
}

#[test]
fn every_target_group_has_everyday_words_in_both_languages() {
    let ds = bundled();
    for g in &ds.catalogue.target_groups {
        for lang in [catalogue::Lang::Uk, catalogue::Lang::En] {
            assert!(
                !g.other_names.exact(lang).is_empty(),
                "target group {} has no other name in {lang:?}",
                g.id
            );
        }
    }
}

#[test]
fn the_words_readers_type_are_other_names_of_the_right_entries() {
    let ds = bundled();
    for (id, name) in [
        ("internally-displaced-people", "переселенці"),
        ("internally-displaced-people", "ВПО"),
        ("internally-displaced-people", "внутрішньо переміщені особи"),
        ("internally-displaced-people", "IDPs"),
        ("children", "kids"),
        ("former-prisoners", "ex-offenders"),
        ("seniors", "пенсіонери"),
        ("local-communities", "ОТГ"),
        ("ukrainian-library-association", "УБА"),
        ("bila-tserkva-krasnozhon-library-system", "ЦБС"),
        ("pavlohrad-central-childrens-library", "ЦДБ"),
        ("pavlohrad-city-library-system", "МЦБС"),
        ("kyiv-priorka-childrens-branch-library", "Kiev"),
        ("dniprodzerzhynsk-city-library", "Kamianske"),
        ("borisov-kolodeeva-central-district-library", "Kolodeeva"),
        ("theatre-studio-cela", "theater"),
        ("theatre-studio-cela", "Theater Studio “CELA”"),
        ("libraries-connected-twinning-scheme", "sister library scheme"),
    ] {
        let names = other_names_of(&ds, id);
        assert!(
            names.iter().any(|n| n == name),
            "{id} lacks the other name {name:?}: {names:?}"
        );
    }
}

#[test]
fn detail_views_show_other_names_in_both_languages() {
    let en = libservices(&["show", "internally-displaced-people"]);
    assert!(en.stdout.contains("Also known as: IDPs, IDP,"), "{}", en.stdout);
    let uk = libservices(&["show", "internally-displaced-people", "--lang", "uk"]);
    assert!(uk.stdout.contains("Інші назви: переселенці, ВПО,"), "{}", uk.stdout);
}

// ---- Facts a librarian searches for ----

fn services_in_place(ds: &Dataset, place_en: &str) -> BTreeSet<String> {
    let c = &ds.catalogue;
    c.services
        .iter()
        .zip(&ds.links)
        .filter(|(_, links)| {
            links
                .libraries
                .iter()
                .any(|&l| c.libraries[l as usize].place.en() == place_en)
        })
        .map(|(s, _)| s.id.to_string())
        .collect()
}

#[test]
fn bila_tserkva_in_latin_and_cyrillic_finds_its_services() {
    let ds = bundled();
    let expected = services_in_place(&ds, "Bila Tserkva");
    assert!(!expected.is_empty(), "{expected:?}");
    let latin = search_ids("Bila Tserkva");
    let cyrillic = search_ids("Біла Церква");
    for ids in [&latin, &cyrillic] {
        for id in &expected {
            assert!(ids.contains(id), "{id} missing from {ids:?}");
        }
        assert!(
            expected.contains(&ids[0]),
            "first result {} is not in Bila Tserkva",
            ids[0]
        );
    }
    assert_eq!(latin, cyrillic);
}

#[test]
fn zhytomyr_finds_the_theatre_studio() {
    assert_among("Zhytomyr", "theatre-studio-cela");
    assert_among("Житомир", "theatre-studio-cela");
}

#[test]
fn play_therapy_in_both_languages() {
    assert_first("ігротерапія", "play-therapy");
    assert_first("play therapy", "play-therapy");
}

#[test]
fn twinning_finds_the_twinning_services_first() {
    // The twinning in the title first; then the services of the theme whose other name is
    // "twinning" (a theme ranks before a description), the exchanges of twinned libraries
    // among them.
    let ids = search_ids("twinning");
    assert_eq!(ids[0], "liverpool-odesa-library-twinning", "{ids:?}");
    let top: Vec<&str> = ids.iter().take(5).map(String::as_str).collect();
    assert!(
        top.contains(&"twinned-libraries-exchanges-and-joint-festivals"),
        "{ids:?}"
    );
    assert_first("побратимство", "liverpool-odesa-library-twinning");
}

#[test]
fn named_services_come_first() {
    assert_first("Liverpool", "liverpool-odesa-library-twinning");
    assert_first("mobile library", "mobile-library-for-ukraine");
    assert_first("Dad is here", "dad-is-here-mom-lets-talk");
    assert_first("labour migration", "labour-migration-resources");
}

#[test]
fn labour_migration_in_ukrainian_nominative() {
    // The catalogue says "трудової міграції" and "трудову міграцію"; a librarian types the
    // nominative.
    assert_first("трудова міграція", "labour-migration-resources");
}

#[test]
fn wrong_keyboard_layout_is_repaired() {
    // "театр" typed with the English layout active.
    assert_first("ntfnh", "theatre-studio-cela");
    // "theatre" typed with the Ukrainian layout active.
    assert_first("еруфеку", "theatre-studio-cela");
}
