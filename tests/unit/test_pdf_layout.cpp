// The PDF layout on made-up pages: grids from ruling lines, merged cells,
// text joined in reading order, text outside the grid, rows cut by a page
// break, and the radical -> ideograph mapping.
#include <doctest/doctest.h>

#include "extract/ideographs.h"
#include "extract/pdf_layout.h"

using namespace perfgoal;

namespace {

std::u32string u32(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    char32_t v = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n; ++k) v = (v << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
    out += v;
    i += static_cast<size_t>(n);
  }
  return out;
}

// Characters of `text` set from (x, baseline y) in a 10 pt font: ideographs
// 10 pt wide, other characters 5 pt. Returns the x after the text.
double put(PdfPage& page, const std::string& text, double x, double y, double size = 10) {
  for (char32_t c : u32(text)) {
    double w = c >= 0x2E80 ? size : size / 2;
    page.chars.push_back(PdfChar{c, x, y - 0.88 * size, x + w, y + 0.12 * size, size});
    x += w;
  }
  return x;
}

void hline(PdfPage& p, double y, double x0, double x1) { p.rules.push_back(PdfRule{x0, y, x1, y}); }
void vline(PdfPage& p, double x, double y0, double y1) { p.rules.push_back(PdfRule{x, y0, x, y1}); }

// A 3 x 3 grid at x 100/200/300/400, y 100/130/160/190, with the middle
// row's two right cells merged (no rule between them) and the left column's
// two lower cells merged (no rule between them).
PdfPage grid_page() {
  PdfPage p;
  p.number = 1;
  p.width = 595;
  p.height = 842;
  hline(p, 100, 100, 400);
  hline(p, 130, 200, 400);  // left column: no rule at 130 ... 
  hline(p, 130, 100, 200);  // ... except here: the merge is lower down
  hline(p, 160, 200, 400);  // left column merged across y = 160
  hline(p, 190, 100, 400);
  vline(p, 100, 100, 190);
  vline(p, 200, 100, 190);
  vline(p, 300, 100, 130);  // middle row: no rule at x = 300
  vline(p, 300, 160, 190);
  vline(p, 400, 100, 190);
  return p;
}

}  // namespace

TEST_CASE("pdf layout: ruling lines give the grid — a missing rule merges cells into spans") {
  PdfPage p = grid_page();
  put(p, "项目名称", 105, 120);
  put(p, "八义镇", 205, 120);
  put(p, "2年", 305, 120);
  put(p, "项目资金", 105, 165);  // in the merged left cell (rows 2-3)
  put(p, "实施期资金总额", 205, 150);  // in the merged middle row (columns 2-3)
  put(p, "0", 205, 180);
  put(p, "1", 305, 180);
  auto rows = lay_out_pages({p});
  REQUIRE(rows.size() == 3);
  REQUIRE(rows[0].cells.size() == 3);
  CHECK(rows[0].cells[0].text == "项目名称");
  CHECK(rows[0].cells[1].text == "八义镇");
  CHECK(rows[0].cells[2].text == "2年");
  CHECK(rows[0].cells[0].column == 0);
  CHECK(rows[0].cells[2].column == 2);
  REQUIRE(rows[1].cells.size() == 2);
  CHECK(rows[1].cells[0].text == "项目资金");
  CHECK(rows[1].cells[0].row_span == 2);
  CHECK(rows[1].cells[0].column_span == 1);
  CHECK(rows[1].cells[1].text == "实施期资金总额");
  CHECK(rows[1].cells[1].column == 1);
  CHECK(rows[1].cells[1].column_span == 2);
  REQUIRE(rows[2].cells.size() == 2);
  CHECK(rows[2].cells[0].text == "0");
  CHECK(rows[2].cells[0].column == 1);
  // Provenance: page and the cell's box.
  CHECK(rows[1].cells[0].page == 1);
  REQUIRE(rows[1].cells[0].box);
  CHECK(rows[1].cells[0].box->x0 == doctest::Approx(100));
  CHECK(rows[1].cells[0].box->y0 == doctest::Approx(130));
  CHECK(rows[1].cells[0].box->y1 == doctest::Approx(190));
}

