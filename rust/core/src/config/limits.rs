//! Limits that the configuration checks and the claims of a login share: here, below both,
//! so validation does not depend on the claim mapping.

/// Most groups accepted from one login (and the most `entra.maxGroups` may be).
pub const MAX_GROUPS: usize = 1000;
/// Longest group name accepted, in characters.
pub const MAX_GROUP_LEN: usize = 256;
