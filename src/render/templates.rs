//! The tera environment: the theme's templates with the site's overrides
//! and the functions they call, and tera's errors as diagnostics at the
//! template's file and line.

use std::collections::HashMap;
use std::path::PathBuf;

use tera::{Context, Tera};

use super::context::global_context;
use super::REQUIRED_TEMPLATES;
use crate::diag::{Diagnostic, Position};
use crate::link::outputs::Kind;
use crate::link::LinkedSite;

pub(super) struct Templates {
    tera: Tera,
    origins: HashMap<String, PathBuf>,
}

impl Templates {
    pub(super) fn new(site: &LinkedSite) -> Result<Self, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        // Functions first: tera checks that the templates' calls exist.
        let translations = site.strings.translations().clone();
        tera.register_function("t", crate::i18n::tera_function(translations.clone()));
        tera.register_function(
            "plural_forms",
            crate::i18n::plural_forms_function(translations),
        );
        // `asset(path="/directory.js")`: the href of a theme or `static/`
        // file, under the name it is published as. A file that is not there
        // is the template's error, at its line, not a broken link.
        let root = site.language.root_base.clone();
        let published = site.published.clone();
        let mut known: std::collections::HashSet<String> =
            site.theme.statics.iter().map(|f| f.rel.clone()).collect();
        known.insert(crate::highlight::STYLESHEET_PATH.to_string());
        known.insert(crate::brand::STYLESHEET_PATH.to_string());
        tera.register_function(
            "asset",
            move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
                let path: &str = kwargs.must_get("path")?;
                if !known.contains(path.trim_start_matches('/')) {
                    return Err(tera::Error::message(format!(
                        "asset: `{path}` is not a file of the theme's static/ folder or of the site's"
                    )));
                }
                Ok(crate::link::published_href(&root, &published, path))
            },
        );
        let origins: HashMap<String, PathBuf> = site
            .theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.origin.clone()))
            .collect();
        let mut errors = Vec::new();
        // Add templates one at a time first, so each syntax error is found
        // and named; then all together, which also checks inheritance.
        for template in &site.theme.templates {
            let mut single = Tera::new();
            if let Err(err) = single.add_raw_template(&template.name, &template.text) {
                if matches!(err.kind(), tera::ErrorKind::SyntaxError(_)) {
                    errors.extend(template_error(&err, &origins, &template.name));
                }
            }
        }
        if errors.is_empty() {
            let all = site
                .theme
                .templates
                .iter()
                .map(|t| (t.name.as_str(), t.text.as_str()));
            if let Err(err) = tera.add_raw_templates(all) {
                let name = site
                    .theme
                    .templates
                    .first()
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                errors.extend(template_error(&err, &origins, &name));
            }
        }
        global_context(site, tera.global_context());
        for required in REQUIRED_TEMPLATES {
            if !origins.contains_key(*required) {
                errors.push(
                    Diagnostic::file_error(
                        "template/missing",
                        PathBuf::from("templates").join(required),
                        "this template is missing",
                    )
                    .with_help(format!(
                        "add `templates/{required}` or use a theme that has it"
                    )),
                );
            }
        }
        if errors.is_empty() {
            Ok(Templates { tera, origins })
        } else {
            Err(errors)
        }
    }

    /// Whether the site has template `name`.
    pub(super) fn has(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// Renders `template` with `context`; its errors at the template's line.
    pub(super) fn render(
        &self,
        template: &str,
        context: &Context,
    ) -> Result<String, Vec<Diagnostic>> {
        if !self.origins.contains_key(template) {
            return Err(vec![Diagnostic::file_error(
                "template/missing",
                PathBuf::from("templates").join(template),
                format!("the template `{template}` does not exist"),
            )
            .with_help("add it under `templates/`, or use a theme that has it")]);
        }
        self.tera
            .render(template, context)
            .map_err(|err| template_error(&err, &self.origins, template))
    }
}

/// A template that does not exist, reported where it is named: at the
/// `template:` line of the page or section that asks for it.
pub(super) fn missing_template(site: &LinkedSite, kind: Kind, template: &str) -> Diagnostic {
    let named_in = match kind {
        Kind::Page(i) => {
            let page = &site.pages[i].page;
            Some((
                page.source.clone(),
                page.text.front(),
                page.text.body_offset(),
            ))
        }
        Kind::Section { section, .. } => {
            let s = &site.sections[section].section;
            s.source
                .clone()
                .map(|source| (source, s.text.as_str(), s.body_offset))
        }
        _ => None,
    };
    let message = format!("the template `{template}` does not exist");
    let help = "add it under `templates/`, or fix the `template:` name in the front matter";
    match named_in {
        Some((source, text, body_offset)) => {
            let position = crate::load::key_position(text, body_offset, "template");
            Diagnostic::error("template/missing", source, position, message)
                .with_length("template".len())
                .with_help(help)
        }
        None => Diagnostic::file_error(
            "template/missing",
            PathBuf::from("templates").join(template),
            message,
        )
        .with_help(help),
    }
}

/// A tera error as a diagnostic at the template file and line.
fn template_error(
    err: &tera::Error,
    origins: &HashMap<String, PathBuf>,
    template: &str,
) -> Vec<Diagnostic> {
    let origin = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("templates").join(name))
    };
    let help = "fix the template at this line; tera's syntax is described at keats.github.io/tera";
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() {
                template
            } else {
                report.filename()
            };
            let span = report.span();
            vec![Diagnostic::error(
                "template/error",
                origin(name),
                Position {
                    line: span.start_line.max(1),
                    column: span.start_col + 1,
                },
                format!("template error: {}", report.message()),
            )
            .with_help(help)]
        }
        _ => {
            // Checks across templates (unknown filters, say) come as one
            // text of reports: `error: what` then ` --> name:line:col`.
            let text = err.to_string();
            let mut found = Vec::new();
            let mut message: Option<&str> = None;
            for line in text.lines() {
                if let Some(m) = line.strip_prefix("error: ") {
                    message = Some(m);
                } else if let (Some(m), Some(place)) =
                    (message, line.trim_start().strip_prefix("--> "))
                {
                    let mut parts = place.rsplitn(3, ':');
                    let column = parts.next().and_then(|c| c.parse::<usize>().ok());
                    let line_no = parts.next().and_then(|l| l.parse::<usize>().ok());
                    if let (Some(column), Some(line_no), Some(name)) =
                        (column, line_no, parts.next())
                    {
                        found.push(
                            Diagnostic::error(
                                "template/error",
                                origin(name),
                                Position {
                                    line: line_no,
                                    column,
                                },
                                format!("template error: {m}"),
                            )
                            .with_help(help),
                        );
                    }
                    message = None;
                }
            }
            if found.is_empty() {
                found.push(
                    Diagnostic::file_error(
                        "template/error",
                        origin(template),
                        format!("template error: {}", first_line(&text)),
                    )
                    .with_help("check the names of the templates it extends or includes"),
                );
            }
            found
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}
