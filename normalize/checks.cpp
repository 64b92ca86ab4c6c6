#include "normalize/checks.h"

#include <deque>
#include <mutex>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>

#include "model/errors.h"
#include "model/fields.h"
#include "model/text_safety.h"
#include "config/form_template.h"
#include "config/yaml_file.h"

namespace perfgoal {
using namespace std::string_view_literals;

const std::vector<RuleInfo>& check_rules() {
  static const std::vector<RuleInfo> rules = {
      {"funds-sum", Severity::error, "funds sources do not add up to the total (each period)"},
      {"funds-period-missing", Severity::error, "实施期 total missing or 0 while the 年度 total is not"},
      {"funds-annual-exceeds-period", Severity::error, "年度资金总额 larger than 实施期资金总额"},
      {"request-vs-annual", Severity::error, "本次申请资金 differs from 年度资金总额"},
      {"cost-vs-annual", Severity::warning, "成本指标 amounts do not match 年度资金总额"},
      {"cost-without-amount", Severity::warning, "成本指标 rows, none with an amount of money"},
      {"cost-unit-slip", Severity::warning, "a 成本指标 amount 10 or 10,000 times the project's money, or a 10th or 10,000th of it (万/元 slip)"},
      {"weights-sum", Severity::warning, "the weights (权重) of an indicator block do not add up to 100"},
      {"percent-range", Severity::error, "a percentage below 0 or above 100"},
      {"satisfaction-direction", Severity::warning, "satisfaction target written with ≤ or <"},
      {"rate-direction", Severity::warning, "rate to reach (合格率, 完成率...) written with ≤ or <"},
      {"quantity-direction", Severity::info, "数量指标 (not money) written with ≤ or <"},
      {"doubled-text", Severity::warning, "the same text twice (提高提高)"},
      {"value-missing", Severity::warning, "an indicator name with no value"},
      {"name-missing", Severity::warning, "an indicator value with no name"},
      {"value-same-as-name", Severity::warning, "the value repeats the indicator name"},
      {"name-truncated", Severity::warning, "a name cut short in one column (实施期 vs 年度)"},
      {"no-quantitative-output", Severity::warning, "no 产出指标 with a number"},
      {"category-missing", Severity::warning, "no rows for a required 一级指标 (or its 二级指标)"},
      {"duplicate-form", Severity::warning, "the same project twice (in one input or across inputs)"},
      {"required-field", Severity::warning, "a required field is blank (severity per field in checks.yaml)"},
      {"signoff-blank", Severity::info, "负责人 / 经办人 / 联系电话 blank"},
      {"bad-character", Severity::warning, "a text holding a character XML and Excel cannot hold (control, not UTF-8)"},
      {"text-over-cell-limit", Severity::info, "a text longer than an Excel cell holds (32,767 characters)"},
      // Findings of the other stages, curated here too.
      {"unplaced-cell", Severity::warning, "an input cell that could not be placed in the record"},
      {"unreadable-value", Severity::warning, "a cell whose value could not be read (amount, date, years)"},
      {"no-form", Severity::error, "no form found in an input"},
      {"reader", Severity::warning, "something the reader noticed (undecodable bytes, ...)"},
      {"input-error", Severity::error, "an input that could not be read at all"},
  };
  return rules;
}

bool parse_severity(const std::string& text, Severity& out) {
  for (Severity s : {Severity::info, Severity::warning, Severity::error})
    if (text == severity_name(s)) {
      out = s;
      return true;
    }
  return false;
}

int FindingCounts::at_least(Severity s) const {
  switch (s) {
    case Severity::info: return info + warning + error;
    case Severity::warning: return warning + error;
    case Severity::error: return error;
  }
  return 0;
}

FindingCounts count_findings(std::span<const Finding> findings) {
  FindingCounts n;
  for (const auto& f : findings) (f.severity == Severity::error ? n.error : f.severity == Severity::warning ? n.warning : n.info)++;
  return n;
}

namespace {

Severity default_severity(const std::string& rule) {
  for (const auto& r : check_rules())
    if (rule == r.id) return r.severity;
  return Severity::warning;
}

// ---- text helpers -------------------------------------------------------

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// «text» on one line, long texts cut.
std::string in_guillemets(std::string_view text, size_t max = 40) {
  std::string one(text);
  for (char& c : one)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return "«" + text_head(one, max) + "»";
}

bool contains(std::string_view s, std::string_view word) { return !word.empty() && s.find(word) != std::string_view::npos; }
bool contains_any(std::string_view s, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return contains(s, w); });
}

// A category name as compared: label_key without a trailing 指标, so that
// 满意度指标 / 满意度 and 经济效益 / 经济效益指标 are the same.
void category_key_into(std::string& k, std::string_view s) {
  label_key_into(k, s);
  constexpr std::string_view suffix = "指标";
  if (k.size() > suffix.size() && std::string_view(k).ends_with(suffix)) k.resize(k.size() - suffix.size());
}
std::string category_key(std::string_view s) {
  std::string k;
  category_key_into(k, s);
  return k;
}

// 19880424.28 -> "19,880,424.28 元"
std::string yuan(const Decimal& d) {
  std::string s = d.to_string_fixed(2);
  std::string sign = s[0] == '-' ? "-" : "";
  std::string digits = s.substr(sign.size());
  size_t point = digits.find('.');
  std::string whole = digits.substr(0, point), fraction = point == std::string::npos ? "" : digits.substr(point);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return sign + grouped + fraction + " 元";
}

// ---- record helpers -----------------------------------------------------

// Where a record starts: its place in the input when given (a YAML input),
// else its source (file and first line or page).
struct Place {
  const std::string& file;       // the input's name
  const Location* given = nullptr;
};

Location record_location(const Record& r, const Place& p) {
  if (p.given) return *p.given;
  Location l;
  l.file = r.source.file.empty() ? p.file : r.source.file;
  if (r.source.lines) l.line = r.source.lines->first;
  if (r.source.pages) l.page = r.source.pages->first;
  return l;
}

Location indicator_location(const Record& r, const Indicator& ind, const Place& p) {
  Location l = record_location(r, p);
  if (ind.line || ind.page) {
    l.line = ind.line;
    l.page = p.given ? 0 : ind.page;
  }
  return l;
}

std::string project_label(const Record& r) { return r.project.name ? in_guillemets(*r.project.name, 24) + " " : ""; }

