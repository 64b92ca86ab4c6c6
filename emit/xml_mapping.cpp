#include "emit/xml_mapping.h"

#include <yaml-cpp/yaml.h>

#include <functional>
#include <regex>
#include <set>
#include <stdexcept>

#include "model/fields.h"
#include "config/form_template.h"
#include "config/yaml_file.h"

namespace perfgoal {
namespace {

enum class Shape { group, leaf, repeated };

struct KeyInfo {
  std::string key;
  Shape shape;
  std::vector<std::string> parents;  // a leaf of funds or indicators sits in two groups
};

// The XML key of an indicator field: "indicator.<key>"; the comparison is
// written as the system's 计算符号 code (indicator.sign).
std::string indicator_key(std::string_view field) {
  return field == "op" ? "indicator.sign" : "indicator." + std::string(field);
}

// The shape of the document: what nests in what, in document order. Only
// the names come from the mapping. The form follows the record
// (model/fields.h): a field's group is an element of its own, the leaves of
// the funds columns and of the indicator entries follow their groups.
std::vector<KeyInfo> make_structure() {
  std::vector<KeyInfo> s = {
      {"document", Shape::group, {}},
      {"header", Shape::group, {"document"}},
      {"header.generator", Shape::leaf, {"header"}},
      {"header.version", Shape::leaf, {"header"}},
      {"header.record_format", Shape::leaf, {"header"}},
      {"header.mapping", Shape::leaf, {"header"}},
      {"header.created", Shape::leaf, {"header"}},
      {"header.sources", Shape::group, {"header"}},
      {"header.source", Shape::repeated, {"header.sources"}},
      {"header.form_count", Shape::leaf, {"header"}},
      {"form", Shape::repeated, {"document"}},
      {"source", Shape::group, {"form"}},
      {"source.file", Shape::leaf, {"source"}},
      {"source.first_line", Shape::leaf, {"source"}},
      {"source.last_line", Shape::leaf, {"source"}},
      {"source.first_page", Shape::leaf, {"source"}},
      {"source.last_page", Shape::leaf, {"source"}},
  };
  std::string open;  // the record group being listed
  std::vector<std::string> funds_columns, indicator_items;
  auto close_group = [&] {
    if (!funds_columns.empty())
      for (const auto& m : funds_fields()) s.push_back({open + "." + std::string(m.path), Shape::leaf, funds_columns});
    if (!indicator_items.empty())
      for (const auto& m : indicator_fields()) {
        s.push_back({indicator_key(m.path), Shape::leaf, indicator_items});
        // A category's code follows its name.
        if (m.path == "level1" || m.path == "level2")
          s.push_back({indicator_key(m.path) + "_code", Shape::leaf, indicator_items});
      }
    funds_columns.clear();
    indicator_items.clear();
  };
  for (const auto& f : record_fields()) {
    if (f.group() != open) {
      close_group();
      open = std::string(f.group());
      if (!open.empty()) s.push_back({open, Shape::group, {"form"}});
    }
    std::string parent = open.empty() ? "form" : open;
    std::string path(f.path);
    if (f.kind == FieldKind::funds) {
      s.push_back({path, Shape::group, {parent}});
      funds_columns.push_back(path);
    } else if (f.kind == FieldKind::indicators) {
      s.push_back({path, Shape::group, {parent}});
      s.push_back({path + ".item", Shape::repeated, {path}});
      indicator_items.push_back(path + ".item");
    } else {
      s.push_back({path, Shape::leaf, {parent}});
    }
  }
  close_group();
  return s;
}

const std::vector<KeyInfo>& structure() {
  static const std::vector<KeyInfo> s = make_structure();
  return s;
}

const std::regex& xml_name_pattern() {
  static const std::regex re("[A-Za-z_][A-Za-z0-9_.-]*");
  return re;
}

XmlName parse_name(const std::string& key, const std::string& text, Shape shape, const std::string& file) {
  auto fail = [&](const std::string& why) {
    throw std::runtime_error(file + ": error: '" + key + "': " + why + " ('" + text + "')");
  };
  XmlName n;
  if (text.empty()) {
    if (shape != Shape::group || key == "document") fail("needs a name (only a group may be empty)");
    return n;
  }
  if (text[0] == '@') {
    if (shape != Shape::leaf) fail("only a single value can be an attribute");
    n.attribute = text.substr(1);
    if (!std::regex_match(n.attribute, xml_name_pattern())) fail("not an XML attribute name");
    return n;
  }
  static const std::regex with_select(R"(([A-Za-z_][A-Za-z0-9_.-]*)\[([A-Za-z_][A-Za-z0-9_.-]*)=([^\]]+)\])");
  std::smatch m;
  if (std::regex_match(text, m, with_select)) {
    n.element = m[1];
    n.select_attribute = m[2];
    n.select_value = m[3];
  } else if (std::regex_match(text, xml_name_pattern())) {
    n.element = text;
  } else {
    fail("not an XML name, Name[attribute=value], @attribute or \"\"");
  }
  return n;
}

std::vector<std::string> text_list(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n.IsScalar()) out.push_back(n.Scalar());
  else
    for (const auto& e : n) out.push_back(e.Scalar());
  return out;
}

XmlCodes codes_from(YAML::Node root, const std::filesystem::path& file);

XmlCodes load_codes(const std::filesystem::path& file) {
  if (std::optional<YAML::Node> root = read_yaml_file_quickly(file)) {
    try {
      return codes_from(*root, file);
    } catch (const std::exception&) {
      // Refused: read again by yaml-cpp below for the message with its line.
    }
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": error: " + e.msg);
  }
  return codes_from(root, file);
}

