#!/usr/bin/env python3
"""Reads perfgoal's Excel workbooks back with openpyxl and checks them against
the YAML records of the same conversion (never against copied values).

Cases:
  1. the fixture through the command line (--to yaml,xlsx): sheets, cells,
     number formats, formulas, merges, print setup, column widths, row heights;
  2. the same records read back from the YAML give the same bytes, and two
     runs give the same bytes (creation time fixed, SOURCE_DATE_EPOCH honoured);
  3. texts that look like formulas (= + - @) and awkward project names;
  4. one workbook from a batch of three inputs (text, YAML, a form with a
     finding): through the command line (--combine), and through a driver in
     constant_memory mode, without it, and with the per-form sheets capped;
  5. a batch with no form. Expected findings come from the findings perfgoal
     writes beside its outputs (or the driver prints).
"""
import argparse
import datetime
import decimal
import math
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import zipfile

import openpyxl
import yaml

FAILURES = []
CHECKS = [0]


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILURES.append(what)
    return cond


# ---- records, read from YAML with exact decimals ----

class DecimalLoader(yaml.SafeLoader):
    pass


DecimalLoader.add_constructor("tag:yaml.org,2002:float",
                              lambda loader, node: decimal.Decimal(loader.construct_scalar(node)))


def load_records(path):
    with open(path, encoding="utf-8") as f:
        return [r for r in yaml.load_all(f, Loader=DecimalLoader) if r is not None]


def dec(v):
    """A number read from the workbook as the decimal it was written from."""
    return decimal.Decimal(repr(float(v)))


def width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


FUND_KEYS = ["total", "central", "provincial", "local", "self_raised", "other"]
FORBIDDEN = set('[]:*?/\\')


def valid_sheet_name(name):
    units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in name)
    return (0 < units <= 31 and not (set(name) & FORBIDDEN) and not name.startswith("'")
            and not name.endswith("'"))