TEST_CASE("pdf layout: thin pieces of one rule — a hair apart — are one rule") {
  PdfPage p;
  p.number = 1;
  // Each cell side drawn separately (as Chromium does), off by 0.3 pt.
  hline(p, 100, 100, 200);
  hline(p, 100.3, 200, 300);
  hline(p, 130, 100, 200.5);
  hline(p, 130.2, 199.5, 300);
  vline(p, 100, 100, 130);
  vline(p, 200.2, 100, 130);
  vline(p, 300, 100, 130);
  put(p, "甲", 105, 120);
  put(p, "乙", 205, 120);
  auto rows = lay_out_pages({p});
  REQUIRE(rows.size() == 1);
  REQUIRE(rows[0].cells.size() == 2);
  CHECK(rows[0].cells[1].column == 1);
  CHECK(rows[0].cells[1].column_span == 1);
}

TEST_CASE("pdf layout: lines of a cell join in reading order — no space where Chinese wrapped") {
  std::vector<PdfChar> chars;
  PdfPage p;
  // Drawn in any order: second line first.
  put(p, "定的安全隐患。", 0, 24);
  put(p, "消除威胁人员，完成既", 0, 12);
  CHECK(join_cell_text(p.chars) == "消除威胁人员，完成既定的安全隐患。");
}

TEST_CASE("pdf layout: spaces in the text are kept — letters wrapped at a space get one") {
  PdfPage p;
  double x = put(p, "2015", 0, 12);
  x = put(p, " ", x, 12);
  put(p, "年时", x, 12);
  put(p, "IDV", 0, 24);
  put(p, "desktop", 0, 36);
  CHECK(join_cell_text(p.chars) == "2015 年时IDV desktop");
}

TEST_CASE("pdf layout: a number cut by the cell's width joins without a space") {
  PdfPage p;
  put(p, "1988.04242", 0, 12);
  put(p, "8万元", 0, 24);
  CHECK(join_cell_text(p.chars) == "1988.042428万元");
}

TEST_CASE("pdf layout: full-width punctuation and ideographic spaces stay as they are") {
  PdfPage p;
  put(p, "（阶段开展）：“以人为本”　，", 0, 12);
  CHECK(join_cell_text(p.chars) == "（阶段开展）：“以人为本”　，");
}

TEST_CASE("pdf layout: a character drawn twice over itself (fake bold) is read once") {
  PdfPage p;
  put(p, "绩效", 0, 12);
  put(p, "绩效", 0.3, 12);
  CHECK(join_cell_text(p.chars) == "绩效");
}

TEST_CASE("pdf layout: text outside the grid is read as rows — split at wide gaps — in page order") {
  PdfPage p = grid_page();
  put(p, "项目支出绩效目标表", 150, 60);
  put(p, "（2025年度）", 200, 80);
  put(p, "项目名称", 105, 120);
  double x = put(p, "负责人：", 100, 220);
  put(p, "填报日期：20241217090709", x + 60, 220);
  auto rows = lay_out_pages({p});
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].cells[0].text == "项目支出绩效目标表");
  CHECK(rows[1].cells[0].text == "（2025年度）");
  CHECK(rows[2].cells[0].text == "项目名称");
  REQUIRE(rows[3].cells.size() == 2);
  CHECK(rows[3].cells[0].text == "负责人：");
  CHECK(rows[3].cells[1].text == "填报日期：20241217090709");
  CHECK(rows[3].cells[1].column > rows[3].cells[0].column);
  CHECK(rows[3].page == 1);
}

TEST_CASE("pdf layout: a page with no rules gives cells from text alignment") {
  PdfPage p;
  p.number = 2;
  put(p, "项目名称", 50, 100);
  put(p, "八义镇东山村", 200, 100);
  put(p, "实施单位", 50, 120);
  put(p, "自然资源局", 200, 120);
  auto rows = lay_out_pages({p});
  REQUIRE(rows.size() == 2);
  REQUIRE(rows[0].cells.size() == 2);
  CHECK(rows[0].cells[1].text == "八义镇东山村");
  CHECK(rows[1].cells[1].column == rows[0].cells[1].column);
  CHECK(rows[1].page == 2);
}

