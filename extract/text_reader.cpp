#include "extract/text_reader.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <numeric>
#include <cstring>
#include <fstream>
#include <sstream>

#include "extract/pdf_layout.h"
#include "model/errors.h"

namespace perfgoal {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;  // overlong
  return n;
}

// Offset of the first byte that is not valid UTF-8, or npos.
size_t first_invalid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

int line_of_offset(std::string_view s, size_t offset, size_t unit = 1) {
  int line = 1;
  for (size_t i = 0; i + unit <= offset && i < s.size(); i += unit) {
    bool nl = unit == 1 ? s[i] == '\n'
                        : (s[i] == '\n' && s[i + 1] == 0) || (s[i] == 0 && s[i + 1] == '\n');
    if (nl) ++line;
  }
  return line;
}

// `detected`: the encoding was guessed, so the error suggests --encoding.
std::string iconv_to_utf8(std::string_view bytes, const std::string& from, const std::string& file,
                          bool detected = true) {
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw InputError(file, "unknown encoding '" + from + "' (try UTF-8, UTF-16, GB18030)");
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* op = out.data();
  size_t out_left = out.size();
  while (in_left > 0) {
    size_t r = iconv(cd, &in, &in_left, &op, &out_left);
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      size_t used = static_cast<size_t>(op - out.data());
      out.resize(out.size() * 2);
      op = out.data() + used;
      out_left = out.size() - used;
      continue;
    }
    size_t offset = bytes.size() - in_left;
    iconv_close(cd);
    size_t unit = from.rfind("UTF-16", 0) == 0 ? 2 : 1;
    throw InputError(file,
                     std::string(errno == EINVAL ? "text ends inside a character" : "bytes that are not valid ") +
                         (errno == EINVAL ? "" : from) + " at byte " + std::to_string(offset) +
                         (detected ? " (use --encoding to name the file's encoding)" : ""),
                     line_of_offset(bytes, offset, unit));
  }
  iconv_close(cd);
  out.resize(static_cast<size_t>(op - out.data()));
  return out;
}

bool looks_like_utf16_without_bom(std::string_view b, bool& little_endian) {
  if (b.size() < 4) return false;
  size_t even_zero = 0, odd_zero = 0, n = std::min<size_t>(b.size(), 4096) & ~size_t(1);
  for (size_t i = 0; i < n; i += 2) {
    if (b[i] == 0) ++even_zero;
    if (b[i + 1] == 0) ++odd_zero;
  }
  // ASCII in UTF-16 puts a zero in every other byte; text of only CJK does not,
  // so this only catches files with some ASCII (tabs, digits), which ours have.
  // Forms with long texts may have one ASCII character in 16 or fewer; a CJK
  // character can have a zero byte of its own (一 is U+4E00), so the other
  // position may have a few zeros too.
  if (odd_zero > n / 32 && even_zero * 4 < odd_zero) { little_endian = true; return true; }
  if (even_zero > n / 32 && odd_zero * 4 < even_zero) { little_endian = false; return true; }
  return false;
}

}  // namespace

