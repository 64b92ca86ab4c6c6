// Streaming: rows read in blocks, forms cut one at a time, and a streamed
// conversion giving what the whole-input conversion gives.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "cli/pipeline.h"
#include "emit/findings_writer.h"
#include "emit/record_yaml.h"
#include "emit/xlsx_writer.h"
#include "extract/text_reader.h"
#include "model/record_spool.h"
#include "normalize/normalize.h"
#include "tests/unit/support.h"

using namespace perfgoal;
using perfgoal::test::slurp;
using perfgoal::test::scratch_dir;
using perfgoal::test::src;
using perfgoal::test::templates;

namespace {

std::filesystem::path write_temp(const std::string& name, const std::string& bytes) {
  auto dir = scratch_dir("perfgoal-stream-test");
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

std::vector<Row> stream_rows(const std::filesystem::path& p) {
  auto s = TextRowStream::open(p, ReadOptions{});
  REQUIRE(s);
  std::vector<Row> rows;
  Row row;
  while (s->next(row)) rows.push_back(row);
  return rows;
}

void same_rows(const std::vector<Row>& a, const std::vector<Row>& b) {
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    REQUIRE(a[i].line == b[i].line);
    REQUIRE(a[i].cells.size() == b[i].cells.size());
    for (size_t k = 0; k < a[i].cells.size(); ++k) {
      CHECK(a[i].cells[k].text == b[i].cells[k].text);
      CHECK(a[i].cells[k].column == b[i].cells[k].column);
      CHECK(a[i].cells[k].line == b[i].cells[k].line);
    }
  }
}

// Records as they come out of a FormStream, and how many had come out when
// each row went in.
struct Collect : FormStream::Sink {
  std::vector<Record> records;
  std::vector<Finding> unplaced_findings;
  void form(Record&& r, std::vector<Finding>&&) override { records.push_back(std::move(r)); }
  void unplaced(Finding&& f, Unplaced) override { unplaced_findings.push_back(std::move(f)); }
};

const std::string kForm = slurp(src("fixtures/shangdang-2025.txt"));

}  // namespace

TEST_CASE("TextRowStream: the rows of cells_from_text, lines cut across 1 MiB blocks, a BOM, CRLF") {
  std::string text;
  while (text.size() < (3u << 20)) text += kForm + "\n";  // several blocks; lines fall across their ends
  same_rows(stream_rows(write_temp("many.txt", text)), cells_from_text(text, "many.txt").rows);
  std::string crlf;
  for (char c : kForm) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  same_rows(stream_rows(write_temp("bom.txt", "\xEF\xBB\xBF" + crlf)), cells_from_text(crlf, "bom.txt").rows);
  // A line longer than a block, and no newline at the end.
  std::string longline = "项目名称\t" + std::string(3u << 20, 'x') + "\n末行\t无换行";
  same_rows(stream_rows(write_temp("long.txt", longline)), cells_from_text(longline, "long.txt").rows);
}

TEST_CASE("TextRowStream: files read_text_file has an error for, or layout text, are read whole") {
  CHECK_FALSE(TextRowStream::open(write_temp("nul.txt", kForm + std::string("\0", 1) + "x\n"), ReadOptions{}));
  CHECK_FALSE(TextRowStream::open(write_temp("ff.txt", kForm + "\f" + kForm), ReadOptions{}));
  CHECK_FALSE(TextRowStream::open(write_temp("badgb.txt", "\xCF\xEE\xC4\xBF\n\xFF\xFF\xFF\n"), ReadOptions{}));
  // UTF-8 text, then a bad byte: an error about UTF-8, not GB18030.
  CHECK_FALSE(TextRowStream::open(write_temp("bad8.txt", kForm + "\xFF\n"), ReadOptions{}));
  CHECK_FALSE(TextRowStream::open(write_temp("bom8.txt", "\xEF\xBB\xBF" + kForm + "\xC4\n"), ReadOptions{}));
  ReadOptions unknown;
  unknown.encoding = "NO-SUCH-ENCODING";
  CHECK_FALSE(TextRowStream::open(write_temp("plain.txt", kForm), unknown));
  ReadOptions utf8;
  utf8.encoding = "utf8";
  CHECK_FALSE(TextRowStream::open(write_temp("gb-as-utf8.txt", "\xCF\xEE\xC4\xBF\tx\n"), utf8));
  CHECK(TextRowStream::open(write_temp("plain.txt", kForm), utf8));
  CHECK(TextRowStream::open(write_temp("plain.txt", kForm), ReadOptions{}));
}