// Every field of a record as path -> text (nullopt: blank), in record order
// (an indicator's reading of its value left out: the value is compared).
using Flat = std::vector<std::pair<std::string, std::optional<std::string>>>;
Flat flatten(const Record& r) {
  Flat out;
  for (const auto& f : record_fields()) {
    std::string path(f.path);
    if (f.kind == FieldKind::funds) {
      for (const auto& m : funds_fields()) out.emplace_back(path + "." + std::string(m.path), field_text(m, f.funds(r)));
    } else if (f.kind == FieldKind::indicators) {
      const auto& list = f.list(r);
      for (size_t i = 0; i < list.size(); ++i)
        for (const auto& m : indicator_fields())
          if (!m.reading)
            out.emplace_back(path + "[" + std::to_string(i) + "]." + std::string(m.path), field_text(m, list[i]));
    } else {
      out.emplace_back(path, field_text(f, r));
    }
  }
  return out;
}

// Where the field at a path is, for blank_field: a field of the record, or
// an amount of a funds column; neither (paths into the indicator lists, or
// none) when `field` is null. Resolved once a path (the configuration's
// required fields are looked at for every record).
struct FieldAt {
  const RecordField* field = nullptr;  // the record's field, or its funds column
  const FundsField* amount = nullptr;  // the column's amount (field is a funds column)
};
FieldAt field_at(std::string_view path) {
  for (const auto& f : record_fields()) {
    if (f.kind == FieldKind::indicators) continue;
    if (f.kind == FieldKind::funds) {
      if (path.size() <= f.path.size() + 1 || !path.starts_with(f.path) || path[f.path.size()] != '.') continue;
      if (const FundsField* m = find_funds_field(path.substr(f.path.size() + 1))) return {&f, m};
      continue;
    }
    if (path != f.path) continue;
    switch (f.kind) {
      case FieldKind::text:
      case FieldKind::date_time:
      case FieldKind::integer:
      case FieldKind::years:
      case FieldKind::money:
      case FieldKind::quantity: return {&f, nullptr};
      default: return {};
    }
  }
  return {};
}

// Is the field at `at` blank (a field of the record or of a funds column)?
// nullopt for any other path (into the indicator lists, or none).
std::optional<bool> blank_field(const Record& r, const FieldAt& at) {
  if (!at.field) return std::nullopt;
  const RecordField& f = *at.field;
  if (at.amount) return !at.amount->number(f.funds(r)).has_value();
  switch (f.kind) {
    case FieldKind::text:
    case FieldKind::date_time: return !f.text(r).has_value();
    case FieldKind::integer:
    case FieldKind::years: return !f.integer(r).has_value();
    case FieldKind::money:
    case FieldKind::quantity: return !f.number(r).has_value();
    default: return std::nullopt;
  }
}

// 32 bits: two texts of one field hash alike once in four billion pairs.
std::uint32_t text_hash(const std::optional<std::string>& v) {
  if (!v) return 0u;  // blank
  std::uint64_t h = std::hash<std::string>{}(*v);
  return static_cast<std::uint32_t>(h ^ (h >> 32)) | 1u;  // odd: a text, "" included
}

// The paths of a digest's fields (flatten's, for a record of its list sizes).
std::vector<std::string> digest_paths(const FormDigest& d) {
  Record r;
  size_t k = 0;
  for (const auto& f : record_fields())
    if (f.kind == FieldKind::indicators) f.list(r).resize(k < d.list_sizes.size() ? d.list_sizes[k++] : 0);
  std::vector<std::string> paths;
  for (auto& [path, v] : flatten(r)) paths.push_back(std::move(path));
  return paths;
}

// The fields in which two forms differ (paths), at most `max` listed.
std::string differing_fields(const FormDigest& a, const FormDigest& b, size_t max = 6) {
  // Identical forms (the usual duplicate): no paths to make.
  if (a.list_sizes == b.list_sizes && a.hashes == b.hashes) return "";
  const auto pa = digest_paths(a);
  if (pa.size() != a.hashes.size()) return "";  // never: made by digest_form
  std::vector<std::string> diff;
  if (a.list_sizes == b.list_sizes && a.hashes.size() == b.hashes.size()) {
    // The same paths in the same order: side by side.
    for (size_t i = 0; i < pa.size(); ++i)
      if (a.hashes[i] != b.hashes[i]) diff.push_back(pa[i]);
  } else {
    const auto pb = digest_paths(b);
    if (pb.size() != b.hashes.size()) return "";  // never: made by digest_form
    std::map<std::string_view, std::uint32_t> mb;
    for (size_t i = 0; i < pb.size(); ++i) mb.emplace(pb[i], b.hashes[i]);
    for (size_t i = 0; i < pa.size(); ++i) {
      auto it = mb.find(pa[i]);
      if (it == mb.end() || it->second != a.hashes[i]) diff.push_back(pa[i]);
      if (it != mb.end()) mb.erase(it);
    }
    for (const auto& path : pb)
      if (mb.count(path)) diff.push_back(path);
  }
  if (diff.empty()) return "";
  std::string out;
  for (size_t i = 0; i < diff.size() && i < max; ++i) out.append(i ? ", " : "").append(diff[i]);
  if (diff.size() > max) out += ", … (" + std::to_string(diff.size() - max) + " more)";
  return out;
}

std::string duplicate_key(const Record& r) {
  if (!r.project.name) return "";
  std::string dept = r.project.department_code ? *r.project.department_code
                     : r.project.department   ? label_key(*r.project.department)
                                              : "";
  return label_key(*r.project.name) + "|" + dept + "|" + (r.fiscal_year ? std::to_string(*r.fiscal_year) : "");
}

Finding duplicate_finding(const FormDigest& later, const FormDigest& earlier) {
  const Location& first = earlier.place;
  std::string where = format_location(first.file, first.line, first.page);
  if (!where.empty() && where.back() == ':') where.pop_back();  // "file:505", not "file:505:"
  std::string diff = differing_fields(earlier, later);
  std::string label = later.name ? in_guillemets(*later.name, 24) + " " : "";
  std::string msg = label + "与 " + where + " 的表是同一项目，重复填报 (duplicate form; " +
                    (diff.empty() ? std::string("identical)") : "differs in: " + diff + ")");
  return Finding{"duplicate-form", default_severity("duplicate-form"), msg, later.place, later.index, "project.name"};
}

// ---- what the outputs cannot hold as it is (model/text_safety.h) --------

// Calls fn(path, text) for every text field of a record in flatten()'s order
// (numbers, written in ASCII digits, are left out); `path` is a function
// building the field's path, for the few fields that need it.
template <class Fn>
void for_each_text(const Record& r, Fn&& fn) {
  for (const auto& f : record_fields()) {
    if (f.kind == FieldKind::indicators) {
      const auto& list = f.list(r);
      for (size_t i = 0; i < list.size(); ++i)
        for (const auto& m : indicator_fields())
          if (!m.reading && (m.kind == FieldKind::text || m.kind == FieldKind::date_time))
            if (const auto& v = m.text(list[i]))
              fn([&] { return std::string(f.path) + "[" + std::to_string(i) + "]." + std::string(m.path); }, *v);
    } else if (f.kind == FieldKind::text || f.kind == FieldKind::date_time) {
      if (const auto& v = f.text(r)) fn([&] { return std::string(f.path); }, *v);
    }
  }
}

