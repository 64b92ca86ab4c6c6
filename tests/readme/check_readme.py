#!/usr/bin/env python3
"""The README shows a user's path from install to workbook (issue 13 item 9),
and that path works: the sections come in the order a user needs them
(the two commands at the top, Install, Quick start, then the developers'
part), and the Quick start's commands, run as written on a folder of forms
(a PDF and a text export), write the files its comments promise — the
workbook read back with openpyxl.

usage: check_readme.py PERFGOAL SOURCE_DIR WORK_DIR
"""
import os
import re
import shlex
import shutil
import subprocess
import sys

import openpyxl

PERFGOAL, SRC, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def section(text, title):
    m = re.search(r"^## " + re.escape(title) + r".*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    return m.group(1) if m else None


def main():
    with open(os.path.join(SRC, "README.md"), encoding="utf-8") as f:
        text = f.read()
    heads = re.findall(r"^## (.*)$", text, re.M)
    order = [next((k for k, h in enumerate(heads) if h.startswith(t)), -1)
             for t in ("Install", "Quick start", "Using it", "How it is built")]
    check(-1 not in order and order == sorted(order), f"README sections out of a user's order: {heads}")
    top = text[:text.index("\n## ")]
    check("./scripts/install-deps.sh && cmake -S . -B build" in top and "./scripts/test.sh" in top,
          "the two commands at the top are gone")
    check(text.count("What a bad input gets") == 1, "'What a bad input gets' appears more than once")
    install = section(text, "Install") or ""
    check("cpack -G DEB" in install and "apt install ./build/perfgoal_" in install, "Install: no .deb path")

    # The Quick start, run as written: ~/forms/2025/ is a folder of forms, ~/out the output.
    quick = section(text, "Quick start") or ""
    block = re.search(r"```sh\n(.*?)```", quick, re.S)
    if not check(block, "Quick start has no sh block"):
        return finish()
    shutil.rmtree(WORK, ignore_errors=True)
    home = os.path.join(WORK, "home")
    forms = os.path.join(home, "forms", "2025")
    os.makedirs(os.path.join(forms, "b"))
    shutil.copy(os.path.join(SRC, "fixtures", "pdf", "chromium-forms.pdf"), os.path.join(forms, "county-a.pdf"))
    shutil.copy(os.path.join(SRC, "fixtures", "shangdang-2025.txt"), os.path.join(forms, "b", "forms.txt"))
    promised = []
    for line in block.group(1).splitlines():
        command, _, comment = line.partition("#")
        if command.strip():
            words = [w.replace("~", home, 1) if w.startswith("~") else w for w in shlex.split(command)]
            check(words[0] == "perfgoal", f"Quick start runs {words[0]}")
            r = subprocess.run([PERFGOAL] + words[1:], capture_output=True, text=True, cwd=WORK, timeout=300,
                               env=dict(os.environ, HOME=home))
            check(r.returncode == 0, f"`{command.strip()}` exited {r.returncode}: {r.stderr[-500:]}")
            if words[1] == "check":
                check("warning[" in r.stdout and "info[" not in r.stdout, f"check output: {r.stdout[:300]}")
        elif comment.strip().startswith("~/"):
            promised.append(comment.split()[0].replace("~", home, 1))
    check(len(promised) >= 3, f"Quick start promises {promised}")
    for p in promised:
        check(os.path.getsize(p) > 0 if os.path.exists(p) else False, f"Quick start promised {p}: not written")
    xlsx = [p for p in promised if p.endswith(".xlsx")]
    if check(xlsx and os.path.exists(xlsx[0]), "no workbook"):
        wb = openpyxl.load_workbook(xlsx[0])
        check(wb.sheetnames[:3] == ["汇总", "绩效指标", "问题"], f"sheets {wb.sheetnames[:3]}")
        files = {wb["汇总"].cell(row, 3).value for row in range(2, wb["汇总"].max_row + 1)}
        # 来源文件 as the Quick start says: the path below the folder, starting with its name.
        check({"2025/county-a.pdf", "2025/b/forms.txt"} <= files, f"来源文件 {sorted(f for f in files if f)}")
        check(len(wb.sheetnames) - 3 == 25, f"{len(wb.sheetnames) - 3} form sheets, want 5 + 20")
    return finish()


def finish():
    for f in failures:
        print("FAIL:", f)
    print("README user path:", "ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
