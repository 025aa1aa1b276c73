//! `openapi-rs-gen SPEC --out DIR [--name CRATE] [--check]`: generate a standalone crate.

use generator::fresh::{self, Mode};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut mode = Mode::Write;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--out" => out = it.next().map(PathBuf::from),
            "--name" => name = it.next(),
            "--check" => mode = Mode::Check,
            "-h" | "--help" => {
                println!("usage: openapi-rs-gen SPEC --out DIR [--name CRATE] [--check]");
                return ExitCode::SUCCESS;
            }
            other if spec.is_none() && !other.starts_with('-') => spec = Some(PathBuf::from(other)),
            other => {
                eprintln!("error: unexpected argument {other:?} (see --help)");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        eprintln!("usage: openapi-rs-gen SPEC --out DIR [--name CRATE] [--check]");
        return ExitCode::from(2);
    };
    let name = name.unwrap_or_else(|| default_name(&spec));
    let mut config = generator::Config::new(
        &name,
        &format!("openapi-rs-gen {} --out {}", spec.display(), out.display()),
    );
    config.manifest.standalone = true;
    match generator::generate_file(&spec, &config) {
        Ok(generated) => {
            for w in &generated.warnings {
                eprintln!("{w}");
            }
            match fresh::sync(&out, &generated.files, mode) {
                Ok(report) if mode == Mode::Check && !report.is_fresh() => {
                    eprint!("{}", report.diff);
                    eprintln!(
                        "error: {} is out of date; run without --check to update it",
                        out.display()
                    );
                    ExitCode::FAILURE
                }
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: writing {}: {e}", out.display());
                    ExitCode::FAILURE
                }
            }
        }
        Err(failed) => {
            eprintln!("{failed}");
            ExitCode::FAILURE
        }
    }
}

/// A crate name from the spec's file name: `specs/pet-store.yaml` → `pet-store`.
fn default_name(spec: &std::path::Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    }
}
