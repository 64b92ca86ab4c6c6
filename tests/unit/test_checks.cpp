// The checks on small records built in code: each rule with a case that
// triggers it and one that must not, and a clean form with no findings.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cli/check_command.h"
#include "cli/pipeline.h"
#include "emit/yaml_writer.h"
#include "emit/findings_writer.h"
#include "model/text_safety.h"
#include "normalize/checks.h"
#include "config/form_template.h"
#include "tests/unit/support.h"

using namespace perfgoal;
using perfgoal::test::scratch_dir;

namespace {

const CheckConfig& config() {
  static CheckConfig c = load_check_config(std::string(PERFGOAL_SOURCE_DIR) + "/templates/checks.yaml");
  return c;
}

Decimal dec(const char* s) { return *Decimal::parse(s); }

// Funds with a total and, when given, the sources (中央, 省级, 市县, 自筹); 其他 blank.
Funds funds(const char* total, const char* central = nullptr, const char* provincial = nullptr,
            const char* local = nullptr, const char* self_raised = nullptr) {
  Funds f;
  f.total = dec(total);
  if (central) f.central = dec(central);
  if (provincial) f.provincial = dec(provincial);
  if (local) f.local = dec(local);
  if (self_raised) f.self_raised = dec(self_raised);
  return f;
}

Conversion conversion(const char* file, std::vector<Record> records) {
  Conversion c;
  c.file = file;
  c.path = std::string("in/") + file;
  c.records = std::move(records);
  return c;
}

Indicator ind(const char* l1, const char* l2, const char* name, const char* value, const char* op, const char* amount,
              const char* unit, int line) {
  Indicator i;
  if (l1) i.level1 = l1;
  if (l2) i.level2 = l2;
  if (name) i.name = name;
  if (value) i.value = value;
  if (op) i.op = op;
  if (amount) i.amount = dec(amount);
  if (unit) i.unit = unit;
  i.line = line;
  return i;
}

// A form with nothing wrong: every check must stay silent on it.
Record clean() {
  Record r;
  r.source.file = "t.txt";
  r.source.lines = std::make_pair(3, 30);
  r.title = "某县项目支出绩效目标表";
  r.fiscal_year = 2025;
  r.project.name = "测试道路项目";
  r.project.department_code = "012";
  r.project.department = "某县交通局";
  r.project.implementing_unit = "某县交通局";
  r.project.attribute = "一次性项目";
  r.project.attribute_detail = "1年结束";
  r.project.period_years = 1;
  for (Funds* f : {&r.funds.period, &r.funds.annual}) {
    f->total = dec("5000000");
    f->central = dec("0");
    f->provincial = dec("1000000");
    f->local = dec("4000000");
    f->self_raised = dec("0");
  }
  r.overview = "概况";
  r.basis = "依据";
  r.goals.period = "完成道路建设";
  r.goals.annual = "完成道路建设";
  r.indicators.period = {
      ind("产出指标", "数量指标", "新建道路", "1条", "=", "1", "条", 20),
      ind("产出指标", "质量指标", "工程验收合格率", "≥95%", ">=", "95", "%", 21),
      ind("产出指标", "时效指标", "完成时间", "2025年", nullptr, nullptr, nullptr, 22),
      ind("产出指标", "成本指标", "项目成本", "≤500万元", "<=", "5000000", "元", 23),
      ind("效益指标", "社会效益", "群众出行", "明显改善", nullptr, nullptr, nullptr, 24),
      ind("效益指标", "可持续影响", "长效管理机制", "完善", nullptr, nullptr, nullptr, 25),
      ind("满意度指标", "服务对象满意度", "群众满意度", "≥90%", ">=", "90", "%", 26),
  };
  r.indicators.annual = r.indicators.period;
  r.sign_off.responsible = "张三";
  r.sign_off.handler = "李四";
  r.sign_off.phone = "0355-1234567";
  r.sign_off.filed_at = "2024-12-17T09:07:09";
  return r;
}

std::vector<Finding> check(const std::vector<Record>& records) { return check_records(records, "t.txt", config()); }
std::vector<Finding> check(const Record& r) { return check(std::vector<Record>{r}); }

std::vector<Finding> of_rule(const std::vector<Finding>& all, const std::string& rule) {
  std::vector<Finding> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out), [&](const Finding& f) { return f.rule == rule; });
  return out;
}

std::string all_text(const std::vector<Finding>& fs) {
  std::string s;
  for (const auto& f : fs) s += format_finding(f) + "\n";
  return s;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("checks: a clean form has no findings") {
  auto found = check(clean());
  CHECK_MESSAGE(found.empty(), all_text(found));
}

TEST_CASE("checks: the rules in checks.yaml and in the table agree") {
  const auto& rules = check_rules();
  for (const char* id : {"funds-sum", "funds-period-missing", "funds-annual-exceeds-period", "request-vs-annual",
                         "cost-vs-annual", "percent-range", "satisfaction-direction", "rate-direction", "doubled-text",
                         "value-missing", "name-missing", "value-same-as-name", "name-truncated", "no-quantitative-output",
                         "category-missing", "duplicate-form", "required-field", "signoff-blank", "unplaced-cell"})
    CHECK_MESSAGE(std::any_of(rules.begin(), rules.end(), [&](const RuleInfo& r) { return std::string(r.id) == id; }), id);
  CHECK(config().rate_at_least.size() > 10);
  CHECK(config().required_categories.size() == 3);
}

TEST_CASE("funds-sum: sources that do not add up, each period") {
  Record r = clean();
  r.funds.annual.local = dec("3999000");
  auto f = of_rule(check(r), "funds-sum");
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::error);
  CHECK(f[0].field == "funds.annual.total");
  CHECK(f[0].where.line == 3);
  CHECK(f[0].record == 0);
  CHECK(has(f[0].message, "年度资金来源合计 4,999,000.00 元 ≠ 年度资金总额 5,000,000.00 元"));
  CHECK(has(f[0].message, "差额 -1,000.00 元"));
  // exact decimals: 0.1 + 0.2 is 0.3
  r = clean();
  r.funds.period.total = dec("0.3");
  r.funds.period.provincial = dec("0.1");
  r.funds.period.local = dec("0.2");
  r.funds.annual = r.funds.period;
  for (auto* l : {&r.indicators.period, &r.indicators.annual}) (*l)[3] = ind("产出指标", "成本指标", "项目成本", "0.3元", "=", "0.3", "元", 23);
  CHECK(of_rule(check(r), "funds-sum").empty());
  // no sources at all: nothing to add up
  r = clean();
  r.funds.period = funds("5000000");
  CHECK(of_rule(check(r), "funds-sum").empty());
}