std::string decode_text(std::string_view bytes, const std::string& file, const std::string& forced,
                        std::string& used) {
  auto starts = [&](std::string_view p) { return bytes.substr(0, p.size()) == p; };
  if (!forced.empty()) {
    std::string name = forced;
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    used = name;
    if (name == "UTF-8" || name == "UTF8") {
      used = "UTF-8";
      if (starts("\xEF\xBB\xBF")) bytes.remove_prefix(3);
      size_t bad = first_invalid_utf8(bytes);
      if (bad != std::string_view::npos)
        throw InputError(file, "bytes that are not valid UTF-8 at byte " + std::to_string(bad), line_of_offset(bytes, bad));
      return std::string(bytes);
    }
    std::string out = iconv_to_utf8(bytes, name, file, false);
    if (out.rfind("\xEF\xBB\xBF", 0) == 0) out.erase(0, 3);
    return out;
  }
  if (starts("\xEF\xBB\xBF")) {
    used = "UTF-8";
    bytes.remove_prefix(3);
    size_t bad = first_invalid_utf8(bytes);
    if (bad != std::string_view::npos)
      throw InputError(file, "bytes that are not valid UTF-8 at byte " + std::to_string(bad + 3) +
                                 " although the file starts with a UTF-8 byte order mark",
                       line_of_offset(bytes, bad));
    return std::string(bytes);
  }
  if (starts("\xFF\xFE")) { used = "UTF-16LE"; return iconv_to_utf8(bytes.substr(2), "UTF-16LE", file); }
  if (starts("\xFE\xFF")) { used = "UTF-16BE"; return iconv_to_utf8(bytes.substr(2), "UTF-16BE", file); }
  bool le = true;
  if (looks_like_utf16_without_bom(bytes, le)) {
    used = le ? "UTF-16LE" : "UTF-16BE";
    return iconv_to_utf8(bytes, used, file);
  }
  if (bytes.substr(0, 1 << 16).find('\0') != std::string_view::npos)
    throw InputError(file, "binary data (NUL bytes), not a text export", line_of_offset(bytes, bytes.find('\0')));
  if (first_invalid_utf8(bytes) == std::string_view::npos) {
    used = "UTF-8";
    return std::string(bytes);
  }
  // Not UTF-8. When the text before the first bad byte already holds UTF-8
  // characters of three or four bytes (as CJK text in UTF-8 is; GB18030 text
  // almost never forms them), it is UTF-8 with a bad byte: say so, at that
  // byte's line, rather than blaming GB18030 somewhere else.
  size_t bad = first_invalid_utf8(bytes);
  int wide = 0;
  for (size_t i = 0; i < bad && wide < 3;) {
    size_t n = utf8_sequence_length(bytes, i);
    if (n >= 3) ++wide;
    i += n;
  }
  if (wide >= 3)
    throw InputError(file,
                     "bytes that are not valid UTF-8 at byte " + std::to_string(bad) +
                         " (the text before it is UTF-8; use --encoding to name the file's encoding)",
                     line_of_offset(bytes, bad));
  used = "GB18030";
  return iconv_to_utf8(bytes, "GB18030", file);
}

namespace {

// Display width of a UTF-8 string: East Asian characters count two columns.
int display_width(std::string_view s) {
  int w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    w += n >= 3 ? 2 : 1;
    i += n;
  }
  return w;
}

bool blank(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') continue;
    if (s.substr(i, 3) == "\xE3\x80\x80") { i += 2; continue; }  // U+3000 ideographic space
    return false;
  }
  return true;
}

void split_tabs(std::string_view line, Row& row) {
  int column = 0;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    std::string_view cell = line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
    if (!blank(cell)) row.cells.push_back(Cell{std::string(cell), column, 1, 1, row.line, 0, std::nullopt});
    if (tab == std::string_view::npos) break;
    start = tab + 1;
    ++column;
  }
}

// Layout text: cells are separated by two or more spaces; a cell's column is
// its display offset on the line, so cells line up across rows.
void split_spaces(std::string_view line, Row& row) {
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size()) break;
    size_t start = i;
    while (i < line.size()) {
      if (line[i] == ' ' && i + 1 < line.size() && line[i + 1] == ' ') break;
      if (line.substr(i, 3) == "\xE3\x80\x80" && line.substr(i + 3, 3) == "\xE3\x80\x80") break;
      ++i;
    }
    size_t end = i;
    while (end > start && line[end - 1] == ' ') --end;
    row.cells.push_back(Cell{std::string(line.substr(start, end - start)), display_width(line.substr(0, start)), 1, 1,
                             row.line, 0, std::nullopt});
    while (i < line.size() && line.substr(i, 3) == "\xE3\x80\x80") i += 3;
  }
}

// Line `number` (without its \n) of text without form feeds as a row (as
// cells_from_text splits it); no cells when blank.
void split_line(std::string_view line, int number, const std::string& file, Row& row) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find('\0') != std::string_view::npos)
    throw InputError(file, "a NUL byte in text: this is not a text export (binary file?)", number);
  row.line = number;
  row.page = 0;
  row.cells.clear();
  if (line.find('\t') != std::string_view::npos)
    split_tabs(line, row);
  else
    split_spaces(line, row);
}

char32_t decode_at(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
  char32_t v = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n && i + k < s.size(); ++k) v = (v << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return v;
}

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// Text printed from a PDF page by page (`pdftotext -layout`): no tabs, pages
// parted by form feeds.
bool is_page_layout_text(std::string_view text) {
  return text.find('\t') == std::string_view::npos && text.find('\f') != std::string_view::npos;
}

// A stretch of one line: text between gaps, at character columns [x0, x1).
// pdftotext places characters by their count, whatever their width: a
// column is a character.
struct Stretch {
  std::vector<char32_t> text;  // with single spaces
  int x0 = 0, x1 = 0, line = 0;
};

