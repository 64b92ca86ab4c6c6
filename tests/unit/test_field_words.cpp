// Record paths in the form's words (the 字段 column of the workbook's 问题 sheet).
#include <doctest/doctest.h>

#include <utility>

#include "emit/field_words.h"

using namespace perfgoal;

TEST_CASE("field words: record paths as the form says them") {
  CHECK(field_words("indicators.period[2].value") == "实施期 第3行 指标值");
  CHECK(field_words("indicators.annual[0].name") == "年度 第1行 三级指标");
  CHECK(field_words("indicators.annual[11].op") == "年度 第12行 指标值（符号）");
  CHECK(field_words("indicators.period[4]") == "实施期 第5行");
  CHECK(field_words("indicators.annual") == "年度 绩效指标");
  CHECK(field_words("funds.annual.total") == "年度 资金总额");
  CHECK(field_words("funds.period.local") == "实施期 市县（区）财政资金");
  CHECK(field_words("project.name") == "项目名称");
  CHECK(field_words("sign_off.filed_at") == "填报日期");
  // Not known: kept as it is, never dropped.
  CHECK(field_words("funds.annual.bonus") == "funds.annual.bonus");
  CHECK(field_words("indicators.period[2].colour") == "indicators.period[2].colour");
  CHECK(field_words("") == "");
}

TEST_CASE("field words: every field's words, as the workbook has always written them") {
  // The words the 问题 sheet has written for each field (before they moved
  // from code into the field table's rows): the table must give the same.
  const std::pair<const char*, const char*> fields[] = {
      {"title", "表名"},
      {"fiscal_year", "年度"},
      {"project.name", "项目名称"},
      {"project.department_code", "主管部门代码"},
      {"project.department", "主管部门"},
      {"project.implementing_unit", "实施单位"},
      {"project.attribute", "项目属性"},
      {"project.attribute_detail", "项目属性说明"},
      {"project.period_years", "项目期"},
      {"overview", "项目概况"},
      {"basis", "立项依据"},
      {"necessity", "项目设立必要性"},
      {"safeguards", "保证项目实施的制度、措施"},
      {"schedule", "项目实施计划"},
      {"goals.period", "实施期目标"},
      {"goals.annual", "年度目标"},
      {"sign_off.responsible", "负责人"},
      {"sign_off.handler", "经办人"},
      {"sign_off.phone", "联系电话"},
      {"sign_off.filed_at", "填报日期"},
      {"funds.period.total", "实施期 资金总额"},
      {"funds.annual.central", "年度 中央财政资金"},
      {"funds.annual.provincial", "年度 省级财政资金"},
      {"funds.annual.local", "年度 市县（区）财政资金"},
      {"funds.period.self_raised", "实施期 单位自筹"},
      {"funds.annual.other", "年度 其他资金"},
      {"indicators.period", "实施期 绩效指标"},
      {"indicators.annual[02]", "年度 第3行"},
      {"indicators.period[0].level1", "实施期 第1行 一级指标"},
      {"indicators.period[0].level2", "实施期 第1行 二级指标"},
      {"indicators.annual[9].amount", "年度 第10行 指标值（数值）"},
      {"indicators.annual[9].unit", "年度 第10行 指标值（单位）"},
      // Keys of other layouts.
      {"indicators.period[1].weight", "实施期 第2行 权重（分值）"},
      {"indicators.annual[0].note", "年度 第1行 备注"},
      {"indicators.annual[0].basis", "年度 第1行 指标值确定依据"},
      {"indicators.period[1].previous_value", "实施期 第2行 上年指标值"},
      // Kept as they are: a funds column alone, shapes that are not a path.
      {"funds.period", "funds.period"},
      {"funds.total", "funds.total"},
      {"indicators.period[x].value", "indicators.period[x].value"},
      {"indicators.period[].value", "indicators.period[].value"},
      {"indicators.period[1]value", "indicators.period[1]value"},
      {"indicators.period[1].value.x", "indicators.period[1].value.x"},
      {"indicators.other[1]", "indicators.other[1]"},
      {"project", "project"},
  };
  for (const auto& field : fields) {  // not a structured binding: clang 14 cannot capture one (CAPTURE)
    const auto& path = field.first;
    CAPTURE(path);
    CHECK(field_words(path) == field.second);
  }
}
