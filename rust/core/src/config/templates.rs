//! The top-level `templates` object: the admin's own chooser, error and logout pages
//! (docs/login-pages.md). Each is compiled at load, so a syntax error is a config problem.

use super::reader::{Object, Problems};

/// Longest template source accepted.
pub const MAX_TEMPLATE_LEN: usize = 64 * 1024;

/// The admin's templates; `None` = the built-in default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Templates {
    pub chooser: Option<String>,
    pub error: Option<String>,
    pub logout: Option<String>,
}

/// Reads `templates` (absent = the defaults).
pub(super) fn read_templates(doc: &mut Object<'_>, p: &mut Problems) -> Option<Templates> {
    let Some(value) = doc.get("templates") else {
        return Some(Templates::default());
    };
    let mut obj = Object::new(value, "/templates", p)?;
    let mut read = |key: &'static str| {
        let source = obj.string(key, false, p)?;
        let problem = if source.len() > MAX_TEMPLATE_LEN {
            Some(format!("is longer than {MAX_TEMPLATE_LEN} bytes"))
        } else {
            crate::routing::pages::check_template(key, &source).err()
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
        chooser: read("chooser"),
        error: read("error"),
        logout: read("logout"),
    };
    obj.finish(p);
    Some(templates)
}
