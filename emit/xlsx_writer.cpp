#include "emit/xlsx_writer.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "emit/field_words.h"
#include "emit/findings_writer.h"
#include "emit/writer.h"
#include "emit/xlsx_form_layout.h"
#include "emit/xlsx_sheet_xml.h"
#include "emit/xlsx_text.h"
#include "model/fields.h"
#include "model/record_spool.h"

namespace perfgoal {
namespace {

using xlsx::display_width;

const char* const kSummarySheet = "汇总";
const char* const kIndicatorSheet = "绩效指标";
const char* const kFindingSheet = "问题";
const char* const kFont = "宋体";
constexpr double kFontSize = 11;
const char* const kMoneyFormat = "#,##0.00";
// Every note (a finding on a cell): its author and its box's size.
const char* const kNoteAuthor = "perfgoal";
constexpr double kNoteXScale = 2.5, kNoteYScale = 2;
const char* const kCutMarker = "……（超出 Excel 单元格 32767 字符的上限，以下从略；全文见 YAML 记录）";

// ---- the workbook, with every libxlsxwriter return checked ----

class Book {
 public:
  // hand_written_rows: the data sheets' rows by xlsx::SheetXml (in
  // constant_memory mode only), libxlsxwriter's workbook written beside
  // `tmp` first, then copied into it with those rows.
  Book(const std::filesystem::path& tmp, const std::filesystem::path& target, bool constant_memory,
       bool hand_written_rows = false)
      : target_(target.string()), tmp_(tmp), constant_memory_(constant_memory),
        hand_written_(hand_written_rows && constant_memory) {
    lxw_workbook_options o{};
    o.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    o.tmpdir = nullptr;
    o.use_zip64 = LXW_FALSE;  // 10,000 forms make 12 MB: far from the 4 GB that needs ZIP64
    // libxlsxwriter's workbook: a temporary file of its own beside the
    // target (removed when done, on errors and on interrupts).
    if (hand_written_) lxw_file_ = std::make_unique<AtomicFile>(target);
    wb_ = workbook_new_opt(hand_written_ ? lxw_file_->tmp().string().c_str() : tmp.string().c_str(), &o);
    if (!wb_) fail("cannot create the workbook");
  }
  ~Book() {
    if (wb_ && !closed_) lxw_workbook_free(wb_);
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

  [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error(target_ + ": " + what); }
  void check(lxw_error e, const std::string& what) const {
    if (e != LXW_NO_ERROR) fail(what + ": " + lxw_strerror(e));
  }

  bool constant_memory() const { return constant_memory_; }
  lxw_workbook* get() { return wb_; }

  // rows_by_hand: the sheet's rows will be written by hand (when the book
  // has hand-written rows). libxlsxwriter then keeps that sheet in memory
  // (not in constant_memory mode): it holds no rows, only its settings, and
  // needs no temporary file and row buffer of its own (measured: 500 form
  // sheets' temporary files ~5% of `--to xlsx` on 10,000 forms).
  lxw_worksheet* add_sheet(const std::string& name, bool rows_by_hand = false) {
    // libxlsxwriter 1.1.4 returns NULL for an invalid name and only warns.
    check(workbook_validate_sheet_name(wb_, name.c_str()), "sheet name «" + name + "»");
    const uint8_t constant_memory = wb_->options.constant_memory;
    if (rows_by_hand && hand_written_) wb_->options.constant_memory = LXW_FALSE;
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    wb_->options.constant_memory = constant_memory;
    if (!ws) fail("cannot add the sheet «" + name + "»");
    ++sheets_;
    return ws;
  }

  // The rows and notes of the sheet added last, written by hand; both null
  // when libxlsxwriter writes them.
  struct HandWrittenSheet {
    xlsx::SheetXml* rows = nullptr;
    xlsx::SheetNotes* notes = nullptr;
  };
  HandWrittenSheet hand_written(lxw_worksheet* ws) {
    if (!hand_written_) return {};
    rows_.push_back({ws, "xl/worksheets/sheet" + std::to_string(sheets_) + ".xml", std::make_unique<xlsx::SheetXml>(),
                     std::make_unique<xlsx::SheetNotes>(ws, note_ids_, kNoteAuthor, kNoteXScale, kNoteYScale)});
    return {rows_.back().xml.get(), rows_.back().notes.get()};
  }

  lxw_format* format() {
    lxw_format* f = workbook_add_format(wb_);
    if (!f) fail("cannot add a cell format");
    format_set_font_name(f, kFont);
    format_set_font_size(f, kFontSize);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
  }

  void close() {
    // The hand-written sheets' last rows first, in sheet order: libxlsxwriter
    // writes each sheet's last row when closing, in that order, and numbers
    // the formats as it writes them.
    std::map<std::string, const xlsx::SheetXml*> spliced;
    // The notes' parts: libxlsxwriter numbers them by the sheets that have
    // notes, in sheet order (each such sheet holds one note of ours there).
    std::map<std::string, xlsx::SplicedPart> notes;
    int noted = 0;
    for (auto& r : rows_) {
      r.notes->end();
      if ((r.notes->count() > 0) != (r.ws->has_comments != 0)) fail("a sheet's notes are not all written by hand");
      if (r.notes->count() > 0) {
        ++noted;
        notes["xl/comments" + std::to_string(noted) + ".xml"] = {r.notes->comments_head(), &r.notes->comments(),
                                                                 r.notes->comments_tail()};
        notes["xl/drawings/vmlDrawing" + std::to_string(noted) + ".vml"] = {r.notes->vml_head(), &r.notes->vml(),
                                                                           r.notes->vml_tail()};
      }
      r.xml->finish();
      // The sheet's <dimension>: its cells are not in libxlsxwriter.
      int row_min, col_min, row_max, col_max;
      if (r.xml->extent(row_min, col_min, row_max, col_max)) {
        lxw_worksheet* ws = r.ws;
        ws->dim_rowmin = std::min<lxw_row_t>(ws->dim_rowmin, static_cast<lxw_row_t>(row_min));
        ws->dim_colmin = std::min<lxw_col_t>(ws->dim_colmin, static_cast<lxw_col_t>(col_min));
        ws->dim_rowmax = std::max<lxw_row_t>(ws->dim_rowmax, static_cast<lxw_row_t>(row_max));
        ws->dim_colmax = std::max<lxw_col_t>(ws->dim_colmax, static_cast<lxw_col_t>(col_max));
      }
      spliced[r.part] = r.xml.get();
    }
    lxw_error e = workbook_close(wb_);  // frees the workbook, whatever the result
    closed_ = true;
    check(e, "cannot write the workbook");
    if (hand_written_) {
      xlsx::splice_sheet_rows(lxw_file_->tmp(), tmp_, spliced, notes);
      lxw_file_.reset();  // removes it
    }
  }

 private:
  struct HandWritten {
    lxw_worksheet* ws;
    std::string part;  // its name in the package
    std::unique_ptr<xlsx::SheetXml> xml;
    std::unique_ptr<xlsx::SheetNotes> notes;
  };
  std::string target_;
  std::filesystem::path tmp_;
  std::unique_ptr<AtomicFile> lxw_file_;  // libxlsxwriter's workbook, before the rows are put in
  bool constant_memory_;
  bool hand_written_;
  lxw_workbook* wb_ = nullptr;
  bool closed_ = false;
  int sheets_ = 0;
  std::vector<HandWritten> rows_;
  xlsx::NoteIds note_ids_;  // of the next sheet's notes
};

// ---- the cell formats ----

struct Formats {
  lxw_format* head;        // header row of a data sheet
  lxw_format* text;        // data text
  lxw_format* integer;     // 序号, 年度, counts
  lxw_format* money;       // amounts in 元
  lxw_format* datetime;    // 填报日期
  lxw_format* link;        // a project name that links to its form sheet
  lxw_format* total_text;  // the totals rows
  lxw_format* total_money;
  lxw_format* total_integer;
  lxw_format* note;
  lxw_format* wrap;        // a long text (项目名称, 说明), wrapped in its column
  lxw_format* flagged;     // a cell a finding points at (with a note)
  std::map<int, lxw_format*> amount_by_scale;  // 数值 with as many decimals as it has
  std::map<xlsx::FormStyle, lxw_format*> form;
  std::map<xlsx::FormStyle, lxw_format*> form_flagged;  // the same, filled: a finding points here

