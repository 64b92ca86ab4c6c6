#include "config/form_template.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <set>
#include <stdexcept>
#include <unistd.h>

#include "config/yaml_file.h"
#include "model/fields.h"

namespace perfgoal {


std::vector<std::string> yaml_string_list(const YAML::Node& n, const std::string& where,
                                          const std::filesystem::path& file) {
  std::vector<std::string> out;
  if (!n) return out;
  if (n.IsScalar()) return {n.Scalar()};
  if (!n.IsSequence()) throw std::runtime_error(file.string() + ": '" + where + "' should be a list");
  for (const auto& e : n) out.push_back(e.Scalar());
  return out;
}

void label_key_into(std::string& out, std::string_view text) {
  out.clear();
  // Bytes that start nothing dropped or replaced below are copied in runs.
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {' ', '\t', '\r', '\n'}) t[c] = true;
    t[0xEF] = t[0xE3] = t[0xC2] = true;
    return t;
  }();
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < text.size();) {
    size_t run = i;
    while (run < text.size() && !kSpecial[p[run]]) ++run;
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { ++i; continue; }
    std::string_view rest = text.substr(i);
    if (c == 0xEF && rest.size() >= 3 && static_cast<unsigned char>(rest[1]) == 0xBC) {
      unsigned char d = static_cast<unsigned char>(rest[2]);
      if (d == 0x88 || d == 0x89 || d == 0x9A) {  // （ ） ：
        out.push_back(d == 0x88 ? '(' : d == 0x89 ? ')' : ':');
        i += 3;
        continue;
      }
    }
    if (c == 0xE3 && rest.starts_with("\xE3\x80\x80")) { i += 3; continue; }  // U+3000
    if (c == 0xC2 && rest.starts_with("\xC2\xA0")) { i += 2; continue; }       // no-break space
    out.push_back(text[i++]);
  }
  while (!out.empty() && out.back() == ':') out.pop_back();
}

std::string label_key(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  label_key_into(out, text);
  return out;
}

namespace {

// Length of the white space label_key drops at text[i] (0: none).
[[gnu::always_inline]] inline size_t space_at(std::string_view t, size_t i) {
  char c = t[i];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (c == '\xE3' && t.substr(i).starts_with("\xE3\x80\x80")) return 3;  // U+3000
  if (c == '\xC2' && t.substr(i).starts_with("\xC2\xA0")) return 2;       // no-break space
  return 0;
}
// Length of the white space or colon ending t[b, e) (0: none).
[[gnu::always_inline]] inline size_t space_or_colon_before(std::string_view t, size_t b, size_t e) {
  std::string_view s = t.substr(b, e - b);
  char c = s.back();
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':') return 1;
  if (c == '\x80' && s.ends_with("\xE3\x80\x80")) return 3;  // U+3000
  if (c == '\x9A' && s.ends_with("\xEF\xBC\x9A")) return 3;  // ：
  if (c == '\xA0' && s.ends_with("\xC2\xA0")) return 2;
  return 0;
}
// A character as label_key writes it (（ ） ： folded), by its bytes.
[[gnu::always_inline]] inline uint32_t char_value(std::string_view s) {
  if (s.size() == 3 && s[0] == '\xEF' && s[1] == '\xBC') {
    if (s[2] == '\x88') return '(';
    if (s[2] == '\x89') return ')';
    if (s[2] == '\x9A') return ':';
  }
  uint32_t v = 0;
  for (unsigned char c : s) v = v * 131 + c;
  return v;
}
// Not a well-formed character: anything may follow from it.
constexpr uint32_t kUnknown = 0xFFFFFFFF;
[[gnu::always_inline]] inline size_t sequence_length(unsigned char c) { return c < 0x80 ? 1 : c < 0xC0 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }
// The character t[s, s + n) when it is one well-formed sequence.
[[gnu::always_inline]] inline uint32_t char_at(std::string_view t, size_t s, size_t n) {
  if (n == 0 || sequence_length(static_cast<unsigned char>(t[s])) != n) return kUnknown;
  for (size_t i = 1; i < n; ++i)
    if ((static_cast<unsigned char>(t[s + i]) & 0xC0) != 0x80) return kUnknown;
  return char_value(t.substr(s, n));
}
[[gnu::always_inline]] inline uint32_t first_char(std::string_view t, size_t b, size_t e) {
  size_t n = sequence_length(static_cast<unsigned char>(t[b]));
  return n > e - b ? kUnknown : char_at(t, b, n);
}
[[gnu::always_inline]] inline uint32_t last_char(std::string_view t, size_t b, size_t e) {
  size_t s = e - 1;
  while (s > b && e - s < 4 && (static_cast<unsigned char>(t[s]) & 0xC0) == 0x80) --s;
  return char_at(t, s, e - s);
}
void set_bit(std::array<uint64_t, 64>& bits, uint32_t v) { bits[(v >> 6) & 63] |= uint64_t{1} << (v & 63); }
bool has_bit(const std::array<uint64_t, 64>& bits, uint32_t v) {
  return v == kUnknown || (bits[(v >> 6) & 63] >> (v & 63) & 1);
}

}  // namespace

