#include "normalize/cell_text.h"

namespace perfgoal {

std::string trim_cell(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  auto ascii_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty()) {
    if (ascii_space(s.front())) s.remove_prefix(1);
    else if (s.starts_with(kIdeographicSpace)) s.remove_prefix(kIdeographicSpace.size());
    else break;
  }
  while (!s.empty()) {
    if (ascii_space(s.back())) s.remove_suffix(1);
    else if (s.ends_with(kIdeographicSpace)) s.remove_suffix(kIdeographicSpace.size());
    else break;
  }
  return std::string(s);
}

std::optional<std::string> cell_text_or_null(std::string_view s) {
  std::string t = trim_cell(s);
  if (t.empty()) return std::nullopt;
  return t;
}

}  // namespace perfgoal
