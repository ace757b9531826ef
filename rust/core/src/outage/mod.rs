//! What an IdP outage may cost: one bounded wait per login, and never all the servlet
//! threads (issue 8 item 3; docs/config.md, "When an IdP is down").
//!
//! Per IdP, a [`Guard`]:
//! - a **circuit** that opens after `http.circuitFailureThreshold` consecutive failures
//!   (connect errors, timeouts, 5xx answers); while it is open every call fails at once
//!   with `idp_circuit_open`, and a background thread probes the discovery document (first
//!   after `http.circuitProbeIntervalMs`, then doubling up to a minute) and closes the
//!   circuit on the first answer that is not a failure (any call's success closes it too);
//! - a **bulkhead**: at most `http.maxConcurrentCalls` logins talk to (or wait for) the IdP
//!   at once. The next one waits for a slot only while the IdP is making progress (a login
//!   finished with it, or the first one started, within `http.busyWaitMs`); it fails with
//!   `idp_busy` as soon as that is no longer so, so a burst against a healthy IdP queues
//!   briefly while a stalled IdP never holds more than the slots' threads.
//!
//! Per login, a [`Calls`]: one **deadline** (`http.loginDeadlineMs`) for all its calls and
//! waits; each call's timeout is min(its own, what is left), and a call with nothing left
//! is not sent (`login_deadline_exceeded`). Discovery and JWKS failures are remembered with
//! a backoff by their caches, so logins do not each pay the timeout.

mod circuit;
mod flight;
mod prober;

use crate::Code;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub(crate) use circuit::Outcome;
pub(crate) use flight::SingleFlight;

use crate::api::{CircuitState, IdpAvailability};
use crate::config::OutageSettings;
use crate::{Clock, Deadline, Error, HttpClient, HttpError, HttpErrorKind};

/// Longest wait between two background probes.
const MAX_PROBE_INTERVAL: Duration = Duration::from_secs(60);
/// Longest a probe waits for its answer.
const MAX_PROBE_TIMEOUT: Duration = Duration::from_secs(5);
/// First backoff after a failed discovery or JWKS fetch; it doubles up to the max.
pub(crate) const FAILURE_BACKOFF_SECONDS: i64 = 2;
pub(crate) const MAX_FAILURE_BACKOFF_SECONDS: i64 = 60;

/// How long a cache remembers a fetch failure after `failures` in a row (seconds).
pub(crate) fn failure_backoff(failures: u32, base: i64) -> i64 {
    let doubled = base.saturating_mul(1i64 << failures.saturating_sub(1).min(20));
    doubled.min(MAX_FAILURE_BACKOFF_SECONDS.max(base))
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The outage containment of one IdP. Dropping it stops its probe thread.
pub(crate) struct Guard {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("idp", &self.shared.idp_id)
            .field("settings", &self.shared.settings)
            .finish_non_exhaustive()
    }
}

struct Shared {
    idp_id: String,
    /// The IdP's own client (the probe uses it directly).
    client: Arc<dyn HttpClient>,
    /// What the probe fetches: the discovery document.
    probe_url: String,
    settings: OutageSettings,
    probe_timeout: Duration,
    clock: Arc<dyn Clock>,
    circuit: Mutex<circuit::Circuit>,
    in_flight: AtomicU64,
    /// When the IdP last made progress (see `http.busyWaitMs`); waiters for a slot wait on
    /// `slot_freed` with this lock.
    progress: Mutex<Instant>,
    slot_freed: Condvar,
    stopped: Mutex<bool>,
    wake: Condvar,
    prober: Mutex<Option<JoinHandle<()>>>,
}

impl Guard {
    pub(crate) fn new(
        idp_id: &str,
        client: Arc<dyn HttpClient>,
        probe_url: String,
        settings: OutageSettings,
        read_timeout: Duration,
        clock: Arc<dyn Clock>,
    ) -> Guard {
        let now = clock.now_unix();
        Guard {
            shared: Arc::new(Shared {
                idp_id: idp_id.to_string(),
                client,
                probe_url,
                settings,
                probe_timeout: read_timeout.min(MAX_PROBE_TIMEOUT),
                clock,
                circuit: Mutex::new(circuit::Circuit::closed_since(now)),
                in_flight: AtomicU64::new(0),
                progress: Mutex::new(Instant::now()),
                slot_freed: Condvar::new(),
                stopped: Mutex::new(false),
                wake: Condvar::new(),
                prober: Mutex::new(None),
            }),
        }
    }

