//! Text analysis per language: which words are too common to index, and
//! which forms of a word share one term.
//!
//! Each language of a site is analysed by its own rules: Snowball's stemmer
//! for the language (`rust-stemmers`) and its stop-word list (the Snowball
//! lists as NLTK ships them, from `stop-words`). A language with neither is
//! indexed by exact (folded) words.
//!
//! A word is stemmed as written (lowercase, accents kept: Snowball's rules
//! know "relación" and "acción"), then its stem is folded like every word.
//! The browser never stems: the index maps each folded form found on the
//! site to its terms, so a query word is looked up as typed.

use std::borrow::Cow;

use icu_normalizer::ComposingNormalizerBorrowed;
use rust_stemmers::{Algorithm, Stemmer};

use super::tokenize::fold;
use super::FastMap;

/// How one language's words become terms.
pub(crate) struct Analyzer {
    stemmer: Option<Stemmer>,
    /// Folded stop words, apostrophes removed (the tokenizer joins
    /// contractions: "don't" is one word, "dont"), sorted.
    stop: Vec<String>,
    stop_set: rustc_hash::FxHashSet<String>,
}

/// The Snowball algorithm for a language's primary subtag.
fn algorithm(language: &str) -> Option<Algorithm> {
    Some(match language {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Whether Snowball has a stemmer for the language with code `code`.
pub(crate) fn has_stemmer(code: &str) -> bool {
    algorithm(&crate::i18n::primary_subtag(code)).is_some()
}

impl Analyzer {
    /// The analyser of the language with code `code` (BCP 47).
    pub(crate) fn new(code: &str) -> Analyzer {
        let language = crate::i18n::primary_subtag(code);
        let stemmer = algorithm(&language).map(Stemmer::create);
        let lookup = match language.as_str() {
            "nb" | "nn" => "no",
            other => other,
        };
        let mut stop: Vec<String> = stop_words::lookup(lookup)
            .unwrap_or_default()
            .iter()
            .map(|w| fold(&w.replace(['\'', '\u{2019}'], "")))
            .filter(|w| w.chars().count() >= 2)
            .collect();
        stop.sort();
        stop.dedup();
        let stop_set = stop.iter().cloned().collect();
        Analyzer {
            stemmer,
            stop,
            stop_set,
        }
    }

    /// Whether the language has a stemmer (else words are matched exactly).
    pub(crate) fn stems(&self) -> bool {
        self.stemmer.is_some()
    }

    /// The stop words, folded and sorted, for the browser.
    pub(crate) fn stop_words(&self) -> &[String] {
        &self.stop
    }

    /// Whether `folded` is a stop word.
    pub(crate) fn is_stop_word(&self, folded: &str) -> bool {
        self.stop_set.contains(folded)
    }

    /// The term of a word, given lowercase as written and folded; `None`
    /// for a stop word.
    pub(crate) fn term(&self, lower: &str, folded: &str) -> Option<String> {
        if self.is_stop_word(folded) {
            return None;
        }
        let Some(stemmer) = &self.stemmer else {
            return Some(folded.to_string());
        };
        if lower.is_ascii() {
            return Some(stemmer.stem(lower).into_owned());
        }
        // Accents may arrive decomposed; Snowball's suffixes are composed.
        let composed: Cow<'_, str> = ComposingNormalizerBorrowed::new_nfc().normalize(lower);
        Some(fold(&stemmer.stem(&composed)))
    }
}

/// Which terms each folded form found on the site stands for: usually
/// one, two when the same letters carry accents in one place and not in
/// another ("relación" and "relacion").
#[derive(Default)]
pub(crate) struct Forms(pub(crate) FastMap<Box<str>, Vec<u32>>);

impl Forms {
    pub(crate) fn add(&mut self, form: &str, term: u32) {
        match self.0.get_mut(form) {
            Some(terms) => {
                if !terms.contains(&term) {
                    terms.push(term);
                }
            }
            None => {
                self.0.insert(form.into(), vec![term]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Analyzer;

    fn terms(a: &Analyzer, words: &[&str]) -> Vec<Option<String>> {
        words
            .iter()
            .map(|w| {
                let lower = w.to_lowercase();
                a.term(&lower, &super::fold(&lower))
            })
            .collect()
    }

    fn same(a: &Analyzer, words: &[&str]) {
        let t = terms(a, words);
        assert!(t[0].is_some(), "{words:?}: a stop word");
        assert!(t.iter().all(|x| *x == t[0]), "{words:?} give {t:?}");
    }

    #[test]
    fn english_forms_of_a_word_meet() {
        let en = Analyzer::new("en");
        for group in [
            &["therapy", "therapies"][..],
            &["consent", "consents", "consented", "consenting"],
            &["feeling", "feelings"],
            &["relationship", "relationships"],
            &["couple", "couples"],
            &["worry", "worried", "worries"],
        ] {
            same(&en, group);
        }
        assert_ne!(terms(&en, &["assist"]), terms(&en, &["ass"]));
    }

    #[test]
    fn spanish_is_stemmed_as_spanish_with_or_without_accents() {
        let es = Analyzer::new("es-MX");
        same(&es, &["terapia", "terapias"]);
        same(&es, &["relación", "relaciones"]);
        same(&es, &["sexual", "sexuales"]);
        // Spanish stop words, not English ones.
        assert_eq!(terms(&es, &["para", "los"]), [None, None]);
        assert!(terms(&es, &["the"])[0].is_some());
    }

    #[test]
    fn a_language_without_a_stemmer_matches_exact_words() {
        let ja = Analyzer::new("ja");
        assert!(!ja.stems());
        assert_eq!(terms(&ja, &["Therapies"]), [Some("therapies".to_string())]);
    }

    #[test]
    fn contractions_in_stop_lists_match_joined_words() {
        let en = Analyzer::new("en");
        assert!(en.is_stop_word("dont"));
        assert!(en.stop_words().windows(2).all(|w| w[0] < w[1]));
    }
}
