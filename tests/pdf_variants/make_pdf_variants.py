#!/usr/bin/python3
"""Render gold records into PDFs the way archives really hold them, and
write for each PDF the gold records it should convert to.

usage: make_pdf_variants.py GOLD.yaml OUT_DIR --seeds FIRST COUNT [--all-rotations]
                            [--producers reportlab,chromium,writer,calc] [--fonts NAME,NAME]
       make_pdf_variants.py --layouts LAYOUTS_DIR OUT_DIR --seeds FIRST COUNT [--layout NAME|mixed]
                            [--all-rotations] [--producers reportlab,chromium,writer]
       make_pdf_variants.py --layouts LAYOUTS_DIR OUT_DIR --public

Forms of other layouts (--layouts tests/variants/layouts): each form's grid
is its text export's rows (layout_form: merges from the indicator table's
header and blank label cells, see there), the forms of seed S those of
make_layout_variants.pdf_forms (other counties and years, no export
quirks), PDFs pdfvar-LAYOUT-S.pdf; --public renders each layout's fixture
as it is (layout-NAME.pdf, reportlab, A4, STSong: the committed
tests/pdf_variants/layouts/). Calc draws the Shanxi grid only.

For seed S the records and their variations of content (county, year,
sign-off filled in, other funds, indicator lists of different lengths...)
come from tests/variants/make_variants.py (make_variant(gold, S)); the ruled
grid of each form is the one scripts/make-pdf-fixtures.py lays out
(form_rows). This script only varies how the grid becomes a PDF:

  producer   reportlab (a layout drawn here), chromium (HTML printed headless),
             writer (LibreOffice Writer, the HTML), calc (LibreOffice Calc, an
             .xlsx sheet)
  font       Noto Sans/Serif CJK, WenQuanYi Zen/Micro Hei, AR PL UMing/UKai,
             STSong (a non-embedded CID font, reportlab); --fonts "Noto Sans
             CJK SC,..." draws the HTML producers' fonts from that list only
  paper      A4 portrait, A4 landscape, A3
  rotate     /Rotate 0, 90, 180, 270 (qpdf --rotate); reportlab also draws
             pages turned by the text matrix ("matrix90", "matrix270")
  goal-span  总体目标 spans the 实施期目标|年度目标 row and the goal texts
  sign-tight the 联系电话 value and 填报日期： one space apart
  embedded   a cover with a 收支总表 (项目|金额), a 项目支出表 whose header
             has 项目名称, then the forms, then 名词解释 text
  empty-boxes (reportlab) a row's empty boxes redrawn at the top of the
             next page; merged labels cut by a page break
  damaged    the text layer's Unicode maps removed (not scored; the reader
             must say which pages are damaged)

Each OUT_DIR/pdfvar-S.pdf gets pdfvar-S.gold.yaml and a line in
OUT_DIR/manifest.tsv: file, producer, then the variations. A seed always
gives the same files. Producers run in batches (one LibreOffice call for
many files). Needs (Debian 12): python3-yaml, python3-reportlab,
python3-openpyxl, chromium, libreoffice-writer/calc, qpdf, fonts-noto-cjk,
fonts-wqy-zenhei, fonts-wqy-microhei, fonts-arphic-uming, fonts-arphic-ukai.
"""
import copy
import datetime
import decimal
import html
import importlib.util
import os
import random
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "variants"))
import make_variants  # noqa: E402

_spec = importlib.util.spec_from_file_location("make_pdf_fixtures", os.path.join(ROOT, "scripts", "make-pdf-fixtures.py"))
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)
FORM_ROWS = fixtures.form_rows  # the grid of one form (forms_xlsx is made to use grid() below)

