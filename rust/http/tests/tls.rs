//! Trust anchors: the server certificate is trusted only through the PEM bundle given
//! (from the settings, else the factory's default), never through built-in roots.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread;

use oidc_sso_core::{HttpClientFactory, HttpErrorKind, HttpSettings};
use oidc_sso_http::ReqwestHttpClientFactory;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// An HTTPS server on 127.0.0.1 with a fresh self-signed certificate; returns its PEM.
fn tls_server() -> (SocketAddr, String) {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).expect("cert");
    let pem = certified.cert.pem();
    let chain = vec![CertificateDer::from(certified.cert.der().to_vec())];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certified.key_pair.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .expect("server config");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let config = Arc::clone(&config);
            thread::spawn(move || {
                let Ok(connection) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(connection, stream);
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match tls.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => return, // handshake refused by the client, or closed
                    }
                }
                let _ = tls.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecure",
                );
                let _ = tls.flush();
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    (addr, pem)
}

fn settings(trust_anchors_pem: Option<String>) -> HttpSettings {
    HttpSettings {
        connect_timeout_ms: 2_000,
        read_timeout_ms: 2_000,
        trust_anchors_pem,
        ..HttpSettings::default()
    }
}

fn get(addr: SocketAddr) -> http::Request<Vec<u8>> {
    http::Request::get(format!("https://{addr}/.well-known/openid-configuration"))
        .body(Vec::new())
        .expect("request")
}

#[test]
fn execute_when_server_certificate_in_trust_anchors_then_tls_succeeds() {
    let (addr, pem) = tls_server();
    let client = ReqwestHttpClientFactory::default()
        .client(&settings(Some(pem)))
        .expect("client");

    let reply = client.execute(get(addr)).expect("trusted");

    assert_eq!(reply.body(), b"secure");
}

#[test]
fn execute_when_trust_anchors_hold_another_certificate_then_connect_error() {
    let (addr, _) = tls_server();
    let (_, other_pem) = tls_server();
    let client = ReqwestHttpClientFactory::default()
        .client(&settings(Some(other_pem)))
        .expect("client");

    let error = client.execute(get(addr)).expect_err("untrusted");

    assert_eq!(error.kind, HttpErrorKind::Connect, "{error}");
    assert!(
        error.message.contains("invalid peer certificate"),
        "{error}"
    );
}

#[test]
fn execute_when_no_trust_anchors_then_no_built_in_roots_and_connect_error() {
    let (addr, _) = tls_server();
    let client = ReqwestHttpClientFactory::default()
        .client(&settings(None))
        .expect("client");

    let error = client.execute(get(addr)).expect_err("nothing trusted");

    assert_eq!(error.kind, HttpErrorKind::Connect, "{error}");
}

#[test]
fn execute_when_settings_name_no_bundle_then_factory_default_anchors_used() {
    let (addr, pem) = tls_server();
    let client = ReqwestHttpClientFactory::new(Some(pem))
        .client(&settings(None))
        .expect("client");

    let reply = client.execute(get(addr)).expect("trusted via the default");

    assert_eq!(reply.body(), b"secure");
}

/// Base64 that is not a certificate: rustls' trust-anchor check refuses it.
const NOT_A_CERTIFICATE: &str =
    "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n";

#[test]
fn client_when_default_bundle_has_an_unusable_certificate_then_the_others_still_trusted() {
    // The JVM's bundle may hold a certificate webpki cannot use: it is skipped instead
    // of failing every IdP's client (`invalid peer certificate: BadEncoding` before).
    let (addr, pem) = tls_server();
    let client = ReqwestHttpClientFactory::new(Some(format!("{NOT_A_CERTIFICATE}{pem}")))
        .client(&settings(None))
        .expect("client");

    let reply = client
        .execute(get(addr))
        .expect("trusted via the usable one");

    assert_eq!(reply.body(), b"secure");
}

#[test]
fn client_when_bundle_has_no_usable_certificate_then_settings_error_naming_why() {
    let error = ReqwestHttpClientFactory::default()
        .reqwest_client(&settings(Some(NOT_A_CERTIFICATE.into())))
        .expect_err("nothing usable");

    assert_eq!(error.kind, HttpErrorKind::Settings, "{error}");
    assert!(
        error.message.contains("certificate 1 cannot be used"),
        "{error}"
    );
}
