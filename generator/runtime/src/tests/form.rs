//! Form bodies and deepObject queries: bracket keys (`param::nested_keys`, `param::key_path`,
//! `nest_paths`), `encode_form`, `from_form`, `from_text_tree`, `decode_variant` and `variant`.

use super::pairs;
use crate::runtime::param::{self, Kind, Style, Wire};
use crate::runtime::{decode_variant, encode_form, from_form, from_text_tree, nest_paths, variant, Location};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A value's bracket keys under `prefix` (`prefix[a][0]=…`), names unencoded.
fn deep_pairs(prefix: &str, value: &Value) -> Vec<(String, String)> {
    param::nested_keys(prefix, value, &|k| k.to_owned())
}

/// An object's properties as bracket keys (`a[b]=…`), names unencoded.
fn form_pairs(value: &Value) -> Vec<(String, String)> {
    let map = value.as_object().expect("an object");
    map.iter().flat_map(|(k, v)| deep_pairs(k, v)).collect()
}

/// The pairs under `prefix` (with an empty prefix, every pair), nested as a server nests
/// them: each key split by `key_path`, malformed ones left out.
fn nest<'a>(prefix: &str, pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Option<Value> {
    let found: Vec<(Vec<String>, &str)> = pairs
        .filter_map(|(key, leaf)| {
            let mut path = param::key_path(key).ok()?;
            if !prefix.is_empty() {
                if path.first()? != prefix {
                    return None;
                }
                path.remove(0);
            }
            Some((path, leaf))
        })
        .collect();
    nest_paths(
        found
            .iter()
            .map(|(path, leaf)| (path.iter().map(String::as_str).collect(), *leaf)),
    )
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Order {
    id: u64,
    note: String,
    paid: bool,
    total: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    coupon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    discount: Option<i32>,
    customer: Customer,
    lines: Vec<Line>,
    tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Customer {
    name: String,
    zip: String,
    vip: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Line {
    sku: String,
    qty: u32,
    sizes: Vec<i8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Open,
    Closed,
}

fn order() -> Order {
    Order {
        id: 18_446_744_073_709_551_615,
        note: "a b&c=d/é?[x]".to_owned(),
        paid: true,
        total: 12.5,
        coupon: Some("123".to_owned()),
        discount: Some(-3),
        customer: Customer {
            name: "true".to_owned(),
            zip: "01234".to_owned(),
            vip: false,
        },
        lines: (0..12)
            .map(|i| Line {
                sku: format!("s{i}"),
                qty: i,
                sizes: vec![-1, i as i8],
            })
            .collect(),
        tags: vec!["1.5".to_owned(), "".to_owned(), "x".to_owned()],
        status: Some(Status::Closed),
    }
}

#[test]
fn form_pairs_flattens_objects_and_lists_with_brackets_in_declaration_order() {
    let value = json!({
        "b": 1,
        "a": {"y": "text", "x": [true, 2.5, {"deep": null, "deeper": "z"}]},
        "gone": null,
        "empty_list": [],
        "empty_object": {},
    });
    assert_eq!(
        pairs(&form_pairs(&value)),
        [
            ("b", "1"),
            ("a[y]", "text"),
            ("a[x][0]", "true"),
            ("a[x][1]", "2.5"),
            ("a[x][2][deeper]", "z"),
        ]
    );
}

#[test]
fn deep_pairs_nests_under_the_parameter_name() {
    let value = json!({"size": 10, "tags": ["a", "b"], "range": {"gt": 1}});
    assert_eq!(
        pairs(&deep_pairs("page", &value)),
        [
            ("page[size]", "10"),
            ("page[tags][0]", "a"),
            ("page[tags][1]", "b"),
            ("page[range][gt]", "1"),
        ]
    );
}

#[test]
fn deep_pairs_of_a_scalar_is_the_bare_name_and_of_null_is_nothing() {
    assert_eq!(pairs(&deep_pairs("id", &json!(5))), [("id", "5")]);
    assert_eq!(pairs(&deep_pairs("id", &json!("five"))), [("id", "five")]);
    assert_eq!(pairs(&deep_pairs("list", &json!(["x"]))), [("list[0]", "x")]);
    assert!(deep_pairs("id", &Value::Null).is_empty());
}

#[test]
fn strings_are_written_without_json_quotes_and_numbers_exactly() {
    let value = json!({"s": "\"quoted\"", "big": u64::MAX, "neg": -7, "f": 0.1});
    assert_eq!(
        pairs(&form_pairs(&value)),
        [
            ("s", "\"quoted\""),
            ("big", "18446744073709551615"),
            ("neg", "-7"),
            ("f", "0.1")
        ]
    );
}

#[test]
fn encode_form_percent_encodes_keys_and_values() {
    // Brackets that are structure stay literal, as the deepObject table writes them.
    let body = encode_form(&json!({"a b": "x&y=z", "n": {"k": ["é"]}}), &[]).unwrap();
    assert_eq!(body, "a+b=x%26y%3Dz&n[k][0]=%C3%A9");
    // Keys whose brackets a client encoded read the same.
    assert_eq!(
        from_form::<Value>(b"n%5Bk%5D%5B0%5D=1", &[]).unwrap(),
        json!({"n": {"k": ["1"]}})
    );
}

#[test]
fn encode_form_refuses_what_is_not_json() {
    // A map with non-string keys cannot become a JSON object.
    let map: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into_iter().collect();
    assert!(encode_form(&map, &[]).is_err());
}

#[test]
fn from_form_round_trips_nested_objects_and_lists() {
    let order = order();
    let body = encode_form(&order, &[]).unwrap();
    let back: Order = from_form(body.as_bytes(), &[]).unwrap();
    assert_eq!(back, order);
}

#[test]
fn from_form_keeps_numeric_looking_strings_as_strings() {
    let back: Order = from_form(encode_form(&order(), &[]).unwrap().as_bytes(), &[]).unwrap();
    assert_eq!(back.coupon.as_deref(), Some("123"));
    assert_eq!(back.customer.name, "true");
    assert_eq!(back.customer.zip, "01234");
    assert_eq!(back.tags, ["1.5", "", "x"]);
}

#[test]
fn from_form_leaves_absent_optionals_none() {
    let mut order = order();
    order.coupon = None;
    order.discount = None;
    order.status = None;
    let back: Order = from_form(encode_form(&order, &[]).unwrap().as_bytes(), &[]).unwrap();
    assert_eq!(back, order);
}

#[test]
fn from_form_reads_hand_written_bodies() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct Body {
        name: String,
        count: Option<i64>,
        ids: Vec<u16>,
    }
    let body: Body = from_form(b"name=Rex+the+%22dog%22&count=3&ids[1]=20&ids[0]=10", &[]).unwrap();
    assert_eq!(
        body,
        Body {
            name: "Rex the \"dog\"".to_owned(),
            count: Some(3),
            ids: vec![10, 20]
        }
    );
    // `[]` appends, in order.
    let body: Body = from_form(b"name=a&ids[]=3&ids[]=1", &[]).unwrap();
    assert_eq!(body.ids, [3, 1]);
}

#[test]
fn from_form_of_an_empty_body_is_an_empty_object() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct AllOptional {
        a: Option<String>,
    }
    assert_eq!(from_form::<AllOptional>(b"", &[]).unwrap(), AllOptional { a: None });
    assert_eq!(from_form::<Value>(b"", &[]).unwrap(), json!({}));
}

