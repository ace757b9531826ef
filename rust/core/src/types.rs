//! Protocol strings as their own types, so two of them cannot be swapped by accident
//! (an issuer passed where a client id is expected does not compile). Secrets, nonces and
//! states print as `[redacted]`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A string newtype: transparent in JSON, compared with `str`, read as `&str`. `redacted`
/// types never print their value in `Debug`.
macro_rules! string_newtype {
    ($(#[$meta:meta])* $name:ident, $debug:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value.
            pub fn new(value: impl Into<String>) -> Self {
                $name(value.into())
            }

            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name(value.to_string())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        string_newtype!(@debug $name, $debug);
    };
    (@debug $name:ident, visible) => {
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
    (@debug $name:ident, redacted) => {
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}([redacted])", stringify!($name))
            }
        }
    };
}

string_newtype!(
    /// An IdP's `id` in the configuration.
    IdpId,
    visible
);
string_newtype!(
    /// An IdP's issuer identifier, compared exactly (OIDC Discovery 1.0 §4.3).
    Issuer,
    visible
);
string_newtype!(
    /// The OAuth client id registered at the IdP.
    ClientId,
    visible
);
string_newtype!(
    /// The `nonce` of one login (OIDC Core 3.1.2.1): binds the ID token to it.
    Nonce,
    redacted
);
string_newtype!(
    /// The `state` of one login (RFC 6749 §10.12): binds the callback to it.
    State,
    redacted
);

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
    fn nonce_and_state_when_debug_then_redacted_and_others_shown() {
        let nonce = Nonce::new("n-secret");
        let state = State::new("s-secret");
        assert_eq!(format!("{nonce:?}"), "Nonce([redacted])");
        assert_eq!(format!("{:?}", Some(state)), "Some(State([redacted]))");
        assert_eq!(format!("{:?}", IdpId::new("dev")), "IdpId(\"dev\")");
        assert_eq!(
            serde_json::to_string(&Issuer::new("https://idp")).unwrap(),
            "\"https://idp\""
        );
        assert_eq!(ClientId::new("jira"), "jira");
    }

    #[test]
    fn client_secret_when_debug_or_display_then_redacted() {
        let secret = ClientSecret::new("s3cr3t-value");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert!(!format!("{secret:?}").contains("s3cr3t"));
        assert!(!format!("{:?}", Some(secret.clone())).contains("s3cr3t"));
        assert_eq!(secret.expose(), "s3cr3t-value");
    }
}
