// Layout text printed backwards (extract/layout_orientation): found by its
// labels read reversed, turned back line by line.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "extract/layout_orientation.h"
#include "model/text_safety.h"

using namespace perfgoal;

namespace {

LayoutPage page_of(const std::vector<std::string>& lines) {
  LayoutPage p;
  int n = 1;
  for (const auto& l : lines) {
    std::u32string u = decode_utf8(std::string_view(l));
    p.emplace_back(n++, std::vector<char32_t>(u.begin(), u.end()));
  }
  return p;
}

std::string line_text(const LayoutPage& p, size_t i) {
  std::string s;
  for (char32_t c : p[i].second) append_utf8(s, c);
  return s;
}

IsLabel labels_of(const std::set<std::u32string>& keys) {
  return [keys](const std::vector<char32_t>& t) { return keys.count(std::u32string(t.begin(), t.end())) > 0; };
}

}  // namespace

TEST_CASE("layout orientation: a page is backwards when more labels read reversed than forward") {
  const IsLabel is_label = labels_of({U"项目名称", U"项目属性", U"负责人："});
  // Three labels reversed, one of them one space apart.
  CHECK(printed_backwards(page_of({"三张      ：人责负", "目项性常经      性属目项", "用费      称 名 目 项"}), is_label));
  // Two reversed labels are not enough.
  CHECK_FALSE(printed_backwards(page_of({"目项性常经      性属目项", "用费      称名目项"}), is_label));
  // The right way round: not backwards.
  CHECK_FALSE(printed_backwards(page_of({"项目名称   某项目", "项目属性   经常性项目", "负责人：   张三"}), is_label));
  // After a page printed backwards: a page with no label the right way round is backwards too (641-r90's
  // last page: a form's last rows, the sign-off's labels closed up with their values).
  const LayoutPage tail = page_of({"明晓王：人办经  明晓王：人责负", "高提 水升提化代现育平  教 响影续持可"});
  CHECK_FALSE(printed_backwards(tail, is_label));
  CHECK(printed_backwards(tail, is_label, true));
  CHECK_FALSE(printed_backwards(page_of({"项目名称   某项目"}), is_label, true));  // a label read forward
  CHECK_FALSE(printed_backwards(page_of({"", "  "}), is_label, true));     // no text
}

TEST_CASE("layout orientation: a page printed backwards is turned line by line and mirrored") {
  // 25 columns wide; the value of the last line one space apart.
  LayoutPage p = page_of({"", std::string(13, ' ') + "三张      ：人责负", std::string(10, ' ') + "目项性常经      性属目项",
                          "用 费 营 运 车 汽 交 公      称名目项", ""});
  turn_page(p);
  REQUIRE(p.size() == 5);
  CHECK(p[0].first == 1);
  CHECK(line_text(p, 0).empty());  // blank lines around the text stay
  CHECK(p[1].first == 2);          // numbers kept in order
  CHECK(line_text(p, 1) == "项目名称      公交汽车运营费用");
  CHECK(line_text(p, 2) == "项目属性      经常性项目");
  CHECK(line_text(p, 3) == "负责人：      张三");
  CHECK(line_text(p, 4).empty());
}

TEST_CASE("layout orientation: a character standing alone is closed up with its neighbours when turned") {
  // 23 columns (lines mirrored within them): a value whose last glyphs pdftotext printed as words of their own.
  LayoutPage p = page_of({"元 万005       资投总目项 标指本成", "比 分 百59 ≥  率格合程工", "月21 年4202   间时成完"});
  turn_page(p);
  CHECK(line_text(p, 0) == std::string(7, ' ') + "完成时间   2024年 12月");  // no glyph alone: its space stays
  CHECK(line_text(p, 1) == std::string(7, ' ') + "工程合格率  ≥95百分比");
  CHECK(line_text(p, 2) == "成本指标 项目总投资       500万元");
  // A digit standing alone is a value of its own: its space stays.
  LayoutPage v = page_of({"0 金资政财级省"});
  turn_page(v);
  CHECK(line_text(v, 0) == "省级财政资金 0");
  // A label and its value closed up so are parted again (labels given).
  const IsLabel is_label = labels_of({U"项目属性"});
  LayoutPage q = page_of({"目项性次 一      性属目项"});
  turn_page(q, is_label);
  CHECK(line_text(q, 0) == "项目属性      一次性项目");
  LayoutPage r = page_of({"目项性次 一 性属目项"});
  turn_page(r, is_label);
  CHECK(line_text(r, 0) == "项目属性  一次性项目");
}

