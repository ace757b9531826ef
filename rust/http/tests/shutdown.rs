//! `shutdown` stops the runtime threads (own test binary: it stops the process-wide runtime).

mod support;

use std::time::{Duration, Instant};

use oidc_sso_core::{HttpClientFactory, HttpErrorKind};
use oidc_sso_http::{shutdown, ReqwestHttpClientFactory};
use support::{get, response, settings, LocalServer, Script};

fn runtime_threads() -> usize {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .filter_map(Result::ok)
        .filter_map(|task| std::fs::read_to_string(task.path().join("comm")).ok())
        .filter(|name| name.starts_with("oidc-sso-http"))
        .count()
}

fn wait_until(condition: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    condition()
}

#[test]
fn shutdown_when_called_then_threads_stop_old_clients_fail_and_new_clients_work() {
    let server = LocalServer::start(Script::Reply(response("200 OK", "", b"ok")));
    let factory = ReqwestHttpClientFactory::default();
    let client = factory.client(&settings()).expect("client");
    client
        .execute(get(&server.url("/")))
        .expect("before shutdown");
    assert!(
        runtime_threads() > 0,
        "the runtime threads are named oidc-sso-http-N"
    );

    shutdown();

    assert!(
        wait_until(|| runtime_threads() == 0),
        "threads still running"
    );
    let error = client.execute(get(&server.url("/"))).expect_err("stopped");
    assert_eq!(error.kind, HttpErrorKind::Connect, "{error}");
    let fresh = factory
        .client(&settings())
        .expect("client on a new runtime");
    assert_eq!(
        fresh.execute(get(&server.url("/"))).expect("after").body(),
        b"ok"
    );
}
