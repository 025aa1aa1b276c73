//! The spec's schemas as data (`src/shapes.json`), and the check of a JSON value against
//! one: what a server enforces on every request input and a client on what it sends.
//!
//! Types carry what Rust can say (required fields, listed values, patterns of checked
//! strings); shapes carry the rest (`minimum`, `maxLength`, `uniqueItems`,
//! `additionalProperties: false`, …). [`Shapes::check_input`] walks a value and a shape together
//! and lists every violation with its JSON pointer, so one answer names them all. Formats
//! are checked too (see [`super::format`]), unless the configuration makes them annotations.

use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
#[cfg(feature = "mock")]
use std::sync::Mutex;
use std::sync::{Arc, RwLock};

/// The shapes of one API, parsed once from the JSON the generator wrote.
#[derive(Debug, Default, Deserialize)]
pub struct Shapes {
    /// Component schemas by their name in the spec (for [`Kind::Ref`]).
    #[serde(default)]
    pub(crate) components: HashMap<String, Shape>,
    /// Each operation's inputs, in the order of the spec's operations.
    #[serde(default)]
    pub(crate) operations: Vec<Vec<Input>>,
    /// Formats are annotations only (configuration `[formats] assert = false`): not checked.
    #[serde(default)]
    pub(crate) formats_annotate: bool,
    /// Named types by Rust name (for examples).
    #[cfg(feature = "mock")]
    #[serde(default)]
    pub(crate) types: HashMap<String, Shape>,
    /// The places (parameters, bodies, headers) the mock numbers (for examples).
    #[cfg(feature = "mock")]
    #[serde(default)]
    pub(crate) places: Vec<Shape>,
    #[cfg(feature = "mock")]
    #[serde(skip)]
    pub(crate) samplers: Mutex<super::mock::PatternCache>,
    #[serde(skip)]
    checkers: RwLock<HashMap<String, Option<Arc<regex::Regex>>>>,
    /// Why the table did not parse (a generator bug; the mock reports it, and checks find
    /// no inputs, which the round trip's refusal tests would catch).
    #[serde(skip)]
    #[cfg_attr(not(feature = "mock"), allow(dead_code))]
    pub(crate) error: Option<String>,
}

/// One input of an operation: a parameter, or the body (`in: body`, `name: body`).
#[derive(Debug, Clone, Deserialize)]
pub struct Input {
    #[serde(rename = "in")]
    pub(crate) location: String,
    pub(crate) name: String,
    pub(crate) shape: Shape,
}

