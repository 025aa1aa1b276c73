//! Bundling: a spec split over several files becomes one document.
//!
//! Runs on the JSON value of the root file, before normalising. Every `$ref` into another
//! local file is followed (relative to the file that holds it; YAML or JSON; with or without
//! a `#/…` fragment; percent-encoded names decoded):
//! - a path item or an operation is inlined where it is referred to (an operation `$ref`
//!   breaks the OpenAPI rules but has one meaning: a warning says so);
//! - anything else becomes a component of the root document, named after its component key
//!   in the other file (`#/components/schemas/Pet`), else after the fragment's last token,
//!   else after the file's stem, numbered on collision; the reference then points there.
//!
//! A component is imported once, and its name is taken before its own references are
//! followed, so reference cycles across files end. Local references inside another file
//! (`#/…`) mean that file's document and are rewritten the same way. HTTP(S) references are
//! refused: generation never touches the network. Every component imported is registered
//! with [`Diagnostics::map_source`], so later diagnostics name the file and pointer where
//! the problem is written.

use crate::diag::{child, escape_token, Diagnostics, Location, Severity};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A bundled document and every file it was read from, root first.
pub struct Bundled {
    pub doc: Value,
    /// Each file read and its text, in the order first read.
    pub files: Vec<(PathBuf, String)>,
}

/// Component sections of an OpenAPI document (what a non-inlined reference may become).
const KINDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// What a `$ref` at some place stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    PathItem,
    Operation,
    Component(&'static str),
}

/// Follows every reference into other files of `root`, read from `root_path` as `text`.
pub fn bundle(root_path: &Path, text: &str, root: Value, diags: &mut Diagnostics) -> Bundled {
    let root_path = normalise(root_path);
    let mut b = Bundler {
        root_path: root_path.clone(),
        docs: HashMap::new(),
        files: vec![(root_path.clone(), text.to_owned())],
        imported: HashMap::new(),
        taken: HashMap::new(),
        added: Vec::new(),
        inlining: Vec::new(),
        diags,
    };
    for kind in KINDS {
        let names = root
            .pointer(&format!("/components/{kind}"))
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        b.taken.insert(kind, names);
    }
    b.docs.insert(b.root_path.clone(), root.clone());
    // Root components that are only a reference to another file name what they refer to,
    // wherever else it is referred to from.
    for kind in KINDS {
        let Some(section) = root.pointer(&format!("/components/{kind}")).and_then(Value::as_object) else {
            continue;
        };
        for (name, value) in section {
            let Some(reference) = value
                .get("$ref")
                .and_then(Value::as_str)
                .filter(|r| !r.starts_with('#'))
            else {
                continue;
            };
            if let Some(key) = b.target_of(reference, &root_path) {
                let local = format!("#/components/{kind}/{}", escape_token(name));
                b.imported.entry(key).or_insert(local);
            }
        }
    }
    let mut doc = root;
    b.walk(&mut doc, &root_path, &mut Vec::new());
    if !b.added.is_empty() {
        if let Some(top) = doc.as_object_mut() {
            let components = top.entry("components").or_insert_with(|| Value::Object(Map::new()));
            if let Some(components) = components.as_object_mut() {
                for (kind, name, value) in std::mem::take(&mut b.added) {
                    let section = components.entry(kind).or_insert_with(|| Value::Object(Map::new()));
                    if let Some(section) = section.as_object_mut() {
                        section.insert(name, value);
                    }
                }
            }
        }
    }
    Bundled { doc, files: b.files }
}

struct Bundler<'d> {
    root_path: PathBuf,
    /// Every file read, parsed, by path.
    docs: HashMap<PathBuf, Value>,
    files: Vec<(PathBuf, String)>,
    /// What each imported node became: (file, fragment) → local reference.
    imported: HashMap<(PathBuf, String), String>,
    /// Component names in use, per section.
    taken: HashMap<&'static str, HashSet<String>>,
    /// Components to add to the root: section, name, value.
    added: Vec<(&'static str, String, Value)>,
    /// The inlined nodes being followed, to refuse an inlining cycle.
    inlining: Vec<(PathBuf, String)>,
    diags: &'d mut Diagnostics,
}

