//! The `libservices` binary: parse the command line, run a command or the app.

use std::process::ExitCode;

use clap::Parser;
use libservices::catalogue::Lang;
use libservices::cli::{self, Cli, CliError, Context};
use libservices::runtime::{self, Ended};

fn main() -> ExitCode {
    // Best effort: where it cannot be set, memory is only used less thriftily.
    let _ = libservices::alloc::give_big_blocks_back();
    libservices::crash::install(|| {});
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return refused(&e),
    };
    let ctx = Context::new(&cli);
    libservices::crash::set_lang(ctx.lang);
    for warning in &ctx.warnings {
        eprintln!("libservices: {warning}");
    }
    let result = match &cli.command {
        Some(command) => cli::run_command(&cli, command, &ctx, &mut std::io::stdout().lock()),
        None => cli::load_indexed(&cli).and_then(|(ds, index)| {
            // Seen after the app closes; the app shows them too.
            eprint!("{}", cli::skipped_report(&ds.skipped, ctx.lang));
            runtime::run(ds, index, &ctx.app_options())
                .map(|ended| match ended {
                    Ended::Quit => cli::EXIT_OK,
                    // As a shell reports a process a signal stopped.
                    Ended::Signal(n) => u8::try_from(128 + n).unwrap_or(cli::EXIT_ERROR),
                })
                .map_err(CliError::from)
        }),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e @ CliError::Catalogue(_)) => {
            eprint!("{}", e.message(ctx.lang));
            ExitCode::from(cli::EXIT_ERROR)
        }
        Err(e) => {
            eprintln!("libservices: {}", e.message(ctx.lang));
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}

/// A command line clap refused: in Ukrainian worded here, else as clap prints it (help and
/// version too).
fn refused(e: &clap::Error) -> ExitCode {
    let args: Vec<_> = std::env::args_os().collect();
    let paths = libservices::paths::Paths::detect();
    if libservices::usage::lang(&args, paths.as_ref(), |k| std::env::var(k).ok()) == Lang::Uk
        && let Some(text) = libservices::usage::ukrainian(e)
    {
        eprint!("{text}");
        return ExitCode::from(cli::EXIT_ERROR);
    }
    e.exit()
}