TEST_CASE("pdf layout: without rules — wrapped text is one cell and a centred label shares its row") {
  PdfPage p;
  p.number = 1;
  // A label centred beside three wrapped lines (pitch 13 pt), then a new row
  // 18 pt lower (rows are further apart than wrapped lines).
  put(p, "项目概况", 50, 113);
  put(p, "东山村东滑坡位于长治市", 200, 100);
  put(p, "上党区八义镇东山村东，", 200, 113);
  put(p, "前端护墙已坍塌。", 200, 126);
  put(p, "立项依据", 50, 144);
  put(p, "常务会议", 200, 144);
  auto rows = lay_out_pages({p});
  REQUIRE(rows.size() == 2);
  REQUIRE(rows[0].cells.size() == 2);
  CHECK(rows[0].cells[0].text == "项目概况");
  CHECK(rows[0].cells[1].text == "东山村东滑坡位于长治市上党区八义镇东山村东，前端护墙已坍塌。");
  REQUIRE(rows[1].cells.size() == 2);
  CHECK(rows[1].cells[1].text == "常务会议");
}

TEST_CASE("pdf layout: without rules — a label centred between two rows goes with the first of them") {
  PdfPage p;
  p.number = 1;
  put(p, "运营线路", 150, 100);
  put(p, "4条", 250, 100);
  put(p, "数量指标", 50, 109);  // centred on the two rows of its group
  put(p, "运营车辆", 150, 118);
  put(p, "33辆", 250, 118);
  auto rows = lay_out_pages({p});
  REQUIRE(rows.size() == 2);
  REQUIRE(rows[0].cells.size() == 3);
  CHECK(rows[0].cells[0].text == "数量指标");
  CHECK(rows[0].cells[1].text == "运营线路");
  CHECK(rows[1].cells.size() == 2);
}

TEST_CASE("pdf layout: a table continued on the next page keeps its column numbers") {
  PdfPage a = grid_page(), b = grid_page();
  b.number = 2;
  put(a, "项目名称", 105, 120);
  put(b, "单位自筹", 205, 120);
  auto rows = lay_out_pages({a, b});
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].page == 2);
  CHECK(rows[1].cells[0].column == 1);
}

namespace {
// A two-column table from y0 to y1, one row.
void one_row_table(PdfPage& p, double y0, double y1) {
  hline(p, y0, 100, 400);
  hline(p, y1, 100, 400);
  vline(p, 100, y0, y1);
  vline(p, 200, y0, y1);
  vline(p, 400, y0, y1);
}
}  // namespace

TEST_CASE("pdf layout: a row cut by the page break goes on at the top of the next page") {
  PdfPage a, b;
  a.number = 1;
  b.number = 2;
  one_row_table(a, 700, 800);  // runs to the page's foot
  put(a, "项目概况", 105, 750);
  put(a, "东山村东滑坡位于长治市上党区八义镇东", 205, 790);  // fills its line: the text goes on
  one_row_table(b, 40, 60);
  put(b, "山村东。", 205, 55);  // the rest; the label stayed on page 1
  auto rows = lay_out_pages({a, b});
  REQUIRE(rows.size() == 1);
  REQUIRE(rows[0].cells.size() == 2);
  CHECK(rows[0].cells[1].text == "东山村东滑坡位于长治市上党区八义镇东山村东。");
  CHECK(rows[0].page == 1);
}

TEST_CASE("pdf layout: page numbers and running headers do not stop a cut row from being joined") {
  PdfPage a, b;
  a.number = 1;
  b.number = 2;
  one_row_table(a, 700, 800);
  put(a, "项目概况", 105, 750);
  put(a, "东山村东滑坡位于长治市上党区八义镇东", 205, 790);
  put(a, "第 1 页", 250, 820);  // below the page body
  put(b, "绩效目标表（续）", 200, 25);  // above it
  one_row_table(b, 40, 60);
  put(b, "山村东。", 205, 55);
  auto rows = lay_out_pages({a, b});
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].cells[1].text == "东山村东滑坡位于长治市上党区八义镇东山村东。");
  CHECK(rows[1].cells[0].text == "第 1 页");
  CHECK(rows[2].cells[0].text == "绩效目标表（续）");
}

