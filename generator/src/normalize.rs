//! OpenAPI 3.1 → 3.0: rewrites the 3.1 forms that `openapiv3` cannot parse.
//!
//! The rewrite works on the JSON value before any typed parsing, so the rest of
//! the pipeline only ever sees 3.0. What has no 3.0 equivalent is dropped with a
//! warning (webhooks) or reported as an error, always with its JSON pointer.
//! Example, default, enum and extension values are data, never rewritten.

use crate::diag::{child, Diagnostics};
use serde_json::{Map, Value};

/// Rewrites a 3.1 document in place into the equivalent 3.0.3 document.
pub fn from_3_1(doc: &mut Value, diags: &mut Diagnostics) {
    let Some(root) = doc.as_object_mut() else { return };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    if let Some(hooks) = root.remove("webhooks") {
        let count = hooks.as_object().map_or(0, Map::len);
        diags.warning(
            "#/webhooks",
            format!("{count} webhook(s) skipped: webhooks are not generated"),
        );
    }
    root.remove("jsonSchemaDialect");
    // References to reusable path items were inlined when the document was bundled.
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("pathItems");
    }
    root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    walk(doc, "#", diags);
}

/// Repairs spec faults that any version's parser would reject but whose meaning is plain,
/// each with a warning at its pointer (the policy is in the README):
/// - an `examples` list where a map is required (media types, parameters, headers) becomes
///   `example`;
/// - in a 3.0 document, 3.1's numeric `exclusiveMinimum: N` becomes `minimum: N` with
///   `exclusiveMinimum: true` (3.1 documents are rewritten silently by [`from_3_1`]);
/// - an integer schema's bound that is no 64-bit integer (`9223372036854776000`, the i64
///   limit after a trip through a float, or `1.5`) becomes the nearest one inside the range.
pub fn repair(doc: &mut Value, version_3_0: bool, diags: &mut Diagnostics) {
    fn walk(value: &mut Value, pointer: &str, version_3_0: bool, diags: &mut Diagnostics) {
        match value {
            Value::Object(map) => {
                if looks_like_schema(map) {
                    repair_schema(map, pointer, version_3_0, diags);
                } else if is_request_body(pointer) {
                    settle_explode(map);
                } else if let (true, Some(Value::Array(list))) = (example_map_expected(pointer), map.get("examples")) {
                    let first = list.first().cloned();
                    map.remove("examples");
                    diags.warning(
                        &child(pointer, "examples"),
                        "`examples` must be a map here; the first entry is kept as `example`",
                    );
                    if let Some(first) = first {
                        map.entry("example").or_insert(first);
                    }
                }
                for (key, v) in map.iter_mut() {
                    if !(DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-")) {
                        walk(v, &child(pointer, key), version_3_0, diags);
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    walk(v, &format!("{pointer}/{i}"), version_3_0, diags);
                }
            }
            _ => {}
        }
    }
    walk(doc, "#", version_3_0, diags);
}

/// Whether a parsed document has an `encoding` entry the parser may have read wrongly: one
/// without a `style` (which may have named `explode` or `allowReserved`, making it styled)
/// or of style `form` reading `explode: false` (the parser's value for an absent one, where
/// OpenAPI's default is `true`). Such a document takes the slow path, where
/// [`settle_explode`] writes the defaults out.
pub fn explode_unsettled(api: &openapiv3::OpenAPI) -> bool {
    use openapiv3::{QueryStyle, ReferenceOr};
    let unsettled = |body: &openapiv3::RequestBody| {
        body.content
            .values()
            .flat_map(|m| m.encoding.values())
            .any(|e| e.style.is_none() || matches!(e.style, Some(QueryStyle::Form)) && !e.explode)
    };
    let operations = api
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .flat_map(|item| item.iter());
    operations
        .filter_map(|(_, op)| op.request_body.as_ref()?.as_item())
        .any(unsettled)
        || api
            .components
            .iter()
            .flat_map(|c| c.request_bodies.values())
            .any(|b| match b {
                ReferenceOr::Item(body) => unsettled(body),
                ReferenceOr::Reference { .. } => false,
            })
}

/// Whether the object at `pointer` is a request body (an operation's, or a component).
fn is_request_body(pointer: &str) -> bool {
    let mut tokens = pointer.rsplit('/');
    let own = tokens.next();
    own == Some("requestBody") || tokens.next() == Some("requestBodies")
}

/// Writes out the `style` and `explode` of each `encoding` entry of a request body's media
/// types that names any of `style`, `explode`, `allowReserved` but leaves one to its default (true for `form`, false for the
/// others), which the parser cannot tell from an explicit `false`. An entry with neither
/// is left alone: it travels as its `contentType` says.
fn settle_explode(body: &mut Map<String, Value>) {
    let Some(Value::Object(content)) = body.get_mut("content") else {
        return;
    };
    for media in content.values_mut() {
        let Some(Value::Object(encoding)) = media.get_mut("encoding") else {
            continue;
        };
        for entry in encoding.values_mut() {
            if let Value::Object(entry) = entry {
                // Any of the three makes the entry styled (its `contentType` is then ignored):
                // the style is written out so the parser's reading says so, and so is
                // `explode`, whose absence the parser reads as `false`.
                if ["style", "explode", "allowReserved"]
                    .iter()
                    .any(|k| entry.contains_key(*k))
                {
                    let style = entry.entry("style").or_insert(Value::String("form".to_owned()));
                    let form = style == "form";
                    entry.entry("explode").or_insert(Value::Bool(form));
                }
            }
        }
    }
}

/// Whether the object at `pointer` is one whose `examples` must be a map: a media type
/// (`…/content/TYPE`), a parameter or a header. (A 3.1 schema's `examples` is a list.)
fn example_map_expected(pointer: &str) -> bool {
    let mut tokens = pointer.rsplit('/');
    let _own = tokens.next();
    matches!(tokens.next(), Some("content" | "parameters" | "headers"))
}

/// Rewrites 3.1's numeric `exclusiveMinimum: N` into 3.0's `minimum: N` with
/// `exclusiveMinimum: true` (and the same for maximums); returns what it rewrote.
fn numeric_exclusive_bounds(map: &mut Map<String, Value>) -> Vec<(&'static str, &'static str, Value)> {
    let mut rewritten = Vec::new();
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), n.clone());
            map.insert(exclusive.into(), Value::Bool(true));
            rewritten.push((exclusive, bound, n));
        }
    }
    rewritten
}