#[test]
fn from_form_reports_values_of_the_wrong_kind() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Counted {
        count: u8,
    }
    let error = from_form::<Counted>(b"count=300", &[]).unwrap_err();
    assert!(error.contains("300"), "{error}");
    assert!(from_form::<Counted>(b"count=many", &[]).is_err());
    assert!(from_form::<Counted>(b"other=1", &[]).unwrap_err().contains("count"));
}

#[test]
fn nest_rebuilds_every_pair_with_an_empty_prefix() {
    let pairs = [
        ("a", "1"),
        ("b[c]", "2"),
        ("b[d][0]", "x"),
        ("b[d][1]", "y"),
        ("e[0][f]", "z"),
    ];
    assert_eq!(
        nest("", pairs.into_iter()),
        Some(json!({"a": "1", "b": {"c": "2", "d": ["x", "y"]}, "e": [{"f": "z"}]}))
    );
}

#[test]
fn nest_keeps_only_the_pairs_under_the_prefix() {
    let pairs = [
        ("filter[a]", "1"),
        ("other", "2"),
        ("filterx", "3"),
        ("filter[b][c]", "4"),
        ("xfilter[a]", "5"),
    ];
    assert_eq!(
        nest("filter", pairs.into_iter()),
        Some(json!({"a": "1", "b": {"c": "4"}}))
    );
    assert_eq!(nest("missing", pairs.into_iter()), None);
    assert_eq!(nest("", std::iter::empty()), None);
}