// A text every output holds as it is: no byte to replace, and short enough
// for a cell (a text's UTF-16 length is at most its length in bytes).
bool is_safe_text(std::string_view text) { return text.size() <= kMaxCellText && unsafe_character(text).empty(); }

void report_unwritable_texts(const Record& r, int index, const Location& at, std::vector<Finding>& out) {
  for_each_text(r, [&](auto path_of, const std::string& text) {
    if (is_safe_text(text)) return;
    std::string path = path_of();
    std::optional<std::string> v = text;
    std::string who = project_label(r);
    if (std::string why = unsafe_character(*v); !why.empty())
      out.push_back(Finding{"bad-character", default_severity("bad-character"),
                            who + path + " 含有 XML 与 Excel 不能容纳的字符，工作簿中显示为 �，XML 不写出该表 (" + why +
                                ": shown as U+FFFD in the workbook, refused by the XML writer)",
                            at, index, path});
    if (std::size_t n = utf16_length(*v); n > kMaxCellText)
      out.push_back(Finding{"text-over-cell-limit", default_severity("text-over-cell-limit"),
                            who + path + " 共 " + std::to_string(n) +
                                " 字符，超出 Excel 单元格 32767 字符的上限，工作簿中截断并注明，YAML 记录保留全文 "
                                "(text longer than an Excel cell holds: cut visibly in the workbook)",
                            at, index, path});
  });
}

// ---- the checks on one record ------------------------------------------

const char* column_label(bool annual) { return annual ? "年度" : "实施期"; }

}  // namespace

// The configuration's category names as category keys, made once an input.
struct InputChecker::ConfigKeys {
  std::string cost, quantity, output;
  std::vector<std::string> satisfaction;
  // By required_categories: the key of its 一级指标 and of each of its any_of.
  std::vector<std::pair<std::string, std::vector<std::string>>> required;
  // Where each required field and sign-off field is (by the configuration's order).
  std::vector<FieldAt> required_at, sign_off_at;
  explicit ConfigKeys(const CheckConfig& cfg)
      : cost(category_key(cfg.cost_level2)),
        quantity(category_key(cfg.quantity_level2)),
        output(category_key(cfg.output_level1)) {
    for (const auto& l1 : cfg.satisfaction_level1) satisfaction.push_back(category_key(l1));
    for (const auto& rc : cfg.required_categories) {
      auto& keys = required.emplace_back(category_key(rc.level1), std::vector<std::string>{});
      for (const auto& l2 : rc.any_of) keys.second.push_back(category_key(l2));
    }
    for (const auto& rf : cfg.required_fields) required_at.push_back(field_at(rf.path));
    for (const auto& sf : cfg.sign_off_fields) sign_off_at.push_back(field_at(sf.path));
  }
};

namespace {

class RecordChecker {
 public:
  using ConfigKeys = InputChecker::ConfigKeys;
  RecordChecker(const Record& r, int index, const Place& place, const CheckConfig& cfg, const ConfigKeys& config_keys,
                std::vector<Finding>& out)
      : r_(r), index_(index), place_(place), cfg_(cfg), out_(out), config_keys_(config_keys),
        cost_key_(config_keys.cost), quantity_key_(config_keys.quantity), satisfaction_keys_(config_keys.satisfaction) {
    // A form's category texts are few, each on many rows: each keyed once.
    distinct_keys_.reserve(2 * (r_.indicators.period.size() + r_.indicators.annual.size()));  // no reallocation
    auto key_of = [&](const std::optional<std::string>& text) -> const std::string* {
      if (!text) return nullptr;
      for (const auto& [seen, key] : distinct_keys_)
        if (seen == *text) return &key;
      distinct_keys_.emplace_back(*text, category_key(*text));
      return &distinct_keys_.back().second;
    };
    for (bool annual : {false, true}) {
      const auto& list = annual ? r_.indicators.annual : r_.indicators.period;
      auto& keys = indicator_keys_[annual];
      keys.resize(list.size());
      for (size_t i = 0; i < list.size(); ++i) keys[i] = {key_of(list[i].level1), key_of(list[i].level2)};
    }
  }

  void run() {
    funds();
    for (bool annual : {false, true}) {
      if (!prints(annual ? "indicators.annual" : "indicators.period")) continue;  // a layout without that block
      const auto& list = annual ? r_.indicators.annual : r_.indicators.period;
      for (size_t i = 0; i < list.size(); ++i) indicator(list[i], annual, i);
      // A 实施期 (长期) block of a form that prints no 实施期 amount states
      // the whole period's money, which the form does not give: nothing to
      // compare its cost rows with.
      if (annual || prints("funds.period.total")) {
        money(annual);
        unit_slips(annual);
      }
      weights(annual);
      categories(annual);
    }
    truncated_names();
    required_fields();
    texts_outputs_cannot_hold();
    flush_columns();
  }

 private:
  const Record& r_;
  int index_;
  const Place& place_;
  const CheckConfig& cfg_;
  std::vector<Finding>& out_;

  // Category keys (category_key) of the configuration's category names
  // (made once an input), and of each indicator's 一级指标 and 二级指标,
  // made once a record (the rules ask about an indicator's categories again
  // and again).
  const ConfigKeys& config_keys_;
  const std::string& cost_key_;
  const std::string& quantity_key_;
  const std::vector<std::string>& satisfaction_keys_;
  std::vector<std::pair<std::string_view, std::string>> distinct_keys_;  // category text -> its key
  struct CategoryKeys {
    const std::string* level1 = nullptr;  // into distinct_keys_; nullptr: no 一级指标
    const std::string* level2 = nullptr;
  };
  std::vector<CategoryKeys> indicator_keys_[2];  // by list (period, annual), by indicator
  // cfg_.is_per_unit() of each indicator's name, asked once (money() and
  // unit_slips() both ask): by list, by indicator; -1: not asked yet.
  std::vector<signed char> per_unit_[2];
  bool per_unit(bool annual, size_t i) {
    const auto& list = annual ? r_.indicators.annual : r_.indicators.period;
    auto& known = per_unit_[annual];
    if (known.empty()) known.assign(list.size(), -1);
    if (known[i] < 0) {
      const Indicator& ind = list[i];
      known[i] = cfg_.is_per_unit(ind.name ? std::string_view(*ind.name) : std::string_view());
    }
    return known[i] == 1;
  }
  const CategoryKeys& keys_of(const Indicator& ind) const {
    for (bool annual : {false, true}) {
      const auto& list = annual ? r_.indicators.annual : r_.indicators.period;
      if (!list.empty() && &ind >= list.data() && &ind < list.data() + list.size())
        return indicator_keys_[annual][static_cast<size_t>(&ind - list.data())];
    }
    throw std::logic_error("checks: an indicator of another record");
  }
  // Is the indicator's 一级指标 (二级指标) of the category whose key is `key`?
  bool level1_is(const Indicator& ind, const std::string& key) const {
    const auto& k = keys_of(ind).level1;
    return k && *k == key;
  }
  bool level2_is(const Indicator& ind, const std::string& key) const {
    const auto& k = keys_of(ind).level2;
    return k && *k == key;
  }
  // The project's name as findings start with it, made when a finding needs it.
  mutable std::optional<std::string> who_;
  const std::string& who() const {
    if (!who_) who_ = project_label(r_);
    return *who_;
  }

