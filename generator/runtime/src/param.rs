//! Parameters on the wire: the one codec for every `style`, `explode` and `allowReserved`
//! OpenAPI defines, in both directions.
//!
//! A parameter's value is first made text ([`Tree`]: one text, a list of texts, or an
//! object whose leaves are text), then written as RFC 6570 writes the style's expansion, as
//! the OpenAPI specification's style-examples table shows (3.0.4 and 3.1.1, where label
//! without `explode` joins items with `,`):
//!
//! | style | `explode` | `"blue"` | `["blue","black","brown"]` | `{"R":100,"G":200}` |
//! |---|---|---|---|---|
//! | matrix | no | `;color=blue` | `;color=blue,black,brown` | `;color=R,100,G,200` |
//! | matrix | yes | `;color=blue` | `;color=blue;color=black;color=brown` | `;R=100;G=200` |
//! | label | no | `.blue` | `.blue,black,brown` | `.R,100,G,200` |
//! | label | yes | `.blue` | `.blue.black.brown` | `.R=100.G=200` |
//! | simple | either | `blue` | `blue,black,brown` | `R,100,G,200` / `R=100,G=200` |
//! | form | no | `color=blue` | `color=blue,black,brown` | `color=R,100,G,200` |
//! | form | yes | `color=blue` | `color=blue&color=black&color=brown` | `R=100&G=200` |
//! | spaceDelimited | no | | `color=blue%20black%20brown` | `color=R%20100%20G%20200` |
//! | pipeDelimited | no | | `color=blue\|black\|brown` | `color=R\|100\|G\|200` |
//! | deepObject | yes | | | `color[R]=100&color[G]=200` |
//!
//! **Delimiters inside values** are percent-encoded in paths and queries (`["a,b","c"]` is
//! `a%2Cb,c`), and a server splits a value at its delimiters *before* percent-decoding it,
//! so no item is lost or split. Where an encoding cannot carry a value, the client refuses
//! it ([`encode`] returns why) instead of sending bytes that decode to something else:
//! headers and cookies are not percent-encoded (a `,` inside a list item, an empty or
//! blank-edged item or value, a cookie value outside RFC 6265's `cookie-octet`, an
//! exploded cookie object's name that is not a token), nor are `allowReserved` values (a
//! `,` inside an item of a comma list, a `+` inside a `spaceDelimited` item); a
//! `spaceDelimited` item may hold no space and a `pipeDelimited` item no `|`, since other
//! clients write those delimiters encoded (`%20`, `+`, `%7C`) and a server splits at every
//! spelling. An empty path value, and a required list or object that is empty, cannot be
//! sent either (see `client::Request::param`).
//!
//! **Queries** encode a space as `%20` (RFC 3986), never `+`; a server still reads `+` as a
//! space (HTML forms send it), except in `allowReserved` values, where `+` is itself.
//!
//! **Empty values.** An empty list or object is undefined in RFC 6570: the parameter is left
//! out. An empty string is written (`color=`, `;color`, `.`).
//!
//! **Headers** are read as HTTP lists (RFC 9110 §5.6.1): every field line of the name, split
//! at commas, each item without the blanks around it, empty items dropped.

use super::Location;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// A parameter's `style` (OpenAPI's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// What the value of a parameter is, as its style sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// One text: a string, number, boolean, string enum or union of such.
    Scalar,
    /// A list of texts.
    List,
    /// An object; under `deepObject` it may nest.
    Object,
    /// Any value, written as its JSON text (a `content: application/json` parameter, a
    /// form property in `application/json`): one text value to its style.
    Json,
}

/// How one parameter travels: everything the spec says of its serialization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Wire {
    pub name: &'static str,
    pub location: Location,
    pub style: Style,
    pub explode: bool,
    pub allow_reserved: bool,
    pub kind: Kind,
}

impl Wire {
    /// A form body's property: written as a query parameter of its name would be (in the
    /// body's own percent-encoding, where a space is `+`).
    pub const fn body(name: &'static str, style: Style, explode: bool, allow_reserved: bool, kind: Kind) -> Wire {
        Wire {
            name,
            location: Location::Body,
            style,
            explode,
            allow_reserved,
            kind,
        }
    }
}

