// The PDF and scan readers are a module of their own (perfgoal-pdf.so,
// extract/CMakeLists.txt), loaded by the program the first time it reads a
// PDF or an image: Poppler, Tesseract and Leptonica, and the libraries they
// bring, are then mapped and relocated only for such inputs. This is what the
// module gives the program's loader (pdf_module.cpp).
#pragma once

#include <filesystem>

#include "extract/reader.h"
#include "model/cells.h"

namespace perfgoal {

struct PdfModule {
  CellDocument (*read_pdf_file)(const std::filesystem::path& path, const ReadOptions& options);
  CellDocument (*read_image_file)(const std::filesystem::path& path, const ReadOptions& options);
};

}  // namespace perfgoal

// The module's table, looked up by this name.
extern "C" const perfgoal::PdfModule perfgoal_pdf_module;