  explicit Formats(Book& b) {
    head = b.format();
    format_set_bold(head);
    format_set_bg_color(head, 0xDDEBF7);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_text_wrap(head);
    text = b.format();
    wrap = b.format();
    format_set_text_wrap(wrap);
    flagged = b.format();
    format_set_text_wrap(flagged);
    format_set_bg_color(flagged, 0xFFEB9C);
    integer = b.format();
    format_set_num_format(integer, "0");
    money = b.format();
    format_set_num_format(money, kMoneyFormat);
    datetime = b.format();
    format_set_num_format(datetime, "yyyy-mm-dd hh:mm:ss");
    format_set_align(datetime, LXW_ALIGN_LEFT);
    link = b.format();
    format_set_font_color(link, LXW_COLOR_BLUE);
    format_set_underline(link, LXW_UNDERLINE_SINGLE);
    format_set_text_wrap(link);
    // Data cells are boxed: printed, every row and column is ruled.
    for (lxw_format* f : {text, wrap, flagged, integer, money, datetime, link}) format_set_border(f, LXW_BORDER_THIN);
    total_text = b.format();
    format_set_bold(total_text);
    format_set_top(total_text, LXW_BORDER_THIN);
    total_money = b.format();
    format_set_bold(total_money);
    format_set_top(total_money, LXW_BORDER_THIN);
    format_set_num_format(total_money, kMoneyFormat);
    total_integer = b.format();
    format_set_bold(total_integer);
    format_set_top(total_integer, LXW_BORDER_THIN);
    format_set_num_format(total_integer, "0");
    for (lxw_format* f : {total_text, total_money, total_integer}) format_set_border(f, LXW_BORDER_THIN);
    note = b.format();
    format_set_italic(note);
    format_set_font_color(note, 0x595959);

    auto boxed = [&](lxw_format* f) {
      format_set_border(f, LXW_BORDER_THIN);
      format_set_text_wrap(f);
      return f;
    };
    using S = xlsx::FormStyle;
    lxw_format* f = b.format();
    format_set_bold(f);
    format_set_font_size(f, 16);
    format_set_align(f, LXW_ALIGN_CENTER);
    form[S::title] = f;
    f = b.format();
    format_set_align(f, LXW_ALIGN_CENTER);
    form[S::subtitle] = f;
    f = b.format();
    format_set_font_size(f, 9);
    format_set_font_color(f, 0x595959);
    format_set_align(f, LXW_ALIGN_RIGHT);
    form[S::source] = f;
    f = boxed(b.format());
    format_set_align(f, LXW_ALIGN_CENTER);
    format_set_bg_color(f, 0xF2F2F2);
    form[S::label] = f;
    form[S::text] = boxed(b.format());
    f = boxed(b.format());
    format_set_align(f, LXW_ALIGN_CENTER);
    form[S::centered] = f;
    f = boxed(b.format());
    format_set_num_format(f, kMoneyFormat);
    form[S::money] = f;
    f = boxed(b.format());
    format_set_align(f, LXW_ALIGN_CENTER);
    form[S::number] = f;
    for (const auto& [style, plain] : form) {
      lxw_format* g = b.format();
      format_set_bold(g);
      format_set_bg_color(g, 0xFFEB9C);
      if (style != S::title && style != S::subtitle && style != S::source) boxed(g);
      if (style == S::money) format_set_num_format(g, kMoneyFormat);
      if (style == S::centered || style == S::label || style == S::number) format_set_align(g, LXW_ALIGN_CENTER);
      form_flagged[style] = g;
    }
    book_ = &b;
  }

  lxw_format* amount(int scale) {
    auto it = amount_by_scale.find(scale);
    if (it != amount_by_scale.end()) return it->second;
    std::string code = "#,##0";
    if (scale > 0) code += "." + std::string(static_cast<std::size_t>(scale), '0');
    lxw_format* f = book_->format();
    format_set_num_format(f, code.c_str());
    format_set_border(f, LXW_BORDER_THIN);
    return amount_by_scale[scale] = f;
  }

