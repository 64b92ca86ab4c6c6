#include "extract/text_reader.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/form_template.h"
#include "extract/layout_orientation.h"
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

// `keep`: the bytes `line` lies in, kept by it (the cells are views of
// them); null: the cells copy their text.
void split_tabs(std::string_view line, Row& row, const std::shared_ptr<const void>* keep = nullptr) {
  // The cells that hold text found first, then made in place at once (no
  // vector grown cell by cell, no cell moved).
  struct Found {
    std::string_view text;
    int column;
  };
  thread_local std::vector<Found> found;
  found.clear();
  int column = 0;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    std::string_view cell = line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
    if (!blank(cell)) found.push_back({cell, column});
    if (tab == std::string_view::npos) break;
    start = tab + 1;
    ++column;
  }
  row.cells.reserve(row.cells.size() + found.size());
  for (const Found& f : found) {
    Cell& c = row.cells.emplace_back();
    c.text = keep ? CellText(f.text, *keep) : CellText(f.text);
    c.column = f.column;
    c.line = row.line;
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
void split_line(std::string_view line, int number, const std::string& file, Row& row,
                const std::shared_ptr<const void>* keep = nullptr) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find('\0') != std::string_view::npos)
    throw InputError(file, "a NUL byte in text: this is not a text export (binary file?)", number);
  row.line = number;
  row.page = 0;
  row.cells.clear();
  if (line.find('\t') != std::string_view::npos)
    split_tabs(line, row, keep);
  else
    split_spaces(line, row);
}

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// Ideographic punctuation (、，。：；): pdftotext may print a space after it.
bool is_cjk_punct(char32_t c) { return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20); }

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
  bool joined = false;  // a header word wrapped in its cell, joined
  bool goes_on = false;  // the start of a label whose rest is the line below's (年度资金总 / 额：)
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

// Is text[k] (a space) inside brackets opened after text[from] and closed
// after it (（2023 年度）)? A cell does not end in an open bracket, so such a
// space parts no cells.
bool inside_brackets(const std::vector<char32_t>& text, size_t from, size_t k) {
  int open = 0;
  for (size_t i = from; i < k; ++i) {
    if (text[i] == U'（' || text[i] == U'(') ++open;
    if ((text[i] == U'）' || text[i] == U')') && open > 0) --open;
  }
  if (open == 0) return false;
  for (size_t i = k + 1; i < text.size(); ++i) {
    if (text[i] == U'（' || text[i] == U'(') return false;
    if (text[i] == U'）' || text[i] == U')') return true;
  }
  return false;
}

// Is this text an amount alone: a comparison sign and a number (≥95%,
// ≤1000万元), a percentage (100%, 98.5%) or a number (45)?
bool is_amount(const std::vector<char32_t>& text) {
  static const std::u32string signs = U"≥≤＞＜><";
  size_t i = 0;
  const bool sign = !text.empty() && signs.find(text[0]) != std::u32string::npos;
  if (sign) ++i;
  if (i >= text.size() || text[i] < U'0' || text[i] > U'9') return false;
  if (sign) return true;
  size_t end = text.size();
  if (text.back() == U'%' || text.back() == U'％') --end;
  for (; i < end; ++i)
    if ((text[i] < U'0' || text[i] > U'9') && text[i] != U'.') return false;
  return true;
}

// Is this text an amount written out whole, its thousands parted by commas
// (6,200,000, 19,880,424.28)?
bool whole_amount(const std::vector<char32_t>& text) {
  auto digit = [](char32_t c) { return c >= U'0' && c <= U'9'; };
  size_t i = 0, lead = 0;
  while (i < text.size() && digit(text[i])) ++i, ++lead;
  if (lead == 0 || lead > 3) return false;
  int groups = 0;
  while (i < text.size() && text[i] == U',') {
    if (i + 4 > text.size() || !digit(text[i + 1]) || !digit(text[i + 2]) || !digit(text[i + 3])) return false;
    i += 4;
    ++groups;
  }
  if (groups == 0) return false;
  if (i < text.size() && text[i] == U'.') {
    ++i;
    if (i >= text.size()) return false;
    while (i < text.size() && digit(text[i])) ++i;
  }
  return i == text.size();
}

// The templates' titles (role "title", keyed as printed).
std::vector<std::u32string> titles_of(const std::unordered_map<std::string, std::string>* roles) {
  std::vector<std::u32string> titles;
  if (!roles) return titles;
  for (const auto& [key, role] : *roles)
    if (role == "title") titles.push_back(decode_utf8(std::string_view(key)));
  return titles;
}

