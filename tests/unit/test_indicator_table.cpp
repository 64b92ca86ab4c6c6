// The 绩效指标 table's alignment: a row's reading taken from an earlier row
// of the same shape is the one the search finds for it.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "normalize/indicator_table.h"
#include "tests/unit/support.h"

using namespace perfgoal;
using perfgoal::test::templates;

namespace {

const FormTemplate& shanxi() {
  const auto& all = templates();
  auto it = std::find_if(all.begin(), all.end(), [](const FormTemplate& x) { return x.name == "shanxi-county-project-targets"; });
  REQUIRE(it != all.end());
  return *it;
}

Row row_of(const std::vector<std::pair<int, std::string>>& cells) {
  Row r;
  r.line = 1;
  for (const auto& [column, text] : cells) {
    Cell c;
    c.column = column;
    c.text = text;
    c.line = 1;
    r.cells.push_back(c);
  }
  return r;
}

}  // namespace

TEST_CASE("indicator table: a remembered alignment is the searched one, over random rows and headers") {
  const FormTemplate& t = shanxi();
  // Headers: both halves side by side, one half, and one with wider columns.
  std::vector<Row> headers = {
      row_of({{1, "一级指标"}, {2, "二级指标"}, {3, "三级指标"}, {4, "指标值"}, {5, "二级指标"}, {6, "三级指标"}, {7, "指标值"}}),
      row_of({{1, "一级指标"}, {2, "二级指标"}, {3, "三级指标"}, {4, "指标值"}}),
      row_of({{0, "一级指标"}, {2, "二级指标"}, {4, "三级指标"}, {6, "指标值"}, {8, "一级指标"}, {10, "二级指标"},
              {12, "三级指标"}, {14, "指标值"}}),
  };
  const std::vector<std::string> texts = {
      "产出指标", "数量指标", "成本指标", "效益指标", "社会效益", "满意度指标", "服务对象满意度", "≥90%", "35000万元",
      "≤3天", "完成", "保障人数", "0", "经济成本指标", std::string(200, 'x'), "指标值", " 质量 指标 "};
  std::vector<Finding> findings;
  std::vector<IndicatorTable> tables;
  for (const auto& h : headers) tables.emplace_back(t, h, "t.txt", 0, findings);
  std::mt19937 rng(16);
  int compared = 0, placed = 0;
  for (int round = 0; round < 3000; ++round) {
    const size_t n = 1 + rng() % 10;
    std::vector<std::pair<int, std::string>> cells;
    int column = static_cast<int>(rng() % 3);
    for (size_t i = 0; i < n; ++i) {
      cells.emplace_back(column, texts[rng() % texts.size()]);
      column += 1 + static_cast<int>(rng() % 2);
    }
    const Row row = row_of(cells);
    // The same row in every table, twice in each (the second reading is the remembered one).
    for (const auto& table : tables) {
      const std::vector<int> searched = table.align_searched(row);
      CHECK(table.align(row) == searched);
      CHECK(table.align(row) == searched);
      placed += static_cast<int>(std::count_if(searched.begin(), searched.end(), [](int s) { return s >= 0; }));
      ++compared;
    }
  }
  CHECK(compared == 9000);
  CHECK(placed > 0);
}

TEST_CASE("indicator table: rows of one shape with other kinds of cells are read apart") {
  const FormTemplate& t = shanxi();
  std::vector<Finding> findings;
  IndicatorTable table(t, row_of({{1, "一级指标"}, {2, "二级指标"}, {3, "三级指标"}, {4, "指标值"}}), "t.txt", 0, findings);
  // The same columns: a category label goes to its level's column, a name to 三级指标.
  const Row labelled = row_of({{2, "数量指标"}, {3, "保障人数"}, {4, "100人"}});
  const Row named = row_of({{2, "保障人数"}, {3, "100人"}, {4, "完成"}});
  const std::vector<int> a = table.align(labelled), b = table.align(named);
  CHECK(a == table.align_searched(labelled));
  CHECK(b == table.align_searched(named));
  CHECK(a[0] == 1);  // 二级指标
  CHECK(a != b);
}
