#include <doctest/doctest.h>

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