XmlCodes codes_from(YAML::Node root, const std::filesystem::path& file) {
  XmlCodes c;
  for (const auto& e : root["compute_sign"]) c.sign_of_op[e.first.Scalar()] = e.second.Scalar();
  if (root["qualitative"]) c.qualitative_sign = root["qualitative"].Scalar();
  for (const auto& e : root["level1"]) c.level1[e.first.Scalar()] = text_list(e.second);
  for (const auto& e : root["level2"]) c.level2[e.first.Scalar()] = text_list(e.second);
  if (c.sign_of_op.empty() || c.qualitative_sign.empty() || c.level1.empty())
    throw std::runtime_error(file.string() + ": error: needs compute_sign, qualitative, level1 and level2");
  for (const auto& [code, names] : c.level2)
    if (!c.level1.count(code.substr(0, 1)))
      throw std::runtime_error(file.string() + ": error: level-2 code " + code + " has no level-1 code " + code.substr(0, 1));
  return c;
}

// The element (or attribute) names each container holds once flat groups
// are opened: two keys may not land on the same name in one container.
void check_siblings(const XmlMapping& m) {
  std::map<std::string, std::vector<std::string>> children;  // parent key -> child keys
  for (const auto& k : structure())
    for (const auto& p : k.parents) children[p].push_back(k.key);
  // The keys whose names appear directly in `parent` (flat groups opened).
  std::function<void(const std::string&, std::vector<std::string>&)> direct = [&](const std::string& parent,
                                                                                   std::vector<std::string>& out) {
    for (const auto& c : children[parent]) {
      if (m.at(c).is_flat())
        direct(c, out);
      else
        out.push_back(c);
    }
  };
  for (const auto& k : structure()) {
    if (m.at(k.key).is_flat() || k.shape == Shape::leaf) continue;
    std::vector<std::string> keys;
    direct(k.key, keys);
    std::map<std::string, std::string> seen;  // "e:Name[attr=value]" / "a:name" -> key
    std::map<std::string, std::string> select_attr;  // element name -> its select attribute
    for (const auto& c : keys) {
      const XmlName& n = m.at(c);
      std::string id = n.is_attribute() ? "a:" + n.attribute : "e:" + n.element + "[" + n.select_value + "]";
      if (auto it = seen.find(id); it != seen.end())
        throw std::runtime_error(m.file.string() + ": error: '" + c + "' and '" + it->second +
                                 "' have the same name inside '" + k.key + "'");
      seen[id] = c;
      if (n.is_attribute()) continue;
      if (auto it = select_attr.find(n.element); it != select_attr.end() && it->second != n.select_attribute)
        throw std::runtime_error(m.file.string() + ": error: '" + c + "': elements named " + n.element +
                                 " inside '" + k.key + "' must be told apart by the same attribute");
      select_attr[n.element] = n.select_attribute;
    }
  }
}

bool same_label(std::string_view a, std::string_view b) { return label_key(a) == label_key(b); }

}  // namespace