bool holds_title(const std::vector<std::u32string>& titles, const std::vector<char32_t>& text) {
  for (const auto& t : titles)
    if (std::search(text.begin(), text.end(), t.begin(), t.end()) != text.end()) return true;
  return false;
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

using Roles = std::unordered_map<std::string, std::string>;

// A cell's text from its lines, joined as the PDF reader joins a cell's lines.
std::string join_lines(const std::vector<Stretch>& lines) {
  std::vector<PdfChar> chars;
  for (const auto& st : lines)
    for (size_t k = 0; k < st.text.size(); ++k) {
      double x = (st.x0 + static_cast<int>(k)) * 6.0, y = st.line * 12.0;
      chars.push_back(PdfChar{st.text[k], x, y, x + 6.0, y + 10.0, 12.0, -1});
    }
  return join_cell_text(std::move(chars));
}

// The role the templates give a text, whatever it is (goal labels too), or null.
const std::string* any_role_of(const Roles* roles, std::vector<char32_t>::const_iterator begin,
                               std::vector<char32_t>::const_iterator end) {
  if (!roles || roles->empty() || static_cast<size_t>(end - begin) * 4 > kMaxLabelBytes) return nullptr;
  std::string t;
  for (auto it = begin; it != end; ++it) append_utf8(t, *it);
  auto found = roles->find(label_key(t));
  return found == roles->end() ? nullptr : &found->second;
}

// The role the templates give a text in the indicator table (a header word,
// a section or category label), or null.
const std::string* role_of(const Roles* roles, std::vector<char32_t>::const_iterator begin,
                           std::vector<char32_t>::const_iterator end) {
  const std::string* r = any_role_of(roles, begin, end);
  return r && (r->rfind("goals.", 0) == 0 || *r == "text" || *r == "title") ? nullptr : r;
}
const std::string* role_of(const Roles* roles, const std::vector<char32_t>& text) {
  return role_of(roles, text.begin(), text.end());
}

// The goal label's role of a text ("goals.row": 总体目标, "goals.period":
// 实施期目标, "goals.annual": 年度目标), or empty.
std::string goal_role(const Roles* roles, const std::vector<char32_t>& text) {
  const std::string* r = any_role_of(roles, text.begin(), text.end());
  return r && r->rfind("goals.", 0) == 0 ? *r : std::string();
}

// Is this text a category label (一级, 二级: 产出指标, 数量指标)?
bool is_category(const Roles* roles, std::vector<char32_t>::const_iterator begin,
                 std::vector<char32_t>::const_iterator end) {
  const std::string* r = begin == end ? nullptr : role_of(roles, begin, end);
  return r && *r == "category";
}

// A column of the indicator table: where its header word starts, its role,
// its half (0: 实施期, 1: 年度; a role met again starts the second half).
struct GridColumn {
  int x0 = 0;
  std::string role;
  int half = 0;
  int header_x0 = 0;  // where the header word stands (on the header's page)
  double cap = 0;     // its widest line on the pages before (a table going on)
  double head = 0;    // its header word's width, when printed on one line
  std::string carried;  // a category column: the last label on the pages before
  bool carried_open = false;  // its group goes on at this page (LayoutGrid::give_labels)
  bool label() const { return role == "level1" || role == "level2"; }
};

// The indicator header's columns when this line is that header (words of
// the roles level2, name and value at least), else none.
// A header line's stretches, those made of header words one space apart
// (一级指标 二级指标) or none (三级指标指标值: pdftotext drops the space
// between narrow columns) parted into their words.
std::vector<Stretch> header_words(const std::vector<Stretch>& line, const Roles* roles) {
  auto header_word = [roles](std::vector<char32_t>::const_iterator b, std::vector<char32_t>::const_iterator e) {
    const std::string* r = role_of(roles, b, e);
    return r && *r != "category";
  };
  std::vector<Stretch> out;
  for (const auto& st : line) {
    std::vector<Stretch> words;
    bool all = !role_of(roles, st.text);
    for (size_t from = 0; all && from < st.text.size();) {
      size_t to = from;
      while (to < st.text.size() && st.text[to] != U' ') ++to;
      // text[from, to) as header words glued, fewest first: ends[k] = where the word ending at k starts.
      const size_t n = to - from;
      std::vector<size_t> count(n + 1, SIZE_MAX), start(n + 1, 0);
      count[0] = 0;
      for (size_t k = 1; k <= n; ++k)
        for (size_t j = 0; j < k; ++j)
          if (count[j] != SIZE_MAX && count[j] + 1 < count[k] &&
              header_word(st.text.begin() + static_cast<long>(from + j), st.text.begin() + static_cast<long>(from + k))) {
            count[k] = count[j] + 1;
            start[k] = j;
          }
      all = count[n] != SIZE_MAX;
      std::vector<Stretch> piece;
      for (size_t k = n; all && k > 0; k = start[k]) {
        Stretch w;
        w.line = st.line;
        w.x0 = st.x0 + static_cast<int>(from + start[k]);
        w.text.assign(st.text.begin() + static_cast<long>(from + start[k]), st.text.begin() + static_cast<long>(from + k));
        w.x1 = w.x0 + static_cast<int>(w.text.size());
        piece.insert(piece.begin(), std::move(w));
      }
      words.insert(words.end(), piece.begin(), piece.end());
      from = to + 1;
    }
    if (all && words.size() > 1)
      out.insert(out.end(), words.begin(), words.end());
    else
      out.push_back(st);
  }
  return out;
}

std::vector<GridColumn> header_columns(const std::vector<Stretch>& given, const Roles* roles) {
  const std::vector<Stretch> line = header_words(given, roles);
  std::vector<GridColumn> cols;
  bool level2 = false, name = false, value = false;
  std::vector<std::string> seen;
  int half = 0;
  for (const auto& st : line) {
    const std::string* r = role_of(roles, st.text);
    if (!r || *r == "section" || *r == "category") continue;
    if (half == 0 && std::find(seen.begin(), seen.end(), *r) != seen.end()) {
      half = 1;
      seen.clear();
    }
    seen.push_back(*r);
    cols.push_back(GridColumn{st.x0, *r, half, st.x0, 0, st.joined ? 0.0 : text_width(st.text), {}});
    level2 = level2 || *r == "level2";
    name = name || *r == "name";
    value = value || *r == "value";
  }
  if (!(level2 && name && value)) cols.clear();
  return cols;
}

// The header's words (`header`, header_words of its line) where one of them
// is no header word but is one with a stretch of the next line (`below`)
// starting nearer its start than any other word's of the header: a header
// word wrapped in its cell (一级指 / 标) whose rest a page break carried to
// the next page's top, where pdftotext sets the columns anew (moved left by
// two to four characters). Joined, the stretch below taken out; false when
// none is.
bool join_wrapped_header_words(std::vector<Stretch>& header, std::vector<Stretch>& below, const Roles* roles) {
  bool joined = false;
  for (auto& a : header) {
    if (role_of(roles, a.text)) continue;
    for (auto b = below.begin(); b != below.end(); ++b) {
      const int off = std::abs(b->x0 - a.x0);
      if (std::any_of(header.begin(), header.end(), [&](const Stretch& o) { return &o != &a && std::abs(b->x0 - o.x0) <= off; }))
        continue;
      std::vector<char32_t> both = a.text;
      both.insert(both.end(), b->text.begin(), b->text.end());
      const std::string* r = role_of(roles, both);
      if (!r || *r == "section" || *r == "category") continue;
      a.text = std::move(both);
      a.x1 = a.x0 + static_cast<int>(a.text.size());
      a.joined = true;
      below.erase(b);
      joined = true;
      break;
    }
  }
  return joined;
}

// Does the stretch start with a label of the form that is none of the
// indicator table's (负责人：, 项目名称)? The table has ended there.
bool starts_with_field_label(const Stretch& st, const LabelWords& words, const Roles* roles) {
  for (size_t n = 2; n <= std::min<size_t>(st.text.size(), 12); ++n) {
    auto end = st.text.begin() + static_cast<long>(n);
    if (words.is_label(st.text.begin(), end) && !role_of(roles, st.text.begin(), end)) return true;
  }
  return false;
}

// Does a stretch that starts with a label of the form end the indicator
// table (the sign-off, the next form)? Not at or right of the table's first
// column of names (give or take two characters) without a colon: there it is
// a name or a value (an indicator named 项目资金), where a sign-off cell's
// label has its colon (联系电话：).
bool ends_table(const Stretch& st, const LabelWords& words, const Roles* roles, const std::vector<GridColumn>& cols) {
  if (!starts_with_field_label(st, words, roles)) return false;
  for (size_t i = 0; i < cols.size(); ++i) {
    const GridColumn& c = cols[i];
    if (c.role != "name") continue;
    // Left of the names' column, but nearer its start than the column's
    // before it: a name pdftotext printed left of its column (as add()
    // takes it: 项目单位满意度, a name starting with a label of the form).
    const bool names = st.x0 >= c.x0 - 2 || (i > 0 && c.x0 - st.x0 < st.x0 - cols[i - 1].x0);
    return !names || std::find_if(st.text.begin(), st.text.end(), [](char32_t ch) {
                       return ch == U'：' || ch == U':';
                     }) != st.text.end();
  }
  return true;
}

// A cell of layout text: one column wide and one row high, at its column
// and line.
Cell layout_cell(std::string text, int column, int line) { return Cell{std::move(text), column, 1, 1, line, 0, std::nullopt}; }
Cell layout_cell(const std::vector<char32_t>& text, int column, int line) {
  return layout_cell(encode_utf8(std::u32string_view(text.data(), text.size())), column, line);
}

// The indicator table of a page of layout text, read by its header's
// columns: a stretch belongs to the column whose header word starts at or
// before it (give or take two characters; a stretch one space apart from the
// next column's start is parted there). Rows are found together in the
// columns of names and values (and the other columns that are not category
// labels): a row's cells are printed around one middle line (pdftotext
// prints a cell's lines where they stand, a short cell on its row's middle
// line), a cell's lines but its last fill the column, each half of a row has
// a name and a value. The category labels (一级, 二级: merged cells over a
// group of rows, printed on the group's middle line) are then given to the
// rows of their group: the groups, in order, whose middles come nearest
// their labels. Each row comes back with all its cells, its 二级 label
// written out; 一级 labels are left to the category tree (their groups are
// wider and their middles less sure than the 二级 labels').
// How much a 一级 label's distance from its group's middle weighs against
// a 二级 label's (LayoutGrid::group_rows_under).
constexpr double kParentWeight = 0.25;

class LayoutGrid {
 public:
  LayoutGrid(std::vector<GridColumn> cols, const LabelWords& words) : cols_(std::move(cols)), words_(words) {}

  // Takes a line of the table: false when the line is not of it (text
  // starting left of the table that is no section label), and then the
  // table has ended.
  bool add(const std::vector<Stretch>& line, const Roles* roles) {
    std::vector<Stretch> parts;
    for (const auto& st : line) {
      if (ends_table(st, words_, roles, cols_)) return false;
      if (st.x1 <= cols_.front().x0 - 2) {
        const std::string* r = role_of(roles, st.text);
        if (!r || *r != "section") return false;
        section_.push_back(st);
        continue;
      }
      // Parted at single spaces where a column starts (give or take one,
      // two before a comparison sign; a category column's start only with a
      // category label after it, below: a value run on past its column,
      // `2024 至 2025 年` with Writer's spaces around digits, is no label),
      // or before or after a category label (a 二级 label printed one space
      // after a row's text).
      size_t from = 0;
      for (size_t k = 1; k + 1 < st.text.size(); ++k) {
        if (st.text[k] != U' ') continue;
        const int x = st.x0 + static_cast<int>(k) + 1;
        static const std::u32string signs = U"≥≤＞＜><";
        const int reach = signs.find(st.text[k + 1]) != std::u32string::npos ? 2 : 1;
        bool at_column = false;
        for (const auto& c : cols_) at_column = at_column || (!c.label() && std::abs(c.x0 - x) <= reach);
        const auto next = std::find(st.text.begin() + static_cast<long>(k) + 1, st.text.end(), U' ');
        auto before = st.text.begin() + static_cast<long>(k);
        while (before != st.text.begin() + static_cast<long>(from) && *std::prev(before) != U' ') --before;
        // Chinese text has no space between two ideographs: there a cell
        // ends and the next column's begins.
        // A comparison sign and a number start a value wherever they stand
        // (a line whose columns pdftotext drew together: `受益群众满意度 ≥98%`);
        // the part goes to the value's column where it starts past the middle
        // between the name's and the value's header words (below).
        const bool sign_number = reach == 2 && k + 2 < st.text.size() && st.text[k + 2] >= U'0' && st.text[k + 2] <= U'9';
        at_column = at_column || sign_number || number_after_name(st, k, next == st.text.end()) ||
                    (is_cjk(st.text[k - 1]) && is_cjk(st.text[k + 1]) && !is_cjk_punct(st.text[k - 1])) ||
                    is_category(roles, st.text.begin() + static_cast<long>(k) + 1, next) ||
                    is_category(roles, before, st.text.begin() + static_cast<long>(k));
        if (!at_column) continue;
        parts.push_back(piece(st, from, k));
        from = k + 1;
      }
      parts.push_back(piece(st, from, st.text.size()));
    }
    // A name and its value with no space between (`道路长度≥870.296`, narrow
    // columns): a text starting in the names' column that runs on past the
    // values' start is parted where a comparison sign and a number follow an
    // ideograph; the value's part goes to its column below.
    for (size_t pi = 0; pi < parts.size(); ++pi) {
      const Stretch& p = parts[pi];
      size_t c = 0;
      for (size_t k = 0; k < cols_.size(); ++k)
        if (cols_[k].x0 - 2 <= p.x0) c = k;
      if (cols_[c].role != "name" || c + 1 >= cols_.size() || cols_[c + 1].role != "value" || p.x1 <= cols_[c + 1].x0 + 1)
        continue;
      static const std::u32string signs = U"≥≤＞＜><";
      for (size_t k = 1; k + 1 < p.text.size(); ++k)
        if (signs.find(p.text[k]) != std::u32string::npos && p.text[k + 1] >= U'0' && p.text[k + 1] <= U'9' &&
            is_cjk(p.text[k - 1])) {
          Stretch value = piece(p, k, p.text.size()), name = piece(p, 0, k);
          parts[pi] = std::move(name);
          parts.insert(parts.begin() + static_cast<long>(pi) + 1, std::move(value));
          break;
        }
    }
    // A category label's column takes one stretch of a line: the next
    // stretch starting in it (a text run on past its column's start, as long
    // ideograph runs drift) is the next column's.
    std::optional<size_t> taken;
    std::vector<size_t> column_of(parts.size());
    for (size_t pi = 0; pi < parts.size(); ++pi) {
      const Stretch& p = parts[pi];
      size_t c = 0;
      for (size_t k = 0; k < cols_.size(); ++k)
        if (cols_[k].x0 - 2 <= p.x0) c = k;
      if (taken && c <= *taken && cols_[*taken].label() && *taken + 1 < cols_.size()) c = *taken + 1;
      // A value printed left of its header word (a centred header over a
      // longer value; a value pushed left) starts past the middle between
      // the name's and the value's header words: it is the value's.
      if (cols_[c].role == "name" && c + 1 < cols_.size() && cols_[c + 1].role == "value" &&
          2 * p.x0 > cols_[c].x0 + cols_[c + 1].x0)
        c = c + 1;
      // A category label off its column's start is a label column's (the
      // nearest one): pdftotext may print it left of its column, one space
      // after a row's text. (At a column's start it may be a value; so is it
      // where another category label of the line stands in that column: a
      // value that is a category's name, 可持续影响, beside its row's label.)
      if (std::abs(p.x0 - cols_[c].x0) > 1 && !cols_[c].label() && is_category(roles, p.text.begin(), p.text.end())) {
        int best = std::numeric_limits<int>::max();
        size_t nearest = c;
        for (size_t k = 0; k < cols_.size(); ++k)
          if (cols_[k].label() && std::abs(cols_[k].x0 - p.x0) < best) {
            best = std::abs(cols_[k].x0 - p.x0);
            nearest = k;
          }
        bool labelled = false;
        for (size_t q = 0; q < parts.size(); ++q)
          labelled = labelled || (q != pi && std::abs(parts[q].x0 - cols_[nearest].x0) <= 2 &&
                                  is_category(roles, parts[q].text.begin(), parts[q].text.end()));
        if (!labelled) c = nearest;
      }
      // A text in a label column nearer the next column's start than its
      // own, no category label, is the next column's (a name pdftotext
      // printed left of its column, drawn towards the label before it on
      // its line: `满意度指标    企业满意度`).
      if (cols_[c].label() && c + 1 < cols_.size() && !cols_[c + 1].label() &&
          cols_[c + 1].x0 - p.x0 < p.x0 - cols_[c].x0 && !is_category(roles, p.text.begin(), p.text.end()))
        c = c + 1;
      taken = c;
      column_of[pi] = c;
    }
    // Two parts of a line in the name's column, the first a category label,
    // none in the label column before it: the label is that column's (a
    // 二级 label and its row's name one space apart, the names' header word
    // printed left of where they stand: `质量指标 保护群众生命安全`).
    for (size_t pi = 0; pi + 1 < parts.size(); ++pi) {
      const size_t c = column_of[pi];
      if (column_of[pi + 1] != c || cols_[c].role != "name" || c == 0 || !cols_[c - 1].label() ||
          !is_category(roles, parts[pi].text.begin(), parts[pi].text.end()) ||
          std::find(column_of.begin(), column_of.end(), c - 1) != column_of.end())
        continue;
      column_of[pi] = c - 1;
    }
    // Two category labels of a line, the first in a label column whose
    // column before (a label column too) holds no part of the line, the
    // second starting in the first's column (set in the next one only as a
    // column takes one stretch): both stand one column further left (a page
    // turned back sets a stretch by its end: the 一级 label drifts right to
    // the 二级 column's start, `效益指标      可持续影响`).
    for (size_t pi = 0; pi + 1 < parts.size(); ++pi) {
      const size_t c = column_of[pi];
      if (c == 0 || !cols_[c].label() || !cols_[c - 1].label() || column_of[pi + 1] != c + 1 ||
          c + 1 >= cols_.size() || parts[pi + 1].x0 >= cols_[c + 1].x0 - 2 ||
          std::find(column_of.begin(), column_of.end(), c - 1) != column_of.end() ||
          !is_category(roles, parts[pi].text.begin(), parts[pi].text.end()) ||
          !is_category(roles, parts[pi + 1].text.begin(), parts[pi + 1].text.end()))
        continue;
      column_of[pi] = c - 1;
      column_of[pi + 1] = c;
    }
    // Two parts of a line in the name's column: a cell ended between them
    // (a name and its value drawn together, `推动新兴产业发展 推动`), the
    // second is the value's when no part of the line is.
    for (size_t pi = 1; pi < parts.size(); ++pi) {
      const size_t c = column_of[pi];
      if (column_of[pi - 1] != c || cols_[c].role != "name" || c + 1 >= cols_.size() || cols_[c + 1].role != "value") continue;
      if (std::find(column_of.begin(), column_of.end(), c + 1) == column_of.end()) column_of[pi] = c + 1;
    }
    // Two parts of a line in the value's column, none in the name's before
    // it, the first starting left of the column, the second at its start and
    // less than half as long (a value's wrapped lines are alike), the first
    // starting with an ideograph (a number is a value's): the first is the name's (a long name drawn towards its value one space
    // apart and set past the middle between the columns: a page turned back
    // sets a stretch by its end, `生活垃圾转运及处理及时性 及时`).
    for (size_t pi = 0; pi + 1 < parts.size(); ++pi) {
      const size_t c = column_of[pi];
      if (column_of[pi + 1] != c || cols_[c].role != "value" || c == 0 || cols_[c - 1].role != "name" ||
          (pi > 0 && column_of[pi - 1] == c) || std::find(column_of.begin(), column_of.end(), c - 1) != column_of.end() ||
          parts[pi].x0 >= cols_[c].x0 - 1 || parts[pi + 1].x0 < cols_[c].x0 - 2 ||
          2 * parts[pi + 1].text.size() > parts[pi].text.size() || !is_cjk(parts[pi].text.front()))
        continue;
      column_of[pi] = c - 1;
    }
    // So is an amount (a comparison sign and a number, a percentage, a
    // number alone: `100%`, `≥95%`) off the names' start, the line holding
    // no value else: no name is that, and a name's lines start at their
    // column (a value pushed left beside a taller name). One starting with a
    // comparison sign is a value wherever it stands (no name's line starts
    // so; the names' column found again on a page whose values are drawn
    // one space after their names may start where it does).
    static const std::u32string signs = U"≥≤＞＜><";
    for (size_t pi = 0; pi < parts.size(); ++pi) {
      const size_t c = column_of[pi];
      const auto& t = parts[pi].text;
      const bool signed_amount = t.size() >= 2 && signs.find(t[0]) != std::u32string::npos && t[1] >= U'0' && t[1] <= U'9';
      if (cols_[c].role != "name" || c + 1 >= cols_.size() || cols_[c + 1].role != "value" ||
          (parts[pi].x0 <= cols_[c].x0 + 1 && !signed_amount) || !is_amount(parts[pi].text) ||
          std::find(column_of.begin(), column_of.end(), c + 1) != column_of.end())
        continue;
      column_of[pi] = c + 1;
    }
    // A category word at or left of the column the part before it took
    // starts the other half (pdftotext drew the line's columns together:
    // `数量指标 租赁厂房装修工程 按审计报告据 数量指标 租赁厂房装修工程 按审计报告`):
    // it is the next label column's, and the parts after it take the
    // columns after it, in order.
    bool drawn = false;
    for (size_t pi = 1; pi < parts.size(); ++pi) {
      const size_t prev = column_of[pi - 1];
      if (column_of[pi] > prev) continue;
      if (is_category(roles, parts[pi].text.begin(), parts[pi].text.end())) {
        for (size_t k = prev + 1; k < cols_.size(); ++k)
          if (cols_[k].label()) {
            column_of[pi] = k;
            drawn = true;
            break;
          }
      } else if (drawn && prev + 1 < cols_.size()) {
        column_of[pi] = prev + 1;
      }
    }
    for (size_t pi = 0; pi < parts.size(); ++pi) {
      Stretch& p = parts[pi];
      auto& at = cells_[column_of[pi]];
      if (!at.empty() && at.back().line == p.line) {
        at.back().text.push_back(U' ');
        at.back().text.insert(at.back().text.end(), p.text.begin(), p.text.end());
        at.back().x1 = p.x1;
      } else {
        at.push_back(std::move(p));
      }
    }
    return true;
  }

  // The columns as the next page takes them, the table going on there:
  // `header_cols` with this page's widest lines and last labels.
  std::vector<GridColumn> going_on(std::vector<GridColumn> header_cols) const {
    for (size_t c = 0; c < header_cols.size() && c < cols_.size(); ++c) {
      header_cols[c].cap = cols_[c].cap;
      header_cols[c].carried = cols_[c].carried;
      header_cols[c].carried_open = cols_[c].carried_open;
      auto open = open_group_.find(c);
      if (open != open_group_.end()) header_cols[c].carried_open = open->second;
      auto at = cells_.find(c);
      if (at == cells_.end()) continue;
      for (const auto& st : at->second) header_cols[c].cap = std::max(header_cols[c].cap, text_width(st.text));
      auto last = last_label_.find(c);
      if (last != last_label_.end()) header_cols[c].carried = last->second;
    }
    return header_cols;
  }

  // The columns (not the category labels') whose cell on the table's last
  // row ends in a line filling its column (kCutFills), or one ideograph
  // short of it (kCutShortByOne: its next character may have been carried
  // down with one that may not start a line): cells a page break may have
  // cut. (A column of single lines has its widest line fill: the next
  // page's first row then starts on its own line, take_cut_rest takes
  // nothing of it.) After rows().
  std::vector<int> cut_cells() const {
    std::vector<int> cut(cols_.size(), kNotCut);
    if (rows_.empty()) return cut;
    for (const auto& [c, sts] : cells_) {
      if (cols_[c].label() || sts.empty() || sts.back().line < rows_.back().first) continue;
      const double full = cap_of(c), w = text_width(sts.back().text);
      if (fills(c, sts.back()))
        cut[c] = kCutFills;
      else if (w >= full - (1.05 + 0.02 * full) && all_ideographs(sts.back().text))
        cut[c] = kCutShortByOne;
    }
    return cut;
  }

  // Does line `line` hold text of half `half` (any column's)?
  bool half_holds_text(int half, int line) const {
    for (const auto& [k, sts] : cells_)
      if (cols_[k].half == half && std::any_of(sts.begin(), sts.end(), [&](const Stretch& st) { return st.line == line; }))
        return true;
    return false;
  }

  // The last row's line (after rows()), or -1.
  int last_row_line() const { return rows_.empty() ? -1 : rows_.back().first; }

  // The rest of cells cut by the page break before this page (`cut`: their
  // columns, cut_cells() of the page before): in each such column, its
  // lines at the top of the table down to the first one short of the
  // column, or to the last before two lines holding no text of its half
  // (the rest's last line may fill it too: 护国家非物质文化遗产, then the
  // other half's next row's first lines; one such line may be the other
  // half's rest, printed between its lines), above the first line holding a
  // category label or a value of a column not cut (where the page's first
  // row stands). They are taken out
  // of the table; each comes back joined, by its header's column. Before rows().
  std::vector<std::pair<int, std::string>> take_cut_rest(const std::vector<int>& cut) {
    std::vector<std::pair<int, std::string>> out;
    int limit = std::numeric_limits<int>::max();
    for (const auto& [c, sts] : cells_)
      if (!sts.empty() && (cols_[c].label() || (cols_[c].role == "value" && !(c < cut.size() && cut[c] != kNotCut))))
        limit = std::min(limit, sts.front().line);
    for (auto& [c, sts] : cells_) {
      if (c >= cut.size() || cut[c] == kNotCut || sts.empty()) continue;
      // A line one short of its column went on here only with the character
      // carried down: the rest's second one may not start a line (境、资源).
      const auto& first = sts.front().text;
      if (cut[c] == kCutShortByOne && !(first.size() >= 2 && continues_line(first[1]))) continue;
      size_t n = 0;
      bool ended = false;
      for (; n < sts.size() && sts[n].line < limit && !ended; ++n)
        ended = !fills(c, sts[n]) ||
                (!half_holds_text(cols_[c].half, sts[n].line + 1) && !half_holds_text(cols_[c].half, sts[n].line + 2));
      if (!ended) continue;
      std::vector<Stretch> rest(sts.begin(), sts.begin() + static_cast<long>(n));
      sts.erase(sts.begin(), sts.begin() + static_cast<long>(n));
      out.emplace_back(cols_[c].header_x0, join_lines(rest));
    }
    return out;
  }

  // The table's rows: the header's (`header`, its line) then one per row.
  std::vector<Row> rows(const std::vector<Stretch>& header) {
    std::vector<Row> out;
    Row head;
    head.line = header.empty() ? 0 : header.front().line;
    for (const auto& st : section_) head.cells.push_back(layout_cell(st.text, st.x0, st.line));
    for (const auto& st : header) head.cells.push_back(layout_cell(st.text, st.x0, st.line));
    if (!head.cells.empty()) out.push_back(std::move(head));
    names_between_label_lines();
    find_rows();
    std::vector<std::vector<std::string>> labels(rows_.size(), std::vector<std::string>(cols_.size()));
    for (size_t c = 0; c < cols_.size(); ++c)
      if (cols_[c].role == "level2") give_labels(c, labels);
    for (size_t r = 0; r < rows_.size(); ++r)
      for (size_t c = 0; c < cols_.size(); ++c)
        if (!labels[r][c].empty()) last_label_[c] = labels[r][c];
    for (size_t r = 0; r < rows_.size(); ++r) {
      Row row;
      row.line = rows_[r].first;
      bool out_of_order = false;
      for (size_t c = 0; c < cols_.size(); ++c) {
        if (cols_[c].label()) {
          if (!labels[r][c].empty()) row.cells.push_back(Cell{labels[r][c], cols_[c].header_x0, 1, 1, row.line, 0, std::nullopt});
          continue;
        }
        std::vector<Stretch> lines;
        for (const auto& st : cells_[c])
          if (st.line >= rows_[r].first && st.line <= rows_[r].second) lines.push_back(st);
        if (lines.empty()) continue;
        if (cols_[c].role == "name")
          for (size_t i = 0; i + 1 < lines.size(); ++i)
            out_of_order = out_of_order || (all_ideographs(lines[i].text) && !fills(c, lines[i]) &&
                                            !first_word_overflows(c, lines[i], lines[i + 1]));
        std::string text = join_lines(lines);
        if (!text.empty()) row.cells.push_back(Cell{text, cols_[c].header_x0, 1, 1, lines.front().line, 0, std::nullopt});
      }
      // A name joined from lines one of which, above its last, is of
      // ideographs only (its width sure: a value's digits and signs, one
      // column each, are not), does not fill its column and leaves room for
      // the next line's first word: no name wraps so.
      // pdftotext printed the row's lines out of order (Chromium's glyph
      // boxes taller than the line pitch: two rows' names above both their
      // values), or the row is two: its fields are to be checked (-1: this
      // page, cells_from_layout_text says which).
      if (out_of_order || (r < doubtful_.size() && doubtful_[r]))
        for (auto& cell : row.cells) cell.out_of_order_page = -1;
      if (!row.cells.empty()) out.push_back(std::move(row));
    }
    return out;
  }

 private:
  std::vector<GridColumn> cols_;
  const LabelWords& words_;
  std::map<size_t, std::vector<Stretch>> cells_;  // column -> its stretches, line by line
  std::vector<Stretch> section_;
  std::vector<std::pair<int, int>> rows_;  // first and last line
  std::map<size_t, std::string> last_label_;  // category column -> its last label given
  std::vector<bool> doubtful_;  // by row: its lines as well read with the next or the row before
  std::map<size_t, bool> open_group_;  // category column -> its last label's group goes on at the next page

  // Does a number one space after an ideograph start a value? Where it ends
  // the stretch and the ideograph is no punctuation (`工程审计合格率 100%`,
  // `本次申请资金数 2200万元`), or where the stretch starts in a column of
  // names and the number stands past the middle between the name's and the
  // value's header words (`租赁费 300万元`: a value pushed left by a long
  // name, one space after it).
  // Not where the number stands in a category column (a value's last
  // number run on into the next half's 二级 column: `2025 年 5 月——2025 年 11`,
  // Writer spacing digits from ideographs): no number starts a label.
  bool number_after_name(const Stretch& st, size_t k, bool ends_stretch) const {
    if (k + 1 >= st.text.size() || st.text[k + 1] < U'0' || st.text[k + 1] > U'9' || !is_cjk(st.text[k - 1])) return false;
    const int x = st.x0 + static_cast<int>(k) + 1;
    if (ends_stretch && !is_cjk_punct(st.text[k - 1])) {
      size_t at = 0;
      for (size_t i = 0; i < cols_.size(); ++i)
        if (cols_[i].x0 - 2 <= x) at = i;
      return !cols_[at].label();
    }
    size_t c = 0;
    for (size_t i = 0; i < cols_.size(); ++i)
      if (cols_[i].x0 - 2 <= st.x0) c = i;
    if (cols_[c].role != "name" || c + 1 >= cols_.size() || cols_[c + 1].role != "value") return false;
    return 2 * x > cols_[c].x0 + cols_[c + 1].x0;
  }

  static Stretch piece(const Stretch& st, size_t from, size_t to) {
    Stretch p;
    p.line = st.line;
    p.x0 = st.x0 + static_cast<int>(from);
    p.text.assign(st.text.begin() + static_cast<long>(from), st.text.begin() + static_cast<long>(to));
    while (!p.text.empty() && p.text.back() == U' ') p.text.pop_back();
    p.x1 = p.x0 + static_cast<int>(p.text.size());
    return p;
  }

  static constexpr double kFillShare = 0.4;

 public:
  static constexpr int kNotCut = 0, kCutFills = 1, kCutShortByOne = 2;

 private:

  // The widest a line of column `c` is on this page and the pages before
  // (at least its header word; a column far wider than its texts: two
  // fifths of it, as find_rows takes it), and whether `st` fills it.
  double cap_of(size_t c) const {
    double cap = std::max(cols_[c].cap, cols_[c].head);
    auto at = cells_.find(c);
    if (at != cells_.end())
      for (const auto& st : at->second) cap = std::max(cap, text_width(st.text));
    if (c + 1 < cols_.size()) cap = std::max(cap, kFillShare * (cols_[c + 1].x0 - cols_[c].x0));
    return cap;
  }
  bool fills(size_t c, const Stretch& st) const {
    const double full = cap_of(c);
    return text_width(st.text) >= full - (0.75 + 0.02 * full);
  }

  // Would the first word of `next` (what no line breaks inside: a bracket
  // with what it holds, `（%）`, closing marks with the character before
  // them, digits and letters together) overflow column `c` after line `st`?
  // Then `st` ends short of the column, and rightly.
  bool first_word_overflows(size_t c, const Stretch& st, const Stretch& next) const {
    static const std::u32string opening = U"（《「『【〔“‘([";
    auto latin = [](char32_t ch) { return ch < 0x80 && ch != U' '; };
    const auto& t = next.text;
    size_t k = 0;
    while (k + 1 < t.size() && (opening.find(t[k]) != std::u32string::npos || continues_line(t[k + 1]) ||
                                (latin(t[k]) && latin(t[k + 1]))))
      ++k;
    const double full = cap_of(c);
    const std::vector<char32_t> word(t.begin(), t.begin() + static_cast<long>(std::min(k + 1, t.size())));
    return text_width(st.text) + text_width(word) > full + 0.75 + 0.02 * full;
  }

  static bool all_ideographs(const std::vector<char32_t>& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char32_t ch) { return is_cjk(ch) && !is_cjk_punct(ch); });
  }

  // A text in a category column, no category label, on the line between
  // two lines of one label there (服务对象满意 / 度, the text between them:
  // a row's single-line cells print on the middle line of its taller cells)
  // is no part of that label: it is the next column's (a name pdftotext
  // printed left of its column).
  void names_between_label_lines() {
    for (size_t c = 0; c + 1 < cols_.size(); ++c) {
      if (!cols_[c].label() || cols_[c + 1].label()) continue;
      auto at = cells_.find(c);
      if (at == cells_.end()) continue;
      auto& sts = at->second;
      for (size_t i = 1; i + 1 < sts.size();) {
        const Stretch& st = sts[i];
        if (sts[i - 1].line + 1 != st.line || sts[i + 1].line != st.line + 1 ||
            words_.is_label(st.text.begin(), st.text.end()) || !words_.is_label(std::vector<Stretch>{sts[i - 1], sts[i + 1]})) {
          ++i;
          continue;
        }
        auto& next = cells_[c + 1];
        auto to = std::find_if(next.begin(), next.end(), [&](const Stretch& o) { return o.line >= st.line; });
        if (to != next.end() && to->line == st.line) {
          ++i;  // (the next column has its own text on that line)
          continue;
        }
        next.insert(to, st);
        sts.erase(sts.begin() + static_cast<long>(i));
      }
    }
  }

  void find_rows() {
    // Lines with text of a row column; lines with any text.
    std::vector<int> content;
    std::map<int, bool> any;
    std::map<size_t, double> cap;
    for (const auto& [c, sts] : cells_)
      for (const auto& st : sts) {
        any[st.line] = true;
        if (cols_[c].label()) continue;
        content.push_back(st.line);
        // A column holds its header word on one line: a cell's line
        // narrower than that fills nothing (a column of short values).
        cap[c] = std::max({cap[c], cols_[c].cap, cols_[c].head, text_width(st.text)});
      }
    // A column far wider than its texts (its lines fill not two fifths of
    // the characters to the next column's start: a table of short names on
    // a page of its own) is not filled by its widest line.
    for (auto& [c, w] : cap)
      if (c + 1 < cols_.size()) w = std::max(w, kFillShare * (cols_[c + 1].x0 - cols_[c].x0));
    // A section label's line (绩效指标, left of the table) is no blank line:
    // a cell's lines may stand above and below it.
    for (const auto& st : section_) any[st.line] = true;
    std::sort(content.begin(), content.end());
    content.erase(std::unique(content.begin(), content.end()), content.end());
    auto fills_cap = [](const Stretch& st, double full) { return text_width(st.text) >= full - (0.75 + 0.02 * full); };
    // The middles of the 二级 labels, column by column: a label stands on
    // its group's middle line, and a row is of one group, so a row whose
    // lines hold two labels' middles inside (not on its first or last
    // line, where a group's middle may fall between two rows) is two rows.
    std::vector<std::vector<double>> label_middles, known_middles;  // known: the templates' labels
    for (size_t c = 0; c < cols_.size(); ++c) {
      if (cols_[c].role != "level2") continue;
      label_middles.emplace_back();
      known_middles.emplace_back();
      for (const auto& l : labels_of(c)) {
        label_middles.back().push_back((l.front().line + l.back().line) / 2.0);
        if (words_.is_label(l)) known_middles.back().push_back(label_middles.back().back());
      }
    }
    // Lines holding a whole category label of one line and no text of a row
    // column, by half: two lines of the half one apart around such a line
    // are two rows (two one-line rows with their label on the line between),
    // not a cell's wrapped lines (a label centred between a cell's two lines
    // would share a line with one of them: their pitch is less than a row's)
    // unless the line above is the last of two or more lines filling their
    // column (a paragraph running on: a cell of an even number of lines may
    // print the label centred beside it on a line of its own, Writer with AR
    // PL UMing; a cell's last line fills its column only by chance).
    std::set<int> lone_labels[2];
    for (size_t c = 0; c < cols_.size(); ++c) {
      if (!cols_[c].label()) continue;
      for (const auto& l : labels_of(c))
        if (l.size() == 1 && words_.is_label(l) && !std::binary_search(content.begin(), content.end(), l.front().line))
          lone_labels[cols_[c].half].insert(l.front().line);
    }
    bool names[2] = {false, false}, values[2] = {false, false};
    for (const auto& c : cols_) {
      names[c.half] = names[c.half] || c.role == "name";
      values[c.half] = values[c.half] || c.role == "value";
    }
    auto cost = [&](int s, int e) {
      double total = 0, mid = (s + e) / 2.0;
      bool has_any[2] = {false, false}, has_name[2] = {false, false}, has_value[2] = {false, false};
      for (const auto& [c, sts] : cells_) {
        if (cols_[c].label()) continue;
        auto from = std::lower_bound(sts.begin(), sts.end(), s, [](const Stretch& st, int v) { return st.line < v; });
        auto to = std::upper_bound(sts.begin(), sts.end(), e, [](int v, const Stretch& st) { return v < st.line; });
        if (from == to) continue;
        const int h = cols_[c].half;
        has_any[h] = true;
        has_name[h] = has_name[h] || cols_[c].role == "name";
        has_value[h] = has_value[h] || cols_[c].role == "value";
        double center = (from->line + std::prev(to)->line) / 2.0;
        // Off the row's middle: half a line is rounding (a cell of two
        // lines beside one of one), costing little; more costs more.
        const double off = std::abs(center - mid);
        total += off <= 0.5 ? 0.5 * off : 0.25 + 2.0 * (off - 0.5);
        for (auto it = from; std::next(it) != to; ++it) {
          int gap = std::next(it)->line - it->line;
          if (gap > 2) total += 10.0 * (gap - 2);
          else if (gap == 2 && !any.count(it->line + 1)) total += 10.0;
          else if (gap == 2 && lone_labels[h].count(it->line + 1) && !std::binary_search(content.begin(), content.end(), it->line + 1) &&
                   !(it != from && std::prev(it)->line + 1 == it->line && fills_cap(*std::prev(it), cap[c]) && fills_cap(*it, cap[c])))
            total += 3.0;
          double w = text_width(it->text), full = cap[c];
          // A line one ideograph short fills too where the next line's second
          // character may not start a line (its first was carried down with it).
          const auto& below = std::next(it)->text;
          const bool carried = below.size() >= 2 && continues_line(below[1]) && w >= full - (1.05 + 0.02 * full);
          if (w < full - (0.75 + 0.02 * full) && !carried) total += 3.0;
          // A comparison sign starts a value, never a wrapped line.
          static const std::u32string signs = U"≥≤＞＜><";
          if (cols_[c].role == "value" && !std::next(it)->text.empty() &&
              signs.find(std::next(it)->text.front()) != std::u32string::npos)
            total += 5.0;
        }
      }
      for (size_t k = 0; k < label_middles.size(); ++k) {
        const auto& middles = label_middles[k];
        const auto inside = std::count_if(middles.begin(), middles.end(), [&](double m) { return m > s && m < e; });
        if (inside > 1) total += 20.0 * static_cast<double>(inside - 1);
        // Two known labels on its lines at all, its first and last too, are
        // two groups too: a group whose middle is the row's first line ends
        // there or after it, one whose middle is its last line starts there
        // or before it (成本指标 / 社会效益 on the lines of two one-line rows).
        else if (std::count_if(known_middles[k].begin(), known_middles[k].end(), [&](double m) { return m >= s && m <= e; }) > 1)
          total += 20.0;
      }
      for (int h = 0; h < 2; ++h) {
        if (!has_any[h]) continue;
        if (names[h] && !has_name[h]) total += 5.0;
        if (values[h] && !has_value[h]) total += 5.0;
      }
      return total;
    };
    const size_t n = content.size();
    std::vector<double> best(n + 1, std::numeric_limits<double>::infinity());
    std::vector<size_t> from(n + 1, 0);
    best[0] = 0;
    for (size_t j = 0; j < n; ++j)
      for (size_t i = j + 1; i-- > 0;) {
        if (content[j] - content[i] > 40) break;
        double v = best[i] + cost(content[i], content[j]) + 0.5;
        if (v < best[j + 1]) {
          best[j + 1] = v;
          from[j + 1] = i;
        }
      }
    rows_.clear();
    std::vector<std::pair<size_t, size_t>> spans;  // each row's first and last index in `content`
    for (size_t j = n; j > 0; j = from[j]) {
      rows_.emplace_back(content[from[j]], content[j - 1]);
      spans.emplace_back(from[j], j - 1);
    }
    std::reverse(rows_.begin(), rows_.end());
    std::reverse(spans.begin(), spans.end());
    // Two rows whose line between them would do as well in the other one
    // (a name's line filling its column between two rows' values, each row
    // as well read with it or without: `支持科技创新企业` / `促进科技创新高质` /
    // `量发展`): the text does not say which row it is; both are in doubt.
    doubtful_.assign(rows_.size(), false);
    for (size_t r = 0; r + 1 < spans.size(); ++r) {
      const auto [a0, a1] = spans[r];
      const auto [b0, b1] = spans[r + 1];
      const double now = cost(content[a0], content[a1]) + cost(content[b0], content[b1]);
      const bool down = a1 > a0 && cost(content[a0], content[a1 - 1]) + cost(content[a1], content[b1]) <= now + 1e-9;
      const bool up = b1 > b0 && cost(content[a0], content[b0]) + cost(content[b0 + 1], content[b1]) <= now + 1e-9;
      if (down || up) doubtful_[r] = doubtful_[r + 1] = true;
    }
  }

  // How far a label on line `m` stands from the middle of its group, lines
  // `top` to `bottom`; one outside the group by more than a line costs more.
  // A group whose middle falls between two lines has its label printed on
  // the upper of them (pdftotext sets a text centred between two lines on
  // the first): half a line above the middle is where the label stands, no
  // cost.
  // `upper`: read so (group_rows_under); group_rows, with no 一级 labels to
  // tell two such readings apart, does not.
  static double label_cost(double m, double top, double bottom, bool upper = true) {
    const double off = (top + bottom) / 2.0 - m;
    return (off == 0.5 && upper ? 0.0 : std::abs(off)) + (m < top - 1 || m > bottom + 1 ? 5.0 : 0.0);
  }

  // group_rows with the 一级 labels too (`parents`: their middles): the 二级
  // groups, in order, are parted into runs, one a 一级 label, each run's
  // rows costing how far its 一级 label stands from their middle, weighed
  // less (kParentWeight: a 一级 group is wider, its middle less sure). Two
  // readings of the 二级 labels alike near their groups' middles (a label
  // on the upper of two middle lines fits a group of two rows and one of
  // four) are told apart by the 一级 labels. Which 二级 labels a 一级 one
  // holds is read from where they stand, not from the templates.
  double group_rows_under(const std::vector<double>& middles, const std::vector<double>& parents,
                          const std::vector<size_t>& mine, const std::vector<std::pair<int, int>>& spans,
                          std::vector<size_t>& starts) const {
    const size_t K = middles.size(), R = mine.size(), J = parents.size();
    const double inf = std::numeric_limits<double>::infinity();
    // inner[k0][a][k][r]: labels k0..k-1 given rows a..r-1; back: where label k-1's group starts.
    auto at = [&](size_t k0, size_t a, size_t k, size_t r) { return ((k0 * (R + 1) + a) * (K + 1) + k) * (R + 1) + r; };
    std::vector<double> inner((K + 1) * (R + 1) * (K + 1) * (R + 1), inf);
    std::vector<size_t> inner_back(inner.size(), 0);
    for (size_t k0 = 0; k0 < K; ++k0)
      for (size_t a0 = 0; a0 < R; ++a0) {
        inner[at(k0, a0, k0, a0)] = 0;
        for (size_t k = k0 + 1; k <= K; ++k)
          for (size_t r = a0 + (k - k0); r <= R; ++r)
            for (size_t a = a0 + (k - 1 - k0); a < r; ++a) {
              const double before = inner[at(k0, a0, k - 1, a)];
              if (before == inf) continue;
              const double v = before + label_cost(middles[k - 1], spans[mine[a]].first, spans[mine[r - 1]].second);
              if (v <= inner[at(k0, a0, k, r)]) {
                inner[at(k0, a0, k, r)] = v;
                inner_back[at(k0, a0, k, r)] = a;
              }
            }
      }
    // f[j][k][r]: the first j 一级 labels given the first k 二级 labels and r rows.
    auto fat = [&](size_t j, size_t k, size_t r) { return (j * (K + 1) + k) * (R + 1) + r; };
    std::vector<double> f((J + 1) * (K + 1) * (R + 1), inf);
    std::vector<std::pair<size_t, size_t>> f_back(f.size());
    f[fat(0, 0, 0)] = 0;
    for (size_t j = 1; j <= J; ++j)
      for (size_t k = j; k <= K; ++k)
        for (size_t r = k; r <= R; ++r)
          for (size_t k0 = j - 1; k0 < k; ++k0)
            for (size_t a = k0; a < r; ++a) {
              const double before = f[fat(j - 1, k0, a)], in = inner[at(k0, a, k, r)];
              if (before == inf || in == inf) continue;
              const double v =
                  before + in + kParentWeight * label_cost(parents[j - 1], spans[mine[a]].first, spans[mine[r - 1]].second);
              if (v <= f[fat(j, k, r)]) {
                f[fat(j, k, r)] = v;
                f_back[fat(j, k, r)] = {k0, a};
              }
            }
    const double best = f[fat(J, K, R)];
    if (best == inf) return inf;
    starts.assign(K, 0);
    for (size_t j = J, k = K, r = R; j > 0; --j) {
      const auto [k0, a] = f_back[fat(j, k, r)];
      for (size_t kk = k, rr = r; kk > k0; --kk) {
        starts[kk - 1] = inner_back[at(k0, a, kk, rr)];
        rr = starts[kk - 1];
      }
      k = k0;
      r = a;
    }
    return best;
  }

  // The least cost of giving rows `mine`, in order, to labels whose
  // middles are `middles`, each a group of one row or more: a group costs
  // how far its label stands from its middle. `starts`, when given: where
  // each label's group starts in `mine`.
  double group_rows(const std::vector<double>& middles, const std::vector<size_t>& mine,
                    const std::vector<std::pair<int, int>>& spans, std::vector<size_t>* starts) const {
    const size_t K = middles.size(), R = mine.size();
    const double inf = std::numeric_limits<double>::infinity();
    if (K > R) return inf;
    if (K == 0) return R == 0 ? 0 : inf;
    // g[k][r]: the first r rows given to the first k labels.
    std::vector<std::vector<double>> g(K + 1, std::vector<double>(R + 1, inf));
    std::vector<std::vector<size_t>> back(K + 1, std::vector<size_t>(R + 1, 0));
    g[0][0] = 0;
    for (size_t k = 1; k <= K; ++k)
      for (size_t r = k; r <= R - (K - k); ++r)
        for (size_t a = k - 1; a < r; ++a) {
          if (g[k - 1][a] == inf) continue;
          double top = spans[mine[a]].first, bottom = spans[mine[r - 1]].second, m = middles[k - 1];
          double v = g[k - 1][a] + label_cost(m, top, bottom, false);
          // A tie (a row as near the middle of the group above as of the
          // group below) goes to the label above, its start taken last:
          // a form printing a merged label on its group's first row (the
          // cells below blank) has it at or above its group's middle.
          if (v <= g[k][r]) {
            g[k][r] = v;
            back[k][r] = a;
          }
        }
    if (starts) {
      starts->assign(K, 0);
      for (size_t k = K, r = R; k > 0; --k) {
        (*starts)[k - 1] = back[k][r];
        r = back[k][r];
      }
    }
    return g[K][R];
  }

  // The labels of column `c`, each its lines: lines that make one label
  // joined (服务对象满 / 意度), else one each.
  std::vector<std::vector<Stretch>> labels_of(size_t c) const {
    std::vector<std::vector<Stretch>> found;
    auto at = cells_.find(c);
    if (at != cells_.end())
      for (const auto& st : at->second) {
        if (!found.empty() && st.line - found.back().back().line <= 2 && words_.wrap(found.back(), st) == Wrap::yes) {
          found.back().push_back(st);
          continue;
        }
        found.push_back({st});
      }
    return found;
  }

  // The labels of column `c` to the rows of their groups.
  void give_labels(size_t c, std::vector<std::vector<std::string>>& labels) {
    const std::vector<std::vector<Stretch>> found = labels_of(c);
    std::vector<double> middles;
    std::vector<std::string> texts;
    for (const auto& l : found) {
      middles.push_back((l.front().line + l.back().line) / 2.0);
      texts.push_back(join_lines(l));
    }
    // The rows this column labels: rows with text in its half (all rows for
    // a column that the other half has not).
    const int half = cols_[c].half;
    bool shared = true;
    for (const auto& o : cols_)
      if (o.role == cols_[c].role && o.half != half) shared = false;
    // Each row's lines in that half: where its cells stand beside the
    // label (a row's two halves may wrap apart, one half's lines a line
    // lower than the other's).
    std::vector<size_t> mine;
    std::vector<std::pair<int, int>> spans(rows_.size());
    for (size_t r = 0; r < rows_.size(); ++r) {
      bool has = false;
      int top = std::numeric_limits<int>::max(), bottom = std::numeric_limits<int>::min();
      for (const auto& [k, sts] : cells_) {
        if (cols_[k].label() || (!shared && cols_[k].half != half)) continue;
        for (const auto& st : sts)
          if (st.line >= rows_[r].first && st.line <= rows_[r].second) {
            has = true;
            top = std::min(top, st.line);
            bottom = std::max(bottom, st.line);
          }
      }
      spans[r] = has ? std::make_pair(top, bottom) : rows_[r];
      if (has) mine.push_back(r);
    }
    const size_t K = found.size();
    if (mine.empty()) return;
    // A table going on from the page before: its first rows may be of the
    // group whose label stood there.
    if (!cols_[c].carried.empty()) {
      size_t best_a = mine.size();
      double best_cost = std::numeric_limits<double>::infinity();
      // A group that goes on here (its label stood above the middle of its
      // rows on the page before) takes this page's first row at least.
      for (size_t a = cols_[c].carried_open && K < mine.size() ? 1 : 0; a + K <= mine.size(); ++a) {
        const std::vector<size_t> rest(mine.begin() + static_cast<long>(a), mine.end());
        double v = group_rows(middles, rest, spans, nullptr) + 0.25 * static_cast<double>(a);
        if (v < best_cost) {
          best_cost = v;
          best_a = a;
        }
      }
      for (size_t i = 0; i < best_a; ++i) labels[mine[i]][c] = cols_[c].carried;
      mine.erase(mine.begin(), mine.begin() + static_cast<long>(best_a));
    }
    const size_t R = mine.size();
    if (K == 0 || R == 0) return;
    if (K > R) {  // more labels than rows: each row the nearest
      for (size_t r : mine) {
        double mid = (rows_[r].first + rows_[r].second) / 2.0, d = std::numeric_limits<double>::infinity();
        for (size_t k = 0; k < K; ++k)
          if (std::abs(middles[k] - mid) < d) {
            d = std::abs(middles[k] - mid);
            labels[r][c] = texts[k];
          }
      }
      return;
    }
    std::vector<size_t> starts;
    // The 一级 labels over this column's rows (its half's, or the one
    // column both halves share), when no group goes on from the page before.
    std::vector<double> parents;
    if (cols_[c].carried.empty())
      for (size_t p = 0; p < cols_.size(); ++p)
        if (cols_[p].role == "level1" && (cols_[p].half == half || parents.empty()) && cols_[p].carried.empty()) {
          parents.clear();
          for (const auto& l : labels_of(p)) parents.push_back((l.front().line + l.back().line) / 2.0);
        }
    if (parents.empty() || parents.size() > K ||
        group_rows_under(middles, parents, mine, spans, starts) == std::numeric_limits<double>::infinity())
      group_rows(middles, mine, spans, &starts);
    for (size_t k = 0; k < K; ++k)
      for (size_t i = starts[k]; i < (k + 1 < K ? starts[k + 1] : R); ++i) labels[mine[i]][c] = texts[k];
    // The last label standing above the middle of its rows (those down to
    // the page's end) by more than a line: its merged cell is cut by the
    // page break (a label is printed at its group's middle, or on its
    // first row where the cell is cut), its group goes on at the next page.
    const double top = rows_[mine[starts[K - 1]]].first, bottom = rows_[mine[R - 1]].second;
    open_group_[c] = middles[K - 1] < (top + bottom) / 2.0 - 1.0;
  }
};

