//! Arbitrary bytes as a content file: UTF-8 and front-matter splitting,
//! YAML into the page, section and profile front matter (both languages of
//! the example site, so translation file names too), the markdown scan and
//! the HTML it draws. None of it may panic, whatever the file holds.
#![no_main]

use std::sync::OnceLock;

use candor::Config;
use libfuzzer_sys::fuzz_target;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        Config::parse(include_str!("../../candor.yaml"))
            .unwrap_or_else(|_| panic!("the example config is valid"))
    })
}

/// The kinds of file the bytes are tried as: an article, a translation, a
/// section, a therapist profile and a page.
const NAMES: [&str; 5] = [
    "articles/fuzz.md",
    "articles/fuzz.es.md",
    "articles/_index.md",
    "therapists/fuzz.md",
    "fuzz.md",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(first) % NAMES.len()];
    let _ = candor::load::check_file(name, rest.to_vec(), config());
});
