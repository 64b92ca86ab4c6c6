#!/usr/bin/env python3
"""The workbook of forms of other layouts (tests/variants/layouts/NAME.txt),
read back with openpyxl and checked against the YAML records of the same
conversion (never against copied values):

  1. 绩效指标 has the optional columns (权重（分值）, 备注, 指标值确定依据,
     上年指标值) that some record of the workbook has, after 单位, in record
     order, and no others: every layout together, each layout alone, and the
     Shanxi fixture (none);
  2. each cell of those columns is the record's key (weight a number, the
     others text; blank where the key is null or absent);
  3. each form sheet is laid out like its layout's paper form: the blocks
     the record has, stacked (实施期（长期） above 年度) with 一级 | 二级 | 三级
     | 指标值 and the record's optional columns, the Shanxi form's blocks side
     by side; the 年度 funds column alone when the record has no 实施期
     amount; what a reader sees through the merges is the record's entries.

usage: check_layouts.py PERFGOAL SOURCE_DIR WORK_DIR
"""
import decimal
import os
import shutil
import subprocess
import sys

import openpyxl
import yaml

FAILURES = []
CHECKS = [0]

OPTIONAL = [("weight", "权重（分值）"), ("note", "备注"), ("basis", "指标值确定依据"), ("previous_value", "上年指标值")]
BASE = ["序号", "项目名称", "来源文件", "实施期/年度", "一级指标", "二级指标", "三级指标", "指标值", "符号", "数值", "单位"]
FUND_KEYS = ["total", "central", "provincial", "local", "self_raised", "other"]


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILURES.append(what)
    return cond


class DecimalLoader(yaml.SafeLoader):
    pass


DecimalLoader.add_constructor("tag:yaml.org,2002:float",
                              lambda loader, node: decimal.Decimal(loader.construct_scalar(node)))


def load_records(path):
    with open(path, encoding="utf-8") as f:
        return [r for r in yaml.load_all(f, Loader=DecimalLoader) if isinstance(r, dict)]


def dec(v):
    return decimal.Decimal(repr(float(v)))


def merged_value(ws, row, col):
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return ws.cell(rng.min_row, rng.min_col).value
    return ws.cell(row, col).value


def keys_of(records):
    """The optional keys some indicator of the records has, in record order."""
    have = {k for r in records for side in ("period", "annual") for i in r["indicators"][side] for k in i}
    return [(k, label) for k, label in OPTIONAL if k in have]


def same(want, got, key):
    if want is None:
        return got is None
    if key == "weight":
        return isinstance(got, (int, float)) and dec(got) == decimal.Decimal(want)
    return got == want


def convert(perfgoal, inputs, out, name):
    shutil.rmtree(out, ignore_errors=True)
    cmd = [perfgoal, "convert", *inputs, "--to", "yaml,xlsx", "--combine", name, "-o", out, "--no-progress"]
    run = subprocess.run(cmd, capture_output=True, text=True)
    check(run.returncode in (0, 1), f"{name}: perfgoal exited {run.returncode}: {run.stderr}")
    return load_records(os.path.join(out, name + ".yaml")), openpyxl.load_workbook(os.path.join(out, name + ".xlsx"))


def check_indicator_sheet(wb, records, pre):
    ws = wb["绩效指标"]
    extras = keys_of(records)
    header = [c.value for c in ws[1]]
    check(header == BASE + [label for _, label in extras], pre + f"绩效指标 header {header}")
    row = 2
    for r in records:
        for side in ("period", "annual"):
            for idx, ind in enumerate(r["indicators"][side]):
                check(ws.cell(row, 7).value == ind["name"], pre + f"绩效指标 row {row} name")
                for k, (key, label) in enumerate(extras):
                    got = ws.cell(row, len(BASE) + 1 + k).value
                    check(same(ind.get(key), got, key),
                          pre + f"绩效指标 row {row} {label}: {got!r} != {ind.get(key)!r} ({side}[{idx}])")
                row += 1
    check(ws.max_row == row - 1, pre + f"绩效指标 has {ws.max_row} rows, want {row - 1}")


