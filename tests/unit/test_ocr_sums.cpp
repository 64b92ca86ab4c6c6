// A funds column read by OCR whose sources do not add up: OCR's other
// readings of its amounts, taken where exactly one combination adds up.
#include <doctest/doctest.h>

#include <string>

#include "tests/unit/support.h"
#include "extract/text_reader.h"
#include "normalize/normalize.h"
#include "normalize/ocr_sums.h"

using namespace perfgoal;
using perfgoal::test::kFormHead;
using perfgoal::test::kFormTail;
using perfgoal::test::templates;

namespace {

Decimal dec(const char* s) { return *Decimal::parse(s); }

AmountReadings amount(const char* taken, std::vector<const char*> others = {}) {
  AmountReadings a{taken ? std::optional<Decimal>(dec(taken)) : std::nullopt, {}};
  for (const char* o : others) a.others.push_back(dec(o));
  return a;
}

// The small form read as OCR would read it (every cell at 99%), the
// 实施期 市县（区）财政资金 cell read as `local` with the other readings `others`.
Normalized read_with_local(const std::string& local, const std::vector<std::string>& others) {
  CellDocument doc = cells_from_text(kFormHead + kFormTail, "t.txt");
  bool set = false;
  for (auto& row : doc.rows) {
    bool local_row = false;
    for (auto& c : row.cells) {
      c.confidence = 99;
      if (c.text.rfind("市县", 0) == 0) local_row = true;
      if (local_row && !set && c.text == "1.5") {
        c.text = local;
        c.alternatives = others;
        set = true;
      }
    }
  }
  REQUIRE(set);
  return normalize(doc, templates());
}

std::vector<Finding> of_rule(const Normalized& n, const std::string& rule) {
  std::vector<Finding> out;
  for (const auto& f : n.findings)
    if (f.rule == rule) out.push_back(f);
  return out;
}

}  // namespace

TEST_CASE("OCR sums: the one other reading with which the sources add up is taken") {
  // 总额 1,500,000 ≠ 0 + 1,560,000; with the other reading 1,500,000 it adds up.
  auto choice = choose_by_sum({amount("1500000"), amount("0"), amount("1560000", {"1500000", "156000"})});
  REQUIRE(choice.has_value());
  CHECK(*choice == std::vector<int>{-1, -1, 0});
  // The total's other reading, where it is the one that adds up.
  choice = choose_by_sum({amount("5300.000", {"5300000"}), amount("300000"), amount("5000000")});
  REQUIRE(choice.has_value());
  CHECK(*choice == std::vector<int>{0, -1, -1});
}

TEST_CASE("OCR sums: nothing is taken where the readings add up, none does, or two do") {
  // They add up as read: the other readings are not looked at.
  CHECK_FALSE(choose_by_sum({amount("100", {"110"}), amount("100", {"110"})}).has_value());
  // No combination adds up.
  CHECK_FALSE(choose_by_sum({amount("100", {"120"}), amount("105", {"106"})}).has_value());
  // Two combinations do (100 = 100, 110 = 110): the sum cannot tell.
  CHECK_FALSE(choose_by_sum({amount("100", {"110"}), amount("105", {"100", "110"})}).has_value());
  // No source read, or no total: nothing to add up.
  CHECK_FALSE(choose_by_sum({amount("100", {"110"}), amount(nullptr)}).has_value());
  CHECK_FALSE(choose_by_sum({amount(nullptr), amount("100", {"110"})}).has_value());
  // No other reading at all.
  CHECK_FALSE(choose_by_sum({amount("100"), amount("105")}).has_value());
}

TEST_CASE("OCR sums: a form's funds amount is taken from OCR's other reading, and a finding says so") {
  // 实施期: 总额 1.5 万元 = 中央 0 + 市县 1.6 (misread); OCR's other reading 1.5 adds up.
  Normalized n = read_with_local("1.6", {"1.7", "1.5"});
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].funds.period.local == dec("15000"));
  auto f = of_rule(n, "ocr-read-by-sum");
  REQUIRE(f.size() == 1);
  CHECK(f[0].field == "funds.period.local");
  CHECK(f[0].severity == Severity::info);
  CHECK(f[0].message.find("«1.6»") != std::string::npos);
  CHECK(f[0].message.find("«1.5»") != std::string::npos);
  // The 年度 column added up as read: untouched.
  CHECK(n.records[0].funds.annual.local == dec("12500"));
}

TEST_CASE("OCR sums: where no other reading adds up, the first reading stays") {
  Normalized n = read_with_local("1.6", {"1.7"});
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].funds.period.local == dec("16000"));
  CHECK(of_rule(n, "ocr-read-by-sum").empty());
  // A cell read once (no other reading) is as before.
  n = read_with_local("1.6", {});
  CHECK(n.records[0].funds.period.local == dec("16000"));
  CHECK(of_rule(n, "ocr-read-by-sum").empty());
}

TEST_CASE("OCR sums: an amount read as no number takes the one other reading with which the column adds up") {
  // 总额 500 = 500 + (自筹 read as 人, the digits model's 0): the sum holds with
  // the 0, so the cell's reading is taken, not left blank.
  AmountReadings unread = amount(nullptr, {"0"});
  unread.unread = true;
  auto choice = choose_by_sum({amount("500"), amount("500"), unread});
  REQUIRE(choice.has_value());
  CHECK(*choice == std::vector<int>{-1, -1, 0});
  // Its other reading does not add up: nothing is taken.
  unread.others = {dec("8")};
  CHECK_FALSE(choose_by_sum({amount("500"), amount("500"), unread}).has_value());
  // Two readings of it would (a 0 and another source's reading): none is.
  unread.others = {dec("0"), dec("10")};
  CHECK_FALSE(choose_by_sum({amount("500"), amount("490", {"500"}), unread}).has_value());

  // The form: 实施期 市县 read as 人 with the other reading 0 where 总额 1.5 =
  // 中央 1.5 (the cell's 1.5 moved to 中央 for this test) + 0.
  CellDocument doc = cells_from_text(kFormHead + kFormTail, "t.txt");
  bool central = false, local = false;
  for (auto& row : doc.rows) {
    bool central_row = false, local_row = false;
    for (auto& c : row.cells) {
      c.confidence = 99;
      if (c.text.find("中央") != std::string::npos) central_row = true;
      if (c.text.rfind("市县", 0) == 0) local_row = true;
      if (central_row && !central && c.text == "0") c.text = "1.5", central = true;
      if (local_row && !local && c.text == "1.5") c.text = "人", c.alternatives = {"0"}, local = true;
    }
  }
  REQUIRE(central);
  REQUIRE(local);
  Normalized n = normalize(doc, templates());
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].funds.period.local == dec("0"));
  auto f = of_rule(n, "ocr-read-by-sum");
  REQUIRE(f.size() == 1);
  CHECK(f[0].field == "funds.period.local");
}
