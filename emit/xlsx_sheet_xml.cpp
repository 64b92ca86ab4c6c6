#include "emit/xlsx_sheet_xml.h"

#include <isa-l/igzip_lib.h>
#include <unzip.h>
#include <zip.h>
#include <zlib.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "emit/xlsx_text.h"

namespace perfgoal::xlsx {

namespace {

constexpr std::size_t kChunk = 256 * 1024;
// Deflated rows kept in memory up to this size (a form sheet's few KiB;
// 汇总 of 10^3 forms), beyond it in a temporary file.
constexpr std::size_t kInMemory = 1 << 20;
// The rows are deflated by ISA-L's igzip (Debian's libisal), level 2.
// Measured on 绩效指标 of 10,000 forms (125 MB of XML), one core: zlib
// level 1 0.72 s, 12.7 MB; zlib level 2 0.71 s, 12.2 MB; igzip level 1
// 0.17 s, 12.6 MB; igzip level 2 0.16 s, 12.6 MB; igzip level 3 0.69 s,
// 12.2 MB (libxlsxwriter's zlib level 6: 10.1 MB, ~1.2 s). Any deflate
// stream will do: the parts are compared uncompressed.
constexpr int kIgzipLevel = 2;
// The level the zip entry states (its flag bits 1-2: "fast").
constexpr int kLevel = 2;
constexpr double kDefaultRowHeight = 15;  // libxlsxwriter's LXW_DEF_ROW_HEIGHT

void append_int(std::string& out, long long v) {
  char b[24];
  auto r = std::to_chars(b, b + sizeof b, v);
  out.append(b, r.ptr);
}

// As libxlsxwriter prints a double ("%.16G"). A whole number below 10^15
// (序号, most amounts) prints as its digits: those without printf (-0
// stays with printf: "-0").
void append_double(std::string& out, double v) {
  if (v > -1e15 && v < 1e15 && v == static_cast<double>(static_cast<long long>(v)) && !(v == 0 && std::signbit(v))) {
    append_int(out, static_cast<long long>(v));
    return;
  }
  char b[40];
  int n = std::snprintf(b, sizeof b, "%.16G", v);
  out.append(b, static_cast<std::size_t>(n));
}

void append_cell_ref(std::string& out, int row, int col) {
  append_column_letters(out, col);
  append_int(out, row + 1);
}

// libxlsxwriter's escaping of a text in an element: control characters but
// tab and line feed as _xHHHH_ (when a text is written), then & < >.
void append_escaped(std::string& out, const std::string& s) {
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n') {
          static const char hex[] = "0123456789ABCDEF";
          out += "_x00";
          out += hex[c >> 4];
          out += hex[c & 15];
          out += '_';
        } else {
          out += ch;
        }
    }
  }
}

// Only & < > escaped (a formula: libxlsxwriter leaves its control characters;
// an element's text written by lxw_xml_data_element(): a note's, an author's).
void append_data(std::string& out, const std::string& s) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
}

bool kept_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

}  // namespace

// A raw deflate stream (igzip, kIgzipLevel) given in pieces.
struct DeflatedText::Stream {
  isal_zstream z;
  std::vector<std::uint8_t> level_buf;

