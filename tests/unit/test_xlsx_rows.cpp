// The rows and notes of the workbook's sheets written by hand
// (emit/xlsx_sheet_xml.h) against libxlsxwriter writing them: every part of
// the package, uncompressed, is the same.
#include <doctest/doctest.h>
#include <unzip.h>

#include <filesystem>
#include <map>
#include <string>

#include "cli/pipeline.h"
#include "emit/findings_writer.h"
#include "emit/xlsx_writer.h"
#include "tests/unit/support.h"

using namespace perfgoal;
using perfgoal::test::scratch_dir;
using perfgoal::test::src;
using perfgoal::test::templates;

namespace {

struct Part {
  std::string bytes;
  unsigned long flag = 0;  // the entry's general purpose flag (bits 1-2: the deflate level)
};

// name -> the part uncompressed, in package order.
std::map<std::string, Part> parts(const std::filesystem::path& p) {
  std::map<std::string, Part> out;
  unzFile z = unzOpen64(p.string().c_str());
  REQUIRE(z);
  for (int r = unzGoToFirstFile(z); r == UNZ_OK; r = unzGoToNextFile(z)) {
    unz_file_info64 info{};
    char name[1024];
    REQUIRE(unzGetCurrentFileInfo64(z, &info, name, sizeof name, nullptr, 0, nullptr, 0) == UNZ_OK);
    REQUIRE(unzOpenCurrentFile(z) == UNZ_OK);
    Part& part = out[name];
    part.flag = info.flag;
    char block[8192];
    for (int n; (n = unzReadCurrentFile(z, block, sizeof block)) != 0;) {
      REQUIRE(n > 0);  // a CRC error shows here
      part.bytes.append(block, static_cast<std::size_t>(n));
    }
    REQUIRE(unzCloseCurrentFile(z) == UNZ_OK);
  }
  unzClose(z);
  return out;
}

// Where two parts first differ, with a little context ("" when equal).
std::string first_difference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  const std::size_t from = i > 80 ? i - 80 : 0;
  return "at byte " + std::to_string(i) + ": «" + a.substr(from, 160) + "» vs «" + b.substr(from, 160) + "»";
}

// The same conversion as three workbooks: by libxlsxwriter alone, with the
// rows written by hand, and streamed (the records read back from the
// temporary file); their parts.
struct ThreeWorkbooks {
  std::map<std::string, Part> library, hand, streamed;
};

ThreeWorkbooks three_workbooks(const Conversion& c, const std::filesystem::path& dir, XlsxOptions options) {
  options.hand_written_rows = false;
  write_xlsx(std::span<const Conversion>(&c, 1), dir / "library.xlsx", options);
  options.hand_written_rows = true;
  write_xlsx(std::span<const Conversion>(&c, 1), dir / "hand.xlsx", options);
  auto w = open_xlsx_form_writer(dir / "streamed.xlsx", options);
  for (const auto& rec : c.records) w->add(rec);
  w->finish(findings_of(c));
  return {parts(dir / "library.xlsx"), parts(dir / "hand.xlsx"), parts(dir / "streamed.xlsx")};
}

// The three workbooks hold the same parts, each the same uncompressed;
// each(name, library's part, hand's part) is called for every part, in
// package order.
template <class Each>
void check_same_parts(const ThreeWorkbooks& books, Each&& each) {
  REQUIRE(books.library.size() == books.hand.size());
  REQUIRE(books.library.size() == books.streamed.size());
  for (const auto& entry : books.library) {
    const std::string& name = entry.first;  // not a structured binding: CAPTURE takes it by reference (clang 14)
    CAPTURE(name);
    REQUIRE(books.hand.count(name));
    REQUIRE(books.streamed.count(name));
    CHECK(first_difference(entry.second.bytes, books.hand.at(name).bytes) == "");
    CHECK(first_difference(entry.second.bytes, books.streamed.at(name).bytes) == "");
    each(name, entry.second, books.hand.at(name));
  }
}

}  // namespace

