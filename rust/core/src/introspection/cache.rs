//! The introspection answers of one IdP, keyed by the SHA-256 of the token: bounded
//! ([`MAX_ENTRIES`]), short-lived (the caller says until when), and single-flight: while
//! one request introspects a token, the others with the same token wait for its answer
//! (each no longer than its own deadline) instead of calling the IdP too.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use super::Answer;
use crate::api::IntrospectionCounts;
use crate::Error;

/// SHA-256 of a token.
pub(crate) type TokenKey = [u8; 32];

/// Most answers held per IdP; beyond, expired ones go first, then the soonest to expire.
pub(crate) const MAX_ENTRIES: usize = 10_000;
/// How long a failed introspection is handed to the requests that arrive meanwhile
/// (the circuit takes over when the failures go on).
const FAILURE_SECONDS: i64 = 1;

enum Slot {
    Pending,
    Ready {
        answer: Result<Answer, Error>,
        until: i64,
    },
}

#[derive(Default)]
pub(crate) struct IntrospectionCache {
    slots: Mutex<HashMap<TokenKey, Slot>>,
    done: Condvar,
    active: AtomicU64,
    inactive: AtomicU64,
    failed: AtomicU64,
    cache_hits: AtomicU64,
}

impl std::fmt::Debug for IntrospectionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntrospectionCache")
            .field("entries", &self.len())
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes a pending slot whose fetch never finished (a panic), so waiters do not wait
/// for it until their deadline.
struct PendingSlot<'a> {
    cache: &'a IntrospectionCache,
    key: TokenKey,
    armed: bool,
}

impl Drop for PendingSlot<'_> {
    fn drop(&mut self) {
        if self.armed {
            lock(&self.cache.slots).remove(&self.key);
            self.cache.done.notify_all();
        }
    }
}

impl IntrospectionCache {
    /// The answer for `key`: cached while `now` is before its end, else the one in flight,
    /// else `fetch`'s (remembered until `until(answer)`). A wait that reaches `deadline`
    /// fails with `on_timeout`.
    pub(crate) fn get(
        &self,
        key: TokenKey,
        now: i64,
        deadline: Instant,
        until: impl Fn(&Answer) -> i64,
        on_timeout: impl Fn() -> Error,
        fetch: impl FnOnce() -> Result<Answer, Error>,
    ) -> Result<Answer, Error> {
        let mut slots = lock(&self.slots);
        loop {
            match slots.get(&key) {
                Some(Slot::Ready { answer, until }) if *until > now => {
                    self.cache_hits.fetch_add(1, Ordering::Relaxed);
                    return answer.clone();
                }
                Some(Slot::Pending) => {
                    let wait = deadline.saturating_duration_since(Instant::now());
                    if wait.is_zero() {
                        return Err(on_timeout());
                    }
                    slots = self
                        .done
                        .wait_timeout(slots, wait)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                }
                _ => break,
            }
        }
        make_room(&mut slots, now);
        slots.insert(key, Slot::Pending);
        drop(slots);
        let mut pending = PendingSlot {
            cache: self,
            key,
            armed: true,
        };
        let answer = fetch();
        let counter = match &answer {
            Ok(Answer::Active(_)) => &self.active,
            Ok(Answer::Inactive) => &self.inactive,
            Err(_) => &self.failed,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        let end = match &answer {
            Ok(a) => until(a),
            Err(_) => now.saturating_add(FAILURE_SECONDS),
        };
        lock(&self.slots).insert(
            key,
            Slot::Ready {
                answer: answer.clone(),
                until: end,
            },
        );
        pending.armed = false;
        self.done.notify_all();
        answer
    }

    /// Introspection requests made so far (cache misses).
    #[cfg(test)]
    pub(crate) fn calls(&self) -> u64 {
        let c = self.counts();
        c.active + c.inactive + c.failed
    }

    /// An introspection refused before the cache was asked (the IdP's circuit is open).
    pub(crate) fn count_refused(&self) {
        self.failed.fetch_add(1, Ordering::Relaxed);
    }

    /// What this cache has answered so far, for `Engine::info`.
    pub(crate) fn counts(&self) -> IntrospectionCounts {
        IntrospectionCounts {
            active: self.active.load(Ordering::Relaxed),
            inactive: self.inactive.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            cache_hits: self.cache_hits.load(Ordering::Relaxed),
        }
    }

    pub(crate) fn len(&self) -> usize {
        lock(&self.slots).len()
    }
}

/// Keeps the map under [`MAX_ENTRIES`]: expired answers go first, then the one that
/// expires soonest (pending slots stay: a request is waiting for them).
fn make_room(slots: &mut HashMap<TokenKey, Slot>, now: i64) {
    if slots.len() < MAX_ENTRIES {
        return;
    }
    slots.retain(|_, slot| match slot {
        Slot::Pending => true,
        Slot::Ready { until, .. } => *until > now,
    });
    while slots.len() >= MAX_ENTRIES {
        let soonest = slots
            .iter()
            .filter_map(|(key, slot)| match slot {
                Slot::Ready { until, .. } => Some((*until, *key)),
                Slot::Pending => None,
            })
            .min();
        match soonest {
            Some((_, key)) => {
                slots.remove(&key);
            }
            None => return,
        }
    }
}
