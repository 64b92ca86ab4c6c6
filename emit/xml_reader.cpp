#include "emit/xml_reader.h"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>

#include "model/errors.h"

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
    ptrdiff_t where = -1;
    auto t = text(parent, key, &where);
    if (!t) return std::nullopt;
    int v = 0;
    auto [ptr, ec] = std::from_chars(t->data(), t->data() + t->size(), v);
    if (ec != std::errc() || ptr != t->data() + t->size())
      throw XmlReadError{"'" + describe(key) + "' should be a whole number, not '" + *t + "'", where};
    return v;
  }

  std::optional<Decimal> decimal(pugi::xml_node parent, const std::string& key) const {
    ptrdiff_t where = -1;
    auto t = text(parent, key, &where);
    if (!t) return std::nullopt;
    auto d = Decimal::parse(*t);
    if (!d) throw XmlReadError{"'" + describe(key) + "' should be a decimal number, not '" + *t + "'", where};
    return d;
  }

  // A date in either format (2024-12-17T09:07:09 or 20241217090709), as the record's ISO text.
  std::optional<std::string> date(pugi::xml_node parent, const std::string& key) const {
    ptrdiff_t where = -1;
    auto t = text(parent, key, &where);
    if (!t) return std::nullopt;
    auto d = parse_xml_date(*t);
    if (!d)
      throw XmlReadError{"'" + describe(key) + "' should be a date (2024-12-17T09:07:09 or 20241217090709), not '" + *t + "'",
                         where};
    return d;
  }

  std::string describe(const std::string& key) const {
    const XmlName& n = m_.at(key);
    return n.is_attribute() ? "@" + n.attribute : n.element;
  }

  const XmlMapping& mapping() const { return m_; }

 private:
  const XmlMapping& m_;
};

Funds funds(const Reader& in, pugi::xml_node parent, const std::string& key) {
  pugi::xml_node g = in.group(parent, key);
  Funds f;
  f.total = in.decimal(g, "funds.total");
  f.central = in.decimal(g, "funds.central");
  f.provincial = in.decimal(g, "funds.provincial");
  f.local = in.decimal(g, "funds.local");
  f.self_raised = in.decimal(g, "funds.self_raised");
  f.other = in.decimal(g, "funds.other");
  return f;
}

std::vector<Indicator> indicators(const Reader& in, pugi::xml_node parent, const std::string& term) {
  std::vector<Indicator> list;
  pugi::xml_node g = in.group(parent, "indicators." + term);
  if (!g) return list;
  for (pugi::xml_node e : in.all(g, "indicators." + term + ".item")) {
    Indicator i;
    i.level1 = in.text(e, "indicator.level1");
    i.level2 = in.text(e, "indicator.level2");
    i.name = in.text(e, "indicator.name");
    i.value = in.text(e, "indicator.value");
    ptrdiff_t where = -1;
    if (auto sign = in.text(e, "indicator.sign", &where)) {
      auto op = in.mapping().codes.op_of_sign(*sign);
      if (!op) throw XmlReadError{"'" + in.describe("indicator.sign") + "': unknown 计算符号 code '" + *sign + "'", where};
      if (!op->empty()) i.op = *op;
    }
    i.amount = in.decimal(e, "indicator.amount");
    i.unit = in.text(e, "indicator.unit");
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
  r.title = in.text(f, "title");
  r.fiscal_year = in.integer(f, "fiscal_year");
  pugi::xml_node p = in.group(f, "project");
  r.project.name = in.text(p, "project.name");
  r.project.department_code = in.text(p, "project.department_code");
  r.project.department = in.text(p, "project.department");
  r.project.implementing_unit = in.text(p, "project.implementing_unit");
  r.project.attribute = in.text(p, "project.attribute");
  r.project.attribute_detail = in.text(p, "project.attribute_detail");
  r.project.period_years = in.integer(p, "project.period_years");
  pugi::xml_node money = in.group(f, "funds");
  r.funds.period = funds(in, money, "funds.period");
  r.funds.annual = funds(in, money, "funds.annual");
  r.overview = in.text(f, "overview");
  r.basis = in.text(f, "basis");
  r.necessity = in.text(f, "necessity");
  r.safeguards = in.text(f, "safeguards");
  r.schedule = in.text(f, "schedule");
  pugi::xml_node g = in.group(f, "goals");
  r.goals.period = in.text(g, "goals.period");
  r.goals.annual = in.text(g, "goals.annual");
  pugi::xml_node ind = in.group(f, "indicators");
  r.indicators.period = indicators(in, ind, "period");
  r.indicators.annual = indicators(in, ind, "annual");
  pugi::xml_node so = in.group(f, "sign_off");
  r.sign_off.responsible = in.text(so, "sign_off.responsible");
  r.sign_off.handler = in.text(so, "sign_off.handler");
  r.sign_off.phone = in.text(so, "sign_off.phone");
  r.sign_off.filed_at = in.date(so, "sign_off.filed_at");
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
