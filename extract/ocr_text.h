#pragma once
// What OCR's reading of a cell is made of, read as a Chinese form prints it:
// the scan reader (extract/scan_reader.cpp) applies these to each reading.

#include <string>
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

// The number of ASCII digits in `text`.
int digit_count(const std::string& text);

}  // namespace perfgoal
