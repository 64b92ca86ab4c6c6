#!/usr/bin/env python3
"""Make scans of PDFs the way an archive's scanner does, for the OCR reader.

usage: make_scans.py OUT_DIR PDF [PDF ...] [--dpi 150,200,300] [--seed N]
                     [--pages 1-3] [--tiff] [--png]

For every PDF and dpi: each page is rendered in grey (pdftoppm -gray),
rotated by a random 0.3–0.8° either way, blurred (0x0.45), put on a paper
tone, given gaussian noise and a few specks, JPEG-compressed, and the pages
joined into an image-only PDF (img2pdf) named NAME-DPI.pdf. A gold record
NAME.gold.yaml beside the PDF is copied as NAME-DPI.gold.yaml. --tiff also
writes a multi-page TIFF, --png the first page as PNG.

Tools (only for making fixtures): poppler-utils, ImageMagick, img2pdf.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile


def run(*cmd):
    subprocess.run(cmd, check=True)


def degrade(src, dst, rng, dpi):
    angle = rng.uniform(0.3, 0.8) * rng.choice((-1, 1))
    tone = rng.randint(226, 242)          # paper grey level
    noise = rng.uniform(0.25, 0.45)       # gaussian noise attenuation
    quality = rng.randint(70, 85)
    # Specks: a few small dark dots at random places.
    w, h = map(int, subprocess.run(["identify", "-format", "%w %h", src], capture_output=True,
                                   text=True, check=True).stdout.split())
    draws = []
    for _ in range(rng.randint(8, 25)):
        x, y = rng.randrange(w), rng.randrange(h)
        r = max(1, int(rng.uniform(0.5, 1.6) * dpi / 150))
        draws += ["-draw", f"circle {x},{y} {x + r},{y}"]
    run("convert", src, "-fill", "gray20", *draws,
        "-background", "white", "-rotate", f"{angle:.3f}",
        "-blur", "0x0.45",
        "+level", f"0,{tone * 100 // 255}%",
        "-attenuate", f"{noise:.2f}", "+noise", "Gaussian",
        "-colorspace", "Gray", "-density", str(dpi), "-units", "PixelsPerInch",
        "-quality", str(quality), dst)
    return angle


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("pdfs", nargs="+")
    ap.add_argument("--dpi", default="150,200,300")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pages", default=None, help="first-last page, e.g. 1-2")
    ap.add_argument("--tiff", action="store_true")
    ap.add_argument("--png", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    for pdf in args.pdfs:
        name = os.path.splitext(os.path.basename(pdf))[0]
        gold = os.path.splitext(pdf)[0] + ".gold.yaml"
        for dpi in [int(d) for d in args.dpi.split(",")]:
            with tempfile.TemporaryDirectory() as tmp:
                cmd = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
                if args.pages:
                    first, _, last = args.pages.partition("-")
                    cmd += ["-f", first, "-l", last or first]
                run(*cmd, pdf, os.path.join(tmp, "p"))
                pages = sorted(p for p in os.listdir(tmp) if p.endswith(".png"))
                jpegs = []
                for p in pages:
                    dst = os.path.join(tmp, p[:-4] + ".jpg")
                    angle = degrade(os.path.join(tmp, p), dst, rng, dpi)
                    jpegs.append(dst)
                    print(f"{name} {dpi} dpi {p}: rotated {angle:+.2f}°", file=sys.stderr)
                out = os.path.join(args.out, f"{name}-{dpi}")
                run("img2pdf", "--output", out + ".pdf", *jpegs)
                if args.tiff:
                    run("convert", *jpegs, "-compress", "Group4" if False else "LZW", out + ".tiff")
                if args.png:
                    shutil.copy(jpegs[0], out + ".jpg")
                    run("convert", jpegs[0], out + ".png")
                if os.path.exists(gold):
                    shutil.copy(gold, out + ".gold.yaml")


if __name__ == "__main__":
    main()
