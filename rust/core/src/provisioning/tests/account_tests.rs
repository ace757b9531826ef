use super::*;
use crate::Code;

#[test]
fn plan_when_no_account_and_create_users_then_create_and_link() {
    let plan = plan(&idp(json!({})), &new_user_request(&[]));
    let user = plan.user.expect("user plan");
    assert_eq!((user.action, user.link), (UserAction::Create, true));
    assert_eq!(user.email.as_deref(), Some("alice@example.com"));
}

#[test]
fn plan_when_no_account_and_create_users_off_then_user_not_provisioned() {
    let cfg = idp_with(json!({"createUsers": false}), json!({}));
    let plan = plan(&cfg, &new_user_request(&[]));
    assert_eq!(plan.outcome, PlanOutcome::Refuse);
    assert_eq!(plan.refusal.map(|r| r.code), Some(Code::UserNotProvisioned));
}

#[test]
fn plan_when_legacy_create_users_off_then_user_not_provisioned() {
    let cfg = idp_with(Value::Null, json!({"createUsers": false}));
    let plan = plan(&cfg, &new_user_request(&[]));
    assert_eq!(plan.refusal.map(|r| r.code), Some(Code::UserNotProvisioned));
}

#[test]
fn plan_when_new_user_and_directory_read_only_then_directory_read_only() {
    let mut req = new_user_request(&[]);
    req.directory.writable = false;
    let plan = plan(&idp(json!({})), &req);
    assert_eq!(plan.refusal.map(|r| r.code), Some(Code::DirectoryReadOnly));
}

#[test]
fn plan_when_email_unverified_then_email_not_written() {
    let mut req = new_user_request(&[]);
    req.login.email_verified = false;
    let user = plan(&idp(json!({})), &req).user.expect("user plan");
    assert_eq!(user.email, None);
}

#[test]
fn plan_when_linked_and_profile_changed_then_update_lists_changes() {
    let mut req = linked_request(&[], &[], &[]);
    req.login.display_name = Some("Alice Liddell".into());
    let user = plan(&idp(json!({})), &req).user.expect("user plan");
    assert_eq!(user.action, UserAction::Update);
    assert!(!user.link);
    assert_eq!(
        user.changes,
        vec![FieldChange {
            field: "displayName".into(),
            from: Some("Alice".into()),
            to: Some("Alice Liddell".into())
        }]
    );
}

#[test]
fn plan_when_update_profile_off_then_unchanged() {
    let cfg = idp_with(json!({"updateProfile": false}), json!({}));
    let mut req = linked_request(&[], &[], &[]);
    req.login.display_name = Some("Someone Else".into());
    let user = plan(&cfg, &req).user.expect("user plan");
    assert_eq!(user.action, UserAction::Unchanged);
}

#[test]
fn plan_when_same_username_and_link_off_then_account_exists_not_linked() {
    let mut req = new_user_request(&[]);
    req.account.same_username = Some(ExistingUser {
        link_count: 0,
        ..user("alice")
    });
    let plan = plan(&idp(json!({})), &req);
    assert_eq!(
        plan.refusal.map(|r| r.code),
        Some(Code::AccountExistsNotLinked)
    );
}

#[test]
fn plan_when_same_username_linked_to_other_identity_then_refused_even_with_link_on() {
    let cfg = idp_with(json!({}), json!({"linkExistingAccounts": true}));
    let mut req = new_user_request(&[]);
    req.account.same_username = Some(user("alice"));
    let plan = plan(&cfg, &req);
    assert_eq!(
        plan.refusal.map(|r| r.code),
        Some(Code::AccountLinkedToOtherIdentity)
    );
}

#[test]
fn plan_when_link_on_and_email_unverified_then_link_requires_verified_email() {
    let cfg = idp_with(json!({}), json!({"linkExistingAccounts": true}));
    let mut req = new_user_request(&[]);
    req.login.email_verified = false;
    req.account.same_username = Some(ExistingUser {
        link_count: 0,
        ..user("alice")
    });
    let plan = plan(&cfg, &req);
    assert_eq!(
        plan.refusal.map(|r| r.code),
        Some(Code::LinkRequiresVerifiedEmail)
    );
}

#[test]
fn plan_when_link_on_and_email_differs_then_link_requires_verified_email() {
    let cfg = idp_with(json!({}), json!({"linkExistingAccounts": true}));
    let mut req = new_user_request(&[]);
    req.account.same_username = Some(ExistingUser {
        link_count: 0,
        email: Some("victim@example.com".into()),
        ..user("alice")
    });
    let plan = plan(&cfg, &req);
    assert_eq!(
        plan.refusal.map(|r| r.code),
        Some(Code::LinkRequiresVerifiedEmail)
    );
}

#[test]
fn plan_when_link_on_and_verified_same_email_then_linked() {
    let cfg = idp_with(json!({}), json!({"linkExistingAccounts": true}));
    let mut req = new_user_request(&[]);
    req.account.same_username = Some(ExistingUser {
        link_count: 0,
        ..user("alice")
    });
    let user = plan(&cfg, &req).user.expect("user plan");
    assert!(user.link);
    assert_eq!(user.rule, "linkExistingAccounts");
}

#[test]
fn plan_when_linked_account_inactive_then_user_inactive() {
    let mut req = linked_request(&[], &[], &[]);
    if let Some(u) = req.account.linked.as_mut() {
        u.active = false;
    }
    let plan = plan(&idp(json!({})), &req);
    assert_eq!(plan.refusal.map(|r| r.code), Some(Code::UserInactive));
}