  Stream() : level_buf(ISAL_DEF_LVL2_DEFAULT) {
    isal_deflate_init(&z);
    z.level = kIgzipLevel;
    z.level_buf = level_buf.data();
    z.level_buf_size = static_cast<std::uint32_t>(level_buf.size());
  }
  // Deflates [p, p + n): NO_FLUSH keeps what it may; SYNC_FLUSH ends the
  // data so far on a byte boundary (an empty stored block), `last` ends the
  // stream with its final block. The output goes to out(bytes, count).
  template <typename Out>
  void put(const char* p, std::size_t n, std::uint16_t flush, bool last, Out&& out) {
    z.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(p));
    z.avail_in = static_cast<std::uint32_t>(n);
    z.flush = flush;
    z.end_of_stream = last ? 1 : 0;
    std::uint8_t block[64 * 1024];
    for (;;) {
      z.next_out = block;
      z.avail_out = sizeof block;
      const std::uint32_t before = z.avail_in;
      if (isal_deflate(&z) != COMP_OK) throw std::runtime_error("cannot compress a sheet");
      const std::size_t made = sizeof block - z.avail_out;
      out(reinterpret_cast<const char*>(block), made);
      const int state = z.internal_state.state;
      const bool done = z.avail_in == 0 && z.avail_out > 0 &&
                        (last ? state == ZSTATE_END : flush == NO_FLUSH || state == ZSTATE_NEW_HDR);
      if (done) break;
      if (made == 0 && z.avail_in == before) throw std::runtime_error("cannot compress a sheet: no progress");
    }
  }
};

DeflatedText::DeflatedText() { crc_ = static_cast<std::uint32_t>(crc32(0, nullptr, 0)); }

DeflatedText::~DeflatedText() {
  delete z_;
  if (file_) std::fclose(file_);
}

void DeflatedText::maybe_deflate() {
  if (!ended_ && buf_.size() >= kChunk) deflate_out(false);
}

SheetXml::Cell* SheetXml::put(int row, int col, Kind kind, lxw_format* f) {
  if (finished_ || row < row_ || row < 0 || col < 0) return nullptr;
  if (row > row_) {
    if (row_ >= 0) flush_row();
    row_ = row;
    height_ = -1;
  }
  if (static_cast<std::size_t>(col) >= cells_.size()) cells_.resize(static_cast<std::size_t>(col) + 1);
  Cell& cell = cells_[static_cast<std::size_t>(col)];
  cell.kind = kind;
  cell.format = f;
  return &cell;
}

bool SheetXml::text(int row, int col, const std::string& s, lxw_format* f) {
  if (s.empty()) return blank(row, col, f);  // as libxlsxwriter writes ""
  Cell* c = put(row, col, Kind::text, f);
  if (c) c->text = s;
  return c != nullptr;
}

bool SheetXml::number(int row, int col, double v, lxw_format* f) {
  Cell* c = put(row, col, Kind::number, f);
  if (c) c->number = v;
  return c != nullptr;
}

bool SheetXml::blank(int row, int col, lxw_format* f) {
  if (!f) return true;  // libxlsxwriter ignores a blank cell without a format
  return put(row, col, Kind::blank, f) != nullptr;
}

bool SheetXml::formula(int row, int col, const std::string& formula, lxw_format* f, double cached) {
  Cell* c = put(row, col, Kind::formula, f);
  if (!c) return false;
  c->text = !formula.empty() && formula[0] == '=' ? formula.substr(1) : formula;
  c->number = cached;
  return true;
}

bool SheetXml::row_height(int row, double points) {
  if (finished_ || row < row_ || row < 0) return false;
  if (row > row_) {
    if (row_ >= 0) flush_row();
    row_ = row;
  }
  height_ = points;
  return true;
}

