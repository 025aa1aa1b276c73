//! `runtime::shapes`: every constraint keyword checked, each violation with its pointer.

use crate::runtime::shapes::{Shapes, Violation};
use serde_json::{json, Value};

/// The shapes of one operation whose only input is a body of shape `body`, with
/// `components` beside it.
fn body_shapes(components: Value, body: Value) -> &'static Shapes {
    let table = json!({
        "components": components,
        "operations": [[{ "in": "body", "name": "body", "shape": body }]],
    });
    Box::leak(Box::new(Shapes::parse(&table.to_string())))
}

/// `(pointer, message)` of every violation of `value`.
fn check(shapes: &Shapes, value: Value) -> Vec<(String, String)> {
    let input = &shapes.operation(0)[0];
    shapes
        .check_input(input, &value)
        .into_iter()
        .map(|Violation { pointer, message }| (pointer, message))
        .collect()
}

fn found(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(p, m)| ((*p).to_owned(), (*m).to_owned())).collect()
}

#[test]
fn numbers_are_checked_against_bounds_and_steps() {
    let s = body_shapes(
        json!({}),
        json!({ "t": "object", "properties": [
            { "name": "n", "shape": { "t": "integer", "minimum": 1.0, "maximum": 10.0, "multiple_of": 3.0 } },
            { "name": "x", "shape": { "t": "number", "minimum": 0.0, "exclusive_minimum": true, "maximum": 1.0, "exclusive_maximum": true } },
        ]}),
    );
    assert_eq!(check(s, json!({ "n": 9, "x": 0.5 })), found(&[]));
    assert_eq!(
        check(s, json!({ "n": -1, "x": 0.0 })),
        found(&[
            ("/n", "must be at least 1"),
            ("/n", "must be a multiple of 3"),
            ("/x", "must be greater than 0")
        ])
    );
    assert_eq!(
        check(s, json!({ "n": 12, "x": 1 })),
        found(&[("/n", "must be at most 10"), ("/x", "must be less than 1")])
    );
    assert_eq!(
        check(s, json!({ "n": 1.5, "x": "1" })),
        found(&[("/n", "must be an integer"), ("/x", "must be a number")])
    );
    // A decimal step is a step: 0.3 is three of 0.1, whatever binary floating point says.
    let step = body_shapes(json!({}), json!({ "t": "number", "multiple_of": 0.1 }));
    assert_eq!(check(step, json!(0.3)), found(&[]));
    assert_eq!(check(step, json!(0.35)), found(&[("", "must be a multiple of 0.1")]));
}

#[test]
fn strings_are_checked_against_lengths_in_characters_and_patterns() {
    let s = body_shapes(
        json!({}),
        json!({ "t": "string", "min_length": 2, "max_length": 3, "pattern": "^[a-zé]+$" }),
    );
    assert_eq!(check(s, json!("éé")), found(&[]), "two characters, four bytes");
    assert_eq!(
        check(s, json!("a")),
        found(&[("", "must be at least 2 characters long")])
    );
    assert_eq!(
        check(s, json!("ABCD")),
        found(&[
            ("", "must be at most 3 characters long"),
            ("", "must match the pattern `^[a-zé]+$`")
        ])
    );
    assert_eq!(check(s, json!(12)), found(&[("", "must be a string")]));
}

#[test]
fn arrays_are_checked_for_counts_uniqueness_and_every_item() {
    let s = body_shapes(
        json!({}),
        json!({ "t": "array", "items": { "t": "integer", "maximum": 5.0 }, "min_items": 1, "max_items": 3, "unique_items": true }),
    );
    assert_eq!(check(s, json!([1, 2, 3])), found(&[]));
    assert_eq!(check(s, json!([])), found(&[("", "must have at least 1 items")]));
    assert_eq!(
        check(s, json!([1, 9, 1, 7])),
        found(&[
            ("", "must have at most 3 items"),
            ("", "must hold unique items (item 2 repeats an earlier one)"),
            ("/1", "must be at most 5"),
            ("/3", "must be at most 5"),
        ])
    );
}

#[test]
fn objects_are_checked_for_required_extra_and_counted_properties() {
    let s = body_shapes(
        json!({}),
        json!({ "t": "object", "closed": true, "min_properties": 2, "properties": [
            { "name": "id", "shape": { "t": "string" }, "required": true },
            { "name": "a/b", "shape": { "t": "bool" } },
            { "name": "note", "shape": { "t": "string", "nullable": true } },
        ]}),
    );
    assert_eq!(check(s, json!({ "id": "x", "note": null })), found(&[]));
    assert_eq!(
        check(s, json!({ "a/b": 1, "x~y": 2 })),
        found(&[
            ("/id", "is required"),
            ("/a~1b", "must be a boolean"),
            ("/x~0y", "is not a property this object may have"),
        ])
    );
    assert_eq!(
        check(s, json!({ "id": null })),
        found(&[("", "must have at least 2 properties"), ("/id", "must not be null")])
    );
    let map = body_shapes(
        json!({}),
        json!({ "t": "object", "additional": { "t": "integer", "minimum": 0.0 }, "max_properties": 2 }),
    );
    assert_eq!(
        check(map, json!({ "a": 1, "b": -1, "c": 2 })),
        found(&[("", "must have at most 2 properties"), ("/b", "must be at least 0")])
    );
}

