// Helpers the unit tests share: paths in the source tree, file contents, and
// the form templates loaded once.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
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

// The scratch folders this test process made, removed with what they hold
// when the process ends, so test runs leave nothing behind in the temporary
// directory.
struct ScratchDirs {
  std::set<std::filesystem::path> made;
  ~ScratchDirs() {
    for (const auto& dir : made) {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  }
};

inline ScratchDirs& scratch_dirs() {
  static ScratchDirs dirs;
  return dirs;
}

// A folder of this test process's own under the temporary directory, made if
// missing: the process id in its name keeps test programs run at the same
// time (ctest -j, two build trees on one machine) out of each other's files.
// It is removed when the process ends.
inline std::filesystem::path scratch_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  scratch_dirs().made.insert(dir);
  return dir;
}

inline const std::vector<FormTemplate>& templates() {
  static auto t = load_templates(src("templates"));
  return t;
}

// A small Shanxi form as a tab-separated export, cut before its indicator rows
// (head) and holding only its sign-off (tail): tests put their rows between.
inline const std::string kFormHead =
    "某县项目支出绩效目标表\n（2024年度）\n"
    "项目名称\t\t测试项目\t\t\n"
    "主管部门及代码\t\t012-某县财政局\t\t实施单位\t\t某县财政局\n"
    "项目属性\t\t一次性项目（1年结束）\t\t项 目 日 期\t\t1年\n"
    "项目资金 （万元）\t\t实施期资金总额：\t1.5\t年度资金总额：\t1.25\n"
    "\t\t其中：中央财政资金\t0\t其中：中央财政资金\t0\n"
    "\t\t市县（区）财政资 金\t1.5\t市县（区）财政资金\t1.25\n"
    "实施期目标\t\t\t\t年度目标\n"
    "总体目标\t目标甲\t\t\t目标乙\n"
    "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值\n";
inline const std::string kFormTail = "负责人：\t张三\t经办人：\t\t联系电话：\t\t填报日期：\t20241217090709\n";

}  // namespace perfgoal::test
