//! `emergency`: who may use the local login while SSO is enforced, from where and how often
//! (docs/config.md, "Emergency access"; docs/admin-guide.md, "Keeping a way in").
//!
//! The core only validates this section: the plugin enforces it, and reads it from the stored
//! document itself, so that the restrictions hold on a node whose native library cannot load
//! (`tests/data/emergency-settings.json` holds the cases both readers must agree on).

use std::net::IpAddr;

use serde_json::Value;

use super::provisioning::checked_group_names;
use super::reader::{type_name, Object, Problems};
use crate::text::quote;

/// The query parameter that opens the emergency login when none is configured.
pub const DEFAULT_PARAMETER: &str = "oidcsso_local";
/// Most groups or networks one list may name.
pub const MAX_LIST: usize = 100;
/// Longest parameter name.
const MAX_PARAMETER_LEN: usize = 64;
/// Parameters the product, the IdP's callback or the plugin already read: an emergency
/// parameter with one of these names would change what those pages do.
const RESERVED_PARAMETERS: &[&str] = &[
    "os_username",
    "os_password",
    "os_destination",
    "os_cookie",
    "os_authtype",
    "atl_token",
    "idp",
    "oidcsso_hint",
    "oidcsso_chooser",
    "oidcsso_form",
    "state",
    "code",
    "iss",
    "error",
    "error_description",
];

/// How often one client may try the emergency login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Attempts per window from one client address, whatever the usernames.
    pub per_client: u64,
    /// Attempts per window from one client address for one username.
    pub per_client_and_user: u64,
    /// The window's length.
    pub window_seconds: u64,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_client: 20,
            per_client_and_user: 5,
            window_seconds: 60,
        }
    }
}

/// One allowed network: an address and a prefix length (`10.0.0.0/8`, `::1/128`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    pub address: IpAddr,
    pub prefix: u8,
}

/// The validated `emergency` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmergencyConfig {
    /// False: no local password login at all while SSO is enforced.
    pub enabled: bool,
    /// The query parameter of the product's login page that opens the emergency login.
    pub parameter: String,
    /// `None`: the product's system administrators; `Some(vec![])`: nobody.
    pub allowed_groups: Option<Vec<String>>,
    /// `None`: any client address; `Some(vec![])`: none.
    pub allowed_networks: Option<Vec<Network>>,
    pub rate_limit: RateLimit,
    /// While the IdP a user is sent to is down (its circuit open, or the login just failed with
    /// `idp_unavailable`), the failure page carries the local login form with a banner; the
    /// form posts to the product's login page, so the same gate applies.
    pub local_login_when_idp_down: bool,
}

impl Default for EmergencyConfig {
    fn default() -> Self {
        EmergencyConfig {
            enabled: true,
            parameter: DEFAULT_PARAMETER.to_string(),
            allowed_groups: None,
            allowed_networks: None,
            rate_limit: RateLimit::default(),
            local_login_when_idp_down: true,
        }
    }
}

/// Reads `emergency` (absent = the defaults).
pub(super) fn read_emergency(doc: &mut Object<'_>, p: &mut Problems) -> Option<EmergencyConfig> {
    let Some(value) = doc.get("emergency") else {
        return Some(EmergencyConfig::default());
    };
    let mut obj = Object::new(value, "/emergency", p)?;
    let d = EmergencyConfig::default();
    let enabled = obj.boolean("enabled", d.enabled, p);
    let parameter = read_parameter(&mut obj, p);
    let allowed_groups = read_groups(&mut obj, p);
    let allowed_networks = read_networks(&mut obj, p);
    let rate_limit = read_rate_limit(&mut obj, p);
    let local_login_when_idp_down =
        obj.boolean("localLoginWhenIdpDown", d.local_login_when_idp_down, p);
    obj.finish(p);
    Some(EmergencyConfig {
        enabled,
        parameter,
        allowed_groups,
        allowed_networks,
        rate_limit: rate_limit?,
        local_login_when_idp_down,
    })
}

fn read_parameter(obj: &mut Object<'_>, p: &mut Problems) -> String {
    let at = obj.at("parameter");
    let Some(name) = obj.string("parameter", false, p) else {
        return DEFAULT_PARAMETER.to_string();
    };
    let well_formed = name.len() <= MAX_PARAMETER_LEN
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !well_formed {
        p.add(
            &at,
            format!(
                "must be 1 to {MAX_PARAMETER_LEN} of `a-z`, `0-9`, `_`, starting with a letter, \
                 found {}",
                quote(&name)
            ),
        );
        return DEFAULT_PARAMETER.to_string();
    }
    if RESERVED_PARAMETERS.contains(&name.as_str()) {
        p.add(
            &at,
            format!(
                "`{name}` is read by the product's login page, the IdP's callback or the plugin \
                 itself; choose another name (the default is `{DEFAULT_PARAMETER}`)"
            ),
        );
        return DEFAULT_PARAMETER.to_string();
    }
    name
}

