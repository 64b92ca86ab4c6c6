// A funds column read by OCR whose sources do not add up to its total: OCR's
// other readings of its amounts (Cell::alternatives: the digits model's, the
// other threshold's, the half-size one) may. Where exactly one combination
// of readings adds up, it is taken: a reading OCR made, never a number
// worked out (text is evidence), and a finding (ocr-read-by-sum) says so.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/cells.h"
#include "model/decimal.h"
#include "model/finding.h"

namespace perfgoal {

// One amount of a funds column: the reading taken and the amounts OCR's
// other readings of its cell give.
struct AmountReadings {
  std::optional<Decimal> taken;  // nullopt: the cell is blank or no amount
  std::vector<Decimal> others;
  // The cell holds a reading that is no amount ("人", "-": a lone 0 misread):
  // a combination gives it one of its other readings, or does not add up.
  bool unread = false;
};

// Combinations tried at most (the product of each amount's readings).
inline constexpr size_t kMostCombinations = 4096;

// `amounts`: the column's total first, then its sources. Where the readings
// taken do not add up (a total and at least one source read), or an amount is
// unread, and exactly one combination of readings does (each unread amount
// given one of its other readings), which reading each amount takes: -1 for
// the reading taken, else the index into its `others`. nullopt otherwise
// (they add up, none does, more than one does, or too many combinations).
std::optional<std::vector<int>> choose_by_sum(const std::vector<AmountReadings>& amounts);

// The finding for an amount of `field` taken from OCR's other reading
// `chosen` of cell `c` (whose text is the reading not taken).
Finding read_by_sum_finding(const Cell& c, const std::string& field, const std::string& chosen,
                            const std::string& file, int record);

}  // namespace perfgoal