D = decimal.Decimal
HTML_FONTS = ["Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "AR PL UMing CN", "AR PL UKai CN"]
RL_FONTS = {
    "wqy-zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "wqy-microhei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "ar-pl-uming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "ar-pl-ukai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "stsong-cid": (None, 0),
}
PAPERS = {"A4": (595.28, 841.89), "A4L": (841.89, 595.28), "A3": (841.89, 1190.55)}
COL_WEIGHTS = [11, 10, 11, 17, 13, 11, 16, 11]


# ---------------------------------------------------------------- the forms

def date_text(stamp):
    if not stamp:
        return ""
    if isinstance(stamp, datetime.datetime):
        return stamp.strftime("%Y%m%d%H%M%S")
    stamp = str(stamp)
    if len(stamp) == 10:
        return stamp
    return stamp.replace("-", "").replace("T", "").replace(":", "")


def sign_off_pairs(rec):
    s = rec["sign_off"]
    return [("负责人：", s.get("responsible") or ""), ("经办人：", s.get("handler") or ""),
            ("联系电话：", s.get("phone") or ""), ("填报日期：", date_text(s.get("filed_at")))]


def sign_off_line(rec, tight):
    """The sign-off under the grid; `tight`: one space between a value and
    the next label (only where a value stands before it)."""
    out = ""
    for label, value in sign_off_pairs(rec):
        if out:
            out += " " if tight and not out.endswith("：") else "\u3000" * 4
        out += label + value
    return out


def year_line(rec):
    return None if "年度" in (rec.get("title") or "") else f"（{rec['fiscal_year']}年度）"


def aligned(rec):
    """The record with its 实施期 and 年度 indicator lists side by side as the
    form prints them: 一级指标 groups paired (as make_variants pairs them),
    blank cells (None) where a side has fewer rows in a group."""
    import difflib

    def groups(lst):
        out = []
        for r in lst:
            if out and out[-1][0] == r["level1"]:
                out[-1][1].append(r)
            else:
                out.append((r["level1"], [r]))
        return out

    gp, ga = groups(rec["indicators"]["period"]), groups(rec["indicators"]["annual"])
    ip, ia = [], []
    sm = difflib.SequenceMatcher(a=[g[0] for g in gp], b=[g[0] for g in ga], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        pairs = [(gp[i1 + k][1], ga[j1 + k][1]) for k in range(i2 - i1)] if tag == "equal" else \
            [(g[1], []) for g in gp[i1:i2]] + [([], g[1]) for g in ga[j1:j2]]
        for a, b in pairs:
            n = max(len(a), len(b))
            ip += a + [None] * (n - len(a))
            ia += b + [None] * (n - len(b))
    out = dict(rec)
    out["indicators"] = {"period": ip, "annual": ia}
    return out


def grid(rec, opts):
    """form_rows of make-pdf-fixtures.py, 总体目标 spanning its two rows when asked."""
    rows = FORM_ROWS(aligned(rec))
    if opts["goal_span"]:
        for i, row in enumerate(rows):
            if row and row[0][1] == "" and len(row) > 1 and row[1][1] == "实施期目标":
                rows[i] = [(0, "总体目标", 1, 2)] + row[1:]
                rows[i + 1] = rows[i + 1][1:]
                break
    return rows


def shanxi_form(rec, opts):
    """A record as the drawable form: head lines, ruled grid, sign-off line."""
    y = year_line(rec)
    return {"head": [(rec["title"], True)] + ([(y, False)] if y else []), "rows": grid(rec, opts),
            "weights": COL_WEIGHTS, "foot": sign_off_line(rec, opts["sign_tight"]), "title": rec["title"]}


# ------------------------------------------------------- forms of other layouts

def layout_form(lay, rows, opts):
    """A form of another layout (tests/variants/layouts, its rows as the text
    export has them, without export quirks) as a ruled grid: the rows above
    the first label are head lines, the sign-off row the line under the
    grid. In an indicator table (found by its header words, as the template
    says) each header cell spans to the next one and every row keeps those
    columns; a blank 一级 / 二级 / block-label cell is the merged cell above
    it. Elsewhere a cell spans the empty cells after it, and leading empty
    cells are the merged label above them (项目资金 over its funds lines)."""
    import make_layout_variants as mlv
    rows = [[c.strip() if not c.strip() else c for c in r] for r in rows]
    rows = [r[:max([k + 1 for k, c in enumerate(r) if c.strip()] or [0])] for r in rows]
    first = next(i for i, r in enumerate(rows) if any(lay.is_label(c.split("：")[0]) for c in r if c))
    head_lines = ["".join(r).strip() for r in rows[:first] if "".join(r).strip()]
    body = [r for r in rows[first:] if r]
    foot = None
    if body and any(c.startswith("负责人") for c in body[-1]):
        out = ""
        for c in body.pop():
            if not c:
                continue
            if out and not out.endswith("："):
                out += " " if opts["sign_tight"] else "\u3000" * 4
            out += c
        foot = out
    ncols = max(len(r) for r in body)
    cells = []
    owner = {}

    def add(r, c0, c1, text):
        cell = {"r0": r, "r1": r, "c0": c0, "c1": c1, "text": text}
        cells.append(cell)
        for c in range(c0, c1 + 1):
            owner[(r, c)] = cell
        return cell

    def extend(cell, r):
        cell["r1"] = r
        for c in range(cell["c0"], cell["c1"] + 1):
            owner[(r, c)] = cell

    in_table = {}
    for h, data in mlv.table_parts(lay, body):
        starts = [k for k, c in enumerate(body[h]) if c]
        segs = [(s, (starts[j + 1] - 1) if j + 1 < len(starts) else ncols - 1) for j, s in enumerate(starts)]
        if starts and starts[0] > 0:
            segs.insert(0, (0, starts[0] - 1))
        in_table[h] = (segs, h, True)
        for i in data:
            in_table[i] = (segs, h, False)
    for i, r in enumerate(body):
        if i in in_table:
            segs, h, is_head = in_table[i]
            for c0, c1 in segs:
                text = "".join(r[c0:c1 + 1]).strip()
                if not is_head and not text:
                    role = lay.header.get(mlv.label_key(body[h][c0])) if c0 < len(body[h]) else None
                    above = owner.get((i - 1, c0))
                    if role in ("level1", "level2", None) and above and above["c0"] == c0 and \
                            above["c1"] == c1 and (above["r0"] > h or (role is None and above["r0"] == h)):
                        extend(above, i)
                        continue
                add(i, c0, c1, text)
            continue
        starts = [k for k, c in enumerate(r) if c]
        if starts and starts[0] > 0:
            k = starts[0]
            above = owner.get((i - 1, 0))
            if above and above["c0"] == 0 and (i - 1) not in in_table:
                if above["c1"] > k - 1 and above["r0"] == above["r1"] == i - 1:
                    wide = above["c1"]
                    above["c1"] = k - 1
                    add(i - 1, k, wide, "")
                if above["c1"] == k - 1:
                    extend(above, i)
                elif above["c1"] < k - 1:
                    extend(above, i)
                    add(i, above["c1"] + 1, k - 1, "")
                else:
                    add(i, 0, k - 1, "")
            else:
                add(i, 0, k - 1, "")
        for j, s in enumerate(starts):
            add(i, s, (starts[j + 1] - 1) if j + 1 < len(starts) else ncols - 1, r[s])
    grid_rows = [[] for _ in body]
    for cell in cells:
        grid_rows[cell["r0"]].append((cell["c0"], cell["text"], cell["c1"] - cell["c0"] + 1,
                                      cell["r1"] - cell["r0"] + 1))
    for row in grid_rows:
        row.sort()
    import unicodedata
    weights = []
    for c in range(ncols):
        w = [sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell["text"])
             for cell in cells if cell["c0"] == c == cell["c1"]]
        weights.append(min(24, max(6, max(w or [0]))))
    head = [(t, k == 0) for k, t in enumerate(head_lines)]
    return {"head": head, "rows": grid_rows, "weights": weights, "foot": foot, "title": head_lines[0]}


def form_variant(gold, seed):
    """Records (with their variations of content) and the PDF variations of seed S."""
    _, _, records, notes = make_variants.make_variant(gold, seed)
    rng = random.Random(seed * 7919 + 17)
    for r in records:
        r.pop("source", None)
    return records, notes, rng


# ------------------------------------------------------------ HTML producers

def form_html(form, opts):
    body = []
    for row in form["rows"]:
        body.append("<tr>" + "".join(fixtures.td(t, cs, rs) for _, t, cs, rs in row) + "</tr>")
    total = sum(form["weights"])
    cols = "".join(f'<col width="{100 * w / total:.1f}%">' for w in form["weights"])
    head = "".join(f'<p class="{"title" if big else "year"}">{html.escape(t)}</p>\n' for t, big in form["head"])
    foot = f'<p class="footer">{html.escape(form["foot"])}</p>\n' if form["foot"] else ""
    return (head + f'<table border="1" cellspacing="0" cellpadding="3" width="100%">{cols}\n' + "\n".join(body) +
            "\n</table>\n" + foot)


COVER_ROWS = [("一、一般公共预算拨款收入", "12,345,600.00"), ("二、政府性基金预算拨款收入", "800,000.00"),
              ("三、事业收入", "0.00"), ("本年收入合计", "13,145,600.00")]
OTHER_ROWS = [("农村饮水安全巩固提升", "1,200,000.00", "农业农村局"), ("文物保护经费", "300,000.00", "文化和旅游局"),
              ("地质灾害防治", "5,300,000.00", "自然资源局")]
GLOSSARY = ["名词解释", "一、财政拨款收入：指本级财政当年拨付的资金。",
            "二、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
            "三、绩效目标：指预算资金计划在一定期限内达到的产出和效果。"]


def other_html():
    cover = ('<p class="title">2025年部门预算公开</p><p class="title">收支总表</p>'
             '<table border="1" cellspacing="0" width="100%"><tr><td>项目</td><td>金额（元）</td></tr>' +
             "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in COVER_ROWS) + "</table>"
             '<p class="title" style="page-break-before: always">项目支出表</p>'
             '<table border="1" cellspacing="0" width="100%"><tr><td>项目名称</td><td>金额（元）</td><td>主管部门</td></tr>' +
             "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in OTHER_ROWS) + "</table>"
             '<div style="page-break-after: always"></div>')
    tail = '<div style="page-break-before: always"></div>' + "".join(f"<p>{html.escape(t)}</p>" for t in GLOSSARY)
    return cover, tail


def page_html(forms, opts):
    w, h = PAPERS[opts["paper"]]
    size = {"A4": "A4", "A4L": "A4 landscape", "A3": "A3"}[opts["paper"]]
    css = (f'@page {{ size: {size}; margin: 14mm 12mm; }}\n'
           f'body {{ font-family: "{opts["font"]}"; font-size: 9pt; }}\n'
           "p.title { text-align: center; font-size: 14pt; font-weight: bold; margin: 6pt 0 2pt 0; }\n"
           "p.year { text-align: center; font-size: 10pt; margin: 0 0 4pt 0; }\n"
           "table { border-collapse: collapse; width: 100%; table-layout: fixed; }\n"
           "td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle; word-break: break-all; }\n"
           "p.footer { margin: 4pt 0 18pt 0; }\n")
    if not opts["keep_rows"]:
        css += "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    forms = "\n".join(form_html(f, opts) for f in forms)
    if opts["embedded"]:
        cover, tail = other_html()
        forms = cover + forms + tail
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>绩效目标表</title>'
            f"<style>{css}</style></head>\n<body>\n{forms}</body></html>\n")