 private:
  Book* book_ = nullptr;
};

// ---- helpers ----

int scale_of(const Decimal& d) {
  std::string s = d.to_string();
  auto dot = s.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(s.size() - dot - 1);
}

// Width of an amount shown as #,##0.00.
double money_width(const Decimal& d) {
  std::string s = d.to_string_fixed(2);
  auto dot = s.find('.');
  std::size_t int_digits = (dot == std::string::npos ? s.size() : dot) - (s[0] == '-' ? 1 : 0);
  return static_cast<double>(s.size() + (int_digits > 3 ? (int_digits - 1) / 3 : 0));
}

std::string source_place(const SourceRef& s) {
  std::string out;
  if (s.pages) out += "第" + std::to_string(s.pages->first) + "–" + std::to_string(s.pages->second) + "页";
  if (s.lines) out += "第" + std::to_string(s.lines->first) + "–" + std::to_string(s.lines->second) + "行";
  return out;
}

// "2024-12-17T09:07:09" -> a date-time; nullopt when it is not that shape.
std::optional<lxw_datetime> parse_filed_at(const std::string& s) {
  int y, mo, d, h, mi, sec;
  char tail;
  if (s.size() != 19 || std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &tail) != 6)
    return std::nullopt;
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  return lxw_datetime{y, mo, d, h, mi, static_cast<double>(sec)};
}

const char* severity_label(Severity s) {
  switch (s) {
    case Severity::error: return "错误";
    case Severity::warning: return "警告";
    case Severity::info: return "提示";
  }
  return "";
}

// A finding added to the note of the cell it points at: a line
// "级别[rule] message" each.
void add_to_note(std::string& note, const Finding& f) {
  note += (note.empty() ? "" : "\n") + std::string(severity_label(f.severity)) + "[" + f.rule + "] " + f.message;
}

std::string column_name(int col) {
  std::string s;
  xlsx::append_column_letters(s, col);
  return s;
}

std::time_t creation_time(const XlsxOptions& o) {
  if (o.created) return *o.created;
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    long long v = std::strtoll(e, &end, 10);
    // libxlsxwriter reads 0 as "now": only a positive time is fixed.
    if (end != e && *end == '\0' && v > 0) return static_cast<std::time_t>(v);
  }
  return kFixedCreationTime;
}

// One form of the batch, with its place.
struct FormRef {
  const Record* record;
  int number;              // 1-based across the batch (序号)
  int findings = 0;        // findings that point at it
  std::vector<const Finding*> about;  // those findings
  std::string sheet;       // its form sheet, empty when capped
};

// The forms of the workbook, in order, as often as the sheets need them: in
// memory (a batch of conversions) or read back from a temporary file (an
// input converted as a stream). A FormRef given to `f` lives for that call.
class FormSource {
 public:
  virtual ~FormSource() = default;
  virtual std::size_t size() const = 0;
  // f(form) for each form in order, until f returns false.
  virtual void each(const std::function<bool(FormRef&)>& f) = 0;
};

// The findings of the workbook (问题): each input's, with the 序号 of its
// first form less one.
struct FindingInputs {
  std::vector<FindingsOf> inputs;
  std::vector<int> numbered_after;
};

// A sheet written row by row: the calls constant_memory mode allows.
class SheetWriter {
 public:
  SheetWriter(Book& book, lxw_worksheet* ws, std::string name, Book::HandWrittenSheet by_hand = {})
      : book_(book), ws_(ws), name_(std::move(name)), rows_(by_hand.rows), notes_(by_hand.notes) {}

  lxw_worksheet* get() { return ws_; }
  bool rows_by_hand() const { return rows_ != nullptr; }
  // The sheet's cells are all written.
  void done() {
    if (rows_) rows_->end_of_sheet();
    if (notes_) notes_->end();
  }
  void check(lxw_error e, int row, int col) {
    if (e != LXW_NO_ERROR)
      book_.fail("sheet «" + name_ + "» cell " + column_name(col) + std::to_string(row + 1) + ": " + lxw_strerror(e));
  }
  // Every text of a cell goes through here: characters XML cannot hold
  // become U+FFFD, a text longer than a cell holds is cut, both visibly (the
  // record keeps the text whole; the checks report both).
  static std::string cell_text(const std::string& s) { return xlsx::fit_cell_text(xml_safe_text(s), kCutMarker); }
  // True when cell_text(s) is s: no byte more than a cell holds (each UTF-16
  // unit takes a byte at least), nothing XML cannot hold. Most texts: no copy.
  static bool as_is(const std::string& s) { return s.size() <= kMaxCellText && unsafe_character(s).empty(); }
  void text(int row, int col, const std::string& s, lxw_format* f) {
    // Always a string cell: a text like "=1+1" or "-5" stays text.
    if (as_is(s)) {
      if (rows_) return hand(rows_->text(row, col, s, f), row, col);
      return check(worksheet_write_string(ws_, row, col, s.c_str(), f), row, col);
    }
    if (rows_) return hand(rows_->text(row, col, cell_text(s), f), row, col);
    check(worksheet_write_string(ws_, row, col, cell_text(s).c_str(), f), row, col);
  }
  void text(int row, int col, const std::optional<std::string>& s, lxw_format* f) {
    if (s) text(row, col, *s, f);
  }
  void number(int row, int col, double v, lxw_format* f) {
    if (rows_) return hand(rows_->number(row, col, v, f), row, col);
    check(worksheet_write_number(ws_, row, col, v, f), row, col);
  }
  void money(int row, int col, const std::optional<Decimal>& d, lxw_format* f) {
    if (d) number(row, col, d->to_double(), f);  // the one place money becomes a double
  }
  void blank(int row, int col, lxw_format* f) {
    if (rows_) return hand(rows_->blank(row, col, f), row, col);
    check(worksheet_write_blank(ws_, row, col, f), row, col);
  }
  void formula(int row, int col, const std::string& f, lxw_format* fmt, double cached) {
    if (rows_) return hand(rows_->formula(row, col, f, fmt, cached), row, col);
    check(worksheet_write_formula_num(ws_, row, col, f.c_str(), fmt, cached), row, col);
  }
  void link_to_sheet(int row, int col, const std::string& sheet, const std::string& shown, lxw_format* f) {
    std::string quoted;
    for (char c : sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    std::string url = "internal:'" + quoted + "'!A1";
    // libxlsxwriter keeps the link (its cell, when the rows are written by
    // hand, is not written: the same text is).
    check(worksheet_write_url_opt(ws_, row, col, url.c_str(), f, cell_text(shown).c_str(), nullptr), row, col);
    if (rows_) hand(rows_->text(row, col, cell_text(shown), f), row, col);
  }
  void datetime(int row, int col, lxw_datetime d, lxw_format* f) {
    if (rows_) return hand(rows_->number(row, col, lxw_datetime_to_excel_datetime(&d), f), row, col);
    check(worksheet_write_datetime(ws_, row, col, &d, f), row, col);
  }
  // A note on a cell (a finding), shown when the cell is pointed at.
  // Written by hand with the rows (xlsx::SheetNotes): libxlsxwriter then
  // gets the sheet's first note alone, with no text, for the parts and
  // links the notes need.
  void note(int row, int col, const std::string& text) {
    lxw_comment_options o{};
    o.author = const_cast<char*>(kNoteAuthor);
    o.x_scale = kNoteXScale;
    o.y_scale = kNoteYScale;
    if (notes_) {
      hand(notes_->add(row, col, as_is(text) ? text : cell_text(text)), row, col);
      // libxlsxwriter's one note: the sheet has_comments once it has it.
      if (!ws_->has_comments) check(worksheet_write_comment_opt(ws_, row, col, "", &o), row, col);
      return;
    }
    std::string fitted = cell_text(text);
    check(worksheet_write_comment_opt(ws_, row, col, fitted.c_str(), &o), row, col);
  }
  void row_height(int row, double points) {
    if (rows_) return hand(rows_->row_height(row, points), row, 0);
    check(worksheet_set_row(ws_, row, points, nullptr), row, 0);
  }
  void column_width(int col, double units) { check(worksheet_set_column(ws_, col, col, units, nullptr), 0, col); }

 private:
  // A cell refused by the hand-written rows: as libxlsxwriter refuses it.
  void hand(bool ok, int row, int col) {
    if (row < 0 || col < 0 || static_cast<std::size_t>(row) >= kExcelMaxRows || col >= 16384)
      ok = false;
    if (!ok) check(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE, row, col);
  }

  Book& book_;
  lxw_worksheet* ws_;
  std::string name_;
  xlsx::SheetXml* rows_;
  xlsx::SheetNotes* notes_;
};

// A sheet added to the book, and its writer. rows_by_hand: see Book::add_sheet.
SheetWriter add_sheet(Book& book, const std::string& name, bool rows_by_hand = false) {
  lxw_worksheet* ws = book.add_sheet(name, rows_by_hand);
  return SheetWriter(book, ws, name, book.hand_written(ws));
}

// Column widths that fit their content: CJK characters count 2 units.
class Widths {
 public:
  explicit Widths(std::vector<double> caps) : caps_(std::move(caps)), w_(caps_.size(), 0) {}
  void see(std::size_t col, double width) { w_[col] = std::max(w_[col], width); }
  void see(std::size_t col, const std::string& s) {
    // A text is never wider than its bytes (a character of width 2 takes 2
    // bytes or more): one that cannot widen the column is not measured, nor
    // is any once the column is at its cap.
    if (static_cast<double>(s.size()) <= w_[col] || w_[col] + 2 >= caps_[col]) return;
    see(col, display_width(s));
  }
  void see(std::size_t col, const std::optional<std::string>& s) {
    if (s) see(col, *s);
  }
  double width(std::size_t col) const { return std::clamp(w_[col] + 2, 6.0, caps_[col]); }
  void apply(SheetWriter& sw) const {
    for (std::size_t c = 0; c < w_.size(); ++c) sw.column_width(static_cast<int>(c), width(c));
  }

