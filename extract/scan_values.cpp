#include "extract/scan_values.h"

#include <algorithm>

#include "extract/ocr_text.h"

namespace perfgoal {

int number_digits_read(const std::vector<std::string>& symbols, const std::vector<int>& x0s,
                       const std::vector<int>& x1s) {
  const int on_own = digits_on_own_ink(symbols, x0s, x1s);
  std::string text;
  for (const auto& s : symbols) text += s;
  const std::string leading = leading_digits(text);
  // No number starts the reading (two glyphs before its digits): its digits
  // are all that can be counted.
  if (leading.empty()) return on_own;
  return std::min(on_own, static_cast<int>(leading.size()));
}

bool unit_read_as_digits(const std::string& chinese, const std::string& digits) {
  if (!well_formed_value(chinese)) return false;
  // The unit: what follows the number's last digit, a Chinese character.
  const size_t last = chinese.find_last_of("0123456789");
  if (last == std::string::npos || last + 1 >= chinese.size() ||
      static_cast<unsigned char>(chinese[last + 1]) < 0x80)
    return false;
  const std::string number = leading_digits(chinese);
  std::string read;
  for (char c : digits)
    if (c >= '0' && c <= '9') read += c;
  return !number.empty() && read.size() > number.size() && read.compare(0, number.size(), number) == 0;
}

bool wider_than_digits(int width, int height, int digits) {
  if (height <= 0 || digits <= 0) return false;
  return width * 4 > height * (3 * digits + 2);
}

}  // namespace perfgoal
