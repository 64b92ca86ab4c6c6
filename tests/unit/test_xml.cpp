// The XML for the portal: values against the records, the round trip
// record -> XML -> record for both mappings, batches, escaping, characters
// XML 1.0 forbids, reproducible time, and mapping files that are wrong.
#include <doctest/doctest.h>

#include <pugixml.hpp>

#include <cstdlib>
#include <fstream>
#include <random>

#include "tests/unit/support.h"
#include "cli/pipeline.h"
#include "emit/findings_writer.h"
#include "emit/stream_writers.h"
#include "emit/writer.h"
#include "emit/xml_reader.h"
#include "emit/xml_writer.h"
#include "emit/yaml_writer.h"
#include "extract/record_reader.h"
#include "model/errors.h"
#include "model/fields.h"

using namespace perfgoal;
using namespace perfgoal::test;

namespace {

// The records of a YAML file (`yaml`, in the source tree), as the
// conversion of the input `file`.
Conversion gold(const std::string& yaml, const std::string& file) {
  Conversion c;
  c.file = file;
  c.path = c.file;
  c.records = records_from_yaml(slurp(src(yaml)), std::filesystem::path(yaml).filename().string());
  return c;
}
const Conversion& fixture() {
  static const Conversion c = [] {
    Conversion c = gold("tests/golden/shangdang-2025/expected/shangdang-2025.yaml", "shangdang-2025.txt");
    // The XML does not carry the form's template (docs/record-format.md):
    // the records compared with what comes back have none either.
    for (auto& r : c.records) r.source.template_name.reset();
    return c;
  }();
  return c;
}
const XmlMapping& mapping(const std::string& name) {
  static const XmlMapping d = find_xml_mapping("default", src("templates"));
  static const XmlMapping u = find_xml_mapping("upper-codes", src("templates"));
  return name == "default" ? d : u;
}
const char* kCreated = "2025-01-01T00:00:00Z";

std::string to_xml(const Conversion& c, const XmlMapping& m) {
  return records_to_xml(std::span<const Conversion>(&c, 1), m, kCreated);
}
std::string to_xml(const Conversion& c, const std::string& m = "default") { return to_xml(c, mapping(m)); }
pugi::xml_document parse(const std::string& xml) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str(), pugi::parse_default | pugi::parse_ws_pcdata_single));
  return doc;
}
std::string at(const pugi::xml_document& doc, const std::string& xpath) {
  pugi::xpath_node_set set = doc.select_nodes(xpath.c_str());
  REQUIRE_MESSAGE(set.size() == 1, xpath);
  return set.first().node() ? set.first().node().text().get() : set.first().attribute().value();
}
// One record, small, for the escaping tests.
Conversion one(const Record& r) {
  Conversion c;
  c.file = r.source.file;
  c.records.push_back(r);
  return c;
}
// `text` with the first `from` replaced by `to` (a mapping edited).
std::string edited(std::string text, const std::string& from, const std::string& to) {
  REQUIRE_MESSAGE(text.find(from) != std::string::npos, from);
  return text.replace(text.find(from), from.size(), to);
}
// A fresh folder for mappings of a test's own, holding the codes they name.
std::filesystem::path mapping_folder(const std::string& name) {
  auto dir = scratch_dir(name);
  std::filesystem::copy_file(src("templates/xml/codes.yaml"), dir / "codes.yaml",
                             std::filesystem::copy_options::overwrite_existing);
  return dir;
}
// SOURCE_DATE_EPOCH as it was, restored when the test ends.
struct KeepSourceDateEpoch {
  const char* saved = std::getenv("SOURCE_DATE_EPOCH");
  const std::string keep = saved ? saved : "";
  ~KeepSourceDateEpoch() {
    if (saved)
      setenv("SOURCE_DATE_EPOCH", keep.c_str(), 1);
    else
      unsetenv("SOURCE_DATE_EPOCH");
  }
};
}  // namespace

