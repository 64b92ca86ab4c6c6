#!/usr/bin/env python3
"""Copy of /work/shared/eval/score.py (the project's scorer), with the scoring
as a function (score) so tests/variants/run_variants.py can call it.

Score perfgoal-record/1 YAML output against a gold YAML stream.

usage: score.py PREDICTED.yaml GOLD.yaml [--verbose] [--strict-text]

Each gold field is one point: project and fund fields, the long texts, the
sign-off, and for every gold indicator row its level1, level2, name, value,
op, amount and unit. Indicator rows are aligned by name and value; a gold row
with no partner loses all seven points, a predicted row with no partner
costs seven more points of denominator. Records are aligned by project name.

Text compares with all whitespace removed (PDF line wrapping must not matter);
--strict-text compares with runs of whitespace folded to one space instead.
Numbers compare as exact decimals. The last line printed is the headline:
    field accuracy: 97.31% (1234/1268)
"""
import datetime
import decimal
import difflib
import re
import sys
from collections import defaultdict

import yaml

D = decimal.Decimal


class DecimalLoader(yaml.SafeLoader):
    pass


def _float_as_decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return D(text)
    except decimal.InvalidOperation:
        return loader.construct_yaml_float(node)


DecimalLoader.add_constructor("tag:yaml.org,2002:float", _float_as_decimal)

STRICT = False


def text(v):
    if v is None:
        return None
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    s = str(v)
    s = re.sub(r"\s+", " ", s).strip() if STRICT else re.sub(r"\s+", "", s)
    return s or None


def number(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    try:
        return D(str(v).replace(",", "").strip()).normalize()
    except decimal.InvalidOperation:
        return ("bad", str(v))


def when(v):
    if v is None:
        return None
    if isinstance(v, datetime.datetime):
        return v.replace(tzinfo=None).isoformat(timespec="seconds")
    s = str(v).strip().replace(" ", "T")
    return s or None


def dig(rec, path):
    cur = rec
    for key in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(key)
    return cur


SCALARS = [
    ("fiscal_year", number, "header"),
    ("project.name", text, "project"),
    ("project.department_code", lambda v: None if v is None else str(v).strip(), "project"),
    ("project.department", text, "project"),
    ("project.implementing_unit", text, "project"),
    ("project.attribute", text, "project"),
    ("project.attribute_detail", text, "project"),
    ("project.period_years", number, "project"),
] + [
    (f"funds.{p}.{k}", number, "funds")
    for p in ("period", "annual")
    for k in ("total", "central", "provincial", "local", "self_raised", "other")
] + [
    (k, text, "texts") for k in ("overview", "basis", "necessity", "safeguards", "schedule",
                                "goals.period", "goals.annual")
] + [
    ("sign_off.responsible", text, "sign_off"),
    ("sign_off.handler", text, "sign_off"),
    ("sign_off.phone", text, "sign_off"),
    ("sign_off.filed_at", when, "sign_off"),
]

IND_FIELDS = [("level1", text), ("level2", text), ("name", text), ("value", text),
              ("op", lambda v: None if v is None else str(v).strip()), ("amount", number),
              ("unit", text)]


def load(path):
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.load_all(f, Loader=DecimalLoader) if d is not None]
    return [d for d in docs if isinstance(d, dict)]


def align(gold, pred, key):
    """Pairs (g, p) of indices; None where one side has no partner."""
    gk = [key(x) for x in gold]
    pk = [key(x) for x in pred]
    pairs = []
    sm = difflib.SequenceMatcher(a=gk, b=pk, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" or tag == "replace":
            n = min(i2 - i1, j2 - j1)
            pairs += [(i1 + k, j1 + k) for k in range(n)]
            pairs += [(i, None) for i in range(i1 + n, i2)]
            pairs += [(None, j) for j in range(j1 + n, j2)]
        elif tag == "delete":
            pairs += [(i, None) for i in range(i1, i2)]
        elif tag == "insert":
            pairs += [(None, j) for j in range(j1, j2)]
    return pairs


def score(pred, gold):
    """Scores predicted records against gold records (lists of dicts):
    (ok, tot, misses), ok and tot by category."""
    ok = defaultdict(int)
    tot = defaultdict(int)
    misses = []
    def check(cat, where, want, got):
        tot[cat] += 1
        if want == got:
            ok[cat] += 1
        else:
            misses.append(f"{where}: want {want!r} got {got!r}")

    rec_pairs = align(gold, pred, lambda r: text(dig(r, "project.name")))
    for gi, pi in rec_pairs:
        if gi is None:
            misses.append(f"extra record #{pi + 1}: {dig(pred[pi], 'project.name')}")
            tot["records"] += 1
            continue
        g = gold[gi]
        p = pred[pi] if pi is not None else {}
        label = f"#{gi + 1} {dig(g, 'project.name')}"
        check("records", label, True, pi is not None)
        for path, norm, cat in SCALARS:
            check(cat, f"{label} {path}", norm(dig(g, path)), norm(dig(p, path)))
        for col in ("period", "annual"):
            gl = dig(g, f"indicators.{col}") or []
            pl = dig(p, f"indicators.{col}") or []
            if not isinstance(pl, list):
                pl = []
            pairs = align(gl, pl, lambda r: (text(r.get("name")), text(r.get("value")))
                          if isinstance(r, dict) else None)
            for a, b in pairs:
                if a is None:
                    tot["indicators"] += len(IND_FIELDS)
                    misses.append(f"{label} indicators.{col}: extra row {pl[b]!r}")
                    continue
                gr = gl[a]
                pr = pl[b] if b is not None and isinstance(pl[b], dict) else {}
                for field, norm in IND_FIELDS:
                    check("indicators", f"{label} indicators.{col}[{a}].{field} ({gr.get('name')})",
                          norm(gr.get(field)), norm(pr.get(field)))

    return ok, tot, misses


def main(argv):
    global STRICT
    args = [a for a in argv if not a.startswith("--")]
    verbose = "--verbose" in argv
    STRICT = "--strict-text" in argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    ok, tot, misses = score(load(args[0]), load(args[1]))
    if verbose:
        for m in misses:
            print(m)
    cats = ["records", "header", "project", "funds", "texts", "sign_off", "indicators"]
    for c in cats:
        if tot[c]:
            print(f"{c:>10}: {100 * ok[c] / tot[c]:6.2f}% ({ok[c]}/{tot[c]})")
    allok, alltot = sum(ok.values()), sum(tot.values())
    print(f"field accuracy: {100 * allok / max(alltot, 1):.2f}% ({allok}/{alltot})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
