//! Photos: every JPEG, PNG and WebP file a site publishes goes through
//! here, and none is published as it was.
//!
//! A phone photo carries where and when it was taken and the phone's model
//! and serial; on a site about sexual health, a therapist's home location in
//! a profile photo is a safety problem. So each source image is decoded,
//! turned the right way up, converted to sRGB and encoded again: the
//! encoders write no metadata. It is published in the sizes a screen needs
//! ([`plan`]): at each configured width as WebP with a JPEG (or PNG, where
//! it is transparent) beside it, square crops for profile photos, and its
//! own name at no more than the largest width.
//!
//! [`probe`] reads what a file is without decoding it, [`process`] makes
//! the copies, and [`cache`] keeps them between builds, keyed by the
//! source's bytes and the settings, so an unchanged photo is never decoded
//! again.

pub mod cache;
pub mod probe;
pub mod process;

pub use cache::{Prepared, Store};
pub use probe::{is_raster, Format, Metadata, Probe, Unreadable};
pub use process::Spec;

use crate::config::ImagesConfig;

/// What a source image is used as, which decides the copies made of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// A file of `static/`: republished under its own name at its own size.
    Static,
    /// A file of `content/`: its own name at no more than the largest
    /// width, and every width for pages to offer.
    Content {
        /// Also square crops, for a profile photo, around this point
        /// (thousandths of the width and height from the top left).
        square: Option<(u16, u16)>,
    },
}

/// One published copy of a source image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// What comes after the source's name without its extension, as in
    /// `quiet-room.640.webp`; `None` for the copy under the source's own
    /// name.
    pub suffix: Option<String>,
    /// What it is.
    pub spec: Spec,
}

/// The copies to publish of an image `probe` describes, named `name`,
/// used as `used`.
pub fn plan(probe: &Probe, name: &str, used: Use, settings: &ImagesConfig) -> Vec<Variant> {
    let own = Format::from_name(name).unwrap_or(probe.format);
    let fallback = if probe.alpha {
        Format::Png
    } else {
        Format::Jpeg
    };
    let quality = settings.quality;
    let (w, h) = (probe.width, probe.height);
    let scaled = |width: u32| -> u32 {
        let height = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w.max(1));
        u32::try_from(height.max(1)).unwrap_or(u32::MAX)
    };
    let spec = |width: u32, height: u32, square: Option<(u16, u16)>, format: Format| Spec {
        width,
        height,
        square,
        format,
        quality,
    };
    let largest = settings.widths.iter().copied().max().unwrap_or(w);
    let square = match used {
        Use::Static => {
            return vec![Variant {
                suffix: None,
                spec: spec(w, h, None, own),
            }]
        }
        Use::Content { square } => square,
    };
    let plain = w.min(largest);
    let mut variants = vec![Variant {
        suffix: None,
        spec: spec(plain, scaled(plain), None, own),
    }];
    // A very tall photo's narrow copies may be taller than WebP allows:
    // those are offered in the fallback format only.
    let fits_webp = |height: u32| height <= process::MAX_WEBP_SIDE;
    for width in widths_up_to(&settings.widths, w) {
        let height = scaled(width);
        for format in [Format::Webp, fallback] {
            if format == Format::Webp && !fits_webp(height) {
                continue;
            }
            variants.push(Variant {
                suffix: Some(format!("{width}.{}", format.extension())),
                spec: spec(width, height, None, format),
            });
        }
    }
    if let Some(focus) = square {
        for side in widths_up_to(&settings.profile_widths, w.min(h)) {
            for format in [Format::Webp, fallback] {
                variants.push(Variant {
                    suffix: Some(format!("{side}x{side}.{}", format.extension())),
                    spec: spec(side, side, Some(focus), format),
                });
            }
        }
    }
    variants
}

/// The configured widths below `limit`, and `limit` itself when a wider
/// one was configured: no copy is wider than its source.
fn widths_up_to(widths: &[u32], limit: u32) -> Vec<u32> {
    let mut chosen: Vec<u32> = widths.iter().copied().filter(|&w| w < limit).collect();
    if widths.iter().any(|&w| w >= limit) {
        chosen.push(limit);
    }
    chosen.sort_unstable();
    chosen.dedup();
    chosen
}

/// The ways pages can show one photo.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Pictures {
    /// Whole, at each width.
    pub whole: Option<Picture>,
    /// Square crops, for a profile photo.
    pub square: Option<Picture>,
}

/// The file a copy of a photo published as `file` goes to: beside it, the
/// suffix in place of its extension (`room.jpg` → `room.640.webp`), or
/// `file` itself for the copy under its own name.
pub fn copy_file(file: &str, variant: &Variant) -> String {
    match &variant.suffix {
        None => file.to_string(),
        Some(suffix) => {
            let stem = match file.rsplit_once('.') {
                Some((stem, _)) if !stem.ends_with('/') && !stem.is_empty() => stem,
                _ => file,
            };
            format!("{stem}.{suffix}")
        }
    }
}

/// What pages need to show an image: the copies offered at each width.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Picture {
    /// The copy for browsers that take one address.
    pub src: String,
    /// The JPEG or PNG copies, as a `srcset`.
    pub srcset: String,
    /// The WebP copies, as a `srcset`; empty when there are none.
    pub webp_srcset: String,
    /// The width of the largest copy, for the `width` attribute.
    pub width: u32,
    /// The height of the largest copy, for the `height` attribute.
    pub height: u32,
}

