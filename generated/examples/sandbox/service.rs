//! The sandbox's in-memory implementation of the `Beneficiaries` trait.
//!
//! Shared by `examples/sandbox/main.rs` and the tests (through `#[path]`), so the behaviour
//! the README documents is the behaviour the tests check.

use axum::response::{IntoResponse, Response};
use generated::responses::{
    BeneficiaryBatchScaChallengeError as ChallengeError, BeneficiaryBatchScaChallengeResponse as ChallengeResponse,
};
use generated::server::{BadRequest, Beneficiaries, RequestContext, ServerHooks, Unauthorized};
use generated::types::{
    BadRequestError, BeneficiaryBatchScaChallengeConflict,
    BeneficiaryBatchScaChallengeConflictErrorCode as ConflictCode, BeneficiaryBatchScaChallengeId, Error,
    ScaOtpChannel, SyntaxError, SyntaxErrorInvalidFieldsItem, SyntaxErrorInvalidFieldsItemError as FieldCode,
};
use generated::{Credentials, ExposeSecret, FieldError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const API_KEY: &str = "sandbox-api-key";
pub const TOKEN_ENROLLED: &str = "token-enrolled";
pub const TOKEN_NOT_ENROLLED: &str = "token-not-enrolled";
/// The one-time password the sandbox "sends" (no text message leaves it).
pub const OTP: &str = "123456";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchState {
    PendingChallenge,
    Completed,
    Cancelled,
}

/// The sandbox: three beneficiary batches, two users, an optional rate limit.
pub struct Sandbox {
    batches: HashMap<&'static str, BatchState>,
    rate_limit_per_minute: Option<u32>,
    window: Mutex<(Instant, u32)>,
    next_ref: AtomicU64,
    /// Every one-time password issued, as (batch id, password), for tests and logs.
    pub issued: Mutex<Vec<(String, String)>>,
}

impl Sandbox {
    pub fn new(rate_limit_per_minute: Option<u32>) -> Self {
        let batches = HashMap::from([
            ("1001", BatchState::PendingChallenge),
            ("1002", BatchState::Completed),
            ("1003", BatchState::Cancelled),
        ]);
        Sandbox {
            batches,
            rate_limit_per_minute,
            window: Mutex::new((Instant::now(), 0)),
            next_ref: AtomicU64::new(1),
            issued: Mutex::new(Vec::new()),
        }
    }

    /// A request reference unique within this process.
    pub fn request_ref(&self) -> String {
        format!("sandbox-{:08}", self.next_ref.fetch_add(1, Ordering::Relaxed))
    }

    /// Counts a request against the limit; `Some(seconds until reset)` when over it.
    fn over_limit(&self) -> Option<i32> {
        let limit = self.rate_limit_per_minute?;
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if window.0.elapsed() >= Duration::from_secs(60) {
            *window = (Instant::now(), 0);
        }
        window.1 += 1;
        let reset = 60u64.saturating_sub(window.0.elapsed().as_secs());
        (window.1 > limit).then(|| i32::try_from(reset).unwrap_or(60))
    }

    fn with_ref(&self, response: impl IntoResponse) -> Response {
        let mut response = response.into_response();
        if !response.headers().contains_key("request-ref") {
            if let Ok(value) = http::HeaderValue::from_str(&self.request_ref()) {
                response.headers_mut().insert("request-ref", value);
            }
        }
        response
    }
}

/// The sandbox's router: the generated router, plus a `request-ref` on every response
/// that does not carry one yet (the spec documents none on some statuses).
pub fn app(sandbox: Arc<Sandbox>, prefix: &str) -> axum::Router {
    let stamp = sandbox.clone();
    generated::server::router_shared(sandbox, prefix).layer(axum::middleware::map_response(
        move |response: Response| {
            let stamp = stamp.clone();
            async move { stamp.with_ref(response) }
        },
    ))
}

impl ServerHooks for Sandbox {
    /// 400 in the API's own `BadRequestError` shape.
    fn bad_request(&self, rejection: BadRequest) -> Response {
        let fields = rejection
            .fields
            .iter()
            .map(|f| {
                let (error, params) = match &f.error {
                    FieldError::Required => (FieldCode::Required, vec![]),
                    FieldError::NotIn { allowed } => (FieldCode::In, allowed.iter().map(|s| (*s).to_owned()).collect()),
                    FieldError::Pattern { pattern } => (FieldCode::Regex, vec![(*pattern).to_owned()]),
                    FieldError::Length { .. } => (FieldCode::Size, vec![]),
                    FieldError::Violates(message) => (FieldCode::Range, vec![message.clone()]),
                    _ => (FieldCode::HasText, vec![]),
                };
                SyntaxErrorInvalidFieldsItem {
                    params: Some(params),
                    field_name: Some(f.name.clone()),
                    error: Some(error),
                }
            })
            .collect();
        let body = BadRequestError {
            message: Some(rejection.message()),
            syntax_errors: Some(SyntaxError {
                invalid_fields: Some(fields),
            }),
        };
        self.with_ref((http::StatusCode::BAD_REQUEST, axum::Json(body)))
    }

    fn unauthorized(&self, _rejection: Unauthorized) -> Response {
        self.with_ref(http::StatusCode::UNAUTHORIZED)
    }

    fn method_not_allowed(&self, method: &http::Method, path: &str, allowed: &'static [&'static str]) -> Response {
        let body = Error {
            code: Some("METHOD_NOT_ALLOWED".to_owned()),
            message: Some(format!("{method} is not allowed on {path}")),
        };
        self.with_ref((
            http::StatusCode::METHOD_NOT_ALLOWED,
            [(http::header::ALLOW, allowed.join(", "))],
            axum::Json(body),
        ))
    }

    fn not_found(&self, method: &http::Method, path: &str) -> Response {
        let body = Error {
            code: Some("NOT_FOUND".to_owned()),
            message: Some(format!("no operation at {method} {path}")),
        };
        self.with_ref((http::StatusCode::NOT_FOUND, axum::Json(body)))
    }
}

