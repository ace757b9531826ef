//! A scriptable local TCP server for the client's tests (127.0.0.1, ephemeral port).

#![allow(dead_code)] // each test binary uses a different part

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{channel, Receiver};
use std::thread;
use std::time::Duration;

use oidc_sso_core::HttpSettings;

/// What the server does with each connection, after reading the request head.
#[derive(Clone, Debug)]
pub enum Script {
    /// Writes these bytes and closes.
    Reply(Vec<u8>),
    /// Reads the request, then never answers (holds the socket for a while).
    Silence,
}

/// A running server; `requests` receives each request head it read.
pub struct LocalServer {
    pub addr: SocketAddr,
    pub requests: Receiver<String>,
}

impl LocalServer {
    pub fn start(script: Script) -> LocalServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let (sender, requests) = channel();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let script = script.clone();
                let sender = sender.clone();
                thread::spawn(move || serve(stream, &script, &sender));
            }
        });
        LocalServer { addr, requests }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

fn serve(mut stream: TcpStream, script: &Script, sender: &std::sync::mpsc::Sender<String>) {
    let head = read_head(&mut stream);
    let _ = sender.send(head);
    match script {
        Script::Reply(bytes) => {
            let _ = stream.write_all(bytes);
            let _ = stream.flush();
        }
        Script::Silence => thread::sleep(Duration::from_secs(30)),
    }
}

fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// A complete HTTP/1.1 response with a body and its Content-Length.
pub fn response(status_line: &str, extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status_line}\r\n{extra_headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A chunked response (no Content-Length) of `chunks` chunks of `chunk_size` bytes.
pub fn chunked_response(chunks: usize, chunk_size: usize) -> Vec<u8> {
    let mut out =
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    for _ in 0..chunks {
        out.extend_from_slice(format!("{chunk_size:x}\r\n").as_bytes());
        out.extend(std::iter::repeat_n(b'a', chunk_size));
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

pub fn settings() -> HttpSettings {
    HttpSettings {
        connect_timeout_ms: 2_000,
        read_timeout_ms: 2_000,
        max_response_bytes: 64 * 1024,
        ..HttpSettings::default()
    }
}

pub fn get(url: &str) -> http::Request<Vec<u8>> {
    http::Request::get(url).body(Vec::new()).expect("request")
}
