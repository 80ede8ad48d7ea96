//! In Ukrainian every message of the commands is Ukrainian: validation and loading
//! problems (with their `FILE:LINE:COLUMN` first), command-line mistakes, `generate` and
//! the updates left out, damaged personal files, documents that cannot be written and
//! `bench`'s errors, chosen with `--lang uk`, `LANG` or the config file.

#![allow(clippy::expect_used, reason = "test helpers fail the test with a message")]

use std::path::Path;

use support::{Run, libservices, libservices_in};

mod support;

/// No Latin word of English is left in `text` outside names, paths, ids and quoted
/// syntax: the words checked are those the English messages are made of.
fn no_english(text: &str) {
    for word in [
        "error",
        "problem",
        "cannot",
        "file",
        "the ",
        "Expected",
        "duplicate",
        "invalid",
        "unknown",
        "required",
        "Usage",
        "bundled",
        "folder",
        "skipped",
        "not a",
    ] {
        assert!(!text.contains(word), "English {word:?} in:\n{text}");
    }
}

fn uk(args: &[&str]) -> Run {
    let mut all = vec!["--lang", "uk"];
    all.extend_from_slice(args);
    libservices(&all)
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a test file");
    path.display().to_string()
}

#[test]
fn a_copy_of_the_bundled_catalogue_is_refused_in_ukrainian_with_its_place() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let copy = write(dir.path(), "c.ron", include_str!("../assets/catalogue.ron"));
    let run = uk(&["validate", &copy]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let first = run.stderr.lines().next().expect("a first problem");
    let line = include_str!("../assets/catalogue.ron")
        .lines()
        .position(|l| l.contains("id: \"creative-industries\""))
        .expect("the theme is in the catalogue")
        + 1;
    assert_eq!(
        first,
        format!(
            "{copy}:{line}:17: тема «creative-industries»: ідентифікатор повторюється: він уже є в <вбудований каталог>:{line}:17 (тема); перейменуйте один із двох"
        )
    );
    let problems = run.stderr.lines().count() - 1;
    assert!(problems > 100, "{}", run.stderr);
    let last = run.stderr.lines().last().expect("the count");
    // 130 problems: the plural "many"; the count follows the number.
    let plural = match (problems % 10, problems % 100) {
        (1, n) if n != 11 => "помилка",
        (2..=4, n) if !(12..=14).contains(&n) => "помилки",
        _ => "помилок",
    };
    assert_eq!(last, format!("{problems} {plural}"));
    no_english(&run.stderr.replace(&copy, "C"));
}