TEST_CASE("funds-period-missing and funds-annual-exceeds-period") {
  Record r = clean();
  r.funds.period = funds("0", "0", "0", "0", "0");
  auto all = check(r);
  auto f = of_rule(all, "funds-period-missing");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "实施期资金总额为 0，而年度资金总额为 5,000,000.00 元"));
  CHECK(of_rule(all, "funds-annual-exceeds-period").empty());  // one slip, one finding
  r.funds.period.total.reset();
  CHECK(has(of_rule(check(r), "funds-period-missing").at(0).message, "为空"));

  r = clean();
  r.funds.period.total = dec("4000000");
  r.funds.period.provincial = dec("0");
  all = check(r);
  CHECK(of_rule(all, "funds-period-missing").empty());
  f = of_rule(all, "funds-annual-exceeds-period");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "年度资金总额 5,000,000.00 元 大于实施期资金总额 4,000,000.00 元"));

  r = clean();  // a multi-year project: the year is part of the period
  r.funds.period.total = dec("8000000");
  r.funds.period.local = dec("7000000");
  CHECK(of_rule(check(r), "funds-annual-exceeds-period").empty());
}

// The checks with what each template's form has no place for (absent:).
const CheckConfig& layout_config() {
  static CheckConfig c = [] {
    CheckConfig c = config();
    add_form_parts(c, load_templates(std::string(PERFGOAL_SOURCE_DIR) + "/templates"));
    return c;
  }();
  return c;
}
std::vector<Finding> check_layout(const Record& r) { return check_records(std::vector<Record>{r}, "t.txt", layout_config()); }
bool any_field(const std::vector<Finding>& all, const std::string& rule, const std::string& field_prefix) {
  return std::any_of(all.begin(), all.end(),
                     [&](const Finding& f) { return f.rule == rule && f.field.rfind(field_prefix, 0) == 0; });
}

TEST_CASE("parts of the record: the form's template says what it has no place for, and those are not checked") {
  Record r = clean();  // a form with no 实施期 part and no 项目概况 / 立项依据
  r.goals.period.reset();
  r.indicators.period.clear();
  r.funds.period = Funds{};
  r.overview.reset();
  r.basis.reset();
  // No template (a record written by hand, or by an older version), or one
  // not known: every part is checked.
  for (const char* name : {"", "shanxi-county-project-targets", "no-such-template"}) {
    CAPTURE(name);
    Record x = r;
    if (*name) x.source.template_name = name;
    auto all = check_layout(x);
    CHECK(of_rule(all, "funds-period-missing").size() == 1);
    CHECK(any_field(all, "category-missing", "indicators.period"));
    CHECK(any_field(all, "required-field", "goals.period"));
    CHECK(any_field(all, "required-field", "overview"));
  }
  // Layouts A and E: one 年度 part, none of those texts.
  for (const char* name : {"ningxia-annual-project-targets", "finance-expenditure-project-targets"}) {
    CAPTURE(name);
    r.source.template_name = name;
    auto all = check_layout(r);
    CHECK_MESSAGE(all.empty(), all_text(all));
  }
  // Layout B: 实施期 amounts and goal, 年度 indicators only.
  r.source.template_name = "national-2021-project-targets";
  auto all = check_layout(r);
  CHECK(!any_field(all, "category-missing", "indicators.period"));
  CHECK(of_rule(all, "funds-period-missing").size() == 1);  // its form prints the 实施期 amount
  CHECK(any_field(all, "required-field", "goals.period"));
  CHECK(any_field(all, "required-field", "overview"));
  // Layout D: 项目总预算 is the 实施期 total; no 实施期 goal or block.
  r.source.template_name = "hubei-project-targets";
  all = check_layout(r);
  CHECK(of_rule(all, "funds-period-missing").size() == 1);
  CHECK(!any_field(all, "category-missing", "indicators.period"));
  CHECK(!any_field(all, "required-field", "goals.period"));
  // Layout C: a 长期 goal and block, no 实施期 amount. An empty 长期 block is
  // a gap; its cost rows state the whole period's money, which the form does
  // not give: not compared with the 年度 total.
  r.source.template_name = "hunan-project-targets";
  all = check_layout(r);
  CHECK(of_rule(all, "funds-period-missing").empty());
  CHECK(any_field(all, "category-missing", "indicators.period"));
  CHECK(any_field(all, "required-field", "goals.period"));
  r = clean();
  r.funds.period = Funds{};
  r.indicators.period[3] = ind("产出指标", "成本指标", "项目总投资", "≤8600万元", "<=", "86000000", "元", 23);
  r.indicators.period[0] = ind("产出指标", "成本指标", "三年投资", "5000万元", "=", "50000000", "元", 20);
  all = check(r);  // no template: compared, and a factor 10 looks like a slip
  CHECK(!of_rule(all, "cost-vs-annual").empty());
  CHECK(!of_rule(all, "cost-unit-slip").empty());
  r.source.template_name = "hunan-project-targets";
  all = check_layout(r);
  CHECK_MESSAGE(of_rule(all, "cost-vs-annual").empty(), all_text(all));
  CHECK_MESSAGE(of_rule(all, "cost-unit-slip").empty(), all_text(all));
}

