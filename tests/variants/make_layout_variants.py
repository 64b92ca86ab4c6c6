#!/usr/bin/env python3
"""Variant exports of the forms of other layouts: each layout's fixture
(layouts/NAME.txt, its gold records layouts/NAME.gold.yaml, read with the
form template templates/forms/NAME.yaml) is cut into its forms and exported
again with the quirks real exports show, and the gold records are changed to
say what the new export says.

usage: make_layout_variants.py LAYOUTS_DIR TEMPLATES_DIR OUT_DIR --seeds FIRST COUNT [--layout NAME|mixed]

For each seed S this writes OUT_DIR/NAME-S.txt and OUT_DIR/NAME-S.gold.yaml
(mixed-S.* for --layout mixed: forms of every layout in one file) and prints
one line per file naming the variations used. Nothing here knows a layout:
the labels, header words and category tree come from the template, the
forms' rows from the fixture, so a new layout (a template and a fixture
named alike) is covered without a change here. Variations:

  - other counties (the title's place name, everywhere in the form and its
    record) and other years (the year line, in its other spellings), blank
    lines between title and year or none;
  - labels and header words with stray spaces, full- or half-width brackets
    and colons;
  - extra empty cells inside label rows, a leading empty cell, trailing empty
    cells, CRLF line ends;
  - indicator rows shifted by one cell, a column of the indicator table two
    cells wide;
  - a merged 二级指标 label on the 2nd row of its group (when the group is
    the first of its 一级指标), a 一级指标 label on the 2nd row of its group
    (when the group's first row shows a 二级指标 of that 一级 in the tree);
  - UTF-8 (with or without BOM), GB18030 and UTF-16 (with or without BOM).
"""
import copy
import os
import random
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from make_variants import DecimalLoader, GoldDumper  # noqa: E402

COUNTIES = ["永宁县", "贺兰县", "灵武市", "平罗县", "盐池县", "同心县", "西吉县", "泾源县", "中宁县",
            "尉氏县", "通许县", "睢县", "滑县", "长垣市", "醴陵市", "攸县", "茶陵县", "湘乡市",
            "武穴市", "黄梅县", "英山县", "罗田县", "蕲春县", "团风县"]


def label_key(text):
    t = re.sub(r"[\s\u3000\u00a0]", "", text)
    t = t.replace("（", "(").replace("）", ")").replace("：", ":")
    return t.rstrip(":")


def strings(node):
    if node is None:
        return []
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [s for x in node for s in strings(x)]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    return [str(node)]


class Layout:
    """A fixture cut into forms, with what its template says."""

    def __init__(self, layouts_dir, templates_dir, name):
        self.name = name
        with open(os.path.join(templates_dir, "forms", name + ".yaml"), encoding="utf-8") as f:
            t = yaml.safe_load(f)
        self.titles = sorted(strings(t["title"]), key=len, reverse=True)
        ind = t["indicators"]
        self.header = {label_key(w): role for role, ws in ind["header"].items() for w in strings(ws)}
        labels = strings(t.get("fields")) + strings(ind.get("section")) + list((ind.get("blocks") or {}).keys())
        labels += [w for k, v in (t.get("funds") or {}).items() if k != "columns" for w in strings(v)]
        labels += strings(t.get("goals"))
        self.labels = {label_key(x) for x in labels}
        aliases = ind.get("aliases") or {}
        self.tree = {}  # label key of a 二级 -> its 一级 (key)
        self.level1 = set()
        for l1, l2s in ind["tree"].items():
            for a in [l1] + strings(aliases.get(l1)):
                self.level1.add(label_key(a))
            for l2 in strings(l2s):
                for a in [l2] + strings(aliases.get(l2)):
                    self.tree[label_key(a)] = label_key(l1)
        with open(os.path.join(layouts_dir, name + ".txt"), encoding="utf-8-sig") as f:
            lines = [ln.rstrip("\r").split("\t") for ln in f.read().split("\n")]
        with open(os.path.join(layouts_dir, name + ".gold.yaml"), encoding="utf-8") as f:
            gold = [d for d in yaml.load_all(f, Loader=DecimalLoader) if isinstance(d, dict)]
        self.forms = []
        for rec in gold:
            first, last = rec["source"]["lines"]
            self.forms.append((rec, [list(c) for c in lines[first - 1:last]]))

    def is_label(self, cell):
        return label_key(cell) in self.labels

    def is_header(self, row):
        return sum(1 for c in row if label_key(c) in self.header) >= 3

    def county(self, title):
        for t in self.titles:
            if t in title:
                return title[:title.index(t)]
        return ""


def replace_all(node, old, new):
    if isinstance(node, str):
        return node.replace(old, new)
    if isinstance(node, list):
        return [replace_all(x, old, new) for x in node]
    if isinstance(node, dict):
        return {k: replace_all(v, old, new) for k, v in node.items()}
    return node


