//! `cargo xtask schemathesis --spec PATH [--checks LIST] [--prism]`: an independent oracle. Serves the
//! spec's generated mock router on 127.0.0.1 and runs Schemathesis (PyPI, pinned) against it.
//!
//! Schemathesis is installed into `target/schemathesis-venv` by this command on first use.
//!
//! With `--prism`, the requests go through a second independent tool: Stoplight Prism
//! (`crate::prism`) as a validating proxy in front of the mock (`prism proxy --errors`).
//! Prism checks every request and answer against the spec; it answers an invalid request
//! itself (401, 422) and turns an invalid answer into a 500, which Schemathesis's
//! `not_a_server_error` reports (so that check is always on).

use crate::Reaped;
use generator::model::{ParamLocation, SecurityKind, StatusMatch};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Schemathesis release this project is tested with.
pub const VERSION: &str = "4.32.5";

/// The checks that apply while the server enforces only types, enums and patterns.
const DEFAULT_CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
response_headers_conformance,response_schema_conformance";

pub fn run(args: &[String]) -> Result<(), String> {
    let (mut specs, mut checks, mut examples) = (Vec::new(), DEFAULT_CHECKS.to_owned(), 25u32);
    let mut skipped: Vec<String> = Vec::new();
    let mut through_prism = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--spec" => specs.push(PathBuf::from(it.next().ok_or("--spec takes a path")?)),
            "--prism" => through_prism = true,
            "--checks" => checks = it.next().ok_or("--checks takes a list")?.clone(),
            // For a known false positive of the tool, named where it is run (see `.ci/run`).
            "--skip-operation" => skipped.push(it.next().ok_or("--skip-operation takes an operationId")?.clone()),
            "--max-examples" => {
                examples = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--max-examples takes a number")?
            }
            other => return Err(format!("unknown argument {other:?}\n{}", crate::USAGE)),
        }
    }
    if specs.is_empty() {
        return Err(format!("give --spec PATH\n{}", crate::USAGE));
    }
    let root = crate::codegen::workspace_root();
    let st = install(&root)?;
    let prism = if through_prism {
        // Prism's verdict on an answer is a 500: the check that reads it stays on.
        if checks != "all" && !checks.split(',').any(|c| c.trim() == "not_a_server_error") {
            checks.push_str(",not_a_server_error");
        }
        Some(crate::prism::install(&root)?)
    } else {
        None
    };
    let through = if through_prism {
        format!(" through prism {}", crate::prism::VERSION)
    } else {
        String::new()
    };
    let run = Run {
        st: &st,
        prism: prism.as_deref(),
        checks: &checks,
        examples,
        skipped: &skipped,
    };
    let mut matched = std::collections::BTreeSet::new();
    let mut failed = Vec::new();
    for spec in &specs {
        println!(
            "==> schemathesis {VERSION}{through} against the mock of {} (checks: {checks})",
            spec.display()
        );
        if let Err(e) = against_mock(&root, &run, spec, &mut matched) {
            println!("{}: FAILED: {e}", spec.display());
            failed.push(spec.display().to_string());
        }
    }
    failed.extend(crate::stale_skips(&skipped, &matched));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("schemathesis failed for: {}", failed.join(", ")))
    }
}

