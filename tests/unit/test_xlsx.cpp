// The Excel writer's rules that need no workbook: sheet names, text widths,
// and the per-form layout (merges follow the record's indicator groups).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "emit/xlsx_form_layout.h"
#include "emit/xlsx_text.h"

using namespace perfgoal;
using namespace perfgoal::xlsx;

namespace {
// UTF-16 code units, as Excel counts a sheet name.
std::size_t utf16_length(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) n += (b >= 0xF0) ? 2 : 1;
  }
  return n;
}
}  // namespace

TEST_CASE("sheet names: Excel's rules") {
  CHECK(is_valid_sheet_name("汇总"));
  CHECK(is_valid_sheet_name("上党区扬尘治理项目"));
  CHECK_FALSE(is_valid_sheet_name(""));
  for (const char* bad : {"a[b", "a]b", "a:b", "a*b", "a?b", "a/b", "a\\b", "'ab", "ab'"})
    CHECK_MESSAGE(!is_valid_sheet_name(bad), bad);
  CHECK(is_valid_sheet_name("a'b"));
  CHECK(is_valid_sheet_name(std::string(31, 'x')));
  CHECK_FALSE(is_valid_sheet_name(std::string(32, 'x')));
  std::string cjk31;
  for (int i = 0; i < 31; ++i) cjk31 += "项";
  CHECK(is_valid_sheet_name(cjk31));
  CHECK_FALSE(is_valid_sheet_name(cjk31 + "目"));
  // A character outside the BMP counts two UTF-16 units.
  std::string emoji30 = std::string(30, 'x') + "\xF0\x9F\x98\x80";
  CHECK_FALSE(is_valid_sheet_name(emoji30));
  CHECK_FALSE(is_valid_sheet_name("bad\xFFutf8"));
}

TEST_CASE("sheet names: made valid from project names") {
  SheetNamer n;
  REQUIRE(n.reserve("汇总"));
  CHECK_FALSE(n.reserve("汇总"));
  CHECK(n.assign("公交/运营:费用*?[补助]\\", "表1") == "公交_运营_费用___补助__");
  CHECK(n.assign("'引号'", "表2") == "引号");
  CHECK(n.assign("", "表3") == "表3");
  CHECK(n.assign("[]", "表4") == "__");
  CHECK(n.assign("  ", "表5") == "表5");
  CHECK(n.assign("汇总", "表6") == "汇总 (2)");  // the summary's name is taken
  CHECK(n.assign("History", "表7") == "History (2)");  // reserved by Excel
  // Long names are cut at 31 units, never inside a character.
  std::string long_name = "上党区（振兴新区振兴村、南宋镇东掌村、苏店镇西申家庄村）“千万工程”示范项目";
  std::string a = n.assign(long_name, "表8");
  CHECK(utf16_length(a) == 31);
  CHECK(long_name.rfind(a, 0) == 0);
  // The same name again: a suffix, the text cut so that it still fits.
  std::string b = n.assign(long_name, "表9");
  CHECK(utf16_length(b) == 31);
  CHECK(b.size() > 4);
  CHECK(b.substr(b.size() - 4) == " (2)");
  CHECK(n.assign(long_name, "表10").substr(b.size() - 4) == " (3)");
  // Case-insensitive for ASCII, as Excel compares.
  CHECK(n.assign("PPP项目", "x") == "PPP项目");
  CHECK(n.assign("ppp项目", "x") == "ppp项目 (2)");
  for (const auto& s : {a, b}) CHECK(is_valid_sheet_name(s));
}

TEST_CASE("display width: CJK counts 2") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("项目名称") == 8);
  CHECK(display_width("（元）：") == 8);  // fullwidth punctuation
  CHECK(display_width("≥110人") == 6);   // ≥ is narrow
  CHECK(wrapped_lines("", 10) == 1);
  CHECK(wrapped_lines("项目名称", 10) == 1);
  CHECK(wrapped_lines("项目名称项目名称", 10) == 2);
  CHECK(wrapped_lines("a\nb\nc", 10) == 3);
}

