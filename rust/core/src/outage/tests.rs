//! The circuit, the bulkhead, the deadline and the single flight on their own; the
//! engine against a stalling OP is in tests/login/outage.rs.

use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::*;
use crate::SystemClock;

/// Fails every call as a timeout, counting them.
#[derive(Debug, Default)]
struct Down(AtomicUsize);

impl HttpClient for Down {
    fn execute(&self, _: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, HttpError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Err(HttpError::new(HttpErrorKind::Timeout, "no answer"))
    }
}

/// The default `http.busyWaitMs`.
const PROGRESS_WINDOW: Duration = Duration::from_millis(500);

fn settings(max: u64, threshold: u64) -> OutageSettings {
    OutageSettings {
        login_deadline_ms: 1_000,
        max_concurrent_calls: max,
        busy_wait_ms: PROGRESS_WINDOW.as_millis() as u64,
        circuit_failure_threshold: threshold,
        circuit_probe_interval_ms: 60_000,
    }
}

fn guard(client: Arc<dyn HttpClient>, settings: OutageSettings) -> Guard {
    Guard::new(
        "idp",
        client,
        "https://idp.example.com/.well-known/openid-configuration".into(),
        settings,
        Duration::from_secs(1),
        Arc::new(SystemClock),
    )
}

fn get() -> http::Request<Vec<u8>> {
    http::Request::get("https://idp.example.com/token")
        .body(Vec::new())
        .expect("request")
}

#[test]
fn failure_backoff_when_failures_repeat_then_doubles_up_to_a_minute() {
    let backoffs: Vec<i64> = (1..=7).map(|n| failure_backoff(n, 2)).collect();
    assert_eq!(backoffs, [2, 4, 8, 16, 32, 60, 60]);
    assert_eq!(failure_backoff(40, 10), 60);
}

#[test]
fn outcome_when_answers_and_errors_then_classified() {
    let answer = |status: u16| {
        Ok(http::Response::builder()
            .status(status)
            .body(Vec::new())
            .expect("response"))
    };
    assert_eq!(Outcome::of(&answer(200)), Outcome::Success);
    assert_eq!(Outcome::of(&answer(404)), Outcome::Success);
    assert!(matches!(Outcome::of(&answer(503)), Outcome::Failure(_)));
    for kind in [
        HttpErrorKind::Connect,
        HttpErrorKind::Timeout,
        HttpErrorKind::Protocol,
    ] {
        let failed = Err(HttpError::new(kind, "x"));
        assert!(
            matches!(Outcome::of(&failed), Outcome::Failure(_)),
            "{kind:?}"
        );
    }
    for kind in [HttpErrorKind::TooLarge, HttpErrorKind::Busy] {
        assert_eq!(
            Outcome::of(&Err(HttpError::new(kind, "x"))),
            Outcome::Neutral
        );
    }
}

#[test]
fn circuit_when_threshold_failures_then_opens_once_and_success_closes() {
    let mut c = circuit::Circuit::closed_since(100);
    let fail = || Outcome::Failure("timeout".into());
    assert!(!c.record(fail(), 101, 3, 200));
    assert!(!c.record(fail(), 102, 3, 200));
    assert!(c.record(fail(), 103, 3, 200), "the third failure opens it");
    assert!(c.open && c.since == 103 && c.next_probe_at == Some(200));
    assert!(!c.record(fail(), 104, 3, 200), "already open");
    assert!(!c.record(Outcome::Success, 105, 3, 200));
    assert!(!c.open && c.since == 105 && c.failures == 0);
}

#[test]
fn circuit_when_success_between_failures_then_count_restarts() {
    let mut c = circuit::Circuit::closed_since(0);
    for _ in 0..4 {
        c.record(Outcome::Failure("x".into()), 1, 5, 9);
        c.record(Outcome::Success, 1, 5, 9);
    }
    assert!(!c.open);
    assert_eq!(c.failures, 0);
}

#[test]
fn calls_when_bulkhead_full_and_no_progress_then_next_login_refused_within_the_window() {
    let g = guard(Arc::new(Down::default()), settings(2, 100));
    let (first, second, third) = (g.calls(), g.calls(), g.calls());
    first.enter().expect("slot 1");
    second.enter().expect("slot 2");
    first.enter().expect("a login keeps its slot");
    let started = Instant::now();
    let refused = third.enter().expect_err("full");
    assert_eq!(refused.code(), Code::IdpBusy);
    assert!(
        started.elapsed() <= PROGRESS_WINDOW + Duration::from_millis(200),
        "waited no longer than the progress window: {:?}",
        started.elapsed()
    );
    assert_eq!(g.availability().logins_in_flight, 2);
    drop(first);
    third.enter().expect("a slot was freed");
}

