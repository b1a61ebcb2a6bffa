//! What a source image is: its format from its first bytes, its size the
//! right way up, whether it has transparency, and what metadata it carries.

use std::io::Cursor;

use image::{ImageDecoder, ImageReader, Limits};
use serde::{Deserialize, Serialize};

/// The widest or tallest source image candor reads, in pixels.
pub(crate) const MAX_SIDE: u32 = 20_000;
/// The most memory one image may take while it is decoded.
const MAX_ALLOC: u64 = 1 << 30;

/// A raster format candor reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
}

impl Format {
    /// The file extension candor writes.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    /// The media type, for `<source type>`.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }

    /// The format a file name's extension promises, if candor reads it.
    pub fn from_name(name: &str) -> Option<Format> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }

    fn image_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::Webp => image::ImageFormat::WebP,
        }
    }
}

/// Extensions of image files candor cannot publish safely: it cannot read
/// them to remove their metadata, so they are errors, never copied.
pub const REFUSED_EXTENSIONS: &[&str] = &[
    "gif", "heic", "heif", "avif", "tif", "tiff", "bmp", "dng", "cr2", "nef", "arw",
];

/// Whether a file, by its name, is an image the pipeline must handle: one
/// it reads, or one it refuses.
pub fn is_raster(name: &str) -> bool {
    Format::from_name(name).is_some()
        || name.rsplit_once('.').is_some_and(|(_, extension)| {
            REFUSED_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
        })
}

/// What a source image carries besides its pixels, as far as a reader's
/// privacy goes. None of it is published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// A GPS position (EXIF).
    pub gps: bool,
    /// The camera's or phone's make or model.
    pub camera: bool,
    /// A camera, lens or owner serial number, or the owner's name.
    pub serial: bool,
    /// When it was taken.
    pub taken: bool,
    /// A small copy of the picture inside the file.
    pub thumbnail: bool,
    /// Other EXIF fields.
    pub exif: bool,
    /// An XMP packet (editing history, location names, people's names).
    pub xmp: bool,
    /// IPTC fields (captions, keywords, creator).
    pub iptc: bool,
}

impl Metadata {
    /// What was found, in words, most sensitive first; empty when nothing.
    pub fn found(&self) -> Vec<&'static str> {
        let flags = [
            (self.gps, "a GPS position"),
            (self.serial, "a serial number or owner's name"),
            (self.camera, "the camera or phone model"),
            (self.taken, "the date and time it was taken"),
            (self.thumbnail, "a thumbnail of the original picture"),
            (self.xmp, "XMP data"),
            (self.iptc, "IPTC data"),
        ];
        let mut found: Vec<&'static str> = flags
            .into_iter()
            .filter_map(|(on, what)| on.then_some(what))
            .collect();
        if found.is_empty() && self.exif {
            found.push("EXIF data");
        }
        found
    }
}

/// What a source image is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    /// What its bytes are.
    pub format: Format,
    /// Its width the right way up, in pixels.
    pub width: u32,
    /// Its height the right way up, in pixels.
    pub height: u32,
    /// Whether it has an alpha channel.
    pub alpha: bool,
    /// What it carries besides its pixels.
    pub metadata: Metadata,
}

/// Why an image cannot be published, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// What is wrong, lowercase.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Unreadable {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Unreadable {
        Unreadable {
            message: message.into(),
            help: help.into(),
        }
    }

    /// A decoder's complaint about a file that looked like `format`.
    pub(crate) fn decoding(format: Format, err: &image::ImageError) -> Unreadable {
        match err {
            image::ImageError::Limits(_) => Unreadable::new(
                format!("the image is larger than candor reads ({MAX_SIDE} pixels a side at most)"),
                "export it smaller, e.g. 2560 pixels wide",
            ),
            _ => Unreadable::new(
                format!(
                    "the {} file is damaged or incomplete: {err}",
                    format.extension().to_uppercase()
                ),
                "open it in an image editor and export it again as JPEG or PNG",
            ),
        }
    }
}

/// The format of `bytes`, from their first bytes.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, Unreadable> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(&[0xff, 0xd8, 0xff]) {
        return Ok(Format::Jpeg);
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Ok(Format::Webp);
    }
    let export = "open it in Photos, Preview or an image editor and export it as JPEG (or PNG for a drawing), then use that file";
    if bytes.get(4..8) == Some(b"ftyp") {
        let brand = bytes.get(8..12).unwrap_or_default();
        if brand.starts_with(b"avi") {
            return Err(Unreadable::new(
                "this is an AVIF image, which candor cannot read",
                export,
            ));
        }
        return Err(Unreadable::new(
            "this is a HEIC/HEIF photo (the format iPhones save), which candor cannot read",
            export,
        ));
    }
    if starts(b"GIF8") {
        return Err(Unreadable::new(
            "this is a GIF, which candor cannot read",
            "export a still picture as PNG; for a moving picture, describe it in words or link to a video",
        ));
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        return Err(Unreadable::new(
            "this is a TIFF or camera raw file, which candor cannot read",
            export,
        ));
    }
    if starts(b"BM") {
        return Err(Unreadable::new(
            "this is a BMP image, which candor cannot read",
            export,
        ));
    }
    if bytes.is_empty() {
        return Err(Unreadable::new(
            "the image file is empty",
            "copy the image again; it may not have finished saving",
        ));
    }
    Err(Unreadable::new(
        "this is not a JPEG, PNG or WebP image",
        "check that the file is a picture; if it is, export it again as JPEG or PNG",
    ))
}