def spell_label(rng, cell):
    """A label as other exports spell it: a stray space, other brackets and colons."""
    out = cell
    if rng.random() < 0.5:
        out = out.replace("（", "(").replace("）", ")") if rng.random() < 0.5 else \
            out.replace("(", "（").replace(")", "）")
        out = out.replace("：", ":") if rng.random() < 0.5 else out.replace(":", "：")
    chars = len(out)
    if chars >= 2 and rng.random() < 0.5:
        at = rng.randint(1, chars - 1)
        out = out[:at] + rng.choice([" ", " ", "\u3000"]) + out[at:]
    return out


def table_parts(layout, rows):
    """The indicator tables of a form: (header index, [data row indices])."""
    tables = []
    i = 0
    while i < len(rows):
        if layout.is_header(rows[i]):
            h = i
            data = []
            i += 1
            while i < len(rows) and not layout.is_header(rows[i]) and \
                    not any(layout.is_label(c) or layout.is_label(c.split("：")[0].split(":")[0])
                            for c in rows[i] if c):
                data.append(i)
                i += 1
            tables.append((h, data))
        else:
            i += 1
    return tables


def move_labels(rng, layout, rows, header, data, notes):
    """Merged 二级 / 一级 labels on the 2nd row of their group (only where the
    text still says which group a row belongs to)."""
    hdr = rows[header]
    roles = {}
    for k, c in enumerate(hdr):
        r = layout.header.get(label_key(c))
        if r and r not in roles:
            roles[r] = k
    if "level1" not in roles or "level2" not in roles:
        return
    c1, c2 = roles["level1"], roles["level2"]

    def cell(i, c):
        return rows[i][c] if c < len(rows[i]) else ""

    def has_entry(i):
        return any(cell(i, k) for k in range(len(rows[i])) if k not in (c1, c2))

    mode = rng.choice(["first", "first", "level2-second", "level1-second"])
    if mode == "first":
        return
    # 一级 groups: from a row with a 一级 label to the next one.
    starts = [i for i in data if cell(i, c1)]
    for s in starts:
        nxt = [j for j in data if j > s]
        if len(nxt) < 1 or cell(nxt[0], c1) or not has_entry(s) or not has_entry(nxt[0]):
            continue
        second = nxt[0]
        if mode == "level2-second":
            # the first 二级 group of this 一级, two rows or more
            if cell(s, c2) and not cell(second, c2) and rng.random() < 0.7:
                rows[second][c2] = rows[s][c2]
                rows[s][c2] = ""
                notes.add("level2-second-row")
        else:
            if cell(s, c2) and layout.tree.get(label_key(cell(s, c2))) == label_key(cell(s, c1)) and \
                    rng.random() < 0.7:
                rows[second][c1] = rows[s][c1]
                rows[s][c1] = ""
                notes.add("level1-second-row")


def render_form(rng, layout, rec, rows, county, year, notes, quirks=True):
    """The form for another county and year; `quirks`: with the export's
    quirks (spellings, gaps, shifted and widened cells, labels on a middle
    row). Without them (PDF renders) the rows are the form's grid as printed."""
    rec = copy.deepcopy(rec)
    rows = [list(r) for r in rows]
    old = layout.county(rec["title"])
    if old:
        rows = [[c.replace(old, county) for c in r] for r in rows]
        rec = replace_all(rec, old, county)
    # Title and year lines: the rows before the first label row.
    first_label = next((i for i, r in enumerate(rows) if any(layout.is_label(c.split("：")[0]) for c in r if c)),
                       len(rows))
    head = []
    for r in rows[:first_label]:
        text = "".join(r).strip()
        if not text:
            continue
        if re.fullmatch(r"[（(]?\d{4}年度?[）)]?", text):
            # The year line in the form's own word (2024年度 or 2026年), other brackets.
            word = "年度" if "年度" in text else "年"
            r = [rng.choice(["（{}" + word + "）", "({}" + word + ")", "{}" + word]).format(year)] + [""] * (len(r) - 1)
            notes.add("year-line")
        elif str(rec.get("fiscal_year")) in text and text == rec.get("title"):
            r = [c.replace(str(rec["fiscal_year"]), str(year)) for c in r]
            rec["title"] = rec["title"].replace(str(rec["fiscal_year"]), str(year))
        head.append(r)
    if rng.random() < 0.5:
        spaced = []
        for r in head:
            spaced += [r, []]
        head = spaced[:-1]
    else:
        notes.add("no-blank-lines")
    rec["fiscal_year"] = year
    body = rows[first_label:]
    tables = table_parts(layout, body)
    in_table = {i for _, data in tables for i in data}
    headers = {h for h, _ in tables}
    if not quirks:
        return rec, head + body
    for h, data in tables:
        move_labels(rng, layout, body, h, data, notes)
    # A column of the table two cells wide.
    for h, data in tables:
        if rng.random() < 0.2:
            k = rng.randint(1, max(1, len(body[h]) - 1))
            for i in [h] + data:
                if len(body[i]) > k:
                    body[i] = body[i][:k] + [""] + body[i][k:]
            notes.add("wide-column")
    label_gap = rng.choice([0.0, 0.3])
    shift = rng.choice([0.0, 0.0, 0.2])
    spell = rng.choice([0.0, 0.3, 0.6])
    leading = rng.choice([0.0, 0.2])
    out = []
    for i, r in enumerate(body):
        r = [spell_label(rng, c) if c and (layout.is_label(c) or label_key(c) in layout.header) and
             rng.random() < spell else c for c in r]
        if i in in_table:
            if rng.random() < shift:
                if r and r[0] == "" and rng.random() < 0.5:
                    r = r[1:]
                else:
                    r = [""] + r
                notes.add("indicator-row-shift")
        elif i not in headers:
            filled = [k for k, c in enumerate(r) if c]
            if len(filled) >= 2 and rng.random() < label_gap:
                at = rng.choice(filled[1:])
                r = r[:at] + [""] * rng.randint(1, 2) + r[at:]
                notes.add("label-row-gap")
            if r and r[0] and rng.random() < leading:
                r = [""] + r
                notes.add("leading-empty-cell")
        if rng.random() < 0.3:
            r = r + [""] * rng.randint(1, 3)
        out.append(r)
    return rec, head + out


