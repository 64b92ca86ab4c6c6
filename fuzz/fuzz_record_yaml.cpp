// libFuzzer target: the schema-driven YAML record writer. The input is cut at
// NUL bytes into texts that fill a record's text fields; the written document
// must parse with yaml-cpp and give back every text that is valid UTF-8, as a
// quoted string (never a number, boolean or null); and the records reader
// (the canonical reader first) reads it as libyaml's reader and the yaml-cpp
// reader do.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "emit/record_yaml.h"
#include "emit/yaml_writer.h"
#include "extract/record_reader.h"
#include "fuzz/compare.h"
#include "model/errors.h"
#include "model/fields.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace perfgoal;
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0)
      parts.emplace_back();
    else
      parts.back() += static_cast<char>(data[i]);
  }
  Record r;
  Indicator ind;
  size_t next = 0;
  auto take = [&]() -> std::optional<std::string> {
    if (next >= parts.size()) return std::nullopt;
    return parts[next++];
  };
  for (const auto& f : record_fields())
    if (f.kind == FieldKind::text) f.text(r) = take();
  for (const auto& f : indicator_fields())
    if (f.kind == FieldKind::text) f.text(ind) = take();
  r.indicators.period.push_back(ind);

  std::string yaml;
  append_record_yaml(yaml, r);
  YAML::Node doc;
  try {
    doc = YAML::Load(yaml);
  } catch (const YAML::Exception&) {
    __builtin_trap();  // the writer wrote something that is not YAML
  }
  for (const auto& f : record_fields()) {
    if (f.kind != FieldKind::text || !f.in(r)) continue;
    YAML::Node n = f.group().empty() ? doc[std::string(f.key())] : doc[std::string(f.group())][std::string(f.key())];
    const auto& v = f.text(r);
    if (!v) {
      if (!n.IsNull()) __builtin_trap();
    } else if (fuzz::valid_utf8(*v) && (n.Scalar() != *v || n.Tag() != "!")) {
      __builtin_trap();
    }
  }
  // The records reader (the canonical reader first) reads the writer's
  // document as libyaml's reader alone and yaml-cpp's reader do, one record,
  // every text alike.
  std::vector<Record> fast;
  try {
    fast = records_from_yaml(yaml, "w.yaml");
  } catch (const InputError&) {
    __builtin_trap();  // the writer's document is a record
  }
  if (fast.size() != 1) __builtin_trap();
  for (fuzz::ReadRecords read : {&records_from_yaml_libyaml, &records_from_yaml_cpp}) {
    std::vector<Record> other = fuzz::read_alike(read, yaml, "w.yaml", false, "", fast);
    if (other.size() != 1) __builtin_trap();
    fuzz::same_texts(fast[0], other[0]);
  }
  YAML::Node i = doc["indicators"]["period"][0];
  for (const auto& f : indicator_fields()) {
    if (f.kind != FieldKind::text || !f.in(ind)) continue;
    const auto& v = f.text(ind);
    if (v && fuzz::valid_utf8(*v) && i[std::string(f.key())].Scalar() != *v) __builtin_trap();
  }
  return 0;
}