def check_form_sheet(ws, r, pre):
    has_period = bool(r["indicators"]["period"]) or any(r["funds"]["period"][k] is not None for k in FUND_KEYS)
    extras = keys_of([r])
    merges = list(ws.merged_cells.ranges)
    overlaps = [(str(a), str(b)) for k, a in enumerate(merges) for b in merges[k + 1:]
                if a.min_row <= b.max_row and b.min_row <= a.max_row and a.min_col <= b.max_col and b.min_col <= a.max_col]
    check(not overlaps, pre + f"overlapping merges {overlaps}")
    check(ws["C4"].value == r["project"]["name"], pre + "项目名称")
    # Funds: 实施期 | 年度, or the 年度 column alone.
    period_funds = any(r["funds"]["period"][k] is not None for k in FUND_KEYS)
    for k, key in enumerate(FUND_KEYS):
        row = 7 + k
        where = {"annual": "H" if period_funds else "E"}
        if period_funds:
            where["period"] = "E"
        else:
            check(not str(ws[f"C{row}"].value or "").startswith("实施期"), pre + f"row {row}: a 实施期 funds label")
        for side, letter in where.items():
            v = r["funds"][side][key]
            cell = ws[f"{letter}{row}"]
            check((cell.value is None) if v is None else (dec(cell.value) == v),
                  pre + f"funds.{side}.{key}: {cell.value!r} != {v!r}")
    # The indicator tables: rows whose B is 一级指标.
    heads = [row for row in range(1, ws.max_row + 1) if ws.cell(row, 2).value == "一级指标"]
    if not extras and has_period:
        check(len(heads) == 1 and ws.cell(heads[0], 6).value == "二级指标", pre + "Shanxi form: blocks side by side")
        return
    sides = (["period"] if r["indicators"]["period"] else []) + ["annual"]
    if not check(len(heads) == len(sides), pre + f"{len(heads)} indicator tables, want {len(sides)}"):
        return
    last = ws.max_column
    for side, head in zip(sides, heads):
        label = merged_value(ws, head, 1)
        check(label == ("年度绩效指标" if side == "annual" else "实施期（长期）绩效指标"), pre + f"{side} table label {label!r}")
        header = [ws.cell(head, c).value for c in range(2, 6 + len(extras))]
        check(header == ["一级指标", "二级指标", "三级指标", "指标值"] + [lab for _, lab in extras],
              pre + f"{side} table header {header}")
        entries = r["indicators"][side]
        for k, ind in enumerate(entries):
            row = head + 1 + k
            check(merged_value(ws, row, 1) == label, pre + f"{side} row {row}: block label not merged over it")
            seen = {"level1": merged_value(ws, row, 2), "level2": merged_value(ws, row, 3),
                    "name": ws.cell(row, 4).value, "value": ws.cell(row, 5).value}
            want = {key: ind[key] for key in seen}
            check(seen == want, pre + f"{side}[{k}] as seen {seen} != {want}")
            for e, (key, lab) in enumerate(extras):
                got = ws.cell(row, 6 + e).value
                check(same(ind.get(key), got, key), pre + f"{side}[{k}] {lab}: {got!r} != {ind.get(key)!r}")
        # The table fills the grid's width: its last column spans to the last one.
        row = head + 1
        tail = 5 + len(extras)
        check(any(m.min_row == row and m.min_col == tail and m.max_col == last for m in merges) or tail == last,
              pre + f"{side}: last column does not span to column {last}")
    check(ws.cell(ws.max_row, 1).value == "负责人：", pre + "sign-off row")


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    perfgoal, source, work = argv
    layouts = os.path.join(source, "tests", "variants", "layouts")
    inputs = sorted(os.path.join(layouts, f) for f in os.listdir(layouts) if f.endswith(".txt"))
    cases = [("all", inputs)] + [(os.path.basename(p)[:-4], [p]) for p in inputs] + \
            [("shanxi", [os.path.join(source, "fixtures", "shangdang-2025.txt")])]
    for name, files in cases:
        pre = f"{name}: "
        records, wb = convert(perfgoal, files, os.path.join(work, name), name)
        check(len(records) >= 1, pre + "no records")
        check_indicator_sheet(wb, records, pre)
        if name == "shanxi":
            check(wb["绩效指标"].max_column == len(BASE), pre + "optional columns in a Shanxi-only workbook")
        for r, sheet in zip(records, wb.sheetnames[3:]):
            check_form_sheet(wb[sheet], r, pre + f"sheet {sheet!r}: ")
    # Every layout's optional key is seen somewhere (the fixtures carry them all).
    records, _ = load_records(os.path.join(work, "all", "all.yaml")), None
    check([k for k, _ in keys_of(records)] == [k for k, _ in OPTIONAL], "all: not every optional key was exercised")
    for f in FAILURES:
        print("FAIL:", f)
    print(f"{CHECKS[0]} checks, {len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
