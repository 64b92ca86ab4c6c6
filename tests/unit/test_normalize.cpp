// normalize on small forms written for the quirks exports have: labels with
// stray spaces, cells shifted by empty cells, merged labels on the wrong row.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/unit/support.h"
#include "extract/text_reader.h"
#include "normalize/normalize.h"

using namespace perfgoal;
using perfgoal::test::kFormHead;
using perfgoal::test::kFormTail;
using perfgoal::test::templates;

namespace {
Normalized run(const std::string& text) { return normalize(cells_from_text(text, "t.txt"), templates()); }

}  // namespace

TEST_CASE("labels: variants with stray spaces and full-width brackets") {
  CHECK(label_key("市县（区）财政资 金") == "市县(区)财政资金");
  CHECK(label_key("负责人：") == "负责人");
  CHECK(label_key(" 绩效 指 标 ") == "绩效指标");
  CHECK(label_key("项目\xE3\x80\x80名称\xC2\xA0：\t") == "项目名称");  // U+3000, no-break space, full-width colon
  CHECK(label_key("ａ\xEF\xBC") == "ａ\xEF\xBC");                     // a cut sequence stays
  const auto& all = templates();
  auto it = std::find_if(all.begin(), all.end(), [](const FormTemplate& x) { return x.name == "shanxi-county-project-targets"; });
  REQUIRE(it != all.end());
  const FormTemplate& t = *it;
  CHECK(t.field_of("项目日期") == "project.period_years");
  CHECK(t.field_of("项 目 期") == "project.period_years");
  CHECK(t.field_of("其中：中央财政资金") == "funds.central");
  CHECK(t.field_of("项目名") == "");
  CHECK(t.parent_of("可持续影响") == "效益指标");
  CHECK(t.parent_of("服务对象满意度指标") == "满意度指标");
}

TEST_CASE("normalize: header fields, 万元 funds converted exactly, goals, sign-off") {
  Normalized n = run(kFormHead + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + kFormTail);
  REQUIRE(n.records.size() == 1);
  const Record& r = n.records[0];
  CHECK(r.fiscal_year == 2024);
  CHECK(*r.project.department_code == "012");
  CHECK(*r.project.department == "某县财政局");
  CHECK(*r.project.attribute == "一次性项目");
  CHECK(*r.project.attribute_detail == "1年结束");
  CHECK(r.project.period_years == 1);
  CHECK(r.funds.period.total->to_string() == "15000");
  CHECK(r.funds.annual.total->to_string() == "12500");
  CHECK(r.funds.annual.local->to_string() == "12500");
  CHECK_FALSE(r.funds.period.provincial);
  CHECK(*r.goals.period == "目标甲");
  CHECK(*r.goals.annual == "目标乙");
  CHECK(*r.sign_off.responsible == "张三");
  CHECK_FALSE(r.sign_off.handler);
  CHECK(*r.sign_off.filed_at == "2024-12-17T09:07:09");
  CHECK(r.source.lines == std::make_pair(1, 13));
  CHECK(n.findings.empty());
}

TEST_CASE("indicators: merged labels carried down, shifted cells realigned") {
  Normalized n = run(kFormHead +
                     "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n"
                     "\t\t\t桥梁\t2座\t\t桥梁\t2座\n"        // labels carried down
                     "\t\t\t时效指标\t完工及时\t及时\t\t时效指标\t完工及时\t及时\n"  // shifted right by one
                     "\t效益指标\t经济效益\t\t\t经济效益\t\t\n"  // no entry, labels change
                     "\t可持续影响\t长效机制\t完善\t可持续影响\t长效机制\t完善\n"  // 二级 in the 一级 column
                     "满意度指标\t服务对象满意度\t群众满意度\t≥90%\t服务对象满意度\t群众满意度\t≥90%\n" + kFormTail);
  REQUIRE(n.records.size() == 1);
  const auto& p = n.records[0].indicators.period;
  const auto& a = n.records[0].indicators.annual;
  REQUIRE(p.size() == 5);
  REQUIRE(a.size() == 5);
  CHECK(*p[1].name == "桥梁");
  CHECK(*p[1].level2 == "数量指标");
  CHECK(*p[2].level2 == "时效指标");
  CHECK(*p[2].name == "完工及时");
  CHECK(*p[2].value == "及时");
  CHECK(*a[2].level1 == "产出指标");
  CHECK(*a[2].value == "及时");
  CHECK(*p[3].level1 == "效益指标");  // from the category tree
  CHECK(*p[3].level2 == "可持续影响");
  CHECK(*a[3].level1 == "效益指标");
  CHECK(*p[4].level1 == "满意度指标");
  CHECK(*p[4].op == ">=");
  CHECK(p[4].amount->to_string() == "90");
  CHECK(n.findings.empty());
}