TEST_CASE("parts of the record: a template's absent: names parts of the record, else it is refused") {
  auto dir = scratch_dir("perfgoal-test-absent");
  std::filesystem::create_directories(dir);
  std::ifstream in(std::string(PERFGOAL_SOURCE_DIR) + "/templates/forms/ningxia-annual-project-targets.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  FormTemplate t = load_template(std::string(PERFGOAL_SOURCE_DIR) + "/templates/forms/ningxia-annual-project-targets.yaml");
  CHECK(!t.prints("indicators.period"));
  CHECK(!t.prints("funds.period.total"));
  CHECK(!t.prints("overview"));
  CHECK(t.prints("indicators.annual"));
  CHECK(t.prints("funds.annual.total"));
  CHECK(t.prints("sign_off.responsible"));
  for (const char* bad : {"funds.periodic", "overveiw", "funds.period.nothing", "indicators"}) {
    CAPTURE(bad);
    std::string changed = text;
    auto at = changed.find("\nabsent: [");
    REQUIRE(at != std::string::npos);
    changed.insert(at + std::string("\nabsent: [").size(), std::string(bad) + ", ");
    std::ofstream(dir / "t.yaml") << changed;
    try {
      load_template(dir / "t.yaml");
      FAIL("loaded");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()).find("absent: '" + std::string(bad) + "' is not a part of the record") != std::string::npos);
    }
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("request-vs-annual: 本次申请资金 must be the annual total") {
  Record r = clean();
  for (auto* l : {&r.indicators.period, &r.indicators.annual})
    l->insert(l->begin() + 4, ind("产出指标", "成本指标", "本次申请资金", "450万元", "=", "4500000", "元", 24));
  auto f = of_rule(check(r), "request-vs-annual");
  REQUIRE(f.size() == 1);  // both columns, one finding
  CHECK(f[0].where.line == 24);
  CHECK(has(f[0].message, "实施期、年度："));
  CHECK(has(f[0].message, "4,500,000.00 元 ≠ 年度资金总额 5,000,000.00 元"));
  // with the right amount, a 总投资 ceiling above the total is no slip
  for (auto* l : {&r.indicators.period, &r.indicators.annual}) {
    (*l)[4] = ind("产出指标", "成本指标", "本次申请资金", "500万元", "=", "5000000", "元", 24);
    (*l)[3] = ind("产出指标", "成本指标", "建设总投资", "≤2526.97万元", "<=", "25269700", "元", 23);
  }
  auto all = check(r);
  CHECK(of_rule(all, "request-vs-annual").empty());
  CHECK(of_rule(all, "cost-vs-annual").empty());
}

TEST_CASE("cost-vs-annual: 成本指标 money that is not the annual total") {
  Record r = clean();
  r.indicators.annual[3] = ind("产出指标", "成本指标", "预算控制", "≤3857.74万元", "<=", "38577400", "元", 23);
  auto f = of_rule(check(r), "cost-vs-annual");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "年度："));
  CHECK(f[0].field == "indicators.annual[3].amount");
  CHECK(has(f[0].message, "38,577,400.00 元 ≠ 年度资金总额 5,000,000.00 元"));
  // two cost rows that add up to the total; a bare number under 成本指标 is 元
  r = clean();
  for (auto* l : {&r.indicators.period, &r.indicators.annual}) {
    (*l)[3] = ind("产出指标", "成本指标", "土地划拨", "3000000元", "=", "3000000", "元", 23);
    l->insert(l->begin() + 4, ind("产出指标", "成本指标", "耕地开垦费", "2000000", "=", "2000000", nullptr, 24));
  }
  CHECK(of_rule(check(r), "cost-vs-annual").empty());
  (*(&r.indicators.annual))[4].amount = dec("2100000");
  f = of_rule(check(r), "cost-vs-annual");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "合计 5,100,000.00 元"));
  // one row that is the whole total, beside a part of it
  r = clean();
  for (auto* l : {&r.indicators.period, &r.indicators.annual})
    l->insert(l->begin() + 4, ind("产出指标", "成本指标", "看护费", "108000元", "=", "108000", "元", 24));
  CHECK(of_rule(check(r), "cost-vs-annual").empty());
  // the 2021 tree: 成本指标 as a 一级指标 with 经济成本指标 under it
  r = clean();
  for (auto* l : {&r.indicators.period, &r.indicators.annual})
    (*l)[3] = ind("成本指标", "经济成本指标", "建设成本", "≤450万元", "<=", "4500000", "元", 23);
  CHECK(of_rule(check(r), "cost-vs-annual").size() == 1);
  // the period column may state the whole period's money
  r = clean();
  r.funds.period = funds("10000000", "0", "0", "10000000", "0");
  r.indicators.period[3] = ind("产出指标", "成本指标", "项目成本", "≤1000万元", "<=", "10000000", "元", 23);
  CHECK(of_rule(check(r), "cost-vs-annual").empty());
}

TEST_CASE("cost-vs-annual: a per-unit standard is not a total") {
  // Real names from county forms: each states money per person, per mu or per
  // item, which never is the annual total.
  for (const char* name : {"人均基本公共卫生服务补助标准", "亩均财政投资", "集中供养人员年人均供养标准",
                           "每人每年补助", "每年每户补贴", "设备单价", "困难群众救助标准（元/人·月）", "户均补助金额",
                           "平均每公里造价", "公厕建设单位成本", "学生生均公用经费"}) {
    CAPTURE(name);
    CHECK(config().is_per_unit(name));
    Record r = clean();
    for (auto* l : {&r.indicators.period, &r.indicators.annual})
      (*l)[3] = ind("产出指标", "成本指标", name, "≥94元", ">=", "94", "元", 23);
    auto all = check(r);
    CHECK(of_rule(all, "cost-vs-annual").empty());
    CHECK(of_rule(all, "cost-without-amount").empty());  // it does state money
  }
  // Totals: a yearly amount, a construction cost, a 标准化 project.
  for (const char* name : {"每年运维费用", "建设总投资", "标准化建设成本", "项目总成本", "补助资金"}) {
    CAPTURE(name);
    CHECK_FALSE(config().is_per_unit(name));
    Record r = clean();
    for (auto* l : {&r.indicators.period, &r.indicators.annual})
      (*l)[3] = ind("产出指标", "成本指标", name, "≤450万元", "<=", "4500000", "元", 23);
    CHECK(of_rule(check(r), "cost-vs-annual").size() == 1);
  }
  // Beside a per-unit row, a total row is still compared (and alone in the sum).
  Record r = clean();
  for (auto* l : {&r.indicators.period, &r.indicators.annual}) {
    (*l)[3] = ind("产出指标", "成本指标", "亩均财政投资", "≤1500元", "<=", "1500", "元", 23);
    l->insert(l->begin() + 4, ind("产出指标", "成本指标", "项目总成本", "≤500万元", "<=", "5000000", "元", 24));
  }
  CHECK(of_rule(check(r), "cost-vs-annual").empty());
  r.indicators.annual[4].amount = dec("4000000");
  auto f = of_rule(check(r), "cost-vs-annual");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "«项目总成本» «≤500万元» = 4,000,000.00 元"));
  CHECK_FALSE(has(f[0].message, "亩均"));
}

