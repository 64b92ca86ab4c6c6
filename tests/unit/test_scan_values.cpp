// How the scan reader weighs readings of a cell's value (extract/scan_values).
#include <doctest/doctest.h>

#include "extract/scan_values.h"

using namespace perfgoal;

TEST_CASE("scan values: digits after a misread unit are not the number's") {
  // ≤1598.31万元 read as "<1598.31力7" (the number joined into one glyph).
  CHECK(number_digits_read({"<", "1598.31", "力", "7"}, {0, 20, 120, 150}, {18, 110, 145, 170}) == 6);
  // 125万元 read as "125万7": three digits.
  CHECK(number_digits_read({"1", "2", "5", "万", "7"}, {0, 10, 20, 30, 50}, {9, 19, 29, 49, 60}) == 3);
}

TEST_CASE("scan values: a digit read inside another's box is counted once") {
  // ≥4家 read as ">14家": the 1 at 62-66 inside the 4 at 62-78.
  CHECK(number_digits_read({">", "1", "4", "家"}, {40, 62, 62, 80}, {58, 66, 78, 110}) == 1);
}

TEST_CASE("scan values: a reading that starts with no number counts all its digits") {
  // A sign read as two glyphs ("三芭98.31态2"): its digits are all there is.
  CHECK(number_digits_read({"三", "芭", "9", "8", ".", "3", "1", "态", "2"}, {0, 20, 40, 50, 60, 65, 75, 85, 100},
                           {18, 38, 49, 59, 64, 74, 84, 99, 110}) == 5);
  // A sign read as a 2 before a percentage: the 2 is one of its digits.
  CHECK(number_digits_read({"2", "9", "0", "%"}, {0, 10, 20, 30}, {9, 19, 29, 45}) == 3);
}

TEST_CASE("scan values: the digits model reads a value's unit as a digit") {
  CHECK(unit_read_as_digits("2个", "24"));
  CHECK(unit_read_as_digits("≥3家", "34"));
  CHECK(unit_read_as_digits("12个月", "1214"));
  // The same number, or another one: no unit read as digits.
  CHECK_FALSE(unit_read_as_digits("2个", "2"));
  CHECK_FALSE(unit_read_as_digits("2个", "74"));
  // A percentage (the digits model knows %), a bare number, a misread unit.
  CHECK_FALSE(unit_read_as_digits("2%", "24"));
  CHECK_FALSE(unit_read_as_digits("2", "24"));
  CHECK_FALSE(unit_read_as_digits("有", "0"));
  CHECK_FALSE(unit_read_as_digits("2小", "24"));
}

TEST_CASE("scan values: ink wider than the digits read holds more than them") {
  // 2个 at 300 dpi: ink 58 px across, 32 high, read as "2".
  CHECK(wider_than_digits(58, 32, 1));
  // A lone 2 (18 px wide), 100 (3 digits, 60 px), 1,000,000 (7 digits).
  CHECK_FALSE(wider_than_digits(18, 30, 1));
  CHECK_FALSE(wider_than_digits(60, 30, 3));
  CHECK_FALSE(wider_than_digits(150, 30, 7));
  // 45人 read as "45": a character's width more than two digits.
  CHECK(wider_than_digits(75, 30, 2));
  CHECK_FALSE(wider_than_digits(40, 0, 1));
}
