// The sheet for one form, laid out like the paper 项目支出绩效目标表: a grid of
// cells with merged areas, styles and row heights, built from the record
// alone. Pure data (no workbook), so the layout is testable on its own; the
// Excel writer renders it row by row.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/decimal.h"
#include "model/record.h"

namespace perfgoal::xlsx {

enum class FormStyle {
  title,     // the form's title, large and bold
  subtitle,  // （2025年度）
  source,    // where the form was read, small
  label,     // a printed label of the form (项目名称, 一级指标, ...)
  text,      // a filled-in value, left aligned, wrapped
  centered,  // a filled-in short value (指标值, 二级指标), centred, wrapped
  money,     // an amount in 元, #,##0.00
  number,    // a number as written (权重), centred
};

// An optional indicator column of other layouts: its record key and the
// header the paper form prints.
struct OptionalColumn {
  const char* key;    // "weight", "note", "basis", "previous_value"
  const char* label;  // 权重（分值）, 备注, 指标值确定依据, 上年指标值
};

// The optional columns a record's indicators carry (has_*), in record order.
std::vector<OptionalColumn> optional_columns(const Record& r);

struct FormCell {
  int col = 0;
  std::variant<std::monostate, std::string, Decimal> value;  // monostate: blank
  FormStyle style = FormStyle::text;
};

struct FormMerge {
  int first_row = 0, first_col = 0, last_row = 0, last_col = 0;
};

struct FormLayout {
  std::vector<double> column_widths;          // Excel units, one per column
  std::vector<std::vector<FormCell>> rows;    // by row, cells sorted by column
  std::vector<double> row_heights;            // points, one per row
  std::vector<FormMerge> merges;              // in order of their last row
  int indicator_header_row = -1;              // the 一级指标/二级指标 header row
  // Where a record field is shown: "funds.annual.total", "indicators.period[2].name",
  // "indicators.period[2].value", "project.name", ... -> (row, column).
  std::map<std::string, std::pair<int, int>> places;
};

// The layout of one record's form. Columns (A..H): the paper form's grid of
// 8 columns. A record with a 实施期 part and no optional indicator columns
// is the Shanxi form: indicators as 绩效指标 | 一级 | 实施期: 二级 三级 指标值 |
// 年度: 二级 三级 指标值, the two columns aligned by (一级, 二级) group. Other
// records (layouts A-D) get their blocks stacked, 实施期（长期）above 年度,
// each as 一级 | 二级 | 三级 | 指标值 | 权重（分值）| 备注 | 指标值确定依据 |
// 上年指标值 (the optional columns the record has; more than three widen
// the grid beyond H); funds in the 年度 column alone when no 实施期 amount
// is given, and 年度目标 alone when there is no 实施期 part.
FormLayout layout_form(const Record& r);

// Row height in points for `lines` lines of 11 pt CJK text.
double height_for_lines(int lines);

}  // namespace perfgoal::xlsx