TEST_CASE("xml: values of the fixture against its records (default mapping)") {
  const auto& recs = fixture().records;
  REQUIRE(recs.size() == 20);
  auto doc = parse(to_xml(fixture()));
  CHECK(doc.select_nodes("/PerformanceTargets/TargetForm").size() == 20);
  CHECK(at(doc, "/PerformanceTargets/Header/FormCount") == "20");
  CHECK(at(doc, "/PerformanceTargets/Header/SourceFiles/SourceFile") == "shangdang-2025.txt");
  CHECK(at(doc, "/PerformanceTargets/Header/CreatedAt") == kCreated);
  CHECK(at(doc, "/PerformanceTargets/Header/Generator") == "perfgoal");
  // Form 7 (index 6): 1988.042428万元 is exactly 19880424.28 元.
  const std::string f7 = "/PerformanceTargets/TargetForm[7]";
  CHECK(at(doc, f7 + "/Project/ProjectName") == *recs[6].project.name);
  CHECK(at(doc, f7 + "/Funds/Funding[@term='period']/Total") == "19880424.28");
  CHECK(at(doc, f7 + "/Funds/Funding[@term='period']/Total") == recs[6].funds.period.total->to_string_fixed(2));
  CHECK(at(doc, f7 + "/Source/@firstLine") == "202");
  CHECK(at(doc, f7 + "/Source/@lastLine") == "237");
  // Money always has two places; a blank amount is left out.
  CHECK(at(doc, "/PerformanceTargets/TargetForm[1]/Funds/Funding[@term='period']/Central") == "0.00");
  CHECK(doc.select_nodes("/PerformanceTargets/TargetForm[1]/Funds/Funding[@term='period']/Other").empty());
  // The department code stays text: "012" keeps its zero.
  CHECK(at(doc, "/PerformanceTargets/TargetForm[3]/Project/DepartmentCode") == "012");
  CHECK(at(doc, "/PerformanceTargets/TargetForm[1]/SignOff/FiledAt") == *recs[0].sign_off.filed_at);
  // Indicators: every one, in order, with its reading and codes.
  for (size_t f = 0; f < recs.size(); ++f) {
    const std::string form = "/PerformanceTargets/TargetForm[" + std::to_string(f + 1) + "]";
    const auto& period = recs[f].indicators.period;
    CHECK(doc.select_nodes((form + "/Indicators/Indicator[@term='period']").c_str()).size() == period.size());
    CHECK(doc.select_nodes((form + "/Indicators/Indicator[@term='annual']").c_str()).size() ==
          recs[f].indicators.annual.size());
  }
  const std::string i2 = "/PerformanceTargets/TargetForm[1]/Indicators/Indicator[@term='period'][2]";
  CHECK(at(doc, i2 + "/Value") == "≥110人");
  CHECK(at(doc, i2 + "/ComputeSign") == "1");
  CHECK(at(doc, i2 + "/Number") == "110");
  CHECK(at(doc, i2 + "/Unit") == "人");
  CHECK(at(doc, i2 + "/Level1Code") == "1");
  CHECK(at(doc, i2 + "/Level2Name") == "质量指标");
  CHECK(at(doc, i2 + "/Level2Code") == "12");
  const std::string i4 = "/PerformanceTargets/TargetForm[1]/Indicators/Indicator[@term='period'][4]";
  CHECK(at(doc, i4 + "/Value") == "≤300万元");
  CHECK(at(doc, i4 + "/ComputeSign") == "5");
  CHECK(at(doc, i4 + "/Number") == "3000000");
  CHECK(at(doc, i4 + "/Unit") == "元");
  // A qualitative value: 6 定性, no number, no unit.
  const std::string i3 = "/PerformanceTargets/TargetForm[1]/Indicators/Indicator[@term='period'][3]";
  CHECK(at(doc, i3 + "/ComputeSign") == "6");
  CHECK(doc.select_nodes((i3 + "/Number").c_str()).empty());
  // Every sign code written matches the record's op.
  size_t checked = 0;
  for (size_t f = 0; f < recs.size(); ++f)
    for (size_t k = 0; k < recs[f].indicators.annual.size(); ++k) {
      const Indicator& ind = recs[f].indicators.annual[k];
      const std::string x = "/PerformanceTargets/TargetForm[" + std::to_string(f + 1) +
                            "]/Indicators/Indicator[@term='annual'][" + std::to_string(k + 1) + "]/ComputeSign";
      if (!ind.value) continue;
      std::string want = !ind.op ? "6" : *ind.op == ">=" ? "1" : *ind.op == ">" ? "2" : *ind.op == "=" ? "3"
                                       : *ind.op == "<" ? "4" : "5";
      CHECK(at(doc, x) == want);
      ++checked;
    }
  CHECK(checked > 50);
}

