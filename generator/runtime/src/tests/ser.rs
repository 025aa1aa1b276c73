//! `runtime::ser`: struct encoding, on structs written as the generator writes them, each
//! beside a twin that derives `Serialize` with the attributes the generator used to write.
//! Both must give the same serde tokens: names, the struct's field count, order, skipped
//! fields and `null`s.

use crate::runtime::ser;
use serde_test::{assert_ser_tokens, Token};
use std::collections::BTreeMap;

/// As `emit/types.rs` writes a struct with a required, a renamed optional and an optional
/// nullable property.
struct Note {
    id: String,
    self_: Option<i64>,
    text: Option<Option<String>>,
}

impl serde::Serialize for Note {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = ser::object(
            serializer,
            "Note",
            1 + ser::present(&self.self_) + ser::present(&self.text),
        )?;
        out.field("id", &self.id)?;
        out.optional("self", &self.self_)?;
        out.nullable("text", &self.text)?;
        out.end()
    }
}

#[derive(serde::Serialize)]
#[serde(rename = "Note")]
struct DerivedNote {
    id: String,
    #[serde(rename = "self", skip_serializing_if = "Option::is_none")]
    self_: Option<i64>,
    #[serde(serialize_with = "ser::double_option", skip_serializing_if = "Option::is_none")]
    text: Option<Option<String>>,
}

/// As the generator writes a struct that keeps other properties.
struct Labels {
    name: Option<String>,
    additional_properties: BTreeMap<String, i64>,
}

impl serde::Serialize for Labels {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = ser::map(serializer)?;
        out.optional("name", &self.name)?;
        out.others(&self.additional_properties)?;
        out.end()
    }
}

#[derive(serde::Serialize)]
struct DerivedLabels {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, i64>,
}

/// The tokens `value` serializes to (`assert_ser_tokens` compares with the expected ones).
fn same_tokens<A: serde::Serialize, B: serde::Serialize>(hand: &A, derived: &B, tokens: &[Token]) {
    assert_ser_tokens(derived, tokens);
    assert_ser_tokens(hand, tokens);
    assert_eq!(
        serde_json::to_string(hand).expect("hand"),
        serde_json::to_string(derived).expect("derived")
    );
}

#[test]
fn structs_encode_as_the_serde_derive_encoded_them() {
    let full = |self_: Option<i64>, text: Option<Option<String>>| {
        (
            Note {
                id: "a".into(),
                self_,
                text: text.clone(),
            },
            DerivedNote {
                id: "a".into(),
                self_,
                text,
            },
        )
    };
    let (hand, derived) = full(None, None);
    same_tokens(
        &hand,
        &derived,
        &[
            Token::Struct { name: "Note", len: 1 },
            Token::Str("id"),
            Token::Str("a"),
            Token::StructEnd,
        ],
    );
    let (hand, derived) = full(Some(7), Some(None));
    same_tokens(
        &hand,
        &derived,
        &[
            Token::Struct { name: "Note", len: 3 },
            Token::Str("id"),
            Token::Str("a"),
            Token::Str("self"),
            Token::Some,
            Token::I64(7),
            Token::Str("text"),
            Token::None,
            Token::StructEnd,
        ],
    );
    let (hand, derived) = full(None, Some(Some("t".into())));
    same_tokens(
        &hand,
        &derived,
        &[
            Token::Struct { name: "Note", len: 2 },
            Token::Str("id"),
            Token::Str("a"),
            Token::Str("text"),
            Token::Some,
            Token::Str("t"),
            Token::StructEnd,
        ],
    );
    assert_eq!(
        serde_json::to_value(&hand).expect("json"),
        serde_json::json!({"id": "a", "text": "t"})
    );
}

#[test]
fn a_struct_that_keeps_other_properties_is_a_map_with_them_last() {
    let others: BTreeMap<String, i64> = [("b".to_owned(), 2), ("a".to_owned(), 1)].into_iter().collect();
    let hand = Labels {
        name: Some("n".into()),
        additional_properties: others.clone(),
    };
    let derived = DerivedLabels {
        name: Some("n".into()),
        additional_properties: others,
    };
    same_tokens(
        &hand,
        &derived,
        &[
            Token::Map { len: None },
            Token::Str("name"),
            Token::Some,
            Token::Str("n"),
            Token::Str("a"),
            Token::I64(1),
            Token::Str("b"),
            Token::I64(2),
            Token::MapEnd,
        ],
    );
}
