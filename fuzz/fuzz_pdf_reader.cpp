// libFuzzer target: any bytes as a PDF through the PDF reader and normalize.
// Must never crash, hang or leak; InputError is the expected way to refuse.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "extract/pdf_reader.h"
#include "model/errors.h"
#include "normalize/normalize.h"

static const std::vector<perfgoal::FormTemplate>& templates() {
  static auto t = perfgoal::load_templates(PERFGOAL_SOURCE_TEMPLATES);
  return t;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The reader takes a file (Poppler opens it): one per process, rewritten
  // each run and removed when the process ends.
  struct ScratchFile {
    std::string path = (std::filesystem::temp_directory_path() /
                         ("perfgoal-fuzz-" + std::to_string(::getpid()) + ".pdf"))
                           .string();
    ~ScratchFile() {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  };
  static const ScratchFile scratch;
  const std::string& path = scratch.path;
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    perfgoal::ReadOptions options;
    options.limits.max_pages = 20;
    // The text-layer reader only: rendering image pages for OCR goes through
    // fontconfig and Tesseract (third-party, seconds per page), not this target.
    options.ocr = perfgoal::OcrMode::never;
    perfgoal::CellDocument doc = perfgoal::read_pdf_file(path, options);
    perfgoal::normalize(doc, templates());
  } catch (const perfgoal::InputError&) {
  }
  return 0;
}
