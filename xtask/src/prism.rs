//! Stoplight Prism (npm, pinned, installed into `target/prism` on first use), a tool nobody
//! here wrote, started in front of a spec: as a validating proxy (`prism proxy --errors`)
//! or as a dynamic mock (`prism mock -d`). `schemathesis --prism` puts the proxy between
//! Schemathesis and the generated mock; `conformance --prism` between the generated client
//! and router, and `conformance --prism-mock` gives the generated client the mock to call.
//!
//! Prism reads JSON numbers as doubles: give it the spec as `schemathesis::with_type_bounds`
//! rewrites it with `js_safe`, so that every integer stays in JavaScript's safe range.

use crate::Reaped;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Stoplight Prism release this project is tested with.
pub const VERSION: &str = "5.14.2";

/// What Prism is started as.
pub enum Role<'a> {
    /// A validating proxy in front of `upstream`. With `--errors`, Prism answers an invalid
    /// request itself (401, 422) instead of forwarding it, and turns an answer that breaks
    /// the spec into a 500 (`application/problem+json` of type
    /// `https://stoplight.io/prism/errors#VIOLATIONS`); either way it names what it found in an
    /// `sl-violations` header (warnings included).
    Proxy { upstream: &'a str },
    /// A dynamic mock: each answer generated from the spec's schemas (seeded, so runs repeat)
    /// after the request is checked; `Prefer: code=N` asks for a documented status. An
    /// invalid request gets a documented 422 or 400 (else Prism's own 422), and, as every
    /// violation, an `sl-violations` header.
    Mock,
}

/// The `prism` executable, installing the pinned release with npm if needed.
pub fn install(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("target/prism");
    let prism = dir.join("node_modules/.bin/prism");
    let manifest = dir.join("node_modules/@stoplight/prism-cli/package.json");
    let installed = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| v.get("version").and_then(|v| v.as_str()).map(str::to_owned));
    if installed.as_deref() == Some(VERSION) && prism.exists() {
        return Ok(prism);
    }
    println!("installing stoplight prism {VERSION} into {}", dir.display());
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    crate::run_ok(
        Command::new("npm").args(["install", "--prefix"]).arg(&dir).args([
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            &format!("@stoplight/prism-cli@{VERSION}"),
        ]),
        "npm install @stoplight/prism-cli (needs Node.js and npm)",
    )?;
    Ok(prism)
}

/// Prism in `role` for `spec`, on a port of its own, logging at `log` (`warn`, `error`, …):
/// the child, stopped when dropped, and the base URL to send requests to.
pub fn start(prism: &Path, spec: &Path, role: Role, log: &str) -> Result<(Reaped, String), String> {
    // Prism takes a port number, not 0: take one the OS gives, then hand it over.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let mut cmd = Command::new(prism);
    match role {
        // Violations become error answers.
        Role::Proxy { upstream } => cmd.arg("proxy").arg(spec).arg(upstream).arg("--errors"),
        Role::Mock => cmd.arg("mock").arg(spec).args(["--dynamic", "--seed", "1"]),
    };
    // Answers keep the server's headers (no CORS).
    cmd.args([
        "--host",
        "127.0.0.1",
        "--port",
        &port.to_string(),
        "--cors=false",
        "-v",
        log,
    ]);
    let child = cmd.spawn().map_err(|e| format!("cannot start prism: {e}"))?;
    // Stopped on every path out, unless handed back listening.
    let mut child = Reaped(child);
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    for _ in 0..600 {
        // Alive after the port answers: otherwise something else took the port.
        let listening = std::net::TcpStream::connect(address).is_ok();
        if let Ok(Some(status)) = child.0.try_wait() {
            return Err(format!("prism exited before it listened ({status})"));
        }
        if listening {
            return Ok((child, format!("http://{address}")));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Err("prism did not listen within 60 s".to_owned())
}

/// An error if Prism stopped before the run it served ended: some requests were not checked.
pub fn still_running(prism: &mut Reaped) -> Result<(), String> {
    match prism.0.try_wait() {
        Ok(Some(status)) => Err(format!("prism exited during the run ({status})")),
        _ => Ok(()),
    }
}
