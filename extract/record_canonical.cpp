#include "extract/record_canonical.h"

#include <type_traits>

#include "model/fields.h"
#include "model/text_safety.h"

namespace perfgoal {
namespace {

// The document, line by line, with the shapes of the writer's values.
class CanonicalReader {
 public:
  explicit CanonicalReader(std::string_view s) : s_(s) { load(); }

  bool read(Record& r, int& root_line) {
    if (!(have_ && line_ == "---")) return false;
    advance();
    root_line = number_;
    std::string_view v;
    if (!key_line(0, "format", v) || v != kRecordFormat) return false;
    if (!read_source(r.source)) return false;
    if (!read_fields(0, record_fields(), r)) return false;
    return !have_ && pos_ == s_.size();  // nothing after the last field
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;         // start of the current line
  std::string_view line_;  // the current line, without its '\n'
  bool have_ = false;      // a current line (ended by '\n')
  int number_ = 0;         // its 0-based number
  bool dash_ = false;      // the next key line starts an indicator entry ("- ")

  void load() {
    size_t nl = s_.find('\n', pos_);
    have_ = nl != std::string_view::npos;
    line_ = have_ ? s_.substr(pos_, nl - pos_) : std::string_view();
  }
  void advance() {
    pos_ += line_.size() + 1;
    ++number_;
    load();
  }

  // The current line is `ind` spaces (or, at an entry's first key, ind - 2
  // spaces and "- "), `key`, ':' and either nothing or one space and a value
  // (`value`, empty for nothing). Consumes the line when it is.
  bool key_line(size_t ind, std::string_view key, std::string_view& value) {
    if (!have_) return false;
    std::string_view l = line_;
    if (l.size() < ind + key.size() + 1) return false;
    size_t spaces = dash_ ? ind - 2 : ind;
    for (size_t k = 0; k < spaces; ++k)
      if (l[k] != ' ') return false;
    if (dash_ && (l[spaces] != '-' || l[spaces + 1] != ' ')) return false;
    if (l.compare(ind, key.size(), key) != 0 || l[ind + key.size()] != ':') return false;
    l.remove_prefix(ind + key.size() + 1);
    if (!l.empty()) {
      if (l.size() < 2 || l[0] != ' ' || l[1] == ' ') return false;
      l.remove_prefix(1);
    }
    value = l;
    dash_ = false;
    advance();
    return true;
  }

  // ---- values ----

  static bool is_null(std::string_view v) { return v == "null"; }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // A double-quoted scalar on one line, decoded as libyaml decodes it; false
  // for anything this reader does not decode (libyaml reads the document).
  static bool quoted(std::string_view v, std::string& out) {
    if (v.size() < 2 || v.front() != '"' || v.back() != '"') return false;
    out.clear();
    const auto* p = reinterpret_cast<const unsigned char*>(v.data()) + 1;
    const auto* end = reinterpret_cast<const unsigned char*>(v.data()) + v.size() - 1;
    const auto* run = p;  // bytes copied as they are, from here
    while (p < end) {
      unsigned char c = *p;
      if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
        ++p;
        continue;
      }
      if (c >= 0xE0 && c < 0xF0) {  // three bytes (CJK)
        if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return false;
        int cp = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        // Printable for libyaml (not a surrogate, not U+FFFE/U+FFFF), not
        // overlong; not the BOM, nor the line and paragraph separators that
        // libyaml reads as line breaks.
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp >= 0xFFFE || cp == 0xFEFF || cp == 0x2028 ||
            cp == 0x2029)
          return false;
        p += 3;
        continue;
      }
      if (c >= 0xC2 && c < 0xE0) {  // two bytes: U+00A0 up (not NEL and the C1 controls)
        if (end - p < 2 || (p[1] & 0xC0) != 0x80) return false;
        int cp = ((c & 0x1F) << 6) | (p[1] & 0x3F);
        if (cp < 0xA0) return false;
        p += 2;
        continue;
      }
      if (c >= 0xF0 && c <= 0xF4) {  // four bytes: U+10000..U+10FFFF
        if (end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return false;
        int cp = ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
        if (cp < 0x10000 || cp > 0x10FFFF) return false;
        p += 4;
        continue;
      }
      if (c != '\\' || end - p < 2) return false;  // a quote inside, a control character, not UTF-8
      if (out.empty()) out.reserve(v.size() - 2);  // the text is not longer than its escaped form
      out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
      char e = static_cast<char>(p[1]);
      p += 2;
      int digits = 0;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'x': digits = 2; break;
        case 'u': digits = 4; break;
        case 'U': digits = 8; break;
        default: return false;  // other escapes: libyaml's reader (some read differently by yaml-cpp)
      }
      if (digits) {
        if (end - p < digits) return false;
        unsigned long cp = 0;
        for (int k = 0; k < digits; ++k) {
          int h = hex(static_cast<char>(p[k]));
          if (h < 0) return false;
          cp = (cp << 4) | static_cast<unsigned long>(h);
        }
        p += digits;
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;  // libyaml refuses it
        append_utf8(out, static_cast<char32_t>(cp));  // as libyaml encodes it
      }
      run = p;
    }
    out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(end - run));
    return true;
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  // A whole number as the writer writes it: "0", or up to nine digits without
  // a leading zero, maybe after '-' (what the libyaml reader reads directly).
  static bool integer(std::string_view v, int& out) {
    size_t i = !v.empty() && v[0] == '-' ? 1 : 0;
    if (v.size() == 1 && v[0] == '0') {
      out = 0;
      return true;
    }
    if (v.size() <= i || v.size() - i > 9 || v[i] < '1' || v[i] > '9') return false;
    int n = 0;
    for (size_t k = i; k < v.size(); ++k) {
      if (!digit(v[k])) return false;
      n = n * 10 + (v[k] - '0');
    }
    out = i ? -n : n;
    return true;
  }

