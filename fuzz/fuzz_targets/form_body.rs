//! Arbitrary request bodies through the intake receiver's parsing and
//! validation: decoding the form body, checking it against the example
//! site's schema, and reading what it says for matching. None of it may
//! panic, whatever arrives.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use candor::form::{FormSchema, SiteOptions};
use candor::i18n::Strings;
use libfuzzer_sys::fuzz_target;

fn schema() -> &'static FormSchema {
    static SCHEMA: OnceLock<FormSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let text = include_str!("../../forms/intake.yaml");
        let mut schema = FormSchema::parse(Path::new("forms/intake.yaml"), text)
            .unwrap_or_else(|_| panic!("the example schema is valid"));
        let states = [candor::directory::State::from_code("OR").unwrap_or_else(|| panic!("OR"))];
        let topics = [("consent".to_string(), "Consent".to_string())];
        let languages = ["English".to_string(), "Spanish".to_string()];
        let problems = schema.resolve(&SiteOptions {
            license_states: &states,
            topics: &topics,
            languages: &languages,
        });
        assert!(problems.is_empty());
        schema
    })
}

fn strings() -> &'static Strings {
    static STRINGS: OnceLock<Strings> = OnceLock::new();
    STRINGS.get_or_init(|| candor::load::builtin_strings("en"))
}

fuzz_target!(|body: &[u8]| {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let schema = schema();
    if let Ok(answers) = schema.validate(&pairs, strings()) {
        let _ = schema.wants(&answers);
        let _ = serde_json::to_string(&answers);
    }
});
