#include "normalize/normalize.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <regex>

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
    if (!field.empty() && field.rfind("funds.", 0) != 0) return {field, cell_text_or_null(c.text.substr(p + colon.size()))};
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
  void set_field(const std::string& field, const Cell& label, const Cell* value_cell,
                 const std::optional<std::string>& value);
  void set_money(std::optional<Decimal>& slot, const std::string& field, const Cell* value_cell);
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

void FormReader::set_field(const std::string& field, const Cell& label, const Cell* value_cell,
                           const std::optional<std::string>& value) {
  auto set_text = [&](std::optional<std::string>& slot) {
    if (!value) return;
    if (slot) {
      if (value_cell) unplaced(*value_cell, "a second value for " + field);
      return;
    }
    slot = value;
  };
  if (field == "project.name") return set_text(r_.project.name);
  if (field == "project.implementing_unit") return set_text(r_.project.implementing_unit);
  if (field == "overview") return set_text(r_.overview);
  if (field == "basis") return set_text(r_.basis);
  if (field == "necessity") return set_text(r_.necessity);
  if (field == "safeguards") return set_text(r_.safeguards);
  if (field == "schedule") return set_text(r_.schedule);
  if (field == "sign_off.responsible") return set_text(r_.sign_off.responsible);
  if (field == "sign_off.handler") return set_text(r_.sign_off.handler);
  if (field == "sign_off.phone") return set_text(r_.sign_off.phone);
  if (field == "project.department") {
    if (!value) return;
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
    if (!value) return;
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
  if (field == "project.period_years") {
    if (!value) return;
    static const std::regex years(R"(^\s*([0-9]{1,4})\s*(?:年)?\s*$)");
    std::smatch m;
    std::string folded = fold_width(*value);
    if (std::regex_match(folded, m, years))
      r_.project.period_years = std::stoi(m[1].str());
    else if (value_cell)
      unreadable(*value_cell, field, "项目期 that is not a number of years");
    return;
  }
  if (field == "sign_off.filed_at") {
    if (!value) return;
    std::string v = fold_width(*value);
    static const std::regex stamp14(R"(^([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})$)");
    static const std::regex date8(R"(^([0-9]{4})([0-9]{2})([0-9]{2})$)");
    // std::regex works on bytes: a Chinese character in [...] or before ? is
    // not one unit, so they are written as groups.
    static const std::regex iso(
        R"(^([0-9]{4})(?:-|/|\.|年)([0-9]{1,2})(?:-|/|\.|月)([0-9]{1,2})(?:日)?(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?$)");
    std::smatch m;
    auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
    if (std::regex_match(v, m, stamp14)) {
      r_.sign_off.filed_at = m[1].str() + "-" + m[2].str() + "-" + m[3].str() + "T" + m[4].str() + ":" + m[5].str() +
                             ":" + m[6].str();
    } else if (std::regex_match(v, m, date8)) {
      r_.sign_off.filed_at = m[1].str() + "-" + m[2].str() + "-" + m[3].str();
    } else if (std::regex_match(v, m, iso)) {
      std::string d = m[1].str() + "-" + two(m[2].str()) + "-" + two(m[3].str());
      if (m[4].matched) d += "T" + two(m[4].str()) + ":" + m[5].str() + ":" + (m[6].matched ? m[6].str() : "00");
      r_.sign_off.filed_at = d;
    } else if (value_cell) {
      unreadable(*value_cell, field, "填报日期 that is not a date");
    }
    return;
  }
  (void)label;
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

    if (field == "indicators.section") continue;
    if (field == "funds.section") {
      std::string key = label_key(cells[i].text);
      funds_shift_ = key.find("万元") != std::string::npos ? 4 : key.find("亿元") != std::string::npos ? 8 : 0;
      if (value_cell) kinds[next].field.clear();  // the section label has no value of its own
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
      bool annual = count[field] >= 2 ? occurrence > 0
                                      : closer_to_annual(cells[i].column, funds_period_col_, funds_annual_col_, occurrence);
      Funds& f = annual ? r_.funds.annual : r_.funds.period;
      std::optional<Decimal>* slot = source == "central"       ? &f.central
                                     : source == "provincial"  ? &f.provincial
                                     : source == "local"       ? &f.local
                                     : source == "self_raised" ? &f.self_raised
                                                               : &f.other;
      set_money(*slot, std::string("funds.") + (annual ? "annual." : "period.") + source, value_cell);
      continue;
    }
    if (field == "goals.period" || field == "goals.annual") {
      (field == "goals.period" ? goals_period_col_ : goals_annual_col_) = cells[i].column;
      if (value) (field == "goals.period" ? r_.goals.period : r_.goals.annual) = value;
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
    set_field(field, cells[i], value_cell, value);
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
    // The indicator table: from its header row to the next row with a field label.
    if (IndicatorTable::is_header(t_, *row)) {
      table.emplace(t_, *row, file_, record_index_, findings_);
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
    read_label_row(*row, kinds);
  }
  if (table) table->finish(r_);
  return r_;
}

}  // namespace

Normalized normalize(const CellDocument& doc, const std::vector<FormTemplate>& templates) {
  Normalized out;
  // Split the rows into forms: a title row starts one; so does a second
  // 项目名称 in a form that already has one (a form exported without its title).
  struct FormRows {
    const FormTemplate* tmpl = nullptr;
    std::vector<const Row*> rows;
    bool has_name = false;
  };
  std::vector<FormRows> forms;
  std::vector<const Row*> before_any;
  auto template_of_title = [&](const Row& row) -> const FormTemplate* {
    for (const auto& t : templates)
      for (const auto& c : row.cells)
        if (t.is_title(c.text)) return &t;
    return nullptr;
  };
  // Read by OCR: labels snapped to the templates' words first.
  bool ocr = false;
  for (const auto& row : doc.rows)
    for (const auto& c : row.cells) ocr = ocr || c.confidence >= 0;
  const std::vector<Row> snapped = ocr ? snap_ocr_labels(doc.rows, templates) : std::vector<Row>{};
  for (const auto& row : ocr ? snapped : doc.rows) {
    if (const FormTemplate* t = template_of_title(row)) {
      forms.push_back(FormRows{t, {&row}, false});
      continue;
    }
    bool names_project = false;
    const FormTemplate* label_template = nullptr;
    for (const auto& t : templates)
      for (const auto& c : row.cells)
        if (std::string f = t.field_of(c.text); !f.empty()) {
          if (!label_template) label_template = &t;
          if (f == "project.name") names_project = true;
        }
    if (names_project && (forms.empty() || forms.back().has_name)) {
      forms.push_back(FormRows{label_template, {}, false});
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
    FormReader reader(*f.tmpl, doc.file, static_cast<int>(out.records.size()), out.findings);
    out.records.push_back(reader.read(f.rows));
  }
  return out;
}

}  // namespace perfgoal