  // A plain decimal: digits and points, maybe after '-' (a plain scalar for
  // libyaml, read by Decimal::parse as the libyaml reader reads it).
  static bool decimal(std::string_view v, std::optional<Decimal>& out) {
    size_t i = !v.empty() && v[0] == '-' ? 1 : 0;
    if (v.size() <= i || !digit(v[i])) return false;
    for (size_t k = i; k < v.size(); ++k)
      if (!digit(v[k]) && v[k] != '.') return false;
    out = Decimal::parse(v);
    return out.has_value();
  }

  // "[first, last]" of two whole numbers.
  static bool pair(std::string_view v, std::optional<std::pair<int, int>>& out) {
    if (v.size() < 6 || v.front() != '[' || v.back() != ']') return false;
    size_t comma = v.find(", ");
    if (comma == std::string_view::npos) return false;
    int a = 0, b = 0;
    if (!integer(v.substr(1, comma - 1), a) || !integer(v.substr(comma + 2, v.size() - comma - 3), b)) return false;
    out = std::make_pair(a, b);
    return true;
  }

  static bool text(std::string_view v, std::optional<std::string>& out) {
    if (is_null(v)) {
      out.reset();
      return true;
    }
    return quoted(v, out.emplace());
  }

  // A date and time as the writer writes it plain: digits and - : T . only,
  // a digit first and last (else double-quoted, or null).
  static bool date_time(std::string_view v, std::optional<std::string>& out) {
    if (plain_date_time(v)) {  // as the writer writes it plain
      out.emplace(v);
      return true;
    }
    if (!v.empty() && v.front() != '"' && !is_null(v)) return false;
    return text(v, out);
  }

  // ---- the record's parts ----

  bool read_source(SourceRef& src) {
    std::string_view v;
    if (!key_line(0, "source", v) || !v.empty()) return false;
    std::optional<std::string> file;
    if (!key_line(2, "file", v) || !text(v, file) || !file) return false;
    src.file = std::move(*file);
    if (key_line(2, "pages", v) && !pair(v, src.pages)) return false;
    if (key_line(2, "lines", v) && !pair(v, src.lines)) return false;
    if (key_line(2, "template", v) && (!text(v, src.template_name) || !src.template_name)) return false;
    if (key_line(2, "ocr", v)) {
      if (!v.empty()) return false;
      OcrRef o;
      std::optional<std::string> t;
      for (const OcrRefText& field : kOcrRefTexts) {
        if (!key_line(4, field.key, v) || !text(v, t) || !t) return false;
        o.*field.member = std::move(*t);
      }
      if (!key_line(4, "dpi", v) || !integer(v, o.dpi)) return false;
      src.ocr = std::move(o);
    }
    return true;
  }

  // The rows of a table at indentation `ind`, as append_fields writes them.
  template <class Owner>
  bool read_fields(size_t ind, std::span<const Field<Owner>> table, Owner& o) {
    std::string_view open;
    std::string_view v;
    for (const auto& f : table) {
      std::string_view group = f.group();
      if (f.has && !group.empty()) return false;  // not a shape the writer has now
      if (group != open) {
        if (!group.empty()) {
          if (!key_line(ind, group, v) || !v.empty()) return false;
        }
        open = group;
      }
      size_t at = open.empty() ? ind : ind + 2;
      if (!key_line(at, f.key(), v)) {
        if (!f.has) return false;
        f.has(o) = false;  // a column this form has not
        continue;
      }
      if (f.has) f.has(o) = true;
      switch (f.kind) {
        case FieldKind::text:
          if (!text(v, f.text(o))) return false;
          break;
        case FieldKind::date_time:
          if (!date_time(v, f.text(o))) return false;
          break;
        case FieldKind::integer:
        case FieldKind::years:
          if (is_null(v)) {
            f.integer(o).reset();
          } else {
            int n = 0;
            if (!integer(v, n)) return false;
            f.integer(o) = n;
          }
          break;
        case FieldKind::money:
        case FieldKind::quantity:
          if (is_null(v))
            f.number(o).reset();
          else if (!decimal(v, f.number(o)))
            return false;
          break;
        case FieldKind::funds:
          if constexpr (std::is_same_v<Owner, Record>) {
            if (!v.empty() || !read_fields(at + 2, funds_fields(), f.funds(o))) return false;
          }
          break;
        case FieldKind::indicators:
          if constexpr (std::is_same_v<Owner, Record>) {
            if (!v.empty() || !read_indicators(at + 2, f.list(o))) return false;
          }
          break;
      }
    }
    return true;
  }

  // A list of indicator entries, "- " at indentation `ind` (or "[]").
  bool read_indicators(size_t ind, std::vector<Indicator>& list) {
    list.clear();
    if (!have_) return false;
    if (line_.size() == ind + 2 && line_.compare(ind, 2, "[]") == 0 &&
        line_.find_first_not_of(' ') == ind) {
      advance();
      return true;
    }
    while (have_ && line_.size() > ind + 2 && line_.compare(ind, 2, "- ") == 0 &&
           line_.find_first_not_of(' ') == ind) {
      Indicator i;
      i.line = number_ + 1;
      dash_ = true;
      if (!read_fields(ind + 2, indicator_fields(), i) || dash_) return false;
      list.push_back(std::move(i));
    }
    list.shrink_to_fit();  // records are kept: no room to spare (as the libyaml reader reserves)
    return !list.empty();
  }
};

}  // namespace

bool read_canonical_record(std::string_view document, Record& r, int& root_line) {
  return CanonicalReader(document).read(r, root_line);
}

}  // namespace perfgoal
