//! The top-level `templates` object: the admin's own chooser, error and logout pages
//! (docs/login-pages.md). Each is checked and compiled at load, so a syntax error or a
//! template that could build too much is a config problem.

use super::reader::{Object, Problems};
use super::IdpConfig;
use crate::page_templates::{self, IdpInputs, PageKind};

/// Longest template source accepted.
pub const MAX_TEMPLATE_LEN: usize = 64 * 1024;

/// The admin's templates; `None` = the built-in default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Templates {
    pub chooser: Option<String>,
    pub error: Option<String>,
    pub logout: Option<String>,
}

/// Reads `templates` (absent = the defaults). `idps` (when they could be read) bound
/// what the chooser's variables can hold; otherwise any valid configuration's worst case.
pub(super) fn read_templates(
    doc: &mut Object<'_>,
    idps: Option<&[IdpConfig]>,
    p: &mut Problems,
) -> Option<Templates> {
    let Some(value) = doc.get("templates") else {
        return Some(Templates::default());
    };
    let inputs = page_inputs(idps);
    let mut obj = Object::new(value, "/templates", p)?;
    let mut read = |page: PageKind| {
        let key = page.name();
        let source = obj.string(key, false, p)?;
        let problem = if source.len() > MAX_TEMPLATE_LEN {
            Some(format!("is longer than {MAX_TEMPLATE_LEN} bytes"))
        } else {
            page_templates::check_template(page, &source, inputs).err()
        };
        match problem {
            Some(why) => {
                p.add(&obj.at(key), why);
                None
            }
            None => Some(source),
        }
    };
    let templates = Templates {
        chooser: read(PageKind::Chooser),
        error: read(PageKind::Error),
        logout: read(PageKind::Logout),
    };
    obj.finish(p);
    Some(templates)
}

/// What the login pages' variables can hold with these IdPs (the bounds an admin's
/// template is checked with); without them, any valid configuration's worst case.
pub(crate) fn page_inputs(idps: Option<&[IdpConfig]>) -> IdpInputs {
    let Some(idps) = idps else {
        return IdpInputs::WORST;
    };
    let len = |s: &str| u64::try_from(s.len()).unwrap_or(u64::MAX);
    let mut inputs = IdpInputs {
        count: u64::try_from(idps.len()).unwrap_or(u64::MAX),
        id: 0,
        name: 0,
        label: 0,
        icon: 0,
    };
    for idp in idps {
        let name = len(&idp.display_name);
        // The chooser's default label is "Sign in with <name>".
        let label = idp
            .login
            .button_label
            .as_deref()
            .map_or(name.saturating_add(13), len);
        inputs.id = inputs.id.max(len(&idp.id));
        inputs.name = inputs.name.max(name);
        inputs.label = inputs.label.max(label);
        inputs.icon = inputs
            .icon
            .max(idp.login.icon_url.as_deref().map_or(0, len));
    }
    inputs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_inputs_when_no_idps_read_then_the_worst_case_of_any_valid_document() {
        let worst = page_inputs(None);
        assert_eq!(worst, IdpInputs::WORST);
        assert_eq!(worst.count, super::super::MAX_IDPS as u64);
    }
}
