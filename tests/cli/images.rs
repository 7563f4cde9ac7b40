//! Photos through the image pipeline: fixture JPEGs with real EXIF tags (orientation, camera
//! make, GPS position) written by the test, built by the real binary, read back from the output.

use super::fixture::{Fixture, snapshot};

/// A TIFF (little-endian) EXIF block: Make, Orientation and, when `gps`, a GPS position.
fn exif(orientation: u16, gps: bool) -> Vec<u8> {
    let make = b"HUAWEI P60 Pro\0\0";
    let n: u16 = if gps { 3 } else { 2 };
    let ifd0 = 2 + 12 * u32::from(n) + 4;
    let make_at = 8 + ifd0;
    let gps_at = make_at + make.len() as u32;
    let lat_at = gps_at + 2 + 24 + 4;
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, ty: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(ty.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    t.extend(n.to_le_bytes());
    entry(&mut t, 0x010F, 2, 15, make_at);
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation));
    if gps {
        entry(&mut t, 0x8825, 4, 1, gps_at);
    }
    t.extend(0u32.to_le_bytes());
    t.extend(make);
    if gps {
        t.extend(2u16.to_le_bytes());
        entry(&mut t, 0x0001, 2, 2, u32::from(b'N'));
        entry(&mut t, 0x0002, 5, 3, lat_at);
        t.extend(0u32.to_le_bytes());
        for (num, den) in [(31u32, 1u32), (49, 1), (14, 1)] {
            t.extend(num.to_le_bytes());
            t.extend(den.to_le_bytes());
        }
    }
    t
}

/// A `w` × `h` gradient JPEG (as stored) with an EXIF block.
fn photo(w: u32, h: u32, orientation: u16, gps: bool) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 120])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&img)
        .unwrap();
    let tiff = exif(orientation, gps);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// A PNG whose header claims `w` × `h` pixels and that holds almost no data.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    out.extend(13u32.to_be_bytes());
    out.extend(&ihdr);
    out.extend(crc32fast::hash(&ihdr).to_be_bytes());
    // A few bytes of compressed data, as a real bomb has (it inflates far beyond its size).
    let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01";
    out.extend(8u32.to_be_bytes());
    out.extend(idat);
    out.extend(crc32fast::hash(idat).to_be_bytes());
    out.extend(0u32.to_be_bytes());
    out.extend(b"IEND");
    out.extend(crc32fast::hash(b"IEND").to_be_bytes());
    out
}

const SITE: &str = "title: 图片测试\nimages: {widths: [100, 150, 400]}\n";

fn photo_site() -> Fixture {
    Fixture::new()
        .file("site.yaml", SITE)
        .file(
            "content/cases/a.md",
            "---\ntitle: 案例甲\ndate: 2024-05-01\ncover: land.jpg\n---\n\n![竖拍六](six.jpg)\n\n![竖拍八](eight.jpg)\n",
        )
        .bytes("content/cases/land.jpg", &photo(300, 200, 1, true))
        .bytes("content/cases/six.jpg", &photo(300, 200, 6, true))
        .bytes("content/cases/eight.jpg", &photo(300, 200, 8, false))
}

/// The `<img …>` tags of `html` whose alt is `alt`.
fn img<'a>(html: &'a str, alt: &str) -> &'a str {
    let at = html.find(&format!("alt=\"{alt}\"")).expect("the image");
    let start = html[..at].rfind("<img").unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let at = tag
        .find(&format!(" {name}=\""))
        .unwrap_or_else(|| panic!("{name} in {tag}"));
    let rest = &tag[at + name.len() + 3..];
    &rest[..rest.find('"').unwrap()]
}

#[test]
fn rotated_photos_are_portrait_with_srcset_files_and_no_metadata() {
    let site = photo_site();
    let out = site.build_ok(&[]);
    assert!(
        out.stderr.contains("images: 3 prepared, 0 from the cache"),
        "{}",
        out.stderr
    );
    // build counts its warnings; check names them.
    let checked = site.run(&["check"]);
    let shown = format!("{}{}", checked.stdout, checked.stderr);
    assert!(
        shown.contains("content/cases/six.jpg") && shown.contains("GPS"),
        "{shown}"
    );
    let html = site.read("public/cases/a/index.html");
    for alt in ["竖拍六", "竖拍八"] {
        let tag = img(&html, alt);
        assert_eq!(
            (attr(tag, "width"), attr(tag, "height")),
            ("200", "300"),
            "{tag}"
        );
        assert_eq!(attr(tag, "loading"), "lazy", "{tag}");
        assert_eq!(attr(tag, "decoding"), "async", "{tag}");
        for item in attr(tag, "srcset").split(", ") {
            let (url, w) = item.split_once(' ').unwrap();
            let file = site.path("public/cases/a").join(url);
            let dims = image::image_dimensions(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(format!("{}w", dims.0), w);
            assert!(dims.1 > dims.0, "{url} is portrait: {dims:?}");
        }
    }
    let cover = img(&html, "案例甲");
    assert_eq!(
        (attr(cover, "width"), attr(cover, "height")),
        ("300", "200")
    );
    // Originals are not published; nothing published carries EXIF, the camera or the position.
    assert!(!site.exists("public/cases/six.jpg"));
    for (path, bytes) in snapshot(&site.path("public")) {
        for needle in [&b"HUAWEI"[..], b"Exif\0\0"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{path} has metadata"
            );
        }
    }
}

