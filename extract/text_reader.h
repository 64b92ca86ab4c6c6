// Text exports of the forms: tab-separated rows (as exported from the budget
// system or a spreadsheet) and space-aligned layout text.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "extract/reader.h"
#include "model/cells.h"

namespace perfgoal {

// Decodes bytes to UTF-8: a BOM decides (UTF-8, UTF-16LE/BE); else valid
// UTF-8 is UTF-8; else GB18030. `forced` ("" = detect) names an iconv
// encoding to use instead. `used` receives the encoding's name.
// Throws InputError (with the line) on bytes the encoding cannot decode.
std::string decode_text(std::string_view bytes, const std::string& file, const std::string& forced,
                        std::string& used);

// Splits decoded UTF-8 text into rows of cells (tabs; or, for lines without
// tabs, runs of two or more spaces as column gaps).
CellDocument cells_from_text(std::string_view utf8, const std::string& file);

CellDocument read_text_file(const std::filesystem::path& path, const ReadOptions& options);

}  // namespace perfgoal