TEST_CASE("percent-range: below 0 or above 100") {
  Record r = clean();
  r.indicators.annual[1] = ind("产出指标", "质量指标", "工程验收合格率", "120%", "=", "120", "%", 21);
  auto f = of_rule(check(r), "percent-range");
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::error);
  CHECK(has(f[0].message, "«120%» 超出 0–100%"));
  r.indicators.annual[1] = ind("产出指标", "质量指标", "工程验收合格率", "100%", "=", "100", "%", 21);
  CHECK(of_rule(check(r), "percent-range").empty());
  r.indicators.annual[1] = ind("效益指标", "经济效益", "营业收入增长率", "≥150%", ">=", "150", "%", 21);  // growth may exceed 100
  CHECK(of_rule(check(r), "percent-range").empty());
}

TEST_CASE("satisfaction-direction and rate-direction: ≤ where ≥ is meant") {
  Record r = clean();
  for (auto* l : {&r.indicators.period, &r.indicators.annual}) {
    (*l)[6] = ind("满意度指标", "服务对象满意度", "群众满意度", "≤95%", "<=", "95", "%", 26);
    (*l)[1] = ind("产出指标", "质量指标", "工程质量合格率", "≤100%", "<=", "100", "%", 21);
  }
  auto all = check(r);
  auto s = of_rule(all, "satisfaction-direction");
  REQUIRE(s.size() == 1);
  CHECK(s[0].where.line == 26);
  CHECK(has(s[0].message, "实施期、年度：满意度指标 «群众满意度» 的指标值 «≤95%» 写成 ≤"));
  auto rt = of_rule(all, "rate-direction");
  REQUIRE(rt.size() == 1);
  CHECK(has(rt[0].message, "«工程质量合格率» 的指标值 «≤100%»"));
  CHECK(of_rule(all, "satisfaction-direction").size() + of_rule(all, "rate-direction").size() == 2);
  // lower is better: a failure rate is a ceiling (不合格率 contains 合格率)
  r = clean();
  r.indicators.annual[1] = ind("产出指标", "质量指标", "工程不合格率", "≤10%", "<=", "10", "%", 21);
  r.indicators.annual[2] = ind("效益指标", "社会效益", "群众投诉率", "<5%", "<", "5", "%", 22);
  all = check(r);
  CHECK(of_rule(all, "rate-direction").empty());
  CHECK(of_rule(all, "satisfaction-direction").empty());
}

TEST_CASE("doubled-text: 提高提高, not 渐渐") {
  Record r = clean();
  r.indicators.annual[4] = ind("效益指标", "社会效益", "环境改善", "提高提高", nullptr, nullptr, nullptr, 24);
  auto f = of_rule(check(r), "doubled-text");
  REQUIRE(f.size() == 1);
  CHECK(f[0].field == "indicators.annual[4].value");
  CHECK(has(f[0].message, "«提高提高» 是同一文字写了两遍 (doubled text: «提高» twice)"));
  r.indicators.annual[4].value = "渐渐";
  CHECK(of_rule(check(r), "doubled-text").empty());
  r.indicators.annual[4].value = "提高";
  CHECK(of_rule(check(r), "doubled-text").empty());
}

TEST_CASE("value-missing, name-missing, value-same-as-name") {
  Record r = clean();
  r.indicators.annual[2].value.reset();
  auto f = of_rule(check(r), "value-missing");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "年度：三级指标 «完成时间» 没有指标值"));
  r = clean();
  r.indicators.period[2].name.reset();
  f = of_rule(check(r), "name-missing");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "实施期：指标值 «2025年» 没有三级指标名称"));
  r = clean();
  r.indicators.period[4].value = "群众出行";
  CHECK(of_rule(check(r), "value-same-as-name").size() == 1);
  r = clean();  // a number equal to its name is still a number
  r.indicators.period[0] = ind("产出指标", "数量指标", "100", "100", "=", "100", nullptr, 20);
  CHECK(of_rule(check(r), "value-same-as-name").empty());
}

TEST_CASE("name-truncated: one column's name a strict prefix of the other's") {
  Record r = clean();
  r.indicators.annual[6].name = "群众满意";  // cut short in 年度
  r.indicators.annual[4].name = "群众出行方便";  // longer in 年度: 实施期 is the short one
  auto f = of_rule(check(r), "name-truncated");
  REQUIRE(f.size() == 2);
  CHECK(has(all_text(f), "年度 «群众满意» 是实施期 «群众满意度» 的前半截"));
  CHECK(has(all_text(f), "实施期 «群众出行» 是年度 «群众出行方便» 的前半截"));
  // rows in another order are matched by name; equal names are no slip
  r = clean();
  std::reverse(r.indicators.annual.begin(), r.indicators.annual.end());
  CHECK(of_rule(check(r), "name-truncated").empty());
  // too short to say (2 characters), and not across categories
  r = clean();
  r.indicators.annual[4].name = "群众";
  CHECK(of_rule(check(r), "name-truncated").empty());
  r = clean();
  r.indicators.annual[5].name = "群众满意";  // 效益指标 row; 群众满意度 is 满意度指标
  r.indicators.annual[6].name = "群众满意度调查";
  CHECK(of_rule(check(r), "name-truncated").size() == 1);  // only the 满意度指标 pair
}

