#include "emit/xml_reader.h"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>

#include "model/errors.h"
#include "model/fields.h"

namespace perfgoal {
namespace {

struct XmlReadError {
  std::string message;
  ptrdiff_t offset = -1;  // into the text; -1 when unknown
};

class Reader {
 public:
  explicit Reader(const XmlMapping& m) : m_(m) {}

  bool matches(pugi::xml_node e, const XmlName& n) const {
    if (e.type() != pugi::node_element || n.element != e.name()) return false;
    return n.select_attribute.empty() || n.select_value == e.attribute(n.select_attribute.c_str()).value();
  }

  std::vector<pugi::xml_node> all(pugi::xml_node parent, const std::string& key) const {
    std::vector<pugi::xml_node> out;
    const XmlName& n = m_.at(key);
    for (pugi::xml_node e : parent.children())
      if (matches(e, n)) out.push_back(e);
    return out;
  }

  // The group's element, the parent itself for a flat group, or a null node
  // when it is missing (its values are then all null).
  pugi::xml_node group(pugi::xml_node parent, const std::string& key) const {
    if (!parent || m_.at(key).is_flat()) return parent;
    auto found = all(parent, key);
    if (found.size() > 1) throw XmlReadError{"'" + describe(key) + "' appears twice", found[1].offset_debug()};
    return found.empty() ? pugi::xml_node() : found.front();
  }

  // The value as written, null when absent; the offset for messages.
  std::optional<std::string> text(pugi::xml_node parent, const std::string& key, ptrdiff_t* where = nullptr) const {
    if (!parent) return std::nullopt;
    const XmlName& n = m_.at(key);
    if (n.is_attribute()) {
      pugi::xml_attribute a = parent.attribute(n.attribute.c_str());
      if (!a) return std::nullopt;
      if (where) *where = parent.offset_debug();
      return std::string(a.value());
    }
    pugi::xml_node e = group(parent, key);
    if (!e) return std::nullopt;
    for (pugi::xml_node c : e.children())
      if (c.type() == pugi::node_element)
        throw XmlReadError{"'" + describe(key) + "' should hold text, not elements", c.offset_debug()};
    if (where) *where = e.offset_debug();
    return std::string(e.text().get());
  }

  std::optional<int> integer(pugi::xml_node parent, const std::string& key) const {
    return parsed(parent, key, "a whole number", [](const std::string& t) -> std::optional<int> {
      int v = 0;
      auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (ec != std::errc() || ptr != t.data() + t.size()) return std::nullopt;
      return v;
    });
  }

  std::optional<Decimal> decimal(pugi::xml_node parent, const std::string& key) const {
    return parsed(parent, key, "a decimal number", [](const std::string& t) { return Decimal::parse(t); });
  }

  // A date in either format (2024-12-17T09:07:09 or 20241217090709), as the record's ISO text.
  std::optional<std::string> date(pugi::xml_node parent, const std::string& key) const {
    return parsed(parent, key, "a date (2024-12-17T09:07:09 or 20241217090709)",
                  [](const std::string& t) { return parse_xml_date(t); });
  }

  std::string describe(const std::string& key) const {
    const XmlName& n = m_.at(key);
    return n.is_attribute() ? "@" + n.attribute : n.element;
  }

  const XmlMapping& mapping() const { return m_; }

 private:
  // The value read by parse(text) (nullopt: it cannot be read), null when
  // absent; one that cannot be read is an error saying what it should be.
  template <class Parse>
  auto parsed(pugi::xml_node parent, const std::string& key, const char* should_be, Parse&& parse) const
      -> decltype(parse(std::string())) {
    ptrdiff_t where = -1;
    auto t = text(parent, key, &where);
    if (!t) return std::nullopt;
    auto v = parse(*t);
    if (!v) throw XmlReadError{"'" + describe(key) + "' should be " + should_be + ", not '" + *t + "'", where};
    return v;
  }

