// normalize: rows of cells -> records, one per form found, plus findings
// about what could not be read or placed. Driven by form templates.
#pragma once

#include <memory>
#include <optional>
#include <string>
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

// Why a cell is left out of every record (the unplaced-cell findings).
enum class Unplaced { before_first_form, after_sign_off, not_a_form, rejected };

// normalize, one form at a time: rows go in as they are read, and each form
// comes out (to the sink) as soon as the next one starts, so memory holds one
// form's rows, not the input's. normalize() is this stream over a document.
// A form starts at a title row (a template's title pattern) or at a second
// 项目名称 row; rows after a form's sign-off belong to no form.
class FormStream {
 public:
  struct Sink {
    virtual ~Sink() = default;
    // A record, numbered from 0 in input order, with the findings of reading it.
    virtual void form(Record&& record, std::vector<Finding>&& findings) = 0;
    // A cell left out of every record. (When the input turns out to hold no
    // form, finish() says so and these are of no interest.)
    virtual void unplaced(Finding&& finding, Unplaced kind) = 0;
  };
  FormStream(const std::vector<FormTemplate>& templates, std::string file, Deadline deadline, Sink& sink);
  ~FormStream();
  // Rows in input order. Throws InputError when the deadline passes.
  void row(const Row& row);
  void row(Row&& row);  // the same, moved in
  // The end of the input: the last form goes to the sink. Returns the no-form
  // finding when no form was read.
  std::optional<Finding> finish();
  int records() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace perfgoal