def merged_value(ws, row, col):
    """What a reader sees at (row, col): the value of the merged area holding it."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return ws.cell(rng.min_row, rng.min_col).value
    return ws.cell(row, col).value


def cached_value(path, sheet_xml, ref):
    """The value a formula cell carries for readers that do not calculate."""
    with zipfile.ZipFile(path) as z:
        xml = z.read(sheet_xml).decode("utf-8")
    m = re.search(rf'<c r="{ref}"[^>]*><f>[^<]*</f><v>([^<]*)</v>', xml)
    return float(m.group(1)) if m else None


def is_text(cell):
    return cell.data_type == "s" and isinstance(cell.value, str)


def column_width(ws, letter):
    d = ws.column_dimensions.get(letter)
    return d.width if d is not None and d.width else 0


# ---- the workbook against its records ----

SYMBOL = {">=": "≥", "<=": "≤"}


def check_workbook(path, forms, findings, form_sheets, label):
    """forms: list of (record, number of findings pointing at it), in batch order;
    findings: list of dicts (file, line, page, rule, severity, message, form) or None
    when the test knows there are none; form_sheets: how many form sheets."""
    pre = f"{label}: "
    wb = openpyxl.load_workbook(path)
    n = len(forms)

    names = wb.sheetnames
    check(names[:3] == ["汇总", "绩效指标", "问题"], pre + f"first sheets {names[:3]}")
    form_names = names[3:]
    check(len(form_names) == form_sheets, pre + f"{len(form_names)} form sheets, want {form_sheets}")
    check(all(valid_sheet_name(s) for s in names), pre + f"invalid sheet names {[s for s in names if not valid_sheet_name(s)]}")
    check(len({s.lower() for s in names}) == len(names), pre + "sheet names not unique")

    # 汇总
    ws = wb["汇总"]
    header = [c.value for c in ws[1]]
    check(header[:5] == ["序号", "项目名称", "来源文件", "行/页", "年度"], pre + f"summary header {header[:5]}")
    check(len(header) == 25, pre + f"summary has {len(header)} columns")
    check(ws.freeze_panes == "C2", pre + f"summary freeze {ws.freeze_panes}")
    check(ws.auto_filter.ref == f"A1:Y{max(2, n + 1)}", pre + f"summary filter {ws.auto_filter.ref}")
    sums = [decimal.Decimal(0)] * 12
    linked = 0
    for i, (r, nfind) in enumerate(forms):
        row = i + 2
        cells = {c.column_letter: c for c in ws[row]}
        p = r["project"]
        want = r["source"].get("lines") or r["source"].get("pages")
        place = f"第{want[0]}–{want[1]}{'行' if r['source'].get('lines') else '页'}"
        check(cells["A"].value == i + 1, pre + f"row {row} 序号 {cells['A'].value}")
        check(cells["B"].value == p["name"] and is_text(cells["B"]), pre + f"row {row} 项目名称 {cells['B'].value!r}")
        check(cells["C"].value == r["source"]["file"], pre + f"row {row} file")
        check(cells["D"].value == place, pre + f"row {row} place {cells['D'].value} != {place}")
        check(cells["E"].value == r["fiscal_year"], pre + f"row {row} year")
        for letter, key in zip("FGHIJ", ["department_code", "department", "implementing_unit", "attribute",
                                         "attribute_detail"]):
            check(cells[letter].value == p[key] and (p[key] is None or is_text(cells[letter])),
                  pre + f"row {row} {key}: {cells[letter].value!r} != {p[key]!r}")
        check(cells["K"].value == p["period_years"], pre + f"row {row} period_years")
        for k, (side, key) in enumerate([(s, k) for s in ("period", "annual") for k in FUND_KEYS]):
            cell = ws.cell(row, 12 + k)
            v = r["funds"][side][key]
            if v is None:
                check(cell.value is None, pre + f"row {row} {side}.{key} should be blank, is {cell.value!r}")
            else:
                check(isinstance(cell.value, (int, float)) and dec(cell.value) == v,
                      pre + f"row {row} {side}.{key}: {cell.value!r} != {v}")
                check(cell.number_format == "#,##0.00", pre + f"row {row} money format {cell.number_format}")
                sums[k] += v
        filed = r["sign_off"]["filed_at"]
        if isinstance(filed, datetime.datetime):
            check(cells["X"].value == filed, pre + f"row {row} 填报日期 {cells['X'].value} != {filed}")
        check(cells["Y"].value == nfind, pre + f"row {row} 问题数 {cells['Y'].value} != {nfind}")
        if i < form_sheets:
            link = cells["B"].hyperlink
            target = link.location if link is not None else None
            m = re.fullmatch(r"'(.*)'!A1", target or "")
            sheet = m.group(1).replace("''", "'") if m else None
            if check(sheet in form_names, pre + f"row {row} links to {target!r}"):
                check(wb[sheet]["C4"].value == p["name"], pre + f"row {row}: sheet {sheet!r} shows {wb[sheet]['C4'].value!r}")
                check(sheet == form_names[i], pre + f"row {row}: form sheets out of order")
                linked += 1
    check(linked == form_sheets, pre + f"{linked} summary rows link to form sheets")
    total_row = n + 2
    check(ws.cell(total_row, 2).value == ("合计" if n else None), pre + "totals row label")
    for k in range(12 if n else 0):  # an empty batch has no totals
        col = openpyxl.utils.get_column_letter(12 + k)
        f = ws.cell(total_row, 12 + k).value
        check(f == f"=SUM({col}2:{col}{max(2, n + 1)})", pre + f"total {col}: {f!r}")
        check(ws.cell(total_row, 12 + k).number_format == "#,##0.00", pre + f"total {col} format")
        check(ws.cell(total_row + 1, 12 + k).value == f"=SUBTOTAL(109,{col}2:{col}{max(2, n + 1)})",
              pre + f"visible total {col}")
        v = cached_value(path, "xl/worksheets/sheet1.xml", f"{col}{total_row}")
        check(v is not None and dec(v) == sums[k], pre + f"total {col} cached {v} != {sums[k]}")
    # Widths fit Chinese text: CJK counted twice (up to the column's cap).
    for letter, key, cap in [("B", "name", 50), ("G", "department", 36), ("H", "implementing_unit", 36)]:
        need = min(cap, max((width(r["project"][key] or "") for r, _ in forms), default=0))
        check(column_width(ws, letter) >= need, pre + f"summary column {letter} width {column_width(ws, letter)} < {need}")
    note = [c.value for c in ws["B"] if isinstance(c.value, str) and c.value.startswith("注：")]
    check(bool(note) == (form_sheets < n), pre + f"cap note {note}")

    flagged_cells = [0]
    # Printed: one page wide, every data cell ruled, long names wrapped, totals wide enough (no ###).
    check(ws.sheet_properties.pageSetUpPr.fitToPage and str(ws.page_setup.fitToWidth or 1) == "1"
          and str(ws.page_setup.fitToHeight) == "0", pre + "summary not fitted to the page width")
    for i in range(n):
        cells = ws[i + 2]
        check(all(c.border.left.style == "thin" and c.border.bottom.style == "thin" for c in cells[:25]),
              pre + f"summary row {i + 2} not ruled")
        check(cells[1].alignment.wrap_text, pre + f"summary row {i + 2}: name does not wrap")
        name = forms[i][0]["project"]["name"] or ""
        lines = math.ceil(width(name) / column_width(ws, "B"))
        check(lines <= 1 or (ws.row_dimensions[i + 2].height or 15) >= 14 * lines,
              pre + f"summary row {i + 2}: {lines} lines of name in a row {ws.row_dimensions[i + 2].height} high")
    for k in range(12 if n else 0):
        col = openpyxl.utils.get_column_letter(12 + k)
        total = f"{sums[k]:,.2f}"
        check(column_width(ws, col) >= len(total) + 1, pre + f"summary column {col} ({column_width(ws, col)}) "
              f"too narrow for its total {total}: shown as ###")

    # 绩效指标
    wi = wb["绩效指标"]
    check([c.value for c in wi[1]][:11] == ["序号", "项目名称", "来源文件", "实施期/年度", "一级指标", "二级指标",
                                           "三级指标", "指标值", "符号", "数值", "单位"], pre + "indicator header")
    row = 2
    for i, (r, _) in enumerate(forms):
        for side, side_name in (("period", "实施期"), ("annual", "年度")):
            for idx, ind in enumerate(r["indicators"][side]):
                c = [wi.cell(row, k) for k in range(1, 12)]
                check(c[0].value == i + 1 and c[1].value == r["project"]["name"] and c[3].value == side_name,
                      pre + f"indicator row {row} form/side")
                for cell, key in zip(c[4:9], ["level1", "level2", "name", "value", "op"]):
                    want = SYMBOL.get(ind[key], ind[key]) if key == "op" else ind[key]  # 符号 as the form writes it
                    check(cell.value == want and (want is None or is_text(cell)),
                          pre + f"indicator row {row} {key}: {cell.value!r} != {want!r}")
                check(all(cell.border.left.style == "thin" for cell in c), pre + f"indicator row {row} not ruled")
                # A finding about this indicator: its cell is filled and has a note.
                at = f"indicators.{side}[{idx}]"
                about = [f for f in findings or [] if f["form"] == i and (f.get("field") or "").startswith(at + ".")
                         and f["field"].split(".")[-1] in ("value", "name")]
                for f in about:
                    cell = c[6] if f["field"].endswith(".name") else c[7]
                    check(cell.comment is not None and f["rule"] in cell.comment.text and cell.fill.fgColor.rgb == "FFFFEB9C",
                          pre + f"indicator row {row}: finding {f['rule']} on {f['field']} not marked")
                    flagged_cells[0] += 1
                amount = ind["amount"]
                if amount is None:
                    check(c[9].value is None, pre + f"indicator row {row} amount should be blank")
                else:
                    amount = decimal.Decimal(amount)
                    check(isinstance(c[9].value, (int, float)) and dec(c[9].value) == amount,
                          pre + f"indicator row {row} amount {c[9].value!r} != {amount}")
                    places = max(0, -amount.normalize().as_tuple().exponent)
                    fmt = "#,##0" + ("." + "0" * places if places else "")
                    check(c[9].number_format == fmt, pre + f"indicator row {row} format {c[9].number_format} != {fmt}")
                check(c[10].value == ind["unit"], pre + f"indicator row {row} unit")
                row += 1
    check(wi.max_row == max(1, row - 1), pre + f"indicator sheet has {wi.max_row} rows, want {row - 1}")
    check(wi.freeze_panes == "A2" and wi.auto_filter.ref is not None, pre + "indicator freeze/filter")

    # 问题
    wf = wb["问题"]
    check([c.value for c in wf[1]] == ["文件", "行", "页", "规则", "级别", "说明", "序号", "项目名称", "字段"],
          pre + "findings header")
    if findings is not None:
        check(wf.max_row == len(findings) + 1, pre + f"findings sheet has {wf.max_row - 1} rows, want {len(findings)}")
        severity = {"error": "错误", "warning": "警告", "info": "提示"}
        for k, f in enumerate(findings):
            got = [wf.cell(k + 2, c).value for c in range(1, 9)]
            want = [f["file"], f["line"] or None, f["page"] or None, f["rule"], severity[f["severity"]], f["message"],
                    f["form"] + 1 if f["form"] is not None else None,
                    forms[f["form"]][0]["project"]["name"] if f["form"] is not None else None]
            check(got == want, pre + f"finding {k}: {got} != {want}")
            field = wf.cell(k + 2, 9).value
            check(("field" not in f or (field is None) == (not f["field"]))
                  and not (field or "").startswith(("indicators", "funds.", "project.")),
                  pre + f"finding {k}: 字段 {field!r} is not in the form's words ({f.get('field')})")
            rule_col = openpyxl.utils.get_column_letter(4)
            check(column_width(wf, rule_col) >= len(f["rule"]) + 1, pre + f"rule column too narrow for {f['rule']}")
        check(wf.sheet_properties.pageSetUpPr.fitToPage and str(wf.page_setup.fitToWidth or 1) == "1",
              pre + "问题 not one page wide (message on other pages than file/line/rule)")
        check(all(wf.cell(k + 2, 6).alignment.wrap_text for k in range(len(findings))), pre + "问题 messages do not wrap")
        about_indicators = [f for f in findings if f["form"] is not None and f["form"] < n and re.fullmatch(
            r"indicators\.(period|annual)\[\d+\]\.(name|value)", f.get("field") or "")]
        check(flagged_cells[0] == len(about_indicators), pre + f"{flagged_cells[0]} indicator cells marked, "
              f"want {len(about_indicators)}")

    # One sheet per form.
    for i, name in enumerate(form_names):
        check_form_sheet(wb[name], forms[i][0], pre + f"sheet {name!r}: ",
                         [f for f in findings or [] if f["form"] == i])

    # Formulas only in the totals rows: no text became a formula.
    with zipfile.ZipFile(path) as z:
        sheets = sorted((n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                        key=lambda s: int(re.search(r"\d+", s).group()))
        for s in sheets:
            xml = z.read(s).decode("utf-8")
            want = 26 if s.endswith("sheet1.xml") and n else 0
            check(xml.count("<f>") == want, pre + f"{s} has {xml.count('<f>')} formulas, want {want}")
    return wb


def check_form_sheet(ws, r, pre, findings=()):
    check(ws["A1"].value == r["title"], pre + "title")
    check(ws["A2"].value == f"（{r['fiscal_year']}年度）", pre + f"year {ws['A2'].value}")
    merges = {str(m) for m in ws.merged_cells.ranges}
    ranges = list(ws.merged_cells.ranges)
    overlaps = [(str(a), str(b)) for k, a in enumerate(ranges) for b in ranges[k + 1:]
                if a.min_row <= b.max_row and b.min_row <= a.max_row and a.min_col <= b.max_col and b.min_col <= a.max_col]
    check(not overlaps, pre + f"overlapping merges (Excel repairs the file): {overlaps}")
    for m in ["A1:H1", "A4:B4", "C4:H4", "A7:B12"]:
        check(m in merges, pre + f"merge {m} missing")
    check(ws["A4"].value == "项目名称" and ws["C4"].value == r["project"]["name"], pre + "项目名称")
    check(ws["G5"].value == r["project"]["implementing_unit"], pre + "实施单位")
    for k, key in enumerate(FUND_KEYS):
        for letter, side in (("E", "period"), ("H", "annual")):
            cell = ws[f"{letter}{7 + k}"]
            v = r["funds"][side][key]
            if v is None:
                check(cell.value is None, pre + f"{side}.{key} should be blank")
            else:
                check(dec(cell.value) == v and cell.number_format == "#,##0.00", pre + f"{side}.{key} {cell.value}")
    # Long texts: the row is tall enough for the text wrapped in C:H.
    grid = sum(column_width(ws, c) for c in "CDEFGH")
    for row in range(13, 18):
        text = ws.cell(row, 3).value or ""
        lines = math.ceil(width(text) / grid) if text else 1
        height = ws.row_dimensions[row].height or 15
        check(height >= min(409, 14 * lines), pre + f"row {row} height {height} for {lines} lines")  # 409: Excel's maximum
    # Indicators: what a reader sees on each row, through the merges.
    head = next((row for row in range(1, ws.max_row + 1) if ws.cell(row, 2).value == "一级指标"), None)
    if not check(head is not None, pre + "indicator header row"):
        return
    check(merged_value(ws, head, 1) == "绩效指标", pre + "绩效指标 label")
    rows = range(head + 1, ws.max_row)  # the last row is the sign-off
    check(ws.cell(ws.max_row, 1).value == "负责人：", pre + "sign-off row")
    for side, cols in (("period", (3, 4, 5)), ("annual", (6, 7, 8))):
        seen = []
        for row in rows:
            name, value = ws.cell(row, cols[1]).value, ws.cell(row, cols[2]).value
            if name is None and value is None:
                continue
            seen.append({"level1": merged_value(ws, row, 2), "level2": merged_value(ws, row, cols[0]),
                         "name": name, "value": value})
        want = [{k: ind[k] for k in ("level1", "level2", "name", "value")} for ind in r["indicators"][side]]
        check(seen == want, pre + f"{side} indicators as seen:\n  {seen}\n  want {want}")
    # Cells findings point at: filled, with a note naming the rule.
    for f in findings:
        m = re.fullmatch(r"(funds)\.(period|annual)\.total", f.get("field") or "")
        if m:
            cell = ws[f"{'E' if m.group(2) == 'period' else 'H'}7"]
            check(cell.comment is not None and f["rule"] in cell.comment.text and cell.fill.fgColor.rgb == "FFFFEB9C",
                  pre + f"{f['field']} ({f['rule']}) not marked")
        m = re.fullmatch(r"indicators\.(period|annual)\[(\d+)\]\.(value|name)", f.get("field") or "")
        if m:
            ind = r["indicators"][m.group(1)][int(m.group(2))]
            cols = (4, 5) if m.group(1) == "period" else (7, 8)
            col = cols[0] if m.group(3) == "name" else cols[1]
            hits = [ws.cell(row, col) for row in range(head + 1, ws.max_row)
                    if ws.cell(row, col).value == ind[m.group(3)] and ws.cell(row, col).comment is not None
                    and f["rule"] in ws.cell(row, col).comment.text]
            check(bool(hits) and hits[0].fill.fgColor.rgb == "FFFFEB9C", pre + f"{f['field']} ({f['rule']}) not marked")
    ps = ws.page_setup
    check(str(ps.paperSize) == "9" and ps.orientation == "portrait", pre + f"paper {ps.paperSize} {ps.orientation}")
    check(ws.sheet_properties.pageSetUpPr.fitToPage and str(ps.fitToWidth or 1) == "1" and str(ps.fitToHeight) == "0",
          pre + "fit to one page wide")
    check(ws.print_area is not None, pre + "print area")


# ---- running perfgoal ----

# The categories the county form prints whether or not a row is filled in
# under them (templates/forms/shanxi-county-project-targets.yaml, tree:).
COUNTY_TREE = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
               ("效益指标", "经济效益"), ("效益指标", "社会效益"), ("效益指标", "生态效益"), ("效益指标", "可持续影响"),
               ("满意度指标", "服务对象满意度")]


def indicator_rows(ws):
    """The rows of a form sheet's indicator table as a reader sees them: (一级, 实施期 二级, 年度 二级)."""
    head = next(row for row in range(1, ws.max_row + 1) if ws.cell(row, 2).value == "一级指标")
    return [(merged_value(ws, row, 2), merged_value(ws, row, 3), merged_value(ws, row, 6))
            for row in range(head + 1, ws.max_row)]