    /// The calls of one login (or logout), with its deadline starting now.
    pub(crate) fn calls(&self) -> Calls<'_> {
        let budget = Duration::from_millis(self.shared.settings.login_deadline_ms);
        Calls {
            shared: &self.shared,
            deadline: Instant::now() + budget,
            holding: AtomicBool::new(false),
        }
    }

    /// `idp_circuit_open` while the circuit is open (checked before a login starts).
    pub(crate) fn check_closed(&self) -> Result<(), Error> {
        match self.shared.open_error() {
            Some(e) => Err(to_error(&e)),
            None => Ok(()),
        }
    }

    pub(crate) fn availability(&self) -> IdpAvailability {
        let circuit = lock(&self.shared.circuit).clone();
        IdpAvailability {
            state: if circuit.open {
                CircuitState::Open
            } else {
                CircuitState::Closed
            },
            since: circuit.since,
            consecutive_failures: circuit.failures,
            last_failure: circuit.last_failure,
            last_failure_at: circuit.last_failure_at,
            next_probe_at: circuit.next_probe_at,
            failed_probes: circuit.failed_probes,
            logins_in_flight: self.shared.in_flight.load(Ordering::Relaxed),
            max_concurrent_calls: self.shared.settings.max_concurrent_calls,
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        *lock(&self.shared.stopped) = true;
        self.shared.wake.notify_all();
        let prober = lock(&self.shared.prober).take();
        if let Some(prober) = prober {
            // At most one probe's timeout: the thread must not outlive the library.
            let _ = prober.join();
        }
    }
}

impl Shared {
    /// The error of an open circuit, or `None` when calls may go.
    fn open_error(&self) -> Option<HttpError> {
        let circuit = lock(&self.circuit);
        circuit.open.then(|| {
            HttpError::new(
                HttpErrorKind::CircuitOpen,
                format!(
                    "IdP `{}` is treated as down since {} (Unix time): {} calls failed in a \
                     row (last: {}); calls fail at once until a background probe of its \
                     discovery document succeeds (next at {})",
                    self.idp_id,
                    circuit.since,
                    circuit.failures,
                    circuit.last_failure.as_deref().unwrap_or("unknown"),
                    circuit
                        .next_probe_at
                        .map_or_else(|| "once the probe starts".into(), |t| t.to_string()),
                ),
            )
        })
    }

    /// Takes a bulkhead slot; `false` when all are taken.
    fn try_acquire(&self) -> bool {
        let max = self.settings.max_concurrent_calls;
        match self
            .in_flight
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            }) {
            Ok(0) => {
                // The first login after a quiet spell: progress starts now.
                *lock(&self.progress) = Instant::now();
                true
            }
            Ok(_) => true,
            Err(_) => false,
        }
    }

    /// Takes a bulkhead slot, waiting for one while the IdP makes progress (and never past
    /// `deadline`); `false` when none came.
    fn acquire(&self, deadline: Instant) -> bool {
        if self.try_acquire() {
            return true;
        }
        let mut progress = lock(&self.progress);
        loop {
            // Checked under the lock: a release frees its slot before it takes the lock to
            // notify, so no wake-up is lost between this check and the wait.
            if self.try_acquire_locked() {
                return true;
            }
            let until = (*progress + self.busy_wait()).min(deadline);
            let now = Instant::now();
            if now >= until {
                return false;
            }
            progress = self
                .slot_freed
                .wait_timeout(progress, until - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// [`Self::try_acquire`] for a caller that holds the `progress` lock (the first-slot case
    /// cannot happen there: waiting means all slots were taken).
    fn try_acquire_locked(&self) -> bool {
        let max = self.settings.max_concurrent_calls;
        self.in_flight
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .is_ok()
    }

    /// How long a login waits for a slot after the IdP last made progress (a slot freed, or the
    /// first slot taken). A healthy IdP frees slots well within it; a stalled one does not, so
    /// logins then fail at once instead of queueing servlet threads behind it.
    fn busy_wait(&self) -> Duration {
        Duration::from_millis(self.settings.busy_wait_ms)
    }

    fn release(&self) {
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
        *lock(&self.progress) = Instant::now();
        self.slot_freed.notify_all();
    }

    /// Counts a call's outcome; opening the circuit starts the probe thread.
    fn record(self: &Arc<Self>, outcome: Outcome) {
        let now = self.clock.now_unix();
        let opened = lock(&self.circuit).record(
            outcome,
            now,
            self.settings.circuit_failure_threshold,
            first_probe_at(now, self.settings.circuit_probe_interval_ms),
        );
        if opened && !prober::start(self) {
            // No thread to probe with: stay closed rather than open for good.
            lock(&self.circuit).close(now);
        }
    }
}

fn first_probe_at(now: i64, interval_ms: u64) -> i64 {
    now.saturating_add(i64::try_from(interval_ms.div_ceil(1000)).unwrap_or(i64::MAX))
}

/// The calls of one login: they share its deadline and, from the first call (or wait)
/// on, hold one bulkhead slot until the login is done.
pub(crate) struct Calls<'a> {
    shared: &'a Arc<Shared>,
    deadline: Instant,
    holding: AtomicBool,
}

impl std::fmt::Debug for Calls<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calls")
            .field("idp", &self.shared.idp_id)
            .finish_non_exhaustive()
    }
}

