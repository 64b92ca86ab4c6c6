#include "normalize/text_order.h"

namespace perfgoal {

void flag_out_of_order(const Cell& c, const std::string& field, const std::string& file, int record,
                       std::vector<Finding>& findings, const std::string* reading) {
  if (c.out_of_order_page <= 0) return;
  for (const auto& f : findings)
    if (f.rule == "text-order" && f.record == record && f.field == field) return;
  const std::string_view text = reading ? std::string_view(*reading) : c.text.view();
  findings.push_back(Finding{"text-order", Severity::warning,
                             "page " + std::to_string(c.out_of_order_page) +
                                 " of the layout text: pdftotext printed its lines out of order, lines may be "
                                 "interleaved in this value: check «" +
                                 text_head(text, 40) + "» against the PDF",
                             Location{file, c.line, c.page}, record, field});
}

}  // namespace perfgoal