#[test]
fn nest_of_the_bare_prefix_is_the_scalar() {
    assert_eq!(nest("id", [("id", "7")].into_iter()), Some(json!("7")));
    // A repeated key is a list (as Schemathesis and qs write lists in deepObject values).
    assert_eq!(
        nest("id", [("id", "7"), ("id", "8")].into_iter()),
        Some(json!(["7", "8"]))
    );
    assert_eq!(
        nest(
            "page",
            [("page[tags]", "a"), ("page[tags]", "b"), ("page[tags]", "c")].into_iter()
        ),
        Some(json!({"tags": ["a", "b", "c"]}))
    );
}

#[test]
fn a_list_sent_as_one_key_is_a_list_of_one() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Page {
        tags: Vec<String>,
        sizes: Vec<i32>,
    }
    let page = crate::runtime::from_text_tree::<Page>(json!({"tags": "", "sizes": ["1", "2"]}));
    assert_eq!(
        page,
        Ok(Page {
            tags: vec![String::new()],
            sizes: vec![1, 2]
        })
    );
}

#[test]
fn nest_turns_objects_keyed_by_consecutive_indices_into_lists() {
    let out_of_order = [("l[2]", "c"), ("l[0]", "a"), ("l[1]", "b")];
    assert_eq!(nest("l", out_of_order.into_iter()), Some(json!(["a", "b", "c"])));
    let eleven: Vec<(String, String)> = (0..11).rev().map(|i| (format!("l[{i}]"), i.to_string())).collect();
    let expected: Vec<String> = (0..11).map(|i| i.to_string()).collect();
    assert_eq!(
        nest("l", eleven.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        Some(json!(expected))
    );
    // A gap, an index not counted from zero or a padded index keeps the object.
    assert_eq!(
        nest("l", [("l[0]", "a"), ("l[2]", "c")].into_iter()),
        Some(json!({"0": "a", "2": "c"}))
    );
    assert_eq!(nest("l", [("l[1]", "a")].into_iter()), Some(json!({"1": "a"})));
    assert_eq!(nest("l", [("l[00]", "a")].into_iter()), Some(json!({"00": "a"})));
    // Lists of lists.
    let grid = [("g[0][0]", "a"), ("g[0][1]", "b"), ("g[1][0]", "c")];
    assert_eq!(nest("g", grid.into_iter()), Some(json!([["a", "b"], ["c"]])));
}

#[test]
fn nest_appends_for_empty_brackets() {
    assert_eq!(
        nest("t", [("t[]", "x"), ("t[]", "y")].into_iter()),
        Some(json!(["x", "y"]))
    );
    assert_eq!(
        nest("t", [("t[a][]", "x"), ("t[a][]", "y"), ("t[b]", "z")].into_iter()),
        Some(json!({"a": ["x", "y"], "b": "z"}))
    );
}

#[test]
fn nest_skips_malformed_keys() {
    let pairs = [
        ("f[a", "unclosed"),
        ("f[a]b", "trailing text"),
        ("f[a][b", "unclosed inner"),
        ("fa]", "no opening bracket"),
        ("f[ok]", "kept"),
    ];
    assert_eq!(nest("f", pairs.into_iter()), Some(json!({"ok": "kept"})));
    let pairs = [("a[b", "1"), ("c[d]e", "2"), ("g]h", "3"), ("i[j]", "4")];
    // With no prefix a key without brackets is taken whole, even with a stray `]`.
    assert_eq!(nest("", pairs.into_iter()), Some(json!({"g]h": "3", "i": {"j": "4"}})));
    // Only malformed keys: nothing belongs.
    assert_eq!(nest("f", [("f[", "x")].into_iter()), None);
}

#[test]
fn nest_lets_a_later_pair_replace_a_conflicting_earlier_one() {
    assert_eq!(
        nest("", [("a", "1"), ("a[b]", "2")].into_iter()),
        Some(json!({"a": {"b": "2"}}))
    );
    assert_eq!(
        nest("", [("a[b]", "2"), ("a", "1")].into_iter()),
        Some(json!({"a": "1"}))
    );
}

#[test]
fn from_text_tree_parses_scalars_only_where_the_type_asks() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct Mixed {
        text: String,
        flag_text: String,
        count: i64,
        small: u8,
        ratio: f32,
        flag: bool,
        maybe: Option<i16>,
        list: Vec<bool>,
        any: Value,
    }
    let tree = json!({
        "text": "123", "flag_text": "false", "count": "-9", "small": "255", "ratio": "0.5", "flag": "true",
        "maybe": "7", "list": ["true", "false"], "any": {"n": "1"},
    });
    let mixed: Mixed = from_text_tree(tree).unwrap();
    assert_eq!(
        mixed,
        Mixed {
            text: "123".to_owned(),
            flag_text: "false".to_owned(),
            count: -9,
            small: 255,
            ratio: 0.5,
            flag: true,
            maybe: Some(7),
            list: vec![true, false],
            any: json!({"n": "1"}),
        }
    );
}

