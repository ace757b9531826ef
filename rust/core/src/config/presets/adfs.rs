//! AD FS 2016 and later (docs/idp/adfs.md): issuer `https://<host>/adfs`; the username is
//! the `upn` claim; no userinfo call (AD FS answers it only for access tokens of its own
//! userinfo resource); a groups claim with one group arrives as a string, so it is split
//! on `;` (which AD group names do not contain in practice) rather than refused.

use serde_json::{json, Value};

use super::{params, Parameter, Preset};

pub(super) struct Adfs;

const PARAMETERS: &[Parameter] = &[Parameter {
    name: "host",
    description: "the federation service name (host of the AD FS endpoints), without https://",
    example: "fs.example.com",
    default: None,
    check: params::host,
}];

impl Preset for Adfs {
    fn name(&self) -> &'static str {
        "adfs"
    }

    fn display_name(&self) -> &'static str {
        "AD FS"
    }

    fn parameters(&self) -> &'static [Parameter] {
        PARAMETERS
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "AD FS",
            "issuer": "https://{host}/adfs",
            "scopes": ["openid", "profile", "email", "allatclaims"],
            "fetchUserinfo": false,
            "claims": {"username": "upn", "email": "email", "displayName": "name"},
            // AD FS sends a claim with one value as a string, with several as an array.
            "provisioning": {"groups": {"delimiter": ";"}},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "The username is the `upn` claim (user@domain).",
            "Groups, name and email reach the ID token only through issuance transform \
             rules on the Web API, the `allatclaims` scope granted to the client, and \
             authorizationParameters.resource naming that Web API.",
            "AD FS front-channel logout sends only `sid` (no `iss`): rely on RP-initiated \
             logout.",
        ]
    }
}