 private:
  std::vector<double> caps_;
  std::vector<double> w_;
};

// A data sheet's head: its columns' widths, a filter over the header and
// `data_rows` rows (set before any row: constant_memory mode refuses ranges
// that end in rows already written), the header row (`height` points when
// given).
void data_sheet_head(SheetWriter& sw, const Widths& widths, const std::vector<std::string>& headers,
                     std::size_t data_rows, lxw_format* head, double height = 0) {
  const int columns = static_cast<int>(headers.size());
  widths.apply(sw);
  sw.check(worksheet_autofilter(sw.get(), 0, 0, std::max<int>(1, static_cast<int>(data_rows)), columns - 1), 0, 0);
  if (height > 0) sw.row_height(0, height);
  for (int c = 0; c < columns; ++c) sw.text(0, c, headers[c], head);
}

// A data sheet printed: landscape A4, one page wide and as many tall as
// needed, the header row on every page and frozen with the first
// `frozen_columns`; narrow margins when `narrow`.
void data_sheet_print(SheetWriter& sw, int frozen_columns, bool narrow) {
  worksheet_freeze_panes(sw.get(), 1, frozen_columns);
  worksheet_set_landscape(sw.get());
  worksheet_set_paper(sw.get(), 9);  // A4
  if (narrow) worksheet_set_margins(sw.get(), 0.3, 0.3, 0.5, 0.5);
  worksheet_fit_to_pages(sw.get(), 1, 0);
  sw.check(worksheet_repeat_rows(sw.get(), 0, 0), 0, 0);
}

// A data sheet whose rows may not fit in one sheet: part k holds data rows
// [k * per_part, (k + 1) * per_part), each part under its own header row.
struct SheetParts {
  std::vector<std::string> names;  // "绩效指标", "绩效指标 (2)", ...
  std::size_t rows = 0;            // data rows in all
  std::size_t per_part = 0;