void SheetXml::flush_row() {
  std::string& out = out_.buffer();
  out += "<row r=\"";
  append_int(out, row_ + 1);
  out += '"';
  if (height_ >= 0 && height_ != kDefaultRowHeight) {
    out += " ht=\"";
    append_double(out, height_);
    out += "\" customHeight=\"1\"";
  }
  bool any = false;
  for (std::size_t col = 0; col < cells_.size(); ++col) {
    Cell& c = cells_[col];
    if (c.kind == Kind::none) continue;
    if (!any) {
      out += '>';
      any = true;
    }
    const int c_col = static_cast<int>(col);
    if (row_min_ < 0 || row_ < row_min_) row_min_ = row_;
    if (row_ > row_max_) row_max_ = row_;
    if (col_min_ < 0 || c_col < col_min_) col_min_ = c_col;
    if (c_col > col_max_) col_max_ = c_col;
    out += "<c r=\"";
    append_cell_ref(out, row_, c_col);
    out += '"';
    // The format's number is given when the row is written, as libxlsxwriter does.
    const int32_t style = c.format ? lxw_format_get_xf_index(c.format) : 0;
    if (style) {
      out += " s=\"";
      append_int(out, style);
      out += '"';
    }
    switch (c.kind) {
      case Kind::text: {
        // libxlsxwriter tests the escaped text's first and last byte with
        // isspace(): of the spaces only ' ', tab and line feed are left
        // unescaped (the others became _x000D_ ...), text is never empty.
        out += kept_space(c.text.front()) || kept_space(c.text.back()) ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                                                                        : " t=\"inlineStr\"><is><t>";
        append_escaped(out, c.text);
        out += "</t></is></c>";
        break;
      }
      case Kind::number:
        out += "><v>";
        append_double(out, c.number);
        out += "</v></c>";
        break;
      case Kind::blank: out += "/>"; break;
      case Kind::formula:
        out += "><f>";
        append_data(out, c.text);
        out += "</f><v>";
        append_double(out, c.number);
        out += "</v></c>";
        break;
      case Kind::none: break;
    }
    c.kind = Kind::none;
  }
  out += any ? "</row>" : "/>";
  out_.maybe_deflate();
}

void DeflatedText::deflate_out(bool sync) {
  // The compressor (half a MiB) is made when there is something to deflate:
  // a sheet without notes needs none.
  if (buf_.empty() && !(sync && z_)) return;
  if (!z_) z_ = new Stream;
  crc_ = static_cast<std::uint32_t>(
      crc32(crc_, reinterpret_cast<const Bytef*>(buf_.data()), static_cast<uInt>(buf_.size())));
  size_ += buf_.size();
  z_->put(buf_.data(), buf_.size(), sync ? SYNC_FLUSH : NO_FLUSH, false,
          [&](const char* p, std::size_t n) { keep(p, n); });
  buf_.clear();
}

void DeflatedText::keep(const char* p, std::size_t n) {
  if (n == 0) return;
  deflated_size_ += n;
  if (!file_ && deflated_.size() + n <= kInMemory) {
    deflated_.append(p, n);
    return;
  }
  if (!file_) {
    file_ = std::tmpfile();
    if (!file_) throw std::runtime_error(std::string("cannot make a temporary file: ") + std::strerror(errno));
    if (!deflated_.empty() && std::fwrite(deflated_.data(), 1, deflated_.size(), file_) != deflated_.size())
      throw std::runtime_error(std::string("cannot write a temporary file: ") + std::strerror(errno));
    std::string().swap(deflated_);
  }
  if (std::fwrite(p, 1, n, file_) != n)
    throw std::runtime_error(std::string("cannot write a temporary file: ") + std::strerror(errno));
}

void DeflatedText::end() {
  if (ended_) return;
  deflate_out(true);
  if (file_ && std::fflush(file_) != 0) throw std::runtime_error("cannot write a temporary file");
  delete z_;
  z_ = nullptr;
  std::string().swap(buf_);
  ended_ = true;
}

void SheetXml::end_of_sheet() { out_.end(); }

void SheetXml::finish() {
  if (finished_) return;
  end_of_sheet();
  if (row_ >= 0) flush_row();
  last_.swap(out_.buffer());
  finished_ = true;
}

bool SheetXml::extent(int& row_min, int& col_min, int& row_max, int& col_max) const {
  if (row_min_ < 0) return false;
  row_min = row_min_;
  col_min = col_min_;
  row_max = row_max_;
  col_max = col_max_;
  return true;
}

// ---- the notes ----

namespace {

constexpr std::uint32_t kNoteWidth = 128, kNoteHeight = 74;  // libxlsxwriter's default box, pixels
constexpr std::uint32_t kRowMax = LXW_ROW_MAX, kColMax = LXW_COL_MAX;

}  // namespace

