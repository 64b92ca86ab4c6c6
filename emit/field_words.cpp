#include "emit/field_words.h"

#include <map>
#include <regex>

namespace perfgoal {

std::string field_words(const std::string& path) {
  static const std::map<std::string, std::string> fields = {
      {"title", "表名"},
      {"fiscal_year", "年度"},
      {"project.name", "项目名称"},
      {"project.department_code", "主管部门代码"},
      {"project.department", "主管部门"},
      {"project.implementing_unit", "实施单位"},
      {"project.attribute", "项目属性"},
      {"project.attribute_detail", "项目属性说明"},
      {"project.period_years", "项目期"},
      {"overview", "项目概况"},
      {"basis", "立项依据"},
      {"necessity", "项目设立必要性"},
      {"safeguards", "保证项目实施的制度、措施"},
      {"schedule", "项目实施计划"},
      {"goals.period", "实施期目标"},
      {"goals.annual", "年度目标"},
      {"sign_off.responsible", "负责人"},
      {"sign_off.handler", "经办人"},
      {"sign_off.phone", "联系电话"},
      {"sign_off.filed_at", "填报日期"},
  };
  static const std::map<std::string, std::string> funds = {
      {"total", "资金总额"},          {"central", "中央财政资金"}, {"provincial", "省级财政资金"},
      {"local", "市县（区）财政资金"}, {"self_raised", "单位自筹"}, {"other", "其他资金"},
  };
  static const std::map<std::string, std::string> leaves = {
      {"level1", "一级指标"}, {"level2", "二级指标"}, {"name", "三级指标"}, {"value", "指标值"},
      {"op", "指标值（符号）"}, {"amount", "指标值（数值）"}, {"unit", "指标值（单位）"},
      {"weight", "权重（分值）"}, {"note", "备注"}, {"basis", "指标值确定依据"}, {"previous_value", "上年指标值"},
  };
  auto side = [](const std::string& s) { return std::string(s == "period" ? "实施期" : "年度"); };
  if (auto it = fields.find(path); it != fields.end()) return it->second;
  static const std::regex fund(R"(funds\.(period|annual)\.([a-z_]+))");
  static const std::regex list(R"(indicators\.(period|annual))");
  static const std::regex item(R"(indicators\.(period|annual)\[([0-9]+)\](?:\.([a-z0-9_]+))?)");
  std::smatch m;
  if (std::regex_match(path, m, fund))
    if (auto it = funds.find(m[2].str()); it != funds.end()) return side(m[1].str()) + " " + it->second;
  if (std::regex_match(path, m, list)) return side(m[1].str()) + " 绩效指标";
  if (std::regex_match(path, m, item)) {
    std::string out = side(m[1].str()) + " 第" + std::to_string(std::stoul(m[2].str()) + 1) + "行";
    if (!m[3].matched) return out;
    if (auto it = leaves.find(m[3].str()); it != leaves.end()) return out + " " + it->second;
  }
  return path;
}

}  // namespace perfgoal
