//! How one IdP's outage is contained, under its `http` object: the per-login deadline,
//! the bulkhead and the circuit (crate::outage; docs/config.md, "When an IdP is down").

use super::reader::{Object, Problems};

/// The containment settings of one IdP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutageSettings {
    /// The most one login (or logout) may spend on calls to this IdP, waits included.
    pub login_deadline_ms: u64,
    /// Most logins talking to (or waiting for) this IdP at once; more fail at once.
    pub max_concurrent_calls: u64,
    /// How long a login waits for a bulkhead slot after the IdP last made progress.
    pub busy_wait_ms: u64,
    /// Consecutive failures (connect errors, timeouts, 5xx) that open the circuit.
    pub circuit_failure_threshold: u64,
    /// First background probe after the circuit opened; doubles up to a minute.
    pub circuit_probe_interval_ms: u64,
}

impl Default for OutageSettings {
    fn default() -> Self {
        OutageSettings {
            login_deadline_ms: 10_000,
            max_concurrent_calls: 16,
            busy_wait_ms: 500,
            circuit_failure_threshold: 5,
            circuit_probe_interval_ms: 5_000,
        }
    }
}

/// Reads the five fields (absent = the defaults).
pub(super) fn read_outage(http: &mut Object<'_>, p: &mut Problems) -> OutageSettings {
    let d = OutageSettings::default();
    OutageSettings {
        login_deadline_ms: http.integer(
            "loginDeadlineMs",
            d.login_deadline_ms,
            (1_000, 120_000),
            p,
        ),
        max_concurrent_calls: http.integer(
            "maxConcurrentCalls",
            d.max_concurrent_calls,
            (1, 1_000),
            p,
        ),
        busy_wait_ms: http.integer("busyWaitMs", d.busy_wait_ms, (100, 30_000), p),
        circuit_failure_threshold: http.integer(
            "circuitFailureThreshold",
            d.circuit_failure_threshold,
            (1, 100),
            p,
        ),
        circuit_probe_interval_ms: http.integer(
            "circuitProbeIntervalMs",
            d.circuit_probe_interval_ms,
            (100, 300_000),
            p,
        ),
    }
}
