#pragma once
// How the scan reader (extract/scan_reader.cpp) weighs readings of one
// cell's value: what a reading's number is made of, glyph by glyph.

#include <string>
#include <vector>

namespace perfgoal {

// How many digits the number of a value's reading holds (one symbol, UTF-8,
// per element; `x0s`, `x1s`: each symbol's box across): the digits on ink of
// their own (extract/ocr_text: digits_on_own_ink), no more than those of
// the number the reading starts with (leading_digits): a digit after the
// unit is a misread part of the unit, not of the number ("<1598.31力7" read
// from ≤1598.31万元: six digits, not seven).
int number_digits_read(const std::vector<std::string>& symbols, const std::vector<int>& x0s,
                       const std::vector<int>& x1s);

// Did the digits model read a value's unit as digits? `chinese` is a
// well-formed value with a unit after its number ("2个", "≥3家"; not a bare
// number, nor %), and `digits` (the digits model's reading of the same ink:
// it knows no Chinese) holds that number's digits and more after them
// ("24": 个 read as 4). The Chinese model's reading is the one to keep.
bool unit_read_as_digits(const std::string& chinese, const std::string& digits);

// Is ink `width` pixels across and `height` high more than `digits` digits
// of that height take (each at most three quarters as wide as high, with its
// gap), with half a character to spare? Then a reading of that many digits
// left ink unread (2个 read as "2"), whatever Tesseract's boxes say (its box
// of the 2 took in the 个).
bool wider_than_digits(int width, int height, int digits);

}  // namespace perfgoal