def paper_rows(lines):
    """The same rows read off the text export of the paper form: the lines between the
    indicator header and the sign-off, labels of merged cells carried down."""
    start = next(k for k, l in enumerate(lines) if l.startswith("绩效指标\t一级指标")) + 1
    end = next(k for k in range(start, len(lines)) if lines[k].startswith("负责人"))
    rows, carried = [], [None, None, None]
    for line in lines[start:end]:
        cells = line.split("\t") + [""] * 8
        for k, col in enumerate((1, 2, 5)):
            if cells[col]:
                carried[k] = cells[col]
        rows.append(tuple(carried))
    return rows


def check_empty_categories(xlsx, fixture_lines):
    """Item 6 of issue 13: the form sheets keep the category rows the paper form has
    with nothing filled in under them (生态效益 on the fixture's first form)."""
    wb = openpyxl.load_workbook(xlsx)
    forms = wb.sheetnames[3:]
    first = indicator_rows(wb[forms[0]])
    check(first == paper_rows(fixture_lines[:33]), f"form 1's indicator rows {first} are not the paper's")
    check(("效益指标", "生态效益", "生态效益") in first, "form 1: the empty 生态效益 row is missing")
    for name in forms:
        rows = indicator_rows(wb[name])
        for side in (1, 2):
            have = {(r[0], r[side]) for r in rows}
            missing = [c for c in COUNTY_TREE if c not in have]
            check(not missing, f"form sheet {name}: categories of the paper form missing: {missing}")


