// The mapping from records to XML names (templates/xml/*.yaml) and the
// system's code lists (templates/xml/codes.yaml).
//
// The shape of the XML (what nests in what, in which order) is fixed by the
// record; a mapping only names it. Every logical key ("project.name",
// "indicator.sign", ...) gets one of:
//   Name              an element
//   Name[attr=value]  an element that carries a fixed attribute: two keys can
//                     share an element name and differ by the attribute
//                     (KPI_TARGET[TERM_FLAG=1] / KPI_TARGET[TERM_FLAG=0])
//   @name             an attribute of the enclosing element (leaf keys only)
//   ""                no element: a group's children go into its parent
// A province whose portal names things differently gets a new mapping file,
// not new code.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/fields.h"

namespace perfgoal {

struct XmlName {
  std::string element;          // element name; empty for an attribute or a flattened group
  std::string attribute;        // attribute name (mapping value "@name")
  std::string select_attribute; // Name[attr=value]: the fixed attribute ...
  std::string select_value;     // ... and its value
  bool is_attribute() const { return !attribute.empty(); }
  bool is_flat() const { return element.empty() && attribute.empty(); }
};

// The code lists of the budget system (预算管理一体化).
struct XmlCodes {
  std::map<std::string, std::string> sign_of_op;  // ">=" -> "1", ...
  std::string qualitative_sign;                   // "6" (定性)
  // code -> the category names it stands for (compared as label keys)
  std::map<std::string, std::vector<std::string>> level1;
  std::map<std::string, std::vector<std::string>> level2;

  std::optional<std::string> sign_code(const std::optional<std::string>& op) const;  // nullopt: unknown op
  std::optional<std::string> op_of_sign(std::string_view code) const;                // "" for 定性
  bool is_sign_code(std::string_view code) const;
  std::optional<std::string> level1_code(std::string_view name) const;
  // Only under its own level-1 category (11 数量指标 under 1 产出指标).
  std::optional<std::string> level2_code(std::string_view name, const std::optional<std::string>& level1_code) const;
};

// How the mapping writes 填报日期 (sign_off.filed_at): ISO 8601
// (2024-12-17T09:07:09) or the budget system's 14 digits (20241217090709).
enum class XmlDateFormat { iso, digits14 };

// A record's date ("2024-12-17T09:07:09", or a date alone "2024-12-17") in
// `f`: digits14 gives 20241217090709 (8 digits for a date alone: no time is
// made up). nullopt when `iso` is neither form.
std::optional<std::string> format_xml_date(const std::string& iso, XmlDateFormat f);
// A date as an XML document writes it, in either format, back as the
// record's ISO text; nullopt when it is neither.
std::optional<std::string> parse_xml_date(const std::string& text);

struct XmlMapping {
  std::string name;                 // "default", "upper-codes"
  XmlDateFormat date_format = XmlDateFormat::iso;  // mapping key date_format: iso | yyyymmddhhmmss
  std::filesystem::path file;       // the mapping file
  std::string schema;               // XSD file name, beside the mapping
  std::map<std::string, XmlName> names;
  XmlCodes codes;

  const XmlName& at(const std::string& key) const;  // every key is there (checked on load)
  std::filesystem::path schema_path() const { return file.parent_path() / schema; }
};

// The record's fields in record order, as a form's XML holds them: each
// given to visit(field, parent), `parent` the node of the field's group
// (group(form, name), asked when the group changes: an element, or the form
// for a flat group) or the form itself for a field of no group. The writer
// makes the nodes, the reader finds them.
template <class Node, class Group, class Visit>
void each_record_field(Node form, Group&& group, Visit&& visit) {
  std::string_view open;
  Node parent = form;
  for (const auto& field : record_fields()) {
    if (field.group() != open) {
      open = field.group();
      parent = open.empty() ? form : group(form, std::string(open));
    }
    visit(field, parent);
  }
}

// Every logical key a mapping must name, in document order.
const std::vector<std::string>& xml_mapping_keys();

// Loads a mapping file (and the code list it names). Throws std::runtime_error
// naming the file on a missing or unknown key, a malformed name, or a
// clash of names among siblings.
XmlMapping load_xml_mapping(const std::filesystem::path& file);

// NAME (templates_dir/xml/NAME.yaml) or a path to a mapping file.
XmlMapping find_xml_mapping(const std::string& name_or_file, const std::filesystem::path& templates_dir);

}  // namespace perfgoal
