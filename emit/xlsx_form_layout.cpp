#include "emit/xlsx_form_layout.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string_view>

#include "emit/xlsx_text.h"
#include "model/fields.h"

namespace perfgoal::xlsx {
namespace {

constexpr int kColumns = 8;  // A..H, as the paper form
// A: 绩效指标 / 项目资金 labels, B: 一级指标, C/F: 二级指标, D/G: 三级指标, E/H: 指标值.
const std::vector<double> kWidths = {8, 10, 14, 21, 16, 14, 21, 16};
constexpr double kLineHeight = 14.5;  // points per line of 11 pt text
constexpr double kPadding = 5;        // points above and below the text
constexpr double kMaxRowHeight = 409;  // Excel's limit

using Value = std::variant<std::monostate, std::string, Decimal>;

Value text_or_blank(const std::optional<std::string>& s) {
  if (s) return *s;
  return std::monostate{};
}
Value money_or_blank(const std::optional<Decimal>& d) {
  if (d) return *d;
  return std::monostate{};
}

class Builder {
 public:
  FormLayout layout;

  Builder() { layout.column_widths = kWidths; }

  int next_row() const { return static_cast<int>(layout.rows.size()); }
  void add_rows(int n) {
    layout.rows.resize(layout.rows.size() + n);
    layout.row_heights.resize(layout.rows.size(), 0);
  }

  // Puts `value` in the area rows [row, last_row] x columns [col, last_col]:
  // the value in the first cell, formatted blanks in the others, and a merge
  // when the area is more than one cell.
  void put(int row, int col, int last_row, int last_col, Value value, FormStyle style) {
    if (last_row >= next_row()) add_rows(last_row - next_row() + 1);
    for (int r = row; r <= last_row; ++r)
      for (int c = col; c <= last_col; ++c)
        cells(r).push_back(FormCell{c, (r == row && c == col) ? value : Value{}, style});
    if (row != last_row || col != last_col) layout.merges.push_back(FormMerge{row, col, last_row, last_col});
    // A one-row area decides its row's height; a taller area holds labels
    // that fit in the rows it spans.
    if (row == last_row) {
      if (const auto* s = std::get_if<std::string>(&value)) {
        double width = 0;
        for (int c = col; c <= last_col; ++c) width += kWidths[c];
        need_height(row, height_for_lines(wrapped_lines(*s, width)));
      }
    }
  }
  void put(int row, int col, int last_col, Value value, FormStyle style) { put(row, col, row, last_col, value, style); }

  void need_height(int row, double h) { layout.row_heights[row] = std::max(layout.row_heights[row], h); }

  void finish() {
    for (auto& row : layout.rows) std::sort(row.begin(), row.end(), [](auto& a, auto& b) { return a.col < b.col; });
    std::stable_sort(layout.merges.begin(), layout.merges.end(),
                     [](const FormMerge& a, const FormMerge& b) { return a.last_row < b.last_row; });
  }