SheetNotes::SheetNotes(lxw_worksheet* ws, NoteIds& ids, std::string author, double x_scale, double y_scale)
    : ws_(ws), ids_(ids), author_(std::move(author)),
      width_(static_cast<std::uint32_t>(0.5 + x_scale * kNoteWidth)),
      height_(static_cast<std::uint32_t>(0.5 + y_scale * kNoteHeight)) {}

bool SheetNotes::add(int row, int col, const std::string& text) {
  if (ended_ || row < row_ || row < 0 || col < 0) return false;
  if (row > row_) {
    flush_row();
    row_ = row;
  }
  current_[col] = text;
  return true;
}

// The columns' widths in pixels, once a sheet (its widths are set before
// its first note): libxlsxwriter's _worksheet_size_col, whose first column
// option that holds a column gives its width (a hidden column is 0 wide for
// a note); a column no option holds has the default width.
void SheetNotes::measure_columns() {
  const double max_digit_width = 7, padding = 5;  // Calibri 11
  std::size_t set = 0;  // columns [0, set) may have options
  for (lxw_col_t k = 0; k < ws_->col_options_max; ++k)
    if (const lxw_col_options* o = ws_->col_options[k]) set = std::max<std::size_t>(set, o->lastcol + std::size_t{1});
  set = std::min<std::size_t>(set, kColMax);
  col_pixels_.assign(set, ws_->default_col_pixels);
  // The last option first: an earlier one holding the same column wins.
  for (lxw_col_t k = ws_->col_options_max; k-- > 0;) {
    const lxw_col_options* o = ws_->col_options[k];
    if (!o) continue;
    const std::uint32_t px = o->hidden     ? 0
                             : o->width < 1 ? static_cast<std::uint32_t>(o->width * (max_digit_width + padding) + 0.5)
                                            : static_cast<std::uint32_t>(o->width * max_digit_width + 0.5) +
                                                  static_cast<std::uint32_t>(padding);
    for (std::size_t c = o->firstcol; c <= o->lastcol && c < set; ++c) col_pixels_[c] = px;
  }
  left_pixels_.assign(set + 1, 0);
  for (std::size_t c = 0; c < set; ++c) left_pixels_[c + 1] = left_pixels_[c] + col_pixels_[c];
}

std::uint32_t SheetNotes::col_pixels(std::uint32_t col) const {
  return col < col_pixels_.size() ? col_pixels_[col] : ws_->default_col_pixels;
}

// The columns before `col`, in pixels (wrapping as libxlsxwriter's sum does).
std::uint32_t SheetNotes::left_pixels(std::uint32_t col) const {
  const std::size_t set = col_pixels_.size();
  if (col <= set) return left_pixels_[col];
  return left_pixels_[set] + ws_->default_col_pixels * static_cast<std::uint32_t>(col - set);
}