TEST_CASE("TextRowStream: GB18030 and UTF-16 decoded a block at a time, the rows read_text_file gives") {
  auto same_as_whole = [](const std::filesystem::path& p, const ReadOptions& options, const std::string& encoding) {
    CAPTURE(p.string());
    auto s = TextRowStream::open(p, options);
    REQUIRE(s);
    CHECK(s->encoding() == encoding);
    std::vector<Row> rows;
    Row row;
    while (s->next(row)) rows.push_back(row);
    CellDocument whole = read_text_file(p, options);
    CHECK(whole.encoding == encoding);
    same_rows(rows, whole.rows);
    CHECK(rows.size() > 100);
  };
  const auto dir = src("fixtures/encodings");
  same_as_whole(dir + "/shangdang-2025.gb18030-crlf.txt", ReadOptions{}, "GB18030");
  same_as_whole(dir + "/shangdang-2025.utf16le-bom.txt", ReadOptions{}, "UTF-16LE");
  same_as_whole(dir + "/shangdang-2025.utf8-bom.txt", ReadOptions{}, "UTF-8");
  ReadOptions gb;
  gb.encoding = "gb18030";
  same_as_whole(dir + "/shangdang-2025.gb18030-crlf.txt", gb, "GB18030");
  // Several blocks, characters cut by their ends (an odd byte first).
  std::string one = slurp(dir + "/shangdang-2025.gb18030-crlf.txt");
  std::string big = "x";
  while (big.size() < (3u << 20)) big += one + "\r\n";
  same_as_whole(write_temp("big-gb.txt", big), ReadOptions{}, "GB18030");
  std::string u16 = slurp(dir + "/shangdang-2025.utf16le-bom.txt");
  REQUIRE(u16.substr(0, 2) == "\xFF\xFE");
  std::string big16 = u16;
  while (big16.size() < (3u << 20)) big16 += u16.substr(2) + std::string("\n\0", 2);
  same_as_whole(write_temp("big-u16.txt", big16), ReadOptions{}, "UTF-16LE");
  // UTF-16 without a byte order mark, big-endian.
  std::string be;
  for (size_t i = 2; i + 1 < u16.size(); i += 2) be += std::string{u16[i + 1], u16[i]};
  same_as_whole(write_temp("be.txt", be), ReadOptions{}, "UTF-16BE");
}

TEST_CASE("FormStream: a form comes out when the next one starts, not at the end of the input") {
  CellDocument doc = cells_from_text(kForm + "\n" + kForm, "two.txt");
  Normalized whole = normalize(doc, templates());
  REQUIRE(whole.records.size() == 40);
  Collect sink;
  FormStream stream(templates(), "two.txt", kNoDeadline, sink);
  size_t fed = 0;
  for (const auto& row : doc.rows) {
    stream.row(row);
    ++fed;
    // Each record is out before the rows of the form after next go in.
    if (sink.records.size() >= 1) CHECK(sink.records.back().source.lines->second <= row.line);
  }
  // All but the last form are out before the end of the input.
  CHECK(sink.records.size() == 39);
  CHECK_FALSE(stream.finish());
  REQUIRE(sink.records.size() == 40);
  for (size_t i = 0; i < 40; ++i) {
    std::string a, b;
    append_record_yaml(a, sink.records[i]);
    append_record_yaml(b, whole.records[i]);
    CHECK(a == b);
  }
}

