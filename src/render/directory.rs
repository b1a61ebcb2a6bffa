//! Template contexts of the therapist directory and the intake form.
//!
//! The intake page is rendered by the static build and, per request, by
//! the intake receiver (to add its signed timestamp or show errors), so
//! [`intake_context`] takes the state of the form as an argument and both
//! go through it.

use serde::Serialize;
use tera::Context;

use super::context::{base_context, home_crumb, term_refs, Crumb, TermRef};
use super::jsonld::script_json;
use crate::directory::{Facet, Filter, Match, MatchResult, State, Therapist, DIRECTORY_PATH};
use crate::form::{Answers, Field, FieldError, FieldKind, FormSchema, HONEYPOT_FIELD};
use crate::link::{LinkedPage, LinkedSite};

/// A therapist as the directory, filter pages and articles list them.
#[derive(Serialize)]
pub(super) struct TherapistSummary {
    /// The profile's slug, unique among profiles: for element ids.
    id: String,
    /// The language its text is written in.
    lang: String,
    name: String,
    href: String,
    pronouns: Option<String>,
    credentials: String,
    summary: Option<String>,
    photo_href: Option<String>,
    /// The photo's square copies, when it is a photo (not a drawing).
    photo: Option<crate::images::Picture>,
    photo_alt: Option<String>,
    example: bool,
    accepting: bool,
    telehealth: bool,
    office: Option<String>,
    states: Vec<StateRef>,
    specialties: Vec<TermRef>,
    languages: Vec<String>,
    formats: Vec<&'static str>,
    format_labels: Vec<String>,
    /// Space-separated keys for the in-page filter script.
    data: FilterData,
}

