//! Photos: published without their metadata, in the sizes a screen needs,
//! and never as the original file.

use std::path::{Path, PathBuf};

use crate::support::{attrs, candor, SiteTest};

/// The fixture's photos, each with a GPS position, a camera, a serial
/// number and (the article's) an XMP packet naming a place.
const SOURCES: [&str; 3] = [
    "content/articles/quiet-room/quiet-room.jpg",
    "content/therapists/ana-ortiz/portrait.jpg",
    "static/images/office.jpg",
];

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("images");
    site.build(&[]).assert_success();
    site
}

/// Every JPEG, PNG and WebP file under `dir`.
fn images_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["jpg", "jpeg", "png", "webp"].contains(&e))
        })
        .collect()
}

fn size_of(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap()
}

#[test]
fn no_published_image_carries_exif_xmp_or_gps() {
    let site = built();
    // The sources do carry them, so the test can see them go.
    for source in SOURCES {
        let exif = exif::Reader::new()
            .read_from_container(&mut std::io::BufReader::new(
                std::fs::File::open(site.root().join(source)).unwrap(),
            ))
            .unwrap();
        assert!(
            exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
                .is_some(),
            "{source} should carry GPS"
        );
    }
    let outputs = images_under(&site.root().join("public"));
    assert!(outputs.len() > 20, "{outputs:?}");
    for output in outputs {
        let bytes = std::fs::read(&output).unwrap();
        let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes));
        assert!(exif.is_err(), "{} has EXIF", output.display());
        let mut decoder = image::ImageReader::new(std::io::Cursor::new(&bytes))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        use image::ImageDecoder;
        assert_eq!(
            decoder.exif_metadata().unwrap(),
            None,
            "{}",
            output.display()
        );
        assert_eq!(
            decoder.xmp_metadata().unwrap(),
            None,
            "{}",
            output.display()
        );
        assert_eq!(
            decoder.iptc_metadata().unwrap(),
            None,
            "{}",
            output.display()
        );
        for marker in [
            &b"Exif\0"[..],
            b"GPS",
            b"Nowhere Bay",
            b"ns.adobe.com",
            b"ExampleCam",
            b"SN-0",
        ] {
            assert!(
                !bytes.windows(marker.len()).any(|w| w == marker),
                "{} holds {:?}",
                output.display(),
                String::from_utf8_lossy(marker)
            );
        }
    }
}

#[test]
fn every_copy_is_smaller_than_its_original_and_none_is_the_original() {
    let site = built();
    let copies = [
        (
            "content/articles/quiet-room/quiet-room.jpg",
            "articles/quiet-room/quiet-room",
        ),
        (
            "content/therapists/ana-ortiz/portrait.jpg",
            "therapists/ana-ortiz/portrait",
        ),
        ("static/images/office.jpg", "images/office"),
    ];
    for (source, published) in copies {
        let original = std::fs::read(site.root().join(source)).unwrap();
        let folder = site.public(published).parent().unwrap().to_path_buf();
        let stem = Path::new(published).file_name().unwrap().to_str().unwrap();
        let mine: Vec<PathBuf> = images_under(&folder)
            .into_iter()
            .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with(stem))
            .collect();
        assert!(!mine.is_empty(), "no copies of {source}");
        for copy in mine {
            let bytes = std::fs::read(&copy).unwrap();
            assert!(
                bytes.len() < original.len(),
                "{} is {} bytes, the original {}",
                copy.display(),
                bytes.len(),
                original.len()
            );
            assert_ne!(bytes, original);
        }
    }
    // The photo in static/ keeps its name and size.
    assert_eq!(size_of(&site.public("images/office.jpg")), (1000, 700));
}

