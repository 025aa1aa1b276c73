//! `cargo xtask conformance --spec PATH`: every operation × documented response of any spec,
//! round-tripped between the generated client and the generated router over real HTTP.
//!
//! The crate and a harness (`generator::emit::conformance_harness`) are written to
//! `target/conformance/<spec>/`, a small workspace of their own that shares the repository's
//! `Cargo.lock` and one target directory, so dependencies build once for every spec.

use generator::fresh::{self, Mode};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The library name of the generated crate inside the harness workspace.
const API: &str = "api";

pub fn run(args: &[String]) -> Result<(), String> {
    let (mut specs, mut seeds, mut corpus) = (Vec::new(), 3u64, None);
    let mut fixtures = false;
    let mut it = args.iter().peekable();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--spec" => specs.push(PathBuf::from(it.next().ok_or("--spec takes a path")?)),
            "--seeds" => {
                seeds = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("--seeds takes a number above 0")?
            }
            "--corpus" => corpus = Some(it.next_if(|v| !v.starts_with("--")).map(PathBuf::from)),
            "--fixtures" => fixtures = true,
            other => return Err(format!("unknown argument {other:?}\n{}", crate::USAGE)),
        }
    }
    let root = crate::codegen::workspace_root();
    if fixtures {
        specs.push(root.join("spec/openapi.yaml"));
        specs.extend(crate::codegen::targets(&root)?.into_iter().skip(1).map(|t| t.spec));
    }
    if let Some(dir) = corpus {
        match crate::corpus::corpus_dir(dir) {
            Ok(dir) => specs.extend(crate::corpus::corpus_specs(&dir)?),
            Err(e) => println!("notice: {e}; corpus round trips skipped"),
        }
    }
    if specs.is_empty() {
        return Err(format!(
            "give --spec PATH, --fixtures or --corpus [DIR]\n{}",
            crate::USAGE
        ));
    }
    let mut failed = Vec::new();
    for spec in &specs {
        let started = std::time::Instant::now();
        match round_trip(&root, spec, seeds) {
            Ok(()) => println!("{}: passed in {:.0?}", spec.display(), started.elapsed()),
            Err(e) => {
                println!("{}: FAILED after {:.0?}: {e}", spec.display(), started.elapsed());
                failed.push(spec.display().to_string());
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("conformance failed for: {}", failed.join(", ")))
    }
}

/// The harness's package (and binary) name for `spec`.
fn harness_package(spec: &Path) -> String {
    format!("harness-{}", generator::names::crate_name(spec))
}

/// Generates, builds and runs the harness for one spec.
fn round_trip(root: &Path, spec: &Path, seeds: u64) -> Result<(), String> {
    let (dir, _) = prepare(root, spec)?;
    let status = Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "-p",
            &harness_package(spec),
            "--",
            "--seeds",
            &seeds.to_string(),
        ])
        .env("CARGO_TARGET_DIR", root.join("target/conformance-build"))
        .env("RUSTFLAGS", "-D warnings")
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("mismatches, or the harness did not build (see above)".to_owned())
    }
}

/// Writes the generated crate and its harness under `target/conformance/<name>/`.
pub fn prepare(root: &Path, spec: &Path) -> Result<(PathBuf, generator::model::Api), String> {
    let name = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec").to_owned();
    let dir = root.join("target/conformance").join(&name);
    // A package name of its own per spec: cargo shares artifacts of same-named workspace
    // members across workspaces in one target directory. The harness renames it to `api`.
    let package = format!("conformance-{}", generator::names::crate_name(spec));
    let harness_name = harness_package(spec);
    let mut config = generator::Config::new(&package, "cargo xtask conformance");
    // The configuration the spec is generated with elsewhere: a kept target's (the seed's,
    // a fixture's `<stem>.toml`), else what the CLI would find beside it.
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let kept = crate::codegen::targets(root)?
        .into_iter()
        .find(|t| canonical(&t.spec) == canonical(spec));
    match kept {
        Some(target) => {
            config.settings = target.config.settings;
            config.settings_text = target.config.settings_text;
        }
        None => config.configure(spec, None)?,
    }
    config.crate_name = package.clone();
    if !config.settings.writes(generator::config::Output::Mock)
        || !config.settings.writes(generator::config::Output::Client)
    {
        return Err(format!(
            "{}: the round trip needs every output (configuration `outputs`)",
            spec.display()
        ));
    }
    let generated = generator::generate_file(spec, &config).map_err(|f| f.to_string())?;
    let harness = generator::emit::conformance_harness(&generated.model, API)?;
    fresh::sync(&dir.join(API), &generated.files, Mode::Write).map_err(|e| e.to_string())?;
    let files = [
        (
            "Cargo.toml",
            "[workspace]\nresolver = \"2\"\nmembers = [\"api\", \"harness\"]\n\n[profile.dev]\ndebug = false\n".to_owned(),
        ),
        (
            "harness/Cargo.toml",
            format!(
                "[package]\nname = \"{harness_name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\n{API} = {{ package = \"{package}\", path = \"../{API}\", features = [\"client\", \"server\", \"mock\"] }}\n\
                 axum = {{ version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\"] }}\n\
                 bytes = \"1\"\nserde_json = \"1\"\n\
                 tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\"] }}\n"
            ),
        ),
        ("harness/src/main.rs", harness),
    ];
    for (path, text) in files {
        write_if_changed(&dir.join(path), &text)?;
    }
    // The repository's lock file: the same dependency versions, built once in one target dir.
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(root.join("Cargo.lock"), &lock).map_err(|e| format!("{}: {e}", lock.display()))?;
    }
    Ok((dir, generated.model))
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Builds the harness for `spec` and starts it serving the mock router on 127.0.0.1 with an
/// OS-assigned port; returns the child, its base URL and the spec's model.
pub fn serve_mock(root: &Path, spec: &Path) -> Result<(Child, String, generator::model::Api), String> {
    let (dir, model) = prepare(root, spec)?;
    let target = root.join("target/conformance-build");
    let built = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "-p", &harness_package(spec)])
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTFLAGS", "-D warnings")
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !built.success() {
        return Err("the mock server did not build (see above)".to_owned());
    }
    let mut child = Command::new(target.join("debug").join(harness_package(spec)))
        .args(["--serve", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the mock server: {e}"))?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut line);
    }
    match line.trim().strip_prefix("mock listening on ") {
        Some(base) => Ok((child, base.to_owned(), model)),
        None => {
            let _ = child.kill();
            Err(format!("the mock server did not start: {line:?}"))
        }
    }
}
