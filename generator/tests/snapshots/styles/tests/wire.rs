//! Parameter styles on the wire, witnessed from outside the generated code: the bytes the
//! client sends are captured by a raw HTTP server, and the router is sent requests written
//! by hand. The bytes are the OpenAPI specification's style examples (3.0.4/3.1.1) and RFC
//! 6570's expansions; `runtime::param`'s own tests pin the whole table.

#[path = "../../../../../generated/tests/support/mod.rs"]
mod support;

use snapshot_styles::client::Client;
use snapshot_styles::responses::*;
use snapshot_styles::server::{RequestContext, ServerHooks, Styles};
use snapshot_styles::types::{Color, Counts, Registration, RegistrationAddress, Shade};
use std::time::Duration;
use support::{raw, response, scripted, spawn, status_of};

/// Answers with what it read, as Rust's `Debug` writes it.
struct Echo;

impl ServerHooks for Echo {}

impl Styles for Echo {
    async fn paths(
        &self,
        _context: RequestContext,
        simple: Vec<String>,
        label: Vec<String>,
        matrix: Color,
    ) -> Result<PathsResponse, PathsError> {
        Ok(PathsResponse::Ok {
            body: format!("{simple:?} {label:?} {matrix:?}"),
        })
    }

    #[allow(clippy::too_many_arguments)]
    async fn colors(
        &self,
        _context: RequestContext,
        color: Color,
        csv: Option<Vec<String>>,
        pipes: Option<Vec<String>>,
        spaces: Option<Vec<i64>>,
        next: Option<String>,
        shade: Option<Shade>,
        limit: Option<i64>,
    ) -> Result<ColorsResponse, ColorsError> {
        Ok(ColorsResponse::Ok {
            body: format!("{color:?} {csv:?} {pipes:?} {spaces:?} {next:?} {shade:?} limit={limit:?}"),
        })
    }

    async fn search(&self, _context: RequestContext, filter: Shade) -> Result<SearchResponse, SearchError> {
        Ok(SearchResponse::Ok {
            body: format!("{filter:?}"),
        })
    }

    async fn forms(&self, _context: RequestContext, body: Registration) -> Result<FormsResponse, FormsError> {
        Ok(FormsResponse::Ok {
            body: format!("{body:?}"),
        })
    }

    async fn numbers(&self, _context: RequestContext, body: Counts) -> Result<NumbersResponse, NumbersError> {
        Ok(NumbersResponse::Ok { body })
    }

    async fn headers(
        &self,
        context: RequestContext,
        x_ids: Option<Vec<i64>>,
        x_color: Option<Color>,
        prefs: Option<Vec<String>>,
    ) -> Result<HeadersResponse, HeadersError> {
        // `Accept` is not an argument (OpenAPI says to ignore its definition): it is in the
        // request's headers.
        let accept = context
            .headers
            .get("accept")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok(HeadersResponse::Ok {
            body: format!("{x_ids:?} {x_color:?} {prefs:?} accept={accept:?}"),
        })
    }
}

fn color() -> Color {
    Color { r: 100, g: 200, b: 150 }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The request line and header lines the client sent for one call, lower-cased names.
async fn sent<F, Fut>(call: F) -> String
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut server = scripted(
        response("200 OK", &[("content-type", "text/plain")], b"ok"),
        Duration::ZERO,
    )
    .await;
    call(Client::new(&server.base).expect("client")).await;
    server.requests.recv().await.expect("request")
}

#[tokio::test]
async fn path_styles_write_the_specification_bytes() {
    let request = sent(|c| async move {
        let simple = strings(&["blue", "black", "brown"]);
        // `.` separates exploded label items, so inside an item it is encoded.
        let label = strings(&["a.b", "c"]);
        c.paths(&simple, &label, &color()).await.expect("200");
    })
    .await;
    assert!(
        request.starts_with("GET /paths/blue,black,brown/.a%2Eb.c/;R=100;G=200;B=150 HTTP/1.1\r\n"),
        "{request}"
    );
}