TEST_CASE("cell text: cut visibly at Excel's limit, never inside a character") {
  CHECK(fit_cell_text("短文本", "[cut]") == "短文本");
  std::string exact;
  for (std::size_t i = 0; i < kMaxCellText; ++i) exact += "长";
  CHECK(fit_cell_text(exact, "[cut]") == exact);
  std::string over = exact + "长";
  std::string fitted = fit_cell_text(over, "[cut]");
  CHECK(fitted.size() == (kMaxCellText - 5) * 3 + 5);
  CHECK(fitted.substr(fitted.size() - 5) == "[cut]");
  CHECK(over.rfind(fitted.substr(0, fitted.size() - 5), 0) == 0);
}

namespace {
Indicator ind(const char* l1, const char* l2, const char* name, const char* value) {
  Indicator i;
  i.level1 = l1;
  i.level2 = l2;
  i.name = name;
  i.value = value;
  return i;
}
bool has_merge(const FormLayout& l, int r0, int c0, int r1, int c1) {
  return std::any_of(l.merges.begin(), l.merges.end(), [&](const FormMerge& m) {
    return m.first_row == r0 && m.first_col == c0 && m.last_row == r1 && m.last_col == c1;
  });
}
const FormCell* cell(const FormLayout& l, int row, int col) {
  for (const auto& c : l.rows[row])
    if (c.col == col) return &c;
  return nullptr;
}
std::string text_at(const FormLayout& l, int row, int col) {
  const FormCell* c = cell(l, row, col);
  const auto* s = c ? std::get_if<std::string>(&c->value) : nullptr;
  return s ? *s : "";
}
}  // namespace

TEST_CASE("form layout: indicator groups aligned across 实施期 and 年度, labels merged over their rows") {
  Record r;
  r.project.name = "测试项目";
  r.overview = std::string(300, 'x');
  r.funds.period.total = Decimal::parse("19880424.28");
  r.indicators.period = {ind("产出指标", "数量指标", "甲", "1处"), ind("产出指标", "数量指标", "乙", "2处"),
                         ind("产出指标", "质量指标", "丙", "≥98%"), ind("满意度指标", "服务对象满意度", "丁", "≥90%")};
  r.indicators.annual = {ind("产出指标", "数量指标", "甲", "1处"), ind("产出指标", "质量指标", "丙", "≥98%"),
                         ind("产出指标", "质量指标", "戊", "=5"), ind("满意度指标", "服务对象满意度", "丁", "≥90%")};
  FormLayout l = layout_form(r);
  const int h = l.indicator_header_row;
  REQUIRE(h > 0);
  CHECK(text_at(l, h, 1) == "一级指标");
  // 数量指标: 2 rows (period 2, annual 1); 质量指标: 2 rows (period 1, annual 2); the paper's
  // empty 时效指标, 成本指标 and 效益指标 (4 二级) one row each; 满意度: 1 row.
  CHECK(has_merge(l, h, 0, h + 11, 0));         // 绩效指标 over header and 11 rows
  CHECK(has_merge(l, h + 1, 1, h + 6, 1));      // 产出指标 over 6 rows
  CHECK(has_merge(l, h + 1, 2, h + 2, 2));      // 实施期 数量指标
  CHECK(has_merge(l, h + 1, 5, h + 2, 5));      // 年度 数量指标
  CHECK(has_merge(l, h + 3, 2, h + 4, 2));      // 实施期 质量指标
  CHECK(text_at(l, h + 2, 3) == "乙");
  CHECK(text_at(l, h + 2, 6) == "");            // 年度 has one 数量指标
  CHECK(text_at(l, h + 4, 6) == "戊");
  CHECK(text_at(l, h + 4, 7) == "=5");
  // The categories the paper form prints with nothing under them keep their
  // rows: the 二级 label on both sides, the cells blank.
  const char* empty_rows[][2] = {{"时效指标", nullptr}, {"成本指标", nullptr}, {"经济效益", "效益指标"},
                                 {"社会效益", nullptr}, {"生态效益", nullptr}, {"可持续影响", nullptr}};
  for (int k = 0; k < 6; ++k) {
    int row = h + 5 + k;
    CHECK(text_at(l, row, 2) == empty_rows[k][0]);
    CHECK(text_at(l, row, 5) == empty_rows[k][0]);
    if (empty_rows[k][1]) CHECK(text_at(l, row, 1) == empty_rows[k][1]);
    for (int col : {3, 4, 6, 7}) CHECK(text_at(l, row, col) == "");
  }
  CHECK(has_merge(l, h + 7, 1, h + 10, 1));     // 效益指标 over its 4 empty 二级
  CHECK(text_at(l, h + 11, 1) == "满意度指标");
  CHECK(text_at(l, h + 11, 3) == "丁");
  CHECK(l.places.at("indicators.period[3].name") == std::make_pair(h + 11, 3));
  // Every merge's other cells are blanks carrying the same style (borders).
  for (const auto& m : l.merges)
    for (int row = m.first_row; row <= m.last_row; ++row)
      for (int col = m.first_col; col <= m.last_col; ++col) {
        const FormCell* c = cell(l, row, col);
        REQUIRE(c);
        if (row != m.first_row || col != m.first_col) CHECK(std::holds_alternative<std::monostate>(c->value));
        CHECK(c->style == cell(l, m.first_row, m.first_col)->style);
      }
  // No two merges overlap (Excel would "repair" the file).
  for (std::size_t a = 0; a < l.merges.size(); ++a)
    for (std::size_t b = a + 1; b < l.merges.size(); ++b) {
      const auto &x = l.merges[a], &y = l.merges[b];
      CHECK_FALSE((x.first_row <= y.last_row && y.first_row <= x.last_row && x.first_col <= y.last_col &&
                   y.first_col <= x.last_col));
    }
  // Merges come in the order of their last row (the writer registers each there).
  CHECK(std::is_sorted(l.merges.begin(), l.merges.end(),
                       [](const FormMerge& a, const FormMerge& b) { return a.last_row < b.last_row; }));
  // Money stays a Decimal in the layout; long text gets a tall row.
  const FormCell* total = cell(l, 6, 4);
  REQUIRE(total);
  CHECK(std::get<Decimal>(total->value).to_string() == "19880424.28");
  CHECK(l.row_heights[12] >= height_for_lines(3));
}