#[test]
fn a_photo_in_a_page_offers_each_width_with_its_size() {
    let site = built();
    let html = site.html("articles/quiet-room/index.html");
    let srcsets = attrs(&html, "main img", "srcset");
    assert_eq!(srcsets.len(), 2, "{srcsets:?}");
    assert_eq!(
        srcsets[0],
        "/articles/quiet-room/quiet-room.320.jpg 320w, /articles/quiet-room/quiet-room.640.jpg 640w, \
         /articles/quiet-room/quiet-room.960.jpg 960w, /articles/quiet-room/quiet-room.1280.jpg 1280w"
    );
    // Every address offered is a file of that width.
    for entry in srcsets.iter().flat_map(|s| s.split(", ")) {
        let (href, width) = entry.split_once(' ').unwrap();
        let file = site.public(href.trim_start_matches('/'));
        let width: u32 = width.trim_end_matches('w').parse().unwrap();
        assert_eq!(size_of(&file).0, width, "{href}");
    }
    let webp = attrs(&html, "main picture source[type='image/webp']", "srcset");
    assert!(webp[0].contains("quiet-room.640.webp 640w"), "{webp:?}");
    assert_eq!(attrs(&html, "main img", "width"), ["1280", "600"]);
    assert_eq!(attrs(&html, "main img", "height"), ["800", "400"]);
    assert_eq!(
        attrs(&html, "main img", "alt"),
        [
            "Two chairs facing each other by a window",
            "A green leaf shape"
        ]
    );
    assert!(attrs(&html, "main img", "sizes")[0].contains("40rem"));
    // The first photo of the page is wanted at once, the next when near.
    assert_eq!(
        attrs(&html, "main img[loading='lazy']", "alt"),
        ["A green leaf shape"]
    );
    // A transparent drawing falls back to PNG, not JPEG.
    assert!(srcsets[1].contains("leaf.600.png 600w"), "{}", srcsets[1]);
    // A link to the photo leads to its copy under its own name, no wider
    // than the largest width.
    assert!(
        attrs(&html, "main a", "href").contains(&"/articles/quiet-room/quiet-room.jpg".to_string())
    );
    assert_eq!(
        size_of(&site.public("articles/quiet-room/quiet-room.jpg")),
        (1280, 800)
    );
}

#[test]
fn a_profile_photo_is_upright_and_cut_square() {
    let site = built();
    // Stored on its side with an EXIF orientation: published upright.
    assert_eq!(
        size_of(&site.public("therapists/ana-ortiz/portrait.jpg")),
        (900, 1200)
    );
    let html = site.html("therapists/ana-ortiz/index.html");
    let srcset = attrs(&html, "img.therapist-photo", "srcset");
    assert_eq!(
        srcset,
        ["/therapists/ana-ortiz/portrait.160x160.jpg 160w, /therapists/ana-ortiz/portrait.320x320.jpg 320w, \
          /therapists/ana-ortiz/portrait.480x480.jpg 480w"]
    );
    assert_eq!(
        size_of(&site.public("therapists/ana-ortiz/portrait.320x320.webp")),
        (320, 320)
    );
    assert_eq!(
        attrs(&html, "img.therapist-photo", "alt"),
        ["A painted landscape standing in for Ana's portrait"]
    );
    // What a phone at 320 px fetches for the card: the 320 px square at most.
    let card = std::fs::metadata(site.public("therapists/ana-ortiz/portrait.320x320.webp"))
        .unwrap()
        .len();
    assert!(card <= 30 * 1024, "{card} bytes");
}

/// A site whose article shows `name` holding `bytes`, built once before it
/// was added.
fn with_broken_photo(
    name: &str,
    bytes: &[u8],
) -> (SiteTest, std::collections::BTreeMap<PathBuf, Vec<u8>>) {
    let site = built();
    let before = site.output_snapshot();
    std::fs::write(
        site.root().join("content/articles/quiet-room").join(name),
        bytes,
    )
    .unwrap();
    let page =
        std::fs::read_to_string(site.root().join("content/articles/quiet-room/index.md")).unwrap();
    site.write(
        "content/articles/quiet-room/index.md",
        &format!("{page}\n![A phone photo of the room]({name})\n"),
    );
    (site, before)
}

#[test]
fn a_heic_photo_fails_at_the_line_that_shows_it_and_changes_nothing() {
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    heic.extend_from_slice(&[0; 64]);
    let (site, before) = with_broken_photo("phone.heic", &heic);
    let line = std::fs::read_to_string(site.root().join("content/articles/quiet-room/index.md"))
        .unwrap()
        .lines()
        .count();
    site.build(&[])
        .assert_failure()
        .assert_stderr_has(&format!("content/articles/quiet-room/index.md:{line}:"))
        .assert_stderr_has("HEIC")
        .assert_stderr_has("export it as JPEG");
    assert_eq!(site.output_snapshot(), before, "public/ changed");
}

#[test]
fn a_cut_off_jpeg_fails_and_changes_nothing() {
    let whole = std::fs::read(crate::support::fixture("images").join(SOURCES[0])).unwrap();
    let (site, before) = with_broken_photo("cut.jpg", &whole[..whole.len() / 3]);
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/articles/quiet-room/cut.jpg")
        .assert_stderr_has("damaged or incomplete");
    assert_eq!(site.output_snapshot(), before, "public/ changed");
}

