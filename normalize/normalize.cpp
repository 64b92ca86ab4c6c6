#include "normalize/normalize.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "model/errors.h"
#include "model/fields.h"
#include "normalize/cell_split.h"
#include "normalize/cell_text.h"
#include "normalize/indicator_table.h"
#include "normalize/ocr_review.h"
#include "normalize/ocr_sums.h"
#include "normalize/title_match.h"
#include "normalize/value_reader.h"

namespace perfgoal {
// Field ids compared with "..."sv: lengths first, no strlen (cells are many).
using namespace std::string_view_literals;
namespace {

// What a label key names in each template, looked up once for every
// template (FormStream's names_index): the template's entry, and for keys
// of a field, the field and how the form stream uses it.
struct KeyNames {
  std::vector<uint8_t> codes;              // by template: FormStream::State::Named | kInlineOk
  std::vector<const std::string*> fields;  // by template: the field named, nullptr: none
  std::vector<const LabelInfo*> infos;     // by template: its lookup_key(key), nullptr: none
};
// A cell's keys in names_index (whole text, before "：", before ":"),
// nullptr: no template's key. The keys are those cell_keys() makes for
// every template at once: what a template's lookups of the cell's keys
// give, its entries here give too (a key may_be_label() leaves out for a
// template is no key of it).
using CellNames = std::array<const KeyNames*, 3>;

// A cell split into a label and, when the form wrote both in one cell
// ("负责人：张三"), the value after the colon.
// What a cell of a label row is: a field's label, the value a label took
// (the cell after it), or text neither is yet.
enum class CellUse { text, label, value };

const std::string kNoField;
const std::string kGoalsRowField = "goals.row";

struct LabelCell {
  CellUse use = CellUse::text;
  const std::string* id = &kNoField;  // field id of a label (the template's), "" otherwise
  std::optional<std::string> inline_value;
  const std::string& field() const { return *id; }
};

// A cell's label keys, the same for every template: its whole text, and
// the text before its first "：" and ":" (for "label：value" cells); empty
// when too long to be a label (or no such colon).
struct CellKeys {
  bool whole_ok = false;
  std::string whole;
  bool head_ok[2] = {false, false};
  std::string head[2];
  size_t colon_at[2] = {0, 0};
};
constexpr std::string_view kColons[2] = {"：", ":"};

// s.find("：", from), looked for by its last byte (0x9A): its lead byte
// 0xEF leads all the full-width punctuation (，（）；) that Chinese text is
// full of, and each would be a candidate to compare; 0x9A ends one
// character in 64.
size_t find_wide_colon(std::string_view s, size_t from = 0) {
  for (size_t at = from + 2; at < s.size();) {
    const void* hit = std::memchr(s.data() + at, '\x9A', s.size() - at);
    if (!hit) break;
    at = static_cast<size_t>(static_cast<const char*>(hit) - s.data());
    if (s[at - 2] == '\xEF' && s[at - 1] == '\xBC') return at - 2;
    ++at;
  }
  return std::string_view::npos;
}
// s.find(kColons[i]).
size_t find_colon(std::string_view s, int i) { return i == 0 ? find_wide_colon(s) : s.find(':'); }

// `only_for`: keys that cannot be labels of this template are left out.
void cell_keys(const Cell& c, CellKeys& k, const FormTemplate* only_for = nullptr) {
  k.whole_ok = c.text.size() <= kMaxLabelBytes && (!only_for || only_for->may_be_label(c.text));
  if (k.whole_ok) label_key_into(k.whole, c.text);
  for (int i = 0; i < 2; ++i) {
    size_t p = find_colon(c.text, i);
    k.colon_at[i] = p;
    k.head_ok[i] = p != std::string::npos && p != 0 && p <= kMaxLabelBytes &&
                   (!only_for || only_for->may_be_label(std::string_view(c.text).substr(0, p)));
    if (k.head_ok[i]) label_key_into(k.head[i], std::string_view(c.text).substr(0, p));
  }
}

// A cell's use from what its keys name (`named(0)`: its whole text, `named(1)`
// and `named(2)`: its text before "：" and before ":"; null: nothing): a
// label, or "label：value" in one cell (not a funds amount's label).
template <class Named>
LabelCell classify_by(const Cell& c, Named&& named) {
  if (const LabelInfo* info = named(0); info && !info->field.empty()) return {CellUse::label, &info->field, std::nullopt};
  for (int i = 0; i < 2; ++i) {
    const LabelInfo* info = named(1 + i);
    if (!info || info->field.empty()) continue;
    const std::string& field = info->field;
    if (!field.starts_with("funds.") || field == "funds.unit"sv) {
      const size_t p = find_colon(c.text, i);
      return {CellUse::label, &field, cell_text_or_null(std::string_view(c.text).substr(p + kColons[i].size()))};
    }
  }
  return {};
}

LabelCell classify(const FormTemplate& t, const Cell& c, const CellKeys& k) {
  return classify_by(c, [&](int i) -> const LabelInfo* {
    if (i == 0) return k.whole_ok ? t.lookup_key(k.whole) : nullptr;
    return k.head_ok[i - 1] ? t.lookup_key(k.head[i - 1]) : nullptr;
  });
}

// classify(t, c, keys) from the cell's names, for the template `ti` of them.
LabelCell classify(const Cell& c, const CellNames& n, size_t ti) {
  return classify_by(c, [&](int i) -> const LabelInfo* { return n[i] ? n[i]->infos[ti] : nullptr; });
}

LabelCell classify(const FormTemplate& t, const Cell& c) {
  thread_local CellKeys k;
  cell_keys(c, k, &t);
  return classify(t, c, k);
}

// A sign-off written as one line ("联系电话：0355-2021234 填报日期：20241217")
// comes as one cell where its parts stand close together: the cell is cut
// before each sign-off label that a colon follows (a label inside a longer
// one, 负责人 in 项目负责人, is not a cut).
// True when the cell is cut: its pieces (those not blank) are appended to
// `out`; false (and nothing appended) when it stands as it is.
bool split_at_sign_off_labels(const FormTemplate& t, const Cell& c, std::vector<Cell>& out) {
  const std::vector<std::string>& labels = t.sign_off_keys;
  const std::string_view s = c.text;
  // A cut is where a label ends before a colon (spaces between): each colon
  // is looked at, and the longest label ending before it starts a piece.
  // Label keys hold no colon (load_template), so a label ends before the
  // first colon after its start, and labels found so never overlap.
  constexpr std::string_view kWide = "\xEF\xBC\x9A";  // ：
  std::vector<size_t> cuts;
  size_t ascii = s.find(':'), wide = find_wide_colon(s);
  while (ascii != std::string_view::npos || wide != std::string_view::npos) {
    size_t end = std::min(ascii, wide);  // the next colon
    if (ascii < wide)
      ascii = s.find(':', ascii + 1);
    else
      wide = find_wide_colon(s, wide + kWide.size());
    while (end > 0 && s[end - 1] == ' ') --end;
    size_t longest = 0;
    for (const auto& l : labels)
      if (l.size() > longest && l.size() <= end && s.compare(end - l.size(), l.size(), l) == 0) longest = l.size();
    if (longest && end > longest) cuts.push_back(end - longest);
  }
  if (cuts.empty()) return false;
  size_t from = 0;
  cuts.push_back(s.size());
  for (size_t cut : cuts) {
    std::string part = trim_cell(s.substr(from, cut - from));
    if (!part.empty()) {
      Cell piece = c;
      piece.text = std::move(part);
      out.push_back(std::move(piece));
    }
    from = cut;
  }
  return true;
}

class FormReader {
 public:
  FormReader(const FormTemplate& t, const std::string& file, int record_index, std::vector<Finding>& findings,
             Deadline deadline)
      : t_(t), file_(file), record_index_(record_index), findings_(findings), deadline_(deadline) {}