TEST_CASE("indicators: a merged label on the wrong row is put back from the other half") {
  Normalized n = run(kFormHead +
                     "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n"
                     "\t\t\t合格率\t100%\t质量指标\t合格率\t100%\n"  // 质量指标 shown only in the 年度 half
                     "\t\t质量指标\t规范性\t规范\t\t规范性\t规范\n" + kFormTail);
  const auto& p = n.records[0].indicators.period;
  const auto& a = n.records[0].indicators.annual;
  REQUIRE(p.size() == 3);
  CHECK(*p[1].level2 == "质量指标");
  CHECK(*a[1].level2 == "质量指标");
  CHECK(*a[2].level2 == "质量指标");
}

TEST_CASE("indicators: a vertically centred label applies to the rows above it in its group") {
  Normalized n = run(kFormHead +
                     "\t\t\t道路\t1条\t\t道路\t1条\n"  // the table starts before any label
                     "\t产出指标\t数量指标\t桥梁\t2座\t数量指标\t桥梁\t2座\n"
                     "\t\t\t合格率\t100%\t\t合格率\t100%\n"
                     "\t\t质量指标\t规范性\t规范\t质量指标\t规范性\t规范\n"
                     "\t\t\t满意度\t≥90%\t\t满意度\t≥90%\n"  // 服务对象满意度 lands below
                     "\t满意度指标\t服务对象满意度\t回访率\t≥80%\t服务对象满意度\t回访率\t≥80%\n" + kFormTail);
  const auto& p = n.records[0].indicators.period;
  REQUIRE(p.size() == 6);
  CHECK(*p[0].level1 == "产出指标");
  CHECK(*p[0].level2 == "数量指标");
  // 合格率 carries 数量指标: that label is of the same 一级 group, nothing says otherwise
  CHECK(*p[2].level2 == "数量指标");
  CHECK(*p[3].level2 == "质量指标");
  // 满意度 carries 质量指标 and 产出指标: nothing on its row or after it in 产出指标 says otherwise
  CHECK(*p[4].level1 == "产出指标");
  CHECK(*p[5].level1 == "满意度指标");
  CHECK(*p[5].level2 == "服务对象满意度");
}

TEST_CASE("indicators: the 2021 tree with 成本指标 as a 一级指标 is accepted too") {
  Normalized n = run(kFormHead +
                     "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n"
                     "\t\t成本指标\t造价\t≤5万元\t成本指标\t造价\t≤5万元\n"
                     "\t成本指标\t经济成本指标\t材料费\t≤3万元\t经济成本指标\t材料费\t≤3万元\n"
                     "\t\t社会成本指标\t占地\t无\t社会成本指标\t占地\t无\n" + kFormTail);
  const auto& p = n.records[0].indicators.period;
  REQUIRE(p.size() == 4);
  CHECK(*p[1].level1 == "产出指标");
  CHECK(*p[1].level2 == "成本指标");
  CHECK(*p[2].level1 == "成本指标");
  CHECK(*p[2].level2 == "经济成本指标");
  CHECK(*p[3].level1 == "成本指标");
  CHECK(*p[3].level2 == "社会成本指标");
  CHECK(p[2].amount->to_string() == "30000");
}