TEST_CASE("FormStream: the title words inside a cell's text start no form, one form, no form") {
  // The fixture's first form, with the title words inside its 项目概况-like text cells.
  std::string one = kForm.substr(0, kForm.find("项目支出绩效目标表", kForm.find("项目支出绩效目标表") + 1));
  one = one.substr(0, one.rfind('\n', one.size()) + 1);
  CellDocument doc = cells_from_text(one, "one.txt");
  Collect sink;
  FormStream stream(templates(), "one.txt", kNoDeadline, sink);
  for (const auto& row : doc.rows) stream.row(row);
  CHECK(sink.records.empty());  // the only form is out at the end
  CHECK_FALSE(stream.finish());
  REQUIRE(sink.records.size() == 1);
  CHECK(stream.records() == 1);

  std::string inside = one;
  size_t at = inside.find("项目名称");
  REQUIRE(at != std::string::npos);
  inside.insert(inside.find('\n', at), "\t按照项目支出绩效目标表的要求填报");
  Collect sink2;
  FormStream s2(templates(), "inside.txt", kNoDeadline, sink2);
  for (const auto& row : cells_from_text(inside, "inside.txt").rows) s2.row(row);
  CHECK_FALSE(s2.finish());
  CHECK(sink2.records.size() == 1);

  Collect none;
  FormStream s3(templates(), "none.txt", kNoDeadline, none);
  for (const auto& row : cells_from_text("只是一些文字\n没有表\n", "none.txt").rows) s3.row(row);
  auto f = s3.finish();
  REQUIRE(f);
  CHECK(f->rule == "no-form");
  CHECK(none.records.empty());
}

TEST_CASE("stream_input: the records and findings (and their order) of convert_input") {
  std::string text;
  for (int k = 0; k < 3; ++k) text += kForm + "\n";
  text = "封面说明\n" + text + "表后的文字\n";
  auto path = write_temp("three.txt", text);
  PipelineOptions options;
  Conversion whole = convert_input(path, templates(), options);
  std::string streamed_yaml;
  StreamedInput s;
  REQUIRE(stream_input(path, templates(), options, [&](const Record& r) { append_record_yaml(streamed_yaml, r); }, s));
  std::string whole_yaml;
  for (const auto& r : whole.records) append_record_yaml(whole_yaml, r);
  CHECK(s.records == static_cast<int>(whole.records.size()));
  CHECK(streamed_yaml == whole_yaml);
  FindingsOf a = findings_of(whole), b = s.findings_of();
  std::ostringstream ja, jb;
  write_findings_json(ja, std::span<const FindingsOf>(&a, 1));
  write_findings_json(jb, std::span<const FindingsOf>(&b, 1));
  CHECK(ja.str() == jb.str());
  CHECK(s.finding_count() == whole.findings.size());
  // A GB18030 input streams too, with the same records and findings.
  {
    std::string gb = slurp(src("fixtures/encodings/shangdang-2025.gb18030-crlf.txt"));
    auto gpath = write_temp("gb.txt", gb + "\r\n" + gb);
    Conversion w = convert_input(gpath, templates(), options);
    StreamedInput g;
    std::string ys, yw;
    REQUIRE(stream_input(gpath, templates(), options, [&](const Record& r) { append_record_yaml(ys, r); }, g));
    for (const auto& r : w.records) append_record_yaml(yw, r);
    CHECK(g.records == 40);
    CHECK(ys == yw);
    FindingsOf fa = findings_of(w), fb = g.findings_of();
    std::ostringstream sa, sb;
    write_findings_json(sa, std::span<const FindingsOf>(&fa, 1));
    write_findings_json(sb, std::span<const FindingsOf>(&fb, 1));
    CHECK(sa.str() == sb.str());
  }
  // A YAML input, or checks off, do not stream.
  options.run_checks = false;
  StreamedInput t;
  CHECK_FALSE(stream_input(path, templates(), options, [](const Record&) {}, t));
}