impl Beneficiaries for Sandbox {
    async fn beneficiary_batch_sca_challenge(
        &self,
        _context: RequestContext,
        credentials: Credentials,
        id: BeneficiaryBatchScaChallengeId,
        channel: ScaOtpChannel,
    ) -> Result<ChallengeResponse, ChallengeError> {
        let request_ref = self.request_ref();
        if let Some(reset) = self.over_limit() {
            let limit = self.rate_limit_per_minute.unwrap_or(0);
            return Err(ChallengeError::TooManyRequests {
                request_ref,
                x_ratelimit_limit: format!("{limit};w=60"),
                x_ratelimit_reset: reset,
            });
        }
        let enrolled = match credentials.auth_token.as_ref().map(|t| t.secret().expose_secret()) {
            Some(TOKEN_ENROLLED) => true,
            Some(TOKEN_NOT_ENROLLED) => false,
            _ => return Err(ChallengeError::Unauthorized { request_ref }),
        };
        if credentials.api_key.as_ref().map(|k| k.secret().expose_secret()) != Some(API_KEY) {
            return Err(ChallengeError::Unauthorized { request_ref });
        }
        let Some(state) = self.batches.get(id.as_str()) else {
            let body = Error {
                code: Some("NOT_FOUND".to_owned()),
                message: Some(format!("no beneficiary batch {id}")),
            };
            return Err(ChallengeError::Default {
                status: http::StatusCode::NOT_FOUND,
                body,
            });
        };
        let conflict = |code| ChallengeError::Conflict {
            body: BeneficiaryBatchScaChallengeConflict { error_code: Some(code) },
        };
        if *state != BatchState::PendingChallenge {
            return Err(conflict(ConflictCode::StateInvalid));
        }
        if !enrolled || channel != ScaOtpChannel::Sms {
            return Err(conflict(ConflictCode::ChannelNotRegistered));
        }
        eprintln!("sandbox: one-time password {OTP} issued for beneficiary batch {id} over {channel} (no text message is sent) [{request_ref}]");
        self.issued
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((id.into_inner(), OTP.to_owned()));
        Ok(ChallengeResponse::NoContent {
            request_ref: Some(request_ref),
        })
    }
}
