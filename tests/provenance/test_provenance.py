#!/usr/bin/env python3
"""Provenance end to end (issue 13 item 1): an auditor's folder with a forms.txt
per year. Every output must tell the two inputs apart by their path below the
walked folder, starting with the folder's own name (arch/2024/forms.txt), and
a file named on the command line keeps the path as given.

Checked: the records (source.file), the findings JSON (inputs, file, input,
the duplicate-form message), check's terminal output, the run report, and the
combined workbook (汇总 来源文件, 绩效指标 来源文件, 问题 文件 and message, the
form sheets' 来源 line), read back with openpyxl.

usage: test_provenance.py PERFGOAL SOURCE_DIR WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import unittest

import openpyxl
import yaml

PERFGOAL, SRC, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
A24, A25 = "arch/2024/forms.txt", "arch/2025/forms.txt"


def run(*args, cwd, ok=(0,)):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1735689600")
    r = subprocess.run([PERFGOAL, *args, "--no-progress"] if args[0] == "convert" else [PERFGOAL, *args],
                       cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    if r.returncode not in ok:
        raise AssertionError(f"perfgoal {' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r


def records(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def first_form_text():
    """The fixture's first form (lines 1-33): one form, filed in both years."""
    with open(os.path.join(SRC, "fixtures", "shangdang-2025.txt"), encoding="utf-8") as f:
        return "".join(f.readlines()[:33])


class Provenance(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        shutil.rmtree(WORK, ignore_errors=True)
        cls.base = os.path.join(WORK, "auditor")
        text = first_form_text()
        for path in (A24, A25):
            os.makedirs(os.path.join(cls.base, os.path.dirname(path)))
            with open(os.path.join(cls.base, path), "w", encoding="utf-8") as f:
                f.write(text)
        os.makedirs(os.path.join(WORK, "elsewhere"))

    def test_records_findings_report(self):
        out = os.path.join(WORK, "out")
        report = os.path.join(WORK, "report.json")
        run("convert", "arch", "-o", out, "--report", report, cwd=self.base)
        for year, name in (("2024", A24), ("2025", A25)):
            recs = records(os.path.join(out, year, "forms.yaml"))
            self.assertEqual([r["source"]["file"] for r in recs], [name])
            with open(os.path.join(out, year, "forms.findings.json"), encoding="utf-8") as f:
                j = json.load(f)
            self.assertEqual(j["inputs"], [{"file": name, "records": 1}])
            self.assertTrue(j["findings"])
            self.assertEqual({f["file"] for f in j["findings"]}, {name})
            self.assertEqual({f["input"] for f in j["findings"]}, {name})
        with open(os.path.join(out, "2025", "forms.findings.json"), encoding="utf-8") as f:
            dups = [f for f in json.load(f)["findings"] if f["rule"] == "duplicate-form"]
        self.assertEqual(len(dups), 1)
        self.assertEqual((dups[0]["file"], dups[0]["line"]), (A25, 3))
        self.assertIn(f"与 {A24}:3 的表是同一项目", dups[0]["message"])
        with open(report, encoding="utf-8") as f:
            rep = json.load(f)
        self.assertEqual([(i["file"], i["input"], i["status"]) for i in rep["inputs"]],
                         [(A24, A24, "converted"), (A25, A25, "converted")])

    def test_check_terminal_and_json(self):
        # The folder named by an absolute path with a trailing slash: the names
        # still start with the folder's own name.
        for arg, cwd in (("arch", self.base), (os.path.join(self.base, "arch") + "/", os.path.join(WORK, "elsewhere")),
                         (".", os.path.join(self.base, "arch"))):  # "." is the folder it stands for
            with self.subTest(arg=arg):
                r = run("check", arg, cwd=cwd)
                lines = r.stdout.splitlines()
                dup = [l for l in lines if "[duplicate-form]" in l]
                self.assertEqual(len(dup), 1, r.stdout)
                self.assertTrue(dup[0].startswith(f"{A25}:3: warning[duplicate-form]: "), dup[0])
                self.assertIn(f"与 {A24}:3 的表是同一项目", dup[0])
                located = [l for l in lines if not l.startswith("perfgoal check:")]
                self.assertTrue(located)
                self.assertTrue(all(l.startswith((A24 + ":", A25 + ":")) for l in located), located)
        r = run("check", "arch", "--format", "json", cwd=self.base)
        j = json.loads(r.stdout)
        self.assertEqual([i["file"] for i in j["inputs"]], [A24, A25])

    def test_named_files_keep_the_path_as_given(self):
        out = os.path.join(WORK, "named")
        given = ["arch/2024/forms.txt", "./arch/2025/forms.txt"]
        run("convert", *given, "-o", out, cwd=self.base)
        # Two inputs called forms.txt: outputs keep apart too (forms.txt, forms.txt-2).
        written = sorted(n for n in os.listdir(out) if n.endswith(".yaml"))
        self.assertEqual(len(written), 2)
        files = sorted(r["source"]["file"] for n in written for r in records(os.path.join(out, n)))
        self.assertEqual(files, sorted(given))
        absolute = os.path.join(self.base, A24)
        r = run("check", absolute, cwd=os.path.join(WORK, "elsewhere"))
        self.assertTrue(all(l.startswith(absolute + ":") for l in r.stdout.splitlines()[:-1]), r.stdout)

    def test_combined_workbook(self):
        out = os.path.join(WORK, "combined")
        run("convert", "arch", "--to", "yaml,xlsx", "--combine", "all", "-o", out, cwd=self.base)
        self.assertEqual([r["source"]["file"] for r in records(os.path.join(out, "all.yaml"))], [A24, A25])
        wb = openpyxl.load_workbook(os.path.join(out, "all.xlsx"))
        summary = wb["汇总"]
        self.assertEqual(summary["C1"].value, "来源文件")
        self.assertEqual([summary.cell(row, 3).value for row in (2, 3)], [A24, A25])
        ind = wb["绩效指标"]
        col = [c.value for c in ind[1]].index("来源文件") + 1
        self.assertEqual({ind.cell(row, col).value for row in range(2, ind.max_row + 1)} - {None}, {A24, A25})
        problems = wb["问题"]
        self.assertEqual(problems["A1"].value, "文件")
        files = {problems.cell(row, 1).value for row in range(2, problems.max_row + 1)}
        self.assertEqual(files, {A24, A25})
        msg_col = [c.value for c in problems[1]].index("说明") + 1
        dup = [row for row in range(2, problems.max_row + 1)
               if problems.cell(row, 4).value == "duplicate-form"]
        self.assertEqual(len(dup), 1)
        self.assertEqual(problems.cell(dup[0], 1).value, A25)
        self.assertIn(f"与 {A24}:3 的表是同一项目", problems.cell(dup[0], msg_col).value)
        sources = [wb[name]["A3"].value for name in wb.sheetnames[3:]]
        self.assertEqual(sources, [f"来源：{A24} 第3–33行", f"来源：{A25} 第3–33行"])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
