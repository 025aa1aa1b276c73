//! `openapi-rs-gen SPEC --out DIR [--name CRATE] [--check]`: generate a standalone crate.
//!
//! `--stats` prints one line of measurements (used by `cargo xtask bench`); `--parse-only`
//! stops after parsing into `openapiv3` types, the baseline the benchmark compares against.

use generator::fresh::{self, Mode};

/// Generation allocates many small token trees; mimalloc makes that markedly faster than
/// the system allocator, especially with the two emitter threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut mode = Mode::Write;
    let mut stats = false;
    let mut parse_only = false;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--out" => out = it.next().map(PathBuf::from),
            "--name" => name = it.next(),
            "--check" => mode = Mode::Check,
            "--stats" => stats = true,
            "--parse-only" => parse_only = true,
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
    if parse_only {
        return match spec {
            Some(spec) => parse_baseline(&spec),
            None => ExitCode::from(2),
        };
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        eprintln!("usage: openapi-rs-gen SPEC --out DIR [--name CRATE] [--check]");
        return ExitCode::from(2);
    };
    let name = name.unwrap_or_else(|| generator::names::crate_name(&spec));
    let mut config = generator::Config::new(
        &name,
        &format!("openapi-rs-gen {} --out {}", spec.display(), out.display()),
    );
    config.manifest.standalone = true;
    let started = std::time::Instant::now();
    match generator::generate_file(&spec, &config) {
        Ok(generated) => {
            if stats {
                let lines: usize = generated.files.iter().map(|f| f.contents.lines().count()).sum();
                let elapsed = started.elapsed().as_secs_f64() * 1000.0;
                println!(
                    "stats ms={elapsed:.1} peak_kb={} lines={lines} warnings={}",
                    peak_kb(),
                    generated.warnings.len()
                );
            }
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

/// Parses the spec into `openapiv3` types with serde alone and reports the time and memory.
fn parse_baseline(spec: &std::path::Path) -> ExitCode {
    let started = std::time::Instant::now();
    let Ok(text) = std::fs::read_to_string(spec) else {
        return ExitCode::FAILURE;
    };
    let parsed: Result<openapiv3::OpenAPI, String> = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str(&text).map_err(|e| e.to_string())
    };
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    match parsed {
        Ok(api) => {
            println!(
                "stats ms={elapsed:.1} peak_kb={} paths={}",
                peak_kb(),
                api.paths.paths.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            // 3.1 documents do not parse as 3.0 types: there is no baseline for them.
            eprintln!("baseline parse failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The process's peak resident memory in KiB, from `/proc` (0 where there is none).
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("VmHWM:")
                    .map(|v| v.trim().trim_end_matches("kB").trim().to_owned())
            })
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
