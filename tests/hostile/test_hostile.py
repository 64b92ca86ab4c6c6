#!/usr/bin/env python3
"""Hostile inputs through the real binary (issue 12): none may crash a batch,
and no workbook may be one that Excel cannot open while the run says it
succeeded.

  LongCells  a 20,000-character 主管部门及代码 / 项目属性 cell (std::regex
             overflowed the stack: exit 139, the batch lost) and 100,000
             characters of "(a (a (a …" under --max-seconds;
  Workbook   control characters and bytes that are not UTF-8 in texts, and a
             project name longer than a cell holds: the workbook is opened
             with strict readers (every XML part parsed by expat, then
             openpyxl), the change is visible (U+FFFD, a cut note) and reported;
  RowLimit   绩效指标 and 问题 past the sheet row limit go on over sheets
             "绩效指标 (2)", …, said in 汇总 (the limit made small through the
             test driver).

usage: test_hostile.py PERFGOAL XLSX_WRITE_BATCH SOURCE_DIR GROUP
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import yaml

PERFGOAL = DRIVER = SRC = None
REPLACEMENT = "\ufffd"
CUT_MARKER = "……（超出 Excel 单元格 32767 字符的上限，以下从略；全文见 YAML 记录）"


def run(*args, timeout=120):
    env = dict(os.environ)
    env.pop("CI", None)
    return subprocess.run([PERFGOAL, *args], capture_output=True, env=env, timeout=timeout)


def fixture_lines():
    with open(os.path.join(SRC, "fixtures", "shangdang-2025.txt"), encoding="utf-8") as f:
        return f.read().split("\n")


def first_form(replace=None):
    """The fixture's first form (lines 1-32) as text, with (line, old, new) replacements."""
    lines = fixture_lines()[:32]
    for index, old, new in replace or []:
        assert old in lines[index], (index, old)
        lines[index] = lines[index].replace(old, new)
    return "\n".join(lines) + "\n"


