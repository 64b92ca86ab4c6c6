// Reading a 指标值 or an amount cell: comparison, exact number, unit.
// The rules are those of record-format.md ("Indicator rows").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/decimal.h"

namespace perfgoal {

struct ValueReading {
  std::optional<std::string> op;      // ">=", "<=", ">", "<", "=", or null (not quantitative)
  std::optional<Decimal> amount;      // in `unit`; money always in 元
  std::optional<std::string> unit;    // "元", "%", "人", ... or null
};

// Does `text` hold a digit, ASCII or full width (０-９)? read_value reads
// nothing from a text that has none.
bool has_digit(std::string_view text);

// "≥110人" -> {">=", 110, "人"}; "1988.042428万元" -> {"=", 19880424.28, "元"};
// "及时", "2025年7月", prose -> all null.
ValueReading read_value(std::string_view text);

// A value read by OCR whose comparison sign came out as a Chinese character
// (the Chinese model has no ≥ ≤ and reads them as 之 二 和 委 它...): one
// ideograph right before the number, the rest a value without a sign of its
// own. "之90%" -> {null, 90, "%"}: the number and unit as read, the sign
// unknown (the text stays as read, and is marked for checking). Anything
// else: read_value(text).
ValueReading read_value_after_unread_sign(std::string_view text);

// A money cell of the funds block in 元: "5,300,000", "19,880,424.28", "0",
// "300万元". nullopt when the cell is not an amount.
std::optional<Decimal> read_money(std::string_view text);

// The decimal places to move an amount by to have it in 元, when `text`
// names the money unit it is written in: 4 for a text with 万元 (a funds
// label "项目资金（万元）"), 8 for 亿元, 0 otherwise.
int money_shift_named_in(std::string_view text);

// Full-width digits, letters and signs to ASCII (０-９ ． ， ％ ＋ －): for reading only,
// never for the verbatim text.
std::string fold_width(std::string_view text);

}  // namespace perfgoal