TEST_CASE("xml: the upper-codes mapping names the same values with the system's codes") {
  const auto& recs = fixture().records;
  auto doc = parse(to_xml(fixture(), "upper-codes"));
  CHECK(doc.select_nodes("/PERF_TARGET_EXPORT/PRO_PERF_TARGET").size() == 20);
  const std::string f7 = "/PERF_TARGET_EXPORT/PRO_PERF_TARGET[7]";
  CHECK(at(doc, f7 + "/PRO_NAME") == *recs[6].project.name);
  CHECK(at(doc, f7 + "/MANAGE_DEPT_CODE") == "601");
  CHECK(at(doc, f7 + "/AGENCY_NAME") == *recs[6].project.implementing_unit);
  CHECK(at(doc, f7 + "/PRO_FUND[@TERM_FLAG='1']/TOTAL_AMT") == "19880424.28");
  CHECK(at(doc, f7 + "/KPI_TARGET[@TERM_FLAG='1']") == *recs[6].goals.period);
  CHECK(at(doc, f7 + "/KPI_TARGET[@TERM_FLAG='0']") == *recs[6].goals.annual);
  CHECK(at(doc, f7 + "/PRO_DESC") == *recs[6].overview);
  CHECK(at(doc, f7 + "/PRO_BASES") == *recs[6].basis);
  CHECK(at(doc, f7 + "/FISCAL_YEAR") == "2025");
  const std::string k = "/PERF_TARGET_EXPORT/PRO_PERF_TARGET[1]/KPI[@TERM_FLAG='1'][2]";
  CHECK(at(doc, k + "/LV1_PERF_IND_NAME") == "产出指标");
  CHECK(at(doc, k + "/LV3_PERF_IND_NAME") == "保护群众生命安全");
  CHECK(at(doc, k + "/KPI_VAL") == "≥110人");
  CHECK(at(doc, k + "/COMPUTESIGN") == "1");
  CHECK(at(doc, k + "/INDEXVAL") == "110");
  CHECK(at(doc, k + "/METERUNIT") == "人");
  // 填报日期 as the system stores it: 14 digits (the record: 2024-12-17T09:07:09).
  REQUIRE(recs[0].sign_off.filed_at);
  std::string iso = *recs[0].sign_off.filed_at;
  std::string digits;
  for (char c : iso)
    if (c >= '0' && c <= '9') digits += c;
  REQUIRE(digits.size() == 14);
  CHECK(at(doc, "/PERF_TARGET_EXPORT/PRO_PERF_TARGET[1]/FILL_DATE") == digits);
  // Codes that are not on the form are never invented.
  CHECK(doc.select_nodes("//PRO_CODE").empty());
  CHECK(doc.select_nodes("//AGENCY_CODE").empty());
}

TEST_CASE("xml: record -> XML -> record is identical for the 20 fixture records, both mappings") {
  const std::string want = records_to_yaml(fixture().records);
  for (const char* m : {"default", "upper-codes"}) {
    CAPTURE(m);
    auto back = records_from_xml(to_xml(fixture(), m), "x.xml", mapping(m));
    REQUIRE(back.size() == 20);
    CHECK(records_to_yaml(back) == want);
  }
}

TEST_CASE("xml: the records converted from the text fixture survive the round trip too") {
  Conversion c = convert_input(src("fixtures/shangdang-2025.txt"), load_templates(src("templates")));
  REQUIRE(c.records.size() == 20);
  auto back = records_from_xml(to_xml(c), "x.xml", mapping("default"));
  // The XML does not carry the form's template (docs/record-format.md).
  for (auto& r : c.records) {
    CHECK(r.source.template_name == "shanxi-county-project-targets");
    r.source.template_name.reset();
  }
  CHECK(records_to_yaml(back) == records_to_yaml(c.records));
}

TEST_CASE("xml: the optional keys of other layouts (权重, 备注, 指标值确定依据, 上年指标值) are written and read back") {
  // The gold records of the four layouts: every key where its layout has the
  // column, null where the cell is blank, absent elsewhere.
  for (const char* name : {"national-2021-project-targets", "hunan-project-targets", "hubei-project-targets",
                           "ningxia-annual-project-targets"}) {
    CAPTURE(name);
    Conversion c = gold(std::string("tests/variants/layouts/") + name + ".gold.yaml", std::string(name) + ".txt");
    REQUIRE(c.records.size() == 2);
    for (const char* m : {"default", "upper-codes"}) {
      CAPTURE(m);
      const std::string xml = to_xml(c, m);
      auto back = records_from_xml(xml, "x.xml", mapping(m));
      CHECK(records_to_yaml(back) == records_to_yaml(c.records));
      // Each key the records hold with a value is an element of the document.
      auto doc = parse(xml);
      for (const char* key : {"weight", "note", "basis", "previous_value"}) {
        std::size_t values = 0;
        for (const auto& r : c.records)
          for (const auto* list : {&r.indicators.period, &r.indicators.annual})
            for (const auto& i : *list) {
            const std::string k = key;
              values += k == "weight" ? i.weight.has_value() : k == "note" ? i.note.has_value()
                        : k == "basis" ? i.basis.has_value() : i.previous_value.has_value();
            }
        const std::string element = mapping(m).at("indicator." + std::string(key)).element;
        CAPTURE(element);
        CHECK(doc.select_nodes(("//" + element).c_str()).size() == values);
      }
    }
  }
}