TEST_CASE("indicators: a value that reads like a category is still a value") {
  Normalized n = run(kFormHead + "\t效益指标\t可持续影响\t传承度\t可持续影响\t可持续影响\t传承度\t可持续影响\n" + kFormTail);
  const auto& p = n.records[0].indicators.period;
  REQUIRE(p.size() == 1);
  CHECK(*p[0].name == "传承度");
  CHECK(*p[0].value == "可持续影响");
  CHECK(*n.records[0].indicators.annual[0].value == "可持续影响");
}

TEST_CASE("indicators: a lone text is a name whose value is missing") {
  Normalized n = run(kFormHead + "\t产出指标\t时效指标\t及时性\t及时\t时效指标\t及时性\n" + kFormTail);
  const auto& a = n.records[0].indicators.annual;
  REQUIRE(a.size() == 1);
  CHECK(*a[0].name == "及时性");
  CHECK_FALSE(a[0].value);
}

TEST_CASE("forms: many per file, text outside forms and extra cells are reported, not dropped") {
  Normalized n = run("封面说明\n" + kFormHead + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + kFormTail + kFormHead +
                     kFormTail + "\t\t\t\t\t\t\t\t\t\t\t多余的格\n");
  CHECK(n.records.size() == 2);
  bool cover = false, extra = false;
  for (const auto& f : n.findings) {
    if (f.message.find("封面说明") != std::string::npos && f.where.line == 1) cover = true;
    if (f.message.find("多余的格") != std::string::npos) extra = true;
  }
  CHECK(cover);
  CHECK(extra);
}

TEST_CASE("no form in the input is a finding, not an empty success") {
  Normalized n = run("这不是表格\n只是一些文字\n");
  CHECK(n.records.empty());
  bool no_form = false;
  for (const auto& f : n.findings) no_form = no_form || f.rule == "no-form";
  CHECK(no_form);
}

TEST_CASE("not a form: the title words in running text give no form, not an empty record") {
  // A README that names the form (its title words and a label or two in prose).
  const std::string readme =
      "# perfgoal\n"
      "Turns 项目支出绩效目标表 into YAML.\n"
      "上党区县(区)级预算部门（单位）项目支出绩效目标表\n"
      "项目名称\t是表上的第一个字段\n"
      "perfgoal convert forms.txt -o out\n";
  Normalized n = normalize(cells_from_text(readme, "README.md"), templates());
  CHECK(n.records.empty());
  REQUIRE(n.findings.size() == 1);  // one finding, not one per line
  CHECK(n.findings[0].rule == "no-form");
  CHECK(n.findings[0].where.line == 2);
  CHECK(n.findings[0].message.find("the title words are there, but not the form") != std::string::npos);
  CHECK(n.findings[0].message.find("at least 3 needed") != std::string::npos);
  // Beside a real form, such text is reported once and the form is read.
  n = run("项目支出绩效目标表 的填写说明\n请按时填报\n" + kFormHead + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + kFormTail);
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].project.name == std::optional<std::string>("测试项目"));
  int notes = 0;
  for (const auto& f : n.findings)
    if (f.message.find("not a form, not read (lines 1-2") != std::string::npos) ++notes;
  CHECK(notes == 1);
  // A form exported without its title still is one (its labels say so).
  n = run(kFormHead.substr(kFormHead.find("项目名称")) + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + kFormTail);
  CHECK(n.records.size() == 1);
}

