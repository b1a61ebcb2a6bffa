//! The practice's own accent colour, checked against WCAG AA before it is
//! published.
//!
//! `brand.accent` in `candor.yaml` replaces the theme's link colour: links,
//! buttons (whose text is the page background on the accent) and the marks
//! beside focused and chosen controls. The accent must reach 4.5:1 against
//! both light backgrounds of the default theme (the page and its grey
//! boxes), which also makes the page-coloured text on an accent button
//! readable. The dark-scheme colour is derived from it: the accent mixed
//! with white, in small steps, until it reaches 4.5:1 against both dark
//! backgrounds.

use std::fmt;

/// WCAG 2 AA for normal text (1.4.3).
pub const AA_TEXT: f64 = 4.5;

/// The default theme's light page background (`--bg` in `style.css`).
pub const LIGHT_BACKGROUND: Rgb = Rgb(0xff, 0xff, 0xff);
/// The default theme's light boxes (`--surface`).
pub const LIGHT_SURFACE: Rgb = Rgb(0xf3, 0xf2, 0xef);
/// The default theme's dark page background (`--bg` in the dark scheme).
pub const DARK_BACKGROUND: Rgb = Rgb(0x16, 0x16, 0x1a);
/// The default theme's dark boxes (`--surface` in the dark scheme).
pub const DARK_SURFACE: Rgb = Rgb(0x25, 0x25, 0x2c);

/// A colour in sRGB, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Reads `#rgb` or `#rrggbb`.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            3 => {
                let d: Vec<u8> = hex
                    .chars()
                    .map(|c| c.to_digit(16).unwrap_or(0) as u8 * 17)
                    .collect();
                Some(Rgb(d[0], d[1], d[2]))
            }
            6 => Some(Rgb(
                channel(&hex[0..2])?,
                channel(&hex[2..4])?,
                channel(&hex[4..6])?,
            )),
            _ => None,
        }
    }

    /// Relative luminance, as WCAG 2 defines it.
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// The contrast ratio between two colours, from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    /// This colour moved `amount` (0 to 1) of the way towards `other`.
    fn mix(self, other: Rgb, amount: f64) -> Rgb {
        let channel =
            |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * amount).round() as u8;
        Rgb(
            channel(self.0, other.0),
            channel(self.1, other.1),
            channel(self.2, other.2),
        )
    }

    /// The first of this colour's mixes towards `towards`, in steps of 2 %,
    /// that reaches [`AA_TEXT`] against every one of `backgrounds`.
    pub(crate) fn nearest_passing(self, towards: Rgb, backgrounds: &[Rgb]) -> Rgb {
        (0..=50)
            .map(|step| self.mix(towards, f64::from(step) / 50.0))
            .find(|c| backgrounds.iter().all(|b| c.contrast(*b) >= AA_TEXT))
            .unwrap_or(towards)
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// An accent that passed the check, with its dark-scheme colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accent {
    /// As written, for the light scheme.
    pub light: Rgb,
    /// Derived, for the dark scheme.
    pub dark: Rgb,
}

/// Why an accent cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum AccentProblem {
    /// Not a `#rgb` or `#rrggbb` colour.
    Unreadable,
    /// Too little contrast against a light background.
    LowContrast {
        /// The background it was measured on.
        background: Rgb,
        /// What that background is.
        what: &'static str,
        /// The measured ratio.
        ratio: f64,
        /// The nearest darker shade that passes.
        suggestion: Rgb,
    },
}