  // The rows' cells are moved out (the form's rows are not used after).
  // `names`, when given: each cell's names (by row and cell), the
  // template's index in them `ti`: its keys are not made again.
  Record read(std::vector<Row>& rows, const std::vector<std::vector<CellNames>>* names = nullptr, size_t ti = 0);

 private:
  const FormTemplate& t_;
  const std::string& file_;
  int record_index_;
  std::vector<Finding>& findings_;
  Deadline deadline_;
  Record r_;

  // Columns of the labels that head the 实施期 / 年度 halves, where seen.
  std::optional<int> funds_period_col_, funds_annual_col_;
  std::optional<int> goals_period_col_, goals_annual_col_;
  int funds_shift_ = 0;  // 4 when the funds block is in 万元
  std::optional<Cell> goals_header_;  // the 实施期目标|年度目标 header was the row before
  // OCR's other readings of the funds amounts (by field path): their cell,
  // the amounts they give (in 元, each once, none the reading taken) and their texts.
  struct OtherReadings {
    Cell cell;
    std::vector<Decimal> amounts;
    std::vector<std::string> texts;
    bool unread = false;  // the cell's reading is no amount
  };
  std::map<std::string, OtherReadings> other_readings_;
  // Funds rows whose label OCR read: the source key ("central", "total") and its label's cell.
  std::map<std::string, Cell> ocr_funds_labels_;
  // An amount OCR left blank where the other column's is read (flag_blank_funds).
  void flag_blank_funds();
  // The cells 项目属性 and 项目期 were read from (for flag_period_disagreement).
  std::optional<Cell> attribute_cell_, period_cell_;
  // The block the next indicator header belongs to, when a section label
  // (长期绩效指标, 年度绩效指标) said so.
  std::optional<int> next_block_;
  // A goals header row (长期目标 | 年度目标) with no texts: its texts may
  // stand on the next row, under the labels.
  bool goals_texts_below_ = false;

  void unplaced(const Cell& c, const std::string& why) {
    findings_.push_back(Finding{"unplaced-cell", Severity::warning,
                                "cell not placed in the record (" + why + "): «" + c.text + "»",
                                Location{file_, c.line, c.page}, record_index_, ""});
  }
  void unreadable(const Cell& c, const std::string& field, const std::string& what) {
    findings_.push_back(Finding{"unreadable-value", Severity::warning, what + ": «" + c.text + "»",
                                Location{file_, c.line, c.page}, record_index_, field});
  }