TEST_CASE("a form whose title was not read keeps the year line right above it") {
  // The title lost (a scan's title read as garbage, or an export without it):
  // the year line (2026年度) is the form's, before the first form and after a
  // form's sign-off alike. Other text there is still reported unplaced.
  const std::string body = kFormHead.substr(kFormHead.find("项目名称")) +
                           "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + kFormTail;
  Normalized n = run("（2026年度）\n" + body + "河和二 2 CI\n（2027年度）\n" + body);
  REQUIRE(n.records.size() == 2);
  CHECK(n.records[0].fiscal_year == 2026);
  CHECK(n.records[1].fiscal_year == 2027);
  int unplaced = 0;
  for (const auto& f : n.findings)
    if (f.rule == "unplaced-cell") {
      ++unplaced;
      CHECK(f.message.find("河和二") != std::string::npos);
    }
  CHECK(unplaced == 1);
  // A year line followed by other text is not the form's: reported as before.
  n = run("（2026年度）\n说明\n" + body);
  REQUIRE(n.records.size() == 1);
  CHECK_FALSE(n.records[0].fiscal_year);
  // A table that is no form (a 项目支出表, its header holding 项目名称) runs
  // on to the next 项目名称: the year line it ends on is the form's below it
  // (a scan whose title was read as garbage; its year was lost in the table).
  n = run("项目支出表\n项目名称\t金额（元）\t主管部门\n文物保护经费\t300,000.00\t文化和旅游局\n河和二 2 CI\n（2026年度）\n" + body);
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].fiscal_year == 2026);
  // So is the year line after a form not signed off.
  const std::string unsigned_body = body.substr(0, body.find("负责人"));
  REQUIRE(unsigned_body.size() < body.size());
  n = run(unsigned_body + "（2027年度）\n" + body);
  REQUIRE(n.records.size() == 2);
  CHECK(n.records[1].fiscal_year == 2027);
}

// Found by tests/variants (exports of other counties and years).
TEST_CASE("variants: 填报日期 as 2024-12-17, 2024年12月17日 or 2024/12/17, year line (2026年)") {
  for (const char* date : {"2024-12-17", "2024年12月17日", "2024/12/17"}) {
    std::string head = kFormHead;
    head.replace(head.find("（2024年度）"), std::string("（2024年度）").size(), "(2026年)");
    Normalized n = run(head + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" +
                       "负责人：张三\t\t经办人：\t\t联系电话：\t\t填报日期：\t" + date + "\n");
    REQUIRE(n.records.size() == 1);
    CHECK(n.records[0].sign_off.filed_at.value_or("") == "2024-12-17");
    CHECK(n.records[0].sign_off.responsible.value_or("") == "张三");
    CHECK(n.records[0].fiscal_year == 2026);
  }
}

TEST_CASE("variants: a funds row shifted by empty cells still pairs 实施期 then 年度 by order") {
  std::string head = kFormHead;
  // Two extra empty cells before the row's first label put it nearer the 年度 column.
  head.replace(head.find("\t\t市县（区）财政资 金"), 2, "\t\t\t\t");
  Normalized n = run(head + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + kFormTail);
  REQUIRE(n.records.size() == 1);
  CHECK((n.records[0].funds.period.local ? n.records[0].funds.period.local->to_string() : "") == "15000");
  CHECK((n.records[0].funds.annual.local ? n.records[0].funds.annual.local->to_string() : "") == "12500");
}

TEST_CASE("variants: indicator rows shifted by a cell, or with extra empty cells inside") {
  Normalized n = run(kFormHead +
                     "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n"
                     // shifted left by one: 成本指标 stands in the 一级 column
                     "\t成本指标\t资金\t≤5万元\t成本指标\t资金\t≤5万元\n"
                     // shifted right by one, the 年度 half blank
                     "\t\t\t\t资金二\t3万元\n"
                     // two extra empty cells before the value
                     "\t\t\t资金三\t\t\t4万元\t\t资金三\t4万元\n" +
                     kFormTail);
  REQUIRE(n.records.size() == 1);
  const auto& p = n.records[0].indicators.period;
  const auto& a = n.records[0].indicators.annual;
  REQUIRE(p.size() == 4);
  REQUIRE(a.size() == 3);
  CHECK(p[1].level1.value_or("") == "产出指标");
  CHECK(p[1].level2.value_or("") == "成本指标");
  CHECK(p[1].name.value_or("") == "资金");
  CHECK(p[1].value.value_or("") == "≤5万元");
  CHECK(a[1].level2.value_or("") == "成本指标");
  CHECK(p[2].name.value_or("") == "资金二");
  CHECK(p[2].value.value_or("") == "3万元");
  CHECK(p[2].level2.value_or("") == "成本指标");
  CHECK(p[3].name.value_or("") == "资金三");
  CHECK(p[3].value.value_or("") == "4万元");
  CHECK(a[2].name.value_or("") == "资金三");
  CHECK(a[2].value.value_or("") == "4万元");
}

