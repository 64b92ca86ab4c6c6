#include "normalize/normalize.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <regex>
#include <set>

#include "model/fields.h"
#include "normalize/cell_text.h"
#include "normalize/indicator_table.h"
#include "normalize/ocr_review.h"
#include "normalize/value_reader.h"

namespace perfgoal {
namespace {

// A cell split into a label and, when the form wrote both in one cell
// ("负责人：张三"), the value after the colon.
struct LabelCell {
  std::string field;               // field id, "" when the cell is not a label
  std::optional<std::string> inline_value;
};

LabelCell classify(const FormTemplate& t, const Cell& c) {
  std::string f = t.field_of(c.text);
  if (!f.empty()) return {f, std::nullopt};
  // "label：value" in one cell
  for (std::string_view colon : {"：", ":"}) {
    size_t p = c.text.find(colon);
    if (p == std::string::npos || p == 0) continue;
    std::string head = c.text.substr(0, p);
    std::string field = t.field_of(head);
    if (!field.empty() && (field.rfind("funds.", 0) != 0 || field == "funds.unit"))
      return {field, cell_text_or_null(c.text.substr(p + colon.size()))};
  }
  return {};
}

class FormReader {
 public:
  FormReader(const FormTemplate& t, const std::string& file, int record_index, std::vector<Finding>& findings)
      : t_(t), file_(file), record_index_(record_index), findings_(findings) {}

  Record read(const std::vector<const Row*>& rows);

 private:
  const FormTemplate& t_;
  const std::string& file_;
  int record_index_;
  std::vector<Finding>& findings_;
  Record r_;

