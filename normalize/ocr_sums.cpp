#include "normalize/ocr_sums.h"

#include <cstdio>

namespace perfgoal {

std::optional<std::vector<int>> choose_by_sum(const std::vector<AmountReadings>& amounts) {
  if (amounts.size() < 2 || (!amounts[0].taken && !amounts[0].unread)) return std::nullopt;
  auto adds_up = [&](const std::vector<int>& pick) {
    for (size_t i = 0; i < amounts.size(); ++i)
      if (amounts[i].unread && pick[i] < 0) return false;
    std::optional<Decimal> total;
    Decimal sum;
    bool any = false;
    for (size_t i = 0; i < amounts.size(); ++i) {
      const std::optional<Decimal> v =
          pick[i] < 0 ? amounts[i].taken : std::optional<Decimal>(amounts[i].others[static_cast<size_t>(pick[i])]);
      if (i == 0) {
        total = v;
      } else if (v) {
        any = true;
        sum = sum + *v;
      }
    }
    return total && any && sum == *total;
  };
  std::vector<int> pick(amounts.size(), -1);
  bool sources = false;
  for (size_t i = 1; i < amounts.size(); ++i) sources = sources || amounts[i].taken.has_value() || amounts[i].unread;
  if (!sources || adds_up(pick)) return std::nullopt;
  size_t combinations = 1;
  for (const auto& a : amounts) {
    combinations *= a.others.size() + 1;
    if (combinations > kMostCombinations) return std::nullopt;
  }
  if (combinations == 1) return std::nullopt;
  std::optional<std::vector<int>> found;
  // Every combination but the one taken: counted like an odometer, each
  // amount's readings -1 (taken), 0, 1, ...
  for (;;) {
    size_t i = 0;
    while (i < amounts.size() && pick[i] + 1 == static_cast<int>(amounts[i].others.size())) pick[i++] = -1;
    if (i == amounts.size()) break;
    ++pick[i];
    if (!adds_up(pick)) continue;
    if (found) return std::nullopt;  // more than one adds up: none is taken
    found = pick;
  }
  return found;
}

Finding read_by_sum_finding(const Cell& c, const std::string& field, const std::string& chosen,
                            const std::string& file, int record) {
  char where[96] = "";
  if (c.box)
    std::snprintf(where, sizeof where, " (page %d, box %.0f,%.0f–%.0f,%.0f pt from the top left)", c.page, c.box->x0,
                  c.box->y0, c.box->x1, c.box->y1);
  return Finding{"ocr-read-by-sum", Severity::info,
                 "OCR read this amount as «" + c.text + "» and as «" + chosen + "»: «" + chosen +
                     "» taken, the only reading with which the column's sources add up to its total; check it against the scan" +
                     where,
                 Location{file, c.line, c.page}, record, field};
}

}  // namespace perfgoal
