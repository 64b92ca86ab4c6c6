// libFuzzer target: any bytes through the text reader and normalize.
// Must never crash, hang or leak; InputError is the expected way to refuse.
#include <cstddef>
#include <cstdint>
#include <string>

#include "extract/text_reader.h"
#include "model/errors.h"
#include "normalize/normalize.h"

static const std::vector<perfgoal::FormTemplate>& templates() {
  static auto t = perfgoal::load_templates(PERFGOAL_SOURCE_TEMPLATES);
  return t;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    std::string used;
    std::string text = perfgoal::decode_text(bytes, "fuzz.txt", "", used);
    perfgoal::CellDocument doc = perfgoal::cells_from_text(text, "fuzz.txt");
    perfgoal::normalize(doc, templates());
  } catch (const perfgoal::InputError&) {
  }
  return 0;
}