TEST_CASE("layout orientation: an amount closed up with the name before it is set off again when turned") {
  const IsLabel is_label = labels_of({U"质量指标"});
  LayoutPage p = page_of({"%001 率 格 合 收 验 目 项 标 指 量 质"});
  turn_page(p, is_label);
  CHECK(line_text(p, 0) == "质量指标  项目验收合格率  100%");
  p = page_of({"米方平62441 积 面 植 补 种 补"});
  turn_page(p);
  CHECK(line_text(p, 0) == "补种补植面积  14426平方米");
  // Not after an ideograph, or no room: as it was.
  p = page_of({"%001 ≥ 率 格 合 收 验 目 项"});
  turn_page(p);
  CHECK(line_text(p, 0) == "项目验收合格率≥100%");
  p = page_of({"天021 期 工 设 建"});
  turn_page(p);
  CHECK(line_text(p, 0) == "建设工期  120天");
}

TEST_CASE("layout orientation: text printed letter-spaced on a turned page is written together") {
  LayoutPage p = page_of({"数量指标    补   种  补   植  面积      14426平方米", "社会效益  改   善  良好", "工程  建  设"});
  join_spaced_text(p);
  CHECK(line_text(p, 0) == "数量指标    补种补植面积" + std::string(16, ' ') + "14426平方米");
  CHECK(line_text(p, 1) == "社会效益  改   善  良好");  // two characters: no run
  CHECK(line_text(p, 2) == "工程  建  设");             // ideographs one text: no run
}

TEST_CASE("layout orientation: a title printed backwards is turned, other lines are not") {
  LayoutPage p = page_of({"    表标目效绩出支目项）位单（门部算预级县", "项目名称    表标目效绩出支目项"});
  turn_backwards_titles(p, {U"项目支出绩效目标表"});
  CHECK(line_text(p, 0) == "    县级预算部门（单位）项目支出绩效目标表");
  CHECK(line_text(p, 1) == "项目名称    表标目效绩出支目项");
}

TEST_CASE("layout orientation: a label and its value one space apart are parted again when turned") {
  const IsLabel is_label = labels_of({U"主管部门及代码", U"市县（区）财政资金", U"实施单位"});
  // Each character one space apart: the label and its value made one stretch.
  LayoutPage p = page_of({"会 员 委 理 管 - 1 0 6 码 代 及 门 部 管 主"});
  turn_page(p, is_label);
  CHECK(line_text(p, 0) == "主管部门及代码  601-管理委员会");
  p = page_of({"0 0 0, 0 0 0, 9 金 资 政 财 ） 区 （ 县 市"});
  turn_page(p, is_label);
  CHECK(line_text(p, 0) == "市县（区）财政资金  9,000,000");
  // A label at the end: set at the end of the stretch's room.
  p = page_of({"位 单 施 实 区 发 开 术 技"});
  turn_page(p, is_label);
  CHECK(line_text(p, 0) == "技术开发区        实施单位");
  // Without labels the stretch stays one text.
  p = page_of({"0 0 0, 0 0 0, 9 金 资 政 财 ） 区 （ 县 市"});
  turn_page(p);
  CHECK(line_text(p, 0) == "市县（区）财政资金9,000,000");
}

TEST_CASE("layout orientation: values printed below their labels go back to their labels' lines") {
  const IsLabel is_label =
      labels_of({U"其中：中央财政资金", U"项目资金（元）", U"省级财政资金", U"市县（区）财政资金", U"单位自筹"});
  const std::string pad9(9, ' '), at30(30, ' ');
  // Chromium: the two labels' lines, then their values, in the values' column (30).
  LayoutPage p = page_of({pad9 + "其中：中央财政资金" + std::string(12, ' ') + "0", "项目资金（元） 省级财政资金",
                          pad9 + "市县（区）财政资金", at30 + "0", at30 + "5,300,000",
                          pad9 + "单位自筹" + std::string(17, ' ') + "0"});
  values_below_labels(p, is_label);
  CHECK(line_text(p, 1) == "项目资金（元） 省级财政资金" + std::string(16, ' ') + "0");
  CHECK(line_text(p, 2) == pad9 + "市县（区）财政资金" + std::string(12, ' ') + "5,300,000");
  CHECK(line_text(p, 3).empty());
  CHECK(line_text(p, 4).empty());
  CHECK(line_text(p, 5) == pad9 + "单位自筹" + std::string(17, ' ') + "0");
  // As many amounts as label lines, in a column where a value stands: else nothing moves.
  LayoutPage q = page_of({"项目资金（元） 省级财政资金", pad9 + "市县（区）财政资金", at30 + "0",
                          pad9 + "单位自筹" + std::string(17, ' ') + "0"});
  values_below_labels(q, is_label);
  CHECK(line_text(q, 0) == "项目资金（元） 省级财政资金");
  CHECK(line_text(q, 2) == at30 + "0");
  LayoutPage r = page_of({"省级财政资金", at30 + "0", "说明"});
  values_below_labels(r, is_label);
  CHECK(line_text(r, 0) == "省级财政资金");
}

