// Checks: findings an auditor acts on (sums that do not add up, a
// satisfaction target written as ≤95%, a form filed twice, ...).
//
// The checks never edit a record: each finding points at the record (its
// index in the input) and at the source (file and line, or page). What the
// checks look for — which indicator names are rates, which categories a form
// must have, which fields are required, each rule's severity — is data in
// templates/checks.yaml. The rules are listed in docs/checks.md.
#pragma once

#include <filesystem>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/conversion.h"
#include "model/finding.h"
#include "model/record.h"

namespace perfgoal {

struct FormTemplate;

// A category an indicator table must have (一级指标), and optionally at least
// one of some second-level categories under it.
struct RequiredCategory {
  std::string level1;                 // 满意度指标
  std::vector<std::string> any_of;    // 经济效益, 社会效益, 生态效益 (empty: any row will do)
};

// A record field that must not be blank, its Chinese label and the severity.
struct RequiredField {
  std::string path;    // "project.name", "funds.annual.total", "goals.period", ...
  std::string label;   // 项目名称
  Severity severity = Severity::warning;
};

struct CheckConfig {
  std::filesystem::path file;  // where it was loaded from ("" for built-in defaults)

  // Indicator names (三级指标) whose targets are lower bounds (≥): a name
  // containing one of `at_least` and none of `at_most` is a rate to reach.
  std::vector<std::string> rate_at_least;   // 合格率, 完成率, 覆盖率, ...
  std::vector<std::string> rate_at_most;    // 事故率, 投诉率, ... (lower is better: never flagged)
  // Satisfaction: the 一级指标 and words in a name (满意度, 满意率).
  std::vector<std::string> satisfaction_level1;
  std::vector<std::string> satisfaction_names;
  // Names in which a percentage over 100 is plausible (增长率 150%).
  std::vector<std::string> percent_over_100_names;

  // The categories the money checks read.
  std::string output_level1 = "产出指标";
  std::string cost_level2 = "成本指标";
  std::string quantity_level2 = "数量指标";
  // Indicator names that state the money asked for this year (本次申请资金).
  std::vector<std::string> request_names;
  // A 成本指标 that states a per-unit standard (人均补助标准 ≥94元, 亩均投资
  // ≤1500元) is not a total: its name contains one of `per_unit_words` or
  // ends with one of `per_unit_suffixes`, once the `per_unit_not` words
  // (每年: a yearly amount is a total) are taken out of it.
  std::vector<std::string> per_unit_words;     // 人均, 亩均, 每, 单价, 平均, ...
  std::vector<std::string> per_unit_suffixes;  // 标准, 定额, ...
  std::vector<std::string> per_unit_not;       // 每年, ...
  bool is_per_unit(std::string_view name) const;

  // Weights (权重): where a block has them, they add up to this (weights-sum).
  Decimal weights_total = Decimal::from_int(100);
  // A 成本指标 amount this factor times (or a this-th of) the project's money,
  // within the relative tolerance, is a unit slip (cost-unit-slip).
  std::vector<double> slip_factors = {10, 10000};
  double slip_tolerance = 0;  // 0: the same digits exactly

  std::vector<RequiredCategory> required_categories;
  std::vector<RequiredField> required_fields;
  // Sign-off fields (path -> label) reported together, as one finding.
  std::vector<RequiredField> sign_off_fields;
  Severity sign_off_severity = Severity::info;

  int doubled_min_chars = 2;    // "提高提高": each half at least this many characters
  int truncated_min_chars = 3;  // a cut-short name keeps at least this many characters

  // What each form template's form has no place for (FormTemplate::absent),
  // by template name: a record that names its template (source.template)
  // is not checked for those parts. Filled by add_form_parts(); a record
  // whose template is not here is checked for every part.
  std::map<std::string, std::vector<std::string>, std::less<>> absent_parts;