TEST_CASE("pdf layout: a new row at the top of a page is not joined to the row before") {
  PdfPage a, b;
  a.number = 1;
  b.number = 2;
  one_row_table(a, 700, 800);
  put(a, "项目概况", 105, 750);
  put(a, "东山村东滑坡位于", 205, 790);
  one_row_table(b, 40, 60);
  put(b, "立项依据", 105, 55);  // its own label
  put(b, "常务会议", 205, 55);
  auto rows = lay_out_pages({a, b});
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].cells[0].text == "立项依据");
}

// Two rows of one 二级指标 group, the page broken between them: the label's
// cut box at the top of the next page is as tall as one row, so the rows look
// like one row cut in two; but the last row's texts end short of their
// cells' right edges (they did not wrap), so nothing of them goes on.
TEST_CASE("pdf layout: complete rows at a page break are not joined when their texts ended short") {
  PdfPage a, b;
  a.number = 1;
  b.number = 2;
  one_row_table(a, 780, 800);  // ends at the page's foot
  put(a, "质量指标", 105, 795);
  put(a, "工程验收合格率", 205, 795);  // 70 of the cell's 200 points
  one_row_table(b, 40, 60);  // the label's box goes on, empty
  put(b, "招投标规范性", 205, 55);
  auto rows = lay_out_pages({a, b});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].cells.back().text == "工程验收合格率");
  CHECK(rows[1].cells.back().text == "招投标规范性");
}

// Chromium draws a row cut by a page break open at the top of the next page:
// its cells' vertical rules start above the table's first horizontal rule.
// The text between them is that row's, cell by cell, not one line of text.
TEST_CASE("pdf layout: a row drawn open at the top of a page is a row of its table") {
  PdfPage p;
  p.number = 1;
  vline(p, 100, 40, 100);
  vline(p, 200, 40, 100);
  vline(p, 300, 40, 100);
  hline(p, 70, 100, 300);  // the first horizontal rule; none at y 40
  hline(p, 100, 100, 300);
  put(p, "社会效益", 105, 56);
  put(p, "改善", 205, 50);  // wrapped in its cell
  put(p, "环境", 205, 62);
  put(p, "可持续影响", 105, 85);
  put(p, "完善", 205, 85);
  auto rows = lay_out_pages({p});
  REQUIRE(rows.size() == 2);
  REQUIRE(rows[0].cells.size() == 2);
  CHECK(rows[0].cells[0].text == "社会效益");
  CHECK(rows[0].cells[1].text == "改善环境");
  CHECK(rows[0].cells[1].column == rows[1].cells[1].column);
}

// The same row alone on its page (the last row of a table, Chromium): one
// horizontal rule, its bottom border, and the verticals above it. A label
// wrapped in its cell (社会公众或服务对象满意 / 度指标, lines centred above
// and below the row's other texts) stays one cell of the row.
TEST_CASE("pdf layout: a row drawn open at the top of a page, alone with one horizontal rule, is a row") {
  PdfPage p;
  p.number = 2;
  for (double x : {40.0, 126.0, 212.0, 327.0, 422.0}) vline(p, x, 40, 66);
  hline(p, 66, 40, 422);  // the only horizontal rule of the table
  put(p, "满意度指标", 130, 56);
  put(p, "社会公众或服务对象满意", 215, 51);
  put(p, "度指标", 215, 61.5);
  put(p, "沿线群众满意度", 330, 56);
  put(p, "负责人：周某", 40, 79);  // the sign-off under the table
  auto rows = lay_out_pages({p});
  REQUIRE(rows.size() == 2);
  REQUIRE(rows[0].cells.size() == 3);
  CHECK(rows[0].cells[0].text == "满意度指标");
  CHECK(rows[0].cells[1].text == "社会公众或服务对象满意度指标");
  CHECK(rows[0].cells[2].text == "沿线群众满意度");
  CHECK(rows[1].cells[0].text == "负责人：周某");
}