 private:
  std::vector<FormCell>& cells(int row) { return layout.rows[row]; }
};

// Indicators of one (一级, 二级) group, each side in form order.
struct Level2Group {
  std::optional<std::string> level2;
  std::vector<const Indicator*> period, annual;
};
struct Level1Group {
  std::optional<std::string> level1;
  std::vector<Level2Group> level2s;
};

// The categories the paper form prints whether or not a row is filled in
// under them (as templates/forms/*.yaml `tree:`): the 2025 county tree, and
// the 2021 national tree where 成本指标 is a 一级指标 of its own.
struct PaperCategory {
  const char* level1;
  std::vector<const char*> level2s;
};
const std::vector<PaperCategory> kCountyTree = {
    {"产出指标", {"数量指标", "质量指标", "时效指标", "成本指标"}},
    {"效益指标", {"经济效益", "社会效益", "生态效益", "可持续影响"}},
    {"满意度指标", {"服务对象满意度"}},
};
const std::vector<PaperCategory> kNational2021Tree = {
    {"产出指标", {"数量指标", "质量指标", "时效指标"}},
    {"成本指标", {"经济成本指标", "社会成本指标", "生态环境成本指标"}},
    {"效益指标", {"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
    {"满意度指标", {"服务对象满意度指标"}},
};
constexpr std::string_view kCategorySuffix = "指标";

// A category label compared without white space and without a trailing 指标
// (经济效益 and 经济效益指标 are one category).
std::string category_key(std::string_view label) {
  std::string k;
  for (char c : label)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') k += c;
  const std::string_view ideographic_space = "\u3000";
  for (auto at = k.find(ideographic_space); at != std::string::npos; at = k.find(ideographic_space))
    k.erase(at, ideographic_space.size());
  if (k.size() > kCategorySuffix.size() && std::string_view(k).substr(k.size() - kCategorySuffix.size()) == kCategorySuffix)
    k.resize(k.size() - kCategorySuffix.size());
  return k;
}

// Where `key` stands in `keys` (the tree's order), or -1.
int tree_index(const std::vector<std::string>& keys, const std::optional<std::string>& label) {
  if (!label) return -1;
  auto it = std::find(keys.begin(), keys.end(), category_key(*label));
  return it == keys.end() ? -1 : static_cast<int>(it - keys.begin());
}

// Inserts into `list` (the record's groups, in form order) an empty group for
// each of the tree's `labels` it lacks, each after the last group that comes
// before it in the tree (first when none does) and after the groups the tree
// does not know that follow that one.
template <typename Group>
void insert_missing(std::vector<Group>& list, const std::vector<std::string>& labels,
                    const std::function<std::optional<std::string>(const Group&)>& label_of,
                    const std::function<Group(const std::string&)>& make) {
  std::vector<std::string> keys;
  for (const auto& l : labels) keys.push_back(category_key(l));
  for (int t = 0; t < static_cast<int>(labels.size()); ++t) {
    bool present = std::any_of(list.begin(), list.end(), [&](const Group& g) { return tree_index(keys, label_of(g)) == t; });
    if (present) continue;
    size_t at = 0;
    for (size_t k = 0; k < list.size(); ++k) {
      int i = tree_index(keys, label_of(list[k]));
      if (i >= 0 && i < t) at = k + 1;
    }
    // Groups the tree does not know stay with the one they follow on the form.
    while (at > 0 && at < list.size() && tree_index(keys, label_of(list[at])) < 0) ++at;
    list.insert(list.begin() + static_cast<std::ptrdiff_t>(at), make(labels[t]));
  }
}

std::vector<Level1Group> group_indicators(const Record& r) {
  std::vector<Level1Group> groups;
  auto add = [&](const Indicator& i, bool period) {
    auto g = std::find_if(groups.begin(), groups.end(), [&](const Level1Group& x) { return x.level1 == i.level1; });
    if (g == groups.end()) g = groups.insert(groups.end(), Level1Group{i.level1, {}});
    auto s = std::find_if(g->level2s.begin(), g->level2s.end(), [&](const Level2Group& x) { return x.level2 == i.level2; });
    if (s == g->level2s.end()) s = g->level2s.insert(g->level2s.end(), Level2Group{i.level2, {}, {}});
    (period ? s->period : s->annual).push_back(&i);
  };
  for (const auto& i : r.indicators.period) add(i, true);
  for (const auto& i : r.indicators.annual) add(i, false);
  return groups;
}

// The record's groups with the paper form's empty categories laid out too: a
// 一级 or 二级 category the form prints but no row of this form fills keeps
// its row (生态效益 with nothing under it). The tree is the one the record's
// own categories follow; a missing 二级 is spelt as the record spells its
// neighbours (经济效益指标 where the form writes the 指标).
void add_paper_categories(std::vector<Level1Group>& groups) {
  bool national = std::any_of(groups.begin(), groups.end(), [](const Level1Group& g) {
    return g.level1 && category_key(*g.level1) == category_key("成本指标");
  });
  const auto& tree = national ? kNational2021Tree : kCountyTree;
  std::vector<std::string> level1s;
  for (const auto& c : tree) level1s.push_back(c.level1);
  insert_missing<Level1Group>(
      groups, level1s, [](const Level1Group& g) { return g.level1; },
      [](const std::string& l) { return Level1Group{l, {}}; });
  for (auto& g : groups) {
    if (!g.level1) continue;
    auto c = std::find_if(tree.begin(), tree.end(),
                          [&](const PaperCategory& p) { return category_key(p.level1) == category_key(*g.level1); });
    if (c == tree.end()) continue;
    // The record's spelling: with 指标 when a label it has that the tree
    // spells without (or the reverse) does so.
    std::optional<bool> suffixed;
    for (const auto& s : g.level2s)
      for (const char* t : c->level2s)
        if (s.level2 && category_key(*s.level2) == category_key(t) && *s.level2 != t)
          suffixed = s.level2->size() > std::string_view(t).size();
    std::vector<std::string> labels;
    for (const char* t : c->level2s) {
      std::string label = t;
      bool has = label.size() > kCategorySuffix.size() &&
                 label.compare(label.size() - kCategorySuffix.size(), kCategorySuffix.size(), kCategorySuffix) == 0;
      if (suffixed && *suffixed && !has) label += kCategorySuffix;
      if (suffixed && !*suffixed && has) label.resize(label.size() - kCategorySuffix.size());
      labels.push_back(label);
    }
    insert_missing<Level2Group>(
        g.level2s, labels, [](const Level2Group& s) { return s.level2; },
        [](const std::string& l) { return Level2Group{l, {}, {}}; });
  }
  for (auto& g : groups)
    if (g.level2s.empty()) g.level2s.push_back(Level2Group{});  // a 一级 the tree has no 二级 for: one row
}

// Rows a category group takes: its longer side; one for an empty category.
int rows_of(const Level2Group& s) { return static_cast<int>(std::max<size_t>({s.period.size(), s.annual.size(), 1})); }

std::string lines_text(const SourceRef& s) {
  std::string where = s.file;
  if (s.pages) where += " 第" + std::to_string(s.pages->first) + "–" + std::to_string(s.pages->second) + "页";
  if (s.lines) where += " 第" + std::to_string(s.lines->first) + "–" + std::to_string(s.lines->second) + "行";
  return where;
}

}  // namespace

double height_for_lines(int lines) {
  return std::min(kMaxRowHeight, std::max(1, lines) * kLineHeight + kPadding);
}

FormLayout layout_form(const Record& r) {
  Builder b;
  auto L = FormStyle::label;
  auto T = FormStyle::text;

  // Title, year, where it was read.
  int row = 0;
  b.put(row, 0, 7, text_or_blank(r.title), FormStyle::title);
  b.need_height(row, 32);
  ++row;
  b.put(row, 0, 7, r.fiscal_year ? Value{"（" + std::to_string(*r.fiscal_year) + "年度）"} : Value{}, FormStyle::subtitle);
  ++row;
  b.put(row, 0, 7, Value{"来源：" + lines_text(r.source)}, FormStyle::source);
  ++row;

  // 项目名称 / 主管部门及代码 / 实施单位 / 项目属性 / 项目期.
  b.put(row, 0, 1, Value{"项目名称"}, L);
  b.put(row, 2, 7, text_or_blank(r.project.name), T);
  b.layout.places["project.name"] = {row, 2};
  ++row;
  std::optional<std::string> department;
  if (r.project.department_code || r.project.department)
    department = r.project.department_code.value_or("") + (r.project.department_code && r.project.department ? "-" : "") +
                 r.project.department.value_or("");
  b.put(row, 0, 1, Value{"主管部门及代码"}, L);
  b.put(row, 2, 4, text_or_blank(department), T);
  b.put(row, 5, 5, Value{"实施单位"}, L);
  b.put(row, 6, 7, text_or_blank(r.project.implementing_unit), T);
  ++row;
  std::optional<std::string> attribute = r.project.attribute;
  if (r.project.attribute_detail) attribute = attribute.value_or("") + "（" + *r.project.attribute_detail + "）";
  b.put(row, 0, 1, Value{"项目属性"}, L);
  b.put(row, 2, 4, text_or_blank(attribute), T);
  b.put(row, 5, 5, Value{"项目期"}, L);
  b.put(row, 6, 7, r.project.period_years ? Value{std::to_string(*r.project.period_years) + "年"} : Value{}, T);
  ++row;

  // 项目资金（元）: 实施期 | 年度, six lines each.
  // Labels of the funds lines, in the order of funds_fields(): 实施期 | 年度.
  const std::pair<const char*, const char*> fund_labels[] = {
      {"实施期资金总额：", "年度资金总额："}, {"其中：中央财政资金", "其中：中央财政资金"},
      {"省级财政资金", "省级财政资金"},       {"市县（区）财政资金", "市县（区）财政资金"},
      {"单位自筹", "单位自筹"},               {"其他资金", "其他资金"},
  };
  const int fund_lines = static_cast<int>(funds_fields().size());
  b.put(row, 0, row + fund_lines - 1, 1, Value{"项目资金（元）"}, L);
  for (int k = 0; k < fund_lines; ++k) {
    const auto& field = funds_fields()[k];
    b.put(row, 2, 3, Value{fund_labels[k].first}, L);
    b.put(row, 4, 4, money_or_blank(field.number(r.funds.period)), FormStyle::money);
    b.put(row, 5, 6, Value{fund_labels[k].second}, L);
    b.put(row, 7, 7, money_or_blank(field.number(r.funds.annual)), FormStyle::money);
    b.layout.places["funds.period." + std::string(field.path)] = {row, 4};
    b.layout.places["funds.annual." + std::string(field.path)] = {row, 7};
    b.need_height(row, height_for_lines(1));
    ++row;
  }

  // The texts of the form, each over the width of the grid.
  const std::pair<const char*, const std::optional<std::string>*> texts[] = {
      {"项目概况", &r.overview},
      {"立项依据", &r.basis},
      {"项目设立必要性", &r.necessity},
      {"保证项目实施的制度、措施", &r.safeguards},
      {"项目实施计划", &r.schedule},
  };
  for (const auto& [label, value] : texts) {
    b.put(row, 0, 1, Value{label}, L);
    b.put(row, 2, 7, text_or_blank(*value), T);
    ++row;
  }

  // 总体目标: 实施期目标 | 年度目标.
  b.put(row, 0, row + 1, 0, Value{"总体目标"}, L);
  b.put(row, 1, 4, Value{"实施期目标"}, L);
  b.put(row, 5, 7, Value{"年度目标"}, L);
  ++row;
  b.put(row, 1, 4, text_or_blank(r.goals.period), T);
  b.put(row, 5, 7, text_or_blank(r.goals.annual), T);
  ++row;

  // 绩效指标.
  auto groups = group_indicators(r);
  add_paper_categories(groups);
  int indicator_rows = 0;
  for (const auto& g : groups)
    for (const auto& s : g.level2s) indicator_rows += rows_of(s);
  b.layout.indicator_header_row = row;
  b.put(row, 0, row + indicator_rows, 0, Value{"绩效指标"}, L);
  const char* headers[] = {"一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"};
  for (int c = 1; c < kColumns; ++c) b.put(row, c, c, Value{headers[c - 1]}, L);
  ++row;
  for (const auto& g : groups) {
    int g_rows = 0;
    for (const auto& s : g.level2s) g_rows += rows_of(s);
    b.put(row, 1, row + g_rows - 1, 1, text_or_blank(g.level1), FormStyle::centered);
    for (const auto& s : g.level2s) {
      int n = rows_of(s);
      bool empty_category = s.period.empty() && s.annual.empty();
      auto side = [&](const std::vector<const Indicator*>& list, int col) {
        // The 二级指标 label spans its group on a side that has entries, and
        // a category the paper prints with no entries shows on each side the
        // form fills (on both when it fills neither).
        const auto& all = col == 2 ? r.indicators.period : r.indicators.annual;
        bool no_indicators = r.indicators.period.empty() && r.indicators.annual.empty();
        bool label = !list.empty() || (empty_category && (!all.empty() || no_indicators));
        b.put(row, col, row + n - 1, col, label ? text_or_blank(s.level2) : Value{}, FormStyle::centered);
        for (int k = 0; k < n; ++k) {
          const Indicator* i = k < static_cast<int>(list.size()) ? list[k] : nullptr;
          b.put(row + k, col + 1, col + 1, i ? text_or_blank(i->name) : Value{}, FormStyle::text);
          b.put(row + k, col + 2, col + 2, i ? text_or_blank(i->value) : Value{}, FormStyle::centered);
          if (!i) continue;
          const auto& all = col == 2 ? r.indicators.period : r.indicators.annual;
          std::string at = std::string(col == 2 ? "indicators.period[" : "indicators.annual[") +
                           std::to_string(i - all.data()) + "]";
          b.layout.places[at + ".name"] = {row + k, col + 1};
          b.layout.places[at + ".value"] = {row + k, col + 2};
        }
      };
      side(s.period, 2);
      side(s.annual, 5);
      for (int k = 0; k < n; ++k) b.need_height(row + k, height_for_lines(1));
      row += n;
    }
  }

  // 负责人 / 经办人 / 联系电话 / 填报日期.
  std::optional<std::string> filed = r.sign_off.filed_at;
  if (filed && filed->size() == 19 && (*filed)[10] == 'T') (*filed)[10] = ' ';
  b.put(row, 0, 0, Value{"负责人："}, L);
  b.put(row, 1, 1, text_or_blank(r.sign_off.responsible), T);
  b.put(row, 2, 2, Value{"经办人："}, L);
  b.put(row, 3, 3, text_or_blank(r.sign_off.handler), T);
  b.put(row, 4, 4, Value{"联系电话："}, L);
  b.put(row, 5, 5, text_or_blank(r.sign_off.phone), T);
  b.put(row, 6, 6, Value{"填报日期："}, L);
  b.put(row, 7, 7, text_or_blank(filed), T);
  ++row;

  b.finish();
  return b.layout;
}

}  // namespace perfgoal::xlsx