namespace {
// A form as cells: the text rows of kFormHead, with the goals rows replaced by
// `goals` and the sign-off by `sign_off` (rows of cells with columns).
CellDocument pdf_like(const std::vector<Row>& goals, const std::vector<Row>& after) {
  std::string head = kFormHead.substr(0, kFormHead.find("实施期目标"));
  CellDocument doc = cells_from_text(head, "t.pdf");
  for (const auto& r : goals) doc.rows.push_back(r);
  CellDocument rest = cells_from_text(
      "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值\n"
      "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n", "t.pdf");
  for (const auto& r : rest.rows) doc.rows.push_back(r);
  for (const auto& r : after) doc.rows.push_back(r);
  return doc;
}
Cell cell(const std::string& text, int column, int row_span = 1) {
  Cell c;
  c.text = text;
  c.column = column;
  c.row_span = row_span;
  return c;
}
Row row(std::vector<Cell> cells) {
  Row r;
  r.cells = std::move(cells);
  return r;
}
const std::vector<Row> kGoalsSpanning = {
    row({cell("总体目标", 0, 2), cell("实施期目标", 1), cell("年度目标", 5)}),
    row({cell("目标甲", 1), cell("目标乙", 5)})};
}  // namespace

TEST_CASE("goals: 总体目标 spanning the 实施期目标|年度目标 row and the goal texts labels both") {
  Normalized n = normalize(pdf_like(kGoalsSpanning, {}), templates());
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].goals.period == "目标甲");
  CHECK(n.records[0].goals.annual == "目标乙");
  for (const auto& f : n.findings) CHECK(f.message.find("目标甲") == std::string::npos);
}

TEST_CASE("goals: goal texts under the 实施期目标|年度目标 header with no 总体目标 beside them (cut by a page break)") {
  std::vector<Row> goals = {row({cell("总体目标", 0), cell("实施期目标", 1), cell("年度目标", 5)}),
                            row({cell("目标甲", 1), cell("目标乙", 5)})};
  Normalized n = normalize(pdf_like(goals, {}), templates());
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].goals.period == "目标甲");
  CHECK(n.records[0].goals.annual == "目标乙");
}

TEST_CASE("sign-off: one line with its parts one space apart is cut at its labels") {
  std::vector<Row> sign = {row({cell("负责人：张三　　　　经办人：李四", 0),
                                cell("联系电话：0355-2021234 填报日期：20241217090709", 4)})};
  Normalized n = normalize(pdf_like(kGoalsSpanning, sign), templates());
  REQUIRE(n.records.size() == 1);
  const Record& r = n.records[0];
  CHECK(r.sign_off.responsible == "张三");
  CHECK(r.sign_off.handler == "李四");
  CHECK(r.sign_off.phone == "0355-2021234");
  CHECK(r.sign_off.filed_at == "2024-12-17T09:07:09");
  // 项目负责人 is one label, not 项目 + 负责人.
  std::vector<Row> sign2 = {row({cell("项目负责人：王五 联系电话：13912345678", 0)})};
  Normalized m = normalize(pdf_like(kGoalsSpanning, sign2), templates());
  CHECK(m.records[0].sign_off.responsible == "王五");
  CHECK(m.records[0].sign_off.phone == "13912345678");
}