  // Findings about one column; the same finding in both columns is reported
  // once, at the 实施期 place (a YAML input has the two columns on other lines).
  struct ColumnFinding {
    Finding f;
    bool period = false, annual = false;
  };
  std::vector<ColumnFinding> column_findings_;

  void add(const std::string& rule, const std::string& message, const Location& where, const std::string& field,
           std::optional<Severity> severity = std::nullopt) {
    out_.push_back(Finding{rule, severity.value_or(default_severity(rule)), message, where, index_, field});
  }
  void add_column(bool annual, const std::string& rule, const std::string& message, const Location& where,
                  const std::string& field) {
    for (auto& cf : column_findings_)
      if (cf.f.rule == rule && cf.f.message == message) {
        (annual ? cf.annual : cf.period) = true;
        return;
      }
    ColumnFinding cf{Finding{rule, default_severity(rule), message, where, index_, field}};
    (annual ? cf.annual : cf.period) = true;
    column_findings_.push_back(cf);
  }
  void flush_columns() {
    for (auto& cf : column_findings_) {
      std::string cols = cf.period && cf.annual ? "实施期、年度" : cf.annual ? "年度" : "实施期";
      cf.f.message = cols + "：" + cf.f.message;
      out_.push_back(cf.f);
    }
  }
  static std::string field_of(bool annual, size_t i, const char* leaf) {
    return std::string("indicators.") + (annual ? "annual" : "period") + "[" + std::to_string(i) + "]" +
           (*leaf ? std::string(".") + leaf : "");
  }

  // False when the record's form has no place for `path` (its template's
  // `absent:`, templates/forms/*.yaml): no rule applies to that part. A
  // record whose template is not known is checked for every part.
  bool prints(std::string_view path) const {
    if (!absent_looked_up_) {  // the template's absent parts, found once a record
      absent_looked_up_ = true;
      if (r_.source.template_name)
        if (auto it = cfg_.absent_parts.find(*r_.source.template_name); it != cfg_.absent_parts.end())
          absent_ = &it->second;
    }
    return !absent_ || !part_absent(*absent_, path);
  }
  mutable bool absent_looked_up_ = false;
  mutable const std::vector<std::string>* absent_ = nullptr;

  void funds() {
    Location at = record_location(r_, place_);
    for (bool annual : {false, true}) {
      const Funds& f = annual ? r_.funds.annual : r_.funds.period;
      std::string col = column_label(annual);
      if (!f.total) continue;
      bool any = false;
      Decimal sum;
      for (const auto& source : funds_sources())
        if (const auto& v = source.number(f)) {
          any = true;
          sum = sum + *v;
        }
      if (any && sum != *f.total)
        add("funds-sum",
            who() + col + "资金来源合计 " + yuan(sum) + " ≠ " + col + "资金总额 " + yuan(*f.total) + "，差额 " +
                yuan(sum - *f.total) + " (funds sources do not add up to the total)",
            at, std::string("funds.") + (annual ? "annual" : "period") + ".total");
    }
    const auto& p = r_.funds.period.total;
    const auto& a = r_.funds.annual.total;
    if (a && *a > Decimal() && (!p || p->is_zero()) && prints("funds.period.total")) {
      add("funds-period-missing",
          who() + "实施期资金总额" + (p ? "为 0" : "为空") + "，而年度资金总额为 " + yuan(*a) +
              " (implementation-period total " + (p ? "is 0" : "is missing") + ")",
          at, "funds.period.total");
    } else if (a && p && *a > *p) {
      add("funds-annual-exceeds-period",
          who() + "年度资金总额 " + yuan(*a) + " 大于实施期资金总额 " + yuan(*p) +
              " (annual total exceeds the implementation-period total)",
          at, "funds.annual.total");
    }
  }

  // A unit of money per something: 元/天, 万元/公里.
  static bool is_money_per_unit(const std::optional<std::string>& unit) {
    if (!unit) return false;
    for (const char* m : {"元/", "万元/", "亿元/"})
      if (unit->starts_with(m) && unit->size() > std::strlen(m)) return true;
    return false;
  }
  // A 成本指标 row: under 产出指标, or (the 2021 tree) a 一级指标 of its own.
  bool is_cost(const Indicator& ind) const {
    return level2_is(ind, cost_key_) || level1_is(ind, cost_key_);
  }
  // The amount in 元 of a money indicator (a bare number counts under 成本指标).
  std::optional<Decimal> money_of(const Indicator& ind) const {
    if (!ind.amount) return std::nullopt;
    if (ind.unit == "元"sv || (!ind.unit && is_cost(ind))) return ind.amount;
    return std::nullopt;
  }