void SheetNotes::flush_row() {
  if (current_.empty()) return;
  const std::uint32_t row_pixels = ws_->default_row_pixels;  // every row (see the class)
  if (count_ == 0) {
    first_ = ids_;  // the sheets before this one are done
    measure_columns();
  }
  std::string& c = comments_.buffer();
  std::string& v = vml_.buffer();
  for (const auto& [col_, text] : current_) {
    const std::uint32_t row = static_cast<std::uint32_t>(row_), col = static_cast<std::uint32_t>(col_);
    ++count_;
    // <comment>: the author is the second of the list (the first is "").
    c += "<comment ref=\"";
    append_cell_ref(c, row_, col_);
    c += "\" authorId=\"1\"><text><r><rPr><sz val=\"8\"/><color indexed=\"81\"/><rFont val=\"Tahoma\"/>"
         "<family val=\"2\"/></rPr><t>";
    append_data(c, text);
    c += "</t></r></text></comment>";

    // The box: libxlsxwriter's _get_comment_params() and
    // _worksheet_position_object_pixels() for a note.
    std::int64_t x1 = col >= kColMax - 3 ? 49 : 15;
    std::int64_t y1 = row == 0 ? 2 : row == kRowMax - 3 || row == kRowMax - 2 ? 16 : row == kRowMax - 1 ? 14 : 10;
    std::uint32_t start_row = row == 0               ? 0
                              : row == kRowMax - 3   ? kRowMax - 7
                              : row == kRowMax - 2   ? kRowMax - 6
                              : row == kRowMax - 1   ? kRowMax - 5
                                                     : row - 1;
    std::uint32_t start_col = col == kColMax - 3   ? kColMax - 6
                              : col == kColMax - 2 ? kColMax - 5
                              : col == kColMax - 1 ? kColMax - 4
                                                   : col + 1;
    std::uint32_t x_abs = 0, y_abs = 0;
    x_abs = ws_->col_size_changed ? left_pixels(start_col) : ws_->default_col_pixels * start_col;
    x_abs += static_cast<std::uint32_t>(x1);
    y_abs = row_pixels * start_row + static_cast<std::uint32_t>(y1);
    while (x1 >= col_pixels(start_col)) {
      x1 -= col_pixels(start_col);
      ++start_col;
    }
    while (row_pixels > 0 && y1 >= row_pixels) {
      y1 -= row_pixels;
      ++start_row;
    }
    std::uint32_t col_end = start_col, row_end = start_row;
    double width = width_, height = height_;
    if (col_pixels(start_col) > 0) width += static_cast<double>(x1);
    if (row_pixels > 0) height += static_cast<double>(y1);
    while (width >= col_pixels(col_end) && col_end < kColMax) {
      width -= col_pixels(col_end);
      ++col_end;
    }
    while (height >= row_pixels && row_end < kRowMax) {
      height -= row_pixels;
      ++row_end;
    }

    // <v:shape>
    v += "<v:shape id=\"_x0000_s";
    append_int(v, first_.shape_id + count_);
    v += "\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:";
    append_double(v, x_abs * 0.75);
    v += "pt;margin-top:";
    append_double(v, y_abs * 0.75);
    v += "pt;width:";
    append_double(v, width_ * 0.75);
    v += "pt;height:";
    append_double(v, height_ * 0.75);
    v += "pt;z-index:";
    append_int(v, static_cast<long long>(count_));
    v += ";visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/>"
         "<v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/>"
         "<v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>"
         "<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>";
    const char* separator = "";
    for (std::uint32_t n : {start_col, static_cast<std::uint32_t>(x1), start_row, static_cast<std::uint32_t>(y1), col_end,
                            static_cast<std::uint32_t>(width), row_end, static_cast<std::uint32_t>(height)}) {
      v += separator;
      append_int(v, n);
      separator = ", ";
    }
    v += "</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>";
    append_int(v, row);
    v += "</x:Row><x:Column>";
    append_int(v, col);
    v += "</x:Column></x:ClientData></v:shape>";
  }
  current_.clear();
  comments_.maybe_deflate();
  vml_.maybe_deflate();
}

void SheetNotes::end() {
  if (ended_) return;
  flush_row();
  comments_.end();
  vml_.end();
  ended_ = true;
  std::vector<std::uint32_t>().swap(col_pixels_);
  std::vector<std::uint32_t>().swap(left_pixels_);
  if (count_ > 0) {
    // libxlsxwriter's _prepare_vml(): the next sheet's block.
    const std::uint32_t blocks = static_cast<std::uint32_t>((1024 + count_) / 1024);
    ids_.data_id = first_.data_id + blocks;
    ids_.shape_id = first_.shape_id + 1024 * blocks;
  }
}

std::string SheetNotes::comments_head() const {
  std::string h =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><authors><author></author>"
      "<author>";
  append_data(h, author_);
  h += "</author></authors><commentList>";
  return h;
}

