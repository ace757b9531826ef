//! Which account a login goes to: linked by (iss, sub), linked now, created — or refused.
//! An account is never taken over by username or email alone.

use crate::api::{ExistingUser, FieldChange, PlanRequest, Refusal, UserAction, UserPlan};
use crate::config::IdpConfig;
use crate::Code;

pub(super) struct AccountPlan {
    pub user: UserPlan,
    pub notes: Vec<String>,
}

pub(super) fn plan_account(idp: &IdpConfig, req: &PlanRequest) -> Result<AccountPlan, Refusal> {
    let login = &req.login;
    // An unverified email is never written: mail would go to whoever claims the address.
    let email = login.email.clone().filter(|_| login.email_verified);
    if let Some(linked) = &req.account.linked {
        return existing(idp, req, linked, false, email);
    }
    if let Some(same) = &req.account.same_username {
        check_link_allowed(idp, req, same)?;
        return existing(idp, req, same, true, email);
    }
    if !idp.provisioning.create_users {
        return Err(refusal(
            Code::UserNotProvisioned,
            format!(
                "no account {} and IdP {} does not create users (provisioning.createUsers)",
                login.username, idp.id
            ),
        ));
    }
    if !req.directory.writable {
        return Err(refusal(
            Code::DirectoryReadOnly,
            format!(
                "cannot create {}: the user directory is read-only; make a writable directory \
                 the first one, or create the user there",
                login.username
            ),
        ));
    }
    Ok(AccountPlan {
        user: UserPlan {
            action: UserAction::Create,
            username: login.username.clone(),
            link: true,
            display_name: login.display_name.clone(),
            email,
            changes: Vec::new(),
            rule: "provisioning.createUsers".into(),
        },
        notes: Vec::new(),
    })
}

/// Linking an existing local account to this identity needs the admin's opt-in, an
/// account no IdP identity owns yet, and the IdP's verified email equal to the account's.
fn check_link_allowed(
    idp: &IdpConfig,
    req: &PlanRequest,
    same: &ExistingUser,
) -> Result<(), Refusal> {
    let login = &req.login;
    if !idp.link_existing_accounts {
        return Err(refusal(
            Code::AccountExistsNotLinked,
            format!(
                "a local account {} exists and is not linked to IdP {}; link it, or enable \
                 linkExistingAccounts for this IdP",
                same.username, idp.id
            ),
        ));
    }
    if same.link_count > 0 {
        return Err(refusal(
            Code::AccountLinkedToOtherIdentity,
            format!(
                "account {} is already linked to another IdP identity; a second identity \
                 never takes it over",
                same.username
            ),
        ));
    }
    let same_email = match (&login.email, &same.email) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    if !login.email_verified || !same_email {
        return Err(refusal(
            Code::LinkRequiresVerifiedEmail,
            format!(
                "account {} is linked only when the IdP sends a verified email equal to the \
                 account's email",
                same.username
            ),
        ));
    }
    Ok(())
}

fn existing(
    idp: &IdpConfig,
    req: &PlanRequest,
    user: &ExistingUser,
    link: bool,
    email: Option<String>,
) -> Result<AccountPlan, Refusal> {
    if !user.active {
        return Err(refusal(
            Code::UserInactive,
            format!("user {} is deactivated", user.username),
        ));
    }
    let mut notes = Vec::new();
    let mut changes = Vec::new();
    if idp.provisioning.update_profile {
        changes = profile_changes(user, req.login.display_name.as_deref(), email.as_deref());
        if !changes.is_empty() && !req.directory.writable {
            notes.push(format!(
                "profile of {} not updated: the user directory is read-only",
                user.username
            ));
            changes.clear();
        }
    }
    let changed = |field: &str| {
        changes
            .iter()
            .find(|c| c.field == field)
            .and_then(|c| c.to.clone())
    };
    Ok(AccountPlan {
        user: UserPlan {
            action: if changes.is_empty() {
                UserAction::Unchanged
            } else {
                UserAction::Update
            },
            username: user.username.clone(),
            link,
            display_name: changed("displayName"),
            email: changed("email"),
            rule: if link {
                "linkExistingAccounts".into()
            } else {
                "provisioning.updateProfile".into()
            },
            changes,
        },
        notes,
    })
}

/// Changed fields only; an absent value at the IdP never blanks the account's.
fn profile_changes(
    user: &ExistingUser,
    name: Option<&str>,
    email: Option<&str>,
) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    for (field, now, new) in [
        ("displayName", user.display_name.as_deref(), name),
        ("email", user.email.as_deref(), email),
    ] {
        if let Some(new) = new {
            if now != Some(new) {
                changes.push(FieldChange {
                    field: field.into(),
                    from: now.map(String::from),
                    to: Some(new.into()),
                });
            }
        }
    }
    changes
}

fn refusal(code: Code, message: String) -> Refusal {
    Refusal { code, message }
}
