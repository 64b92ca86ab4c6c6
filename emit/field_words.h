// A record path as the form says it, for people reading findings:
// "indicators.period[2].value" -> "实施期 第3行 指标值" (the 3rd indicator row
// of the 实施期 column),
// "funds.annual.central" -> "年度 中央财政资金", "project.name" -> "项目名称".
#pragma once

#include <string>

namespace perfgoal {

// The form's words for a record path (Finding::field); a path it does not
// know is returned as it is.
std::string field_words(const std::string& path);

}  // namespace perfgoal