TEST_CASE("xml: a batch of several inputs is one document with every form") {
  Conversion a = fixture();
  Conversion b = fixture();
  b.file = "other.txt";
  b.records.resize(3);
  for (auto& r : b.records) r.source.file = "other.txt";
  std::vector<Conversion> batch{a, b};
  std::string xml = records_to_xml(batch, mapping("default"), kCreated);
  auto doc = parse(xml);
  CHECK(doc.select_nodes("/PerformanceTargets").size() == 1);
  CHECK(doc.select_nodes("/PerformanceTargets/TargetForm").size() == 23);
  CHECK(at(doc, "/PerformanceTargets/Header/FormCount") == "23");
  auto sources = doc.select_nodes("/PerformanceTargets/Header/SourceFiles/SourceFile");
  REQUIRE(sources.size() == 2);
  CHECK(std::string(sources[0].node().text().get()) == "shangdang-2025.txt");
  CHECK(std::string(sources[1].node().text().get()) == "other.txt");
  CHECK(at(doc, "/PerformanceTargets/TargetForm[21]/Source/@file") == "other.txt");
  auto back = records_from_xml(xml, "x.xml", mapping("default"));
  std::vector<Record> want = a.records;
  want.insert(want.end(), b.records.begin(), b.records.end());
  CHECK(records_to_yaml(back) == records_to_yaml(want));

  // Through the writers table, as `perfgoal convert` calls it.
  std::optional<Writer> w = make_writer("xml", WriterConfig{src("templates"), "default"});
  REQUIRE(w);
  CHECK(w->extension == ".xml");
  auto dir = scratch_dir("perfgoal-xml-batch");
  w->write(batch, dir / "batch.xml");
  const std::string written = slurp((dir / "batch.xml").string());
  CHECK(written.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
  CHECK(records_from_xml(written, "batch.xml", mapping("default")).size() == 23);
  std::filesystem::remove_all(dir);
}

TEST_CASE("xml: text with < & \" ' > and line breaks is escaped and read back as written") {
  Record r = fixture().records[0];
  r.source.file = "a \"quoted\" & <odd> name.txt";  // an attribute in the default mapping
  r.project.name = "A<B & \"C\" 'D' >E ]]> &amp;";
  r.overview = "第一行\r\n第二行\n\t缩进";  // CR survives only as a character reference
  r.basis = "   ";                       // white space only is a value like any other
  r.necessity = "";                      // empty is not null
  r.indicators.period[0].value = "<5 & >3";
  r.indicators.period[0].level1 = "2021版：成本指标";  // no code known: no code written
  r.source.pages = std::make_pair(3, 4);  // a form read from a PDF
  std::string xml = to_xml(one(r));
  CHECK(xml.find("A&lt;B &amp; \"C\" 'D' &gt;E ]]&gt; &amp;amp;") != std::string::npos);
  CHECK(xml.find("file=\"a &quot;quoted&quot; &amp; &lt;odd> name.txt\"") != std::string::npos);
  CHECK(xml.find("第一行&#13;\n第二行") != std::string::npos);
  CHECK(xml.find('\r') == std::string::npos);
  auto doc = parse(xml);
  CHECK(doc.select_nodes("//Indicator[1]/Level1Code").empty());
  CHECK(doc.select_nodes("//Indicator[1]/Level2Code").empty());  // 数量指标, but not under a known level 1
  CHECK(at(doc, "//Indicator[2]/Level2Code") == "12");
  for (const char* m : {"default", "upper-codes"}) {
    CAPTURE(m);
    auto back = records_from_xml(to_xml(one(r), m), "x.xml", mapping(m));
    REQUIRE(back.size() == 1);
    CHECK(*back[0].project.name == *r.project.name);
    CHECK(*back[0].overview == *r.overview);
    CHECK(*back[0].basis == "   ");
    CHECK(*back[0].necessity == "");
    CHECK(!back[0].sign_off.responsible);
    CHECK(back[0].source.file == r.source.file);
    CHECK(back[0].source.pages == std::make_pair(3, 4));
    CHECK(records_to_yaml(back) == records_to_yaml(std::vector<Record>{r}));
  }
}

TEST_CASE("xml: a control character XML 1.0 forbids is reported with its form and field, never written") {
  Record r = fixture().records[1];
  r.project.name = std::string("项目\x01名称");
  r.indicators.annual[2].value = std::string("\x1b[1m");
  Conversion c = one(r);
  c.file = r.source.file;
  try {
    to_xml(c);
    FAIL("no error");
  } catch (const InputError& e) {
    std::string msg = e.what();
    CHECK(msg.rfind(r.source.file + ":" + std::to_string(r.source.lines->first) + ": error: XML not written", 0) == 0);
    CHECK(msg.find("form 1, field project.name: control character U+0001") != std::string::npos);
    CHECK(msg.find("indicators.annual[3].value: control character U+001B") != std::string::npos);
  }
  // Through the writer: nothing is written, an older file stays as it was.
  auto dir = scratch_dir("perfgoal-xml-forbidden");
  { std::ofstream(dir / "out.xml") << "old"; }
  CHECK_THROWS_AS(xml_writer(mapping("default")).write(std::span<const Conversion>(&c, 1), dir / "out.xml"), InputError);
  std::ifstream in(dir / "out.xml");
  std::string old;
  in >> old;
  CHECK(old == "old");
  CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 1);
  std::filesystem::remove_all(dir);

  // Invalid UTF-8 and U+FFFF are refused too; tab, LF, CR are allowed.
  r = fixture().records[1];
  r.basis = std::string("a\xff" "b");
  CHECK_THROWS_WITH_AS(to_xml(one(r)), doctest::Contains("field basis: a byte that is not UTF-8"), InputError);
  r.basis = std::string("a\xef\xbf\xbf");
  CHECK_THROWS_WITH_AS(to_xml(one(r)), doctest::Contains("U+FFFF"), InputError);
  r.basis = "a\tb\nc\rd";
  CHECK_NOTHROW(to_xml(one(r)));
}