TEST_CASE("workbook rows written by hand: every part as libxlsxwriter writes it") {
  Conversion c = convert_input(src("fixtures/shangdang-2025.txt"), templates());
  REQUIRE(c.records.size() == 20);
  // Texts libxlsxwriter escapes or marks: & < > quotes, spaces first and
  // last, a carriage return and a control character, an ASCII name.
  Record& r = c.records[0];
  r.project.name = " 前导&<>\"'\r尾 ";
  r.project.department = std::string("a\x01") + "b\tc\n";
  r.project.implementing_unit = "_x0041_ literal";
  r.project.attribute = "\f换页\v";  // spaces to isspace(), escaped before it looks
  r.project.attribute_detail = "\t制表";
  r.indicators.period.at(0).value = "=1+1";
  r.indicators.period.at(1).value = "";
  r.funds.period.total = Decimal::parse("123456789012345678901.25");
  r.funds.annual.other = Decimal::parse("0.000000015");
  // Numbers about where a whole number stops printing as its digits.
  r.funds.period.central = Decimal::parse("999999999999999");
  r.funds.period.provincial = Decimal::parse("-999999999999999");
  r.funds.period.local = Decimal::parse("1000000000000000");
  r.funds.annual.central = Decimal::parse("123456789012345.5");
  r.funds.annual.provincial = Decimal::parse("-7");
  r.funds.annual.self_raised = Decimal::parse("10000000000000000");  // "1E+16"
  r.sign_off.filed_at = "2024-12-17T09:07:09";
  c.records[1].sign_off.filed_at = "不是日期";
  c.records[2].project.name.reset();
  c.findings.push_back(Finding{"test-late", Severity::warning, "迟到 & <问题>", Location{c.file, 3, 0}, 0,
                               "indicators.period[0].value"});
  c.findings.push_back(Finding{"test-none", Severity::info, " 不指向表 ", Location{c.file, 0, 0}, -1, ""});

  auto dir = scratch_dir("perfgoal-xlsx-rows");
  for (std::size_t max_rows : {kExcelMaxRows, std::size_t{150}}) {  // 绩效指标 and 问题 in one sheet or several
    CAPTURE(max_rows);
    XlsxOptions options;
    options.max_form_sheets = 3;  // the note in 汇总's last row
    options.max_sheet_rows = max_rows;
    const ThreeWorkbooks books = three_workbooks(c, dir, options);
    const auto& library = books.library;
    int by_hand = 0;
    check_same_parts(books, [&](const std::string& name, const Part& part, const Part& hand) {
      // The sheets' rows and notes were written here (deflated at level 2:
      // flag bits 1-2 are 2, "fast"), the rest copied as libxlsxwriter
      // wrote it.
      if ((hand.flag & 6) == 4) {
        if (name.rfind("xl/worksheets/sheet", 0) == 0)
          ++by_hand;
        else
          CHECK((name.rfind("xl/comments", 0) == 0 || name.rfind("xl/drawings/vmlDrawing", 0) == 0));
      } else {
        CHECK(hand.flag == part.flag);
      }
    });
    // 汇总, 绩效指标 and 问题, each in as many parts as its rows need, and
    // the form sheets.
    std::size_t indicators = 0;
    for (const auto& rec : c.records) indicators += rec.indicators.period.size() + rec.indicators.annual.size();
    auto sheets = [&](std::size_t rows) { return (rows + max_rows - 2) / (max_rows - 1); };
    CHECK(by_hand == static_cast<int>(1 + sheets(indicators) + sheets(c.findings.size()) + options.max_form_sheets));
    // The texts above are in the sheets as libxlsxwriter escapes them.
    const std::string& summary = library.at("xl/worksheets/sheet1.xml").bytes;
    CHECK(summary.find("<t xml:space=\"preserve\"> 前导&amp;&lt;&gt;\"'_x000D_尾 </t>") != std::string::npos);
    CHECK(summary.find("<v>1.234567890123457E+20</v>") != std::string::npos);
    CHECK(summary.find("<f>SUM(") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

// The notes (findings on cells) written by hand (xlsx::SheetNotes): more
// than 1,024 on 绩效指标 (a second block of shape ids, which the later
// sheets' notes follow), notes on several sheets and on the form sheets
// (their columns of several widths, their rows of several heights), texts
// libxlsxwriter escapes: every part as libxlsxwriter writes it.
TEST_CASE("workbook notes written by hand: every part as libxlsxwriter writes it") {
  Conversion c = convert_input(src("fixtures/shangdang-2025.txt"), templates());
  REQUIRE(c.records.size() == 20);
  c.findings.clear();
  // A long project name widens 汇总's and the form sheet's columns.
  c.records[1].project.name = std::string(120, 'W') + "很长的项目名称";
  const std::vector<std::string> messages = {
      "A & B < C > D \"q\" 'a'",
      " 前后有空格 ",
      "\t制表开头",
      "回车\r换行\n两行",
      std::string("控制字符\x01之后"),
      std::string(40000, 'x'),  // more than a cell holds: cut
      "_x0041_ 字面",
  };
  std::size_t k = 0;
  for (std::size_t r = 0; r < c.records.size(); ++r) {
    const Record& rec = c.records[r];
    for (int side = 0; side < 2; ++side) {
      const auto& list = side ? rec.indicators.annual : rec.indicators.period;
      for (std::size_t j = 0; j < list.size(); ++j) {
        const std::string at = std::string("indicators.") + (side ? "annual" : "period") + "[" + std::to_string(j) + "]";
        // Every indicator noted in four columns; some twice (one note with two lines).
        for (const char* leaf : {".name", ".value", ".level1", ".level2"}) {
          c.findings.push_back(Finding{"test-note", Severity::warning, messages[k++ % messages.size()],
                                       Location{c.file, static_cast<int>(r) + 1, 0}, static_cast<int>(r), at + leaf});
          if (k % 5 == 0)
            c.findings.push_back(Finding{"test-again", Severity::info, "再一条", Location{c.file, 1, 0},
                                         static_cast<int>(r), at + leaf});
        }
      }
    }
    // Notes on the form's other cells (its head, its funds).
    c.findings.push_back(Finding{"test-name", Severity::error, "名称 & 单位", Location{c.file, 1, 0},
                                 static_cast<int>(r), "project.name"});
    c.findings.push_back(Finding{"test-funds", Severity::warning, "资金 <合计>", Location{c.file, 1, 0},
                                 static_cast<int>(r), "funds.period.total"});
  }

  auto dir = scratch_dir("perfgoal-xlsx-notes");
  for (std::size_t max_rows : {kExcelMaxRows, std::size_t{150}}) {  // 绩效指标 in one sheet or several
    CAPTURE(max_rows);
    XlsxOptions options;
    options.max_form_sheets = 6;
    options.max_sheet_rows = max_rows;
    const ThreeWorkbooks books = three_workbooks(c, dir, options);
    const auto& library = books.library;
    int notes_parts = 0;
    check_same_parts(books, [&](const std::string& name, const Part&, const Part& hand) {
      if (name.rfind("xl/comments", 0) == 0 || name.rfind("xl/drawings/vmlDrawing", 0) == 0) {
        ++notes_parts;
        CHECK((hand.flag & 6) == 4);  // written here
      }
    });
    // The notes' parts of 绩效指标 (one sheet or several) and of the form sheets.
    const std::size_t indicator_sheets = max_rows == kExcelMaxRows ? 1 : 2;
    CHECK(notes_parts >= 2 * static_cast<int>(indicator_sheets + options.max_form_sheets));
    const std::string& comments = library.at("xl/comments1.xml").bytes;
    const std::string& vml = library.at("xl/drawings/vmlDrawing1.vml").bytes;
    std::size_t notes = 0;
    for (std::size_t at = 0; (at = comments.find("<comment ", at)) != std::string::npos; ++at) ++notes;
    if (max_rows == kExcelMaxRows) {
      CHECK(notes > 1024);
      CHECK(notes < 2048);
      CHECK(vml.find("<o:idmap v:ext=\"edit\" data=\"1,2\"/>") != std::string::npos);
      // The next sheet with notes takes the block after the two.
      CHECK(library.at("xl/drawings/vmlDrawing2.vml").bytes.find("data=\"3\"") != std::string::npos);
      CHECK(library.at("xl/drawings/vmlDrawing2.vml").bytes.find("id=\"_x0000_s3073\"") != std::string::npos);
    }
    // The texts as libxlsxwriter escapes them (& < > only, spaces kept as
    // they are), two findings on a cell in one note.
    CHECK(comments.find("<t>警告[test-note] A &amp; B &lt; C &gt; D \"q\" 'a'</t>") != std::string::npos);
    CHECK(comments.find("<t>警告[test-note]  前后有空格 </t>") != std::string::npos);
    CHECK(comments.find("\n提示[test-again] 再一条</t>") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}
