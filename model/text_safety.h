// What text an output file can hold. Text in the forms is evidence and is
// kept verbatim in the records; the XML and the workbook cannot hold every
// byte string, so this is the one place that says what they cannot hold and
// how it is shown instead. The checks report each such text (rules
// bad-character and text-over-cell-limit), so no change goes unsaid.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace perfgoal {

// The length in bytes of the run of three-byte sequences led by E1..EC,
// each with its two continuation bytes, that [p, end) starts with: most CJK
// text. Each is a well-formed scalar value of its shortest form, never a
// surrogate, U+FEFF, U+FFFE nor U+FFFF (those are led by ED and EF), so the
// UTF-8 checks and writers pass such runs over whole. Five characters a step
// (SSE2: 16 bytes compared at once), then two, then one.
inline std::size_t cjk_run(const unsigned char* p, const unsigned char* end) {
  const unsigned char* q = p;
#if defined(__SSE2__)
  for (; end - q >= 16; q += 15) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    const auto cont = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8(static_cast<char>(0xC0))), _mm_set1_epi8(static_cast<char>(0x80)))));
    const __m128i t = _mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>(0xE1)));  // E1..EC -> 0..0B
    const auto lead = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(0x0B)), t)));
    // Bit 3k: the k-th three bytes (k < 5) are a lead E1..EC and two continuation bytes.
    constexpr unsigned kAll = 0x1249;
    const unsigned good = lead & (cont >> 1) & (cont >> 2) & kAll;
    if (good != kAll) return static_cast<std::size_t>(q - p) + static_cast<std::size_t>(std::countr_zero(~good & kAll));
  }
#endif
  if constexpr (std::endian::native == std::endian::little) {
    for (std::uint64_t w; end - q >= 8; q += 6) {
      std::memcpy(&w, q, 8);  // q[0] is w's low byte
      if ((w & 0x0000C0C000C0C000ull) != 0x0000808000808000ull) break;  // q[1], q[2], q[4], q[5]: continuation bytes
      if (((w & 0xFF) - 0xE1) > 0x0B || (((w >> 24) & 0xFF) - 0xE1) > 0x0B) break;  // q[0], q[3]: E1..EC
    }
  }
  while (end - q >= 3 && q[0] >= 0xE1 && q[0] <= 0xEC && (q[1] & 0xC0) == 0x80 && (q[2] & 0xC0) == 0x80) q += 3;
  return static_cast<std::size_t>(q - p);
}

// The length in bytes of the run of printable ASCII (0x20..0x7F) other than
// '"' and '\\' that [p, end) starts with: what the YAML and JSON writers
// copy as it is (English words, numbers, paths). Sixteen bytes a step (SSE2).
inline std::size_t plain_ascii_run(const unsigned char* p, const unsigned char* end) {
  const unsigned char* q = p;
#if defined(__SSE2__)
  for (; end - q >= 16; q += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    // Signed: bytes 0x80..0xFF are below 0x20 too.
    const __m128i stop = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    if (const auto m = static_cast<unsigned>(_mm_movemask_epi8(stop)))
      return static_cast<std::size_t>(q - p) + static_cast<std::size_t>(std::countr_zero(m));
  }
#endif
  while (q < end && *q >= 0x20 && *q < 0x80 && *q != '"' && *q != '\\') ++q;
  return static_cast<std::size_t>(q - p);
}

struct CodePoint {
  char32_t value;
  std::size_t length;  // bytes; 1 for an invalid byte (value then 0xFFFD)
};

// The character at s[i] (i < s.size()). A byte that does not start a valid,
// shortest-form UTF-8 sequence of a scalar value is returned alone, as 0xFFFD.
CodePoint decode_utf8(std::string_view s, std::size_t i);

// Appends `c` to `out` as UTF-8.
void append_utf8(std::string& out, char32_t c);

// A whole text as code points (decode_utf8's rules: an invalid byte is one
// U+FFFD), and back.
std::u32string decode_utf8(std::string_view s);
std::string encode_utf8(std::u32string_view codes);

// Is the code point at s[i] an invalid byte (see decode_utf8)?
bool is_invalid_byte(std::string_view s, std::size_t i, const CodePoint& c);

// Offset of the first byte of s that is not valid UTF-8 (see decode_utf8),
// or std::string_view::npos: the one test of "is this UTF-8" (text inputs,
// the workbook's names).
std::size_t first_invalid_utf8(std::string_view s);

// Characters XML 1.0 does not allow: control characters other than tab, LF
// and CR; U+FFFE, U+FFFF. (Surrogates are never decoded.)
bool xml_forbidden(char32_t c);

// Valid UTF-8 holding only characters XML 1.0 allows: each byte that is not
// UTF-8 and each forbidden character becomes U+FFFD, visibly; everything
// else is kept as it is.
std::string xml_safe_text(std::string_view utf8);

// The first thing xml_safe_text() would replace, described ("control
// character U+0007 at character 5", "a byte that is not UTF-8 (0xFF) at
// character 2"), or "" when the text is safe.
std::string unsafe_character(std::string_view utf8);

// Length in UTF-16 units, as Excel counts (an invalid byte counts 1).
std::size_t utf16_length(std::string_view utf8);

// Excel's limit on the text of one cell, in characters (UTF-16 units).
inline constexpr std::size_t kMaxCellText = 32767;

}  // namespace perfgoal