struct Pile {
  std::vector<Stretch> lines;
  int x0 = 0, x1 = 0;  // x1: the widest line's end
  int first = 0, last = 0;
  size_t last_index = 0;  // of its last line in the page's lines
};

// Layout text as cells: a line's stretches are parted by two or more spaces
// (or by one, between ideographs, where other lines start a stretch at that
// column); a stretch goes on the text of the cell above it (its wrapped
// lines) when it starts at the same column, is no wider, the line above
// filled the cell (it ends where the next column starts), and the lines
// between hold nothing of it (a row's single-line cells print on the middle
// line of its taller cells; a blank line ends a row). Cells whose lines
// overlap are one row. Cell text is joined as the PDF reader joins a cell's
// lines (join_cell_text).
std::vector<Row> rows_of_page(const std::vector<std::pair<int, std::vector<char32_t>>>& lines) {
  // Stretches, first at two or more spaces.
  std::vector<std::vector<Stretch>> by_line(lines.size());
  std::map<int, int> starts;  // column -> lines with a stretch starting there
  for (size_t l = 0; l < lines.size(); ++l) {
    const auto& chars = lines[l].second;
    size_t i = 0;
    while (i < chars.size()) {
      while (i < chars.size() && chars[i] == U' ') ++i;
      if (i >= chars.size()) break;
      Stretch st;
      st.line = lines[l].first;
      st.x0 = static_cast<int>(i);
      while (i < chars.size() && !(chars[i] == U' ' && (i + 1 >= chars.size() || chars[i + 1] == U' '))) st.text.push_back(chars[i++]);
      st.x1 = static_cast<int>(i);
      ++starts[st.x0];
      by_line[l].push_back(std::move(st));
    }
  }
  // Then at one space between ideographs, where at least two other lines start a stretch.
  for (auto& line : by_line) {
    std::vector<Stretch> out;
    for (auto& st : line) {
      size_t from = 0;
      for (size_t k = 1; k + 1 < st.text.size(); ++k)
        if (st.text[k] == U' ' && is_cjk(st.text[k - 1]) && is_cjk(st.text[k + 1]) && starts[st.x0 + static_cast<int>(k) + 1] >= 2) {
          Stretch a;
          a.line = st.line;
          a.x0 = st.x0 + static_cast<int>(from);
          a.text.assign(st.text.begin() + static_cast<long>(from), st.text.begin() + static_cast<long>(k));
          a.x1 = a.x0 + static_cast<int>(a.text.size());
          out.push_back(std::move(a));
          from = k + 1;
        }
      if (from > 0) {
        Stretch a;
        a.line = st.line;
        a.x0 = st.x0 + static_cast<int>(from);
        a.text.assign(st.text.begin() + static_cast<long>(from), st.text.end());
        a.x1 = a.x0 + static_cast<int>(a.text.size());
        out.push_back(std::move(a));
      } else {
        out.push_back(std::move(st));
      }
    }
    line = std::move(out);
  }
  const int right_edge = [&] {
    int r = 0;
    for (const auto& line : by_line)
      for (const auto& st : line) r = std::max(r, st.x1);
    return r;
  }();
  constexpr int kSlack = 3;  // columns a filled line may leave (a character that cannot start a line, a space)
  std::vector<Pile> piles;
  // A line's stretches are in order and do not overlap: the first one that
  // ends after x, and the first that starts at or after x, are found by bisection.
  auto first_ending_after = [](const std::vector<Stretch>& line, int x) {
    return std::upper_bound(line.begin(), line.end(), x, [](int v, const Stretch& o) { return v < o.x1; });
  };
  auto first_starting_from = [](const std::vector<Stretch>& line, int x) {
    return std::lower_bound(line.begin(), line.end(), x, [](const Stretch& o, int v) { return o.x0 < v; });
  };
  // Piles that end on one of the last two lines, by their column: only they take a line.
  std::map<int, std::vector<size_t>> open;
  for (size_t l = 0; l < by_line.size(); ++l) {
    for (auto it = open.begin(); it != open.end();) {
      std::erase_if(it->second, [&](size_t i) { return piles[i].last < lines[l].first - 2; });
      it = it->second.empty() ? open.erase(it) : std::next(it);
    }
    const size_t opened = piles.size();
    for (auto& st : by_line[l]) {
      Pile* home = nullptr;
      auto at = open.find(st.x0);
      for (size_t i : at == open.end() ? std::vector<size_t>{} : at->second) {
        Pile& p = piles[i];
        int gap = st.line - p.last;
        if (gap < 1 || gap > 2) continue;
        if (std::abs(st.x0 - p.x0) > 0) continue;
        if (st.x1 > p.x1 + 1) continue;
        const Stretch& above = p.lines.back();
        int li = static_cast<int>(p.last_index), ln = static_cast<int>(l);
        // A blank line between ends the row; text between must not touch this cell.
        bool clear = true;
        for (int k = li + 1; k < ln; ++k) {
          if (lines[static_cast<size_t>(k)].first != p.last + 1 || by_line[static_cast<size_t>(k)].empty()) clear = false;
          const auto& between = by_line[static_cast<size_t>(k)];
          auto o = first_ending_after(between, p.x0);
          if (o != between.end() && o->x0 < std::max(p.x1, st.x1)) clear = false;
        }
        if (gap == 2 && li + 1 == ln) clear = false;  // the line between is blank
        if (!clear) continue;
        // Where the next column starts, on the lines from the one above to this one.
        int next = right_edge;
        for (int k = li; k <= ln; ++k) {
          const auto& on = by_line[static_cast<size_t>(k)];
          auto o = first_starting_from(on, above.x1);
          if (o != on.end()) next = std::min(next, o->x0);
        }
        if (next - above.x1 > kSlack) continue;
        home = &p;
      }
      if (home) {
        home->lines.push_back(st);
        home->last = st.line;
        home->last_index = l;
        home->x1 = std::max(home->x1, st.x1);
      } else {
        Pile p;
        p.x0 = st.x0;
        p.x1 = st.x1;
        p.first = p.last = st.line;
        p.last_index = l;
        p.lines.push_back(st);
        piles.push_back(std::move(p));
      }
    }
    for (size_t i = opened; i < piles.size(); ++i) open[piles[i].x0].push_back(i);
  }
  // Rows: piles whose lines overlap, transitively.
  std::sort(piles.begin(), piles.end(), [](const Pile& a, const Pile& b) {
    return a.first != b.first ? a.first < b.first : a.x0 < b.x0;
  });
  std::vector<Row> rows;
  int row_last = -1;
  for (const auto& p : piles) {
    std::vector<PdfChar> chars;
    for (const auto& st : p.lines)
      for (size_t k = 0; k < st.text.size(); ++k) {
        double x = (st.x0 + static_cast<int>(k)) * 6.0, y = st.line * 12.0;
        chars.push_back(PdfChar{st.text[k], x, y, x + 6.0, y + 10.0, 12.0, -1});
      }
    Cell cell;
    cell.text = join_cell_text(std::move(chars));
    if (cell.text.empty()) continue;
    cell.column = p.x0;
    cell.line = p.first;
    if (rows.empty() || p.first > row_last) {
      Row row;
      row.line = p.first;
      rows.push_back(std::move(row));
    }
    rows.back().cells.push_back(std::move(cell));
    row_last = std::max(row_last, p.last);
  }
  for (auto& r : rows)
    std::stable_sort(r.cells.begin(), r.cells.end(), [](const Cell& a, const Cell& b) { return a.column < b.column; });
  return rows;
}