#[test]
fn from_text_tree_accepts_real_json_scalars_too() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct Typed {
        n: i32,
        b: bool,
        s: String,
    }
    let typed: Typed = from_text_tree(json!({"n": 3, "b": false, "s": "x"})).unwrap();
    assert_eq!(
        typed,
        Typed {
            n: 3,
            b: false,
            s: "x".to_owned()
        }
    );
}

#[test]
fn from_text_tree_refuses_text_that_does_not_parse() {
    assert!(from_text_tree::<i32>(json!("12x")).is_err());
    assert!(from_text_tree::<u8>(json!("-1")).is_err());
    assert!(from_text_tree::<bool>(json!("TRUE")).is_err());
    assert!(from_text_tree::<bool>(json!("1")).is_err());
    assert_eq!(from_text_tree::<String>(json!("12x")).unwrap(), "12x");
    assert_eq!(from_text_tree::<Status>(json!("open")).unwrap(), Status::Open);
    assert!(from_text_tree::<Status>(json!("pending")).is_err());
}

#[test]
fn from_text_tree_retries_flattened_maps_with_typed_leaves() {
    // Generated types keep additional properties in a flattened map; serde buffers the value
    // first, so the map sees text and only the second try reads the numbers.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Metadata {
        created: Option<String>,
        #[serde(flatten)]
        extra: BTreeMap<String, i64>,
    }
    let meta: Metadata = from_text_tree(json!({"created": "2024-01-02T03:04:05Z", "a": "1", "b": "-2"})).unwrap();
    assert_eq!(meta.created.as_deref(), Some("2024-01-02T03:04:05Z"));
    assert_eq!(meta.extra, BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), -2)]));
}

#[test]
fn from_text_tree_keeps_strings_next_to_a_flattened_map() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct Labelled {
        label: String,
        #[serde(flatten)]
        extra: BTreeMap<String, i64>,
    }
    let decoded = from_text_tree::<Labelled>(json!({"label": "123", "a": "1"}));
    assert_eq!(
        decoded,
        Ok(Labelled {
            label: "123".to_owned(),
            extra: BTreeMap::from([("a".to_owned(), 1)])
        })
    );
}

