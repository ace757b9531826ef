//! What the user reads on the error page for each code: a title and a friendly
//! sentence (docs/errors.md has the admin's side). Unknown codes get a generic text.

use crate::Code;

/// (code, title, message). Codes the shim raises itself are here too.
const MESSAGES: &[(Code, &str, &str)] = &[
    (
        Code::UserNotAllowed,
        "Sign-in not allowed",
        "Your account is not allowed to use this site. Ask an administrator for access.",
    ),
    (
        Code::DomainNotAllowed,
        "Sign-in not available for this email",
        "No sign-in is set up for the email domain you entered. Check the address for a typo, \
         choose another way to sign in, or ask your administrator.",
    ),
    (
        Code::IdpUnavailable,
        "Single sign-on unavailable",
        "The identity provider cannot be reached right now. Please try again in a few minutes.",
    ),
    (
        Code::IdpCircuitOpen,
        "Single sign-on unavailable",
        "The identity provider is not responding. Please try again in a few minutes, or use \
         the local login if you have an account.",
    ),
    (
        Code::IdpBusy,
        "Single sign-on busy",
        "Too many people are signing in at this moment. Please try again in a minute.",
    ),
    (
        Code::LoginDeadlineExceeded,
        "Single sign-on unavailable",
        "The identity provider is answering too slowly right now. Please try again in a few \
         minutes.",
    ),
    (
        Code::DiscoveryFailed,
        "Single sign-on unavailable",
        "The identity provider is not answering as expected. Please try again later.",
    ),
    (
        Code::JwksFailed,
        "Single sign-on unavailable",
        "The identity provider is not answering as expected. Please try again later.",
    ),
    (
        Code::UnknownIdp,
        "Unknown sign-in option",
        "The sign-in option you picked does not exist (any more). Choose one of the options \
         offered.",
    ),
    (
        Code::UnknownIssuer,
        "Unknown identity provider",
        "The sign-in link you followed comes from an identity provider this site does not use.",
    ),
    (
        Code::LoginExpiredOrReplayed,
        "Sign-in link already used",
        "This sign-in link was already used or has expired. Start again.",
    ),
    (
        Code::LoginExpired,
        "Sign-in took too long",
        "The sign-in took too long. Start again.",
    ),
    (
        Code::IdpError,
        "Sign-in refused",
        "The identity provider refused the sign-in. If you cancelled, start again; otherwise ask \
         an administrator whether you are assigned to this application.",
    ),
    (
        Code::IssuerMismatch,
        "Sign-in rejected",
        "The answer did not come from the identity provider this sign-in started with. Start \
         again.",
    ),
    (
        Code::CallbackMismatch,
        "Sign-in rejected",
        "The answer came back to the wrong address for this identity provider. Start again.",
    ),
    (
        Code::AccountExistsNotLinked,
        "Account not linked",
        "An account with your username already exists here but is not linked to your identity \
         provider. Ask an administrator to link it, and give them the reference below.",
    ),
    (
        Code::UserNotProvisioned,
        "No account yet",
        "You do not have an account here yet. Ask an administrator for access.",
    ),
    (
        Code::UserInactive,
        "Account deactivated",
        "Your account here is deactivated. Ask an administrator to reactivate it.",
    ),
    (
        Code::ReauthenticationOtherUser,
        "Different account",
        "You confirmed your identity as a different user than the one signed in here, so \
         administrator access was not granted. Confirm again with your own account.",
    ),
    (
        Code::SsoDisabled,
        "Single sign-on is off",
        "Single sign-on is switched off. Use the local login.",
    ),
];

const GENERIC_TITLE: &str = "Sign-in failed";
const GENERIC_MESSAGE: &str = "Your sign-in could not be completed. Please try again; if it keeps \
                               failing, give the reference below to your administrator.";

/// The title and friendly message of `code`.
pub fn message_for(code: &str) -> (&'static str, &'static str) {
    MESSAGES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or((GENERIC_TITLE, GENERIC_MESSAGE), |(_, title, message)| {
            (title, message)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_for_when_any_code_then_within_the_bounds_the_templates_are_checked_with() {
        let max = crate::page_templates::inputs::MESSAGE as usize;
        for code in MESSAGES
            .iter()
            .map(|(code, _, _)| code.as_str())
            .chain(["no-such-code"])
        {
            let (title, message) = message_for(code);
            assert!(title.len() <= max && message.len() <= max, "{code}");
        }
    }
}
