#include "emit/record_yaml.h"

#include <yaml-cpp/yaml.h>

#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "model/fields.h"
#include "model/text_safety.h"

namespace perfgoal {
namespace {

constexpr int kReplacement = 0xFFFD;

void append_escape(std::string& out, int cp) {
  static const char hex[] = "0123456789abcdef";
  out += '\\';
  int digits = 8;
  if (cp < 0xFF) {
    out += 'x';
    digits = 2;
  } else if (cp < 0xFFFF) {
    out += 'u';
    digits = 4;
  } else {
    out += 'U';
  }
  for (; digits > 0; --digits) out += hex[(cp >> (4 * (digits - 1))) & 0xF];
}

// The next code point as yaml-cpp decodes it (a bad lead byte or a cut
// sequence gives U+FFFD), advancing `i`.
int next_code_point(std::string_view s, size_t& i) {
  unsigned char lead = static_cast<unsigned char>(s[i]);
  int n;
  switch (lead >> 4) {
    case 12: case 13: n = 2; break;
    case 14: n = 3; break;
    case 15: n = 4; break;
    default: ++i; return kReplacement;  // a continuation byte as lead
  }
  int cp = lead & ~(0xFF << (7 - n));
  ++i;
  for (--n; n > 0; ++i, --n) {
    if (i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return kReplacement;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp & 0xFFFE) == 0xFFFE) return kReplacement;
  return cp;
}

// One code point of a double-quoted scalar, escaped as yaml-cpp escapes it.
void append_escaped(std::string& out, int cp) {
  switch (cp) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\n': out += "\\n"; return;
    case '\t': out += "\\t"; return;
    case '\r': out += "\\r"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
  }
  if (cp < 0x20 || (cp >= 0x80 && cp <= 0xA0) || cp == 0xFEFF)
    append_escape(out, cp);
  else
    append_utf8(out, static_cast<char32_t>(cp));
}

void indent(std::string& out, int n) { out.append(static_cast<size_t>(n), ' '); }

// Indentation, key and colon appended at once (a key line per field: the
// writer's most frequent step).
void key(std::string& out, int ind, std::string_view k) {
  char line[96];
  const size_t n = static_cast<size_t>(ind) + k.size() + 1;
  if (n > sizeof line) {
    indent(out, ind);
    out += k;
    out += ':';
    return;
  }
  std::memset(line, ' ', static_cast<size_t>(ind));
  std::memcpy(line + ind, k.data(), k.size());
  line[n - 1] = ':';
  out.append(line, n);
}

void null_value(std::string& out) { out += " null\n"; }

// A scalar written plain when it is a timestamp-like run of digits and
// separators (what the reader writes); anything else as yaml-cpp would.
void plain_or_emitted(std::string& out, const std::string& v) {
  if (plain_date_time(v)) {
    out += v;
  } else {
    YAML::Emitter e;
    e << v;
    out += e.c_str();
  }
}

void append_funds(std::string& out, int ind, const Funds& f);
void append_indicators(std::string& out, int ind, const std::vector<Indicator>& list);

// One field at indentation `ind`; `first_prefix` replaces the indentation of
// an indicator's first key ("- ").
template <class Owner>
void append_value(std::string& out, int ind, const Field<Owner>& f, const Owner& o);

template <class Owner>
void append_field(std::string& out, int ind, const Field<Owner>& f, std::string_view name, const Owner& o) {
  key(out, ind, name);
  append_value(out, ind, f, o);
}

// A field's value after its key (written): " value\n", " null\n", or the
// lines of its funds or indicators at indentation `ind` + 2.
template <class Owner>
void append_value(std::string& out, int ind, const Field<Owner>& f, const Owner& o) {
  // A value after its key, written by put(value), or null.
  auto value = [&](const auto& v, auto&& put) {
    if (!v) return null_value(out);
    out += ' ';
    put(*v);
    out += '\n';
  };
  switch (f.kind) {
    case FieldKind::text: return value(f.text(o), [&](const std::string& v) { append_double_quoted(out, v); });
    case FieldKind::integer:
    case FieldKind::years: return value(f.integer(o), [&](int v) { out += std::to_string(v); });
    case FieldKind::money:
    case FieldKind::quantity:
      return value(f.number(o), [&](const Decimal& v) {
        out += v.to_string_fixed(f.kind == FieldKind::money ? 2 : 0);  // plain: an exact decimal
      });
    case FieldKind::date_time: return value(f.text(o), [&](const std::string& v) { plain_or_emitted(out, v); });
    case FieldKind::funds:
      if constexpr (std::is_same_v<Owner, Record>) append_funds(out, ind + 2, f.funds(o));
      return;
    case FieldKind::indicators:
      if constexpr (std::is_same_v<Owner, Record>) append_indicators(out, ind + 2, f.list(o));
      return;
  }
}

// The rows of a table at indentation `ind`; a row's group ("project" of
// "project.name") opens a map of its own.
template <class Owner>
void append_fields(std::string& out, int ind, std::span<const Field<Owner>> table, const Owner& o) {
  std::string_view open;
  for (const auto& f : table) {
    if (!f.in(o)) continue;  // a column this form has not
    // f.group() and f.key() from one look for the dot (an indicator's fields have none).
    const size_t dot = f.path.rfind('.');
    const std::string_view group = dot == std::string_view::npos ? std::string_view() : f.path.substr(0, dot);
    if (group != open) {
      open = group;
      if (!open.empty()) {
        key(out, ind, open);
        out += '\n';
      }
    }
    const std::string_view name = dot == std::string_view::npos ? f.path : f.path.substr(dot + 1);
    append_field(out, open.empty() ? ind : ind + 2, f, name, o);
  }
}

void append_funds(std::string& out, int ind, const Funds& f) {
  out += '\n';
  append_fields(out, ind, funds_fields(), f);
}

void append_indicators(std::string& out, int ind, const std::vector<Indicator>& list) {
  if (list.empty()) {  // yaml-cpp: an empty block sequence is "[]" on a line of its own
    out += '\n';
    indent(out, ind);
    out += "[]\n";
    return;
  }
  out += '\n';
  // The key lines of an entry's fields (an indicator's fields have no group),
  // made once for the indentation, not again for every entry.
  const auto table = indicator_fields();
  thread_local std::vector<std::string> keys;
  thread_local int keys_ind = -1;
  if (keys_ind != ind + 2) {
    keys.clear();
    for (const auto& f : table) {
      if (f.path.find('.') != std::string_view::npos) throw std::logic_error("record_yaml: an indicator field in a group");
      key(keys.emplace_back(), ind + 2, f.path);
    }
    keys_ind = ind + 2;
  }
  for (const auto& i : list) {
    // The entry's first key follows "- "; the others align with it.
    size_t at = out.size();
    for (size_t fi = 0; fi < table.size(); ++fi) {
      const auto& f = table[fi];
      if (!f.in(i)) continue;  // a column this form has not
      out += keys[fi];
      append_value(out, ind + 2, f, i);
    }
    out.replace(at + static_cast<size_t>(ind), 2, "- ");
  }
}

void append_pair(std::string& out, const char* name, const std::optional<std::pair<int, int>>& v) {
  if (!v) return;
  key(out, 2, name);
  out += " [";
  out += std::to_string(v->first);
  out += ", ";
  out += std::to_string(v->second);
  out += "]\n";
}

}  // namespace