  void indicator(const Indicator& ind, bool annual, size_t i) {
    static const Decimal kHundred = Decimal::from_int(100);
    auto at = [&] { return indicator_location(r_, ind, place_); };
    const std::string_view name = ind.name ? std::string_view(*ind.name) : std::string_view();
    auto nq = [&] { return ind.name ? in_guillemets(*ind.name) : std::string("(无名称)"); };
    // Looked at only for a value written as at most (the rules below need one).
    auto satisfaction = [&] {
      return std::any_of(satisfaction_keys_.begin(), satisfaction_keys_.end(),
                         [&](const std::string& key) { return level1_is(ind, key); }) ||
             contains_any(name, cfg_.satisfaction_names);
    };
    bool at_most_op = ind.op == "<="sv || ind.op == "<"sv;
    if (ind.value && at_most_op && satisfaction()) {
      add_column(annual, "satisfaction-direction",
                 "满意度指标 " + nq() + " 的指标值 " + in_guillemets(*ind.value) +
                     " 写成 ≤（至多）；满意度目标应为 ≥ (satisfaction target written as at-most; expected at-least)",
                 at(), field_of(annual, i, "op"));
    } else if (ind.value && at_most_op && contains_any(name, cfg_.rate_at_least) &&
               !contains_any(name, cfg_.rate_at_most)) {
      add_column(annual, "rate-direction",
                 "指标 " + nq() + " 的指标值 " + in_guillemets(*ind.value) +
                     " 写成 ≤（至多）；该比率是要达到的目标，应为 ≥ (rate target written as at-most; expected at-least)",
                 at(), field_of(annual, i, "op"));
    } else if (ind.value && at_most_op && level2_is(ind, quantity_key_) && ind.unit != "元"sv &&
               ind.unit != "%"sv && !contains_any(name, cfg_.rate_at_most)) {
      add_column(annual, "quantity-direction",
                 "数量指标 " + nq() + " 的指标值 " + in_guillemets(*ind.value) +
                     " 写成 ≤（至多）；产出数量通常为 ≥ 或 = (quantity target written as at-most)",
                 at(), field_of(annual, i, "op"));
    }
    if (ind.value && ind.unit == "%"sv && ind.amount &&
        (ind.amount->negative() || (*ind.amount > kHundred && !contains_any(name, cfg_.percent_over_100_names))))
      add_column(annual, "percent-range",
                 "指标 " + nq() + " 的指标值 " + in_guillemets(*ind.value) + " 超出 0–100% (percentage out of range)", at(),
                 field_of(annual, i, "amount"));
    for (const auto& [text, leaf, what] : {std::tuple<const std::optional<std::string>*, const char*, const char*>{
                                               &ind.value, "value", "指标值"},
                                           {&ind.name, "name", "三级指标"}}) {
      if (!*text) continue;
      const std::string& s = **text;
      if (s.size() % 2 == 0 && !s.empty()) {
        std::string_view half(s.data(), s.size() / 2);
        if (half == std::string_view(s).substr(s.size() / 2) &&
            utf8_length(half) >= static_cast<size_t>(cfg_.doubled_min_chars))
          add_column(annual, "doubled-text",
                     std::string(what) + " " + in_guillemets(s) + " 是同一文字写了两遍 (doubled text: " + in_guillemets(half) + " twice)", at(),
                     field_of(annual, i, leaf));
      }
    }
    if (ind.name && !ind.value)
      add_column(annual, "value-missing", "三级指标 " + nq() + " 没有指标值 (indicator without a target value)", at(),
                 field_of(annual, i, "value"));
    if (!ind.name && ind.value)
      add_column(annual, "name-missing",
                 "指标值 " + in_guillemets(*ind.value) + " 没有三级指标名称 (target value without an indicator name)", at(),
                 field_of(annual, i, "name"));
    if (ind.name && ind.value && *ind.name == *ind.value && !ind.amount)
      add_column(annual, "value-same-as-name",
                 "指标值与三级指标名称相同 " + in_guillemets(*ind.value, 24) + " (the value repeats the name; no target stated)", at(),
                 field_of(annual, i, "value"));
  }

  void money(bool annual) {
    const auto& list = annual ? r_.indicators.annual : r_.indicators.period;
    const auto& total = r_.funds.annual.total;
    if (!total) return;
    // The period column may state the year's money or the whole period's.
    auto matches = [&](const Decimal& d) {
      return d == *total || (!annual && r_.funds.period.total && !r_.funds.period.total->is_zero() &&
                             d == *r_.funds.period.total);
    };
    bool any_request = false;
    for (size_t i = 0; i < list.size(); ++i) {
      const Indicator& ind = list[i];
      auto m = money_of(ind);
      if (!m || !ind.name || !contains_any(*ind.name, cfg_.request_names)) continue;
      any_request = true;
      if (!matches(*m))
        add_column(annual, "request-vs-annual",
                   "成本指标 " + in_guillemets(*ind.name) + " " + in_guillemets(ind.value.value_or("")) + " = " + yuan(*m) + " ≠ 年度资金总额 " +
                       yuan(*total) + " (amount requested differs from the annual total)",
                   indicator_location(r_, ind, place_), field_of(annual, i, "amount"));
    }
    if (any_request) return;
    // Cost rows with money, per-unit standards (人均补助标准 ≥94元) left out:
    // they are not totals.
    std::vector<size_t> costs;
    bool per_unit_money = false;
    for (size_t i = 0; i < list.size(); ++i) {
      if (!is_cost(list[i])) continue;
      if (!money_of(list[i])) {
        // Money per unit of something (5元/天, 3.2万元/公里) is a standard too.
        if (list[i].amount && is_money_per_unit(list[i].unit)) per_unit_money = true;
        continue;
      }
      if (per_unit(annual, i))
        per_unit_money = true;
      else
        costs.push_back(i);
    }
    if (costs.empty()) {
      if (per_unit_money) return;
      auto first = std::find_if(list.begin(), list.end(), [&](const Indicator& ind) { return is_cost(ind); });
      if (first != list.end())
        add_column(annual, "cost-without-amount",
                   "成本指标 " + in_guillemets(first->name.value_or("")) + " " + in_guillemets(first->value.value_or("")) +
                       " 没有金额 (cost indicator states no amount of money)",
                   indicator_location(r_, *first, place_), field_of(annual, first - list.begin(), "amount"));
      return;
    }
    Decimal sum;
    bool one_matches = false;
    for (size_t i : costs) {
      Decimal m = *money_of(list[i]);
      sum = sum + m;
      if (matches(m)) one_matches = true;
    }
    if (one_matches || matches(sum)) return;
    std::string parts;
    for (size_t i : costs)
      parts += std::string(parts.empty() ? "" : " + ") + in_guillemets(list[i].name.value_or("")) + " " + in_guillemets(list[i].value.value_or(""));
    add_column(annual, "cost-vs-annual",
               "成本指标 " + parts + (costs.size() > 1 ? " 合计 " : " = ") + yuan(sum) + " ≠ 年度资金总额 " + yuan(*total) +
                   " (cost indicators do not match the annual total)",
               indicator_location(r_, list[costs.front()], place_), field_of(annual, costs.front(), "amount"));
  }