#[test]
fn from_form_round_trips_a_map_keyed_by_indices() {
    // `nest` cannot tell `a[0]` of a map from `a[0]` of a list; the decoder reads a list as
    // a map where the type wants one.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Scores {
        by_player: BTreeMap<String, u32>,
    }
    let scores = Scores {
        by_player: BTreeMap::from([("0".to_owned(), 10), ("1".to_owned(), 20)]),
    };
    let body = encode_form(&scores, &[]).unwrap();
    assert_eq!(from_form::<Scores>(body.as_bytes(), &[]), Ok(scores));
}

#[test]
fn from_form_round_trips_properties_with_an_empty_name_or_brackets_in_it() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Edge {
        #[serde(rename = "")]
        empty: String,
        name: String,
        #[serde(rename = "x][y")]
        brackets: String,
    }
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Outer {
        inner: Edge,
    }
    let edge = || Edge {
        empty: "v".to_owned(),
        name: "n".to_owned(),
        brackets: "w".to_owned(),
    };
    let body = encode_form(&edge(), &[]).unwrap();
    // Brackets are structure; inside a name they are encoded.
    assert_eq!(body, "=v&name=n&x%5D%5By=w");
    assert_eq!(from_form::<Edge>(body.as_bytes(), &[]), Ok(edge()));
    // Nested, the empty name came back as the property "0" before.
    let outer = Outer { inner: edge() };
    let body = encode_form(&outer, &[]).unwrap();
    assert_eq!(body, "inner[]=v&inner[name]=n&inner[x%5D%5By]=w");
    assert_eq!(from_form::<Outer>(body.as_bytes(), &[]), Ok(outer));
}

/// An untagged union as the generator writes it: each variant tried with `variant`.
#[derive(Debug, PartialEq)]
enum Created {
    Range(Range),
    Integer(i64),
}

#[derive(Debug, PartialEq, Deserialize)]
struct Range {
    gt: Option<i64>,
    lte: Option<i64>,
}

impl<'de> Deserialize<'de> for Created {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if let Some(v) = variant::<Range>(&value) {
            return Ok(Self::Range(v));
        }
        if let Some(v) = variant::<i64>(&value) {
            return Ok(Self::Integer(v));
        }
        Err(serde::de::Error::custom("the value matches no variant of Created"))
    }
}