/// Checks `text` as an accent colour and derives its dark-scheme colour.
pub fn check_accent(text: &str) -> Result<Accent, AccentProblem> {
    let light = Rgb::parse(text).ok_or(AccentProblem::Unreadable)?;
    let lights = [
        (LIGHT_BACKGROUND, "the page background"),
        (LIGHT_SURFACE, "the grey boxes"),
    ];
    if let Some(&(background, what)) = lights.iter().find(|(b, _)| light.contrast(*b) < AA_TEXT) {
        let suggestion = light.nearest_passing(Rgb(0, 0, 0), &[LIGHT_BACKGROUND, LIGHT_SURFACE]);
        return Err(AccentProblem::LowContrast {
            background,
            what,
            ratio: light.contrast(background),
            suggestion,
        });
    }
    let dark = light.nearest_passing(Rgb(0xff, 0xff, 0xff), &[DARK_BACKGROUND, DARK_SURFACE]);
    Ok(Accent { light, dark })
}

/// Where the accent's stylesheet is published.
pub const STYLESHEET_PATH: &str = "brand.css";

/// The stylesheet that puts the accent in place of the theme's link colour,
/// in both schemes.
pub fn stylesheet(accent: Accent) -> String {
    format!(
        "/* The practice's accent colour, from brand.accent in candor.yaml. */\n\
         :root {{ --link: {light}; }}\n\
         @media (prefers-color-scheme: dark) {{\n  :root {{ --link: {dark}; }}\n}}\n",
        light = accent.light,
        dark = accent.dark,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_known_pairs() {
        // Black on white is 21:1; a colour on itself is 1:1.
        let white = Rgb(255, 255, 255);
        assert!((Rgb(0, 0, 0).contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey that passes AA on white (4.54:1).
        let grey = Rgb::parse("#767676").unwrap();
        assert!((grey.contrast(white) - 4.54).abs() < 0.01);
        assert!(Rgb::parse("#777").unwrap().contrast(white) < AA_TEXT);
    }

    #[test]
    fn colours_are_read_in_both_lengths_and_nothing_else() {
        assert_eq!(Rgb::parse("#0b6e4f"), Some(Rgb(0x0b, 0x6e, 0x4f)));
        assert_eq!(Rgb::parse("#abc"), Some(Rgb(0xaa, 0xbb, 0xcc)));
        for bad in ["0b6e4f", "#0b6e4", "#0b6e4fff", "green", "#ggg", ""] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_dark_accent_passes_and_gets_a_light_enough_dark_variant() {
        let accent = check_accent("#0b6e4f").unwrap();
        assert_eq!(accent.light, Rgb(0x0b, 0x6e, 0x4f));
        for background in [DARK_BACKGROUND, DARK_SURFACE] {
            assert!(
                accent.dark.contrast(background) >= AA_TEXT,
                "{}",
                accent.dark
            );
        }
        assert!(stylesheet(accent).contains("--link: #0b6e4f;"));
    }

    #[test]
    fn a_light_accent_fails_with_its_ratio_and_a_darker_shade_that_passes() {
        let Err(AccentProblem::LowContrast {
            ratio, suggestion, ..
        }) = check_accent("#7fdbff")
        else {
            panic!("a pale blue passed");
        };
        assert!(ratio < 2.0, "{ratio}");
        assert!(suggestion.contrast(LIGHT_SURFACE) >= AA_TEXT);
        assert!(suggestion.contrast(LIGHT_BACKGROUND) >= AA_TEXT);
    }

    #[test]
    fn the_backgrounds_are_the_default_themes() {
        // The check measures against the theme's own colours: keep them in
        // step with style.css.
        let css = include_str!("../themes/default/static/style.css");
        let light = &css[css.find(":root {").unwrap()..];
        let dark = &css[css.find("prefers-color-scheme: dark").unwrap()..];
        let value = |block: &str, name: &str| {
            let at = block.find(&format!("{name}:")).unwrap() + name.len() + 1;
            Rgb::parse(block[at..].split(';').next().unwrap()).unwrap()
        };
        assert_eq!(value(light, "--bg"), LIGHT_BACKGROUND);
        assert_eq!(value(light, "--surface"), LIGHT_SURFACE);
        assert_eq!(value(dark, "--bg"), DARK_BACKGROUND);
        assert_eq!(value(dark, "--surface"), DARK_SURFACE);
    }
}