/// The `st` executable, installing the pinned release into a virtual environment if needed.
fn install(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join("target/schemathesis-venv");
    let st = venv.join("bin/st");
    let installed = Command::new(venv.join("bin/python"))
        .args(["-c", "import importlib.metadata as m; print(m.version('schemathesis'))"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    if installed.as_deref() == Some(VERSION) && st.exists() {
        return Ok(st);
    }
    println!("installing schemathesis {VERSION} into {}", venv.display());
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    crate::run_ok(
        Command::new(&python).arg("-m").arg("venv").arg(&venv),
        "python3 -m venv",
    )?;
    crate::run_ok(
        Command::new(venv.join("bin/pip")).args(["install", "--quiet", &format!("schemathesis=={VERSION}")]),
        "pip install schemathesis",
    )?;
    Ok(st)
}

/// What one run of Schemathesis is given, beside the spec.
struct Run<'a> {
    st: &'a Path,
    /// Prism, to put between Schemathesis and the mock.
    prism: Option<&'a Path>,
    checks: &'a str,
    examples: u32,
    skipped: &'a [String],
}

/// The text formats the generated crate types, so that its server refuses other text.
struct Typed {
    integers: bool,
    decimal: bool,
    /// Integers stay within JavaScript's safe range (±(2^53 − 1)): through Prism, which
    /// checks them against it and rewrites the JSON it forwards with doubles.
    js_safe: bool,
}

/// The spec as Schemathesis gets it: every integer schema also states the bounds of the
/// Rust type the generator gives it (`int32` → `i32`, `uint64` → `u64`, no format → `i64`),
/// which the format implies but a generic tool does not know, and so does a string with an
/// integer or `decimal` format where the configuration types it (as a pattern of digits); and a schema that lists null
/// among its `enum` values is marked `nullable`, the repair the generator makes (with a
/// warning). References into other files are bundled into the one document. With `js_safe`
/// (the copy Prism reads), integers also stay in JavaScript's safe range, and what Prism
/// misreads is left out (`for_prism`). Nothing else changes.
pub(crate) fn with_type_bounds(root: &Path, spec: &Path, js_safe: bool) -> Result<PathBuf, String> {
    use serde_json::Value;
    const JS_SAFE: i64 = (1 << 53) - 1;
    fn bounds(format: Option<&str>, js_safe: bool) -> Option<(Value, Value)> {
        Some(match format {
            Some("uint64" | "uint") if js_safe => (0.into(), JS_SAFE.into()),
            Some("int64") | None if js_safe => ((-JS_SAFE).into(), JS_SAFE.into()),
            Some("int8") => (i8::MIN.into(), i8::MAX.into()),
            Some("int16") => (i16::MIN.into(), i16::MAX.into()),
            Some("int32") => (i32::MIN.into(), i32::MAX.into()),
            Some("uint8") => (0.into(), u8::MAX.into()),
            Some("uint16") => (0.into(), u16::MAX.into()),
            Some("uint32") => (0.into(), u32::MAX.into()),
            Some("uint64" | "uint") => (0.into(), u64::MAX.into()),
            Some("int64") | None => (i64::MIN.into(), i64::MAX.into()),
            Some(_) => return None,
        })
    }
    fn walk(value: &mut Value, typed: &Typed) {
        match value {
            Value::Object(map) => {
                let integer = match map.get("type") {
                    Some(Value::String(t)) => t == "integer",
                    Some(Value::Array(ts)) => ts.iter().any(|t| t == "integer"),
                    _ => false,
                };
                // The generator's repair, made for the tool too: null among the values of a
                // schema that is not `nullable` means the schema is nullable.
                let null_listed = map
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.contains(&Value::Null));
                if null_listed && map.get("type").is_some_and(Value::is_string) {
                    map.entry("nullable").or_insert(Value::Bool(true));
                }
                if integer {
                    let format = map.get("format").and_then(Value::as_str);
                    // Through Prism every integer stays in the safe range, whatever its format
                    // or the spec's own bounds.
                    let safe = ((-JS_SAFE).into(), JS_SAFE.into());
                    let own = bounds(format, typed.js_safe).or(typed.js_safe.then_some(safe));
                    if let Some((lo, hi)) = own {
                        map.entry("minimum").or_insert(lo);
                        map.entry("maximum").or_insert(hi);
                    }
                    if typed.js_safe {
                        let clamp = |v: &mut Value| {
                            if let Some(x) = v.as_f64().filter(|x| x.abs() > JS_SAFE as f64) {
                                *v = Value::from(JS_SAFE * x.signum() as i64);
                            }
                        };
                        map.get_mut("minimum").map(clamp);
                        map.get_mut("maximum").map(clamp);
                    }
                }
                // Numbers written as text: the format says which text, the tool does not know.
                let text = map.get("type").is_some_and(|t| t == "string");
                if text && !map.contains_key("pattern") {
                    let format = map.get("format").and_then(Value::as_str).map(str::to_ascii_lowercase);
                    let pattern = match format.as_deref() {
                        Some("int64" | "int32" | "int16" | "int8" | "int") if typed.integers => Some("^-?[0-9]{1,18}$"),
                        Some("uint64" | "uint32" | "uint16" | "uint8" | "uint") if typed.integers => {
                            Some("^[0-9]{1,19}$")
                        }
                        Some("decimal") if typed.decimal => Some("^-?[0-9]{1,20}(\\.[0-9]{1,8})?$"),
                        _ => None,
                    };
                    if let Some(p) = pattern {
                        map.insert("pattern".into(), Value::from(p));
                    }
                }
                map.values_mut().for_each(|v| walk(v, typed));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, typed)),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    // As the generator reads it: an integer past 64 bits is a float, not an error.
    let doc = generator::load::parse_text(&text)
        .map_err(|(syntax, line, column, e)| format!("{}:{line}:{column}: {syntax}: {e}", spec.display()))?;
    // References into other files are followed by the generator's own bundler, so the
    // tool reads one self-contained document from where it is written.
    let mut diags = generator::Diagnostics::new(spec.display().to_string());
    let mut doc = generator::bundle::bundle(spec, &text, doc, &mut diags).doc;
    if diags.has_errors() {
        return Err(format!("{}: does not bundle:\n{diags}", spec.display()));
    }
    // Which text formats the spec's configuration types (and so the server checks).
    let explicit = generator::sibling_config(spec);
    let (settings, _) = generator::config::for_spec(spec, explicit.as_deref())?;
    let lowering = settings.lowering();
    let typed = Typed {
        integers: lowering.integers == generator::config::Integers::Integer,
        decimal: lowering.decimal == generator::config::Decimal::RustDecimal,
        js_safe,
    };
    walk(&mut doc, &typed);
    if js_safe {
        for_prism(&mut doc);
    }
    let dir = root.join("target/schemathesis");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    // Prism's copy apart: a run without Prism (unbounded integers) does not overwrite it.
    let out = dir.join(if js_safe {
        format!("{stem}.js-safe.json")
    } else {
        format!("{stem}.json")
    });
    let json = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    std::fs::write(&out, json).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(out)
}

/// Prism's copy of the spec leaves out what Prism misreads: an example value with a `$ref`
/// key inside (its reference parser follows such a key wherever it is, to a file
/// `not-a-reference`, and stops), and the header parameters named `Accept`, `Content-Type`
/// or `Authorization`, whose definitions OpenAPI says to ignore and Prism requires.
/// `example`, `examples`, `enum` and `const` hold data, read as keywords except as the names
/// of properties, as the generator reads them.
fn for_prism(doc: &mut serde_json::Value) {
    use serde_json::Value;
    fn has_ref(v: &Value) -> bool {
        match v {
            Value::Object(map) => map.contains_key("$ref") || map.values().any(has_ref),
            Value::Array(items) => items.iter().any(has_ref),
            _ => false,
        }
    }
    fn ignored_header(p: &Value) -> bool {
        let name = p.get("name").and_then(Value::as_str).unwrap_or("");
        p.get("in").and_then(Value::as_str) == Some("header")
            && ["accept", "content-type", "authorization"].contains(&name.to_ascii_lowercase().as_str())
    }
    fn walk(value: &mut Value, ignored_refs: &[String]) {
        match value {
            Value::Object(map) => {
                if map.get("example").is_some_and(has_ref) {
                    map.remove("example");
                }
                match map.get_mut("examples") {
                    // JSON Schema's list of values (3.1).
                    Some(Value::Array(values)) => values.retain(|v| !has_ref(v)),
                    // A map of Example objects; one that is itself a `$ref` names a real one.
                    Some(Value::Object(named)) => named.retain(|_, e| !e.get("value").is_some_and(has_ref)),
                    _ => {}
                }
                if let Some(Value::Array(parameters)) = map.get_mut("parameters") {
                    parameters.retain(|p| {
                        let named = p.get("$ref").and_then(Value::as_str);
                        !ignored_header(p) && !named.is_some_and(|r| ignored_refs.iter().any(|i| i == r))
                    });
                }
                for (key, v) in map.iter_mut() {
                    match (key.as_str(), v) {
                        ("properties", Value::Object(properties)) => {
                            properties.values_mut().for_each(|v| walk(v, ignored_refs))
                        }
                        ("example" | "examples" | "enum" | "const", _) => {}
                        (_, v) => walk(v, ignored_refs),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, ignored_refs)),
            _ => {}
        }
    }
    // Shared parameters are left in place, unused: only references to them go.
    let ignored_refs: Vec<String> = doc
        .pointer("/components/parameters")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, p)| ignored_header(p))
        .map(|(name, _)| format!("#/components/parameters/{}", name.replace('~', "~0").replace('/', "~1")))
        .collect();
    walk(doc, &ignored_refs);
}