// The columns of a table that goes on from the page before, where this
// page's lines `lines` stand: pdftotext sets each page's columns anew, so
// the columns are found again where this page's stretches start (starts
// within two characters one place), matched to the header's columns in
// order, least moved.
std::vector<GridColumn> columns_again(const std::vector<GridColumn>& cols, const std::vector<std::vector<Stretch>>& lines) {
  std::map<int, int> count;
  for (const auto& line : lines)
    for (const auto& st : line) ++count[st.x0];
  std::vector<std::pair<double, int>> places;  // (mean start, stretches)
  int last = std::numeric_limits<int>::min();
  for (const auto& [x, n] : count) {
    if (places.empty() || x - last > 2) places.emplace_back(0.0, 0);
    places.back().first += static_cast<double>(x) * n;
    places.back().second += n;
    last = x;
  }
  for (auto& p : places) p.first /= p.second;
  // Monotone matching: each place to a column, in order, at least cost;
  // where there are more places than columns, places are left out (text
  // pushed off its column's start: a value printed left of its own), at a
  // cost by their stretches. A matched place costs by its stretches how far
  // its column moved otherwise than the column matched before it (the
  // first: how far it moved): pdftotext moves a page's columns together, or
  // later ones further (a wide line pushing them right), so a column moved
  // with its neighbours costs little however far it moved.
  const size_t P = places.size(), C = cols.size();
  if (P == 0) return cols;
  const double inf = std::numeric_limits<double>::infinity();
  auto skips = [&](size_t from, size_t to) {  // places [from, to) left out
    if (to <= from) return 0.0;
    if (P <= C) return inf;
    double v = 0;
    for (size_t p = from; p < to; ++p) v += 4.0 * places[p].second;
    return v;
  };
  // g[p][c]: place p matched to column c, the last match so far.
  std::vector<std::vector<double>> g(P, std::vector<double>(C, inf));
  std::vector<std::vector<std::pair<size_t, size_t>>> back(P, std::vector<std::pair<size_t, size_t>>(C, {P, C}));
  for (size_t p = 0; p < P; ++p)
    for (size_t c = 0; c < C; ++c) {
      const double shift = places[p].first - cols[c].x0;
      g[p][c] = skips(0, p) + std::abs(shift);
      for (size_t q = 0; q < p; ++q)
        for (size_t d = 0; d < c; ++d) {
          if (g[q][d] == inf) continue;
          const double before = places[q].first - cols[d].x0;
          const double v = g[q][d] + skips(q + 1, p) + std::min(std::abs(shift), std::abs(shift - before));
          if (v < g[p][c]) {
            g[p][c] = v;
            back[p][c] = {q, d};
          }
        }
    }
  double best = inf;
  std::pair<size_t, size_t> end_at = {P, C};
  for (size_t p = 0; p < P; ++p)
    for (size_t c = 0; c < C; ++c) {
      const double v = g[p][c] + skips(p + 1, P);
      if (v < best) {
        best = v;
        end_at = {p, c};
      }
    }
  std::vector<GridColumn> out = cols;
  std::vector<int> at(C, std::numeric_limits<int>::min());
  for (auto pc = end_at; pc.first < P;) {
    at[pc.second] = static_cast<int>(std::lround(places[pc.first].first));
    pc = back[pc.first][pc.second];
  }
  // Columns without a place move as their neighbours do.
  for (size_t c = 0; c < C; ++c) {
    if (at[c] != std::numeric_limits<int>::min()) continue;
    int shift = 0;
    for (size_t k = c; k-- > 0;)
      if (at[k] != std::numeric_limits<int>::min()) { shift = at[k] - cols[k].x0; break; }
    at[c] = cols[c].x0 + shift;
  }
  for (size_t c = 0; c < C; ++c) out[c].x0 = at[c];
  return out;
}

