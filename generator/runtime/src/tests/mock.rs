//! `runtime::mock`: example values built from shapes, as the generator writes them to `mock.json`.

use crate::runtime::mock::{answer, documented, Example, ExampleError, Gen, Mode};
use crate::runtime::shapes::Shapes;
use serde_json::{json, Value};

/// Shapes with every type named in `types` (and `places`), kept for the whole test run.
fn shapes(components: Value, types: Value, places: Value) -> &'static Shapes {
    let text = json!({"components": components, "types": types, "places": places}).to_string();
    Box::leak(Box::new(Shapes::parse(&text)))
}

/// One shape as the type `T`, and as place 0.
fn one(shape: Value) -> &'static Shapes {
    shapes(json!({}), json!({ "T": shape.clone() }), json!([shape]))
}

/// Values of type `T` for seeds `0..n`.
fn values(shapes: &'static Shapes, n: u64) -> Vec<Value> {
    (0..n)
        .map(|seed| Gen::new(shapes, seed).of_type::<Value>("T").unwrap())
        .collect()
}

const SEEDS: u64 = 200;

#[test]
fn the_same_seed_gives_the_same_values() {
    let shapes = one(json!({"t": "object", "properties": [
        {"name": "id", "shape": {"t": "integer"}, "required": true},
        {"name": "name", "shape": {"t": "string"}},
        {"name": "tags", "shape": {"t": "array", "items": {"t": "string"}}},
    ]}));
    for seed in 0..20 {
        let a: Value = Gen::new(shapes, seed).of_type("T").unwrap();
        let b: Value = Gen::new(shapes, seed).of_type("T").unwrap();
        assert_eq!(a, b);
        assert!(a["id"].is_i64());
    }
    let distinct: std::collections::HashSet<String> = values(shapes, 20).iter().map(Value::to_string).collect();
    assert!(distinct.len() > 10, "{distinct:?}");
}

#[test]
fn shapes_that_do_not_parse_and_unknown_types_give_errors() {
    let broken: &'static Shapes = Box::leak(Box::new(Shapes::parse("{not json")));
    let error = Gen::new(broken, 0).of_type::<Value>("T").unwrap_err();
    assert_eq!(error.what, "type `T`");
    assert!(
        error.detail.starts_with("the embedded shapes do not parse"),
        "{}",
        error.detail
    );
    let empty = shapes(json!({}), json!({}), json!([]));
    let error = Gen::new(empty, 0).of_type::<Value>("Missing").unwrap_err();
    assert_eq!(
        error,
        ExampleError {
            what: "type `Missing`".to_owned(),
            detail: "no shape was generated for it".to_owned(),
            value: None
        }
    );
    assert_eq!(
        error.to_string(),
        "no example for type `Missing`: no shape was generated for it"
    );
    let error = Gen::new(empty, 0)
        .place::<Value>(3, Mode::Text, "listPets parameter `limit`")
        .unwrap_err();
    assert_eq!(error.what, "listPets parameter `limit`");
}

#[test]
fn integers_respect_bounds_formats_and_multiples() {
    for v in values(one(json!({"t": "integer", "minimum": 10.0, "maximum": 12.0})), SEEDS) {
        assert!((10..=12).contains(&v.as_i64().unwrap()), "{v}");
    }
    let exclusive = one(
        json!({"t": "integer", "minimum": 10.0, "maximum": 12.0, "exclusive_minimum": true, "exclusive_maximum": true}),
    );
    assert!(values(exclusive, 50).iter().all(|v| v == 11));
    for v in values(
        one(json!({"t": "integer", "minimum": 1.0, "maximum": 100.0, "multiple_of": 7.0})),
        SEEDS,
    ) {
        let v = v.as_i64().unwrap();
        assert!(v % 7 == 0 && (7..=98).contains(&v), "{v}");
    }
    for v in values(
        one(json!({"t": "integer", "format": "int8", "minimum": -1000.0})),
        SEEDS,
    ) {
        assert!(i8::try_from(v.as_i64().unwrap()).is_ok(), "{v}");
    }
    for v in values(
        one(json!({"t": "integer", "format": "uint64", "minimum": 18446744073709550000.0})),
        20,
    ) {
        // The bound as an `f64` is 2^64 - 2048.
        assert!(v.as_u64().unwrap() >= u64::MAX - 2047, "{v}");
    }
    // The values are decoded into the Rust type asked for.
    let shapes = one(json!({"t": "integer", "format": "int8"}));
    for seed in 0..50 {
        let _: i8 = Gen::new(shapes, seed).of_type("T").unwrap();
    }
}

