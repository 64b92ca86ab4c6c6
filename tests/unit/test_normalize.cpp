// normalize on small forms written for the quirks exports have: labels with
// stray spaces, cells shifted by empty cells, merged labels on the wrong row.
#include <doctest/doctest.h>

#include "tests/unit/support.h"
#include "extract/text_reader.h"
#include "normalize/normalize.h"

using namespace perfgoal;
using perfgoal::test::templates;

namespace {
Normalized run(const std::string& text) { return normalize(cells_from_text(text, "t.txt"), templates()); }

const std::string kHead =
    "某县项目支出绩效目标表\n（2024年度）\n"
    "项目名称\t\t测试项目\t\t\n"
    "主管部门及代码\t\t012-某县财政局\t\t实施单位\t\t某县财政局\n"
    "项目属性\t\t一次性项目（1年结束）\t\t项 目 日 期\t\t1年\n"
    "项目资金 （万元）\t\t实施期资金总额：\t1.5\t年度资金总额：\t1.25\n"
    "\t\t其中：中央财政资金\t0\t其中：中央财政资金\t0\n"
    "\t\t市县（区）财政资 金\t1.5\t市县（区）财政资金\t1.25\n"
    "实施期目标\t\t\t\t年度目标\n"
    "总体目标\t目标甲\t\t\t目标乙\n"
    "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值\n";
const std::string kTail = "负责人：\t张三\t经办人：\t\t联系电话：\t\t填报日期：\t20241217090709\n";
}  // namespace

TEST_CASE("labels: variants with stray spaces and full-width brackets") {
  CHECK(label_key("市县（区）财政资 金") == "市县(区)财政资金");
  CHECK(label_key("负责人：") == "负责人");
  CHECK(label_key(" 绩效 指 标 ") == "绩效指标");
  CHECK(label_key("项目\xE3\x80\x80名称\xC2\xA0：\t") == "项目名称");  // U+3000, no-break space, full-width colon
  CHECK(label_key("ａ\xEF\xBC") == "ａ\xEF\xBC");                     // a cut sequence stays
  const FormTemplate& t = templates().front();
  CHECK(t.field_of("项目日期") == "project.period_years");
  CHECK(t.field_of("项 目 期") == "project.period_years");
  CHECK(t.field_of("其中：中央财政资金") == "funds.central");
  CHECK(t.field_of("项目名") == "");
  CHECK(t.parent_of("可持续影响") == "效益指标");
  CHECK(t.parent_of("服务对象满意度指标") == "满意度指标");
}

TEST_CASE("normalize: header fields, 万元 funds converted exactly, goals, sign-off") {
  Normalized n = run(kHead + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + kTail);
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
  Normalized n = run(kHead +
                     "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n"
                     "\t\t\t桥梁\t2座\t\t桥梁\t2座\n"        // labels carried down
                     "\t\t\t时效指标\t完工及时\t及时\t\t时效指标\t完工及时\t及时\n"  // shifted right by one
                     "\t效益指标\t经济效益\t\t\t经济效益\t\t\n"  // no entry, labels change
                     "\t可持续影响\t长效机制\t完善\t可持续影响\t长效机制\t完善\n"  // 二级 in the 一级 column
                     "满意度指标\t服务对象满意度\t群众满意度\t≥90%\t服务对象满意度\t群众满意度\t≥90%\n" + kTail);
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
  Normalized n = run(kHead +
                     "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n"
                     "\t\t\t合格率\t100%\t质量指标\t合格率\t100%\n"  // 质量指标 shown only in the 年度 half
                     "\t\t质量指标\t规范性\t规范\t\t规范性\t规范\n" + kTail);
  const auto& p = n.records[0].indicators.period;
  const auto& a = n.records[0].indicators.annual;
  REQUIRE(p.size() == 3);
  CHECK(*p[1].level2 == "质量指标");
  CHECK(*a[1].level2 == "质量指标");
  CHECK(*a[2].level2 == "质量指标");
}

