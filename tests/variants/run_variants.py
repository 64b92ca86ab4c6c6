#!/usr/bin/env python3
"""Robustness test: variant exports (make_variants.py) converted by perfgoal
and scored against their gold records (score.py).

usage: run_variants.py PERFGOAL GOLD.yaml WORK_DIR --seeds FIRST COUNT [--min PERCENT] [--quiet]
       run_variants.py PERFGOAL LAYOUTS_DIR WORK_DIR --seeds FIRST COUNT --layout NAME|mixed [--templates DIR] [--min PERCENT] [--quiet]

Fails (exit 1) when the field accuracy over all files, or of any one file,
is below --min (default 99.5). Prints every miss, with the variations of its
file, so a failure says what to look at.

The second form renders the forms of other layouts (make_layout_variants.py:
LAYOUTS_DIR holds NAME.txt and NAME.gold.yaml for each template NAME of
--templates, default ../../templates). There the optional indicator keys
(weight, note, basis, previous_value) are scored too, one point each where
the gold entry has the key.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import json  # noqa: E402

import make_layout_variants  # noqa: E402
import make_variants  # noqa: E402
import score  # noqa: E402

OPTIONAL_KEYS = ("weight", "note", "basis", "previous_value")


def score_optional(pred, gold):
    """The optional indicator keys of aligned entries: (ok, tot, misses)."""
    ok = tot = 0
    misses = []
    for gi, pi in score.align(gold, pred, lambda r: score.text(score.dig(r, "project.name"))):
        if gi is None:
            continue
        g, p = gold[gi], pred[pi] if pi is not None else {}
        for col in ("period", "annual"):
            gl = score.dig(g, f"indicators.{col}") or []
            pl = score.dig(p, f"indicators.{col}") or []
            for a, b in score.align(gl, pl, lambda r: (score.text(r.get("name")), score.text(r.get("value")))):
                if a is None:
                    continue
                for key in OPTIONAL_KEYS:
                    if key not in gl[a]:
                        continue
                    tot += 1
                    want = gl[a][key]
                    got = pl[b].get(key, "(absent)") if b is not None else "(no entry)"
                    norm = score.number if key == "weight" else score.text
                    if got != "(absent)" and got != "(no entry)" and norm(want) == norm(got):
                        ok += 1
                    else:
                        misses.append(f"#{gi + 1} indicators.{col}[{a}].{key}: want {want!r} got {got!r}")
    return ok, tot, misses


def finding_keys(findings):
    """What a finding says, without where it points (the gold is another file)."""
    keys = []
    for f in findings:
        msg = f["message"] if f["rule"] != "duplicate-form" else ""
        keys.append((f["record"], f["rule"], f["severity"], f.get("field") or "", msg))
    return sorted(keys)


def gold_findings(perfgoal, in_dir, files):
    """The findings of the gold records (perfgoal check on NAME.gold.yaml): what
    a perfect reading of each variant gets, by the file's stem. Layout
    records name their template (source.template), so they are checked as
    their form."""
    golds = [os.path.join(in_dir, n[:-4] + ".gold.yaml") for n, _ in files]
    run = subprocess.run([perfgoal, "check", "--format", "json"] + golds, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit(f"perfgoal check on the gold records exited with {run.returncode}: {run.stderr}")
    by_file = {}
    for f in json.loads(run.stdout)["findings"]:
        stem = os.path.basename(f["input"])[:-len(".gold.yaml")]
        by_file.setdefault(stem, []).append(f)
    return by_file


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(argv) < 5 or "--seeds" not in argv:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    k = argv.index("--seeds")
    first, count = int(argv[k + 1]), int(argv[k + 2])
    minimum = float(argv[argv.index("--min") + 1]) if "--min" in argv else 99.5
    quiet = "--quiet" in argv
    perfgoal, gold_path, work = args[0], args[1], args[2]

    in_dir, out_dir = os.path.join(work, "in"), os.path.join(work, "out")
    for d in (in_dir, out_dir):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    layout = argv[argv.index("--layout") + 1] if "--layout" in argv else None
    files = []
    if layout:
        templates = argv[argv.index("--templates") + 1] if "--templates" in argv else \
            os.path.join(HERE, "..", "..", "templates")
        layouts = make_layout_variants.load_layouts(gold_path, templates)
        for seed in range(first, first + count):
            files.append(make_layout_variants.write_variant(layouts, seed, layout, in_dir))
    else:
        gold = make_variants.load_gold(gold_path)
        for seed in range(first, first + count):
            files.append(make_variants.write_variant(gold, seed, in_dir))

    cmd = [perfgoal, "convert", "--to", "yaml", "--no-progress", "-o", out_dir] + \
          [os.path.join(in_dir, n) for n, _ in files]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        print(run.stderr)
        print(f"perfgoal convert exited with {run.returncode}")
        return 1

    # Findings: each variant's (convert writes NAME.findings.json) must be
    # those of its gold records, no more (a false finding: a cell left
    # unplaced, a rule about a part the form has not) and no fewer.
    expected = gold_findings(perfgoal, in_dir, files) if layout else None
    finding_misses = 0

    all_ok = all_tot = 0
    failed = []
    for name, notes in files:
        stem = name[:-4]
        pred_path = os.path.join(out_dir, stem + ".yaml")
        gold_records = score.load(os.path.join(in_dir, stem + ".gold.yaml"))
        pred = score.load(pred_path) if os.path.exists(pred_path) else []
        ok, tot, misses = score.score(pred, gold_records)
        o, t = sum(ok.values()), sum(tot.values())
        if layout:
            o2, t2, m2 = score_optional(pred, gold_records)
            o, t, misses = o + o2, t + t2, misses + m2
        all_ok += o
        all_tot += t
        pct = 100 * o / max(t, 1)
        if misses and not quiet:
            print(f"{name}: {pct:.2f}% ({o}/{t}) [{' '.join(notes)}]")
            for m in misses:
                print(f"  {m}")
        if pct < minimum:
            failed.append(f"{name}: {pct:.2f}%")
        if expected is not None:
            fpath = os.path.join(out_dir, stem + ".findings.json")
            got = json.load(open(fpath, encoding="utf-8"))["findings"] if os.path.exists(fpath) else []
            want_k, got_k = finding_keys(expected.get(stem, [])), finding_keys(got)
            if want_k != got_k:
                finding_misses += 1
                failed.append(f"{name}: findings differ from its gold records'")
                extra = [k for k in got_k if k not in want_k]
                missing = [k for k in want_k if k not in got_k]
                print(f"{name}: findings differ from the gold records' [{' '.join(notes)}]")
                for k in extra:
                    print(f"  extra   #{k[0] + 1} {k[2]}[{k[1]}] {k[3]}: {k[4]}")
                for k in missing:
                    print(f"  missing #{k[0] + 1} {k[2]}[{k[1]}] {k[3]}: {k[4]}")
    overall = 100 * all_ok / max(all_tot, 1)
    print(f"variant files: {len(files)} (seeds {first}..{first + count - 1})")
    print(f"field accuracy: {overall:.2f}% ({all_ok}/{all_tot})")
    if expected is not None:
        print(f"files whose findings differ from their gold records': {finding_misses}")
    if failed:
        print(f"files below {minimum}%: " + ", ".join(failed))
    if overall < minimum or failed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