impl Bundler<'_> {
    /// Rewrites the references in `value`, which was read from `file`. `tokens` is the
    /// place of `value` in the bundled document.
    fn walk(&mut self, value: &mut Value, file: &Path, tokens: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref").cloned() {
                    self.reference(value, &reference, file, tokens);
                    return;
                }
                let keys: Vec<String> = map.keys().cloned().collect();
                for key in keys {
                    // Examples, defaults and extensions are data, not structure.
                    // Data, not structure: examples (an Example object's `value` too), enums,
                    // defaults (but `responses/default` is a response).
                    let parent = tokens.last().map(String::as_str);
                    let in_example = tokens.len() >= 2 && tokens[tokens.len() - 2] == "examples";
                    let data = matches!(key.as_str(), "example" | "enum" | "const")
                        || key == "default" && parent != Some("responses")
                        || key == "value" && in_example;
                    if data || key.starts_with("x-") {
                        continue;
                    }
                    if let Some(v) = map.get_mut(&key) {
                        tokens.push(key);
                        self.walk(v, file, tokens);
                        tokens.pop();
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    tokens.push(i.to_string());
                    self.walk(v, file, tokens);
                    tokens.pop();
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, value: &mut Value, reference: &str, file: &Path, tokens: &mut Vec<String>) {
        let at = pointer(tokens);
        let place = place_of(tokens);
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, frag)) => (f, frag.to_owned()),
            None => (reference, String::new()),
        };
        if file_part.starts_with("http://") || file_part.starts_with("https://") {
            self.diags.error(
                &at,
                format!("remote reference {reference:?} refused: generation never touches the network (download the file and refer to it by path)"),
            );
            return;
        }
        let target = resolve(file, file_part);
        let local_to_root = target == self.root_path;
        if local_to_root && !matches!(place, Place::PathItem | Place::Operation) {
            // A local reference of the root stays as it is; one of another file that points
            // back into the root is rewritten to the local form.
            if !file_part.is_empty() {
                *value = Value::Object(ref_to(&format!("#{fragment}")));
            }
            return;
        }
        let Some(doc) = self.read(&target, &at, reference) else {
            *value = Value::Object(Map::new());
            return;
        };
        let Some(node) = doc.pointer(&fragment).cloned() else {
            self.diags.error(
                &at,
                format!(
                    "reference {reference:?} points nowhere: {} has nothing at `#{fragment}`",
                    target.display()
                ),
            );
            return;
        };
        match place {
            Place::PathItem | Place::Operation => {
                let key = (target.clone(), fragment.clone());
                if self.inlining.contains(&key) {
                    self.diags
                        .error(&at, format!("reference {reference:?} includes itself"));
                    return;
                }
                if place == Place::Operation {
                    self.diags.warning(
                        &at,
                        format!("an operation may not be a `$ref` in OpenAPI; the operation at {reference:?} is used"),
                    );
                }
                self.diags.map_source(&at, &target, &format!("#{fragment}"));
                let mut node = node;
                self.inlining.push(key);
                self.walk(&mut node, &target, tokens);
                self.inlining.pop();
                *value = node;
            }
            Place::Component(kind) => {
                let key = (target.clone(), fragment.clone());
                // A root component that is only a reference takes the node itself (the
                // first pass of `bundle` gave the node this component's name).
                if tokens.len() == 3 && tokens[0] == "components" && file == self.root_path {
                    self.imported.entry(key).or_insert_with(|| at.clone());
                    self.diags.map_source(&at, &target, &format!("#{fragment}"));
                    let mut node = node;
                    self.walk(&mut node, &target, tokens);
                    *value = node;
                    return;
                }
                if let Some(local) = self.imported.get(&key) {
                    *value = Value::Object(ref_to(local));
                    return;
                }
                let name = self.claim(kind, &fragment, &target);
                let local = format!("#/components/{kind}/{}", escape_token(&name));
                self.imported.insert(key, local.clone());
                self.diags.map_source(&local, &target, &format!("#{fragment}"));
                let mut node = node;
                let mut inner = vec!["components".to_owned(), kind.to_owned(), name.clone()];
                self.walk(&mut node, &target, &mut inner);
                self.added.push((kind, name, node));
                *value = Value::Object(ref_to(&local));
            }
        }
    }

    /// A component name for a node imported from `file` at `fragment`.
    fn claim(&mut self, kind: &'static str, fragment: &str, file: &Path) -> String {
        let last = fragment
            .rsplit('/')
            .next()
            .filter(|t| !t.is_empty() && fragment.contains('/'));
        let base = match last {
            Some(token) => token.replace("~1", "/").replace("~0", "~"),
            None => file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("Imported")
                .to_owned(),
        };
        let taken = self.taken.entry(kind).or_default();
        let name = (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}{n}") })
            .find(|candidate| !taken.contains(candidate))
            .unwrap_or(base);
        taken.insert(name.clone());
        name
    }

    /// The parsed document of `path`, read once.
    fn read(&mut self, path: &Path, at: &str, reference: &str) -> Option<Value> {
        if let Some(doc) = self.docs.get(path) {
            return Some(doc.clone());
        }
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                self.diags.error(
                    at,
                    format!("reference {reference:?}: cannot read {}: {e}", path.display()),
                );
                return None;
            }
        };
        let parsed = if text.trim_start().starts_with('{') {
            serde_json::from_str::<Value>(&text).map_err(|e| (e.line(), e.column(), e.to_string()))
        } else {
            crate::load::yaml_value(&text).map_err(|e| {
                let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
                (line, column, e.to_string())
            })
        };
        let doc = match parsed {
            Ok(doc) => doc,
            Err((line, column, message)) => {
                let location = if line == 0 {
                    Location::File
                } else {
                    Location::Line { line, column }
                };
                self.diags
                    .push_in(path, Severity::Error, location, format!("syntax error: {message}"));
                return None;
            }
        };
        self.files.push((path.to_path_buf(), text));
        self.docs.insert(path.to_path_buf(), doc.clone());
        Some(doc)
    }
}