// Layout text as cells: a line's stretches are parted by two or more spaces
// (or by one, between ideographs, where other lines start a stretch at that
// column); a stretch goes on the text of the cell above it (its wrapped
// lines) when it starts at the same column, is no wider, the line above
// filled the cell (it ends where the next column starts), and the lines
// between hold nothing of it (a row's single-line cells print on the middle
// line of its taller cells; a blank line ends a row). Cells whose lines
// overlap are one row. Cell text is joined as the PDF reader joins a cell's
// lines (join_cell_text).
// A table open at the end of a page: its columns, as on its header's page.
struct OpenTable {
  std::vector<GridColumn> cols;
  std::vector<int> cut;  // the columns whose cell on its last row a page break may have cut (LayoutGrid::cut_cells)
  int last_row_line = -1;
  // The header's words when it stood on its page's last line (no row
  // below it there), else none.
  std::vector<Stretch> header;
};

// Cells of a table's last row cut by a page break: their rest at the next
// page's top, joined, by their column; the row's line.
struct CutCells {
  int row_line = -1;
  std::vector<std::pair<int, std::string>> rest;
};

// A long text going on at the next page: in, the page before ended in one
// (its last line filling the column); out, the lines at this page's top
// down to the first one short of the column, when it did.
struct OpenText {
  bool open = false;
  std::optional<std::string> gone_on;
};

