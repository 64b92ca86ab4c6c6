#include "normalize/indicator_table.h"

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "normalize/cell_text.h"
#include "normalize/ocr_review.h"
#include "normalize/text_order.h"
#include "normalize/value_reader.h"

namespace perfgoal {
namespace {

// Costs of the alignment of a row's cells to the header's columns. A cell
// costs its distance (in header columns) from the column it is put in; a
// category label read as a name or value costs extra; a cell left out costs
// most, and is reported.
constexpr double kLabelAsText = 3.0;
constexpr double kLeftOut = 10.0;
// A value placed while its half's name column stays empty: a lone text is
// more often a name whose value is missing than the reverse.
constexpr double kValueWithoutName = 1.5;
constexpr double kImpossible = std::numeric_limits<double>::infinity();
// A cell put in a column after 指标值 (度量单位, 权重, 备注, 指标值确定依据,
// 上年指标值) while 指标值 stays empty: a row shifted right by a cell puts its
// value there (against a widened 三级 column its name still fits).
constexpr double kExtraWithoutValue = 1.0;
// A row read as shifted by one cell against the header, per cell of shift.
constexpr double kShifted = 0.75;
// A label of both levels (成本指标) read as 一级 with no 二级 label after it.
constexpr double kAmbiguousAsLevel1 = 1.5;
// A quantity read as a 三级指标 name.
constexpr double kQuantityAsName = 2.0;

std::optional<IndicatorTable::Role> role_of(const std::string& name) {
  if (name == "level1") return IndicatorTable::Role::level1;
  if (name == "level2") return IndicatorTable::Role::level2;
  if (name == "name") return IndicatorTable::Role::name;
  if (name == "value") return IndicatorTable::Role::value;
  if (name == "op") return IndicatorTable::Role::op;
  if (name == "unit") return IndicatorTable::Role::unit;
  if (name == "weight") return IndicatorTable::Role::weight;
  if (name == "note") return IndicatorTable::Role::note;
  if (name == "basis") return IndicatorTable::Role::basis;
  if (name == "previous_value") return IndicatorTable::Role::previous_value;
  return std::nullopt;
}


}  // namespace

bool IndicatorTable::is_header(const FormTemplate& t, const Row& row, const std::vector<const LabelInfo*>* labels) {
  // Three roles, each a cell's: a row of fewer cells is no header.
  if (row.cells.size() < 3) return false;
  bool level2 = false, name = false, value = false;
  for (size_t i = 0; i < row.cells.size(); ++i) {
    if (level2 && name && value) break;
    const LabelInfo* info = labels ? (*labels)[i] : t.lookup(row.cells[i].text);
    if (!info || info->header_role.empty()) continue;
    const std::string& role = info->header_role;
    level2 = level2 || role == "level2";
    name = name || role == "name";
    value = value || role == "value";
  }
  return level2 && name && value;
}

IndicatorTable::IndicatorTable(const FormTemplate& t, const Row& header, const std::string& file, int record_index,
                               std::vector<Finding>& findings, int single_half)
    : t_(t), file_(file), record_index_(record_index), findings_(findings) {
  int half = 0;
  bool seen[sizeof has_role_ / sizeof has_role_[0]] = {};  // by Role
  slots_.reserve(header.cells.size() + 1);
  for (const auto& c : header.cells) {
    const LabelInfo* info = t.lookup(c.text);
    if (!info || info->header_role.empty()) continue;
    auto role = role_of(info->header_role);
    if (!role) continue;
    if (seen[static_cast<int>(*role)] && half == 0) {
      half = 1;
      std::fill(std::begin(seen), std::end(seen), false);
    }
    seen[static_cast<int>(*role)] = true;
    if (half == 1 && *role == Role::level1) annual_has_level1_ = true;
    slots_.push_back(Slot{half, *role, static_cast<double>(c.column)});
    has_role_[static_cast<int>(*role)] = true;
  }
  // No header word repeats: one block, the one the form's section label (or
  // the template) says.
  if (half == 0)
    for (auto& s : slots_) s.half = single_half;
  // One cell of the input, in its column units: the least gap between header cells.
  for (size_t i = 1; i < slots_.size(); ++i) {
    double gap = slots_[i].column - slots_[i - 1].column;
    if (gap > 0 && (shift_unit_ == 0 || gap < shift_unit_)) shift_unit_ = gap;
  }
  if (shift_unit_ == 0) shift_unit_ = 1;
  // Where the 年度 half has no 一级指标 column of its own, a label of that
  // level may still stand just before its 二级指标: give it a place there.
  if (!annual_has_level1_ && half == 1) {
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i].half == 1) {
        double before = i > 0 ? slots_[i - 1].column : slots_[i].column - 1;
        slots_.insert(slots_.begin() + static_cast<long>(i),
                      Slot{1, Role::level1, (before + slots_[i].column) / 2});
        break;
      }
    }
  }
  auto put = [&](const auto& v) { shape_.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(shift_unit_);
  put(slots_.size());
  for (const auto& s : slots_) {
    put(s.half);
    put(s.role);
    put(s.column);
  }
}