def run(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        FAILURES.append(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr}")
    return p


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(extra)
    return env


def core_created(path):
    with zipfile.ZipFile(path) as z:
        m = re.search(r"<dcterms:created[^>]*>([^<]*)<", z.read("docProps/core.xml").decode())
        return m.group(1) if m else None


def tricky_yaml(src, dst):
    """The fixture's records with texts that look like formulas and awkward names."""
    text = open(src, encoding="utf-8").read()
    swaps = [
        ('name: "八义镇东山村滑坡治理费用"', 'name: "=SUM(A1:A2)"'),
        ('implementing_unit: "长治市上党区自然资源局"', 'implementing_unit: "+86 0355 1234"'),
        ('name: "公交汽车运营费用（财政对公共民生事业中公共交通项目的补助）"', 'name: "@公交/运营:费用*?[补助]\\\\\'"'),
        ('name: "交通微循环以及安装智能交通标志标牌"', 'name: "\'交通微循环以及安装智能交通标志标牌、另加很长很长很长的名称"'),
        ('value: "1处"', 'value: "-5"'),
    ]
    # A text longer than an Excel cell holds (32,767 characters).
    text = re.sub(r'overview: "[^"]*"', 'overview: "' + "超长" * 20000 + '"', text, count=1)
    for old, new in swaps:
        if not check(old in text, f"tricky: {old} not in the records"):
            continue
        text = text.replace(old, new, 1)
    open(dst, "w", encoding="utf-8").write(text)


def parse_findings(stdout, inputs, records_per_input):
    """The batch tool's findings (one per line) -> rows of the 问题 sheet, and counts per form."""
    findings, counts = [], {}
    for line in stdout.splitlines():
        ci, ri, ln, pg, rule, sev, msg = line.split("\t", 6)
        ci, ri = int(ci), int(ri)
        form = sum(len(records_per_input[k]) for k in range(ci)) + ri if ri >= 0 else None
        findings.append({"file": inputs[ci], "line": int(ln), "page": int(pg),
                         "rule": rule, "severity": sev, "message": msg, "form": form})
        if form is not None:
            counts[form] = counts.get(form, 0) + 1
    return findings, counts


def findings_from_json(path):
    """The findings perfgoal wrote beside its outputs (perfgoal-findings/1) -> rows of
    the 问题 sheet, and counts per form (forms numbered across the batch)."""
    import json
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    offset, first_form = 0, {}
    for k, inp in enumerate(d["inputs"]):
        first_form[k] = offset
        offset += inp["records"]
    input_index = {inp["file"]: k for k, inp in enumerate(d["inputs"])}
    findings, counts = [], {}
    for f in d["findings"]:
        form = None
        if f.get("record") is not None and f["record"] >= 0:
            form = first_form[input_index[f["input"]]] + f["record"]
            counts[form] = counts.get(form, 0) + 1
        findings.append({"file": f["file"], "line": f["line"] or 0, "page": f["page"] or 0, "rule": f["rule"],
                         "severity": f["severity"], "message": f["message"], "form": form, "field": f.get("field")})
    return findings, counts


def same_content(path_a, path_b, skip):
    """Cell by cell (values, number formats, merges) the two workbooks agree, except
    the columns `skip` = {sheet: columns} (the places findings point at)."""
    a, b = openpyxl.load_workbook(path_a), openpyxl.load_workbook(path_b)
    if a.sheetnames != b.sheetnames:
        return f"sheets {a.sheetnames} != {b.sheetnames}"
    for name in a.sheetnames:
        wa, wb = a[name], b[name]
        if {str(m) for m in wa.merged_cells.ranges} != {str(m) for m in wb.merged_cells.ranges}:
            return f"{name}: merges differ"
        if wa.max_row != wb.max_row or wa.max_column != wb.max_column:
            return f"{name}: size differs"
        for ra, rb in zip(wa.iter_rows(), wb.iter_rows()):
            for ca, cb in zip(ra, rb):
                if openpyxl.utils.get_column_letter(ca.column) in skip.get(name, ""):
                    continue
                if (ca.value, ca.data_type, ca.number_format) != (cb.value, cb.data_type, cb.number_format):
                    return f"{name}!R{ca.row}C{ca.column}: {ca.value!r} != {cb.value!r}"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--perfgoal", required=True)
    ap.add_argument("--batch-tool", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    work = a.work
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    fixture = os.path.join(a.source, "fixtures", "shangdang-2025.txt")

    # 1. The fixture through the command line.
    out1 = os.path.join(work, "cli")
    run([a.perfgoal, "convert", fixture, "--to", "yaml,xlsx", "-o", out1], env=clean_env())
    yaml1 = os.path.join(out1, "shangdang-2025.yaml")
    xlsx1 = os.path.join(out1, "shangdang-2025.xlsx")
    records = load_records(yaml1)
    check(len(records) == 20, f"fixture: {len(records)} records")
    findings, counts = findings_from_json(os.path.join(out1, "shangdang-2025.findings.json"))
    check_workbook(xlsx1, [(r, counts.get(k, 0)) for k, r in enumerate(records)], findings, len(records), "fixture")
    check(core_created(xlsx1) == "1980-01-01T00:00:00Z", f"created {core_created(xlsx1)}")
    check_empty_categories(xlsx1, open(fixture, encoding="utf-8").read().split("\n"))

    # 2. Same bytes: a second run (the ZIP clock ticks every 2 s), and the YAML records read back.
    time.sleep(2.1)
    out2 = os.path.join(work, "again")
    run([a.perfgoal, "convert", fixture, "--to", "xlsx", "-o", out2], env=clean_env())
    out3 = os.path.join(work, "from-yaml")
    run([a.perfgoal, "convert", yaml1, "--to", "xlsx", "-o", out3], env=clean_env())
    data1 = open(xlsx1, "rb").read()
    check(open(os.path.join(out2, "shangdang-2025.xlsx"), "rb").read() == data1, "two runs differ")
    # The records read back give the same workbook; only where the findings
    # point differs (the YAML file and its lines instead of the text's, also
    # inside messages such as "same project as shangdang-2025.txt:505").
    diff = same_content(xlsx1, os.path.join(out3, "shangdang-2025.xlsx"), {"问题": "ABCF"})
    check(diff is None, f"the workbook from the YAML records differs from the one from the text: {diff}")
    out4 = os.path.join(work, "epoch")
    run([a.perfgoal, "convert", fixture, "--to", "xlsx", "-o", out4], env=clean_env(SOURCE_DATE_EPOCH="1700000000"))
    check(core_created(os.path.join(out4, "shangdang-2025.xlsx")) == "2023-11-14T22:13:20Z", "SOURCE_DATE_EPOCH ignored")

    # 3. Texts that look like formulas, awkward names.
    tricky = os.path.join(work, "tricky.yaml")
    tricky_yaml(yaml1, tricky)
    out5 = os.path.join(work, "tricky")
    run([a.perfgoal, "convert", tricky, "--to", "xlsx", "-o", out5], env=clean_env())
    trecords = load_records(tricky)
    findings, counts = findings_from_json(os.path.join(out5, "tricky.findings.json"))
    wb = check_workbook(os.path.join(out5, "tricky.xlsx"), [(r, counts.get(k, 0)) for k, r in enumerate(trecords)],
                        findings, len(trecords), "tricky")
    s = wb["汇总"]
    check(s["B2"].value == "=SUM(A1:A2)" and s["B2"].data_type == "s", f"'=SUM(A1:A2)' is {s['B2'].data_type}")
    check(s["H2"].value == "+86 0355 1234" and s["H2"].data_type == "s", "'+86…' not text")
    check(s["B3"].value.startswith("@") and s["B3"].data_type == "s", "'@…' not text")
    check(wb["绩效指标"]["H2"].value == "-5" and wb["绩效指标"]["H2"].data_type == "s", "'-5' not text")
    overview = wb[wb.sheetnames[3]]["C13"].value
    check(len(overview) <= 32767 and overview.endswith("全文见 YAML 记录）")
          and trecords[0]["overview"].startswith(overview[:32000]), f"long text not cut visibly ({len(overview)})")

    # 4. One workbook from a batch: text, YAML, and a form with a stray cell (a finding).
    lines = open(fixture, encoding="utf-8").read().split("\n")
    first_form = lines[:33]
    cells = first_form[8].split("\t")
    check(len(cells) == 8 and cells[7] == "", "fixture line 9 changed shape")
    cells[7] = "多余的备注"
    first_form[8] = "\t".join(cells)
    stray = os.path.join(work, "stray.txt")
    open(stray, "w", encoding="utf-8").write("\n".join(first_form) + "\n")
    stray_yaml = os.path.join(work, "stray-records")
    run([a.perfgoal, "convert", stray, "--to", "yaml", "-o", stray_yaml], env=clean_env())
    srecords = load_records(os.path.join(stray_yaml, "stray.yaml"))
    batch_inputs = [fixture, tricky, stray]
    batch_records = [records, trecords, srecords]
    for mode, extra, cap in [("constant-memory", [], None), ("in-memory", ["--no-constant-memory"], None),
                             ("capped", ["--max-form-sheets", "5"], 5)]:
        path = os.path.join(work, f"batch-{mode}.xlsx")
        p = run([a.batch_tool, path] + extra + batch_inputs, env=clean_env())
        findings, counts = parse_findings(p.stdout, batch_inputs, batch_records)
        check(any(f["line"] == 9 and "多余的备注" in f["message"] and f["form"] == 40 for f in findings),
              f"{mode}: the stray cell is not a finding on form 41: {findings}")
        forms = [(r, 0) for recs in batch_records for r in recs]
        forms = [(r, counts.get(k, 0)) for k, (r, _) in enumerate(forms)]
        check_workbook(path, forms, findings, cap or len(forms), f"batch {mode}")

    # The same batch through the command line: --combine writes one workbook.
    out6 = os.path.join(work, "combined")
    run([a.perfgoal, "convert"] + batch_inputs + ["--to", "yaml,xlsx", "--combine", "all", "-j", "2", "-o", out6],
        env=clean_env())
    crecords = load_records(os.path.join(out6, "all.yaml"))
    check(len(crecords) == 41, f"combined: {len(crecords)} records")
    findings, counts = findings_from_json(os.path.join(out6, "all.findings.json"))
    check_workbook(os.path.join(out6, "all.xlsx"), [(r, counts.get(k, 0)) for k, r in enumerate(crecords)], findings,
                   len(crecords), "combined")

    # 5. A batch with no form at all: the findings, no totals, no form sheet.
    noform = os.path.join(work, "no-form.txt")
    open(noform, "w", encoding="utf-8").write("hello\tworld\n")
    path = os.path.join(work, "no-form.xlsx")
    p = run([a.batch_tool, path, noform], env=clean_env())
    findings, _ = parse_findings(p.stdout, [noform], [[]])
    check(any(f["rule"] == "no-form" for f in findings), f"no-form: {findings}")
    check_workbook(path, [], findings, 0, "no form")

    if FAILURES:
        for f in FAILURES:
            print("FAIL:", f)
        print(f"{len(FAILURES)} failures")
        return 1
    print(f"xlsx read-back: all {CHECKS[0]} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