#[tokio::test]
async fn query_styles_write_the_specification_bytes_and_keep_delimiters_inside_items() {
    let request = sent(|c| async move {
        let shade = Shade {
            name: Some("dark blue".into()),
            depth: Some(2),
        };
        c.colors(&color())
            .csv(&strings(&["a,b", "c"]))
            .pipes(&strings(&["x/y", "z"]))
            .spaces(&[1, 2])
            .next("/a/b?c=d+e")
            .shade(&shade)
            .await
            .expect("200");
    })
    .await;
    let line = request.lines().next().unwrap_or_default();
    assert_eq!(
        line,
        "GET /colors?R=100&G=200&B=150&csv=a%2Cb,c&pipes=x%2Fy|z&spaces=1%202\
         &next=/a/b?c=d+e&shade[name]=dark%20blue&shade[depth]=2 HTTP/1.1"
    );
}

#[tokio::test]
async fn header_and_cookie_lists_and_objects_are_written_as_rfc_6570_simple_and_form() {
    let request = sent(|c| async move {
        c.headers()
            .x_ids(&[1, 2])
            .x_color(&color())
            .prefs(&strings(&["a", "b"]))
            .await
            .expect("200");
    })
    .await;
    let request = request.to_ascii_lowercase();
    assert!(request.contains("\r\nx-ids: 1,2\r\n"), "{request}");
    assert!(request.contains("\r\nx-color: r=100,g=200,b=150\r\n"), "{request}");
    assert!(request.contains("\r\ncookie: prefs=a,b\r\n"), "{request}");
}

#[tokio::test]
async fn values_a_header_cannot_carry_are_refused_before_sending() {
    let base = spawn(snapshot_styles::server::router(Echo)).await;
    let c = Client::new(&base).expect("client");
    let error = c
        .headers()
        .prefs(&strings(&["a;b"]))
        .await
        .expect_err("a `;` would start another cookie");
    assert!(error.to_string().contains("prefs"), "{error}");
    let error = c.headers().x_ids(&[]).x_color(&color()).await;
    assert!(error.is_ok(), "an empty optional list is left out: {error:?}");
    let error = c
        .colors(&color())
        .pipes(&strings(&["a|b"]))
        .await
        .expect_err("a `|` inside a pipe item reads as two items");
    assert!(error.to_string().contains("pipes"), "{error}");
}

/// Sends `request` (a request line and headers, without the blank line) to the router.
async fn ask(base: &str, head: &str) -> String {
    let text = format!("{head}\r\nhost: x\r\nconnection: close\r\n\r\n");
    raw(base, text.as_bytes()).await
}

fn body_of(answer: &str) -> &str {
    answer.split("\r\n\r\n").nth(1).unwrap_or_default()
}

