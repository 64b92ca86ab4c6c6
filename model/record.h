// The model between normalize and emit: one record per form, as described in
// ../shared/design/record-format.md (format perfgoal-record/1).
//
// Every optional field that is empty means "the form leaves it blank" and is
// written as null. Text is verbatim from the form.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/decimal.h"

namespace perfgoal {

inline constexpr const char* kRecordFormat = "perfgoal-record/1";

struct SourceRef {
  std::string file;                            // input file name, no directories
  std::optional<std::pair<int, int>> pages;    // PDF: first and last page, 1-based
  std::optional<std::pair<int, int>> lines;    // text: first and last line, 1-based
};

struct Project {
  std::optional<std::string> name;               // 项目名称
  std::optional<std::string> department_code;    // 主管部门及代码, the code (text: keeps "012")
  std::optional<std::string> department;         // 主管部门及代码, the name
  std::optional<std::string> implementing_unit;  // 实施单位
  std::optional<std::string> attribute;          // 项目属性 before the brackets
  std::optional<std::string> attribute_detail;   // 项目属性 inside the brackets
  std::optional<int> period_years;               // 项目期 / 项目日期, in years
};

struct Funds {                       // amounts in 元
  std::optional<Decimal> total;      // 实施期资金总额 / 年度资金总额
  std::optional<Decimal> central;    // 中央财政资金
  std::optional<Decimal> provincial; // 省级财政资金
  std::optional<Decimal> local;      // 市县（区）财政资金
  std::optional<Decimal> self_raised;// 单位自筹
  std::optional<Decimal> other;      // 其他资金
};

struct Indicator {
  std::optional<std::string> level1;  // 一级指标
  std::optional<std::string> level2;  // 二级指标
  std::optional<std::string> name;    // 三级指标
  std::optional<std::string> value;   // 指标值, verbatim
  std::optional<std::string> op;      // ">=", "<=", ">", "<", "=" or null
  std::optional<Decimal> amount;      // the number, in `unit`
  std::optional<std::string> unit;    // normalized unit ("元", "%", "人", ...)
  // Columns that only some layouts have: written only when the form has the
  // column (has_*), null when its cell is blank.
  std::optional<Decimal> weight;             // 权重（分值）
  std::optional<std::string> note;           // 备注, verbatim
  std::optional<std::string> basis;          // 指标值确定依据, verbatim
  std::optional<std::string> previous_value; // 上年指标值, verbatim
  bool has_weight = false, has_note = false, has_basis = false, has_previous_value = false;
  // Provenance (not part of the YAML record): where the row was read.
  int line = 0;
  int page = 0;
};

struct SignOff {
  std::optional<std::string> responsible;  // 负责人
  std::optional<std::string> handler;      // 经办人
  std::optional<std::string> phone;        // 联系电话
  std::optional<std::string> filed_at;     // 填报日期 as ISO 8601 local time, "2024-12-17T09:07:09"
};

struct Record {
  SourceRef source;
  std::optional<std::string> title;
  std::optional<int> fiscal_year;
  Project project;
  struct {
    Funds period;  // 实施期
    Funds annual;  // 年度
  } funds;
  std::optional<std::string> overview;    // 项目概况
  std::optional<std::string> basis;       // 立项依据
  std::optional<std::string> necessity;   // 项目设立必要性
  std::optional<std::string> safeguards;  // 保证项目实施的制度、措施
  std::optional<std::string> schedule;    // 项目实施计划
  struct {
    std::optional<std::string> period;  // 实施期目标
    std::optional<std::string> annual;  // 年度目标
  } goals;
  struct {
    std::vector<Indicator> period;  // the 实施期 columns, top to bottom
    std::vector<Indicator> annual;  // the 年度 columns
  } indicators;
  SignOff sign_off;
};

}  // namespace perfgoal
