// Exact decimal numbers for money and indicator amounts.
//
// A Decimal is a sign, a string of decimal digits and a scale (the number of
// digits after the point). It never passes through binary floating point:
// 1988.042428万元 shifted by 4 places is exactly 19880424.28.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace perfgoal {

class Decimal {
 public:
  Decimal() = default;  // zero

  // Parses ASCII text such as "12", "-3.50", ".5", "1,234.5" (commas are
  // thousands separators and only accepted between digit groups of three).
  // Returns nullopt for anything else (no exponent form, no spaces).
  static std::optional<Decimal> parse(std::string_view text);
  static Decimal from_int(long long value);

  // The value multiplied by 10^places (places may be negative).
  Decimal shifted(int places) const;

  // Shortest exact form: "19880424.28", "3000000", "0.5". Never exponent form.
  std::string to_string() const;
  // At least `places` digits after the point (padding with zeros). Digits
  // beyond `places` are kept, never rounded away.
  std::string to_string_fixed(int places) const;

  bool is_zero() const;
  bool negative() const { return negative_ && !is_zero(); }
  // Approximation for consumers that need a double (the Excel writer only).
  double to_double() const;

  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  Decimal operator-() const;
  friend bool operator==(const Decimal& a, const Decimal& b);
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);

 private:
  bool negative_ = false;
  std::string digits_ = "0";  // no leading zeros unless the value is 0
  int scale_ = 0;             // digits_ * 10^-scale_
  void normalize();
};

}  // namespace perfgoal
