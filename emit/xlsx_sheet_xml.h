// The cells of the workbook's large data sheets (汇总, 绩效指标, 问题) and
// of its form sheets, written by hand instead of by libxlsxwriter, and put
// into the workbook libxlsxwriter made.
//
// Why: on 10,000 forms these sheets are 160 MB of XML (绩效指标 alone
// 125 MB). libxlsxwriter's constant_memory mode writes each cell with
// fprintf into a temporary file, copies that file into another, then
// deflates it at zlib's default level: most of the time of `--to xlsx`
// (bench/convert_speed.sh); each of the (up to 500) form sheets costs it a
// 128 KiB row buffer and two more temporary files. Here a row is formatted
// into a buffer and deflated as it comes, once (igzip, ISA-L's deflate: 4x
// zlib's level 2), kept in memory while it is small.
//
// The XML is libxlsxwriter's own (its constant_memory output, byte for
// byte): tests/unit compares every part of a workbook written both ways.
// libxlsxwriter still writes everything else of those sheets (columns,
// panes, filters, print settings, merged ranges, hyperlinks) and the rest of
// the package; only the rows inside <sheetData> are replaced.
//
// The sheets' notes (cell comments) too, by SheetNotes: libxlsxwriter keeps
// every note in memory until the workbook is closed (about 0.6 KiB each; on
// 10^5 forms 60 MiB of 绩效指标's), then writes them as two parts per sheet
// (xl/commentsN.xml, xl/drawings/vmlDrawingN.vml). Here they are deflated as
// they come; libxlsxwriter is given one note per sheet that has any (so it
// writes the sheet's <legacyDrawing>, its relationships and the content
// types), and its two parts are replaced by these.
#pragma once

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace perfgoal::xlsx {

// A text written in pieces and deflated as it comes (raw deflate, igzip),
// kept in memory while it is small, in a temporary file beyond.
class DeflatedText {
 public:
  DeflatedText();
  ~DeflatedText();
  DeflatedText(const DeflatedText&) = delete;
  DeflatedText& operator=(const DeflatedText&) = delete;

  // The text not yet deflated: append to it, then call maybe_deflate().
  std::string& buffer() { return buf_; }
  // Deflates the buffer once it holds a chunk's worth.
  void maybe_deflate();
  // All appended so far deflated, the stream ended by a sync flush (no
  // final block: more deflate data follows it), the compressor's memory
  // given back. What is appended to buffer() afterwards is not deflated.
  void end();
  bool ended() const { return ended_; }

  // The deflated text given to `out` in pieces. Throws std::runtime_error
  // when the temporary file cannot be read back.
  template <typename Out>
  void each_deflated(Out&& out) const;
  std::uint64_t deflated_size() const { return deflated_size_; }
  std::uint32_t crc() const { return crc_; }
  std::uint64_t size() const { return size_; }  // uncompressed bytes

  struct Stream;  // the compressor (igzip)

 private:
  void deflate_out(bool sync);
  void keep(const char* p, std::size_t n);

  std::string buf_;  // text not yet deflated
  bool ended_ = false;
  Stream* z_ = nullptr;
  // The deflated text: in memory while it is small (a form sheet's few
  // KiB), in a temporary file once it passes kInMemory (a data sheet's:
  // megabytes).
  std::string deflated_;
  std::FILE* file_ = nullptr;
  std::uint64_t deflated_size_ = 0;
  std::uint64_t size_ = 0;
  std::uint32_t crc_ = 0;
};

template <typename Out>
void DeflatedText::each_deflated(Out&& out) const {
  if (!file_) {
    out(deflated_.data(), deflated_.size());
    return;
  }
  // Read from its start, block after block.
  if (std::fseek(file_, 0, SEEK_SET) != 0) throw std::runtime_error("cannot read a temporary file back");
  char block[64 * 1024];
  for (std::uint64_t at = 0; at < deflated_size_;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof block, deflated_size_ - at));
    if (std::fread(block, 1, n, file_) != n) throw std::runtime_error("cannot read a temporary file back");
    out(static_cast<const char*>(block), n);
    at += n;
  }
}

// The rows of one sheet, written in row order as libxlsxwriter's
// constant_memory mode takes them: a cell written again replaces the
// earlier one; a row is complete when a later row is written. The rows are
// deflated (raw deflate, igzip) as they come.
class SheetXml {
 public:
  SheetXml() = default;
  SheetXml(const SheetXml&) = delete;
  SheetXml& operator=(const SheetXml&) = delete;

  // Each returns false when the row is before the current one (as
  // libxlsxwriter refuses it in constant_memory mode).
  bool text(int row, int col, const std::string& s, lxw_format* f);
  bool number(int row, int col, double v, lxw_format* f);
  bool blank(int row, int col, lxw_format* f);
  bool formula(int row, int col, const std::string& formula, lxw_format* f, double cached);
  bool row_height(int row, double points);