/// A parameter's value as text, before its style writes it (or after it was read).
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    Scalar(String),
    List(Vec<String>),
    /// Leaves are JSON strings; under `deepObject`, objects and lists may nest.
    Object(serde_json::Map<String, serde_json::Value>),
    /// A value that is not an object where an object may be (a union of an object and a
    /// number, say): only `deepObject` writes it (`name=7`, `name[0]=a`).
    Nested(serde_json::Value),
}

/// One text value (a string, number, boolean, enum…).
pub fn scalar<T: super::ParamText + ?Sized>(value: &T) -> Tree {
    Tree::Scalar(value.param_text())
}

/// A list of text values.
pub fn list<T: super::ParamValue>(items: &[T]) -> Tree {
    Tree::List(items.iter().map(super::ParamValue::write_param).collect())
}

/// An object, through its JSON form: scalar leaves become their text, nulls are left out
/// (RFC 6570's undefined), nested values stay nested (a `deepObject` writes them with more
/// brackets; other styles, where OpenAPI defines no nesting, write them as JSON text).
pub fn object<T: serde::Serialize + ?Sized>(value: &T) -> Result<Tree, serde_json::Error> {
    fn text(value: serde_json::Value) -> Option<serde_json::Value> {
        use serde_json::Value;
        match value {
            Value::Null => None,
            Value::String(s) => Some(Value::String(s)),
            Value::Bool(_) | Value::Number(_) => Some(Value::String(value.to_string())),
            Value::Array(items) => Some(Value::Array(items.into_iter().filter_map(text).collect())),
            Value::Object(map) => Some(Value::Object(
                map.into_iter().filter_map(|(k, v)| Some((k, text(v)?))).collect(),
            )),
        }
    }
    Ok(match text(serde_json::to_value(value)?) {
        Some(serde_json::Value::Object(map)) => Tree::Object(map),
        Some(other) => Tree::Nested(other),
        None => Tree::Object(serde_json::Map::new()),
    })
}

/// A property's JSON value as a `kind` of text (a form body's property, say): scalars
/// become their text, a list its items' text, anything else an object or nested value as
/// [`object`] makes it.
pub fn tree_of(kind: Kind, value: &serde_json::Value) -> Tree {
    use serde_json::Value;
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match (kind, value) {
        (Kind::Json, value) => Tree::Scalar(value.to_string()),
        (Kind::List, Value::Array(items)) => Tree::List(items.iter().filter(|v| !v.is_null()).map(text).collect()),
        (Kind::Scalar | Kind::List, Value::String(_) | Value::Number(_) | Value::Bool(_)) => Tree::Scalar(text(value)),
        _ => object(value).unwrap_or_else(|_| Tree::Scalar(text(value))),
    }
}

/// A tree as JSON whose leaves are strings (what [`super::from_text_tree`] reads).
pub fn tree_json(tree: Tree) -> serde_json::Value {
    use serde_json::Value;
    match tree {
        Tree::Scalar(s) => Value::String(s),
        Tree::List(items) => Value::Array(items.into_iter().map(Value::String).collect()),
        Tree::Object(map) => Value::Object(map),
        Tree::Nested(value) => value,
    }
}

/// RFC 3986's unreserved characters stay as they are; everything else is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// Label style separates items with `.`, so inside an item it is encoded too.
const LABEL: &AsciiSet = &UNRESERVED.add(b'.');
/// `allowReserved`: RFC 3986's reserved characters stay too, except `#` and `&`, which
/// would end the query or the value (sent encoded, which any reader decodes), and `%`,
/// which stays encoded so that a value is never taken for an encoding of another.
const RESERVED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// A `key=value` query pair of plain text (a credential), percent-encoded.
pub fn query_pair(key: &str, value: &str) -> String {
    format!("{}={}", pct(key, UNRESERVED), pct(value, UNRESERVED))
}

fn pct(text: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(text, set).to_string()
}

/// The pieces a parameter adds to its place, or why its value cannot travel there: for a
/// path, one piece (the text that replaces `{name}`, encoded); for a query, `key=value`
/// pairs, encoded, to be joined with `&`; for a header, one piece (its value); for a
/// cookie, `name=value` pairs, to be joined with `; `. Nothing when the value is undefined
/// (an empty list or object).
pub fn encode(wire: &Wire, tree: &Tree) -> Result<Vec<String>, String> {
    if matches!(tree, Tree::Nested(_)) && wire.style != Style::DeepObject {
        return Err(format!(
            "only a deepObject carries this value; {} does not",
            style_name(wire.style)
        ));
    }
    match wire.location {
        Location::Path => Ok(vec![path(wire, tree)]),
        Location::Header => header(tree, wire.explode).map(|h| h.into_iter().collect()),
        Location::Cookie => cookie(wire, tree),
        _ => query(wire, tree),
    }
}

