//! The parameter codec (`runtime::param`) against golden bytes: the OpenAPI specification's
//! own style-examples table (3.0.4 and 3.1.1, which correct label without `explode`), byte
//! for byte, both ways: what a client writes and what a server reads back from those bytes.
//! Then the cases a raw capture of the client found, each with the bytes that carry it.

use crate::runtime::param::{decode, encode, Kind, Received, Style, Tree, Wire};
use crate::runtime::Location;

fn wire(location: Location, style: Style, explode: bool, kind: Kind) -> Wire {
    Wire {
        name: "color",
        location,
        style,
        explode,
        allow_reserved: false,
        kind,
    }
}

fn string() -> Tree {
    Tree::Scalar("blue".into())
}

fn array() -> Tree {
    Tree::List(vec!["blue".into(), "black".into(), "brown".into()])
}

/// `{"R": 100, "G": 200, "B": 150}`, its leaves as text.
fn object() -> Tree {
    let value = serde_json::json!({"R": 100, "G": 200, "B": 150});
    crate::runtime::param::object(&value).expect("an object")
}

fn empty() -> Tree {
    Tree::Scalar(String::new())
}

/// The bytes a parameter puts on the wire, joined as its place joins them.
fn written(w: &Wire, tree: &Tree) -> String {
    let pieces = encode(w, tree).expect("encodable");
    match w.location {
        Location::Cookie => pieces.join("; "),
        _ => pieces.join("&"),
    }
}

/// A request's parameters as they arrived, owned (`Received` borrows them).
#[derive(Default)]
struct Parts {
    captures: Vec<String>,
    query: Vec<(String, String)>,
    headers: http::HeaderMap,
}

impl Parts {
    fn view(&self) -> Received<'_> {
        Received {
            captures: &self.captures,
            query: &self.query,
            headers: &self.headers,
        }
    }
}

/// What a server reads back from `bytes` written where `w` says.
fn read(w: &Wire, bytes: &str) -> Option<Tree> {
    let mut received = Parts::default();
    let mut capture = None;
    match w.location {
        Location::Path => {
            received.captures.push(bytes.to_owned());
            capture = Some(0);
        }
        Location::Header => {
            received
                .headers
                .append(w.name, http::HeaderValue::from_str(bytes).expect("header"));
        }
        Location::Cookie => {
            received.headers.append(
                http::header::COOKIE,
                http::HeaderValue::from_str(bytes).expect("cookie"),
            );
        }
        _ => received.query = Received::parse_query(bytes),
    }
    decode(w, &received.view(), capture, &[]).expect("decodable")
}

/// Both ways: `tree` is written as exactly `bytes`, and `bytes` read back as `tree`.
#[track_caller]
fn golden(w: Wire, tree: Tree, bytes: &str) {
    assert_eq!(written(&w, &tree), bytes, "{w:?} writes {tree:?}");
    assert_eq!(read(&w, bytes), Some(tree), "{w:?} reads {bytes:?}");
}

#[test]
fn matrix_matches_the_specification_table() {
    use Kind::*;
    let p = Location::Path;
    golden(wire(p, Style::Matrix, false, Scalar), empty(), ";color");
    golden(wire(p, Style::Matrix, false, Scalar), string(), ";color=blue");
    golden(wire(p, Style::Matrix, false, List), array(), ";color=blue,black,brown");
    golden(
        wire(p, Style::Matrix, false, Object),
        object(),
        ";color=R,100,G,200,B,150",
    );
    golden(wire(p, Style::Matrix, true, Scalar), empty(), ";color");
    golden(wire(p, Style::Matrix, true, Scalar), string(), ";color=blue");
    golden(
        wire(p, Style::Matrix, true, List),
        array(),
        ";color=blue;color=black;color=brown",
    );
    golden(wire(p, Style::Matrix, true, Object), object(), ";R=100;G=200;B=150");
}