TEST_CASE("no-quantitative-output: 产出指标 with no number") {
  Record r = clean();
  for (auto* l : {&r.indicators.period, &r.indicators.annual}) {
    (*l)[0] = ind("产出指标", "数量指标", "新建道路", "若干", nullptr, nullptr, nullptr, 20);
    (*l)[1] = ind("产出指标", "质量指标", "工程质量", "合格", nullptr, nullptr, nullptr, 21);
  }
  auto f = of_rule(check(r), "no-quantitative-output");
  REQUIRE(f.size() == 1);  // the cost row's money does not count
  CHECK(f[0].where.line == 20);
  r.indicators.annual[1] = ind("产出指标", "质量指标", "工程验收合格率", "100%", "=", "100", "%", 21);
  f = of_rule(check(r), "no-quantitative-output");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "实施期："));
}

TEST_CASE("category-missing: no 满意度指标, no 效益指标, only 可持续影响") {
  Record r = clean();
  r.indicators.annual.pop_back();  // no 满意度指标 in 年度
  auto f = of_rule(check(r), "category-missing");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "年度：«测试道路项目» 没有 满意度指标"));
  r = clean();
  for (auto* l : {&r.indicators.period, &r.indicators.annual}) l->erase(l->begin() + 4, l->begin() + 6);
  f = of_rule(check(r), "category-missing");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "实施期、年度：«测试道路项目» 没有 效益指标"));
  r = clean();
  for (auto* l : {&r.indicators.period, &r.indicators.annual}) l->erase(l->begin() + 4);
  f = of_rule(check(r), "category-missing");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "效益指标 下没有 经济效益/社会效益/生态效益 指标"));
  r = clean();
  r.indicators.annual.clear();
  f = of_rule(check(r), "category-missing");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "没有绩效指标"));
  r = clean();  // categories written with their aliases (满意度 for 满意度指标)
  for (auto* l : {&r.indicators.period, &r.indicators.annual}) (*l)[6].level1 = "满意度";
  CHECK(of_rule(check(r), "category-missing").empty());
}

TEST_CASE("required-field and signoff-blank") {
  Record r = clean();
  r.project.name.reset();
  r.project.implementing_unit.reset();
  r.funds.annual.total.reset();
  r.funds.annual = Funds{};
  auto all = check(r);
  auto f = of_rule(all, "required-field");
  REQUIRE(f.size() == 3);
  CHECK(f[0].field == "project.name");
  CHECK(f[0].severity == Severity::error);
  CHECK(has(f[0].message, "必填项 项目名称 为空"));
  CHECK(f[1].field == "project.implementing_unit");
  CHECK(f[1].severity == Severity::warning);
  CHECK(f[2].field == "funds.annual.total");
  CHECK(f[2].severity == Severity::error);

  r = clean();
  r.sign_off.responsible.reset();
  r.sign_off.phone.reset();
  f = of_rule(check(r), "signoff-blank");
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::info);
  CHECK(f[0].field == "sign_off.responsible");
  CHECK(has(f[0].message, "未填 负责人、联系电话 (sign-off blank: responsible, phone)"));
}

TEST_CASE("duplicate-form: the same project twice in one input, with the fields that differ") {
  Record a = clean(), b = clean(), c = clean();
  b.source.lines = std::make_pair(40, 70);
  b.safeguards = "另一写法";
  c.source.lines = std::make_pair(80, 110);
  c.project.name = "另一个项目";
  auto f = of_rule(check({a, b, c}), "duplicate-form");
  REQUIRE(f.size() == 1);
  CHECK(f[0].record == 1);
  CHECK(f[0].where.line == 40);
  CHECK(has(f[0].message, "与 t.txt:3 的表是同一项目，重复填报 (duplicate form; differs in: safeguards)"));
  // the same name in another department is another project
  b.project.department_code = "013";
  CHECK(of_rule(check({a, b}), "duplicate-form").empty());
  // identical copies
  b = clean();
  b.source.lines = std::make_pair(40, 70);
  f = of_rule(check({a, b}), "duplicate-form");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "(duplicate form; identical)"));
}

TEST_CASE("duplicate-form: the fields that differ named from a compact digest (hashes and list lengths)") {
  Record a = clean(), b = clean();
  REQUIRE(!a.indicators.annual.empty());
  b.source.lines = std::make_pair(40, 70);
  // One more 年度 row, and a 实施期 row's value changed.
  b.indicators.annual.push_back(a.indicators.annual.back());
  REQUIRE(!b.indicators.period.empty());
  b.indicators.period[0].value = std::string("另一个值");
  const size_t n = a.indicators.annual.size();
  auto f = of_rule(check({a, b}), "duplicate-form");
  REQUIRE(f.size() == 1);
  const std::string extra = "indicators.annual[" + std::to_string(n) + "]";
  CHECK(has(f[0].message, "differs in: indicators.period[0].value, " + extra + ".level1, " + extra + ".level2, " + extra +
                              ".name, " + extra + ".value, " + extra + ".weight, … (3 more)"));
  FormDigest d = digest_form(b, 1, "t.txt");
  CHECK(d.list_sizes == std::vector<std::uint32_t>{static_cast<std::uint32_t>(b.indicators.period.size()),
                                                   static_cast<std::uint32_t>(n + 1)});
  CHECK(d.hashes.size() > 8 * (b.indicators.period.size() + n + 1));
}

TEST_CASE("duplicate-form across the inputs of a run") {
  DuplicateIndex index(config());
  Conversion first = conversion("a.txt", {clean()});
  first.records[0].source.file = "a.txt";
  Conversion second = conversion("b.txt", {clean(), clean()});
  second.records[0].source.file = "b.txt";
  second.records[0].project.name = "别的项目";
  second.records[1].source.file = "b.txt";
  second.records[1].source.lines = std::make_pair(50, 80);
  second.records[1].funds.annual.local = dec("4000000.00");  // same amount, other writing: no difference
  CHECK(index.add(first).empty());
  auto f = index.add(second);
  REQUIRE(f.size() == 1);
  CHECK(f[0].where.file == "b.txt");
  CHECK(f[0].where.line == 50);
  CHECK(f[0].record == 1);
  CHECK(has(f[0].message, "与 a.txt:3 的表是同一项目"));
  CHECK(has(f[0].message, "identical"));
  add_batch_findings(index, first, config());  // a third input equal to the first
  REQUIRE(first.findings.size() == 1);
}

