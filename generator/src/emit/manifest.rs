//! `Cargo.toml` of the generated crate.

use super::Config;
use crate::model::{Api, Primitive};

/// How the manifest is written.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// Adds an empty `[workspace]` table so the crate builds on its own inside another tree.
    pub standalone: bool,
    /// Extra `[dev-dependencies]` lines, written as they are.
    pub dev_dependencies: Vec<String>,
}

pub fn emit(api: &Api, config: &Config, used: &std::collections::BTreeSet<Primitive>) -> String {
    let description =
        format!("Client, server stubs and types for {} {}", api.title, api.version).replace(['"', '\\'], "");
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
default = ["client"]
client = ["dep:reqwest"]
server = ["dep:axum", "dep:serde_path_to_error"]
# Example values for every type and operation, and a mock server (`mock::router`).
mock = ["server", "dep:rand", "dep:rand_pcg", "dep:rand_regex", "dep:regex-syntax"]

[dependencies]
base64 = "0.22"
bytes = {{ version = "1", features = ["serde"] }}
form_urlencoded = "1"
http = "1"
percent-encoding = "2"
regex = "1"
secrecy = "0.10"
serde = {{ version = "1", features = ["derive"] }}
# Field order on the wire (form bodies, deepObject queries) follows the declaration.
serde_json = {{ version = "1", features = ["preserve_order"] }}
thiserror = "2"
reqwest = {{ version = "0.12", default-features = false, features = ["rustls-tls"], optional = true }}
axum = {{ version = "0.8", default-features = false, features = ["http1", "tokio", "json"], optional = true }}
serde_path_to_error = {{ version = "0.1", optional = true }}
rand = {{ version = "0.10", default-features = false, optional = true }}
rand_pcg = {{ version = "0.10", optional = true }}
rand_regex = {{ version = "0.19", default-features = false, optional = true }}
regex-syntax = {{ version = "0.8", optional = true }}
"#,
        name = config.crate_name,
    );
    // Crates for formats, only where the spec uses them.
    if used.contains(&Primitive::DateTime) || used.contains(&Primitive::Date) {
        out.push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n");
    }
    if used.contains(&Primitive::Uuid) {
        out.push_str("uuid = { version = \"1\", features = [\"serde\"] }\n");
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
