//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask codegen --spec PATH --out DIR
//! [--name CRATE]`, and `cargo xtask bench`.

mod bench;
mod codegen;
mod conformance;
mod corpus;
mod features;
mod peers;
mod prism;
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
                          [--prism] [--prism-mock] [--skip-operation ID]...
                                                         round-trip every operation and response, client against router
                                                         (--prism: through prism's validating proxy; --prism-mock: the
                                                         client against prism's dynamic mock)
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

/// A child process that is stopped when dropped, on every path out.
pub(crate) struct Reaped(pub(crate) std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `--skip-operation` ids that no operation of the specs run has, each as a failure: a
/// stale skip would hide nothing and say nothing, so it is an error, as a filter's is.
pub(crate) fn stale_skips<'a>(
    skipped: &'a [String],
    matched: &'a std::collections::BTreeSet<String>,
) -> impl Iterator<Item = String> + 'a {
    skipped
        .iter()
        .filter(|id| !matched.contains(*id))
        .map(|id| format!("--skip-operation {id} (no operation of these specs has that id)"))
}