double IndicatorTable::rank(double column) const {
  // Piecewise-linear position of a column among the header's columns, so a
  // distance is counted in header columns whatever the input's units.
  const size_t m = slots_.size();
  if (m == 1) return column - slots_[0].column;
  double gap = (slots_.back().column - slots_.front().column) / static_cast<double>(m - 1);
  if (gap <= 0) gap = 1;
  if (column <= slots_.front().column) return (column - slots_.front().column) / gap;
  if (column >= slots_.back().column) return static_cast<double>(m - 1) + (column - slots_.back().column) / gap;
  for (size_t i = 0; i + 1 < m; ++i) {
    double a = slots_[i].column, b = slots_[i + 1].column;
    if (column >= a && column <= b) return b > a ? static_cast<double>(i) + (column - a) / (b - a) : static_cast<double>(i);
  }
  return 0;
}

double IndicatorTable::cost(bool l1, bool l2, const Slot& slot, double cell_rank, int slot_index) const {
  double distance = std::fabs(cell_rank - slot_index);
  switch (slot.role) {
    case Role::level1: return l1 ? distance : kImpossible;
    case Role::level2: return l2 ? distance : kImpossible;
    default: return distance + (l1 || l2 ? kLabelAsText : 0.0);
  }
  return kImpossible;
}

std::vector<int> IndicatorTable::align(const Row& row) const { return align_cells(row, nullptr); }
std::vector<int> IndicatorTable::align_searched(const Row& row) const { return align_cells(row, nullptr, nullptr, false); }