def write_xlsx(records, opts, path):
    """fixtures.forms_xlsx with this variant's font and paper."""
    from openpyxl import load_workbook
    from openpyxl.styles import Font
    saved = fixtures.form_rows
    fixtures.form_rows = lambda rec: grid(rec, opts)
    try:
        fixtures.forms_xlsx(records, path)
    finally:
        fixtures.form_rows = saved
    wb = load_workbook(path)
    ws = wb.active
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                c.font = Font(name=opts["font"], size=c.font.sz, bold=c.font.b)
            if isinstance(c.value, str) and c.value.startswith("联系电话：") and opts["sign_tight"]:
                pass
    if opts["paper"] == "A3":
        ws.page_setup.paperSize = ws.PAPERSIZE_A3
    if opts["paper"] == "A4L":
        ws.page_setup.orientation = "landscape"
    if opts["embedded"]:
        # The other tables on their own sheets, printed before and after.
        cover = wb.create_sheet("收支总表", 0)
        cover.append(["收支总表"])
        cover.append(["项目", "金额（元）"])
        for a, b in COVER_ROWS:
            cover.append([a, b])
        other = wb.create_sheet("项目支出表", 1)
        other.append(["项目支出表"])
        other.append(["项目名称", "金额（元）", "主管部门"])
        for row in OTHER_ROWS:
            other.append(list(row))
        gl = wb.create_sheet("名词解释")
        for t in GLOSSARY:
            gl.append([t])
        from openpyxl.styles import Border, Side
        thin = Side(style="thin", color="000000")
        for sheet, first in ((cover, 2), (other, 2)):
            sheet.column_dimensions["A"].width = 30
            sheet.column_dimensions["B"].width = 16
            sheet.column_dimensions["C"].width = 16
            for row in sheet.iter_rows(min_row=first):
                for c in row:
                    if c.value is not None:
                        c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    if opts["sign_tight"]:
        # The sign-off in one cell per line: values and labels one space apart.
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("负责人："):
                    r = c.row
                    rec = records[sum(1 for x in ws.iter_rows(max_row=r) if isinstance(x[0].value, str) and x[0].value.startswith("负责人：")) - 1]
                    for rng_ in [m for m in ws.merged_cells.ranges if m.min_row == r]:
                        ws.unmerge_cells(str(rng_))
                    for k in range(8):
                        ws.cell(row=r, column=k + 1).value = None
                    ws.cell(row=r, column=1).value = sign_off_line(rec, True)
                    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=8)
    wb.save(path)


