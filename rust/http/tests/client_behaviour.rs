//! The client against a real local TCP server: redirects, size cap, timeouts, refused
//! connections, proxy and settings errors.

mod support;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use oidc_sso_core::{Deadline, HttpClientFactory, HttpErrorKind, HttpSettings};
use oidc_sso_http::ReqwestHttpClientFactory;
use support::{chunked_response, get, response, settings, LocalServer, Script};

#[test]
fn execute_when_server_answers_200_then_body_status_and_headers_returned() {
    let server = LocalServer::start(Script::Reply(response(
        "200 OK",
        "Content-Type: application/json\r\n",
        b"{\"ok\":true}",
    )));
    let client = ReqwestHttpClientFactory::default()
        .client(&settings())
        .expect("client");

    let reply = client.execute(get(&server.url("/jwks"))).expect("response");

    assert_eq!(reply.status(), 200);
    assert_eq!(reply.body(), b"{\"ok\":true}");
    assert_eq!(reply.headers()["content-type"], "application/json");
    assert!(server
        .requests
        .recv()
        .expect("request")
        .starts_with("GET /jwks HTTP/1.1"));
}

#[test]
fn execute_when_server_answers_302_then_redirect_returned_not_followed() {
    let server = LocalServer::start(Script::Reply(response(
        "302 Found",
        "Location: /elsewhere\r\n",
        b"",
    )));
    let client = ReqwestHttpClientFactory::default()
        .client(&settings())
        .expect("client");

    let reply = client
        .execute(get(&server.url("/token")))
        .expect("response");

    assert_eq!(reply.status(), 302);
    assert_eq!(reply.headers()["location"], "/elsewhere");
    assert!(server
        .requests
        .recv()
        .expect("first")
        .starts_with("GET /token "));
    assert!(
        server
            .requests
            .recv_timeout(Duration::from_millis(300))
            .is_err(),
        "the redirect must not be followed"
    );
}

#[test]
fn execute_when_chunked_body_exceeds_cap_then_too_large() {
    let server = LocalServer::start(Script::Reply(chunked_response(20, 8 * 1024)));
    let client = ReqwestHttpClientFactory::default()
        .client(&settings())
        .expect("client");

    let error = client
        .execute(get(&server.url("/big")))
        .expect_err("too large");

    assert_eq!(error.kind, HttpErrorKind::TooLarge, "{error}");
    assert!(
        error
            .message
            .contains("is longer than the limit of 65536 bytes"),
        "{error}"
    );
}

#[test]
fn execute_when_content_length_announces_more_than_cap_then_too_large() {
    let server = LocalServer::start(Script::Reply(
        b"HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\nshort".to_vec(),
    ));
    let client = ReqwestHttpClientFactory::default()
        .client(&settings())
        .expect("client");

    let error = client
        .execute(get(&server.url("/big")))
        .expect_err("too large");

    assert_eq!(error.kind, HttpErrorKind::TooLarge, "{error}");
    assert!(
        error
            .message
            .contains("announces 10000000 bytes, more than the limit of 65536 bytes"),
        "{error}"
    );
}

#[test]
fn execute_when_body_exactly_at_cap_then_accepted() {
    let server = LocalServer::start(Script::Reply(chunked_response(8, 8 * 1024)));
    let client = ReqwestHttpClientFactory::default()
        .client(&settings())
        .expect("client");

    let reply = client
        .execute(get(&server.url("/full")))
        .expect("at the cap is fine");

    assert_eq!(reply.body().len(), 64 * 1024);
}

#[test]
fn execute_when_login_deadline_nearer_than_read_timeout_then_timeout_at_the_deadline() {
    let server = LocalServer::start(Script::Silence);
    let client = ReqwestHttpClientFactory::default()
        .client(&HttpSettings {
            read_timeout_ms: 20_000,
            ..settings()
        })
        .expect("client");
    let started = Instant::now();
    let mut request = get(&server.url("/stall"));
    request
        .extensions_mut()
        .insert(Deadline(started + Duration::from_millis(300)));

    let error = client.execute(request).expect_err("timeout");

    assert_eq!(error.kind, HttpErrorKind::Timeout, "{error}");
    // A hang guard, not a benchmark: far below the 20 s read timeout.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn execute_when_login_deadline_passed_then_not_sent() {
    let server = LocalServer::start(Script::Silence);
    let client = ReqwestHttpClientFactory::default()
        .client(&settings())
        .expect("client");
    let mut request = get(&server.url("/late"));
    request
        .extensions_mut()
        .insert(Deadline(Instant::now() - Duration::from_millis(1)));

    let error = client.execute(request).expect_err("deadline");

    assert_eq!(error.kind, HttpErrorKind::Deadline, "{error}");
    assert!(server
        .requests
        .recv_timeout(Duration::from_millis(200))
        .is_err());
}