#[test]
fn label_matches_the_corrected_specification_table() {
    use Kind::*;
    let p = Location::Path;
    golden(wire(p, Style::Label, false, Scalar), empty(), ".");
    golden(wire(p, Style::Label, false, Scalar), string(), ".blue");
    // 3.0.3 and 3.1.0 printed `.blue.black.brown` here; RFC 6570 and 3.0.4/3.1.1 say `,`.
    golden(wire(p, Style::Label, false, List), array(), ".blue,black,brown");
    golden(wire(p, Style::Label, false, Object), object(), ".R,100,G,200,B,150");
    golden(wire(p, Style::Label, true, Scalar), empty(), ".");
    golden(wire(p, Style::Label, true, Scalar), string(), ".blue");
    golden(wire(p, Style::Label, true, List), array(), ".blue.black.brown");
    golden(wire(p, Style::Label, true, Object), object(), ".R=100.G=200.B=150");
}

#[test]
fn simple_matches_the_specification_table_in_paths_and_headers() {
    use Kind::*;
    for place in [Location::Path, Location::Header] {
        for explode in [false, true] {
            golden(wire(place, Style::Simple, explode, Scalar), string(), "blue");
            golden(wire(place, Style::Simple, explode, List), array(), "blue,black,brown");
        }
        golden(wire(place, Style::Simple, false, Object), object(), "R,100,G,200,B,150");
        golden(wire(place, Style::Simple, true, Object), object(), "R=100,G=200,B=150");
    }
    golden(wire(Location::Path, Style::Simple, false, Scalar), empty(), "");
}

#[test]
fn form_matches_the_specification_table() {
    use Kind::*;
    let q = Location::Query;
    golden(wire(q, Style::Form, false, Scalar), empty(), "color=");
    golden(wire(q, Style::Form, false, Scalar), string(), "color=blue");
    golden(wire(q, Style::Form, false, List), array(), "color=blue,black,brown");
    golden(wire(q, Style::Form, false, Object), object(), "color=R,100,G,200,B,150");
    golden(wire(q, Style::Form, true, Scalar), empty(), "color=");
    golden(wire(q, Style::Form, true, Scalar), string(), "color=blue");
    golden(
        wire(q, Style::Form, true, List),
        array(),
        "color=blue&color=black&color=brown",
    );
    golden(wire(q, Style::Form, true, Object), object(), "R=100&G=200&B=150");
}

#[test]
fn delimited_and_deep_object_match_the_specification_table() {
    use Kind::*;
    let q = Location::Query;
    golden(
        wire(q, Style::SpaceDelimited, false, List),
        array(),
        "color=blue%20black%20brown",
    );
    golden(
        wire(q, Style::SpaceDelimited, false, Object),
        object(),
        "color=R%20100%20G%20200%20B%20150",
    );
    golden(
        wire(q, Style::PipeDelimited, false, List),
        array(),
        "color=blue|black|brown",
    );
    golden(
        wire(q, Style::PipeDelimited, false, Object),
        object(),
        "color=R|100|G|200|B|150",
    );
    golden(
        wire(q, Style::DeepObject, true, Object),
        object(),
        "color[R]=100&color[G]=200&color[B]=150",
    );
}

#[test]
fn an_empty_list_or_object_is_left_out_as_rfc_6570_says() {
    for (style, explode) in [(Style::Form, true), (Style::Form, false), (Style::PipeDelimited, false)] {
        let w = wire(Location::Query, style, explode, Kind::List);
        assert_eq!(encode(&w, &Tree::List(Vec::new())), Ok(Vec::new()));
        assert_eq!(read(&w, ""), None);
    }
    let w = wire(Location::Query, Style::Form, true, Kind::Object);
    assert_eq!(encode(&w, &Tree::Object(serde_json::Map::new())), Ok(Vec::new()));
}