void FormTemplate::index_labels() {
  index.clear();
  for (const auto& [key, id] : labels) index[key].field = id;
  for (const auto& [key, role] : indicator_header) index[key].header_role = role;
  for (const auto& [key, name] : level1_keys) index[key].level1 = name;
  for (const auto& [key, name] : level2_keys) index[key].level2 = name;
  for (const auto& [key, name] : level2_parent) index[key].parent = name;
  for (const auto& key : indicator_section) index[key].section = true;
  sign_off_keys.clear();
  for (const auto& [key, field] : labels)
    if (field.rfind("sign_off.", 0) == 0) sign_off_keys.push_back(key);
  key_first.fill(0);
  key_last.fill(0);
  for (const auto& [key, info] : index) {
    if (key.empty()) {  // an empty key: any text may be it
      key_first.fill(~uint64_t{0});
      key_last.fill(~uint64_t{0});
      continue;
    }
    set_bit(key_first, first_char(key, 0, key.size()));
    set_bit(key_last, last_char(key, 0, key.size()));
  }
}

bool FormTemplate::may_be_label(std::string_view text) const {
  // label_key drops white space everywhere and colons at the end: the key's
  // first and last characters are the text's first and last others.
  size_t b = 0, e = text.size();
  while (b < e) {
    size_t n = space_at(text, b);
    if (!n) break;
    b += n;
  }
  while (e > b) {
    size_t n = space_or_colon_before(text, b, e);
    if (!n) break;
    e -= n;
  }
  if (b == e) return true;  // an empty key: looked up as any other
  return has_bit(key_first, first_char(text, b, e)) && has_bit(key_last, last_char(text, b, e));
}

const LabelInfo* FormTemplate::lookup(std::string_view cell_text) const {
  if (!may_be_label(cell_text)) return nullptr;
  thread_local std::string key;
  label_key_into(key, cell_text);
  return lookup_key(key);
}

std::string FormTemplate::field_of(std::string_view cell_text) const {
  if (cell_text.size() > kMaxLabelBytes) return {};
  const LabelInfo* info = lookup(cell_text);
  return info ? info->field : std::string();
}

const std::string& FormTemplate::label(std::string_view id) const {
  auto it = printed.find(id);
  if (it == printed.end()) throw std::runtime_error(file.string() + ": template has no label for " + std::string(id));
  return it->second;
}

const std::string& FormTemplate::caption(std::string_view id) const {
  auto it = names.find(id);
  return it != names.end() ? it->second : label(id);
}

bool FormTemplate::is_title(std::string_view cell_text) const {
  for (const auto& t : title)
    if (cell_text.find(t) != std::string_view::npos) return true;
  return false;
}

bool FormTemplate::is_level1(std::string_view text) const {
  if (text.size() > kMaxLabelBytes) return false;
  const LabelInfo* info = lookup(text);
  return info && !info->level1.empty();
}
bool FormTemplate::is_level2(std::string_view text) const {
  if (text.size() > kMaxLabelBytes) return false;
  const LabelInfo* info = lookup(text);
  return info && !info->level2.empty();
}

std::optional<std::string> FormTemplate::parent_of(std::string_view level2_text) const {
  return parent_of(level2_text, lookup(level2_text));
}

std::optional<std::string> FormTemplate::parent_of(std::string_view level2_text, const LabelInfo* info) {
  if (level2_text.size() > kMaxLabelBytes || !info || info->parent.empty()) return std::nullopt;
  return info->parent;
}

bool part_absent(const std::vector<std::string>& absent, std::string_view path) {
  for (const auto& a : absent)
    if (path.starts_with(a) && (path.size() == a.size() || path[a.size()] == '.')) return true;
  return false;
}

bool FormTemplate::prints(std::string_view path) const { return !part_absent(absent, path); }

namespace {
// The root is a handle (not const): the const operator[] of yaml-cpp gives an
// invalid node for a key that is missing, which throws when indexed again;
// the non-const one an undefined node. The same holds for the checks and the
// XML mapping's readers.
FormTemplate template_from(YAML::Node root, const std::filesystem::path& file);
}  // namespace