#[test]
fn numbers_respect_bounds_and_multiples() {
    let shapes =
        one(json!({"t": "number", "minimum": 0.0, "maximum": 2.0, "exclusive_maximum": true, "multiple_of": 0.5}));
    for v in values(shapes, SEEDS) {
        let f = v.as_f64().unwrap();
        assert!((0.0..2.0).contains(&f) && (f * 2.0).fract() == 0.0, "{v}");
    }
    for v in values(one(json!({"t": "number", "minimum": -0.3, "maximum": 0.3})), SEEDS) {
        let f = v.as_f64().unwrap();
        assert!((-0.3..=0.3).contains(&f), "{v}");
        // Short decimals that survive a text round trip.
        assert_eq!(f.to_string().parse::<f64>().unwrap(), f);
    }
}

#[test]
fn strings_respect_patterns_lengths_and_formats() {
    let slug = regex::Regex::new("^[a-z]{3}-[0-9]{2}$").unwrap();
    for v in values(one(json!({"t": "string", "pattern": "^[a-z]{3}-[0-9]{2}$"})), SEEDS) {
        assert!(slug.is_match(v.as_str().unwrap()), "{v}");
    }
    for v in values(one(json!({"t": "string", "min_length": 3, "max_length": 5})), SEEDS) {
        assert!((3..=5).contains(&v.as_str().unwrap().chars().count()), "{v}");
    }
    let long = one(json!({"t": "string", "pattern": "^[a-f]+$", "min_length": 40}));
    for v in values(long, 50) {
        let s = v.as_str().unwrap();
        assert!(s.len() >= 40 && s.bytes().all(|b| (b'a'..=b'f').contains(&b)), "{v}");
    }
    let uuid = regex::Regex::new("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$").unwrap();
    for v in values(one(json!({"t": "string", "format": "uuid"})), 50) {
        assert!(uuid.is_match(v.as_str().unwrap()), "{v}");
    }
    let date_time = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$").unwrap();
    for v in values(one(json!({"t": "string", "format": "date-time"})), 50) {
        assert!(date_time.is_match(v.as_str().unwrap()), "{v}");
    }
    // Look-around is beyond the regex crate; the rest of the pattern is still honoured.
    for v in values(one(json!({"t": "string", "pattern": "^(?!admin)[a-z]{5}$"})), 50) {
        let s = v.as_str().unwrap();
        assert!(s.len() == 5 && s.bytes().all(|b| b.is_ascii_lowercase()), "{v}");
    }
}

#[test]
fn text_places_get_plain_ascii_and_non_empty_lists() {
    let shapes = one(json!({"t": "array", "items": {"t": "string"}}));
    for seed in 0..SEEDS {
        let list: Vec<String> = Gen::new(shapes, seed).place(0, Mode::Text, "p").unwrap();
        assert!(!list.is_empty());
        for s in list {
            assert!(!s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic()), "{s:?}");
        }
    }
}

#[test]
fn form_places_get_no_nulls_and_no_empty_objects() {
    let shapes = one(json!({"t": "object", "nullable": true, "properties": [
        {"name": "a", "shape": {"t": "string", "nullable": true}},
        {"name": "b", "shape": {"t": "object", "properties": [{"name": "c", "shape": {"t": "integer"}}]}},
    ]}));
    fn no_empties(v: &Value) -> bool {
        match v {
            Value::Null => false,
            Value::Array(items) => !items.is_empty() && items.iter().all(no_empties),
            Value::Object(map) => !map.is_empty() && map.values().all(no_empties),
            _ => true,
        }
    }
    for seed in 0..SEEDS {
        let v: Value = Gen::new(shapes, seed).place(0, Mode::Form, "body").unwrap();
        assert!(no_empties(&v), "{v}");
    }
    // In a body, the same shape may be null.
    let bodies: Vec<Value> = (0..SEEDS)
        .map(|seed| Gen::new(shapes, seed).place(0, Mode::Body, "body").unwrap())
        .collect();
    assert!(bodies.iter().any(Value::is_null));
}

#[test]
fn objects_enums_unions_and_all_of() {
    let components = json!({
        "Pet": {"t": "object", "properties": [
            {"name": "id", "shape": {"t": "integer"}, "required": true},
            {"name": "kind", "shape": {"t": "enum", "values": ["cat", "dog"]}, "required": true},
            {"name": "note", "shape": {"t": "string"}},
        ]},
        "Circle": {"t": "object", "properties": [{"name": "radius", "shape": {"t": "number"}, "required": true}]},
        "Square": {"t": "object", "properties": [{"name": "side", "shape": {"t": "integer"}, "required": true}]},
    });
    let types = json!({
        "Pet": {"t": "ref", "name": "Pet"},
        "Shape": {"t": "one_of", "variants": [{"t": "ref", "name": "Circle"}, {"t": "ref", "name": "Square"}],
                  "discriminator": "shapeType", "tags": [["circle"], ["square"]]},
        "Named": {"t": "all_of", "members": [{"t": "ref", "name": "Pet"},
                  {"t": "object", "properties": [{"name": "name", "shape": {"t": "string"}, "required": true}]}]},
        "Extra": {"t": "object", "additional": {"t": "bool"}, "min_properties": 2},
    });
    let shapes = shapes(components, types, json!([]));
    for seed in 0..SEEDS {
        let mut g = Gen::new(shapes, seed);
        let pet: Value = g.of_type("Pet").unwrap();
        assert!(
            pet["id"].is_i64() && (pet["kind"] == "cat" || pet["kind"] == "dog"),
            "{pet}"
        );
        let shape: Value = g.of_type("Shape").unwrap();
        match shape["shapeType"].as_str() {
            Some("circle") => assert!(shape["radius"].is_number(), "{shape}"),
            Some("square") => assert!(shape["side"].is_i64(), "{shape}"),
            _ => panic!("no discriminator in {shape}"),
        }
        let named: Value = g.of_type("Named").unwrap();
        assert!(named["id"].is_i64() && named["name"].is_string(), "{named}");
        let extra: Value = g.of_type("Extra").unwrap();
        let extra = extra.as_object().unwrap();
        assert!(extra.len() >= 2 && extra.values().all(Value::is_boolean), "{extra:?}");
    }
}