  std::map<std::string, Severity> severity;  // rule id -> severity (overrides the defaults)
  std::set<std::string> disabled;            // rule ids not reported
};

// One rule: its stable id, default severity and a short English description.
struct RuleInfo {
  const char* id;
  Severity severity;
  const char* summary;
};
const std::vector<RuleInfo>& check_rules();

// Loads templates/checks.yaml (or another file of that shape). Throws
// std::runtime_error naming the file on errors (unknown rule ids included).
CheckConfig load_check_config(const std::filesystem::path& file);

// Takes what each template's form has no place for into `config`
// (CheckConfig::absent_parts).
void add_form_parts(CheckConfig& config, std::span<const FormTemplate> templates);

// The checks on the records of one input: each record alone, and the same
// project filed twice within the input. `file` is the input's name, used when
// a record does not say where it came from. `places` (Conversion::places),
// when not empty, is where each record starts: findings then point there, and
// indicator lines are taken as lines of that file.
std::vector<Finding> check_records(std::span<const Record> records, const std::string& file, const CheckConfig& config,
                                   std::span<const Location> places = {});

// What the duplicate checks keep of a form instead of the record: its key,
// index, place, project name and a hash of each field (to name the fields in
// which a second copy differs). A few KiB, whatever the form's size.
struct FormDigest {
  std::string key;  // "" when the form has no project name
  int index = -1;
  Location place;
  std::optional<std::string> name;
  // A hash of each field's text (0: blank), in the record's order of fields
  // (checks.cpp, flatten); the paths are not kept (about 40 bytes each, a
  // form has a few hundred): they follow from the record's order and the
  // length of each indicator list, made again when two forms are compared.
  std::vector<std::uint32_t> hashes;
  std::vector<std::uint32_t> list_sizes;  // each indicator list's length, in record_fields() order
};
// `given`: where the record starts when not its source (Conversion::places).
FormDigest digest_form(const Record& r, int index, const std::string& file, const Location* given = nullptr);

// check_records one record at a time, for inputs read as a stream: keeps a
// digest of the first form of each project, not the records.
class InputChecker {
 public:
  InputChecker(std::string file, const CheckConfig& config);
  // The configuration's category names as compared (checks.cpp), made once an input.
  struct ConfigKeys;
  // The findings about record `index` (the next in input order).
  std::vector<Finding> add(const Record& r, int index, const Location* given = nullptr);
  // The first form of each project, in input order (for DuplicateIndex).
  const std::vector<FormDigest>& first_forms() const { return firsts_; }
  // The same, taken (the checker is done): the digests are not copied.
  std::vector<FormDigest> take_first_forms() {
    first_of_.clear();
    return std::move(firsts_);
  }

 private:
  std::string file_;
  const CheckConfig& config_;
  std::shared_ptr<const ConfigKeys> keys_;
  std::map<std::string, size_t> first_of_;  // duplicate key -> index in firsts_
  std::vector<FormDigest> firsts_;
};

// The same project in two inputs of a run. Add the inputs in order; add()
// returns the findings about the input just added (a form that an earlier
// input already holds), pointing at the earlier form.
class DuplicateIndex {
 public:
  explicit DuplicateIndex(const CheckConfig& config) : config_(config) {}
  std::vector<Finding> add(const Conversion& c);
  // An input read as a stream: the first form of each of its projects.
  std::vector<Finding> add(const std::vector<FormDigest>& firsts);
  std::vector<Finding> add(std::vector<FormDigest>&& firsts);  // the digests kept are moved, not copied

 private:
  const CheckConfig& config_;
  std::map<std::string, FormDigest> seen_;  // duplicate key -> first form with it
};

// Applies the configuration to findings from every stage (normalize's
// unplaced-cell included): severity overrides, disabled rules; then orders
// them by record and place (stable).
void curate_findings(std::vector<Finding>& findings, const CheckConfig& config);

struct FindingCounts {
  int error = 0, warning = 0, info = 0;
  int at_least(Severity s) const;  // how many findings are this severe or more
};
FindingCounts count_findings(std::span<const Finding> findings);

// "warning" -> Severity::warning; nullopt-like false when unknown.
bool parse_severity(const std::string& text, Severity& out);

}  // namespace perfgoal
