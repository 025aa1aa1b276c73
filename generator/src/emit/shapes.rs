//! `src/shapes.json`: the spec's schemas as data, which the runtime (`runtime/shapes.rs`)
//! checks request inputs against and the mock builds examples from.
//!
//! One entry per line, so a change to the spec is a readable diff: components by their
//! name in the spec, then each operation's inputs (parameters by location and wire name,
//! then the body) in the order of `Api::operations`, which the server and client name by
//! index; with the mock, also named types by Rust name and the mock's numbered places.

use crate::model::*;

/// The JSON text. `places` are the mock's, when the mock is written.
pub fn json(api: &Api, places: Option<&[&Shape]>) -> String {
    let mut out = String::from("{\n\"components\": {\n");
    let n = api.shapes.len();
    for (i, (k, s)) in api.shapes.iter().enumerate() {
        line(&mut out, Some(k), &shape_text(s), i + 1 == n);
    }
    out.push_str("},\n\"operations\": [\n");
    let n = api.operations.len();
    for (i, op) in api.operations.iter().enumerate() {
        let mut inputs: Vec<serde_json::Value> = op
            .params
            .iter()
            .map(|p| input(p.location.as_str(), &p.wire_name, &p.shape))
            .collect();
        inputs.extend(op.body.iter().map(|b| input("body", "body", &b.shape)));
        line(
            &mut out,
            None,
            &serde_json::Value::Array(inputs).to_string(),
            i + 1 == n,
        );
    }
    out.push(']');
    if api.formats_annotate {
        out.push_str(",\n\"formats_annotate\": true");
    }
    if let Some(places) = places {
        out.push_str(",\n\"types\": {\n");
        let n = api.types.len();
        for (i, d) in api.types_by_name().into_iter().enumerate() {
            line(&mut out, Some(&d.name), &shape_text(&d.shape), i + 1 == n);
        }
        out.push_str("},\n\"places\": [\n");
        let n = places.len();
        for (i, s) in places.iter().enumerate() {
            line(&mut out, None, &shape_text(s), i + 1 == n);
        }
        out.push(']');
    }
    out.push_str("\n}\n");
    out
}

fn input(location: &str, name: &str, shape: &Shape) -> serde_json::Value {
    let mut entry = serde_json::Map::new();
    entry.insert("in".into(), location.into());
    entry.insert("name".into(), name.into());
    entry.insert("shape".into(), serde_json::to_value(shape).unwrap_or_default());
    serde_json::Value::Object(entry)
}

fn shape_text(shape: &Shape) -> String {
    serde_json::to_string(shape).unwrap_or_else(|_| "{}".to_owned())
}

fn line(out: &mut String, key: Option<&str>, value: &str, last: bool) {
    if let Some(k) = key {
        out.push_str(&serde_json::Value::from(k).to_string());
        out.push(':');
    }
    out.push_str(value);
    out.push_str(if last { "\n" } else { ",\n" });
}