/// Whether an empty list or object: RFC 6570 leaves such a variable out.
fn undefined(tree: &Tree) -> bool {
    match tree {
        Tree::Scalar(_) => false,
        Tree::List(items) => items.is_empty(),
        Tree::Object(map) => map.is_empty(),
        Tree::Nested(value) => value.as_array().is_some_and(Vec::is_empty),
    }
}

/// An object's leaves as text (a nested value as JSON text).
fn leaves(map: &serde_json::Map<String, serde_json::Value>) -> impl Iterator<Item = (&str, String)> {
    map.iter().map(|(k, v)| match v {
        serde_json::Value::String(s) => (k.as_str(), s.clone()),
        other => (k.as_str(), other.to_string()),
    })
}

fn path(wire: &Wire, tree: &Tree) -> String {
    if undefined(tree) {
        return String::new();
    }
    let set = if wire.style == Style::Label { LABEL } else { UNRESERVED };
    let e = |s: &str| pct(s, set);
    let name = pct(wire.name, UNRESERVED);
    // `;name` alone for an empty value, `;name=value` otherwise.
    let named = |value: String| {
        if value.is_empty() {
            format!(";{name}")
        } else {
            format!(";{name}={value}")
        }
    };
    match (wire.style, tree) {
        (Style::Label, Tree::Scalar(s)) => format!(".{}", e(s)),
        (Style::Matrix, Tree::Scalar(s)) => named(e(s)),
        (_, Tree::Scalar(s)) => e(s),
        // `encode` refuses it before: only a deepObject carries such a value.
        (_, Tree::Nested(value)) => e(&value.to_string()),
        (Style::Label, Tree::List(items)) => {
            let sep = if wire.explode { "." } else { "," };
            format!(".{}", items.iter().map(|i| e(i)).collect::<Vec<_>>().join(sep))
        }
        (Style::Matrix, Tree::List(items)) if wire.explode => items.iter().map(|i| named(e(i))).collect(),
        (Style::Matrix, Tree::List(items)) => named(items.iter().map(|i| e(i)).collect::<Vec<_>>().join(",")),
        (_, Tree::List(items)) => items.iter().map(|i| e(i)).collect::<Vec<_>>().join(","),
        (style, Tree::Object(map)) => {
            let pairs: Vec<(String, String)> = leaves(map).map(|(k, v)| (e(k), e(&v))).collect();
            if wire.explode {
                let (lead, sep) = match style {
                    Style::Label => (".", "."),
                    Style::Matrix => (";", ";"),
                    _ => ("", ","),
                };
                let joined = pairs
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(sep);
                format!("{lead}{joined}")
            } else {
                let flat = pairs
                    .iter()
                    .flat_map(|(k, v)| [k.as_str(), v.as_str()])
                    .collect::<Vec<_>>()
                    .join(",");
                match style {
                    Style::Label => format!(".{flat}"),
                    Style::Matrix => named(flat),
                    _ => flat,
                }
            }
        }
    }
}

