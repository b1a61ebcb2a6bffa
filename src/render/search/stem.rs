//! A light English stemmer: different forms of one word get one term, so
//! "therapist" finds "therapy" and "consent" finds "consenting".
//!
//! It is deliberately small and conservative: five steps, each removing at
//! most one ending, and only when enough of the word is left. Over-eager
//! stemming joins words that mean different things ("assist" must not
//! become "ass"), which on this kind of site is worse than a missed form.
//!
//! 1. Plurals: `-sses` → `-ss`, `-ies` → `-y`, a final `-s` (not `-ss`,
//!    `-us`, `-is`).
//! 2. Verb endings: `-ing`, `-ed` when at least three letters with a vowel
//!    remain; `-ied` becomes `-y`; a doubled final consonant is undoubled
//!    (`stopping` → `stop`).
//! 3. Word-forming endings, at most twice, longest first (the table below).
//! 4. British `-our` → `-or`.
//! 5. A final `-e`, or a final `-y` of a long word, is dropped, so "love"
//!    meets "loving" and "therapy" meets "therapist".
//!
//! Words shorter than four letters are left alone. `search.js` implements
//! the same steps; `tests/fixtures/search/words.tsv` checks both.

/// Word-forming endings: (ending, replacement, letters that must remain
/// before the ending).
const ENDINGS: &[(&str, &str, usize)] = &[
    ("ational", "ate", 3),
    ("ization", "ize", 3),
    ("isation", "ize", 3),
    ("bility", "ble", 2),
    ("ality", "al", 3),
    ("ivity", "ive", 3),
    ("ness", "", 5),
    ("ment", "", 4),
    ("ful", "", 4),
    ("ist", "", 4),
    ("ism", "", 4),
    ("ion", "", 5),
    ("ous", "", 4),
    ("ive", "", 4),
    ("ly", "", 5),
    ("al", "", 4),
];

/// Endings after which a final `i` was a `y` ("happiness" → "happy").
const Y_TO_I: &[&str] = &["ness", "ment", "ful", "ly"];

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn ends_in_double_consonant(w: &[u8]) -> bool {
    match w {
        [.., a, b] => a == b && !is_vowel(*b) && !matches!(b, b'l' | b's' | b'z'),
        _ => false,
    }
}

/// The stem of `word`, which must be lowercase a–z.
pub(crate) fn stem(word: &str) -> String {
    let mut w: Vec<u8> = word.as_bytes().to_vec();
    if w.len() < 4 || !w.iter().all(u8::is_ascii_lowercase) {
        return word.to_string();
    }

    // 1. Plurals.
    if w.ends_with(b"sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with(b"ies") {
        let long = w.len() > 4;
        w.truncate(w.len() - 3);
        w.extend_from_slice(if long { b"y" } else { b"ie" });
    } else if w.ends_with(b"s") && !w.ends_with(b"ss") && !w.ends_with(b"us") && !w.ends_with(b"is")
    {
        w.pop();
    }

    // 2. Verb endings.
    for ending in [&b"ing"[..], b"ed"] {
        if !w.ends_with(ending) {
            continue;
        }
        let base = &w[..w.len() - ending.len()];
        if base.len() >= 3 && base.iter().copied().any(is_vowel) {
            let mut base = base.to_vec();
            if ending == b"ed" && base.ends_with(b"i") {
                base.pop();
                base.push(b'y');
            }
            if base.len() > 3 && ends_in_double_consonant(&base) {
                base.pop();
            }
            w = base;
        }
        break;
    }

    // 3. Word-forming endings, at most two.
    for _ in 0..2 {
        let Some(&(ending, replacement, _)) = ENDINGS.iter().find(|(ending, _, keep)| {
            w.len() >= ending.len() + keep && w.ends_with(ending.as_bytes())
        }) else {
            break;
        };
        w.truncate(w.len() - ending.len());
        if Y_TO_I.contains(&ending) && w.ends_with(b"i") {
            w.pop();
            w.push(b'y');
        }
        w.extend_from_slice(replacement.as_bytes());
    }

    // 4. British spelling.
    if w.len() >= 6 && w.ends_with(b"our") {
        w.truncate(w.len() - 3);
        w.extend_from_slice(b"or");
    }

    // 5. A silent e, or the y of a long word.
    if (w.len() >= 4 && w.ends_with(b"e")) || (w.len() >= 5 && w.ends_with(b"y")) {
        w.pop();
    }

    // Only ASCII letters were added or kept.
    String::from_utf8(w).unwrap_or_else(|_| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::stem;

    /// Forms that must meet, and words that must stay apart.
    #[test]
    fn forms_of_a_word_meet() {
        for group in [
            &["therapy", "therapies", "therapist", "therapists"][..],
            &["consent", "consents", "consented", "consenting"],
            &["love", "loves", "loved", "loving"],
            &["desire", "desires", "desired", "desiring"],
            &["feeling", "feelings"],
            &["sexual", "sexually", "sexuality"],
            &["communicate", "communicating", "communication"],
            &["arouse", "aroused", "arousal", "arousing"],
            &["painful", "pain", "pains"],
            &["relationship", "relationships"],
            &["couple", "couples"],
            &["behaviour", "behavior", "behaviours", "behavioral"],
            &["worry", "worried", "worrying", "worries"],
            &["happy", "happiness", "happily"],
            &["stop", "stopped", "stopping"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(
                stems.iter().all(|s| *s == stems[0]),
                "{group:?} stem to {stems:?}"
            );
        }
    }

    #[test]
    fn different_words_stay_apart() {
        for (a, b) in [
            ("assist", "ass"),
            ("sexist", "sex"),
            ("session", "sess"),
            ("passion", "pass"),
            ("business", "busy"),
            ("family", "fami"),
        ] {
            assert_ne!(stem(a), stem(b), "{a} and {b}");
        }
    }

    #[test]
    fn short_and_non_letter_words_are_left_alone() {
        for w in ["sex", "is", "us", "yes", "988", "café"] {
            assert_eq!(stem(w), w);
        }
    }

    #[test]
    fn words_already_stemmed_keep_their_stem() {
        // A query may hold a stem-like word; it must find the same term.
        for w in ["consent", "therap", "partner", "pain", "couple", "kink"] {
            let once = stem(w);
            assert_eq!(stem(&once), once, "{w}");
        }
    }
}
