//! Amazon Cognito user pools (docs/idp/cognito.md): issuer
//! `https://cognito-idp.<region>.amazonaws.com/<user pool ID>`; groups in
//! `cognito:groups` (ID token only); no `end_session_endpoint`: logout goes to the user
//! pool domain's `/logout` with `client_id` and `logout_uri` (`quirks.cognitoLogoutUrl`).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{params, Parameter, Preset};

pub(super) struct Cognito;

const PARAMETERS: &[Parameter] = &[
    Parameter {
        name: "region",
        description: "the AWS region of the user pool",
        example: "eu-west-1",
        default: None,
        check: params::aws_region,
    },
    Parameter {
        name: "userPoolId",
        description: "the user pool ID (User pool overview)",
        example: "eu-west-1_AbCdEf123",
        default: None,
        check: params::user_pool_id,
    },
    Parameter {
        name: "domain",
        description: "the user pool's domain (App integration > Domain), without https://",
        example: "acme.auth.eu-west-1.amazoncognito.com",
        default: None,
        check: params::host,
    },
];

impl Preset for Cognito {
    fn name(&self) -> &'static str {
        "cognito"
    }

    fn display_name(&self) -> &'static str {
        "Amazon Cognito"
    }

    fn parameters(&self) -> &'static [Parameter] {
        PARAMETERS
    }

    fn defaults(&self) -> Value {
        json!({
            "displayName": "Amazon Cognito",
            "issuer": "https://cognito-idp.{region}.amazonaws.com/{userPoolId}",
            "scopes": ["openid", "profile", "email"],
            "claims": {"username": "cognito:username", "email": "email", "displayName": "name"},
            "provisioning": {"groups": {"claim": "cognito:groups", "source": "idToken"}},
            "quirks": {"cognitoLogoutUrl": "https://{domain}/logout"},
        })
    }

    fn notes(&self) -> &'static [&'static str] {
        &[
            "Groups are the user pool groups, in the ID token's `cognito:groups`.",
            "Logout: add the post-logout redirect URI to the app client's Allowed sign-out \
             URLs.",
        ]
    }

    fn check_together(
        &self,
        values: &BTreeMap<&'static str, String>,
    ) -> Option<(&'static str, String)> {
        let region = values.get("region")?;
        let pool = values.get("userPoolId")?;
        (!pool.starts_with(&format!("{region}_"))).then(|| {
            (
                "userPoolId",
                format!(
                    "belongs to another region than `{region}` (a user pool ID starts with its \
                     region): check `region`"
                ),
            )
        })
    }
}
