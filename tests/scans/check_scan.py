#!/usr/bin/env python3
"""CTest: reads a scanned fixture and asserts real accuracy thresholds.

usage: check_scan.py SCORER PERFGOAL SCAN GOLD OUT_DIR MIN_MONEY MAX_CER MIN_FIELDS

Converts SCAN, scores it against GOLD with the project's scorer
(SCORER: ../shared/eval/score.py, run with --ocr), and fails when money exact < MIN_MONEY %, text CER > MAX_CER % or
field accuracy < MIN_FIELDS %; also when the findings hold no ocr-uncertain
finding with a page, or one without its box.
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv):
    scorer, perfgoal, scan, gold, out = argv[:5]
    min_money, max_cer, min_fields = map(float, argv[5:8])
    os.makedirs(out, exist_ok=True)
    r = subprocess.run([perfgoal, "convert", scan, "-o", out], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        return 1
    stem = os.path.splitext(os.path.basename(scan))[0]
    s = subprocess.run([sys.executable, scorer, os.path.join(out, stem + ".yaml"), gold,
                        "--ocr"], capture_output=True, text=True, check=True).stdout
    print(s)
    value = {k: float(re.search(k + r": +([\d.]+)%", s).group(1)) for k in ("money exact", "text CER", "field accuracy")}
    ok = value["money exact"] >= min_money and value["text CER"] <= max_cer and value["field accuracy"] >= min_fields
    findings = json.load(open(os.path.join(out, stem + ".findings.json")))["findings"]
    uncertain = [f for f in findings if f["rule"] == "ocr-uncertain"]
    if not uncertain or any(not f["page"] or "box" not in f["message"] for f in uncertain):
        print("no ocr-uncertain finding with page and box")
        ok = False
    print("\n".join(f"{f['page']}: {f['field']}: {f['message']}" for f in uncertain))
    if not ok:
        print(f"FAILED: want money exact >= {min_money}%, text CER <= {max_cer}%, field accuracy >= {min_fields}%")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
