// The hand-written cell splitters (normalize/cell_split.h) against the
// regular expressions they replace: on short texts, where std::regex is safe,
// both must agree on every generated text; on long texts (where std::regex
// overflowed the stack or took seconds) the splitters must stay linear.
#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <regex>

#include "extract/text_reader.h"
#include "normalize/cell_split.h"
#include "normalize/cell_text.h"
#include "normalize/normalize.h"
#include "tests/unit/support.h"

using namespace perfgoal;

namespace {

// The patterns normalize used before (ECMAScript, on UTF-8 bytes).
const std::regex kCodeName(R"(^\s*([0-9A-Za-z]+)\s*(?:-|－|—|–|\s)\s*(.+?)\s*$)");
const std::regex kWithDetail(R"(^(.*?)\s*(?:（|\()(.*)(?:）|\))\s*$)");
const std::regex kYears(R"(^\s*([0-9]{1,4})\s*(?:年)?\s*$)");
const std::regex kStamp14(R"(^([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})$)");
const std::regex kDate8(R"(^([0-9]{4})([0-9]{2})([0-9]{2})$)");
const std::regex kIso(
    R"(^([0-9]{4})(?:-|/|\.|年)([0-9]{1,2})(?:-|/|\.|月)([0-9]{1,2})(?:日)?(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?$)");
const std::regex kFiscalYear(R"(([0-9]{4})\s*年(?:度)?)");

std::optional<SplitText> regex_code_name(const std::string& v) {
  std::smatch m;
  if (!std::regex_match(v, m, kCodeName)) return std::nullopt;
  return SplitText{m[1].str(), m[2].str()};
}
std::optional<SplitText> regex_detail(const std::string& v) {
  std::smatch m;
  if (!std::regex_match(v, m, kWithDetail) || m[1].str().empty()) return std::nullopt;
  return SplitText{m[1].str(), m[2].str()};
}
std::optional<int> regex_years(const std::string& v) {
  std::smatch m;
  if (!std::regex_match(v, m, kYears)) return std::nullopt;
  return std::stoi(m[1].str());
}
std::optional<std::string> regex_filed_at(const std::string& v) {
  std::smatch m;
  auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
  if (std::regex_match(v, m, kStamp14))
    return m[1].str() + "-" + m[2].str() + "-" + m[3].str() + "T" + m[4].str() + ":" + m[5].str() + ":" + m[6].str();
  if (std::regex_match(v, m, kDate8)) return m[1].str() + "-" + m[2].str() + "-" + m[3].str();
  if (std::regex_match(v, m, kIso)) {
    std::string d = m[1].str() + "-" + two(m[2].str()) + "-" + two(m[3].str());
    if (m[4].matched) d += "T" + two(m[4].str()) + ":" + m[5].str() + ":" + (m[6].matched ? m[6].str() : "00");
    return d;
  }
  return std::nullopt;
}
std::optional<int> regex_fiscal_year(const std::string& v) {
  std::smatch m;
  if (!std::regex_search(v, m, kFiscalYear)) return std::nullopt;
  return std::stoi(m[1].str());
}

// Random texts from pieces that matter to the patterns, trimmed as normalize
// trims a cell before reading it.
std::string random_text(std::mt19937& rng, const std::vector<std::string>& pieces, size_t max_pieces) {
  std::string s;
  size_t n = std::uniform_int_distribution<size_t>(0, max_pieces)(rng);
  for (size_t i = 0; i < n; ++i) s += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)];
  return trim_cell(s);
}

bool same(const std::optional<SplitText>& a, const std::optional<SplitText>& b) {
  if (!a || !b) return !a && !b;
  return a->head == b->head && a->tail == b->tail;
}

}  // namespace