TEST_CASE("layout orientation: a label's two lines shuffled by pdftotext are found again") {
  const WrappedLabels labels({U"保证项目实施的制度、措施", U"主管部门及代码", U"年度资金总额:", U"项目名称"});
  auto un = [&](const std::string& s) {
    const std::u32string u = decode_utf8(std::string_view(s));
    std::string out;
    for (char32_t c : labels.unshuffle(std::vector<char32_t>(u.begin(), u.end()))) append_utf8(out, c);
    return out;
  };
  // The second line's characters set among the first's, each line's in order.
  CHECK(un("保证项目度、措施实施的制") == "保证项目实施的制度、措施");
  CHECK(un("主管代码部门及") == "主管部门及代码");
  CHECK(un("年度额：资金总") == "年度资金总额：");  // the colon goes with its character
  CHECK(un("保证项目实施的制度、措施") == "保证项目实施的制度、措施");
  // The same characters in another order are no label; nor is another text.
  CHECK(un("措施保证项目实施的制度、") == "");
  CHECK(un("名称项目") == "");
  CHECK(un("主管部门及") == "");
}

TEST_CASE("layout orientation: a wrapped label shuffled or glued to its value on a turned page is rejoined") {
  const WrappedLabels labels({U"保证项目实施的制度、措施", U"主管部门及代码", U"项目实施计划"});
  // Its first line glued to its value, its rest at another column.
  LayoutPage p = page_of({"      保证项目实施的制1、对参与施工的各类人员", "   度、措施         产制度。2、加强", "项目实施计划  2025年"});
  rejoin_wrapped_labels(p, labels);
  CHECK(line_text(p, 0) == "   保证项目实施的制度、措施  1、对参与施工的各类人员");
  CHECK(line_text(p, 1) == std::string(16, ' ') + "产制度。2、加强");  // where it stood
  CHECK(line_text(p, 2) == "项目实施计划  2025年");
  // Its lines shuffled: the second line's characters among the first's.
  p = page_of({"   保证项目度、措", "              施实施的制 集中资源，突出重点"});
  rejoin_wrapped_labels(p, labels);
  CHECK(line_text(p, 0) == "");
  CHECK(line_text(p, 1) == "   保证项目实施的制度、措施" + std::string(5, ' ') + "集中资源，突出重点");
  // Its rest's start in the lower line's first text, the rest after it.
  p = page_of({"   保证项目", "  度、措          施实施的制 集中资源"});
  rejoin_wrapped_labels(p, labels);
  CHECK(line_text(p, 0) == "");  // the label on its value's line
  CHECK(line_text(p, 1) == "  保证项目实施的制度、措施" + std::string(7, ' ') + "集中资源");
  p = page_of({"    主管", "代码部门及  405-交通运输局"});
  rejoin_wrapped_labels(p, labels);
  CHECK(line_text(p, 0) == "");
  CHECK(line_text(p, 1) == "主管部门及代码  405-交通运输局");
  // Not the line's first text: the lower line's text that starts nearest it
  // (within four columns), the upper text a label of its own (年度) too.
  const WrappedLabels funds({U"年度", U"年度资金总额:", U"实施期资金总额:", U"其中:中央财政资金"});
  p = page_of({std::string(25, ' ') + "年度", "实施期资金总额：  13,577,400  额          ：资金总13,577,400"});
  rejoin_wrapped_labels(p, funds);
  CHECK(line_text(p, 0) == "");
  CHECK(line_text(p, 1) == "实施期资金总额：  13,577,400  年度资金总额：        13,577,400");
  // On one line: the label's rest printed left of its start.
  p = page_of({"其中：中央财政资金  0    政   资   金   其中：中央财 0", "单位自筹"});
  rejoin_wrapped_labels(p, funds);
  CHECK(line_text(p, 0) == "其中：中央财政资金  0    其中：中央财政资金          0");
  // Two labels, one below the other, stay two.
  p = page_of({"项目实施计划  2025年", "主管部门及代码  405"});
  rejoin_wrapped_labels(p, labels);
  CHECK(line_text(p, 0) == "项目实施计划  2025年");
  CHECK(line_text(p, 1) == "主管部门及代码  405");
}

