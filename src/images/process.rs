//! Making the published copies of an image: decoded once, turned upright,
//! cut and resized, converted to sRGB and encoded again. Encoders write no
//! metadata, so nothing of the source's EXIF, XMP or IPTC survives.

use fast_image_resize::images::Image as Pixels;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder};
use serde::{Deserialize, Serialize};

use super::probe::{decoder, Format, Probe, Unreadable};

/// The longest side a WebP image may have.
pub const MAX_WEBP_SIDE: u32 = 16_383;

/// One published copy of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Spec {
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// A square cut around this point (thousandths of the width and the
    /// height from the top left) before resizing; `None` keeps it whole.
    pub square: Option<(u16, u16)>,
    /// What it is encoded as.
    pub format: Format,
    /// Encoding quality from 1 to 100 (lossy formats).
    pub quality: u8,
}

impl Spec {
    /// A name for it, the same for the same copy of any source.
    pub fn key(&self) -> String {
        let cut = match self.square {
            Some((x, y)) => format!("-c{x}-{y}"),
            None => String::new(),
        };
        format!(
            "{}x{}{cut}-q{}.{}",
            self.width,
            self.height,
            self.quality,
            self.format.extension()
        )
    }
}

/// Makes every copy of `specs` from the source `bytes` that `probe`
/// describes, in order.
pub fn make(bytes: &[u8], probe: &Probe, specs: &[Spec]) -> Result<Vec<Vec<u8>>, Unreadable> {
    let format = probe.format;
    let mut decoder = decoder(bytes, format)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let profile = decoder.icc_profile().ok().flatten();
    let mut picture =
        DynamicImage::from_decoder(decoder).map_err(|err| Unreadable::decoding(format, &err))?;
    picture.apply_orientation(orientation);
    let (width, height) = (picture.width(), picture.height());
    let (buffer, pixel_type) = if probe.alpha {
        (picture.into_rgba8().into_raw(), PixelType::U8x4)
    } else {
        (picture.into_rgb8().into_raw(), PixelType::U8x3)
    };
    let source = Pixels::from_vec_u8(width, height, buffer, pixel_type).map_err(resize_error)?;
    let to_srgb = profile
        .as_deref()
        .and_then(|icc| srgb_transform(icc, probe.alpha));

    // Each size is resized once, however many formats it is written in, from
    // the smallest larger copy already made: a 4,000 px photo is resized to
    // 1,280 px once, and 640 px comes from that.
    let mut made: Vec<(Geometry, Pixels<'static>)> = Vec::new();
    let mut order: Vec<usize> = (0..specs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(specs[i].width));
    let mut out: Vec<Option<Vec<u8>>> = vec![None; specs.len()];
    let mut resizer = Resizer::new();
    for i in order {
        let spec = specs[i];
        let geometry = (spec.width, spec.height, spec.square);
        if !made.iter().any(|(g, _)| *g == geometry) {
            let from = made
                .iter()
                .filter(|((w, _, square), p)| {
                    *square == spec.square && *w >= spec.width && p.width() < width
                })
                .min_by_key(|((w, _, _), _)| *w)
                .map(|(_, p)| p);
            let pixels = resize(&mut resizer, from.unwrap_or(&source), spec, from.is_none())?;
            made.push((geometry, pixels));
        }
        let pixels = made
            .iter()
            .find(|(g, _)| *g == geometry)
            .map(|(_, p)| p)
            .ok_or_else(|| Unreadable {
                message: "an image size was not made".into(),
                help: "report this as a bug in candor".into(),
            })?;
        let mut data = pixels.buffer().to_vec();
        if let Some(transform) = &to_srgb {
            let mut converted = vec![0; data.len()];
            if transform.transform(&data, &mut converted).is_ok() {
                data = converted;
            }
        }
        out[i] = Some(encode(&data, spec, probe.alpha)?);
    }
    Ok(out.into_iter().map(Option::unwrap_or_default).collect())
}

/// A copy's width, height and square cut.
type Geometry = (u32, u32, Option<(u16, u16)>);

/// `from` cut (for a square copy of the original) and resized to `spec`.
fn resize(
    resizer: &mut Resizer,
    from: &Pixels<'_>,
    spec: Spec,
    original: bool,
) -> Result<Pixels<'static>, Unreadable> {
    let (w, h) = (from.width(), from.height());
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if let (Some((x, y)), true) = (spec.square, original) {
        let side = f64::from(w.min(h));
        let centre = |at: u16, length: u32| {
            let length = f64::from(length);
            (f64::from(at) / 1000.0 * length - side / 2.0).clamp(0.0, length - side)
        };
        options = options.crop(centre(x, w), centre(y, h), side, side);
    } else if spec.width == w && spec.height == h {
        return Ok(from.copy());
    }
    let mut to = Pixels::new(spec.width, spec.height, from.pixel_type());
    resizer
        .resize(from, &mut to, &options)
        .map_err(resize_error)?;
    Ok(to)
}

