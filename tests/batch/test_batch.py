#!/usr/bin/env python3
"""End-to-end tests of batch conversion with the real binary: bad inputs,
parallel jobs, interrupted runs, skipping unchanged inputs.

usage: test_batch.py PERFGOAL SOURCE_DIR
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import yaml

PERFGOAL = None
SRC = None


def run(*args, stdin=None, env=None, cwd=None, binary=False):
    e = dict(os.environ)
    e.pop("CI", None)
    if env:
        e.update(env)
    return subprocess.run([PERFGOAL, *args], capture_output=True, text=not binary, input=stdin, env=e, timeout=300,
                          cwd=cwd)


def fixture():
    return os.path.join(SRC, "fixtures", "shangdang-2025.txt")


def expected_yaml(source_file="fixtures/shangdang-2025.txt"):
    """The fixture's records, as the golden run (which names fixtures/shangdang-2025.txt) wrote them,
    with source.file the name this run gives the input."""
    with open(os.path.join(SRC, "tests", "golden", "shangdang-2025", "expected", "shangdang-2025.yaml"),
              encoding="utf-8") as f:
        return f.read().replace('  file: "fixtures/shangdang-2025.txt"\n', f'  file: "{source_file}"\n')


def records_in(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


class Workdir(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="perfgoal-batch-")
        self.inp = os.path.join(self.dir, "in")
        self.out = os.path.join(self.dir, "out")
        os.makedirs(self.inp)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def put(self, name, data):
        path = os.path.join(self.inp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def good(self, name):
        with open(fixture(), "rb") as f:
            return self.put(name, f.read())


# Each bad input, the message that must name it, and what its exit code is.
BAD_INPUTS = [
    ("empty.txt", b"", "empty.txt: error: empty file"),
    ("binary.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 40, "binary.txt:1: error: binary data"),
    ("not-a-form.txt", "会议纪要\n今天讨论了预算。\n".encode("utf-8"), "not-a-form.txt: error: no 项目支出绩效目标表 found"),
    ("bad-gb18030.txt", b"\xcf\xee\xc4\xbf\n\xff\xff\xff\n", "bad-gb18030.txt:2: error: bytes that are not valid GB18030"),
    ("utf16-odd.txt", b"\xff\xfe\x79\x98\xee", "utf16-odd.txt:1: error: text ends inside a character"),
]


class BadInputs(Workdir):
    def test_each_bad_input_alone_fails_with_its_message(self):
        for name, data, message in BAD_INPUTS:
            with self.subTest(name=name):
                path = self.put(name, data)
                r = run("convert", path, "-o", self.out)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertIn(message, r.stderr)
                self.assertFalse(os.path.exists(os.path.join(self.out, os.path.splitext(name)[0] + ".yaml")))

    def test_the_readme_is_no_form(self):
        """Issue 13 item 2: the README names the titles of every layout (its table of
        templates) but is no form: no record, "no form found", counted as failed."""
        report = os.path.join(self.dir, "report.json")
        r = run("convert", os.path.join(SRC, "README.md"), "-o", self.out, "--report", report)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("README.md: error: no 项目支出绩效目标表 found (the title words are there, but not the form", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.out, "README.yaml")))
        with open(report, encoding="utf-8") as f:
            self.assertEqual([i["status"] for i in json.load(f)["inputs"]], ["failed"])
        r = run("check", os.path.join(SRC, "README.md"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("README.md:3: error[no-form]: no 项目支出绩效目标表 found", r.stdout)

    def test_good_files_beside_bad_ones_convert_fully(self):
        for name, data, _ in BAD_INPUTS:
            self.put(name, data)
        self.good("good/shangdang.txt")
        report = os.path.join(self.dir, "report.json")
        r = run("convert", self.inp, "-o", self.out, "-j", "2", "--report", report)
        self.assertEqual(r.returncode, 1)
        with open(os.path.join(self.out, "good", "shangdang.yaml"), encoding="utf-8") as f:
            # source.file: the path below the walked folder, starting with its name
            self.assertEqual(f.read(), expected_yaml("in/good/shangdang.txt"))
        with open(report, encoding="utf-8") as f:
            rep = json.load(f)
        status = {os.path.basename(i["input"]): i["status"] for i in rep["inputs"]}
        self.assertEqual(status["shangdang.txt"], "converted")
        for name, _, message in BAD_INPUTS:
            self.assertEqual(status[name], "failed")
            entry = next(i for i in rep["inputs"] if i["input"].endswith(name))
            self.assertIn(message, entry["error"])
        self.assertEqual(rep["summary"]["failed"], len(BAD_INPUTS))
        self.assertEqual(rep["summary"]["forms"], 20)
        self.assertIn("1 of %d inputs converted" % (len(BAD_INPUTS) + 1), r.stderr)

    def test_missing_file_and_huge_line(self):
        huge = self.put("huge-line.txt", ("项目" * 3_000_000 + "\n").encode("utf-8"))
        r = run("convert", huge, os.path.join(self.inp, "nope.txt"), "-o", self.out)
        self.assertEqual(r.returncode, 1)
        self.assertIn("nope.txt: error: no such file", r.stderr)
        self.assertIn("huge-line.txt: error: no 项目支出绩效目标表 found", r.stderr)

    def test_size_limit_is_reported(self):
        path = self.good("big.txt")
        r = run("convert", path, "-o", self.out, "--max-mib", "0.01")
        self.assertEqual(r.returncode, 1)
        self.assertIn("big.txt: error: file is 0 MiB, over the limit", r.stderr)
        self.assertIn("--max-mib", r.stderr)

    def test_page_limit_is_reported(self):
        pdf = os.path.join(SRC, "fixtures", "pdf", "chromium-forms.pdf")
        r = run("convert", pdf, fixture(), "-o", self.out, "--max-pages", "1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("chromium-forms.pdf: error: the PDF has", r.stderr)
        self.assertIn("over the limit of 1 (--max-pages)", r.stderr)
        self.assertEqual(len(records_in(os.path.join(self.out, "shangdang-2025.yaml"))), 20)

    def test_broken_pdfs_beside_a_good_text(self):
        pdfs = [os.path.join(SRC, "fixtures", "pdf", n) for n in ("encrypted.pdf", "truncated.pdf", "damaged.pdf", "scanned.pdf")]
        r = run("convert", *pdfs, fixture(), "-o", self.out)
        self.assertEqual(r.returncode, 1)
        for n, message in (("encrypted.pdf", "encrypted PDF"), ("truncated.pdf", "truncated PDF"),
                           ("damaged.pdf", "damaged PDF"), ("scanned.pdf", "too few to read by OCR")):
            self.assertIn(f"{n}", r.stderr)
            self.assertIn(message, r.stderr)
        self.assertIn("1 of 5 inputs converted, 4 failed", r.stderr)
        self.assertEqual(len(records_in(os.path.join(self.out, "shangdang-2025.yaml"))), 20)

    def test_time_limit_is_reported(self):
        with open(fixture(), "rb") as f:
            path = self.put("slow.txt", f.read() * 50)
        r = run("convert", path, "-o", self.out, "--max-seconds", "0.001")
        self.assertEqual(r.returncode, 1)
        self.assertIn("slow.txt: error: took longer than the time allowed for one input (--max-seconds)", r.stderr)

    def test_truncated_form_converts_what_is_there(self):
        with open(fixture(), encoding="utf-8") as f:
            lines = f.read().split("\n")
        path = self.put("truncated.txt", "\n".join(lines[:20]).encode("utf-8"))  # stops inside the first form
        r = run("convert", path, "-o", self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        recs = records_in(os.path.join(self.out, "truncated.yaml"))
        self.assertEqual(len(recs), 1)
        self.assertEqual(recs[0]["project"]["name"], "八义镇东山村滑坡治理费用")
        self.assertEqual(recs[0]["indicators"]["period"], [])
        self.assertIsNone(recs[0]["sign_off"]["filed_at"])

    def test_usage_errors_exit_2(self):
        self.assertEqual(run("convert", fixture(), "--to", "docx", "-o", self.out).returncode, 2)
        self.assertEqual(run("convert", "-o", self.out).returncode, 2)
        self.assertEqual(run("frobnicate").returncode, 2)
        self.assertEqual(run("convert", fixture(), "-j", "0").returncode, 2)


class Parallel(Workdir):
    def make_batch(self, n):
        for i in range(n):
            self.good(f"y{i % 3}/form{i:03d}.txt")

    def test_output_independent_of_jobs(self):
        self.make_batch(9)
        outs = {}
        for jobs in ("1", "2"):
            out = os.path.join(self.dir, "out" + jobs)
            r = run("convert", self.inp, "-o", out, "-j", jobs, "--report", os.path.join(self.dir, f"r{jobs}.json"))
            self.assertEqual(r.returncode, 0, r.stderr)
            files = {}
            for root, _, names in os.walk(out):
                for n in names:
                    with open(os.path.join(root, n), "rb") as f:
                        files[os.path.relpath(os.path.join(root, n), out)] = f.read()
            outs[jobs] = files
        self.assertEqual(len([n for n in outs["1"] if n.endswith(".yaml")]), 9)
        self.assertEqual(len([n for n in outs["1"] if n.endswith(".findings.json")]), 9)
        # the batch check saw the inputs in order with either number of jobs:
        # every copy after the first is reported as filed again
        first = json.loads(outs["2"][os.path.join("y0", "form000.findings.json")])
        later = json.loads(outs["2"][os.path.join("y2", "form008.findings.json")])
        dups = lambda d: [f for f in d["findings"] if f["rule"] == "duplicate-form"]
        self.assertEqual(len(dups(first)), 1)  # within the file: the form filed twice
        self.assertGreaterEqual(len(dups(later)), 20)  # every form: an earlier input has it
        self.assertIn("与 in/y0/form000.txt:3 的表是同一项目", json.dumps(later, ensure_ascii=False))
        self.assertEqual(outs["1"], outs["2"])
        reports = []
        for jobs in ("1", "2"):
            with open(os.path.join(self.dir, f"r{jobs}.json"), encoding="utf-8") as f:
                reports.append(f.read().replace(os.path.join(self.dir, "out" + jobs), "OUT"))
        self.assertEqual(reports[0], reports[1])

    def test_inputs_from_stdin_and_combine(self):
        a, b = self.good("a.txt"), self.good("b.txt")
        r = run("convert", "--inputs-from", "-", "-o", self.out, "--combine", "batch", stdin=f"{a}\n# comment\n\n{b}\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(self.out)), ["batch.findings.json", "batch.yaml"])
        recs = records_in(os.path.join(self.out, "batch.yaml"))
        self.assertEqual([r["source"]["file"] for r in recs], [a] * 20 + [b] * 20)  # the paths as listed

    def test_skip_unchanged(self):
        self.make_batch(3)
        self.assertEqual(run("convert", self.inp, "-o", self.out).returncode, 0)
        r = run("convert", self.inp, "-o", self.out, "--skip-unchanged")
        self.assertIn("0 of 3 inputs converted, 3 skipped", r.stderr)
        later = time.time() + 5
        os.utime(os.path.join(self.inp, "y1", "form001.txt"), (later, later))
        r = run("convert", self.inp, "-o", self.out, "--skip-unchanged")
        self.assertIn("1 of 3 inputs converted, 2 skipped", r.stderr)

    def test_no_progress_line_in_a_pipe(self):
        self.make_batch(3)
        r = run("convert", self.inp, "-o", self.out)
        self.assertNotIn("\r", r.stderr)
        self.assertNotIn("files/s", r.stderr)


class Interrupted(Workdir):
    COPIES = 150

    def start_large_batch(self):
        with open(fixture(), "rb") as f:
            data = f.read()
        for i in range(self.COPIES):
            self.put(f"f{i:04d}.txt", data * 4)  # 80 forms each
        e = dict(os.environ)
        e.pop("CI", None)
        proc = subprocess.Popen([PERFGOAL, "convert", self.inp, "-o", self.out, "-j", "2"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=e)
        deadline = time.time() + 60
        while time.time() < deadline:
            done = [n for n in os.listdir(self.out)] if os.path.isdir(self.out) else []
            if len([n for n in done if n.endswith(".yaml")]) >= 5:
                break
            time.sleep(0.02)
        return proc

    def assert_outputs_complete(self):
        finals = [n for n in os.listdir(self.out) if n.endswith(".yaml")]
        self.assertGreater(len(finals), 0)
        self.assertLess(len(finals), self.COPIES, "the run ended before it was interrupted")
        for n in finals:
            with open(os.path.join(self.out, n), encoding="utf-8") as f:
                text = f.read()
            self.assertEqual(text.count("format: perfgoal-record/1"), 80, n)
            self.assertTrue(text.endswith("\n"), n)
        return finals

    def test_sigterm_leaves_only_complete_outputs(self):
        proc = self.start_large_batch()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        self.assertNotEqual(proc.returncode, 0)
        self.assert_outputs_complete()
        self.assertEqual([n for n in os.listdir(self.out) if n.endswith(".part")], [])

    def test_sigkill_leaves_complete_outputs_and_a_rerun_cleans_up(self):
        proc = self.start_large_batch()
        proc.kill()
        proc.wait(timeout=60)
        self.assert_outputs_complete()
        parts = [n for n in os.listdir(self.out) if n.endswith(".part")]
        r = run("convert", os.path.join(self.inp, "f0000.txt"), "-o", self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        if parts:
            self.assertIn(f"removed {len(parts)} temporary files", r.stderr)
        self.assertEqual([n for n in os.listdir(self.out) if n.endswith(".part")], [])


def as_nobody():
    """A command prefix that runs as an unprivileged user, or None. Permission
    tests need one: root reads every folder."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv and subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "true"]).returncode == 0:
        return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    return None


