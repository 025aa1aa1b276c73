//! `cargo xtask features --spec PATH`: every group feature of a spec's crate compiles alone.
//!
//! The crate is written where `conformance` writes it (`target/conformance/<spec>/`, sharing
//! its target directory), then `cargo check`ed with warnings denied: with no group at all,
//! with no group (client alone, server alone, and every side), and with each group alone
//! (or an evenly spaced sample of them), client, server and mock on.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run(args: &[String]) -> Result<(), String> {
    let (mut specs, mut sample, mut fixtures) = (Vec::new(), None, false);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--spec" => specs.push(PathBuf::from(it.next().ok_or("--spec takes a path")?)),
            "--fixtures" => fixtures = true,
            "--sample" => {
                sample = Some(
                    it.next()
                        .and_then(|v| v.parse::<usize>().ok())
                        .filter(|n| *n > 0)
                        .ok_or("--sample takes a number above 0")?,
                )
            }
            other => return Err(format!("unknown argument {other:?}\n{}", crate::USAGE)),
        }
    }
    let root = crate::codegen::workspace_root();
    if fixtures {
        specs.push(root.join("spec/openapi.yaml"));
        specs.extend(crate::codegen::targets(&root)?.into_iter().skip(1).map(|t| t.spec));
    }
    if specs.is_empty() {
        return Err(format!("give --spec PATH or --fixtures\n{}", crate::USAGE));
    }
    let mut failed = Vec::new();
    for spec in &specs {
        let started = std::time::Instant::now();
        match check_features(&root, spec, sample) {
            Ok(checked) => println!(
                "{}: {checked} feature sets compile alone, in {:.0?}",
                spec.display(),
                started.elapsed()
            ),
            Err(e) => {
                println!("{}: FAILED: {e}", spec.display());
                failed.push(spec.display().to_string());
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("a feature does not compile alone for: {}", failed.join(", ")))
    }
}

/// Checks the crate with no group, then with each group of the sample alone; returns how
/// many feature sets were checked.
fn check_features(root: &Path, spec: &Path, sample: Option<usize>) -> Result<usize, String> {
    let (dir, api) = crate::conformance::prepare(root, spec)?;
    let package = format!("conformance-{}", generator::names::crate_name(spec));
    let names: Vec<&str> = api.features.iter().map(|f| f.name.as_str()).collect();
    let chosen = pick(&names, sample.unwrap_or(names.len()));
    // No group with each side alone and with every side, then each group with every side.
    let mut sets: Vec<(String, String)> = ["client", "server", "client,server,mock"]
        .iter()
        .map(|sides| (format!("(no group; {sides})"), (*sides).to_owned()))
        .collect();
    sets.extend(
        chosen
            .into_iter()
            .map(|g| (g.to_owned(), format!("client,server,mock,{g}"))),
    );
    let mut broken = Vec::new();
    for (label, features) in &sets {
        let started = std::time::Instant::now();
        let status = Command::new(env!("CARGO"))
            .args([
                "check",
                "--quiet",
                "--lib",
                "-p",
                &package,
                "--no-default-features",
                "--features",
            ])
            .arg(features)
            .env("CARGO_TARGET_DIR", root.join("target/conformance-build"))
            .env("RUSTFLAGS", "-D warnings")
            // One incremental cache per feature set of a large crate fills disks.
            .env("CARGO_INCREMENTAL", "0")
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        println!(
            "  {label}: {} in {:.1?}",
            if status.success() { "ok" } else { "FAILED" },
            started.elapsed()
        );
        if !status.success() {
            broken.push(label.clone());
        }
    }
    if broken.is_empty() {
        Ok(sets.len())
    } else {
        Err(format!("these do not compile alone: {}", broken.join(", ")))
    }
}

/// `count` of `names`, evenly spaced from the first (all of them when there are no more).
fn pick<'a>(names: &[&'a str], count: usize) -> Vec<&'a str> {
    if count >= names.len() {
        return names.to_vec();
    }
    (0..count).map(|i| names[i * names.len() / count]).collect()
}
