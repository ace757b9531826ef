//! One fetch at a time per cache, and waiting for it with a deadline: a login that waits
//! for another login's discovery or JWKS fetch waits no longer than its own deadline
//! (a plain mutex would hold it for as long as the IdP stalls the other one).

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Instant;

#[derive(Debug, Default)]
pub(crate) struct SingleFlight {
    busy: Mutex<bool>,
    done: Condvar,
}

/// The fetch in flight; dropping it lets the next one start.
#[derive(Debug)]
pub(crate) struct Flight<'a>(&'a SingleFlight);

impl SingleFlight {
    /// Waits until no fetch is in flight, then starts one; `None` when `deadline` came
    /// first.
    pub(crate) fn start(&self, deadline: Instant) -> Option<Flight<'_>> {
        let busy = self.busy.lock().unwrap_or_else(PoisonError::into_inner);
        let wait = deadline.saturating_duration_since(Instant::now());
        let (mut busy, _) = self
            .done
            .wait_timeout_while(busy, wait, |busy| *busy)
            .unwrap_or_else(PoisonError::into_inner);
        if *busy {
            return None;
        }
        *busy = true;
        Some(Flight(self))
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        *self.0.busy.lock().unwrap_or_else(PoisonError::into_inner) = false;
        self.0.done.notify_all();
    }
}
