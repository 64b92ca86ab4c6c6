#include "model/finding.h"

#include "model/errors.h"

namespace perfgoal {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "?";
}

std::string format_finding(const Finding& f) {
  return format_location(f.where.file, f.where.line, f.where.page) + " " + severity_name(f.severity) + "[" +
         f.rule + "]: " + f.message;
}

std::string text_head(std::string_view text, std::size_t max) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == max) return std::string(text.substr(0, i)) + "…";
      ++chars;
    }
  }
  return std::string(text);
}

}  // namespace perfgoal
