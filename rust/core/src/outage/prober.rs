//! The background probe of an open circuit: one thread per open circuit, which sleeps,
//! fetches the discovery document with a short timeout, and closes the circuit on the
//! first answer that is not a failure. It holds only a weak reference to its IdP's state
//! and stops when the circuit closes or its [`Guard`](super::Guard) is dropped (which
//! joins it, so no thread outlives the engine).

use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use super::{lock, Outcome, Shared, MAX_PROBE_INTERVAL};
use crate::Deadline;

/// Starts the probe thread unless one is running; `false` when no thread could start.
pub(super) fn start(shared: &Arc<Shared>) -> bool {
    let mut slot = lock(&shared.prober);
    if slot.as_ref().is_some_and(|running| !running.is_finished()) {
        return true;
    }
    if let Some(finished) = slot.take() {
        let _ = finished.join();
    }
    let weak = Arc::downgrade(shared);
    let interval = Duration::from_millis(shared.settings.circuit_probe_interval_ms);
    let spawned = std::thread::Builder::new()
        .name(format!("oidc-sso-probe-{}", shared.idp_id))
        .spawn(move || probe_until_closed(&weak, interval));
    match spawned {
        Ok(handle) => {
            *slot = Some(handle);
            true
        }
        Err(_) => false,
    }
}

fn probe_until_closed(shared: &Weak<Shared>, first: Duration) {
    let mut delay = first;
    loop {
        let Some(state) = shared.upgrade() else {
            return;
        };
        if sleep_or_stop(&state, delay) || !lock(&state.circuit).open {
            return;
        }
        let outcome = probe(&state);
        let now = state.clock.now_unix();
        match outcome {
            Outcome::Failure(why) => {
                delay = delay.saturating_mul(2).min(MAX_PROBE_INTERVAL.max(first));
                let next = now.saturating_add(i64::try_from(delay.as_secs()).unwrap_or(i64::MAX));
                lock(&state.circuit).probe_failed(why, now, next);
            }
            Outcome::Success | Outcome::Neutral => {
                lock(&state.circuit).close(now);
                return;
            }
        }
    }
}

/// Waits `delay`; `true` when the guard was dropped meanwhile.
fn sleep_or_stop(state: &Shared, delay: Duration) -> bool {
    let stopped = lock(&state.stopped);
    let (stopped, _) = state
        .wake
        .wait_timeout_while(stopped, delay, |stopped| !*stopped)
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *stopped
}

fn probe(state: &Shared) -> Outcome {
    let request = http::Request::get(state.probe_url.as_str())
        .header(http::header::ACCEPT, "application/json")
        .extension(Deadline(Instant::now() + state.probe_timeout))
        .body(Vec::new());
    match request {
        Ok(request) => Outcome::of(&state.client.execute(request)),
        Err(e) => Outcome::Failure(format!("the probe request cannot be built: {e}")),
    }
}