TEST_CASE("forms among other pages: a table with a 项目名称 column is not a form, a form ends at its sign-off") {
  CellDocument doc = cells_from_text(
      "收支总表\n项目\t金额（元）\n一般公共预算拨款收入\t100.00\n"
      "项目支出表\n项目名称\t金额（元）\t主管部门\n文物保护经费\t300,000.00\t文化和旅游局\n", "t.pdf");
  CellDocument form = pdf_like(kGoalsSpanning, {row({cell("负责人：张三", 0)})});
  for (auto& r : form.rows) r.page = 3;
  doc.rows.insert(doc.rows.end(), form.rows.begin(), form.rows.end());
  Row glossary = row({cell("名词解释", 0)});
  glossary.page = 4;
  doc.rows.push_back(glossary);
  Normalized n = normalize(doc, templates());
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].project.name == "测试项目");
  CHECK(n.records[0].source.pages == std::make_pair(3, 3));
  bool reported = false;
  for (const auto& f : n.findings)
    if (f.message.find("名词解释") != std::string::npos) reported = true;
  CHECK(reported);  // outside any form, but not dropped
}

// ---- other layouts: the template says the layout, the header the columns ----

namespace {
Normalized run_layout(const std::string& name) {
  std::string path = perfgoal::test::src("tests/variants/layouts/" + name + ".txt");
  return normalize(cells_from_text(perfgoal::test::slurp(path), name + ".txt"), templates());
}
}  // namespace

TEST_CASE("layouts: one 年度 block, funds in 万元 in one column (宁夏-like)") {
  Normalized n = run_layout("ningxia-annual-project-targets");
  REQUIRE(n.records.size() == 2);
  const Record& r = n.records[0];
  CHECK(*r.title == "彭阳县项目支出年度预算绩效目标申报表");
  CHECK(r.fiscal_year == 2024);
  CHECK(r.indicators.period.empty());
  REQUIRE(r.indicators.annual.size() == 11);
  CHECK(r.funds.annual.total->to_string() == "2365000");
  CHECK(r.funds.annual.central->to_string() == "1500000");
  CHECK_FALSE(r.funds.period.total);
  CHECK_FALSE(r.funds.period.central);
  CHECK(*r.goals.annual == "完成全县12个乡镇农村供水管网及配套设施维修养护，保障农村群众饮水安全，农村自来水普及率稳定在98%以上。");
  CHECK_FALSE(r.goals.period);
  CHECK(*r.indicators.annual[6].value == "≤236.5万元");
  CHECK(r.indicators.annual[6].amount->to_string() == "2365000");
  CHECK_FALSE(r.indicators.annual[0].has_weight);
  CHECK_FALSE(r.indicators.annual[0].has_note);
}

TEST_CASE("layouts: 指标性质 + 指标值 + 度量单位 as displayed, weights, 成本指标 as a 一级 (2021 national)") {
  Normalized n = run_layout("national-2021-project-targets");
  REQUIRE(n.records.size() == 2);
  const Record& r = n.records[0];
  CHECK(r.funds.period.total->to_string() == "28600000");
  CHECK(r.funds.annual.total->to_string() == "28600000");
  CHECK(r.funds.annual.provincial->to_string() == "5720000");
  CHECK(*r.goals.period == *r.goals.annual);
  const auto& a = r.indicators.annual;
  REQUIRE(a.size() == 11);
  CHECK(r.indicators.period.empty());
  CHECK(*a[0].value == "≥2.2万亩");  // ≥ + 2.2 + 万亩
  CHECK(*a[0].op == ">=");
  CHECK(a[0].amount->to_string() == "2.2");
  CHECK(*a[0].unit == "万亩");
  CHECK(*a[1].value == "136眼");  // ＝ shows no sign
  CHECK(*a[1].op == "=");
  CHECK(*a[4].value == "2023年12月底前");  // 定性: the value alone
  CHECK_FALSE(a[4].op);
  CHECK(*a[5].level1 == "成本指标");
  CHECK(*a[5].level2 == "经济成本指标");
  CHECK(*a[5].value == "≤1300元");
  CHECK(*a[8].value == "≥0.58");  // no 度量单位
  CHECK_FALSE(a[8].unit);
  CHECK(a[0].has_weight);
  CHECK(a[0].weight->to_string() == "15");
  Decimal sum;
  for (const auto& i : a) sum = sum + *i.weight;
  CHECK(sum.to_string() == "100");
  const auto& b = n.records[1].indicators.annual;
  CHECK(*b[6].value == "≤600万元");
  CHECK(b[6].amount->to_string() == "6000000");
  CHECK(*b[6].unit == "元");
}