#[test]
fn validation_messages_name_kinds_in_the_right_case() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = write(
        dir.path(),
        "refs.ron",
        r#"Catalogue(
    themes: [(id: "t", name: (uk: "Т", en: "T"))],
    services: [(
        id: "s",
        title: (uk: "С", en: "S"),
        summary: (uk: "С", en: "S"),
        themes: ["nope", "s"],
        year: 1700,
        url: "a b",
        seeds: [],
    )],
)"#,
    );
    let run = uk(&["validate", "--no-bundled", &file]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let expected = [
        format!(
            "{file}:7:18: послуга «s»: у полі themes указано «nope», але такого ідентифікатора теми немає; виправте ідентифікатор або додайте тему з таким ідентифікатором"
        ),
        format!(
            "{file}:7:26: послуга «s»: у полі themes указано «s», але це послуга, а не тема; укажіть ідентифікатор теми"
        ),
        format!("{file}:4:13: послуга «s»: рік 1700 поза межами; напишіть рік від 1800 до 2100"),
        format!("{file}:4:13: послуга «s»: адреса «a b» містить пропуски; напишіть одну вебадресу"),
    ];
    for line in &expected {
        assert!(
            run.stderr.lines().any(|l| l == line),
            "no line\n{line}\nin\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.ends_with("\n4 помилки\n"), "{}", run.stderr);
}

#[test]
fn parse_and_file_problems_are_ukrainian() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let bad = write(dir.path(), "bad.ron", r#"(services: [(id: "x""#);
    let run = uk(&["--data", &bad, "list", "services"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        format!("{bad}:1:19: очікується кома; між двома записами чи полями бракує коми\n1 помилка\n")
    );

    let field = write(dir.path(), "field.ron", r#"Catalogue(services: [(id: "x", titel: 1)])"#);
    let run = uk(&["--data", &field, "list", "services"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.starts_with(&format!(
            "{field}:1:32: несподіване поле `titel` у `Service`; очікується одне з: `id`, `title`,"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("; вилучіть його або виправте назву\n"),
        "{}",
        run.stderr
    );

    let run = uk(&["--data", "/dev/null", "list", "services"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "/dev/null: це не звичайний файл (пристрій або канал), тому його не читають; вкажіть файл .ron\n1 помилка\n"
    );

    let missing = dir.path().join("missing.ron").display().to_string();
    let run = uk(&["--data", &missing, "list", "services"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        format!(
            "{missing}: не вдається прочитати файл: такого файлу чи теки немає; перевірте шлях і чи маєте право його читати\n1 помилка\n"
        )
    );

    let run = uk(&["--data", &dir.path().display().to_string(), "list", "services"]);
    assert!(
        run.stderr
            .contains(": це тека, а не файл каталогу; вкажіть файл .ron\n"),
        "{}",
        run.stderr
    );

    let empty = write(dir.path(), "empty.ron", "  \n");
    let run = uk(&["validate", "--no-bundled", &empty]);
    assert_eq!(run.code, Some(2));
    no_english(&run.stderr.replace(&empty, "E"));
}

#[test]
fn the_language_of_lang_and_of_the_config_file_is_used_too() {
    let home = tempfile::tempdir().expect("temporary home");
    let run = libservices_in(
        home.path(),
        &[("LANG", "uk_UA.UTF-8")],
        &["--data", "/dev/null", "list", "services"],
    );
    assert!(
        run.stderr.starts_with("/dev/null: це не звичайний файл"),
        "{}",
        run.stderr
    );
    let run = libservices_in(home.path(), &[("LANG", "uk_UA.UTF-8")], &["list"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("помилка: не вказано обов'язкового аргументу: <KIND>\n"),
        "{}",
        run.stderr
    );

    let config = libservices_in(home.path(), &[], &["paths"]).stdout;
    let file = config
        .lines()
        .find_map(|l| l.strip_prefix("config: "))
        .expect("paths names the config file");
    std::fs::create_dir_all(Path::new(file).parent().expect("a folder")).expect("config folder");
    std::fs::write(file, "(lang: uk)").expect("write the config");
    let run = libservices_in(home.path(), &[], &["bench", "--services", "abc"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.starts_with(
            "помилка: неприпустиме значення «abc» для --services <N>: це має бути ціле невід'ємне число, наприклад 1000\n"
        ),
        "{}",
        run.stderr
    );
    // A wrong value in the config is told in its language too, with its place.
    std::fs::write(file, "(lang: uk, theme: blue)").expect("write the config");
    let run = libservices_in(home.path(), &[], &["list", "themes"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr.lines().next().unwrap_or_default(),
        format!(
            "libservices: {file}:1:19: несподіване значення `blue` у `ThemeName`; очікується одне з: `dark`, `light`, `high_contrast`, `monochrome`; значення `theme` пропущено (діє типове), решту налаштувань ужито; виправте його (`libservices config --print-default` показує можливі значення)"
        )
    );
    // The command line still wins.
    let run = libservices_in(home.path(), &[], &["--lang", "en", "list"]);
    assert!(
        run.stderr.starts_with("error: the following required arguments"),
        "{}",
        run.stderr
    );
}

#[test]
fn command_line_mistakes_are_ukrainian_with_exit_code_2() {
    let cases: [(&[&str], &str); 6] = [
        (&["list"], "помилка: не вказано обов'язкового аргументу: <KIND>"),
        (
            &["list", "themse"],
            "помилка: неприпустиме значення «themse» для <KIND>; можливі значення: services, libraries, target-groups, programmes, themes; можливо, ви мали на увазі «themes»?",
        ),
        (
            &["search", "--limt", "3", "reading"],
            "помилка: невідомий аргумент «--limt»; можливо, ви мали на увазі «--limit»?",
        ),
        (
            &["abuot"],
            "помилка: невідома команда «abuot»; можливо, ви мали на увазі «about»?",
        ),
        (
            &["export", "--shortlist", "--ids", "a"],
            "помилка: --shortlist не можна вживати разом із --ids <ID,ID...>",
        ),
        (
            &["search", "--format", "pdf", "x"],
            "помилка: неприпустиме значення «pdf» для --format <FORMAT>; можливі значення:",
        ),
    ];
    for (args, first) in cases {
        let run = uk(args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with(first), "{args:?}:\n{}", run.stderr);
        assert!(
            run.stderr.ends_with("\nЩоб дізнатися більше, додайте --help.\n"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("Usage"), "{}", run.stderr);
    }
    let help = uk(&["--help"]);
    assert_eq!(help.code, Some(0));
    assert!(help.stdout.contains("Usage: libservices"), "{}", help.stdout);
    let version = uk(&["--version"]);
    assert_eq!(version.code, Some(0));
    assert!(version.stdout.starts_with("libservices "), "{}", version.stdout);
}

#[test]
fn generate_and_other_command_errors_are_ukrainian() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let into = dir.path().join("no-folder").join("g.ron").display().to_string();
    let run = uk(&["generate", "--services", "3", "-o", &into]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        format!(
            "libservices: не вдається записати {into}: такого файлу чи теки немає; перевірте, що тека існує і ви маєте право в неї писати\n"
        )
    );
    let run = uk(&["--no-bundled", "list", "services"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "libservices: немає каталогу: з --no-bundled лишаються тільки файли --data, а жодного не вказано\n"
    );
    let run = uk(&[]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("libservices: програмі потрібен інтерактивний термінал"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_skipped_update_is_told_in_ukrainian_at_start_and_in_about() {
    let home = tempfile::tempdir().expect("temporary home");
    let paths = libservices_in(home.path(), &[], &["paths"]).stdout;
    let folder = paths
        .lines()
        .find_map(|l| l.strip_prefix("catalogues: "))
        .expect("paths names the updates folder");
    std::fs::create_dir_all(folder).expect("updates folder");
    let bad = write(Path::new(folder), "bad.ron", "Catalogue(services: [(id: \"x\"");
    let run = libservices_in(home.path(), &[], &["--lang", "uk", "list", "themes"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!(
            "libservices: оновлення каталогу {bad} пропущено, решту завантажено;"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&format!("\n{bad}:1:")), "{}", run.stderr);
    no_english(&run.stderr.replace(&bad, "B"));
    let about = libservices_in(home.path(), &[], &["--lang", "uk", "about"]);
    assert!(
        about.stdout.contains("  <вбудований каталог> (вбудований)"),
        "{}",
        about.stdout
    );
    assert!(about.stdout.contains(&format!("    {bad}:1:")), "{}", about.stdout);
    no_english(
        &about
            .stdout
            .lines()
            .filter(|l| l.contains(&bad))
            .collect::<Vec<_>>()
            .join("\n")
            .replace(&bad, "B"),
    );
    let json = libservices_in(home.path(), &[], &["--lang", "uk", "about", "--format", "json"]);
    assert!(json.stdout.contains(&format!("\"{bad}:1:")), "{}", json.stdout);
}

/// The data folder of a home (`LIBSERVICES_HOME`), created.
fn data_folder(home: &Path) -> std::path::PathBuf {
    let paths = libservices_in(home, &[], &["paths"]).stdout;
    let data = paths
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .expect("paths names the data folder");
    std::fs::create_dir_all(data).expect("data folder");
    Path::new(data).to_path_buf()
}

#[test]
fn a_damaged_or_unreadable_personal_file_is_told_in_ukrainian() {
    let home = tempfile::tempdir().expect("temporary home");
    let data = data_folder(home.path());
    let file = data.join("personal.ron");
    let shown = file.display().to_string();
    let export = ["--lang", "uk", "export", "--shortlist"];
    for (text, what) in [
        (
            "(\n    version: 1,\n    shortlist: [\"a\" \"b\"],\n)\n",
            ":3:21: очікується кома",
        ),
        ("  \n", ": файл порожній (його обрізано)"),
        (
            "(version: 1, colour: \"red\")",
            ":1:14: несподіване поле `colour` у `PersonalFile`; очікується одне з: `version`, `shortlist`, `notes`",
        ),
        ("(version: 0)", ": невідома версія формату 0"),
    ] {
        std::fs::write(&file, text).expect("write the damaged file");
        let run = libservices_in(home.path(), &[], &export);
        // The shortlist starts empty: the command says so, and fails.
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        let first = run.stderr.lines().next().unwrap_or_default();
        let prefix = format!("libservices: {shown}{what}; файл пошкоджено, його перенесено до {shown}.corrupt-");
        assert!(first.starts_with(&prefix), "{first}");
        assert!(first.ends_with(" (нічого не видалено); почато з порожнього"), "{first}");
        no_english(&run.stderr.replace(&shown, "P"));
    }
    // A folder where the file should be cannot be read; it is left alone.
    std::fs::create_dir(&file).expect("a folder in the file's place");
    let run = libservices_in(home.path(), &[], &export);
    assert_eq!(
        run.stderr.lines().next().unwrap_or_default(),
        format!(
            "libservices: {shown}: не вдається прочитати (це тека, а не файл); зміни не зберігатимуться: перевірте права доступу"
        )
    );
    assert!(file.is_dir());
}

#[test]
#[cfg(target_os = "linux")]
fn a_document_the_system_refuses_to_write_says_why_in_ukrainian() {
    // /sys refuses new files, even to root.
    let run = uk(&["export", "-o", "/sys/handout.md", "reading"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "libservices: не вдається записати /sys/handout.md: немає дозволу; перевірте, чи можна туди писати і чи не заповнений диск\n"
    );
}

#[test]
fn bench_says_in_ukrainian_that_fzf_is_missing_or_no_temporary_folder_can_be_made() {
    let home = tempfile::tempdir().expect("temporary home");
    let no_tools = tempfile::tempdir().expect("empty PATH");
    let path = no_tools.path().to_str().expect("UTF-8 path");
    let run = libservices_in(
        home.path(),
        &[("PATH", path)],
        &[
            "--lang",
            "uk",
            "bench",
            "--services",
            "60",
            "--against-fzf",
            "--rounds",
            "1",
        ],
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "libservices: fzf не встановлено (або його немає в PATH): встановіть його (Debian, Ubuntu: `apt-get install fzf`), щоб змагатися з ним, або приберіть --against-fzf\n"
    );
    // A file as the temporary folder: the report stops at its error figure.
    let file = write(no_tools.path(), "not-a-folder", "");
    let run = libservices_in(
        home.path(),
        &[("TMPDIR", &file)],
        &["--lang", "uk", "bench", "--services", "60"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .any(|l| l == "error: не вдається створити тимчасову теку: частина шляху — не тека"),
        "{}",
        run.stdout
    );
}
