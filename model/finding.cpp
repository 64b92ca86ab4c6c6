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

}  // namespace perfgoal
