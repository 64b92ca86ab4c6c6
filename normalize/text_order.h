// Layout text whose lines pdftotext printed out of order (a page printed
// backwards and turned back by the text reader, rows whose names were joined
// from lines no name wraps as): the fields read from such cells are kept as
// read and reported for a person to check against the PDF.
#pragma once

#include <string>
#include <vector>

#include "model/cells.h"
#include "model/finding.h"

namespace perfgoal {

// Reports `c`, read from a page of layout text whose lines pdftotext printed
// out of order (Cell::out_of_order_page > 0), as a text-order finding for
// `field`: the page, the field and what was read, to check against the PDF
// (lines of that page may be interleaved, no order of the text gives them
// back). One text-order finding a record's field. `reading`: the field's
// part of the cell where the cell also holds its label; else the cell's text.
void flag_out_of_order(const Cell& c, const std::string& field, const std::string& file, int record,
                       std::vector<Finding>& findings, const std::string* reading = nullptr);

}  // namespace perfgoal
