// normalize: rows of cells -> records, one per form found, plus findings
// about what could not be read or placed. Driven by form templates.
#pragma once

#include <vector>

#include "model/cells.h"
#include "model/errors.h"
#include "model/finding.h"
#include "model/record.h"
#include "config/form_template.h"

namespace perfgoal {

struct Normalized {
  std::vector<Record> records;
  std::vector<Finding> findings;  // rules: unplaced-cell, unreadable-value, no-form
};

// Throws InputError (naming the file and line or page) when `deadline`
// passes: it is checked at every row. The work on one cell is linear in its
// length (normalize/cell_split.h).
Normalized normalize(const CellDocument& doc, const std::vector<FormTemplate>& templates,
                     Deadline deadline = kNoDeadline);

}  // namespace perfgoal
