// Findings: what the checks (and normalize itself) report about records.
// They are never edits to a record; they point at it and at the source.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace perfgoal {

enum class Severity { info, warning, error };

const char* severity_name(Severity s);  // "info", "warning", "error"

struct Location {
  std::string file;  // input file name as given
  int line = 0;      // 1-based, text inputs; 0 when unknown
  int page = 0;      // 1-based, PDF inputs; 0 when unknown
};

struct Finding {
  std::string rule;       // stable id, e.g. "funds-sum"
  Severity severity = Severity::warning;
  std::string message;    // one line, Chinese terms with English where useful
  Location where;
  int record = -1;        // index of the record in its input's record list; -1: none
  std::string field;      // record path the finding is about, e.g. "funds.period.total"
};

// "shangdang-2025.txt:71: warning[funds-sum]: message"
std::string format_finding(const Finding& f);

// The first `max` characters of the UTF-8 text, with "…" when cut: how a
// finding's message quotes a long text (its place says where the whole is).
// The bytes kept are the text's own.
std::string text_head(std::string_view text, std::size_t max);

}  // namespace perfgoal