#[test]
fn execute_when_server_never_answers_then_timeout_within_configured_time() {
    let server = LocalServer::start(Script::Silence);
    let client = ReqwestHttpClientFactory::default()
        .client(&HttpSettings {
            read_timeout_ms: 300,
            ..settings()
        })
        .expect("client");
    let started = Instant::now();

    let error = client
        .execute(get(&server.url("/slow")))
        .expect_err("timeout");

    assert_eq!(error.kind, HttpErrorKind::Timeout, "{error}");
    assert!(error.message.contains("300 ms"), "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn execute_when_connection_refused_then_connect() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    }; // listener dropped: nothing listens on the port any more
    let client = ReqwestHttpClientFactory::default()
        .client(&settings())
        .expect("client");

    let error = client
        .execute(get(&format!("http://127.0.0.1:{port}/")))
        .expect_err("refused");

    assert_eq!(error.kind, HttpErrorKind::Connect, "{error}");
    assert!(
        error.message.contains(&format!("127.0.0.1:{port}")),
        "{error}"
    );
}

#[test]
fn execute_when_proxy_configured_then_request_goes_through_proxy_with_credentials() {
    let proxy = LocalServer::start(Script::Reply(response("200 OK", "", b"via proxy")));
    let client = ReqwestHttpClientFactory::default()
        .client(&HttpSettings {
            proxy_url: Some(format!("http://alice:s3cret@{}", proxy.addr)),
            ..settings()
        })
        .expect("client");

    let reply = client
        .execute(get(
            "http://idp.example.invalid/.well-known/openid-configuration",
        ))
        .expect("response");

    assert_eq!(reply.body(), b"via proxy");
    let head = proxy.requests.recv().expect("request");
    assert!(
        head.starts_with("GET http://idp.example.invalid/.well-known/openid-configuration "),
        "{head}"
    );
    // base64("alice:s3cret")
    assert!(head.contains("YWxpY2U6czNjcmV0"), "{head}");
}

#[test]
fn execute_when_host_in_no_proxy_then_connects_directly() {
    let proxy = LocalServer::start(Script::Reply(response("200 OK", "", b"via proxy")));
    let direct = LocalServer::start(Script::Reply(response("200 OK", "", b"direct")));
    let client = ReqwestHttpClientFactory::default()
        .client(&HttpSettings {
            proxy_url: Some(format!("http://{}", proxy.addr)),
            no_proxy: vec!["127.0.0.1".to_owned()],
            ..settings()
        })
        .expect("client");

    let reply = client.execute(get(&direct.url("/"))).expect("response");

    assert_eq!(reply.body(), b"direct");
    assert!(proxy.requests.try_recv().is_err());
}

#[test]
fn client_when_trust_anchors_not_pem_then_settings_error() {
    let error = ReqwestHttpClientFactory::default()
        .reqwest_client(&HttpSettings {
            trust_anchors_pem: Some("not a certificate".to_owned()),
            ..settings()
        })
        .expect_err("settings");

    assert_eq!(error.kind, HttpErrorKind::Settings, "{error}");
}

#[test]
fn client_when_proxy_url_invalid_then_settings_error_without_password() {
    let error = ReqwestHttpClientFactory::default()
        .reqwest_client(&HttpSettings {
            proxy_url: Some("http://bob:hunter2@exa mple:99999".to_owned()),
            ..settings()
        })
        .expect_err("settings");

    assert_eq!(error.kind, HttpErrorKind::Settings, "{error}");
    assert!(!error.message.contains("hunter2"), "{error}");
}

#[test]
fn client_when_same_settings_then_cached_client_reused() {
    let factory = ReqwestHttpClientFactory::default();

    let first = factory.reqwest_client(&settings()).expect("client");
    let again = factory.reqwest_client(&settings()).expect("client");
    let other = factory
        .reqwest_client(&HttpSettings {
            read_timeout_ms: 1,
            ..settings()
        })
        .expect("client");

    assert!(std::sync::Arc::ptr_eq(&first, &again));
    assert!(!std::sync::Arc::ptr_eq(&first, &other));
}

#[test]
fn factory_debug_when_printed_then_no_proxy_credentials() {
    let factory = ReqwestHttpClientFactory::default();
    let client = factory
        .reqwest_client(&HttpSettings {
            proxy_url: Some("http://alice:s3cret@127.0.0.1:3128".to_owned()),
            ..settings()
        })
        .expect("client");

    let printed = format!("{factory:?} {client:?}");

    assert!(!printed.contains("s3cret"), "{printed}");
}
