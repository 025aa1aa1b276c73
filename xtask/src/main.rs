//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask codegen --spec PATH --out DIR
//! [--name CRATE]`, and `cargo xtask bench`.

mod bench;
mod codegen;
mod conformance;
mod corpus;
mod features;
mod peers;
mod schemathesis;

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("corpus") => corpus::run(&args[1..]),
        Some("conformance") => conformance::run(&args[1..]),
        Some("schemathesis") => schemathesis::run(&args[1..]),
        Some("features") => features::run(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage:
  cargo xtask codegen [--check]                          regenerate generated/ and the snapshot crates from their specs
  cargo xtask codegen --spec PATH --out DIR [--name N]   generate a standalone crate for any spec
  cargo xtask corpus [--dir D] [--check-build] [--check-max-kib N]
                                                         generate every corpus spec twice (and cargo check it)
  cargo xtask bench [--runs N] [--dir D] [--check-build] [--only NAME]... [--config FILE] [--peers]
                    [--peer-features LIST] [--peer DIR]...
                                                         time generation of every corpus spec (or the named ones)
  cargo xtask conformance [--spec PATH]... [--fixtures] [--corpus [DIR]] [--seeds N]
                                                         round-trip every operation and response, client against router
  cargo xtask features [--spec PATH]... [--fixtures] [--sample N]
                                                         check that each group feature of a spec's crate compiles alone
  cargo xtask schemathesis --spec PATH... [--checks LIST|all] [--max-examples N] [--skip-operation ID]... [--prism]
                                                         run Schemathesis (pinned, installed on first use) against the mock";

pub(crate) fn run_ok(cmd: &mut Command, what: &str) -> Result<(), String> {
    match cmd.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{what} failed ({s})")),
        Err(e) => Err(format!("{what}: {e}")),
    }
}