# ---------------------------------------------------------- reportlab layout

def wrap(text, font, size, width, stringWidth):
    """Lines of `text` no wider than `width` (breaks anywhere, as CJK wraps)."""
    text = "" if text is None else str(text)
    lines, cur = [], ""
    for ch in text:
        if cur and stringWidth(cur + ch, font, size) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def reportlab_pdf(forms, opts, path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = opts["font"]
    file, index = RL_FONTS[font]
    if file is None:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        fname = "STSong-Light"
    else:
        fname = "F-" + font
        if fname not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(fname, file, subfontIndex=index))
    sw = pdfmetrics.stringWidth
    pw, ph = PAPERS[opts["paper"]]
    turn = opts["rotate"] if str(opts["rotate"]).startswith("matrix") else None
    # A page turned by its text matrix: the media box is the paper turned, the
    # content drawn rotated into it (as a scanner station's re-layout does).
    media = (ph, pw) if turn else (pw, ph)
    c = canvas.Canvas(path, pagesize=media, pageCompression=1, invariant=1)  # the same bytes every run
    c.setTitle("绩效目标表")
    size, lead, pad = 8.5, 11.0, 3.0
    margin = 36
    width = pw - 2 * margin

    state = {"y": margin}

    def begin_page():
        if turn == "matrix90":
            c.translate(ph, 0)
            c.rotate(90)
        elif turn == "matrix270":
            c.translate(0, pw)
            c.rotate(-90)
        c.setLineWidth(0.6)
        state["y"] = margin

    def new_page():
        c.showPage()
        begin_page()

    def Y(y):  # top-down y to PDF y
        return ph - y

    def text_line(t, y, fsize=size, center=True, x=None):
        c.setFont(fname, fsize)
        if center:
            c.drawCentredString(pw / 2, Y(y + fsize), t)
        else:
            c.drawString(x if x is not None else margin, Y(y + fsize), t)

    def draw_cell(x0, x1, y0, y1, lines, top=None, bottom=None):
        """Box and its text; the text centred in the part [top, bottom] shown."""
        c.rect(x0, Y(y1), x1 - x0, y1 - y0, stroke=1, fill=0)
        if not lines:
            return
        top = y0 if top is None else top
        bottom = y1 if bottom is None else bottom
        h = len(lines) * lead
        y = (top + bottom) / 2 - h / 2
        c.setFont(fname, size)
        for ln in lines:
            c.drawString(x0 + pad, Y(y + size + 1), ln)
            y += lead

    begin_page()
    page_bottom = ph - margin

    def paragraph(t):
        text_line(t, state["y"], center=False)
        state["y"] += lead + 4

    if opts["embedded"]:
        text_line("2025年部门预算公开", state["y"], 14)
        state["y"] += 24
        text_line("收支总表", state["y"], 12)
        state["y"] += 20
        for rows, ws in (([("项目", "金额（元）")] + COVER_ROWS, [0.6, 0.4]),):
            for row in rows:
                x = margin
                for t, f in zip(row, ws):
                    draw_cell(x, x + width * f, state["y"], state["y"] + 18, [t])
                    x += width * f
                state["y"] += 18
        new_page()
        text_line("项目支出表", state["y"], 12)
        state["y"] += 20
        for row in [("项目名称", "金额（元）", "主管部门")] + OTHER_ROWS:
            x = margin
            for t in row:
                draw_cell(x, x + width / 3, state["y"], state["y"] + 18, [t])
                x += width / 3
            state["y"] += 18
        new_page()

    for form in forms:
        rows = form["rows"]
        xs = [margin]
        for w in form["weights"]:
            xs.append(xs[-1] + width * w / sum(form["weights"]))
        # Lines of every cell; row heights from the cells spanning one row.
        cells = []  # (r, c0, c1, rs, lines)
        heights = []
        for r, row in enumerate(rows):
            h = lead + 2 * pad
            for col, t, cs, rs in row:
                lines = wrap(t, fname, size, xs[col + cs] - xs[col] - 2 * pad, sw)
                cells.append((r, col, col + cs, rs, lines))
                if rs == 1:
                    h = max(h, len(lines) * lead + 2 * pad)
            heights.append(h)
        for r0, c0, c1, rs, lines in cells:
            need = len(lines) * lead + 2 * pad
            have = sum(heights[r0:r0 + rs])
            if need > have:
                heights[r0 + rs - 1] += need - have
        if state["y"] + 60 > page_bottom:
            new_page()
        for t, big in form["head"]:
            text_line(t, state["y"], 13 if big else 9.5)
            state["y"] += 20 if big else 15
        # Rows onto pages: a row never splits; a merged cell cut by a break is
        # drawn on both pages, its text where the group starts.
        tops = {}
        page_of = {}
        page = 0
        for r, h in enumerate(heights):
            if state["y"] + h > page_bottom:
                page += 1
                state["y"] = margin
                if opts["empty_boxes"]:
                    state["y"] += lead + 2 * pad  # the empty boxes drawn there
            tops[r] = state["y"]
            page_of[r] = page
            state["y"] += h
        pages = sorted(set(page_of.values()))
        for k, p in enumerate(pages):
            if k:
                new_page()
                if opts["empty_boxes"]:
                    # The cut row's boxes, empty, at the top of the new page.
                    first = min(r for r in page_of if page_of[r] == p)
                    for r0, c0, c1, rs, lines in cells:
                        if r0 == first - 1 or (r0 < first < r0 + rs):
                            draw_cell(xs[c0], xs[c1], margin, margin + lead + 2 * pad, [])
            for r0, c0, c1, rs, lines in cells:
                span_rows = [r for r in range(r0, r0 + rs) if page_of[r] == p]
                if not span_rows:
                    continue
                y0 = tops[span_rows[0]]
                y1 = tops[span_rows[-1]] + heights[span_rows[-1]]
                shown = lines if page_of[r0] == p else []
                draw_cell(xs[c0], xs[c1], y0, y1, shown)
        state["y"] = tops[len(heights) - 1] + heights[-1] + 6
        if state["y"] + lead > page_bottom:
            new_page()
        if form["foot"]:
            text_line(form["foot"], state["y"], size, center=False)
        state["y"] += lead + 18

    if opts["embedded"]:
        new_page()
        for t in GLOSSARY:
            paragraph(t)
    c.showPage()
    c.save()


