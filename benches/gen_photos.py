#!/usr/bin/env python3
"""Writes synthetic camera photos for the image benchmark and tests.

Each is a rendered scene (sky and ground gradients, soft shapes, sensor-like
grain) saved as a JPEG the way a phone saves one: quality 92, with EXIF
that names a camera, a serial number, the time taken and a GPS position in
the open South Pacific, far from any land.

    python3 benches/gen_photos.py OUT_DIR COUNT [WIDTH HEIGHT]
    python3 benches/gen_photos.py --fixtures   # tests/fixtures/images

The fixture photos are smaller and add what a test must see removed: an
XMP packet naming a place, a portrait stored on its side with an EXIF
orientation that turns it upright, and a drawing with transparency.

Needs Pillow and NumPy (pip install pillow numpy).
"""

import os
import sys

import numpy as np
from PIL import Image

# Open ocean, about 1,500 km from the nearest land.
LATITUDE = (40, 0, 0)  # south
LONGITUDE = (130, 0, 0)  # west


def scene(rng, width, height):
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    horizon = 0.45 + 0.1 * rng.random()
    sky = np.stack([0.55 + 0.3 * y, 0.7 + 0.2 * y, 0.95 - 0.1 * y], axis=-1)
    ground = np.stack([0.35 - 0.2 * y, 0.45 - 0.15 * y, 0.25 - 0.1 * y], axis=-1)
    picture = np.where((y < horizon)[..., None], sky, ground) * np.ones((1, width, 1), np.float32)
    for _ in range(6):
        cx, cy = rng.random(), rng.random()
        radius = 0.05 + 0.2 * rng.random()
        colour = rng.random(3).astype(np.float32)
        distance = ((x - cx) ** 2 + ((y - cy) * height / width) ** 2) / radius**2
        weight = np.exp(-distance)[..., None]
        picture = picture * (1 - weight) + colour * weight
    picture += rng.normal(0.0, 0.035, picture.shape).astype(np.float32)
    return Image.fromarray((np.clip(picture, 0, 1) * 255).astype(np.uint8), "RGB")


def exif(number):
    data = Image.Exif()
    data[0x010F] = "ExampleCam"  # Make
    data[0x0110] = "Phone 12"  # Model
    data[0x0132] = "2026:05:04 10:11:12"  # DateTime
    data[0x0112] = 1  # Orientation
    photo = data.get_ifd(0x8769)
    photo[0x9003] = "2026:05:04 10:11:12"  # DateTimeOriginal
    photo[0xA431] = f"SN-{number:06d}"  # BodySerialNumber
    gps = data.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = LATITUDE
    gps[3] = "W"
    gps[4] = LONGITUDE
    return data


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Nowhere Bay"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def fixtures():
    site = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "images")
    rng = np.random.default_rng(1)
    room = scene(rng, 1600, 1000)
    room.save(os.path.join(site, "content/articles/quiet-room/quiet-room.jpg"), "JPEG",
              quality=90, exif=exif(1), xmp=XMP)
    # Stored on its side, 900 wide and 1200 tall once turned upright.
    portrait = scene(np.random.default_rng(2), 900, 1200).rotate(90, expand=True)
    tags = exif(2)
    tags[0x0112] = 6  # turn 90 degrees clockwise to show
    portrait.save(os.path.join(site, "content/therapists/ana-ortiz/portrait.jpg"), "JPEG",
                  quality=90, exif=tags)
    office = scene(np.random.default_rng(3), 1000, 700)
    office.save(os.path.join(site, "static/images/office.jpg"), "JPEG", quality=90, exif=exif(3))
    # A drawing with a see-through background.
    shape = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    pixels = np.zeros((400, 600, 4), np.uint8)
    pixels[100:300, 150:450] = (46, 125, 50, 255)
    shape = Image.fromarray(pixels, "RGBA")
    shape.save(os.path.join(site, "content/articles/quiet-room/leaf.png"), "PNG")


def main():
    if sys.argv[1] == "--fixtures":
        fixtures()
        return
    out, count = sys.argv[1], int(sys.argv[2])
    width = int(sys.argv[3]) if len(sys.argv) > 3 else 4000
    height = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
    os.makedirs(out, exist_ok=True)
    for number in range(count):
        rng = np.random.default_rng(number)
        path = os.path.join(out, f"photo-{number:03d}.jpg")
        scene(rng, width, height).save(path, "JPEG", quality=92, exif=exif(number))


if __name__ == "__main__":
    main()
