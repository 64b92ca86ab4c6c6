// The schema-driven record writer (emit/record_yaml.h) against yaml-cpp: the
// same bytes as yaml-cpp's Emitter on the fixture and on generated odd text,
// and every text read back by yaml-cpp as the text written.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <random>
#include <type_traits>

#include "cli/pipeline.h"
#include "emit/record_yaml.h"
#include "fuzz/compare.h"
#include "model/fields.h"
#include "tests/unit/support.h"

using namespace perfgoal;
using namespace perfgoal::test;

namespace {

// ---- the reference: the record written with yaml-cpp's Emitter ----
void ref_value(YAML::Emitter& out, const Funds& f);
void ref_value(YAML::Emitter& out, const std::vector<Indicator>& list);

template <class Owner>
void ref_value(YAML::Emitter& out, const Field<Owner>& f, const Owner& o) {
  switch (f.kind) {
    case FieldKind::text:
      if (const auto& v = f.text(o)) out << YAML::DoubleQuoted << *v; else out << YAML::Null;
      return;
    case FieldKind::integer:
    case FieldKind::years:
      if (const auto& v = f.integer(o)) out << *v; else out << YAML::Null;
      return;
    case FieldKind::money:
    case FieldKind::quantity:
      if (const auto& v = f.number(o)) out << v->to_string_fixed(f.kind == FieldKind::money ? 2 : 0);
      else out << YAML::Null;
      return;
    case FieldKind::date_time:
      if (const auto& v = f.text(o)) out << *v; else out << YAML::Null;
      return;
    case FieldKind::funds:
      if constexpr (std::is_same_v<Owner, Record>) ref_value(out, f.funds(o));
      return;
    case FieldKind::indicators:
      if constexpr (std::is_same_v<Owner, Record>) ref_value(out, f.list(o));
      return;
  }
}

template <class Owner>
void ref_fields(YAML::Emitter& out, std::span<const Field<Owner>> table, const Owner& o) {
  std::string_view open;
  for (const auto& f : table) {
    if (f.has && !f.has(const_cast<Owner&>(o))) continue;
    if (f.group() != open) {
      if (!open.empty()) out << YAML::EndMap;
      open = f.group();
      if (!open.empty()) out << YAML::Key << std::string(open) << YAML::Value << YAML::BeginMap;
    }
    out << YAML::Key << std::string(f.key()) << YAML::Value;
    ref_value(out, f, o);
  }
  if (!open.empty()) out << YAML::EndMap;
}

void ref_value(YAML::Emitter& out, const Funds& f) {
  out << YAML::BeginMap;
  ref_fields(out, funds_fields(), f);
  out << YAML::EndMap;
}

void ref_value(YAML::Emitter& out, const std::vector<Indicator>& list) {
  out << YAML::BeginSeq;
  for (const auto& i : list) {
    out << YAML::BeginMap;
    ref_fields(out, indicator_fields(), i);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

std::string reference(const Record& r) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetNullFormat(YAML::LowerNull);
  out << YAML::BeginDoc << YAML::BeginMap;
  out << YAML::Key << "format" << YAML::Value << kRecordFormat;
  out << YAML::Key << "source" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "file" << YAML::Value << YAML::DoubleQuoted << r.source.file;
  for (auto [key, v] : {std::pair{"pages", &r.source.pages}, std::pair{"lines", &r.source.lines}})
    if (*v) out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq << (*v)->first << (*v)->second << YAML::EndSeq;
  if (r.source.template_name)
    out << YAML::Key << "template" << YAML::Value << YAML::DoubleQuoted << *r.source.template_name;
  out << YAML::EndMap;
  ref_fields(out, record_fields(), r);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string written(const Record& r) {
  std::string s;
  append_record_yaml(s, r);
  return s;
}

// Text that YAML would read as something else if it were written plain, or
// that needs escaping, or that is not UTF-8 at all.
const std::vector<std::string>& odd_texts() {
  static const std::vector<std::string> t = {
      "", "012", "0x1F", "1e3", "-5", ".5", "yes", "No", "on", "OFF", "y", "true", "False", "null", "Null", "~",
      ".inf", "-.Inf", ".nan", "2024-12-17", "2024-12-17T09:07:09", "a: b", "a #b", "#x", ": ", "- x", "? x",
      "[1, 2]", "{a: 1}", "*anchor", "&a", "!tag", "|", ">", "%YAML", "@", "`", "'single'", "\"double\"",
      " lead", "trail ", "  ", "\t", "a\nb", "a\r\nb", "back\\slash", "\x01\x02\x1f\x7f", "\b\f\v\a\x1b",
      "é", "\xc2\x80", "\xc2\x85", "\xc2\xa0", "\xc2\xa1", "\xef\xbb\xbf", "\u2028\u2029", "\xef\xbf\xbe",
      "\xf0\x9f\x98\x80", "中文：值", "≥110人", "---", "...", "--- x", "\xff", "\xc3", "\xe4\xb8", "\x80" "abc",
      "\xed\xa0\x80", "\xc0\x8a", "\xe0\x80\x8a", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "a\0b"};
  return t;
}

Record odd_record(std::mt19937& rng, const Record& base) {
  const auto& odd = odd_texts();
  auto pick = [&]() -> std::optional<std::string> {
    switch (rng() % 4) {
      case 0: return std::nullopt;
      case 1: return odd[rng() % odd.size()];
      case 2: {  // random bytes, biased to the interesting ones
        static const std::string alphabet = "\"\\: #-'\n\t\x01\x7f\xc2\xa0\xe4\xb8\xad\xef\xbb\xbf\xff\x80" "aZ09.";
        std::string s;
        for (size_t n = rng() % 12; n > 0; --n) s += alphabet[rng() % alphabet.size()];
        return s;
      }
      default: return odd[rng() % odd.size()] + odd[rng() % odd.size()];
    }
  };
  Record r = base;
  r.source.file = pick().value_or("");
  for (const auto& f : record_fields())
    if (f.kind == FieldKind::text) f.text(r) = pick();
  for (auto* list : {&r.indicators.period, &r.indicators.annual})
    for (auto& i : *list)
      for (const auto& f : indicator_fields())
        if (f.kind == FieldKind::text) f.text(i) = pick();
  if (rng() % 3 == 0) r.indicators.annual.clear();
  if (rng() % 3 == 0) r.source.pages = std::make_pair(1, 2);
  if (rng() % 3 == 0) r.source.lines.reset();
  if (rng() % 3 == 0) r.source.template_name = pick();
  if (rng() % 4 == 0) r.fiscal_year = -1;
  if (rng() % 4 == 0) r.funds.annual.other = Decimal::parse("-0.5");
  return r;
}

const Conversion& fixture() {
  static Conversion c = convert_input(src("fixtures/shangdang-2025.txt"), templates());
  return c;
}

}  // namespace

TEST_CASE("record writer: the fixture's records as yaml-cpp's Emitter writes them") {
  REQUIRE(fixture().records.size() == 20);
  for (const auto& r : fixture().records) CHECK(written(r) == reference(r));
}

TEST_CASE("record writer: odd text, empty lists, pages: the Emitter's bytes, read back as written") {
  std::mt19937 rng(16);
  const Record& base = fixture().records[0];
  for (int n = 0; n < 400; ++n) {
    Record r = odd_record(rng, base);
    std::string yaml = written(r);
    REQUIRE_MESSAGE(yaml == reference(r), yaml);
    YAML::Node doc = YAML::Load(yaml);
    if (fuzz::valid_utf8(r.source.file)) CHECK(doc["source"]["file"].as<std::string>() == r.source.file);
    for (const auto& f : record_fields()) {
      if (f.kind != FieldKind::text || (f.has && !f.has(r))) continue;
      YAML::Node node = f.group().empty() ? doc[std::string(f.key())] : doc[std::string(f.group())][std::string(f.key())];
      const auto& v = f.text(r);
      if (!v) {
        CHECK(node.IsNull());
      } else if (fuzz::valid_utf8(*v)) {
        CHECK_MESSAGE(node.Scalar() == *v, yaml);
        CHECK(node.Tag() == "!");  // quoted: read as a string, never a number, boolean or null
      }
    }
    CHECK(doc["indicators"]["annual"].size() == r.indicators.annual.size());
  }
}

TEST_CASE("record writer: double quotes escape what yaml-cpp escapes") {
  auto q = [](std::string_view s) {
    std::string out;
    append_double_quoted(out, s);
    return out;
  };
  CHECK(q("012") == "\"012\"");
  CHECK(q("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(q("\n\t\x01") == "\"\\n\\t\\x01\"");
  CHECK(q("\xc2\xa0") == "\"\\xa0\"");
  CHECK(q("\xef\xbb\xbf") == "\"\\ufeff\"");
  CHECK(q("\xff") == "\"\xef\xbf\xbd\"");  // not UTF-8: the replacement character
  CHECK(q("中文") == "\"中文\"");
}
