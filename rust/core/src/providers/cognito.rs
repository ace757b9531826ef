//! Amazon Cognito user pools: RP-initiated logout. A user pool publishes no
//! `end_session_endpoint`; its domain's `/logout` takes `client_id` and `logout_uri` (one
//! of the app client's "Allowed sign-out URLs") and ends the managed-login session
//! (https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html).
//! It knows nothing of `id_token_hint` or `state`, so neither is sent.

use url::Url;

use super::{IdpExtension, LogoutContext};

/// One user pool's logout endpoint (`quirks.cognitoLogoutUrl`, checked at load).
#[derive(Debug)]
pub(crate) struct Cognito {
    logout_url: String,
}

impl Cognito {
    pub(crate) fn new(logout_url: String) -> Cognito {
        Cognito { logout_url }
    }
}

impl IdpExtension for Cognito {
    fn end_session_url(&self, logout: &LogoutContext<'_>) -> Option<String> {
        // Validated as an absolute https URL without query when the configuration loaded.
        let mut url = Url::parse(&self.logout_url).ok()?;
        url.query_pairs_mut()
            .append_pair("client_id", &logout.idp.client_id)
            .append_pair("logout_uri", logout.post_logout_redirect_uri);
        Some(url.into())
    }
}