CellDocument cells_from_layout_text(std::string_view text, const std::string& file) {
  CellDocument doc;
  doc.file = file;
  doc.format = "text";
  std::vector<std::pair<int, std::vector<char32_t>>> page;  // (line, characters)
  page.emplace_back(1, std::vector<char32_t>{});
  int line = 1;
  auto flush = [&] {
    for (auto& r : rows_of_page(page)) doc.rows.push_back(std::move(r));
    page.clear();
  };
  for (size_t i = 0; i < text.size();) {
    char32_t c = decode_at(text, i);
    if (c == U'\n') {
      page.emplace_back(++line, std::vector<char32_t>{});
    } else if (c == U'\f') {
      auto rest = std::move(page.back());
      page.pop_back();
      flush();
      page.push_back(std::move(rest));
    } else if (c == 0) {
      throw InputError(file, "a NUL byte in text: this is not a text export (binary file?)", line);
    } else if (c != U'\r') {
      page.back().second.push_back(c == 0x3000 || c == 0xA0 ? U' ' : c);
    }
  }
  flush();
  return doc;
}

}  // namespace

CellDocument cells_from_text(std::string_view text, const std::string& file) {
  if (is_page_layout_text(text)) return cells_from_layout_text(text, file);
  CellDocument doc;
  doc.file = file;
  doc.format = "text";
  int number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // A form feed parts pages (pdftotext -layout puts one before each page's
    // first line): it takes no column and is no text of a cell.
    std::string without_feeds;
    if (line.find('\f') != std::string_view::npos) {
      for (char ch : line)
        if (ch != '\f') without_feeds += ch;
      line = without_feeds;
    }
    if (line.find('\0') != std::string_view::npos)
      throw InputError(file, "a NUL byte in text: this is not a text export (binary file?)", number);
    Row row;
    row.line = number;
    if (line.find('\t') != std::string_view::npos)
      split_tabs(line, row);
    else
      split_spaces(line, row);
    if (!row.cells.empty()) doc.rows.push_back(std::move(row));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return doc;
}

