//! The works of the bibliography written out in its citation style, as
//! HTML for the list of sources and as schema.org data, by hayagriva.
//!
//! hayagriva's own HTML writer puts italics in `style` attributes, which
//! the site's Content-Security-Policy forbids, and leaves text unescaped:
//! the formatted tree is walked here instead.

use std::collections::HashMap;
use std::sync::LazyLock;

use hayagriva::archive::locales;
use hayagriva::citationberg::{FontStyle, FontWeight, Locale, LocaleCode};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild,
    ElemChildren, Entry,
};

use super::Bibliography;
use crate::highlight::escape;

/// Every locale hayagriva has, read once: reading them is slow.
static LOCALES: LazyLock<Vec<Locale>> = LazyLock::new(locales);

/// One work of the bibliography, ready to list.
#[derive(Debug, Clone)]
pub struct Work {
    /// Its reference in the site's citation style, as HTML.
    pub(crate) html: String,
    /// schema.org data about it.
    pub(crate) json: serde_json::Value,
}

/// The region a language's citations are written for when the page says
/// no region and the language's own (`de-DE`) is not the usual one, after
/// CSL's list of primary dialects.
const PRIMARY_DIALECTS: [&str; 20] = [
    "en-US",
    "ca-AD",
    "cs-CZ",
    "da-DK",
    "el-GR",
    "et-EE",
    "fa-IR",
    "he-IL",
    "hi-IN",
    "ja-JP",
    "km-KH",
    "ko-KR",
    "nb-NO",
    "nn-NO",
    "sr-Latn-RS",
    "sv-SE",
    "uk-UA",
    "vi-VN",
    "zh-CN",
    "pt-PT",
];

/// The locale of `lang` among hayagriva's: the one named, else the
/// language's usual region (`es-ES`, `en-US`), else any region of it, else
/// US English.
fn locale(lang: &str, available: &[hayagriva::citationberg::Locale]) -> LocaleCode {
    let codes: Vec<&str> = available
        .iter()
        .filter_map(|l| l.lang.as_ref().map(|c| c.0.as_str()))
        .collect();
    let base = crate::i18n::primary_subtag(lang);
    let own = format!("{base}-{}", base.to_ascii_uppercase());
    let primary = PRIMARY_DIALECTS
        .iter()
        .find(|d| d.split('-').next() == Some(base.as_str()))
        .copied()
        .unwrap_or(own.as_str());
    let pick = codes
        .iter()
        .find(|c| c.eq_ignore_ascii_case(lang))
        .or_else(|| codes.iter().find(|c| c.eq_ignore_ascii_case(primary)))
        .or_else(|| {
            codes
                .iter()
                .find(|c| c.to_ascii_lowercase().starts_with(&format!("{base}-")))
        })
        .map_or("en-US", |c| c);
    LocaleCode(pick.to_string())
}

/// Every work of `bibliography`, formatted in its style for readers of
/// `lang`.
pub(super) fn format_works(bibliography: &Bibliography, lang: &str) -> HashMap<String, Work> {
    let locales = &*LOCALES;
    let locale = locale(lang, locales);
    let style = &bibliography.style;
    let mut driver = BibliographyDriver::new();
    for entry in bibliography.library.iter() {
        driver.citation(CitationRequest::new(
            vec![CitationItem::with_entry(entry)],
            style,
            Some(locale.clone()),
            locales,
            None,
        ));
    }
    let rendered = driver.finish(BibliographyRequest {
        style,
        locale: Some(locale),
        locale_files: locales,
    });
    let mut works = HashMap::new();
    for item in rendered.bibliography.map(|b| b.items).unwrap_or_default() {
        let Some(entry) = bibliography.library.get(&item.key) else {
            continue;
        };
        let mut html = String::new();
        if let Some(first) = &item.first_field {
            write_child(first, &mut html);
            html.push(' ');
        }
        write_html(&item.content, &mut html);
        if let Some(pmid) = pmid(entry) {
            html.push_str(&format!(
                " <a href=\"https://pubmed.ncbi.nlm.nih.gov/{}/\">PubMed {}</a>",
                escape(pmid),
                escape(pmid)
            ));
        }
        works.insert(
            item.key.clone(),
            Work {
                html,
                json: work_json(entry),
            },
        );
    }
    works
}

/// A formatted reference as HTML: italics and bold as elements, never as
/// inline styles (the site's Content-Security-Policy forbids them), and
/// every text escaped.
fn write_html(children: &ElemChildren, out: &mut String) {
    for child in &children.0 {
        write_child(child, out);
    }
}

fn write_child(child: &ElemChild, out: &mut String) {
    match child {
        ElemChild::Text(text) => styled(&text.formatting, &escape(&text.text), out),
        ElemChild::Elem(elem) => write_html(&elem.children, out),
        ElemChild::Markup(markup) => out.push_str(&escape(markup)),
        // Only web addresses become links: a bibliography may hold any
        // text, `javascript:` included.
        ElemChild::Link { text, url } if is_web_address(url) => {
            out.push_str(&format!("<a href=\"{}\">", escape(url)));
            styled(&text.formatting, &escape(&text.text), out);
            out.push_str("</a>");
        }
        ElemChild::Link { text, .. } => styled(&text.formatting, &escape(&text.text), out),
        ElemChild::Transparent { .. } => {}
    }
}

