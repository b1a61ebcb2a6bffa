//! Matching a person who asked for help with therapists who can see them.
//!
//! Licensure comes first and is not negotiable: only therapists licensed in
//! the person's state and accepting new clients are candidates. Candidates
//! are then ranked by how many of the person's concerns are among their
//! specialties, then by language, by format, and by the person's optional
//! preferences. When nobody qualifies the result says why, so the page can
//! say so honestly.

use serde::Serialize;

use super::{Affirming, Format, Gender, State, Therapist};

/// Where a person wants to meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// Either is fine.
    #[default]
    Either,
    /// Video sessions.
    Telehealth,
    /// In an office in their state.
    InPerson,
}

/// How a person hopes to pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    /// Through their health insurance.
    Insurance,
    /// Paying the full fee themselves.
    SelfPay,
    /// A reduced fee.
    SlidingScale,
}

/// What a person's answers say about the therapist they need; built from
/// the intake answers by the form schema.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wants {
    /// Where they live.
    pub state: Option<State>,
    /// Topic keys they would like help with.
    pub concerns: Vec<String>,
    /// Languages they would like sessions in.
    pub languages: Vec<String>,
    /// Who would come to sessions.
    pub formats: Vec<Format>,
    /// Video, in person, or either.
    pub setting: Setting,
    /// Therapist genders they prefer; empty for no preference.
    pub genders: Vec<Gender>,
    /// Communities the therapist should affirm.
    pub affirming: Vec<Affirming>,
    /// How they hope to pay.
    pub payment: Vec<Payment>,
}

/// One therapist who can see the person, with what fits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    /// The therapist's index in the slice given to [`match_therapists`].
    pub index: usize,
    /// The person's concerns that are among the therapist's specialties.
    pub shared_specialties: Vec<String>,
    /// Whether they hold sessions in a language the person asked for (true
    /// when the person did not ask).
    pub language: bool,
    /// Whether they see the format the person asked for (true when the
    /// person did not say).
    pub format: bool,
    /// How many of the optional preferences they meet.
    pub preferences: usize,
}

/// The result of matching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", content = "matches", rename_all = "snake_case")]
pub enum MatchResult {
    /// The answers name no state, so nobody can be matched.
    NoState,
    /// Nobody in the directory is licensed in the person's state.
    NobodyLicensed,
    /// Some are licensed there, but none is accepting new clients.
    NobodyAccepting,
    /// Candidates, best first.
    Matches(Vec<Match>),
}

/// Ranks `therapists` for a person who `wants` what is given.
pub fn match_therapists(therapists: &[&Therapist], wants: &Wants) -> MatchResult {
    let Some(state) = wants.state else {
        return MatchResult::NoState;
    };
    let licensed: Vec<usize> = (0..therapists.len())
        .filter(|&i| therapists[i].licensed_in(state))
        .collect();
    if licensed.is_empty() {
        return MatchResult::NobodyLicensed;
    }
    let mut matches: Vec<Match> = licensed
        .into_iter()
        .filter(|&i| therapists[i].accepting_new_clients)
        .map(|i| assess(i, therapists[i], wants, state))
        .collect();
    if matches.is_empty() {
        return MatchResult::NobodyAccepting;
    }
    matches.sort_by(|a, b| {
        let key = |m: &Match| {
            (
                std::cmp::Reverse(m.shared_specialties.len()),
                std::cmp::Reverse(m.language),
                std::cmp::Reverse(m.format),
                std::cmp::Reverse(m.preferences),
            )
        };
        key(a).cmp(&key(b)).then_with(|| {
            let (ta, tb) = (therapists[a.index], therapists[b.index]);
            (ta.weight.is_none(), ta.weight)
                .cmp(&(tb.weight.is_none(), tb.weight))
                .then_with(|| ta.name.cmp(&tb.name))
        })
    });
    MatchResult::Matches(matches)
}

