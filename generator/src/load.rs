//! Loading: read a spec file (YAML or JSON), normalise it, and parse it into `openapiv3` types.
//!
//! Syntax errors are reported with line and column; shape errors with the JSON
//! pointer of the node that did not fit. OpenAPI 3.1 documents are rewritten
//! into their 3.0 equivalent first (see [`crate::normalize`]).

use crate::diag::{Diagnostics, Location, Severity};
use openapiv3::OpenAPI;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A parsed document.
pub struct Loaded {
    pub api: OpenAPI,
    /// Every file the document was read from and its text, the root first (several when
    /// it refers to other files: see [`crate::bundle`]).
    pub files: Vec<(PathBuf, String)>,
}

/// Reads and parses the spec at `path`.
pub fn load_file(path: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    match std::fs::read_to_string(path) {
        Ok(text) => load_str(&text, path, diags),
        Err(e) => {
            diags.push(Severity::Error, Location::File, format!("cannot read the spec: {e}"));
            None
        }
    }
}

/// Parses spec text; YAML unless it looks like JSON. References to other files are read
/// relative to `path`.
pub fn load_str(text: &str, path: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    let files = || vec![(path.to_path_buf(), text.to_owned())];
    // Fast path: a well-formed 3.0 document in one file parses straight into `openapiv3`
    // types, without the intermediate JSON tree (a large share of the time and memory on
    // multi-MB specs). Anything else (3.1, other files, errors) takes the slow path, which
    // bundles, normalises and explains.
    if let Some(api) = parse_direct(text).filter(|api| {
        api.openapi.starts_with("3.0")
            && crate::bundle::self_contained(api)
            && !crate::normalize::explode_unsettled(api)
    }) {
        return Some(Loaded { api, files: files() });
    }
    let raw = parse_syntax(text, diags)?;
    let bundled = crate::bundle::bundle(path, text, raw, diags);
    if diags.has_errors() {
        return None;
    }
    let (mut raw, files) = (bundled.doc, bundled.files);
    let version = match raw.get("openapi").and_then(Value::as_str) {
        Some(v) => v.to_owned(),
        None => {
            let message = if raw.get("swagger").is_some() {
                "this is a Swagger 2.0 document; only OpenAPI 3.0 and 3.1 are supported (convert it first)"
            } else if raw.is_object() {
                "not an OpenAPI document: there is no string `openapi` field"
            } else {
                "not an OpenAPI document: the top level is not a mapping"
            };
            diags.error("#", message);
            return None;
        }
    };
    if version.starts_with("3.1") {
        crate::normalize::from_3_1(&mut raw, diags);
        if diags.has_errors() {
            return None;
        }
    } else if !version.starts_with("3.0") {
        diags.error(
            "#/openapi",
            format!("unsupported OpenAPI version {version:?}: expected 3.0.x or 3.1.x"),
        );
        return None;
    }
    // After the 3.1 rewrite, so what it produces (a fractional integer bound from a numeric
    // `exclusiveMinimum`) is repaired too.
    crate::normalize::repair(&mut raw, version.starts_with("3.0"), diags);
    match serde_path_to_error::deserialize::<_, OpenAPI>(&raw) {
        Ok(api) => Some(Loaded { api, files }),
        Err(e) => {
            // `openapiv3` flattens maps, which hides the place of an error inside them:
            // look at each path item and component on its own to name every bad one.
            let before = diags.items().len();
            refine(&raw, diags);
            if diags.items().len() == before {
                let pointer = pointer_of(e.path());
                diags.error(&pointer, format!("does not match the OpenAPI schema: {}", e.inner()));
            }
            None
        }
    }
}

fn refine(raw: &Value, diags: &mut Diagnostics) {
    use openapiv3::{Header, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
    fn each<T: serde::de::DeserializeOwned>(raw: &Value, pointer: &str, diags: &mut Diagnostics) {
        let Some(map) = raw.pointer(pointer.trim_start_matches('#')).and_then(Value::as_object) else {
            return;
        };
        for (key, value) in map {
            if key.starts_with("x-") {
                continue;
            }
            if let Err(e) = serde_path_to_error::deserialize::<_, T>(value) {
                let base = crate::diag::child(pointer, key);
                let inner = pointer_of(e.path());
                let at = format!("{base}{}", inner.trim_start_matches('#'));
                diags.error(&at, format!("does not match the OpenAPI schema: {}", e.inner()));
            }
        }
    }
    each::<PathItem>(raw, "#/paths", diags);
    each::<ReferenceOr<Schema>>(raw, "#/components/schemas", diags);
    each::<ReferenceOr<Parameter>>(raw, "#/components/parameters", diags);
    each::<ReferenceOr<Response>>(raw, "#/components/responses", diags);
    each::<ReferenceOr<RequestBody>>(raw, "#/components/requestBodies", diags);
    each::<ReferenceOr<Header>>(raw, "#/components/headers", diags);
}

fn parse_direct(text: &str) -> Option<OpenAPI> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).ok()
    } else {
        serde_yaml::from_str(text).ok()
    }
}

fn parse_syntax(text: &str, diags: &mut Diagnostics) -> Option<Value> {
    match parse_text(text) {
        Ok(v) => Some(v),
        Err((kind, line, column, message)) => {
            let location = if line == 0 {
                Location::File
            } else {
                Location::Line { line, column }
            };
            diags.push(Severity::Error, location, format!("{kind} syntax error: {message}"));
            None
        }
    }
}

/// Spec text as a JSON value: JSON when it looks like JSON and parses as such, else YAML
/// (a superset, so flow-style YAML that starts with `{` is read too). An error gives the
/// syntax it was read as, its line and column (0 when unknown) and its message.
pub fn parse_text(text: &str) -> Result<Value, (&'static str, usize, usize, String)> {
    let yaml = |text: &str| {
        yaml_value(text).map_err(|e| {
            let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            ("YAML", line, column, e.to_string())
        })
    };
    if text.trim_start().starts_with('{') {
        serde_json::from_str::<Value>(text)
            .or_else(|json| yaml(text).map_err(|_| ("JSON", json.line(), json.column(), json.to_string())))
    } else {
        yaml(text)
    }
}

/// YAML text as a JSON value. An integer beyond 64 bits (`-9223372036854776000`) has no
/// JSON number: it is read as a float, which `normalize::repair` brings back in range where
/// it is a bound.
pub fn yaml_value(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<Value>(text).or_else(|e| serde_yaml::from_str::<Wide>(text).map(|w| w.0).map_err(|_| e))
}

/// A JSON value read from YAML, with integers beyond 64 bits as floats (not errors).
struct Wide(Value);

impl<'de> serde::Deserialize<'de> for Wide {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Wide, D::Error> {
        deserializer.deserialize_any(WideVisitor).map(Wide)
    }
}

struct WideVisitor;

impl<'de> serde::de::Visitor<'de> for WideVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::from(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| Value::from(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(WideVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Wide(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some((Wide(key), Wide(value))) = map.next_entry::<Wide, Wide>()? {
            let key = match key {
                Value::String(s) => s,
                other => other.to_string(),
            };
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Map { key } => pointer = crate::diag::child(&pointer, key),
            Segment::Seq { index } => pointer = format!("{pointer}/{index}"),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}
