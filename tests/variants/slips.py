#!/usr/bin/env python3
"""Precision and recall of perfgoal's findings on designed slips.

usage: slips.py PERFGOAL GOLD.yaml WORK_DIR --seeds FIRST COUNT
                [--min-precision PERCENT] [--min-recall PERCENT] [--quiet]

Renders the variant exports of make_variants.py (the same variations), with
slips designed into their forms, runs `perfgoal check --format json` on them
and counts, per rule:

  recall     every designed slip must be found: a finding of its rule at its
             line (the indicator's row; for a whole form, the form's first
             line, or for a missing category the first indicator row);
  precision  every warning or error must be a slip of the generated form: a
             designed one, one the gold forms themselves have (known-slips.yaml,
             reviewed by hand), or a fact the gold records show (sources that
             do not add up, a category with no rows, no 产出指标 with a number,
             the same project twice).
             Anything else is noise.

Slips designed (a few per file, each in its own form):
  funds-sum               one source of the 年度 column changed, the total not
  satisfaction-direction  a ≥ on a 满意度 target turned into ≤
  doubled-text            a qualitative 指标值 written twice (提高提高)
  category-missing        every 满意度指标 row of the form removed
  duplicate-form          a form filed twice in the file
and one that is NOT a slip and must stay silent:
  per-unit cost           a 成本指标 row 人均补助标准 ≥94元 (cost-vs-annual must
                          not compare it with the annual total)

Exit 1 when precision or recall (over all rules) is below the minimum
(defaults: precision 90, recall 100). Debian python3 and python3-yaml only.
"""
import copy
import decimal
import json
import os
import random
import shutil
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_variants  # noqa: E402
import yaml  # noqa: E402

D = decimal.Decimal
SATISFACTION = ("满意度指标", "满意度")
PER_UNIT_NAMES = ["人均基本公共卫生服务补助标准", "亩均财政投资", "集中供养人员年人均供养标准", "每人每年补助标准",
                  "设备单价"]


