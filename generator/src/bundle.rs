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

/// Component sections of an OpenAPI document (what a non-inlined reference may become)
/// and the kind of object each holds.
const SECTIONS: &[(&str, Node)] = &[
    ("schemas", Node::Schema),
    ("responses", Node::Response),
    ("parameters", Node::Parameter),
    ("examples", Node::Example),
    ("requestBodies", Node::RequestBody),
    ("headers", Node::Header),
    ("securitySchemes", Node::SecurityScheme),
    ("links", Node::Link),
    ("callbacks", Node::Callback),
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// What an object in the document is, as far as references go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Document,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    MediaType,
    Encoding,
    Schema,
    Discriminator,
    Example,
    Link,
    Callback,
    SecurityScheme,
}

/// Where the walk is: one object of a kind, a map of them (keys are names), or a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    One(Node),
    MapOf(Node),
    ListOf(Node),
}

impl Node {
    /// What the field `key` of this object holds, when it can hold references.
    fn child(self, key: &str) -> Option<Ctx> {
        use Ctx::*;
        use Node::*;
        Some(match (self, key) {
            (Document, "paths" | "webhooks") => MapOf(PathItem),
            (Document, "components") => One(Components),
            (Components, "pathItems") => MapOf(PathItem),
            (Components, section) => MapOf(SECTIONS.iter().find(|(s, _)| *s == section)?.1),
            (PathItem, "parameters") | (Operation, "parameters") => ListOf(Parameter),
            (PathItem, method) if METHODS.contains(&method) => One(Operation),
            (Operation, "requestBody") => One(RequestBody),
            (Operation, "responses") => MapOf(Response),
            (Operation, "callbacks") => MapOf(Callback),
            (Callback, _) => One(PathItem),
            (Parameter | Header | MediaType, "schema") => One(Schema),
            (Parameter | Header | RequestBody | Response, "content") => MapOf(MediaType),
            (Parameter | Header | MediaType, "examples") => MapOf(Example),
            (Response, "headers") | (Encoding, "headers") => MapOf(Header),
            (Response, "links") => MapOf(Link),
            (MediaType, "encoding") => MapOf(Encoding),
            (Schema, "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas") => {
                MapOf(Schema)
            }
            (Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => ListOf(Schema),
            (
                Schema,
                "items"
                | "additionalProperties"
                | "not"
                | "additionalItems"
                | "contains"
                | "propertyNames"
                | "if"
                | "then"
                | "else"
                | "unevaluatedProperties"
                | "unevaluatedItems",
            ) => One(Schema),
            (Schema, "discriminator") => One(Discriminator),
            _ => return None,
        })
    }

    /// What a `$ref` in place of this object becomes: a component of this section, or
    /// (`None`) the object itself, inlined.
    fn section(self) -> Option<&'static str> {
        SECTIONS
            .iter()
            .find(|(_, node)| *node == self)
            .map(|(section, _)| *section)
    }
}

