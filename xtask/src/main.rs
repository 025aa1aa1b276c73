//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask codegen --spec PATH --out DIR
//! [--name CRATE]`, and `cargo xtask bench`.

mod bench;
mod codegen;
mod corpus;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("corpus") => corpus::run(&args[1..]),
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
  cargo xtask bench [--runs N] [--dir D] [--check-build] time generation of every corpus spec";