fn query(wire: &Wire, tree: &Tree) -> Result<Vec<String>, String> {
    if undefined(tree) {
        return Ok(Vec::new());
    }
    // A form body (`application/x-www-form-urlencoded`) is written as that format's
    // serializer writes it (WHATWG URL §5.2: a space is `+`); a URL's query by RFC 3986.
    let body = wire.location == Location::Body;
    let set = if wire.allow_reserved { RESERVED } else { UNRESERVED };
    let e = |s: &str| {
        if body && !wire.allow_reserved {
            form_name(s)
        } else {
            pct(s, set)
        }
    };
    let name = if body {
        form_name(wire.name)
    } else {
        pct(wire.name, UNRESERVED)
    };
    // The delimiter between items, and what an item may not hold because of it (a `,`
    // inside an item is encoded, so it may; in a form body too, as the specification's
    // examples write the delimiter as it is).
    let (sep, banned) = match wire.style {
        Style::SpaceDelimited if body => ("+", ' '),
        Style::SpaceDelimited => ("%20", ' '),
        _ if wire.style == Style::PipeDelimited => ("|", '|'),
        _ => (",", ','),
    };
    let joined = |items: &mut dyn Iterator<Item = &str>| -> Result<String, String> {
        let mut out = Vec::new();
        for item in items {
            // What a reader may take for the delimiter: a space or a `|` however written
            // (clients send them as `%20`, `+` or `%7C` too), a `,` left unencoded.
            if item.contains(banned) && (wire.allow_reserved || banned != ',') {
                return Err(format!(
                    "an item holds {banned:?}, which separates items here ({}), so it cannot be sent",
                    style_name(wire.style)
                ));
            }
            // Under allowReserved a `+` stays as it is, which a spaceDelimited reader takes
            // for a space.
            if wire.allow_reserved && banned == ' ' && item.contains('+') {
                return Err(
                    "an item holds `+`, which reads as the space between items here, so it cannot be sent".to_owned(),
                );
            }
            out.push(e(item));
        }
        Ok(out.join(sep))
    };
    Ok(match (wire.style, tree) {
        (Style::DeepObject, tree) => {
            let value = match tree {
                Tree::Scalar(s) => serde_json::Value::String(s.clone()),
                Tree::List(items) => items.iter().cloned().map(serde_json::Value::String).collect(),
                Tree::Object(map) => serde_json::Value::Object(map.clone()),
                Tree::Nested(value) => value.clone(),
            };
            // Brackets are literal; inside a key they are encoded, so `x][y` stays one key.
            deep_keys(&name, &value)
                .into_iter()
                .map(|(key, leaf)| format!("{key}={}", e(&leaf)))
                .collect()
        }
        (_, Tree::Scalar(s)) => vec![format!("{name}={}", e(s))],
        (_, Tree::Nested(value)) => vec![format!("{name}={}", e(&value.to_string()))],
        (Style::Form, Tree::List(items)) if wire.explode => items.iter().map(|i| format!("{name}={}", e(i))).collect(),
        (_, Tree::List(items)) => vec![format!("{name}={}", joined(&mut items.iter().map(String::as_str))?)],
        (Style::Form, Tree::Object(map)) if wire.explode => {
            let mut out = Vec::new();
            for (k, v) in leaves(map) {
                let k = if body { form_name(k) } else { pct(k, UNRESERVED) };
                out.push(format!("{k}={}", e(&v)));
            }
            out
        }
        (_, Tree::Object(map)) => {
            let flat: Vec<(&str, String)> = leaves(map).collect();
            let mut items = flat.iter().flat_map(|(k, v)| [*k, v.as_str()]);
            vec![format!("{name}={}", joined(&mut items)?)]
        }
    })
}

/// A property name inside a form body's key: form-encoded (a space is `+`), brackets included.
pub fn form_name(name: &str) -> String {
    form_urlencoded::byte_serialize(name.as_bytes()).collect()
}

/// A key's parts: `a[b][0]` is `["a", "b", "0"]`, split at its literal brackets, each part
/// then decoded as query text (`+` a space). A key whose brackets arrived encoded
/// (`a%5Bb%5D`, as some clients send) is decoded first, then split where that gives a
/// well-formed key; otherwise it is one name (`x%5D%5By` is `x][y`).
pub fn key_path(raw: &str) -> Result<Vec<String>, String> {
    let literal = raw.contains('[');
    let decoded;
    let key: &str = if literal {
        raw
    } else {
        decoded = unquery(raw, false)?;
        let well_formed = match decoded.find('[') {
            Some(open) => decoded[open..]
                .strip_prefix('[')
                .and_then(|r| r.strip_suffix(']'))
                .is_some_and(|inner| inner.split("][").all(|p| !p.contains(['[', ']']))),
            None => true,
        };
        if !well_formed {
            return Ok(vec![decoded]);
        }
        &decoded
    };
    let part = |s: &str| if literal { unquery(s, false) } else { Ok(s.to_owned()) };
    let (head, rest) = match key.find('[') {
        Some(open) => (&key[..open], &key[open..]),
        None => (key, ""),
    };
    let mut path = vec![part(head)?];
    if !rest.is_empty() {
        let inner = rest
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .ok_or_else(|| format!("the key {key:?} is not `name[…]`"))?;
        for segment in inner.split("][") {
            path.push(part(segment)?);
            if path.len() > MAX_KEY_DEPTH {
                return Err(format!("the key nests deeper than {MAX_KEY_DEPTH} levels"));
            }
        }
    }
    Ok(path)
}

