//! Microsoft Entra ID (docs/idp/entra.md): the tenant-specific v2.0 issuer, which names the
//! tenant's GUID whatever form the discovery URL used; secrets sent in the body (the
//! discovery document lists `client_secret_post` and `private_key_jwt` only); no userinfo
//! call (it lives on Microsoft Graph and adds nothing to the ID token).

use serde_json::{json, Value};

use super::{params, Parameter, Preset};

pub(super) struct Entra;

const PARAMETERS: &[Parameter] = &[Parameter {
    name: "tenantId",
    description: "the Directory (tenant) ID from the app registration's Overview page",
    example: "8eaef023-2b34-4da1-9baa-8bc8c9d6a490",
    default: None,
    check: tenant_id,
}];

/// The tenant GUID. `common`, `organizations`, `consumers` and domain names are refused:
/// the issuer Entra ID puts in tokens always names the tenant's GUID, so any other form
/// can never match (and a multi-tenant authority would accept every tenant).
fn tenant_id(value: &str) -> Result<(), String> {
    if matches!(
        value.to_ascii_lowercase().as_str(),
        "common" | "organizations" | "consumers"
    ) {
        return Err(format!(
            "`{value}` is a multi-tenant authority, whose tokens name each user's own \
             tenant: use your tenant's Directory (tenant) ID, a GUID"
        ));
    }
    if value.contains('.') {
        return Err(
            "must be the Directory (tenant) ID (a GUID), not a domain name: the \
                    issuer Entra ID publishes names the GUID"
                .into(),
        );
    }
    params::guid(value)
}

impl Preset for Entra {
    fn name(&self) -> &'static str {
        "entra"
    }

    fn display_name(&self) -> &'static str {
        "Microsoft Entra ID"
    }

    fn parameters(&self) -> &'static [Parameter] {
        PARAMETERS
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "Microsoft Entra ID",
            "issuer": "https://login.microsoftonline.com/{tenantId}/v2.0",
            "tokenEndpointAuthMethod": "client_secret_post",
            "scopes": ["openid", "profile", "email"],
            "fetchUserinfo": false,
            "claims": {"username": "preferred_username", "email": "email", "displayName": "name"},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "Groups arrive as object IDs (Token configuration > Add groups claim); map \
             them with exact rules or set entra.resolveGroupNames.",
            "Users in more than 200 groups get no groups claim (overage): set `entra` and \
             grant GroupMember.Read.All to read them from Microsoft Graph.",
            "Entra ID has no back-channel logout, and its front-channel call carries no \
             `iss`: rely on RP-initiated logout.",
        ]
    }
}
