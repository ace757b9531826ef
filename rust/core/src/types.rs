//! Protocol strings as their own types. Secrets print as `[redacted]`.

use std::fmt;

/// The OAuth client secret. Debug and Display never show it; read it with [`ClientSecret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret(String);

impl ClientSecret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        ClientSecret(secret.into())
    }

    /// The secret itself, for the token request only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret([redacted])")
    }
}

impl fmt::Display for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

pub use crate::alg::SigningAlg;

/// How the client authenticates at the token endpoint (OIDC Core §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenAuthMethod {
    /// RFC 6749 2.3.1: HTTP Basic with form-urlencoded id and secret.
    ClientSecretBasic,
    /// RFC 6749 2.3.1: `client_id` and `client_secret` in the form body.
    ClientSecretPost,
    /// RFC 7523 §2.2: a client assertion signed HS256 with the client secret.
    ClientSecretJwt,
    /// RFC 7523 §2.2: a client assertion signed with the client's private key.
    PrivateKeyJwt,
}

impl TokenAuthMethod {
    /// Every method.
    pub const ALL: [TokenAuthMethod; 4] = [
        TokenAuthMethod::ClientSecretBasic,
        TokenAuthMethod::ClientSecretPost,
        TokenAuthMethod::ClientSecretJwt,
        TokenAuthMethod::PrivateKeyJwt,
    ];

    /// The method of a `tokenEndpointAuthMethod` value.
    pub fn from_name(name: &str) -> Option<TokenAuthMethod> {
        TokenAuthMethod::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Its `tokenEndpointAuthMethod` value.
    pub fn name(self) -> &'static str {
        match self {
            TokenAuthMethod::ClientSecretBasic => "client_secret_basic",
            TokenAuthMethod::ClientSecretPost => "client_secret_post",
            TokenAuthMethod::ClientSecretJwt => "client_secret_jwt",
            TokenAuthMethod::PrivateKeyJwt => "private_key_jwt",
        }
    }

    /// True when the method needs `clientSecret`.
    pub fn needs_secret(self) -> bool {
        self != TokenAuthMethod::PrivateKeyJwt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_secret_when_debug_or_display_then_redacted() {
        let secret = ClientSecret::new("s3cr3t-value");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert!(!format!("{secret:?}").contains("s3cr3t"));
        assert!(!format!("{:?}", Some(secret.clone())).contains("s3cr3t"));
        assert_eq!(secret.expose(), "s3cr3t-value");
    }
}