// The goals (总体目标) going on at the next page: their header's page ended
// in them (pdftotext prints the two goals' last lines, or all of them, at
// the top of the next page, above the indicator table). In: where they were
// read (their columns) and their lines so far; out, `gone_on`: this page's
// top held more of their lines, `texts` now all of them.
struct OpenGoals {
  bool open = false, gone_on = false;
  int row_line = 0;  // the goals row's line
  int left = 0, split = 0, x[2] = {0, 0};  // x: the period and annual goals' columns
  std::vector<Stretch> texts[2];
};

// The goals' lines (`texts`: the period goal's, the annual goal's) where a
// text one space after the period goal's on its line, right of the middle
// between the goals, starts where no other line of the goals starts a text
// or has one after a single space (give or take one): the period goal's
// line goes on there (Writer spaces digits from ideographs: `…支付 45 名区`,
// parted where such spaces line up over lines), unless the space stands
// between two ideographs.
void join_goal_lines(std::vector<Stretch> (&texts)[2]) {
  std::vector<std::pair<int, int>> starts;  // (line, column) where a text starts
  for (const auto& side : texts)
    for (const auto& st : side) {
      starts.emplace_back(st.line, st.x0);
      for (size_t k = 0; k + 1 < st.text.size(); ++k)
        if (st.text[k] == U' ' && st.text[k + 1] != U' ') starts.emplace_back(st.line, st.x0 + static_cast<int>(k) + 1);
    }
  for (size_t i = 0; i < texts[1].size();) {
    const Stretch& st = texts[1][i];
    auto before = std::find_if(texts[0].begin(), texts[0].end(),
                               [&](const Stretch& p) { return p.line == st.line && p.x1 < st.x0 && p.x1 + 1 >= st.x0; });
    const bool aligned = std::any_of(starts.begin(), starts.end(), [&](const std::pair<int, int>& o) {
      return o.first != st.line && std::abs(o.second - st.x0) <= 1;
    });
    // (Chinese text has no space between two ideographs: there two cells
    // were drawn together.)
    if (before == texts[0].end() || aligned || (is_cjk(before->text.back()) && is_cjk(st.text.front()))) {
      ++i;
      continue;
    }
    before->text.push_back(U' ');
    before->text.insert(before->text.end(), st.text.begin(), st.text.end());
    before->x1 = st.x1;
    texts[1].erase(texts[1].begin() + static_cast<long>(i));
  }
}

