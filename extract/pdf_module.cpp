// The program's PDF and image readers: the module's (see pdf_module.h),
// loaded the first time one is read. Found beside the program (a build tree)
// or in LIBDIR/perfgoal (installed: PERFGOAL_PDF_MODULE_FROM_BIN is that
// folder relative to BINDIR).
#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>

#include "extract/pdf_module.h"
#include "extract/pdf_reader.h"
#include "extract/scan_reader.h"
#include "model/errors.h"

namespace perfgoal {

namespace {

constexpr const char* kModuleName = "perfgoal-pdf.so";

// The module's table, loaded once; throws InputError for `file` (naming
// where the module was looked for) when it cannot be loaded.
const PdfModule& pdf_module(const std::filesystem::path& file) {
  static const PdfModule* loaded = nullptr;
  static std::string problem;
  static std::once_flag once;
  std::call_once(once, [] {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    const auto bin = exe.parent_path();
    std::string looked;
    for (const auto& candidate : {bin / kModuleName, bin / PERFGOAL_PDF_MODULE_FROM_BIN / kModuleName}) {
      looked += (looked.empty() ? "" : ", ") + candidate.string();
      if (ec || !std::filesystem::exists(candidate, ec)) continue;
      // RTLD_GLOBAL: the readers' libraries are found as if linked (the
      // scan reader looks up OpenMP's settings by name).
      void* handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_GLOBAL);
      if (!handle) {
        const char* why = dlerror();
        problem = "cannot load the PDF and scan reader " + candidate.string() + ": " + (why ? why : "?");
        return;
      }
      loaded = static_cast<const PdfModule*>(dlsym(handle, "perfgoal_pdf_module"));
      if (!loaded) problem = candidate.string() + " is no perfgoal PDF and scan reader";
      return;
    }
    problem = std::string("the PDF and scan reader ") + kModuleName + " is not installed (looked for " + looked + ")";
  });
  if (!loaded) throw InputError(file.string(), problem);
  return *loaded;
}

}  // namespace

CellDocument read_pdf_file(const std::filesystem::path& path, const ReadOptions& options) {
  return pdf_module(path).read_pdf_file(path, options);
}

CellDocument read_image_file(const std::filesystem::path& path, const ReadOptions& options) {
  return pdf_module(path).read_image_file(path, options);
}

}  // namespace perfgoal