  void read_label_row(const Row& row, std::vector<LabelCell>& kinds);
  void set_field(const std::string& field, const Cell* value_cell, const std::optional<std::string>& value);
  void set_money(std::optional<Decimal>& slot, const std::string& field, const Cell* value_cell);
  void set_funds(const std::string& source, bool annual, const Cell* value_cell);
  // Takes OCR's other readings of a funds column's amounts where exactly one
  // combination of them adds up (normalize/ocr_sums.h).
  void choose_funds_readings();
  void set_unit(std::string_view text);
  bool read_goal_texts(const Row& row);
  bool closer_to_annual(int column, const std::optional<int>& period_col, const std::optional<int>& annual_col,
                        int occurrence) const;
};

bool FormReader::closer_to_annual(int column, const std::optional<int>& period_col,
                                  const std::optional<int>& annual_col, int occurrence) const {
  if (period_col && annual_col && *period_col != *annual_col) {
    int dp = std::abs(column - *period_col), da = std::abs(column - *annual_col);
    if (dp != da) return da < dp;
  }
  return occurrence > 0;  // no header to go by: the second occurrence is the 年度 one
}

void FormReader::set_money(std::optional<Decimal>& slot, const std::string& field, const Cell* value_cell) {
  if (!value_cell) return;
  std::string text = trim_cell(value_cell->text);
  if (text.empty()) return;
  auto d = read_money(text);
  if (slot) {
    if (d) unplaced(*value_cell, "a second value for " + field);
    else unreadable(*value_cell, field, "amount that is not a number");
    return;
  }
  if (!value_cell->alternatives.empty() && !other_readings_.count(field)) {
    OtherReadings& o = other_readings_[field];
    o.cell = *value_cell;
    for (const auto& a : value_cell->alternatives)
      if (auto v = read_money(a)) {
        const Decimal amount = v->shifted(funds_shift_);
        if ((!d || amount != d->shifted(funds_shift_)) &&
            std::find(o.amounts.begin(), o.amounts.end(), amount) == o.amounts.end()) {
          o.amounts.push_back(amount);
          o.texts.push_back(a);
        }
      }
  }
  if (!d) {
    if (auto o = other_readings_.find(field); o != other_readings_.end()) o->second.unread = true;
    unreadable(*value_cell, field, "amount that is not a number");
    return;
  }
  slot = d->shifted(funds_shift_);
  flag_uncertain(*value_cell, field, file_, record_index_, findings_);
}

void FormReader::choose_funds_readings() {
  if (other_readings_.empty()) return;  // no cell with other readings (not read by OCR): nothing to choose
  for (bool annual : {false, true}) {
    Funds& f = annual ? r_.funds.annual : r_.funds.period;
    const std::string column = std::string("funds.") + (annual ? "annual." : "period.");
    std::vector<AmountReadings> amounts;
    bool any_other = false;
    for (const auto& m : funds_fields()) {
      AmountReadings a{m.number(f), {}};
      if (auto it = other_readings_.find(column + std::string(m.path)); it != other_readings_.end()) {
        a.others = it->second.amounts;
        a.unread = it->second.unread && !a.others.empty();
        any_other = any_other || !a.others.empty();
      }
      amounts.push_back(std::move(a));
    }
    if (!any_other) continue;
    const auto choice = choose_by_sum(amounts);
    if (!choice) continue;
    size_t i = 0;
    for (const auto& m : funds_fields()) {
      const int k = (*choice)[i++];
      if (k < 0) continue;
      const std::string field = column + std::string(m.path);
      const OtherReadings& o = other_readings_.at(field);
      m.number(f) = o.amounts[static_cast<size_t>(k)];
      // The reading not taken is no longer what to check: the finding says which was taken.
      std::erase_if(findings_, [&](const Finding& x) {
        return x.record == record_index_ && x.field == field && (x.rule == "ocr-uncertain" || x.rule == "unreadable-value");
      });
      findings_.push_back(read_by_sum_finding(o.cell, field, o.texts[static_cast<size_t>(k)], file_, record_index_));
    }
  }
}

void FormReader::flag_blank_funds() {
  if (t_.funds_columns.size() == 1) return;
  for (const auto& m : funds_fields()) {
    auto label = ocr_funds_labels_.find(std::string(m.path));
    if (label == ocr_funds_labels_.end()) continue;
    const auto& period = m.number(r_.funds.period);
    const auto& annual = m.number(r_.funds.annual);
    if (period.has_value() == annual.has_value()) continue;
    const std::string field = std::string("funds.") + (period ? "annual." : "period.") + std::string(m.path);
    const bool reported = std::any_of(findings_.begin(), findings_.end(), [&](const Finding& f) {
      return f.record == record_index_ && f.field == field;
    });
    if (reported) continue;
    const Cell& c = label->second;
    findings_.push_back(Finding{
        "ocr-uncertain", Severity::warning,
        "OCR read no amount for «" + c.text + "» in the " + (period ? "年度" : "实施期") + " column, where the " +
            (period ? "实施期" : "年度") + " column reads " + (period ? *period : *annual).to_string() +
            " 元: an amount lost (a lone 0 read as specks?); check it against the scan (page " + std::to_string(c.page) + ")",
        Location{file_, c.line, c.page}, record_index_, field});
  }
}

void FormReader::set_funds(const std::string& source, bool annual, const Cell* value_cell) {
  Funds& f = annual ? r_.funds.annual : r_.funds.period;
  const FundsField* slot = find_funds_field(source);
  if (!slot) return;
  set_money(slot->number(f), std::string("funds.") + (annual ? "annual." : "period.") + source, value_cell);
}

// The unit a funds label or line states (项目资金（万元）, 单位：万元); a
// label that states none leaves the unit as it was.
void FormReader::set_unit(std::string_view text) {
  std::string key = label_key(text);
  if (int shift = money_shift_named_in(key); shift != 0)
    funds_shift_ = shift;
  else if (key.find("元") != std::string::npos)
    funds_shift_ = 0;
}

// The texts of a goals header's labels, on the row below it (a row with no
// label): each goes to the label whose column is nearest.
bool FormReader::read_goal_texts(const Row& row) {
  if (!goals_texts_below_) return false;
  goals_texts_below_ = false;
  if (!goals_period_col_ && !goals_annual_col_) return false;
  const bool both = goals_period_col_ && goals_annual_col_ && row.cells.size() == 2;
  for (size_t k = 0; k < row.cells.size(); ++k) {
    const Cell& c = row.cells[k];
    // Two texts under both labels: in their order; else by column.
    bool annual = both ? k == 1
                       : !goals_period_col_ || (goals_annual_col_ && std::abs(c.column - *goals_annual_col_) <
                                                                         std::abs(c.column - *goals_period_col_));
    auto& slot = annual ? r_.goals.annual : r_.goals.period;
    if (slot)
      unplaced(c, "a second text under the goals header");
    else
      slot = cell_text_or_null(c.text);
  }
  return true;
}

void FormReader::set_field(const std::string& field, const Cell* value_cell, const std::optional<std::string>& value) {
  if (!value) return;
  // Fields whose cell holds two of the record's fields.
  if (field == "project.department"sv) {
    if (auto split = split_code_name(*value)) {
      r_.project.department_code = split->head;
      r_.project.department = split->tail;
    } else {
      r_.project.department = value;
    }
    return;
  }
  if (field == "project.attribute"sv) {
    if (value_cell) attribute_cell_ = *value_cell;
    if (auto split = split_detail(*value)) {
      r_.project.attribute = split->head;
      r_.project.attribute_detail = cell_text_or_null(split->tail);
    } else {
      r_.project.attribute = value;
    }
    return;
  }
  if (field == "project.period_years"sv && value_cell) period_cell_ = *value_cell;
  // Every other field is read by its kind.
  const RecordField* f = find_record_field(field);
  if (!f) return;
  switch (f->kind) {
    case FieldKind::text: {
      auto& slot = f->text(r_);
      if (slot) {
        if (value_cell) unplaced(*value_cell, "a second value for " + field);
        return;
      }
      slot = value;
      return;
    }
    case FieldKind::years: {
      if (auto years = read_years(fold_width(*value)))
        f->integer(r_) = *years;
      else if (value_cell)
        unreadable(*value_cell, field, t_.label(field) + " that is not a number of years");
      return;
    }
    case FieldKind::date_time: {
      if (auto date = read_filed_at(fold_width(*value))) {
        f->text(r_) = *date;
      } else if (value_cell) {
        unreadable(*value_cell, field, t_.label(field) + " that is not a date");
      }
      return;
    }
    case FieldKind::integer:
    case FieldKind::money:
    case FieldKind::quantity:
    case FieldKind::funds:
    case FieldKind::indicators:
      return;  // not read from a label's cell
  }
}

void FormReader::read_label_row(const Row& row, std::vector<LabelCell>& kinds) {
  const auto& cells = row.cells;
  // Occurrences of each funds source label in this row: the first is 实施期, the second 年度.
  // When a row has both, their order says which is which, whatever their
  // columns (a row may be shifted by extra empty cells); a single one goes by
  // its column.
  // (A row has a few funds labels: counted in a list, no map made.)
  std::vector<std::pair<std::string_view, int>> seen, count;
  auto tally = [](std::vector<std::pair<std::string_view, int>>& in, std::string_view key) -> int& {
    for (auto& [k, n] : in)
      if (k == key) return n;
    return in.emplace_back(key, 0).second;
  };
  for (const auto& k : kinds)
    if (k.field().starts_with("funds.")) tally(count, k.field())++;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (kinds[i].use != CellUse::label) continue;
    const std::string& field = kinds[i].field();  // kinds is not resized below
    if (field.starts_with("funds.") && cells[i].confidence >= 0) {
      const std::string key = field == "funds.period.total"sv || field == "funds.annual.total"sv ? "total" : field.substr(6);
      if (find_funds_field(key)) ocr_funds_labels_.emplace(key, cells[i]);
    }
    // The value: the inline one, or the next cell when it is not a label.
    const Cell* value_cell = nullptr;
    std::optional<std::string> value = kinds[i].inline_value;
    size_t next = i + 1;
    if (!value && next < cells.size() && kinds[next].use == CellUse::text) {
      value_cell = &cells[next];
      value = cell_text_or_null(value_cell->text);
    }
    if (value_cell) kinds[next].use = CellUse::value;  // consumed
    if (!value_cell && kinds[i].inline_value) value_cell = &cells[i];

    if (field == "indicators.section"sv) {
      if (auto b = t_.indicator_blocks.find(label_key(cells[i].text)); b != t_.indicator_blocks.end())
        next_block_ = b->second == "annual"sv ? 1 : 0;
      continue;
    }
    if (field == "funds.section"sv) {
      set_unit(cells[i].text);
      if (value_cell) kinds[next].use = CellUse::text;  // the section label has no value of its own
      continue;
    }
    if (field == "funds.unit"sv) {  // 单位：万元
      if (value) set_unit(*value);
      continue;
    }
    if (field == "funds.period_column"sv || field == "funds.annual_column"sv) {  // 实施期 | 年度 over the amounts
      (field == "funds.period_column"sv ? funds_period_col_ : funds_annual_col_) = cells[i].column;
      if (value_cell) kinds[next].use = CellUse::text;
      continue;
    }
    if (field.starts_with("funds.") && next < cells.size() && value_cell && next + 1 < cells.size() &&
        kinds[next + 1].use == CellUse::text) {
      // A funds label followed by amounts for both columns (资金总额 | 实施期 | 年度).
      std::string source = field.substr(6);
      if (source == "period.total"sv || source == "annual.total"sv) source = "total";
      std::vector<const Cell*> amounts;
      for (size_t k = next; k < cells.size() && (kinds[k].use == CellUse::text || k == next); ++k) {
        amounts.push_back(&cells[k]);
        kinds[k].use = CellUse::value;
      }
      for (size_t k = 0; k < amounts.size(); ++k) {
        bool annual;
        if (t_.funds_columns.size() == 1)
          annual = t_.funds_columns[0] == "annual";
        else
          annual = amounts.size() == 2 ? k == 1
                                       : closer_to_annual(amounts[k]->column, funds_period_col_, funds_annual_col_,
                                                          static_cast<int>(k));
        if (k >= 2 || (t_.funds_columns.size() == 1 && k >= 1)) {
          unplaced(*amounts[k], "a third amount for " + field);
          continue;
        }
        set_funds(source, annual, amounts[k]);
      }
      continue;
    }
    if (field == "funds.period.total"sv) {
      funds_period_col_ = cells[i].column;
      set_money(r_.funds.period.total, field, value_cell);
      continue;
    }
    if (field == "funds.annual.total"sv) {
      funds_annual_col_ = cells[i].column;
      set_money(r_.funds.annual.total, field, value_cell);
      continue;
    }
    if (field.starts_with("funds.")) {
      std::string source = field.substr(6);
      int occurrence = tally(seen, std::string_view(field).substr(6))++;
      bool annual = t_.funds_columns.size() == 1 ? t_.funds_columns[0] == "annual"
                    : tally(count, field) >= 2   ? occurrence > 0
                                        : closer_to_annual(cells[i].column, funds_period_col_, funds_annual_col_, occurrence);
      set_funds(source, annual, value_cell);
      continue;
    }
    if (field == "goals.period"sv || field == "goals.annual"sv) {
      (field == "goals.period"sv ? goals_period_col_ : goals_annual_col_) = cells[i].column;
      if (value)
        (field == "goals.period"sv ? r_.goals.period : r_.goals.annual) = value;
      else
        goals_texts_below_ = true;
      if (value && value_cell)
        flag_uncertain(*value_cell, field, file_, record_index_, findings_, kinds[i].inline_value ? &*value : nullptr);
      continue;
    }
    if (field == "goals.row"sv) {
      // The texts after 总体目标: by the columns of the header above, else in order.
      if (value_cell) kinds[next].use = CellUse::text;
      std::vector<const Cell*> texts;
      for (size_t k = i + 1; k < cells.size() && kinds[k].use == CellUse::text; ++k) {
        texts.push_back(&cells[k]);
        kinds[k].use = CellUse::value;
      }
      if (kinds[i].inline_value) {
        r_.goals.period = kinds[i].inline_value;
      }
      for (size_t k = 0; k < texts.size(); ++k) {
        bool annual = texts.size() == 2 ? k == 1
                                        : closer_to_annual(texts[k]->column, goals_period_col_, goals_annual_col_,
                                                           static_cast<int>(k));
        auto& slot = annual ? r_.goals.annual : r_.goals.period;
        if (slot) {
          unplaced(*texts[k], "a third text in the 总体目标 row");
        } else {
          slot = cell_text_or_null(texts[k]->text);
          flag_uncertain(*texts[k], annual ? "goals.annual" : "goals.period", file_, record_index_, findings_);
        }
      }
      continue;
    }
    if (value_cell) {
      flag_label_read(*value_cell, field, t_.labels, file_, record_index_, findings_,
                      kinds[i].inline_value ? &*value : nullptr);
      flag_uncertain(*value_cell, field, file_, record_index_, findings_, kinds[i].inline_value ? &*value : nullptr);
    }
    set_field(field, value_cell, value);
  }
  for (size_t i = 0; i < cells.size(); ++i)
    if (kinds[i].use == CellUse::text) unplaced(cells[i], "no label before it");
}

Record FormReader::read(std::vector<Row>& rows, const std::vector<std::vector<CellNames>>* names, size_t ti) {
  r_.source.file = file_;
  r_.source.template_name = t_.name;
  int first_line = 0, last_line = 0, first_page = 0, last_page = 0;
  for (const Row& row : rows) {
    if (row.line) { if (!first_line) first_line = row.line; last_line = row.line; }
    if (row.page) { if (!first_page) first_page = row.page; last_page = row.page; }
  }
  if (first_line) r_.source.lines = std::make_pair(first_line, last_line);
  if (first_page) r_.source.pages = std::make_pair(first_page, last_page);

  bool seen_label = false;
  std::optional<IndicatorTable> table;
  // A label cell spanning several rows (总体目标 over the 实施期目标|年度目标
  // header and the goal texts) labels each row it spans.
  struct Spanning {
    Cell cell;
    int rows_left = 0;
  };
  std::optional<Spanning> spanning;
  // Sign-off cells cut at their labels, in place: a row with no cut cell
  // stays as it is (its cells not moved).
  // The names of each row's cells (null: a piece of a cut cell).
  // Kept between forms (their capacity: no allocation per row once grown).
  thread_local std::vector<std::vector<const CellNames*>> cell_names;
  cell_names.resize(names ? rows.size() : 0);
  for (auto& c : cell_names) c.clear();
  std::vector<Cell> pieces;
  for (size_t n = 0; n < rows.size(); ++n) {
    std::vector<Cell>& cells = rows[n].cells;
    size_t k = 0;
    for (; k < cells.size(); ++k) {
      pieces.clear();
      if (split_at_sign_off_labels(t_, cells[k], pieces)) break;
    }
    if (names) cell_names[n].reserve(cells.size());
    if (k == cells.size()) {
      if (names)
        for (size_t j = 0; j < cells.size(); ++j) cell_names[n].push_back(&(*names)[n][j]);
      continue;
    }
    std::vector<Cell> cut;
    cut.reserve(cells.size() + pieces.size());
    for (size_t j = 0; j < cells.size(); ++j) {
      if (j > k) {
        pieces.clear();
        if (!split_at_sign_off_labels(t_, cells[j], pieces)) {
          cut.push_back(std::move(cells[j]));
          if (names) cell_names[n].push_back(&(*names)[n][j]);
          continue;
        }
      } else if (j < k) {
        cut.push_back(std::move(cells[j]));
        if (names) cell_names[n].push_back(&(*names)[n][j]);
        continue;
      }
      for (auto& piece : pieces) {
        cut.push_back(std::move(piece));
        if (names) cell_names[n].push_back(nullptr);
      }
    }
    cells = std::move(cut);
  }
  // A row's cells as classify() reads them, and each cell's t_.lookup()
  // (from the keys classify() makes): made again for each row, in place.
  std::vector<LabelCell> kinds;
  std::vector<const LabelInfo*> infos;
  for (size_t rn = 0; rn < rows.size(); ++rn) {
    const Row& row_ref = rows[rn];
    const Row* row = &row_ref;
    check_deadline(deadline_, file_, row->line, row->page);
    Row labelled;
    if (spanning && spanning->rows_left > 0) {
      --spanning->rows_left;
      if (!row->cells.empty() && row->cells.front().column > spanning->cell.column && !table &&
          !IndicatorTable::is_header(t_, *row)) {
        labelled = *row;
        labelled.cells.insert(labelled.cells.begin(), spanning->cell);
        row = &labelled;
      }
    }
    kinds.clear();
    kinds.reserve(row->cells.size() + 1);  // + 1: a goals label put before them
    infos.clear();
    infos.reserve(row->cells.size() + 1);
    bool any_label = false;
    for (size_t ci = 0; ci < row->cells.size(); ++ci) {
      const Cell& c = row->cells[ci];
      // The names row() found for the cell, when it is a cell of the form's
      // rows as they were (not a piece, not a label carried down).
      const size_t at = row == &labelled ? ci - 1 : ci;
      const CellNames* n = names && !(row == &labelled && ci == 0) ? cell_names[rn][at] : nullptr;
      if (n) {
        const CellNames& cn = *n;
        const LabelInfo* whole = cn[0] ? cn[0]->infos[ti] : nullptr;
        infos.push_back(whole ? whole : c.text.size() > kMaxLabelBytes ? t_.lookup(c.text) : nullptr);
        kinds.push_back(classify(c, cn, ti));
      } else {
        thread_local CellKeys k;
        cell_keys(c, k, &t_);
        infos.push_back(k.whole_ok ? t_.lookup_key(k.whole) : c.text.size() > kMaxLabelBytes ? t_.lookup(c.text) : nullptr);
        kinds.push_back(classify(t_, c, k));
      }
      if (!kinds.back().field().empty()) any_label = true;
      if (c.row_span > 1 && !kinds.back().field().empty() && kinds.back().field() != "indicators.section"sv && row != &labelled)
        spanning = Spanning{c, c.row_span - 1};
    }
    // The goal texts in the row under the 实施期目标|年度目标 header, without
    // a 总体目标 beside them (its cell spans both rows, or a page break came
    // between): the header's 总体目标 labels them.
    if (goals_header_ && !any_label && !table && !r_.goals.period && !r_.goals.annual && !row->cells.empty()) {
      labelled = *row;
      labelled.cells.insert(labelled.cells.begin(), *goals_header_);
      labelled.cells.front().column = -1;
      row = &labelled;
      kinds.insert(kinds.begin(), LabelCell{CellUse::label, &kGoalsRowField, std::nullopt});
      infos.insert(infos.begin(), t_.lookup(labelled.cells.front().text));
      any_label = true;
    }
    goals_header_.reset();
    for (size_t k = 0; k < kinds.size(); ++k)
      if ((kinds[k].field() == "goals.period"sv || kinds[k].field() == "goals.annual"sv) && !kinds[k].inline_value &&
          !r_.goals.period && !r_.goals.annual) {
        goals_header_ = row->cells[k];
        goals_header_->text.clear();  // stands for the 总体目标 label
      }
    // The title and the year line above the grid.
    if (!seen_label && !any_label) {
      for (const auto& c : row->cells) {
        if (!r_.title && t_.is_title(c.text)) {
          r_.title = trim_cell(c.text);
          flag_uncertain(c, "title", file_, record_index_, findings_);
          if (auto y = find_fiscal_year(fold_width(c.text), t_.fiscal_year_suffixes)) r_.fiscal_year = *y;
        } else if (auto y = r_.fiscal_year ? std::nullopt : find_fiscal_year(fold_width(c.text), t_.fiscal_year_suffixes)) {
          r_.fiscal_year = *y;
        } else {
          unplaced(c, "text above the form's grid");
        }
      }
      continue;
    }
    seen_label = true;
    // The indicator table: from its header row to the next row with a field
    // label or the next header (a form may stack a 长期 block above a 年度 one).
    if (IndicatorTable::is_header(t_, *row, &infos)) {
      if (table) table->finish(r_);
      int block = t_.single_block == "annual"sv ? 1 : 0;
      if (next_block_) block = *next_block_;
      for (const auto& c : row->cells)
        if (auto b = t_.indicator_blocks.find(label_key(c.text)); b != t_.indicator_blocks.end())
          block = b->second == "annual"sv ? 1 : 0;
      next_block_.reset();
      goals_texts_below_ = false;
      table.emplace(t_, *row, file_, record_index_, findings_, block);
      continue;
    }
    if (table) {
      // The table ends at a row with a label of the form's other parts (the
      // sign-off, a next form's fields). Funds and goals labels are not taken
      // as such: an indicator may well be named 项目资金.
      bool other_label = false;
      for (const auto& k : kinds)
        if (!k.field().empty() && k.field() != "indicators.section"sv && !k.field().starts_with("funds.") &&
            !k.field().starts_with("goals."))
          other_label = true;
      if (!other_label) {
        table->add_row(*row, infos);
        continue;
      }
      table->finish(r_);
      table.reset();
    }
    if (!any_label && read_goal_texts(*row)) continue;
    goals_texts_below_ = false;
    read_label_row(*row, kinds);
  }
  if (table) table->finish(r_);
  choose_funds_readings();
  flag_blank_funds();
  flag_period_disagreement(attribute_cell_ ? &*attribute_cell_ : nullptr, r_.project.attribute_detail,
                           period_cell_ ? &*period_cell_ : nullptr, r_.project.period_years, file_, record_index_,
                           findings_);
  flag_lost_detail(attribute_cell_ ? &*attribute_cell_ : nullptr, r_.project.attribute_detail, file_, record_index_,
                   findings_);
  return std::move(r_);  // read() is called once: the record is not copied
}

// How well a template knows a form's rows: its labels and indicator header
// words found there, each counted once.
// `keys`: the keys of the rows' cells, in order (cell_keys()).
size_t recognized(const FormTemplate& t, const std::vector<const Row*>& rows, const std::vector<CellKeys>& keys) {
  std::set<std::string> known;
  size_t at = 0;
  for (const Row* row : rows)
    for (const auto& c : row->cells) {
      const CellKeys& k = keys[at++];
      if (!k.whole_ok) continue;
      const std::string& key = k.whole;
      if (const LabelInfo* info = t.lookup_key(key); info && !info->header_role.empty()) {
        known.insert("header:" + key);
        continue;
      }
      if (LabelCell l = classify(t, c, k); !l.field().empty()) known.insert(key);
    }
  return known.size();
}

// The template of a form: among those whose title matched, the one that
// knows most of its labels and header words; on a tie, the first (by name).
const FormTemplate& choose_template(const std::vector<const FormTemplate*>& candidates,
                                    const std::vector<const Row*>& rows) {
  const FormTemplate* best = candidates.front();
  if (candidates.size() == 1) return *best;
  std::vector<CellKeys> keys;  // the same for every candidate
  for (const Row* row : rows)
    for (const auto& c : row->cells) cell_keys(c, keys.emplace_back());
  size_t best_score = recognized(*best, rows, keys);
  for (size_t i = 1; i < candidates.size(); ++i)
    if (size_t sc = recognized(*candidates[i], rows, keys); sc > best_score) {
      best = candidates[i];
      best_score = sc;
    }
  return *best;
}

}  // namespace