fn repair_schema(map: &mut Map<String, Value>, pointer: &str, version_3_0: bool, diags: &mut Diagnostics) {
    if version_3_0 {
        for (exclusive, bound, n) in numeric_exclusive_bounds(map) {
            diags.warning(
                &child(pointer, exclusive),
                format!(
                    "a numeric `{exclusive}` is OpenAPI 3.1's form; read as `{bound}: {n}` with `{exclusive}: true`"
                ),
            );
        }
    }
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for (bound, exclusive, round) in [
        ("minimum", "exclusiveMinimum", f64::ceil as fn(f64) -> f64),
        ("maximum", "exclusiveMaximum", f64::floor),
    ] {
        let Some(n) = map.get(bound).and_then(Value::as_number).cloned() else {
            continue;
        };
        if n.is_i64() {
            continue;
        }
        let Some(f) = n.as_f64() else { continue };
        let (fixed, why) = if f.fract() != 0.0 && f.abs() < 9e15 {
            // For integers, `> 0.5` and `>= 0.5` both mean `>= 1`: the bound becomes
            // inclusive.
            if map.get(exclusive).and_then(Value::as_bool) == Some(true) {
                map.insert(exclusive.into(), Value::Bool(false));
            }
            (round(f) as i64, "is not an integer")
        } else if f < 0.0 {
            (i64::MIN, "is below the signed 64-bit range the parser keeps")
        } else {
            (i64::MAX, "is above the signed 64-bit range the parser keeps")
        };
        diags.warning(
            &child(pointer, bound),
            format!("`{bound}: {n}` of an integer schema {why}; read as {fixed}"),
        );
        map.insert(bound.into(), Value::from(fixed));
    }
}

/// Keys whose values are data, not description: never rewritten.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "const"];

fn walk(value: &mut Value, pointer: &str, diags: &mut Diagnostics) {
    match value {
        Value::Object(map) => {
            rewrite_schema(map, pointer, diags);
            for (key, v) in map.iter_mut() {
                if DATA_KEYS.contains(&key.as_str()) && !is_example_map(key, v) || key.starts_with("x-") {
                    continue;
                }
                walk(v, &child(pointer, key), diags);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                walk(v, &format!("{pointer}/{i}"), diags);
            }
        }
        _ => {}
    }
}

/// `examples` on a media type or parameter is a map of Example objects (3.0 too):
/// those may hold `$ref`s to components, which are structure, not data.
fn is_example_map(key: &str, v: &Value) -> bool {
    key == "examples" && v.is_object()
}