TEST_CASE("xml: 填报日期 in the mapping's date format, read back from either") {
  CHECK(format_xml_date("2024-12-17T09:07:09", XmlDateFormat::iso) == "2024-12-17T09:07:09");
  CHECK(format_xml_date("2024-12-17T09:07:09", XmlDateFormat::digits14) == "20241217090709");
  CHECK(format_xml_date("2024-12-17", XmlDateFormat::digits14) == "20241217");  // no time made up
  CHECK(format_xml_date("2024-12-17", XmlDateFormat::iso) == "2024-12-17");
  CHECK_FALSE(format_xml_date("20241217090709", XmlDateFormat::iso));
  CHECK(parse_xml_date("20241217090709") == "2024-12-17T09:07:09");
  CHECK(parse_xml_date("20241217") == "2024-12-17");
  CHECK(parse_xml_date("2024-12-17T09:07:09") == "2024-12-17T09:07:09");
  CHECK_FALSE(parse_xml_date("2024121709"));
  CHECK_FALSE(parse_xml_date("17.12.2024"));
  // Round trip of both forms of date through both mappings.
  for (const char* date : {"2024-12-17T09:07:09", "2025-01-02"}) {
    Record r = fixture().records[0];
    r.sign_off.filed_at = date;
    for (const char* m : {"default", "upper-codes"}) {
      CAPTURE(date);
      CAPTURE(m);
      auto back = records_from_xml(to_xml(one(r), m), "x.xml", mapping(m));
      REQUIRE(back.size() == 1);
      CHECK(back[0].sign_off.filed_at == std::optional<std::string>(date));
    }
  }
  // A document from the system (14 digits) read with the default mapping's
  // names, and an ISO date under the upper-codes names: either is read.
  std::string xml = to_xml(one(fixture().records[0]), "upper-codes");
  auto p = xml.find("<FILL_DATE>");
  REQUIRE(p != std::string::npos);
  xml.replace(p + 11, 14, "2023-05-06T07:08:09");
  auto back = records_from_xml(xml, "x.xml", mapping("upper-codes"));
  CHECK(back[0].sign_off.filed_at == std::optional<std::string>("2023-05-06T07:08:09"));
  xml.replace(p + 11, 19, "2023-13");
  CHECK_THROWS_WITH(records_from_xml(xml, "x.xml", mapping("upper-codes")), doctest::Contains("FILL_DATE"));
}

