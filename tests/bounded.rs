//! Bounded inputs: a catalogue path that is not a regular file, or a file over the size
//! limit, is refused with a message before anything is read.

#![allow(clippy::expect_used, reason = "test helpers fail the test with a message")]

use support::libservices;

mod support;

fn refused(run: &support::Run, what: &str) {
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains(what), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_before_reading() {
    let run = libservices(&["--data", "/dev/zero", "search", "x"]);
    refused(&run, "/dev/zero: this is not a regular file (a device or a pipe)");
    let run = libservices(&["validate", "/dev/zero"]);
    refused(&run, "not a regular file");
}

#[cfg(unix)]
#[test]
fn a_pipe_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("dir");
    let fifo = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let run = libservices(&["--data", fifo.to_str().expect("UTF-8"), "search", "x"]);
    refused(&run, "pipe.ron: this is not a regular file");
}

#[test]
fn a_folder_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let run = libservices(&["--data", dir.path().to_str().expect("UTF-8"), "search", "x"]);
    refused(&run, "this is a folder, not a catalogue file");
}

#[test]
fn a_file_over_the_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("dir");
    let big = dir.path().join("big.ron");
    // A sparse file: its size is over the limit, but no disk space is taken.
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(libservices::catalogue::MAX_FILE + 1).expect("set_len");
    drop(file);
    let run = libservices(&["--data", big.to_str().expect("UTF-8"), "search", "x"]);
    refused(&run, "big.ron: the file is larger than 1 GiB");
}

#[cfg(unix)]
#[test]
fn a_device_in_the_updates_folder_is_skipped_with_its_reason() {
    let home = tempfile::tempdir().expect("home");
    let updates = home.path().join("data/catalogues");
    std::fs::create_dir_all(&updates).expect("updates folder");
    std::os::unix::fs::symlink("/dev/zero", updates.join("zero.ron")).expect("symlink");
    let run = support::libservices_in(home.path(), &[], &["about"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("zero.ron: this is not a regular file"),
        "{}",
        run.stdout
    );
    // The bundled catalogue still works.
    let run = support::libservices_in(home.path(), &[], &["search", "theatre"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}