// The lines of a file, read in blocks: each line's bytes without its \n, the
// last one too (empty when the file ends with \n), as cells_from_text splits.
namespace {

// Text in another encoding turned into UTF-8 a block at a time: the bytes of
// a character cut by the end of a block wait for the next block.
class BlockDecoder {
 public:
  explicit BlockDecoder(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  ~BlockDecoder() {
    if (ok()) iconv_close(cd_);
  }
  BlockDecoder(const BlockDecoder&) = delete;
  BlockDecoder& operator=(const BlockDecoder&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  // Appends the UTF-8 of `n` more bytes to `out`; false at bytes that are not
  // of the encoding, or (at_end) a character the input ends inside.
  bool decode(const char* p, size_t n, bool at_end, std::string& out) {
    pending_.append(p, n);
    char* in = pending_.data();
    size_t left = pending_.size();
    size_t used = out.size();
    out.resize(used + left * 2 + 16);
    while (left > 0) {
      char* op = out.data() + used;
      size_t out_left = out.size() - used;
      size_t r = iconv(cd_, &in, &left, &op, &out_left);
      used = static_cast<size_t>(op - out.data());
      if (r != static_cast<size_t>(-1)) break;
      if (errno == E2BIG) {
        out.resize(out.size() * 2);
        continue;
      }
      if (errno == EINVAL && !at_end) break;  // the rest of the character comes with the next block
      out.resize(used);
      return false;
    }
    out.resize(used);
    pending_.erase(0, pending_.size() - left);
    return true;
  }

 private:
  iconv_t cd_;
  std::string pending_;
};

}  // namespace

struct TextRowStream::Lines {
  std::ifstream in;
  std::vector<char> block = std::vector<char>(1 << 20);
  std::string buffer;  // bytes read (decoded), not yet handed out
  size_t start = 0;    // the next line begins here
  bool eof = false;
  bool done = false;
  std::unique_ptr<BlockDecoder> decoder;  // null: the file is UTF-8
  size_t skip = 0;                        // bytes not decoded at the start (a UTF-16 byte order mark)

  explicit Lines(const std::filesystem::path& path, const std::string& from = "", size_t skip_bytes = 0)
      : in(path, std::ios::binary), skip(skip_bytes) {
    if (!from.empty()) {
      decoder = std::make_unique<BlockDecoder>(from);
      if (!decoder->ok()) in.setstate(std::ios::failbit);
    }
  }