// ---- FormStream: rows in, one form at a time out ----

struct FormStream::State {
  const std::vector<FormTemplate>& templates;
  std::string file;
  Deadline deadline;
  Sink& sink;
  std::vector<const FormTemplate*> all;
  // The form being read: a title row starts one; so does a second 项目名称
  // in a form that already has one (a form exported without its title).
  // What row() needs of a cell from every template at once: for each label
  // key of any template, what the key names in each template (one look-up
  // per key, not one per key and template).
  enum Named : uint8_t { none = 0, other = 1, project_name = 2, sign_off = 3, kNamed = 3 };
  static constexpr uint8_t kInlineOk = 4;  // a "label：value" cell may use it (not a funds amount)

  struct Open {
    std::vector<const FormTemplate*> candidates;  // templates whose title matched (all: no title)
    std::vector<Row> rows;
    bool has_name = false;
    bool titled = false;
    bool signed_off = false;  // a sign-off row was seen: the form ends after it
    std::vector<std::vector<CellNames>> names;  // by row and cell (names_of)
  };
  std::optional<Open> open;
  int kept = 0;      // forms that have the form's labels (titled, or 4 labels or more)
  int accepted = 0;  // records made
  CellKeys keys;     // a cell's label keys, built once for every template
  std::optional<std::string> first_rejected;
  Location first_rejected_at;