void append_double_quoted(std::string& out, std::string_view s) {
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    // A run of bytes written as they are: printable ASCII and well-formed
    // UTF-8 above U+00A0 (except the BOM).
    size_t run = i;
    const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
    while (run < s.size()) {
      // CJK first (most of it): a sequence led by E1..EC is never a
      // surrogate, U+FEFF nor U+FFFE/U+FFFF.
      run += cjk_run(bytes + run, bytes + s.size());
      if (run == s.size()) break;
      unsigned char c = static_cast<unsigned char>(s[run]);
      if (c >= 0x20 && c < 0x80) {  // printable ASCII, to the next byte that is not
        if (c == '"' || c == '\\') break;
        run += plain_ascii_run(bytes + run, bytes + s.size());
        continue;
      }
      if (c >= 0xE0 && c < 0xF0 && run + 2 < s.size()) {  // three-byte sequences (CJK) checked inline
        unsigned char c1 = static_cast<unsigned char>(s[run + 1]), c2 = static_cast<unsigned char>(s[run + 2]);
        if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80) {
          int cp = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
          if (cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF) && (cp & 0xFFFE) != 0xFFFE && cp != 0xFEFF) {
            run += 3;
            continue;
          }
        }
      }
      break;
    }
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    int cp = c;
    if (c < 0x80)
      ++i;
    else
      cp = next_code_point(s, i);
    append_escaped(out, cp);
  }
  out += '"';
}

void append_record_yaml(std::string& out, const Record& r) {
  out += "---\nformat: ";
  out += kRecordFormat;
  out += "\nsource:\n";
  key(out, 2, "file");
  out += ' ';
  append_double_quoted(out, r.source.file);
  out += '\n';
  append_pair(out, "pages", r.source.pages);
  append_pair(out, "lines", r.source.lines);
  if (r.source.template_name) {  // the form's layout: templates/forms/NAME.yaml
    key(out, 2, "template");
    out += ' ';
    append_double_quoted(out, *r.source.template_name);
    out += '\n';
  }
  if (r.source.ocr) {  // read by OCR: the engine, its model and the resolution
    const OcrRef& o = *r.source.ocr;
    key(out, 2, "ocr");
    out += '\n';
    for (const OcrRefText& t : kOcrRefTexts) {
      key(out, 4, t.key);
      out += ' ';
      append_double_quoted(out, o.*t.member);
      out += '\n';
    }
    key(out, 4, "dpi");
    out += ' ';
    out += std::to_string(o.dpi);
    out += '\n';
  }
  append_fields(out, 0, record_fields(), r);
}

}  // namespace perfgoal