  // A 成本指标 whose amount is the project's money times or divided by a
  // factor (10, 10,000): the digits are right, the unit or the point is not.
  void unit_slips(bool annual) {
    const auto& list = annual ? r_.indicators.annual : r_.indicators.period;
    std::vector<Decimal> refs;  // the project's money this block may state
    if (r_.funds.annual.total && !r_.funds.annual.total->is_zero()) refs.push_back(*r_.funds.annual.total);
    if (!annual && r_.funds.period.total && !r_.funds.period.total->is_zero()) refs.push_back(*r_.funds.period.total);
    if (refs.empty() || cfg_.slip_factors.empty()) return;
    std::vector<double> ref_values;
    for (const auto& ref : refs) ref_values.push_back(ref.to_double());
    for (size_t i = 0; i < list.size(); ++i) {
      const Indicator& ind = list[i];
      auto m = is_cost(ind) ? money_of(ind) : std::nullopt;
      if (!m || m->is_zero() || m->negative()) continue;
      // A per-unit standard (亩均, 人均, …标准) is not a total: no factor to the project's money means a slip.
      if (per_unit(annual, i)) continue;
      const double amount = m->to_double();
      for (size_t k = 0; k < refs.size(); ++k) {
        const Decimal& ref = refs[k];
        double ratio = amount / ref_values[k];
        std::optional<std::string> slip;
        for (double f : cfg_.slip_factors) {
          auto near = [&](double target) { return std::fabs(ratio / target - 1) <= cfg_.slip_tolerance + 1e-9; };
          if (near(f)) slip = std::to_string(static_cast<long long>(f)) + " 倍";
          else if (near(1 / f)) slip = std::to_string(static_cast<long long>(f)) + " 分之一";
        }
        if (!slip) continue;
        add_column(annual, "cost-unit-slip",
                   "成本指标 " + in_guillemets(ind.name.value_or("")) + " " + in_guillemets(ind.value.value_or("")) + " = " + yuan(*m) +
                       "，约为项目资金 " + yuan(ref) + " 的 " + *slip + "，疑为万元/元写错 (cost amount off from the "
                       "project's money by a unit factor)",
                   indicator_location(r_, ind, place_), field_of(annual, i, "amount"));
        break;
      }
    }
  }

  // Where a form has weights, each block's add up to the configured total.
  void weights(bool annual) {
    const auto& list = annual ? r_.indicators.annual : r_.indicators.period;
    bool any = false;
    Decimal sum;
    for (const auto& ind : list)
      if (ind.weight) {
        any = true;
        sum = sum + *ind.weight;
      }
    if (!any || sum == cfg_.weights_total) return;
    add_column(annual, "weights-sum",
               "权重合计 " + sum.to_string() + " ≠ " + cfg_.weights_total.to_string() +
                   " (the weights of the indicators do not add up to " + cfg_.weights_total.to_string() + ")",
               indicator_location(r_, list.front(), place_),
               std::string("indicators.") + (annual ? "annual" : "period"));
  }

  void categories(bool annual) {
    const auto& list = annual ? r_.indicators.annual : r_.indicators.period;
    Location at = list.empty() ? record_location(r_, place_) : indicator_location(r_, list.front(), place_);
    std::string field = std::string("indicators.") + (annual ? "annual" : "period");
    if (list.empty()) {
      add_column(annual, "category-missing", who() + "没有绩效指标 (no indicators)", at, field);
      return;
    }
    const auto& keys = indicator_keys_[annual];
    auto key1 = [&](size_t i) { return keys[i].level1; };
    auto key2 = [&](size_t i) { return keys[i].level2; };
    for (size_t rci = 0; rci < cfg_.required_categories.size(); ++rci) {
      const auto& rc = cfg_.required_categories[rci];
      const std::string& rc_key = config_keys_.required[rci].first;
      const std::vector<std::string>& any_keys = config_keys_.required[rci].second;
      // The category's rows: the first, and whether one is of a 二级 asked for
      // (no list of them made).
      size_t first_row = list.size();
      bool found = false;
      for (size_t i = 0; i < list.size() && !found; ++i) {
        if (!key1(i) || *key1(i) != rc_key) continue;
        if (first_row == list.size()) first_row = i;
        found = key2(i) && std::find(any_keys.begin(), any_keys.end(), *key2(i)) != any_keys.end();
      }
      if (first_row == list.size()) {
        add_column(annual, "category-missing", who() + "没有 " + rc.level1 + " (no " + rc.level1 + " rows)", at, field);
        continue;
      }
      if (rc.any_of.empty()) continue;
      if (!found) {
        std::string names;
        for (const auto& l2 : rc.any_of) names += (names.empty() ? "" : "/") + l2;
        add_column(annual, "category-missing",
                   who() + rc.level1 + " 下没有 " + names + " 指标 (no " + names + " rows under " + rc.level1 + ")",
                   indicator_location(r_, list[first_row], place_), field);
      }
    }
    // Quantitative outputs: an 产出指标 (other than cost) with a number.
    const std::string& output_key = config_keys_.output;
    const Indicator* first_output = nullptr;
    bool quantitative = false;
    for (size_t i = 0; i < list.size() && !quantitative; ++i)
      if (key1(i) && *key1(i) == output_key) {
        if (!first_output) first_output = &list[i];
        quantitative = list[i].amount && !is_cost(list[i]);
      }
    if (first_output && !quantitative)
      add_column(annual, "no-quantitative-output",
                 who() + "产出指标 没有可量化的指标值（数量、比率） (no quantitative output indicator)",
                 indicator_location(r_, *first_output, place_), field);
  }

  void truncated_names() {
    const auto& P = r_.indicators.period;
    const auto& A = r_.indicators.annual;
    auto names_of = [](const std::vector<Indicator>& l) {  // sorted, for binary_search
      std::vector<std::string_view> s;
      for (const auto& i : l)
        if (i.name) s.push_back(*i.name);
      std::sort(s.begin(), s.end());
      return s;
    };
    const std::vector<std::string_view> pn = names_of(P), an = names_of(A);
    auto has = [](const std::vector<std::string_view>& names, std::string_view n) {
      return std::binary_search(names.begin(), names.end(), n);
    };
    std::vector<bool> used(P.size());
    for (size_t ai = 0; ai < A.size(); ++ai) {
      const Indicator& a = A[ai];
      if (!a.name || has(pn, *a.name)) continue;
      for (size_t pi = 0; pi < P.size(); ++pi) {
        const Indicator& p = P[pi];
        if (!p.name || has(an, *p.name) || used[pi]) continue;
        if (a.level1 && p.level1 && *keys_of(a).level1 != *keys_of(p).level1) continue;
        const std::string &x = *a.name, &y = *p.name;
        bool a_short = x.size() < y.size() && y.compare(0, x.size(), x) == 0;
        bool p_short = y.size() < x.size() && x.compare(0, y.size(), y) == 0;
        if (!a_short && !p_short) continue;
        if (utf8_length(a_short ? x : y) < static_cast<size_t>(cfg_.truncated_min_chars)) continue;
        used[pi] = true;
        const Indicator& shorter = a_short ? a : p;
        std::string msg = std::string("三级指标名称两栏不一致：") + (a_short ? "年度 " : "实施期 ") + in_guillemets(*shorter.name) + " 是" +
                          (a_short ? "实施期 " : "年度 ") + in_guillemets(a_short ? y : x) + " 的前半截 (name cut short in one column)";
        add("name-truncated", msg, indicator_location(r_, shorter, place_),
            field_of(a_short, a_short ? ai : pi, "name"));
        break;
      }
    }
  }

