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
    let inputs = idps.map_or(IdpInputs::WORST, IdpInputs::of);
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
