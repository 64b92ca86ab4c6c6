// The model between normalize and emit: one record per form, as described in
// docs/record-format.md (format perfgoal-record/1).
//
// Every optional field that is empty means "the form leaves it blank" and is
// written as null. Text is verbatim from the form.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/decimal.h"
#include "model/fields.h"

namespace perfgoal {

inline constexpr const char* kRecordFormat = "perfgoal-record/1";

// A record read (in part) by OCR: which engine read it, at what resolution.
struct OcrRef {
  std::string engine;   // "tesseract"
  std::string version;  // "5.3.0"
  std::string model;    // "chi_sim"
  int dpi = 0;
};

// OcrRef's texts by their YAML keys under source.ocr, in the order the record
// writer writes them (then `dpi`): the writer and both record readers use it.
struct OcrRefText {
  const char* key;
  std::string OcrRef::*member;
};
inline constexpr std::array<OcrRefText, 3> kOcrRefTexts = {{
    {"engine", &OcrRef::engine},
    {"version", &OcrRef::version},
    {"model", &OcrRef::model},
}};

struct SourceRef {
  std::string file;                            // the input's path: as given, or below a walked folder
                                               // starting with its name (arch/2024/forms.txt)
  std::optional<std::pair<int, int>> pages;    // PDF: first and last page, 1-based
  std::optional<std::pair<int, int>> lines;    // text: first and last line, 1-based
  std::optional<OcrRef> ocr;                   // scans: the OCR engine and dpi
  // YAML `template`: the form template (templates/forms/NAME.yaml) the form
  // was read with, which says what the form prints (the checks skip the
  // parts it has no place for); nullopt when not known.
  std::optional<std::string> template_name;
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

// ---- the field table (model/fields.h): one row per field above ----

namespace record_table {

// One row: path, the words findings use for it (Field::words), kind, and the
// member it reads and writes. `Owner` is the table's type (Record, Funds,
// Indicator); `type` the member's type.
#define PERFGOAL_FIELD(Owner, type, path, words, kind, member, ...) \
  Field<Owner> { path, FieldKind::kind, words, +[](Owner& o) -> type& { return o.member; } __VA_OPT__(,) __VA_ARGS__ }
#define PERFGOAL_TEXT(path, words, member) PERFGOAL_FIELD(Record, std::optional<std::string>, path, words, text, member)
#define PERFGOAL_INTEGER(path, words, kind, member) \
  PERFGOAL_FIELD(Record, std::optional<int>, path, words, kind, member)

// The record, in record order (the order of the YAML record and the XML form).
inline const std::array kRecordFields = {
    PERFGOAL_TEXT("title", "表名", title),
    PERFGOAL_INTEGER("fiscal_year", "年度", integer, fiscal_year),
    PERFGOAL_TEXT("project.name", "项目名称", project.name),
    PERFGOAL_TEXT("project.department_code", "主管部门代码", project.department_code),
    PERFGOAL_TEXT("project.department", "主管部门", project.department),
    PERFGOAL_TEXT("project.implementing_unit", "实施单位", project.implementing_unit),
    PERFGOAL_TEXT("project.attribute", "项目属性", project.attribute),
    PERFGOAL_TEXT("project.attribute_detail", "项目属性说明", project.attribute_detail),
    PERFGOAL_INTEGER("project.period_years", "项目期", years, project.period_years),
    PERFGOAL_FIELD(Record, Funds, "funds.period", "实施期", funds, funds.period),
    PERFGOAL_FIELD(Record, Funds, "funds.annual", "年度", funds, funds.annual),
    PERFGOAL_TEXT("overview", "项目概况", overview),
    PERFGOAL_TEXT("basis", "立项依据", basis),
    PERFGOAL_TEXT("necessity", "项目设立必要性", necessity),
    PERFGOAL_TEXT("safeguards", "保证项目实施的制度、措施", safeguards),
    PERFGOAL_TEXT("schedule", "项目实施计划", schedule),
    PERFGOAL_TEXT("goals.period", "实施期目标", goals.period),
    PERFGOAL_TEXT("goals.annual", "年度目标", goals.annual),
    PERFGOAL_FIELD(Record, std::vector<Indicator>, "indicators.period", "实施期", indicators, indicators.period),
    PERFGOAL_FIELD(Record, std::vector<Indicator>, "indicators.annual", "年度", indicators, indicators.annual),
    PERFGOAL_TEXT("sign_off.responsible", "负责人", sign_off.responsible),
    PERFGOAL_TEXT("sign_off.handler", "经办人", sign_off.handler),
    PERFGOAL_TEXT("sign_off.phone", "联系电话", sign_off.phone),
    PERFGOAL_FIELD(Record, std::optional<std::string>, "sign_off.filed_at", "填报日期", date_time, sign_off.filed_at),
};

#define PERFGOAL_MONEY(path, words, member) PERFGOAL_FIELD(Funds, std::optional<Decimal>, path, words, money, member)

// One funds column, in form order: the total first, then its sources.
inline const std::array kFundsFields = {
    PERFGOAL_MONEY("total", "资金总额", total),
    PERFGOAL_MONEY("central", "中央财政资金", central),
    PERFGOAL_MONEY("provincial", "省级财政资金", provincial),
    PERFGOAL_MONEY("local", "市县（区）财政资金", local),
    PERFGOAL_MONEY("self_raised", "单位自筹", self_raised),
    PERFGOAL_MONEY("other", "其他资金", other),
};

#define PERFGOAL_INDICATOR_TEXT(path, words, member, ...) \
  PERFGOAL_FIELD(Indicator, std::optional<std::string>, path, words, text, member __VA_OPT__(,) __VA_ARGS__)

// One indicator entry: the cells of its row, then the reading of its value.
inline const std::array kIndicatorFields = {
    PERFGOAL_INDICATOR_TEXT("level1", "一级指标", level1),
    PERFGOAL_INDICATOR_TEXT("level2", "二级指标", level2),
    PERFGOAL_INDICATOR_TEXT("name", "三级指标", name),
    PERFGOAL_INDICATOR_TEXT("value", "指标值", value),
    PERFGOAL_INDICATOR_TEXT("op", "指标值（符号）", op, true),
    PERFGOAL_FIELD(Indicator, std::optional<Decimal>, "amount", "指标值（数值）", quantity, amount, true),
    PERFGOAL_INDICATOR_TEXT("unit", "指标值（单位）", unit, true),
    // Columns of other layouts (权重, 备注, 指标值确定依据, 上年指标值): present
    // only where the form has the column.
    PERFGOAL_FIELD(Indicator, std::optional<Decimal>, "weight", "权重（分值）", quantity, weight, false,
                   +[](Indicator& o) -> bool& { return o.has_weight; }),
    PERFGOAL_INDICATOR_TEXT("note", "备注", note, false, +[](Indicator& o) -> bool& { return o.has_note; }),
    PERFGOAL_INDICATOR_TEXT("basis", "指标值确定依据", basis, false, +[](Indicator& o) -> bool& { return o.has_basis; }),
    PERFGOAL_INDICATOR_TEXT("previous_value", "上年指标值", previous_value, false,
                            +[](Indicator& o) -> bool& { return o.has_previous_value; }),
};

// How findings name an indicator list and one of its rows, after the words of
// its column (the indicators row above): "实施期 绩效指标", "实施期 第3行".
inline constexpr std::string_view kIndicatorListWords = "绩效指标";
inline constexpr std::string_view kIndicatorRowWordsBefore = "第";
inline constexpr std::string_view kIndicatorRowWordsAfter = "行";

#undef PERFGOAL_INDICATOR_TEXT
#undef PERFGOAL_MONEY
#undef PERFGOAL_INTEGER
#undef PERFGOAL_TEXT
#undef PERFGOAL_FIELD

}  // namespace record_table

}  // namespace perfgoal