# ------------------------------------------------------------ batch drivers

def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def chromium_pdf(html_path, pdf_path):
    profile = tempfile.mkdtemp(prefix="chromium-")
    try:
        run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--no-pdf-header-footer", "--print-to-pdf-no-header",
             f"--print-to-pdf={pdf_path}", "file://" + os.path.abspath(html_path)])
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def soffice_batch(paths, out_dir, writer):
    """One LibreOffice run converting many files."""
    if not paths:
        return
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
        if writer:
            cmd += ["--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export"]
        else:
            cmd += ["--convert-to", "pdf:calc_pdf_Export"]
        run(cmd + ["--outdir", out_dir] + paths)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def choose(rng, producer, html_fonts=None):
    opts = {
        "producer": producer,
        "paper": rng.choice(["A4", "A4", "A4L", "A3"]),
        "rotate": rng.choice([0, 0, 90, 180, 270]),  # --all-rotations: every one
        "goal_span": rng.random() < 0.6,
        "sign_tight": rng.random() < 0.4,
        "embedded": rng.random() < 0.3,
        "keep_rows": rng.random() < 0.5,
        "empty_boxes": False,
    }
    if producer == "reportlab":
        opts["font"] = rng.choice(sorted(RL_FONTS))
        opts["rotate"] = rng.choice([0, 0, 90, 180, 270, "matrix90", "matrix270"])
        opts["empty_boxes"] = rng.random() < 0.4
    else:
        opts["font"] = rng.choice(html_fonts or HTML_FONTS)
    return opts