/// Follows every reference into other files of `root`, read from `root_path` as `text`.
pub fn bundle(root_path: &Path, text: &str, root: Value, diags: &mut Diagnostics) -> Bundled {
    let mut b = Bundler {
        root_path: normalise(root_path),
        root_given: root_path.to_path_buf(),
        docs: HashMap::new(),
        files: vec![(normalise(root_path), text.to_owned())],
        imported: HashMap::new(),
        taken: HashMap::new(),
        added: Vec::new(),
        inlining: Vec::new(),
        diags,
    };
    for (kind, _) in SECTIONS {
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
    for (kind, _) in SECTIONS {
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
            if let Some((target, fragment)) = b.target_of(reference, &b.root_path.clone()) {
                let local = format!("#/components/{kind}/{}", escape_token(name));
                b.imported.entry((kind, target, fragment)).or_insert(local);
            }
        }
    }
    let mut doc = root;
    let root_file = b.root_path.clone();
    b.walk(&mut doc, &root_file, &mut Vec::new(), Ctx::One(Node::Document));
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
    /// The root as the caller named it (diagnostics name it so).
    root_given: PathBuf,
    /// Every file read, parsed, by path.
    docs: HashMap<PathBuf, Value>,
    files: Vec<(PathBuf, String)>,
    /// What each imported node became: (section, file, fragment) → local reference.
    imported: HashMap<(&'static str, PathBuf, String), String>,
    /// Component names in use, per section.
    taken: HashMap<&'static str, HashSet<String>>,
    /// Components to add to the root: section, name, value.
    added: Vec<(&'static str, String, Value)>,
    /// The inlined nodes being followed, to refuse an inlining cycle.
    inlining: Vec<(PathBuf, String)>,
    diags: &'d mut Diagnostics,
}

impl Bundler<'_> {
    /// Rewrites the references in `value`, which was read from `file` and is a `ctx`.
    /// `tokens` is the place of `value` in the bundled document.
    fn walk(&mut self, value: &mut Value, file: &Path, tokens: &mut Vec<String>, ctx: Ctx) {
        match (ctx, value) {
            (Ctx::MapOf(node), Value::Object(map)) => {
                for (key, v) in map.iter_mut() {
                    // Extensions beside paths or responses are not items of the map.
                    if key.starts_with("x-") && matches!(node, Node::PathItem | Node::Response) {
                        continue;
                    }
                    tokens.push(key.clone());
                    self.walk(v, file, tokens, Ctx::One(node));
                    tokens.pop();
                }
            }
            (Ctx::ListOf(node) | Ctx::One(node), Value::Array(items)) => {
                for (i, v) in items.iter_mut().enumerate() {
                    tokens.push(i.to_string());
                    self.walk(v, file, tokens, Ctx::One(node));
                    tokens.pop();
                }
            }
            (Ctx::One(Node::Discriminator), Value::Object(map)) => {
                // Mapping values are references written as plain strings.
                if let Some(Value::Object(mapping)) = map.get_mut("mapping") {
                    for (key, target) in mapping.iter_mut() {
                        let Value::String(reference) = target else { continue };
                        if is_schema_name(reference) {
                            continue;
                        }
                        tokens.extend(["mapping".to_owned(), key.clone()]);
                        let at = pointer(tokens);
                        tokens.truncate(tokens.len() - 2);
                        if let Some(local) = self.component_ref("schemas", reference, file, &at) {
                            *reference = local;
                        }
                    }
                }
            }
            (Ctx::One(node), Value::Object(map)) => {
                if let Some(Value::String(reference)) = map.get("$ref").cloned() {
                    self.reference(map, &reference, file, tokens, node);
                }
                for (key, v) in map.iter_mut() {
                    let Some(child) = node.child(key) else { continue };
                    tokens.push(key.clone());
                    self.walk(v, file, tokens, child);
                    tokens.pop();
                }
            }
            _ => {}
        }
    }

    /// Follows the `$ref` of `map`, an object of kind `node` read from `file`: rewrites it
    /// to a local reference, or replaces the object with what it refers to (its other
    /// fields kept on top).
    fn reference(
        &mut self,
        map: &mut Map<String, Value>,
        reference: &str,
        file: &Path,
        tokens: &mut Vec<String>,
        node: Node,
    ) {
        let at = pointer(tokens);
        if let Some(section) = node.section() {
            // A root component that is only a reference takes the node itself, unless an
            // earlier one already did (then it is an alias of that one).
            let slot = tokens.len() == 3 && tokens[0] == "components" && file == self.root_path;
            if slot && !reference.starts_with('#') {
                if let Some((target, fragment)) = self.target_of(reference, file) {
                    let key = (section, target.clone(), fragment.clone());
                    if self.imported.get(&key).is_some_and(|local| *local == at) {
                        if let Some(node_value) = self.fetch(&target, &fragment, reference, &at) {
                            self.diags
                                .map_source(&at, &self.shown(&target), &format!("#{fragment}"));
                            let mut inlined = node_value;
                            self.walk(&mut inlined, &target, tokens, Ctx::One(node));
                            merge(map, inlined);
                        }
                        return;
                    }
                }
            }
            if let Some(local) = self.component_ref(section, reference, file, &at) {
                map.insert("$ref".into(), Value::String(local));
            }
            return;
        }
        if !matches!(node, Node::PathItem | Node::Operation) {
            return;
        }
        let Some((target, fragment)) = self.checked_target(reference, file, &at) else {
            return;
        };
        let key = (target.clone(), fragment.clone());
        if self.inlining.contains(&key) {
            self.diags
                .error(&at, format!("reference {reference:?} includes itself"));
            return;
        }
        let Some(node_value) = self.fetch(&target, &fragment, reference, &at) else {
            return;
        };
        if node == Node::Operation {
            self.diags.warning(
                &at,
                format!("an operation may not be a `$ref` in OpenAPI; the operation at {reference:?} is used"),
            );
        }
        self.diags
            .map_source(&at, &self.shown(&target), &format!("#{fragment}"));
        let mut inlined = node_value;
        self.inlining.push(key);
        self.walk(&mut inlined, &target, tokens, Ctx::One(node));
        self.inlining.pop();
        merge(map, inlined);
    }

    /// The local reference a component reference written in `file` becomes, importing the
    /// node it names once. `None` when it stays as it is or cannot be followed (reported).
    fn component_ref(&mut self, section: &'static str, reference: &str, file: &Path, at: &str) -> Option<String> {
        let (target, fragment) = self.checked_target(reference, file, at)?;
        if target == self.root_path {
            // A local reference of the root stays; one from another file into the root is
            // rewritten to the local form.
            return (file != self.root_path).then(|| format!("#{fragment}"));
        }
        let key = (section, target.clone(), fragment.clone());
        if let Some(local) = self.imported.get(&key) {
            return Some(local.clone());
        }
        let node = self.fetch(&target, &fragment, reference, at)?;
        let name = self.claim(section, &fragment, &target);
        let local = format!("#/components/{section}/{}", escape_token(&name));
        self.imported.insert(key, local.clone());
        self.diags.map_source(&local, &target, &format!("#{fragment}"));
        let mut node = node;
        let mut inner = vec!["components".to_owned(), section.to_owned(), name.clone()];
        let kind = SECTIONS
            .iter()
            .find(|(s, _)| *s == section)
            .map_or(Node::Schema, |(_, node)| *node);
        self.walk(&mut node, &target, &mut inner, Ctx::One(kind));
        self.added.push((section, name, node));
        Some(local)
    }

    /// The file and (decoded) fragment of a reference, or an error for a remote one.
    fn checked_target(&mut self, reference: &str, file: &Path, at: &str) -> Option<(PathBuf, String)> {
        let target = self.target_of(reference, file);
        if target.is_none() {
            self.diags.error(
                at,
                format!("remote reference {reference:?} refused: generation never touches the network (download the file and refer to it by path)"),
            );
        }
        target
    }

    /// The node at `fragment` of `target` (reported where missing).
    fn fetch(&mut self, target: &Path, fragment: &str, reference: &str, at: &str) -> Option<Value> {
        if !self.read(target, at, reference) {
            return None;
        }
        // Only the node is copied, never the whole file.
        let node = self.docs.get(target).and_then(|doc| doc.pointer(fragment)).cloned();
        if node.is_none() {
            self.diags.error(
                at,
                format!(
                    "reference {reference:?} points nowhere: {} has nothing at `#{fragment}`",
                    target.display()
                ),
            );
        }
        node
    }

    /// How a file is named in diagnostics: the root as it was given, others as resolved.
    fn shown(&self, file: &Path) -> PathBuf {
        if file == self.root_path {
            self.root_given.clone()
        } else {
            file.to_path_buf()
        }
    }

    /// A component name for a node imported from `file` at `fragment`.
    fn claim(&mut self, kind: &'static str, fragment: &str, file: &Path) -> String {
        let last = fragment
            .rsplit('/')
            .next()
            .filter(|t| !t.is_empty() && fragment.contains('/'));
        let base = match last {
            Some(token) => crate::diag::unescape_token(token),
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

    /// Reads and parses `path` once into `docs`; `false` (reported) when it cannot be read.
    fn read(&mut self, path: &Path, at: &str, reference: &str) -> bool {
        if self.docs.contains_key(path) {
            return true;
        }
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                self.diags.error(
                    at,
                    format!("reference {reference:?}: cannot read {}: {e}", path.display()),
                );
                return false;
            }
        };
        let parsed = crate::load::parse_text(&text);
        let doc = match parsed {
            Ok(doc) => doc,
            Err((kind, line, column, message)) => {
                let location = if line == 0 {
                    Location::File
                } else {
                    Location::Line { line, column }
                };
                self.diags.push_in(
                    path,
                    Severity::Error,
                    location,
                    format!("{kind} syntax error: {message}"),
                );
                return false;
            }
        };
        self.files.push((path.to_path_buf(), text));
        self.docs.insert(path.to_path_buf(), doc);
        true
    }
}

impl Bundler<'_> {
    /// The file and fragment a reference written in `file` points to (remote ones: none).
    fn target_of(&self, reference: &str, file: &Path) -> Option<(PathBuf, String)> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if file_part.starts_with("http://") || file_part.starts_with("https://") {
            return None;
        }
        let fragment = percent_encoding::percent_decode_str(fragment)
            .decode_utf8_lossy()
            .into_owned();
        Some((resolve(file, file_part), fragment))
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

fn pointer(tokens: &[String]) -> String {
    tokens.iter().fold(String::from("#"), |p, t| child(&p, t))
}

/// A discriminator mapping value that names a component schema (`Cat`) rather than
/// referring to one (`#/components/schemas/Cat`, `cat.yaml`): OpenAPI allows both.
fn is_schema_name(value: &str) -> bool {
    !value.contains(['/', '#', '.'])
}

/// Replaces `map` (an object with a `$ref`) with `inlined`, the fields beside the `$ref`
/// kept on top (3.1 allows `summary` and `description` there).
fn merge(map: &mut Map<String, Value>, inlined: Value) {
    let siblings: Vec<(String, Value)> = std::mem::take(map).into_iter().filter(|(k, _)| k != "$ref").collect();
    match inlined {
        Value::Object(node) => *map = node,
        other => {
            map.insert("$ref".into(), other);
        }
    }
    map.extend(siblings);
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
            d.mapping
                .values()
                .filter(|r| !is_schema_name(r))
                .for_each(|r| self.note(r));
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
        let bare = parse(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Cat: {type: object}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}]
      discriminator: {propertyName: kind, mapping: {cat: Cat}}
"#,
        );
        assert!(self_contained(&bare), "a mapping may name a schema");
    }
}