/// A union with a discriminator as the generator writes it: the tag picks `decode_variant`.
#[derive(Debug, PartialEq)]
enum Shape {
    Circle(Circle),
    Square(Square),
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Circle {
    shape_type: String,
    radius: f64,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Square {
    shape_type: String,
    side: u32,
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let tag = value.get("shapeType").and_then(Value::as_str).map(str::to_owned);
        match tag.as_deref() {
            Some("circle") => decode_variant(value)
                .map(Self::Circle)
                .map_err(serde::de::Error::custom),
            Some("square") => decode_variant(value)
                .map(Self::Square)
                .map_err(serde::de::Error::custom),
            other => Err(serde::de::Error::custom(format_args!("unknown shapeType {other:?}"))),
        }
    }
}

#[test]
fn variant_reads_text_only_while_a_text_tree_is_decoded() {
    // Plain JSON: no text is read as a number.
    assert_eq!(variant::<i64>(&json!(5)), Some(5));
    assert_eq!(variant::<i64>(&json!("5")), None);
    assert_eq!(variant::<String>(&json!(5)), None);
    assert_eq!(
        serde_json::from_value::<Created>(json!({"gt": 1})).unwrap(),
        Created::Range(Range { gt: Some(1), lte: None })
    );
    assert!(serde_json::from_value::<Created>(json!("5")).is_err());
    // From text, each variant gets its scalars parsed.
    assert_eq!(from_text_tree::<Created>(json!("5")).unwrap(), Created::Integer(5));
    assert_eq!(
        from_text_tree::<Created>(json!({"gt": "1", "lte": "9"})).unwrap(),
        Created::Range(Range {
            gt: Some(1),
            lte: Some(9)
        })
    );
    assert!(from_text_tree::<Created>(json!("five")).is_err());
    // The text mode ends with the decoding, also after a failure.
    assert_eq!(variant::<i64>(&json!("5")), None);
}

#[test]
fn decode_variant_reads_text_only_while_a_text_tree_is_decoded() {
    let circle = json!({"shapeType": "circle", "radius": "2.5"});
    assert!(serde_json::from_value::<Shape>(circle.clone()).is_err());
    assert!(decode_variant::<Circle>(circle.clone()).is_err());
    assert_eq!(
        from_text_tree::<Shape>(circle).unwrap(),
        Shape::Circle(Circle {
            shape_type: "circle".to_owned(),
            radius: 2.5
        })
    );
    assert_eq!(
        serde_json::from_value::<Shape>(json!({"shapeType": "square", "side": 3})).unwrap(),
        Shape::Square(Square {
            shape_type: "square".to_owned(),
            side: 3
        })
    );
    assert!(from_text_tree::<Shape>(json!({"shapeType": "square", "side": "-3"})).is_err());
    assert!(from_text_tree::<Shape>(json!({"shapeType": "hexagon"})).is_err());
    assert_eq!(
        decode_variant::<Square>(json!({"shapeType": "square", "side": 4}))
            .unwrap()
            .side,
        4
    );
}

#[test]
fn unions_round_trip_through_a_form() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct Search {
        created: Created,
        shape: Shape,
        shapes: Vec<Shape>,
    }
    let body = encode_form(
        &json!({
            "created": {"gt": 3},
            "shape": {"shapeType": "square", "side": 2},
            "shapes": [{"shapeType": "circle", "radius": 1.5}, {"shapeType": "square", "side": 7}],
        }),
        &[],
    )
    .unwrap();
    let search: Search = from_form(body.as_bytes(), &[]).unwrap();
    assert_eq!(search.created, Created::Range(Range { gt: Some(3), lte: None }));
    assert!(matches!(search.shape, Shape::Square(Square { side: 2, .. })));
    assert!(
        matches!(search.shapes[..], [Shape::Circle(Circle { radius, .. }), Shape::Square(Square { side: 7, .. })] if radius == 1.5)
    );
}

#[test]
fn empty_brackets_beside_named_keys_are_the_property_named_empty() {
    let pairs = [("c[x]", "1"), ("c[]", "a"), ("c[]", "b")];
    assert_eq!(nest("c", pairs.into_iter()), Some(json!({"x": "1", "": ["a", "b"]})));
    // In either order: it arrived as the property "0" before.
    let pairs = [("c[]", "a"), ("c[x]", "1")];
    assert_eq!(nest("c", pairs.into_iter()), Some(json!({"": "a", "x": "1"})));
}