#[derive(Serialize)]
struct StateRef {
    code: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
struct FilterData {
    states: String,
    specialties: String,
    languages: String,
    formats: String,
}

fn profile(linked: &LinkedPage) -> Option<&Therapist> {
    linked.page.therapist.as_deref()
}

pub(super) fn therapist_summary(
    site: &LinkedSite,
    linked: &LinkedPage,
) -> Option<TherapistSummary> {
    let t = profile(linked)?;
    let states = t.states();
    let specialties = term_refs(site, crate::config::TaxonomyName::Topics, &t.specialties);
    let language_slugs: Vec<String> = t
        .languages
        .iter()
        .map(|l| crate::slug::slugify(l))
        .collect();
    let photo_href = t
        .photo
        .as_ref()
        .map(|p| site.href(&format!("{}{p}", linked.path)));
    Some(TherapistSummary {
        id: linked.page.slug.clone(),
        lang: linked.page.lang.clone(),
        name: t.name.clone(),
        href: site.href(&linked.path),
        pronouns: t.pronouns.clone(),
        credentials: t.credentials.join(", "),
        summary: t.summary.clone(),
        photo_href: photo_href.clone(),
        photo: photo_href.and_then(|href| site.pictures.get(&href)?.square.clone()),
        photo_alt: t.photo_alt.clone(),
        example: t.example,
        accepting: t.accepting_new_clients,
        telehealth: t.telehealth,
        office: t
            .office
            .as_ref()
            .map(|o| format!("{}, {}", o.city, o.state.code())),
        states: states
            .iter()
            .map(|s| StateRef {
                code: s.code(),
                name: s.name(),
            })
            .collect(),
        data: FilterData {
            states: states
                .iter()
                .map(|s| s.code())
                .collect::<Vec<_>>()
                .join(" "),
            specialties: t.specialties.join(" "),
            languages: language_slugs.join(" "),
            formats: t
                .formats
                .iter()
                .map(|f| f.key())
                .collect::<Vec<_>>()
                .join(" "),
        },
        specialties,
        languages: t.languages.clone(),
        formats: t.formats.iter().map(|f| f.key()).collect(),
        format_labels: t.formats.iter().map(|f| format_label(site, *f)).collect(),
    })
}

/// Everything a profile page shows beyond the list entry.
#[derive(Serialize)]
struct TherapistDetail {
    #[serde(flatten)]
    summary: TherapistSummary,
    licenses: Vec<LicenseRef>,
    modalities: Vec<String>,
    fees: Option<String>,
    sliding_scale: bool,
    insurance: Vec<String>,
    office_address: Option<String>,
    affirming: Vec<String>,
    directory_href: String,
    intake_href: Option<String>,
}

#[derive(Serialize)]
struct LicenseRef {
    state: &'static str,
    state_name: &'static str,
    kind: String,
    number: String,
}

/// Adds the `therapist` value to a profile page's context.
pub(super) fn add_profile(site: &LinkedSite, linked: &LinkedPage, ctx: &mut Context) {
    let (Some(t), Some(summary)) = (profile(linked), therapist_summary(site, linked)) else {
        return;
    };
    ctx.insert(
        "therapist",
        &TherapistDetail {
            summary,
            licenses: t
                .licenses
                .iter()
                .map(|l| LicenseRef {
                    state: l.state.code(),
                    state_name: l.state.name(),
                    kind: l.kind.clone(),
                    number: l.number.clone(),
                })
                .collect(),
            modalities: t.modalities.clone(),
            fees: t.fees.clone(),
            sliding_scale: t.sliding_scale,
            insurance: t.insurance.clone(),
            office_address: t.office.as_ref().and_then(|o| o.address.clone()),
            affirming: t
                .affirming
                .iter()
                .map(|a| site.strings.get(&format!("affirming-{}", a.key())))
                .collect(),
            directory_href: site.href(DIRECTORY_PATH),
            intake_href: intake_href(site),
        },
    );
}

/// How a session format reads, in the site's language.
fn format_label(site: &LinkedSite, format: crate::directory::Format) -> String {
    site.strings.get(&format!("format-{}", format.key()))
}

fn intake_href(site: &LinkedSite) -> Option<String> {
    site.form
        .as_ref()
        .map(|_| site.href(crate::form::INTAKE_PATH))
}

/// Therapists whose specialties include one of `topics`, accepting first.
pub(super) fn therapists_for_topics(site: &LinkedSite, topics: &[String]) -> Vec<TherapistSummary> {
    if topics.is_empty() {
        return Vec::new();
    }
    site.directory
        .therapists
        .iter()
        .map(|&i| &site.pages[i])
        .filter(|p| profile(p).is_some_and(|t| t.specialties.iter().any(|s| topics.contains(s))))
        .filter_map(|p| therapist_summary(site, p))
        .collect()
}

#[derive(Serialize)]
struct FilterLink {
    key: String,
    /// The value as the in-page filter and the URL query write it.
    slug: String,
    title: String,
    href: String,
    count: usize,
    current: bool,
}

#[derive(Serialize)]
pub(super) struct DirectoryContext {
    href: String,
    therapists: Vec<TherapistSummary>,
    total: usize,
    accepting: usize,
    states: Vec<FilterLink>,
    specialties: Vec<FilterLink>,
    languages: Vec<FilterLink>,
    formats: Vec<(&'static str, String)>,
    /// The filter of a filter page; none on the directory itself.
    filter: Option<CurrentFilter>,
    intake_href: Option<String>,
}

#[derive(Serialize)]
struct CurrentFilter {
    facet: Facet,
    key: String,
    title: String,
}

/// The directory (`filter` is `None`) or one of its filter pages.
pub(super) fn directory_context(site: &LinkedSite, filter: Option<&Filter>) -> DirectoryContext {
    let listed: &[usize] = filter.map_or(&site.directory.therapists, |f| &f.pages);
    let therapists: Vec<TherapistSummary> = listed
        .iter()
        .filter_map(|&i| therapist_summary(site, &site.pages[i]))
        .collect();
    let links = |facet: Facet| {
        site.directory
            .facet(facet)
            .map(|f| FilterLink {
                slug: f.slug.clone(),
                key: f.key.clone(),
                title: f.title.clone(),
                href: site.href(&f.path),
                count: f.pages.len(),
                current: filter.is_some_and(|c| c.path == f.path),
            })
            .collect::<Vec<_>>()
    };
    DirectoryContext {
        href: site.href(DIRECTORY_PATH),
        total: therapists.len(),
        accepting: therapists.iter().filter(|t| t.accepting).count(),
        therapists,
        states: links(Facet::State),
        specialties: links(Facet::Specialty),
        languages: links(Facet::Language),
        formats: crate::directory::Format::ALL
            .iter()
            .map(|f| (f.key(), format_label(site, *f)))
            .collect(),
        filter: filter.map(|f| CurrentFilter {
            facet: f.facet,
            key: f.key.clone(),
            title: f.title.clone(),
        }),
        intake_href: intake_href(site),
    }
}

/// Breadcrumbs of a filter page: home, then the directory.
pub(super) fn filter_crumbs(site: &LinkedSite) -> Vec<Crumb> {
    let mut crumbs = home_crumb(site);
    let title = site
        .sections
        .iter()
        .find(|s| s.path == DIRECTORY_PATH)
        .map_or_else(
            || site.strings.get("directory-title"),
            |s| s.section.meta.title.clone(),
        );
    crumbs.push(Crumb {
        title,
        href: site.href(DIRECTORY_PATH),
    });
    crumbs
}

// ---- The intake form ---------------------------------------------------

/// The state of the intake form when it is shown: empty in the static
/// build; with the person's answers and what is wrong with them when the
/// receiver shows it again.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    /// What was sent, as (field, value) pairs.
    pub values: Vec<(String, String)>,
    /// What is wrong with it.
    pub errors: Vec<FieldError>,
    /// Extra hidden inputs the receiver adds, e.g. a signed timestamp.
    pub hidden: Vec<(String, String)>,
}

#[derive(Serialize)]
struct FormContext {
    title: String,
    intro: Option<String>,
    submit: String,
    action: String,
    sections: Vec<SectionFields>,
    honeypot: &'static str,
    hidden: Vec<(String, String)>,
}

#[derive(Serialize)]
struct SectionFields {
    title: String,
    fields: Vec<FieldContext>,
}

#[derive(Serialize)]
struct FieldContext {
    id: String,
    /// The id of the control an error-summary link should focus.
    input_id: String,
    kind: FieldKind,
    label: String,
    hint: Option<String>,
    optional: bool,
    autocomplete: Option<String>,
    max_length: Option<usize>,
    value: String,
    options: Vec<OptionContext>,
    error: Option<String>,
    /// `aria-describedby`: the hint and error ids, when present.
    describedby: Option<String>,
}

#[derive(Serialize)]
struct OptionContext {
    id: String,
    value: String,
    label: String,
    hint: Option<String>,
    selected: bool,
}

#[derive(Serialize)]
struct SummaryError {
    href: String,
    message: String,
}

fn field_context(field: &Field, state: &FormState) -> FieldContext {
    let values: Vec<&str> = state
        .values
        .iter()
        .filter(|(k, _)| *k == field.id)
        .map(|(_, v)| v.as_str())
        .collect();
    let error = state
        .errors
        .iter()
        .find(|e| e.field.as_deref() == Some(field.id.as_str()))
        .map(|e| e.message.clone());
    let base = format!("f-{}", field.id);
    let options: Vec<OptionContext> = field
        .options
        .iter()
        .enumerate()
        .map(|(i, c)| OptionContext {
            id: format!("{base}-{i}"),
            value: c.value.clone(),
            label: c.label.to_string(),
            hint: c.hint.as_ref().map(ToString::to_string),
            selected: values.contains(&c.value.as_str()),
        })
        .collect();
    let grouped = matches!(field.kind, FieldKind::Radio | FieldKind::Checkboxes);
    let input_id = if grouped {
        options
            .first()
            .map_or_else(|| base.clone(), |o| o.id.clone())
    } else {
        base.clone()
    };
    let describedby: Vec<String> = [
        field.hint.as_ref().map(|_| format!("{base}-hint")),
        error.as_ref().map(|_| format!("{base}-error")),
    ]
    .into_iter()
    .flatten()
    .collect();
    FieldContext {
        id: field.id.clone(),
        input_id,
        kind: field.kind,
        label: field.label.to_string(),
        hint: field.hint.as_ref().map(ToString::to_string),
        optional: !field.required
            && field.required_when.is_none()
            && field.kind != FieldKind::Consent,
        autocomplete: field.autocomplete.clone(),
        max_length: field.kind.is_text().then(|| {
            field
                .max_length
                .unwrap_or_else(|| field.kind.default_max_length())
        }),
        value: if field.kind.is_text() {
            values.first().copied().unwrap_or_default().to_string()
        } else {
            String::new()
        },
        options,
        error,
        describedby: (!describedby.is_empty()).then(|| describedby.join(" ")),
    }
}

/// The context of the intake page: the form in `state`, the error summary,
/// and what the page says before the form.
pub(super) fn intake_context(site: &LinkedSite, form: &FormSchema, state: &FormState) -> Context {
    let mut ctx = base_context(site, crate::form::INTAKE_PATH, &site.language.code);
    let sections: Vec<SectionFields> = form
        .sections
        .iter()
        .map(|s| SectionFields {
            title: s.title.to_string(),
            fields: s.fields.iter().map(|f| field_context(f, state)).collect(),
        })
        .collect();
    let summary: Vec<SummaryError> = state
        .errors
        .iter()
        .map(|e| {
            let target = e.field.as_deref().and_then(|id| {
                sections
                    .iter()
                    .flat_map(|s| &s.fields)
                    .find(|f| f.id == id)
                    .map(|f| f.input_id.clone())
            });
            SummaryError {
                href: format!("#{}", target.unwrap_or_else(|| "intake-form".to_string())),
                message: e.message.clone(),
            }
        })
        .collect();
    let endpoint = site
        .config
        .intake
        .as_ref()
        .map_or("/api/intake", |i| i.endpoint.as_str());
    ctx.insert(
        "form",
        &FormContext {
            title: form.title.to_string(),
            intro: form.intro.as_ref().map(ToString::to_string),
            submit: form
                .submit
                .as_ref()
                .map_or_else(|| site.strings.get("form-submit"), ToString::to_string),
            action: site.href(endpoint),
            sections,
            honeypot: HONEYPOT_FIELD,
            hidden: state.hidden.clone(),
        },
    );
    ctx.insert("errors", &summary);
    ctx.insert("directory_href", &directory_href(site));
    ctx.insert("breadcrumbs", &home_crumb(site));
    ctx
}

fn directory_href(site: &LinkedSite) -> Option<String> {
    (!site.directory.therapists.is_empty()).then(|| site.href(DIRECTORY_PATH))
}

#[derive(Serialize)]
struct MatchContext {
    therapist: TherapistSummary,
    shared_specialties: Vec<TermRef>,
    language: bool,
    format: bool,
}

#[derive(Serialize)]
struct ResultContext {
    /// `matches`, `nobody_licensed`, `nobody_accepting` or `no_state`.
    outcome: &'static str,
    state: Option<&'static str>,
    matches: Vec<MatchContext>,
}

/// The context of the page after sending: what happens next, and, when
/// the receiver matched the answers, the therapists who fit.
pub(super) fn thanks_context(
    site: &LinkedSite,
    result: Option<(&Answers, &MatchResult)>,
) -> Context {
    let mut ctx = base_context(site, crate::form::THANKS_PATH, &site.language.code);
    let result = result.map(|(answers, result)| {
        let state = site.form.as_ref().and_then(|form| {
            form.fields()
                .filter(|f| f.matches == Some(crate::form::MatchOn::State))
                .find_map(|f| answers.get(&f.id).iter().find_map(|v| State::from_code(v)))
        });
        let therapists: Vec<&LinkedPage> = profile_pages(site).collect();
        let (outcome, matches): (&'static str, &[Match]) = match result {
            MatchResult::NoState => ("no_state", &[]),
            MatchResult::NobodyLicensed => ("nobody_licensed", &[]),
            MatchResult::NobodyAccepting => ("nobody_accepting", &[]),
            MatchResult::Matches(m) => ("matches", m.as_slice()),
        };
        ResultContext {
            outcome,
            state: state.map(State::name),
            matches: matches
                .iter()
                .filter_map(|m| {
                    let page = therapists.get(m.index)?;
                    Some(MatchContext {
                        therapist: therapist_summary(site, page)?,
                        shared_specialties: term_refs(
                            site,
                            crate::config::TaxonomyName::Topics,
                            &m.shared_specialties,
                        ),
                        language: m.language,
                        format: m.format,
                    })
                })
                .collect(),
        }
    });
    ctx.insert("result", &result);
    ctx.insert("directory_href", &directory_href(site));
    ctx.insert("intake_href", &intake_href(site));
    ctx.insert("breadcrumbs", &home_crumb(site));
    ctx
}

/// The published profiles, in site page order: the list the receiver
/// hands to [`crate::directory::match_therapists`], whose indices
/// [`thanks_context`] reads back.
pub fn therapists(site: &LinkedSite) -> Vec<&Therapist> {
    profile_pages(site).filter_map(profile).collect()
}

/// The pages of published profiles, in site page order.
fn profile_pages(site: &LinkedSite) -> impl Iterator<Item = &LinkedPage> {
    site.pages.iter().filter(|p| p.page.therapist.is_some())
}

/// JSON-LD of the directory page: the list of profiles.
pub(super) fn directory_json_ld(site: &LinkedSite) -> String {
    let items: Vec<serde_json::Value> = site
        .directory
        .therapists
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            serde_json::json!({
                "@type": "ListItem",
                "position": n + 1,
                "url": site.permalink(&site.pages[i].path),
                "name": site.pages[i].page.meta.title,
            })
        })
        .collect();
    script_json(&serde_json::json!({
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": items,
    }))
}