class Slips:
    """make_variants hooks: designs slips into the forms of one file and
    remembers where they land."""

    def __init__(self, seed):
        self.rng = random.Random(seed * 7919 + 17)
        self.designed = []   # {"rule", "lines": set, "what"}
        self.quiet_rows = []  # per-unit rows (must not be reported): their lines
        self.pending = {}    # id(rec) -> list of (kind, data)
        self.duplicates = set()  # id of the copy of a form

    def records(self, records):
        if self.rng.random() < 0.35 and records:
            i = self.rng.randrange(len(records))
            twin = copy.deepcopy(records[i])
            twin["goals"]["annual"] = (twin["goals"].get("annual") or "") + "（续报）"
            records.insert(self.rng.randint(i + 1, len(records)), twin)
            self.duplicates.add(id(twin))
        return records

    def form(self, rec):
        kinds = ["funds-sum", "satisfaction-direction", "doubled-text", "category-missing", "per-unit", None, None]
        todo = []
        for kind in self.rng.sample(kinds, 2):
            if kind and kind not in [k for k, _ in todo]:
                data = getattr(self, "design_" + kind.replace("-", "_"))(rec)
                if data is not None:
                    todo.append((kind, data))
        if id(rec) in self.duplicates:
            todo.append(("duplicate-form", None))
        self.pending[id(rec)] = todo

    # Each design changes the record (the gold says what the form says) and
    # returns what rendered() needs to know where the slip lands.
    def design_funds_sum(self, rec):
        f = rec["funds"]["annual"]
        keys = [k for k in make_variants.FUND_KEYS if f.get(k) not in (None, D(0))]
        if not keys or f.get("total") is None:
            return None
        k = self.rng.choice(keys)
        f[k] = f[k] + self.rng.choice([D(1000), D(50000), D(-10000)])
        return k

    def design_satisfaction_direction(self, rec):
        side = self.rng.choice(["period", "annual"])
        cands = [i for i in rec["indicators"][side]
                 if (i.get("level1") in SATISFACTION or "满意" in (i.get("name") or ""))
                 and (i.get("value") or "").startswith("≥")]
        if not cands:
            return None
        ind = self.rng.choice(cands)
        ind["value"] = "≤" + ind["value"][1:]
        ind["op"] = "<="
        return ind

    def design_doubled_text(self, rec):
        side = self.rng.choice(["period", "annual"])
        cands = [i for i in rec["indicators"][side]
                 if i.get("value") and not i.get("op") and i.get("amount") is None and i.get("name")
                 and 2 <= len(i["value"]) <= 12 and not any(c.isdigit() for c in i["value"])
                 and i["value"] != i["name"] and i["value"][:len(i["value"]) // 2] != i["value"][len(i["value"]) // 2:]]
        if not cands:
            return None
        ind = self.rng.choice(cands)
        ind["value"] = ind["value"] * 2
        return ind

    def design_category_missing(self, rec):
        ind = rec["indicators"]
        if not any(i.get("level1") == "满意度指标" for side in ("period", "annual") for i in ind[side]):
            return None
        for side in ("period", "annual"):
            ind[side] = [i for i in ind[side] if i.get("level1") != "满意度指标"]
        if not ind["period"] and not ind["annual"]:
            return None
        return True

    def design_per_unit(self, rec):
        name = self.rng.choice(PER_UNIT_NAMES)
        amount = self.rng.choice([D(94), D(1500), D(9600), D(300)])
        added = []
        for side in ("period", "annual"):
            lst = rec["indicators"][side]
            at = [k for k, i in enumerate(lst) if i.get("level2") == "成本指标"]
            if not at:
                at = [k for k, i in enumerate(lst) if i.get("level1") == "产出指标"]
            if not at:
                return None
            row = {"level1": "产出指标", "level2": "成本指标", "name": name, "value": f"≥{amount}元", "op": ">=",
                   "amount": amount, "unit": "元"}
            lst.insert(at[-1] + 1, row)
            added.append(row)
        return added

    def rendered(self, rec, first, line_of):
        for kind, data in self.pending.pop(id(rec), []):
            if kind in ("funds-sum", "duplicate-form"):
                self.designed.append({"rule": kind, "lines": {first}, "what": rec["project"].get("name")})
            elif kind in ("satisfaction-direction", "doubled-text"):
                if id(data) in line_of:
                    self.designed.append({"rule": kind, "lines": {line_of[id(data)]}, "what": data["value"]})
            elif kind == "category-missing":
                firsts = set()
                for side in ("period", "annual"):
                    lines = [line_of[id(i)] for i in rec["indicators"][side] if id(i) in line_of]
                    if lines:
                        firsts.add(min(lines))
                self.designed.append({"rule": kind, "lines": firsts, "what": rec["project"].get("name")})
            elif kind == "per-unit":
                self.quiet_rows += [line_of[id(r)] for r in data if id(r) in line_of]


def load_known(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)["slips"]


def is_known(f, known):
    return any(k["rule"] == f["rule"] and k["project"] == f.get("project") and k["text"] in f["message"] for k in known)


def fact_of_gold(f, records):
    """Whether the generated form (its gold record) has the slip the finding
    names, for slips that are plain facts of the record."""
    r = records[f["record"]] if f.get("record") is not None and f["record"] < len(records) else None
    if r is None:
        return False
    rule = f["rule"]
    if rule == "funds-sum":
        for col in ("period", "annual"):
            fu = r["funds"][col]
            parts = [fu.get(k) for k in make_variants.FUND_KEYS if fu.get(k) is not None]
            if parts and fu.get("total") is not None and sum(parts) != fu["total"]:
                return True
    if rule == "category-missing":
        for col in ("period", "annual"):
            lst = r["indicators"][col]
            l1 = {i.get("level1") for i in lst}
            if not lst or "满意度指标" not in l1 and "满意度" not in l1 or "产出指标" not in l1 or "效益指标" not in l1:
                return True
            if not any(i.get("level1") == "效益指标" and i.get("level2") in ("经济效益", "社会效益", "生态效益") for i in lst):
                return True
    if rule == "no-quantitative-output":
        # A column whose 产出指标 rows (other than cost) have no number.
        for col in ("period", "annual"):
            outs = [i for i in r["indicators"][col] if i.get("level1") == "产出指标"]
            if outs and not any(i.get("amount") is not None and i.get("level2") != "成本指标" for i in outs):
                return True
    if rule == "duplicate-form":
        name = r["project"].get("name")
        return sum(1 for x in records if x["project"].get("name") == name) > 1
    return False


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) < 3 or "--seeds" not in argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    k = argv.index("--seeds")
    first, count = int(argv[k + 1]), int(argv[k + 2])
    min_p = float(argv[argv.index("--min-precision") + 1]) if "--min-precision" in argv else 90.0
    min_r = float(argv[argv.index("--min-recall") + 1]) if "--min-recall" in argv else 100.0
    quiet = "--quiet" in argv
    perfgoal, gold_path, work = args[0], args[1], args[2]
    known = load_known(os.path.join(HERE, "known-slips.yaml"))
    gold = make_variants.load_gold(gold_path)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    designed_n = defaultdict(int)
    found_n = defaultdict(int)
    reported = defaultdict(int)
    true_n = defaultdict(int)
    quiet_rows = quiet_hits = 0
    missed, noise = [], []
    for seed in range(first, first + count):
        hooks = Slips(seed)
        name, data, records, _ = make_variants.make_variant(gold, seed, hooks)
        path = os.path.join(work, name)
        with open(path, "wb") as f:
            f.write(data)
        run = subprocess.run([perfgoal, "check", "--format", "json", path], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            print(run.stderr)
            return 1
        findings = [f for f in json.loads(run.stdout)["findings"] if f["severity"] in ("warning", "error")]
        used = set()
        for d in hooks.designed:
            designed_n[d["rule"]] += 1
            hit = [i for i, f in enumerate(findings) if f["rule"] == d["rule"] and f["line"] in d["lines"]]
            if hit:
                found_n[d["rule"]] += 1
                used.update(hit)
            else:
                missed.append(f"{name}: {d['rule']} at line {sorted(d['lines'])} ({d['what']}) not found")
        quiet_rows += len(hooks.quiet_rows)
        for i, f in enumerate(findings):
            reported[f["rule"]] += 1
            if f["line"] in hooks.quiet_rows and f["rule"].startswith("cost-") and \
                    any("«" + n + "»" in f["message"] for n in PER_UNIT_NAMES):
                quiet_hits += 1
                noise.append(f"{name}:{f['line']}: a per-unit cost row reported: {f['message']}")
            if i in used or is_known(f, known) or fact_of_gold(f, records):
                true_n[f["rule"]] += 1
            else:
                noise.append(f"{name}:{f['line']}: {f['severity']}[{f['rule']}]: {f['message']}")

    rules = sorted(set(designed_n) | set(reported))
    print(f"{'rule':28} {'designed':>8} {'found':>6} {'recall':>7} {'reported':>9} {'true':>5} {'precision':>9}")
    for r in rules:
        rec = f"{100 * found_n[r] / designed_n[r]:.1f}%" if designed_n[r] else "-"
        prec = f"{100 * true_n[r] / reported[r]:.1f}%" if reported[r] else "-"
        print(f"{r:28} {designed_n[r]:8} {found_n[r]:6} {rec:>7} {reported[r]:9} {true_n[r]:5} {prec:>9}")
    d_all, f_all = sum(designed_n.values()), sum(found_n.values())
    r_all, t_all = sum(reported.values()), sum(true_n.values())
    recall = 100 * f_all / max(d_all, 1)
    precision = 100 * t_all / max(r_all, 1)
    print(f"files: {count} (seeds {first}..{first + count - 1}); per-unit cost rows (not slips): {quiet_rows}, "
          f"reported at their line: {quiet_hits}")
    print(f"recall: {recall:.1f}% ({f_all}/{d_all} designed slips found at their line)")
    print(f"precision: {precision:.1f}% ({t_all}/{r_all} warnings and errors are slips)")
    if not quiet:
        for m in missed:
            print("MISSED", m)
        for n in noise:
            print("NOISE", n)
    ok = recall >= min_r and precision >= min_p and quiet_hits == 0 and d_all > 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
