// Form templates (templates/forms/*.yaml): what a form variant looks like.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace YAML {
class Node;
}

namespace perfgoal {

// Label text as compared: white space removed, full-width brackets and
// colons folded to ASCII, a trailing colon dropped.
std::string label_key(std::string_view text);
// The same into `out` (cleared first): no allocation once `out` has grown.
void label_key_into(std::string& out, std::string_view text);

// No label is longer than this (in UTF-8 bytes, spaces included): longer
// cells are text, and are not looked up.
inline constexpr size_t kMaxLabelBytes = 160;

// What a template knows of one label key, gathered from its tables
// (FormTemplate::labels, indicator_header, ...) so that a cell is looked up
// once. Empty strings: not in that table.
struct LabelInfo {
  std::string field;          // labels: field id
  std::string header_role;    // indicator_header: role
  std::string level1;         // level1_keys: canonical 一级指标 name
  std::string level2;         // level2_keys: canonical 二级指标 name
  std::string parent;         // level2_parent: the 一级指标 of a 二级 label
  bool section = false;       // one of indicator_section
};

struct FormTemplate {
  std::string name;
  std::filesystem::path file;
  std::vector<std::string> title;  // substrings that start a form
  // The fiscal year: four digits followed, after optional white space, by
  // one of these words (2025年度, 2025 年).
  std::vector<std::string> fiscal_year_suffixes;

  // A form is read only where at least `core_min` of these field labels are
  // (a README that names the title is no form). Empty: no such check.
  std::vector<std::string> core_fields;  // field ids: project.name, funds.annual.total, indicators.section, ...
  int core_min = 0;

  // label_key -> field id ("project.name", "funds.central", "goals.row", ...;
  // "unrecorded" for a label whose text the record has no field for, read
  // over with its value: `unrecorded:` in the template)
  std::map<std::string, std::string> labels;
  // label_key -> role in the indicator header ("level1", "level2", "name",
  // "value", and the optional columns "op", "unit", "weight", "note",
  // "basis", "previous_value")
  std::map<std::string, std::string> indicator_header;
  std::vector<std::string> indicator_section;  // label keys
  // A section label that says which block of indicators follows it
  // (label key -> "period" or "annual"), e.g. 长期绩效指标 -> period.
  std::map<std::string, std::string> indicator_blocks;
  // The block of a header with one set of columns when no section label says
  // which ("annual" unless the template says otherwise). A header whose
  // words repeat holds both blocks side by side (实施期, then 年度).
  std::string single_block = "annual";
  // 指标性质 texts that are not shown before the value (＝, 定性): the
  // displayed value is 指标性质 + 指标值 + 度量单位 otherwise.
  std::vector<std::string> silent_signs;
  // The funds block's columns, left to right: {"period", "annual"} (Shanxi),
  // or one of them (a form with 年度 amounts only). Sources go to the column
  // they stand under; with one column, to that one.
  std::vector<std::string> funds_columns = {"period", "annual"};
  // category tree: level-2 label key -> level-1 name; level-1 keys
  std::map<std::string, std::string> level2_parent;
  std::map<std::string, std::string> level1_keys;  // key -> canonical level-1 name
  std::map<std::string, std::string> level2_keys;  // key -> canonical level-2 name

  // The form's own spelling of each label (the first variant in the
  // template), by field id: "project.name", "funds.central",
  // "indicator.level1" (a column of the indicator table), "goals.row", ...
  std::map<std::string, std::string, std::less<>> printed;
  // The parts of the record the form has no place for (`absent:` in the
  // template): record paths ("overview", "goals.period", "funds.period",
  // "funds.period.central", "indicators.period"). The checks apply no rule
  // to them (a field is not required, a 实施期 block not missing, ...).
  std::vector<std::string> absent;
  // False when the form has no place for `path` (it or a part holding it is
  // absent: "funds.period" holds "funds.period.total").
  bool prints(std::string_view path) const;

  // How outputs caption a field where that is not its label on the form
  // (`names:` in the template): a column of the Excel summary.
  std::map<std::string, std::string, std::less<>> names;

  // Every key of the tables above -> what they say of it. Built by
  // index_labels() (load_template calls it); rebuild after changing a table.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, LabelInfo, KeyHash, std::equal_to<>> index;
  // Keys of the sign-off labels (fields sign_off.*).
  std::vector<std::string> sign_off_keys;
  // The first and last characters of the keys (code point mod 4096, as
  // bits): a text whose key would start or end otherwise is no label, and
  // is not keyed.
  std::array<uint64_t, 64> key_first{}, key_last{};
  void index_labels();
  // False when no key of `index` can be the label_key of `text`.
  bool may_be_label(std::string_view text) const;
  // What the template knows of a cell's text (by its label_key), nullptr:
  // nothing (or longer than any label).
  const LabelInfo* lookup(std::string_view cell_text) const;
  const LabelInfo* lookup_key(std::string_view key) const {
    auto it = index.find(key);
    return it == index.end() ? nullptr : &it->second;
  }

  // The printed label of a field id; throws std::runtime_error naming the
  // template when it has none (an output needs every label it prints).
  const std::string& label(std::string_view id) const;
  // The caption outputs give a field: names[id] when there, else label(id).
  const std::string& caption(std::string_view id) const;

  // Field id of a label cell, if it is one ("" when not).
  std::string field_of(std::string_view cell_text) const;
  bool is_title(std::string_view cell_text) const;
  bool is_level1(std::string_view text) const;
  bool is_level2(std::string_view text) const;
  // The level-1 category a level-2 label belongs to (canonical name), if known.
  std::optional<std::string> parent_of(std::string_view level2_text) const;
  // The same from the text's lookup(), made before (nullptr: nothing known).
  static std::optional<std::string> parent_of(std::string_view level2_text, const LabelInfo* info);
};

// A YAML list of strings (a single string is a list of one); throws
// std::runtime_error naming `file` and the key `where` for anything else.
// Shared by the template and checks configuration loaders.
std::vector<std::string> yaml_string_list(const YAML::Node& n, const std::string& where,
                                          const std::filesystem::path& file);

// False when one of `absent` is `path` or holds it ("funds.period" holds
// "funds.period.total", not "funds.periodic").
bool part_absent(const std::vector<std::string>& absent, std::string_view path);

// Loads one template; throws std::runtime_error naming the file on errors.
FormTemplate load_template(const std::filesystem::path& file);

// Every template in the templates directory's forms/ folder, sorted by name.
std::vector<FormTemplate> load_templates(const std::filesystem::path& templates_dir);

// The templates directory: $PERFGOAL_TEMPLATES, else ../share/perfgoal/templates
// beside the running binary, else the source tree's templates/.
std::filesystem::path templates_dir();

}  // namespace perfgoal