  // Columns of the labels that head the 实施期 / 年度 halves, where seen.
  std::optional<int> funds_period_col_, funds_annual_col_;
  std::optional<int> goals_period_col_, goals_annual_col_;
  int funds_shift_ = 0;  // 4 when the funds block is in 万元
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
  if (!d) {
    unreadable(*value_cell, field, "amount that is not a number");
    return;
  }
  if (slot) {
    unplaced(*value_cell, "a second value for " + field);
    return;
  }
  slot = d->shifted(funds_shift_);
  flag_uncertain(*value_cell, field, file_, record_index_, findings_);
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
  if (field == "project.department") {
    static const std::regex code_name(R"(^\s*([0-9A-Za-z]+)\s*(?:-|－|—|–|\s)\s*(.+?)\s*$)");
    std::smatch m;
    if (std::regex_match(*value, m, code_name)) {
      r_.project.department_code = m[1].str();
      r_.project.department = m[2].str();
    } else {
      r_.project.department = value;
    }
    return;
  }
  if (field == "project.attribute") {
    static const std::regex with_detail(R"(^(.*?)\s*(?:（|\()(.*)(?:）|\))\s*$)");
    std::smatch m;
    if (std::regex_match(*value, m, with_detail) && !m[1].str().empty()) {
      r_.project.attribute = m[1].str();
      r_.project.attribute_detail = cell_text_or_null(m[2].str());
    } else {
      r_.project.attribute = value;
    }
    return;
  }
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
      static const std::regex years(R"(^\s*([0-9]{1,4})\s*(?:年)?\s*$)");
      std::smatch m;
      std::string folded = fold_width(*value);
      if (std::regex_match(folded, m, years))
        f->integer(r_) = std::stoi(m[1].str());
      else if (value_cell)
        unreadable(*value_cell, field, t_.label(field) + " that is not a number of years");
      return;
    }
    case FieldKind::date_time: {
      std::string v = fold_width(*value);
      static const std::regex stamp14(R"(^([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})$)");
      static const std::regex date8(R"(^([0-9]{4})([0-9]{2})([0-9]{2})$)");
      // std::regex works on bytes: a Chinese character in [...] or before ? is
      // not one unit, so they are written as groups.
      static const std::regex iso(
          R"(^([0-9]{4})(?:-|/|\.|年)([0-9]{1,2})(?:-|/|\.|月)([0-9]{1,2})(?:日)?(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?$)");
      std::smatch m;
      auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
      auto& slot = f->text(r_);
      if (std::regex_match(v, m, stamp14)) {
        slot = m[1].str() + "-" + m[2].str() + "-" + m[3].str() + "T" + m[4].str() + ":" + m[5].str() + ":" + m[6].str();
      } else if (std::regex_match(v, m, date8)) {
        slot = m[1].str() + "-" + m[2].str() + "-" + m[3].str();
      } else if (std::regex_match(v, m, iso)) {
        std::string d = m[1].str() + "-" + two(m[2].str()) + "-" + two(m[3].str());
        if (m[4].matched) d += "T" + two(m[4].str()) + ":" + m[5].str() + ":" + (m[6].matched ? m[6].str() : "00");
        slot = d;
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
  std::map<std::string, int> seen, count;
  for (const auto& k : kinds)
    if (k.field.rfind("funds.", 0) == 0) count[k.field]++;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string field = kinds[i].field;
    if (field.empty() || field == "(value)") continue;
    // The value: the inline one, or the next cell when it is not a label.
    const Cell* value_cell = nullptr;
    std::optional<std::string> value = kinds[i].inline_value;
    size_t next = i + 1;
    if (!value && next < cells.size() && kinds[next].field.empty()) {
      value_cell = &cells[next];
      value = cell_text_or_null(value_cell->text);
    }
    if (value_cell) kinds[next].field = "(value)";  // consumed
    if (!value_cell && kinds[i].inline_value) value_cell = &cells[i];

    if (field == "indicators.section") {
      if (auto b = t_.indicator_blocks.find(label_key(cells[i].text)); b != t_.indicator_blocks.end())
        next_block_ = b->second == "annual" ? 1 : 0;
      continue;
    }
    if (field == "funds.section") {
      set_unit(cells[i].text);
      if (value_cell) kinds[next].field.clear();  // the section label has no value of its own
      continue;
    }
    if (field == "funds.unit") {  // 单位：万元
      if (value) set_unit(*value);
      continue;
    }
    if (field == "funds.period_column" || field == "funds.annual_column") {  // 实施期 | 年度 over the amounts
      (field == "funds.period_column" ? funds_period_col_ : funds_annual_col_) = cells[i].column;
      if (value_cell) kinds[next].field.clear();
      continue;
    }
    if (field.rfind("funds.", 0) == 0 && next < cells.size() && value_cell && next + 1 < cells.size() &&
        kinds[next + 1].field.empty()) {
      // A funds label followed by amounts for both columns (资金总额 | 实施期 | 年度).
      std::string source = field.substr(6);
      if (source == "period.total" || source == "annual.total") source = "total";
      std::vector<const Cell*> amounts;
      for (size_t k = next; k < cells.size() && (kinds[k].field.empty() || k == next); ++k) {
        amounts.push_back(&cells[k]);
        kinds[k].field = "(value)";
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
    if (field == "funds.period.total") {
      funds_period_col_ = cells[i].column;
      set_money(r_.funds.period.total, field, value_cell);
      continue;
    }
    if (field == "funds.annual.total") {
      funds_annual_col_ = cells[i].column;
      set_money(r_.funds.annual.total, field, value_cell);
      continue;
    }
    if (field.rfind("funds.", 0) == 0) {
      std::string source = field.substr(6);
      int occurrence = seen[source]++;
      bool annual = t_.funds_columns.size() == 1 ? t_.funds_columns[0] == "annual"
                    : count[field] >= 2          ? occurrence > 0
                                        : closer_to_annual(cells[i].column, funds_period_col_, funds_annual_col_, occurrence);
      set_funds(source, annual, value_cell);
      continue;
    }
    if (field == "goals.period" || field == "goals.annual") {
      (field == "goals.period" ? goals_period_col_ : goals_annual_col_) = cells[i].column;
      if (value)
        (field == "goals.period" ? r_.goals.period : r_.goals.annual) = value;
      else
        goals_texts_below_ = true;
      if (value && value_cell) flag_uncertain(*value_cell, field, file_, record_index_, findings_);
      continue;
    }
    if (field == "goals.row") {
      // The texts after 总体目标: by the columns of the header above, else in order.
      if (value_cell) kinds[next].field.clear();
      std::vector<const Cell*> texts;
      for (size_t k = i + 1; k < cells.size() && kinds[k].field.empty(); ++k) {
        texts.push_back(&cells[k]);
        kinds[k].field = "(value)";
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
    if (value_cell) flag_uncertain(*value_cell, field, file_, record_index_, findings_);
    set_field(field, value_cell, value);
  }
  for (size_t i = 0; i < cells.size(); ++i)
    if (kinds[i].field.empty()) unplaced(cells[i], "no label before it");
}

Record FormReader::read(const std::vector<const Row*>& rows) {
  r_.source.file = file_;
  int first_line = 0, last_line = 0, first_page = 0, last_page = 0;
  for (const Row* row : rows) {
    if (row->line) { if (!first_line) first_line = row->line; last_line = row->line; }
    if (row->page) { if (!first_page) first_page = row->page; last_page = row->page; }
  }
  if (first_line) r_.source.lines = std::make_pair(first_line, last_line);
  if (first_page) r_.source.pages = std::make_pair(first_page, last_page);

  const std::regex& year = t_.fiscal_year;
  bool seen_label = false;
  std::optional<IndicatorTable> table;
  for (const Row* row : rows) {
    std::vector<LabelCell> kinds;
    bool any_label = false;
    for (const auto& c : row->cells) {
      kinds.push_back(classify(t_, c));
      if (!kinds.back().field.empty()) any_label = true;
    }
    // The title and the year line above the grid.
    if (!seen_label && !any_label) {
      for (const auto& c : row->cells) {
        std::smatch m;
        if (!r_.title && t_.is_title(c.text)) {
          r_.title = trim_cell(c.text);
          flag_uncertain(c, "title", file_, record_index_, findings_);
          std::string folded = fold_width(c.text);
          if (std::regex_search(folded, m, year)) r_.fiscal_year = std::stoi(m[1].str());
        } else if (std::string folded = fold_width(c.text); !r_.fiscal_year && std::regex_search(folded, m, year)) {
          r_.fiscal_year = std::stoi(m[1].str());
        } else {
          unplaced(c, "text above the form's grid");
        }
      }
      continue;
    }
    seen_label = true;
    // The indicator table: from its header row to the next row with a field
    // label or the next header (a form may stack a 长期 block above a 年度 one).
    if (IndicatorTable::is_header(t_, *row)) {
      if (table) table->finish(r_);
      int block = t_.single_block == "annual" ? 1 : 0;
      if (next_block_) block = *next_block_;
      for (const auto& c : row->cells)
        if (auto b = t_.indicator_blocks.find(label_key(c.text)); b != t_.indicator_blocks.end())
          block = b->second == "annual" ? 1 : 0;
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
        if (!k.field.empty() && k.field != "indicators.section" && k.field.rfind("funds.", 0) != 0 &&
            k.field.rfind("goals.", 0) != 0)
          other_label = true;
      if (!other_label) {
        table->add_row(*row);
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
  return r_;
}

// How well a template knows a form's rows: its labels and indicator header
// words found there, each counted once.
size_t recognized(const FormTemplate& t, const std::vector<const Row*>& rows) {
  std::set<std::string> known;
  for (const Row* row : rows)
    for (const auto& c : row->cells) {
      if (c.text.size() > kMaxLabelBytes) continue;
      std::string key = label_key(c.text);
      if (t.indicator_header.count(key)) {
        known.insert("header:" + key);
        continue;
      }
      if (LabelCell l = classify(t, c); !l.field.empty()) known.insert(key);
    }
  return known.size();
}

// The template of a form: among those whose title matched, the one that
// knows most of its labels and header words; on a tie, the first (by name).
const FormTemplate& choose_template(const std::vector<const FormTemplate*>& candidates,
                                    const std::vector<const Row*>& rows) {
  const FormTemplate* best = candidates.front();
  if (candidates.size() == 1) return *best;
  size_t best_score = recognized(*best, rows);
  for (size_t i = 1; i < candidates.size(); ++i)
    if (size_t sc = recognized(*candidates[i], rows); sc > best_score) {
      best = candidates[i];
      best_score = sc;
    }
  return *best;
}

}  // namespace

Normalized normalize(const CellDocument& doc, const std::vector<FormTemplate>& templates) {
  Normalized out;
  // Split the rows into forms: a title row starts one; so does a second
  // 项目名称 in a form that already has one (a form exported without its title).
  struct FormRows {
    std::vector<const FormTemplate*> candidates;  // templates whose title matched (all: no title)
    std::vector<const Row*> rows;
    bool has_name = false;
  };
  std::vector<FormRows> forms;
  std::vector<const Row*> before_any;
  auto templates_of_title = [&](const Row& row) {
    std::vector<const FormTemplate*> out;
    for (const auto& t : templates) {
      bool match = false;
      for (const auto& c : row.cells) match = match || t.is_title(c.text);
      if (match) out.push_back(&t);
    }
    return out;
  };
  std::vector<const FormTemplate*> all;
  for (const auto& t : templates) all.push_back(&t);
  // Read by OCR: labels snapped to the templates' words first.
  bool ocr = false;
  for (const auto& row : doc.rows)
    for (const auto& c : row.cells) ocr = ocr || c.confidence >= 0;
  const std::vector<Row> snapped = ocr ? snap_ocr_labels(doc.rows, templates) : std::vector<Row>{};
  for (const auto& row : ocr ? snapped : doc.rows) {
    if (auto ts = templates_of_title(row); !ts.empty()) {
      forms.push_back(FormRows{ts, {&row}, false});
      continue;
    }
    bool names_project = false;
    for (const auto& t : templates)
      for (const auto& c : row.cells)
        if (t.field_of(c.text) == "project.name") names_project = true;
    if (names_project && (forms.empty() || forms.back().has_name)) {
      forms.push_back(FormRows{all, {}, false});
    }
    if (forms.empty()) {
      before_any.push_back(&row);
      continue;
    }
    forms.back().rows.push_back(&row);
    if (names_project) forms.back().has_name = true;
  }
  for (const Row* row : before_any)
    for (const auto& c : row->cells)
      out.findings.push_back(Finding{"unplaced-cell", Severity::warning,
                                     "text before the first form: «" + c.text + "»",
                                     Location{doc.file, c.line, c.page}, -1, ""});
  if (forms.empty()) {
    out.findings.push_back(Finding{"no-form", Severity::error,
                                   "no 项目支出绩效目标表 found (no title row and no 项目名称 label)",
                                   Location{doc.file, 0, 0}, -1, ""});
    return out;
  }
  for (const auto& f : forms) {
    FormReader reader(choose_template(f.candidates, f.rows), doc.file, static_cast<int>(out.records.size()),
                      out.findings);
    out.records.push_back(reader.read(f.rows));
    // A form on a page read by OCR says so in its source.
    Record& r = out.records.back();
    if (doc.ocr && r.source.pages)
      for (int p : doc.ocr->pages)
        if (p >= r.source.pages->first && p <= r.source.pages->second)
          r.source.ocr = OcrRef{doc.ocr->engine, doc.ocr->version, doc.ocr->model, doc.ocr->dpi};
  }
  return out;
}

}  // namespace perfgoal
