#include "model/decimal.h"

#include <algorithm>
#include <cstdlib>

namespace perfgoal {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Adds two non-negative digit strings of equal scale.
std::string add_digits(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  for (size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    int da = i < a.size() ? a[a.size() - 1 - i] - '0' : 0;
    int db = i < b.size() ? b[b.size() - 1 - i] - '0' : 0;
    int s = da + db + carry;
    out.push_back(char('0' + s % 10));
    carry = s / 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// Compares non-negative digit strings without leading zeros.
int compare_digits(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a.compare(b) > 0 ? 1 : 0);
}

// a - b for digit strings with a >= b.
std::string sub_digits(const std::string& a, const std::string& b) {
  std::string out;
  int borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int da = a[a.size() - 1 - i] - '0' - borrow;
    int db = i < b.size() ? b[b.size() - 1 - i] - '0' : 0;
    borrow = da < db ? 1 : 0;
    out.push_back(char('0' + da + borrow * 10 - db));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

void strip_leading_zeros(std::string& d) {
  size_t nz = d.find_first_not_of('0');
  if (nz == std::string::npos)
    d = "0";
  else if (nz > 0)
    d = d.substr(nz);
}

// The digits `digits` of scale `scale` as an integer at scale `to` (>= scale):
// false when that takes more than 18 digits (then the digit strings are
// added and compared). The amounts of a form are all this small.
bool integer_at(const std::string& digits, int scale, int to, long long& out) {
  const size_t zeros = static_cast<size_t>(to - scale);
  if (digits.size() + zeros > 18) return false;
  long long v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  for (size_t i = 0; i < zeros; ++i) v *= 10;
  out = v;
  return true;
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  Decimal d;
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    d.negative_ = text[i] == '-';
    ++i;
  }
  // The digits before the point, then those after it.
  std::string& digits = d.digits_;
  digits.clear();
  size_t int_digits = 0, frac_digits = 0;
  bool seen_point = false, seen_comma = false;
  size_t group = 0;  // digits since the last comma
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (is_digit(c)) {
      digits.push_back(c);
      ++(seen_point ? frac_digits : int_digits);
      if (!seen_point) ++group;
    } else if (c == ',' && !seen_point) {
      if (int_digits == 0 || (seen_comma && group != 3) || (!seen_comma && group > 3)) return std::nullopt;
      seen_comma = true;
      group = 0;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      return std::nullopt;
    }
  }
  if (seen_comma && group != 3) return std::nullopt;
  if (int_digits == 0 && frac_digits == 0) return std::nullopt;
  if (int_digits == 0) digits = "0" + digits;  // ".5"
  d.scale_ = static_cast<int>(frac_digits);
  d.normalize();
  return d;
}

Decimal Decimal::from_int(long long value) {
  Decimal d;
  d.negative_ = value < 0;
  unsigned long long mag = value < 0 ? 0ULL - static_cast<unsigned long long>(value) : value;
  d.digits_ = std::to_string(mag);
  return d;
}

void Decimal::normalize() {
  // Drop trailing fractional zeros, then leading zeros.
  while (scale_ > 0 && digits_.size() > 1 && digits_.back() == '0') {
    digits_.pop_back();
    --scale_;
  }
  if (scale_ > 0 && digits_ == "0") scale_ = 0;
  strip_leading_zeros(digits_);
  if (digits_ == "0") negative_ = false;
}

Decimal Decimal::shifted(int places) const {
  Decimal d = *this;
  if (places >= 0) {
    int from_scale = std::min(places, d.scale_);
    d.scale_ -= from_scale;
    d.digits_.append(static_cast<size_t>(places - from_scale), '0');
  } else {
    d.scale_ += -places;
  }
  d.normalize();
  return d;
}

std::string Decimal::to_string() const { return to_string_fixed(0); }

std::string Decimal::to_string_fixed(int places) const {
  std::string digits = digits_;
  int scale = scale_;
  if (scale < places) {
    digits.append(static_cast<size_t>(places - scale), '0');
    scale = places;
  }
  if (static_cast<int>(digits.size()) <= scale) digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
  std::string out = negative() ? "-" : "";
  out += digits.substr(0, digits.size() - scale);
  if (scale > 0) out += "." + digits.substr(digits.size() - scale);
  return out;
}

bool Decimal::is_zero() const { return digits_ == "0"; }

double Decimal::to_double() const { return std::strtod(to_string().c_str(), nullptr); }

namespace {
// Brings both to the same scale; returns the aligned digit strings.
std::pair<std::string, std::string> aligned(const std::string& da, int sa, const std::string& db, int sb) {
  int s = std::max(sa, sb);
  return {da + std::string(static_cast<size_t>(s - sa), '0'), db + std::string(static_cast<size_t>(s - sb), '0')};
}
}  // namespace

Decimal operator+(const Decimal& a, const Decimal& b) {
  const int scale = std::max(a.scale_, b.scale_);
  if (long long i, j; integer_at(a.digits_, a.scale_, scale, i) && integer_at(b.digits_, b.scale_, scale, j)) {
    const long long sum = (a.negative() ? -i : i) + (b.negative() ? -j : j);  // |sum| < 2 * 10^18
    Decimal r;
    r.negative_ = sum < 0;
    r.digits_ = std::to_string(sum < 0 ? -sum : sum);
    r.scale_ = scale;
    r.normalize();
    return r;
  }
  auto [x, y] = aligned(a.digits_, a.scale_, b.digits_, b.scale_);
  strip_leading_zeros(x);
  strip_leading_zeros(y);
  Decimal r;
  r.scale_ = std::max(a.scale_, b.scale_);
  if (a.negative() == b.negative()) {
    r.digits_ = add_digits(x, y);
    r.negative_ = a.negative();
  } else if (compare_digits(x, y) >= 0) {
    r.digits_ = sub_digits(x, y);
    r.negative_ = a.negative();
  } else {
    r.digits_ = sub_digits(y, x);
    r.negative_ = b.negative();
  }
  r.normalize();
  return r;
}

Decimal Decimal::operator-() const {
  Decimal d = *this;
  d.negative_ = !negative_;
  d.normalize();
  return d;
}

Decimal operator-(const Decimal& a, const Decimal& b) { return a + (-b); }

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  if (a.negative() != b.negative()) return a.negative() ? std::strong_ordering::less : std::strong_ordering::greater;
  const int scale = std::max(a.scale_, b.scale_);
  if (long long i, j; integer_at(a.digits_, a.scale_, scale, i) && integer_at(b.digits_, b.scale_, scale, j))
    return a.negative() ? j <=> i : i <=> j;
  auto [x, y] = aligned(a.digits_, a.scale_, b.digits_, b.scale_);
  strip_leading_zeros(x);
  strip_leading_zeros(y);
  int c = compare_digits(x, y);
  if (a.negative()) c = -c;
  return c < 0 ? std::strong_ordering::less : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

bool operator==(const Decimal& a, const Decimal& b) { return (a <=> b) == 0; }

}  // namespace perfgoal