std::optional<std::string> XmlCodes::sign_code(const std::optional<std::string>& op) const {
  if (!op) return qualitative_sign;
  auto it = sign_of_op.find(*op);
  if (it == sign_of_op.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> XmlCodes::op_of_sign(std::string_view code) const {
  if (code == qualitative_sign) return std::string();
  for (const auto& [op, c] : sign_of_op)
    if (c == code) return op;
  return std::nullopt;
}

bool XmlCodes::is_sign_code(std::string_view code) const { return op_of_sign(code).has_value(); }

std::optional<std::string> XmlCodes::level1_code(std::string_view name) const {
  for (const auto& [code, names] : level1)
    for (const auto& n : names)
      if (same_label(n, name)) return code;
  return std::nullopt;
}

std::optional<std::string> XmlCodes::level2_code(std::string_view name,
                                                 const std::optional<std::string>& level1_code) const {
  if (!level1_code) return std::nullopt;
  for (const auto& [code, names] : level2) {
    if (code.substr(0, level1_code->size()) != *level1_code) continue;
    for (const auto& n : names)
      if (same_label(n, name)) return code;
  }
  return std::nullopt;
}

std::optional<std::string> format_xml_date(const std::string& iso, XmlDateFormat f) {
  static const std::regex date_time(R"(([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}):([0-9]{2}))?)");
  std::smatch m;
  if (!std::regex_match(iso, m, date_time)) return std::nullopt;
  if (f == XmlDateFormat::iso) return iso;
  std::string out = m[1].str() + m[2].str() + m[3].str();
  if (m[4].matched) out += m[4].str() + m[5].str() + m[6].str();
  return out;
}

std::optional<std::string> parse_xml_date(const std::string& text) {
  static const std::regex digits(R"(([0-9]{4})([0-9]{2})([0-9]{2})(?:([0-9]{2})([0-9]{2})([0-9]{2}))?)");
  std::smatch m;
  if (std::regex_match(text, m, digits)) {
    std::string out = m[1].str() + "-" + m[2].str() + "-" + m[3].str();
    if (m[4].matched) out += "T" + m[4].str() + ":" + m[5].str() + ":" + m[6].str();
    return out;
  }
  if (format_xml_date(text, XmlDateFormat::iso)) return text;
  return std::nullopt;
}

const XmlName& XmlMapping::at(const std::string& key) const {
  auto it = names.find(key);
  if (it == names.end()) throw std::logic_error("XML mapping has no key " + key);
  return it->second;
}

const std::vector<std::string>& xml_mapping_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const auto& s : structure()) k.push_back(s.key);
    return k;
  }();
  return keys;
}

namespace {
XmlMapping mapping_from(YAML::Node root, const std::filesystem::path& file);
}  // namespace

XmlMapping load_xml_mapping(const std::filesystem::path& file) {
  if (std::optional<YAML::Node> root = read_yaml_file_quickly(file)) {
    try {
      return mapping_from(*root, file);
    } catch (const std::exception&) {
      // Refused: read again by yaml-cpp below for the message with its line.
    }
  }
  const std::string where = file.string();
  YAML::Node root;
  try {
    root = YAML::LoadFile(where);
  } catch (const YAML::BadFile&) {
    throw std::runtime_error(where + ": error: cannot open the XML mapping");
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(where + ":" + std::to_string(e.mark.line + 1) + ": error: " + e.msg);
  }
  return mapping_from(root, file);
}

namespace {
XmlMapping mapping_from(YAML::Node root, const std::filesystem::path& file) {
  XmlMapping m;
  m.file = file;
  const std::string where = file.string();
  if (!root.IsMap() || !root["name"] || !root["schema"] || !root["codes"] || !root["names"] || !root["names"].IsMap())
    throw std::runtime_error(where + ": error: an XML mapping needs name, schema, codes and names");
  m.name = root["name"].Scalar();
  m.schema = root["schema"].Scalar();
  if (YAML::Node d = root["date_format"]) {
    if (d.Scalar() == "iso")
      m.date_format = XmlDateFormat::iso;
    else if (d.Scalar() == "yyyymmddhhmmss")
      m.date_format = XmlDateFormat::digits14;
    else
      throw std::runtime_error(where + ":" + std::to_string(d.Mark().line + 1) + ": error: date_format '" + d.Scalar() +
                               "' is not iso or yyyymmddhhmmss");
  }
  m.codes = load_codes(file.parent_path() / root["codes"].Scalar());
  std::set<std::string> known(xml_mapping_keys().begin(), xml_mapping_keys().end());
  for (const auto& e : root["names"]) {
    std::string key = e.first.Scalar();
    if (!known.count(key))
      throw std::runtime_error(where + ":" + std::to_string(e.first.Mark().line + 1) + ": error: unknown key '" + key + "'");
  }
  for (const auto& k : structure()) {
    YAML::Node v = root["names"][k.key];
    if (!v) throw std::runtime_error(where + ": error: no name for '" + k.key + "'");
    std::string text = v.IsNull() ? "" : v.Scalar();
    m.names[k.key] = parse_name(k.key, text, k.shape, where);
  }
  check_siblings(m);
  return m;
}
}  // namespace

XmlMapping find_xml_mapping(const std::string& name_or_file, const std::filesystem::path& templates_dir) {
  std::filesystem::path p(name_or_file);
  std::error_code ec;
  if (name_or_file.find('/') != std::string::npos || p.extension() == ".yaml" || p.extension() == ".yml") {
    if (!std::filesystem::exists(p, ec)) throw std::runtime_error(name_or_file + ": error: no such XML mapping file");
    return load_xml_mapping(p);
  }
  std::filesystem::path named = templates_dir / "xml" / (name_or_file + ".yaml");
  if (!std::filesystem::exists(named, ec)) {
    std::string known;
    for (const auto& e : std::filesystem::directory_iterator(templates_dir / "xml", ec))
      if (e.path().extension() == ".yaml" && e.path().stem() != "codes") known += " " + e.path().stem().string();
    throw std::runtime_error("unknown XML mapping '" + name_or_file + "' (known:" + known + ")");
  }
  return load_xml_mapping(named);
}

}  // namespace perfgoal