/// How deep a bracket key may nest: what values are rebuilt from is recursive.
pub const MAX_KEY_DEPTH: usize = 32;

/// `name[a][0]=…` keys of a deepObject value, each key part encoded (brackets literal).
fn deep_keys(name: &str, value: &serde_json::Value) -> Vec<(String, String)> {
    nested_keys(name, value, &|k| pct(k, UNRESERVED))
}

/// `name[a][0]=…` keys of a value under `name` (already encoded), each property name
/// encoded by `encode`, brackets literal; leaves as text, nulls left out.
pub fn nested_keys(name: &str, value: &serde_json::Value, encode: &dyn Fn(&str) -> String) -> Vec<(String, String)> {
    fn walk(key: String, value: &serde_json::Value, encode: &dyn Fn(&str) -> String, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    walk(format!("{key}[{}]", encode(k)), v, encode, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(format!("{key}[{i}]"), v, encode, out);
                }
            }
            serde_json::Value::String(s) => out.push((key, s.clone())),
            serde_json::Value::Null => {}
            other => out.push((key, other.to_string())),
        }
    }
    let mut out = Vec::new();
    walk(name.to_owned(), value, encode, &mut out);
    out
}

/// A header value (never percent-encoded), or why the value cannot be one.
fn header(tree: &Tree, explode: bool) -> Result<Option<String>, String> {
    let item = |s: &str| -> Result<(), String> {
        if s.is_empty() || s.contains(',') || s.starts_with([' ', '\t']) || s.ends_with([' ', '\t']) {
            Err(format!(
                "the list item {s:?} cannot be told apart in a header list (RFC 9110 §5.6.1)"
            ))
        } else {
            Ok(())
        }
    };
    if undefined(tree) {
        return Ok(None);
    }
    Ok(Some(match tree {
        // A header value loses the blanks around it (RFC 9110 §5.5).
        Tree::Scalar(s) if s.starts_with([' ', '\t']) || s.ends_with([' ', '\t']) => {
            return Err(format!(
                "{s:?}: a header value cannot begin or end with a blank (RFC 9110 §5.5)"
            ))
        }
        Tree::Scalar(s) => s.clone(),
        Tree::Nested(value) => value.to_string(),
        Tree::List(items) => {
            items.iter().try_for_each(|i| item(i))?;
            items.join(",")
        }
        Tree::Object(map) => {
            let mut parts = Vec::new();
            for (k, v) in leaves(map) {
                item(k)?;
                item(&v)?;
                if explode && k.contains('=') {
                    return Err(format!(
                        "the key {k:?} holds `=`, which separates keys from values here"
                    ));
                }
                parts.push(if explode {
                    format!("{k}={v}")
                } else {
                    format!("{k},{v}")
                });
            }
            parts.join(",")
        }
    }))
}

/// RFC 6265 `cookie-octet`: visible ASCII but `"`, `,`, `;` and `\`.
pub fn cookie_octets(value: &str) -> bool {
    value
        .bytes()
        .all(|b| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E))
}

fn cookie(wire: &Wire, tree: &Tree) -> Result<Vec<String>, String> {
    let check = |s: &str| {
        if cookie_octets(s) {
            Ok(())
        } else {
            Err(format!(
                "{s:?}: a cookie value may only hold visible ASCII other than `\"`, `,`, `;` and `\\`"
            ))
        }
    };
    let name = wire.name;
    match tree {
        _ if undefined(tree) => Ok(Vec::new()),
        Tree::Scalar(s) => check(s).map(|()| vec![format!("{name}={s}")]),
        Tree::Nested(value) => {
            let text = value.to_string();
            check(&text).map(|()| vec![format!("{name}={text}")])
        }
        Tree::List(items) => {
            items.iter().try_for_each(|i| check(i))?;
            Ok(if wire.explode {
                items.iter().map(|i| format!("{name}={i}")).collect()
            } else {
                vec![format!("{name}={}", items.join(","))]
            })
        }
        Tree::Object(map) => {
            let mut out = Vec::new();
            for (k, v) in leaves(map) {
                // A name is an RFC 9110 token when it stands as a cookie's own name.
                let token = !k.is_empty()
                    && k.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                if wire.explode && !token {
                    return Err(format!("{k:?}: a cookie name must be a token (RFC 6265)"));
                }
                check(k)?;
                check(&v)?;
                out.push((k.to_owned(), v));
            }
            Ok(if wire.explode {
                out.into_iter().map(|(k, v)| format!("{k}={v}")).collect()
            } else {
                vec![format!(
                    "{name}={}",
                    out.into_iter().flat_map(|(k, v)| [k, v]).collect::<Vec<_>>().join(",")
                )]
            })
        }
    }
}