#[test]
fn references_all_of_and_unions_are_followed() {
    let components = json!({
        "Base": { "t": "object", "closed": true, "properties": [{ "name": "id", "shape": { "t": "integer" }, "required": true }] },
        "Cat": { "t": "object", "properties": [{ "name": "kind", "shape": { "t": "string" } }, { "name": "lives", "shape": { "t": "integer", "maximum": 9.0 } }] },
        "Dog": { "t": "object", "properties": [{ "name": "kind", "shape": { "t": "string" } }, { "name": "good", "shape": { "t": "bool" }, "required": true }] },
    });
    // A closed member of an allOf takes the properties its siblings declare.
    let all = body_shapes(
        components.clone(),
        json!({ "t": "all_of", "members": [
            { "t": "ref", "name": "Base" },
            { "t": "object", "properties": [{ "name": "extra", "shape": { "t": "string", "max_length": 1 } }] },
        ]}),
    );
    assert_eq!(check(all, json!({ "id": 1, "extra": "e" })), found(&[]));
    assert_eq!(
        check(all, json!({ "extra": "long", "other": 1 })),
        found(&[
            ("/id", "is required"),
            ("/other", "is not a property this object may have"),
            ("/extra", "must be at most 1 characters long"),
        ])
    );
    // The tag names the variant whose violations are the answer.
    let tagged = body_shapes(
        components.clone(),
        json!({ "t": "one_of", "discriminator": "kind", "tags": [["cat", "kitty"], ["dog"]], "variants": [{ "t": "ref", "name": "Cat" }, { "t": "ref", "name": "Dog" }] }),
    );
    assert_eq!(check(tagged, json!({ "kind": "cat", "lives": 3 })), found(&[]));
    assert_eq!(
        check(tagged, json!({ "kind": "dog" })),
        found(&[("/good", "is required")])
    );
    assert_eq!(
        check(tagged, json!({ "kind": "cat", "lives": 12 })),
        found(&[("/lives", "must be at most 9")])
    );
    assert_eq!(
        check(tagged, json!({ "kind": "cow" })),
        found(&[("/kind", "must be one of the tags cat, kitty, dog, not \"cow\"")])
    );
    // A mapping may give one variant several tags.
    assert_eq!(
        check(tagged, json!({ "kind": "kitty", "lives": 12 })),
        found(&[("/lives", "must be at most 9")])
    );
    // Without a tag, a value no variant takes is one violation, unless one variant alone
    // takes its JSON type.
    let untagged = body_shapes(
        components,
        json!({ "t": "one_of", "variants": [{ "t": "integer", "minimum": 0.0 }, { "t": "ref", "name": "Dog" }, { "t": "ref", "name": "Cat" }] }),
    );
    assert_eq!(check(untagged, json!(3)), found(&[]));
    assert_eq!(check(untagged, json!(-3)), found(&[("", "must be at least 0")]));
    assert_eq!(
        check(untagged, json!("text")),
        found(&[("", "must match one of the 3 alternatives the schema allows")])
    );
}

#[test]
fn null_needs_nullable_and_enums_compare_numbers_by_value() {
    let s = body_shapes(json!({}), json!({ "t": "enum", "values": [1, "a"] }));
    assert_eq!(check(s, json!(1.0)), found(&[]));
    assert_eq!(
        check(s, json!("b")),
        found(&[("", "must be one of 1, \"a\", not \"b\"")])
    );
    assert_eq!(check(s, Value::Null), found(&[("", "must not be null")]));
    let nullable = body_shapes(json!({}), json!({ "t": "enum", "values": [1], "nullable": true }));
    assert_eq!(check(nullable, Value::Null), found(&[]));
}

#[test]
fn a_parent_whose_variants_are_all_of_it_is_checked_without_end() {
    // The inheritance pattern: `Pet` discriminates into `Cat`, which is `allOf: [Pet, …]`.
    let components = json!({
        "Pet": { "t": "one_of", "discriminator": "petType", "tags": [["Cat"]], "variants": [{ "t": "ref", "name": "Cat" }] },
        "Cat": { "t": "all_of", "members": [
            { "t": "ref", "name": "Pet" },
            { "t": "object", "properties": [{ "name": "lives", "shape": { "t": "integer", "maximum": 9.0 } }] },
        ]},
    });
    let s = body_shapes(components, json!({ "t": "ref", "name": "Pet" }));
    assert_eq!(check(s, json!({ "petType": "Cat", "lives": 3 })), found(&[]));
    assert_eq!(
        check(s, json!({ "petType": "Cat", "lives": 10 })),
        found(&[("/lives", "must be at most 9")])
    );
}

