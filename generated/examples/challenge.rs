//! Calls the seed endpoint: `cargo run --example challenge -- [BASE_URL] [BATCH_ID]`.
//!
//! Start the sandbox first (`cargo run --example sandbox`); the defaults point at it.

use generated::client::{Client, Error, Success};
use generated::responses::{BeneficiaryBatchScaChallengeError, BeneficiaryBatchScaChallengeResponse};
use generated::types::{BeneficiaryBatchScaChallengeId, ScaOtpChannel};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let base = args.next().unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let id = args.next().unwrap_or_else(|| "1001".to_owned());
    let id = match BeneficiaryBatchScaChallengeId::new(id) {
        Ok(id) => id,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let client = match Client::builder(&base)
        .auth_token("token-enrolled")
        .api_key("sandbox-api-key")
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // A success keeps its status and every header; `into_inner` gives the typed response.
    match client
        .beneficiary_batch_sca_challenge(&id, &ScaOtpChannel::Sms)
        .await
        .map(Success::into_inner)
    {
        Ok(BeneficiaryBatchScaChallengeResponse::NoContent { request_ref }) => {
            let request_ref = request_ref.as_deref().unwrap_or("none");
            println!("challenge started for batch {id} (request-ref {request_ref}); the sandbox's password is 123456");
            ExitCode::SUCCESS
        }
        Err(Error::Api(BeneficiaryBatchScaChallengeError::Conflict { body })) => {
            println!("conflict: {:?}", body.error_code);
            ExitCode::FAILURE
        }
        Err(e) => {
            println!("failed: {e}");
            ExitCode::FAILURE
        }
    }
}
