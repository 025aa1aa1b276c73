//! The round-trip harness: a `main.rs` that drives a generated crate's client against its
//! own router over HTTP on 127.0.0.1, for every operation and every documented response.
//!
//! For each case, arguments and a response come from the crate's `mock` feature (several
//! seeds); a recording server implementation keeps the typed arguments it received and
//! answers with that response. The harness then compares: what the server received with
//! what the client sent, and what the client decoded with what the server returned.
//! `cargo xtask conformance` writes this next to a generated crate and runs it.
//!
//! The same binary has two more modes, for an oracle nobody here wrote: `--via-prism` serves
//! the recording router, reads the URL of Stoplight Prism's validating proxy in front of it
//! from stdin and round-trips through Prism; `--against-mock URL` calls every operation of
//! Prism's mock, asking for each documented status, and checks that each answer decodes
//! into the variant of its status. In both, a tap between the client and Prism keeps what
//! Prism said about each exchange (the client drops the headers of a documented error).

use super::mock::representative_status;
use super::{ident, server_inputs, tags_with_operations, value_ident, Module};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Why a response cannot be round-tripped, if it cannot.
fn skip_reason(op: &Operation, r: &Response) -> Option<String> {
    let Some(status) = representative_status(op, r) else {
        return Some(match r.status {
            StatusMatch::Code(_) | StatusMatch::Range(1) => {
                "HTTP cannot deliver an informational (1XX) status as a response".to_owned()
            }
            _ => "every status it could stand for is claimed by another response".to_owned(),
        });
    };
    let has_body = !matches!(r.content, ResponseContent::Empty);
    if has_body && matches!(status, 204 | 205 | 304) {
        return Some(format!("status {status} cannot carry a body"));
    }
    None
}