  std::unordered_map<std::string, KeyNames, FormTemplate::KeyHash, std::equal_to<>> names_index;
  TitleMatch titles;  // the templates' title words

  // A template with only the first and last characters of every
  // template's keys: a cell that cannot be a label of any is not keyed.
  FormTemplate any_template;

  State(const std::vector<FormTemplate>& t, std::string f, Deadline d, Sink& s)
      : templates(t), file(std::move(f)), deadline(d), sink(s), titles(t) {
    for (const auto& x : templates) all.push_back(&x);
    for (const auto& x : templates)
      for (size_t i = 0; i < x.key_first.size(); ++i) {
        any_template.key_first[i] |= x.key_first[i];
        any_template.key_last[i] |= x.key_last[i];
      }
    for (size_t i = 0; i < templates.size(); ++i)
      for (const auto& [key, info] : templates[i].index) {
        auto& names = names_index[key];
        names.codes.resize(templates.size(), uint8_t{none});
        names.fields.resize(templates.size(), nullptr);
        names.infos.resize(templates.size(), nullptr);
        names.infos[i] = &info;
        if (info.field.empty()) continue;
        const std::string& field = info.field;
        uint8_t code = field == "project.name"sv ? project_name : field.starts_with("sign_off.") ? sign_off : other;
        if (!field.starts_with("funds.") || field == "funds.unit"sv) code |= kInlineOk;
        names.codes[i] = code;
        names.fields[i] = &field;
      }
  }

