//! A clock the test moves by hand.

use std::sync::atomic::{AtomicI64, Ordering};

use oidc_sso_core::Clock;

/// A fixed point in time that moves only when told.
#[derive(Debug)]
pub struct FakeClock(AtomicI64);

impl FakeClock {
    /// 2025-11-28T16:00:00Z: a fixed, realistic start.
    pub const START: i64 = 1_764_345_600;

    pub fn new(now: i64) -> Self {
        FakeClock(AtomicI64::new(now))
    }

    pub fn set(&self, now: i64) {
        self.0.store(now, Ordering::SeqCst);
    }

    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Default for FakeClock {
    fn default() -> Self {
        FakeClock::new(FakeClock::START)
    }
}

impl Clock for FakeClock {
    fn now_unix(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}