std::string SheetNotes::vml_head() const {
  std::string h =
      "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
      "xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" "
      "data=\"";
  // One data id per block of 1,024 notes: data="1,2".
  append_int(h, first_.data_id);
  for (std::size_t i = 1; i <= count_ / 1024; ++i) {
    h += ',';
    append_int(h, static_cast<long long>(first_.data_id + i));
  }
  h += "\"/></o:shapelayout><v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" "
       "path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" "
       "o:connecttype=\"rect\"/></v:shapetype>";
  return h;
}

// ---- the workbook's parts copied, the sheets' rows put in ----

namespace {

// A raw deflate stream of `text`, ended with a sync flush or, when `last`,
// with the final block. By zlib, not igzip: igzip's output for a few bytes
// after a reset is not always the same (the comments parts' 25-byte tail
// took 19 or 20 bytes, now and then, in the same process), and a part's
// head and tail are a few hundred bytes at most.
std::string deflate_text(const std::string& text, bool last) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("cannot compress a part");
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int r = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
  const bool ok = last ? r == Z_STREAM_END : r == Z_OK && z.avail_in == 0;
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  if (!ok) throw std::runtime_error("cannot compress a part");
  return out;
}

class Zips {
 public:
  Zips(const std::filesystem::path& from, const std::filesystem::path& to) : to_(to.string()) {
    in_ = unzOpen64(from.string().c_str());
    if (!in_) fail("cannot read the workbook back");
    out_ = zipOpen64(to_.c_str(), APPEND_STATUS_CREATE);
    if (!out_) fail("cannot create the workbook");
  }
  ~Zips() {
    if (in_) unzClose(in_);
    if (out_) zipClose(out_, nullptr);
  }
  [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error(to_ + ": " + what); }
  void check(int r, const char* what) const {
    if (r != UNZ_OK) fail(what);
  }
  void close() {
    int r = zipClose(out_, nullptr);
    out_ = nullptr;
    if (r != ZIP_OK) fail("cannot write the workbook");
  }
  unzFile in_ = nullptr;
  zipFile out_ = nullptr;

 private:
  std::string to_;
};

}  // namespace