  // names_of() of the cell texts that are a key as a whole (labels), by
  // text: every form of a file has its labels again. Bounded: forgotten when full.
  std::unordered_map<std::string, CellNames, FormTemplate::KeyHash, std::equal_to<>> names_of_labels;

  CellNames names_of(const Cell& c) {
    // Only texts of a label's length are kept (keys.whole_ok): a longer one
    // (a goal, a basis) is not hashed to be looked for.
    if (c.text.size() <= kMaxLabelBytes)
      if (auto it = names_of_labels.find(std::string_view(c.text)); it != names_of_labels.end()) return it->second;
    cell_keys(c, keys, &any_template);  // once for every template
    CellNames n{nullptr, nullptr, nullptr};
    if (keys.whole_ok)
      if (auto it = names_index.find(keys.whole); it != names_index.end()) n[0] = &it->second;
    for (int i = 0; i < 2; ++i)
      if (keys.head_ok[i])
        if (auto it = names_index.find(keys.head[i]); it != names_index.end()) n[1 + i] = &it->second;
    if (n[0]) {
      constexpr size_t kMaxLabelTexts = 4096;
      if (names_of_labels.size() >= kMaxLabelTexts) names_of_labels.clear();
      names_of_labels.emplace(c.text, n);
    }
    return n;
  }
  // classify(templates[t], c).field, from the cell's names: nullptr for "".
  static const std::string* field_in(size_t t, const CellNames& n) {
    if (n[0] && n[0]->fields[t]) return n[0]->fields[t];
    for (int i = 1; i < 3; ++i)
      if (n[i] && (n[i]->codes[t] & kInlineOk)) return n[i]->fields[t];
    return nullptr;
  }
  // classify(t, c) for every template t, as names_project / signs.
  void names_in_any(const CellNames& n, bool& names_project, bool& signs) const {
    if (!n[0] && !n[1] && !n[2]) return;
    for (size_t t = 0; t < templates.size(); ++t) {
      uint8_t code = n[0] ? n[0]->codes[t] & kNamed : none;
      for (int i = 1; i < 3 && code == none; ++i)
        if (n[i] && (n[i]->codes[t] & kInlineOk)) code = n[i]->codes[t] & kNamed;
      if (code == project_name) names_project = true;
      if (code == sign_off) signs = true;
    }
  }