impl Calls<'_> {
    /// The login's deadline.
    pub(crate) fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Before talking to (or waiting for) the IdP: the circuit is closed, a bulkhead slot
    /// is held, and time is left.
    pub(crate) fn enter(&self) -> Result<(), Error> {
        self.admit().map_err(|e| to_error(&e))
    }

    fn admit(&self) -> Result<(), HttpError> {
        if let Some(open) = self.shared.open_error() {
            return Err(open);
        }
        if !self.holding.load(Ordering::Acquire) {
            if !self.shared.acquire(self.deadline) {
                return Err(HttpError::new(
                    HttpErrorKind::Busy,
                    format!(
                        "IdP `{}` already has {} logins talking to it \
                         (http.maxConcurrentCalls) and none finished within {} ms \
                         (http.busyWaitMs); this one is refused instead of waiting behind them",
                        self.shared.idp_id,
                        self.shared.settings.max_concurrent_calls,
                        self.shared.busy_wait().as_millis()
                    ),
                ));
            }
            self.holding.store(true, Ordering::Release);
        }
        if Deadline(self.deadline).timeout(Duration::MAX).is_none() {
            return Err(self.deadline_error());
        }
        Ok(())
    }

    fn deadline_error(&self) -> HttpError {
        HttpError::new(
            HttpErrorKind::Deadline,
            format!(
                "this login already spent http.loginDeadlineMs ({} ms) on IdP `{}`",
                self.shared.settings.login_deadline_ms, self.shared.idp_id
            ),
        )
    }

    /// The error of a wait (for another login's fetch) that reached the deadline.
    pub(crate) fn waited_too_long(&self) -> Error {
        to_error(&self.deadline_error())
    }
}

impl Drop for Calls<'_> {
    fn drop(&mut self) {
        if self.holding.load(Ordering::Acquire) {
            self.shared.release();
        }
    }
}

impl HttpClient for Calls<'_> {
    fn execute(
        &self,
        mut request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, HttpError> {
        self.admit()?;
        request.extensions_mut().insert(Deadline(self.deadline));
        let result = self.shared.client.execute(request);
        self.shared.record(Outcome::of(&result));
        result
    }
}

/// The core error of a call that was not sent (or failed).
fn to_error(e: &HttpError) -> Error {
    let code = match e.kind {
        HttpErrorKind::CircuitOpen => Code::IdpCircuitOpen,
        HttpErrorKind::Busy => Code::IdpBusy,
        HttpErrorKind::Deadline => Code::LoginDeadlineExceeded,
        _ => Code::IdpUnavailable,
    };
    Error::unavailable(code, e.message.clone())
}

#[cfg(test)]
mod tests;
