// The 绩效指标 table: its header says which column is which; each row's cells
// are aligned to those columns (exports shift cells by a column or two, and
// put merged labels on the wrong row), then merged labels are carried down
// their group and misplaced ones put back using the other half of the row
// and the category tree.
#pragma once

#include <string>
#include <vector>

#include "model/cells.h"
#include "model/finding.h"
#include "model/record.h"
#include "config/form_template.h"
#include "normalize/value_reader.h"

namespace perfgoal {

class IndicatorTable {
 public:
  enum class Role { level1, level2, name, value, op, unit, weight, note, basis, previous_value };
  struct Slot {
    int half;      // 0 = 实施期, 1 = 年度
    Role role;
    double column; // grid column (or layout offset) of the header cell
  };

  // Is this row the table's header (一级指标, 二级指标, 三级指标, 指标值 ...)?
  // `labels`, when given: each cell's t.lookup() (looked up by the caller).
  static bool is_header(const FormTemplate& t, const Row& row, const std::vector<const LabelInfo*>* labels = nullptr);

  // `single_half`: the block (0 = 实施期/长期, 1 = 年度) of a header with one
  // set of columns; a header whose words repeat holds both blocks.
  IndicatorTable(const FormTemplate& t, const Row& header, const std::string& file, int record_index,
                 std::vector<Finding>& findings, int single_half = 1);

  // `labels`: each cell's t.lookup() (empty: looked up here).
  void add_row(const Row& row, const std::vector<const LabelInfo*>& labels = {});
  // Appends the indicator entries to the record.
  void finish(Record& record);

  // For tests: the slot each cell of `row` is given (-1: not placed).
  std::vector<int> align(const Row& row) const;
  // The same, always searched afresh (align() may take a reading found
  // before for a row of the same shape: the same cells' columns and kinds).
  std::vector<int> align_searched(const Row& row) const;
  const std::vector<Slot>& slots() const { return slots_; }

 private:
  const FormTemplate& t_;
  const std::string& file_;
  int record_index_;
  std::vector<Finding>& findings_;
  std::vector<Slot> slots_;
  bool annual_has_level1_ = false;
  bool has_role_[10] = {};
  std::vector<const Row*> rows_;
  // add_row's labels, of every row in one block: row i's from row_labels_at_[i].
  std::vector<const LabelInfo*> row_labels_;
  std::vector<size_t> row_labels_at_;
  double shift_unit_ = 0;  // one input cell, in column units

  // align(), and each cell's value reading (cells up to kMaxLabelBytes; the
  // rest read as nothing) into `readings` when given.
  // `labels`, when given: each cell's t_.lookup() (looked up by the caller).
  std::vector<int> align_cells(const Row& row, std::vector<ValueReading>* readings,
                               const std::vector<const LabelInfo*>* labels = nullptr, bool remembered = true) const;
  // What the alignment of a row depends on besides the row: the slots and
  // the shift unit, as bytes (the start of the key of a row's shape).
  std::string shape_;
  // Placing a cell in slot k after slot j leaves its half's 指标值 empty
  // while filling a column after it.
  bool skips_value(size_t j, size_t k) const;
  double rank(double column) const;
  double cost(bool is_level1, bool is_level2, const Slot& slot, double cell_rank, int slot_index) const;
};

}  // namespace perfgoal
