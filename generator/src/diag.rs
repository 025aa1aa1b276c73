//! Diagnostics: problems found in a spec, each with the place it was found.
//!
//! Stages never stop at the first problem. They push [`Diagnostic`]s into a
//! [`Diagnostics`] collection and carry on with a fallback, so one run reports
//! everything that is wrong. Errors make generation fail before anything is
//! written; warnings describe a documented fallback and let generation succeed.

use std::collections::HashSet;
use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation went on with a documented fallback.
    Warning,
    /// Generation cannot produce correct code; nothing is written.
    Error,
}

/// Where in the input a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A JSON pointer (RFC 6901) into the document, such as `#/paths/~1pets/get`.
    Pointer(String),
    /// A line and column (both 1-based), for syntax errors.
    Line { line: usize, column: usize },
    /// The whole file.
    File,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let file = self.file.display();
        match &self.location {
            Location::Pointer(p) => write!(f, "{kind}: {file}: {p}: {}", self.message),
            Location::Line { line, column } => {
                write!(f, "{kind}: {file}:{line}:{column}: {}", self.message)
            }
            Location::File => write!(f, "{kind}: {file}: {}", self.message),
        }
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    file: PathBuf,
    items: Vec<Diagnostic>,
    seen: HashSet<(PathBuf, Location, String)>,
    /// Places of the bundled document that come from other files: bundled pointer prefix,
    /// file, pointer in that file (see `bundle`).
    sources: Vec<(String, PathBuf, String)>,
}

impl Diagnostics {
    /// A collection whose diagnostics all name `file`.
    pub fn new(file: impl Into<PathBuf>) -> Self {
        Diagnostics {
            file: file.into(),
            items: Vec::new(),
            seen: HashSet::new(),
            sources: Vec::new(),
        }
    }

    /// Says that the bundled document's node at `prefix` was read from `file` at `pointer`:
    /// diagnostics inside it then name that file and pointer.
    pub fn map_source(&mut self, prefix: &str, file: &std::path::Path, pointer: &str) {
        self.sources
            .push((prefix.to_owned(), file.to_path_buf(), pointer.to_owned()));
    }

    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Error, Location::Pointer(pointer.to_owned()), message);
    }

    pub fn warning(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Warning, Location::Pointer(pointer.to_owned()), message);
    }

    /// Records a diagnostic once: a shared component used in many places is reported once.
    /// A pointer into a part of the document read from another file names that file.
    pub fn push(&mut self, severity: Severity, location: Location, message: impl Into<String>) {
        let (file, location) = match location {
            Location::Pointer(p) => match self.source_of(&p) {
                Some((file, pointer)) => (file, Location::Pointer(pointer)),
                None => (self.file.clone(), Location::Pointer(p)),
            },
            other => (self.file.clone(), other),
        };
        self.push_in(&file, severity, location, message);
    }

    /// Records a diagnostic about another file than the spec's own.
    pub fn push_in(
        &mut self,
        file: &std::path::Path,
        severity: Severity,
        location: Location,
        message: impl Into<String>,
    ) {
        let d = Diagnostic {
            severity,
            file: file.to_path_buf(),
            location,
            message: message.into(),
        };
        if self
            .seen
            .insert((d.file.clone(), d.location.clone(), d.message.clone()))
        {
            self.items.push(d);
        }
    }

    /// The file and pointer a bundled pointer was read from, by the longest mapped prefix.
    fn source_of(&self, pointer: &str) -> Option<(PathBuf, String)> {
        self.sources
            .iter()
            .filter(|(prefix, ..)| {
                pointer == prefix
                    || pointer
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(prefix, ..)| prefix.len())
            .map(|(prefix, file, original)| (file.clone(), format!("{original}{}", &pointer[prefix.len()..])))
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    pub fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Escapes one reference token for a JSON pointer (RFC 6901): `~` → `~0`, `/` → `~1`.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends one unescaped token to a pointer.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(child("#/paths", "/pets/{id}"), "#/paths/~1pets~1{id}");
        assert_eq!(child("#", "a~b"), "#/a~0b");
    }

    #[test]
    fn display_names_file_and_place() {
        let mut d = Diagnostics::new("spec.yaml");
        d.error("#/paths/~1pets/get", "no responses");
        d.push(Severity::Error, Location::Line { line: 3, column: 7 }, "bad yaml");
        assert_eq!(
            d.to_string(),
            "error: spec.yaml: #/paths/~1pets/get: no responses\nerror: spec.yaml:3:7: bad yaml\n"
        );
        assert!(d.has_errors());
    }
}
