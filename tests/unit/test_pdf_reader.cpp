// PDF input end to end on the fixtures in fixtures/pdf/ (made by
// scripts/make-pdf-fixtures.py from the fixture's records): records equal to
// the gold records of the forms each file holds, page provenance, and the
// broken files each giving a clear error.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "cli/pipeline.h"
#include "tests/unit/support.h"
#include "emit/yaml_writer.h"
#include "extract/record_reader.h"
#include "extract/pdf_reader.h"
#include "model/errors.h"

using namespace perfgoal;
using namespace perfgoal::test;

namespace {
// Records without their source (lines of the text fixture, pages of the PDF),
// and with white space removed from texts: the gold compares text so, since
// a line break in a PDF cell is no evidence of a space.
std::string comparable(std::vector<Record> records) {
  for (auto& r : records) r.source = {};
  std::string yaml = records_to_yaml(records);
  std::string out;
  for (char c : yaml)
    if (c != ' ' || (!out.empty() && out.back() == '\n') || (!out.empty() && out.back() == ' ')) out += c;
  return out;
}
void check_against_gold(const std::string& name) {
  Conversion c = convert_input(src("fixtures/pdf/" + name + ".pdf"), templates());
  auto gold = records_from_yaml(slurp(src("fixtures/pdf/" + name + ".gold.yaml")), name + ".gold.yaml");
  REQUIRE(c.records.size() == gold.size());
  // Every cell placed and read: no findings from the reader or normalize (the
  // checks' findings about the forms themselves are tested in test_checks.cpp).
  for (const auto& f : c.findings)
    CHECK_MESSAGE((f.rule != "unplaced-cell" && f.rule != "unreadable-value" && f.rule != "reader"), format_finding(f));
  CHECK(comparable(c.records) == comparable(gold));
}
std::string error_of(const std::string& name) {
  try {
    read_cells(src("fixtures/pdf/" + name));
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("pdf: Chromium's print of five forms gives their gold records") { check_against_gold("chromium-forms"); }

TEST_CASE("pdf: LibreOffice's print of five forms (rows cut by page breaks) gives their gold records") {
  check_against_gold("libreoffice-forms");
}

TEST_CASE("pdf: LibreOffice Calc's print of an Excel sheet of five forms gives their gold records") {
  check_against_gold("calc-forms");
}

TEST_CASE("pdf: a print with no ruling lines at all is read from text alignment") {
  check_against_gold("chromium-borderless");
}

TEST_CASE("pdf: forms over pages: pages in the records — a page ends one form and starts the next") {
  Conversion c = convert_input(src("fixtures/pdf/chromium-forms.pdf"), templates());
  REQUIRE(c.records.size() == 5);
  bool spans_pages = false, shares_page = false;
  for (size_t i = 0; i < c.records.size(); ++i) {
    REQUIRE(c.records[i].source.pages);
    auto [first, last] = *c.records[i].source.pages;
    CHECK(first >= 1);
    CHECK(last >= first);
    if (last > first) spans_pages = true;
    if (i > 0 && c.records[i - 1].source.pages->second == first) shares_page = true;
  }
  CHECK(spans_pages);
  CHECK(shares_page);
  CHECK(c.records[0].source.pages->first == 1);
  // Every cell knows its page and box.
  CellDocument d = read_cells(src("fixtures/pdf/chromium-forms.pdf"));
  CHECK(d.format == "pdf");
  for (const auto& row : d.rows)
    for (const auto& cell : row.cells) {
      CHECK(cell.page >= 1);
      REQUIRE(cell.box);
      CHECK(cell.box->x1 > cell.box->x0);
      CHECK(cell.box->y1 > cell.box->y0);
    }
}

TEST_CASE("pdf: Chromium's radicals (项⽬ — 主管部⻔) come out as unified ideographs") {
  std::vector<ReaderNote> notes;
  auto pages = read_pdf_pages(src("fixtures/pdf/chromium-forms.pdf"), notes);
  for (const auto& p : pages)
    for (const auto& ch : p.chars) CHECK_FALSE((ch.code >= 0x2E80 && ch.code <= 0x2FDF));
  Conversion c = convert_input(src("fixtures/pdf/chromium-forms.pdf"), templates());
  CHECK(*c.records[0].project.department == "长治市上党区自然资源局");
  CHECK(records_to_yaml(c.records).find("项目") != std::string::npos);
}

TEST_CASE("pdf: the title — the year line and the sign-off outside the grid are read") {
  Conversion c = convert_input(src("fixtures/pdf/libreoffice-forms.pdf"), templates());
  REQUIRE(!c.records.empty());
  CHECK(*c.records[0].title == "上党区县(区)级预算部门（单位）项目支出绩效目标表");
  CHECK(*c.records[0].fiscal_year == 2025);
  CHECK(*c.records[0].sign_off.filed_at == "2025-02-05T17:10:55");
}

TEST_CASE("pdf: a scanned page is reported by page — the form after it is read") {
  Conversion c = convert_input(src("fixtures/pdf/scan-then-form.pdf"), templates());
  REQUIRE(c.records.size() == 1);
  CHECK(c.records[0].source.pages == std::make_pair(2, 2));
  std::vector<Finding> reader;
  for (const auto& f : c.findings)
    if (f.rule == "reader") reader.push_back(f);
  REQUIRE(reader.size() == 1);
  CHECK(reader[0].where.page == 1);
  // A scan of 60 dpi is too coarse for OCR: said so, not guessed at.
  CHECK(reader[0].message.find("its image has 60 dpi, too few to read by OCR") != std::string::npos);
}

TEST_CASE("pdf: broken files give clear errors naming the file (and page)") {
  CHECK(error_of("scanned.pdf") ==
        "scanned.pdf:p1: error: page 1 (scanned): its image has 60 dpi, too few to read by OCR (at least 100 dpi); "
        "not read");
  CHECK(error_of("encrypted.pdf").rfind("encrypted.pdf: error: encrypted PDF: it needs a password", 0) == 0);
  CHECK(error_of("truncated.pdf").rfind("truncated.pdf: error: truncated PDF", 0) == 0);
  // Poppler's own message is part of ours, not noise on stderr.
  CHECK(error_of("damaged.pdf").rfind("damaged.pdf: error: damaged PDF", 0) == 0);
  CHECK(error_of("damaged.pdf").find("(Poppler ") != std::string::npos);
}

TEST_CASE("pdf: the command line converts the good inputs of a batch — reports the bad — and Poppler stays quiet") {
  // Written in a fresh temporary folder, never where the test binary happens to run.
  const auto out = scratch_dir("perfgoal-pdf-batch");
  std::filesystem::remove_all(out);
  std::string cmd = std::string(PERFGOAL_BINARY) + " convert " + src("fixtures/pdf/truncated.pdf") + " " +
                    src("fixtures/pdf/chromium-forms.pdf") + " " + src("fixtures/pdf/damaged.pdf") + " -o " +
                    out.string() + " 2>&1; echo exit=$?";
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe);
  std::string text;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) text.append(buf.data(), n);
  pclose(pipe);
  CHECK(text.find("exit=1") != std::string::npos);
  CHECK(text.find("1 of 3 inputs converted, 2 failed; 5 forms") != std::string::npos);
  // Every line is ours: file: error ..., or the summary.
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line))
    CHECK_MESSAGE((line.rfind(src("fixtures/pdf/truncated.pdf") + ": error:", 0) == 0 ||
                   line.rfind(src("fixtures/pdf/damaged.pdf") + ": error:", 0) == 0 ||
                   line.rfind("perfgoal: ", 0) == 0 || line.rfind("exit=", 0) == 0),
                  line);
  CHECK(std::ifstream(out / "chromium-forms.yaml").good());
  std::filesystem::remove_all(out);
}

TEST_CASE("pdf: Poppler's missing character maps (poppler-data not installed) are said so, naming the collection") {
  const std::string why = missing_font_data("Poppler syntax error: Missing language pack for 'Adobe-GB1' mapping");
  CHECK(why.find("('Adobe-GB1')") != std::string::npos);
  CHECK(why.find("install Debian's poppler-data") != std::string::npos);
  CHECK(missing_font_data("Poppler syntax error at byte 2333: No font in show").empty());
  CHECK(missing_font_data("Poppler syntax error: Unknown font tag 'F2'").empty());
}