/// A request's parameters as they arrived, not yet decoded: what [`decode`] reads.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    /// Path captures in template order, percent-encoded as sent.
    pub captures: &'a [String],
    /// The query's `key=value` pairs in order, percent-encoded as sent.
    pub query: &'a [(String, String)],
    pub headers: &'a http::HeaderMap,
}

impl Received<'_> {
    /// Splits a raw query (`a=1&b=%20`) into pairs, not decoded.
    pub fn parse_query(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (p.to_owned(), String::new()),
            })
            .collect()
    }

    /// The `Cookie` header's pairs, in order.
    fn cookies(&self) -> Vec<(&'_ str, &'_ str)> {
        cookie_pairs(self.headers).collect()
    }
}

/// The `name=value` pairs of every `Cookie` header line, in order, not decoded.
pub fn cookie_pairs(headers: &http::HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
}

/// Percent-decodes query text: `+` is a space first, except in `allowReserved` values.
fn unquery(raw: &str, allow_reserved: bool) -> Result<String, String> {
    let spaced;
    let raw = if allow_reserved {
        raw
    } else {
        spaced = raw.replace('+', " ");
        &spaced
    };
    unpct(raw)
}

fn unpct(raw: &str) -> Result<String, String> {
    percent_decode_str(raw)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| format!("{raw:?} is not percent-encoded UTF-8"))
}

/// Reads a parameter back from what arrived: `Ok(None)` when it is absent, `Err` with why
/// when its text does not have its style's form. `others`: the names of the operation's
/// other query parameters (and query credentials), which an exploded form object does not
/// take as its properties (cookies likewise).
pub fn decode(
    wire: &Wire,
    received: &Received,
    capture: Option<usize>,
    others: &[&str],
) -> Result<Option<Tree>, String> {
    match wire.location {
        Location::Path => match capture.and_then(|i| received.captures.get(i)) {
            Some(raw) => decode_path(wire, raw).map(Some),
            None => Ok(None),
        },
        Location::Header => {
            let lines: Vec<&str> = received
                .headers
                .get_all(wire.name)
                .iter()
                .map(|v| {
                    v.to_str()
                        .map_err(|_| "a header value that is not visible ASCII".to_owned())
                })
                .collect::<Result<_, _>>()?;
            decode_header(wire, &lines)
        }
        Location::Cookie => decode_cookie(wire, &received.cookies(), others),
        _ => {
            let pairs: Vec<(&str, &str)> = received.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            decode_query(wire, &pairs, others)
        }
    }
}

/// Items split at `sep` before decoding each (so an encoded delimiter stays inside its item).
fn split_decode(raw: &str, sep: &str, decode: &dyn Fn(&str) -> Result<String, String>) -> Result<Vec<String>, String> {
    raw.split(sep).map(decode).collect()
}

/// Alternating `k,v,k,v` items as an object.
fn alternating(items: Vec<String>) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    if items.len() % 2 == 1 {
        return Err("an object written as `key,value,…` needs an even number of items".to_owned());
    }
    let mut map = serde_json::Map::new();
    let mut it = items.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        map.insert(k, serde_json::Value::String(v));
    }
    Ok(map)
}

/// `k=v` items as an object.
fn assigned(items: impl Iterator<Item = String>) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let mut map = serde_json::Map::new();
    for item in items {
        let (k, v) = item
            .split_once('=')
            .ok_or_else(|| format!("{item:?} is not `key=value`"))?;
        map.insert(k.to_owned(), serde_json::Value::String(v.to_owned()));
    }
    Ok(map)
}

