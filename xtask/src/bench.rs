//! `cargo xtask bench`: generation time and peak memory per corpus spec, as a table.
//!
//! Each figure is the median of several runs of the release generator in a fresh process,
//! next to the same run's baseline (serde parsing the spec into `openapiv3` types), so the
//! ratio means something on a shared, noisy machine. With `--check-build` it also times
//! `cargo check` of each generated crate after touching it (client and server included).
//! `--config FILE` generates with that configuration (into its own folders), so two runs
//! compare, say, typed formats with formats left as strings.

use crate::corpus::{corpus_dir, corpus_specs};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut runs = 5usize;
    let mut dir = None;
    let mut check_build = false;
    let mut only: Vec<String> = Vec::new();
    let mut config: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--runs" => runs = it.next().and_then(|v| v.parse().ok()).ok_or("--runs takes a number")?,
            "--dir" => dir = it.next().map(PathBuf::from),
            "--check-build" => check_build = true,
            "--only" => only.push(it.next().ok_or("--only takes a spec name")?.clone()),
            "--config" => config = Some(it.next().map(PathBuf::from).ok_or("--config takes a file")?),
            other => return Err(format!("unknown argument {other:?}\n{}", crate::USAGE)),
        }
    }
    let dir = corpus_dir(dir)?;
    let root = crate::codegen::workspace_root();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--release", "-p", "openapi-rs-gen"])
        .current_dir(&root)
        .status();
    if !status.map(|s| s.success()).unwrap_or(false) {
        return Err("building the release generator failed".to_owned());
    }
    let binary = root.join("target/release/openapi-rs-gen");
    let out_root = root.join("target/bench");
    println!("| spec | size | parse ms (baseline) | generate ms | ratio | baseline peak MiB | peak MiB | peak / spec size | lines emitted | check s (touch, client+server) | check s (+mock) |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let wanted = |spec: &Path| {
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        only.is_empty() || only.iter().any(|o| o == stem)
    };
    for spec in corpus_specs(&dir)?.into_iter().filter(|s| wanted(s)) {
        let name = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec").to_owned();
        let size = std::fs::metadata(&spec).map(|m| m.len()).unwrap_or(0);
        let suffix = config
            .as_deref()
            .and_then(|c| c.file_stem())
            .map(|s| format!("-{}", s.to_string_lossy()))
            .unwrap_or_default();
        let out = out_root.join(format!("{name}{suffix}"));
        let mut gen = Vec::new();
        let mut parse = Vec::new();
        let (mut peak, mut base_peak, mut lines) = (0u64, 0u64, 0u64);
        for _ in 0..runs {
            let mut args = vec![spec.as_os_str(), "--out".as_ref(), out.as_os_str(), "--stats".as_ref()];
            if let Some(c) = &config {
                args.extend(["--config".as_ref(), c.as_os_str()]);
            }
            let g = measure(&binary, &args)?;
            gen.push(g.ms);
            peak = peak.max(g.peak_kb);
            lines = g.lines;
            if let Ok(p) = measure(&binary, &[spec.as_os_str(), "--parse-only".as_ref()]) {
                parse.push(p.ms);
                base_peak = base_peak.max(p.peak_kb);
            }
        }
        let (g, p) = (median(&mut gen), median(&mut parse));
        let ratio = if p > 0.0 {
            format!("{:.1}x", g / p)
        } else {
            "n/a".to_owned()
        };
        let peak_mib = peak as f64 / 1024.0;
        let mem_ratio = if size > 0 {
            format!("{:.0}x", peak as f64 * 1024.0 / size as f64)
        } else {
            "n/a".to_owned()
        };
        let (check, mock) = if check_build {
            (
                check_time(&out, "client,server")?,
                check_time(&out, "client,server,mock")?,
            )
        } else {
            ("-".to_owned(), "-".to_owned())
        };
        let p_text = if p > 0.0 {
            format!("{p:.0}")
        } else {
            "n/a (3.1)".to_owned()
        };
        let base_mib = base_peak as f64 / 1024.0;
        println!(
            "| {name} | {} KiB | {p_text} | {g:.0} | {ratio} | {base_mib:.0} | {peak_mib:.0} | {mem_ratio} | {lines} | {check} | {mock} |",
            size / 1024
        );
    }
    let with = config
        .map(|c| format!("; configuration: {}", c.display()))
        .unwrap_or_default();
    println!("\nmedian of {runs} runs each; generator: {}{with}", binary.display());
    Ok(())
}

struct Stats {
    ms: f64,
    peak_kb: u64,
    lines: u64,
}

fn measure(binary: &Path, args: &[&std::ffi::OsStr]) -> Result<Stats, String> {
    let output = Command::new(binary)
        .args(args)
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("stats "))
        .ok_or_else(|| String::from_utf8_lossy(&output.stderr).to_string())?;
    let field = |key: &str| {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    Ok(Stats {
        ms: field("ms="),
        peak_kb: field("peak_kb=") as u64,
        lines: field("lines=") as u64,
    })
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// Warms `cargo check` once, then times it again after touching `src/lib.rs`.
fn check_time(crate_dir: &Path, features: &str) -> Result<String, String> {
    let target = crate::codegen::workspace_root().join("target/corpus-build");
    let check = || {
        Command::new(env!("CARGO"))
            .args(["check", "--quiet", "--features", features])
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(crate_dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    if !check() {
        return Ok("fails".to_owned());
    }
    let lib = crate_dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, &text).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let ok = check();
    Ok(if ok {
        format!("{:.1}", started.elapsed().as_secs_f64())
    } else {
        "fails".to_owned()
    })
}