std::vector<int> IndicatorTable::align_cells(const Row& row, std::vector<ValueReading>* readings,
                                             const std::vector<const LabelInfo*>* labels, bool remembered) const {
  // Cells go to slots in order, each costing its distance from its slot.
  // Exports add or drop empty cells: a row may stand a cell or two off the
  // header, or have extra empty cells in its middle. So the reading carries
  // an offset (in cells, -2..2) that may change between two cells; an offset
  // costs kShifted per cell at the row's start and at each change.
  const auto& cells = row.cells;
  const size_t n = cells.size(), m = slots_.size();
  constexpr int kOffsets = 5;  // offsets -2..2, index o is offset o - 2
  struct CellInfo {
    double rank[kOffsets];
    bool l1, l2, quantity, next_is_level2;
  };
  thread_local std::vector<CellInfo> info;  // kept between rows: no allocation per row
  info.assign(n, CellInfo{});
  if (readings) readings->assign(n, ValueReading{});
  for (size_t i = 0; i < n; ++i) {
    CellInfo& c = info[i];
    const LabelInfo* label = cells[i].text.size() > kMaxLabelBytes ? nullptr
                             : labels                              ? (*labels)[i]
                                                                   : t_.lookup(cells[i].text);
    c.l1 = label && !label->level1.empty();
    c.l2 = label && !label->level2.empty();
    ValueReading v = cells[i].text.size() <= kMaxLabelBytes ? read_value(cells[i].text) : ValueReading{};
    c.quantity = v.amount && (v.unit || v.op != "=");
    if (readings) (*readings)[i] = std::move(v);
  }
  for (size_t i = 0; i + 1 < n; ++i) info[i].next_is_level2 = info[i + 1].l2 && !info[i + 1].l1;
  if (n) info[n - 1].next_is_level2 = false;

  // The reading depends only on the table's shape and each cell's column
  // and kinds: the rows of a table (and the tables of a file's forms) come
  // in few shapes, each searched once. Bounded: forgotten when full.
  thread_local std::unordered_map<std::string, std::vector<int>> found;
  thread_local std::string key;
  if (remembered) {
    key = shape_;
    for (size_t i = 0; i < n; ++i) {
      const int column = cells[i].column;
      key.append(reinterpret_cast<const char*>(&column), sizeof column);
      key.push_back(static_cast<char>(info[i].l1 | info[i].l2 << 1 | info[i].quantity << 2));
    }
    if (auto it = found.find(key); it != found.end()) return it->second;
  }
  for (size_t i = 0; i < n; ++i)
    for (int o = 0; o < kOffsets; ++o) info[i].rank[o] = rank(cells[i].column + (o - 2) * shift_unit_);
  auto remember = [&](const std::vector<int>& out) {
    if (!remembered) return;
    constexpr size_t kMaxShapes = 4096;
    if (found.size() >= kMaxShapes) found.clear();
    found.emplace(key, out);
  };

  auto extra = [&](const CellInfo& c, const Slot& slot) {
    double e = 0;
    // 成本指标 is a 一级 of the 2021 tree and a 二级 of 产出指标: it reads as
    // 一级 only with a 二级 label after it.
    if (slot.role == Role::level1 && c.l2 && !c.next_is_level2) e += kAmbiguousAsLevel1;
    // A quantity (≥90%, 35000万元) is a 指标值 far more often than a 三级指标 name.
    if (slot.role == Role::name && c.quantity) e += kQuantityAsName;
    return e;
  };

  // dp[i][j][o]: least cost placing the first i cells in slots before j, in
  // order, the last with offset o.
  const size_t states = (m + 1) * kOffsets;
  auto at = [&](size_t j, int o) { return j * kOffsets + static_cast<size_t>(o); };
  struct Step {
    size_t prev = 0;  // state in row i
    int slot = -1;
  };
  // One block for every row of the table (row i at i * states), kept between
  // calls: no allocation per row once grown.
  thread_local std::vector<double> dp_cells;
  thread_local std::vector<Step> from_cells;
  thread_local std::vector<double> place;  // cell i in slot k at offset o, before shifts
  thread_local std::vector<size_t> possible;  // slots cell i may go to
  dp_cells.assign((n + 1) * states, kImpossible);
  from_cells.assign((n + 1) * states, Step{});
  auto dp = [&](size_t i) { return dp_cells.data() + i * states; };
  auto from = [&](size_t i) { return from_cells.data() + i * states; };
  // A value placed after an empty name column of its half costs extra.
  thread_local std::vector<char> value_after_name;
  value_after_name.assign(m, 0);
  for (size_t k = 1; k < m; ++k)
    value_after_name[k] = slots_[k].role == Role::value && slots_[k - 1].role == Role::name;
  double change[kOffsets][kOffsets];
  for (int o = 0; o < kOffsets; ++o)
    for (int o2 = 0; o2 < kOffsets; ++o2) change[o][o2] = kShifted * std::abs(o2 - o);
  for (int o = 0; o < kOffsets; ++o) dp(0)[at(0, o)] = kShifted * std::abs(o - 2);
  // Each cell's cost in each slot it may go to, at each offset.
  place.resize(n * m * kOffsets);
  possible.resize(n * m);
  thread_local std::vector<size_t> n_possible;
  n_possible.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const CellInfo& c = info[i];
    for (size_t k = 0; k < m; ++k) {
      // A slot's cost is impossible at every offset or at none.
      if (cost(c.l1, c.l2, slots_[k], c.rank[0], static_cast<int>(k)) == kImpossible) continue;
      possible[i * m + n_possible[i]++] = k;
      for (int o2 = 0; o2 < kOffsets; ++o2)
        place[(i * m + k) * kOffsets + static_cast<size_t>(o2)] =
            cost(c.l1, c.l2, slots_[k], c.rank[o2], static_cast<int>(k)) + extra(c, slots_[k]);
    }
  }
  // A bound: the least cost of a reading without shifts (offset 0 all
  // along), computed as the full reading would. Costs only add, so a state
  // costing more than it is on no least-cost reading, and is not followed:
  // the reading chosen, ties included, is the one the full search finds.
  double bound = kImpossible;
  {
    thread_local std::vector<double> cur, nxt;
    cur.assign(m + 1, kImpossible);
    cur[0] = dp(0)[at(0, 2)];
    for (size_t i = 0; i < n; ++i) {
      nxt.assign(m + 1, kImpossible);
      for (size_t j = 0; j <= m; ++j) {
        double base = cur[j];
        if (base == kImpossible) continue;
        nxt[j] = std::min(nxt[j], base + kLeftOut);
        for (size_t p = 0; p < n_possible[i]; ++p) {
          const size_t k = possible[i * m + p];
          if (k < j) continue;
          double cst = place[(i * m + k) * kOffsets + 2] + change[2][2];
          if (value_after_name[k] && j < k) cst += kValueWithoutName;
          if (skips_value(j, k)) cst += kExtraWithoutValue;
          nxt[k + 1] = std::min(nxt[k + 1], base + cst);
        }
      }
      std::swap(cur, nxt);
    }
    for (double v : cur) bound = std::min(bound, v);
  }
  for (size_t i = 0; i < n; ++i) {
    const size_t* poss = &possible[i * m];
    const size_t np = n_possible[i];
    double* next = dp(i + 1);
    Step* next_from = from(i + 1);
    // Sources in order (j, then o), each improving a target only when
    // strictly better: of equal costs, the first found stays.
    for (size_t j = 0; j <= m; ++j) {
      size_t first = 0;
      while (first < np && poss[first] < j) ++first;
      for (int o = 0; o < kOffsets; ++o) {
        double base = dp(i)[at(j, o)];
        if (base == kImpossible || base > bound) continue;
        // leave cell i out
        if (base + kLeftOut < next[at(j, o)] && base + kLeftOut <= bound) {
          next[at(j, o)] = base + kLeftOut;
          next_from[at(j, o)] = {at(j, o), -1};
        }
        for (size_t p = first; p < np; ++p) {
          const size_t k = poss[p];
          const bool without_name = value_after_name[k] && j < k;
          const bool skips = skips_value(j, k);
          const double* pk = &place[(i * m + k) * kOffsets];
          for (int o2 = 0; o2 < kOffsets; ++o2) {
            double cst = pk[o2] + change[o][o2];
            if (without_name) cst += kValueWithoutName;
            if (skips) cst += kExtraWithoutValue;
            const double v = base + cst;
            const size_t target = at(k + 1, o2);
            if (v < next[target] && v <= bound) {
              next[target] = v;
              next_from[target] = {at(j, o), static_cast<int>(k)};
            }
          }
        }
      }
    }
  }
  size_t best = 0;
  for (size_t s = 0; s < states; ++s)
    if (dp(n)[s] < dp(n)[best]) best = s;
  std::vector<int> out(n, -1);
  size_t s = best;
  for (size_t i = n; i > 0; --i) {
    out[i - 1] = from(i)[s].slot;
    s = from(i)[s].prev;
  }
  remember(out);
  return out;
}

