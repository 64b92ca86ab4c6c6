#!/usr/bin/env python3
"""Robustness test: PDFs made by make_pdf_variants.py (or committed, see
sample/) converted by perfgoal and scored against their gold records; each
PDF's text layer as `pdftotext -layout` prints it is converted and scored too.

usage: run_pdf_variants.py PERFGOAL DIR WORK_DIR [--min 99.5] [--text-min 99] [--no-text] [--text-only] [--quiet]

DIR holds pdfvar-*.pdf, their .gold.yaml and manifest.tsv (file, producer,
variations); a file of the manifest ending in .txt is a layout text made ahead
(pdftotext -layout of such a PDF, see layout_text/), scored as a text. --no-text: the PDFs only. --text-only: the layout texts
only, each PDF's text made once and kept in WORK_DIR/txt for the next run (a
faster loop while working on the text reader). Prints the field accuracy per producer and per variation, for
the PDFs and for their layout texts, every miss, and every form whose
source.pages differ from the gold's. Exit 1 when a PDF scores below --min,
the layout texts overall below --text-min, or pages differ.
Needs python3-yaml and poppler-utils (pdftotext).
"""
import os
import shutil
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "variants"))
import score  # noqa: E402
from run_variants import score_optional  # noqa: E402  (权重, 备注, 指标值确定依据, 上年指标值)


def convert(perfgoal, inputs, out_dir):
    if not inputs:
        return
    run = subprocess.run([perfgoal, "convert", "--to", "yaml", "--no-progress", "-o", out_dir] + inputs,
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"perfgoal convert exited with {run.returncode}: {run.stderr[-2000:]}")
    return run.stderr


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) < 3:
        print(__doc__.strip().splitlines()[4], file=sys.stderr)
        return 2
    perfgoal, src, work = args[0], args[1], args[2]
    minimum = float(argv[argv.index("--min") + 1]) if "--min" in argv else 99.5
    text_min = float(argv[argv.index("--text-min") + 1]) if "--text-min" in argv else 99.0
    quiet = "--quiet" in argv
    with_text = "--no-text" not in argv
    text_only = "--text-only" in argv
    # A value after --min/--text-min is not a positional argument.
    for flag in ("--min", "--text-min"):
        if flag in argv:
            v = argv[argv.index(flag) + 1]
            if v in args:
                args.remove(v)

    files = []
    with open(os.path.join(src, "manifest.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts and parts[0] and os.path.exists(os.path.join(src, parts[0])):
                files.append((parts[0], parts[1], parts[2:]))
    txt_dir, out_pdf, out_txt = (os.path.join(work, d) for d in ("txt", "out-pdf", "out-txt"))
    for d in (txt_dir, out_pdf, out_txt):
        if not (text_only and d == txt_dir):
            shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d, exist_ok=True)
    for name, _, _ in files:
        if name.endswith(".txt"):
            shutil.copy(os.path.join(src, name), os.path.join(txt_dir, name))
        elif text_only and os.path.exists(os.path.join(txt_dir, name[:-4] + ".txt")):
            pass  # made by an earlier --text-only run
        elif with_text:
            subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", os.path.join(src, name),
                            os.path.join(txt_dir, name[:-4] + ".txt")], check=True)
    texts_only = text_only or all(n.endswith(".txt") for n, _, _ in files)
    with_text = with_text or texts_only
    if not texts_only:
        convert(perfgoal, [os.path.join(src, n) for n, _, _ in files if n.endswith(".pdf")], out_pdf)
    if with_text:
        convert(perfgoal, [os.path.join(txt_dir, n[:-4] + ".txt") for n, _, _ in files], out_txt)

    groups = {"pdf": defaultdict(lambda: [0, 0]), "text": defaultdict(lambda: [0, 0])}
    totals = {"pdf": [0, 0], "text": [0, 0]}
    below, page_misses = [], []
    for name, producer, variations in files:
        gold = score.load(os.path.join(src, name[:-4] + ".gold.yaml"))
        kinds = (("pdf", out_pdf), ("text", out_txt)) if with_text else (("pdf", out_pdf),)
        if name.endswith(".txt") or texts_only:
            kinds = (("text", out_txt),)
        for kind, out in kinds:
            path = os.path.join(out, name[:-4] + ".yaml")
            pred = score.load(path) if os.path.exists(path) else []
            ok, tot, misses = score.score(pred, gold)
            o, t = sum(ok.values()), sum(tot.values())
            o2, t2, m2 = score_optional(pred, gold)  # only keys the gold has: none for Shanxi forms
            o, t, misses = o + o2, t + t2, misses + m2
            totals[kind][0] += o
            totals[kind][1] += t
            for key in [f"producer={producer}"] + variations:
                groups[kind][key][0] += o
                groups[kind][key][1] += t
            pct = 100 * o / max(t, 1)
            if misses and not quiet:
                print(f"{name} ({kind}): {pct:.2f}% ({o}/{t}) [{producer} {' '.join(variations)}]")
                for m in misses[:20]:
                    print(f"  {m}")
                if len(misses) > 20:
                    print(f"  ... {len(misses) - 20} more")
            if kind == "pdf" and pct < minimum:
                below.append(f"{name}: {pct:.2f}%")
            if kind == "pdf":
                # Records by name, in order: a variant may hold two forms of one name.
                by_name = defaultdict(list)
                for r in pred:
                    by_name[(r.get("project") or {}).get("name")].append(r)
                seen = defaultdict(int)
                for g in gold:
                    want = (g.get("source") or {}).get("pages")
                    gname = (g.get("project") or {}).get("name")
                    same = by_name.get(gname, [])
                    p = same[seen[gname]] if seen[gname] < len(same) else None
                    seen[gname] += 1
                    got = (p.get("source") or {}).get("pages") if p else None
                    want = [want[0], want[-1]] if want else want  # first and last page
                    if want and got != want:
                        page_misses.append(f"{name}: {g['project']['name']}: pages {got}, gold {want}")
                if len(pred) != len(gold):
                    page_misses.append(f"{name}: {len(pred)} records, gold {len(gold)}")

    for kind in ("pdf", "text"):
        print(f"\n{kind}: field accuracy per producer and variation")
        for key in sorted(groups[kind]):
            o, t = groups[kind][key]
            print(f"  {key:28s} {100 * o / max(t, 1):7.2f}%  ({o}/{t})")
    for m in page_misses:
        print(m)
    pdf_pct = 100 * totals["pdf"][0] / max(totals["pdf"][1], 1)
    txt_pct = 100 * totals["text"][0] / max(totals["text"][1], 1)
    print(f"\nfiles: {len(files)}")
    print(f"PDF field accuracy: {pdf_pct:.2f}% ({totals['pdf'][0]}/{totals['pdf'][1]})")
    print(f"pdftotext -layout field accuracy: {txt_pct:.2f}% ({totals['text'][0]}/{totals['text'][1]})")
    if below:
        print(f"PDFs below {minimum}%: " + ", ".join(below))
    failed = bool(below) or (with_text and txt_pct < text_min) or bool(page_misses)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