fn decode_path(wire: &Wire, raw: &str) -> Result<Tree, String> {
    let name = pct(wire.name, UNRESERVED);
    let decode = |s: &str| unpct(s);
    let lead = |prefix: &str| -> Result<&str, String> {
        raw.strip_prefix(prefix)
            .ok_or_else(|| format!("a {} path value starts with {prefix:?}", style_name(wire.style)))
    };
    // The text after the style's lead, and what separates items in it.
    let (body, sep) = match (wire.style, wire.kind, wire.explode) {
        (Style::Label, _, explode) => (lead(".")?, if explode { "." } else { "," }),
        (Style::Matrix, Kind::List, true) => {
            // `;name=a;name=b` (`;name` for an empty item).
            let items = raw
                .split(';')
                .skip(1)
                .map(|piece| match piece.split_once('=') {
                    Some((k, v)) if k == name => decode(v),
                    None if piece == name => Ok(String::new()),
                    _ => Err(format!("{piece:?} is not `{name}=…`")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            if !raw.starts_with(';') {
                return Err("a matrix path value starts with \";\"".to_owned());
            }
            return Ok(Tree::List(items));
        }
        (Style::Matrix, Kind::Object, true) => (lead(";")?, ";"),
        (Style::Matrix, _, _) => {
            let rest = lead(&format!(";{name}"))?;
            match rest.strip_prefix('=') {
                Some(body) => (body, ","),
                None if rest.is_empty() => ("", ","),
                None => return Err(format!("a matrix path value is `;{name}=…`")),
            }
        }
        _ => (raw, ","),
    };
    Ok(match wire.kind {
        Kind::Scalar | Kind::Json => Tree::Scalar(decode(body)?),
        Kind::List if body.is_empty() => Tree::List(Vec::new()),
        Kind::List => Tree::List(split_decode(body, sep, &decode)?),
        Kind::Object if body.is_empty() => Tree::Object(serde_json::Map::new()),
        Kind::Object if wire.explode => {
            // Split at `=` before decoding, so an encoded `=` stays in its key or value.
            let mut map = serde_json::Map::new();
            for piece in body.split(sep) {
                let (k, v) = piece
                    .split_once('=')
                    .ok_or_else(|| format!("{piece:?} is not `key=value`"))?;
                map.insert(decode(k)?, serde_json::Value::String(decode(v)?));
            }
            Tree::Object(map)
        }
        Kind::Object => Tree::Object(alternating(split_decode(body, sep, &decode)?)?),
    })
}

fn style_name(style: Style) -> &'static str {
    match style {
        Style::Simple => "simple",
        Style::Label => "label",
        Style::Matrix => "matrix",
        Style::Form => "form",
        Style::SpaceDelimited => "spaceDelimited",
        Style::PipeDelimited => "pipeDelimited",
        Style::DeepObject => "deepObject",
    }
}

/// Reads a query parameter (or a form body's property) from the raw `key=value` pairs: see
/// [`decode`].
pub fn decode_query(wire: &Wire, pairs: &[(&str, &str)], others: &[&str]) -> Result<Option<Tree>, String> {
    let reserved = wire.allow_reserved;
    let decode = |s: &str| unquery(s, reserved);
    // Keys are compared decoded: `color%5BR%5D` is `color[R]`.
    let key = |k: &str| unquery(k, false).unwrap_or_else(|_| k.to_owned());
    let mut named = pairs.iter().filter(|(k, _)| key(k) == wire.name).map(|(_, v)| *v);
    if wire.style == Style::DeepObject {
        return decode_deep(wire.name, pairs, reserved);
    }
    if wire.style == Style::Form && wire.explode && wire.kind == Kind::Object {
        let mut map = serde_json::Map::new();
        for (raw_key, v) in pairs {
            let k = key(raw_key);
            // `filter[x]` belongs to a parameter `filter`, as `filter` does.
            let head = key_path(raw_key)
                .ok()
                .and_then(|p| p.into_iter().next())
                .unwrap_or_else(|| k.clone());
            if !others.contains(&k.as_str()) && !others.contains(&head.as_str()) {
                map.insert(k, serde_json::Value::String(decode(v)?));
            }
        }
        return Ok((!map.is_empty()).then_some(Tree::Object(map)));
    }
    if wire.style == Style::Form && wire.explode && wire.kind == Kind::List {
        let items = named.map(decode).collect::<Result<Vec<_>, _>>()?;
        return Ok((!items.is_empty()).then_some(Tree::List(items)));
    }
    let Some(raw) = named.next() else { return Ok(None) };
    let items = |raw: &str| -> Result<Vec<String>, String> {
        match wire.style {
            // A space may arrive as `%20`, `+` (but in an allowReserved value) or itself;
            // items hold none (a client refuses them).
            Style::SpaceDelimited => {
                // A form body writes its space as `+` even under allowReserved (see `query`).
                let spaced = if reserved && wire.location != Location::Body {
                    raw.to_owned()
                } else {
                    raw.replace('+', " ")
                };
                let spaced = spaced.replace("%20", " ");
                split_decode(&spaced, " ", &unpct)
            }
            // `|` is not a URI character, so clients send it as `%7C` too; items hold none.
            Style::PipeDelimited => {
                let piped = raw.replace("%7C", "|").replace("%7c", "|");
                split_decode(&piped, "|", &decode)
            }
            _ => split_decode(raw, ",", &decode),
        }
    };
    Ok(Some(match wire.kind {
        Kind::Scalar | Kind::Json => Tree::Scalar(decode(raw)?),
        Kind::List => Tree::List(items(raw)?),
        Kind::Object => Tree::Object(alternating(items(raw)?)?),
    }))
}

/// A deepObject value: every pair whose key is `name[…]…` (or `name` itself), nested.
fn decode_deep(name: &str, pairs: &[(&str, &str)], reserved: bool) -> Result<Option<Tree>, String> {
    let mut found = Vec::new();
    for (raw_key, raw_value) in pairs {
        // A key that is not a well-formed one belongs to no parameter of this one's name.
        let Ok(mut path) = key_path(raw_key) else { continue };
        if path.first().map(String::as_str) != Some(name) {
            continue;
        }
        path.remove(0);
        found.push((path, unquery(raw_value, reserved)?));
    }
    if found.is_empty() {
        return Ok(None);
    }
    Ok(
        match super::nest_paths(
            found
                .iter()
                .map(|(p, v)| (p.iter().map(String::as_str).collect::<Vec<_>>(), v.as_str())),
        ) {
            Some(serde_json::Value::Object(map)) => Some(Tree::Object(map)),
            Some(serde_json::Value::String(text)) => Some(Tree::Scalar(text)),
            Some(other) => Some(Tree::Nested(other)),
            None => None,
        },
    )
}

fn decode_header(wire: &Wire, lines: &[&str]) -> Result<Option<Tree>, String> {
    if lines.is_empty() {
        return Ok(None);
    }
    let items = || -> Vec<String> {
        lines
            .iter()
            .flat_map(|l| l.split(','))
            .map(|i| i.trim_matches([' ', '\t']))
            .filter(|i| !i.is_empty())
            .map(str::to_owned)
            .collect()
    };
    Ok(Some(match wire.kind {
        // Field lines of one name combine into one value (RFC 9110 §5.3).
        Kind::Scalar | Kind::Json => Tree::Scalar(lines.join(", ")),
        Kind::List => Tree::List(items()),
        Kind::Object if wire.explode => Tree::Object(assigned(items().into_iter())?),
        Kind::Object => Tree::Object(alternating(items())?),
    }))
}

fn decode_cookie(wire: &Wire, pairs: &[(&str, &str)], others: &[&str]) -> Result<Option<Tree>, String> {
    let mut named = pairs
        .iter()
        .filter(|(k, _)| *k == wire.name)
        .map(|(_, v)| (*v).to_owned());
    Ok(match wire.kind {
        Kind::Scalar | Kind::Json => named.next().map(Tree::Scalar),
        Kind::List if wire.explode => {
            let items: Vec<String> = named.collect();
            (!items.is_empty()).then_some(Tree::List(items))
        }
        Kind::List => named
            .next()
            .map(|v| Tree::List(v.split(',').map(str::to_owned).collect())),
        Kind::Object if wire.explode => {
            let map: serde_json::Map<_, _> = pairs
                .iter()
                .filter(|(k, _)| !others.contains(k))
                .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String((*v).to_owned())))
                .collect();
            (!map.is_empty()).then_some(Tree::Object(map))
        }
        Kind::Object => match named.next() {
            Some(v) => Some(Tree::Object(alternating(v.split(',').map(str::to_owned).collect())?)),
            None => None,
        },
    })
}