TEST_CASE("xml: a filing date that is not ISO 8601, or an unknown comparison, is refused") {
  Record r = fixture().records[0];
  r.sign_off.filed_at = "20241217090709";
  CHECK_THROWS_WITH_AS(to_xml(one(r)), doctest::Contains("field sign_off.filed_at"), InputError);
  CHECK_THROWS_WITH_AS(to_xml(one(r), "upper-codes"), doctest::Contains("field sign_off.filed_at"), InputError);
  r = fixture().records[0];
  r.indicators.period[0].op = "≈";
  CHECK_THROWS_WITH_AS(to_xml(one(r)), doctest::Contains("indicators.period[1].op: '≈' has no 计算符号 code"), InputError);
}

TEST_CASE("xml: the time of conversion honours SOURCE_DATE_EPOCH") {
  KeepSourceDateEpoch kept;
  setenv("SOURCE_DATE_EPOCH", "1735689600", 1);
  CHECK(xml_created_time() == "2025-01-01T00:00:00Z");
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  CHECK(xml_created_time() == "2023-11-14T22:13:20Z");
  setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
  CHECK_THROWS_WITH(xml_created_time(), doctest::Contains("SOURCE_DATE_EPOCH"));
  unsetenv("SOURCE_DATE_EPOCH");
  CHECK(xml_created_time().size() == 20);
}

TEST_CASE("xml reader: errors name the file and line") {
  CHECK_THROWS_WITH_AS(records_from_xml("<PerformanceTargets>\n<TargetForm>\n</Target>", "bad.xml", mapping("default")),
                       doctest::Contains("bad.xml:3: error: not well-formed XML"), InputError);
  CHECK_THROWS_WITH_AS(records_from_xml("<PERF_TARGET_EXPORT/>", "u.xml", mapping("default")),
                       doctest::Contains("u.xml:1: error: the root element is <PERF_TARGET_EXPORT>"), InputError);
  std::string xml = to_xml(one(fixture().records[0]));
  std::string bad = xml;
  bad.replace(bad.find("<ComputeSign>1<"), 15, "<ComputeSign>9<");
  CHECK_THROWS_WITH_AS(records_from_xml(bad, "s.xml", mapping("default")), doctest::Contains("unknown 计算符号 code '9'"),
                       InputError);
  bad = xml;
  bad.replace(bad.find("<Total>5300000.00<"), 18, "<Total>5,3000.0x<");
  CHECK_THROWS_WITH_AS(records_from_xml(bad, "s.xml", mapping("default")), doctest::Contains("should be a decimal number"),
                       InputError);
  bad = xml;
  const auto first_line = bad.find("firstLine=\"");
  REQUIRE(first_line != std::string::npos);
  bad.replace(first_line, bad.find('"', first_line + 11) + 1 - first_line, "firstLine=\"1.5\"");
  CHECK_THROWS_WITH_AS(records_from_xml(bad, "s.xml", mapping("default")),
                       doctest::Contains("'@firstLine' should be a whole number, not '1.5'"), InputError);
  bad = xml;
  bad.replace(bad.find("<FiledAt>"), 9 + 19, "<FiledAt>17.12.2024");
  CHECK_THROWS_WITH_AS(records_from_xml(bad, "s.xml", mapping("default")),
                       doctest::Contains("'FiledAt' should be a date (2024-12-17T09:07:09 or 20241217090709), not '17.12.2024'"),
                       InputError);
}

