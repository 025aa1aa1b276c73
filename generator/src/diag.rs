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
    /// For a pointer, the line and column (1-based) of the node it names in `file`, or of
    /// its nearest ancestor when the node is missing (a field that should be there).
    pub position: Option<(usize, usize)>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let file = self.file.display();
        match (&self.location, self.position) {
            (Location::Pointer(p), Some((line, column))) => {
                write!(f, "{kind}: {file}:{line}:{column}: {p}: {}", self.message)
            }
            (Location::Pointer(p), None) => write!(f, "{kind}: {file}: {p}: {}", self.message),
            (Location::Line { line, column }, _) => {
                write!(f, "{kind}: {file}:{line}:{column}: {}", self.message)
            }
            (Location::File, _) => write!(f, "{kind}: {file}: {}", self.message),
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
            position: None,
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

    /// Finds the line and column of every pointer diagnostic in the file it names. The spec
    /// itself is `root_text`; other files (see `bundle`) are read again. Each file is parsed
    /// once, with positions, and only when a diagnostic points into it.
    pub fn locate(&mut self, root_text: &str) {
        let mut parsed: std::collections::HashMap<PathBuf, Option<Source>> = std::collections::HashMap::new();
        for d in &mut self.items {
            let Location::Pointer(pointer) = &d.location else {
                continue;
            };
            let source = parsed.entry(d.file.clone()).or_insert_with(|| {
                let text = if d.file == self.file {
                    Some(root_text.to_owned())
                } else {
                    std::fs::read_to_string(&d.file).ok()
                };
                text.map(|t| {
                    if t.trim_start().starts_with('{') {
                        Source::Json(t)
                    } else {
                        Source::Yaml(marked_yaml::parse_yaml(0, t).ok())
                    }
                })
            });
            d.position = match source {
                Some(Source::Json(text)) => json_position(text, pointer),
                Some(Source::Yaml(Some(node))) => position(node, pointer),
                _ => None,
            };
        }
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

/// A file read for positions: JSON is scanned as text (quick even for multi-MB specs),
/// YAML parsed with positions.
enum Source {
    Json(String),
    Yaml(Option<marked_yaml::Node>),
}

/// The tokens of a JSON pointer, unescaped.
fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.trim_start_matches('#').split('/').skip(1).map(unescape_token)
}

/// The line and column of the JSON value `pointer` names (or of its nearest ancestor),
/// found by scanning the text: one pass that skips every value not on the way.
fn json_position(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let ws = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    // The end of the string starting at `i` (a quote), just past its closing quote.
    let string_end = |mut i: usize| {
        i += 1;
        while i < bytes.len() && bytes[i] != b'"' {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        // An unclosed string (text that is YAML after all) ends with the text.
        (i + 1).min(bytes.len())
    };
    // The end of the value starting at `i`.
    let value_end = |i: usize| match bytes.get(i) {
        Some(b'"') => string_end(i),
        Some(b'{' | b'[') => {
            let (mut depth, mut j) = (0usize, i);
            while j < bytes.len() {
                match bytes[j] {
                    b'"' => {
                        j = string_end(j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            j
        }
        _ => {
            let mut j = i;
            while j < bytes.len() && !matches!(bytes[j], b',' | b'}' | b']') && !bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            j
        }
    };
    let mut at = ws(0);
    for token in tokens(pointer) {
        let found = match bytes.get(at) {
            Some(b'{') => {
                let mut i = ws(at + 1);
                let mut found = None;
                while bytes.get(i) == Some(&b'"') {
                    let end = string_end(i);
                    let Some(raw) = text.get(i..end) else { break };
                    let key: String = if raw.contains('\\') {
                        serde_json::from_str(raw).unwrap_or_default()
                    } else {
                        raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default().to_owned()
                    };
                    let value = ws(ws(end) + 1);
                    if key == token {
                        found = Some(value);
                        break;
                    }
                    i = ws(value_end(value));
                    if bytes.get(i) == Some(&b',') {
                        i = ws(i + 1);
                    }
                }
                found
            }
            Some(b'[') => token.parse::<usize>().ok().and_then(|index| {
                let mut i = ws(at + 1);
                for _ in 0..index {
                    if matches!(bytes.get(i), None | Some(b']')) {
                        return None;
                    }
                    i = ws(value_end(i));
                    if bytes.get(i) == Some(&b',') {
                        i = ws(i + 1);
                    }
                }
                (!matches!(bytes.get(i), None | Some(b']'))).then_some(i)
            }),
            _ => None,
        };
        match found {
            Some(next) => at = next,
            None => break,
        }
    }
    let before = text.get(..at.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

/// The line and column of the node `pointer` names (or of its nearest ancestor).
fn position(root: &marked_yaml::Node, pointer: &str) -> Option<(usize, usize)> {
    if pointer == "#" {
        return Some((1, 1));
    }
    let mut node = root;
    for token in tokens(pointer) {
        let next = match node {
            marked_yaml::Node::Mapping(map) => map.get_node(&token),
            marked_yaml::Node::Sequence(seq) => token.parse().ok().and_then(|i: usize| seq.get_node(i)),
            marked_yaml::Node::Scalar(_) => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node.span().start().map(|m| (m.line(), m.column()))
}

/// Escapes one reference token for a JSON pointer (RFC 6901): `~` → `~0`, `/` → `~1`.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token of a JSON pointer: `~1` → `/`, `~0` → `~`.
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
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

    #[test]
    fn json_and_yaml_give_the_same_positions() {
        let json =
            "{\n  \"paths\": {\n    \"/a\\/b\": {\"get\": {\"x\": [1, {\"y\": \"}\"}, 3]}},\n    \"/c\": {}\n  }\n}\n";
        let yaml = "paths:\n  /a/b:\n    get:\n      x:\n        - 1\n        - y: '}'\n        - 3\n  /c: {}\n";
        let node = match marked_yaml::parse_yaml(0, yaml) {
            Ok(node) => node,
            Err(e) => panic!("{e}"),
        };
        // The value of a key, an item of a list (past a string holding a brace), and the
        // nearest ancestor of something missing.
        assert_eq!(json_position(json, "#/paths/~1a~1b/get/x/1/y"), Some((3, 38)));
        assert_eq!(position(&node, "#/paths/~1a~1b/get/x/1/y"), Some((6, 14)));
        assert_eq!(json_position(json, "#/paths/~1a~1b/get/x/2"), Some((3, 44)));
        assert_eq!(json_position(json, "#/paths/~1c/get"), Some((4, 11)));
        assert_eq!(position(&node, "#/paths/~1c/get"), Some((8, 7)));
        assert_eq!(json_position(json, "#"), Some((1, 1)));
    }

    #[test]
    fn broken_json_never_panics_the_scan() {
        for text in ["{\"a", "{\"", "{\"a\": {\"b\\", "{\"é\": [", "{ \"k\" x"] {
            let _ = json_position(text, "#/a/b/0");
        }
    }

    #[test]
    fn located_diagnostics_show_line_and_column_before_the_pointer() {
        let mut d = Diagnostics::new("spec.yaml");
        d.warning("#/info/title", "short");
        d.locate("openapi: 3.0.3\ninfo:\n  title: t\n");
        assert_eq!(d.to_string(), "warning: spec.yaml:3:10: #/info/title: short\n");
    }
}
