#pragma once
// What OCR's reading of a cell is made of, read as a Chinese form prints it:
// the scan reader (extract/scan_reader.cpp) applies these to each reading.

#include <string>
#include <utility>
#include <vector>

namespace perfgoal {

// Punctuation in a reading that holds Chinese text, one symbol (UTF-8) per
// element, replaced in place by the form it is printed in (see the .cpp).
void chinese_punctuation(std::vector<std::string>& symbols);

// The unit after a value's number when it is none of the usual units (empty
// when it is one, or the text is no value): such a reading is doubtful.
std::string unknown_unit(const std::string& text);

}  // namespace perfgoal

namespace perfgoal {

// Can `text` be the digits of a value after its comparison sign ("90%",
// "1,000吨", "0.5")? No: it starts with no digit, with a 0 followed by a
// digit or a comma ("000,000": the sign's box took the number's first digit,
// a 7 taken for ">"), or its thousands groups are wrong ("00,000").
bool number_after_sign(const std::string& text);

// Did the digits model read a comparison sign the Chinese model left out as
// a digit? `digits` is `chinese` (a percentage) with a 2 before it: "80%"
// and "280%" for ≥80%. A 1 before it is no sign ("00%" and "100%": the
// Chinese model lost the 1), nor a 2 before an amount ("5,000", "25,000").
bool sign_read_as_digit(const std::string& chinese, const std::string& digits);

// The number of ASCII digits in `text`.
int digit_count(const std::string& text);

}  // namespace perfgoal

namespace perfgoal {

// The numbers in a reading, one symbol (UTF-8) per element and the text line
// each is on: the ranges [first, last) of two or more symbols that are digits
// with , or . between digits ("35000万元": [0, 5); "≥1,200人": [1, 6)), each
// on one line. The scan reader joins each into one word: Tesseract's boxes
// leave gaps inside a number that would become spaces ("3500 0万元").
std::vector<std::pair<size_t, size_t>> number_runs(const std::vector<std::string>& symbols,
                                                   const std::vector<int>& lines);

}  // namespace perfgoal

namespace perfgoal {

// Is `text` a value as a form prints one: a comparison sign or none, a
// number ("1", "5,300,000", "98.5"), then nothing, % or a usual unit ("1年",
// "≥110人", "≤300万元")?
bool well_formed_value(const std::string& text);

}  // namespace perfgoal
