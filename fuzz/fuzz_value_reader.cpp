// libFuzzer target: value reading and exact decimals.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/decimal.h"
#include "normalize/value_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto v = perfgoal::read_value(text);
  if (v.amount) {
    // A reading prints as an exact decimal that parses back to itself.
    auto again = perfgoal::Decimal::parse(v.amount->to_string());
    if (!again || !(*again == *v.amount)) __builtin_trap();
  }
  perfgoal::read_money(text);
  if (auto d = perfgoal::Decimal::parse(text)) {
    auto sum = *d + *d;
    if (!(sum - *d == *d)) __builtin_trap();
    (void)d->shifted(8).to_string_fixed(2);
  }
  return 0;
}