impl Picture {
    /// The picture made of `variants` (with their addresses), square crops
    /// or not.
    pub fn of<'a>(
        variants: impl Iterator<Item = (&'a Variant, &'a str)>,
        square: bool,
    ) -> Option<Picture> {
        let mut fallback = Vec::new();
        let mut webp = Vec::new();
        for (variant, href) in variants {
            if variant.suffix.is_none() || variant.spec.square.is_some() != square {
                continue;
            }
            let entry = (variant.spec.width, variant.spec.height, href);
            match variant.spec.format {
                Format::Webp => webp.push(entry),
                Format::Jpeg | Format::Png => fallback.push(entry),
            }
        }
        fallback.sort_by_key(|e| e.0);
        webp.sort_by_key(|e| e.0);
        let srcset = |list: &[(u32, u32, &str)]| {
            list.iter()
                .map(|(w, _, href)| format!("{href} {w}w"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let &(width, height, src) = fallback.last()?;
        Some(Picture {
            src: src.to_string(),
            srcset: srcset(&fallback),
            webp_srcset: srcset(&webp),
            width,
            height,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(width: u32, height: u32, alpha: bool) -> Probe {
        Probe {
            format: Format::Jpeg,
            width,
            height,
            alpha,
            metadata: Metadata::default(),
        }
    }

    fn suffixes(variants: &[Variant]) -> Vec<String> {
        variants
            .iter()
            .map(|v| v.suffix.clone().unwrap_or_else(|| "-".into()))
            .collect()
    }

    #[test]
    fn no_copy_is_wider_than_its_source() {
        let settings = ImagesConfig::default();
        let variants = plan(
            &probe(800, 600, false),
            "room.jpg",
            Use::Content { square: None },
            &settings,
        );
        assert_eq!(
            suffixes(&variants),
            ["-", "320.webp", "320.jpg", "640.webp", "640.jpg", "800.webp", "800.jpg"]
        );
        assert!(variants.iter().all(|v| v.spec.width <= 800));
        assert_eq!(variants[3].spec.height, 480);
        let big = plan(
            &probe(4032, 3024, false),
            "room.jpg",
            Use::Content { square: None },
            &settings,
        );
        assert_eq!(
            big[0].spec.width, 1280,
            "the file under its own name is no wider than the largest width"
        );
        assert_eq!(big.last().map(|v| v.spec.width), Some(1280));
    }

    #[test]
    fn transparent_images_fall_back_to_png_and_profiles_get_squares() {
        let settings = ImagesConfig::default();
        let variants = plan(
            &probe(600, 900, true),
            "photo.png",
            Use::Content {
                square: Some((500, 300)),
            },
            &settings,
        );
        let names = suffixes(&variants);
        assert!(names.contains(&"320.png".to_string()), "{names:?}");
        assert!(names.contains(&"480x480.webp".to_string()), "{names:?}");
        assert!(!names.iter().any(|n| n.contains(".jpg")), "{names:?}");
        let squares: Vec<_> = variants
            .iter()
            .filter(|v| v.spec.square.is_some())
            .collect();
        assert!(squares.iter().all(|v| v.spec.width == v.spec.height));
    }

    #[test]
    fn a_copy_taller_than_webp_allows_is_offered_as_jpeg_only() {
        let settings = ImagesConfig::default();
        // 700 by 20,000: 640 wide is 18,286 tall, past WebP's 16,383.
        let variants = plan(
            &probe(700, 20_000, false),
            "scroll.jpg",
            Use::Content { square: None },
            &settings,
        );
        let names = suffixes(&variants);
        assert!(names.contains(&"320.webp".to_string()), "{names:?}");
        assert!(!names.contains(&"640.webp".to_string()), "{names:?}");
        assert!(names.contains(&"640.jpg".to_string()), "{names:?}");
        assert!(variants
            .iter()
            .filter(|v| v.spec.format == Format::Webp)
            .all(|v| v.spec.height <= process::MAX_WEBP_SIDE));
    }

    #[test]
    fn a_static_file_keeps_its_size_and_format() {
        let settings = ImagesConfig::default();
        let variants = plan(
            &probe(3000, 200, false),
            "banner.png",
            Use::Static,
            &settings,
        );
        assert_eq!(variants.len(), 1);
        assert_eq!(
            (variants[0].spec.width, variants[0].spec.format),
            (3000, Format::Png)
        );
    }

    #[test]
    fn a_picture_lists_its_copies_narrowest_first() {
        let settings = ImagesConfig::default();
        let variants = plan(
            &probe(1000, 500, false),
            "a.jpg",
            Use::Content { square: None },
            &settings,
        );
        let hrefs: Vec<String> = variants
            .iter()
            .map(|v| format!("/a.{}", v.suffix.clone().unwrap_or_default()))
            .collect();
        let picture = Picture::of(variants.iter().zip(hrefs.iter().map(String::as_str)), false);
        let picture = picture.expect("a picture");
        assert_eq!(
            picture.srcset,
            "/a.320.jpg 320w, /a.640.jpg 640w, /a.960.jpg 960w, /a.1000.jpg 1000w"
        );
        assert!(picture.webp_srcset.starts_with("/a.320.webp 320w"));
        assert_eq!(
            (picture.width, picture.height, picture.src.as_str()),
            (1000, 500, "/a.1000.jpg")
        );
    }
}
