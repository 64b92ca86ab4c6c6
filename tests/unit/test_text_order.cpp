// Layout text read out of order (rule text-order): the fields read from such
// cells are reported for a person to check against the PDF.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "tests/unit/support.h"
#include "extract/text_reader.h"
#include "model/finding.h"
#include "normalize/normalize.h"

using namespace perfgoal;
using perfgoal::test::kFormHead;
using perfgoal::test::kFormTail;
using perfgoal::test::templates;

// Layout text whose lines pdftotext printed out of order (a page printed
// backwards and turned back): every field read from its cells is a
// text-order finding naming the page and the field, once a field; the value
// is kept as read.
TEST_CASE("text order: fields read from a page printed out of order are text-order findings") {
  const std::string rows = "\t产出指标\t数量指标\t新建公墓数量\t1个\t数量指标\t新建公墓数量\t1个\n";
  CellDocument doc = cells_from_text(kFormHead + rows + kFormTail, "t.txt");
  auto order_fields = [](const Normalized& n) {
    std::vector<std::string> out;
    for (const auto& f : n.findings)
      if (f.rule == "text-order") out.push_back(f.field);
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(order_fields(normalize(doc, templates())).empty());
  for (auto& row : doc.rows)
    for (auto& c : row.cells) c.out_of_order_page = 2;
  Normalized n = normalize(doc, templates());
  REQUIRE(n.records.size() == 1);
  CHECK(*n.records[0].indicators.period[0].name == "新建公墓数量");
  const auto fields = order_fields(n);
  for (const char* f : {"project.name", "project.department", "funds.period.total", "indicators.period[0].name",
                        "indicators.period[0].value", "indicators.annual[0].level2", "sign_off.responsible"})
    CHECK_MESSAGE(std::count(fields.begin(), fields.end(), std::string(f)) == 1, std::string(f));
  CHECK(std::adjacent_find(fields.begin(), fields.end()) == fields.end());  // once a field
  auto it = std::find_if(n.findings.begin(), n.findings.end(),
                         [](const Finding& f) { return f.rule == "text-order" && f.field == "project.name"; });
  REQUIRE(it != n.findings.end());
  CHECK(it->message.find("page 2 ") == 0);
  CHECK(it->message.find("«测试项目»") != std::string::npos);
  CHECK(std::none_of(n.findings.begin(), n.findings.end(),
                     [](const Finding& f) { return f.rule == "ocr-uncertain"; }));  // not OCR's
}

// A finding quotes a long text by its first characters, the text's own bytes.
TEST_CASE("text head: a long text is quoted by its first characters") {
  CHECK(text_head("新建公墓数量", 40) == "新建公墓数量");
  CHECK(text_head("新建公墓数量", 6) == "新建公墓数量");
  CHECK(text_head("新建公墓数量", 4) == "新建公墓…");
  CHECK(text_head("ab新建", 3) == "ab新…");
  CHECK(text_head("", 0).empty());
}