#[tokio::test]
async fn the_router_reads_the_specification_bytes_by_hand() {
    let base = spawn(snapshot_styles::server::router(Echo)).await;
    let answer = ask(
        &base,
        "GET /paths/blue,black,brown/.a%2Eb.c/;R=100;G=200;B=150 HTTP/1.1",
    )
    .await;
    assert_eq!(status_of(&answer), 200, "{answer}");
    assert_eq!(
        body_of(&answer),
        r#"["blue", "black", "brown"] ["a.b", "c"] Color { r: 100, g: 200, b: 150 }"#
    );

    let answer = ask(
        &base,
        "GET /colors?R=100&G=200&B=150&csv=a%2Cb,c&pipes=x%7Cy|z&spaces=1%202&next=/a/b?c=d+e&shade%5Bname%5D=x+y HTTP/1.1",
    )
    .await;
    assert_eq!(status_of(&answer), 200, "{answer}");
    // `+` is a space, except in an allowReserved value; `%7C` is a pipe delimiter as `|` is
    // (other clients encode it).
    assert_eq!(
        body_of(&answer),
        r#"Color { r: 100, g: 200, b: 150 } Some(["a,b", "c"]) Some(["x", "y", "z"]) Some([1, 2]) Some("/a/b?c=d+e") Some(Shade { name: Some("x y"), depth: None }) limit=Some(20)"#
    );

    // One empty item is a list of one empty string, not an empty list; where the empty
    // string is no item (integers), it is an empty list, as Schemathesis writes one.
    let answer = ask(&base, "GET /colors?R=1&G=2&B=3&csv=&spaces= HTTP/1.1").await;
    assert!(body_of(&answer).contains(r#"Some([""]) None Some([])"#), "{answer}");
    // An empty Accept line admits anything.
    let answer = ask(&base, "GET /colors?R=1&G=2&B=3 HTTP/1.1\r\naccept: ").await;
    assert_eq!(status_of(&answer), 200, "{answer}");

    // A form object missing a required property is refused, with its name.
    let answer = ask(&base, "GET /colors?R=1&G=2 HTTP/1.1").await;
    assert_eq!(status_of(&answer), 400, "{answer}");
    assert!(body_of(&answer).contains("color"), "{answer}");
}

#[tokio::test]
async fn header_lists_are_read_across_lines_and_blanks_and_accept_is_not_a_parameter() {
    let base = spawn(snapshot_styles::server::router(Echo)).await;
    let answer = ask(
        &base,
        "GET /headers HTTP/1.1\r\nx-ids: 1, 2\r\nx-ids: 3\r\nx-color: R=1,G=2,B=3\r\ncookie: prefs=a,b\r\naccept: text/plain",
    )
    .await;
    assert_eq!(status_of(&answer), 200, "{answer}");
    assert_eq!(
        body_of(&answer),
        r#"Some([1, 2, 3]) Some(Color { r: 1, g: 2, b: 3 }) Some(["a", "b"]) accept=Some("text/plain")"#
    );
}

#[tokio::test]
async fn every_style_round_trips_values_with_delimiters_inside() {
    let base = spawn(snapshot_styles::server::router(Echo)).await;
    let c = Client::new(&base).expect("client");
    let PathsResponse::Ok { body } = c
        .paths(&strings(&["a,b", "c/d"]), &strings(&["x.y", ""]), &color())
        .await
        .expect("200")
        .into_inner();
    assert_eq!(body, r#"["a,b", "c/d"] ["x.y", ""] Color { r: 100, g: 200, b: 150 }"#);
    let ColorsResponse::Ok { body } = c
        .colors(&color())
        .csv(&strings(&["a,b", "", "c d"]))
        .pipes(&strings(&["&", "a b"]))
        .next("/p?q=a&b#c")
        .await
        .expect("200")
        .into_inner();
    assert_eq!(
        body,
        r#"Color { r: 100, g: 200, b: 150 } Some(["a,b", "", "c d"]) Some(["&", "a b"]) None Some("/p?q=a&b#c") None limit=Some(20)"#
    );
}

#[tokio::test]
async fn numbers_are_read_exactly_integers_may_have_a_zero_fraction_and_defaults_fill_in() {
    let base = spawn(snapshot_styles::server::router(Echo)).await;
    let post = |body: &str| {
        format!(
            "POST /numbers HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    // JSON Schema counts 76.0 and 7.6e1 as integers; below 1 stays below 1.
    let answer = raw(&base, post(r#"{"count":76.0,"ratio":0.9999999999999999}"#).as_bytes()).await;
    assert_eq!(status_of(&answer), 200, "{answer}");
    assert_eq!(
        body_of(&answer),
        r#"{"count":76,"ratio":0.9999999999999999,"unit":"px"}"#
    );
    let answer = raw(&base, post(r#"{"count":7.6e1,"unit":"em"}"#).as_bytes()).await;
    assert_eq!(body_of(&answer), r#"{"count":76,"unit":"em"}"#);
    // `scale`'s default is no integer: it is not applied (it refused every request that
    // left `scale` out), and the client's request was answered.
    let answer = raw(&base, post(r#"{"count":2}"#).as_bytes()).await;
    assert_eq!(status_of(&answer), 200, "{answer}");
    assert_eq!(body_of(&answer), r#"{"count":2,"unit":"px"}"#);
    // A fraction is not an integer; the bound is exclusive.
    let answer = raw(&base, post(r#"{"count":76.5}"#).as_bytes()).await;
    assert_eq!(status_of(&answer), 400, "{answer}");
    let answer = raw(&base, post(r#"{"count":1,"ratio":1.0}"#).as_bytes()).await;
    assert_eq!(status_of(&answer), 400, "{answer}");
    // The client documents the default and sends nothing for it.
    let c = Client::new(&base).expect("client");
    let sent = Counts {
        count: 1,
        ratio: None,
        unit: None,
        contact: None,
        scale: None,
    };
    let NumbersResponse::Ok { body } = c.numbers(&sent).await.expect("200").into_inner();
    assert_eq!(body.unit.as_deref(), Some("px"));
}

#[tokio::test]
async fn formats_are_asserted_at_the_server_and_before_the_client_sends() {
    let base = spawn(snapshot_styles::server::router(Echo)).await;
    let body = r#"{"count":1,"contact":""}"#;
    let request = format!(
        "POST /numbers HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let answer = raw(&base, request.as_bytes()).await;
    assert_eq!(status_of(&answer), 400, "{answer}");
    assert!(
        answer.contains(r#""pointer":"/contact""#) && answer.contains("email"),
        "{answer}"
    );
    let c = Client::new(&base).expect("client");
    let bad = Counts {
        count: 1,
        ratio: None,
        unit: None,
        contact: Some("not an address".into()),
        scale: None,
    };
    let error = c.numbers(&bad).await.expect_err("refused before sending");
    assert!(error.to_string().contains("email"), "{error}");
}

#[tokio::test]
async fn an_answer_in_a_media_type_the_request_refuses_is_a_406() {
    let base = spawn(snapshot_styles::server::router(Echo)).await;
    let colors = "GET /colors?R=1&G=2&B=3 HTTP/1.1";
    let answer = ask(&base, &format!("{colors}\r\naccept: application/json")).await;
    assert_eq!(status_of(&answer), 406, "{answer}");
    assert!(answer.contains("text/plain"), "{answer}");
    let answer = ask(&base, &format!("{colors}\r\naccept: application/json, text/*;q=0.5")).await;
    assert_eq!(status_of(&answer), 200, "{answer}");
    let answer = ask(&base, &format!("{colors}\r\naccept: */*, text/plain;q=0")).await;
    assert_eq!(status_of(&answer), 406, "{answer}");
    let answer = ask(&base, colors).await;
    assert_eq!(status_of(&answer), 200, "no Accept admits anything: {answer}");
}

#[tokio::test]
async fn a_content_parameter_travels_as_its_json_text() {
    let shade = Shade {
        name: Some("a&b".into()),
        depth: Some(3),
    };
    let request = sent(|c| async move {
        c.search(&shade).await.expect("200");
    })
    .await;
    assert!(
        request.starts_with("GET /search?filter=%7B%22name%22%3A%22a%26b%22%2C%22depth%22%3A3%7D HTTP/1.1"),
        "{request}"
    );
    let base = spawn(snapshot_styles::server::router(Echo)).await;
    let answer = ask(&base, "GET /search?filter=%7B%22depth%22%3A2%7D HTTP/1.1").await;
    assert_eq!(body_of(&answer), r#"Shade { name: None, depth: Some(2) }"#, "{answer}");
    let answer = ask(&base, "GET /search?filter=%7Bnot%20json HTTP/1.1").await;
    assert_eq!(status_of(&answer), 400, "{answer}");
    let answer = ask(&base, "GET /search?filter=%7B%22depth%22%3A%22deep%22%7D HTTP/1.1").await;
    assert_eq!(status_of(&answer), 400, "{answer}");
}

fn registration() -> Registration {
    Registration {
        id: "f81d4fae-7dec-11d0-a765-00a0c91e6bf6".into(),
        address: Some(RegistrationAddress {
            street_address: Some("123 Example Dr.".into()),
            city: Some("Somewhere".into()),
            state: Some("CA".into()),
            zip: Some("99999+1234".into()),
        }),
        tags: None,
        csv: None,
        piped: None,
        shade: None,
    }
}

/// OpenAPI 3.1.1 §4.8.15's example body, as the specification prints it: `+` for a space,
/// `:` and `,` left as they are.
const SPEC_FORM: &str = "id=f81d4fae-7dec-11d0-a765-00a0c91e6bf6&address=%7B%22streetAddress%22:%22123+Example+Dr.%22,\
                         %22city%22:%22Somewhere%22,%22state%22:%22CA%22,%22zip%22:%2299999%2B1234%22%7D";

#[tokio::test]
async fn form_properties_are_written_as_their_encoding_says() {
    // The specification's example, as the WHATWG serializer encodes it (`:` and `,` too).
    let request = sent(|client| async move {
        let _ = client.forms(&registration()).await;
    })
    .await;
    assert!(request.starts_with("POST /forms HTTP/1.1\r\n"), "{request}");
    assert!(
        request.contains("content-type: application/x-www-form-urlencoded\r\n"),
        "{request}"
    );
    assert_eq!(
        body_of(&request),
        "id=f81d4fae-7dec-11d0-a765-00a0c91e6bf6&address=%7B%22streetAddress%22%3A%22123+Example+Dr.%22%2C\
         %22city%22%3A%22Somewhere%22%2C%22state%22%3A%22CA%22%2C%22zip%22%3A%2299999%2B1234%22%7D"
    );

    // A list repeats its name (form, exploded: the default); `csv` is form, not exploded;
    // `piped` pipeDelimited; `shade` a deepObject. Delimiters are written as they are (as
    // the specification's examples write them), a `,` inside an item encoded; a `|` inside
    // a pipeDelimited item cannot be sent.
    let styled = Registration {
        id: "a b".into(),
        address: None,
        tags: Some(strings(&["x", "y,z"])),
        csv: Some(strings(&["c,d", "e"])),
        piped: Some(strings(&["p", "q"])),
        shade: Some(Shade {
            name: Some("n&m".into()),
            depth: Some(3),
        }),
    };
    let request = sent(|client| async move {
        let _ = client.forms(&styled).await;
    })
    .await;
    assert_eq!(
        body_of(&request),
        "id=a+b&tags=x&tags=y%2Cz&csv=c%2Cd,e&piped=p|q&shade[name]=n%26m&shade[depth]=3"
    );
    let refused = Client::new("http://127.0.0.1:9")
        .expect("client")
        .forms(&Registration {
            piped: Some(strings(&["c|d"])),
            ..registration()
        })
        .await;
    assert!(
        matches!(
            &refused,
            Err(snapshot_styles::client::Error::InvalidParameter { name: "piped", .. })
        ),
        "{refused:?}"
    );
}

#[tokio::test]
async fn the_router_reads_form_bodies_written_by_hand() {
    let base = spawn(snapshot_styles::server::router(Echo)).await;
    let post = |body: &str| {
        format!(
            "POST /forms HTTP/1.1\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let answer = raw(&base, post(SPEC_FORM).as_bytes()).await;
    assert_eq!(status_of(&answer), 200, "{answer}");
    assert_eq!(body_of(&answer), format!("{:?}", registration()));

    // One item is a list of one, whatever its text; `%7C` is a pipe, as `|` is.
    let answer = raw(&base, post("id=1&tags=7&csv=a,b&piped=x%7Cy&shade[depth]=2").as_bytes()).await;
    assert_eq!(status_of(&answer), 200, "{answer}");
    assert_eq!(
        body_of(&answer),
        r#"Registration { id: "1", address: None, tags: Some(["7"]), csv: Some(["a", "b"]), piped: Some(["x", "y"]), shade: Some(Shade { name: None, depth: Some(2) }) }"#
    );

    // An address that is not JSON is refused, naming the property.
    let answer = raw(&base, post("id=1&address=city").as_bytes()).await;
    assert_eq!(status_of(&answer), 400, "{answer}");
    assert!(body_of(&answer).contains("address"), "{answer}");
}