#[test]
fn an_inline_variant_may_take_a_tag_the_mapping_does_not_name() {
    let s = body_shapes(
        json!({ "A": { "t": "object", "properties": [{ "name": "a", "shape": { "t": "bool" }, "required": true }] } }),
        json!({ "t": "one_of", "discriminator": "kind", "tags": [["a"], []], "variants": [
            { "t": "ref", "name": "A" },
            { "t": "object", "properties": [{ "name": "amount", "shape": { "t": "integer", "minimum": 0.0 } }] },
        ]}),
    );
    assert_eq!(check(s, json!({ "kind": "x", "amount": 5 })), found(&[]));
    // Checked, not passed over: neither variant takes it (both are objects, so one
    // violation says so).
    assert_eq!(
        check(s, json!({ "kind": "x", "amount": -5 })),
        found(&[("", "must match one of the 2 alternatives the schema allows")])
    );
}

#[test]
fn unique_items_compare_as_json_not_as_text() {
    let s = body_shapes(
        json!({}),
        json!({ "t": "array", "items": { "t": "any" }, "unique_items": true }),
    );
    let repeat = found(&[("", "must hold unique items (item 1 repeats an earlier one)")]);
    assert_eq!(check(s, json!([{ "a": 1, "b": 2 }, { "b": 2, "a": 1 }])), repeat);
    assert_eq!(check(s, json!([1, 1.0])), repeat);
    assert_eq!(check(s, json!([1, "1", [1], { "1": 1 }])), found(&[]));
}

#[test]
fn a_sender_may_hold_unlisted_values_of_the_listed_type_only() {
    let s = body_shapes(
        json!({}),
        json!({ "t": "one_of", "variants": [
            { "t": "enum", "values": ["on", "off"] },
            { "t": "object", "properties": [{ "name": "code", "shape": { "t": "integer", "minimum": 0.0 } }] },
        ]}),
    );
    let input = &s.operation(0)[0];
    let sent = |v: Value| -> Vec<String> {
        s.check_sent(input, &v)
            .into_iter()
            .map(|v| format!("{} {}", v.pointer, v.message))
            .collect()
    };
    assert!(
        sent(json!("dimmed")).is_empty(),
        "an unlisted string is the sender's choice"
    );
    assert_eq!(sent(json!({ "code": -1 })), ["/code must be at least 0"]);
    assert!(!check(s, json!("dimmed")).is_empty(), "a server refuses it");
}

#[test]
fn a_read_only_property_named_by_an_all_of_member_is_not_required_of_a_request() {
    let s = body_shapes(
        json!({ "Base": { "t": "object", "properties": [{ "name": "id", "shape": { "t": "integer" }, "required": true }] } }),
        json!({ "t": "all_of", "members": [
            { "t": "ref", "name": "Base" },
            { "t": "object", "properties": [{ "name": "id", "shape": { "t": "integer" }, "read_only": true }] },
        ]}),
    );
    assert_eq!(check(s, json!({})), found(&[]));
}

#[test]
fn large_integers_are_compared_exactly() {
    let s = body_shapes(
        json!({}),
        json!({ "t": "array", "items": { "t": "integer" }, "unique_items": true }),
    );
    assert_eq!(check(s, json!([9007199254740993u64, 9007199254740992u64])), found(&[]));
    assert_eq!(check(s, json!([9007199254740993u64, 9007199254740993u64])).len(), 1);
}

#[test]
fn a_sender_may_hold_an_unlisted_tag() {
    let s = body_shapes(
        json!({ "Cat": { "t": "object", "properties": [{ "name": "lives", "shape": { "t": "integer" }, "required": true }] } }),
        json!({ "t": "one_of", "discriminator": "kind", "tags": [["cat"]], "variants": [{ "t": "ref", "name": "Cat" }] }),
    );
    let input = &s.operation(0)[0];
    assert!(s.check_sent(input, &json!({ "kind": "other" })).is_empty());
    assert_eq!(check(s, json!({ "kind": "other" })).len(), 1, "a server refuses it");
}

#[test]
fn many_variants_that_are_all_of_their_parent_are_checked_in_linear_time() {
    // `Pet` discriminates into 60 variants, each `allOf: [Pet, …]`; a string where a `Pet`
    // goes makes every variant fail and asks each whether it takes strings.
    let mut components = serde_json::Map::new();
    let names: Vec<String> = (0..60).map(|i| format!("Cat{i}")).collect();
    let variants: Vec<Value> = names.iter().map(|n| json!({ "t": "ref", "name": n })).collect();
    let tags: Vec<Value> = names.iter().map(|n| json!([n])).collect();
    components.insert(
        "Pet".into(),
        json!({ "t": "one_of", "discriminator": "kind", "tags": tags, "variants": variants }),
    );
    for n in &names {
        components.insert(
            n.clone(),
            json!({ "t": "all_of", "members": [{ "t": "ref", "name": "Pet" }, { "t": "object" }] }),
        );
    }
    let s = body_shapes(Value::Object(components), json!({ "t": "ref", "name": "Pet" }));
    // The walk that asked each variant afresh took about 60^4 steps here (minutes); it
    // finishes at once now. No timing is asserted: a regression shows as a hung test.
    assert_eq!(check(s, json!("x")).len(), 1);
}
