//! `cargo xtask codegen`: keeps `generated/` and the snapshot crates in step with their specs.

use generator::fresh::{self, Mode};
use generator::{Config, Manifest};
use std::path::{Path, PathBuf};

/// One crate the project keeps generated and checked in.
pub struct Target {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub config: Config,
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// The seed crate and one snapshot crate per fixture spec, in a fixed order.
pub fn targets(root: &Path) -> Result<Vec<Target>, String> {
    let command = "cargo xtask codegen";
    let mut main = Config::new("generated", command);
    main.spec_label = "spec/openapi.yaml".to_owned();
    main.manifest = test_manifest("generated", "../generator/runtime");
    let seed = root.join("spec/openapi.yaml");
    // `spec/openapi-rs-gen.toml`, when there is one.
    main.configure(&seed, None)?;
    main.crate_name = "generated".to_owned();
    let mut targets = vec![Target {
        spec: seed,
        out: root.join("generated"),
        config: main,
    }];
    let fixtures = root.join("generator/tests/fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .map_err(|e| format!("cannot list {}: {e}", fixtures.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    specs.sort();
    for spec in specs {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("fixture")
            .to_owned();
        let name = format!("snapshot-{stem}");
        let mut config = Config::new(&name, command);
        // A fixture's configuration is `<stem>.toml` beside it; the crate keeps its name.
        config.configure(&spec, generator::sibling_config(&spec).as_deref())?;
        config.crate_name = name.clone();
        config.manifest = test_manifest(&name, "../../../runtime");
        config.spec_label = format!(
            "generator/tests/fixtures/{stem}.{}",
            spec.extension().and_then(|x| x.to_str()).unwrap_or("yaml")
        );
        targets.push(Target {
            spec,
            out: root.join("generator/tests/snapshots").join(&stem),
            config,
        });
    }
    Ok(targets)
}

/// A manifest for a crate this workspace tests: tokio for the tests, the crate itself with
/// both features, so `cargo test` without flags builds the client and the server, and the
/// runtime crate at `runtime` (relative to the crate), unless its configuration says.
fn test_manifest(name: &str, runtime: &str) -> Manifest {
    Manifest {
        runtime: Some(runtime_at(runtime)),
        standalone: false,
        dev_dependencies: vec![
            r#"tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "time", "signal"] }"#
                .to_owned(),
            "# The tests and examples use both sides and the mock; this turns them on for them.".to_owned(),
            format!(r#"{name} = {{ path = ".", features = ["client", "server", "mock"] }}"#),
        ],
    }
}

/// A dependency on the runtime crate at `path`.
pub fn runtime_at(path: &str) -> generator::config::RuntimeSetting {
    generator::config::RuntimeSetting::Dependency(
        [("path".to_owned(), toml::Value::String(path.to_owned()))]
            .into_iter()
            .collect(),
    )
}

/// A dependency on this workspace's runtime crate by absolute path, for crates generated
/// under `target/` (the corpus, the round trips).
pub fn workspace_runtime() -> generator::config::RuntimeSetting {
    runtime_at(&workspace_root().join("generator/runtime").display().to_string())
}

/// Regenerates (or checks) every target; in check mode, the error holds the diff and the fix.
pub fn sync_all(mode: Mode) -> Result<(), String> {
    let root = workspace_root();
    let mut stale = Vec::new();
    let mut diff = String::new();
    // Generate everything before writing anything: one bad spec leaves every crate as it was.
    let mut generated = Vec::new();
    for target in targets(&root)? {
        let g = generator::generate_file(&target.spec, &target.config).map_err(render)?;
        generated.push((target, g));
    }
    // The fixtures' warnings are their deliberate faults (the tests pin them): a newcomer
    // who changed nothing sees a count, not a screenful. The seed's are printed in full.
    let fixtures = root.join("generator/tests/fixtures");
    let mut expected = (0usize, 0usize);
    for (target, g) in generated {
        if target.spec.starts_with(&fixtures) {
            expected.0 += g.warnings.len();
            expected.1 += usize::from(!g.warnings.is_empty());
        } else {
            for w in &g.warnings {
                eprintln!("{w}");
            }
        }
        let report = fresh::sync(&target.out, &g.files, mode).map_err(|e| format!("{}: {e}", target.out.display()))?;
        if !report.is_fresh() {
            let rel = target
                .out
                .strip_prefix(&root)
                .unwrap_or(&target.out)
                .display()
                .to_string();
            if mode == Mode::Write {
                eprintln!("{rel} was not up-to-date, updating");
            }
            diff.push_str(&report.diff);
            stale.push(rel);
        }
    }
    if expected.0 > 0 {
        eprintln!(
            "note: {} warnings from {} test fixtures, all expected (their specs' deliberate faults); \
             `cargo run -p openapi-rs-gen -- generator/tests/fixtures/NAME.yaml --out DIR` shows them",
            expected.0, expected.1
        );
    }
    if mode == Mode::Check && !stale.is_empty() {
        return Err(format!(
            "{diff}\nerror: generated code is out of date with its spec: {}\nrun `cargo xtask codegen` to update it",
            stale.join(", ")
        ));
    }
    Ok(())
}

pub fn render(failed: generator::Failed) -> String {
    failed.to_string()
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut check = false;
    let (mut spec, mut out, mut name) = (None, None, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => spec = it.next().map(PathBuf::from),
            "--out" => out = it.next().map(PathBuf::from),
            "--name" => name = it.next().cloned(),
            other => return Err(format!("unknown argument {other:?}\n{}", crate::USAGE)),
        }
    }
    let mode = if check { Mode::Check } else { Mode::Write };
    match (spec, out) {
        (None, None) => sync_all(mode),
        (Some(spec), Some(out)) => standalone(&spec, &out, name, mode),
        _ => Err(format!("--spec and --out go together\n{}", crate::USAGE)),
    }
}

/// Generates a crate that builds on its own, for any spec.
fn standalone(spec: &Path, out: &Path, name: Option<String>, mode: Mode) -> Result<(), String> {
    let mut config = Config::new(
        &generator::names::crate_name(spec),
        &format!("cargo xtask codegen --spec {} --out {}", spec.display(), out.display()),
    );
    config.configure(spec, None)?;
    if let Some(name) = name {
        config.crate_name = name;
    }
    config.manifest.standalone = true;
    let g = generator::generate_file(spec, &config).map_err(render)?;
    for w in &g.warnings {
        eprintln!("{w}");
    }
    let report = fresh::sync(out, &g.files, mode).map_err(|e| format!("{}: {e}", out.display()))?;
    if mode == Mode::Check && !report.is_fresh() {
        return Err(format!(
            "{}\nerror: {} is out of date; run the same command without --check",
            report.diff,
            out.display()
        ));
    }
    eprintln!(
        "generated {} ({} operations, {} types, {} warnings)",
        out.display(),
        g.model.operations.len(),
        g.model.types.len(),
        g.warnings.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    /// `cargo test` alone catches drift between specs and checked-in generated code.
    #[test]
    fn generated_code_is_fresh() {
        if let Err(message) = super::sync_all(generator::fresh::Mode::Check) {
            panic!("{message}");
        }
    }
}