TEST_CASE("cell splitters agree with the regular expressions they replace") {
  std::mt19937 rng(12);
  const std::vector<std::string> code_pieces = {"4", "09", "a", "Z", " ", "  ", "\t", "\n", "-", "－", "—", "–",
                                                "局", "长治", "x", "_"};
  const std::vector<std::string> detail_pieces = {"项目", "a", " ", "\n", "\r", "(", ")", "（", "）", "x", "年"};
  const std::vector<std::string> number_pieces = {"2024", "1", "12", "7", "0", " ", "T", ":", "-", "/", ".",
                                                  "年", "月", "日", "度", "x", "09", "\n"};
  for (int k = 0; k < 20000; ++k) {
    std::string c = random_text(rng, code_pieces, 7);
    CAPTURE(c);
    CHECK(same(split_code_name(c), regex_code_name(c)));
    std::string d = random_text(rng, detail_pieces, 8);
    CAPTURE(d);
    CHECK(same(split_detail(d), regex_detail(d)));
    std::string n = random_text(rng, number_pieces, 9);
    CAPTURE(n);
    CHECK(read_years(n) == regex_years(n));
    CHECK(read_filed_at(n) == regex_filed_at(n));
    CHECK(find_fiscal_year(n, {"年"}) == regex_fiscal_year(n));
  }
  // The forms' own wordings.
  CHECK(split_code_name("409-长治市上党区自然资源局")->tail == "长治市上党区自然资源局");
  CHECK(split_code_name("405 长治市上党区交通运输局")->head == "405");
  CHECK(!split_code_name("长治市上党区交通运输局"));
  CHECK(split_detail("延续性项目（阶段开展）")->head == "延续性项目");
  CHECK(split_detail("一次性项目（1年结束）")->tail == "1年结束");
  CHECK(read_filed_at("2024年12月7日 9:07") == "2024-12-07T09:07:00");
  CHECK(find_fiscal_year("（2024 年度）", {"年"}) == 2024);
}

TEST_CASE("cell splitters are linear: a 200,000-character cell is read at once, not by backtracking") {
  // Each of these overflowed the stack in std::regex (exit 139) or took
  // seconds; the splitters make one pass. No timing is asserted: a quadratic
  // or recursive splitter would not finish (or crash) at this size.
  const std::string run(200000, 'a');
  std::string parens;
  for (int i = 0; i < 50000; ++i) parens += "(a ";
  std::string spaces = "2024" + std::string(200000, ' ') + "x";
  CHECK(split_code_name("409-" + run)->tail.size() == run.size());
  CHECK(!split_code_name("409-" + run + "\n" + run));
  CHECK(split_detail("属性" + parens + ")")->tail.size() == parens.size() - 1);
  CHECK(!split_detail(parens));
  CHECK(split_detail(run + "（" + run + "）")->head == run);
  CHECK(!read_years(spaces));
  // A long run of digits is refused without overflowing (found by fuzz_text_reader under UBSan).
  CHECK(!read_years(std::string(30, '9')));
  CHECK(!read_filed_at("2024122610" + std::string(30, '9')));
  CHECK(!read_filed_at(spaces));
  CHECK(!find_fiscal_year(spaces, {"年"}));
  CHECK(find_fiscal_year(spaces + "2025 年", {"年"}) == 2025);
}

TEST_CASE("normalize honours the deadline: an input past its time is stopped at a row, named") {
  std::string text = "项目支出绩效目标表\n项目名称\t测试\n主管部门及代码\t[001]测试局\n实施单位\t测试单位\n";
  for (int i = 0; i < 50; ++i) text += "项目概况\t第" + std::to_string(i) + "行\n";
  CellDocument doc = cells_from_text(text, "late.txt");
  auto past = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  try {
    normalize(doc, test::templates(), past);
    FAIL("no error for a deadline that has passed");
  } catch (const InputError& e) {
    CHECK(e.file() == "late.txt");
    CHECK(e.line() == 1);
    CHECK(std::string(e.what()).find("--max-seconds") != std::string::npos);
  }
  CHECK(normalize(doc, test::templates()).records.size() == 1);
}