def records_in(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def findings_in(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["findings"]


def strict_open(test, path):
    """Every XML part must parse with a strict parser (expat refuses control
    characters and bad UTF-8, in text and in attributes alike); then openpyxl."""
    with zipfile.ZipFile(path) as z:
        test.assertIsNone(z.testzip())
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                try:
                    ET.fromstring(z.read(name))
                except ET.ParseError as e:
                    test.fail(f"{path}: part {name} is not well-formed XML: {e}")
    return openpyxl.load_workbook(path)


def sheet_texts(ws):
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


class Workdir(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="perfgoal-hostile-")
        self.inp = os.path.join(self.dir, "in")
        self.out = os.path.join(self.dir, "out")
        os.makedirs(self.inp)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def put(self, name, data):
        path = os.path.join(self.inp, name)
        with open(path, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        return path


class LongCells(Workdir):
    def test_huge_department_and_attribute_cells_convert_and_the_batch_goes_on(self):
        department = "局" * 20000
        attribute = "延续性项目" + "x" * 20000
        self.put("a-department.txt", first_form([(7, "409-长治市上党区自然资源局", "409-" + department)]))
        self.put("b-attribute.txt", first_form([(8, "延续性项目（阶段开展）", attribute + "（阶段开展）")]))
        with open(os.path.join(SRC, "fixtures", "shangdang-2025.txt"), "rb") as f:
            self.put("c-after.txt", f.read())
        report = os.path.join(self.dir, "report.json")
        r = run("convert", self.inp, "-o", self.out, "-j", "1", "--report", report)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        with open(report, encoding="utf-8") as f:
            status = {os.path.basename(i["input"]): i["status"] for i in json.load(f)["inputs"]}
        self.assertEqual(status, {"a-department.txt": "converted", "b-attribute.txt": "converted",
                                  "c-after.txt": "converted"})
        rec = records_in(os.path.join(self.out, "a-department.yaml"))[0]
        self.assertEqual((rec["project"]["department_code"], rec["project"]["department"]), ("409", department))
        rec = records_in(os.path.join(self.out, "b-attribute.yaml"))[0]
        self.assertEqual((rec["project"]["attribute"], rec["project"]["attribute_detail"]), (attribute, "阶段开展"))
        self.assertEqual(len(records_in(os.path.join(self.out, "c-after.yaml"))), 20)
        # check reads the same cells
        r = run("check", os.path.join(self.inp, "a-department.txt"), os.path.join(self.inp, "c-after.txt"))
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("2 inputs", r.stdout.decode() + r.stderr.decode())

    def test_nested_brackets_are_read_in_one_pass_within_the_time_limit(self):
        # 15,000 characters of this took 9 s in std::regex and ignored
        # --max-seconds; 100,000 overflowed the stack. Now each input is one pass.
        nested = "(a " * 33000
        for k in range(3):
            self.put(f"nested{k}.txt", first_form([(8, "延续性项目（阶段开展）", "延续性项目" + nested + ")")]))
        report = os.path.join(self.dir, "report.json")
        r = run("convert", self.inp, "-o", self.out, "-j", "1", "--max-seconds", "2", "--report", report)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        for k in range(3):
            rec = records_in(os.path.join(self.out, f"nested{k}.yaml"))[0]
            self.assertEqual(rec["project"]["attribute"], "延续性项目")
            self.assertEqual(rec["project"]["attribute_detail"], nested[1:].strip())


class Workbook(Workdir):
    def test_control_characters_and_bad_utf8_give_a_valid_workbook_with_visible_replacements(self):
        # A control character in a text input's project name and indicator value ...
        self.put("control.txt", first_form([(6, "八义镇东山村", "八义\x07镇东山村"), (23, "滑坡治理\t1处", "滑坡治理\t1\x01处")]))
        # ... and bytes that are not UTF-8 in a YAML record (fixed by hand).
        with open(os.path.join(SRC, "tests", "golden", "shangdang-2025", "expected", "shangdang-2025.yaml"), "rb") as f:
            data = f.read()
        data = data.replace('name: "八义镇'.encode(), b'name: "' + "八义".encode() + b"\xff" + "镇".encode(), 1)
        data = data.replace('schedule: "该工程'.encode(), b'schedule: "\xc3(' + "该工程".encode(), 1)
        self.put("edited.yaml", data)
        for name in ("control", "edited"):
            with self.subTest(name=name):
                src = os.path.join(self.inp, name + (".yaml" if name == "edited" else ".txt"))
                out = os.path.join(self.out, name)
                r = run("convert", src, "--to", "yaml,xlsx", "-o", out)
                self.assertEqual(r.returncode, 0, r.stderr.decode())
                wb = strict_open(self, os.path.join(out, name + ".xlsx"))
                summary = wb["汇总"]
                shown = summary["B2"].value
                self.assertEqual(shown, "八义" + REPLACEMENT + "镇东山村滑坡治理费用")
                self.assertEqual(summary["B2"].hyperlink.location.strip("'").split("'!")[0], wb.sheetnames[3])
                form = wb[wb.sheetnames[3]]
                self.assertIn("八义" + REPLACEMENT + "镇东山村滑坡治理费用", sheet_texts(form))
                rules = [(f["rule"], f["field"]) for f in findings_in(os.path.join(out, name + ".findings.json"))]
                self.assertIn(("bad-character", "project.name"), rules)
                if name == "control":
                    self.assertIn("1" + REPLACEMENT + "处", sheet_texts(wb["绩效指标"]))
                    self.assertIn(("bad-character", "indicators.period[0].value"), rules)
                    # The record keeps the text as read.
                    self.assertEqual(records_in(os.path.join(out, "control.yaml"))[0]["project"]["name"],
                                     "八义\x07镇东山村滑坡治理费用")
                else:
                    self.assertIn(REPLACEMENT + "(该工程已完成85%，2025年上半年支付50%，剩余10月份支完。", sheet_texts(form))
                    self.assertIn(("bad-character", "schedule"), rules)

    def test_a_name_longer_than_a_cell_is_cut_visibly_everywhere(self):
        name = "名" * 40000
        self.put("long.txt", first_form([(6, "八义镇东山村滑坡治理费用", name)]))
        r = run("convert", os.path.join(self.inp, "long.txt"), "--to", "yaml,xlsx", "-o", self.out)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        wb = strict_open(self, os.path.join(self.out, "long.xlsx"))
        cut = name[:32767 - len(CUT_MARKER)] + CUT_MARKER
        self.assertEqual(wb["汇总"]["B2"].value, cut)  # the hyperlink's text too
        self.assertEqual(wb["绩效指标"]["B2"].value, cut)
        self.assertIn(cut, sheet_texts(wb[wb.sheetnames[3]]))
        findings = findings_in(os.path.join(self.out, "long.findings.json"))
        self.assertIn(("text-over-cell-limit", "project.name"), [(f["rule"], f["field"]) for f in findings])
        self.assertEqual(records_in(os.path.join(self.out, "long.yaml"))[0]["project"]["name"], name)


class RowLimit(Workdir):
    def driver(self, out, *options):
        r = subprocess.run([DRIVER, out, *options, os.path.join(SRC, "fixtures", "shangdang-2025.txt")],
                           capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return strict_open(self, out)

    def rows(self, ws):
        return [tuple(c.value for c in row) for row in ws.iter_rows()]

    def test_indicator_and_finding_sheets_go_on_over_parts(self):
        whole = self.driver(os.path.join(self.dir, "whole.xlsx"))
        split = self.driver(os.path.join(self.dir, "split.xlsx"), "--max-sheet-rows", "30")
        for base in ("绩效指标", "问题"):
            with self.subTest(sheet=base):
                expected = self.rows(whole[base])
                header, data = expected[0], expected[1:]
                parts = [base] + [f"{base} ({k})" for k in range(2, (len(data) + 28) // 29 + 1)]
                self.assertGreaterEqual(len(parts), 2)
                self.assertEqual([n for n in split.sheetnames if n.startswith(base)], parts)
                got = []
                for name in parts:
                    rows = self.rows(split[name])
                    self.assertLessEqual(len(rows), 30)
                    self.assertEqual(rows[0], header)
                    self.assertEqual(split[name].auto_filter.ref, f"A1:{chr(64 + len(header))}{len(rows)}")
                    got += rows[1:]
                self.assertEqual(got, data)
                notes = [v for v in sheet_texts(split["汇总"]) if v.startswith("注：「" + base + "」")]
                self.assertEqual(len(notes), 1, notes)
                self.assertIn(f"共 {len(data)} 行", notes[0])
                self.assertIn("、".join(f"「{n}」" for n in parts), notes[0])
        # The order of the sheets: 汇总, the 绩效指标 parts, the 问题 parts, the forms.
        self.assertEqual(split.sheetnames[0], "汇总")
        self.assertEqual(split.sheetnames[len(split.sheetnames) - 20:], whole.sheetnames[3:])
        self.assertFalse([v for v in sheet_texts(whole["汇总"]) if v.startswith("注：")])

    def test_a_summary_past_the_limit_is_refused_with_a_reason(self):
        # 汇总 is one sheet (its totals add up every form): 20 forms do not fit in 20 rows.
        out = os.path.join(self.dir, "small.xlsx")
        r = subprocess.run([DRIVER, out, "--max-sheet-rows", "20", os.path.join(SRC, "fixtures", "shangdang-2025.txt")],
                           capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 1)
        self.assertIn("20 forms: more than one 汇总 sheet holds (20 rows)", r.stderr.decode())
        self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    PERFGOAL, DRIVER, SRC, group = sys.argv[1:5]
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(globals()[group])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
