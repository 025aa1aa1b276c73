//! `openapi-rs-gen SPEC --out DIR [--name CRATE] [--config FILE] [--check]`: generate a
//! standalone crate. `--help` lists every option.
//!
//! `--stats` prints one line of measurements (used by `cargo xtask bench`); `--parse-only`
//! stops after parsing into `openapiv3` types, the baseline the benchmark compares against.

use clap::Parser;
use generator::fresh::{self, Mode};

/// Generation allocates many small token trees; mimalloc makes that markedly faster than
/// the system allocator, especially with the two emitter threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

/// Generates a Rust crate (types, client, server, mock) from an OpenAPI description.
#[derive(Parser)]
#[command(name = "openapi-rs-gen", version)]
struct Cli {
    /// The OpenAPI description, YAML or JSON (files it refers to are read too).
    spec: PathBuf,
    /// The directory of the generated crate; only files whose contents change are written.
    #[arg(long, required_unless_present = "parse_only")]
    out: Option<PathBuf>,
    /// The package name [default: the configuration's `crate-name`, else the spec file's name].
    #[arg(long)]
    name: Option<String>,
    /// The configuration file [default: `openapi-rs-gen.toml` beside the spec, if there is one].
    #[arg(long)]
    config: Option<PathBuf>,
    /// Change nothing; fail with a diff when the crate is not what the spec generates.
    #[arg(long)]
    check: bool,
    /// Print one line of measurements: time, peak memory, lines, warnings.
    #[arg(long)]
    stats: bool,
    /// Only parse the spec into `openapiv3` types and print the time: a benchmark baseline.
    #[arg(long)]
    parse_only: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.parse_only {
        return parse_baseline(&cli.spec);
    }
    let (spec, stats) = (cli.spec, cli.stats);
    let Some(out) = cli.out else {
        eprintln!("error: --out is required (see --help)");
        return ExitCode::from(2);
    };
    let mode = if cli.check { Mode::Check } else { Mode::Write };
    let mut command = format!("openapi-rs-gen {} --out {}", spec.display(), out.display());
    if let Some(path) = &cli.config {
        command.push_str(&format!(" --config {}", path.display()));
    }
    let mut config = generator::Config::new(&generator::names::crate_name(&spec), &command);
    if let Err(e) = config.configure(&spec, cli.config.as_deref()) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    if let Some(name) = cli.name {
        config.crate_name = name;
    }
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
