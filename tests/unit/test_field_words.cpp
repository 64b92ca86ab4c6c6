// Record paths in the form's words (the 字段 column of the workbook's 问题 sheet).
#include <doctest/doctest.h>

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
