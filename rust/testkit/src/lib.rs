//! Test kit for oidc-sso: keys, token builder, a scriptable OP (filled in by the core work).