TEST_CASE("indicators: a vertically centred label applies to the rows above it in its group") {
  Normalized n = run(kHead +
                     "\t\t\t道路\t1条\t\t道路\t1条\n"  // the table starts before any label
                     "\t产出指标\t数量指标\t桥梁\t2座\t数量指标\t桥梁\t2座\n"
                     "\t\t\t合格率\t100%\t\t合格率\t100%\n"
                     "\t\t质量指标\t规范性\t规范\t质量指标\t规范性\t规范\n"
                     "\t\t\t满意度\t≥90%\t\t满意度\t≥90%\n"  // 服务对象满意度 lands below
                     "\t满意度指标\t服务对象满意度\t回访率\t≥80%\t服务对象满意度\t回访率\t≥80%\n" + kTail);
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
  Normalized n = run(kHead +
                     "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n"
                     "\t\t成本指标\t造价\t≤5万元\t成本指标\t造价\t≤5万元\n"
                     "\t成本指标\t经济成本指标\t材料费\t≤3万元\t经济成本指标\t材料费\t≤3万元\n"
                     "\t\t社会成本指标\t占地\t无\t社会成本指标\t占地\t无\n" + kTail);
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
  Normalized n = run(kHead + "\t效益指标\t可持续影响\t传承度\t可持续影响\t可持续影响\t传承度\t可持续影响\n" + kTail);
  const auto& p = n.records[0].indicators.period;
  REQUIRE(p.size() == 1);
  CHECK(*p[0].name == "传承度");
  CHECK(*p[0].value == "可持续影响");
  CHECK(*n.records[0].indicators.annual[0].value == "可持续影响");
}

TEST_CASE("indicators: a lone text is a name whose value is missing") {
  Normalized n = run(kHead + "\t产出指标\t时效指标\t及时性\t及时\t时效指标\t及时性\n" + kTail);
  const auto& a = n.records[0].indicators.annual;
  REQUIRE(a.size() == 1);
  CHECK(*a[0].name == "及时性");
  CHECK_FALSE(a[0].value);
}

TEST_CASE("forms: many per file; text outside forms and extra cells are reported, not dropped") {
  Normalized n = run("封面说明\n" + kHead + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + kTail + kHead +
                     kTail + "\t\t\t\t\t\t\t\t\t\t\t多余的格\n");
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

// Found by tests/variants (exports of other counties and years).
TEST_CASE("variants: 填报日期 as 2024-12-17, 2024年12月17日 or 2024/12/17; year line (2026年)") {
  for (const char* date : {"2024-12-17", "2024年12月17日", "2024/12/17"}) {
    std::string head = kHead;
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
  std::string head = kHead;
  // Two extra empty cells before the row's first label put it nearer the 年度 column.
  head.replace(head.find("\t\t市县（区）财政资 金"), 2, "\t\t\t\t");
  Normalized n = run(head + "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n" + kTail);
  REQUIRE(n.records.size() == 1);
  CHECK((n.records[0].funds.period.local ? n.records[0].funds.period.local->to_string() : "") == "15000");
  CHECK((n.records[0].funds.annual.local ? n.records[0].funds.annual.local->to_string() : "") == "12500");
}

TEST_CASE("variants: indicator rows shifted by a cell, or with extra empty cells inside") {
  Normalized n = run(kHead +
                     "\t产出指标\t数量指标\t道路\t1条\t数量指标\t道路\t1条\n"
                     // shifted left by one: 成本指标 stands in the 一级 column
                     "\t成本指标\t资金\t≤5万元\t成本指标\t资金\t≤5万元\n"
                     // shifted right by one, the 年度 half blank
                     "\t\t\t\t资金二\t3万元\n"
                     // two extra empty cells before the value
                     "\t\t\t资金三\t\t\t4万元\t\t资金三\t4万元\n" +
                     kTail);
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