/// The harness for the crate named `krate` (its library name, dashes as underscores).
pub fn harness(api: &Api, krate: &str) -> Result<String, String> {
    let k = format_ident!("{}", krate.replace('-', "_"));
    let credentials = api.security_schemes.iter().map(|s| {
        let setter = value_ident(&s.rust_name);
        if s.kind == SecurityKind::Basic {
            quote! { .#setter("user", "password") }
        } else {
            quote! { .#setter("secret") }
        }
    });
    let impls = tags_with_operations(api).map(|(tag, ops)| {
        let trait_name = ident(&tag.trait_name);
        let methods = ops.into_iter().map(|op| recording_method(api, &k, op));
        quote! {
            impl #k::server::#trait_name for Recorder {
                #( #methods )*
            }
        }
    });
    let cases: Vec<TokenStream> = api.operations.iter().map(|op| case(&k, op)).collect();
    // Format types are named through the crate's re-exports of their crates.
    let format_crates = super::format_crates(api).into_iter().map(|c| {
        let c = format_ident!("{}", c.name);
        quote! { use #k::#c; }
    });
    let calls = api.operations.iter().map(|op| {
        let f = case_fn(op);
        // Boxed: large APIs have large argument and response types, and debug builds keep
        // every future inline.
        quote! { Box::pin(#f(&client, &ctx, &mut report)).await; }
    });
    let header = quote! {
        //! Round trip of every operation and documented response, client against router.
        //! Written by `cargo xtask conformance`; run `main -- --serve ADDR` to serve the mock.
        #![allow(clippy::all, unused, deprecated)]
    };
    let main = quote! {
        use std::any::Any;
        #( #format_crates )*
        use std::sync::{Arc, Mutex};
        use #k::mock::Example;

        #[derive(Default)]
        struct Recorder {
            received: Mutex<Option<Box<dyn Any + Send>>>,
            reply: Mutex<Option<Box<dyn Any + Send>>>,
        }

        impl Recorder {
            fn record<T: Any + Send>(&self, value: T) {
                *self.received.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(value));
            }

            fn take<T: Any>(&self) -> Option<T> {
                let value = self.received.lock().unwrap_or_else(|e| e.into_inner()).take()?;
                value.downcast::<T>().ok().map(|b| *b)
            }

            fn set_reply<T: Any + Send>(&self, value: T) {
                *self.reply.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(value));
            }

            fn reply<T: Any>(&self) -> T {
                let value = self.reply.lock().unwrap_or_else(|e| e.into_inner()).take();
                match value.map(|v| v.downcast::<T>()) {
                    Some(Ok(v)) => *v,
                    _ => panic!("no reply of the expected type was set"),
                }
            }
        }

        impl #k::server::ServerHooks for Recorder {}

        #( #impls )*

        #[derive(Default)]
        struct Report {
            operations: usize,
            responses: usize,
            /// Answers of Prism's mock that decoded into the variant of their status.
            decoded: usize,
            mismatches: usize,
            /// Exchanges Prism found fault with (each also fails its response).
            violations: usize,
            skipped: Vec<String>,
            /// Answers of Prism's mock that Prism itself found to break the spec: no test of
            /// the client, so neither decoded nor failed.
            invalid_answers: usize,
        }

        impl Report {
            fn mismatch(&mut self, op: &str, response: &str, pointer: &str, what: String) {
                self.mismatches += 1;
                println!("MISMATCH {op} {response}: {} ({pointer})", excerpt(&what, 1500));
            }

            /// What Prism said about one exchange: its `sl-violations`, or its own error answer.
            fn prism(&mut self, op: &str, response: &str, pointer: &str, seed: u64, verdicts: &[String]) {
                self.violations += 1;
                for v in verdicts {
                    println!("PRISM {op} {response}: seed {seed}: {} ({pointer})", excerpt(v, 3000));
                }
            }

            fn invalid_answer(&mut self, op: &str, response: &str, pointer: &str, seed: u64, verdicts: &[String]) {
                self.invalid_answers += 1;
                for v in verdicts {
                    println!("PRISM'S OWN ANSWER (not counted) {op} {response}: seed {seed}: {} ({pointer})", excerpt(v, 600));
                }
            }

            fn skip(&mut self, op: &str, response: &str, pointer: &str, why: &str) {
                self.skipped.push(format!("{op} {response}: {why} ({pointer})"));
            }
        }

        /// `text`, cut at `max` bytes (on a character boundary) with an ellipsis.
        fn excerpt(text: &str, max: usize) -> String {
            if text.len() <= max {
                return text.to_owned();
            }
            let mut end = max;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}…", &text[..end])
        }

        /// What every case is run with.
        struct Ctx {
            seeds: u64,
            recorder: Arc<Recorder>,
            /// Between the client and Prism, in both Prism modes.
            tap: Option<Arc<Tap>>,
            /// Calling Prism's mock: answers are decoded, not compared with a reply.
            mock: bool,
            /// Operations left out (`--skip ID`), each a known limit of the tool in front.
            skipped: Vec<String>,
        }

        impl Ctx {
            /// Clears the tap before a call.
            fn forget(&self) {
                if let Some(tap) = &self.tap {
                    tap.take();
                }
            }

            /// The exchanges since the last `forget`.
            fn seen(&self) -> Vec<Seen> {
                self.tap.as_ref().map(|t| t.take()).unwrap_or_default()
            }
        }

        /// One exchange as the tap saw it.
        struct Seen {
            /// The request line, and the start of its body.
            request: String,
            status: u16,
            /// Prism's `sl-violations` header: what it found wrong with the request or answer.
            violations: Option<String>,
            /// Prism's own error answer (problem JSON of a `https://stoplight.io/prism/errors#` type).
            problem: Option<String>,
        }

        impl Seen {
            /// Whether Prism found fault with nothing but the answer (its own, in the mock).
            fn answer_only(&self) -> bool {
                let listed = self.violations.as_deref().and_then(|v| serde_json::from_str::<Vec<serde_json::Value>>(v).ok());
                self.problem.is_none()
                    && listed.is_some_and(|list| {
                        list.iter().all(|v| v.pointer("/location/0").and_then(|l| l.as_str()) == Some("response"))
                    })
            }

            fn verdict(&self) -> Option<String> {
                let said: Vec<String> = self.violations.iter().map(|v| format!("sl-violations: {v}")).chain(self.problem.clone()).collect();
                (!said.is_empty()).then(|| format!("{} -> {}: {}", self.request, self.status, said.join("; ")))
            }
        }

        /// A pass-through between the client and Prism that keeps Prism's verdict on each
        /// exchange: the client returns a documented error without its headers.
        struct Tap {
            upstream: String,
            http: reqwest::Client,
            /// The status to ask Prism's mock for (`Prefer: code=…`).
            prefer: Mutex<Option<u16>>,
            seen: Mutex<Vec<Seen>>,
        }

        impl Tap {
            fn take(&self) -> Vec<Seen> {
                std::mem::take(&mut *self.seen.lock().unwrap_or_else(|e| e.into_inner()))
            }

            fn prefer(&self, code: u16) {
                *self.prefer.lock().unwrap_or_else(|e| e.into_inner()) = Some(code);
            }

            /// Serves the tap on 127.0.0.1; returns its base URL.
            async fn serve(upstream: &str) -> Result<(Arc<Tap>, String), String> {
                let http = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(std::time::Duration::from_secs(60))
                    .build()
                    .map_err(|e| e.to_string())?;
                let tap = Arc::new(Tap { upstream: upstream.trim_end_matches('/').to_owned(), http, prefer: Mutex::new(None), seen: Mutex::new(Vec::new()) });
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
                let base = format!("http://{}", listener.local_addr().map_err(|e| e.to_string())?);
                let app = axum::Router::new().fallback(forward).with_state(tap.clone());
                tokio::spawn(async move {
                    let _ = axum::serve(listener, app).await;
                });
                Ok((tap, base))
            }
        }

        /// Sends the request on to Prism as it came (the host aside), and Prism's answer back.
        async fn forward(axum::extract::State(tap): axum::extract::State<Arc<Tap>>, request: axum::extract::Request) -> axum::response::Response {
            use axum::http::header;
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            let mut request = format!("{} {target}", parts.method);
            if !body.is_empty() {
                request.push_str(&format!(" with body {}", excerpt(&String::from_utf8_lossy(&body), 500)));
            }
            let mut headers = parts.headers;
            let had_body = !body.is_empty() || headers.contains_key(header::CONTENT_LENGTH) || headers.contains_key(header::TRANSFER_ENCODING);
            for name in [header::HOST, header::CONTENT_LENGTH, header::TRANSFER_ENCODING] {
                headers.remove(name);
            }
            let prefer = *tap.prefer.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(value) = prefer.and_then(|code| axum::http::HeaderValue::try_from(format!("code={code}")).ok()) {
                headers.insert("prefer", value);
            }
            let mut sent = tap.http.request(parts.method, format!("{}{target}", tap.upstream)).headers(headers);
            if had_body {
                sent = sent.body(body);
            }
            let (status, mut headers, body) = match sent.send().await {
                Ok(answer) => {
                    let (status, headers) = (answer.status(), answer.headers().clone());
                    match answer.bytes().await {
                        Ok(body) => (status, headers, body),
                        Err(e) => (axum::http::StatusCode::BAD_GATEWAY, Default::default(), bytes::Bytes::from(format!("the tap lost prism's answer: {e}"))),
                    }
                }
                Err(e) => (axum::http::StatusCode::BAD_GATEWAY, Default::default(), bytes::Bytes::from(format!("the tap could not reach prism: {e}"))),
            };
            let violations = headers.get("sl-violations").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            let own = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(|t| t.starts_with("https://stoplight.io/prism/errors#")))
                .unwrap_or(false);
            let problem = if own {
                Some(format!("prism's error answer: {}", String::from_utf8_lossy(&body)))
            } else if status == axum::http::StatusCode::BAD_GATEWAY && headers.is_empty() {
                Some(String::from_utf8_lossy(&body).into_owned())
            } else {
                None
            };
            tap.seen.lock().unwrap_or_else(|e| e.into_inner()).push(Seen { request, status: status.as_u16(), violations, problem });
            for name in [header::TRANSFER_ENCODING, header::CONNECTION] {
                headers.remove(name);
            }
            let mut response = axum::response::Response::new(axum::body::Body::from(body));
            *response.status_mut() = status;
            *response.headers_mut() = headers;
            response
        }

        /// Where two renderings part: the common start shortened, then each side's rest.
        fn differ(sent: &str, got: &str) -> String {
            let common = sent.char_indices().zip(got.chars()).take_while(|((_, a), b)| a == b).map(|((i, a), _)| i + a.len_utf8()).last().unwrap_or(0);
            let mut start = common.saturating_sub(120);
            while !sent.is_char_boundary(start) {
                start -= 1;
            }
            let cut = |s: &str| s.chars().take(200).collect::<String>();
            format!("after …{} it was {:?} where {:?} came", &sent[start..common], cut(&sent[common..]), cut(&got[common..]))
        }

        /// Round-trips one response of one operation, for every seed.
        async fn round_trip<A, O, E, F, Fut>(
            report: &mut Report,
            ctx: &Ctx,
            (op, label, pointer): (&str, &str, &str),
            index: usize,
            is_error: bool,
            reply: fn(&mut #k::mock::Gen, usize) -> Result<Result<O, E>, #k::mock::ExampleError>,
            call: &F,
        ) where
            A: Example + Clone + PartialEq + std::fmt::Debug + Send + 'static,
            O: Clone + PartialEq + std::fmt::Debug + Send + 'static,
            E: Clone + PartialEq + std::fmt::Debug + std::fmt::Display + Send + 'static,
            F: Fn(A) -> Fut,
            Fut: std::future::Future<Output = Result<#k::client::Success<O>, #k::client::Error<E>>>,
        {
            let recorder = &ctx.recorder;
            let mut clean = true;
            for seed in 0..ctx.seeds {
                let mut g = #k::mock::examples(seed.wrapping_mul(1_000_003).wrapping_add(index as u64 * 7919));
                let args = match A::example(&mut g) {
                    Ok(a) => a,
                    Err(e) => {
                        report.mismatch(op, label, pointer, format!("seed {seed}: {e}"));
                        clean = false;
                        continue;
                    }
                };
                let sent = match reply(&mut g, index) {
                    Ok(r) => r,
                    Err(e) => {
                        report.mismatch(op, label, pointer, format!("seed {seed}: {e}"));
                        clean = false;
                        continue;
                    }
                };
                recorder.set_reply(sent.clone());
                ctx.forget();
                let outcome = call(args.clone()).await;
                let received = recorder.take::<A>();
                let verdicts: Vec<String> = ctx.seen().iter().filter_map(Seen::verdict).collect();
                if !verdicts.is_empty() {
                    report.prism(op, label, pointer, seed, &verdicts);
                    clean = false;
                    continue;
                }
                if received.as_ref() != Some(&args) {
                    let what = match &received {
                        Some(received) => differ(&format!("{args:?}"), &format!("{received:?}")),
                        None => {
                            let answer = match &outcome {
                                Ok(v) => format!("{}", v.status),
                                Err(e) => format!("{e} ({e:?})"),
                            };
                            format!("{args:?} was refused: {answer}")
                        }
                    };
                    report.mismatch(op, label, pointer, format!("seed {seed}: the server did not receive what the client sent: {what}"));
                    clean = false;
                    continue;
                }
                let decoded = match (outcome, is_error) {
                    (Ok(v), false) if v.is_complete() => Ok(v.into_inner()),
                    (Ok(v), false) => {
                        report.mismatch(op, label, pointer, format!("seed {seed}: the server answered {sent:?} but the client found header problems: {:?}", v.header_problems));
                        clean = false;
                        continue;
                    }
                    (Err(#k::client::Error::Api(e)), true) => Err(e),
                    (other, _) => {
                        report.mismatch(op, label, pointer, format!("seed {seed}: the server answered {sent:?} but the client returned {other:?}"));
                        clean = false;
                        continue;
                    }
                };
                if decoded != sent {
                    let what = differ(&format!("{sent:?}"), &format!("{decoded:?}"));
                    report.mismatch(op, label, pointer, format!("seed {seed}: the client did not decode what the server answered: {what}"));
                    clean = false;
                }
            }
            if clean {
                report.responses += 1;
            }
        }

        /// Calls one operation of Prism's mock once per seed for each documented response,
        /// asking for its status (`Prefer: code=…`): each answer must decode into that
        /// status's variant, with every required header. One function per operation, not
        /// per response, so the harness of a large spec stays small.
        async fn from_mock<A, O, E, F, Fut>(
            report: &mut Report,
            ctx: &Ctx,
            (op, pointer): (&str, &str),
            responses: &[(&str, &str, u16, bool)],
            call: &F,
        ) where
            A: Example + std::fmt::Debug,
            O: std::fmt::Debug,
            E: std::fmt::Debug + std::fmt::Display,
            F: Fn(A) -> Fut,
            Fut: std::future::Future<Output = Result<#k::client::Success<O>, #k::client::Error<E>>>,
        {
            let Some(tap) = &ctx.tap else { return };
            for (index, &(label, r_pointer, status, is_error)) in responses.iter().enumerate() {
                let mut clean = true;
                for seed in 0..ctx.seeds {
                    let mut g = #k::mock::examples(seed.wrapping_mul(1_000_003).wrapping_add(index as u64 * 7919));
                    let args = match A::example(&mut g) {
                        Ok(a) => a,
                        Err(e) => {
                            report.mismatch(op, label, r_pointer, format!("seed {seed}: {e}"));
                            clean = false;
                            continue;
                        }
                    };
                    let shown = format!("{args:?}");
                    tap.prefer(status);
                    ctx.forget();
                    let outcome = call(args).await;
                    let seen = ctx.seen();
                    let answered = seen.last().map(|s| s.status);
                    let verdicts: Vec<String> = seen.iter().filter_map(Seen::verdict).collect();
                    // The mock's answer is its own: where Prism finds fault with nothing else,
                    // the answer tests the mock, not the client.
                    if !verdicts.is_empty() && seen.iter().all(|s| s.verdict().is_none() || s.answer_only()) {
                        report.invalid_answer(op, label, r_pointer, seed, &verdicts);
                        continue;
                    }
                    if !verdicts.is_empty() {
                        report.prism(op, label, r_pointer, seed, &verdicts);
                        clean = false;
                        continue;
                    }
                    let wrong = match (&outcome, is_error) {
                        (Ok(v), false) if v.status.as_u16() != status => Some(format!("the mock answered {} where {status} was asked for", v.status)),
                        (Ok(v), false) if !v.is_complete() => Some(format!("the client found header problems: {:?}", v.header_problems)),
                        (Ok(_), false) => None,
                        (Err(#k::client::Error::Api(_)), true) if answered == Some(status) => None,
                        _ => Some(format!("the mock answered {answered:?} where {status} was asked for")),
                    };
                    match wrong {
                        None => report.decoded += 1,
                        Some(what) => {
                            let returned = match &outcome {
                                Ok(v) => format!("{:?}", v.value),
                                Err(e) => format!("{e} ({e:?})"),
                            };
                            report.mismatch(op, label, r_pointer, format!("seed {seed}: {what}; the client returned {returned} for {shown}"));
                            clean = false;
                        }
                    }
                }
                if clean {
                    report.responses += 1;
                }
            }
        }

        fn main() -> std::process::ExitCode {
            // Deeply nested types decode recursively; debug builds need room for that.
            const STACK: usize = 256 * 1024 * 1024;
            let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(STACK).build() {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("no runtime: {e}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            let worker = std::thread::Builder::new().stack_size(STACK).spawn(move || runtime.block_on(run()));
            match worker.map(|w| w.join()) {
                Ok(Ok(code)) => code,
                _ => {
                    eprintln!("the harness thread failed");
                    std::process::ExitCode::FAILURE
                }
            }
        }

        async fn run() -> std::process::ExitCode {
            const USAGE: &str = "usage: main [--seeds N] [--serve ADDR | --via-prism | --against-mock URL] [--skip OPERATION_ID]...";
            let mut seeds = 3u64;
            let (mut serve, mut via_prism, mut against_mock) = (None, false, None);
            let mut skipped = Vec::new();
            let mut args = std::env::args().skip(1);
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--via-prism" => via_prism = true,
                    "--seeds" | "--serve" | "--against-mock" | "--skip" => {
                        let Some(v) = args.next() else {
                            eprintln!("{arg} takes a value\n{USAGE}");
                            return std::process::ExitCode::from(2);
                        };
                        match arg.as_str() {
                            "--seeds" => seeds = v.parse().ok().filter(|n| *n > 0).unwrap_or(3),
                            "--serve" => serve = Some(v),
                            "--against-mock" => against_mock = Some(v),
                            _ => skipped.push(v),
                        }
                    }
                    other => {
                        eprintln!("unknown {other:?}\n{USAGE}");
                        return std::process::ExitCode::from(2);
                    }
                }
            }
            if let Some(addr) = serve {
                let listener = match tokio::net::TcpListener::bind(&addr).await {
                    Ok(l) => l,
                    Err(e) => {
                        eprintln!("cannot listen on {addr}: {e}");
                        return std::process::ExitCode::FAILURE;
                    }
                };
                let local = listener.local_addr().map(|a| a.to_string()).unwrap_or(addr);
                println!("mock listening on http://{local}");
                let _ = axum::serve(listener, #k::mock::router()).await;
                return std::process::ExitCode::SUCCESS;
            }
            let recorder = Arc::new(Recorder::default());
            let app = #k::server::router_shared(recorder.clone(), "");
            let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("cannot listen on 127.0.0.1: {e}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            let base = match listener.local_addr() {
                Ok(a) => format!("http://{a}"),
                Err(e) => {
                    eprintln!("no local address: {e}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            tokio::spawn(async move {
                let _ = axum::serve(listener, app).await;
            });
            // Through Prism, the client talks to the tap, the tap to Prism, and Prism (the
            // proxy) to the router: its URL comes on stdin once the router's address is out.
            let upstream = if via_prism {
                println!("router listening on {base}");
                let mut line = String::new();
                match std::io::stdin().read_line(&mut line) {
                    Ok(n) if n > 0 => Some(line.trim().to_owned()),
                    _ => {
                        eprintln!("no prism URL on stdin");
                        return std::process::ExitCode::FAILURE;
                    }
                }
            } else {
                against_mock.clone()
            };
            let (tap, base) = match upstream {
                Some(upstream) => match Tap::serve(&upstream).await {
                    Ok((tap, tap_base)) => (Some(tap), tap_base),
                    Err(e) => {
                        eprintln!("cannot serve the tap: {e}");
                        return std::process::ExitCode::FAILURE;
                    }
                },
                None => (None, base),
            };
            let mut builder = #k::client::Client::builder(&base) #( #credentials )*;
            if tap.is_some() {
                // A tool that stalls fails the run instead of hanging it.
                builder = builder.timeout(std::time::Duration::from_secs(60));
            }
            let client = match builder.build() {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("cannot build the client: {e}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            let ctx = Ctx { seeds, recorder, tap, mock: against_mock.is_some(), skipped };
            let mut report = Report::default();
            #( #calls )*
            for s in &report.skipped {
                println!("skipped {s}");
            }
            if ctx.mock {
                println!(
                    "prism mock: {} operations, {} answers decoded, {} failures, {} prism violations, {} answers prism found invalid itself, {} skipped",
                    report.operations, report.decoded, report.mismatches, report.violations, report.invalid_answers, report.skipped.len()
                );
            } else if ctx.tap.is_some() {
                println!(
                    "conformance through prism: {} operations, {} responses round-tripped, {} mismatches, {} prism violations, {} skipped",
                    report.operations, report.responses, report.mismatches, report.violations, report.skipped.len()
                );
            } else {
                println!(
                    "conformance: {} operations, {} responses round-tripped, {} mismatches, {} skipped",
                    report.operations, report.responses, report.mismatches, report.skipped.len()
                );
            }
            if report.mismatches == 0 && report.violations == 0 {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::FAILURE
            }
        }
    };
    let mut items = vec![main];
    items.extend(cases);
    Module::new(header, items).format()
}

/// The harness function that runs the cases of one operation.
fn case_fn(op: &Operation) -> syn::Ident {
    format_ident!("case_{}", op.fn_name.as_str())
}

/// The recording implementation of one trait method.
fn recording_method(api: &Api, k: &syn::Ident, op: &Operation) -> TokenStream {
    let name = value_ident(&op.fn_name);
    let args_type = ident(&op.type_name);
    let ok = ident(&op.ok_enum);
    let err = ident(&op.error_enum);
    let inputs = server_inputs(api, op, &quote! { #k::types:: });
    let fields: Vec<&syn::Ident> = inputs.iter().map(|(n, _)| n).collect();
    let mut params: Vec<TokenStream> = inputs.iter().map(|(n, t)| quote! { #n: #t }).collect();
    if !op.security.is_empty() {
        params.insert(0, quote! { _credentials: #k::Credentials });
    }
    params.insert(0, quote! { _context: #k::server::RequestContext });
    quote! {
        async fn #name(&self, #( #params ),*) -> Result<#k::responses::#ok, #k::responses::#err> {
            self.record(#k::mock::args::#args_type { #( #fields ),* });
            self.reply::<Result<#k::responses::#ok, #k::responses::#err>>()
        }
    }
}

/// The cases of one operation: one call of the harness's generic `round_trip` per
/// documented response, or one call of `from_mock` for them all against Prism's mock, so
/// the harness stays small for large specs.
fn case(k: &syn::Ident, op: &Operation) -> TokenStream {
    let f = case_fn(op);
    let wire_id = &op.wire_id;
    let pointer = &op.origin.pointer;
    let name = value_ident(&op.fn_name);
    let args_type = ident(&op.type_name);
    // Required inputs are arguments, optional ones go to the builder's setters, each lent
    // as the client takes it (by value, `&str`, a slice or a reference).
    let lend = |ty: &TypeRef, value: TokenStream| {
        if super::client::by_value(ty) {
            quote! { #value }
        } else {
            quote! { &#value }
        }
    };
    let mut call_args = Vec::new();
    let mut setters = Vec::new();
    let inputs = op
        .params
        .iter()
        .map(|p| (value_ident(&p.rust_name), &p.ty, p.required))
        .chain(op.body.as_ref().map(|b| (format_ident!("body"), &b.ty, b.required)));
    for (n, ty, required) in inputs {
        if required {
            call_args.push(lend(ty, quote! { args.#n }));
        } else {
            let value = lend(ty, quote! { *v });
            setters.push(quote! {
                let __call = match &args.#n { Some(v) => __call.#n(#value), None => __call };
            });
        }
    }
    let (mut skips, mut trips, mut asked, mut unasked) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, r) in op.responses.iter().enumerate() {
        let label = r.status.to_string();
        let r_pointer = &r.origin.pointer;
        if let Some(why) = skip_reason(op, r) {
            skips.push(quote! { report.skip(#wire_id, #label, #r_pointer, #why); });
            continue;
        }
        // Always there: without one, `skip_reason` says why.
        let Some(status) = representative_status(op, r) else {
            continue;
        };
        let is_error = r.is_error;
        let trip = quote! {
            round_trip(report, ctx, (#wire_id, #label, #r_pointer), #i, #is_error, #k::mock::replies::#name, &call).await;
        };
        // The response the generator assumes where the spec documents none: no answer can
        // conform for Prism.
        let assumed = op.responses.len() == 1 && r.origin.pointer.ends_with("/responses");
        if assumed {
            let why = "the operation documents no response, so no answer conforms for Prism";
            trips.push(quote! {
                if ctx.tap.is_some() {
                    report.skip(#wire_id, #label, #r_pointer, #why);
                } else {
                    #trip
                }
            });
            unasked.push(quote! { report.skip(#wire_id, #label, #r_pointer, #why); });
        } else {
            trips.push(trip);
            asked.push(quote! { (#label, #r_pointer, #status, #is_error) });
        }
    }
    // Prism's mock answers every path; only the round trips need the router.
    let unrouted = op.server_route.is_none().then(|| {
        trips.clear();
        quote! {
            if !ctx.mock {
                report.skip(#wire_id, "(all responses)", #pointer, "the server does not route this path");
                return;
            }
        }
    });
    quote! {
        async fn #f(client: &#k::client::Client, ctx: &Ctx, report: &mut Report) {
            if ctx.skipped.iter().any(|s| s == #wire_id) {
                report.skip(#wire_id, "(all responses)", #pointer, "left out (--skip-operation)");
                return;
            }
            #unrouted
            report.operations += 1;
            let call = |args: #k::mock::args::#args_type| {
                let client = client.clone();
                async move {
                    let __call = client.#name(#( #call_args ),*);
                    #( #setters )*
                    __call.await
                }
            };
            #( #skips )*
            if ctx.mock {
                #( #unasked )*
                from_mock(report, ctx, (#wire_id, #pointer), &[#( #asked ),*], &call).await;
            } else {
                #( #trips )*
            }
        }
    }
}
