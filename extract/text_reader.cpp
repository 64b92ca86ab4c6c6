#include "extract/text_reader.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/form_template.h"
#include "extract/pdf_layout.h"
#include "model/errors.h"
#include "model/text_safety.h"

namespace perfgoal {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid
// (model/text_safety's decoding: shortest form, no surrogates).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  CodePoint c = decode_utf8(s, i);
  return is_invalid_byte(s, i, c) ? 0 : c.length;
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

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// Width of layout text as printed: ideographs (and the wide quotes and
// dashes set with them) one, other characters half.
double text_width(const std::vector<char32_t>& text) {
  double w = 0;
  for (char32_t c : text)
    w += is_cjk(c) || c == U'\u201C' || c == U'\u201D' || c == U'\u2018' || c == U'\u2019' || c == U'\u2014' || c == U'\u2026' ? 1.0 : 0.5;
  return w;
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

// Marks that never start a line of Chinese text (closing punctuation): a
// line that starts with one goes on the line above.
bool continues_line(char32_t c) {
  static const std::u32string marks = U"，。、；：？！）》」』】〕”’%,.;:)";
  return marks.find(c) != std::u32string::npos;
}

// Does a line go on the cell above it? What the templates' labels say.
enum class Wrap { unknown, yes, no };

class LabelWords {
 public:
  explicit LabelWords(const std::unordered_set<std::string>* keys) : keys_(keys) {
    if (!keys_) return;
    for (const auto& k : *keys_)
      for (size_t i = 1; i < k.size(); ++i)
        if ((static_cast<unsigned char>(k[i]) & 0xC0) != 0x80) prefixes_.insert(k.substr(0, i));
  }
  // `above`: the lines of the cell so far; `below`: the next line. yes: they
  // make a label, or the start of one (主管部门及 + 代码); no: a label and a
  // label (or the start of one), or a label below.
  Wrap wrap(const std::vector<Stretch>& above, const Stretch& below) const {
    if (!keys_ || below.text.size() * 4 > kMaxLabelBytes) return Wrap::unknown;
    std::string b;
    for (char32_t c : below.text) append_utf8(b, c);
    const std::string kb = label_key(b);
    bool b_label = keys_->count(kb) > 0;
    size_t chars = 0;
    for (const auto& st : above) chars += st.text.size();
    if (chars * 4 > kMaxLabelBytes) return b_label ? Wrap::no : Wrap::unknown;
    std::string a;
    for (const auto& st : above)
      for (char32_t c : st.text) append_utf8(a, c);
    const std::string ka = label_key(a), kab = label_key(a + b);
    if (keys_->count(kab) || (prefixes_.count(ka) && prefixes_.count(kab))) return Wrap::yes;
    if (b_label || (keys_->count(ka) && prefixes_.count(kb))) return Wrap::no;
    return Wrap::unknown;
  }
  // Is this text a label?
  bool is_label(std::vector<char32_t>::const_iterator begin, std::vector<char32_t>::const_iterator end) const {
    if (!keys_ || static_cast<size_t>(end - begin) * 4 > kMaxLabelBytes) return false;
    std::string t;
    for (auto it = begin; it != end; ++it) append_utf8(t, *it);
    return keys_->count(label_key(t)) > 0;
  }
  // Are these lines, joined, one label?
  bool is_label(const std::vector<Stretch>& lines) const {
    if (!keys_) return false;
    size_t chars = 0;
    for (const auto& st : lines) chars += st.text.size();
    if (chars * 4 > kMaxLabelBytes) return false;
    std::string t;
    for (const auto& st : lines)
      for (char32_t c : st.text) append_utf8(t, c);
    return keys_->count(label_key(t)) > 0;
  }

 private:
  const std::unordered_set<std::string>* keys_;
  std::unordered_set<std::string> prefixes_;
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
std::vector<Row> rows_of_page(const std::vector<std::pair<int, std::vector<char32_t>>>& lines, const LabelWords& words) {
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
  // Then at one space, where other lines start a stretch or have one space too:
  // columns one space apart line up over several lines, spaces inside a text do not.
  std::map<int, int> single;  // column -> lines with one space before it, between two characters
  for (const auto& line : by_line)
    for (const auto& st : line)
      for (size_t k = 1; k + 1 < st.text.size(); ++k)
        if (st.text[k] == U' ' && (is_cjk(st.text[k - 1]) || is_cjk(st.text[k + 1]))) ++single[st.x0 + static_cast<int>(k) + 1];
  auto column_at = [&](int x) {
    auto s2 = starts.find(x);
    auto s1 = single.find(x);
    int two = s2 == starts.end() ? 0 : s2->second, one = s1 == single.end() ? 0 : s1->second;
    return two >= 2 || (two >= 1 && two + one >= 3) || one >= 4;
  };
  for (auto& line : by_line) {
    std::vector<Stretch> out;
    for (auto& st : line) {
      size_t from = 0;
      for (size_t k = 1; k + 1 < st.text.size(); ++k)
        if (st.text[k] == U' ' && (is_cjk(st.text[k - 1]) || is_cjk(st.text[k + 1])) &&
            (column_at(st.x0 + static_cast<int>(k) + 1) || words.is_label(st.text.begin() + static_cast<long>(from), st.text.begin() + static_cast<long>(k)) ||
             words.is_label(st.text.begin() + static_cast<long>(k) + 1,
                            std::find(st.text.begin() + static_cast<long>(k) + 1, st.text.end(), U' ')))) {
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
  // How full a line is: pdftotext gives every character one column whatever
  // its width, so a line's width is counted here, ideographs 1, others 1/2.
  // A column's capacity is its widest line (columns are keyed by where their
  // lines start, give or take one); a line fills its cell when it comes within
  // a slack of that width and at least one other line of the column does
  // too (a column of single lines has one widest line, which fills nothing).
  // A column is where its lines start (give or take one) up to where the
  // next column starts on the lines around: lines at that start that run on
  // past it belong to another table.
  std::map<int, std::vector<std::pair<int, double>>> widths_at;  // x0 -> (x1, width)
  for (const auto& line : by_line)
    for (const auto& st : line) widths_at[st.x0].emplace_back(st.x1, text_width(st.text));
  auto slack = [](double cap) { return 0.75 + 0.02 * cap; };
  auto fills = [&](const Stretch& st, size_t l) {
    int right = std::numeric_limits<int>::max();
    size_t from = l >= 2 ? l - 2 : 0, to = std::min(by_line.size(), l + 3);
    for (size_t k = from; k < to; ++k) {
      const auto& on = by_line[k];
      auto o = std::upper_bound(on.begin(), on.end(), st.x0 + 1, [](int v, const Stretch& x) { return v < x.x0; });
      if (o != on.end()) right = std::min(right, o->x0);
    }
    double cap = 0;
    std::vector<double> ws;
    for (int dx = -1; dx <= 1; ++dx) {
      auto it = widths_at.find(st.x0 + dx);
      if (it == widths_at.end()) continue;
      for (const auto& [x1, w] : it->second)
        if (x1 <= right) {
          ws.push_back(w);
          cap = std::max(cap, w);
        }
    }
    int full = 0;
    for (double w : ws) full += w >= cap - slack(cap) ? 1 : 0;
    return full >= 2 && text_width(st.text) >= cap - slack(cap);
  };
  std::vector<Pile> piles;
  // A line's stretches are in order and do not overlap: the first one that
  // ends after x is found by bisection.
  auto first_ending_after = [](const std::vector<Stretch>& line, int x) {
    return std::upper_bound(line.begin(), line.end(), x, [](int v, const Stretch& o) { return v < o.x1; });
  };
  // Piles that end on one of the last two lines, by their column: only they take a line.
  std::map<int, std::vector<size_t>> open;
  for (size_t l = 0; l < by_line.size(); ++l) {
    for (auto it = open.begin(); it != open.end();) {
      std::erase_if(it->second, [&](size_t i) { return piles[i].last < lines[l].first - 2; });
      it = it->second.empty() ? open.erase(it) : std::next(it);
    }
    const size_t opened = piles.size();
    // Where each stretch goes (a pile, or none), and whether it joins the
    // line just above: a row ends between two lines where some cell does
    // (a cell of one column below another), so then no cell goes on across.
    std::vector<std::optional<size_t>> homes(by_line[l].size());
    std::vector<bool> adjacent(by_line[l].size(), false);
    bool row_ends = false;
    for (size_t si = 0; si < by_line[l].size(); ++si) {
      const Stretch& st = by_line[l][si];
      std::vector<size_t> candidates;
      for (int dx = -1; dx <= 1; ++dx) {
        auto at = open.find(st.x0 + dx);
        if (at != open.end()) candidates.insert(candidates.end(), at->second.begin(), at->second.end());
      }
      for (size_t i : candidates) {
        Pile& p = piles[i];
        int gap = st.line - p.last;
        if (gap < 1 || gap > 2) continue;
        const Stretch& above = p.lines.back();
        if (std::abs(st.x0 - above.x0) > 1) continue;
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
        // Known labels decide first: a label wrapped over lines goes on; a
        // label and the next one are two cells. Else the line above must fill its cell.
        Wrap w = words.wrap(p.lines, st);
        // A line that starts with a mark that cannot start a line goes on.
        if (false && w == Wrap::unknown && !st.text.empty() && continues_line(st.text.front())) w = Wrap::yes;
        if (w == Wrap::no || (w == Wrap::unknown && !fills(above, p.last_index))) {
          if (gap == 1) row_ends = true;
          continue;
        }
        homes[si] = i;
        adjacent[si] = gap == 1 && w != Wrap::yes;
      }
    }
    for (size_t si = 0; si < by_line[l].size(); ++si) {
      const Stretch& st = by_line[l][si];
      if (homes[si] && !(row_ends && adjacent[si] && true)) {
        Pile* home = &piles[*homes[si]];
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
  auto by_place = [](const Pile& a, const Pile& b) { return a.first != b.first ? a.first < b.first : a.x0 < b.x0; };
  std::sort(piles.begin(), piles.end(), by_place);
  // Two labels of one column are two cells, so two rows. Where nothing
  // parts them (a text filling its cell to its last line runs on into the
  // next row's), the row ends where its label stands in its middle: a
  // single-line cell prints on its row's middle line.
  for (size_t round = 0; round <= piles.size(); ++round) {
    std::vector<int> row_of(piles.size()), row_first;
    int last = -1;
    for (size_t i = 0; i < piles.size(); ++i) {
      if (piles[i].first > last) row_first.push_back(piles[i].first);
      row_of[i] = static_cast<int>(row_first.size()) - 1;
      last = std::max(last, piles[i].last);
    }
    std::map<int, size_t> label_at;  // column -> the last label pile seen there
    int cut = -1;
    for (size_t i = 0; i < piles.size() && cut < 0; ++i) {
      if (!words.is_label(piles[i].lines)) continue;
      for (int dx = -1; dx <= 1 && cut < 0; ++dx) {
        auto it = label_at.find(piles[i].x0 + dx);
        if (it == label_at.end()) continue;
        const Pile& above = piles[it->second];
        if (row_of[it->second] != row_of[i] || above.last >= piles[i].first) continue;
        double middle = (above.first + above.last) / 2.0;
        int end = static_cast<int>(std::lround(2 * middle - row_first[static_cast<size_t>(row_of[i])]));
        cut = std::clamp(end, above.last, piles[i].first - 1);
      }
      label_at[piles[i].x0] = i;
    }
    if (cut < 0) break;
    // Piles across the cut are parted there.
    std::vector<Pile> parted;
    for (auto& p : piles) {
      if (p.first > cut || p.last <= cut) continue;
      Pile below;
      below.x0 = p.x0;
      auto split = std::find_if(p.lines.begin(), p.lines.end(), [&](const Stretch& st) { return st.line > cut; });
      below.lines.assign(split, p.lines.end());
      p.lines.erase(split, p.lines.end());
      p.last = p.lines.back().line;
      below.first = below.lines.front().line;
      below.last = below.lines.back().line;
      p.x1 = below.x1 = 0;
      for (const auto& st : p.lines) p.x1 = std::max(p.x1, st.x1);
      for (const auto& st : below.lines) below.x1 = std::max(below.x1, st.x1);
      parted.push_back(std::move(below));
    }
    if (parted.empty()) break;
    for (auto& p : parted) piles.push_back(std::move(p));
    std::sort(piles.begin(), piles.end(), by_place);
  }
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

CellDocument cells_from_layout_text(std::string_view text, const std::string& file,
                                    const std::unordered_set<std::string>* labels) {
  const LabelWords words(labels);
  CellDocument doc;
  doc.file = file;
  doc.format = "text";
  std::vector<std::pair<int, std::vector<char32_t>>> page;  // (line, characters)
  page.emplace_back(1, std::vector<char32_t>{});
  int line = 1;
  auto flush = [&] {
    for (auto& r : rows_of_page(page, words)) doc.rows.push_back(std::move(r));
    page.clear();
  };
  for (size_t i = 0; i < text.size();) {
    const CodePoint cp = decode_utf8(text, i);
    const char32_t c = cp.value;
    i += cp.length;
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

CellDocument cells_from_text(std::string_view text, const std::string& file,
                             const std::unordered_set<std::string>* labels) {
  if (is_page_layout_text(text)) return cells_from_layout_text(text, file, labels);
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
  CellDocument doc = cells_from_text(text, file, options.labels.get());
  doc.encoding = used;
  return doc;
}

}  // namespace perfgoal
