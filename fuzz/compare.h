// What the fuzz targets compare: a text read by the records reader and by
// the readers it is tested against (extract/record_reader.h). Each check
// traps (__builtin_trap, the fuzzer's finding) when the two differ.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emit/yaml_writer.h"
#include "extract/record_reader.h"
#include "model/errors.h"
#include "model/fields.h"

namespace perfgoal::fuzz {

// A records reader: records_from_yaml, records_from_yaml_libyaml,
// records_from_yaml_cpp.
using ReadRecords = std::vector<Record> (*)(const std::string& text, const std::string& file,
                                            std::vector<int>* document_lines);

// `read` on `text` does what the records reader did: refuses it with the
// same message `error` (when `refused`), or reads the same `records` (their
// YAML compared). Returns what `read` read (nothing when it refused).
inline std::vector<Record> read_alike(ReadRecords read, const std::string& text, const std::string& file,
                                      bool refused, const std::string& error, const std::vector<Record>& records) {
  try {
    std::vector<Record> got = read(text, file, nullptr);
    if (refused || records_to_yaml(got) != records_to_yaml(records)) __builtin_trap();
    return got;
  } catch (const InputError& e) {
    if (!refused || error != e.what()) __builtin_trap();
  }
  return {};
}

// Every text field the same in `a` and `b`: the record's, and those of its
// first 实施期 indicator.
inline void same_texts(const Record& a, const Record& b) {
  for (const auto& f : record_fields())
    if (f.kind == FieldKind::text && f.text(a) != f.text(b)) __builtin_trap();
  for (const auto& f : indicator_fields())
    if (f.kind == FieldKind::text && f.text(a.indicators.period.at(0)) != f.text(b.indicators.period.at(0)))
      __builtin_trap();
}

// Valid UTF-8 of scalar values other than the noncharacters U+xFFFE and
// U+xFFFF: a text the YAML record writer gives back as it is (the writer's
// oracle in fuzz_record_yaml and in tests/unit/test_record_yaml.cpp).
inline bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    int cp = n == 1 ? c : c & (0x7F >> n);
    for (int k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return false;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || (cp & 0xFFFE) == 0xFFFE) return false;
    i += n;
  }
  return true;
}

}  // namespace perfgoal::fuzz
