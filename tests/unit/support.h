// Helpers the unit tests share: paths in the source tree, file contents, and
// the form templates loaded once.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "config/form_template.h"

namespace perfgoal::test {

inline std::string src(const std::string& rel) { return std::string(PERFGOAL_SOURCE_DIR) + "/" + rel; }

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline const std::vector<FormTemplate>& templates() {
  static auto t = load_templates(src("templates"));
  return t;
}

}  // namespace perfgoal::test