  std::vector<const FormTemplate*> templates_of_title(const Row& row) const { return titles.templates_of(row); }

  void unplaced_row(const Row& row, const std::string& why, Unplaced kind) {
    for (const auto& c : row.cells)
      sink.unplaced(Finding{"unplaced-cell", Severity::warning, why + ": «" + c.text + "»",
                            Location{file, c.line, c.page}, -1, ""},
                    kind);
  }

  // A row outside any form holding only a year line ("（2026年度）"): kept
  // until the next row, which may start a form without its title; else
  // reported unplaced as any such row.
  struct PendingRow {
    Row row;
    std::string why;
    Unplaced kind;
  };
  std::optional<PendingRow> year_line;

  static bool is_year_line(const Row& row, const std::vector<const FormTemplate*>& templates) {
    if (row.cells.size() != 1 || row.cells[0].text.size() > 60) return false;
    const std::string folded = fold_width(row.cells[0].text);
    for (const FormTemplate* t : templates)
      if (find_fiscal_year(folded, t->fiscal_year_suffixes)) return true;
    return false;
  }
  void unplaced_or_year_line(Row&& row, const std::string& why, Unplaced kind) {
    if (is_year_line(row, all)) {
      year_line = PendingRow{std::move(row), why, kind};
      return;
    }
    unplaced_row(row, why, kind);
  }
  void flush_year_line() {
    if (!year_line) return;
    unplaced_row(year_line->row, year_line->why, year_line->kind);
    year_line.reset();
  }

  // The open form is complete: kept or not, accepted or not, read.
  // The names vectors of forms read, emptied, for the next rows (no
  // allocation per row once a form's worth are there).
  std::vector<std::vector<CellNames>> spare_names;
  std::vector<CellNames> names_vector() {
    if (spare_names.empty()) return {};
    std::vector<CellNames> v = std::move(spare_names.back());
    spare_names.pop_back();
    return v;
  }

  void close() {
    if (!open) return;
    Open f = std::move(*open);
    open.reset();
    struct Recycle {  // f.names to spare_names, however close() returns
      std::vector<std::vector<CellNames>>& from;
      std::vector<std::vector<CellNames>>& to;
      ~Recycle() {
        constexpr size_t kMaxSpare = 1024;
        for (auto& v : from)
          if (to.size() < kMaxSpare) {
            v.clear();
            to.push_back(std::move(v));
          }
      }
    } recycle{f.names, spare_names};
    std::vector<const Row*> rows;
    rows.reserve(f.rows.size());
    for (const auto& r : f.rows) rows.push_back(&r);
    // A form without a title is only a form when it has the form's labels: a
    // list whose header has a 项目名称 column (项目支出表) is another table.
    if (!f.titled) {
      std::set<std::string> fields;
      const FormTemplate& chosen = choose_template(f.candidates, rows);  // the same for every cell
      for (const Row* row : rows)
        for (const auto& c : row->cells)
          if (std::string field = classify(chosen, c).field(); !field.empty()) fields.insert(field);
      if (fields.size() < 4) {
        for (const Row* row : rows)
          unplaced_row(*row, "a table that is not a 项目支出绩效目标表 (none of the form's labels but 项目名称)",
                       Unplaced::not_a_form);
        return;
      }
    }
    ++kept;
    if (rows.empty()) return;
    // A form needs its core labels: a title (or 项目名称) in running text is no form.
    const FormTemplate& t = choose_template(f.candidates, rows);
    if (!t.core_fields.empty()) {
      // classify(t, c) of each cell, from the names row() found for it.
      const size_t ti = static_cast<size_t>(&t - templates.data());
      std::vector<std::string_view> seen;  // distinct (a few core fields: no set of strings made)
      for (size_t ri = 0; ri < f.rows.size(); ++ri)
        for (const CellNames& n : f.names[ri])
          if (const std::string* id = field_in(ti, n);
              id && std::find(t.core_fields.begin(), t.core_fields.end(), *id) != t.core_fields.end() &&
              std::find(seen.begin(), seen.end(), *id) == seen.end())
            seen.push_back(*id);
      if (static_cast<int>(seen.size()) < t.core_min) {
        const Row* first = rows.front();
        const Row* last = rows.back();
        std::string where =
            first->page ? "p" + std::to_string(first->page) +
                              (last->page != first->page ? "-" + std::to_string(last->page) : "")
                        : "lines " + std::to_string(first->line) + "-" + std::to_string(last->line);
        std::string why = where + ": " + std::to_string(seen.size()) +
                          " of the form's labels (项目名称, 主管部门, 项目资金, 绩效指标, ...), at least " +
                          std::to_string(t.core_min) + " needed";
        Location at{file, first->line, first->page};
        if (!first_rejected) {
          first_rejected = why;
          first_rejected_at = at;
        }
        sink.unplaced(Finding{"unplaced-cell", Severity::warning,
                              "text with the title words but not a form, not read (" + why + ")", at, -1, ""},
                      Unplaced::rejected);
        return;
      }
    }
    std::vector<Finding> findings;
    FormReader reader(t, file, accepted, findings, deadline);
    Record r = reader.read(f.rows, &f.names, static_cast<size_t>(&t - templates.data()));
    drop_choices_reported_otherwise(findings);
    ++accepted;
    sink.form(std::move(r), std::move(findings));
  }