FormTemplate load_template(const std::filesystem::path& file) {
  if (std::optional<YAML::Node> root = read_yaml_file_quickly(file)) {
    try {
      return template_from(*root, file);
    } catch (const std::exception&) {
      // Refused: read again by yaml-cpp below for the message with its line.
    }
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": template is not valid YAML: " + e.msg);
  }
  return template_from(root, file);
}

namespace {
FormTemplate template_from(YAML::Node root, const std::filesystem::path& file) {
  FormTemplate t;
  t.file = file;
  t.name = root["name"] ? root["name"].Scalar() : file.stem().string();
  t.title = yaml_string_list(root["title"], "title", file);
  if (t.title.empty()) throw std::runtime_error(file.string() + ": template has no 'title'");
  if (root["fiscal_year_pattern"])
    throw std::runtime_error(file.string() +
                             ": fiscal_year_pattern (a regular expression) is replaced by fiscal_year_suffixes, "
                             "a list of the words that follow the year's four digits (e.g. [年])");
  t.fiscal_year_suffixes = root["fiscal_year_suffixes"] ? yaml_string_list(root["fiscal_year_suffixes"], "fiscal_year_suffixes", file)
                                                        : std::vector<std::string>{"年"};
  for (const auto& w : t.fiscal_year_suffixes)
    if (w.empty() || (w[0] >= '0' && w[0] <= '9'))
      throw std::runtime_error(file.string() + ": fiscal_year_suffixes: '" + w + "' must be a word, not empty or a number");

  auto add = [&](const std::string& id, const std::vector<std::string>& variants) {
    if (!variants.empty()) t.printed.emplace(id, variants.front());
    for (const auto& v : variants) {
      std::string key = label_key(v);
      // A sign-off label is cut at by the colon after it (normalize): it holds none itself.
      if (id.starts_with("sign_off.") && key.find(':') != std::string::npos)
        throw std::runtime_error(file.string() + ": sign-off label '" + v + "' holds a colon");
      auto [it, inserted] = t.labels.emplace(key, id);
      if (!inserted && it->second != id)
        throw std::runtime_error(file.string() + ": label '" + v + "' is used for both " + it->second + " and " + id);
    }
  };
  // Every label names a field of the record (model/fields.h).
  auto unknown = [&](const YAML::Node& key, const std::string& id) {
    return std::runtime_error(file.string() + ":" + std::to_string(key.Mark().line + 1) + ": '" + id +
                              "' is not a field of the record");
  };
  for (const auto& kv : root["fields"]) {
    std::string id = kv.first.Scalar();
    const RecordField* f = find_record_field(id);
    if (!f || f->kind == FieldKind::funds || f->kind == FieldKind::indicators) throw unknown(kv.first, id);
    add(id, yaml_string_list(kv.second, id, file));
  }
  for (const auto& kv : root["funds"]) {
    std::string key = kv.first.Scalar();
    if (key == "columns") {
      t.funds_columns = yaml_string_list(kv.second, "funds.columns", file);
      for (const auto& c : t.funds_columns)
        if (c != "period" && c != "annual")
          throw std::runtime_error(file.string() + ": funds.columns: '" + c + "' is neither period nor annual");
      if (t.funds_columns.empty() || t.funds_columns.size() > 2)
        throw std::runtime_error(file.string() + ": funds.columns should name one or two columns");
      continue;
    }
    // Labels of the funds block that are not amounts: the section, a unit
    // line (单位：万元), the 实施期 / 年度 headers over two columns of amounts.
    static const std::set<std::string> kLayoutKeys = {"section", "unit", "period_column", "annual_column",
                                                      "period.total", "annual.total"};
    if (!kLayoutKeys.count(key) && !find_funds_field(key)) throw unknown(kv.first, "funds." + key);
    add("funds." + key, yaml_string_list(kv.second, key, file));
  }
  // Labels whose text the record has no field for: read over with their value.
  add("unrecorded", yaml_string_list(root["unrecorded"], "unrecorded", file));
  for (const auto& kv : root["goals"]) add("goals." + kv.first.Scalar(), yaml_string_list(kv.second, kv.first.Scalar(), file));

  YAML::Node ind = root["indicators"];
  if (!ind) throw std::runtime_error(file.string() + ": template has no 'indicators'");
  for (const auto& s : yaml_string_list(ind["section"], "indicators.section", file)) t.indicator_section.push_back(label_key(s));
  add("indicators.section", yaml_string_list(ind["section"], "indicators.section", file));
  static const std::set<std::string> kRoles = {"level1", "level2", "name", "value", "op",
                                               "unit", "weight", "note", "basis", "previous_value"};
  for (const auto& kv : ind["header"]) {
    if (!kRoles.count(kv.first.Scalar()))
      throw std::runtime_error(file.string() + ": indicators.header: unknown column '" + kv.first.Scalar() + "'");
    auto variants = yaml_string_list(kv.second, kv.first.Scalar(), file);
    if (!variants.empty()) t.printed.emplace("indicator." + kv.first.Scalar(), variants.front());
    for (const auto& v : variants) t.indicator_header[label_key(v)] = kv.first.Scalar();
  }
  for (const auto& kv : ind["blocks"]) {
    std::string block = kv.second.Scalar();
    if (block != "period" && block != "annual")
      throw std::runtime_error(file.string() + ": indicators.blocks: '" + kv.first.Scalar() + "' should be period or annual");
    t.indicator_blocks[label_key(kv.first.Scalar())] = block;
    t.indicator_section.push_back(label_key(kv.first.Scalar()));
    add("indicators.section", {kv.first.Scalar()});
  }
  if (ind["single_block"]) {
    t.single_block = ind["single_block"].Scalar();
    if (t.single_block != "period" && t.single_block != "annual")
      throw std::runtime_error(file.string() + ": indicators.single_block should be period or annual");
  }
  t.silent_signs = yaml_string_list(ind["silent_signs"], "indicators.silent_signs", file);
  std::map<std::string, std::vector<std::string>> aliases;
  for (const auto& kv : ind["aliases"]) aliases[kv.first.Scalar()] = yaml_string_list(kv.second, kv.first.Scalar(), file);
  for (const auto& kv : ind["tree"]) {
    std::string l1 = kv.first.Scalar();
    t.level1_keys[label_key(l1)] = l1;
    for (const auto& a : aliases[l1]) t.level1_keys[label_key(a)] = l1;
    for (const auto& l2 : yaml_string_list(kv.second, l1, file)) {
      t.level2_keys[label_key(l2)] = l2;
      t.level2_parent[label_key(l2)] = l1;
      for (const auto& a : aliases[l2]) {
        t.level2_keys[label_key(a)] = l2;
        t.level2_parent[label_key(a)] = l1;
      }
    }
  }
  // What the form has no place for: paths of the record, a group (funds.period,
  // indicators.period) or a field (overview, funds.period.central).
  for (const auto& path : yaml_string_list(root["absent"], "absent", file)) {
    const RecordField* f = find_record_field(path);
    bool ok = f != nullptr;
    for (const char* col : {"funds.period.", "funds.annual."})
      if (path.rfind(col, 0) == 0) ok = find_funds_field(std::string_view(path).substr(std::strlen(col))) != nullptr;
    if (!ok) throw std::runtime_error(file.string() + ": absent: '" + path + "' is not a part of the record");
    t.absent.push_back(path);
  }
  for (const auto& kv : root["names"]) t.names[kv.first.Scalar()] = kv.second.Scalar();
  if (t.level1_keys.empty()) throw std::runtime_error(file.string() + ": template has no indicator 'tree'");
  if (YAML::Node core = root["core_labels"]) {
    t.core_fields = yaml_string_list(core["fields"], "core_labels.fields", file);
    t.core_min = core["min"] ? core["min"].as<int>() : static_cast<int>(t.core_fields.size());
    std::set<std::string> ids;
    for (const auto& [key, id] : t.labels) ids.insert(id);
    for (const auto& f : t.core_fields)
      if (!ids.count(f)) throw std::runtime_error(file.string() + ": core_labels: '" + f + "' is no field of this template");
    if (t.core_min < 1 || t.core_min > static_cast<int>(t.core_fields.size()))
      throw std::runtime_error(file.string() + ": core_labels.min should be 1.." + std::to_string(t.core_fields.size()));
  }
  t.index_labels();
  return t;
}
}  // namespace

std::vector<FormTemplate> load_templates(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir / "forms", ec))
    if (e.path().extension() == ".yaml" || e.path().extension() == ".yml") files.push_back(e.path());
  if (ec) throw std::runtime_error("cannot read form templates in " + (dir / "forms").string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<FormTemplate> out;
  for (const auto& f : files) out.push_back(load_template(f));
  if (out.empty()) throw std::runtime_error("no form templates in " + (dir / "forms").string());
  return out;
}

std::filesystem::path templates_dir() {
  if (const char* env = std::getenv("PERFGOAL_TEMPLATES"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "perfgoal" / "templates";
    if (std::filesystem::exists(installed / "forms", ec)) return installed;
  }
  if (std::filesystem::exists(std::filesystem::path(PERFGOAL_INSTALL_TEMPLATES) / "forms", ec))
    if (std::filesystem::exists(PERFGOAL_SOURCE_TEMPLATES, ec) == false) return PERFGOAL_INSTALL_TEMPLATES;
  return PERFGOAL_SOURCE_TEMPLATES;
}

}  // namespace perfgoal