impl Bundler<'_> {
    /// The file and fragment a reference written in `file` points to (remote ones: none).
    fn target_of(&self, reference: &str, file: &Path) -> Option<(PathBuf, String)> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if file_part.starts_with("http://") || file_part.starts_with("https://") {
            return None;
        }
        Some((resolve(file, file_part), fragment.to_owned()))
    }
}

/// The file a reference's file part names, relative to the file that holds it.
fn resolve(file: &Path, file_part: &str) -> PathBuf {
    if file_part.is_empty() {
        return file.to_path_buf();
    }
    let decoded = percent_encoding::percent_decode_str(file_part)
        .decode_utf8_lossy()
        .into_owned();
    let base = file.parent().unwrap_or(Path::new("."));
    normalise(&base.join(decoded))
}

/// `{"$ref": target}`.
fn ref_to(target: &str) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("$ref".into(), Value::String(target.to_owned()));
    map
}

fn pointer(tokens: &[String]) -> String {
    tokens.iter().fold(String::from("#"), |p, t| child(&p, t))
}

/// What a reference at `tokens` stands for, from the place in the document.
fn place_of(tokens: &[String]) -> Place {
    let n = tokens.len();
    let last = |i: usize| tokens.get(n.wrapping_sub(i)).map(String::as_str);
    if tokens.first().map(String::as_str) == Some("paths") {
        match n {
            2 => return Place::PathItem,
            3 if METHODS.contains(&tokens[2].as_str()) => return Place::Operation,
            _ => {}
        }
    }
    if n == 3 && tokens[0] == "components" {
        if tokens[1] == "pathItems" {
            return Place::PathItem;
        }
        if let Some(kind) = KINDS.iter().find(|k| **k == tokens[1]) {
            return Place::Component(kind);
        }
    }
    match (last(2), last(1)) {
        (Some("properties" | "patternProperties"), _) => Place::Component("schemas"),
        (Some("callbacks"), _) => Place::Component("callbacks"),
        (Some(callback), Some(_)) if n >= 4 && tokens[n - 3] == "callbacks" && !callback.is_empty() => Place::PathItem,
        (Some("parameters"), _) => Place::Component("parameters"),
        (Some("responses"), _) => Place::Component("responses"),
        (Some("headers"), _) => Place::Component("headers"),
        (Some("examples"), _) => Place::Component("examples"),
        (Some("links"), _) => Place::Component("links"),
        (_, Some("requestBody")) => Place::Component("requestBodies"),
        _ => Place::Component("schemas"),
    }
}

