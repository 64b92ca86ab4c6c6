// End to end on the fixture through the library: the records match the
// expected YAML checked against the gold annotation, whatever the encoding.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cli/pipeline.h"
#include "tests/unit/support.h"
#include "emit/yaml_writer.h"
#include "model/errors.h"

using namespace perfgoal;
using namespace perfgoal::test;

namespace {
// The records as YAML, with the input's file name replaced by the fixture's.
std::string records_yaml(const std::string& input) {
  Conversion c = convert_input(input, templates());
  for (auto& r : c.records) r.source.file = "shangdang-2025.txt";
  return records_to_yaml(c.records);
}
}  // namespace

TEST_CASE("fixture: 20 forms, records equal to the expected YAML") {
  // Named as the golden run names it (source.file is the input's path as given).
  Conversion c = convert_input(src("fixtures/shangdang-2025.txt"), templates(), {}, "fixtures/shangdang-2025.txt");
  CHECK(c.records.size() == 20);
  // Every cell placed and read: no findings from normalize (the checks' own
  // findings about the forms are tested in test_checks.cpp).
  for (const auto& f : c.findings) CHECK_MESSAGE(f.rule != "unplaced-cell", format_finding(f));
  for (const auto& f : c.findings) CHECK_MESSAGE(f.rule != "unreadable-value", format_finding(f));
  CHECK(records_to_yaml(c.records) == slurp(src("tests/golden/shangdang-2025/expected/shangdang-2025.yaml")));
  const Record& r = c.records[6];
  CHECK(*r.project.name == "上党经开区盛鑫街、泰鑫街东延建设环形道路项目建设费用");
  CHECK(r.funds.period.total->to_string_fixed(2) == "19880424.28");
  CHECK(r.source.lines == std::make_pair(202, 237));
  CHECK(*r.project.department_code == "601");
  CHECK(*c.records[2].project.department_code == "012");  // the leading zero stays
}

TEST_CASE("fixture: the same records from GB18030 with CRLF, UTF-16 and UTF-8 with BOM") {
  std::string want = records_yaml(src("fixtures/shangdang-2025.txt"));
  CHECK(records_yaml(src("fixtures/encodings/shangdang-2025.gb18030-crlf.txt")) == want);
  CHECK(records_yaml(src("fixtures/encodings/shangdang-2025.utf16le-bom.txt")) == want);
  CHECK(records_yaml(src("fixtures/encodings/shangdang-2025.utf8-bom.txt")) == want);
}

TEST_CASE("fixture: the same records from space-aligned layout text") {
  CHECK(records_yaml(src("fixtures/layout/shangdang-2025.layout.txt")) == records_yaml(src("fixtures/shangdang-2025.txt")));
}

TEST_CASE("records read back from YAML are the same records") {
  Conversion c = convert_input(src("fixtures/shangdang-2025.txt"), templates());
  std::string yaml = records_to_yaml(c.records);
  auto back = records_from_yaml(yaml, "x.yaml");
  CHECK(records_to_yaml(back) == yaml);
}

TEST_CASE("records from YAML: read one document at a time, errors name the line in the whole stream") {
  Conversion c = convert_input(src("fixtures/shangdang-2025.txt"), templates());
  std::string yaml = records_to_yaml(std::span<const Record>(c.records.data(), 2));
  std::vector<int> lines;
  auto back = records_from_yaml(yaml, "two.yaml", &lines);
  REQUIRE(back.size() == 2);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == 2);  // the document's first line after its ---
  size_t second = yaml.find("\n---") + 1;
  int second_line = static_cast<int>(std::count(yaml.begin(), yaml.begin() + static_cast<long>(second), '\n')) + 1;
  CHECK(lines[1] == second_line + 1);
  CHECK(back[1].indicators.period[0].line > second_line);  // lines count from the stream's start
  std::string broken = yaml;
  broken.replace(broken.find("fiscal_year: 2025", second), 17, "fiscal_year: [2025");
  try {
    records_from_yaml(broken, "two.yaml");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.line() > second_line);
  }
}
