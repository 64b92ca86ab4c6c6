// Reading the parts of one cell's text: a department's code and name, a
// 项目属性 and its detail in brackets, a number of years, a date, a fiscal
// year. Each is a single left-to-right pass over the text (no backtracking,
// no recursion): a cell of any length costs time in proportion to its length,
// and never the stack.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace perfgoal {

struct SplitText {
  std::string head;
  std::string tail;
};

// "409-长治市上党区自然资源局" -> {"409", "长治市上党区自然资源局"}: an ASCII
// letter/digit code, then -, －, —, – or white space, then the name (trimmed,
// on one line). nullopt when the text is not of that shape.
std::optional<SplitText> split_code_name(std::string_view text);

// "延续性项目（阶段开展）" -> {"延续性项目", "阶段开展"}: a head on one line,
// then a detail in (…) or （…） closing the text. The detail runs from the
// first opening bracket to the last closing one. nullopt when the text is not
// of that shape or the head is empty.
std::optional<SplitText> split_detail(std::string_view text);

// "3", " 2 年 " -> the number (1 to 4 digits). `folded`: fold_width() applied.
std::optional<int> read_years(std::string_view folded);

// A 填报日期 in ISO 8601: "20241217090709" -> "2024-12-17T09:07:09",
// "20241217" -> "2024-12-17", "2024年12月7日", "2024/12/7 9:07" -> ...
// `folded`: fold_width() applied.
std::optional<std::string> read_filed_at(std::string_view folded);

// The first fiscal year in a text: four ASCII digits followed, after
// optional white space, by one of `suffixes` ("2025 年度" -> 2025).
// `folded`: fold_width() applied.
std::optional<int> find_fiscal_year(std::string_view folded, const std::vector<std::string>& suffixes);

}  // namespace perfgoal
