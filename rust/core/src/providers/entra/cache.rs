//! Looked-up groups per user (`oid`), reused for `entra.cacheSeconds` on the injected
//! clock. One cache per IdP, so the key is effectively (issuer, oid). Bounded.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Most users remembered per IdP; the entry closest to expiry goes first.
pub const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Default)]
pub(super) struct GroupCache(Mutex<HashMap<String, (Vec<String>, i64)>>);

impl GroupCache {
    /// The groups of `oid` when still fresh at `now`.
    pub(super) fn get(&self, oid: &str, now: i64) -> Option<Vec<String>> {
        let entries = self.lock();
        let (groups, expires_at) = entries.get(oid)?;
        (now < *expires_at).then(|| groups.clone())
    }

    /// Remembers the groups of `oid` until `expires_at` (nothing when already past).
    pub(super) fn put(&self, oid: &str, groups: &[String], expires_at: i64) {
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(oid) {
            let soonest = entries
                .iter()
                .min_by_key(|(_, (_, expires))| *expires)
                .map(|(key, _)| key.clone());
            if let Some(key) = soonest {
                entries.remove(&key);
            }
        }
        entries.insert(oid.to_string(), (groups.to_vec(), expires_at));
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, (Vec<String>, i64)>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_when_expired_then_none() {
        let cache = GroupCache::default();
        cache.put("u", &["g".into()], 100);
        assert_eq!(cache.get("u", 99), Some(vec!["g".to_string()]));
        assert_eq!(cache.get("u", 100), None);
        assert_eq!(cache.get("other", 0), None);
    }

    #[test]
    fn put_when_full_then_soonest_expiry_evicted_and_size_bounded() {
        let cache = GroupCache::default();
        for i in 0..MAX_ENTRIES {
            cache.put(&format!("u{i}"), &[], 1_000 + i as i64);
        }
        cache.put("new", &[], 5_000_000);
        assert_eq!(cache.lock().len(), MAX_ENTRIES);
        assert_eq!(cache.get("u0", 0), None);
        assert!(cache.get("u1", 0).is_some());
        assert!(cache.get("new", 0).is_some());
    }
}
