#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>

#include "extract/text_reader.h"
#include "model/errors.h"
#include "model/text_safety.h"

using namespace perfgoal;

TEST_CASE("first_invalid_utf8: shortest-form UTF-8 of scalar values only") {
  constexpr auto none = std::string_view::npos;
  CHECK(first_invalid_utf8("") == none);
  CHECK(first_invalid_utf8("abc 项目名称 ≥95% 𠀀") == none);
  CHECK(first_invalid_utf8("ab\xFF") == 2);                 // never in UTF-8
  CHECK(first_invalid_utf8("项\xE7\x9B") == 3);             // cut short
  CHECK(first_invalid_utf8("a\xC0\xAF") == 1);              // overlong '/'
  CHECK(first_invalid_utf8("a\xE0\x80\xAF") == 1);          // overlong, three bytes
  CHECK(first_invalid_utf8("ab\xED\xA0\x80") == 2);         // a surrogate (CESU-8)
  CHECK(first_invalid_utf8("\xF4\x90\x80\x80") == 0);       // past U+10FFFF
  CHECK(first_invalid_utf8("项目\x80") == 6);               // a lone continuation byte
}

TEST_CASE("first_invalid_utf8: its fast paths agree with decoding one character at a time, over random bytes") {
  // The reference: decode_utf8 at each character, the first byte it refuses.
  auto reference = [](std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
      CodePoint c = decode_utf8(s, i);
      if (is_invalid_byte(s, i, c)) return i;
      i += c.length;
    }
    return std::string_view::npos;
  };
  // Bytes drawn mostly from the edges of UTF-8's ranges, so most strings
  // hold valid sequences and a bad one somewhere.
  const unsigned char pool[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                0xE0, 0xE1, 0xE7, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  std::mt19937 rng(8);
  int invalid = 0;
  for (int round = 0; round < 200000; ++round) {
    std::string s;
    const size_t n = rng() % 12;
    for (size_t i = 0; i < n; ++i) {
      if (rng() % 3 == 0) {
        s += "项";  // a valid three-byte character
        continue;
      }
      s += static_cast<char>(pool[rng() % sizeof pool]);
    }
    const auto want = reference(s);
    if (want != std::string_view::npos) ++invalid;
    REQUIRE(first_invalid_utf8(s) == want);
  }
  CHECK(invalid > 1000);
  CHECK(invalid < 199000);
}

TEST_CASE("cjk_run: five and two characters a step agree with one character at a time, over random pieces") {
  // The run as defined: three-byte sequences led by E1..EC, each with two continuation bytes.
  auto reference = [](std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t i = 0;
    while (s.size() - i >= 3 && p[i] >= 0xE1 && p[i] <= 0xEC && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80)
      i += 3;
    return i;
  };
  const std::string pieces[] = {"项", "项目名称", "\xE1\x80\x80", "\xEC\xBF\xBF", "\xED\x80\x80", "\xE0\xA0\x80",
                                "\xEF\xBC\x9A", "\xE7", "\x9B", "\xE7\x9B", "a", "\xC2\xA0", "\xF0\x9F\x98\x80"};
  std::mt19937 rng(11);
  size_t longest = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string s;
    for (size_t k = 0, n = rng() % 12; k < n; ++k) s += pieces[rng() % std::size(pieces)];
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t want = reference(s);
    longest = std::max(longest, want);
    REQUIRE(cjk_run(p, p + s.size()) == want);
  }
  CHECK(longest >= 48);  // runs long enough for several steps of five (16 bytes looked at) and of two
}

TEST_CASE("unsafe_character: its quick pass agrees with decoding one character at a time, over random bytes") {
  // Safe: every character decodes, and none is a control character other
  // than tab, LF, CR, nor U+FFFE or U+FFFF.
  auto safe = [](std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
      CodePoint c = decode_utf8(s, i);
      if (is_invalid_byte(s, i, c)) return false;
      char32_t v = c.value;
      if ((v < 0x20 && v != 0x9 && v != 0xA && v != 0xD) || v == 0xFFFE || v == 0xFFFF) return false;
      i += c.length;
    }
    return true;
  };
  const std::string pieces[] = {"项", "a", "\t", "\n", "\x01", "\xEF\xBF\xBE", "\xEF\xBF\xBD", "\xED\xA0\x80", "\xE0\x80\x80",
                                "\xE0\xA0\x80", "\xC2\xA0", "\xC1\xBF", "\xF0\x9F\x98\x80", "\xE7", "\x9B", "\xEC\xBF\xBF"};
  std::mt19937 rng(5);
  int unsafe = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string s;
    for (size_t k = 0, n = rng() % 8; k < n; ++k) s += pieces[rng() % std::size(pieces)];
    const bool want = safe(s);
    if (!want) ++unsafe;
    REQUIRE(unsafe_character(s).empty() == want);
  }
  CHECK(unsafe > 10000);
  CHECK(unsafe < 90000);
}

TEST_CASE("text reader: a UTF-8 export with an encoded surrogate is refused at its line, not read as GB18030") {
  std::string text = "项目名称\t公交车\n主管部门\t交通局\n备注\t\xED\xA0\x80\n";
  std::string used;
  try {
    (void)decode_text(text, "t.txt", "", used);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("not valid UTF-8") != std::string::npos);
    CHECK(e.line() == 3);
  }
}

TEST_CASE("plain_ascii_run: sixteen bytes a step agrees with one byte at a time, over random pieces") {
  // The run as defined: bytes 0x20..0x7F other than '"' and '\\'.
  auto reference = [](std::string_view s) {
    size_t i = 0;
    while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x20 && static_cast<unsigned char>(s[i]) < 0x80 &&
           s[i] != '"' && s[i] != '\\')
      ++i;
    return i;
  };
  const std::string pieces[] = {"a", "duplicate form; ", "0355-2021234", " ", "~", "\x7F", "\x1F", "\t", "\"", "\\",
                                "\x80", "\xFF", "项", "，", "/work/x.txt:505"};
  std::mt19937 rng(31);
  size_t longest = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string s;
    for (size_t k = 0, n = rng() % 12; k < n; ++k) {
      size_t piece = rng() % std::size(pieces);
      if (piece >= 5 && rng() % 3) piece = rng() % 5;  // mostly plain: runs long enough for several steps
      s += pieces[piece];
    }
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t want = reference(s);
    longest = std::max(longest, want);
    REQUIRE(plain_ascii_run(p, p + s.size()) == want);
  }
  CHECK(longest >= 48);
}
