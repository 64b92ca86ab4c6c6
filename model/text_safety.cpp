#include "model/text_safety.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace perfgoal {

CodePoint decode_utf8(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  if (b < 0x80) return {b, 1};
  std::size_t n = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return {0xFFFD, 1};
  char32_t cp = b & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static const char32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for_length[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0xFFFD, 1};
  return {cp, n};
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const CodePoint c = decode_utf8(s, i);
    out.push_back(c.value);
    i += c.length;
  }
  return out;
}

std::string encode_utf8(std::u32string_view codes) {
  std::string out;
  for (char32_t c : codes) append_utf8(out, c);
  return out;
}

bool is_invalid_byte(std::string_view s, std::size_t i, const CodePoint& c) {
  return c.value == 0xFFFD && c.length == 1 && static_cast<unsigned char>(s[i]) >= 0x80;
}

std::size_t first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // A run of ASCII, eight bytes at a time while no byte has its top bit.
    for (std::uint64_t w; i + 8 <= n; i += 8) {
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
    }
    while (i < n && p[i] < 0x80) ++i;
    // A run of three bytes led by E1..EC or EE..EF with two continuation
    // bytes: always a scalar value of its shortest form (CJK text, fullwidth
    // punctuation).
    while (i + 2 < n) {
      i += cjk_run(p + i, p + n);
      if (i + 2 >= n) break;
      const unsigned b = p[i];
      if (b - 0xE1u > 0xEFu - 0xE1u || b == 0xED || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) break;
      i += 3;
    }
    if (i >= n || p[i] < 0x80) continue;
    CodePoint c = decode_utf8(s, i);
    if (is_invalid_byte(s, i, c)) return i;
    i += c.length;
  }
  return std::string_view::npos;
}

bool xml_forbidden(char32_t c) { return (c < 0x20 && c != 0x9 && c != 0xA && c != 0xD) || c == 0xFFFE || c == 0xFFFF; }

std::string xml_safe_text(std::string_view s) {
  std::string out;
  std::size_t clean_from = 0;
  for (std::size_t i = 0; i < s.size();) {
    CodePoint c = decode_utf8(s, i);
    if (is_invalid_byte(s, i, c) || xml_forbidden(c.value)) {
      if (out.empty()) out.reserve(s.size() + 8);
      out.append(s.substr(clean_from, i - clean_from));
      out += "\xEF\xBF\xBD";  // U+FFFD
      clean_from = i + c.length;
    }
    i += c.length;
  }
  if (clean_from == 0) return std::string(s);
  out.append(s.substr(clean_from));
  return out;
}

namespace {
// True when every character of s is printable ASCII, tab, line feed,
// carriage return or a well-formed two- or three-byte sequence other than
// U+FFFE and U+FFFF (CJK, fullwidth punctuation: most of what forms hold):
// nothing unsafe, known in one pass without decoding. False: look closer.
bool plainly_safe(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // CJK first (most of it): E1..EC lead no overlong form, surrogate or U+FFFE.
    p += cjk_run(p, end);
    if (p == end) break;
    unsigned char b = *p;
    if (b >= 0x20 && b < 0x80) {  // printable ASCII, to the next byte that is not
      do ++p;
      while (p < end && *p >= 0x20 && *p < 0x80);
    } else if (b == '\t' || b == '\n' || b == '\r') {
      ++p;
    } else if (b >= 0xC2 && b <= 0xDF && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      p += 2;
    } else if (b >= 0xE0 && b <= 0xEF && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
               !(b == 0xE0 && p[1] < 0xA0) && !(b == 0xED && p[1] >= 0xA0) &&  // overlong, surrogates
               !(b == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)) {                   // U+FFFE, U+FFFF
      p += 3;
    } else {
      return false;
    }
  }
  return true;
}
}  // namespace

std::string unsafe_character(std::string_view s) {
  if (plainly_safe(s)) return "";
  std::size_t position = 0;
  for (std::size_t i = 0; i < s.size();) {
    ++position;
    CodePoint c = decode_utf8(s, i);
    char hex[16];
    if (is_invalid_byte(s, i, c)) {
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(s[i]));
      return std::string("a byte that is not UTF-8 (") + hex + ") at character " + std::to_string(position);
    }
    if (xml_forbidden(c.value)) {
      std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c.value));
      return std::string("control character ") + hex + " at character " + std::to_string(position);
    }
    i += c.length;
  }
  return "";
}

std::size_t utf16_length(std::string_view s) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();) {
    CodePoint c = decode_utf8(s, i);
    units += c.value >= 0x10000 ? 2 : 1;
    i += c.length;
  }
  return units;
}

}  // namespace perfgoal