  SheetParts(const std::string& base, std::size_t data_rows, std::size_t max_sheet_rows) : rows(data_rows) {
    per_part = std::max<std::size_t>(1, max_sheet_rows - 1);  // one row for the header
    std::size_t parts = std::max<std::size_t>(1, (data_rows + per_part - 1) / per_part);
    names.push_back(base);
    for (std::size_t k = 2; k <= parts; ++k) names.push_back(base + " (" + std::to_string(k) + ")");
  }
  std::size_t rows_in(std::size_t part) const {
    std::size_t first = part * per_part;
    return first >= rows ? 0 : std::min(per_part, rows - first);
  }
};

// ---- 汇总 ----

// Column titles of the funds, in the order of funds_fields().
const char* const kFundTitles[] = {"资金总额", "中央财政资金", "省级财政资金", "市县（区）财政资金", "单位自筹", "其他资金"};

// f(i, amount) for each amount of a record's funds, i its place among the
// 汇总's money columns: 实施期 then 年度, each in the order of funds_fields().
template <typename F>
void each_fund(const Record& r, F&& f) {
  const auto fields = funds_fields();
  for (std::size_t side = 0; side < 2; ++side)
    for (std::size_t k = 0; k < fields.size(); ++k)
      f(static_cast<int>(side * fields.size() + k), fields[k].number(side ? r.funds.annual : r.funds.period));
}

void write_summary(SheetWriter& sw, Formats& fm, FormSource& forms, std::size_t capped_at,
                   const std::vector<const SheetParts*>& split) {
  std::vector<std::string> headers = {"序号", "项目名称", "来源文件", "行/页", "年度", "主管部门代码", "主管部门",
                                      "实施单位", "项目属性", "项目属性说明", "项目期（年）"};
  const int first_money = static_cast<int>(headers.size());
  const int funds_count = static_cast<int>(funds_fields().size());
  for (const char* side : {"实施期", "年度"})
    for (const char* title : kFundTitles) headers.push_back(std::string(side) + title + "（元）");
  const int filed_col = static_cast<int>(headers.size());
  headers.push_back("填报日期");
  const int findings_col = static_cast<int>(headers.size());
  headers.push_back("问题数");
  const int columns = static_cast<int>(headers.size());

  std::vector<double> caps(columns, 24);
  caps[1] = 50;  // 项目名称
  caps[2] = 30;
  caps[6] = caps[7] = 36;
  caps[filed_col] = 21;
  Widths widths(caps);
  for (int c = 0; c < columns; ++c) widths.see(c, display_width(headers[c]) / 2 + 1);  // headers wrap on two lines
  widths.see(filed_col, 19);
  // The sums of the forms' amounts: the 合计 row is as wide as its largest
  // number, and its formulas' cached values.
  std::vector<Decimal> totals(2 * funds_count);
  forms.each([&](FormRef& f) {
    const Record& r = *f.record;
    widths.see(0, std::to_string(f.number));
    widths.see(1, r.project.name);
    widths.see(2, r.source.file);
    widths.see(3, source_place(r.source));
    widths.see(5, r.project.department_code);
    widths.see(6, r.project.department);
    widths.see(7, r.project.implementing_unit);
    widths.see(8, r.project.attribute);
    widths.see(9, r.project.attribute_detail);
    each_fund(r, [&](int i, const std::optional<Decimal>& v) {
      if (!v) return;
      totals[i] = totals[i] + *v;
      widths.see(first_money + i, money_width(*v));
    });
    return true;
  });
  for (int k = 0; k < 2 * funds_count; ++k) widths.see(first_money + k, money_width(totals[k]) + 1);  // bold
  // The filter covers the header and the forms, not the totals.
  data_sheet_head(sw, widths, headers, forms.size(), fm.head, 33);

  int row = 1;
  int total_findings = 0;
  const double name_width = widths.width(1);
  forms.each([&](FormRef& f) {
    const Record& r = *f.record;
    // A name longer than its column wraps: the row is as tall as its lines.
    int lines = 1;
    for (int c : {1, 6, 7})
      if (const auto& t = c == 1 ? r.project.name : c == 6 ? r.project.department : r.project.implementing_unit)
        lines = std::max(lines, xlsx::wrapped_lines(*t, c == 1 ? name_width : widths.width(c)));
    if (lines > 1) sw.row_height(row, xlsx::height_for_lines(lines));
    for (int c = 0; c < columns; ++c) sw.blank(row, c, fm.text);  // every cell ruled, blank ones too
    sw.number(row, 0, f.number, fm.integer);
    if (!f.sheet.empty() && r.project.name)
      sw.link_to_sheet(row, 1, f.sheet, *r.project.name, fm.link);
    else
      sw.text(row, 1, r.project.name, fm.wrap);
    sw.text(row, 2, r.source.file, fm.text);
    sw.text(row, 3, source_place(r.source), fm.text);
    if (r.fiscal_year) sw.number(row, 4, *r.fiscal_year, fm.integer);
    sw.text(row, 5, r.project.department_code, fm.text);
    sw.text(row, 6, r.project.department, fm.wrap);
    sw.text(row, 7, r.project.implementing_unit, fm.wrap);
    sw.text(row, 8, r.project.attribute, fm.text);
    sw.text(row, 9, r.project.attribute_detail, fm.text);
    if (r.project.period_years) sw.number(row, 10, *r.project.period_years, fm.integer);
    each_fund(r, [&](int i, const std::optional<Decimal>& v) { sw.money(row, first_money + i, v, fm.money); });
    if (r.sign_off.filed_at) {
      if (auto dt = parse_filed_at(*r.sign_off.filed_at))
        sw.datetime(row, filed_col, *dt, fm.datetime);
      else
        sw.text(row, filed_col, *r.sign_off.filed_at, fm.text);
    }
    sw.number(row, findings_col, f.findings, fm.integer);
    total_findings += f.findings;
    ++row;
    return true;
  });
  const int last_data = row - 1;  // 0-based; equals the count of forms

  // Totals: all forms (SUM), and the rows a filter leaves visible (SUBTOTAL 109).
  struct TotalRow {
    const char* label;
    const char* function;
  };
  // (None for an empty batch: a range of no rows would be the totals row itself.)
  for (TotalRow t : {TotalRow{"合计", "SUM("}, TotalRow{"合计（筛选后可见行）", "SUBTOTAL(109,"}}) {
    if (forms.size() == 0) break;
    for (int c = 0; c < columns; ++c) sw.blank(row, c, fm.total_text);
    sw.text(row, 1, std::string(t.label), fm.total_text);
    auto range = [&](int c) {
      return column_name(c) + "2:" + column_name(c) + std::to_string(last_data + 1);
    };
    for (int k = 0; k < 2 * funds_count; ++k)
      sw.formula(row, first_money + k, std::string("=") + t.function + range(first_money + k) + ")", fm.total_money,
                 totals[k].to_double());
    sw.formula(row, findings_col, std::string("=") + t.function + range(findings_col) + ")", fm.total_integer,
               total_findings);
    ++row;
  }

  int note_row = row + 1;  // after a blank row
  if (forms.size() > capped_at) {
    sw.text(note_row++, 1,
            "注：本批共 " + std::to_string(forms.size()) + " 张表，只为前 " + std::to_string(capped_at) +
                " 张生成了单表工作表（每个工作簿的上限）；其余各表的数据都在本表和「绩效指标」中，"
                "需要单表时请分批转换。",
            fm.note);
  }
  for (const SheetParts* p : split) {
    if (p->names.size() < 2) continue;
    std::string list;
    for (const auto& n : p->names) list += (list.empty() ? "「" : "、「") + n + "」";
    sw.text(note_row++, 1,
            "注：「" + p->names.front() + "」共 " + std::to_string(p->rows) + " 行，超出 Excel 每张工作表 " +
                std::to_string(p->per_part + 1) + " 行的上限，依次分在 " + std::to_string(p->names.size()) +
                " 张工作表：" + list + "。",
            fm.note);
  }

  data_sheet_print(sw, 2, true);
}

// ---- 绩效指标 and 问题: data sheets that go on over parts ----

// Calls row(k, form, side, j, indicator) for every indicator row of the batch, k counting from 0
// over the batch, j within its list (实施期 or 年度).
template <typename F>
void each_indicator(FormSource& forms, F&& row) {
  std::size_t k = 0;
  forms.each([&](FormRef& f) {
    for (int side = 0; side < 2; ++side) {
      const auto& list = side ? f.record->indicators.annual : f.record->indicators.period;
      for (std::size_t j = 0; j < list.size(); ++j) row(k++, f, side, j, list[j]);
    }
    return true;
  });
}

// What the sheets need to know of the whole batch before their rows, found in
// one reading of the forms: the indicator rows (绩效指标's parts), and the
// optional indicator columns (权重, 备注, 指标值确定依据, 上年指标值) of 绩效指标:
// those some record of the workbook has, after 单位, in record order.
struct BatchShape {
  std::size_t indicators = 0;
  std::vector<xlsx::OptionalColumn> extras;
};

BatchShape shape_of(FormSource& forms) {
  BatchShape shape;
  std::vector<xlsx::OptionalColumn>& out = shape.extras;
  forms.each([&](FormRef& f) {
    shape.indicators += f.record->indicators.period.size() + f.record->indicators.annual.size();
    for (const auto& c : xlsx::optional_columns(*f.record))
      if (std::none_of(out.begin(), out.end(), [&](const auto& x) { return std::string_view(x.key) == c.key; }))
        out.push_back(c);
    return true;
  });
  static const std::vector<std::string_view> order = {"weight", "note", "basis", "previous_value"};
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::find(order.begin(), order.end(), a.key) < std::find(order.begin(), order.end(), b.key);
  });
  return shape;
}