bool IndicatorTable::skips_value(size_t j, size_t k) const {
  // Slot k is a column after 指标值 and the 指标值 slot of its half lies in
  // [j, k): left empty by this placement.
  switch (slots_[k].role) {
    case Role::unit:
    case Role::weight:
    case Role::note:
    case Role::basis:
    case Role::previous_value: break;
    default: return false;
  }
  for (size_t v = j; v < k; ++v)
    if (slots_[v].role == Role::value && slots_[v].half == slots_[k].half) return true;
  return false;
}

void IndicatorTable::add_row(const Row& row, const std::vector<const LabelInfo*>& labels) {
  if (rows_.empty()) {  // room for a table's usual rows at once
    constexpr size_t kRows = 32, kCells = 8;
    rows_.reserve(kRows);
    row_labels_at_.reserve(kRows);
    row_labels_.reserve(kRows * kCells);
  }
  rows_.push_back(&row);
  row_labels_at_.push_back(row_labels_.size());
  if (labels.size() == row.cells.size())
    row_labels_.insert(row_labels_.end(), labels.begin(), labels.end());
  else
    for (const auto& c : row.cells) row_labels_.push_back(t_.lookup(c.text));
}

void IndicatorTable::finish(Record& record) {
  struct Half {
    const Cell* l1 = nullptr;
    const Cell* l2 = nullptr;
    const Cell* name = nullptr;
    const Cell* value = nullptr;
    const Cell* extra[6] = {};  // op, unit, weight, note, basis, previous_value
  };
  std::optional<std::string> cur_l1[2], cur_l2[2];
  std::vector<Indicator>* lists[2] = {&record.indicators.period, &record.indicators.annual};
  const size_t first_new[2] = {record.indicators.period.size(), record.indicators.annual.size()};
  std::vector<bool> explicit_level2[2];  // per new entry: its row showed its 二级指标
  for (auto* list : lists) list->reserve(list->size() + rows_.size());  // at most an entry a row

  // A form's category texts are few and looked up again for each row: each
  // text is looked up once (the first ones kept: a form of many distinct
  // texts is not searched for long).
  std::vector<std::pair<std::string, const LabelInfo*>> looked_up;
  auto lookup = [&](const std::string& text) {
    for (const auto& seen : looked_up)
      if (seen.first == text) return seen.second;
    const LabelInfo* info = t_.lookup(text);
    if (looked_up.size() < 32) looked_up.emplace_back(text, info);
    return info;
  };
  auto canonical_l1 = [&](const std::string& text) -> std::optional<std::string> {
    const LabelInfo* info = lookup(text);
    return !info || info->level1.empty() ? std::nullopt : std::optional<std::string>(info->level1);
  };
  // t_.parent_of(text), from the same look-ups.
  auto parent_of = [&](const std::string& text) { return FormTemplate::parent_of(text, lookup(text)); };
  auto same_indicator = [](const Cell* a, const Cell* b) {
    if (!a || !b) return false;
    std::string x = label_key(a->text), y = label_key(b->text);
    if (x.empty() || y.empty()) return false;
    return x.rfind(y, 0) == 0 || y.rfind(x, 0) == 0;  // one may be cut short
  };

  // Each kept cell's t_.lookup() of its text, looked up once (add_row), and
  // each cell's value, read once: made again for each row, in place.
  std::vector<const LabelInfo*> labels;
  std::vector<ValueReading> readings;
  for (size_t ri = 0; ri < rows_.size(); ++ri) {
    const Row* row = rows_[ri];
    const LabelInfo* const* row_labels = row_labels_.data() + row_labels_at_[ri];
    // Cells that only repeat the section label (a merged 绩效指标 cell) are
    // not data (the row is copied only when it has one).
    bool any_section = false;
    for (size_t ci = 0; ci < row->cells.size(); ++ci)
      any_section = any_section || (row_labels[ci] && row_labels[ci]->section);
    Row filtered;
    labels.clear();
    if (any_section) {
      filtered.line = row->line;
      filtered.page = row->page;
      for (size_t ci = 0; ci < row->cells.size(); ++ci) {
        const LabelInfo* info = row_labels[ci];
        if (!info || !info->section) {
          filtered.cells.push_back(row->cells[ci]);
          labels.push_back(info);
        }
      }
    } else {
      labels.assign(row_labels, row_labels + row->cells.size());
    }
    const Row& data = any_section ? filtered : *row;
    if (data.cells.empty()) continue;
    std::vector<int> where = align_cells(data, &readings, &labels);
    Half h[2];
    for (size_t i = 0; i < data.cells.size(); ++i) {
      const Cell& c = data.cells[i];
      if (where[i] < 0) {
        findings_.push_back(Finding{"unplaced-cell", Severity::warning,
                                    "cell of the 绩效指标 table that fits no column: «" + c.text + "»",
                                    Location{file_, c.line, c.page}, record_index_, "indicators"});
        continue;
      }
      const Slot& s = slots_[static_cast<size_t>(where[i])];
      Half& half = h[s.half];
      switch (s.role) {
        case Role::level1: half.l1 = &c; break;
        case Role::level2: half.l2 = &c; break;
        case Role::name: half.name = &c; break;
        case Role::value: half.value = &c; break;
        default: half.extra[static_cast<int>(s.role) - static_cast<int>(Role::op)] = &c; break;
      }
    }
    for (int k = 0; k < 2; ++k) {
      Half& me = h[k];
      const Half& other = h[1 - k];
      const Cell* l1 = me.l1 ? me.l1 : other.l1;  // one 一级指标 column serves both halves
      const Cell* l2 = me.l2;
      // A merged 二级指标 label that this half shows on another row, while the
      // other half shows it on this row for the same indicator: take it.
      if (!l2 && other.l2 && same_indicator(me.name, other.name)) l2 = other.l2;
      if (l2) {
        cur_l2[k] = trim_cell(l2->text);
        // Its 二级指标 parent from the cell's label, looked up with the row.
        auto parent = FormTemplate::parent_of(l2->text, labels[static_cast<size_t>(l2 - data.cells.data())]);
        if (l1)
          cur_l1[k] = trim_cell(l1->text);
        else if (parent && canonical_l1(cur_l1[k].value_or("")) != parent)
          cur_l1[k] = *parent;  // the category tree says where this 二级 belongs
      } else if (l1) {
        cur_l1[k] = trim_cell(l1->text);
        if (cur_l2[k] && parent_of(*cur_l2[k]) != canonical_l1(*cur_l1[k])) cur_l2[k].reset();
      }
      if (!me.name && !me.value) continue;
      // Made in place (the list has room for an entry a row): not moved in.
      const size_t index = lists[k]->size();
      Indicator& ind = lists[k]->emplace_back();
      ind.level1 = cur_l1[k];
      ind.level2 = cur_l2[k];
      if (me.name) {
        std::string t = trim_cell(me.name->text);
        if (!t.empty()) ind.name = std::move(t);
      }
      auto extra = [&](Role r) -> std::optional<std::string> {
        const Cell* c = me.extra[static_cast<int>(r) - static_cast<int>(Role::op)];
        return c ? cell_text_or_null(c->text) : std::nullopt;
      };
      if (me.value) {
        std::string t = trim_cell(me.value->text);
        if (!t.empty()) {
          // The value as the system displays it: 指标性质 (unless ＝ or
          // 定性), 指标值, 度量单位.
          if (auto sign = extra(Role::op)) {
            bool silent = false;
            for (const auto& w : t_.silent_signs) silent = silent || *sign == w;
            if (!silent && !t.starts_with(*sign)) t = *sign + t;
          }
          if (auto unit = extra(Role::unit); unit && !t.ends_with(*unit)) t += *unit;
          // The cell's text as it stands was read by the alignment.
          const size_t at = static_cast<size_t>(me.value - data.cells.data());
          bool as_read = t == me.value->text && me.value->text.size() <= kMaxLabelBytes;
          ValueReading v = as_read ? std::move(readings[at]) : read_value(t);
          // OCR: a sign read as a Chinese character ("之90%"): the number as read.
          if (!v.amount && me.value->confidence >= 0) v = read_value_after_unread_sign(t);
          ind.value = std::move(t);
          ind.op = std::move(v.op);
          ind.amount = v.amount;
          ind.unit = std::move(v.unit);
        }
      }
      if (has_role_[static_cast<int>(Role::weight)]) {
        ind.has_weight = true;
        if (auto w = extra(Role::weight)) {
          if (auto d = Decimal::parse(fold_width(*w)))
            ind.weight = *d;
          else
            findings_.push_back(Finding{"unreadable-value", Severity::warning,
                                        "权重 that is not a number: «" + *w + "»",
                                        Location{file_, row->line, row->page}, record_index_, "indicators.weight"});
        }
      }
      ind.has_note = has_role_[static_cast<int>(Role::note)];
      ind.has_basis = has_role_[static_cast<int>(Role::basis)];
      ind.has_previous_value = has_role_[static_cast<int>(Role::previous_value)];
      ind.note = extra(Role::note);
      ind.basis = extra(Role::basis);
      ind.previous_value = extra(Role::previous_value);
      ind.line = row->line;
      ind.page = row->page;
      // Layout text read out of order: each field of the row, its categories
      // too where the category tree gave them (the row's place may be wrong).
      if (const auto* c = me.name ? me.name : me.value; c && c->out_of_order_page > 0) {
        const std::string path = std::string("indicators.") + (k == 0 ? "period" : "annual") + "[" +
                                 std::to_string(index) + "].";
        for (auto [cell, field] : {std::pair{me.l1, "level1"}, std::pair{me.l2, "level2"}, std::pair{me.name, "name"},
                                   std::pair{me.value, "value"}})
          flag_out_of_order(cell ? *cell : *c, path + field, file_, record_index_, findings_);
      }
      // OCR's doubts (cells read by OCR only: confidence >= 0).
      if ((me.name && me.name->confidence >= 0) || (me.value && me.value->confidence >= 0)) {
        const std::string path = std::string("indicators.") + (k == 0 ? "period" : "annual") + "[" +
                                 std::to_string(index) + "].";
        if (me.name) flag_uncertain(*me.name, path + "name", file_, record_index_, findings_);
        if (me.name && other.name)
          flag_disagreeing_halves(*me.name, *other.name, path + "name", file_, record_index_, findings_);
        if (me.value) flag_uncertain(*me.value, path + "value", file_, record_index_, findings_);
        // A category shown on this row, read with a doubtful mark (a label's
        // colon read into it: 服务对象满意度：); its confidence is not judged
        // (a category is one of the template's words).
        for (auto [cell, field] : {std::pair{me.l1, "level1"}, std::pair{me.l2, "level2"}})
          if (cell && cell->confidence >= 0 && !doubtful_reading(cell->text.str(), path + field).empty())
            flag_uncertain(*cell, path + field, file_, record_index_, findings_);
      }
      explicit_level2[k].push_back(l2 != nullptr);
    }
  }
  rows_.clear();
  row_labels_.clear();
  row_labels_at_.clear();

  // A group whose merged 二级指标 label stands below its first rows (a
  // vertically centred label): rows before the label carry nothing, or the
  // previous group's label, which the category tree says is not of this
  // 一级指标. They take the label of the next row that shows one, in the same
  // 一级 group.
  // One pass per half, from precomputed runs (a form of many rows without
  // labels costs time in proportion to its rows): entries change only at or
  // before the row being looked at, so what lies after it is read as built.
  for (int k = 0; k < 2; ++k) {
    auto& list = *lists[k];
    const size_t begin = first_new[k], n = list.size() - begin;
    std::vector<std::optional<std::string>> group(n);
    for (size_t i = 0; i < n; ++i)
      if (list[begin + i].level1) group[i] = canonical_l1(*list[begin + i].level1);
    // next_shown[i]: the first entry at or after i that shows its own 二级指标 (n: none);
    // run_end[i]: the first entry after i of another group than i's.
    std::vector<size_t> next_shown(n + 1, n), run_end(n + 1, n);
    for (size_t i = n; i-- > 0;) {
      next_shown[i] = explicit_level2[k][i] && list[begin + i].level2 ? i : next_shown[i + 1];
      run_end[i] = i + 1 < n && group[i + 1] == group[i] ? run_end[i + 1] : i + 1;
    }
    for (size_t i = 0; i + 1 < n; ++i) {
      Indicator& e = list[begin + i];
      const auto& g = group[i];
      bool fits = e.level2 && (!g || parent_of(*e.level2) == g);
      if (fits) continue;
      size_t j = next_shown[i + 1];
      if (j == n) continue;
      const Indicator& shown = list[begin + j];
      // In a group, the rows up to the one that shows a label stay in it, and the label belongs to it.
      if (g && (group[i + 1] != g || run_end[i + 1] <= j || parent_of(*shown.level2) != g)) continue;
      e.level2 = shown.level2;
      if (!e.level1) e.level1 = shown.level1;
    }
  }
}

}  // namespace perfgoal
