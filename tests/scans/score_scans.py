#!/usr/bin/env python3
"""Reads scans with perfgoal and scores them against their gold records.

usage: score_scans.py PERFGOAL SCAN_DIR [OUT_DIR]

For every NAME-DPI.pdf (or .tiff/.png/.jpg) in SCAN_DIR with a
NAME-DPI.gold.yaml beside it (tests/scans/make_scans.py makes both): converts
it, scores it with ../shared/eval/score.py --ocr (the project's scorer,
beside the repository), and counts the wrong fields that no finding names (neither
ocr-uncertain nor a check such as funds-sum): the fields an auditor would
not be pointed at. Findings name output records; they are mapped to gold
records as the scorer aligns them (by project name), so a form lost does not
shift the findings of the forms after it onto other forms. Prints one line per scan, then totals per dpi, and the
seconds per page.
"""
import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SCORER = next((p for p in (os.path.join(HERE, "..", "..", "..", "shared", "eval", "score.py"),
                           "/work/shared/eval/score.py") if os.path.exists(p)), None)


def pages_of(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout if path.endswith(".pdf") else ""
    m = re.search(r"Pages:\s+(\d+)", out)
    return int(m.group(1)) if m else 1


def marked(path, findings):
    """Is the wrong field `path` (gold record index, field path) named by a finding?"""
    rec, field = path
    fields = {f.get("field") or "" for f in findings if f.get("record") == rec}
    if field in fields:
        return True
    m = re.match(r"indicators\.(period|annual)\[(\d+)\]\.(\w+)", field)
    if m:
        col, i, name = m.group(1), int(m.group(2)), m.group(3)
        # op, amount and unit are the reading of the value (a check on one, percent-range on the
        # amount, points at the value's cell); the row may have moved by one.
        for j in (i - 1, i, i + 1):
            for f in ("name", "value") + (("op", "amount", "unit") if name in ("value", "op", "amount", "unit") else ()):
                if f"indicators.{col}[{j}].{f}" in fields:
                    return True
        return f"indicators.{col}" in fields
    if field.startswith("funds."):
        col = field.split(".")[1]
        return any(f.startswith("funds." + col) or f == "funds" for f in fields)
    return False


def record_map(pred_path, gold_path):
    """Output record index -> gold record index, aligned as the scorer aligns
    records (by project name): a form lost or split shifts the output's
    indices, and findings name output records."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("perfgoal_score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    pred, gold = score.load(pred_path), score.load(gold_path)
    pairs = score.fuzzy_align(gold, pred, lambda r: score.text(score.dig(r, "project.name")))
    return {p: g for g, p in pairs if g is not None and p is not None}


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    perfgoal, scans = argv[0], argv[1]
    out = argv[2] if len(argv) > 2 else os.path.join(scans, "out")
    totals = defaultdict(lambda: defaultdict(float))
    for name in sorted(os.listdir(scans)):
        m = re.match(r"(.+)-(\d+)\.(pdf|tiff?|png|jpe?g)$", name)
        if not m:
            continue
        gold = os.path.join(scans, f"{m.group(1)}-{m.group(2)}.gold.yaml")
        if not os.path.exists(gold):
            continue
        dpi = int(m.group(2))
        src = os.path.join(scans, name)
        dst = os.path.join(out, name)
        os.makedirs(dst, exist_ok=True)
        t0 = time.time()
        cpu0 = os.times()
        subprocess.run([perfgoal, "convert", src, "-o", dst, "-j", "1", "--max-seconds", "0"], capture_output=True)
        cpu1 = os.times()
        cpu = (cpu1.children_user + cpu1.children_system) - (cpu0.children_user + cpu0.children_system)
        stem = os.path.splitext(name)[0]
        pred = os.path.join(dst, stem + ".yaml")
        if not os.path.exists(pred):
            print(f"{name}: no output")
            continue
        r = subprocess.run([sys.executable, SCORER, pred, gold, "--ocr", "--verbose"], capture_output=True, text=True)
        findings = json.load(open(os.path.join(dst, stem + ".findings.json")))["findings"]
        to_gold = record_map(pred, gold)
        for f in findings:
            if f.get("record") is not None:
                f["record"] = to_gold.get(f["record"])
        lines = r.stdout.splitlines()
        wrong, unmarked, wrong_paths = 0, [], []
        for line in lines:
            w = re.match(r"#(\d+) .*? ((?:project|funds|indicators|title|fiscal_year|overview|basis|necessity|"
                         r"safeguards|schedule|goals|sign_off)[\w.\[\]]*)(?: \(.*\))?: want", line)
            if not w:
                continue
            wrong += 1
            wrong_paths.append((int(w.group(1)) - 1, w.group(2)))
            if not marked((int(w.group(1)) - 1, w.group(2)), findings):
                unmarked.append(line)
        heads = {l.split(":")[0].strip(): l for l in lines if ":" in l and not l.startswith("#")}
        def pct(key):
            m2 = re.search(r"\((\d+)/(\d+)\)", heads.get(key, ""))
            return (int(m2.group(1)), int(m2.group(2))) if m2 else (0, 0)
        t = totals[dpi]
        for key in ("money exact", "text CER", "field accuracy", "indicators", "records"):
            a, b = pct(key)
            t[key + "/a"] += a
            t[key + "/b"] += b
        t["wrong"] += wrong
        t["unmarked"] += len(unmarked)
        t["pages"] += pages_of(src)
        t["cpu"] += cpu
        t["uncertain"] += sum(1 for f in findings if f["rule"] == "ocr-uncertain")
        # Correct fields marked: ocr-uncertain findings that name no wrong field (the same match as marked()).
        t["correct marked"] += sum(1 for f in findings if f["rule"] == "ocr-uncertain" and f.get("field")
                                   and not any(marked(p, [f]) for p in wrong_paths))
        t["forms"] += pct("records")[1]  # gold forms
        print(f"{name}: {heads.get('money exact', '')} | {heads.get('text CER', '')} | "
              f"{heads.get('field accuracy', '')} | wrong {wrong}, unmarked {len(unmarked)} | "
              f"{cpu:.1f} s CPU, {time.time() - t0:.1f} s")
        for u in unmarked:
            print("   unmarked:", u)
    for dpi, t in sorted(totals.items()):
        def r(key):
            return 100 * t[key + "/a"] / max(t[key + "/b"], 1)
        print(f"== {dpi} dpi: records {r('records'):.1f}%, indicator fields {r('indicators'):.2f}%, "
              f"money exact {r('money exact'):.2f}%, text CER {r('text CER'):.2f}%, "
              f"field accuracy {r('field accuracy'):.2f}%, wrong fields {int(t['wrong'])}, left unmarked "
              f"{int(t['unmarked'])} ({100 * t['unmarked'] / max(t['wrong'], 1):.0f}%), ocr-uncertain findings "
              f"{int(t['uncertain'])} ({t['uncertain'] / max(t['forms'], 1):.1f} a form), correct fields marked "
              f"{int(t['correct marked'])} ({100 * t['correct marked'] / max(t['field accuracy/a'], 1):.1f}% of "
              f"{int(t['field accuracy/a'])}), {t['cpu'] / max(t['pages'], 1):.1f} s CPU per page ({int(t['pages'])} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
