//! The admin's previews (`groupsDryRun`, `templatePreview`): a draft document read by
//! [`Config::parse`] (the validation a save runs), then the claim mapping, the group rules
//! and the page renderer a real login uses. Pure: no engine, no network, no side effects.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::{
    AccountState, DirectoryState, DryRunIdentity, ExistingUser, GroupsDryRunRequest,
    GroupsDryRunResult, LoginFacts, PlanOutcome, PlanRequest, Refusal, TemplatePreview,
    TemplatePreviewRequest,
};
use crate::config::{Config, IdpConfig};
use crate::error::{Code, ConfigProblem};
use crate::mapping::{self, Claims};
use crate::routing::{Pages, Router};
use crate::text::quote;
use crate::Error;

/// What a login with these claims at this IdP would do (docs/admin-guide.md, "Dry run").
pub fn groups_dry_run(req: &GroupsDryRunRequest) -> GroupsDryRunResult {
    let config = match parse(&req.config) {
        Ok(config) => config,
        Err(problems) => return result(problems, None, None, None),
    };
    let Some(idp) = config.idps.iter().find(|idp| idp.id == req.idp) else {
        let known: Vec<&str> = config.idps.iter().map(|idp| idp.id.as_str()).collect();
        let failure = Refusal {
            code: Code::UnknownIdp,
            message: format!(
                "no IdP with id {} (configured: {})",
                quote(&req.idp),
                known.join(", ")
            ),
        };
        return result(Vec::new(), Some(failure), None, None);
    };
    let claims = Claims {
        id_token: &req.claims,
        userinfo: req.userinfo.as_ref(),
    };
    let identity = match identity_of(idp, claims) {
        Ok(identity) => identity,
        Err(e) => return result(Vec::new(), Some(refusal(&e)), None, None),
    };
    let plan_request = plan_request(idp, req, &identity);
    let mut plan = crate::provisioning::plan(idp, &plan_request);
    if plan.outcome == PlanOutcome::NeedsMembership {
        // The shim's second round at a real login: the asked memberships, looked up. Here the
        // admin's list is the whole truth, so one round answers every question.
        let mut again = plan_request;
        for group in &plan.needs_membership {
            let member = req
                .existing_groups
                .iter()
                .flatten()
                .any(|g| g.to_lowercase() == group.to_lowercase());
            again.account.member_of.insert(group.clone(), member);
        }
        plan = crate::provisioning::plan(idp, &again);
    }
    let failure = plan.refusal.clone();
    result(Vec::new(), failure, Some(identity), Some(plan))
}

/// A login page of the document, rendered with the request's sample values.
pub fn template_preview(req: &TemplatePreviewRequest) -> TemplatePreview {
    let config = match parse(&req.config) {
        Ok(config) => config,
        Err(problems) => {
            return TemplatePreview {
                problems,
                html: None,
                template_problem: None,
                custom: false,
            }
        }
    };
    let templates = &config.templates;
    let custom = match req.render.page {
        crate::api::PageKind::Chooser => templates.chooser.is_some(),
        crate::api::PageKind::Error => templates.error.is_some(),
        crate::api::PageKind::Logout => templates.logout.is_some(),
    };
    let rendered =
        Pages::new(&config).and_then(|pages| pages.render(&req.render, &Router::new(&config)));
    match rendered {
        Ok(rendered) => TemplatePreview {
            problems: Vec::new(),
            html: Some(rendered.html),
            template_problem: rendered.warning,
            custom,
        },
        Err(e) => TemplatePreview {
            problems: Vec::new(),
            html: None,
            template_problem: Some(e.hint()),
            custom,
        },
    }
}

fn parse(document: &Value) -> Result<Config, Vec<ConfigProblem>> {
    let bytes = serde_json::to_vec(document).map_err(|e| {
        vec![ConfigProblem {
            pointer: String::new(),
            message: format!("the document cannot be encoded: {e}"),
        }]
    })?;
    Config::parse(&bytes)
}

/// The mapping `completeLogin` runs after the ID token and userinfo were validated. The
/// Entra ID group overage lookup (a Graph call) is not made: without a groups claim the
/// groups stay unknown, as when that lookup fails.
fn identity_of(idp: &IdpConfig, claims: Claims<'_>) -> Result<DryRunIdentity, Error> {
    let profile = mapping::map_profile(&idp.claims, claims)?;
    let (groups, groups_claim_present) =
        crate::provisioning::claimed_groups(&idp.provisioning.groups, claims)?;
    Ok(DryRunIdentity {
        username: profile.username,
        email: profile.email,
        email_verified: profile.email_verified,
        display_name: profile.display_name,
        groups,
        groups_claim_present,
    })
}

/// The plan request a login would send: a new account when no groups are given, else the
/// account linked to this identity with those groups (its profile as the claims say, so
/// the plan shows the groups' changes, not the profile's).
fn plan_request(
    idp: &IdpConfig,
    req: &GroupsDryRunRequest,
    identity: &DryRunIdentity,
) -> PlanRequest {
    let subject = req
        .claims
        .get("sub")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let account = match &req.existing_groups {
        None => AccountState::default(),
        Some(groups) => AccountState {
            linked: Some(ExistingUser {
                username: identity.username.clone(),
                display_name: identity.display_name.clone(),
                email: identity.email.clone(),
                active: true,
                link_count: 1,
            }),
            same_username: None,
            member_of: groups
                .iter()
                .map(|g| (g.clone(), true))
                .collect::<BTreeMap<_, _>>(),
            managed_groups: req.managed_groups.clone(),
        },
    };
    PlanRequest {
        login: LoginFacts {
            idp_id: idp.id.to_string(),
            issuer: idp.issuer.to_string(),
            subject: subject.to_string(),
            username: identity.username.clone(),
            email: identity.email.clone(),
            email_verified: identity.email_verified,
            display_name: identity.display_name.clone(),
            groups: identity.groups.clone(),
            groups_claim_present: identity.groups_claim_present,
        },
        account,
        // The host's admin count is not known here: an admin group is then never removed.
        directory: DirectoryState {
            writable: true,
            admin_count: None,
        },
    }
}

fn refusal(e: &Error) -> Refusal {
    Refusal {
        code: e.code(),
        message: e.hint(),
    }
}

fn result(
    problems: Vec<ConfigProblem>,
    failure: Option<Refusal>,
    identity: Option<DryRunIdentity>,
    plan: Option<crate::api::ProvisioningPlan>,
) -> GroupsDryRunResult {
    GroupsDryRunResult {
        problems,
        failure,
        identity,
        plan,
    }
}

#[cfg(test)]
mod tests;
