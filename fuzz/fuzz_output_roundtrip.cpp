// libFuzzer target: YAML records (any bytes) through the XML and Excel
// writers. XML: a record the writer accepts reads back (emit/xml_reader.h)
// to the same record. Excel: the workbook is always written (texts it cannot
// hold are replaced or cut visibly, never a failed or corrupt file).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "emit/xlsx_writer.h"
#include "emit/xml_mapping.h"
#include "emit/xml_reader.h"
#include "emit/xml_writer.h"
#include "emit/yaml_writer.h"
#include "extract/record_reader.h"
#include "model/errors.h"
#include "config/form_template.h"

namespace {
const perfgoal::XmlMapping& mapping() {
  static auto m = perfgoal::find_xml_mapping("default", PERFGOAL_SOURCE_TEMPLATES);
  return m;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  perfgoal::Conversion c;
  c.file = "fuzz.yaml";
  try {
    c.records = perfgoal::records_from_yaml(std::string(reinterpret_cast<const char*>(data), size), c.file);
  } catch (const perfgoal::InputError&) {
    return 0;
  }
  std::span<const perfgoal::Conversion> batch(&c, 1);
  try {
    std::string xml = perfgoal::records_to_xml(batch, mapping(), "2025-01-01T00:00:00Z");
    auto back = perfgoal::records_from_xml(xml, "fuzz.xml", mapping());
    if (perfgoal::records_to_yaml(back) != perfgoal::records_to_yaml(c.records)) __builtin_trap();
  } catch (const perfgoal::InputError&) {
    // refused: a text XML 1.0 cannot hold, a date that is not ISO 8601
  }
  // One workbook per process, rewritten each run and removed when the process ends.
  struct ScratchFile {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("perfgoal-fuzz-" + std::to_string(::getpid()) + ".xlsx");
    ~ScratchFile() {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  };
  static const ScratchFile scratch;
  const std::filesystem::path& out = scratch.path;
  perfgoal::XlsxOptions options;
  options.constant_memory = false;  // no temporary file per sheet: faster, same text gate
  options.max_form_sheets = 4;
  perfgoal::write_xlsx(batch, out, options);  // throws (and the fuzzer reports it) only on a bug
  return 0;
}