#[test]
fn calls_when_bulkhead_full_and_a_login_finishes_then_the_waiting_login_gets_its_slot() {
    let g = guard(Arc::new(Down::default()), settings(1, 100));
    let first = g.calls();
    first.enter().expect("the only slot");
    std::thread::scope(|scope| {
        scope.spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            drop(first);
        });
        let second = g.calls();
        second
            .enter()
            .expect("a burst against a healthy IdP waits for the slot");
    });
}

#[test]
fn calls_when_idp_stalled_past_the_window_then_next_login_refused_at_once() {
    let g = guard(Arc::new(Down::default()), settings(1, 100));
    let stalled = g.calls();
    stalled
        .enter()
        .expect("the only slot, held by a stalled call");
    std::thread::sleep(PROGRESS_WINDOW + Duration::from_millis(50));
    let started = Instant::now();
    let refused = g.calls().enter().expect_err("no progress: refused");
    assert_eq!(refused.code(), Code::IdpBusy);
    assert!(
        started.elapsed() < Duration::from_millis(100),
        "no servlet thread queues behind a stalled IdP: {:?}",
        started.elapsed()
    );
}

#[test]
fn calls_when_threshold_reached_then_open_circuit_sends_nothing() {
    let down = Arc::new(Down::default());
    let g = guard(down.clone(), settings(100, 3));
    for _ in 0..3 {
        let calls = g.calls();
        assert_eq!(
            calls.execute(get()).expect_err("down").kind,
            HttpErrorKind::Timeout
        );
    }
    assert_eq!(g.availability().state, CircuitState::Open);
    let before = down.0.load(Ordering::SeqCst);
    for _ in 0..100 {
        let calls = g.calls();
        let e = calls.execute(get()).expect_err("open");
        assert_eq!(e.kind, HttpErrorKind::CircuitOpen);
        assert!(
            e.message.contains("3 calls failed in a row"),
            "{}",
            e.message
        );
    }
    assert_eq!(
        down.0.load(Ordering::SeqCst),
        before,
        "nothing sent while open"
    );
    assert_eq!(g.check_closed().unwrap_err().code(), Code::IdpCircuitOpen);
}

#[test]
fn calls_when_deadline_passed_then_not_sent() {
    let down = Arc::new(Down::default());
    let g = guard(down.clone(), settings(10, 100));
    let mut calls = g.calls();
    calls.deadline = Instant::now() - Duration::from_millis(1);
    let e = calls.execute(get()).expect_err("late");
    assert_eq!(e.kind, HttpErrorKind::Deadline);
    assert_eq!(down.0.load(Ordering::SeqCst), 0);
    assert_eq!(calls.waited_too_long().code(), Code::LoginDeadlineExceeded);
}

#[test]
fn single_flight_when_a_fetch_outlasts_the_deadline_then_the_waiter_gives_up_in_time() {
    let flight = SingleFlight::default();
    let held = flight
        .start(Instant::now() + Duration::from_secs(1))
        .expect("first");
    let started = Instant::now();
    assert!(flight
        .start(Instant::now() + Duration::from_millis(200))
        .is_none());
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(150), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    drop(held);
    assert!(flight.start(Instant::now()).is_some(), "free again");
}

#[test]
fn guard_when_dropped_with_probe_running_then_thread_stopped_quickly() {
    let g = guard(Arc::new(Down::default()), settings(10, 1));
    g.calls().execute(get()).expect_err("down");
    assert_eq!(g.availability().state, CircuitState::Open);
    let started = Instant::now();
    drop(g);
    // The probe sleeps a minute; dropping wakes and joins it.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn calls_when_idp_slower_than_the_default_wait_and_busy_wait_raised_then_the_waiting_login_gets_its_slot(
) {
    let slow_release = Duration::from_millis(900);
    let g = guard(
        Arc::new(Down::default()),
        OutageSettings {
            login_deadline_ms: 5_000,
            busy_wait_ms: 3_000,
            ..settings(1, 100)
        },
    );
    let first = g.calls();
    first.enter().expect("the only slot");
    std::thread::scope(|scope| {
        scope.spawn(move || {
            std::thread::sleep(slow_release);
            drop(first);
        });
        let started = Instant::now();
        g.calls()
            .enter()
            .expect("an IdP slower than 500 ms but healthy: the raised wait lets it through");
        assert!(started.elapsed() >= Duration::from_millis(800));
    });
}