void write_indicators(SheetWriter& sw, Formats& fm, FormSource& forms, const SheetParts& parts,
                      std::size_t part, const std::vector<xlsx::OptionalColumn>& extras) {
  std::vector<std::string> headers = {"序号", "项目名称", "来源文件", "实施期/年度", "一级指标", "二级指标",
                                      "三级指标", "指标值", "符号", "数值", "单位"};
  std::vector<double> caps = {8, 40, 30, 12, 14, 18, 50, 40, 6, 18, 10};
  const int first_extra = static_cast<int>(headers.size());
  for (const auto& e : extras) {
    headers.push_back(e.label);
    caps.push_back(std::string_view(e.key) == "weight" ? 14 : 40);
  }
  const int columns = static_cast<int>(headers.size());
  const std::size_t first = part * parts.per_part, last = first + parts.rows_in(part);
  // 符号 as the form writes it (≥, ≤), not the record's ASCII (>=, <=).
  auto symbol = [](const std::optional<std::string>& op) -> std::optional<std::string> {
    if (!op) return op;
    if (*op == ">=") return std::string("≥");
    if (*op == "<=") return std::string("≤");
    return op;
  };
  auto extra_text = [](const Indicator& i, std::string_view key) -> const std::optional<std::string>& {
    return key == "note" ? i.note : key == "basis" ? i.basis : i.previous_value;
  };
  Widths widths(caps);
  for (int c = 0; c < columns; ++c) widths.see(c, headers[c]);
  each_indicator(forms, [&](std::size_t k, const FormRef& f, int, std::size_t, const Indicator& i) {
    if (k < first || k >= last) return;
    widths.see(1, f.record->project.name);
    widths.see(2, f.record->source.file);
    widths.see(4, i.level1);
    widths.see(5, i.level2);
    widths.see(6, i.name);
    widths.see(7, i.value);
    widths.see(8, symbol(i.op));
    if (i.amount) widths.see(9, money_width(*i.amount));
    widths.see(10, i.unit);
    for (std::size_t e = 0; e < extras.size(); ++e) {
      if (std::string_view(extras[e].key) == "weight") {
        if (i.weight) widths.see(first_extra + e, money_width(*i.weight));
      } else {
        widths.see(first_extra + e, extra_text(i, extras[e].key));
      }
    }
  });
  data_sheet_head(sw, widths, headers, last - first, fm.head);
  each_indicator(forms, [&](std::size_t k, const FormRef& f, int side, std::size_t j, const Indicator& i) {
    if (k < first || k >= last) return;
    const Record& r = *f.record;
    const int row = static_cast<int>(k - first) + 1;
    // Findings about this indicator: its cell gets a fill and a note.
    std::map<int, std::string> notes;  // column -> the findings' messages
    const std::string at = f.about.empty() ? std::string()
                                           : std::string("indicators.") + (side ? "annual" : "period") + "[" +
                                                 std::to_string(j) + "]";
    for (const Finding* x : f.about) {
      if (x->field.compare(0, at.size(), at) != 0 || (x->field.size() > at.size() && x->field[at.size()] != '.'))
        continue;
      std::string leaf = x->field.size() > at.size() ? x->field.substr(at.size() + 1) : "";
      int col = leaf == "name" ? 6 : leaf == "level1" ? 4 : leaf == "level2" ? 5 : 7;
      for (std::size_t e = 0; e < extras.size(); ++e)
        if (leaf == extras[e].key) col = first_extra + static_cast<int>(e);
      add_to_note(notes[col], *x);
    }
    auto style = [&](int col) { return notes.count(col) ? fm.flagged : fm.text; };
    sw.number(row, 0, f.number, fm.integer);
    sw.text(row, 1, r.project.name, fm.text);
    sw.text(row, 2, r.source.file, fm.text);
    sw.text(row, 3, std::string(side ? "年度" : "实施期"), fm.text);
    for (int c = 4; c < columns; ++c) sw.blank(row, c, style(c));
    sw.text(row, 4, i.level1, style(4));
    sw.text(row, 5, i.level2, style(5));
    sw.text(row, 6, i.name, style(6));
    sw.text(row, 7, i.value, style(7));  // verbatim, as text
    sw.text(row, 8, symbol(i.op), fm.text);  // "=" stays the text "="
    if (i.amount) sw.number(row, 9, i.amount->to_double(), fm.amount(scale_of(*i.amount)));
    sw.text(row, 10, i.unit, fm.text);
    // The optional columns: blank where the form has no such column or its cell is blank.
    for (std::size_t e = 0; e < extras.size(); ++e) {
      const int col = first_extra + static_cast<int>(e);
      if (std::string_view(extras[e].key) == "weight") {
        if (i.weight) sw.number(row, col, i.weight->to_double(), notes.count(col) ? fm.flagged : fm.amount(scale_of(*i.weight)));
      } else {
        sw.text(row, col, extra_text(i, extras[e].key), style(col));
      }
    }
    for (const auto& [col, text] : notes) sw.note(row, col, text);
  });
  data_sheet_print(sw, 0, false);
}

// Calls each(k, finding, number, project) for every finding of the
// workbook, k counting from 0; number: the 序号 of the form it points at, 0
// when none.
template <typename F>
void each_finding(const FindingInputs& findings, F&& each) {
  std::size_t k = 0;
  for (std::size_t ci = 0; ci < findings.inputs.size(); ++ci) {
    const FindingsOf& in = findings.inputs[ci];
    in.each([&](const Finding& f, const std::optional<std::string>& project) {
      const bool of_form = f.record >= 0 && static_cast<std::size_t>(f.record) < in.records;
      each(k++, f, of_form ? findings.numbered_after[ci] + f.record + 1 : 0, project);
    });
  }
}

std::size_t count_findings(const FindingInputs& findings) {
  std::size_t n = 0;
  each_finding(findings, [&](std::size_t, const Finding&, int, const std::optional<std::string>&) { ++n; });
  return n;
}