  void texts_outputs_cannot_hold() { report_unwritable_texts(r_, index_, record_location(r_, place_), out_); }

  void required_fields() {
    std::optional<Flat> flat;  // only for a path into the indicator lists
    auto blank = [&](const std::string& path, const FieldAt& at) {
      if (auto b = blank_field(r_, at)) return *b;
      if (!flat) flat = flatten(r_);
      for (const auto& [p, v] : *flat)
        if (p == path) return !v.has_value();
      return false;
    };
    Location at = record_location(r_, place_);
    for (size_t i = 0; i < cfg_.required_fields.size(); ++i) {
      const auto& rf = cfg_.required_fields[i];
      if (prints(rf.path) && blank(rf.path, i < config_keys_.required_at.size() ? config_keys_.required_at[i] : field_at(rf.path)))
        add("required-field", who() + "必填项 " + rf.label + " 为空 (required field " + rf.path + " is blank)", at, rf.path,
            rf.severity);
    }
    std::string labels, paths;
    std::string first;
    for (size_t i = 0; i < cfg_.sign_off_fields.size(); ++i)
      if (const auto& sf = cfg_.sign_off_fields[i]; prints(sf.path) && blank(sf.path, i < config_keys_.sign_off_at.size() ? config_keys_.sign_off_at[i] : field_at(sf.path))) {
        labels += (labels.empty() ? "" : "、") + sf.label;
        std::string leaf = sf.path.substr(sf.path.rfind('.') + 1);
        paths += (paths.empty() ? "" : ", ") + leaf;
        if (first.empty()) first = sf.path;
      }
    if (!labels.empty())
      add("signoff-blank", who() + "未填 " + labels + " (sign-off blank: " + paths + ")", at, first, cfg_.sign_off_severity);
  }
};

// ---- configuration ------------------------------------------------------

Severity severity_of(const YAML::Node& n, const std::string& what, const std::filesystem::path& file) {
  Severity s;
  if (!n || !n.IsScalar() || !parse_severity(n.Scalar(), s))
    throw std::runtime_error(file.string() + ":" + std::to_string(n.Mark().line + 1) + ": '" + what +
                             "' should be info, warning or error");
  return s;
}

bool known_rule(const std::string& id) {
  const auto& rules = check_rules();
  return std::any_of(rules.begin(), rules.end(), [&](const RuleInfo& r) { return id == r.id; });
}

}  // namespace

void add_form_parts(CheckConfig& config, std::span<const FormTemplate> templates) {
  for (const auto& t : templates) config.absent_parts[t.name] = t.absent;
}

namespace {
CheckConfig check_config_from(YAML::Node root, const std::filesystem::path& file);
}  // namespace