/// `allowedGroups`: absent or `null` = the system administrators; a list = its members only.
fn read_groups(obj: &mut Object<'_>, p: &mut Problems) -> Option<Vec<String>> {
    let at = obj.at("allowedGroups");
    let items = match obj.get("allowedGroups")? {
        Value::Array(_) => obj.strings("allowedGroups", p).unwrap_or_default(),
        other => {
            p.add(
                &at,
                format!(
                    "must be an array of group names (or null: the product's system \
                     administrators), found {}",
                    type_name(other)
                ),
            );
            return None;
        }
    };
    Some(checked_group_names(&at, items, MAX_LIST, p))
}

/// `allowedNetworks`: absent or `null` = any address; a list of addresses or CIDR ranges.
fn read_networks(obj: &mut Object<'_>, p: &mut Problems) -> Option<Vec<Network>> {
    let at = obj.at("allowedNetworks");
    let items = match obj.get("allowedNetworks")? {
        Value::Array(_) => obj.strings("allowedNetworks", p).unwrap_or_default(),
        other => {
            p.add(
                &at,
                format!(
                    "must be an array of addresses or CIDR ranges (or null: any address), found {}",
                    type_name(other)
                ),
            );
            return None;
        }
    };
    if items.len() > MAX_LIST {
        p.add(
            &at,
            format!("lists {} networks; at most {MAX_LIST}", items.len()),
        );
    }
    let mut networks = Vec::with_capacity(items.len());
    for (text, pointer) in items {
        match parse_network(&text) {
            Ok(network) => networks.push(network),
            Err(message) => p.add(&pointer, message),
        }
    }
    Some(networks)
}

/// `10.0.0.0/8`, `192.168.1.7` (= `/32`), `2001:db8::/32`, `::1` (= `/128`). Only literal
/// addresses: a host name would need a DNS lookup at every login, which an attacker controls.
pub fn parse_network(text: &str) -> Result<Network, String> {
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let Ok(address) = address.parse::<IpAddr>() else {
        return Err(format!(
            "must be an IPv4 or IPv6 address or CIDR range such as `10.0.0.0/8` or \
             `2001:db8::/32` (no host names), found {}",
            quote(text)
        ));
    };
    let max = if address.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(digits) => match digits.parse::<u8>() {
            Ok(n) if n <= max && !digits.starts_with('+') && digits.len() <= 3 => n,
            _ => {
                return Err(format!(
                    "the prefix length after `/` must be a whole number from 0 to {max}, found {}",
                    quote(text)
                ))
            }
        },
    };
    let network = Network { address, prefix };
    let canonical = masked(address, prefix);
    if canonical != address {
        return Err(format!(
            "has bits set after the first {prefix}: did you mean `{canonical}/{prefix}`? found {}",
            quote(text)
        ));
    }
    Ok(network)
}

/// `address` with every bit after the first `prefix` cleared.
fn masked(address: IpAddr, prefix: u8) -> IpAddr {
    match address {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4((bits & mask).into())
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6((bits & mask).into())
        }
    }
}

fn read_rate_limit(obj: &mut Object<'_>, p: &mut Problems) -> Option<RateLimit> {
    let d = RateLimit::default();
    let at = obj.at("rateLimit");
    let Some(value) = obj.get("rateLimit") else {
        return Some(d);
    };
    let mut limit = Object::new(value, &at, p)?;
    let per_client = limit.integer("perClient", d.per_client, (1, 1_000), p);
    let per_client_and_user = limit.integer("perClientAndUser", d.per_client_and_user, (1, 100), p);
    let window_seconds = limit.integer("windowSeconds", d.window_seconds, (10, 3_600), p);
    if per_client_and_user > per_client {
        p.add(
            &limit.at("perClientAndUser"),
            format!(
                "is {per_client_and_user}, more than perClient ({per_client}): one client can \
                 never try more often for one username than for all of them"
            ),
        );
    }
    limit.finish(p);
    Some(RateLimit {
        per_client,
        per_client_and_user,
        window_seconds,
    })
}

#[cfg(test)]
mod tests;