  const XmlMapping& m_;
};

// A single value, read as its field's kind says.
template <class Owner>
void leaf(const Reader& in, pugi::xml_node parent, const std::string& key, const Field<Owner>& f, Owner& o) {
  switch (f.kind) {
    case FieldKind::text: f.text(o) = in.text(parent, key); break;
    case FieldKind::date_time: f.text(o) = in.date(parent, key); break;  // either date format
    case FieldKind::integer:
    case FieldKind::years: f.integer(o) = in.integer(parent, key); break;
    case FieldKind::money:
    case FieldKind::quantity: f.number(o) = in.decimal(parent, key); break;
    case FieldKind::funds:
    case FieldKind::indicators: break;  // groups: read by their own functions
  }
}

Funds funds(const Reader& in, pugi::xml_node parent, const std::string& key) {
  pugi::xml_node g = in.group(parent, key);
  Funds f;
  for (const auto& m : funds_fields()) leaf(in, g, "funds." + std::string(m.path), m, f);
  return f;
}

// `key`: "indicators.period" or "indicators.annual".
std::vector<Indicator> indicators(const Reader& in, pugi::xml_node parent, const std::string& key) {
  std::vector<Indicator> list;
  pugi::xml_node g = in.group(parent, key);
  if (!g) return list;
  for (pugi::xml_node e : in.all(g, key + ".item")) {
    Indicator i;
    for (const auto& m : indicator_fields()) {
      if (m.path != "op") {
        leaf(in, e, "indicator." + std::string(m.path), m, i);
        continue;
      }
      ptrdiff_t where = -1;
      if (auto sign = in.text(e, "indicator.sign", &where)) {
        auto op = in.mapping().codes.op_of_sign(*sign);
        if (!op) throw XmlReadError{"'" + in.describe("indicator.sign") + "': unknown 计算符号 code '" + *sign + "'", where};
        if (!op->empty()) i.op = *op;
      }
    }
    // A column of other layouts: present where the document has its value
    // (a blank cell is left out of the XML).
    for (const auto& m : indicator_fields())
      if (m.has) m.has(i) = field_text(m, i).has_value();
    list.push_back(std::move(i));
  }
  return list;
}

Record form(const Reader& in, pugi::xml_node f) {
  Record r;
  pugi::xml_node s = in.group(f, "source");
  r.source.file = in.text(s, "source.file").value_or("");
  auto first_line = in.integer(s, "source.first_line"), last_line = in.integer(s, "source.last_line");
  if (first_line && last_line) r.source.lines = std::make_pair(*first_line, *last_line);
  auto first_page = in.integer(s, "source.first_page"), last_page = in.integer(s, "source.last_page");
  if (first_page && last_page) r.source.pages = std::make_pair(*first_page, *last_page);
  each_record_field(
      f, [&](pugi::xml_node node, const std::string& group) { return in.group(node, group); },
      [&](const RecordField& field, pugi::xml_node parent) {
        const std::string path(field.path);
        if (field.kind == FieldKind::funds)
          field.funds(r) = funds(in, parent, path);
        else if (field.kind == FieldKind::indicators)
          field.list(r) = indicators(in, parent, path);
        else
          leaf(in, parent, path, field, r);
      });
  // A form has a column of other layouts for all its rows or for none: a
  // column the document shows on one row is the form's, null where the
  // other rows leave it out (blank cells). A column blank on every row of a
  // form cannot be told from no column and is read as none.
  for (const auto& m : indicator_fields()) {
    if (!m.has) continue;
    bool any = false;
    for (auto* list : {&r.indicators.period, &r.indicators.annual})
      for (auto& i : *list) any |= m.has(i);
    if (any)
      for (auto* list : {&r.indicators.period, &r.indicators.annual})
        for (auto& i : *list) m.has(i) = true;
  }
  return r;
}

int line_of(const std::string& text, ptrdiff_t offset) {
  if (offset < 0) return 0;
  size_t end = std::min(text.size(), static_cast<size_t>(offset));
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(end), '\n'));
}

}  // namespace

std::vector<Record> records_from_xml(const std::string& text, const std::string& file, const XmlMapping& mapping) {
  pugi::xml_document doc;
  // Keep a text that is only white space: it is a value like any other.
  pugi::xml_parse_result ok =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  if (!ok) throw InputError(file, std::string("not well-formed XML: ") + ok.description(), line_of(text, ok.offset));
  Reader in(mapping);
  std::vector<Record> out;
  try {
    pugi::xml_node root = doc.document_element();
    if (mapping.at("document").element != root.name())
      throw XmlReadError{"the root element is <" + std::string(root.name()) + ">, not <" +
                             mapping.at("document").element + "> (XML mapping " + mapping.name + ")",
                         root.offset_debug()};
    for (pugi::xml_node f : in.all(root, "form")) out.push_back(form(in, f));
  } catch (const XmlReadError& e) {
    throw InputError(file, e.message, line_of(text, e.offset));
  }
  return out;
}

}  // namespace perfgoal
