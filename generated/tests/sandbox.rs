//! The sandbox example's behaviour, as the README documents it, through the generated client.

mod support;

#[path = "../examples/sandbox/service.rs"]
mod service;

use generated::client::{Client, Error, Success};
use generated::responses::{BeneficiaryBatchScaChallengeError as E, BeneficiaryBatchScaChallengeResponse as R};
use generated::types::{
    BeneficiaryBatchScaChallengeConflictErrorCode as Code, BeneficiaryBatchScaChallengeId as Id, ScaOtpChannel,
    SyntaxErrorInvalidFieldsItemError as FieldCode,
};
use service::{Sandbox, API_KEY, OTP, TOKEN_ENROLLED, TOKEN_NOT_ENROLLED};
use std::sync::Arc;
use support::{raw, spawn, status_of};

async fn start(rate_limit: Option<u32>) -> (String, Arc<Sandbox>) {
    let sandbox = Arc::new(Sandbox::new(rate_limit));
    (spawn(service::app(sandbox.clone(), "")).await, sandbox)
}

fn client(base: &str, token: &str, key: &str) -> Client {
    Client::builder(base)
        .auth_token(token)
        .api_key(key)
        .build()
        .expect("client")
}

async fn challenge(c: &Client, id: &str) -> Result<R, Error<E>> {
    c.beneficiary_batch_sca_challenge(&Id::new(id).expect("id"), &ScaOtpChannel::Sms)
        .await
        .map(Success::into_inner)
}

#[tokio::test]
async fn a_pending_batch_and_an_enrolled_user_get_a_one_time_password() {
    let (base, sandbox) = start(None).await;
    let result = challenge(&client(&base, TOKEN_ENROLLED, API_KEY), "1001").await;
    assert!(
        matches!(&result, Ok(R::NoContent { request_ref: Some(request_ref) }) if !request_ref.is_empty()),
        "{result:?}"
    );
    assert_eq!(
        sandbox.issued.lock().expect("lock").as_slice(),
        &[("1001".to_owned(), OTP.to_owned())]
    );
}

#[tokio::test]
async fn conflicts_unknown_batches_and_bad_credentials() {
    let (base, _) = start(None).await;
    let enrolled = client(&base, TOKEN_ENROLLED, API_KEY);
    for id in ["1002", "1003"] {
        let result = challenge(&enrolled, id).await;
        assert!(
            matches!(&result, Err(Error::Api(E::Conflict { body, .. })) if body.error_code == Some(Code::StateInvalid)),
            "{id}: {result:?}"
        );
    }
    let result = challenge(&client(&base, TOKEN_NOT_ENROLLED, API_KEY), "1001").await;
    assert!(
        matches!(&result, Err(Error::Api(E::Conflict { body, .. })) if body.error_code == Some(Code::ChannelNotRegistered)),
        "{result:?}"
    );
    let result = challenge(&enrolled, "424242").await;
    assert!(
        matches!(&result, Err(Error::Api(E::Default { status, .. })) if status.as_u16() == 404),
        "{result:?}"
    );
    for c in [
        client(&base, "someone-else", API_KEY),
        client(&base, TOKEN_ENROLLED, "wrong-key"),
    ] {
        assert!(matches!(
            challenge(&c, "1001").await,
            Err(Error::Api(E::Unauthorized { .. }))
        ));
    }
}

#[tokio::test]
async fn bad_channels_and_ids_get_the_apis_own_400_shape() {
    let (base, _) = start(None).await;
    let enrolled = client(&base, TOKEN_ENROLLED, API_KEY);
    let result = enrolled
        .beneficiary_batch_sca_challenge(&Id::new("1001").expect("id"), &ScaOtpChannel::Unknown("EMAIL".into()))
        .await;
    let Err(Error::Api(E::BadRequest { body, .. })) = result else {
        panic!("{result:?}")
    };
    let fields = body.syntax_errors.and_then(|s| s.invalid_fields).expect("fields");
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].field_name.as_deref(), Some("channel"));
    assert_eq!(fields[0].error, Some(FieldCode::In));
    assert_eq!(fields[0].params.as_deref(), Some(&["SMS".to_owned()][..]));

    // The client cannot build a bad id, so send one by hand.
    let request = format!("POST /beneficiaries/batch/abc/challenges/otp/SMS HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {TOKEN_ENROLLED}\r\napi-key: {API_KEY}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    let answer = raw(&base, request.as_bytes()).await;
    assert_eq!(status_of(&answer), 400, "{answer}");
    assert!(
        answer.contains(r#""fieldName":"id""#) && answer.contains(r#""error":"REGEX""#),
        "{answer}"
    );
}

#[tokio::test]
async fn every_response_has_a_unique_request_ref_including_405_and_404() {
    let (base, _) = start(None).await;
    let mut refs = std::collections::BTreeSet::new();
    let requests = [
        ("GET /beneficiaries/batch/1001/challenges/otp/SMS", 405),
        ("POST /nowhere", 404),
        ("POST /beneficiaries/batch/1001/challenges/otp/SMS", 401),
        ("POST /beneficiaries/batch/9/challenges/otp/SMS", 401),
    ];
    for (line, expected) in requests {
        let answer = raw(
            &base,
            format!("{line} HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").as_bytes(),
        )
        .await;
        assert_eq!(status_of(&answer), expected, "{answer}");
        let reference = answer
            .lines()
            .find_map(|l| l.strip_prefix("request-ref: "))
            .expect("request-ref header")
            .to_owned();
        assert!(refs.insert(reference), "unique");
    }
    let answer = raw(
        &base,
        b"GET /beneficiaries/batch/1001/challenges/otp/SMS HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert!(
        answer.contains(r#""code":"METHOD_NOT_ALLOWED""#),
        "405 carries an Error body: {answer}"
    );
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_its_headers() {
    let (base, _) = start(Some(2)).await;
    let enrolled = client(&base, TOKEN_ENROLLED, API_KEY);
    assert!(challenge(&enrolled, "1001").await.is_ok());
    assert!(challenge(&enrolled, "1001").await.is_ok());
    match challenge(&enrolled, "1001").await {
        Err(Error::Api(E::TooManyRequests {
            x_ratelimit_limit,
            x_ratelimit_reset,
            ..
        })) => {
            assert_eq!(x_ratelimit_limit, "2;w=60");
            assert!((0..=60).contains(&x_ratelimit_reset));
        }
        other => panic!("{other:?}"),
    }
}