TEST_CASE("layout orientation: a label printed letter-spaced is written together at its first character") {
  const IsLabel is_label = labels_of({U"数量指标", U"填报日期：", U"二级热网改造长度"});
  // A tall cell's label spread out between a value and a name: together where it starts, the rest blank.
  LayoutPage p = page_of({"23893米    数   量  指   标      二级热网改造长度", "填 报 日 期 ： 202 50207"});
  join_spaced_labels(p, is_label);
  CHECK(line_text(p, 0) == "23893米    数量指标" + std::string(14, ' ') + "二级热网改造长度");
  CHECK(line_text(p, 1) == "填报日期：" + std::string(5, ' ') + "202 50207");  // the value's spaces stay
  // Single characters that read no label, or are too far apart (five spaces), stay as they are.
  LayoutPage q = page_of({"有 效 是 否", "数     量  指   标", "数量 指 标"});
  join_spaced_labels(q, is_label);
  CHECK(line_text(q, 0) == "有 效 是 否");
  CHECK(line_text(q, 1) == "数     量  指   标");
  CHECK(line_text(q, 2) == "数量 指 标");
}

TEST_CASE("layout orientation: a number printed in pieces after a label's colon on a turned page is written together") {
  LayoutPage p = page_of({"联系电话：  0 355 -52 9 826 6   填报日期：202 50207 221 557",
                          "填报日期：2025-01-16", "省级财政资金：0  1,000", "说明：第 1 2 项", "金额：5 0 0万元"});
  join_spaced_numbers(p);
  CHECK(line_text(p, 0) == "联系电话：  0355-5298266" + std::string(5, ' ') + "   填报日期：20250207221557   ");
  CHECK(line_text(p, 1) == "填报日期：2025-01-16");  // one piece: as it was
  CHECK(line_text(p, 2) == "省级财政资金：0  1,000");  // two spaces part two texts
  CHECK(line_text(p, 3) == "说明：第 1 2 项");  // no number right after the colon
  CHECK(line_text(p, 4) == "金额：5 0 0万元");  // the last piece runs on into other text
}

TEST_CASE("layout orientation: a category label glued to its neighbours on a turned page is set off again") {
  const IsLabel is_category = labels_of({U"数量指标", U"社会效益", U"服务对象满意度"});
  const IsLabel is_header = labels_of({U"一级指标", U"三级指标"});
  const IsLabel ends_table = labels_of({U"总体目标", U"项目概况"});
  // Lines turned back from 641-r90 and 656-r90 (pv-chrome2), shortened.
  LayoutPage p = page_of({"总体目标  提高社会效益经济",  // a goal, above the table: as it was
                          "一级指标 二级指标 三级指标      指标值",
                          "数量指标 项目总投资   ≤4886.22万元数量指标项目总投资      万元",
                          "产出指标  社会效益交通事故下降率≤10%",
                          "服务对象满意度  满意度",          // not glued: as it was
                          "社会效益 环境改善  提高"});      // one space: as it was
  part_glued_categories(p, is_category, is_header, ends_table);
  CHECK(line_text(p, 0) == "总体目标  提高社会效益经济");
  CHECK(line_text(p, 2) == "数量指标 项目总投资   ≤4886.22万元  数量指标  项目总投资  万元");
  CHECK(line_text(p, 3) == "产出指标  社会效益  交通事故下降率≤10%");
  CHECK(line_text(p, 4) == "服务对象满意度  满意度");
  CHECK(line_text(p, 5) == "社会效益 环境改善  提高");
  // A table gone on from the page before, at the page's top: read up to the next form's long text.
  p = page_of({"质量指标 工程合格率  100%", "数量指标段   ≥20条", "项目概况  社会效益提升工程"});
  part_glued_categories(p, is_category, is_header, ends_table);
  CHECK(line_text(p, 1) == "数量指标  段  ≥20条");
  CHECK(line_text(p, 2) == "项目概况  社会效益提升工程");
}