fn resize_error(err: impl std::fmt::Display) -> Unreadable {
    Unreadable {
        message: format!("the image cannot be resized: {err}"),
        help: "export it again as JPEG or PNG from an image editor".into(),
    }
}

/// A transform from the source's colour profile to sRGB, unless the
/// profile cannot be read (then the pixels are taken as sRGB already).
fn srgb_transform(
    icc: &[u8],
    alpha: bool,
) -> Option<std::sync::Arc<dyn moxcms::TransformExecutor<u8> + Send + Sync>> {
    let from = moxcms::ColorProfile::new_from_slice(icc).ok()?;
    let to = moxcms::ColorProfile::new_srgb();
    let layout = if alpha {
        moxcms::Layout::Rgba
    } else {
        moxcms::Layout::Rgb
    };
    from.create_transform_8bit(layout, &to, layout, moxcms::TransformOptions::default())
        .ok()
}

/// `data` (RGB or RGBA rows of `spec`'s size) encoded as `spec` says.
fn encode(data: &[u8], spec: Spec, alpha: bool) -> Result<Vec<u8>, Unreadable> {
    let failed = |err: &dyn std::fmt::Display| Unreadable {
        message: format!("the image cannot be encoded: {err}"),
        help: "export it again as JPEG or PNG from an image editor".into(),
    };
    let (w, h) = (spec.width, spec.height);
    let colour = if alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let mut out = Vec::new();
    match spec.format {
        Format::Webp => {
            let encoder = if alpha {
                webp::Encoder::from_rgba(data, w, h)
            } else {
                webp::Encoder::from_rgb(data, w, h)
            };
            // `encode` would panic where libwebp refuses, as it does past
            // WebP's largest side.
            out = encoder
                .encode_simple(false, f32::from(spec.quality))
                .map_err(|e| failed(&format!("{e:?}")))?
                .to_vec();
        }
        Format::Jpeg => {
            let rgb;
            let (data, colour) = if alpha {
                // JPEG has no transparency: see-through pixels go on white.
                rgb = flatten(data);
                (rgb.as_slice(), image::ExtendedColorType::Rgb8)
            } else {
                (data, colour)
            };
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, spec.quality)
                .encode(data, w, h, colour)
                .map_err(|e| failed(&e))?;
        }
        Format::Png => {
            use image::ImageEncoder;
            image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Default,
                image::codecs::png::FilterType::Adaptive,
            )
            .write_image(data, w, h, colour)
            .map_err(|e| failed(&e))?;
        }
    }
    Ok(out)
}

/// RGBA rows as RGB on a white background.
fn flatten(rgba: &[u8]) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for pixel in rgba.chunks_exact(4) {
        let a = u16::from(pixel[3]);
        for &c in &pixel[..3] {
            let blended = (u16::from(c) * a + 255 * (255 - a) + 127) / 255;
            rgb.push(u8::try_from(blended).unwrap_or(u8::MAX));
        }
    }
    rgb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webp_too_large_for_the_format_is_an_error_not_a_panic() {
        let spec = Spec {
            width: MAX_WEBP_SIDE + 1,
            height: 1,
            square: None,
            format: Format::Webp,
            quality: 75,
        };
        let row = vec![128; (MAX_WEBP_SIDE as usize + 1) * 3];
        let problem = encode(&row, spec, false).unwrap_err();
        assert!(problem.message.contains("cannot be encoded"), "{problem:?}");
    }
}