void splice_sheet_rows(const std::filesystem::path& from, const std::filesystem::path& to,
                       const std::map<std::string, const SheetXml*>& rows,
                       const std::map<std::string, SplicedPart>& parts) {
  Zips z(from, to);
  // head + body + tail as the part `name`, deflated (the body already is).
  auto put = [&](const char* name, const zip_fileinfo& zi, const std::string& head, const DeflatedText& body,
                 const std::string& tail) {
    const std::string a = deflate_text(head, false), c = deflate_text(tail, true);
    const std::uint64_t size = head.size() + body.size() + tail.size();
    uLong crc = crc32(0, reinterpret_cast<const Bytef*>(head.data()), static_cast<uInt>(head.size()));
    crc = crc32_combine64(crc, body.crc(), static_cast<z_off64_t>(body.size()));
    crc = crc32_combine64(crc, crc32(0, reinterpret_cast<const Bytef*>(tail.data()), static_cast<uInt>(tail.size())),
                          static_cast<z_off64_t>(tail.size()));
    if (zipOpenNewFileInZip4_64(z.out_, name, &zi, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, kLevel, 1, -MAX_WBITS,
                                DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, nullptr, 0, 0, 0, size >= 0xFFFFFFFFu) != ZIP_OK)
      z.fail(std::string("cannot write the part ") + name);
    auto write = [&](const char* p, std::size_t n) {
      if (n && zipWriteInFileInZip(z.out_, p, static_cast<unsigned>(n)) != ZIP_OK)
        z.fail(std::string("cannot write the part ") + name);
    };
    write(a.data(), a.size());
    body.each_deflated(write);
    write(c.data(), c.size());
    if (zipCloseFileInZipRaw64(z.out_, size, crc) != ZIP_OK) z.fail(std::string("cannot write the part ") + name);
  };
  std::size_t replaced = 0;
  std::vector<char> block(64 * 1024);
  for (int r = unzGoToFirstFile(z.in_); r == UNZ_OK; r = unzGoToNextFile(z.in_)) {
    unz_file_info64 info{};
    char name[1024];
    z.check(unzGetCurrentFileInfo64(z.in_, &info, name, sizeof name, nullptr, 0, nullptr, 0), "cannot read a part");
    zip_fileinfo zi{};
    zi.tmz_date.tm_sec = info.tmu_date.tm_sec;
    zi.tmz_date.tm_min = info.tmu_date.tm_min;
    zi.tmz_date.tm_hour = info.tmu_date.tm_hour;
    zi.tmz_date.tm_mday = info.tmu_date.tm_mday;
    zi.tmz_date.tm_mon = info.tmu_date.tm_mon;
    zi.tmz_date.tm_year = info.tmu_date.tm_year;
    zi.dosDate = info.dosDate;
    zi.internal_fa = info.internal_fa;
    zi.external_fa = info.external_fa;
    const bool zip64 = info.uncompressed_size >= 0xFFFFFFFFu || info.compressed_size >= 0xFFFFFFFFu;

    if (auto part = parts.find(name); part != parts.end()) {
      put(name, zi, part->second.head, *part->second.body, part->second.tail);
      ++replaced;
      continue;
    }
    auto it = rows.find(name);
    if (it == rows.end()) {
      // As it is: the compressed bytes copied.
      int method = 0, level = 0;
      z.check(unzOpenCurrentFile2(z.in_, &method, &level, 1), "cannot read a part");
      if (zipOpenNewFileInZip4_64(z.out_, name, &zi, nullptr, 0, nullptr, 0, nullptr, method, level, 1, -MAX_WBITS,
                                  DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, nullptr, 0, 0, 0, zip64) != ZIP_OK)
        z.fail(std::string("cannot write the part ") + name);
      for (int n; (n = unzReadCurrentFile(z.in_, block.data(), static_cast<unsigned>(block.size()))) != 0;) {
        if (n < 0) z.fail(std::string("cannot read the part ") + name);
        if (zipWriteInFileInZip(z.out_, block.data(), static_cast<unsigned>(n)) != ZIP_OK)
          z.fail(std::string("cannot write the part ") + name);
      }
      unzCloseCurrentFile(z.in_);
      if (zipCloseFileInZipRaw64(z.out_, info.uncompressed_size, info.crc) != ZIP_OK)
        z.fail(std::string("cannot write the part ") + name);
      continue;
    }

    // The sheet: libxlsxwriter's XML around our rows.
    const SheetXml& sheet = *it->second;
    std::string xml;
    z.check(unzOpenCurrentFile(z.in_), "cannot read a part");
    for (int n; (n = unzReadCurrentFile(z.in_, block.data(), static_cast<unsigned>(block.size()))) != 0;) {
      if (n < 0) z.fail(std::string("cannot read the part ") + name);
      xml.append(block.data(), static_cast<std::size_t>(n));
    }
    unzCloseCurrentFile(z.in_);
    std::string head, tail;
    if (auto empty = xml.find("<sheetData/>"); empty != std::string::npos) {
      head = xml.substr(0, empty);
      tail = xml.substr(empty + std::strlen("<sheetData/>"));
    } else {
      auto open = xml.find("<sheetData>"), close = xml.find("</sheetData>");
      if (open == std::string::npos || close == std::string::npos || close < open)
        z.fail(std::string("no <sheetData> in ") + name);
      head = xml.substr(0, open);
      tail = xml.substr(close + std::strlen("</sheetData>"));
    }
    const bool none = sheet.size() == 0 && sheet.last_row().empty();
    head += none ? "<sheetData/>" : "<sheetData>";
    if (!none) tail.insert(0, sheet.last_row() + "</sheetData>");
    put(name, zi, head, sheet.deflated(), tail);
  }
  if (replaced != parts.size()) z.fail("a part to replace is not in the workbook");
  z.close();
}

}  // namespace perfgoal::xlsx