TEST_CASE("form layout: empty categories follow the record's tree and spelling, unknown ones keep their place") {
  // The 2021 national tree (成本指标 a 一级 of its own), 效益 categories spelt with 指标.
  Record r;
  r.indicators.period = {ind("产出指标", "质量指标", "甲", "≥98%"), ind("成本指标", "经济成本指标", "乙", "≤5万元"),
                         ind("效益指标", "社会效益指标", "丙", "明显"), ind("效益指标", "自定指标", "丁", "好")};
  r.indicators.annual = r.indicators.period;
  FormLayout l = layout_form(r);
  const int h = l.indicator_header_row;
  std::vector<std::pair<std::string, std::string>> rows;  // (一级 where it starts, 二级)
  for (int row = h + 1; row < static_cast<int>(l.rows.size()) - 1; ++row)
    rows.emplace_back(text_at(l, row, 1), text_at(l, row, 2));
  std::vector<std::pair<std::string, std::string>> want = {
      {"产出指标", "数量指标"}, {"", "质量指标"}, {"", "时效指标"},
      {"成本指标", "经济成本指标"}, {"", "社会成本指标"}, {"", "生态环境成本指标"},
      {"效益指标", "经济效益指标"}, {"", "社会效益指标"}, {"", "自定指标"}, {"", "生态效益指标"}, {"", "可持续影响指标"},
      {"满意度指标", "服务对象满意度指标"}};
  CHECK(rows == want);
  CHECK(text_at(l, h + 2, 3) == "甲");
  CHECK(text_at(l, h + 9, 3) == "丁");  // a category the tree does not know stays after its neighbour
}

TEST_CASE("form layout: a record with no indicator rows shows the paper form's whole category tree") {
  Record r;
  FormLayout l = layout_form(r);
  const int h = l.indicator_header_row;
  CHECK(has_merge(l, h, 0, h + 9, 0));  // 4 + 4 + 1 empty categories
  CHECK(text_at(l, h + 1, 1) == "产出指标");
  CHECK(text_at(l, h + 5, 1) == "效益指标");
  CHECK(text_at(l, h + 9, 1) == "满意度指标");
  CHECK(text_at(l, h + 9, 5) == "服务对象满意度");
  CHECK(text_at(l, h + 10, 0) == "负责人：");
}
