//! Golden tests of diagnostics: each `errors/NAME.yaml` (or `.json`) must fail with exactly
//! the text in `errors/NAME.stderr`, and each fixture with a `fixtures/NAME.stderr` (the
//! repaired faults) must succeed with exactly those warnings. Set `UPDATE_EXPECT=1` to
//! rewrite the expectations.

use std::path::Path;

#[test]
fn bad_specs_fail_with_located_messages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/errors")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 6, "the error fixtures are missing");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut warned: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml") && p.with_extension("stderr").exists())
        .collect();
    warned.sort();
    assert!(!warned.is_empty(), "the repair fixture's expectations are missing");
    specs.extend(warned);
    let mut failures = Vec::new();
    for spec in specs {
        // Named by their path from the package, as tests run there: specs may refer to
        // other files, which are read relative to the spec.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let name = spec.strip_prefix(root).unwrap_or(&spec).display().to_string();
        let text = std::fs::read_to_string(&spec).expect("read fixture");
        let config = generator::Config::new("bad", "test");
        let actual = match generator::generate_str(&text, Path::new(&name), &config) {
            Ok(generated) => {
                let warnings: String = generated.warnings.iter().map(|d| format!("{d}\n")).collect();
                format!("{warnings}generation succeeded\n")
            }
            Err(failed) => failed.diagnostics.iter().map(|d| format!("{d}\n")).collect(),
        };
        let expected_path = spec.with_extension("stderr");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&expected_path, &actual).expect("write expectation");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!("{name}:\n--- expected\n{expected}--- actual\n{actual}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_bad_spec_leaves_the_output_directory_as_it_was() {
    let out = std::env::temp_dir().join(format!("openapi-rs-gen-untouched-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(out.join("src")).expect("mkdir");
    std::fs::write(out.join("src/lib.rs"), "// hand-kept\n").expect("write");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors/many-problems.yaml");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_openapi-rs-gen"))
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run the generator");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("#/paths/~1pets/get: duplicate operationId \"getPet\""),
        "{stderr}"
    );
    let files: Vec<_> = std::fs::read_dir(&out)
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(files, vec![std::ffi::OsString::from("src")], "nothing was added");
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).expect("read"),
        "// hand-kept\n"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_bad_configuration_key_is_an_error_with_its_file_and_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Path::new("tests/errors/bad-config.toml");
    let spec = root.join("tests/fixtures/pets.yaml");
    let mut generating = generator::Config::new("bad", "test");
    // Run from the package, as the other golden tests are, so the file is named relatively.
    let error = generating
        .configure(&spec, Some(&root.join(config)))
        .expect_err("an unknown key must be refused");
    let actual = format!("{}\n", error.replace(&format!("{}/", root.display()), ""));
    let expected_path = root.join("tests/errors/bad-config.stderr");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual).expect("write expectation");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(actual, expected);
}