fn assess(index: usize, therapist: &Therapist, wants: &Wants, state: State) -> Match {
    let shared_specialties: Vec<String> = wants
        .concerns
        .iter()
        .filter(|c| therapist.specialties.contains(c))
        .cloned()
        .collect();
    let language =
        wants.languages.is_empty() || wants.languages.iter().any(|l| therapist.speaks(l));
    let format =
        wants.formats.is_empty() || wants.formats.iter().any(|f| therapist.formats.contains(f));
    let setting = match wants.setting {
        Setting::Either => false,
        Setting::Telehealth => therapist.telehealth,
        Setting::InPerson => therapist.office.as_ref().is_some_and(|o| o.state == state),
    };
    let gender = therapist.gender.is_some_and(|g| wants.genders.contains(&g));
    let affirming = wants
        .affirming
        .iter()
        .filter(|a| therapist.affirming.contains(a))
        .count();
    let payment = wants
        .payment
        .iter()
        .filter(|p| match p {
            Payment::Insurance => !therapist.insurance.is_empty(),
            Payment::SlidingScale => therapist.sliding_scale,
            Payment::SelfPay => false,
        })
        .count();
    Match {
        index,
        shared_specialties,
        language,
        format,
        preferences: usize::from(setting) + usize::from(gender) + affirming + payment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn therapist(name: &str, yaml: &str) -> Therapist {
        let mut text = format!("name: {name}\naccepting_new_clients: true\n{yaml}\n");
        for (key, default) in [("languages", "[English]"), ("formats", "[individual]")] {
            if !yaml.contains(&format!("{key}:")) {
                text.push_str(&format!("{key}: {default}\n"));
            }
        }
        crate::yaml::parse(&text).unwrap()
    }

    fn or() -> Option<State> {
        State::from_code("OR")
    }

    fn ranked(list: &[&Therapist], wants: &Wants) -> Vec<String> {
        match match_therapists(list, wants) {
            MatchResult::Matches(m) => m.iter().map(|m| list[m.index].name.clone()).collect(),
            other => panic!("expected matches, got {other:?}"),
        }
    }

    #[test]
    fn licensure_filters_and_specialty_overlap_ranks() {
        let a = therapist(
            "A",
            "licenses: [{state: OR, type: LCSW, number: '1'}]\nspecialties: [desire]",
        );
        let b = therapist(
            "B",
            "licenses: [{state: OR, type: LMFT, number: '2'}]\nspecialties: [desire, consent]",
        );
        let c = therapist(
            "C",
            "licenses: [{state: WA, type: LMFT, number: '3'}]\nspecialties: [desire, consent]",
        );
        let wants = Wants {
            state: or(),
            concerns: vec!["desire".into(), "consent".into()],
            ..Wants::default()
        };
        // C knows the most but is not licensed in Oregon.
        assert_eq!(ranked(&[&a, &b, &c], &wants), ["B", "A"]);
    }

    #[test]
    fn language_outranks_format_and_preferences() {
        let spanish = therapist(
            "Spanish",
            "licenses: [{state: OR, type: LCSW, number: '1'}]\nlanguages: [English, Spanish]",
        );
        let couples = therapist(
            "Couples",
            "licenses: [{state: OR, type: LCSW, number: '2'}]\nformats: [couples]\ntelehealth: true\nsliding_scale: true",
        );
        let wants = Wants {
            state: or(),
            languages: vec!["spanish".into()],
            formats: vec![Format::Couples],
            setting: Setting::Telehealth,
            payment: vec![Payment::SlidingScale],
            ..Wants::default()
        };
        assert_eq!(
            ranked(&[&couples, &spanish], &wants),
            ["Spanish", "Couples"]
        );
        let no_language = Wants {
            languages: Vec::new(),
            ..wants
        };
        assert_eq!(
            ranked(&[&spanish, &couples], &no_language),
            ["Couples", "Spanish"]
        );
    }

    #[test]
    fn honest_outcomes_when_nobody_fits() {
        let full = therapist("Full", "licenses: [{state: OR, type: LCSW, number: '1'}]");
        let full: Therapist = Therapist {
            accepting_new_clients: false,
            ..full
        };
        let wants = Wants {
            state: or(),
            ..Wants::default()
        };
        assert_eq!(
            match_therapists(&[&full], &wants),
            MatchResult::NobodyAccepting
        );
        let texas = Wants {
            state: State::from_code("TX"),
            ..Wants::default()
        };
        assert_eq!(
            match_therapists(&[&full], &texas),
            MatchResult::NobodyLicensed
        );
        assert_eq!(
            match_therapists(&[&full], &Wants::default()),
            MatchResult::NoState
        );
    }
}