// The goals' lines (`texts`: the period goal's, the annual goal's) where a
// period line runs on into the annual goal one space apart (pdftotext draws
// the two cells together: `…实现我区 加快中转站…`): parted at a single space
// past `split` (the middle between the two header labels) where another
// line's annual text starts (give or take one), the rest the annual goal's.
void part_goal_lines(std::vector<Stretch> (&texts)[2], int split) {
  std::vector<int> starts;
  for (const auto& st : texts[1]) starts.push_back(st.x0);
  // Where two period lines or more have one space between ideographs at the
  // same place past `split`, the annual goal starts too (its lines drawn
  // close to the period goal's, left of its header label: `…观音阁抢 完成区级…`
  // over `…三神庙木雕 移动文物…`): columns one space apart line up over
  // lines, spaces inside a text do not.
  std::map<int, int> spaced;
  for (const auto& st : texts[0])
    for (size_t k = 1; k + 1 < st.text.size(); ++k) {
      const int x = st.x0 + static_cast<int>(k) + 1;
      if (st.text[k] == U' ' && x >= split && is_cjk(st.text[k - 1]) && is_cjk(st.text[k + 1])) ++spaced[x];
    }
  // Where the annual goal's lines start, the furthest left: a period line
  // runs on past it only into the annual goal, whose first line pdftotext
  // may draw left of its other lines, one space after the period's text
  // (`…提升城市品位。 对城区老旧小区…` over `      气质量，…`): parted at the
  // last single space before it (past `split`).
  const int annual = texts[1].empty() ? std::numeric_limits<int>::max()
                                      : std::min_element(texts[1].begin(), texts[1].end(), [](const Stretch& a, const Stretch& b) {
                                          return a.x0 < b.x0;
                                        })->x0;
  for (const auto& [x, n] : spaced)
    if (n >= 2) starts.push_back(x);
  if (starts.empty()) return;
  bool parted = false;
  for (auto& st : texts[0]) {
    if (st.x1 <= split) continue;
    size_t last_before = 0;  // the last single space past split and before the annual goal's start
    if (st.x1 > annual + 1)
      for (size_t k = 1; k + 1 < st.text.size(); ++k) {
        const int x = st.x0 + static_cast<int>(k) + 1;
        if (st.text[k] == U' ' && st.text[k + 1] != U' ' && x >= split && x <= annual + 1) last_before = k;
      }
    for (size_t k = 1; k + 1 < st.text.size(); ++k) {
      const int x = st.x0 + static_cast<int>(k) + 1;
      if (st.text[k] != U' ' || st.text[k + 1] == U' ' || x < split) continue;
      if (k != last_before && std::none_of(starts.begin(), starts.end(), [&](int s) { return std::abs(s - x) <= 1; })) continue;
      Stretch rest;
      rest.line = st.line;
      rest.x0 = x;
      rest.text.assign(st.text.begin() + static_cast<long>(k) + 1, st.text.end());
      rest.x1 = rest.x0 + static_cast<int>(rest.text.size());
      st.text.resize(k);
      st.x1 = st.x0 + static_cast<int>(k);
      texts[1].push_back(std::move(rest));
      parted = true;
      break;
    }
  }
  if (parted)
    std::stable_sort(texts[1].begin(), texts[1].end(), [](const Stretch& a, const Stretch& b) { return a.line < b.line; });
}

