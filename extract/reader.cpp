#include "extract/reader.h"

#include <algorithm>
#include <fstream>

#include "extract/pdf_reader.h"
#include "extract/record_reader.h"
#include "extract/scan_reader.h"
#include "extract/text_reader.h"
#include "model/errors.h"

namespace perfgoal {

// The PDF and image readers' sniffers are here, in the program: the readers
// themselves are loaded only for such a file (pdf_module.cpp).
bool sniff_pdf(std::string_view head) { return head.substr(0, 1024).find("%PDF-") != std::string_view::npos; }

bool sniff_image(std::string_view head) {
  auto starts = [&](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
  using namespace std::string_view_literals;
  return starts("\x89PNG\r\n\x1a\n"sv) || starts("\xff\xd8\xff"sv) || starts("II*\0"sv) || starts("MM\0*"sv);
}

const std::vector<Reader>& readers() {
  static const std::vector<Reader> table = {
      {"text", {".txt", ".tsv", ".tab", ".text"}, [](std::string_view) { return false; }, read_text_file,
       ReaderKind::cells, nullptr},
      {"pdf", {".pdf"}, sniff_pdf, read_pdf_file, ReaderKind::cells, nullptr},
      {"image", {".png", ".jpg", ".jpeg", ".tif", ".tiff"}, sniff_image, read_image_file, ReaderKind::cells, nullptr},
      {"records", {".yaml", ".yml"}, [](std::string_view) { return false; }, nullptr, ReaderKind::records,
       read_record_file},
  };
  return table;
}

namespace {
std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

bool has_extension(const Reader& r, const std::string& ext) {
  return std::find(r.extensions.begin(), r.extensions.end(), ext) != r.extensions.end();
}

// The cells reader for a file: by its first bytes where they are decisive
// (%PDF), then by extension, then text.
const Reader& cells_reader_for(const std::filesystem::path& path) {
  std::string head(1024, '\0');
  {
    std::ifstream in(path, std::ios::binary);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
  }
  for (const auto& r : readers())
    if (r.kind == ReaderKind::cells && r.sniff(head)) return r;
  std::string ext = lower_extension(path);
  for (const auto& r : readers())
    if (r.kind == ReaderKind::cells && has_extension(r, ext)) return r;
  return readers().front();  // text
}
}  // namespace

const Reader& reader_for(const std::filesystem::path& path) {
  std::string ext = lower_extension(path);
  for (const auto& r : readers())
    if (r.kind == ReaderKind::records && has_extension(r, ext)) return r;
  return cells_reader_for(path);
}

void check_deadline(const Limits& limits, const std::string& file, int line, int page) {
  check_deadline(limits.deadline, file, line, page);
}

CellDocument read_cells(const std::filesystem::path& path, const ReadOptions& options) {
  std::error_code ec;
  std::string file = path.filename().string();
  if (!std::filesystem::exists(path, ec)) throw InputError(file, "no such file: " + path.string());
  if (std::filesystem::is_directory(path, ec)) throw InputError(file, "is a directory, not a file");
  auto size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(file, "cannot read: " + ec.message());
  if (size == 0) throw InputError(file, "empty file");
  if (size > options.limits.max_bytes)
    throw InputError(file, "file is " + std::to_string(size >> 20) + " MiB, over the limit of " +
                               std::to_string(options.limits.max_bytes >> 20) + " MiB (--max-mib)");
  return cells_reader_for(path).read(path, options);
}

RecordDocument read_records(const std::filesystem::path& path, const ReadOptions& options) {
  const Reader& r = reader_for(path);
  if (r.kind != ReaderKind::records)
    throw InputError(path.filename().string(), "not a record file (.yaml, .yml): read as " + r.name);
  return r.read_records(path, options);
}

}  // namespace perfgoal
