//! schema.org data in JSON-LD, for search engines: what kind of page this
//! is, who reviewed it and when.

use crate::link::{LinkedPage, LinkedSite};
use crate::load::PageKind;

/// What a page shows beside its front matter, for its schema.org data.
pub(super) struct Shown<'a> {
    /// Questions and answers (HTML).
    pub(super) faq: &'a [(&'a str, &'a str)],
    /// The works it cites, as schema.org data.
    pub(super) citations: &'a [serde_json::Value],
    /// On the glossary: each term with its definition as plain text and
    /// its anchor.
    pub(super) terms: &'a [(&'a str, &'a str, &'a str)],
}

/// schema.org data for search engines: a reviewed medical web page for
/// articles, an FAQPage for questions and answers, a set of defined terms
/// for the glossary.
pub(super) fn json_ld(
    site: &LinkedSite,
    linked: &LinkedPage,
    permalink: &str,
    shown: &Shown<'_>,
) -> String {
    let meta = &linked.page.meta;
    let faq = shown.faq;
    let mut value = match linked.page.kind {
        PageKind::Faq => serde_json::json!({
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "url": permalink,
            "name": meta.title,
            "mainEntity": faq.iter().map(|(question, answer)| serde_json::json!({
                "@type": "Question",
                "name": question,
                "acceptedAnswer": { "@type": "Answer", "text": answer },
            })).collect::<Vec<_>>(),
        }),
        PageKind::Article => {
            let mut v = serde_json::json!({
                "@context": "https://schema.org",
                "@type": "MedicalWebPage",
                "url": permalink,
                "headline": meta.title,
                "inLanguage": linked.page.lang,
                "audience": { "@type": "MedicalAudience", "audienceType": "Patient" },
            });
            if let Some(d) = &meta.description {
                v["description"] = d.clone().into();
            }
            if let Some(d) = meta.date {
                v["datePublished"] = d.to_string().into();
            }
            if let Some(d) = meta.updated {
                v["dateModified"] = d.to_string().into();
            }
            if let Some(d) = meta.last_reviewed {
                v["lastReviewed"] = d.to_string().into();
            }
            if let Some(r) = &meta.reviewed_by {
                let mut person = serde_json::json!({ "@type": "Person", "name": r.name });
                if let Some(c) = &r.credentials {
                    person["jobTitle"] = c.clone().into();
                }
                v["reviewedBy"] = person;
            }
            if let Some(p) = &site.config.practice {
                v["publisher"] = serde_json::json!({ "@type": "Organization", "name": p.name });
            }
            if !meta.key_points.is_empty() {
                v["abstract"] = meta.key_points.join(" ").into();
            }
            v
        }
        PageKind::Glossary => serde_json::json!({
            "@context": "https://schema.org",
            "@type": "DefinedTermSet",
            "url": permalink,
            "name": meta.title,
            "inLanguage": linked.page.lang,
            "hasDefinedTerm": shown.terms.iter().map(|(name, description, id)| serde_json::json!({
                "@type": "DefinedTerm",
                "name": name,
                "description": description,
                "url": format!("{permalink}#{id}"),
            })).collect::<Vec<_>>(),
        }),
        PageKind::Page => serde_json::json!({
            "@context": "https://schema.org",
            "@type": "WebPage",
            "url": permalink,
            "name": meta.title,
        }),
        PageKind::Therapist => profile_json_ld(site, linked, permalink),
    };
    if !shown.citations.is_empty() {
        value["citation"] = shown.citations.to_vec().into();
    }
    script_json(&value)
}

/// JSON for a `<script type="application/ld+json">` element.
pub(super) fn script_json(value: &serde_json::Value) -> String {
    // Inside a script element, `<`, `>` and `&` could end it or start a
    // comment; JSON escapes them without changing the data.
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// schema.org data for a profile page: a person with their credentials.
fn profile_json_ld(site: &LinkedSite, linked: &LinkedPage, permalink: &str) -> serde_json::Value {
    let Some(t) = linked.page.therapist.as_deref() else {
        return serde_json::json!({});
    };
    let mut person = serde_json::json!({
        "@type": "Person",
        "name": t.name,
        "url": permalink,
        "knowsLanguage": t.languages,
        "hasCredential": t.licenses.iter().map(|l| serde_json::json!({
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "license",
            "name": format!("{} ({})", l.kind, l.state.name()),
            "recognizedBy": { "@type": "State", "name": l.state.name() },
        })).collect::<Vec<_>>(),
    });
    if !t.credentials.is_empty() {
        person["jobTitle"] = t.credentials.join(", ").into();
    }
    if let Some(summary) = &t.summary {
        person["description"] = summary.clone().into();
    }
    if let Some(practice) = &site.config.practice {
        person["worksFor"] = serde_json::json!({ "@type": "Organization", "name": practice.name });
    }
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": permalink,
        "mainEntity": person,
    })
}
