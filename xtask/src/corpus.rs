//! `cargo xtask corpus`: every real-world spec must generate, deterministically, into a crate
//! that `cargo check`s without warnings.

use generator::fresh::{self, Mode};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The corpus folder: `--dir`, else `$OPENAPI_CORPUS`, else `../shared/corpus` beside the workspace.
pub fn corpus_dir(dir: Option<PathBuf>) -> Result<PathBuf, String> {
    let dir = dir
        .or_else(|| std::env::var_os("OPENAPI_CORPUS").map(PathBuf::from))
        .unwrap_or_else(|| crate::codegen::workspace_root().join("../shared/corpus"));
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!(
            "no corpus at {} (pass --dir or set OPENAPI_CORPUS)",
            dir.display()
        ))
    }
}

/// The specs in the corpus, smallest first.
pub fn corpus_specs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut specs: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml" || x == "json"))
        .map(|p| (std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0), p))
        .collect();
    specs.sort();
    Ok(specs.into_iter().map(|(_, p)| p).collect())
}

pub fn run(args: &[String]) -> Result<(), String> {
    let (mut dir, mut check_build, mut max_kib) = (None, false, u64::MAX);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--dir" => dir = it.next().map(PathBuf::from),
            "--check-build" => check_build = true,
            "--check-max-kib" => {
                max_kib = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--check-max-kib takes a number")?
            }
            other => return Err(format!("unknown argument {other:?}\n{}", crate::USAGE)),
        }
    }
    let dir = corpus_dir(dir)?;
    let root = crate::codegen::workspace_root();
    let out_root = root.join("target/corpus");
    let mut failures = Vec::new();
    for spec in corpus_specs(&dir)? {
        let name = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec").to_owned();
        let config = generator::Config {
            manifest: generator::Manifest {
                standalone: true,
                dev_dependencies: Vec::new(),
                // The command line's default, a copy of the runtime in each crate: the
                // round trips and feature checks build the other way, on the runtime crate.
                runtime: None,
            },
            ..generator::Config::new(&format!("corpus-{name}"), "cargo xtask corpus")
        };
        let first = match generator::generate_file(&spec, &config) {
            Ok(g) => g,
            Err(failed) => {
                failures.push(format!("{name}: generation failed:\n{failed}"));
                continue;
            }
        };
        let second = generator::generate_file(&spec, &config).map_err(|f| f.to_string())?;
        if first.files != second.files {
            failures.push(format!("{name}: two generations differ"));
        }
        let out = out_root.join(&name);
        fresh::sync(&out, &first.files, Mode::Write).map_err(|e| format!("{}: {e}", out.display()))?;
        let size = std::fs::metadata(&spec).map(|m| m.len()).unwrap_or(0) / 1024;
        let lines: usize = first.files.iter().map(|f| f.contents.lines().count()).sum();
        print!(
            "{name}: {} operations, {} types, {} warnings, {lines} lines",
            first.model.operations.len(),
            first.model.types.len(),
            first.warnings.len()
        );
        if check_build && size <= max_kib {
            let ok = Command::new(env!("CARGO"))
                .args(["check", "--quiet", "--all-features"])
                .env("CARGO_TARGET_DIR", root.join("target/corpus-build"))
                .env("RUSTFLAGS", "-D warnings")
                .current_dir(&out)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            print!(", cargo check {}", if ok { "clean" } else { "FAILED" });
            if !ok {
                failures.push(format!("{name}: cargo check of {} failed", out.display()));
            }
        }
        println!();
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}
