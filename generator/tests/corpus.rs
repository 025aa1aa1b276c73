//! The real-world corpus: every spec generates, with warnings only for documented fallbacks.
//!
//! Reads `../shared/corpus` beside the workspace, or `$OPENAPI_CORPUS`; prints a notice and
//! passes when neither exists. Building the generated crates is `cargo xtask corpus --check-build`.

use std::collections::BTreeMap;
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("OPENAPI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "notice: no corpus at {} (set OPENAPI_CORPUS); corpus tests skipped",
            dir.display()
        );
        None
    }
}

#[test]
fn every_corpus_spec_generates_deterministically() {
    let Some(dir) = corpus() else { return };
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "the corpus at {} holds no specs", dir.display());
    let mut fallbacks: BTreeMap<String, usize> = BTreeMap::new();
    for spec in &specs {
        let config = generator::Config::new("corpus", "test");
        let first = generator::generate_file(spec, &config).unwrap_or_else(|f| panic!("{}:\n{f}", spec.display()));
        assert!(!first.model.operations.is_empty(), "{}", spec.display());
        let second = generator::generate_file(spec, &config).expect("generates again");
        assert!(
            first.files == second.files,
            "{}: two generations differ",
            spec.display()
        );
        for w in &first.warnings {
            // Group by the message with names and patterns taken out.
            let kind: String = w.message.split('"').step_by(2).collect::<Vec<_>>().join("…");
            *fallbacks.entry(kind).or_default() += 1;
        }
    }
    for (kind, count) in &fallbacks {
        eprintln!("{count:5}  {kind}");
    }
}
