#!/usr/bin/env python3
"""Makes the fuzzers' seed corpus (fuzz/corpus/<target>/): small inputs, so
that libFuzzer runs hundreds of executions a second instead of a few.

  text/       single forms cut from fixtures/shangdang-2025.txt (one in
              GB18030 with CRLF, one in UTF-16), and a minimal form
  value/      指标值 wordings from the fixture's indicator column
  yaml/       single records from the golden YAML output, one edited by hand
  roundtrip/  the same records (fed through XML and the workbook)
  pdf/        one small form page drawn with reportlab (a CID font, not
              embedded: ~3 KB)

and the dictionaries (fuzz/dict/): forms.dict, the template's labels, category
names and value wordings (for the text, value and PDF targets); yaml.dict,
the record format's keys and scalars; pdf.dict, PDF operators and keys.

Needs python3-reportlab only to remake the PDF seed; the corpus is kept in
the repository. usage: fuzz/make_corpus.py (from anywhere)
"""
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def forms():
    with open(os.path.join(ROOT, "fixtures", "shangdang-2025.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    starts = [i for i, l in enumerate(lines) if "项目支出绩效目标表" in l] + [len(lines)]
    return ["\n".join(lines[a:b]) + "\n" for a, b in zip(starts, starts[1:])]


MINIMAL = ("某县项目支出绩效目标表\n（2024年度）\n项目名称\t\t测试项目\n主管部门及代码\t\t012-某县财政局\t\t实施单位\t\t某县财政局\n"
           "项目属性\t\t一次性项目（1年结束）\t\t项目期\t\t1年\n项目资金（万元）\t\t实施期资金总额：\t1.5\t年度资金总额：\t1.25\n"
           "\t\t其中：中央财政资金\t0\t其中：中央财政资金\t0\n实施期目标\t\t\t\t年度目标\n总体目标\t目标甲\t\t\t目标乙\n"
           "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值\n"
           "\t产出指标\t数量指标\t培训人数\t≥110人\t数量指标\t培训人数\t≥110人\n"
           "\t满意度指标\t服务对象满意度\t群众满意度\t≥95%\t服务对象满意度\t群众满意度\t≥95%\n"
           "负责人：\t张三\t经办人：\t\t联系电话：\t\t填报日期：\t20241217090709\n")


def text_seeds():
    fs = forms()
    picks = sorted(fs, key=len)
    put("text", "form-short.txt", picks[0])
    put("text", "form-median.txt", picks[len(picks) // 2])
    put("text", "form-gb18030-crlf.txt", picks[1].replace("\n", "\r\n").encode("gb18030"))
    put("text", "form-utf16.txt", b"\xff\xfe" + picks[2].encode("utf-16-le"))
    put("text", "minimal.txt", MINIMAL)
    put("text", "minimal-spaces.txt", MINIMAL.replace("\t", "    "))


def value_seeds():
    values = set()
    for form in forms():
        for line in form.split("\n"):
            cells = line.split("\t")
            if len(cells) > 4 and cells[4].strip():
                values.add(cells[4].strip())
    for k, v in enumerate(sorted(values)[:60]):
        put("value", f"v{k:02d}", v)


def yaml_seeds():
    with open(os.path.join(ROOT, "tests", "golden", "shangdang-2025", "expected", "shangdang-2025.yaml"),
              encoding="utf-8") as f:
        docs = [d for d in re.split(r"(?m)^---\n", f.read()) if d.strip()]
    picks = sorted(docs, key=len)
    for k, d in enumerate([picks[0], picks[len(picks) // 2]]):
        for target in ("yaml", "roundtrip"):
            put(target, f"record{k}.yaml", "---\n" + d)
    edited = picks[0].replace('name: "', 'name: "=1+1 <&>"\\t', 1).replace("period_years: ", "period_years: 3 #", 1)
    put("yaml", "edited.yaml", "---\n" + edited)
    put("roundtrip", "two.yaml", "---\n" + picks[0] + "---\n" + picks[1])


def pdf_seed():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = os.path.join(CORPUS, "pdf", "form.pdf")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    c = canvas.Canvas(path, pagesize=A4, pageCompression=0, invariant=1)
    c.setFont("STSong-Light", 9)
    rows = [line.split("\t") for line in MINIMAL.split("\n") if line]
    title, year, grid = rows[0][0], rows[1][0], rows[2:-1]
    c.drawString(200, 800, title)
    c.drawString(260, 786, year)
    top, h, w = 770, 16, 62
    for r, cells in enumerate(grid):
        y = top - r * h
        for k in range(8):
            c.rect(40 + k * w, y - h, w, h)
            if k < len(cells) and cells[k]:
                c.drawString(42 + k * w, y - 11, cells[k][:7])
    c.drawString(40, top - len(grid) * h - 14, "  ".join(rows[-1]))
    c.save()


def dict_entry(word):
    return '"' + "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else f"\\x{b:02x}"
                         for b in word.encode("utf-8")) + '"'


def write_dict(name, words, comment):
    os.makedirs(os.path.join(ROOT, "fuzz", "dict"), exist_ok=True)
    seen = []
    for w in words:
        if w and w not in seen:
            seen.append(w)
    with open(os.path.join(ROOT, "fuzz", "dict", name), "w", encoding="ascii") as f:
        f.write(f"# {comment}\n# Made by fuzz/make_corpus.py.\n")
        for w in seen:
            f.write(dict_entry(w) + "\n")


def dictionaries():
    import yaml
    words = []
    forms_dir = os.path.join(ROOT, "templates", "forms")
    for name in sorted(os.listdir(forms_dir)):
        with open(os.path.join(forms_dir, name), encoding="utf-8") as f:
            t = yaml.safe_load(f)

        def strings(node):
            if isinstance(node, str):
                yield node
            elif isinstance(node, dict):
                for k, v in node.items():
                    if isinstance(k, str) and not k.isascii():
                        yield k
                    yield from strings(v)
            elif isinstance(node, list):
                for v in node:
                    yield from strings(v)
        words += [w for w in strings({k: v for k, v in t.items() if k != "name"}) if not w.isascii()]
    words += ["≥", "≤", "＞", "＜", "＝", ">=", "<=", "%", "％", "万元", "亿元", "元", "人", "年", "月", "日", "度",
              "（", "）", "(", ")", "：", ":", "-", "－", "—", "，", ",", ".", "０", "１", "\t", "\n", "\r\n",
              "\t\t", "    ", "2024", "2025年度", "20241217090709", "2024-12-17", "1,988.04", "300万元", "≥95%"]
    write_dict("forms.dict", words, "Form labels, categories and value wordings (text, value and PDF targets).")
    write_dict("yaml.dict", ["---\n", "format: perfgoal-record/1\n", "source:", "file:", "lines:", "pages:", "title:",
                             "fiscal_year:", "project:", "name:", "department_code:", "department:",
                             "implementing_unit:", "attribute:", "attribute_detail:", "period_years:", "funds:",
                             "period:", "annual:", "total:", "central:", "provincial:", "local:", "self_raised:",
                             "other:", "overview:", "basis:", "necessity:", "safeguards:", "schedule:", "goals:",
                             "indicators:", "level1:", "level2:", "value:", "op:", "amount:", "unit:", "sign_off:",
                             "responsible:", "handler:", "phone:", "filed_at:", "null", "~", "\"", "'", "- ", "[", "]",
                             "{", "}", "&a", "*a", "!!str", "!!binary", "\\x07", "\\u0000", "\\uFFFE", "|\n", ">\n",
                             "#", "5300000.00", "0.00", "1e9", "-1", ">=", "<=", "2024-12-17T09:07:09"] + words[:80],
               "Record format keys and scalars, and form wordings (YAML records and round-trip targets).")
    write_dict("pdf.dict", ["%PDF-1.4", "obj", "endobj", "stream", "endstream", "xref", "trailer", "startxref", "/Type",
                            "/Page", "/Pages", "/Kids", "/Count", "/MediaBox", "/Contents", "/Resources", "/Font",
                            "/Length", "/Filter", "/FlateDecode", "/Rotate", "/Encoding", "/Identity-H",
                            "/UniGB-UCS2-H", "/STSong-Light", "/Type0", "/CIDFontType0", "/DescendantFonts",
                            "BT", "ET", "Tf", "Td", "Tj", "TJ", "Tm", " re", " m", " l", " S", " f", " cm", " q", " Q",
                            " w", "<<", ">>", "[", "]", "R"],
               "PDF syntax (PDF target).")


if __name__ == "__main__":
    dictionaries()
    text_seeds()
    value_seeds()
    yaml_seeds()
    pdf_seed()
    for d in sorted(os.listdir(CORPUS)):
        sizes = [os.path.getsize(os.path.join(CORPUS, d, f)) for f in os.listdir(os.path.join(CORPUS, d))]
        print(f"{d}: {len(sizes)} seeds, largest {max(sizes)} bytes")