def describe(opts):
    out = [f"font={opts['font'].replace(' ', '-')}", f"paper={opts['paper']}", f"rotate={opts['rotate']}"]
    for k in ("goal_span", "sign_tight", "embedded", "empty_boxes"):
        if opts[k]:
            out.append(k.replace("_", "-"))
    return out


def gold_pages(pdf, titles):
    """Each form's pages: from the page of its title (`titles`, in order) to
    that of its sign-off."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True).stdout
    pages = ["".join(p.split()) for p in out.split("\f")]
    firsts, signs = [], []
    page = 0
    for t in titles:
        t = "".join(t.split())
        while page < len(pages) and t not in pages[page]:
            page += 1
        if page == len(pages):
            return None
        firsts.append(page + 1)
        pages[page] = pages[page].replace(t, "", 1)
    for i, p in enumerate(pages):
        signs += [i + 1] * p.count("负责人")
    if len(signs) != len(titles):
        return None
    return [[a, b] for a, b in zip(firsts, signs)]


def write_gold(records, name, pages, path):
    docs = []
    for k, rec in enumerate(records):
        rec = copy.deepcopy(rec)
        rec.pop("source", None)  # the PDF's, not the text export's
        src = {"file": name}
        if pages:
            src["pages"] = pages[k]
        out = {"format": rec.pop("format", "perfgoal-record/1"), "source": src}
        out.update(rec)
        docs.append(out)
    with open(path, "w", encoding="utf-8") as f:
        yaml.dump_all(docs, f, Dumper=make_variants.GoldDumper, allow_unicode=True, sort_keys=False,
                      explicit_start=True)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    layouts_mode = "--layouts" in argv
    public = "--public" in argv
    if len(args) < 2 or ("--seeds" not in argv and not public):
        print("\n".join(__doc__.strip().splitlines()[3:8]), file=sys.stderr)
        return 2
    first, count = 0, 0
    if "--seeds" in argv:
        k = argv.index("--seeds")
        first, count = int(argv[k + 1]), int(argv[k + 2])
    producers = ["reportlab", "chromium", "writer", "calc"] if not layouts_mode else ["reportlab", "chromium", "writer"]
    if "--producers" in argv:
        producers = argv[argv.index("--producers") + 1].split(",")
    all_rotations = "--all-rotations" in argv
    html_fonts = argv[argv.index("--fonts") + 1].split(",") if "--fonts" in argv else None
    src_path, out_dir = args[0], args[1]
    # (name, seed or None, records, forms-maker, notes, rng): what each PDF holds.
    plan = []
    if layouts_mode:
        sys.path.insert(0, os.path.join(ROOT, "tests", "variants"))
        import make_layout_variants as mlv
        layouts = mlv.load_layouts(src_path, os.path.join(ROOT, "templates"))
        if public:
            # Each layout's fixture as printed: its forms unchanged, a fixed look.
            for lname, lay in layouts.items():
                forms = [(lay, rec, rows) for rec, rows in lay.forms]
                opts = {"producer": "reportlab", "paper": "A4", "rotate": 0, "goal_span": False, "sign_tight": False,
                        "embedded": False, "keep_rows": False, "empty_boxes": False, "font": "stsong-cid"}
                plan.append((f"layout-{lname}.pdf", forms, [f"layout={lname}"], opts))
        else:
            which = argv[argv.index("--layout") + 1] if "--layout" in argv else "mixed"
            for seed in range(first, first + count):
                forms, notes = mlv.pdf_forms(layouts, seed, which)
                rng = random.Random(seed * 7919 + 17)
                opts = choose(rng, producers[seed % len(producers)], html_fonts)
                opts["goal_span"] = False  # the Shanxi grid's 总体目标; layouts print their own
                plan.append((f"pdfvar-{which}-{seed}.pdf", forms, notes, opts))
    else:
        gold = make_variants.load_gold(src_path)
        for seed in range(first, first + count):
            records, notes, rng = form_variant(gold, seed)
            opts = choose(rng, producers[seed % len(producers)], html_fonts)
            plan.append((f"pdfvar-{seed}.pdf", [(None, r, None) for r in records], sorted(notes), opts))
    os.makedirs(out_dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="pdfvar-")
    jobs = []  # (name, producer, opts, records, notes, titles)
    writer_src, calc_src = [], []
    try:
        for name, forms, notes, opts in plan:
            producer = opts["producer"]
            records = [rec for _, rec, _ in forms]
            drawn = [shanxi_form(rec, opts) if lay is None else layout_form(lay, rows, opts)
                     for lay, rec, rows in forms]
            base = os.path.join(work, name[:-4])
            if producer == "reportlab":
                reportlab_pdf(drawn, opts, base + ".pdf")
            elif producer == "chromium":
                with open(base + ".html", "w", encoding="utf-8") as f:
                    f.write(page_html(drawn, opts))
                chromium_pdf(base + ".html", base + ".pdf")
            elif producer == "writer":
                with open(base + ".html", "w", encoding="utf-8") as f:
                    f.write(page_html(drawn, opts))
                writer_src.append(base + ".html")
            else:
                if layouts_mode:
                    sys.exit("calc renders the Shanxi grid only (--producers reportlab,chromium,writer for layouts)")
                write_xlsx(records, opts, base + ".xlsx")
                calc_src.append(base + ".xlsx")
            jobs.append((name, producer, opts, records, notes, [d["title"] for d in drawn]))
        soffice_batch(writer_src, work, True)
        soffice_batch(calc_src, work, False)
        # --public renders the whole folder again: its manifest anew.
        manifest = open(os.path.join(out_dir, "manifest.tsv"), "w" if public else "a", encoding="utf-8")
        for name, producer, opts, records, notes, titles in jobs:
            made = os.path.join(work, name)
            if not os.path.exists(made):
                print(f"{name}: {producer} made no PDF", file=sys.stderr)
                continue
            # Each PDF as made, or (--all-rotations) at /Rotate 0, 90, 180 and 270.
            angles = [0, 90, 180, 270] if all_rotations else [opts["rotate"] if isinstance(opts["rotate"], int) else 0]
            for angle in angles:
                o = dict(opts)
                if isinstance(o["rotate"], str):
                    o["rotate"] = o["rotate"] + (f"+{angle}" if angle else "")
                else:
                    o["rotate"] = angle
                out_name = name if not all_rotations else f"{name[:-4]}-r{angle}.pdf"
                out = os.path.join(out_dir, out_name)
                if angle:
                    run(["qpdf", f"--rotate=+{angle}", made, out])
                else:
                    shutil.copy(made, out)
                pages = gold_pages(out, titles)
                write_gold(records, out_name, pages, os.path.join(out_dir, out_name[:-4] + ".gold.yaml"))
                line = "\t".join([out_name, producer] + describe(o) + list(notes))
                manifest.write(line + "\n")
                print(line, flush=True)
        manifest.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