  // The sheet's cells are all written: the rows but the last are deflated
  // and the compressor's memory is given back. (libxlsxwriter writes a
  // sheet's last row when the workbook is closed, and its formats get their
  // numbers then.) finish() writes the last row, as text: last_row().
  void end_of_sheet();
  void finish();
  const std::string& last_row() const { return last_; }

  // The extent of the cells written (libxlsxwriter's <dimension>); false
  // when none.
  bool extent(int& row_min, int& col_min, int& row_max, int& col_max) const;

  // The deflated rows (all but the last): a raw deflate stream ended by a
  // sync flush (no final block), to be followed by more deflate data.
  const DeflatedText& deflated() const { return out_; }
  std::uint64_t size() const { return out_.size(); }  // uncompressed bytes

 private:
  enum class Kind : unsigned char { none, text, number, blank, formula };
  struct Cell {
    Kind kind = Kind::none;
    lxw_format* format = nullptr;
    std::string text;  // a text, or a formula without its "="
    double number = 0;
  };
  // The cell at (row, col), of `kind` and format `f` now (its other
  // values as they were); null when the row is before the current one.
  Cell* put(int row, int col, Kind kind, lxw_format* f);
  void flush_row();

  std::vector<Cell> cells_;  // the current row, by column
  int row_ = -1;             // current row, -1 before the first
  double height_ = -1;       // of the current row; < 0: default
  bool finished_ = false;
  std::string last_;      // the last row's XML, once finished
  int row_min_ = -1, col_min_ = -1, row_max_ = -1, col_max_ = -1;
  DeflatedText out_;
};

// The shape ids of the notes' drawings, across the workbook: each sheet
// with notes takes the next block of 1,024 ids, one more block per 1,024
// notes (as libxlsxwriter numbers them).
struct NoteIds {
  std::uint32_t data_id = 1;
  std::uint32_t shape_id = 1024;
};

// The notes of one sheet, as libxlsxwriter writes them (every note with the
// same author and size: worksheet_write_comment_opt() with `author`,
// `x_scale` and `y_scale` and no other option). Notes come in row order,
// after the sheet's column widths are set; the sheets one after the other
// (the ids of a sheet's shapes follow those of the sheets before it: a
// sheet's end() comes before the next sheet's first note).
// libxlsxwriter's rows are all of the default height on these sheets (their
// rows are written by hand): the notes' boxes are placed by the sheet's
// column widths (from `ws`) and that height.
class SheetNotes {
 public:
  SheetNotes(lxw_worksheet* ws, NoteIds& ids, std::string author, double x_scale, double y_scale);

  // A note on a cell (its text as libxlsxwriter takes it). False when the
  // row is before the current one; a cell noted again keeps the last.
  bool add(int row, int col, const std::string& text);
  // The sheet's notes are all written: the ids of the next sheet's are set.
  void end();
  std::size_t count() const { return count_; }

  // The two parts, each as head + deflated body + tail (once ended).
  std::string comments_head() const;
  std::string comments_tail() const { return "</commentList></comments>"; }
  const DeflatedText& comments() const { return comments_; }
  std::string vml_head() const;
  std::string vml_tail() const { return "</xml>"; }
  const DeflatedText& vml() const { return vml_; }

 private:
  void flush_row();
  void measure_columns();
  std::uint32_t col_pixels(std::uint32_t col) const;
  std::uint32_t left_pixels(std::uint32_t col) const;

  lxw_worksheet* ws_;
  NoteIds& ids_;
  NoteIds first_;  // this sheet's (set at its first note)
  std::string author_;
  std::uint32_t width_, height_;  // of a note's box, in pixels
  int row_ = -1;
  std::map<int, std::string> current_;  // the current row's notes, by column
  std::size_t count_ = 0;
  bool ended_ = false;
  DeflatedText comments_, vml_;
  // measure_columns(): each column's width in pixels up to the last one a
  // column option holds; left_pixels_[c], the sum of those before c.
  std::vector<std::uint32_t> col_pixels_, left_pixels_;
};

// A part written as head + deflated body + tail.
struct SplicedPart {
  std::string head;
  const DeflatedText* body = nullptr;
  std::string tail;
};

// Copies the workbook `from` (as libxlsxwriter wrote it) to `to`, each part
// as it is (no new compression) except the sheets in `rows` (their part
// names, "xl/worksheets/sheet2.xml"): their <sheetData> holds the rows of
// the SheetXml instead, and the parts in `parts` (by name), which are
// replaced whole. Throws std::runtime_error naming `to`.
void splice_sheet_rows(const std::filesystem::path& from, const std::filesystem::path& to,
                       const std::map<std::string, const SheetXml*>& rows,
                       const std::map<std::string, SplicedPart>& parts = {});

}  // namespace perfgoal::xlsx
