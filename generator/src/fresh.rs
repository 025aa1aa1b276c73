//! Freshness: the one function that decides whether generated files on disk are current.
//!
//! Both `cargo xtask codegen` (write or `--check`) and the drift test call [`sync`].
//! Line endings are normalised before comparing. Writing replaces only the files
//! whose contents changed, each through a temporary file and a rename, so a crash
//! never leaves a half-written file.

use crate::File;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bring the files on disk up to date.
    Write,
    /// Change nothing; report what differs.
    Check,
}

/// What [`sync`] found (and, in write mode, did).
#[derive(Debug, Default)]
pub struct Report {
    /// Files whose contents differ (or differed) from the generated ones.
    pub changed: Vec<PathBuf>,
    /// Generated files that are (or were) missing.
    pub missing: Vec<PathBuf>,
    /// Files under `src/` that the generator does not produce (removed in write mode).
    pub extra: Vec<PathBuf>,
    /// In check mode, a unified diff of everything above, from disk to generated.
    pub diff: String,
}

impl Report {
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Compares `files` with the crate at `root` and, in write mode, updates it.
///
/// The crate's `src/` directory belongs to the generator: files there that it does
/// not produce count as drift. Everything else under `root` (tests, examples) is left alone.
pub fn sync(root: &Path, files: &[File], mode: Mode) -> std::io::Result<Report> {
    let mut report = Report::default();
    for file in files {
        let path = root.join(&file.path);
        let current = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text.replace("\r\n", "\n")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        // Only a check reports the diff; writing a large crate need not compute one.
        if mode == Mode::Check {
            let old = current.as_deref().unwrap_or("");
            let name = file.path.display().to_string();
            let diff = similar::TextDiff::from_lines(old, &file.contents);
            let _ = write!(
                report.diff,
                "{}",
                diff.unified_diff()
                    .context_radius(2)
                    .header(&format!("a/{name}"), &format!("b/{name}"))
            );
        }
        if current.is_none() {
            report.missing.push(file.path.clone());
        } else {
            report.changed.push(file.path.clone());
        }
        if mode == Mode::Write {
            write_atomic(&path, &file.contents)?;
        }
    }
    let wanted: Vec<PathBuf> = files.iter().map(|f| root.join(&f.path)).collect();
    for path in walk(&root.join("src"))? {
        if !wanted.contains(&path) {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let _ = writeln!(
                report.diff,
                "extra file not produced by the generator: {}",
                rel.display()
            );
            if mode == Mode::Write {
                std::fs::remove_file(&path)?;
            }
            report.extra.push(rel);
        }
    }
    Ok(report)
}

fn write_atomic(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("generated.tmp");
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path)
}

fn walk(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(walk(&path)?);
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> File {
        File {
            path: path.into(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn check_finds_changed_missing_and_extra_then_write_fixes_them() {
        let root = std::env::temp_dir().join(format!("fresh-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(root.join("src/lib.rs"), "old\r\n").unwrap();
        std::fs::write(root.join("src/stale.rs"), "x").unwrap();
        let files = [file("src/lib.rs", "new\n"), file("src/types.rs", "t\n")];

        let report = sync(&root, &files, Mode::Check).unwrap();
        assert_eq!(report.changed, vec![PathBuf::from("src/lib.rs")]);
        assert_eq!(report.missing, vec![PathBuf::from("src/types.rs")]);
        assert_eq!(report.extra, vec![PathBuf::from("src/stale.rs")]);
        assert!(report.diff.contains("-old\n+new"), "{}", report.diff);
        assert_eq!(
            std::fs::read_to_string(root.join("src/lib.rs")).unwrap(),
            "old\r\n",
            "check mode wrote"
        );

        assert!(!sync(&root, &files, Mode::Write).unwrap().is_fresh());
        assert!(sync(&root, &files, Mode::Check).unwrap().is_fresh());
        std::fs::write(root.join("src/lib.rs"), "new\r\n").unwrap();
        assert!(
            sync(&root, &files, Mode::Check).unwrap().is_fresh(),
            "CRLF counts as the same text"
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