fn looks_like_schema(map: &Map<String, Value>) -> bool {
    [
        "type",
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "const",
        "nullable",
        "format",
    ]
    .iter()
    .any(|k| map.contains_key(*k))
}

fn rewrite_schema(map: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    // `$ref` with sibling keywords: keep the siblings by wrapping the reference.
    if map.contains_key("$ref")
        && map
            .keys()
            .any(|k| !matches!(k.as_str(), "$ref" | "description" | "summary"))
    {
        if let Some(reference) = map.remove("$ref") {
            let mut inner = Map::new();
            inner.insert("$ref".into(), reference);
            map.insert("allOf".into(), Value::Array(vec![Value::Object(inner)]));
        }
    }
    if !looks_like_schema(map) && !map.contains_key("examples") {
        return;
    }
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let mut rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        let had_null = rest.len() != map.get("type").and_then(Value::as_array).map_or(0, Vec::len);
        if had_null {
            map.insert("nullable".into(), Value::Bool(true));
        }
        match rest.len() {
            0 => {
                map.remove("type");
            }
            1 => {
                map.insert("type".into(), rest.remove(0));
            }
            _ => {
                map.remove("type");
                let variants = rest
                    .into_iter()
                    .map(|t| {
                        let mut m = Map::new();
                        m.insert("type".into(), t);
                        Value::Object(m)
                    })
                    .collect();
                map.insert("anyOf".into(), Value::Array(variants));
            }
        }
    } else if map.get("type").is_some_and(|t| t == "null") {
        map.remove("type");
        map.insert("nullable".into(), Value::Bool(true));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(items)) = map.get_mut(key) {
            let before = items.len();
            items.retain(|item| {
                !(item.get("type").is_some_and(|t| t == "null") && item.as_object().is_some_and(|m| m.len() == 1))
            });
            if items.len() != before {
                map.insert("nullable".into(), Value::Bool(true));
            }
        }
    }
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
    }
    numeric_exclusive_bounds(map);
    // Encoded text in JSON stays a string (3.0's `format: byte`); raw content is binary.
    if map.remove("contentEncoding").is_some() {
        map.remove("contentMediaType");
        map.insert("format".into(), Value::String("byte".into()));
    } else if map.remove("contentMediaType").is_some() {
        map.insert("format".into(), Value::String("binary".into()));
    }
    if let Some(prefix) = map.remove("prefixItems") {
        // A tuple of one schema (a point: `[number, number]`) that allows no other items
        // (`items: false`) is a list of that schema, at most as long as the tuple; without
        // `items: false` further items of any kind may follow, which no list type says.
        let same = prefix
            .as_array()
            .and_then(|p| Some((p.first()?, p.len())))
            .filter(|(first, _)| prefix.as_array().is_some_and(|p| p.iter().all(|s| s == *first)));
        match (same, map.get("items")) {
            (Some((first, n)), Some(Value::Bool(false))) => {
                let first = first.clone();
                map.insert("items".into(), first);
                map.entry("maxItems").or_insert(Value::from(n));
                diags.warning(
                    pointer,
                    format!("`prefixItems` of one schema is read as a list of it, at most {n} long"),
                );
            }
            _ => diags.warning(
                pointer,
                "`prefixItems` (tuples) is supported only as items of one schema with `items: false`; items are typed as any JSON value",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(input: Value, expected: Value) {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {"S": input}}});
        let mut diags = Diagnostics::new("t.yaml");
        from_3_1(&mut doc, &mut diags);
        assert_eq!(doc["components"]["schemas"]["S"], expected);
        assert_eq!(doc["openapi"], "3.0.3");
    }

    #[test]
    fn nullable_type_arrays() {
        check(
            json!({"type": ["string", "null"]}),
            json!({"type": "string", "nullable": true}),
        );
        check(
            json!({"type": ["string", "integer"]}),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
        );
    }

    #[test]
    fn const_examples_and_bounds() {
        check(
            json!({"type": "string", "const": "a", "examples": ["x", "y"]}),
            json!({"type": "string", "enum": ["a"], "example": "x"}),
        );
        check(
            json!({"type": "integer", "exclusiveMinimum": 0}),
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}),
        );
    }

    #[test]
    fn encoded_strings_stay_text_and_media_typed_ones_are_binary() {
        check(
            json!({"type": "string", "contentEncoding": "base64"}),
            json!({"type": "string", "format": "byte"}),
        );
        check(
            json!({"type": "string", "contentMediaType": "image/png"}),
            json!({"type": "string", "format": "binary"}),
        );
    }

    #[test]
    fn ref_siblings_and_null_members() {
        check(
            json!({"$ref": "#/components/schemas/T", "nullable": true}),
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true}),
        );
        check(
            json!({"oneOf": [{"$ref": "#/x"}, {"type": "null"}]}),
            json!({"oneOf": [{"$ref": "#/x"}], "nullable": true}),
        );
    }

    #[test]
    fn an_examples_list_on_a_media_type_becomes_example() {
        let mut doc = json!({"content": {"application/json": {"examples": [{"a": 1}, {"b": 2}]}}, "schema": {"type": "string", "examples": ["x"]}});
        let mut diags = Diagnostics::new("t.yaml");
        repair(&mut doc, false, &mut diags);
        assert_eq!(doc["content"]["application/json"], json!({"example": {"a": 1}}));
        assert_eq!(
            doc["schema"]["examples"],
            json!(["x"]),
            "a schema's list is 3.1's, left to `from_3_1`"
        );
        assert_eq!(diags.items().len(), 1);
    }

    #[test]
    fn integer_bounds_outside_i64_come_back_to_the_nearest_one() {
        let mut doc = json!({"s": {"type": "integer", "minimum": -9.3e18, "maximum": 1e19}, "t": {"type": "integer", "minimum": 0.5, "maximum": 7}, "n": {"type": "number", "minimum": 0.5}});
        let mut diags = Diagnostics::new("t.yaml");
        repair(&mut doc, false, &mut diags);
        assert_eq!(
            doc["s"],
            json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX})
        );
        assert_eq!(doc["t"], json!({"type": "integer", "minimum": 1, "maximum": 7}));
        assert_eq!(
            doc["n"],
            json!({"type": "number", "minimum": 0.5}),
            "numbers keep fractions"
        );
        assert_eq!(diags.items().len(), 3);
    }

    #[test]
    fn a_fractional_exclusive_bound_becomes_the_inclusive_integer() {
        // `> 0.5` for an integer is `>= 1`; `< 9.5` is `<= 9`.
        let mut doc = json!({"type": "integer", "minimum": 0.5, "exclusiveMinimum": true, "maximum": 9.5, "exclusiveMaximum": true});
        let mut diags = Diagnostics::new("t.yaml");
        repair(&mut doc, false, &mut diags);
        assert_eq!(
            doc,
            json!({"type": "integer", "minimum": 1, "exclusiveMinimum": false, "maximum": 9, "exclusiveMaximum": false})
        );
    }

    #[test]
    fn a_3_1_fractional_exclusive_integer_bound_is_repaired_after_the_rewrite() {
        let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    N: {type: integer, exclusiveMinimum: 0.5}\n";
        let mut diags = Diagnostics::new("t.yaml");
        let loaded = crate::load::load_str(spec, std::path::Path::new("t.yaml"), &mut diags);
        let Some(loaded) = loaded else { panic!("{diags}") };
        let schema = loaded.api.components.as_ref().and_then(|c| c.schemas.get("N"));
        let Some(openapiv3::ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Integer(n)),
            ..
        })) = schema
        else {
            panic!("N is an integer schema: {schema:?}")
        };
        assert_eq!((n.minimum, n.exclusive_minimum), (Some(1), false));
    }

    #[test]
    fn a_schema_examples_list_is_left_to_3_1() {
        let mut doc = json!({"components": {"schemas": {"Color": {"enum": ["red"], "examples": ["red"]}}}});
        let before = doc.clone();
        let mut diags = Diagnostics::new("t.yaml");
        repair(&mut doc, false, &mut diags);
        assert_eq!(doc, before);
        assert!(diags.items().is_empty(), "{diags}");
    }

    #[test]
    fn numeric_exclusive_bounds_are_repaired_in_3_0_only() {
        let schema = json!({"type": "number", "exclusiveMinimum": 0});
        let mut doc = schema.clone();
        let mut diags = Diagnostics::new("t.yaml");
        repair(&mut doc, true, &mut diags);
        assert_eq!(doc, json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}));
        assert_eq!(diags.items().len(), 1);
        let mut doc = schema.clone();
        let mut diags = Diagnostics::new("t.yaml");
        repair(&mut doc, false, &mut diags);
        assert_eq!(doc, schema, "a 3.1 document's form is rewritten silently by from_3_1");
        assert!(diags.items().is_empty());
    }

    #[test]
    fn example_data_is_left_alone() {
        check(
            json!({"type": "object", "example": {"type": ["a", "null"], "const": 1}}),
            json!({"type": "object", "example": {"type": ["a", "null"], "const": 1}}),
        );
    }
}