class Reliability(Workdir):
    """Issue 12: each format on its own, unreadable folders, start-up cleanup,
    and the smaller command-line slips."""

    def control_char_yaml(self):
        return os.path.join(SRC, "tests", "data", "xml", "control-char.yaml")

    def test_refused_xml_does_not_drop_the_other_formats(self):
        report = os.path.join(self.dir, "report.json")
        r = run("convert", self.control_char_yaml(), "--to", "xml,yaml", "-o", self.out, "--report", report)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("XML not written", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.out, "control-char.xml")))
        self.assertEqual(len(records_in(os.path.join(self.out, "control-char.yaml"))), 2)
        self.assertTrue(os.path.exists(os.path.join(self.out, "control-char.findings.json")))
        with open(report, encoding="utf-8") as f:
            entry = json.load(f)["inputs"][0]
        self.assertEqual(entry["status"], "failed")
        self.assertIn("XML not written", entry["error"])
        self.assertEqual(sorted(os.path.basename(o) for o in entry["outputs"]),
                         ["control-char.findings.json", "control-char.yaml"])

    def test_unreadable_subfolder_is_that_inputs_error(self):
        prefix = as_nobody()
        if prefix is None:
            self.skipTest("running as root and setpriv cannot drop to nobody: permissions do not apply")
        self.good("ok/a.txt")
        self.good("locked/b.txt")
        os.chmod(os.path.join(self.inp, "locked"), 0)
        for d, _, _ in os.walk(self.dir):
            if not d.endswith("locked"):
                os.chmod(d, 0o777)
        report = os.path.join(self.dir, "report.json")
        e = dict(os.environ)
        e.pop("CI", None)
        r = subprocess.run(prefix + [PERFGOAL, "convert", self.inp, "-o", self.out, "--report", report],
                           capture_output=True, text=True, env=e, timeout=300)
        os.chmod(os.path.join(self.inp, "locked"), 0o755)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("locked: error: cannot read the folder: Permission denied", r.stderr)
        self.assertIn("1 of 2 inputs converted, 1 failed", r.stderr)
        with open(report, encoding="utf-8") as f:
            rep = json.load(f)
        self.assertEqual([(os.path.relpath(i["input"], self.inp), i["status"]) for i in rep["inputs"]],
                         [("locked", "failed"), (os.path.join("ok", "a.txt"), "converted")])

    def test_startup_cleanup_removes_only_our_temporaries(self):
        os.makedirs(os.path.join(self.out, "sub"))
        users = ["x.part-99999999999999999999-1", "important.docx.part-99999-1",
                 os.path.join("sub", "notes.txt.part-99998-0"), ".perfgoal-notes.part",
                 ".perfgoal-99999999999999999999-1.a.yaml.part"]
        for n in users:
            with open(os.path.join(self.out, n), "w") as f:
                f.write("mine")
        dead = subprocess.Popen(["true"])
        dead.wait()
        ours = [os.path.join(self.out, f".perfgoal-{dead.pid}-0.a.yaml.part"),
                os.path.join(self.out, "sub", f".perfgoal-{dead.pid}-3.b.xlsx.part")]
        for p in ours:
            with open(p, "w") as f:
                f.write("half")
        r = run("convert", fixture(), "-o", self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("removed 2 temporary files", r.stderr)
        for n in users:
            self.assertTrue(os.path.exists(os.path.join(self.out, n)), n)
        for p in ours:
            self.assertFalse(os.path.exists(p), p)

    def test_unknown_encoding_is_a_usage_error(self):
        r = run("convert", fixture(), self.good("b.txt"), "--encoding", "KLINGON", "-o", self.out)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stderr.count("KLINGON"), 1, r.stderr)
        self.assertEqual(run("check", fixture(), "--encoding", "KLINGON").returncode, 2)
        self.assertEqual(run("extract", fixture(), "--encoding", "KLINGON").returncode, 2)

    def test_encoding_hint_only_when_detected(self):
        path = self.put("bad.txt", b"\xcf\xee\xc4\xbf\n\xff\xff\xff\n")
        r = run("convert", path, "-o", self.out)
        self.assertIn("(use --encoding", r.stderr)
        r = run("convert", path, "--encoding", "GB18030", "-o", self.out)
        self.assertEqual(r.returncode, 1)
        self.assertIn("bad.txt:2: error: bytes that are not valid GB18030", r.stderr)
        self.assertNotIn("use --encoding", r.stderr)

    def test_bad_utf8_is_blamed_on_utf8_at_its_line(self):
        with open(fixture(), "rb") as f:
            lines = f.read().split(b"\n")
        lines[40] = lines[40] + b"\xff"
        path = self.put("one-bad-byte.txt", b"\n".join(lines))
        r = run("convert", path, "-o", self.out)
        self.assertEqual(r.returncode, 1)
        self.assertIn("one-bad-byte.txt:41: error: bytes that are not valid UTF-8", r.stderr)

    def test_negative_limits_are_usage_errors(self):
        for opt in ("--max-mib", "--max-pages", "--max-seconds"):
            with self.subTest(opt=opt):
                r = run("convert", fixture(), opt, "-1", "-o", self.out)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(opt, r.stderr)

    def test_combine_stays_inside_the_output_folder(self):
        for name in ("../x", "/tmp/perfgoal-outside", "a/../../x"):
            with self.subTest(name=name):
                r = run("convert", fixture(), "--combine", name, "-o", self.out)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("--combine", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "x.yaml")))
        r = run("convert", fixture(), "--combine", "y2025/all", "-o", self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.out, "y2025", "all.yaml")))

    def test_cannot_write_says_why(self):
        self.good("sub/a.txt")
        os.makedirs(self.out)
        with open(os.path.join(self.out, "sub"), "w") as f:
            f.write("a file where the folder should be")
        r = run("convert", self.inp, "-o", self.out)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r"a.txt: error: cannot write \S*sub/a.yaml: .*Not a directory")
        prefix = as_nobody()
        if prefix is None:
            return  # root without setpriv: a read-only folder does not stop root
        ro = os.path.join(self.dir, "read-only")
        os.makedirs(ro)
        os.chmod(self.dir, 0o755)
        r = subprocess.run(prefix + [PERFGOAL, "convert", fixture(), "-o", ro], capture_output=True, text=True,
                           timeout=300, env={k: v for k, v in os.environ.items() if k != "CI"})
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r"cannot write \S*read-only/shangdang-2025.yaml: Permission denied")

    def test_skip_unchanged_redoes_a_deleted_findings_file(self):
        path = self.good("a.txt")
        self.assertEqual(run("convert", path, "-o", self.out).returncode, 0)
        os.remove(os.path.join(self.out, "a.findings.json"))
        r = run("convert", path, "-o", self.out, "--skip-unchanged")
        self.assertIn("1 of 1 inputs converted", r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.out, "a.findings.json")))

    def first_record_yaml(self):
        text = expected_yaml()
        return text[:text.index("\n---", 4) + 1]

    def test_yaml_indicators_must_be_mappings(self):
        text = self.first_record_yaml().replace("indicators:\n  period:\n",
                                                "indicators:\n  period:\n    - just text\n    - 42\n", 1)
        path = self.put("bad-indicators.yaml", text.encode("utf-8"))
        r = run("convert", path, "-o", self.out)
        self.assertEqual(r.returncode, 1, r.stderr)
        line = text[:text.index("    - just text")].count("\n") + 1
        self.assertIn(f"bad-indicators.yaml:{line}: error: an indicator should be a mapping", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.out, "bad-indicators.yaml")))

    def test_yaml_duplicate_keys_are_errors(self):
        text = self.first_record_yaml().replace('  name: "八义镇东山村滑坡治理费用"\n',
                                                '  name: "八义镇东山村滑坡治理费用"\n  name: "另一个项目"\n', 1)
        path = self.put("twice.yaml", text.encode("utf-8"))
        r = run("convert", path, "-o", self.out)
        self.assertEqual(r.returncode, 1, r.stderr)
        line = text.index('  name: "另一个项目"')
        self.assertIn(f"twice.yaml:{text[:line].count(chr(10)) + 1}: error: the key 'name' appears twice", r.stderr)

    def test_sigint_writes_the_report(self):
        with open(fixture(), "rb") as f:
            data = f.read()
        for i in range(150):
            self.put(f"f{i:04d}.txt", data * 4)
        report = os.path.join(self.dir, "report.json")
        e = dict(os.environ)
        e.pop("CI", None)
        proc = subprocess.Popen([PERFGOAL, "convert", self.inp, "-o", self.out, "-j", "2", "--report", report],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=e,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.time() + 60
        while time.time() < deadline:
            done = os.listdir(self.out) if os.path.isdir(self.out) else []
            if len([n for n in done if n.endswith(".findings.json")]) >= 4:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, -signal.SIGINT, err)
        with open(report, encoding="utf-8") as f:
            rep = json.load(f)
        status = [i["status"] for i in rep["inputs"]]
        self.assertEqual(len(status), 150)
        self.assertTrue(rep["interrupted"])
        self.assertGreaterEqual(status.count("converted"), 3)
        self.assertGreater(status.count("interrupted"), 0)
        self.assertEqual(status.count("converted") + status.count("interrupted"), 150)
        self.assertEqual(rep["summary"]["interrupted"], status.count("interrupted"))
        for i in rep["inputs"]:
            if i["status"] == "converted":
                for o in i["outputs"]:
                    self.assertTrue(os.path.exists(o), o)
        self.assertEqual([n for n in os.listdir(self.out) if n.endswith(".part")], [])