TEST_CASE("xml mapping: a broken mapping file is refused with its file and key") {
  const auto dir = mapping_folder("perfgoal-xml-mapping");
  const std::string base = slurp(src("templates/xml/default.yaml"));
  auto write = [&](const std::string& from, const std::string& to) {
    std::ofstream(dir / "m.yaml") << edited(base, from, to);
    return (dir / "m.yaml").string();
  };
  // Another portal's names: a new file, no new code.
  auto renamed = load_xml_mapping(write("project.name: ProjectName", "project.name: XiangMuMingCheng"));
  Conversion c = one(fixture().records[0]);
  std::string xml = to_xml(c, renamed);
  CHECK(xml.find("<XiangMuMingCheng>八义镇东山村滑坡治理费用</XiangMuMingCheng>") != std::string::npos);
  CHECK(records_to_yaml(records_from_xml(xml, "x.xml", renamed)) == records_to_yaml(c.records));

  CHECK_THROWS_WITH(load_xml_mapping(write("  title: Title\n", "")), doctest::Contains("no name for 'title'"));
  CHECK_THROWS_WITH(load_xml_mapping(write("  title: Title\n", "  title: Title\n  titel: X\n")),
                    doctest::Contains("unknown key 'titel'"));
  CHECK_THROWS_WITH(load_xml_mapping(write("title: Title", "title: FiscalYear")),
                    doctest::Contains("the same name inside 'form'"));
  CHECK_THROWS_WITH(load_xml_mapping(write("project: Project", "project: \"@project\"")),
                    doctest::Contains("only a single value can be an attribute"));
  CHECK_THROWS_WITH(load_xml_mapping(write("title: Title", "title: \"1 Title\"")), doctest::Contains("not an XML name"));
  // A flat group puts its children into the form: their names must not clash there.
  // The same name in two containers is fine; a flat group puts its children
  // into the form, where they must not clash.
  CHECK_NOTHROW(load_xml_mapping(write("sign_off.phone: Phone", "sign_off.phone: Title")));
  std::ofstream(dir / "flat.yaml") << edited(edited(base, "sign_off: SignOff", "sign_off: \"\""),
                                             "sign_off.phone: Phone", "sign_off.phone: Title");
  CHECK_THROWS_WITH(load_xml_mapping(dir / "flat.yaml"),
                    doctest::Contains("'sign_off.phone' and 'title' have the same name inside 'form'"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("xml mapping: found by name in templates/xml or as a file, unknown names listed") {
  CHECK(find_xml_mapping("upper-codes", src("templates")).name == "upper-codes");
  CHECK(find_xml_mapping(src("templates/xml/default.yaml"), "/nonexistent").name == "default");
  CHECK_THROWS_WITH(find_xml_mapping("nope", src("templates")), doctest::Contains("known: default upper-codes"));
  CHECK(mapping("default").schema_path() == std::filesystem::path(src("templates/xml/perfgoal-portal.xsd")));
  CHECK(std::filesystem::exists(mapping("upper-codes").schema_path()));
}

TEST_CASE("xml codes: the indicator tree and the comparison signs") {
  const XmlCodes& k = mapping("default").codes;
  CHECK(k.level1_code("产出指标") == "1");
  CHECK(k.level1_code("效 益 指 标") == "2");
  CHECK(k.level1_code("满意度") == "3");
  CHECK(!k.level1_code("成本指标"));  // the 2021 tree's first level: no code known
  CHECK(k.level2_code("数量指标", "1") == "11");
  CHECK(k.level2_code("成本指标", "1") == "14");
  CHECK(k.level2_code("服务对象满意度指标", "3") == "31");
  CHECK(!k.level2_code("数量指标", "2"));  // not under its own level 1
  CHECK(!k.level2_code("经济成本", std::nullopt));
  CHECK(k.sign_code(std::string(">=")) == "1");
  CHECK(k.sign_code(std::string(">")) == "2");
  CHECK(k.sign_code(std::string("=")) == "3");
  CHECK(k.sign_code(std::string("<")) == "4");
  CHECK(k.sign_code(std::string("<=")) == "5");
  CHECK(k.sign_code(std::nullopt) == "6");
  CHECK(!k.sign_code(std::string("≥")));
  CHECK(k.op_of_sign("5") == "<=");
  CHECK(k.op_of_sign("6") == "");
  CHECK(!k.op_of_sign("7"));
}

TEST_CASE("xml mapping: --templates DIR is where the default mapping comes from") {
  // A copy of the templates whose xml/default.yaml names 项目名称 otherwise.
  auto dir = scratch_dir("perfgoal-xml-templates");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "templates");
  std::filesystem::copy(src("templates"), dir / "templates", std::filesystem::copy_options::recursive);
  {
    const std::string text = slurp((dir / "templates/xml/default.yaml").string());
    std::ofstream(dir / "templates/xml/default.yaml")
        << edited(text, "project.name: ProjectName", "project.name: XiangMuMingCheng");
  }
  auto convert = [&](const std::string& extra, const std::string& out) {
    std::string cmd = std::string(PERFGOAL_BINARY) + " convert " + src("fixtures/shangdang-2025.txt") +
                      " --to xml --no-progress -q -o " + (dir / out).string() + extra;
    REQUIRE(std::system(cmd.c_str()) == 0);
    return slurp((dir / out / "shangdang-2025.xml").string());
  };
  std::string given = convert(" --templates " + (dir / "templates").string(), "given");
  CHECK(given.find("<XiangMuMingCheng>八义镇东山村滑坡治理费用</XiangMuMingCheng>") != std::string::npos);
  CHECK(given.find("<ProjectName>") == std::string::npos);
  // Without --templates: the installed (here: the source tree's) mapping.
  std::string installed = convert("", "installed");
  CHECK(installed.find("<ProjectName>八义镇东山村滑坡治理费用</ProjectName>") != std::string::npos);
  CHECK(installed.find("XiangMuMingCheng") == std::string::npos);
  std::filesystem::remove_all(dir);
}

namespace {

// A text of random pieces, with what XML escapes (& < > " ' tab, line
// breaks, "]]>"), spaces at either end, CJK, and now and then nothing.
std::optional<std::string> random_text(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {"&", "<", ">", "\"", "'", "\t", "\n", "\r", "\r\n", " ", "]]>",
                                                  "&amp;", "中文", "（）", "\xc2\xa0", "a", "0", "=", "\x7f", "#"};
  if (rng() % 5 == 0) return std::nullopt;
  std::string s;
  for (std::size_t n = rng() % 8; n > 0; --n) s += pieces[rng() % pieces.size()];
  return s;
}

Record random_record(std::mt19937& rng) {
  Record r = fixture().records[rng() % fixture().records.size()];
  for (const auto& f : record_fields())
    if (f.kind == FieldKind::text && rng() % 2) f.text(r) = random_text(rng);
  for (auto* list : {&r.indicators.period, &r.indicators.annual})
    for (auto& i : *list) {
      for (const auto& f : indicator_fields())
        if (f.kind == FieldKind::text && f.path != "op" && rng() % 3 == 0) f.text(i) = random_text(rng);
      if (rng() % 4 == 0) i.weight = Decimal::parse("12.5");
    }
  if (rng() % 3 == 0) r.indicators.annual.clear();
  if (rng() % 3 == 0) r.source.pages = std::make_pair(1, 2);
  if (rng() % 3 == 0) r.source.lines.reset();
  return r;
}

}  // namespace

TEST_CASE("xml: written as a stream, the bytes of pugixml's tree (random records, both mappings, attributes late)") {
  const auto dir = mapping_folder("perfgoal-xml-stream");
  // Attributes that come after their element's children (the form count of
  // the header, a phone number at the end of its group) and an empty group.
  std::string text = slurp(src("templates/xml/default.yaml"));
  for (auto [from, to] : {std::pair<std::string, std::string>{"header.form_count: FormCount", "header.form_count: \"@count\""},
                          {"sign_off.phone: Phone", "sign_off.phone: \"@phone\""},
                          {"sign_off: SignOff", "sign_off: \"\""}})
    text = edited(text, from, to);
  std::ofstream(dir / "late.yaml") << text;
  const XmlMapping late = load_xml_mapping(dir / "late.yaml");

  std::mt19937 rng(16);
  KeepSourceDateEpoch kept;
  setenv("SOURCE_DATE_EPOCH", "1735689600", 1);
  for (int n = 0; n < 60; ++n) {
    Conversion c;
    c.file = n % 2 ? "in.txt" : "批 & <次>.txt";
    for (std::size_t k = rng() % 6; k > 0; --k) c.records.push_back(random_record(rng));
    for (const XmlMapping* m : {&mapping("default"), &mapping("upper-codes"), &late}) {
      CAPTURE(m->name);
      const std::string tree = records_to_xml_tree(std::span<const Conversion>(&c, 1), *m, kCreated);
      REQUIRE(to_xml(c, *m) == tree);
      // The form writer: the same document, its header written last.
      auto w = open_xml_form_writer(*m, dir / "out.xml", c.file);
      for (const auto& r : c.records) w->add(r);
      w->finish(findings_of(c));
      CHECK(slurp((dir / "out.xml").string()) == tree);
    }
  }
  // The attributes are where the mapping puts them.
  Conversion c = one(fixture().records[0]);
  c.records[0].sign_off.phone = "0355-\"1\"&<2>";
  const std::string xml = to_xml(c, late);
  CHECK(xml.find("<Header count=\"1\">\n") != std::string::npos);
  CHECK(xml.find(" phone=\"0355-&quot;1&quot;&amp;&lt;2>\"") != std::string::npos);
  // A character XML forbids: refused alike.
  c.records[0].project.name = std::string("a\x01");
  std::string stream_error, tree_error;
  try { to_xml(c, late); } catch (const InputError& e) { stream_error = e.what(); }
  try { records_to_xml_tree(std::span<const Conversion>(&c, 1), late, kCreated); } catch (const InputError& e) { tree_error = e.what(); }
  CHECK(!stream_error.empty());
  CHECK(stream_error == tree_error);
  std::filesystem::remove_all(dir);
}
