#!/usr/bin/env python3
"""Render gold records back into tab-separated text exports, with the
variations that real exports from other counties and years show, and write
for each export the gold records it should convert to.

usage: make_variants.py GOLD.yaml OUT_DIR --seeds FIRST COUNT

For each seed S in FIRST .. FIRST+COUNT-1 this writes OUT_DIR/variant-S.txt
(the export) and OUT_DIR/variant-S.gold.yaml (its records, perfgoal-record/1)
and prints one line per file naming the variations used. A seed always gives
the same files (random.Random(S); nothing else is random).

The layout is the one of fixtures/shangdang-2025.txt: title line, year line,
label rows (label, empty cell, value), the funds block, the goals header and
the 总体目标 row, the indicator header and rows (merged 一级/二级 labels shown
once), the sign-off row. Variations:

  - county names and years in the title and year lines (or the year in the
    title line), blank lines or none between them;
  - extra empty cells (0-2) inside label rows, a leading empty cell, trailing
    empty cells, CRLF line ends;
  - label spellings: stray spaces, full- or half-width brackets and colons,
    项目期 / 项目日期, 其中：中央财政资金 / 中央财政资金;
  - funds with or without thousands separators, with .00, or in 万元;
    其他资金 filled in;
  - the sign-off filled in (label and value in one cell or two), phone
    numbers, dates as 20241217090709, 2024-12-17, 2024年12月17日, 2024/12/17;
  - merged 二级指标 / 一级指标 labels on the 2nd row of their group;
  - indicator columns two cells wide, rows shifted by one cell, extra empty
    cells inside rows with both halves filled; 指标内容/指标名称, 目标值 as
    column headers;
  - 实施期 and 年度 indicator lists of different lengths, empty category rows;
  - UTF-8 (with or without BOM), GB18030 and UTF-16 (with or without BOM).

Left out because a human could not tell either (see README.md in this folder):
extra empty cells inside an indicator row whose other half is blank, a
二级指标 label on the 2nd row of its group in both columns when the group
above it belongs to the same 一级指标 (rows above the label could belong to
either group), and a 一级指标 label on the 2nd row when no 二级指标 label on
the group's first row says which 一级 it is.
"""
import copy
import decimal
import difflib
import os
import random
import sys

import yaml

D = decimal.Decimal


class DecimalLoader(yaml.SafeLoader):
    pass


def _float_as_decimal(loader, node):
    return D(loader.construct_scalar(node).replace("_", ""))


DecimalLoader.add_constructor("tag:yaml.org,2002:float", _float_as_decimal)


class GoldDumper(yaml.SafeDumper):
    pass


def _decimal_repr(dumper, d):
    text = format(d, "f")
    if "." not in text:
        return dumper.represent_scalar("tag:yaml.org,2002:int", text)
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


GoldDumper.add_representer(D, _decimal_repr)

COUNTIES = [("上党区", "县(区)"), ("长子县", "县"), ("潞城区", "县(区)"), ("屯留区", "县（区）"),
            ("襄垣县", "县"), ("平顺县", "县"), ("黎城县", "县"), ("壶关县", "县"), ("武乡县", "县"),
            ("沁源县", "县"), ("沁县", "县")]
TREE = {"产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
        "效益指标": ["经济效益", "社会效益", "生态效益", "可持续影响"],
        "满意度指标": ["服务对象满意度"]}
PEOPLE = ["张三", "李四", "王晓明", "赵丽", "刘建国", "陈静", "郭志强", "申丽娟"]

FUND_KEYS = ["central", "provincial", "local", "self_raised", "other"]
SOURCE_LABELS = {
    "central": [("其中：中央财政资金", "其中：中央财政资金"), ("其中:中央财政资金", "其中:中央财政资金"),
                ("中央财政资金", "中央财政资金")],
    "provincial": [("省级财政资金", "省级财政资金")],
    "local": [("市县（区）财政资 金", "市县（区）财政资金"), ("市县（区）财政资金", "市县（区）财政资金"),
              ("市县(区)财政资金", "市县(区)财政资金")],
    "self_raised": [("单位自筹", "单位自筹")],
    "other": [("其他资金", "其他资金")],
}


def load_gold(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.load_all(f, Loader=DecimalLoader) if isinstance(d, dict)]


def pick(rng, *choices):
    return rng.choice(choices)