fn against_mock(
    root: &Path,
    run: &Run,
    spec: &Path,
    matched: &mut std::collections::BTreeSet<String>,
) -> Result<(), String> {
    let Run {
        st,
        prism,
        checks,
        examples,
        skipped,
    } = *run;
    let (server, base, model) = crate::conformance::serve_mock(root, spec)?;
    let _server = Reaped(server);
    if model.operations.is_empty() {
        println!("notice: {} has no operations: nothing to test", spec.display());
        return Ok(());
    }
    let bounded = with_type_bounds(root, spec, prism.is_some())?;
    // Prism reads the same bundled document: the server accepts every integer in its bounds
    // (narrowed to JavaScript's safe range through Prism, which rounds larger ones).
    let mut proxy = prism
        .map(|prism| crate::prism::start(prism, &bounded, crate::prism::Role::Proxy { upstream: &base }, "warn"))
        .transpose()?;
    let base = proxy.as_ref().map_or(base, |(_, url)| url.clone());
    // The conformance checks judge answers to valid requests. Invalid ones are the business
    // of the data checks (`--checks all`), and a spec need not document the 400 they get.
    // A mock takes any credential (`ignored_auth` would fail by design), and the stateful
    // phase feeds response values through links into requests without checking them
    // against the schemas they land in (an `id` string into an integer list), so a
    // refusal there is no fault of the server: both are left out of `all`.
    // Through Prism, invalid requests are answered by Prism itself (its own 401 and 422),
    // not by the server, so only valid ones are sent: Prism forwards them and checks the
    // server's answers.
    let passes: &[(&str, &[&str])] = if checks == "all" && prism.is_some() {
        &[(
            "positive",
            &[
                "--exclude-checks",
                "ignored_auth",
                "--phases",
                "examples,coverage,fuzzing",
            ],
        )]
    } else if checks == "all" {
        &[
            (
                "positive",
                &[
                    "--exclude-checks",
                    "ignored_auth",
                    "--phases",
                    "examples,coverage,fuzzing",
                ],
            ),
            (
                "negative",
                &[
                    "--exclude-checks",
                    "ignored_auth,status_code_conformance",
                    "--phases",
                    "examples,coverage,fuzzing",
                ],
            ),
        ]
    } else {
        &[("positive", &[])]
    };
    // An API key in the query cannot be given on the command line: the configuration's
    // OpenAPI-aware auth sends it, by scheme, to the operations that name the scheme.
    let query_keys: Vec<&str> = model
        .security_schemes
        .iter()
        .filter(|s| {
            matches!(
                s.kind,
                SecurityKind::ApiKey {
                    location: ParamLocation::Query,
                    ..
                }
            )
        })
        .map(|s| s.wire_name.as_str())
        .collect();
    let config = if query_keys.is_empty() {
        None
    } else {
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
        let path = root.join("target/schemathesis").join(format!("{stem}.auth.toml"));
        // A JSON string is a TOML basic string: quoted keys take any scheme name.
        let text: String = query_keys
            .iter()
            .map(|name| {
                format!(
                    "[auth.openapi.{}]\napi_key = \"secret\"\n",
                    serde_json::Value::from(*name)
                )
            })
            .collect();
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        Some(path)
    };
    let mut outcome = Ok(());
    for (mode, extra) in passes {
        println!("schemathesis: {mode} cases");
        let mut cmd = Command::new(st);
        if let Some(config) = &config {
            cmd.arg("--config-file").arg(config);
        }
        cmd.arg("run")
            .arg(&bounded)
            .args([
                "--url",
                &base,
                "--checks",
                checks,
                "--max-examples",
                &examples.to_string(),
            ])
            .args(["--mode", mode])
            .args(extra.iter())
            .args([
                "--seed",
                "1",
                "--no-color",
                "--workers",
                "1",
                "--generation-database",
                "none",
            ])
            .args([
                "--report-dir",
                &root.join("target/schemathesis-report").display().to_string(),
            ]);
        // An operation that documents no response has no status Schemathesis would accept;
        // one whose only successes are informational (a WebSocket's 101) has no success
        // HTTP can deliver as a response, so a valid request can only get an error.
        for op in &model.operations {
            let assumed = op.responses.len() == 1 && op.responses[0].origin.pointer.ends_with("/responses");
            let informational = |r: &generator::model::Response| {
                matches!(r.status, StatusMatch::Code(100..=199) | StatusMatch::Range(1))
            };
            let successes: Vec<_> = op.responses.iter().filter(|r| !r.is_error).collect();
            let undeliverable = !successes.is_empty() && successes.iter().all(|r| informational(r));
            if assumed || undeliverable {
                let why = if assumed {
                    "documents no response, so no answer can conform"
                } else {
                    "documents only informational successes, which HTTP cannot deliver as a response"
                };
                println!("notice: `{}` {why}; it is left out", op.wire_id);
                // By name (`GET /path`): an id the generator derived means nothing to the tool.
                cmd.args(["--exclude-name", &format!("{} {}", op.method.as_str(), op.path)]);
            }
        }
        // Specs are run together, each with its own operations: an id names one of them.
        for op in model.operations.iter().filter(|op| skipped.contains(&op.wire_id)) {
            println!("notice: `{}` is skipped (--skip-operation)", op.wire_id);
            matched.insert(op.wire_id.clone());
            cmd.args(["--exclude-name", &format!("{} {}", op.method.as_str(), op.path)]);
        }
        // Credentials for every scheme the spec declares: the mock accepts any value.
        let mut authorization = false;
        for scheme in &model.security_schemes {
            match &scheme.kind {
                SecurityKind::Bearer if !authorization => {
                    authorization = true;
                    cmd.args(["-H", "Authorization: Bearer secret"]);
                }
                SecurityKind::Basic if !authorization => {
                    authorization = true;
                    cmd.args(["-a", "user:password"]);
                }
                SecurityKind::ApiKey {
                    location: ParamLocation::Header,
                    name,
                } => {
                    cmd.args(["-H", &format!("{name}: secret")]);
                }
                SecurityKind::ApiKey {
                    location: ParamLocation::Cookie,
                    name,
                } => {
                    cmd.args(["-H", &format!("Cookie: {name}=secret")]);
                }
                // A query key goes through the configuration file (above).
                _ => {}
            }
        }
        // Schemathesis keeps a cache in its working directory: keep it under `target/`.
        match cmd.current_dir(root.join("target/schemathesis")).status() {
            Ok(s) if s.success() => {}
            Ok(s) => outcome = Err(format!("schemathesis reported failures in {mode} cases ({s})")),
            Err(e) => outcome = Err(format!("cannot run {}: {e}", st.display())),
        }
    }
    // Prism gone before the end means some requests were never checked.
    if let Some((prism, _)) = proxy.as_mut() {
        if let Err(e) = crate::prism::still_running(prism) {
            outcome = Err(e);
        }
    }
    outcome
}