#[test]
fn the_cache_is_reused_checked_and_pruned_and_builds_are_byte_identical() {
    let site = photo_site();
    site.build_ok(&["-o", "one"]);
    let entries = || {
        std::fs::read_dir(site.path(".yanzhen-cache/images"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir())
            .count()
    };
    assert_eq!(entries(), 3);
    let out = site.build_ok(&["-o", "two"]);
    assert!(
        out.stderr.contains("images: 0 prepared, 3 from the cache"),
        "{}",
        out.stderr
    );
    assert_eq!(snapshot(&site.path("one")), snapshot(&site.path("two")));
    // A damaged cache entry is made again.
    let cached = walkdir::WalkDir::new(site.path(".yanzhen-cache/images"))
        .into_iter()
        .flatten()
        .find(|e| e.file_name() == "150.jpg")
        .unwrap();
    std::fs::write(cached.path(), b"\xFF\xD8 cut").unwrap();
    let out = site.build_ok(&["-o", "three"]);
    assert!(
        out.stderr.contains("images: 1 prepared, 2 from the cache"),
        "{}",
        out.stderr
    );
    // A cold cache gives the same bytes.
    std::fs::remove_dir_all(site.path(".yanzhen-cache")).unwrap();
    site.build_ok(&["-o", "four"]);
    assert_eq!(snapshot(&site.path("one")), snapshot(&site.path("four")));
    // A photo no longer in the site leaves the cache.
    site.write(
        "content/cases/a.md",
        "---\ntitle: 案例甲\ndate: 2024-05-01\n---\n\n![竖拍六](six.jpg)\n",
    );
    site.remove("content/cases/eight.jpg");
    site.remove("content/cases/land.jpg");
    site.build_ok(&["-o", "five"]);
    assert_eq!(entries(), 1);
}

#[test]
fn every_bad_image_is_an_error_at_its_reference() {
    let mut truncated = photo(300, 200, 1, false);
    truncated.truncate(truncated.len() / 2);
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("cut.jpg", truncated, "cut short"),
        (
            "noise.jpg",
            b"this is not a picture at all".to_vec(),
            "not an image",
        ),
        ("bomb.png", png_header(100_000, 100_000), "100000 × 100000"),
        (
            "big.png",
            png_header(1200, 1000),
            "more than `images.max_megapixels` (1)",
        ),
        ("iphone.jpg", heic, "HEIC"),
    ];
    for (name, bytes, says) in cases {
        let site = Fixture::new()
            .file("site.yaml", "title: T\nimages: {max_megapixels: 1}\n")
            .file(
                "content/cases/a.md",
                &format!("---\ntitle: 甲\ndate: 2024-05-01\n---\n\n![图]({name})\n"),
            )
            .bytes(&format!("content/cases/{name}"), &bytes);
        let out = site.run(&["build"]);
        assert_eq!(out.code, 1, "{name}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        assert!(
            out.stderr.contains("content/cases/a.md:6:1"),
            "{name}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains(name) && out.stderr.contains(says),
            "{name}: {}",
            out.stderr
        );
        if name == "iphone.jpg" {
            assert!(out.stderr.contains("export it as JPEG"), "{}", out.stderr);
        }
    }
}

#[cfg(feature = "pdf")]
#[test]
fn the_casebook_prints_resized_photos_without_metadata() {
    let site = photo_site().file(
        "content/collections/book.md",
        "---\ntitle: 汇编\nentries: [cases/a.md]\nprint: {pdf: true}\n---\n",
    );
    site.build_ok(&[]);
    let pdf = walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF");
    let bytes = std::fs::read(pdf.path()).unwrap();
    for needle in [&b"HUAWEI"[..], b"Exif\0\0"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the PDF has metadata"
        );
    }
}