#[test]
fn delimiters_inside_items_are_encoded_so_no_item_is_lost() {
    let list = |items: &[&str]| Tree::List(items.iter().map(|s| (*s).to_owned()).collect());
    let q = |style, explode| wire(Location::Query, style, explode, Kind::List);
    // The comma list the raw capture found merging `["a,b","c"]` into three items.
    golden(q(Style::Form, false), list(&["a,b", "c"]), "color=a%2Cb,c");
    // One empty item is a value, not an empty list.
    golden(q(Style::Form, false), list(&[""]), "color=");
    // A `|` inside a pipe item cannot travel: other clients write the delimiter `%7C`.
    assert!(encode(&q(Style::PipeDelimited, false), &list(&["a|b", "c"])).is_err());
    assert_eq!(
        read(&q(Style::PipeDelimited, false), "color=a%7Cb|c"),
        Some(list(&["a", "b", "c"]))
    );
    golden(
        q(Style::Form, true),
        list(&["a&b=c", "d e+f"]),
        "color=a%26b%3Dc&color=d%20e%2Bf",
    );
    let p = |style, explode| wire(Location::Path, style, explode, Kind::List);
    golden(p(Style::Simple, false), list(&["a,b", "c/d"]), "a%2Cb,c%2Fd");
    golden(p(Style::Label, true), list(&["v1.2", "x"]), ".v1%2E2.x");
    golden(
        p(Style::Matrix, true),
        list(&["a;b", "c=d"]),
        ";color=a%3Bb;color=c%3Dd",
    );
    let o = wire(Location::Path, Style::Matrix, true, Kind::Object);
    let value = serde_json::json!({"a=b": "c;d"});
    golden(o, crate::runtime::param::object(&value).unwrap(), ";a%3Db=c%3Bd");
}

#[test]
fn a_query_space_is_percent_20_and_a_plus_is_read_as_a_space_unless_reserved() {
    let w = wire(Location::Query, Style::Form, true, Kind::Scalar);
    golden(w, Tree::Scalar("a b+c".into()), "color=a%20b%2Bc");
    assert_eq!(read(&w, "color=a+b"), Some(Tree::Scalar("a b".into())));
    let reserved = Wire {
        allow_reserved: true,
        ..w
    };
    golden(reserved, Tree::Scalar("/a/b?c=d:e+f".into()), "color=/a/b?c=d:e+f");
    // `&` and `#` would end the value or the query: they stay encoded; so does `%`.
    golden(reserved, Tree::Scalar("a&b#c%d".into()), "color=a%26b%23c%25d");
}

#[test]
fn what_an_encoding_cannot_carry_is_refused_not_sent() {
    let list = |items: &[&str]| Tree::List(items.iter().map(|s| (*s).to_owned()).collect());
    let reserved = Wire {
        allow_reserved: true,
        ..wire(Location::Query, Style::Form, false, Kind::List)
    };
    assert!(encode(&reserved, &list(&["a,b", "c"])).is_err());
    let spaced = wire(Location::Query, Style::SpaceDelimited, false, Kind::List);
    assert!(encode(&spaced, &list(&["a b", "c"])).is_err());
    let header = wire(Location::Header, Style::Simple, false, Kind::List);
    assert!(encode(&header, &list(&["a,b"])).is_err());
    assert!(encode(&header, &list(&[""])).is_err());
    assert!(encode(&header, &list(&[" a"])).is_err());
    let cookie = wire(Location::Cookie, Style::Form, true, Kind::Scalar);
    assert!(encode(&cookie, &Tree::Scalar("a;b".into())).is_err());
    assert!(encode(&cookie, &Tree::Scalar("a b".into())).is_err());
}

#[test]
fn header_lists_are_read_across_field_lines_with_blanks_around_items() {
    let w = wire(Location::Header, Style::Simple, false, Kind::List);
    let mut received = Parts::default();
    received.headers.append("color", http::HeaderValue::from_static("1, 2"));
    received
        .headers
        .append("color", http::HeaderValue::from_static("3 ,,\t4"));
    assert_eq!(
        decode(&w, &received.view(), None, &[]),
        Ok(Some(Tree::List(vec!["1".into(), "2".into(), "3".into(), "4".into()])))
    );
}

#[test]
fn cookies_carry_lists_and_objects_in_form_style() {
    let list = Tree::List(vec!["a".into(), "b".into()]);
    golden(
        wire(Location::Cookie, Style::Form, false, Kind::List),
        list.clone(),
        "color=a,b",
    );
    golden(
        wire(Location::Cookie, Style::Form, true, Kind::List),
        list,
        "color=a; color=b",
    );
    golden(
        wire(Location::Cookie, Style::Form, false, Kind::Object),
        object(),
        "color=R,100,G,200,B,150",
    );
}