/// `a/b/../c` → `a/c`, without touching the file system (so links and missing files behave
/// the same everywhere).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether a parsed document needs no bundling: every reference in it is local (`#/…`) and
/// no path item is a reference. Walks the typed document, so `$ref` keys inside example
/// data or property names do not count.
pub fn self_contained(api: &openapiv3::OpenAPI) -> bool {
    use openapiv3::ReferenceOr;
    let mut refs = Refs { external: false };
    for item in api.paths.paths.values() {
        match item {
            ReferenceOr::Item(item) => refs.path_item(item),
            ReferenceOr::Reference { .. } => return false,
        }
    }
    if let Some(c) = &api.components {
        c.schemas.values().for_each(|s| refs.schema_ref(s));
        for r in c.responses.values() {
            refs.reference_or(r, |refs, r| refs.response(r));
        }
        for p in c.parameters.values() {
            refs.reference_or(p, |refs, p| refs.parameter_data(p.parameter_data_ref()));
        }
        for b in c.request_bodies.values() {
            refs.reference_or(b, |refs, b| b.content.values().for_each(|m| refs.media(m)));
        }
        for h in c.headers.values() {
            refs.reference_or(h, |refs, h| refs.header(h));
        }
        for e in c.examples.values() {
            refs.reference_or(e, |_, _| {});
        }
        for l in c.links.values() {
            refs.reference_or(l, |_, _| {});
        }
        for s in c.security_schemes.values() {
            refs.reference_or(s, |_, _| {});
        }
        for cb in c.callbacks.values() {
            refs.reference_or(cb, |refs, cb| cb.values().for_each(|p| refs.path_item(p)));
        }
    }
    !refs.external
}

/// Looks for references into other files in a typed document.
struct Refs {
    external: bool,
}

impl Refs {
    fn note(&mut self, reference: &str) {
        self.external |= !reference.starts_with('#');
    }

    fn reference_or<T>(&mut self, r: &openapiv3::ReferenceOr<T>, item: impl FnOnce(&mut Self, &T)) {
        match r {
            openapiv3::ReferenceOr::Reference { reference } => self.note(reference),
            openapiv3::ReferenceOr::Item(t) => item(self, t),
        }
    }

    fn path_item(&mut self, item: &openapiv3::PathItem) {
        for p in &item.parameters {
            self.reference_or(p, |refs, p| refs.parameter_data(p.parameter_data_ref()));
        }
        for (_, op) in item.iter() {
            for p in &op.parameters {
                self.reference_or(p, |refs, p| refs.parameter_data(p.parameter_data_ref()));
            }
            if let Some(b) = &op.request_body {
                self.reference_or(b, |refs, b| b.content.values().for_each(|m| refs.media(m)));
            }
            let responses = op.responses.default.iter().chain(op.responses.responses.values());
            for r in responses {
                self.reference_or(r, |refs, r| refs.response(r));
            }
            for cb in op.callbacks.values() {
                cb.values().for_each(|p| self.path_item(p));
            }
        }
    }