TEST_CASE("duplicate-form: a form repeated within an input is reported once in a batch, as in one file") {
  DuplicateIndex index(config());
  Conversion first = conversion("a.txt", {clean()});
  Conversion second = conversion("b.txt", {clean(), clean()});
  CHECK(index.add(first).empty());
  auto f = index.add(second);
  REQUIRE(f.size() == 1);  // b.txt's first copy against a.txt
  CHECK(f[0].record == 0);
  // its second copy is reported once, within b.txt
  CHECK(of_rule(check({clean(), clean()}), "duplicate-form").size() == 1);
}

TEST_CASE("curate_findings: severity overrides, disabled rules, source order") {
  CheckConfig c = config();
  c.severity["signoff-blank"] = Severity::error;
  c.disabled.insert("value-missing");
  std::vector<Finding> fs = {
      {"value-missing", Severity::warning, "m1", {"t.txt", 20, 0}, 0, ""},
      {"signoff-blank", Severity::info, "m2", {"t.txt", 9, 0}, 0, ""},
      {"unplaced-cell", Severity::warning, "m3", {"t.txt", 3, 0}, 0, ""},
      {"funds-sum", Severity::error, "m4", {"t.txt", 3, 0}, 0, ""},
  };
  curate_findings(fs, c);
  REQUIRE(fs.size() == 3);
  CHECK(fs[0].rule == "funds-sum");  // same line: the more severe first
  CHECK(fs[1].rule == "unplaced-cell");
  CHECK(fs[2].rule == "signoff-blank");
  CHECK(fs[2].severity == Severity::error);
}

TEST_CASE("fails_on and counts") {
  std::vector<Finding> fs = {{"a", Severity::info, "", {}, -1, ""}, {"b", Severity::warning, "", {}, -1, ""}};
  FindingCounts n = count_findings(fs);
  CHECK(n.info == 1);
  CHECK(n.warning == 1);
  CHECK(n.error == 0);
  CHECK(fails_on("warning", n));
  CHECK(fails_on("info", n));
  CHECK_FALSE(fails_on("error", n));
  CHECK_FALSE(fails_on("", n));
}

TEST_CASE("load_check_config: errors name the file and the problem") {
  std::filesystem::path dir = scratch_dir("perfgoal-test-checks");
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& text) {
    std::ofstream(dir / "checks.yaml") << text;
    return dir / "checks.yaml";
  };
  CHECK_THROWS_WITH_AS(load_check_config(write("severity: {no-such-rule: error}\n")),
                       doctest::Contains("unknown rule 'no-such-rule'"), std::runtime_error);
  CHECK_THROWS_WITH_AS(load_check_config(write("required_fields:\n  - {path: project.nmae, label: x}\n")),
                       doctest::Contains("unknown record field 'project.nmae'"), std::runtime_error);
  CHECK_THROWS_WITH_AS(load_check_config(write("sign_off: {severity: fatal}\n")),
                       doctest::Contains("should be info, warning or error"), std::runtime_error);
  CHECK_THROWS_WITH_AS(load_check_config(write("rates: [\n")), doctest::Contains("checks.yaml:"), std::runtime_error);
  CheckConfig c = load_check_config(write("disabled: [signoff-blank]\nsign_off:\n  fields:\n    - {path: sign_off.phone, label: 联系电话}\n"));
  CHECK(c.disabled.count("signoff-blank") == 1);
  CHECK(c.sign_off_fields.size() == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("findings JSON: every finding with its place, record and project") {
  Record r = clean();
  r.funds.annual.local = dec("3999000");
  Conversion c = conversion("t.txt", {r});
  c.findings = check_records(c.records, c.file, config());
  auto j = nlohmann::json::parse(findings_to_json(std::span<const Conversion>(&c, 1)));
  CHECK(j["format"] == "perfgoal-findings/1");
  CHECK(j["inputs"][0]["file"] == "t.txt");
  CHECK(j["inputs"][0]["records"] == 1);
  CHECK(j["summary"]["error"] == 1);
  CHECK(j["summary"]["warning"] == 0);
  REQUIRE(j["findings"].size() == 1);
  const auto& f = j["findings"][0];
  CHECK(f["rule"] == "funds-sum");
  CHECK(f["severity"] == "error");
  CHECK(f["file"] == "t.txt");
  CHECK(f["line"] == 3);
  CHECK(f["page"].is_null());
  CHECK(f["record"] == 0);
  CHECK(f["project"] == "测试道路项目");
  CHECK(f["field"] == "funds.annual.total");
  CHECK(has(f["message"].get<std::string>(), "年度资金来源合计"));
}

TEST_CASE("cost-without-amount: 成本指标 rows with no money") {
  Record r = clean();
  r.indicators.annual[3] = ind("产出指标", "成本指标", "成本控制措施有效性", "有效", nullptr, nullptr, nullptr, 23);
  auto all = check(r);
  auto f = of_rule(all, "cost-without-amount");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "年度：成本指标 «成本控制措施有效性» «有效» 没有金额"));
  CHECK(of_rule(all, "cost-vs-annual").empty());
  r = clean();  // no 成本指标 row at all: another matter, not this rule
  for (auto* l : {&r.indicators.period, &r.indicators.annual}) l->erase(l->begin() + 3);
  CHECK(of_rule(check(r), "cost-without-amount").empty());
  // Money per unit of something is a standard: it states money (5元/天).
  r = clean();
  for (auto* l : {&r.indicators.period, &r.indicators.annual})
    (*l)[3] = ind("产出指标", "成本指标", "生均补助标准", "5元/天", "=", "5", "元/天", 23);
  all = check(r);
  CHECK_MESSAGE(of_rule(all, "cost-without-amount").empty(), all_text(all));
  CHECK(of_rule(all, "cost-vs-annual").empty());
  r.indicators.annual[3] = ind("产出指标", "成本指标", "生均补助标准", "5次/天", "=", "5", "次/天", 23);
  CHECK(of_rule(check(r), "cost-without-amount").size() == 1);
}

