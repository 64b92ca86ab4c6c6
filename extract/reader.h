// The readers, picked from one table by file type.
// Adding a format is adding an entry to the table in reader.cpp.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/cells.h"

namespace perfgoal {

struct ReadOptions {
  std::string encoding;  // text inputs: "" = detect; else "UTF-8", "UTF-16", "GB18030", ...
};

struct Reader {
  std::string name;                     // "text", "pdf"
  std::vector<std::string> extensions;  // lower case, with the dot: ".txt", ".tsv"
  // Does the file's start look like this format? (used when the extension is unknown)
  std::function<bool(std::string_view head)> sniff;
  // Throws InputError naming the file (and line or page) when it cannot read.
  std::function<CellDocument(const std::filesystem::path&, const ReadOptions&)> read;
};

const std::vector<Reader>& readers();

// The reader for a file: by its first bytes where they are decisive (%PDF),
// then by extension, then text. Never null.
const Reader& reader_for(const std::filesystem::path& path);

// Reads any supported input into cells.
CellDocument read_cells(const std::filesystem::path& path, const ReadOptions& options = {});

}  // namespace perfgoal