#[test]
fn spec_examples_are_preferred_where_they_fit() {
    let shapes = one(json!({"t": "integer", "maximum": 100.0, "example": 42}));
    assert_eq!(Gen::new(shapes, 0).of_type::<i64>("T").unwrap(), 42);
    let unfit = one(json!({"t": "integer", "maximum": 100.0, "example": 500}));
    for v in values(unfit, 50) {
        assert!(v.as_i64().unwrap() <= 100, "{v}");
    }
}

#[test]
fn impossible_schemas_are_given_up_on() {
    let components = json!({"Node": {"t": "object", "properties": [
        {"name": "next", "shape": {"t": "ref", "name": "Node"}, "required": true},
    ]}});
    let types = json!({
        "Node": {"t": "ref", "name": "Node"},
        "Huge": {"t": "array", "items": {"t": "integer"}, "min_items": 1000},
        "Long": {"t": "string", "min_length": 100000},
    });
    let shapes = shapes(components, types, json!([]));
    let error = Gen::new(shapes, 0).of_type::<Value>("Node").unwrap_err();
    assert_eq!(error.detail, "the schema requires values nested without end");
    let error = Gen::new(shapes, 0).of_type::<Value>("Huge").unwrap_err();
    assert_eq!(error.detail, "the schema asks for more items than an example holds");
    let error = Gen::new(shapes, 0).of_type::<Value>("Long").unwrap_err();
    assert_eq!(error.detail, "the schema asks for longer text than an example holds");
    // Values that never decode into the Rust type: the last one is reported.
    let text = one(json!({"t": "string", "pattern": "^[a-z]+$"}));
    let error = Gen::new(text, 0).of_type::<i32>("T").unwrap_err();
    assert!(error.value.as_ref().is_some_and(Value::is_string), "{error:?}");
    assert!(error.to_string().contains("last value tried"));
}

#[test]
fn optional_values_and_choices() {
    let shapes = one(json!({"t": "integer"}));
    let maybes: Vec<Option<i64>> = (0..SEEDS)
        .map(|seed| Gen::new(shapes, seed).maybe(|g| g.of_type("T")).unwrap())
        .collect();
    assert!(maybes.iter().any(Option::is_none) && maybes.iter().any(Option::is_some));
    let mut g = Gen::new(shapes, 1);
    assert_eq!(g.pick(0), 0);
    assert!((0..100).all(|_| g.pick(3) < 3));
    assert!(format!("{g:?}").starts_with("Gen"));
}

/// A type implementing `Example` as generated types do.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct Pet {
    id: i64,
}

impl Example for Pet {
    fn example(g: &mut Gen) -> Result<Self, ExampleError> {
        g.of_type("T")
    }
}

#[test]
fn examples_and_documented_replies() {
    let shapes = one(
        json!({"t": "object", "properties": [{"name": "id", "shape": {"t": "integer", "minimum": 5.0, "maximum": 5.0}, "required": true}]}),
    );
    assert_eq!(answer(Pet::example(&mut Gen::new(shapes, 3))), Pet { id: 5 });
    let reply: Result<Result<&'static str, String>, ExampleError> = Ok(Ok("fine"));
    let response = documented(reply, 400);
    assert_eq!(response.status(), http::StatusCode::BAD_REQUEST);
    let reply: Result<Result<&'static str, String>, ExampleError> = Ok(Err("refused".to_owned()));
    assert_eq!(documented(reply, 401).status(), http::StatusCode::UNAUTHORIZED);
}

#[test]
#[should_panic(expected = "mock: no example for type `T`")]
fn answer_panics_without_a_value() {
    let error = ExampleError {
        what: "type `T`".to_owned(),
        detail: "impossible".to_owned(),
        value: None,
    };
    answer::<()>(Err(error));
}