void write_findings(SheetWriter& sw, Formats& fm, const FindingInputs& findings, const SheetParts& parts,
                    std::size_t part) {
  const std::vector<std::string> headers = {"文件", "行", "页", "规则", "级别", "说明", "序号", "项目名称", "字段"};
  const int columns = static_cast<int>(headers.size());
  const std::size_t first = part * parts.per_part, last = first + parts.rows_in(part);
  Widths widths({30, 8, 6, 30, 6, 60, 8, 30, 24});
  for (int c = 0; c < columns; ++c) widths.see(c, headers[c]);
  each_finding(findings, [&](std::size_t k, const Finding& f, int number, const std::optional<std::string>& project) {
    if (k < first || k >= last) return;
    widths.see(0, f.where.file);
    widths.see(3, f.rule);
    widths.see(5, f.message);
    widths.see(8, field_words(f.field));
    if (number > 0) widths.see(7, project);
  });
  data_sheet_head(sw, widths, headers, last - first, fm.head);
  each_finding(findings, [&](std::size_t k, const Finding& f, int number, const std::optional<std::string>& project) {
      if (k < first || k >= last) return;
      const int row = static_cast<int>(k - first) + 1;
      // The message wraps in its column: the row is as tall as its lines.
      int lines = std::max(xlsx::wrapped_lines(f.message, widths.width(5)), 1);
      if (number > 0 && project) lines = std::max(lines, xlsx::wrapped_lines(*project, widths.width(7)));
      if (lines > 1) sw.row_height(row, xlsx::height_for_lines(lines));
      for (int c = 0; c < columns; ++c) sw.blank(row, c, fm.text);
      sw.text(row, 0, f.where.file, fm.text);
      if (f.where.line > 0) sw.number(row, 1, f.where.line, fm.integer);
      if (f.where.page > 0) sw.number(row, 2, f.where.page, fm.integer);
      sw.text(row, 3, f.rule, fm.text);
      sw.text(row, 4, std::string(severity_label(f.severity)), fm.text);
      sw.text(row, 5, f.message, fm.wrap);
      if (number > 0) {
        sw.number(row, 6, number, fm.integer);
        sw.text(row, 7, project, fm.wrap);
      }
      if (!f.field.empty()) sw.text(row, 8, field_words(f.field), fm.wrap);  // 实施期 第3行 指标值
  });
  data_sheet_print(sw, 0, true);  // file, line, rule and message on one page wide
}

// ---- one sheet per form ----

void write_form(SheetWriter& sw, Formats& fm, const Record& r, const std::vector<const Finding*>& about,
                bool constant_memory) {
  xlsx::FormLayout layout = xlsx::layout_form(r);
  // The cells findings point at: a fill and a note with the messages. An
  // indicator's op, amount or unit is shown in its 指标值 cell.
  std::map<std::pair<int, int>, std::string> notes;
  for (const Finding* x : about) {
    std::string field = x->field;
    for (const char* leaf : {".op", ".amount", ".unit"})
      if (field.size() > std::strlen(leaf) && field.compare(field.size() - std::strlen(leaf), std::string::npos, leaf) == 0)
        field = field.substr(0, field.size() - std::strlen(leaf)) + ".value";
    auto it = layout.places.find(field);
    if (it == layout.places.end()) it = layout.places.find(field + ".name");  // an indicator as a whole
    if (it == layout.places.end()) continue;
    add_to_note(notes[it->second], *x);
  }
  for (std::size_t c = 0; c < layout.column_widths.size(); ++c)
    sw.column_width(static_cast<int>(c), layout.column_widths[c]);

  auto write_cell = [&](int row, const xlsx::FormCell& cell) {
    lxw_format* f = notes.count({row, cell.col}) ? fm.form_flagged.at(cell.style) : fm.form.at(cell.style);
    if (const auto* s = std::get_if<std::string>(&cell.value))
      sw.text(row, cell.col, *s, f);
    else if (const auto* d = std::get_if<Decimal>(&cell.value))
      sw.number(row, cell.col, d->to_double(), f);
    else
      sw.blank(row, cell.col, f);
  };

  // Row by row, as constant_memory mode needs. A merge is registered when its
  // last row is written: worksheet_merge_range() records the range, then
  // writes its first cell and pads the area with blanks; rows already flushed
  // ignore those writes, and the cells of the current row are written again
  // after it, so every cell keeps the value and format the layout gives it.
  std::size_t next_merge = 0;
  const int rows = static_cast<int>(layout.rows.size());
  for (int row = 0; row < rows; ++row) {
    sw.row_height(row, layout.row_heights[row] > 0 ? layout.row_heights[row] : xlsx::height_for_lines(1));
    for (const auto& cell : layout.rows[row]) write_cell(row, cell);
    bool merged = false;
    while (next_merge < layout.merges.size() && layout.merges[next_merge].last_row == row) {
      const auto& m = layout.merges[next_merge++];
      const xlsx::FormCell* first = nullptr;
      for (const auto& cell : layout.rows[m.first_row])
        if (cell.col == m.first_col) first = &cell;
      if (!first) sw.check(LXW_ERROR_PARAMETER_VALIDATION, m.first_row, m.first_col);  // a layout bug, not a crash
      // Rows written by hand: the range alone goes to libxlsxwriter (with no
      // format it writes no cells: a blank without a format is none).
      sw.check(worksheet_merge_range(sw.get(), m.first_row, m.first_col, m.last_row, m.last_col, "",
                                     sw.rows_by_hand() ? nullptr : fm.form.at(first->style)),
               m.first_row, m.first_col);
      if (!constant_memory && m.first_row != row) write_cell(m.first_row, *first);
      merged = true;
    }
    if (merged)
      for (const auto& cell : layout.rows[row]) write_cell(row, cell);
    for (auto it = notes.lower_bound({row, 0}); it != notes.end() && it->first.first == row; ++it)
      sw.note(row, it->first.second, it->second);
  }

  lxw_worksheet* ws = sw.get();
  worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
  worksheet_set_portrait(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.6);
  worksheet_center_horizontally(ws);
  worksheet_fit_to_pages(ws, 1, 0);  // one page wide, as many pages tall as needed
  sw.check(worksheet_print_area(ws, 0, 0, rows - 1, static_cast<int>(layout.column_widths.size()) - 1), 0, 0);
  sw.check(worksheet_set_footer(ws, "&C第 &P 页，共 &N 页"), 0, 0);
}

// The forms of a batch of conversions, in memory.
class MemoryForms : public FormSource {
 public:
  explicit MemoryForms(std::span<const Conversion> batch) {
    // The forms of the batch, numbered, with their findings counted.
    for (const auto& c : batch)
      for (const auto& r : c.records) forms_.push_back(FormRef{&r, static_cast<int>(forms_.size()) + 1, 0, {}, {}});
    std::size_t first = 0;
    for (const auto& c : batch) {
      for (const auto& f : c.findings)
        if (f.record >= 0 && static_cast<std::size_t>(f.record) < c.records.size()) {
          FormRef& form = forms_[first + static_cast<std::size_t>(f.record)];
          ++form.findings;
          form.about.push_back(&f);
        }
      first += c.records.size();
    }
  }
  std::size_t size() const override { return forms_.size(); }
  void each(const std::function<bool(FormRef&)>& f) override {
    for (auto& form : forms_)
      if (!f(form)) break;
  }

 private:
  std::vector<FormRef> forms_;
};