  bool next(std::string_view& line) {
    if (done) return false;
    for (;;) {
      size_t nl = buffer.find('\n', start);
      if (nl != std::string::npos) {
        line = std::string_view(buffer).substr(start, nl - start);
        start = nl + 1;
        return true;
      }
      if (eof) {
        line = std::string_view(buffer).substr(start);
        done = true;
        return true;
      }
      buffer.erase(0, start);
      start = 0;
      in.read(block.data(), static_cast<std::streamsize>(block.size()));
      std::streamsize got = in.gcount();
      if (in.bad()) throw std::runtime_error(std::strerror(errno));
      if (got < static_cast<std::streamsize>(block.size())) eof = true;
      const char* p = block.data();
      size_t n = static_cast<size_t>(got);
      if (!decoder) {
        buffer.append(p, n);
        continue;
      }
      size_t s = std::min(skip, n);
      skip -= s;
      if (!decoder->decode(p + s, n - s, eof, buffer)) throw std::runtime_error("bytes not of the encoding");
    }
  }
};

TextRowStream::~TextRowStream() = default;

std::unique_ptr<TextRowStream> TextRowStream::open(const std::filesystem::path& path, const ReadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return nullptr;
  std::string forced = options.encoding;
  for (auto& c : forced) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (forced == "UTF8") forced = "UTF-8";
  // What decode_text would decode the file as: UTF-8 (as it is), or another
  // encoding decoded a block at a time; null when read_text_file has an
  // error to give (invalid bytes, NUL bytes), or the file is page layout text.
  std::string from;   // "" : UTF-8
  size_t skip = 0;    // a UTF-16 byte order mark
  bool strip_bom = true;  // a UTF-8 byte order mark at the start of the text is dropped
  if (!forced.empty() && forced != "UTF-8") {
    from = forced;
  } else {
    // First pass: plain UTF-8, no NUL byte, not UTF-16 by its look.
    Lines check(path);
    if (!check.in) return nullptr;
    std::string_view line;
    bool first = true;
    bool bom = false;
    int wide = 0;  // UTF-8 characters of three or four bytes, up to 3
    auto count_wide = [&](std::string_view t) {
      for (size_t i = 0; i < t.size() && wide < 3;) {
        size_t n = utf8_sequence_length(t, i);
        if (n >= 3) ++wide;
        i += n;
      }
    };
    try {
      while (check.next(line)) {
        if (first) {
          if (forced.empty() && (line.substr(0, 2) == "\xFF\xFE" || line.substr(0, 2) == "\xFE\xFF")) {
            from = line[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
            skip = 2;
            strip_bom = false;
            break;
          }
          bom = line.substr(0, 3) == "\xEF\xBB\xBF";
          bool le = true;
          // decode_text looks at the first 4096 bytes: the first block holds them.
          std::string_view head(check.buffer.data(), std::min<size_t>(check.buffer.size(), 1 << 16));
          if (!bom && forced.empty() && looks_like_utf16_without_bom(head, le)) {
            from = le ? "UTF-16LE" : "UTF-16BE";
            strip_bom = false;
            break;
          }
          first = false;
        }
        // NUL bytes, form feeds (page layout text): read whole.
        if (line.find('\0') != std::string_view::npos || line.find('\f') != std::string_view::npos) return nullptr;
        size_t bad = first_invalid_utf8(line);
        if (bad != std::string_view::npos) {
          // Not UTF-8: GB18030 when decode_text would say so (no BOM, not
          // forced, no UTF-8 text before the bad byte), else its error.
          if (bom || !forced.empty()) return nullptr;
          count_wide(line.substr(0, bad));
          if (wide >= 3) return nullptr;
          from = "GB18030";
          strip_bom = false;
          break;
        }
        if (wide < 3) count_wide(line);
      }
    } catch (const std::exception&) {
      return nullptr;
    }
  }
  if (!from.empty()) {
    // Decoded, the whole file: no bytes outside the encoding, no NUL byte, no form feed.
    Lines check(path, from, skip);
    if (!check.in) return nullptr;
    std::string_view line;
    try {
      while (check.next(line))
        if (line.find('\0') != std::string_view::npos || line.find('\f') != std::string_view::npos) return nullptr;
    } catch (const std::exception&) {
      return nullptr;
    }
  }
  std::unique_ptr<TextRowStream> s(new TextRowStream());
  s->lines_ = std::make_unique<Lines>(path, from, skip);
  if (!s->lines_->in) return nullptr;
  s->file_ = path.filename().string();
  s->encoding_ = from.empty() ? "UTF-8" : from;
  s->strip_bom_ = strip_bom;
  return s;
}

bool TextRowStream::next(Row& row) {
  std::string_view line;
  while (lines_->next(line)) {
    ++number_;
    if (number_ == 1 && strip_bom_ && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    split_line(line, number_, file_, row);
    if (!row.cells.empty()) return true;
  }
  return false;
}

CellDocument read_text_file(const std::filesystem::path& path, const ReadOptions& options) {
  std::string file = path.filename().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(file, "cannot open: " + std::string(std::strerror(errno)));
  // Read straight into one buffer (no stream copy), and let the raw bytes go
  // before the cells are split: the file is held twice at most, briefly.
  std::string bytes;
  std::streamoff size = -1;
  if (in.seekg(0, std::ios::end)) {
    size = in.tellg();
    in.seekg(0, std::ios::beg);
  }
  if (size >= 0 && in) {
    bytes.resize(static_cast<size_t>(size));
    in.read(bytes.data(), size);
    bytes.resize(static_cast<size_t>(in.gcount()));
  } else {  // not seekable (a pipe): as a stream
    in.clear();
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  if (in.bad()) throw InputError(file, "cannot read: " + std::string(std::strerror(errno)));
  std::string used;
  std::string text = decode_text(bytes, file, options.encoding, used);
  std::string().swap(bytes);
  CellDocument doc = cells_from_text(text, file);
  doc.encoding = used;
  return doc;
}

}  // namespace perfgoal