TEST_CASE("RecordSpool: records read back equal, as often as asked, and added to after reading") {
  Conversion c = convert_input(src("fixtures/shangdang-2025.txt"), templates());
  REQUIRE(c.records.size() >= 2);
  std::vector<Record> records(c.records.begin(), c.records.begin() + 2);
  // What the text fixture does not have: pages, OCR, optional indicator columns, blanks.
  Record odd = records[1];
  odd.source.lines.reset();
  odd.source.pages = std::make_pair(3, 4);
  odd.source.ocr = OcrRef{"tesseract", "5.3.0", "chi_sim", 300};
  odd.source.template_name = records[0].source.template_name ? std::nullopt : std::optional<std::string>("other");
  odd.project.name.reset();
  odd.project.period_years = 0;
  odd.funds.annual.central = Decimal::parse("-12.5");
  REQUIRE(!odd.indicators.period.empty());
  Indicator& i = odd.indicators.period.front();
  i.has_weight = i.has_note = true;
  i.weight = Decimal::parse("0.25");
  i.note = std::string("");  // an empty text is not a blank
  i.line = -3;        // any int, kept as it is
  i.page = 1 << 30;
  records.push_back(odd);

  auto yaml = [](const Record& r) {
    std::string s;
    append_record_yaml(s, r);
    return s;
  };
  RecordSpool spool;
  for (const auto& r : records) spool.add(r);
  CHECK(spool.size() == 3);
  Record back;
  for (int pass = 0; pass < 2; ++pass) {
    spool.rewind();
    for (const auto& r : records) {
      REQUIRE(spool.next(back));
      CHECK(yaml(back) == yaml(r));
      CHECK(back.source.pages == r.source.pages);
      CHECK(back.source.lines == r.source.lines);
      CHECK(back.source.ocr.has_value() == r.source.ocr.has_value());
      if (back.source.ocr) CHECK(back.source.ocr->dpi == r.source.ocr->dpi);
      CHECK(back.source.template_name == r.source.template_name);
      REQUIRE(back.indicators.period.size() == r.indicators.period.size());
      for (size_t k = 0; k < r.indicators.period.size(); ++k) {
        CHECK(back.indicators.period[k].line == r.indicators.period[k].line);
        CHECK(back.indicators.period[k].page == r.indicators.period[k].page);
      }
    }
    CHECK_FALSE(spool.next(back));
  }
  CHECK(back.indicators.period.front().note == std::optional<std::string>(""));
  spool.add(records[0]);  // after reading: appended at the end
  spool.rewind();
  int n = 0;
  while (spool.next(back)) ++n;
  CHECK(n == 4);
  CHECK(yaml(back) == yaml(records[0]));
}

TEST_CASE("open_xlsx_form_writer: the workbook write_xlsx gives, from the records kept on disk") {
  std::string text;
  for (int k = 0; k < 2; ++k) text += kForm + "\n";
  Conversion c = convert_input(write_temp("two-xlsx.txt", "封面说明\n" + text), templates());
  REQUIRE(c.records.size() == 40);
  REQUIRE(!c.findings.empty());
  // A finding about an earlier form after those about later ones (kept aside
  // by the streamed writer), and one about no form.
  Finding late{"test-late", Severity::warning, "迟到的问题", Location{c.file, 3, 0}, 0, "indicators.period[0].value"};
  c.findings.push_back(late);
  c.findings.push_back(Finding{"test-none", Severity::info, "不指向表", Location{c.file, 1, 0}, -1, ""});
  auto dir = scratch_dir("perfgoal-stream-xlsx");
  std::filesystem::create_directories(dir);
  XlsxOptions options;
  options.max_form_sheets = 3;
  options.max_sheet_rows = 200;  // 绩效指标 and 问题 over several sheets
  for (bool constant_memory : {true, false}) {
    options.constant_memory = constant_memory;
    CAPTURE(constant_memory);
    std::filesystem::remove(dir / "streamed.xlsx");
    write_xlsx(std::span<const Conversion>(&c, 1), dir / "whole.xlsx", options);
    auto w = open_xlsx_form_writer(dir / "streamed.xlsx", options);
    for (const auto& r : c.records) w->add(r);
    CHECK_FALSE(std::filesystem::exists(dir / "streamed.xlsx"));
    w->finish(findings_of(c));
    std::string whole = slurp((dir / "whole.xlsx").string()), streamed = slurp((dir / "streamed.xlsx").string());
    CHECK(whole.size() > 10000);
    CHECK(streamed == whole);
  }
  // Given up before finish(): no file.
  {
    auto w = open_xlsx_form_writer(dir / "dropped.xlsx", options);
    w->add(c.records[0]);
  }
  CHECK_FALSE(std::filesystem::exists(dir / "dropped.xlsx"));
  std::filesystem::remove_all(dir);
}