/// A form body's property, as its `encoding` (or its default) makes it.
const fn field(name: &'static str, style: Style, explode: bool, kind: Kind) -> Wire {
    Wire {
        name,
        location: Location::Body,
        style,
        explode,
        allow_reserved: false,
        kind,
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    street_address: String,
    city: String,
    state: String,
    zip: String,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Registration {
    id: String,
    address: Address,
}

/// OpenAPI 3.1.1 §4.8.15 (Encoding the `x-www-form-urlencoded` Media Type): `id` is text,
/// `address` an object, so `application/json` by default.
const REGISTRATION: [Wire; 2] = [
    field("id", Style::Form, true, Kind::Scalar),
    field("address", Style::Form, true, Kind::Json),
];

fn registration() -> Registration {
    Registration {
        id: "f81d4fae-7dec-11d0-a765-00a0c91e6bf6".to_owned(),
        address: Address {
            street_address: "123 Example Dr.".to_owned(),
            city: "Somewhere".to_owned(),
            state: "CA".to_owned(),
            zip: "99999+1234".to_owned(),
        },
    }
}

#[test]
fn the_specs_urlencoded_example_is_written_and_read_back() {
    // The specification's bytes leave `:` and `,` as they are (RFC 1866 era); the WHATWG
    // serializer that browsers and `form_urlencoded` follow encodes them. Both read back.
    let spec = "id=f81d4fae-7dec-11d0-a765-00a0c91e6bf6&address=%7B%22streetAddress%22:%22123+Example+Dr.%22,\
                %22city%22:%22Somewhere%22,%22state%22:%22CA%22,%22zip%22:%2299999%2B1234%22%7D";
    let whatwg = "id=f81d4fae-7dec-11d0-a765-00a0c91e6bf6&address=%7B%22streetAddress%22%3A%22123+Example+Dr.%22%2C\
                  %22city%22%3A%22Somewhere%22%2C%22state%22%3A%22CA%22%2C%22zip%22%3A%2299999%2B1234%22%7D";
    assert_eq!(encode_form(&registration(), &REGISTRATION).unwrap(), whatwg);
    assert_eq!(
        from_form::<Registration>(spec.as_bytes(), &REGISTRATION),
        Ok(registration())
    );
    assert_eq!(
        from_form::<Registration>(whatwg.as_bytes(), &REGISTRATION),
        Ok(registration())
    );
    // The spec's note: `id` as `application/json` would be a JSON string.
    let as_json = [field("id", Style::Form, true, Kind::Json)];
    assert_eq!(
        encode_form(&json!({"id": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"}), &as_json).unwrap(),
        "id=%22f81d4fae-7dec-11d0-a765-00a0c91e6bf6%22"
    );
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Styled {
    tags: Vec<String>,
    csv: Vec<String>,
    piped: Vec<String>,
    spaced: Vec<String>,
    color: BTreeMap<String, u8>,
    note: String,
}

const STYLED: [Wire; 6] = [
    field("tags", Style::Form, true, Kind::List),
    field("csv", Style::Form, false, Kind::List),
    field("piped", Style::PipeDelimited, false, Kind::List),
    field("spaced", Style::SpaceDelimited, false, Kind::List),
    field("color", Style::DeepObject, true, Kind::Object),
    field("note", Style::Form, true, Kind::Scalar),
];

#[test]
fn form_properties_travel_in_their_encodings_style() {
    let styled = Styled {
        tags: vec!["a b".to_owned(), "c,d".to_owned()],
        csv: vec!["x".to_owned(), "y,z".to_owned()],
        piped: vec!["p".to_owned(), "q".to_owned()],
        spaced: vec!["s".to_owned(), "t".to_owned()],
        color: BTreeMap::from([("B".to_owned(), 150), ("R".to_owned(), 100)]),
        note: "x&y=z".to_owned(),
    };
    let body = encode_form(&styled, &STYLED).unwrap();
    assert_eq!(
        body,
        "tags=a+b&tags=c%2Cd&csv=x,y%2Cz&piped=p|q&spaced=s+t&color[B]=150&color[R]=100&note=x%26y%3Dz"
    );
    assert_eq!(from_form::<Styled>(body.as_bytes(), &STYLED), Ok(styled));
}

#[test]
fn a_list_property_of_one_item_is_a_list_whatever_its_text() {
    let one = "tags=1&csv=a,b&piped=x&spaced=y&color[R]=1&note=n";
    let read: Styled = from_form(one.as_bytes(), &STYLED).unwrap();
    assert_eq!(read.tags, ["1"]);
    assert_eq!(read.csv, ["a", "b"]);
    assert_eq!(read.piped, ["x"]);
    // Other clients write the delimiters encoded: `%7C`, `%20`.
    let encoded = "tags=1&csv=a&piped=x%7Cy&spaced=y%20z&color[R]=1&note=n";
    let read: Styled = from_form(encoded.as_bytes(), &STYLED).unwrap();
    assert_eq!(
        (read.piped, read.spaced),
        (
            vec!["x".to_owned(), "y".to_owned()],
            vec!["y".to_owned(), "z".to_owned()]
        )
    );
}

#[test]
fn a_form_property_its_style_cannot_carry_is_refused_by_name() {
    // A `|` or a space inside an item would read as a delimiter however it is written.
    for (name, item, delimiter) in [("piped", "a|b", '|'), ("spaced", "a b", ' ')] {
        match encode_form(&json!({ name: [item] }), &STYLED) {
            Err(crate::runtime::FormError::Field { name: refused, reason }) => {
                assert_eq!(refused, name);
                assert!(reason.contains(delimiter), "{reason}");
            }
            other => panic!("expected a refusal of {name}, got {other:?}"),
        }
    }
    // A comma inside an item is encoded, so it stays in its item.
    assert_eq!(
        encode_form(&json!({"csv": ["a,b", "c"]}), &STYLED).unwrap(),
        "csv=a%2Cb,c"
    );
}

#[test]
fn an_exploded_form_object_property_takes_the_keys_no_other_property_has() {
    let wires = [
        field("color", Style::Form, true, Kind::Object),
        field("note", Style::Form, true, Kind::Scalar),
    ];
    let body = encode_form(&json!({"color": {"R": "100", "G": "200"}, "note": "n"}), &wires).unwrap();
    assert_eq!(body, "R=100&G=200&note=n");
    assert_eq!(
        from_form::<Value>(body.as_bytes(), &wires),
        Ok(json!({"color": {"R": "100", "G": "200"}, "note": "n"}))
    );
}

#[test]
fn properties_without_a_wire_keep_bracket_keys_beside_those_with_one() {
    let wires = [field("tags", Style::Form, true, Kind::List)];
    let body = encode_form(&json!({"tags": ["a"], "extra": {"k": ["v"]}}), &wires).unwrap();
    assert_eq!(body, "tags=a&extra[k][0]=v");
    assert_eq!(
        from_form::<Value>(body.as_bytes(), &wires),
        Ok(json!({"tags": ["a"], "extra": {"k": ["v"]}}))
    );
}

#[test]
fn a_deep_object_list_in_a_form_is_written_with_indices() {
    // Stripe's `expand` (`style: deepObject` on an array): indices, as its servers read it.
    let wires = [field("expand", Style::DeepObject, true, Kind::Object)];
    let body = encode_form(&json!({"expand": ["a", "b c"]}), &wires).unwrap();
    assert_eq!(body, "expand[0]=a&expand[1]=b+c");
    #[derive(Debug, PartialEq, Deserialize)]
    struct Expand {
        expand: Vec<String>,
    }
    assert_eq!(
        from_form::<Expand>(body.as_bytes(), &wires),
        Ok(Expand {
            expand: vec!["a".to_owned(), "b c".to_owned()]
        })
    );
    // One item, or `expand[]` as other clients write it, is a list too.
    assert_eq!(
        from_form::<Expand>(b"expand[0]=a", &wires).map(|e| e.expand),
        Ok(vec!["a".to_owned()])
    );
    assert_eq!(
        from_form::<Expand>(b"expand[]=a", &wires).map(|e| e.expand),
        Ok(vec!["a".to_owned()])
    );
}

#[test]
fn an_allow_reserved_space_delimited_form_list_keeps_its_items() {
    // The body writes its delimiter as `+`, which the reader must split at even under
    // allowReserved (where a query keeps `+` as it is).
    let wire = Wire::body("tags", Style::SpaceDelimited, false, true, Kind::List);
    let body = encode_form(&json!({"tags": ["a", "b/c"]}), &[wire]).unwrap();
    assert_eq!(body, "tags=a+b/c");
    assert_eq!(
        from_form::<Value>(body.as_bytes(), &[wire]),
        Ok(json!({"tags": ["a", "b/c"]}))
    );
}

#[test]
fn a_listed_property_whose_name_holds_brackets_is_not_also_an_extra_one() {
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Bracketed {
        #[serde(rename = "tags[]")]
        tags: Vec<String>,
        c: String,
    }
    let wires = [
        field("tags[]", Style::Form, true, Kind::List),
        field("c", Style::Form, true, Kind::Scalar),
    ];
    let body = encode_form(&json!({"tags[]": ["x", "y"], "c": "z"}), &wires).unwrap();
    assert_eq!(
        from_form::<Bracketed>(body.as_bytes(), &wires),
        Ok(Bracketed {
            tags: vec!["x".to_owned(), "y".to_owned()],
            c: "z".to_owned()
        })
    );
    assert!(from_form::<Bracketed>(b"tags[]=x&c=z", &wires).is_ok());
}