impl Input {
    /// Whether this is the input at `location` named `name`.
    pub fn is(&self, location: super::Location, name: &str) -> bool {
        self.location == location.as_str() && self.name == name
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Shape {
    #[serde(flatten)]
    pub(crate) kind: Kind,
    #[serde(default)]
    pub(crate) nullable: bool,
    /// The spec's example (for the mock).
    #[serde(default)]
    #[cfg_attr(not(feature = "mock"), allow(dead_code))]
    pub(crate) example: Option<Value>,
    /// The spec's `default` (what a server reads an absent property as).
    #[serde(default)]
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) default: Option<Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub(crate) enum Kind {
    #[default]
    Any,
    Bool,
    Integer(Number),
    Number(Number),
    String(Text),
    Enum {
        values: Vec<Value>,
    },
    Array(Array),
    Object(Object),
    OneOf(Union),
    AllOf {
        members: Vec<Shape>,
    },
    Ref {
        name: String,
    },
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Number {
    #[cfg_attr(not(feature = "mock"), allow(dead_code))]
    pub(crate) format: Option<String>,
    pub(crate) minimum: Option<f64>,
    pub(crate) maximum: Option<f64>,
    pub(crate) exclusive_minimum: bool,
    pub(crate) exclusive_maximum: bool,
    pub(crate) multiple_of: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Text {
    /// Checked where [`super::format`] knows it, unless the spec's formats are annotations.
    pub(crate) format: Option<String>,
    pub(crate) pattern: Option<String>,
    pub(crate) min_length: Option<usize>,
    pub(crate) max_length: Option<usize>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Array {
    pub(crate) items: Box<Shape>,
    pub(crate) min_items: Option<usize>,
    pub(crate) max_items: Option<usize>,
    pub(crate) unique_items: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Object {
    pub(crate) properties: Vec<Property>,
    pub(crate) additional: Option<Box<Shape>>,
    /// `additionalProperties: false`.
    pub(crate) closed: bool,
    pub(crate) min_properties: Option<usize>,
    pub(crate) max_properties: Option<usize>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Property {
    pub(crate) name: String,
    pub(crate) shape: Shape,
    pub(crate) required: bool,
    /// `readOnly`: responses carry it, requests need not (inputs are all requests).
    pub(crate) read_only: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Union {
    pub(crate) variants: Vec<Shape>,
    pub(crate) discriminator: Option<String>,
    /// Each variant's tags (a mapping may give one variant several; none for an inline one).
    pub(crate) tags: Vec<Vec<String>>,
}

/// One way a value breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where, as a JSON pointer into the value (empty for the value itself).
    pub pointer: String,
    /// What, as the end of a sentence about the value: `must be at least 1`.
    pub message: String,
}

impl Shapes {
    /// Parses the generator's JSON; a failure is kept and reported by every later use.
    pub fn parse(json: &str) -> Shapes {
        serde_json::from_str(json).unwrap_or_else(|e| Shapes {
            error: Some(format!("the embedded shapes do not parse: {e}")),
            ..Shapes::default()
        })
    }

    /// The inputs of the `index`th operation (none when the table does not have it).
    pub fn operation(&self, index: usize) -> &[Input] {
        self.operations.get(index).map_or(&[], Vec::as_slice)
    }

    /// Every way `value` breaks `input`'s schema, as a server sees it: values the spec does
    /// not list are violations too.
    pub fn check_input(&self, input: &Input, value: &Value) -> Vec<Violation> {
        self.check(value, &input.shape)
    }

    /// Every way `value` breaks `input`'s schema, as a client sending it sees it: values
    /// the spec does not list (a string enum's or a union's `Unknown`) are the sender's
    /// choice, and pass.
    pub fn check_sent(&self, input: &Input, value: &Value) -> Vec<Violation> {
        self.walk_from(value, &input.shape, true)
    }

    /// Writes the `default` of every property `value` leaves out, as a server reads a
    /// request: in objects, their members (`allOf`) and list items, through references.
    /// Unions are left as they are (which variant applies is the decoder's business), and so
    /// are `readOnly` properties (a request does not carry them).
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) fn fill_defaults(&self, value: &mut Value, shape: &Shape) {
        self.fill_within(value, shape, 0);
    }

    fn fill_within(&self, value: &mut Value, shape: &Shape, depth: usize) {
        if depth > 64 {
            return;
        }
        match (&shape.kind, value) {
            (Kind::Ref { name }, value) => {
                if let Some(target) = self.components.get(name) {
                    self.fill_within(value, target, depth + 1);
                }
            }
            (Kind::AllOf { members }, value) => {
                for member in members {
                    self.fill_within(value, member, depth + 1);
                }
            }
            (Kind::Array(a), Value::Array(items)) => {
                for item in items {
                    self.fill_within(item, &a.items, depth + 1);
                }
            }
            (Kind::Object(o), Value::Object(map)) => {
                for p in o.properties.iter().filter(|p| !p.read_only) {
                    match map.get_mut(&p.name) {
                        Some(inner) => self.fill_within(inner, &p.shape, depth + 1),
                        None => {
                            // A default its own schema refuses (the generator warned of
                            // it) is not written: it would refuse every request.
                            if let Some(default) =
                                self.default_of(&p.shape).filter(|d| self.check(d, &p.shape).is_empty())
                            {
                                map.insert(p.name.clone(), default.clone());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A shape's `default`, or its component's.
    #[cfg_attr(not(any(feature = "server", feature = "mock")), allow(dead_code))]
    pub(crate) fn default_of<'s>(&'s self, shape: &'s Shape) -> Option<&'s Value> {
        match (&shape.default, &shape.kind) {
            (Some(d), _) => Some(d),
            (None, Kind::Ref { name }) => self.components.get(name).and_then(|c| c.default.as_ref()),
            _ => None,
        }
    }

    /// Every way `value` breaks `shape`, in document order.
    pub(crate) fn check(&self, value: &Value, shape: &Shape) -> Vec<Violation> {
        self.walk_from(value, shape, false)
    }

    fn walk_from<'s>(&'s self, value: &Value, shape: &'s Shape, keep_unlisted: bool) -> Vec<Violation> {
        let mut out = Vec::new();
        let mut pointer = String::new();
        let checker = Checker {
            shapes: self,
            keep_unlisted,
        };
        checker.walk(value, shape, &Here::default(), &mut pointer, &mut out);
        out
    }

    /// The compiled pattern, once per pattern; `None` where the regex crate cannot compile
    /// it (the generator warned, and the pattern is not checked). Readers share the cache.
    pub(crate) fn checker(&self, pattern: &str) -> Option<Arc<regex::Regex>> {
        if let Some(found) = self.checkers.read().unwrap_or_else(|e| e.into_inner()).get(pattern) {
            return found.clone();
        }
        let compiled = regex::Regex::new(pattern).ok().map(Arc::new);
        let mut cache = self.checkers.write().unwrap_or_else(|e| e.into_inner());
        cache.entry(pattern.to_owned()).or_insert(compiled).clone()
    }
}

/// One walk over a value and a shape.
struct Checker<'s> {
    shapes: &'s Shapes,
    /// Whether values the spec does not list are let through: a client holds them in
    /// `Unknown` variants on purpose; a server refuses them.
    keep_unlisted: bool,
}

/// What holds at one place of the value, from the shapes met there without moving into
/// the value: the property names and the `readOnly` ones that an enclosing `allOf`
/// declares (a closed member takes the names, no member requires the read-only ones of a
/// request), and the components entered, so that a cycle of references at one place (a
/// discriminated parent whose variants are `allOf` it) is followed once around.
#[derive(Debug, Clone, Default)]
struct Here<'s> {
    known: Vec<&'s str>,
    read_only: Vec<&'s str>,
    entered: Vec<&'s str>,
}

impl<'s> Checker<'s> {
    fn walk(&self, value: &Value, shape: &'s Shape, here: &Here<'s>, pointer: &mut String, out: &mut Vec<Violation>) {
        let mut fail = |message: String| {
            out.push(Violation {
                pointer: pointer.clone(),
                message,
            })
        };
        if value.is_null() && shape.nullable {
            return;
        }
        match &shape.kind {
            Kind::Any => {}
            Kind::Ref { name } => {
                if here.entered.contains(&name.as_str()) {
                    return;
                }
                if let Some(target) = self.shapes.components.get(name) {
                    let mut next = here.clone();
                    next.entered.push(name);
                    self.walk(value, target, &next, pointer, out);
                }
            }
            Kind::AllOf { members } => {
                let mut next = here.clone();
                for m in members {
                    self.declared(m, &mut next, 0);
                }
                let before = out.len();
                for m in members {
                    self.walk(value, m, &next, pointer, out);
                }
                dedup_from(out, before);
            }
            Kind::OneOf(u) => self.union(value, u, here, pointer, out),
            _ if value.is_null() => fail("must not be null".to_owned()),
            Kind::Bool => {
                if !value.is_boolean() {
                    fail("must be a boolean".to_owned());
                }
            }
            Kind::Integer(n) => match value.as_f64() {
                Some(f) if f.fract() == 0.0 => bounds(f, n, &mut fail),
                _ => fail("must be an integer".to_owned()),
            },
            Kind::Number(n) => match value.as_f64() {
                Some(f) => bounds(f, n, &mut fail),
                None => fail("must be a number".to_owned()),
            },
            Kind::String(t) => match value.as_str() {
                Some(s) => {
                    let len = s.chars().count();
                    if let Some(m) = t.min_length.filter(|m| len < *m) {
                        fail(format!("must be at least {m} characters long"));
                    }
                    if let Some(m) = t.max_length.filter(|m| len > *m) {
                        fail(format!("must be at most {m} characters long"));
                    }
                    if let Some(p) = &t.pattern {
                        if self.shapes.checker(p).is_some_and(|r| !r.is_match(s)) {
                            fail(format!("must match the pattern `{p}`"));
                        }
                    }
                    if let Some(f) = t.format.as_deref().filter(|_| !self.shapes.formats_annotate) {
                        if !super::format::valid(f, s) {
                            fail(format!("must be a valid `{f}`"));
                        }
                    }
                }
                None => fail("must be a string".to_owned()),
            },
            Kind::Enum { values } => {
                // A sender may hold an unlisted value on purpose, of the values' JSON type.
                let listed = values.iter().any(|v| same(v, value));
                let kept = self.keep_unlisted && values.iter().any(|v| json_type(v) == json_type(value));
                if !listed && !kept {
                    let listed: Vec<String> = values.iter().map(Value::to_string).collect();
                    fail(format!("must be one of {}, not {value}", listed.join(", ")));
                }
            }
            Kind::Array(a) => match value.as_array() {
                Some(items) => {
                    if let Some(m) = a.min_items.filter(|m| items.len() < *m) {
                        fail(format!("must have at least {m} items"));
                    }
                    if let Some(m) = a.max_items.filter(|m| items.len() > *m) {
                        fail(format!("must have at most {m} items"));
                    }
                    if a.unique_items {
                        // Canonical text (keys sorted, numbers by value) in a set: linear, where
                        // comparing pairs was quadratic in a body of many items.
                        let mut seen = std::collections::HashSet::with_capacity(items.len());
                        let repeat = items.iter().position(|item| {
                            let mut text = String::new();
                            canonical(item, &mut text);
                            !seen.insert(text)
                        });
                        if let Some(i) = repeat {
                            fail(format!("must hold unique items (item {i} repeats an earlier one)"));
                        }
                    }
                    for (i, item) in items.iter().enumerate() {
                        let len = pointer.len();
                        pointer.push_str(&format!("/{i}"));
                        self.walk(item, &a.items, &Here::default(), pointer, out);
                        pointer.truncate(len);
                    }
                }
                None => fail("must be an array".to_owned()),
            },
            Kind::Object(o) => match value.as_object() {
                Some(map) => self.object(map, o, here, pointer, out),
                None => fail("must be an object".to_owned()),
            },
        }
    }

    fn object(
        &self,
        map: &serde_json::Map<String, Value>,
        o: &'s Object,
        here: &Here<'s>,
        pointer: &mut String,
        out: &mut Vec<Violation>,
    ) {
        if let Some(m) = o.min_properties.filter(|m| map.len() < *m) {
            out.push(Violation {
                pointer: pointer.clone(),
                message: format!("must have at least {m} properties"),
            });
        }
        if let Some(m) = o.max_properties.filter(|m| map.len() > *m) {
            out.push(Violation {
                pointer: pointer.clone(),
                message: format!("must have at most {m} properties"),
            });
        }
        for p in &o.properties {
            let len = pointer.len();
            push_token(pointer, &p.name);
            let read_only = p.read_only || here.read_only.contains(&p.name.as_str());
            match map.get(&p.name) {
                Some(v) => self.walk(v, &p.shape, &Here::default(), pointer, out),
                None if p.required && !read_only => out.push(Violation {
                    pointer: pointer.clone(),
                    message: "is required".to_owned(),
                }),
                None => {}
            }
            pointer.truncate(len);
        }
        let listed = |k: &str| o.properties.iter().any(|p| p.name == k);
        for (k, v) in map.iter().filter(|(k, _)| !listed(k)) {
            let len = pointer.len();
            push_token(pointer, k);
            match &o.additional {
                Some(extra) => self.walk(v, extra, &Here::default(), pointer, out),
                None if o.closed && !here.known.contains(&k.as_str()) => out.push(Violation {
                    pointer: pointer.clone(),
                    message: "is not a property this object may have".to_owned(),
                }),
                None => {}
            }
            pointer.truncate(len);
        }
    }

    /// A union takes a value one of its variants takes; with a discriminator, the one its
    /// tag names. Where only one variant takes the value's JSON type, that variant's
    /// violations are the answer; otherwise one violation says no variant fits.
    fn union(&self, value: &Value, u: &'s Union, here: &Here<'s>, pointer: &mut String, out: &mut Vec<Violation>) {
        if u.variants.is_empty() {
            return;
        }
        // A tag decides: the variant it names is the only one that may take the value.
        if let Some(d) = &u.discriminator {
            if let Some(tag) = value.get(d).and_then(Value::as_str) {
                match u.tags.iter().position(|t| t.iter().any(|t| t == tag)) {
                    Some(i) => return self.walk(value, &u.variants[i], here, pointer, out),
                    // Every variant has its tags: this one names none of them. A sender may
                    // hold such a value on purpose (the union's `Unknown`); a server refuses it.
                    None if u.tags.iter().all(|t| !t.is_empty()) => {
                        if !self.keep_unlisted {
                            let len = pointer.len();
                            push_token(pointer, d);
                            let tags: Vec<&str> = u.tags.iter().flatten().map(String::as_str).collect();
                            out.push(Violation {
                                pointer: pointer.clone(),
                                message: format!("must be one of the tags {}, not {tag:?}", tags.join(", ")),
                            });
                            pointer.truncate(len);
                        }
                        return;
                    }
                    // A variant without a tag (an inline schema) may take it: try them all.
                    None => {}
                }
            }
        }
        let mut attempts = Vec::with_capacity(u.variants.len());
        for v in &u.variants {
            let mut found = Vec::new();
            self.walk(value, v, here, pointer, &mut found);
            if found.is_empty() {
                return;
            }
            attempts.push(found);
        }
        // Where one variant alone takes the value's JSON type, its violations say most.
        let of_type: Vec<usize> = (0..u.variants.len())
            .filter(|i| self.takes_type(&u.variants[*i], value, &mut here.entered.clone()))
            .collect();
        match of_type.as_slice() {
            [i] => out.append(&mut attempts[*i]),
            // A sender may hold a value no variant takes on purpose, in the union's `Unknown`.
            _ if self.keep_unlisted => {}
            _ => out.push(Violation {
                pointer: pointer.clone(),
                message: format!(
                    "must match one of the {} alternatives the schema allows",
                    u.variants.len()
                ),
            }),
        }
    }

    /// Whether `shape` admits values of `value`'s JSON type (whatever else it asks). A
    /// component already entered at this place is taken to admit it (the cycle says no more
    /// the second time round), which keeps the walk linear in the components.
    fn takes_type(&self, shape: &'s Shape, value: &Value, entered: &mut Vec<&'s str>) -> bool {
        if value.is_null() && shape.nullable {
            return true;
        }
        match &shape.kind {
            Kind::Any => true,
            Kind::Ref { name } => {
                if entered.contains(&name.as_str()) {
                    return true;
                }
                entered.push(name);
                match self.shapes.components.get(name) {
                    Some(target) => self.takes_type(target, value, entered),
                    None => true,
                }
            }
            Kind::AllOf { members } => members.iter().all(|m| self.takes_type(m, value, entered)),
            Kind::OneOf(u) => u.variants.is_empty() || u.variants.iter().any(|v| self.takes_type(v, value, entered)),
            Kind::Bool => value.is_boolean(),
            Kind::Integer(_) | Kind::Number(_) => value.is_number(),
            Kind::String(_) => value.is_string(),
            Kind::Enum { values } => values.iter().any(|v| json_type(v) == json_type(value)),
            Kind::Array(_) => value.is_array(),
            Kind::Object(_) => value.is_object(),
        }
    }

    /// Adds to `here` the property names `shape` declares (and which are read-only),
    /// through references and nested `allOf`s.
    fn declared(&self, shape: &'s Shape, here: &mut Here<'s>, depth: usize) {
        if depth > 16 {
            return;
        }
        match &shape.kind {
            Kind::Object(o) => {
                here.known.extend(o.properties.iter().map(|p| p.name.as_str()));
                here.read_only
                    .extend(o.properties.iter().filter(|p| p.read_only).map(|p| p.name.as_str()));
            }
            Kind::Ref { name } => {
                if let Some(target) = self.shapes.components.get(name) {
                    self.declared(target, here, depth + 1);
                }
            }
            Kind::AllOf { members } => {
                for m in members {
                    self.declared(m, here, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// The JSON type of a value, for comparing kinds.
fn json_type(value: &Value) -> u8 {
    match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

fn bounds(f: f64, n: &Number, fail: &mut impl FnMut(String)) {
    match n.minimum {
        Some(m) if n.exclusive_minimum && f <= m => fail(format!("must be greater than {m}")),
        Some(m) if f < m => fail(format!("must be at least {m}")),
        _ => {}
    }
    match n.maximum {
        Some(m) if n.exclusive_maximum && f >= m => fail(format!("must be less than {m}")),
        Some(m) if f > m => fail(format!("must be at most {m}")),
        _ => {}
    }
    if let Some(m) = n.multiple_of.filter(|m| *m > 0.0) {
        let q = f / m;
        if (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
            fail(format!("must be a multiple of {m}"));
        }
    }
}

/// JSON equality as JSON Schema means it: numbers by value (`1` and `1.0` are one number,
/// integers compared exactly), objects whatever their key order.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => number_text(x) == number_text(y),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// A number as text that is the same exactly when the numbers are: integers (and floats
/// with no fraction that an `i64` holds) as integers, other floats as `f64`.
fn number_text(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => (f as i64).to_string(),
        Some(f) => f.to_string(),
        None => n.to_string(),
    }
}

/// A value's text with object keys sorted and numbers as [`number_text`]: equal for values
/// that are [`same`].
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::Array(items) => {
            out.push('[');
            for item in items {
                canonical(item, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for k in keys {
                out.push_str(&Value::from(k.as_str()).to_string());
                out.push(':');
                canonical(&map[k], out);
                out.push(',');
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Drops repeats among `out[from..]` (members of an `allOf` often share a property).
fn dedup_from(out: &mut Vec<Violation>, from: usize) {
    let mut seen = BTreeSet::new();
    let mut i = from;
    while i < out.len() {
        if seen.insert((out[i].pointer.clone(), out[i].message.clone())) {
            i += 1;
        } else {
            out.remove(i);
        }
    }
}

/// Appends one reference token (RFC 6901: `~` and `/` escaped).
pub(crate) fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
}
