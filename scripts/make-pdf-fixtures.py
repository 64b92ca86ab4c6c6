#!/usr/bin/python3
"""Makes the PDF fixtures in fixtures/pdf/ from the fixture's records.

The forms are laid out as the budget system prints them (an 8-column ruled
grid with merged cells; the title, the year line and the sign-off line
outside the grid), as HTML, then printed to PDF by two producers:

  chromium-*.pdf      Chromium headless, printing the HTML (its PDFs map
                      many ideographs to Kangxi radicals: 项⽬, 主管部⻔)
  libreoffice-*.pdf   LibreOffice Writer, converting the same HTML (it cuts
                      tall rows at page breaks)
  chromium-borderless.pdf  the same without any ruling lines
  calc-*.pdf          LibreOffice Calc, printing the forms as an .xlsx sheet
                      (merged cells, thin borders, two forms a page), as
                      forms kept in Excel are printed

and broken ones made from them: an image-only (scanned) page, an encrypted
file (qpdf), a truncated file, a damaged file. Each PDF with forms gets a
gold YAML (<name>.gold.yaml): the gold records of the forms it holds.

Needs (Debian 12), none of them needed to build or test perfgoal:
  apt-get install chromium libreoffice-writer-nogui libreoffice-calc-nogui \
                  fonts-noto-cjk qpdf poppler-utils python3-yaml python3-openpyxl

usage: scripts/make-pdf-fixtures.py [--out fixtures/pdf] [--gold ../shared/fixtures/shangdang-2025.gold.yaml]
Run from the source tree; it overwrites the files it makes.
"""
import argparse
import datetime
import decimal
import html
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RECORDS = os.path.join(ROOT, "tests/golden/shangdang-2025/expected/shangdang-2025.yaml")

# Which forms (0-based, in the fixture's order) go into which file. They flow
# one after another with no forced page break, so forms continue onto the
# next page and pages hold the end of one form and the start of the next.
SETS = {
    "chromium-forms": ("chromium", [0, 1, 2, 6, 14]),
    "libreoffice-forms": ("libreoffice", [3, 4, 5, 7, 12]),
    "calc-forms": ("calc", [8, 10, 11, 13, 15]),
    # No ruling lines at all: cells from text alignment only.
    "chromium-borderless": ("chromium", [0, 1]),
}
ONE_FORM = 9  # the form in the small files (scanned, encrypted, truncated)

COL_WIDTHS = [11, 10, 11, 17, 13, 11, 16, 11]  # percent, 8 grid columns

CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; font-size: 9pt; }
p.title { text-align: center; font-size: 14pt; font-weight: bold; margin: 6pt 0 2pt 0; }
p.year { text-align: center; font-size: 10pt; margin: 0 0 4pt 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle; word-break: break-all; }
tr { break-inside: avoid; page-break-inside: avoid; }
p.footer { margin: 4pt 0 18pt 0; }
"""


class DecimalLoader(yaml.SafeLoader):
    pass


DecimalLoader.add_constructor(
    "tag:yaml.org,2002:float",
    lambda loader, node: decimal.Decimal(loader.construct_scalar(node)))


def esc(v):
    return "" if v is None else html.escape(str(v))


def money(v):
    if v is None:
        return ""
    d = decimal.Decimal(str(v))
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d:,.2f}"


def td(text, colspan=1, rowspan=1):
    attrs = ""
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    return f"<td{attrs}>{esc(text)}</td>"


def spans(values):
    """Row spans for a column of merged labels: equal neighbours merge."""
    out = [0] * len(values)
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i] and values[i] is not None:
            j += 1
        out[i] = j - i + 1
        i = j + 1
    return out


def form_rows(r):
    """The grid of one form: rows of (column, text, colspan, rowspan)."""
    p = r["project"]
    f = r["funds"]
    dept = (p.get("department_code") or "") + ("-" if p.get("department_code") else "") + (p.get("department") or "")
    attr = p.get("attribute") or ""
    if p.get("attribute_detail"):
        attr += f"（{p['attribute_detail']}）"
    years = f"{p['period_years']}年" if p.get("period_years") is not None else ""
    rows = [
        [(0, "项目名称", 1, 1), (1, p.get("name"), 7, 1)],
        [(0, "主管部门及代码", 1, 1), (1, dept, 3, 1), (4, "实施单位", 1, 1), (5, p.get("implementing_unit"), 3, 1)],
        [(0, "项目属性", 1, 1), (1, attr, 3, 1), (4, "项目期", 1, 1), (5, years, 3, 1)],
        [(0, "项目资金（元）", 1, 6), (1, "实施期资金总额：", 2, 1), (3, money(f["period"]["total"]), 1, 1),
         (4, "年度资金总额：", 1, 1), (5, money(f["annual"]["total"]), 3, 1)],
    ]
    for label, key in [("其中：中央财政资金", "central"), ("省级财政资金", "provincial"),
                       ("市县（区）财政资金", "local"), ("单位自筹", "self_raised"), ("其他资金", "other")]:
        rows.append([(1, label, 2, 1), (3, money(f["period"][key]), 1, 1), (4, label, 1, 1),
                     (5, money(f["annual"][key]), 3, 1)])
    for label, key in [("项目概况", "overview"), ("立项依据", "basis"), ("项目设立必要性", "necessity"),
                       ("保证项目实施的制度、措施", "safeguards"), ("项目实施计划", "schedule")]:
        rows.append([(0, label, 1, 1), (1, r.get(key), 7, 1)])
    g = r["goals"]
    rows.append([(0, "", 1, 1), (1, "实施期目标", 4, 1), (5, "年度目标", 3, 1)])
    rows.append([(0, "总体目标", 1, 1), (1, g.get("period"), 4, 1), (5, g.get("annual"), 3, 1)])
    ip, ia = r["indicators"]["period"], r["indicators"]["annual"]
    n = max(len(ip), len(ia))
    ip = ip + [None] * (n - len(ip))
    ia = ia + [None] * (n - len(ia))
    l1 = [(a or b or {}).get("level1") for a, b in zip(ip, ia)]
    l1_span = spans(l1)
    # A 二级指标 label merges only inside its 一级指标 group.
    l2p_span = spans([(l1[k], ip[k].get("level2")) if ip[k] else None for k in range(n)])
    l2a_span = spans([(l1[k], ia[k].get("level2")) if ia[k] else None for k in range(n)])
    rows.append([(0, "绩效指标", 1, n + 1)] + [(c + 1, h, 1, 1) for c, h in enumerate(
        ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"])])
    for k in range(n):
        row = []
        if l1_span[k]:
            row.append((1, l1[k], 1, l1_span[k]))
        for base, ind, sp in ((2, ip[k], l2p_span), (5, ia[k], l2a_span)):
            ind = ind or {}
            if sp[k]:
                row.append((base, ind.get("level2"), 1, sp[k]))
            row += [(base + 1, ind.get("name"), 1, 1), (base + 2, ind.get("value"), 1, 1)]
        rows.append(row)
    return rows


def sign_off(r):
    """(label, value) pairs of the line under the grid."""
    s = r["sign_off"]
    filed = s.get("filed_at")
    if isinstance(filed, datetime.datetime):
        filed = filed.strftime("%Y%m%d%H%M%S")
    return [("负责人：", s.get("responsible")), ("经办人：", s.get("handler")), ("联系电话：", s.get("phone")),
            ("填报日期：", filed)]


def form_html(r):
    body = "\n".join("<tr>" + "".join(td(text, cs, rs) for _, text, cs, rs in row) + "</tr>" for row in form_rows(r))
    gap = "&nbsp;" * 12
    footer = gap.join(f"{label}{esc(value)}" for label, value in sign_off(r))
    cols = "".join(f'<col width="{w}%">' for w in COL_WIDTHS)
    return (f'<p class="title">{esc(r.get("title"))}</p>\n'
            f'<p class="year">（{esc(r.get("fiscal_year"))}年度）</p>\n'
            f'<table border="1" cellspacing="0" cellpadding="3" width="100%">{cols}\n{body}\n</table>\n'
            f'<p class="footer">{footer}</p>\n')


XLSX_WIDTHS = [12, 10, 11, 16, 12, 10, 15, 11]  # Excel character widths of the 8 columns
XLSX_FONT = 9


def forms_xlsx(records, path):
    """The forms on one sheet as a county office keeps them in Excel: merged
    cells, thin borders, wrapped text; row heights set for the text (Excel
    does not grow merged cells), fitted to the A4 width."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标表"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for i, w in enumerate(XLSX_WIDTHS):
        ws.column_dimensions[get_column_letter(i + 1)].width = w
    thin = Side(style="thin", color="000000")

    def put(row, col, text, colspan=1, rowspan=1, border=True, align="left", bold=False, size=XLSX_FONT):
        c = ws.cell(row=row, column=col + 1, value=None if text in (None, "") else str(text))
        c.font = Font(name="Noto Sans CJK SC", size=size, bold=bold)
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal=align)
        if colspan > 1 or rowspan > 1:
            ws.merge_cells(start_row=row, start_column=col + 1, end_row=row + rowspan - 1, end_column=col + colspan)
        if border:
            for rr in range(row, row + rowspan):
                for cc in range(col, col + colspan):
                    ws.cell(row=rr, column=cc + 1).border = Border(left=thin, right=thin, top=thin, bottom=thin)

    def lines_needed(col, colspan, text):
        width_pt = sum(XLSX_WIDTHS[col:col + colspan]) * 7.0 * 0.75
        per_line = max(1, int((width_pt - 6) / XLSX_FONT))
        return max(1, -(-len(str(text or "")) // per_line))

    r = 1
    for rec in records:
        put(r, 0, rec.get("title"), 8, border=False, align="center", bold=True, size=14)
        ws.row_dimensions[r].height = 24
        put(r + 1, 0, f"（{rec.get('fiscal_year')}年度）", 8, border=False, align="center")
        r += 2
        for row in form_rows(rec):
            lines = 1
            for col, text, cs, rs in row:
                put(r, col, text, cs, rs)
                if rs == 1:
                    lines = max(lines, lines_needed(col, cs, text))
            ws.row_dimensions[r].height = lines * XLSX_FONT * 1.45 + 4
            r += 1
        for (label, value), col in zip(sign_off(rec), (0, 2, 4, 6)):
            put(r, col, f"{label}{value or ''}", 2 if col == 6 else 1, border=False)
        r += 2
    wb.save(path)


def page_html(records, borders=True):
    forms = "\n".join(form_html(r) for r in records)
    css = CSS
    if not borders:
        forms = forms.replace('border="1"', 'border="0"')
        css = css.replace("border: 0.75pt solid #000;", "border: none;")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>绩效目标表</title>'
            f"<style>{css}</style></head>\n<body>\n{forms}</body></html>\n")


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def chromium_pdf(html_path, pdf_path):
    profile = tempfile.mkdtemp(prefix="chromium-")
    try:
        run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--no-pdf-header-footer", "--print-to-pdf-no-header",
             f"--print-to-pdf={pdf_path}", "file://" + os.path.abspath(html_path)])
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def libreoffice_pdf(html_path, pdf_path):
    outdir = tempfile.mkdtemp(prefix="lo-out-")
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export", "--outdir", outdir,
             html_path])
        made = os.path.join(outdir, os.path.splitext(os.path.basename(html_path))[0] + ".pdf")
        shutil.move(made, pdf_path)
    finally:
        shutil.rmtree(outdir, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


def calc_pdf(xlsx_path, pdf_path):
    outdir = tempfile.mkdtemp(prefix="lo-out-")
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf:calc_pdf_Export", "--outdir", outdir, xlsx_path])
        made = os.path.join(outdir, os.path.splitext(os.path.basename(xlsx_path))[0] + ".pdf")
        shutil.move(made, pdf_path)
    finally:
        shutil.rmtree(outdir, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


PRODUCERS = {"chromium": chromium_pdf, "libreoffice": libreoffice_pdf, "calc": calc_pdf}


def gold_documents(gold_path):
    """The gold YAML stream split into documents, text kept as written."""
    with open(gold_path, encoding="utf-8") as fh:
        text = fh.read()
    docs = [d for d in text.split("\n---\n")]
    docs[0] = docs[0].removeprefix("---\n")
    return [d.strip("\n") for d in docs if d.strip()]


def write_gold(docs, indices, pdf_name, path):
    out = []
    for i in indices:
        lines = []
        in_lines = False
        for line in docs[i].split("\n"):
            if line.startswith("#"):
                continue
            if line.startswith("  file:"):
                line = f"  file: {pdf_name}"
            if in_lines and line.startswith("  - "):
                continue
            in_lines = line.startswith("  lines:")
            if in_lines:
                continue  # a PDF has pages, not lines
            lines.append(line)
        out.append("\n".join(lines))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("---\n" + "\n---\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "fixtures/pdf"))
    ap.add_argument("--gold", default=os.path.join(ROOT, "..", "shared/fixtures/shangdang-2025.gold.yaml"))
    args = ap.parse_args()
    if not os.path.exists(args.gold):
        args.gold = "/work/shared/fixtures/shangdang-2025.gold.yaml"
    os.makedirs(args.out, exist_ok=True)
    with open(RECORDS, encoding="utf-8") as fh:
        records = list(yaml.load_all(fh, Loader=DecimalLoader))
    gold = gold_documents(args.gold)
    if len(gold) != len(records):
        sys.exit(f"gold has {len(gold)} records, the fixture {len(records)}")
    work = tempfile.mkdtemp(prefix="pdf-fixtures-")
    try:
        for name, (producer, indices) in SETS.items():
            if producer == "calc":
                source = os.path.join(work, name + ".xlsx")
                forms_xlsx([records[i] for i in indices], source)
            else:
                source = os.path.join(work, name + ".html")
                with open(source, "w", encoding="utf-8") as fh:
                    fh.write(page_html([records[i] for i in indices], borders=not name.endswith("-borderless")))
            PRODUCERS[producer](source, os.path.join(args.out, name + ".pdf"))
            write_gold(gold, indices, name + ".pdf", os.path.join(args.out, name + ".gold.yaml"))
            print(f"{name}.pdf: forms {indices} by {producer}")

        # One form, for the small files below.
        one_html = os.path.join(work, "one.html")
        with open(one_html, "w", encoding="utf-8") as fh:
            fh.write(page_html([records[ONE_FORM]]))
        one_pdf = os.path.join(work, "one.pdf")
        chromium_pdf(one_html, one_pdf)

        # A scanned page: page 1 of the form rendered to a picture and printed.
        run(["pdftoppm", "-r", "60", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", one_pdf,
             os.path.join(work, "scan")])
        scan_html = os.path.join(work, "scan.html")
        with open(scan_html, "w", encoding="utf-8") as fh:
            fh.write('<!DOCTYPE html><html><head><style>@page { size: A4; margin: 0 } body { margin: 0 }'
                     ' img { width: 210mm; height: 296mm; display: block }</style></head>'
                     '<body><img src="scan.png"></body></html>')
        scanned = os.path.join(args.out, "scanned.pdf")
        chromium_pdf(scan_html, scanned)
        print("scanned.pdf: one image-only page")
        # The scan, then the same form as text: one record, and a note on page 1.
        mixed = os.path.join(args.out, "scan-then-form.pdf")
        run(["qpdf", "--empty", "--pages", scanned, one_pdf, "--", mixed])
        write_gold(gold, [ONE_FORM], "scan-then-form.pdf", os.path.join(args.out, "scan-then-form.gold.yaml"))
        print("scan-then-form.pdf: an image-only page, then a form")

        run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", one_pdf,
             os.path.join(args.out, "encrypted.pdf")])
        print("encrypted.pdf: needs the password user-secret")
        with open(one_pdf, "rb") as fh:
            data = fh.read()
        with open(os.path.join(args.out, "truncated.pdf"), "wb") as fh:
            fh.write(data[: len(data) * 6 // 10])
        print("truncated.pdf: the first 60% of a one-form PDF")
        with open(os.path.join(args.out, "damaged.pdf"), "wb") as fh:
            fh.write(b"%PDF-1.4\n" + bytes(range(256)) * 4 + b"\ntrailer\n<< /Root 99 0 R >>\n%%EOF\n")
        print("damaged.pdf: a PDF header and no objects")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