  void row(Row&& row) {
    check_deadline(deadline, file, row.line, row.page);
    if (auto ts = templates_of_title(row); !ts.empty()) {
      flush_year_line();
      close();
      open = Open{ts, {}, false, true, false, {}};
      std::vector<CellNames> names = names_vector();
      for (const auto& c : row.cells) names.push_back(names_of(c));
      open->names.push_back(std::move(names));
      open->rows.push_back(std::move(row));
      return;
    }
    bool names_project = false, signs = false;
    std::vector<CellNames> names = names_vector();
    names.reserve(row.cells.size());
    for (const auto& c : row.cells) {
      names.push_back(names_of(c));
      names_in_any(names.back(), names_project, signs);
    }
    // Once a form has started, one stays open until the next starts.
    if (names_project && (!open || open->has_name || open->signed_off)) {
      // A year line ending the open form or table (a 项目支出表 above a form
      // whose title was read as garbage: the table ran on to the form's
      // 项目名称) is the next form's: no form ends on its year line.
      if (open && !open->signed_off && open->rows.size() > 1 && is_year_line(open->rows.back(), all) && !year_line) {
        year_line = PendingRow{std::move(open->rows.back()), "text before the form", Unplaced::before_first_form};
        open->rows.pop_back();
        open->names.pop_back();
      }
      close();
      open = Open{all, {}, false, false, false, {}};
      // The year line right above a form whose title was not read (a scan's
      // title read as garbage): the form's, as it would be under its title.
      if (year_line) {
        std::vector<CellNames> year_names = names_vector();
        for (const auto& c : year_line->row.cells) year_names.push_back(names_of(c));
        open->names.push_back(std::move(year_names));
        open->rows.push_back(std::move(year_line->row));
        year_line.reset();
      }
    }
    flush_year_line();
    if (!open) {
      unplaced_or_year_line(std::move(row), "text before the first form", Unplaced::before_first_form);
      return;
    }
    if (open->signed_off && !signs) {
      unplaced_or_year_line(std::move(row), "text after the form's sign-off, outside any form", Unplaced::after_sign_off);
      return;
    }
    open->rows.push_back(std::move(row));
    open->names.push_back(std::move(names));
    if (names_project) open->has_name = true;
    if (signs) open->signed_off = true;
  }
};

FormStream::FormStream(const std::vector<FormTemplate>& templates, std::string file, Deadline deadline, Sink& sink)
    : s_(std::make_unique<State>(templates, std::move(file), deadline, sink)) {}
FormStream::~FormStream() = default;

void FormStream::row(const Row& row) { s_->row(Row(row)); }
void FormStream::row(Row&& row) { s_->row(std::move(row)); }

std::optional<Finding> FormStream::finish() {
  s_->flush_year_line();
  s_->close();
  if (s_->accepted > 0) return std::nullopt;
  std::string why = s_->kept == 0 ? "no title row and no 项目名称 label"
                                  : "the title words are there, but not the form: " + s_->first_rejected.value_or("");
  return Finding{"no-form", Severity::error, "no 项目支出绩效目标表 found (" + why + ")",
                 s_->kept == 0 ? Location{s_->file, 0, 0} : s_->first_rejected_at, -1, ""};
}

int FormStream::records() const { return s_->accepted; }

Normalized normalize(const CellDocument& doc, const std::vector<FormTemplate>& templates, Deadline deadline) {
  // The findings in the order the whole-document reading gave them: the text
  // before the first form, after a sign-off, tables that are no form, forms
  // refused; then each form's.
  struct Collect : FormStream::Sink {
    Normalized out;
    std::vector<Finding> unplaced_by_kind[4];
    std::vector<Finding> of_forms;
    void form(Record&& r, std::vector<Finding>&& findings) override {
      out.records.push_back(std::move(r));
      of_forms.insert(of_forms.end(), std::make_move_iterator(findings.begin()),
                      std::make_move_iterator(findings.end()));
    }
    void unplaced(Finding&& f, Unplaced kind) override {
      unplaced_by_kind[static_cast<int>(kind)].push_back(std::move(f));
    }
  } collect;
  // Read by OCR: labels snapped to the templates' words first.
  bool ocr = false;
  for (const auto& row : doc.rows)
    for (const auto& c : row.cells) ocr = ocr || c.confidence >= 0;
  const std::vector<Row> snapped = ocr ? snap_ocr_labels(doc.rows, templates) : std::vector<Row>{};
  FormStream stream(templates, doc.file, deadline, collect);
  for (const auto& row : ocr ? snapped : doc.rows) stream.row(row);
  Normalized& out = collect.out;
  if (auto none = stream.finish()) {
    out.findings.push_back(std::move(*none));
    return std::move(out);
  }
  for (auto& list : collect.unplaced_by_kind) out.findings.insert(out.findings.end(), list.begin(), list.end());
  out.findings.insert(out.findings.end(), collect.of_forms.begin(), collect.of_forms.end());
  for (Record& r : out.records) {
    // A form on a page read by OCR says so in its source.
    if (doc.ocr && r.source.pages)
      for (int p : doc.ocr->pages)
        if (p >= r.source.pages->first && p <= r.source.pages->second)
          r.source.ocr = OcrRef{doc.ocr->engine, doc.ocr->version, doc.ocr->model, doc.ocr->dpi};
  }
  return std::move(out);
}

}  // namespace perfgoal