class CommandLine(Workdir):
    """Issue 13 items 3, 7, 8: nothing done is not success, what a folder walk
    reads, errors that say what is wrong, standard input and output."""

    def test_nothing_to_do_is_not_success(self):
        os.makedirs(os.path.join(self.inp, "empty"))
        self.put("notes/readme.docx", b"not a form")
        for args in (["convert", os.path.join(self.inp, "empty"), "-o", self.out],
                     ["check", os.path.join(self.inp, "empty")],
                     ["convert", os.path.join(self.inp, "notes"), "-o", self.out]):
            with self.subTest(args=args[0]):
                r = run(*args)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertIn("no inputs found in", r.stderr)
                self.assertIn(".pdf", r.stderr)
                self.assertIn(".yaml", r.stderr)

    def test_folder_walk_reads_records_and_lists_what_it_skips(self):
        self.good("y2025/a.txt")
        first = os.path.join(self.dir, "first")
        self.assertEqual(run("convert", os.path.join(self.inp, "y2025"), "-o", first).returncode, 0)
        os.makedirs(os.path.join(self.inp, "fixed"))
        shutil.copy(os.path.join(first, "a.yaml"), os.path.join(self.inp, "fixed", "b.yaml"))
        self.put("fixed/notes.docx", b"not a form")
        out = os.path.join(self.inp, "out")  # the output folder inside the walked folder is not read
        for _ in range(2):
            r = run("convert", self.inp, "-o", out, "--verbose")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("2 of 2 inputs converted", r.stderr)
        self.assertIn("reading files of the types", r.stderr)
        self.assertRegex(r.stderr, r"skipped \S*fixed/notes.docx")
        self.assertRegex(r.stderr, r"skipped \S*in/out \(the output folder\)")
        self.assertEqual(len(records_in(os.path.join(out, "fixed", "b.yaml"))), 20)
        r = run("convert", self.inp, "-o", out, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")

    def test_errors_say_what_is_wrong(self):
        r = run("conver", fixture())
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown command 'conver' (did you mean 'convert'?)", r.stderr)
        r = run("--frobnicate")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown option '--frobnicate'", r.stderr)
        r = run("convert", fixture(), "--skip-unchaged", "-o", self.out)
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean '--skip-unchanged'?", r.stderr)
        r = run("convert", fixture(), "--to", "docx", "-o", self.out)
        self.assertEqual(r.returncode, 2)
        self.assertIn("yaml", r.stderr)
        r = run("convert", fixture(), "--xml-mapping", "upper-codes", "-o", self.out)
        self.assertEqual(r.returncode, 2)
        self.assertIn("writes no XML", r.stderr)
        self.assertFalse(os.path.exists(self.out))
        self.assertEqual(run("convert", fixture(), "-q", "-v", "-o", self.out).returncode, 2)

    def test_help_names_the_tool_and_the_choices(self):
        top = run("--help").stdout
        self.assertIn("PDF", top)
        self.assertIn("xlsx", top)
        r = run("convert", "--help")
        self.assertIn("Usage: perfgoal convert", r.stdout)
        self.assertNotIn(os.path.dirname(PERFGOAL), r.stdout)
        self.assertIn("yaml, xml, xlsx", r.stdout)
        self.assertIn("-q,--quiet", r.stdout)
        # check reads what convert reads: PDFs and folders too, not only text exports and records.
        r = run("check", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("Usage: perfgoal check", r.stdout)
        self.assertIn("PDFs", r.stdout)
        self.assertIn("folders", r.stdout)
        self.assertIn("--min-severity", r.stdout)
        self.assertNotIn(os.path.dirname(PERFGOAL), r.stdout)
        # -q and --verbose are accepted by check too.
        r = run("check", fixture(), "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("perfgoal check:", r.stdout)
        self.assertIn("warning[satisfaction-direction]", r.stdout)
        r = run("check", fixture(), "--verbose")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("perfgoal check: 1 input, 20 forms", r.stdout)

    def test_standard_input_and_output(self):
        with open(fixture(), encoding="utf-8") as f:
            text = f.read()
        r = run("convert", "-", "-o", "-", "--to", "yaml", stdin=text)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, expected_yaml("stdin.txt"))
        r = run("check", "-", stdin=text)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("stdin.txt:303: warning[satisfaction-direction]", r.stdout)
        r = run("convert", fixture(), self.good("b.txt"), "-o", "-")
        self.assertEqual(r.returncode, 2)
        self.assertIn("-o - writes one output", r.stderr)

    def test_one_output_to_standard_output(self):
        """Issue 13 item 8: -o - writes the one output (YAML, XML, xlsx) to standard output,
        byte for byte what -o DIR writes (the golden files); the findings JSON alone goes to
        standard output with check --format json. Nothing is left behind."""
        golden = os.path.join(SRC, "tests", "golden")
        env = {"SOURCE_DATE_EPOCH": "1735689600", "TMPDIR": self.dir}
        name = os.path.join("fixtures", "shangdang-2025.txt")  # as the golden runs name it
        for to, want in (("yaml", os.path.join(golden, "shangdang-2025", "expected", "shangdang-2025.yaml")),
                         ("xml", os.path.join(golden, "shangdang-2025-xml", "expected", "shangdang-2025.xml"))):
            with self.subTest(to=to):
                r = run("convert", name, "-o", "-", "--to", to, env=env, cwd=SRC, binary=True)
                self.assertEqual(r.returncode, 0, r.stderr)
                with open(want, "rb") as f:
                    self.assertEqual(r.stdout, f.read())
                self.assertIn(b"on standard output", r.stderr)
        r = run("convert", name, "-o", "-", "--to", "xlsx", env=env, cwd=SRC, binary=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(run("convert", name, "-o", self.out, "--to", "xlsx", env=env, cwd=SRC).returncode, 0)
        with open(os.path.join(self.out, "shangdang-2025.xlsx"), "rb") as f:
            self.assertEqual(r.stdout, f.read())
        # The findings JSON alone: check --format json, the same document convert writes beside its outputs.
        r = run("check", name, "--format", "json", env=env, cwd=SRC)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(golden, "shangdang-2025", "expected", "shangdang-2025.findings.json"),
                  encoding="utf-8") as f:
            self.assertEqual(r.stdout, f.read())
        self.assertEqual(r.stderr, "")
        # The private folder -o - writes through is gone.
        self.assertEqual([n for n in os.listdir(self.dir) if n.startswith("perfgoal-")], [])


if __name__ == "__main__":
    PERFGOAL = os.path.abspath(sys.argv[1])
    SRC = os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[3:])
