// TitleMatch: the templates whose title words a row holds, as each
// template's is_title says, over random words and cells.
#include <doctest/doctest.h>

#include <random>

#include "normalize/title_match.h"
#include "tests/unit/support.h"

using namespace perfgoal;

namespace {
// The templates is_title finds in some cell of the row, one by one.
std::vector<const FormTemplate*> one_by_one(const std::vector<FormTemplate>& templates, const Row& row) {
  std::vector<const FormTemplate*> out;
  for (const auto& t : templates) {
    bool match = false;
    for (const auto& c : row.cells) match = match || t.is_title(c.text);
    if (match) out.push_back(&t);
  }
  return out;
}
}  // namespace

TEST_CASE("title match: the project's templates, over their own titles and text around them") {
  const auto& templates = perfgoal::test::templates();
  TitleMatch match(templates);
  std::vector<std::string> pieces = {"（2025年度）", "上党区", "项目名称", "绩效", "目标", "表", "项目支出", "申报"};
  for (const auto& t : templates)
    for (const auto& w : t.title) pieces.push_back(w);
  std::mt19937 rng(3);
  int found = 0;
  for (int round = 0; round < 3000; ++round) {
    Row row;
    for (size_t c = 0, n = rng() % 4; c < n; ++c) {
      Cell cell;
      for (size_t k = 0, m = rng() % 4; k < m; ++k) cell.text += pieces[rng() % pieces.size()];
      row.cells.push_back(cell);
    }
    auto want = one_by_one(templates, row);
    if (!want.empty()) ++found;
    REQUIRE(match.templates_of(row) == want);
  }
  CHECK(found > 300);
}

TEST_CASE("title match: random words (short, empty, shared by templates) in random bytes") {
  std::mt19937 rng(11);
  const std::string alphabet = "ab\xE9\xA1\xB9\x80";  // a few ASCII letters and the bytes of 项
  auto random_text = [&](size_t max) {
    std::string s;
    for (size_t k = 0, n = rng() % (max + 1); k < n; ++k) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  int found = 0, missed = 0;
  for (int set = 0; set < 200; ++set) {
    std::vector<FormTemplate> templates(1 + rng() % 5);
    for (auto& t : templates)
      for (size_t k = 0, n = 1 + rng() % 3; k < n; ++k) t.title.push_back(set % 50 == 0 && k == 0 ? "" : random_text(5));
    TitleMatch match(templates);
    for (int round = 0; round < 200; ++round) {
      Row row;
      for (size_t c = 0, n = rng() % 3; c < n; ++c) {
        Cell cell;
        cell.text = random_text(12);
        row.cells.push_back(cell);
      }
      auto want = one_by_one(templates, row);
      (want.empty() ? missed : found) += 1;
      REQUIRE(match.templates_of(row) == want);
    }
  }
  CHECK(found > 1000);
  CHECK(missed > 1000);
}