/// A decoder for `bytes` of `format`, with limits against images that
/// would take all the memory.
pub(crate) fn decoder(bytes: &[u8], format: Format) -> Result<impl ImageDecoder + '_, Unreadable> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    reader
        .into_decoder()
        .map_err(|err| Unreadable::decoding(format, &err))
}

/// Reads what `bytes` are without decoding their pixels.
pub fn inspect(bytes: &[u8]) -> Result<Probe, Unreadable> {
    let format = sniff(bytes)?;
    if format == Format::Jpeg && !jpeg_is_whole(bytes) {
        // The JPEG decoder fills a cut-off picture with grey rather than
        // failing: it would be published half missing.
        return Err(Unreadable::new(
            "the JPEG file is damaged or incomplete: it ends before the picture does",
            "copy the photo again from where it came from, or export it again as JPEG",
        ));
    }
    let mut decoder = decoder(bytes, format)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(Unreadable::new(
            "the image has no pixels",
            "export it again from an image editor",
        ));
    }
    let alpha = decoder.color_type().has_alpha();
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let (width, height) = if quarter_turn(orientation) {
        (height, width)
    } else {
        (width, height)
    };
    let mut metadata = Metadata::default();
    if let Ok(Some(exif)) = decoder.exif_metadata() {
        read_exif(exif, &mut metadata);
    }
    metadata.xmp = matches!(decoder.xmp_metadata(), Ok(Some(ref x)) if !x.is_empty());
    metadata.iptc = matches!(decoder.iptc_metadata(), Ok(Some(ref x)) if !x.is_empty());
    Ok(Probe {
        format,
        width,
        height,
        alpha,
        metadata,
    })
}

/// Whether a JPEG's compressed picture reaches its end-of-image marker.
/// Segments are walked to the first start-of-scan (the headers before it
/// may hold a thumbnail, a whole JPEG of its own); after it, the picture's
/// data cannot hold the marker bytes, so the first `FF D9` is its end.
/// Data after the end, such as the video of a motion photo, is allowed.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xff {
            return false;
        }
        let marker = bytes[at + 1];
        match marker {
            // Padding before a marker.
            0xff => {
                at += 1;
                continue;
            }
            // Markers without a length.
            0x01 | 0xd0..=0xd7 => {
                at += 2;
                continue;
            }
            _ => {}
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if marker == 0xda {
            let data = bytes.get(at + 2 + length..).unwrap_or_default();
            return data.windows(2).any(|w| w == [0xff, 0xd9]);
        }
        at += 2 + length;
    }
    false
}

/// Whether `orientation` turns the picture a quarter, swapping its sides.
pub(crate) fn quarter_turn(orientation: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(
        orientation,
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH
    )
}

/// Notes what an EXIF block holds.
fn read_exif(raw: Vec<u8>, metadata: &mut Metadata) {
    use exif::{In, Tag};
    let Ok(exif) = exif::Reader::new().read_raw(raw) else {
        // Something is there, even if it does not parse.
        metadata.exif = true;
        return;
    };
    metadata.exif = exif.fields().len() > 0;
    for field in exif.fields() {
        if field.ifd_num == In::THUMBNAIL {
            metadata.thumbnail = true;
            continue;
        }
        match field.tag {
            Tag::GPSLatitude | Tag::GPSLongitude | Tag::GPSAltitude | Tag::GPSDestLatitude => {
                metadata.gps = true;
            }
            Tag::Make | Tag::Model | Tag::LensModel | Tag::LensMake => metadata.camera = true,
            Tag::BodySerialNumber
            | Tag::LensSerialNumber
            | Tag::CameraOwnerName
            | Tag::Artist
            | Tag::ImageUniqueID => metadata.serial = true,
            Tag::DateTimeOriginal | Tag::DateTimeDigitized | Tag::DateTime => {
                metadata.taken = true;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_formats_candor_cannot_read_say_to_export_as_jpeg() {
        let mut heic = vec![0, 0, 0, 0x18];
        heic.extend_from_slice(b"ftypheic");
        heic.extend_from_slice(&[0; 16]);
        let problem = sniff(&heic).unwrap_err();
        assert!(problem.message.contains("HEIC"), "{problem:?}");
        assert!(problem.help.contains("export it as JPEG"), "{problem:?}");
        assert!(sniff(b"GIF89a......").unwrap_err().help.contains("PNG"));
        assert!(sniff(b"").unwrap_err().message.contains("empty"));
        assert!(sniff(b"<svg>").unwrap_err().message.contains("not a JPEG"));
    }

    #[test]
    fn a_cut_off_jpeg_is_not_whole() {
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
            .encode(&[90; 64 * 48 * 3], 64, 48, image::ExtendedColorType::Rgb8)
            .expect("a JPEG");
        assert!(jpeg_is_whole(&jpeg));
        assert!(inspect(&jpeg).is_ok());
        // What a motion photo appends after the picture is fine.
        let mut longer = jpeg.clone();
        longer.extend_from_slice(b"....ftypmp42");
        assert!(jpeg_is_whole(&longer));
        let cut = &jpeg[..jpeg.len() - 40];
        assert!(!jpeg_is_whole(cut));
        assert!(inspect(cut).unwrap_err().message.contains("incomplete"));
    }

    #[test]
    fn raster_files_are_known_by_their_extension() {
        assert!(is_raster("a/b/Office.JPG"));
        assert!(is_raster("photo.heic"));
        assert!(!is_raster("room.svg"));
        assert!(!is_raster("leaflet.pdf"));
        assert_eq!(Format::from_name("x.jpeg"), Some(Format::Jpeg));
    }
}