TEST_CASE("quantity-direction: a quantity to deliver written as at-most") {
  Record r = clean();
  r.indicators.annual[0] = ind("产出指标", "数量指标", "修建道路数量", "≤1条", "<=", "1", "条", 20);
  auto f = of_rule(check(r), "quantity-direction");
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::info);
  r.indicators.annual[0] = ind("产出指标", "数量指标", "项目总投资", "≤4886.22万元", "<=", "48862200", "元", 20);
  CHECK(of_rule(check(r), "quantity-direction").empty());  // a money ceiling is fine
}

TEST_CASE("run_check: text, json, unreadable inputs, --fail-on, usage errors") {
  std::filesystem::path dir = scratch_dir("perfgoal-test-run-check");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bad.yaml") << "format: perfgoal-record/9\n";
  CheckOptions o;
  o.templates = std::string(PERFGOAL_SOURCE_DIR) + "/templates";
  o.inputs = {std::string(PERFGOAL_SOURCE_DIR) + "/fixtures/shangdang-2025.txt"};
  std::ostringstream out, err;
  CHECK(run_check(o, out, err) == 0);
  CHECK(has(out.str(), "shangdang-2025.txt:303: warning[satisfaction-direction]: "));
  CHECK(has(out.str(), "perfgoal check: 1 input, 20 forms: "));
  o.fail_on = "error";
  out.str("");
  CHECK(run_check(o, out, err) == 1);  // funds-period-missing is an error
  o.checks = (dir / "lenient.yaml").string();  // the one error made an info
  std::ofstream(dir / "lenient.yaml") << "severity: {funds-period-missing: info}\n";
  out.str("");
  CHECK(run_check(o, out, err) == 0);
  CHECK(has(out.str(), "info[funds-period-missing]"));
  o.fail_on = "warning";
  CHECK(run_check(o, out, err) == 1);
  o.checks.clear();
  o.fail_on.clear();
  o.inputs = {(dir / "bad.yaml").string()};
  o.format = "json";
  out.str("");
  CHECK(run_check(o, out, err) == 1);
  auto j = nlohmann::json::parse(out.str());
  CHECK(j["findings"][0]["rule"] == "input-error");
  CHECK(j["findings"][0]["file"] == (dir / "bad.yaml").string());  // the path as given
  CHECK(j["findings"][0]["line"] == 1);
  o.format = "xml";
  CHECK(run_check(o, out, err) == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("fixtures: the same findings from the text export and from its YAML records, every layout") {
  auto templates = load_templates(std::string(PERFGOAL_SOURCE_DIR) + "/templates");
  PipelineOptions po;
  po.checks = &layout_config();
  // The Shanxi fixture, and each other layout's (its records name their
  // template, so their YAML is checked as their form: tests/golden/check-layouts).
  const std::vector<std::pair<std::string, size_t>> inputs = {
      {"fixtures/shangdang-2025.txt", 44},
      {"tests/variants/layouts/ningxia-annual-project-targets.txt", 1},
      {"tests/variants/layouts/national-2021-project-targets.txt", 1},
      {"tests/variants/layouts/hunan-project-targets.txt", 1},
      {"tests/variants/layouts/hubei-project-targets.txt", 1},
      {"tests/variants/layouts/finance-expenditure-project-targets.txt", 1}};
  for (const auto& input : inputs) {
    const std::filesystem::path path = std::string(PERFGOAL_SOURCE_DIR) + "/" + input.first;
    const size_t expected = input.second;
    CAPTURE(path);
    Conversion text = convert_input(path, templates, po);
    for (const auto& r : text.records) CHECK(r.source.template_name.has_value());
    std::filesystem::path dir = scratch_dir("perfgoal-test-yaml-findings");
    std::filesystem::create_directories(dir);
    const std::string yaml_name = path.stem().string() + ".yaml";
    std::ofstream(dir / yaml_name) << records_to_yaml(text.records);
    Conversion yaml = convert_input(dir / yaml_name, templates, po);
    std::filesystem::remove_all(dir);
    auto key = [](const Conversion& c) {
      std::vector<std::string> k;
      for (const auto& f : c.findings)  // a duplicate's message names the other form's place, in its own file
        k.push_back(f.rule + " " + std::to_string(f.record) + " " + (f.rule == "duplicate-form" ? "" : f.message));
      std::sort(k.begin(), k.end());
      return k;
    };
    CHECK(text.findings.size() == expected);
    CHECK(key(text) == key(yaml));
    // the YAML findings point into the YAML file
    for (const auto& f : yaml.findings) CHECK(f.where.file == yaml_name);
  }
}

TEST_CASE("cost-unit-slip: a 成本指标 off from the project's money by 10 or 10,000") {
  // 500 元 where 500万元 is meant: the same digits, a 10,000th of the money
  Record r = clean();
  r.indicators.annual[3] = ind("产出指标", "成本指标", "项目成本", "≤500元", "<=", "500", "元", 23);
  auto f = of_rule(check(r), "cost-unit-slip");
  REQUIRE(f.size() == 1);
  CHECK(f[0].field == "indicators.annual[3].amount");
  CHECK(has(f[0].message, "年度："));
  CHECK(has(f[0].message, "10000 分之一"));
  // ten times the money (a misplaced point), in both columns: one finding
  r = clean();
  for (auto* l : {&r.indicators.period, &r.indicators.annual})
    (*l)[3] = ind("产出指标", "成本指标", "项目成本", "≤5000万元", "<=", "50000000", "元", 23);
  f = of_rule(check(r), "cost-unit-slip");
  REQUIRE(f.size() == 1);
  CHECK(has(f[0].message, "实施期、年度："));
  CHECK(has(f[0].message, "10 倍"));
  // 成本指标 as a 一级指标 (the 2021 tree) is checked too
  r = clean();
  r.indicators.annual[3] = ind("成本指标", "经济成本指标", "建设成本", "50000000元", "=", "50000000", "元", 23);
  CHECK(of_rule(check(r), "cost-unit-slip").size() == 1);
  // not reported: the money itself, a part of it, a per-unit cost, a non-cost row
  r = clean();
  CHECK(of_rule(check(r), "cost-unit-slip").empty());
  r.indicators.annual[3] = ind("产出指标", "成本指标", "亩均建设成本", "≤1300元", "<=", "1300", "元", 23);
  CHECK(of_rule(check(r), "cost-unit-slip").empty());
  r.indicators.annual[3] = ind("产出指标", "成本指标", "材料费", "510000元", "=", "510000", "元", 23);
  CHECK(of_rule(check(r), "cost-unit-slip").empty());
  r.indicators.annual[3] = ind("效益指标", "经济效益", "带动收入", "500元", "=", "500", "元", 23);
  CHECK(of_rule(check(r), "cost-unit-slip").empty());
  // a tolerance from the configuration: within 5% of a 10th
  CheckConfig loose = config();
  loose.slip_tolerance = 0.05;
  r = clean();
  r.indicators.annual[3] = ind("产出指标", "成本指标", "材料费", "510000元", "=", "510000", "元", 23);
  CHECK(of_rule(check_records(std::vector<Record>{r}, "t.txt", loose), "cost-unit-slip").size() == 1);
  loose.slip_factors.clear();
  r.indicators.annual[3] = ind("产出指标", "成本指标", "项目成本", "≤500元", "<=", "500", "元", 23);
  CHECK(of_rule(check_records(std::vector<Record>{r}, "t.txt", loose), "cost-unit-slip").empty());
}

TEST_CASE("weights-sum: weights of a block that do not add up to 100") {
  Record r = clean();
  // no weights (the Shanxi form): nothing to check
  CHECK(of_rule(check(r), "weights-sum").empty());
  const char* w[] = {"20", "15", "10", "15", "10", "10", "20"};  // 100
  for (size_t i = 0; i < r.indicators.annual.size(); ++i) {
    r.indicators.annual[i].weight = dec(w[i]);
    r.indicators.annual[i].has_weight = true;
  }
  CHECK(of_rule(check(r), "weights-sum").empty());
  r.indicators.annual[0].weight = dec("15");
  auto f = of_rule(check(r), "weights-sum");
  REQUIRE(f.size() == 1);
  CHECK(f[0].field == "indicators.annual");
  CHECK(has(f[0].message, "年度：权重合计 95 ≠ 100"));
  // a blank weight counts as nothing; the total comes from the configuration
  r.indicators.annual[0].weight.reset();
  CheckConfig c = config();
  c.weights_total = dec("80");
  CHECK(of_rule(check_records(std::vector<Record>{r}, "t.txt", c), "weights-sum").empty());
  c.weights_total = dec("85");
  CHECK(of_rule(check_records(std::vector<Record>{r}, "t.txt", c), "weights-sum").size() == 1);
}

TEST_CASE("findings JSON: every text escaped and laid out as nlohmann's dump(2) writes it") {
  // Plain text takes a short way; quotes, backslashes, control characters,
  // bytes that are not UTF-8, four-byte characters and line separators go
  // through the library: both must give dump()'s bytes.
  const std::vector<std::string> texts = {
      "plain ascii",  "项目名称：八义镇", "quote \" and \\ backslash", "tab\tline\nreturn\r",
      "control \x01\x1f del \x7f", "bad \xff byte \xc3(", "emoji 😀", "separator \xe2\x80\xa8 nel \xc2\x85",
      "",             "slash / ok",     "\xef\xbf\xbd replacement", "\xed\xa0\x80 surrogate"};
  Record r;
  r.project.name = texts[1];
  Conversion c = conversion("in \"put\".txt", {r});
  for (size_t i = 0; i < texts.size(); ++i)
    c.findings.push_back(Finding{"funds-sum", Severity::warning, texts[i], Location{texts[(i + 3) % texts.size()], int(i), 0},
                                 i % 2 ? -1 : 0, i % 3 ? texts[(i + 5) % texts.size()] : ""});
  std::string out = findings_to_json(std::span<const Conversion>(&c, 1));
  auto doc = nlohmann::ordered_json::parse(out);
  CHECK(out == doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  REQUIRE(doc["findings"].size() == texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    const auto& f = doc["findings"][i];
    std::string expected = nlohmann::ordered_json(texts[i]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    CHECK(f["message"].dump(-1, ' ', false) == expected);
    CHECK(f["project"] == (i % 2 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(texts[1])));
    CHECK(f["line"] == (i ? nlohmann::ordered_json(i) : nlohmann::ordered_json(nullptr)));
  }
}

TEST_CASE("unsafe_character: the one-pass answer for plain text agrees with decoding every character") {
  // Texts the short way accepts (ASCII, CJK, fullwidth punctuation, Latin-1)
  // and texts it hands to the full decoding, each with its expected answer.
  CHECK(unsafe_character("项目名称：八义镇（东山村），100%") == "");
  CHECK(unsafe_character("café \xc2\x85 tab\tline\r\n") == "");
  CHECK(unsafe_character("emoji 😀 and \xef\xbf\xbd") == "");
  CHECK(unsafe_character("a\x01") == "control character U+0001 at character 2");
  CHECK(unsafe_character("中\xef\xbf\xbe") == "control character U+FFFE at character 2");
  CHECK(unsafe_character("中\xef\xbf\xbf") == "control character U+FFFF at character 2");
  CHECK(unsafe_character("中\xff") == "a byte that is not UTF-8 (0xFF) at character 2");
  CHECK(unsafe_character("\xed\xa0\x80") == "a byte that is not UTF-8 (0xED) at character 1");  // a surrogate
  CHECK(unsafe_character("\xe0\x80\x80") == "a byte that is not UTF-8 (0xE0) at character 1");  // overlong
  CHECK(unsafe_character("中\xe4\xb8") == "a byte that is not UTF-8 (0xE4) at character 2");    // cut short
}