/// Whether `url` is an `http` or `https` address.
fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A PubMed identifier: digits only.
fn pmid(entry: &Entry) -> Option<&str> {
    entry
        .pmid()
        .map(str::trim)
        .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn styled(formatting: &hayagriva::Formatting, text: &str, out: &mut String) {
    let italic = formatting.font_style == FontStyle::Italic;
    let bold = formatting.font_weight == FontWeight::Bold;
    if italic {
        out.push_str("<i>");
    }
    if bold {
        out.push_str("<b>");
    }
    out.push_str(text);
    if bold {
        out.push_str("</b>");
    }
    if italic {
        out.push_str("</i>");
    }
}

/// schema.org data about a work, for the `citation` of a page's JSON-LD.
fn work_json(entry: &Entry) -> serde_json::Value {
    use hayagriva::types::EntryType;
    let kind = match entry.entry_type() {
        EntryType::Article => "ScholarlyArticle",
        EntryType::Book | EntryType::Anthology => "Book",
        EntryType::Chapter | EntryType::Anthos => "Chapter",
        EntryType::Report => "Report",
        EntryType::Web => "WebPage",
        _ => "CreativeWork",
    };
    let mut json = serde_json::json!({ "@type": kind });
    if let Some(title) = entry.title() {
        json["name"] = title.value.to_str().into_owned().into();
    }
    let people = |people: Option<&[hayagriva::types::Person]>| -> Vec<serde_json::Value> {
        people
            .unwrap_or(&[])
            .iter()
            .map(|p| serde_json::json!({ "@type": "Person", "name": p.given_first(false) }))
            .collect()
    };
    let authors = people(entry.authors());
    if !authors.is_empty() {
        json["author"] = authors.into();
    }
    let editors = people(entry.editors());
    if !editors.is_empty() {
        json["editor"] = editors.into();
    }
    if let Some(date) = entry.date_any() {
        json["datePublished"] = format!("{:04}", date.year).into();
    }
    if let Some(publisher) = entry
        .map(|e| e.publisher())
        .and_then(|p| p.name())
        .map(|n| n.to_string())
    {
        json["publisher"] = serde_json::json!({ "@type": "Organization", "name": publisher });
    }
    if entry.entry_type() == &EntryType::Article {
        if let Some(journal) = entry.parents().first().and_then(|p| p.title()) {
            json["isPartOf"] =
                serde_json::json!({ "@type": "Periodical", "name": journal.value.to_str() });
        }
    }
    let mut same_as = Vec::new();
    if let Some(doi) = entry.doi() {
        same_as.push(format!("https://doi.org/{doi}"));
    }
    if let Some(pmid) = pmid(entry) {
        same_as.push(format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/"));
    }
    if let Some(url) = entry.url_any().filter(|u| is_web_address(u.value.as_str())) {
        json["url"] = url.value.as_str().into();
    }
    if !same_as.is_empty() {
        json["sameAs"] = same_as.into();
    }
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yaml_work_is_formatted_with_its_pubmed_link_and_nothing_unsafe() {
        // Made-up test data, not a real work.
        let text = "test-entry:\n  type: article\n  title: A test entry\n  author: Tester, Tess\n  date: 2020\n  serial-number:\n    pmid: \"12345678\"\n  parent:\n    type: periodical\n    title: A <test> journal\nodd-entry:\n  type: web\n  title: Odd\n  date: 2021\n  serial-number:\n    pmid: \"1/../2\"\n";
        let bibliography = super::super::parsed("content/references.yaml", text);
        let works = format_works(&bibliography, "en");
        let work = &works["test-entry"];
        assert!(
            work.html
                .starts_with("Tester, T. (2020). A test entry. <i>A &lt;test&gt; Journal</i>."),
            "{}",
            work.html
        );
        assert!(
            work.html.ends_with(
                " <a href=\"https://pubmed.ncbi.nlm.nih.gov/12345678/\">PubMed 12345678</a>"
            ),
            "{}",
            work.html
        );
        assert_eq!(work.json["@type"], "ScholarlyArticle");
        assert_eq!(
            work.json["sameAs"][0],
            "https://pubmed.ncbi.nlm.nih.gov/12345678/"
        );
        assert_eq!(work.json["isPartOf"]["name"], "A <test> journal");
        // An identifier that is not a number makes no link.
        assert!(
            !works["odd-entry"].html.contains("pubmed"),
            "{}",
            works["odd-entry"].html
        );
    }

    #[test]
    fn a_language_gets_its_own_region_or_another_of_its_regions() {
        let available = &*LOCALES;
        assert_eq!(locale("es", available).0, "es-ES");
        assert_eq!(locale("en", available).0, "en-US");
        assert_eq!(locale("fr-CA", available).0, "fr-CA");
        assert_eq!(locale("pt", available).0, "pt-PT");
        assert_eq!(locale("xx", available).0, "en-US");
    }
}