// The forms of one input converted as a stream, read back from temporary
// files: the records as they came, and the findings that point at a form in
// the order of their forms (a finding that comes after one about a later
// form is kept in memory: rare, findings come in source order).
class SpooledForms : public FormSource {
 public:
  void add(const Record& r) { records_.add(r); }
  // The input's findings, once its records are all in.
  void set_findings(const FindingsOf& findings) {
    int last = 0;
    findings.each([&](const Finding& f, const std::optional<std::string>&) {
      if (f.record < 0 || static_cast<std::size_t>(f.record) >= records_.size()) return;
      if (f.record >= last) {
        about_.add(f);
        last = f.record;
      } else {
        late_[f.record].push_back(f);
      }
    });
  }
  std::size_t size() const override { return records_.size(); }
  void each(const std::function<bool(FormRef&)>& f) override {
    records_.rewind();
    about_.rewind();
    Record r;
    std::vector<Finding> mine;
    FormRef form{&r, 0, 0, {}, {}};
    for (int k = 0; records_.next(r); ++k) {
      mine.clear();
      while (const Finding* x = about_.peek()) {
        if (x->record != k) break;
        mine.push_back(*x);
        about_.pop();
      }
      if (auto it = late_.find(k); it != late_.end()) mine.insert(mine.end(), it->second.begin(), it->second.end());
      form.number = k + 1;
      form.findings = static_cast<int>(mine.size());
      form.about.clear();
      for (const auto& x : mine) form.about.push_back(&x);
      form.sheet.clear();
      if (!f(form)) break;
    }
  }

 private:
  RecordSpool records_;
  FindingSpool about_;
  std::map<int, std::vector<Finding>> late_;
};

// The forms of `forms`, the first of them with the names of their sheets.
class NamedForms : public FormSource {
 public:
  NamedForms(FormSource& forms, const std::vector<std::string>& sheets) : forms_(forms), sheets_(sheets) {}
  std::size_t size() const override { return forms_.size(); }
  void each(const std::function<bool(FormRef&)>& f) override {
    std::size_t k = 0;
    forms_.each([&](FormRef& form) {
      form.sheet = k < sheets_.size() ? sheets_[k] : std::string();
      ++k;
      return f(form);
    });
  }

 private:
  FormSource& forms_;
  const std::vector<std::string>& sheets_;
};

void render(Book& book, FormSource& all, const FindingInputs& findings, const XlsxOptions& options) {
  // Sheet names first: the summary links to the form sheets.
  // 汇总 holds every form, its header, two totals rows and its notes in one sheet.
  const std::size_t count = all.size();
  if (count + 6 > options.max_sheet_rows)
    book.fail(std::to_string(count) + " forms: more than one 汇总 sheet holds (" +
              std::to_string(options.max_sheet_rows) + " rows); convert the batch in parts");
  const BatchShape shape = shape_of(all);
  const SheetParts indicator_parts(kIndicatorSheet, shape.indicators, options.max_sheet_rows);
  const SheetParts finding_parts(kFindingSheet, count_findings(findings), options.max_sheet_rows);
  xlsx::SheetNamer names;
  std::vector<std::string> fixed = {kSummarySheet};
  fixed.insert(fixed.end(), indicator_parts.names.begin(), indicator_parts.names.end());
  fixed.insert(fixed.end(), finding_parts.names.begin(), finding_parts.names.end());
  for (const auto& name : fixed)
    if (!names.reserve(name)) book.fail("sheet name «" + name + "» refused");
  const std::size_t with_sheet = std::min(count, options.max_form_sheets);
  std::vector<std::string> sheets;
  all.each([&](FormRef& f) {
    if (sheets.size() >= with_sheet) return false;
    sheets.push_back(names.assign(f.record->project.name.value_or(""), "表" + std::to_string(f.number)));
    return true;
  });
  NamedForms forms(all, sheets);

  lxw_doc_properties props{};
  std::string title = "项目支出绩效目标表";
  std::string subject = "汇总、绩效指标、问题与各表";
  std::string generator = "perfgoal";
  props.title = title.data();
  props.subject = subject.data();
  props.comments = generator.data();
  props.created = creation_time(options);
  book.check(workbook_set_properties(book.get(), &props), "document properties");

  Formats fm(book);
  SheetWriter summary = add_sheet(book, kSummarySheet);
  write_summary(summary, fm, forms, options.max_form_sheets, {&indicator_parts, &finding_parts});
  summary.done();
  const auto& extras = shape.extras;
  for (std::size_t k = 0; k < indicator_parts.names.size(); ++k) {
    SheetWriter sheet = add_sheet(book, indicator_parts.names[k]);
    write_indicators(sheet, fm, forms, indicator_parts, k, extras);
    sheet.done();
  }
  for (std::size_t k = 0; k < finding_parts.names.size(); ++k) {
    SheetWriter sheet = add_sheet(book, finding_parts.names[k]);
    write_findings(sheet, fm, findings, finding_parts, k);
    sheet.done();
  }
  worksheet_activate(summary.get());
  std::size_t k = 0;
  forms.each([&](FormRef& f) {
    if (k++ >= with_sheet) return false;
    SheetWriter sheet = add_sheet(book, f.sheet, true);
    write_form(sheet, fm, *f.record, f.about, book.constant_memory());
    sheet.done();
    return true;
  });
}

// An input's workbook written as its records come: the records kept in a
// temporary file, the workbook written from it once the findings are known.
class XlsxFormWriter : public FormWriter {
 public:
  XlsxFormWriter(const std::filesystem::path& out, const XlsxOptions& options) : out_(out), options_(options) {}
  void add(const Record& r) override { forms_.add(r); }
  void finish(const FindingsOf& findings) override {
    forms_.set_findings(findings);
    FindingInputs all{{findings}, {0}};
    write_atomically(out_, [&](const std::filesystem::path& tmp) {
      Book book(tmp, out_, options_.constant_memory, options_.hand_written_rows);
      render(book, forms_, all, options_);
      book.close();
    });
  }

 private:
  std::filesystem::path out_;
  XlsxOptions options_;
  SpooledForms forms_;
};

}  // namespace

void write_xlsx(std::span<const Conversion> batch, const std::filesystem::path& out, const XlsxOptions& options) {
  MemoryForms forms(batch);
  FindingInputs findings;
  int first = 0;
  for (const auto& c : batch) {
    findings.inputs.push_back(findings_of(c));
    findings.numbered_after.push_back(first);
    first += static_cast<int>(c.records.size());
  }
  write_atomically(out, [&](const std::filesystem::path& tmp) {
    Book book(tmp, out, options.constant_memory, options.hand_written_rows);
    render(book, forms, findings, options);
    book.close();
  });
}

void write_xlsx_file(std::span<const Conversion> batch, const std::filesystem::path& out) {
  write_xlsx(batch, out, XlsxOptions{});
}

std::unique_ptr<FormWriter> open_xlsx_form_writer(const std::filesystem::path& out, const XlsxOptions& options) {
  return std::make_unique<XlsxFormWriter>(out, options);
}

}  // namespace perfgoal