std::vector<Row> rows_of_page(const std::vector<std::pair<int, std::vector<char32_t>>>& lines, const LabelWords& words,
                              const Roles* roles, const std::vector<std::u32string>& titles,
                              std::optional<OpenTable>& open_table, OpenText& open_text, OpenGoals& open_goals,
                              CutCells& cut_cells) {
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
  // Is text[from, k) of a stretch of line l the start of a label whose rest
  // stands at its column on the line below (年度资金总 / 额：, its value one
  // space after its first line)?
  auto label_goes_on = [&](size_t l, const Stretch& st, size_t from, size_t k) {
    if (l + 1 >= by_line.size() || lines[l + 1].first != lines[l].first + 1) return false;
    for (const auto& b : by_line[l + 1]) {
      if (std::abs(b.x0 - (st.x0 + static_cast<int>(from))) > 1) continue;
      std::vector<char32_t> both(st.text.begin() + static_cast<long>(from), st.text.begin() + static_cast<long>(k));
      both.insert(both.end(), b.text.begin(), b.text.end());
      if (words.is_label(both.begin(), both.end())) return true;
    }
    return false;
  };
  for (size_t l = 0; l < by_line.size(); ++l) {
    auto& line = by_line[l];
    std::vector<Stretch> out;
    for (auto& st : line) {
      size_t from = 0;
      // A form's title and its year one space after it (`…目标表 2024 年度`):
      // no space next to a digit parts them (Writer spaces digits from
      // ideographs; the year's number and its 年度 are one text).
      const bool title = holds_title(titles, st.text);
      auto digit = [](char32_t ch) { return ch >= U'0' && ch <= U'9'; };
      for (size_t k = 1; k + 1 < st.text.size(); ++k)
        if (st.text[k] == U' ' && (is_cjk(st.text[k - 1]) || is_cjk(st.text[k + 1])) &&
            !(title && (digit(st.text[k - 1]) || digit(st.text[k + 1]))) &&
            (column_at(st.x0 + static_cast<int>(k) + 1) || words.is_label(st.text.begin() + static_cast<long>(from), st.text.begin() + static_cast<long>(k)) ||
             label_goes_on(l, st, from, k) ||
             words.is_label(st.text.begin() + static_cast<long>(k) + 1,
                            std::find(st.text.begin() + static_cast<long>(k) + 1, st.text.end(), U' '))) &&
            !inside_brackets(st.text, from, k)) {  // (the rescan last: most spaces part nothing)
          Stretch a;
          a.line = st.line;
          a.x0 = st.x0 + static_cast<int>(from);
          a.text.assign(st.text.begin() + static_cast<long>(from), st.text.begin() + static_cast<long>(k));
          a.x1 = a.x0 + static_cast<int>(a.text.size());
          // (Its value after it, not the next label: 项目资金（元 省级财政资金 / ）
          // is a label over rows, parted where its rows are.)
          a.goes_on = label_goes_on(l, st, from, k) &&
                      !words.is_label(st.text.begin() + static_cast<long>(k) + 1,
                                      std::find(st.text.begin() + static_cast<long>(k) + 1, st.text.end(), U' '));
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
  // The goals (总体目标), read by the columns of their header labels
  // (实施期目标 | 年度目标): the lines below them up to the indicator table,
  // or to text left of them that is not the 总体目标 label, are the two
  // goals' lines, each by the side it starts on (pdftotext prints the two
  // cells' lines interleaved where they differ in height, the label on a
  // line of its own). They come back as the header's row and one row:
  // 总体目标, the period goal, the annual goal.
  std::vector<Row> table_rows;
  open_goals.gone_on = false;
  if (roles && !roles->empty()) {
    auto cell_of = [](const Stretch& st) { return layout_cell(st.text, st.x0, st.line); };
    // The goals' lines from line `from` on, by their side (`left`: where the
    // period goal's start, give or take two; `split`: where the annual
    // goal's start), up to the indicator header or text left of them that
    // is no 总体目标 label (the label, where met, into `label_cell`): the
    // line where they end.
    auto goal_lines = [&](size_t from, int left, int split, std::vector<Stretch> (&texts)[2], std::optional<Cell>& label_cell) {
      size_t k = from;
      for (; k < by_line.size(); ++k) {
        if (!header_columns(by_line[k], roles).empty()) {
          // A header word wrapped in its cell (一级指 / 标) starts on the line above.
          bool wrapped = false;
          if (k > from && k + 1 < by_line.size())
            for (const auto& a : by_line[k - 1])
              for (const auto& b : by_line[k + 1]) {
                if (std::abs(a.x0 - b.x0) > 1) continue;
                std::vector<char32_t> both = a.text;
                both.insert(both.end(), b.text.begin(), b.text.end());
                wrapped = wrapped || role_of(roles, both) != nullptr;
              }
          if (wrapped) {
            // That line is the header's, not the goals' (taken above).
            --k;
            for (auto& t : texts) std::erase_if(t, [&](const Stretch& st) { return st.line == lines[k].first; });
          }
          break;
        }
        bool outside = false;
        for (const auto& st : by_line[k])
          if (st.x0 < left && !(goal_role(roles, st.text) == "goals.row" && !label_cell)) outside = true;
        if (outside) break;
        for (const auto& st : by_line[k]) {
          if (st.x0 < left) label_cell = cell_of(st);
          else texts[st.x0 >= split ? 1 : 0].push_back(st);
        }
      }
      join_goal_lines(texts);
      return k;
    };
    // The goals gone on from the page before: their lines at this page's top.
    if (open_goals.open) {
      open_goals.open = false;
      std::vector<Stretch> more[2];
      std::optional<Cell> label_cell;
      const size_t k = goal_lines(0, open_goals.left, open_goals.split, more, label_cell);
      part_goal_lines(more, open_goals.split);
      // The 总体目标 label on the page's first line is the label cut by the
      // page break printed again (a merged cell cut by a page break prints
      // on both pages), not another form's goals.
      const bool label_again = label_cell && label_cell->line == lines.front().first;
      if ((!label_cell || label_again) && (!more[0].empty() || !more[1].empty())) {
        for (size_t m = 0; m < k; ++m) by_line[m].clear();
        for (int h = 0; h < 2; ++h) open_goals.texts[h].insert(open_goals.texts[h].end(), more[h].begin(), more[h].end());
        if (open_goals.row_line < 0) {
          // No row of them yet: these lines are their row.
          Row goals;
          goals.line = lines.front().first;
          if (label_cell) goals.cells.push_back(*label_cell);
          for (int h = 0; h < 2; ++h)
            if (!more[h].empty())
              goals.cells.push_back(Cell{join_lines(more[h]), open_goals.x[h], 1, 1, more[h].front().line, 0, std::nullopt});
          goals.line = goals.cells.front().line;
          open_goals.row_line = goals.line;
          table_rows.push_back(std::move(goals));
        } else {
          open_goals.gone_on = true;
        }
        open_goals.open = k == by_line.size();
      }
    }
    for (size_t l = 0; l < by_line.size(); ++l) {
      const Stretch* period = nullptr;
      const Stretch* annual = nullptr;
      const Stretch* label = nullptr;
      for (const auto& st : by_line[l]) {
        const std::string r = goal_role(roles, st.text);
        if (r == "goals.period" && !period) period = &st;
        if (r == "goals.annual" && !annual) annual = &st;
        if (r == "goals.row" && !label) label = &st;
      }
      if (!period || !annual || annual->x0 <= period->x0) continue;
      Row head;
      head.line = lines[l].first;
      std::optional<Cell> label_cell;
      for (const auto& st : by_line[l]) {
        if (&st == label) label_cell = cell_of(st);
        else head.cells.push_back(cell_of(st));
      }
      const int period_x = period->x0, annual_x = annual->x0;
      // The annual goal's lines start past the middle between the two labels
      // (a label centred over its cell stands right of the cell's lines).
      const int left = period_x - 2, split = (period_x + annual_x + 1) / 2;
      std::vector<Stretch> texts[2];
      // The label may stand on the line above the header's.
      if (!label_cell && l > 0 && by_line[l - 1].size() == 1 && goal_role(roles, by_line[l - 1][0].text) == "goals.row" &&
          lines[l - 1].first + 2 >= lines[l].first) {
        label_cell = cell_of(by_line[l - 1][0]);
        by_line[l - 1].clear();
      }
      const size_t k = goal_lines(l + 1, left, split, texts, label_cell);
      part_goal_lines(texts, split);
      // Goals running to the page's end go on at the next page (all of
      // their lines, when the header is the page's last line).
      // (With none of their lines on this page, the header stays a row of
      // its own, as when no goals' lines stand below it, and their lines at
      // the next page's top are a row of their own.)
      const bool goes_on = k == by_line.size();
      if (goes_on) open_goals = OpenGoals{true, false, lines[l].first + 1, left, split, {period_x, annual_x}, {texts[0], texts[1]}};
      if (texts[0].empty() && texts[1].empty()) {
        open_goals.row_line = -1;
        continue;
      }
      for (size_t m = l; m < k; ++m) by_line[m].clear();
      table_rows.push_back(std::move(head));
      Row goals;
      goals.line = lines[l].first + 1;
      if (label_cell) goals.cells.push_back(*label_cell);
      for (int h = 0; h < 2; ++h) {
        if (texts[h].empty()) continue;
        std::string text = join_lines(texts[h]);
        if (!text.empty()) goals.cells.push_back(Cell{text, h == 0 ? period_x : annual_x, 1, 1, texts[h].front().line, 0, std::nullopt});
      }
      table_rows.push_back(std::move(goals));
      l = k - 1;
    }
  }
  // The indicator table, read by its header's columns (LayoutGrid); its
  // lines are taken out of the rest.
  std::optional<OpenTable> still_open;
  if (roles && !roles->empty()) {
    size_t top = 0;
    if (open_table) {
      // The table goes on at the top of this page, up to text left of it
      // (the sign-off) or a header: left of its columns as they stand on
      // this page (found again on the lines up to a header: pdftotext sets
      // each page's columns anew).
      // A header cut by the page break (its row two lines tall, the page's
      // last line printing all its words but the rest of a wrapped one:
      // `一级指    二级指标 …` / `\f标`): that rest, on the page's first
      // line nearest the word's column, is the header's.
      if (!open_table->header.empty() && !by_line.empty() && join_wrapped_header_words(open_table->header, by_line[0], roles))
        open_table->cols = header_columns(open_table->header, roles);
      size_t reach = 0;
      while (reach < by_line.size() && header_columns(by_line[reach], roles).empty()) ++reach;
      const std::vector<GridColumn> here =
          columns_again(open_table->cols, std::vector<std::vector<Stretch>>(by_line.begin(), by_line.begin() + static_cast<long>(reach)));
      const int left = here.front().x0;
      size_t end = 0;
      for (; end < reach; ++end) {
        bool outside = false;
        for (const auto& st : by_line[end]) {
          const std::string* r = role_of(roles, st.text);
          outside = outside || (st.x1 <= left - 2 && !(r && *r == "section")) || ends_table(st, words, roles, here);
        }
        if (outside) break;
      }
      std::vector<std::vector<Stretch>> part(by_line.begin(), by_line.begin() + static_cast<long>(end));
      LayoutGrid grid(columns_again(open_table->cols, part), words);
      size_t k = 0;
      for (; k < end && grid.add(by_line[k], roles); ++k) by_line[k].clear();
      cut_cells = CutCells{open_table->last_row_line, grid.take_cut_rest(open_table->cut)};
      for (auto& r : grid.rows({})) table_rows.push_back(std::move(r));
      if (k == by_line.size()) still_open = OpenTable{grid.going_on(open_table->cols), grid.cut_cells(), grid.last_row_line(), {}};
      top = k;
    }
    for (size_t l = top; l < by_line.size(); ++l) {
      std::vector<GridColumn> cols = header_columns(by_line[l], roles);
      if (cols.empty()) continue;
      std::vector<Stretch> header = header_words(by_line[l], roles);
      by_line[l].clear();
      // A header word wrapped in its cell (一级指 / 标) stands on the lines
      // above and below the header's: joined, it is a column of the header;
      // section labels on the line above go with it.
      if (l > 0 && l + 1 < by_line.size() && lines[l - 1].first + 1 == lines[l].first &&
          lines[l + 1].first == lines[l].first + 1) {
        bool joined = false;
        for (auto& a : by_line[l - 1]) {
          bool taken = false;
          for (const auto& c : cols) taken = taken || std::abs(c.x0 - a.x0) <= 1;
          if (taken) continue;
          for (auto b = by_line[l + 1].begin(); b != by_line[l + 1].end(); ++b) {
            if (std::abs(b->x0 - a.x0) > 1) continue;
            std::vector<char32_t> both = a.text;
            both.insert(both.end(), b->text.begin(), b->text.end());
            const std::string* r = role_of(roles, both);
            if (!r || *r == "section" || *r == "category") continue;
            a.text = std::move(both);
            a.line = lines[l].first;
            a.x1 = a.x0 + static_cast<int>(a.text.size());
            a.joined = true;
            header.push_back(std::move(a));
            a.text.clear();
            by_line[l + 1].erase(b);
            joined = true;
            break;
          }
        }
        if (joined) {
          for (auto& a : by_line[l - 1]) {
            if (a.text.empty()) continue;
            const std::string* r = role_of(roles, a.text);
            if (r && *r == "section") {
              a.line = lines[l].first;
              header.push_back(std::move(a));
              a.text.clear();
            }
          }
          std::erase_if(by_line[l - 1], [](const Stretch& st) { return st.text.empty(); });
          std::sort(header.begin(), header.end(), [](const Stretch& x, const Stretch& y) { return x.x0 < y.x0; });
          cols = header_columns(header, roles);
        }
      }
      const std::vector<GridColumn> header_cols = cols;
      LayoutGrid grid(std::move(cols), words);
      size_t k = l + 1;
      for (; k < by_line.size(); ++k) {
        if (!header_columns(by_line[k], roles).empty() || !grid.add(by_line[k], roles)) break;
        by_line[k].clear();
      }
      for (auto& r : grid.rows(header)) table_rows.push_back(std::move(r));
      still_open.reset();
      if (k == by_line.size()) {
        still_open = OpenTable{grid.going_on(header_cols), grid.cut_cells(), grid.last_row_line(), {}};
        // The header on the page's last line: a word of it may go on at the next page's top.
        if (k == l + 1) still_open->header = header;
      }
      l = k - 1;
    }
  }
  open_table = std::move(still_open);
  // The long texts (项目概况, 立项依据, ...: labels whose role is "text"):
  // such a row's value spans from its label's column to the table's right
  // edge, so every stretch right of the label on the row's lines is the
  // value's, whatever spaces part them (Writer spaces digits from
  // ideographs, pdftotext prints lines of mixed widths: inner spaces line up
  // as if they parted columns). The label stands on its row's middle lines
  // (a label wrapped over lines: 项目设立必 / 要性): the row takes as many
  // lines above it as below, lines with nothing left of the value's column
  // and no label, up to a blank line or a line taken; a line left between
  // two such rows goes to the upper one when its last line fills the value's
  // column, else to the lower one.
  if (roles && !roles->empty()) {
    struct TextRow {
      size_t a = 0, b = 0;  // the label's lines (indexes in by_line)
      size_t top = 0, bottom = 0;
      int label_x = 0, value_x = 0;
      std::vector<Stretch> label;
    };
    std::vector<TextRow> text_rows;
    auto text_label = [&](const std::vector<Stretch>& parts) {
      std::vector<char32_t> t;
      for (const auto& st : parts) t.insert(t.end(), st.text.begin(), st.text.end());
      const std::string* r = any_role_of(roles, t.begin(), t.end());
      return r && *r == "text";
    };
    for (size_t l = 0; l < by_line.size(); ++l) {
      if (by_line[l].empty()) continue;
      std::vector<Stretch> parts;
      size_t b = l;
      bool found = false;
      auto try_label = [&](const Stretch& head) {
        parts = {head};
        b = l;
        found = text_label(parts);
        // A label wrapped over lines, the value's lines between its parts (保证项目实施的制度 / 、措施).
        for (size_t k = l + 1; !found && k < by_line.size() && k < l + 6 && parts.size() < 4; ++k) {
          if (by_line[k].empty() || lines[k].first != lines[k - 1].first + 1 || by_line[k].front().x0 < parts.front().x0 - 1)
            break;
          if (by_line[k].front().x0 > parts.front().x0 + 1) continue;
          parts.push_back(by_line[k].front());
          b = k;
          found = text_label(parts);
        }
      };
      try_label(by_line[l].front());
      // The start of a wrapped label one space before the value (保证项目实施的制度、措 一是…):
      // parted there.
      const auto& front = by_line[l].front().text;
      const auto space = std::find(front.begin(), front.end(), U' ');
      if (!found && space != front.begin() && space != front.end()) {
        Stretch head = by_line[l].front(), rest = head;
        head.text.assign(front.begin(), space);
        head.x1 = head.x0 + static_cast<int>(head.text.size());
        try_label(head);
        if (found) {
          rest.text.assign(space + 1, front.end());
          rest.x0 = head.x1 + 1;
          by_line[l].front() = head;
          by_line[l].insert(by_line[l].begin() + 1, rest);
        }
      }
      if (!found) continue;
      TextRow row;
      row.a = l;
      row.b = b;
      row.label_x = parts.front().x0;
      int label_end = 0;
      for (const auto& st : parts) label_end = std::max(label_end, st.x1);
      row.value_x = std::numeric_limits<int>::max();
      for (size_t k = l > 0 ? l - 1 : 0; k <= std::min(b + 1, by_line.size() - 1); ++k)
        for (const auto& st : by_line[k])
          if (st.x0 > label_end) {
            row.value_x = std::min(row.value_x, st.x0);
            break;
          }
      if (row.value_x == std::numeric_limits<int>::max()) continue;
      row.label = std::move(parts);
      text_rows.push_back(std::move(row));
      l = b;
    }
    std::vector<bool> taken(by_line.size(), false);
    for (const auto& r : text_rows)
      for (size_t k = r.a; k <= r.b; ++k) taken[k] = true;
    auto free_line = [&](size_t k, int value_x) {
      if (taken[k] || by_line[k].empty()) return false;
      for (const auto& st : by_line[k])
        if (st.x0 < value_x - 1 || words.is_label(st.text.begin(), st.text.end())) return false;
      return true;
    };
    // How wide a line's value is (ideographs 1, other characters and spaces 1/2); -1: none.
    auto value_width = [&](size_t k, int value_x) {
      double w = -1;
      int end = -1;
      for (const auto& st : by_line[k]) {
        if (st.x0 < value_x - 1) continue;
        w = (w < 0 ? 0 : w) + text_width(st.text) + (end < 0 ? 0 : 0.5 * (st.x0 - end));
        end = st.x1;
      }
      return w;
    };
    auto next_to = [&](size_t k, size_t m) { return lines[m].first == lines[k].first + 1; };
    std::optional<TextRow> carried;
    bool text_open = false;
    for (size_t i = 0; i < text_rows.size(); ++i) {
      TextRow& r = text_rows[i];
      size_t up = 0, down = 0;
      while (r.a > up && free_line(r.a - up - 1, r.value_x) && next_to(r.a - up - 1, r.a - up)) ++up;
      while (r.b + down + 1 < by_line.size() && free_line(r.b + down + 1, r.value_x) && next_to(r.b + down, r.b + down + 1))
        ++down;
      if (i > 0 && text_rows[i - 1].bottom < r.a && text_rows[i - 1].bottom + 1 + up >= r.a)
        r.top = text_rows[i - 1].bottom + 1;  // the row above ends where this one starts
      else
        r.top = r.a;  // set below
      const bool top_known = r.top < r.a || (i > 0 && text_rows[i - 1].bottom + 1 == r.a);
      double cap = 0;
      for (size_t k = r.a - up; k <= r.b + down; ++k) cap = std::max(cap, value_width(k, r.value_x));
      // The value ends at its first line short of the column (a cell's last line).
      const double full = cap - std::max(3.0, 0.12 * cap);
      std::optional<size_t> end;
      for (size_t k = r.b; k <= r.b + down && !end; ++k) {
        const double w = value_width(k, r.value_x);
        if (w >= 0 && w < full) end = k;
      }
      const bool next_adjacent = i + 1 < text_rows.size() && text_rows[i + 1].a == r.b + down + 1;
      if (!end && r.b + down + 1 == by_line.size()) {
        end = r.b + down;  // the text goes on at the next page
        text_open = true;
      } else if (!end) {
        // Else the label stands in the row's middle.
        const size_t above = top_known ? r.a - r.top : up;
        end = r.b + (next_adjacent ? std::min(down, above) : std::min(down, above + 1));
      }
      r.bottom = *end;
      if (!top_known) r.top = r.a - std::min(up, r.bottom - r.b + 1);
      // A line above the label short of the column ends another cell (a
      // text gone on from the page before): the row starts below it.
      // At the top of the page, the lines down to the last one short of the
      // column are a text gone on from the page before: one cell.
      size_t lead = 0;
      for (size_t k = top_known ? r.a : r.a - up; k < r.a; ++k) {
        const double w = value_width(k, r.value_x);
        if (w >= 0 && w < full) lead = k + 1;
      }
      if (r.a - up == 0 && lead > 0) r.top = std::max(r.top, lead);
      for (size_t k = r.top; k < r.a; ++k) {
        const double w = value_width(k, r.value_x);
        if (w >= 0 && w < full) r.top = k + 1;
      }
      if (open_text.open && !top_known && r.a - up == 0 && lead > 0) {
        TextRow gone_on;
        gone_on.a = gone_on.b = lead;  // no label
        gone_on.top = 0;
        gone_on.bottom = lead - 1;
        gone_on.value_x = r.value_x;
        gone_on.label_x = -1;
        carried = gone_on;
      }
      for (size_t k = r.top; k <= r.bottom; ++k) taken[k] = true;
    }
    // A line's stretches from column `from` on as one, the gaps kept as
    // spaces; the line is then used up.
    auto merged_line = [&](size_t k, int from) {
      Stretch merged;
      for (const auto& st : by_line[k]) {
        if (st.x0 < from) continue;
        if (merged.text.empty()) {
          merged = st;
          continue;
        }
        merged.text.insert(merged.text.end(), static_cast<size_t>(st.x0 - merged.x1), U' ');
        merged.text.insert(merged.text.end(), st.text.begin(), st.text.end());
        merged.x1 = st.x1;
      }
      by_line[k].clear();
      return merged;
    };
    open_text.gone_on.reset();
    if (carried) {
      std::vector<Stretch> value;
      for (size_t k = carried->top; k <= carried->bottom; ++k) {
        Stretch merged = merged_line(k, std::numeric_limits<int>::min());
        if (!merged.text.empty()) value.push_back(std::move(merged));
      }
      open_text.gone_on = join_lines(value);
    }
    open_text.open = text_open;
    for (const auto& r : text_rows) {
      std::vector<Stretch> value;
      for (size_t k = r.top; k <= r.bottom; ++k) {
        Stretch merged = merged_line(k, r.value_x - 1);  // not the label's part
        if (!merged.text.empty()) value.push_back(std::move(merged));
      }
      Row row;
      row.line = lines[r.top].first;
      if (!r.label.empty()) row.cells.push_back(layout_cell(join_lines(r.label), r.label_x, lines[r.a].first));
      if (!value.empty()) row.cells.push_back(layout_cell(join_lines(value), r.value_x, value.front().line));
      table_rows.push_back(std::move(row));
    }
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
        // A form's title is a cell of its own (a title right above the
        // form's first value, 项目名称's, starting where it starts).
        if (holds_title(titles, above.text) || holds_title(titles, st.text)) continue;
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
        // A label ending in its colon, alone in its pile and the last text of
        // its line (联系电话：), goes on at its value two lines below it, the line between holding the
        // row's other cells: a cell of label and value (a sign-off cell
        // printed label above value, its row's one-line cells on its middle
        // line). (A label one line above a text is a blank cell's: 负责人： /
        // 名词解释.)
        if (w == Wrap::unknown && gap == 2 && li + 2 == ln && !by_line[l - 1].empty() && !above.text.empty() &&
            (above.text.back() == U'：' || above.text.back() == U':') && words.is_label(p.lines) &&
            by_line[p.last_index].back().x0 == above.x0)  // (nothing right of it: its value is below)
          w = Wrap::yes;
        // An amount written out whole, its thousands parted by commas
        // (6,200,000), is not broken: a number below it is a cell of its own
        // (the next line's value, set under it).
        if (w == Wrap::unknown && whole_amount(above.text) && !st.text.empty() && st.text.front() >= U'0' &&
            st.text.front() <= U'9')
          w = Wrap::no;
        // A number broken at its hyphen (0355- / 8276904) goes on.
        if (w == Wrap::unknown && !above.text.empty() && above.text.back() == U'-' && !st.text.empty() &&
            st.text.front() >= U'0' && st.text.front() <= U'9')
          w = Wrap::yes;
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
        const int at = std::clamp(end, above.last, piles[i].first - 1);
        // A label that goes on at the line below (年度资金总 / 额：, its value
        // one space after its first line) is one cell: a cut that would part
        // only such labels parts nothing.
        bool across = false, other = false;
        for (const auto& p : piles)
          if (p.first <= at && p.last > at) {
            across = true;
            other = other || !p.lines.front().goes_on;
          }
        if (across && !other) continue;
        cut = at;
      }
      label_at[piles[i].x0] = i;
    }
    if (cut < 0) break;
    // Piles across the cut are parted there.
    std::vector<Pile> parted;
    for (auto& p : piles) {
      if (p.first > cut || p.last <= cut) continue;
      if (p.lines.front().goes_on) continue;  // (above)
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
  for (auto& r : table_rows) rows.push_back(std::move(r));
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.line < b.line; });
  for (auto& r : rows)
    std::stable_sort(r.cells.begin(), r.cells.end(), [](const Cell& a, const Cell& b) { return a.column < b.column; });
  return rows;
}

CellDocument cells_from_layout_text(std::string_view text, const std::string& file,
                                    const std::unordered_set<std::string>* labels, const Roles* roles) {
  const LabelWords words(labels);
  const IsLabel is_label = [&words](const std::vector<char32_t>& t) { return words.is_label(t.begin(), t.end()); };
  // A label of the form outside the indicator table (no header word, section or category label there).
  const IsLabel is_field_label = [&words, roles](const std::vector<char32_t>& t) {
    return words.is_label(t.begin(), t.end()) && !role_of(roles, t);
  };
  const std::vector<std::u32string> titles = titles_of(roles);
  // The form's field labels, for labels whose wrapped lines a page turned back shuffled.
  std::optional<WrappedLabels> wrapped_labels;
  auto field_labels = [&]() -> const WrappedLabels& {
    if (!wrapped_labels) {
      std::vector<std::u32string> keys;
      if (labels)
        for (const auto& k : *labels) {
          const std::u32string u = decode_utf8(std::string_view(k));
          if (is_field_label(std::vector<char32_t>(u.begin(), u.end()))) keys.push_back(u);
        }
      wrapped_labels.emplace(keys);
    }
    return *wrapped_labels;
  };
  std::optional<OpenTable> open_table;
  OpenText open_text;
  OpenGoals open_goals;
  CutCells cut_cells;
  CellDocument doc;
  doc.file = file;
  doc.format = "text";
  std::vector<std::pair<int, std::vector<char32_t>>> page;  // (line, characters)
  page.emplace_back(1, std::vector<char32_t>{});
  int line = 1;
  int page_number = 1;
  bool last_backwards = false;  // the page before was printed backwards
  auto flush = [&] {
    const bool backwards = printed_backwards(page, is_label, last_backwards);
    last_backwards = backwards;
    if (backwards) {
      turn_page(page, is_label);
      rejoin_wrapped_labels(page, field_labels());
      join_spaced_numbers(page);
      join_spaced_text(page);
      // A category label the dropped spaces glued to its neighbours, in the indicator table.
      part_glued_categories(
          page, [roles](const std::vector<char32_t>& t) { return is_category(roles, t.begin(), t.end()); },
          [roles](const std::vector<char32_t>& t) {
            const std::string* r = role_of(roles, t);
            return r && *r != "category" && *r != "section";
          },
          [roles, &titles](const std::vector<char32_t>& t) {
            const std::string* r = any_role_of(roles, t.begin(), t.end());
            if (r && (*r == "text" || r->rfind("goals.", 0) == 0)) return true;
            const std::u32string s(t.begin(), t.end());
            return std::any_of(titles.begin(), titles.end(),
                               [&s](const std::u32string& title) { return s.find(title) != std::u32string::npos; });
          });
      doc.notes.push_back(ReaderNote{"page " + std::to_string(page_number) +
                                         ": text printed backwards (right to left, bottom to top, as pdftotext "
                                         "prints some pages turned by /Rotate): read turned back; characters of "
                                         "neighbouring lines it printed interleaved stay so: check this page "
                                         "against the PDF",
                                     page.empty() ? line : page.front().first, 0});
    } else {
      turn_backwards_titles(page, titles);
    }
    join_spaced_labels(page, is_label);
    values_below_labels(page, is_field_label);
    const size_t before = doc.rows.size();
    cut_cells = CutCells{};
    for (auto& r : rows_of_page(page, words, roles, titles, open_table, open_text, open_goals, cut_cells)) {
      // Lines of a page turned back may be interleaved: every field read from it is to be checked.
      for (auto& c : r.cells)
        if (backwards || c.out_of_order_page < 0) c.out_of_order_page = page_number;
      doc.rows.push_back(std::move(r));
    }
    // Cells of a table's row cut by the page break: their rest on this page.
    if (!cut_cells.rest.empty())
      for (size_t r = before; r-- > 0;) {
        if (doc.rows[r].line != cut_cells.row_line) continue;
        for (const auto& [column, rest] : cut_cells.rest)
          for (auto& cell : doc.rows[r].cells)
            if (cell.column == column) cell.text += rest;
        break;
      }
    // A long text gone on from the page before: its last row's last cell.
    if (open_text.gone_on && before > 0 && !doc.rows[before - 1].cells.empty())
      doc.rows[before - 1].cells.back().text += *open_text.gone_on;
    // The goals gone on from the page before: their row's two goals, all their lines.
    if (open_goals.gone_on)
      for (size_t r = before; r-- > 0;) {
        if (doc.rows[r].line != open_goals.row_line) continue;
        auto& cells = doc.rows[r].cells;
        for (int h = 0; h < 2; ++h) {
          if (open_goals.texts[h].empty()) continue;
          std::string text = join_lines(open_goals.texts[h]);
          auto at = std::find_if(cells.begin(), cells.end(), [&](const Cell& c) { return c.column == open_goals.x[h]; });
          if (at != cells.end()) at->text = std::move(text);
          else cells.push_back(Cell{std::move(text), open_goals.x[h], 1, 1, open_goals.texts[h].front().line, 0, std::nullopt});
        }
        std::stable_sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) { return a.column < b.column; });
        break;
      }
    page.clear();
    ++page_number;
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

namespace {

CellDocument cells_from_text(std::string_view text, const std::string& file,
                             const std::unordered_set<std::string>* labels, const Roles* roles,
                             const std::shared_ptr<const void>* keep) {
  if (is_page_layout_text(text)) return cells_from_layout_text(text, file, labels, roles);
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
      split_tabs(line, row, without_feeds.empty() ? keep : nullptr);
    else
      split_spaces(line, row);
    if (!row.cells.empty()) doc.rows.push_back(std::move(row));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return doc;
}

}  // namespace

CellDocument cells_from_text(std::string_view text, const std::string& file,
                             const std::unordered_set<std::string>* labels, const Roles* roles) {
  return cells_from_text(text, file, labels, roles, nullptr);
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
  // Bytes read (decoded) from `start` on not yet handed out. The lines handed
  // out are views of it, and the cells made of them keep it: it is never
  // changed while another holds it (more bytes go to a new block).
  std::shared_ptr<std::string> buffer = std::make_shared<std::string>();
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
      size_t nl = buffer->find('\n', start);
      if (nl != std::string::npos) {
        line = std::string_view(*buffer).substr(start, nl - start);
        start = nl + 1;
        return true;
      }
      if (eof) {
        line = std::string_view(*buffer).substr(start);
        done = true;
        return true;
      }
      if (buffer.use_count() == 1) {
        buffer->erase(0, start);
      } else {  // cells hold the block: the bytes not handed out go on in a new one
        auto next = std::make_shared<std::string>();
        next->reserve(buffer->size() - start + block.size());
        next->append(*buffer, start);
        buffer = std::move(next);
      }
      start = 0;
      in.read(block.data(), static_cast<std::streamsize>(block.size()));
      std::streamsize got = in.gcount();
      if (in.bad()) throw std::runtime_error(std::strerror(errno));
      if (got < static_cast<std::streamsize>(block.size())) eof = true;
      const char* p = block.data();
      size_t n = static_cast<size_t>(got);
      if (!decoder) {
        buffer->append(p, n);
        continue;
      }
      size_t s = std::min(skip, n);
      skip -= s;
      if (!decoder->decode(p + s, n - s, eof, *buffer)) throw std::runtime_error("bytes not of the encoding");
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
    // First pass: plain UTF-8, no NUL byte, not UTF-16 by its look. The file
    // is looked at a block at a time, as bytes (not split into lines): a NUL
    // byte or form feed anywhere sends it to read_text_file (past the first
    // byte that is not UTF-8 too: the GB18030 text is checked again below,
    // and those bytes stand for themselves in it).
    std::ifstream in(path, std::ios::binary);
    if (!in) return nullptr;
    std::vector<char> block(1 << 20);
    std::string carry;  // a character cut by the end of the block before
    bool first = true;
    bool bom = false;
    int wide = 0;  // UTF-8 characters of three or four bytes before the first bad byte, up to 3
    auto count_wide = [&](std::string_view t) {
      for (size_t i = 0; i < t.size() && wide < 3;) {
        size_t n = utf8_sequence_length(t, i);
        if (n >= 3) ++wide;
        i += n;
      }
    };
    std::string joined;
    for (bool eof = false; !eof;) {
      in.read(block.data(), static_cast<std::streamsize>(block.size()));
      const auto got = static_cast<size_t>(in.gcount());
      if (in.bad()) return nullptr;
      eof = got < block.size();
      std::string_view bytes(block.data(), got);
      if (first) {
        first = false;
        if (forced.empty() && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
          from = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
          skip = 2;
          strip_bom = false;
          break;
        }
        bom = bytes.substr(0, 3) == "\xEF\xBB\xBF";
        bool le = true;
        // decode_text looks at the first 4096 bytes: the first block holds them.
        if (!bom && forced.empty() && looks_like_utf16_without_bom(bytes.substr(0, 1 << 16), le)) {
          from = le ? "UTF-16LE" : "UTF-16BE";
          strip_bom = false;
          break;
        }
      }
      // NUL bytes, form feeds (page layout text): read whole.
      if (std::memchr(bytes.data(), '\0', bytes.size()) || std::memchr(bytes.data(), '\f', bytes.size()))
        return nullptr;
      // A byte that is not UTF-8, after `before` (the text since the last
      // block's): GB18030 when decode_text would say so (no BOM, not forced,
      // no UTF-8 text before the bad byte), else its error (read whole).
      auto not_utf8 = [&](std::string_view before) {
        if (bom || !forced.empty()) return false;
        count_wide(before);
        if (wide >= 3) return false;
        from = "GB18030";
        strip_bom = false;
        return true;
      };
      if (!carry.empty()) {  // the character the block before cut, whole again
        joined.assign(carry).append(bytes.substr(0, 3));
        const size_t n = utf8_sequence_length(joined, 0);
        if (n <= carry.size()) {
          if (!not_utf8({})) return nullptr;
          break;
        }
        count_wide(std::string_view(joined).substr(0, n));
        bytes.remove_prefix(n - carry.size());
        carry.clear();
      }
      // A character the block's end cuts waits for the next block.
      size_t whole = bytes.size();
      if (!eof)
        for (size_t k = 1; k <= 3 && k <= bytes.size(); ++k) {
          const auto c = static_cast<unsigned char>(bytes[bytes.size() - k]);
          if (c < 0x80) break;
          if (c >= 0xC0) {
            if ((c >= 0xF0 ? 4u : c >= 0xE0 ? 3u : 2u) > k) whole = bytes.size() - k;
            break;
          }
        }
      const std::string_view checked = bytes.substr(0, whole);
      if (size_t bad = first_invalid_utf8(checked); bad != std::string_view::npos) {
        if (!not_utf8(checked.substr(0, bad))) return nullptr;
        break;
      }
      count_wide(checked);
      carry.assign(bytes.substr(whole));
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
    const std::shared_ptr<const void> keep = lines_->buffer;  // the cells are views of the block read
    split_line(line, number_, file_, row, &keep);
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
  auto text = std::make_shared<const std::string>(decode_text(bytes, file, options.encoding, used));
  std::string().swap(bytes);
  const std::shared_ptr<const void> keep = text;  // the cells are views of the text
  CellDocument doc = cells_from_text(*text, file, options.labels.get(), options.label_roles.get(), &keep);
  doc.encoding = used;
  return doc;
}

}  // namespace perfgoal
