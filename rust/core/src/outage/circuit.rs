//! The circuit's state and what one outcome does to it.

use crate::{HttpError, HttpErrorKind};

/// Longest failure text kept (it is shown on the admin page and in hints).
const MAX_FAILURE_CHARS: usize = 300;

/// What a call (or a probe) tells about the IdP's health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The IdP answered (anything but a 5xx).
    Success,
    /// Connect error, timeout, broken exchange, or a 5xx: what happened.
    Failure(String),
    /// Says nothing about the IdP's health (an answer over the size cap, bad settings,
    /// a call that was not sent).
    Neutral,
}

impl Outcome {
    pub(crate) fn of(result: &Result<http::Response<Vec<u8>>, HttpError>) -> Outcome {
        match result {
            Ok(response) if response.status().is_server_error() => {
                Outcome::Failure(format!("answered {}", response.status()))
            }
            Ok(_) => Outcome::Success,
            Err(e) => match e.kind {
                HttpErrorKind::Connect | HttpErrorKind::Timeout | HttpErrorKind::Protocol => {
                    let text = crate::text::clean(&e.message);
                    Outcome::Failure(text.chars().take(MAX_FAILURE_CHARS).collect())
                }
                _ => Outcome::Neutral,
            },
        }
    }
}

/// One IdP's circuit.
#[derive(Debug, Clone, Default)]
pub(super) struct Circuit {
    pub(super) open: bool,
    /// When it last opened or closed.
    pub(super) since: i64,
    /// Consecutive failures.
    pub(super) failures: u64,
    pub(super) last_failure: Option<String>,
    pub(super) last_failure_at: Option<i64>,
    pub(super) next_probe_at: Option<i64>,
    pub(super) failed_probes: u64,
}

impl Circuit {
    pub(super) fn closed_since(now: i64) -> Circuit {
        Circuit {
            since: now,
            ..Circuit::default()
        }
    }

    /// Counts an outcome; `true` when this one opened the circuit.
    pub(super) fn record(
        &mut self,
        outcome: Outcome,
        now: i64,
        threshold: u64,
        first_probe_at: i64,
    ) -> bool {
        match outcome {
            Outcome::Success => {
                if self.open {
                    self.close(now);
                }
                self.failures = 0;
                false
            }
            Outcome::Failure(why) => {
                self.failures = self.failures.saturating_add(1);
                self.last_failure = Some(why);
                self.last_failure_at = Some(now);
                if !self.open && self.failures >= threshold {
                    self.open = true;
                    self.since = now;
                    self.next_probe_at = Some(first_probe_at);
                    self.failed_probes = 0;
                    return true;
                }
                false
            }
            Outcome::Neutral => false,
        }
    }

    pub(super) fn close(&mut self, now: i64) {
        self.open = false;
        self.since = now;
        self.failures = 0;
        self.next_probe_at = None;
    }

    /// A probe failed; the next one is at `next`.
    pub(super) fn probe_failed(&mut self, why: String, now: i64, next: i64) {
        self.failed_probes = self.failed_probes.saturating_add(1);
        self.last_failure = Some(why);
        self.last_failure_at = Some(now);
        self.next_probe_at = Some(next);
    }
}
