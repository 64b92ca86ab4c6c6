// libFuzzer target: any bytes as a YAML record stream (a record edited by
// hand), then the checks. A stream that is read must print back to YAML that
// reads again to the same records. InputError is the expected way to refuse.
// The reader, libyaml's alone (records_from_yaml_libyaml) and the yaml-cpp
// one (records_from_yaml_cpp) must agree.
#include <cstddef>
#include <cstdint>
#include <string>

#include "emit/yaml_writer.h"
#include "extract/record_reader.h"
#include "fuzz/compare.h"
#include "model/errors.h"
#include "normalize/checks.h"

static const perfgoal::CheckConfig& check_config() {
  static const auto c = perfgoal::load_check_config(std::string(PERFGOAL_SOURCE_TEMPLATES) + "/checks.yaml");
  return c;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<perfgoal::Record> records;
  // The reader (libyaml) against yaml-cpp's, the reader it replaced: both
  // refuse or both read, the same records. Inputs with aliases are read by
  // the first only (yaml-cpp follows an alias inside its node forever).
  bool refused = false;
  std::string error;
  try {
    records = perfgoal::records_from_yaml(text, "fuzz.yaml");
  } catch (const perfgoal::InputError& e) {
    refused = true;
    error = e.what();
  }
  // The reader (the canonical reader first) against libyaml's alone and
  // yaml-cpp's: the same records, or the same error.
  perfgoal::fuzz::read_alike(&perfgoal::records_from_yaml_libyaml, text, "fuzz.yaml", refused, error, records);
  if (text.find('*') == std::string::npos)
    perfgoal::fuzz::read_alike(&perfgoal::records_from_yaml_cpp, text, "fuzz.yaml", refused, error, records);
  if (refused) return 0;
  perfgoal::check_records(records, "fuzz.yaml", check_config(), {});
  std::string once = perfgoal::records_to_yaml(records);
  std::vector<perfgoal::Record> again;
  try {
    again = perfgoal::records_from_yaml(once, "again.yaml");
  } catch (const perfgoal::InputError&) {
    __builtin_trap();  // our own output must read back
  }
  if (perfgoal::records_to_yaml(again) != once) __builtin_trap();
  return 0;
}