#[test]
fn a_second_build_takes_photos_from_the_cache() {
    let site = SiteTest::from_fixture("images");
    site.build(&[])
        .assert_success()
        .assert_stderr_has("4 photos processed");
    assert!(site.root().join(".candor-cache/.gitignore").is_file());
    let first = site.output_snapshot();
    let second = site.build(&[]);
    second.assert_success();
    assert!(!second.stderr.contains("processed"), "{}", second.stderr);
    assert_eq!(site.output_snapshot(), first);
    // --no-cache processes everything again and leaves the cache alone.
    let cache: Vec<PathBuf> = walkdir::WalkDir::new(site.root().join(".candor-cache"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect();
    site.build(&["--no-cache"])
        .assert_success()
        .assert_stderr_has("4 photos processed");
    let after: Vec<PathBuf> = walkdir::WalkDir::new(site.root().join(".candor-cache"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect();
    assert_eq!(cache, after);
    assert_eq!(site.output_snapshot(), first);
}

#[test]
fn check_says_what_the_originals_carry_and_which_are_too_large() {
    let site = SiteTest::from_fixture("images");
    // A plain photo 6,000 px wide: far wider than any copy.
    let wide = image::RgbImage::from_pixel(6000, 400, image::Rgb([200, 220, 210]));
    wide.save(site.root().join("content/articles/quiet-room/wide.jpg"))
        .unwrap();
    let out = candor()
        .args(["check", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("note[image/metadata]: the original carries a GPS position"),
        "{stdout}"
    );
    assert!(
        stdout.contains("content/therapists/ana-ortiz/portrait.jpg"),
        "{stdout}"
    );
    assert!(stdout.contains("static/images/office.jpg"), "{stdout}");
    assert!(
        stdout.contains("warning[image/oversized]: the photo is 6000 pixels wide"),
        "{stdout}"
    );
    assert!(stdout.contains("3 notes"), "{stdout}");
}

#[test]
fn the_cache_keeps_only_what_the_site_uses() {
    let site = SiteTest::from_fixture("images");
    site.build(&[]).assert_success();
    let cache = site.root().join(".candor-cache");
    let count = || std::fs::read_dir(&cache).unwrap().count();
    let full = count();
    // The drawing goes from the page and from the folder.
    let page =
        std::fs::read_to_string(site.root().join("content/articles/quiet-room/index.md")).unwrap();
    site.write(
        "content/articles/quiet-room/index.md",
        &page.replace("![A green leaf shape](leaf.png)", ""),
    );
    site.remove("content/articles/quiet-room/leaf.png");
    site.build(&[]).assert_success();
    // Its four copies (two widths in two formats; the one under its own
    // name is the widest PNG) are gone.
    assert_eq!(count(), full - 4);
    let index = std::fs::read_to_string(cache.join("index.json")).unwrap();
    assert!(!index.contains("leaf.png"), "{index}");
    // A copy deleted by hand is made again.
    let first = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "webp"))
        .unwrap();
    std::fs::remove_file(&first).unwrap();
    site.build(&[])
        .assert_success()
        .assert_stderr_has("1 photo processed");
    assert!(first.is_file());
}

#[test]
fn two_photos_of_one_name_in_one_folder_are_an_error_naming_the_copy() {
    let site = SiteTest::from_fixture("images");
    std::fs::copy(
        site.root().join("content/articles/quiet-room/leaf.png"),
        site.root()
            .join("content/articles/quiet-room/quiet-room.png"),
    )
    .unwrap();
    site.build(&[])
        .assert_failure()
        .assert_stderr_has("content/articles/quiet-room/quiet-room.png")
        .assert_stderr_has("would be written to `articles/quiet-room/quiet-room.320.webp`");
}

#[test]
fn an_unreadable_profile_photo_fails_at_the_profiles_photo_line() {
    let site = SiteTest::from_fixture("images");
    std::fs::write(
        site.root()
            .join("content/therapists/ana-ortiz/portrait.jpg"),
        b"GIF89a not a photo at all",
    )
    .unwrap();
    let profile =
        std::fs::read_to_string(site.root().join("content/therapists/ana-ortiz/index.md")).unwrap();
    let line = profile
        .lines()
        .position(|l| l.starts_with("photo:"))
        .unwrap()
        + 1;
    site.build(&[])
        .assert_failure()
        .assert_stderr_has(&format!("content/therapists/ana-ortiz/index.md:{line}:1"))
        .assert_stderr_has("the photo `portrait.jpg` cannot be published: this is a GIF");
}
