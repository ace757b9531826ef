//! Protocol strings as their own types. Secrets print as `[redacted]`.

use std::fmt;

/// The OAuth client secret. Debug and Display never show it; read it with [`ClientSecret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret(String);

impl ClientSecret {
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

/// A JWS algorithm the relying party can verify. Anything else (`none`, HS*, PS*, ...)
/// is rejected by configuration validation and at token validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SigningAlg {
    Rs256,
    Es256,
}

impl SigningAlg {
    pub const ALL: [SigningAlg; 2] = [SigningAlg::Rs256, SigningAlg::Es256];

    /// Exact, case-sensitive match (RFC 7515 `alg` values are case-sensitive).
    pub fn from_name(name: &str) -> Option<SigningAlg> {
        SigningAlg::ALL.into_iter().find(|alg| alg.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            SigningAlg::Rs256 => "RS256",
            SigningAlg::Es256 => "ES256",
        }
    }

    /// The JWK `kty` a key must have to be used with this algorithm.
    pub fn key_type(self) -> &'static str {
        match self {
            SigningAlg::Rs256 => "RSA",
            SigningAlg::Es256 => "EC",
        }
    }

    pub(crate) fn jsonwebtoken(self) -> jsonwebtoken::Algorithm {
        match self {
            SigningAlg::Rs256 => jsonwebtoken::Algorithm::RS256,
            SigningAlg::Es256 => jsonwebtoken::Algorithm::ES256,
        }
    }
}

impl fmt::Display for SigningAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the client authenticates at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenAuthMethod {
    /// RFC 6749 2.3.1: HTTP Basic with form-urlencoded id and secret.
    ClientSecretBasic,
    /// RFC 6749 2.3.1: `client_id` and `client_secret` in the form body.
    ClientSecretPost,
}

impl TokenAuthMethod {
    pub fn from_name(name: &str) -> Option<TokenAuthMethod> {
        match name {
            "client_secret_basic" => Some(TokenAuthMethod::ClientSecretBasic),
            "client_secret_post" => Some(TokenAuthMethod::ClientSecretPost),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            TokenAuthMethod::ClientSecretBasic => "client_secret_basic",
            TokenAuthMethod::ClientSecretPost => "client_secret_post",
        }
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

    #[test]
    fn signing_alg_when_other_case_or_none_then_unknown() {
        for name in ["rs256", "none", "None", "NONE", "HS256", "PS256", ""] {
            assert_eq!(SigningAlg::from_name(name), None, "{name}");
        }
        assert_eq!(SigningAlg::from_name("ES256"), Some(SigningAlg::Es256));
    }
}
