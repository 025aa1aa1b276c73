//! `Cargo.toml` of the generated crate.

use super::Config;
use crate::config::RuntimeSetting;
use crate::model::Api;

/// How the manifest is written.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// Adds an empty `[workspace]` table so the crate builds on its own inside another tree.
    pub standalone: bool,
    /// Extra `[dev-dependencies]` lines, written as they are.
    pub dev_dependencies: Vec<String>,
    /// Where the runtime comes from when the configuration does not say (its `runtime`
    /// key wins): `None` carries a copy.
    pub runtime: Option<RuntimeSetting>,
}

/// The runtime dependency's table (`path = "…"`, …), without its features, or `None` when
/// the crate carries a copy of the runtime.
pub fn runtime_dependency(config: &Config) -> Option<String> {
    let setting = config.settings.runtime.as_ref().or(config.manifest.runtime.as_ref())?;
    match setting {
        RuntimeSetting::Keyword(_) => None,
        RuntimeSetting::Dependency(table) => Some(
            table
                .iter()
                .map(|(key, value)| format!("{key} = {value}"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

pub fn emit(api: &Api, config: &Config, formats: &[&super::FormatCrate]) -> String {
    let description =
        format!("Client, server stubs and types for {} {}", api.title, api.version).replace(['"', '\\'], "");
    // A module the configuration leaves out has an inert feature (cfgs stay valid) and none
    // of its crates.
    let outputs = api.outputs;
    let runtime = runtime_dependency(config);
    // With the runtime as a dependency, each module's feature turns on the runtime's part.
    let part = |name: &str| match &runtime {
        Some(_) => format!(", \"openapi-rs-runtime/{name}\""),
        None => String::new(),
    };
    let mut features = String::new();
    let mut optional = String::new();
    // Every group of operations is on by default; a user who calls few of them turns the
    // defaults off and names the groups they call.
    let mut default: Vec<&str> = Vec::new();
    if outputs.client {
        default.push("client");
    }
    let groups: Vec<&str> = api
        .features
        .iter()
        .filter(|f| f.operations)
        .map(|f| f.name.as_str())
        .collect();
    if !groups.is_empty() {
        default.push("all-operations");
    }
    let other = api.features.iter().find(|f| !f.operations);
    default.extend(other.map(|f| f.name.as_str()));
    let quoted = |names: &[&str]| names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    features.push_str(&format!("default = [{}]\n", quoted(&default)));
    let mut feature = |name: &str, written: bool, enables: &str, deps: &str, note: &str| {
        features.push_str(note);
        if written {
            features.push_str(&format!("{name} = [{enables}]\n"));
            optional.push_str(deps);
        } else {
            features.push_str(&format!("# Not generated (configuration `outputs`).\n{name} = []\n"));
        }
    };
    feature(
        "client",
        outputs.client,
        &format!("\"dep:reqwest\"{}", part("client")),
        "reqwest = { version = \"0.12\", default-features = false, features = [\"rustls-tls\"], optional = true }\n",
        "",
    );
    feature(
        "server",
        outputs.server,
        &format!("\"dep:axum\", \"dep:serde_path_to_error\"{}", part("server")),
        "axum = { version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\", \"json\"], optional = true }\nserde_path_to_error = { version = \"0.1\", optional = true }\n",
        "",
    );
    feature(
        "mock",
        outputs.mock,
        &format!("\"server\", \"dep:rand\", \"dep:rand_pcg\", \"dep:rand_regex\", \"dep:regex-syntax\"{}", part("mock")),
        "rand = { version = \"0.10\", default-features = false, optional = true }\nrand_pcg = { version = \"0.10\", optional = true }\nrand_regex = { version = \"0.19\", default-features = false, optional = true }\nregex-syntax = { version = \"0.8\", optional = true }\n",
        "# Example values for every type and operation, and a mock server (`mock::router`).\n",
    );
    if !groups.is_empty() {
        features.push_str(&format!(
            "\n# Groups of operations: each compiles its client methods, server trait methods,\n# responses and the types they need. Turn off the defaults and name the groups you call.\nall-operations = [{}]\n",
            quoted(&groups)
        ));
        for (i, f) in api.features.iter().enumerate().filter(|(_, f)| f.operations) {
            let count = api.operations_of(i);
            let noun = if count == 1 { "operation" } else { "operations" };
            // The spec's text in a comment: a line break in a tag would end it.
            let what = f.what.replace(char::is_control, " ");
            features.push_str(&format!("# The {count} {noun} {what}.\n{} = []\n", f.name));
        }
    }
    if let Some(f) = other {
        features.push_str(&format!(
            "# The spec's schemas that no operation uses (webhook payloads, say).\n{} = []\n",
            f.name
        ));
    }
    let mut out = format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
description = "{description}"
publish = false

[lib]
# Spec descriptions are prose, not Rust examples.
doctest = false

[features]
{features}
[dependencies]
base64 = "0.22"
bytes = {{ version = "1", features = ["serde"] }}
form_urlencoded = "1"
http = "1"
percent-encoding = "2"
regex = "1"
secrecy = "0.10"
serde = {{ version = "1", features = ["derive"] }}
# Field order on the wire (form bodies, deepObject queries) follows the declaration;
# numbers are read exactly (`0.9999999999999999` stays below 1).
serde_json = {{ version = "1", features = ["preserve_order", "float_roundtrip"] }}
thiserror = "2"
{optional}"#,
        name = config.crate_name,
    );
    // Crates for formats, only where the spec uses them.
    for format in formats {
        out.push_str(format.dependency);
        out.push('\n');
    }
    if let Some(table) = &runtime {
        let features: Vec<String> = formats.iter().map(|f| format!("\"{}\"", f.name)).collect();
        out.push_str(&format!(
            "openapi-rs-runtime = {{ {table}, features = [{}] }}\n",
            features.join(", ")
        ));
    }
    // The configuration's own dependencies (for its derives), as it writes them.
    for (name, spec) in &config.settings.dependencies {
        out.push_str(&format!("{name} = {spec}\n"));
    }
    if !config.manifest.dev_dependencies.is_empty() {
        out.push_str("\n[dev-dependencies]\n");
        for line in &config.manifest.dev_dependencies {
            out.push_str(line);
            out.push('\n');
        }
    }
    if config.manifest.standalone {
        out.push_str("\n[workspace]\n");
    }
    out
}