#[test]
fn deep_object_keys_keep_brackets_and_empty_names_inside_a_property_name() {
    let w = wire(Location::Query, Style::DeepObject, true, Kind::Object);
    let value = serde_json::json!({"x][y": "1", "": "2", "n": {"m": "3"}});
    let tree = crate::runtime::param::object(&value).unwrap();
    golden(w, tree.clone(), "color[x%5D%5By]=1&color[]=2&color[n][m]=3");
    // Brackets that arrive encoded are read as brackets.
    assert_eq!(
        read(&w, "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"),
        Some(object())
    );
}

#[test]
fn a_value_without_its_styles_lead_is_refused_with_the_reason() {
    let w = wire(Location::Path, Style::Label, false, Kind::Scalar);
    let mut received = Parts::default();
    received.captures.push("blue".into());
    assert!(decode(&w, &received.view(), Some(0), &[])
        .unwrap_err()
        .contains("starts with"));
    let m = wire(Location::Path, Style::Matrix, false, Kind::Scalar);
    received.captures[0] = ";other=blue".into();
    assert!(decode(&m, &received.view(), Some(0), &[]).is_err());
    let o = wire(Location::Query, Style::Form, false, Kind::Object);
    received.query = Received::parse_query("color=R,100,G");
    assert!(decode(&o, &received.view(), None, &[]).is_err());
}

#[test]
fn what_other_clients_send_reads_the_same() {
    let list = |items: &[&str]| Tree::List(items.iter().map(|s| (*s).to_owned()).collect());
    // Python's requests, URLSearchParams and Go encode `|` and write a space as `+`.
    let pipes = wire(Location::Query, Style::PipeDelimited, false, Kind::List);
    assert_eq!(read(&pipes, "color=1%7C2%7c3"), Some(list(&["1", "2", "3"])));
    let spaces = wire(Location::Query, Style::SpaceDelimited, false, Kind::List);
    assert_eq!(read(&spaces, "color=1+2%203"), Some(list(&["1", "2", "3"])));
    // Under allowReserved a `+` is itself: it neither splits nor is sent inside an item.
    let reserved = Wire {
        allow_reserved: true,
        ..spaces
    };
    assert_eq!(read(&reserved, "color=1+1%202"), Some(list(&["1+1", "2"])));
    assert!(encode(&reserved, &list(&["1+1"])).is_err());
}

#[test]
fn a_form_object_leaves_other_parameters_keys_alone_and_bad_keys_belong_to_nobody() {
    let form = wire(Location::Query, Style::Form, true, Kind::Object);
    let mut received = Parts {
        query: Received::parse_query("a=1&filter[x]=2&filter%5By%5D=3&limit=4"),
        ..Parts::default()
    };
    let mut expected = serde_json::Map::new();
    expected.insert("a".into(), "1".into());
    assert_eq!(
        decode(&form, &received.view(), None, &["filter", "limit"]),
        Ok(Some(Tree::Object(expected)))
    );
    // A key that is no well-formed key fails no absent deepObject parameter.
    let deep = wire(Location::Query, Style::DeepObject, true, Kind::Object);
    received.query = Received::parse_query("utm[=1&other=2");
    assert_eq!(decode(&deep, &received.view(), None, &[]), Ok(None));
}

#[test]
fn keys_nest_only_so_deep() {
    let deep = wire(Location::Query, Style::DeepObject, true, Kind::Object);
    let key = format!("color{}", "[a]".repeat(crate::runtime::param::MAX_KEY_DEPTH + 1));
    let received = Parts {
        query: vec![(key, "1".into())],
        ..Parts::default()
    };
    // Too deep a key belongs to nobody (rebuilding it would recurse without bound).
    assert_eq!(decode(&deep, &received.view(), None, &[]), Ok(None));
    assert!(crate::runtime::param::key_path(&format!("a{}", "[]".repeat(1_000_000))).is_err());
}

#[test]
fn a_header_value_with_blank_edges_is_refused() {
    let header = wire(Location::Header, Style::Simple, false, Kind::Scalar);
    assert!(encode(&header, &Tree::Scalar(" hi".into())).is_err());
    assert_eq!(encode(&header, &Tree::Scalar("h i".into())), Ok(vec!["h i".to_owned()]));
    let cookie = wire(Location::Cookie, Style::Form, true, Kind::Object);
    let value = serde_json::json!({"a=b": "c"});
    assert!(encode(&cookie, &crate::runtime::param::object(&value).unwrap()).is_err());
}