    fn response(&mut self, r: &openapiv3::Response) {
        for h in r.headers.values() {
            self.reference_or(h, |refs, h| refs.header(h));
        }
        r.content.values().for_each(|m| self.media(m));
        for l in r.links.values() {
            self.reference_or(l, |_, _| {});
        }
    }

    fn header(&mut self, h: &openapiv3::Header) {
        self.format(&h.format);
        for e in h.examples.values() {
            self.reference_or(e, |_, _| {});
        }
    }

    fn parameter_data(&mut self, p: &openapiv3::ParameterData) {
        self.format(&p.format);
        for e in p.examples.values() {
            self.reference_or(e, |_, _| {});
        }
    }

    fn format(&mut self, f: &openapiv3::ParameterSchemaOrContent) {
        match f {
            openapiv3::ParameterSchemaOrContent::Schema(s) => self.schema_ref(s),
            openapiv3::ParameterSchemaOrContent::Content(c) => c.values().for_each(|m| self.media(m)),
        }
    }

    fn media(&mut self, m: &openapiv3::MediaType) {
        if let Some(s) = &m.schema {
            self.schema_ref(s);
        }
        for e in m.examples.values() {
            self.reference_or(e, |_, _| {});
        }
        for enc in m.encoding.values() {
            for h in enc.headers.values() {
                self.reference_or(h, |refs, h| refs.header(h));
            }
        }
    }

    fn schema_ref(&mut self, s: &openapiv3::ReferenceOr<openapiv3::Schema>) {
        self.reference_or(s, |refs, s| refs.schema(s));
    }

    fn boxed(&mut self, s: &openapiv3::ReferenceOr<Box<openapiv3::Schema>>) {
        self.reference_or(s, |refs, s| refs.schema(s));
    }

    fn schema(&mut self, s: &openapiv3::Schema) {
        use openapiv3::{AdditionalProperties, SchemaKind, Type};
        if let Some(d) = &s.schema_data.discriminator {
            d.mapping.values().for_each(|r| self.note(r));
        }
        let additional = |refs: &mut Self, a: &Option<AdditionalProperties>| {
            if let Some(AdditionalProperties::Schema(s)) = a {
                refs.schema_ref(s);
            }
        };
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                o.properties.values().for_each(|p| self.boxed(p));
                additional(self, &o.additional_properties);
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(items) = &a.items {
                    self.boxed(items);
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of: list }
            | SchemaKind::AllOf { all_of: list }
            | SchemaKind::AnyOf { any_of: list } => {
                list.iter().for_each(|s| self.schema_ref(s));
            }
            SchemaKind::Not { not } => self.schema_ref(not),
            SchemaKind::Any(any) => {
                any.properties.values().for_each(|p| self.boxed(p));
                additional(self, &any.additional_properties);
                if let Some(items) = &any.items {
                    self.boxed(items);
                }
                for list in [&any.one_of, &any.all_of, &any.any_of] {
                    list.iter().for_each(|s| self.schema_ref(s));
                }
                if let Some(not) = &any.not {
                    self.schema_ref(not);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::self_contained;

    fn parse(yaml: &str) -> openapiv3::OpenAPI {
        match serde_yaml::from_str(yaml) {
            Ok(api) => api,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn only_references_into_other_files_need_bundling() {
        let local = parse(
            r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  $ref: {type: string}
                  other: {$ref: '#/components/schemas/B'}
              example: {$ref: "https://example.com/not/a/reference"}
components:
  schemas:
    B: {type: string}
"##,
        );
        assert!(
            self_contained(&local),
            "a property named $ref and example data are no references"
        );
        let external = parse(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    A:
      type: array
      items: {$ref: 'models/b.yaml'}
"#,
        );
        assert!(!self_contained(&external));
    }
}
