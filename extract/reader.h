// The readers, picked from one table by file type: forms (text, PDF, images)
// read into cells, and YAML records read back as records.
// Adding a format is adding an entry to the table in reader.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/cells.h"
#include "model/record.h"

namespace perfgoal {

// Limits that keep one bad file from eating the machine; a reader that hits
// one throws InputError saying which limit and how to raise it.
struct Limits {
  std::uintmax_t max_bytes = 256u << 20;  // input file size
  int max_pages = 2000;                   // PDF pages
  // Time allowed for one input; readers check it between pages / chunks.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// When pages are read by OCR (--ocr): auto = pages without a usable text
// layer; always = every page of a PDF; never = none (such pages are reported).
enum class OcrMode { automatic, always, never };

struct ReadOptions {
  std::string encoding;  // text inputs: "" = detect; else "UTF-8", "UTF-16", "GB18030", ...
  Limits limits;
  OcrMode ocr = OcrMode::automatic;
  int ocr_dpi = 300;  // PDF pages are rendered at this resolution for OCR (--ocr-dpi)
  // The label keys of the form templates (label_key of 项目名称, 二级指标,
  // 数量指标, ...), or null. Layout text (pdftotext -layout) uses them to tell
  // a label wrapped over two lines (主管部门及 / 代码) from two labels on
  // consecutive lines (项目名称 / 主管部门及代码).
  std::shared_ptr<const std::unordered_set<std::string>> labels;
  // What the templates say of some label keys: the indicator header's words
  // by their column's role ("level1", "level2", "name", "value", "weight",
  // ...), the indicator section's labels ("section") and the category
  // labels of the indicators (一级, 二级: "category"). Layout text reads the
  // indicator table by its header's columns with them, up to a line that
  // starts with another label (the sign-off); may be null.
  std::shared_ptr<const std::unordered_map<std::string, std::string>> label_roles;
};

// Throws InputError for `file` when the deadline has passed.
void check_deadline(const Limits& limits, const std::string& file, int line = 0, int page = 0);

// What a records reader gives: the records, and the 1-based line where each
// record's document starts.
struct RecordDocument {
  std::vector<Record> records;
  std::vector<int> document_lines;
};

// What a reader produces: cells (a form, to normalize) or records (already
// normalized, e.g. a record fixed by hand).
enum class ReaderKind { cells, records };

struct Reader {
  std::string name;                     // "text", "pdf", "records"
  std::vector<std::string> extensions;  // lower case, with the dot: ".txt", ".tsv"
  // Does the file's start look like this format? (used when the extension is unknown)
  std::function<bool(std::string_view head)> sniff;
  // Throws InputError naming the file (and line or page) when it cannot read.
  std::function<CellDocument(const std::filesystem::path&, const ReadOptions&)> read;  // kind cells
  ReaderKind kind = ReaderKind::cells;
  std::function<RecordDocument(const std::filesystem::path&, const ReadOptions&)> read_records;  // kind records
};

const std::vector<Reader>& readers();

// The reader for a file: a records reader by extension, in any case (.yaml,
// .YML: the extension is decisive, the content is not sniffed); else by its
// first bytes where they are decisive (%PDF), then by extension, then text.
// Never null.
const Reader& reader_for(const std::filesystem::path& path);

// Reads any supported form into cells (a record file is read as text, as
// any file of an unknown type).
CellDocument read_cells(const std::filesystem::path& path, const ReadOptions& options = {});

// Reads a record file (reader_for gives a records reader). Throws InputError
// naming the file (and line) when it cannot read, or when the file is not a
// record file.
RecordDocument read_records(const std::filesystem::path& path, const ReadOptions& options = {});

}  // namespace perfgoal