CheckConfig load_check_config(const std::filesystem::path& file) {
  if (std::optional<YAML::Node> root = read_yaml_file_quickly(file)) {
    try {
      return check_config_from(*root, file);
    } catch (const std::exception&) {
      // Refused: read again by yaml-cpp below for the message with its line.
    }
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    throw std::runtime_error(file.string() + ": cannot read the checks configuration");
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
  return check_config_from(root, file);
}

namespace {
CheckConfig check_config_from(YAML::Node root, const std::filesystem::path& file) {
  if (!root.IsMap()) throw std::runtime_error(file.string() + ": the checks configuration should be a mapping");
  CheckConfig c;
  c.file = file;
  c.rate_at_least = yaml_string_list(root["rates"]["at_least"], "rates.at_least", file);
  c.rate_at_most = yaml_string_list(root["rates"]["at_most"], "rates.at_most", file);
  c.satisfaction_level1 = yaml_string_list(root["satisfaction"]["level1"], "satisfaction.level1", file);
  c.satisfaction_names = yaml_string_list(root["satisfaction"]["names"], "satisfaction.names", file);
  c.percent_over_100_names = yaml_string_list(root["percent_over_100"], "percent_over_100", file);
  if (YAML::Node m = root["money"]) {
    if (m["output_level1"]) c.output_level1 = m["output_level1"].Scalar();
    if (m["cost_level2"]) c.cost_level2 = m["cost_level2"].Scalar();
    if (m["quantity_level2"]) c.quantity_level2 = m["quantity_level2"].Scalar();
    c.request_names = yaml_string_list(m["request_names"], "money.request_names", file);
    c.per_unit_words = yaml_string_list(m["per_unit_words"], "money.per_unit_words", file);
    c.per_unit_suffixes = yaml_string_list(m["per_unit_suffixes"], "money.per_unit_suffixes", file);
    c.per_unit_not = yaml_string_list(m["per_unit_not"], "money.per_unit_not", file);
  }
  if (YAML::Node w = root["weights"]) {
    if (w["total"]) {
      auto d = Decimal::parse(w["total"].Scalar());
      if (!d) throw std::runtime_error(file.string() + ":" + std::to_string(w.Mark().line + 1) + ": weights.total should be a number");
      c.weights_total = *d;
    }
  }
  if (YAML::Node u = root["cost_unit_slip"]) {
    if (u["factors"]) {
      c.slip_factors.clear();
      for (const auto& f : u["factors"]) c.slip_factors.push_back(f.as<double>());
    }
    if (u["tolerance"]) c.slip_tolerance = u["tolerance"].as<double>();
  }
  for (const auto& n : root["required_categories"]) {
    RequiredCategory rc;
    if (!n["level1"]) throw std::runtime_error(file.string() + ":" + std::to_string(n.Mark().line + 1) + ": a required category needs 'level1'");
    rc.level1 = n["level1"].Scalar();
    rc.any_of = yaml_string_list(n["any_of"], "any_of", file);
    c.required_categories.push_back(rc);
  }
  // Field paths are checked against the record's fields.
  std::set<std::string> paths;
  for (const auto& [p, v] : flatten(Record{})) paths.insert(p);
  auto field = [&](const YAML::Node& n, bool with_severity) {
    RequiredField f;
    if (!n["path"] || !paths.count(n["path"].Scalar()))
      throw std::runtime_error(file.string() + ":" + std::to_string(n.Mark().line + 1) + ": unknown record field '" +
                               (n["path"] ? n["path"].Scalar() : std::string()) + "'");
    f.path = n["path"].Scalar();
    f.label = n["label"] ? n["label"].Scalar() : f.path;
    if (with_severity) f.severity = n["severity"] ? severity_of(n["severity"], "severity", file) : Severity::warning;
    return f;
  };
  for (const auto& n : root["required_fields"]) c.required_fields.push_back(field(n, true));
  if (YAML::Node s = root["sign_off"]) {
    if (s["severity"]) c.sign_off_severity = severity_of(s["severity"], "sign_off.severity", file);
    for (const auto& n : s["fields"]) c.sign_off_fields.push_back(field(n, false));
  }
  if (root["doubled_min_chars"]) c.doubled_min_chars = root["doubled_min_chars"].as<int>();
  if (root["truncated_min_chars"]) c.truncated_min_chars = root["truncated_min_chars"].as<int>();
  for (const auto& kv : root["severity"]) {
    std::string id = kv.first.Scalar();
    if (!known_rule(id)) throw std::runtime_error(file.string() + ": unknown rule '" + id + "' in 'severity'");
    c.severity[id] = severity_of(kv.second, "severity." + id, file);
  }
  for (const auto& id : yaml_string_list(root["disabled"], "disabled", file)) {
    if (!known_rule(id)) throw std::runtime_error(file.string() + ": unknown rule '" + id + "' in 'disabled'");
    c.disabled.insert(id);
  }
  return c;
}
}  // namespace

bool CheckConfig::is_per_unit(std::string_view name) const {
  std::string n(name);
  for (const auto& w : per_unit_not)
    for (size_t p; !w.empty() && (p = n.find(w)) != std::string::npos;) n.erase(p, w.size());
  // Brackets and what follows a bracket (人均补助标准（元/人）) do not end the name.
  for (std::string_view open : {"（", "("})
    if (size_t p = n.find(open); p != std::string::npos && p > 0) n.resize(p);
  while (!n.empty() && (n.back() == ' ' || n.back() == '\t')) n.pop_back();
  if (contains_any(n, per_unit_words)) return true;
  return std::any_of(per_unit_suffixes.begin(), per_unit_suffixes.end(), [&](const std::string& s) {
    return !s.empty() && n.size() >= s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0;
  });
}

FormDigest digest_form(const Record& r, int index, const std::string& file, const Location* given) {
  FormDigest d;
  d.key = duplicate_key(r);
  d.index = index;
  d.place = record_location(r, Place{file, given});
  d.name = r.project.name;
  // flatten()'s fields in its order, hashed where they are (no copies, no paths).
  const auto fields = record_fields();
  d.hashes.reserve(fields.size() + 2 * funds_fields().size() +
                   (r.indicators.period.size() + r.indicators.annual.size()) * indicator_fields().size());
  for (size_t fi = 0; fi < fields.size(); ++fi) {
    const auto& f = fields[fi];
    if (f.kind == FieldKind::funds) {
      for (const auto& m : funds_fields()) d.hashes.push_back(text_hash(field_text(m, f.funds(r))));
    } else if (f.kind == FieldKind::indicators) {
      const auto& list = f.list(r);
      d.list_sizes.push_back(static_cast<std::uint32_t>(list.size()));
      for (const auto& ind : list)
        for (const auto& m : indicator_fields()) {
          if (m.reading) continue;
          bool text = m.kind == FieldKind::text || m.kind == FieldKind::date_time;
          d.hashes.push_back(text ? text_hash(m.text(ind)) : text_hash(field_text(m, ind)));
        }
    } else if (f.kind == FieldKind::text || f.kind == FieldKind::date_time) {
      d.hashes.push_back(text_hash(f.text(r)));
    } else {
      d.hashes.push_back(text_hash(field_text(f, r)));
    }
  }
  return d;
}

InputChecker::InputChecker(std::string file, const CheckConfig& config)
    : file_(std::move(file)), config_(config), keys_(std::make_shared<const ConfigKeys>(config)) {}

std::vector<Finding> InputChecker::add(const Record& r, int index, const Location* given) {
  std::vector<Finding> out;
  RecordChecker(r, index, Place{file_, given}, config_, *keys_, out).run();
  std::string key = duplicate_key(r);
  if (key.empty()) return out;
  auto it = first_of_.find(key);
  if (it == first_of_.end()) {
    first_of_.emplace(key, firsts_.size());
    firsts_.push_back(digest_form(r, index, file_, given));
  } else {
    out.push_back(duplicate_finding(digest_form(r, index, file_, given), firsts_[it->second]));
  }
  return out;
}

std::vector<Finding> check_records(std::span<const Record> records, const std::string& file, const CheckConfig& config,
                                   std::span<const Location> places) {
  std::vector<Finding> out;
  InputChecker checker(file, config);
  for (size_t i = 0; i < records.size(); ++i) {
    auto found = checker.add(records[i], static_cast<int>(i), places.size() == records.size() ? &places[i] : nullptr);
    out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return out;
}

std::vector<Finding> DuplicateIndex::add(const Conversion& c) {
  // A form repeated within this input is reported once, against its first
  // copy there (check_records); only each key's first form here is compared
  // with earlier inputs, so a batch of files reports what one file would.
  std::vector<FormDigest> firsts;
  std::set<std::string> here;
  for (size_t i = 0; i < c.records.size(); ++i) {
    std::string key = duplicate_key(c.records[i]);
    if (key.empty() || !here.insert(key).second) continue;
    firsts.push_back(digest_form(c.records[i], static_cast<int>(i), c.file,
                                 c.places.size() == c.records.size() ? &c.places[i] : nullptr));
  }
  return add(std::move(firsts));
}

std::vector<Finding> DuplicateIndex::add(const std::vector<FormDigest>& firsts) {
  return add(std::vector<FormDigest>(firsts));
}

std::vector<Finding> DuplicateIndex::add(std::vector<FormDigest>&& firsts) {
  std::vector<Finding> out;
  for (const auto& d : firsts) {
    auto it = seen_.find(d.key);
    if (it != seen_.end()) out.push_back(duplicate_finding(d, it->second));
  }
  for (auto& d : firsts)
    if (!seen_.count(d.key)) {
      std::string key = d.key;
      seen_.emplace(std::move(key), std::move(d));
    }
  firsts.clear();
  return out;
}

void curate_findings(std::vector<Finding>& findings, const CheckConfig& config) {
  std::erase_if(findings, [&](const Finding& f) { return config.disabled.count(f.rule) > 0; });
  for (auto& f : findings)
    if (auto it = config.severity.find(f.rule); it != config.severity.end()) f.severity = it->second;
  // By place; at the same place the more severe first.
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    int sa = -static_cast<int>(a.severity), sb = -static_cast<int>(b.severity);
    return std::tie(a.where.file, a.where.page, a.where.line, sa) < std::tie(b.where.file, b.where.page, b.where.line, sb);
  });
}

}  // namespace perfgoal
