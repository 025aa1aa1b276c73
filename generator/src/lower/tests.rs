//! Unit tests of lowering: what the model says for small specs, asserted on the model.

use super::Lowerer;
use crate::diag::Diagnostics;
use crate::model::{Api, TypeKind, TypeRef};
use openapiv3::{Components, OpenAPI};

/// Parses a spec written as YAML (3.0, as `load` would accept it).
fn parse(yaml: &str) -> OpenAPI {
    let mut diags = Diagnostics::new("test.yaml");
    match crate::load::load_str(yaml, &mut diags) {
        Some(loaded) => loaded.api,
        None => panic!("test spec does not load:\n{diags}"),
    }
}

/// Lowers a spec that must lower without errors.
pub(super) fn lower(yaml: &str) -> Api {
    let doc = parse(yaml);
    let mut diags = Diagnostics::new("test.yaml");
    let api = super::lower(&doc, &mut diags);
    assert!(!diags.has_errors(), "unexpected errors:\n{diags}");
    api
}

/// `n` component schemas, each a `$ref` to the next, ending in an object.
fn alias_chain(n: usize) -> OpenAPI {
    let mut schemas = serde_json::Map::new();
    for i in 0..n {
        let next = format!("#/components/schemas/S{}", i + 1);
        schemas.insert(format!("S{i}"), serde_json::json!({ "$ref": next }));
    }
    schemas.insert(
        format!("S{n}"),
        serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "chain", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    });
    match serde_json::from_value(doc) {
        Ok(doc) => doc,
        Err(e) => panic!("chain spec: {e}"),
    }
}

#[test]
fn each_link_of_an_alias_chain_is_followed_once() {
    // Every component resolves to the end of the chain; following each chain afresh made
    // this cubic (60 s at 5,000 links). Counted in links followed, not timed.
    let links = 5_000;
    let doc = alias_chain(links);
    let empty = Components::default();
    let mut diags = Diagnostics::new("chain.json");
    let mut cx = Lowerer::new(&doc, doc.components.as_ref().unwrap_or(&empty), &mut diags);
    cx.component_schemas();
    assert!(!cx.diags.has_errors(), "{}", cx.diags);
    assert!(
        cx.hops <= 2 * links,
        "{} links followed one at a time for a chain of {links}",
        cx.hops
    );
    let aliases = cx
        .api
        .types
        .values()
        .filter(|d| matches!(d.kind, TypeKind::Alias(_)))
        .count();
    assert_eq!(aliases, links);
    assert!(matches!(
        cx.api
            .types
            .values()
            .find(|d| d.wire_name.as_deref() == Some("S0"))
            .map(|d| &d.kind),
        Some(TypeKind::Alias(TypeRef::Named(_)))
    ));
}
