//! `cargo xtask conformance --spec PATH`: every operation × documented response of any spec,
//! round-tripped between the generated client and the generated router over real HTTP.
//!
//! The crate and a harness (`generator::emit::conformance_harness`) are written to
//! `target/conformance/<spec>/`, a small workspace of their own that shares the repository's
//! `Cargo.lock` and one target directory, so dependencies build once for every spec.
//!
//! Two runs put Stoplight Prism (`crate::prism`) on one side, so that a tool nobody here
//! wrote judges the wire: `--prism` round-trips through Prism's validating proxy in front of
//! the router (every request the client sends and every answer the router gives is checked
//! against the spec), `--prism-mock` has the client call Prism's dynamic mock for every
//! documented response of every operation (each answer must decode into its status's
//! variant). The harness binary is the same in every run, so a spec is built once.

use crate::Reaped;
use generator::fresh::{self, Mode};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The library name of the generated crate inside the harness workspace.
const API: &str = "api";

/// What the generated client talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// The generated router.
    Router,
    /// Prism's validating proxy, in front of the generated router.
    ThroughPrism,
    /// Prism's dynamic mock.
    PrismMock,
}

impl Run {
    fn name(self) -> &'static str {
        match self {
            Run::Router => "round trip",
            Run::ThroughPrism => "round trip through prism",
            Run::PrismMock => "client against prism's mock",
        }
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    let (mut specs, mut seeds, mut corpus) = (Vec::new(), 3u64, None);
    let mut fixtures = false;
    let mut runs = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
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
            "--prism" if !runs.contains(&Run::ThroughPrism) => runs.push(Run::ThroughPrism),
            "--prism-mock" if !runs.contains(&Run::PrismMock) => runs.push(Run::PrismMock),
            "--prism" | "--prism-mock" => {}
            // For a known limit of Prism, named where it is run (see `.ci/run`).
            "--skip-operation" => skipped.push(it.next().ok_or("--skip-operation takes an operationId")?.clone()),
            other => return Err(format!("unknown argument {other:?}\n{}", crate::USAGE)),
        }
    }
    if runs.is_empty() {
        if !skipped.is_empty() {
            return Err("--skip-operation is for the limits of Prism: give --prism or --prism-mock".to_owned());
        }
        runs.push(Run::Router);
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
    let prism = if runs.iter().any(|r| *r != Run::Router) {
        Some(crate::prism::install(&root)?)
    } else {
        None
    };
    let mut matched = std::collections::BTreeSet::new();
    let mut failed = Vec::new();
    for spec in &specs {
        let started = std::time::Instant::now();
        let (harness, model) = match build(&root, spec) {
            Ok(built) => built,
            Err(e) => {
                println!("{}: FAILED after {:.0?}: {e}", spec.display(), started.elapsed());
                failed.push(spec.display().to_string());
                continue;
            }
        };
        // Specs are run together, each with its own operations: an id names one of them.
        let skips: Vec<&str> = model
            .operations
            .iter()
            .map(|op| op.wire_id.as_str())
            .filter(|id| skipped.iter().any(|s| s == id))
            .collect();
        matched.extend(skips.iter().map(|id| id.to_string()));
        for &run in &runs {
            if run != Run::Router && model.operations.is_empty() {
                // Prism refuses to start on a spec without operations.
                println!("notice: {} has no operations: no {}", spec.display(), run.name());
                continue;
            }
            let started = std::time::Instant::now();
            let outcome = match (run, &prism) {
                (Run::ThroughPrism | Run::PrismMock, Some(prism)) => {
                    with_prism(&root, spec, &harness, run, prism, seeds, &skips)
                }
                _ => run_ok(Command::new(&harness).args(["--seeds", &seeds.to_string()])),
            };
            match outcome {
                Ok(()) => println!("{}: {} passed in {:.0?}", spec.display(), run.name(), started.elapsed()),
                Err(e) => {
                    println!(
                        "{}: {} FAILED after {:.0?}: {e}",
                        spec.display(),
                        run.name(),
                        started.elapsed()
                    );
                    failed.push(format!("{} ({})", spec.display(), run.name()));
                }
            }
        }
    }
    failed.extend(crate::stale_skips(&skipped, &matched));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("conformance failed for: {}", failed.join(", ")))
    }
}

/// Runs the harness to its end: an error when it reports a failure.
fn run_ok(harness: &mut Command) -> Result<(), String> {
    let status = harness.status().map_err(|e| format!("cannot run the harness: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("mismatches (see above)".to_owned())
    }
}

/// One run of the harness with Prism on one side: as the proxy between the client and the
/// router, or as the mock the client calls. Prism reads the spec with integers bounded to
/// JavaScript's safe range, as for `schemathesis --prism`.
fn with_prism(
    root: &Path,
    spec: &Path,
    harness: &Path,
    run: Run,
    prism: &Path,
    seeds: u64,
    skips: &[&str],
) -> Result<(), String> {
    use crate::prism::Role;
    let bounded = crate::schemathesis::with_type_bounds(root, spec, true)?;
    let mut cmd = Command::new(harness);
    cmd.args(["--seeds", &seeds.to_string()]);
    for id in skips {
        cmd.args(["--skip", id]);
    }
    // Prism's own log would repeat what the harness prints for each exchange: only what
    // stops it is shown.
    let log = "fatal";
    if run == Run::PrismMock {
        let (mut mock, url) = crate::prism::start(prism, &bounded, Role::Mock, log)?;
        let outcome = run_ok(cmd.args(["--against-mock", &url]));
        crate::prism::still_running(&mut mock)?;
        return outcome;
    }
    // The router comes up first (its address is Prism's upstream); Prism's address then
    // goes to the harness on stdin.
    let child = cmd
        .arg("--via-prism")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run the harness: {e}"))?;
    let mut child = Reaped(child);
    let mut out = BufReader::new(child.0.stdout.take().ok_or("the harness has no stdout")?);
    let mut line = String::new();
    out.read_line(&mut line).map_err(|e| format!("the harness: {e}"))?;
    let router = line
        .trim()
        .strip_prefix("router listening on ")
        .ok_or_else(|| format!("the harness did not serve its router: {line:?}"))?
        .to_owned();
    let (mut proxy, url) = crate::prism::start(prism, &bounded, Role::Proxy { upstream: &router }, log)?;
    let mut stdin = child.0.stdin.take().ok_or("the harness has no stdin")?;
    writeln!(stdin, "{url}").map_err(|e| format!("the harness: {e}"))?;
    drop(stdin);
    for line in out.lines() {
        println!("{}", line.map_err(|e| format!("the harness: {e}"))?);
    }
    let status = child.0.wait().map_err(|e| format!("the harness: {e}"))?;
    crate::prism::still_running(&mut proxy)?;
    if status.success() {
        Ok(())
    } else {
        Err("mismatches or prism violations (see above)".to_owned())
    }
}

/// The harness's package (and binary) name for `spec`.
fn harness_package(spec: &Path) -> String {
    format!("harness-{}", generator::names::crate_name(spec))
}

/// Generates and builds the harness for one spec: its executable and the spec's model.
fn build(root: &Path, spec: &Path) -> Result<(PathBuf, generator::model::Api), String> {
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
        return Err("the harness did not build (see above)".to_owned());
    }
    Ok((target.join("debug").join(harness_package(spec)), model))
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
    config.manifest.runtime = Some(crate::codegen::workspace_runtime());
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
                 reqwest = {{ version = \"0.12\", default-features = false }}\n\
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
    let (harness, model) = build(root, spec)?;
    let mut child = Command::new(harness)
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
