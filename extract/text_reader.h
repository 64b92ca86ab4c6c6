// Text exports of the forms: tab-separated rows (as exported from the budget
// system or a spreadsheet) and space-aligned layout text.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

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
// `labels`: label keys (ReadOptions::labels), `roles`: the indicator
// header's and section's keys (ReadOptions::label_roles), used by layout
// text; may be null.
CellDocument cells_from_text(std::string_view utf8, const std::string& file,
                             const std::unordered_set<std::string>* labels = nullptr,
                             const std::unordered_map<std::string, std::string>* roles = nullptr);

// The rows of a text file one at a time, for inputs converted as a stream: the
// file is read in blocks (never whole), its rows the same as read_text_file's
// (decode_text, then cells_from_text). UTF-8, UTF-16 and GB18030 files
// stream, detected as decode_text detects them or named by a forced encoding,
// other encodings decoded a block at a time (each file read twice: checked,
// then read). open() returns null for a file read_text_file has an error for
// (bytes not of the encoding, NUL bytes, an unknown encoding), for page layout
// text (form feeds) and for what is not a regular file: those are read whole
// by read_text_file, with its messages.
class TextRowStream {
 public:
  static std::unique_ptr<TextRowStream> open(const std::filesystem::path& path, const ReadOptions& options);
  ~TextRowStream();
  // The next row that holds a cell; false at the end.
  bool next(Row& row);
  const std::string& encoding() const { return encoding_; }

 private:
  TextRowStream() = default;
  struct Lines;
  std::unique_ptr<Lines> lines_;
  std::string file_;
  std::string encoding_ = "UTF-8";
  bool strip_bom_ = true;
  int number_ = 0;
};

CellDocument read_text_file(const std::filesystem::path& path, const ReadOptions& options);

}  // namespace perfgoal