def make_variant(layouts, seed, which):
    rng = random.Random(seed)
    if which == "mixed":
        pool = [(lay, rec, rows) for lay in layouts.values() for rec, rows in lay.forms]
    else:
        lay = layouts[which]
        pool = [(lay, rec, rows) for rec, rows in lay.forms]
    k = rng.randint(2, 5)
    picks = [rng.choice(pool) for _ in range(k)]
    counties = rng.sample(COUNTIES, k)
    encoding = rng.choice(["utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "gb18030", "utf-16", "utf-16-le",
                           "utf-16-be"])
    crlf = rng.random() < 0.3
    notes = {f"encoding={encoding}"}
    if crlf:
        notes.add("crlf")
    name = f"{which}-{seed}.txt"
    all_lines = [[]] if rng.random() < 0.5 else []
    records = []
    for (lay, rec, rows), county in zip(picks, counties):
        year = rng.randint(2020, 2027)
        notes.add(f"layout={lay.name}")
        rec, form = render_form(rng, lay, rec, rows, county, year, notes)
        first = len(all_lines) + 1
        all_lines += form
        rec["source"] = {"file": name, "lines": [first, len(all_lines)], "template": lay.name}
        all_lines += [[]]
        records.append(rec)
    nl = "\r\n" if crlf else "\n"
    text = nl.join("\t".join(cells) for cells in all_lines) + nl
    return name, text.encode(encoding), records, sorted(notes)


def pdf_forms(layouts, seed, which):
    """For PDF renders: 1-3 forms of the layout (or of every layout, mixed),
    for other counties and years, as (layout, record, rows) without export
    quirks, and the variations."""
    rng = random.Random(seed * 104729 + 3)
    if which == "mixed":
        pool = [(lay, rec, rows) for lay in layouts.values() for rec, rows in lay.forms]
    else:
        pool = [(layouts[which], rec, rows) for rec, rows in layouts[which].forms]
    k = rng.randint(1, 3)
    picks = [rng.choice(pool) for _ in range(k)]
    notes = set()
    out = []
    for (lay, rec, rows), county in zip(picks, rng.sample(COUNTIES, k)):
        notes.add(f"layout={lay.name}")
        rec, form = render_form(rng, lay, rec, rows, county, rng.randint(2020, 2027), notes, quirks=False)
        out.append((lay, rec, form))
    return out, sorted(notes)


def load_layouts(layouts_dir, templates_dir):
    names = sorted(f[:-len(".gold.yaml")] for f in os.listdir(layouts_dir) if f.endswith(".gold.yaml"))
    return {n: Layout(layouts_dir, templates_dir, n) for n in names}


def write_variant(layouts, seed, which, out_dir):
    name, data, records, notes = make_variant(layouts, seed, which)
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(data)
    with open(os.path.join(out_dir, name[:-4] + ".gold.yaml"), "w", encoding="utf-8") as f:
        yaml.dump_all(records, f, Dumper=GoldDumper, allow_unicode=True, sort_keys=False, explicit_start=True)
    return name, notes


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(argv) < 6 or "--seeds" not in argv:
        print(__doc__.strip().splitlines()[6], file=sys.stderr)
        return 2
    k = argv.index("--seeds")
    first, count = int(argv[k + 1]), int(argv[k + 2])
    which = argv[argv.index("--layout") + 1] if "--layout" in argv else "mixed"
    layouts_dir, templates_dir, out_dir = args[0], args[1], args[2]
    layouts = load_layouts(layouts_dir, templates_dir)
    os.makedirs(out_dir, exist_ok=True)
    for seed in range(first, first + count):
        name, notes = write_variant(layouts, seed, which, out_dir)
        print(name, " ".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