TEST_CASE("ideographs: Kangxi and CJK radicals map to the unified ideographs") {
  CHECK(unified_ideograph(U'\u2F6C') == U'目');  // ⽬
  CHECK(unified_ideograph(U'\u2ED4') == U'门');  // ⻔
  CHECK(unified_ideograph(U'\u2ED3') == U'长');  // ⻓
  CHECK(unified_ideograph(U'\u2EA0') == U'民');  // ⺠
  CHECK(unified_ideograph(U'\u2EBF') == U'艹');  // in a range of the file (2EBE..2EC0)
  CHECK(unified_ideograph(U'目') == U'目');
  CHECK(unified_ideograph(U'A') == U'A');
  CHECK(unified_ideograph(U'\u3001') == U'\u3001');  // 、 is punctuation, not a radical
}

TEST_CASE("ideographs: a radical whose Simplified Chinese glyph is the simplified ideograph maps to it") {
  // EquivalentUnifiedIdeograph.txt says 戶 (U+6236) and 靑 (U+9751); a
  // Simplified Chinese form printed by Chromium means 户 and 青, as pdftotext reads them.
  CHECK(unified_ideograph(U'\u2F3E') == U'户');
  CHECK(unified_ideograph(U'\u2FAD') == U'青');
  CHECK(unified_ideograph(U'\u2015') == U'\u2014');  // ― drawn for —
  CHECK(unified_ideograph(U'戶') == U'戶');          // a traditional ideograph in the text stays
}

TEST_CASE("pdf layout: a merged label cut by a page break labels the rows it goes on over on the next page") {
  // Page 1 ends with two rows under a merged label (x 100..200); page 2
  // goes on with two more rows of the same group: an empty merged box there.
  auto two_rows = [](PdfPage& p, double top) {
    hline(p, top, 100, 400);
    hline(p, top + 30, 200, 400);  // no rule under the label: merged
    hline(p, top + 60, 100, 400);
    vline(p, 100, top, top + 60);
    vline(p, 200, top, top + 60);
    vline(p, 300, top, top + 60);
    vline(p, 400, top, top + 60);
  };
  PdfPage a, b;
  a.number = 1;
  b.number = 2;
  two_rows(a, 740);
  put(a, "项目资金", 105, 775);
  put(a, "中央财政资金", 205, 760);
  put(a, "0", 305, 760);
  put(a, "省级财政资金", 205, 790);
  put(a, "0", 305, 790);
  two_rows(b, 40);
  put(b, "单位自筹", 205, 60);
  put(b, "0", 305, 60);
  put(b, "其他资金", 205, 90);
  auto rows = lay_out_pages({a, b});
  REQUIRE(rows.size() == 4);
  REQUIRE(rows[2].cells.size() == 3);  // not joined to the row above: a row of its own
  CHECK(rows[2].cells[0].text == "项目资金");
  CHECK(rows[2].cells[0].row_span == 2);
  CHECK(rows[2].cells[1].text == "单位自筹");
  CHECK(rows[1].cells[0].text == "省级财政资金");
}

TEST_CASE("OCR readings go with the cell that holds the reading taken") {
  PdfPage page;
  page.number = 2;
  page.readings.push_back(OcrReadings{Box{100, 50, 160, 62}, "5,300000", {"5,300,000"}});
  std::vector<Row> rows(1);
  Cell amount;
  amount.text = "5,300000";
  amount.page = 2;
  amount.box = Box{95, 45, 170, 66};
  Cell other_page = amount;  // the same text and box, on another page
  other_page.page = 3;
  Cell other_text = amount;  // on the page and in the box, another text
  other_text.text = "1,000";
  Cell elsewhere = amount;  // the same text, elsewhere on the page
  elsewhere.box = Box{300, 45, 370, 66};
  rows[0].cells = {amount, other_page, other_text, elsewhere};
  attach_readings(rows, {page});
  CHECK(rows[0].cells[0].alternatives == std::vector<std::string>{"5,300,000"});
  CHECK(rows[0].cells[1].alternatives.empty());
  CHECK(rows[0].cells[2].alternatives.empty());
  CHECK(rows[0].cells[3].alternatives.empty());
}
