#!/usr/bin/env python3
"""Peak memory of one input of many forms stays small (issue 16: streaming).

Converts one text file of FORMS forms (the fixture repeated) to each format
that streams, and runs `check` on it, and asserts that each run's peak
resident set size (getrusage of the child) stays under LIMIT MiB (YAML, XML,
check) or XLSX_LIMIT MiB (a workbook: libxlsxwriter holds a row buffer per
sheet, and there are up to 500 form sheets). Before streaming, 3,000 forms
peaked at about 100 MiB (--to yaml) and 230 MiB (--to xml); streamed, any
number of forms peaks near 25 MiB. The workbook, before it streamed: 105 MiB
at 1,000 forms, 359 MiB at 10,000 (about 130 MiB at 2,000); streamed, about
92 MiB at 1,000 or 10,000 forms, 157 MiB at 100,000.
Not a timing test: only memory is asserted.
Usage: peak_rss.py PERFGOAL SOURCE_DIR WORK_DIR [FORMS] [LIMIT_MIB] [XLSX_LIMIT_MIB]
"""
import os
import shutil
import subprocess
import sys


def peak_mib(cmd):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss / 1024.0, err.decode("utf-8", "replace")


def main():
    perfgoal, source, work = sys.argv[1:4]
    forms = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
    limit = float(sys.argv[5]) if len(sys.argv) > 5 else 64
    xlsx_limit = float(sys.argv[6]) if len(sys.argv) > 6 else 112
    fixture = open(os.path.join(source, "fixtures", "shangdang-2025.txt"), encoding="utf-8").read()
    per_copy = fixture.count("项目支出绩效目标表")
    copies = (forms + per_copy - 1) // per_copy
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    big = os.path.join(work, "many.txt")
    with open(big, "w", encoding="utf-8") as f:
        for _ in range(copies):
            f.write(fixture)
            f.write("\n")
    failed = False
    runs = [
        ("convert --to yaml", ["convert", big, "-o", os.path.join(work, "y"), "-j", "1", "--no-progress", "--to", "yaml"]),
        ("convert --to xml", ["convert", big, "-o", os.path.join(work, "x"), "-j", "1", "--no-progress", "--to", "xml"]),
        ("check", ["check", big, "--quiet"]),
        ("convert --to yaml,xml,xlsx", ["convert", big, "-o", os.path.join(work, "all"), "-j", "1", "--no-progress",
                                        "--to", "yaml,xml,xlsx"]),
    ]
    for label, args in runs:
        code, mib, err = peak_mib([perfgoal] + args)
        cap = xlsx_limit if "xlsx" in label else limit
        print(f"{label}: {copies * per_copy} forms, peak RSS {mib:.1f} MiB (limit {cap:.0f} MiB), exit {code}")
        if label.startswith("convert") and code != 0:
            print(err, file=sys.stderr)
            failed = True
        if mib > cap:
            print(f"FAIL: {label} peaked at {mib:.1f} MiB for {copies * per_copy} forms in one file", file=sys.stderr)
            failed = True
    yaml_out = os.path.join(work, "y", "many.yaml")
    records = sum(1 for line in open(yaml_out, encoding="utf-8") if line.startswith("format: perfgoal-record/1"))
    if records != copies * per_copy:
        print(f"FAIL: {records} records written for {copies * per_copy} forms", file=sys.stderr)
        failed = True
    # The workbook holds every form (汇总 has a row for each).
    import zipfile
    with zipfile.ZipFile(os.path.join(work, "all", "many.xlsx")) as z:
        names = z.namelist()
        sheet1 = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rows = sheet1.count("<row ")
    if rows < copies * per_copy + 1:
        print(f"FAIL: 汇总 has {rows} rows for {copies * per_copy} forms", file=sys.stderr)
        failed = True
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