TEST_CASE("layouts: a 长期 block stacked above the 年度 one, 备注, pre-printed empty categories (湖南-like)") {
  Normalized n = run_layout("hunan-project-targets");
  REQUIRE(n.records.size() == 2);
  const Record& r = n.records[0];
  CHECK(*r.project.department == "宁乡市交通运输局");
  CHECK(*r.project.department_code == "405");
  CHECK(*r.project.implementing_unit == "宁乡市农村公路建设养护中心");
  CHECK(r.funds.annual.total->to_string() == "28605000");  // 2860.5万元 in the cell
  CHECK(*r.goals.period == "用三年时间完成全市农村公路提质改造300公里、危桥改造36座，农村公路通行条件明显改善。");
  CHECK(*r.goals.annual == "2021年完成农村公路提质改造105公里、危桥改造12座，改善沿线群众出行条件。");
  REQUIRE(r.indicators.period.size() == 8);  // empty category rows are no entries
  REQUIRE(r.indicators.annual.size() == 9);
  CHECK(*r.indicators.period[0].note == "三年累计");
  CHECK(r.indicators.period[1].has_note);
  CHECK_FALSE(r.indicators.period[1].note);
  CHECK(*r.indicators.annual[8].level2 == "社会公众或服务对象满意度指标");
  CHECK(*r.sign_off.filed_at == "2020-12-15");
}

TEST_CASE("layouts: 单位：万元 line, 项目总预算, 指标值确定依据 and 上年指标值 (湖北-like)") {
  Normalized n = run_layout("hubei-project-targets");
  REQUIRE(n.records.size() == 2);
  const Record& r = n.records[0];
  CHECK(r.funds.period.total->to_string() == "13500000");
  CHECK(r.funds.annual.total->to_string() == "13500000");
  CHECK(r.funds.annual.central->to_string() == "8200000");
  CHECK_FALSE(r.funds.period.central);
  CHECK(*r.project.department_code == "042");
  CHECK(*r.project.implementing_unit == "麻城市医疗保障局");
  const auto& a = r.indicators.annual;
  REQUIRE(a.size() == 10);
  CHECK(*a[0].basis == "计划标准");
  CHECK(*a[0].previous_value == "3.6万人");
  CHECK(a[8].has_previous_value);
  CHECK_FALSE(a[8].previous_value);
  CHECK(*a[6].level2 == "社会效益");
  CHECK(*r.sign_off.filed_at == "2024-12-10");
}

TEST_CASE("layouts: the template is chosen by what it knows of the form, not only by its title") {
  // A form titled like several templates (…项目支出绩效目标申报表): the
  // labels and header words decide.
  Normalized n = run("某市预算项目支出绩效目标申报表\n2025年度\n单位：万元\n"
                     "项目名称\t\t测试项目\n项目主管部门\t\t012-某局\t\t项目执行单位\t某局\n"
                     "项目总预算\t\t10.00\t\t项目当年预算\t5.00\n"
                     "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t指标值确定依据\t上年指标值\n"
                     "\t产出指标\t数量指标\t道路\t1条\t计划标准\t2条\n"
                     "负责人：\t\t经办人：\n");
  REQUIRE(n.records.size() == 1);
  const Record& r = n.records[0];
  CHECK(r.funds.annual.total->to_string() == "50000");
  CHECK(r.funds.period.total->to_string() == "100000");
  REQUIRE(r.indicators.annual.size() == 1);
  CHECK(*r.indicators.annual[0].basis == "计划标准");
  CHECK(*r.indicators.annual[0].previous_value == "2条");
  CHECK(r.indicators.period.empty());
}
