//! The seed's mock server (`generated::mock`), as a frontend developer meets it.

mod support;

use support::{raw, spawn, status_of};

#[tokio::test]
async fn a_refused_request_gets_the_documented_shape_saying_what_was_wrong() {
    let base = spawn(generated::mock::router()).await;
    let request = b"POST /beneficiaries/batch/abc/challenges/otp/SMS HTTP/1.1\r\nhost: x\r\n\
                    authorization: Bearer t\r\napi-key: k\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
    let answer = raw(&base, request).await;
    assert_eq!(status_of(&answer), 400, "{answer}");
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(body).expect("the documented JSON shape");
    // The documented 400 has a `message`: it names the parameter and the rule it broke,
    // where it held a random example before.
    let message = json["message"].as_str().unwrap_or_default();
    assert!(message.contains("`id`") && message.contains("^[0-9]+$"), "{json}");
}