def money_text(rng, amount, style):
    """Amount (元, a Decimal) as the form writes it in `style`."""
    if amount is None:
        return ""
    if style["wan"]:
        v = (amount / D(10000)).normalize()
        text = format(v, "f")
        if style["two_places"] and v == v.quantize(D("0.01")):
            text = format(v.quantize(D("0.01")), "f")
    else:
        v = amount.quantize(D("0.01")) if style["two_places"] else amount
        if v == v.to_integral_value() and not style["two_places"]:
            v = v.quantize(D(1))
        text = format(v, "f")
    if style["separators"]:
        whole, _, frac = text.partition(".")
        neg = whole.startswith("-")
        whole = whole.lstrip("-")
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        text = ("-" if neg else "") + ",".join(groups) + ("." + frac if frac else "")
    return text


def with_gaps(rng, cells, max_extra, p):
    """Inserts 0..max_extra empty cells at one place inside the row."""
    if len(cells) < 2 or rng.random() >= p:
        return cells
    k = rng.randint(1, max_extra)
    at = rng.randint(1, len(cells) - 1)
    return cells[:at] + [""] * k + cells[at:]


def indicator_rows(rng, rec, opts, notes, origins=None):
    """The indicator table's data rows (8 logical columns each), from the
    record's two lists, grouped by 一级指标 and side by side. `origins`, when
    given, gets each row's (实施期 indicator, 年度 indicator), None for a blank
    half."""
    period = rec["indicators"]["period"]
    annual = rec["indicators"]["annual"]

    def groups(lst):
        out = []
        for r in lst:
            if out and out[-1][0] == r["level1"]:
                out[-1][1].append(r)
            else:
                out.append((r["level1"], [r]))
        return out

    gp, ga = groups(period), groups(annual)
    # Pair the two sides' 一级 groups in order (a side may lack a group
    # after rows were dropped).
    paired = []
    sm = difflib.SequenceMatcher(a=[g[0] for g in gp], b=[g[0] for g in ga], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            paired += [(gp[i1 + k][0], gp[i1 + k][1], ga[j1 + k][1]) for k in range(i2 - i1)]
        else:
            paired += [(g[0], g[1], []) for g in gp[i1:i2]] + [(g[0], [], g[1]) for g in ga[j1:j2]]
    table = []  # (l1, lines); a line: [l1, period row or None, annual row or None]
    for l1, rp, ra in paired:
        lines = [[l1, rp[i] if i < len(rp) else None, ra[i] if i < len(ra) else None]
                 for i in range(max(len(rp), len(ra)))]
        # Empty category rows (经济效益 with no indicator): tree categories
        # the group does not use, in tree order, when the group's own
        # categories are in tree order.
        if opts["empty_rows"] and l1 in TREE:
            used = [r["level2"] for r in rp + ra]
            tree = TREE[l1]
            seq_p = [tree.index(r["level2"]) for r in rp if r["level2"] in tree]
            seq_a = [tree.index(r["level2"]) for r in ra if r["level2"] in tree]
            if seq_p == sorted(seq_p) and seq_a == sorted(seq_a) and len(seq_p) == len(rp) and len(seq_a) == len(ra):
                for cat in tree:
                    if cat in used or rng.random() < 0.5:
                        continue
                    pos = len(lines)
                    for i, (_, p, a) in enumerate(lines):
                        here = [tree.index(x["level2"]) for x in (p, a) if x]
                        if here and min(here) > tree.index(cat):
                            pos = i
                            break
                    lines.insert(pos, [l1, {"level2": cat, "empty": True}, {"level2": cat, "empty": True}])
                    notes.add("empty-category-rows")
        table.append((l1, lines))

    out = []
    prev_l2 = {0: None, 1: None}  # level2 of the run above, per side
    for l1, lines in table:
        n = len(lines)
        # Runs of the same 二级 per side: their first line, and where the label goes.
        label_at = {0: {}, 1: {}}
        for side in (0, 1):
            i = 0
            while i < n:
                r = lines[i][1 + side]
                if r is None:
                    i += 1
                    continue
                j = i
                while j + 1 < n and lines[j + 1][1 + side] is not None and \
                        lines[j + 1][1 + side]["level2"] == r["level2"]:
                    j += 1
                label_at[side][i] = (i, j, r["level2"])
                i = j + 1
        place = {0: {}, 1: {}}  # side -> line -> level2 text shown there
        for side in (0, 1):
            for start, (i, j, l2) in label_at[side].items():
                at = i
                if j > i and opts["l2_mode"] == "second-one-col" and side == opts["l2_side"]:
                    other = lines[i][2 - side]
                    mine = lines[i][1 + side]
                    # Evidence: the other column shows the same indicator on
                    # this line with its label (its run starts here).
                    if other and i in label_at[1 - side] and not other.get("empty") and not mine.get("empty") and \
                            other["level2"] == l2 and other.get("name") == mine.get("name") and \
                            other.get("name"):
                        at = i + 1
                if j > i and opts["l2_mode"] == "second-both":
                    above = prev_l2[side] if i == 0 else None
                    if i == 0 and (above is None or above not in TREE.get(l1, [])):
                        at = i + 1
                place[side][at] = l2
                if at != i:
                    notes.add("level2-" + opts["l2_mode"])
            last = [lines[k][1 + side] for k in range(n) if lines[k][1 + side]]
            if last:
                prev_l2[side] = last[-1]["level2"]
        l1_at = 0
        if opts["l1_mode"] == "second" and n > 1:
            first_shows = [place[s].get(0) for s in (0, 1) if place[s].get(0)]
            if first_shows and all(x in TREE.get(l1, []) for x in first_shows):
                l1_at = 1
                notes.add("level1-second-row")
        for k, (_, p, a) in enumerate(lines):
            row = ["", l1 if k == l1_at else ""]
            for side, r in ((0, p), (1, a)):
                row.append(place[side].get(k, ""))
                if r is None or r.get("empty"):
                    row += ["", ""]
                else:
                    row += [r.get("name") or "", r.get("value") or ""]
            out.append(row)
            if origins is not None:
                origins.append((p, a))
    return out


def render_form(rng, rec, title, year_line, opts, notes, row_of=None):
    """Lines (lists of cells) of one form; the record is updated to say what
    the form says (sign-off, dropped indicator rows). `row_of`, when given,
    gets id(indicator dict) -> the index of its line in the form."""
    rec["title"] = title
    if opts["year_in_title"]:
        rec["title"] = title + year_line  # the title cell, verbatim
        lines = [[title + year_line], []]
        notes.add("year-in-title-line")
    elif opts["no_blank_lines"]:
        lines = [[title], [year_line]]
    else:
        lines = [[title], [], [year_line], []]
    p = rec["project"]
    lab = opts["labels"]
    gap = opts["gap_p"]

    def label_row(cells):
        return with_gaps(rng, cells, 2, gap)

    lines.append(label_row([lab["name"], "", p.get("name") or "", "", "", "", ""]))
    dept = p.get("department") or ""
    if p.get("department_code"):
        dept = p["department_code"] + opts["code_sep"] + dept
    lines.append(label_row([lab["dept"], "", dept, "", lab["unit"], "", p.get("implementing_unit") or ""]))
    attr = p.get("attribute") or ""
    if p.get("attribute_detail"):
        attr += pick(rng, "（{}）", "({})").format(p["attribute_detail"])
    years = "" if p.get("period_years") is None else f"{p['period_years']}年"
    lines.append(label_row([lab["attr"], "", attr, "", lab["period"], "", years]))

    if opts["other_funds"]:
        # 其他资金 filled in (the gold forms leave it blank); the totals are not
        # touched: the record is what the form says.
        for col in ("period", "annual"):
            rec["funds"][col]["other"] = D(rng.choice([0, 50000, 120000, 1000000, 2500000]))
        notes.add("other-funds")
    style = opts["money"]
    unit = "万元" if style["wan"] else "元"
    f = rec["funds"]
    lines.append(label_row([lab["funds"].format(unit=unit), "", lab["ptotal"], money_text(rng, f["period"]["total"], style),
                            lab["atotal"], money_text(rng, f["annual"]["total"], style), ""]))
    for key in FUND_KEYS:
        lp, la = rng.choice(SOURCE_LABELS[key])
        lines.append(label_row(["", "", lp, money_text(rng, f["period"][key], style), la,
                                money_text(rng, f["annual"][key], style), ""]))
    for key, label in (("overview", "项目概况"), ("basis", "立项依据"), ("necessity", "项目设立必要性"),
                       ("safeguards", "保证项目实施的制度、措施"), ("schedule", "项目实施计划")):
        lines.append(label_row([lab.get(key, label), "", rec.get(key) or "", "", "", "", ""]))
    lines.append(["实施期目标", "", "", "", "年度目标", "", ""])
    g = rec["goals"]
    lines.append([lab["goals"], g.get("period") or "", "", "", g.get("annual") or "", "", ""])

    # The indicator table, with per-form column widths (a merged column two cells wide).
    widths = opts["widths"]
    header = [lab["section"], "一级指标", "二级指标", opts["name_header"], opts["value_header"], "二级指标",
              opts["name_header"], opts["value_header"]]

    def spread(cells):
        out = []
        for c, w in zip(cells, widths):
            out += [c] + [""] * (w - 1)
        return out

    lines.append(spread(header))
    origins = []
    for k, row in enumerate(indicator_rows(rng, rec, opts, notes, origins)):
        if row_of is not None:
            for ind in origins[k]:
                if ind is not None and not ind.get("empty"):
                    row_of[id(ind)] = len(lines)
        cells = spread(row)
        both_halves = any(row[3:5]) and any(row[6:8])
        if opts["cell_gap_p"] and both_halves and rng.random() < opts["cell_gap_p"]:
            # Extra empty cells between two cells of one row (a row with both
            # halves filled: with one half blank, the cells after the gap
            # could belong to either half).
            filled = [i for i, c in enumerate(cells) if c]
            if len(filled) >= 2:
                at = rng.choice(filled[1:])
                cells = cells[:at] + [""] * rng.randint(1, 2) + cells[at:]
                notes.add("indicator-cell-gap")
        elif opts["row_shift_p"] and rng.random() < opts["row_shift_p"]:
            if rng.random() < 0.5 and cells[0] == "":
                cells = cells[1:]
            else:
                cells = [""] + cells
            notes.add("indicator-row-shift")
        lines.append(cells)

    # Sign-off.
    s = rec["sign_off"]
    if opts["sign_filled"]:
        s["responsible"] = rng.choice(PEOPLE)
        s["handler"] = rng.choice(PEOPLE)
        s["phone"] = pick(rng, "0355-" + str(rng.randint(2000000, 8999999)),
                          "13" + str(rng.randint(100000000, 999999999)))
        notes.add("sign-off-filled")
    stamp = s.get("filed_at")
    date_text = ""
    if stamp:
        if opts["date_iso"]:
            s["filed_at"] = stamp[:10]
            y, m, d = stamp[:10].split("-")
            date_text = pick(rng, stamp[:10], stamp[:10], f"{y}年{int(m)}月{int(d)}日", f"{y}/{m}/{d}")
            notes.add("date-iso")
        else:
            date_text = stamp.replace("-", "").replace("T", "").replace(":", "")
    colon = opts["sign_colon"]
    row = []
    for label, key in (("负责人", "responsible"), ("经办人", "handler"), ("联系电话", "phone"), ("填报日期", None)):
        value = date_text if key is None else (s.get(key) or "")
        if value and opts["sign_one_cell"] and colon:
            row += [label + colon + value, ""]
            notes.add("sign-off-one-cell")
        else:
            row += [label + colon, value]
    lines.append(row)
    return lines


def form_options(rng):
    two_col_name = rng.random() < 0.15
    opts = {
        "labels": {
            "name": pick(rng, "项目名称", "项目名称", "项目 名称"),
            "dept": pick(rng, "主管部门及代码", "主管部门及代码", "主管部门及编码", "主管 部门及代码"),
            "unit": pick(rng, "实施单位", "实施单位", "实施 单位"),
            "attr": pick(rng, "项目属性", "项目 属性"),
            "period": pick(rng, "项目期", "项目期", "项目 期", "项目日期"),
            "funds": pick(rng, "项目资金（{unit}）", "项目资金({unit})", "项目资金 ({unit})", "项目资金 （{unit}）"),
            "ptotal": pick(rng, "实施期资金总额：", "实施期资金总额:", "实施期资金总额"),
            "atotal": pick(rng, "年度资金总额：", "年度资金总额:", "年度资金总额"),
            "overview": pick(rng, "项目概况", "项目 概况"),
            "goals": pick(rng, "总体目标", "总体 目标"),
            "section": pick(rng, "绩效指标", "绩效指标", "绩效 指 标"),
        },
        "code_sep": pick(rng, "-", "-", "－", " "),
        "gap_p": pick(rng, 0.0, 0.3, 0.6),
        "money": {"wan": rng.random() < 0.25, "two_places": rng.random() < 0.3,
                  "separators": rng.random() < 0.6},
        "widths": [1, 1, 1, 2 if two_col_name else 1, 1, 1, 2 if two_col_name else 1, 1],
        "row_shift_p": pick(rng, 0.0, 0.0, 0.2),
        "cell_gap_p": pick(rng, 0.0, 0.0, 0.15),
        "l2_mode": pick(rng, "first", "first", "second-one-col", "second-both"),
        "l2_side": rng.randint(0, 1),
        "l1_mode": pick(rng, "first", "first", "second"),
        "empty_rows": rng.random() < 0.3,
        "sign_filled": rng.random() < 0.4,
        "sign_one_cell": rng.random() < 0.5,
        "sign_colon": pick(rng, "：", ":", ""),
        "date_iso": rng.random() < 0.3,
        "year_in_title": rng.random() < 0.1,
        "no_blank_lines": rng.random() < 0.2,
        "name_header": pick(rng, "三级指标", "三级指标", "三级指标", "指标内容", "指标名称"),
        "value_header": pick(rng, "指标值", "指标值", "指标值", "目标值"),
        "other_funds": rng.random() < 0.2,
    }
    if opts["l1_mode"] == "second" and opts["l2_mode"] == "second-both":
        opts["l2_mode"] = "first"
    if opts["empty_rows"] and opts["l2_mode"] != "first":
        opts["empty_rows"] = False
    return opts


def drop_rows(rng, rec, notes):
    """Makes the 实施期 and 年度 lists of different lengths."""
    side = rng.choice(["period", "annual"])
    lst = rec["indicators"][side]
    k = rng.randint(1, min(2, max(len(lst) - 1, 0))) if len(lst) > 1 else 0
    for _ in range(k):
        del lst[rng.randrange(len(lst))]
    if k:
        notes.add("lists-of-different-lengths")


def make_variant(gold, seed, hooks=None):
    """The export of seed `seed`. `hooks` (optional) changes what is rendered:
    hooks.records(records) may change the list of forms, hooks.form(rec) a form
    (after its rows were dropped), and hooks.rendered(rec, first_line,
    line_of) learns where each form landed (line_of: id(indicator) -> line)."""
    rng = random.Random(seed)
    county, level = rng.choice(COUNTIES)
    year = rng.choice([2023, 2024, 2025, 2026])
    title = f"{county}{level}级预算部门（单位）项目支出绩效目标表"
    year_line = pick(rng, "({}年度)", "（{}年度）", "{}年度").format(year)
    # utf-16 writes a byte order mark; utf-16-le/-be do not.
    encoding = pick(rng, "utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "gb18030", "utf-16", "utf-16-le",
                    "utf-16-be")
    crlf = rng.random() < 0.3
    leading_p = pick(rng, 0.0, 0.2)
    trailing_p = pick(rng, 0.0, 0.5)
    notes = {f"county={county}", f"year={year}", f"encoding={encoding}"}
    if crlf:
        notes.add("crlf")
    records = [copy.deepcopy(gold[i]) for i in sorted(rng.sample(range(len(gold)), rng.randint(2, 6)))]
    if hooks:
        records = hooks.records(records)
    name = f"variant-{seed}.txt"
    all_lines = [[], []]
    for rec in records:
        opts = form_options(rng)
        if opts["money"]["wan"]:
            notes.add("funds-in-wan")
        if rng.random() < 0.3:
            drop_rows(rng, rec, notes)
        if hooks:
            hooks.form(rec)
        row_of = {}
        form = render_form(rng, rec, title, year_line, opts, notes, row_of)
        # A leading empty cell or trailing ones on label rows.
        for i, cells in enumerate(form):
            if i >= 4 and cells and rng.random() < leading_p and cells[0] != "" and \
                    not any(c in ("一级指标",) for c in cells):
                cells.insert(0, "")
            if cells and rng.random() < trailing_p:
                cells += [""] * rng.randint(1, 3)
        first = len(all_lines) + 1
        all_lines += form
        last = len(all_lines)
        all_lines += [[]]
        rec["source"] = {"file": name, "lines": [first, last]}
        rec["fiscal_year"] = year
        if hooks:
            hooks.rendered(rec, first, {k: first + v for k, v in row_of.items()})
    text = ("\r\n" if crlf else "\n").join("\t".join(cells) for cells in all_lines) + ("\r\n" if crlf else "\n")
    return name, text.encode(encoding), records, sorted(notes)


def write_variant(gold, seed, out_dir):
    """Writes OUT_DIR/variant-SEED.txt and its gold records; returns the
    export's file name and the variations it uses."""
    name, data, records, notes = make_variant(gold, seed)
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(data)
    with open(os.path.join(out_dir, name[:-4] + ".gold.yaml"), "w", encoding="utf-8") as f:
        yaml.dump_all(records, f, Dumper=GoldDumper, allow_unicode=True, sort_keys=False, explicit_start=True)
    return name, notes


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(argv) < 5 or "--seeds" not in argv:
        print(__doc__.strip().splitlines()[4], file=sys.stderr)
        return 2
    k = argv.index("--seeds")
    first, count = int(argv[k + 1]), int(argv[k + 2])
    gold_path, out_dir = args[0], args[1]
    gold = load_gold(gold_path)
    os.makedirs(out_dir, exist_ok=True)
    for seed in range(first, first + count):
        name, notes = write_variant(gold, seed, out_dir)
        print(name, " ".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
