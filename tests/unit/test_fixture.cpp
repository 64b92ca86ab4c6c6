// End to end on the fixture through the library: the records match the
// expected YAML checked against the gold annotation, whatever the encoding.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/pipeline.h"
#include "tests/unit/support.h"
#include "emit/yaml_writer.h"
#include "extract/record_reader.h"
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

TEST_CASE("readers table: record files are chosen by extension, in any case") {
  for (const char* name : {"a.yaml", "b.yml", "C.YAML", "d.Yml"}) {
    CAPTURE(name);
    CHECK(reader_for(name).kind == ReaderKind::records);
    CHECK(reader_for(name).name == "records");
  }
  for (const char* name : {"a.txt", "b.pdf", "c.png", "d.yaml.txt", "no-extension"}) {
    CAPTURE(name);
    CHECK(reader_for(name).kind == ReaderKind::cells);
  }
  CHECK(std::any_of(readers().begin(), readers().end(), [](const Reader& r) {
    return r.kind == ReaderKind::records && r.read_records && !r.read;
  }));
}

TEST_CASE("records: an upper-case .YAML input is read as records, as .yaml is") {
  Conversion c = convert_input(src("fixtures/shangdang-2025.txt"), templates());
  std::string yaml = records_to_yaml(c.records);
  auto dir = scratch_dir("perfgoal-records");
  std::filesystem::create_directories(dir);
  for (const char* name : {"lower.yaml", "UPPER.YAML", "short.yml"}) {
    CAPTURE(name);
    std::ofstream(dir / name, std::ios::binary) << yaml;
    Conversion back = convert_input(dir / name, templates());
    CHECK(records_to_yaml(back.records) == yaml);
    REQUIRE(back.places.size() == back.records.size());
    CHECK(back.places[0].line == 2);
    RecordDocument doc = read_records(dir / name);
    CHECK(doc.records.size() == c.records.size());
    CHECK(doc.document_lines.size() == c.records.size());
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("records: content does not override a .yaml extension, errors name the file and line") {
  auto dir = scratch_dir("perfgoal-records-pdf");
  std::filesystem::create_directories(dir);
  auto path = dir / "looks-like.yaml";
  std::ofstream(path, std::ios::binary) << "%PDF-1.4\n---\nformat: perfgoal-record/1\nfiscal_year: [2025\n";
  CHECK(reader_for(path).kind == ReaderKind::records);
  try {
    convert_input(path, templates());
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.file() == "looks-like.yaml");
    CHECK(e.line() >= 2);
    CHECK(std::string(e.what()).find("PDF") == std::string::npos);
  }
  // read_records refuses a file the table reads as cells.
  CHECK_THROWS_AS(read_records(src("fixtures/shangdang-2025.txt")), InputError);
  std::filesystem::remove_all(dir);
}
