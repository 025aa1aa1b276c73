//! Other generators, for `cargo xtask bench --peers`: each pinned, installed with
//! `cargo install --locked` into `target/peers` on first use, and run on a corpus spec to
//! write its own crate beside ours, so both are timed in the same run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A generator published on crates.io that writes a standalone crate from a spec.
pub struct Peer {
    /// What the table calls it.
    pub name: &'static str,
    package: &'static str,
    version: &'static str,
    binary: &'static str,
    /// The arguments that generate `spec` into the crate folder `out`, named `name`.
    args: fn(spec: &Path, out: &Path, name: &str) -> Vec<std::ffi::OsString>,
}

/// The peers, in table order.
pub const PEERS: [Peer; 2] = [
    Peer {
        name: "ploidy",
        package: "ploidy",
        version: "0.15.0",
        binary: "ploidy",
        args: |spec, out, name| {
            let mut args: Vec<std::ffi::OsString> = vec!["generate".into(), "rust".into(), spec.into()];
            args.extend(["--output".into(), out.into(), "--name".into(), name.into()]);
            args
        },
    },
    Peer {
        name: "progenitor",
        package: "cargo-progenitor",
        version: "0.15.1",
        binary: "cargo-progenitor",
        args: |spec, out, name| {
            let mut args: Vec<std::ffi::OsString> = vec!["progenitor".into(), "--input".into(), spec.into()];
            args.extend(["--output".into(), out.into(), "--name".into(), name.into()]);
            args.extend(["--version".into(), "0.1.0".into()]);
            args
        },
    },
];

impl Peer {
    /// The executable, installed at the pinned version if it is not there yet.
    pub fn install(&self, root: &Path) -> Result<PathBuf, String> {
        let prefix = root.join("target/peers");
        let binary = prefix.join("bin").join(self.binary);
        // cargo install records what it installed; an entry names the package and version.
        let record = std::fs::read_to_string(prefix.join(".crates.toml")).unwrap_or_default();
        let entry = format!("\"{} {} ", self.package, self.version);
        if binary.exists() && record.contains(&entry) {
            return Ok(binary);
        }
        eprintln!(
            "installing {} {} into {} (cargo install --locked; a few minutes, once)",
            self.package,
            self.version,
            prefix.display()
        );
        let package = format!("{}@{}", self.package, self.version);
        crate::run_ok(
            Command::new(env!("CARGO"))
                .args(["install", "--locked", "--quiet", "--root"])
                .arg(&prefix)
                .arg(&package)
                // Built in a temporary folder of its own, not in the workspace's target.
                .env_remove("CARGO_TARGET_DIR"),
            &format!("cargo install {package} (its output is above)"),
        )?;
        Ok(binary)
    }

    /// The folder of this peer's crate for the spec `spec_name`, and the log of its
    /// generation beside it.
    pub fn crate_dir(&self, root: &Path, spec_name: &str) -> (PathBuf, PathBuf) {
        let dir = root.join("target/peers").join(format!("{}-{spec_name}", self.name));
        let log = dir.with_extension("log");
        (dir, log)
    }

    /// Writes this peer's crate for `spec` into `out` (emptied first, but for its
    /// `Cargo.lock`, so dependencies stay as they were resolved first), as a workspace of
    /// its own, named like the folder; what the peer prints goes to `log`. `Ok(false)` when
    /// the peer cannot generate it.
    pub fn generate(&self, binary: &Path, spec: &Path, out: &Path, log: &Path) -> Result<bool, String> {
        let lock = out.join("Cargo.lock");
        let kept = std::fs::read(&lock).ok();
        if out.exists() {
            std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("peer");
        let output = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let errors = output.try_clone().map_err(|e| format!("{}: {e}", log.display()))?;
        let status = Command::new(binary)
            .args((self.args)(spec, out, name))
            .stdout(Stdio::from(output))
            .stderr(Stdio::from(errors))
            .status()
            .map_err(|e| format!("{}: {e}", binary.display()))?;
        let manifest = out.join("Cargo.toml");
        if !status.success() || !manifest.exists() {
            return Ok(false);
        }
        // The crate sits under our workspace's target folder; it is not one of our members.
        let mut text = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
        if !text.lines().any(|l| l.trim_start().starts_with("[workspace]")) {
            text.push_str("\n[workspace]\n");
            std::fs::write(&manifest, text).map_err(|e| format!("{}: {e}", manifest.display()))?;
        }
        if let Some(kept) = kept {
            std::fs::write(&lock, kept).map_err(|e| format!("{}: {e}", lock.display()))?;
        }
        Ok(true)
    }
}
