#include "emit/xml_writer.h"

#include <pugixml.hpp>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>

#include "model/errors.h"
#include "normalize/form_template.h"

#ifndef PERFGOAL_VERSION
#define PERFGOAL_VERSION "unknown"
#endif

namespace perfgoal {
namespace {

// A value that cannot be written, with where it comes from.
struct Problem {
  std::string file;
  int line = 0;
  int page = 0;
  std::string text;  // "form 3, field overview: ..."
};

// The first character XML 1.0 does not allow in `text` (control characters
// other than tab, LF, CR; U+FFFE, U+FFFF; invalid UTF-8), described, or "".
std::string forbidden_character(const std::string& text) {
  size_t i = 0, position = 0;
  auto hex = [](unsigned v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", v);
    return std::string(buf);
  };
  while (i < text.size()) {
    ++position;
    unsigned char c = static_cast<unsigned char>(text[i]);
    unsigned cp = 0;
    int len = 0;
    if (c < 0x80) cp = c, len = 1;
    else if ((c & 0xE0) == 0xC0) cp = c & 0x1F, len = 2;
    else if ((c & 0xF0) == 0xE0) cp = c & 0x0F, len = 3;
    else if ((c & 0xF8) == 0xF0) cp = c & 0x07, len = 4;
    else return "a byte that is not UTF-8 (0x" + hex(c).substr(4) + ") at character " + std::to_string(position);
    if (i + static_cast<size_t>(len) > text.size())
      return "truncated UTF-8 at character " + std::to_string(position);
    for (int k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
      if ((cc & 0xC0) != 0x80) return "invalid UTF-8 at character " + std::to_string(position);
      cp = (cp << 6) | (cc & 0x3F);
    }
    bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return "invalid UTF-8 at character " + std::to_string(position);
    if ((cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD) || cp == 0xFFFE || cp == 0xFFFF)
      return "control character " + hex(cp) + " (not allowed in XML 1.0) at character " + std::to_string(position);
    i += static_cast<size_t>(len);
  }
  return "";
}

class Renderer {
 public:
  Renderer(const XmlMapping& m, std::vector<Problem>& problems) : m_(m), problems_(problems) {}

  // Where the values being written come from, for problems.
  void at(const Record* r, int form_number, const std::string& file) {
    record_ = r;
    form_number_ = form_number;
    file_ = file;
  }

  pugi::xml_node group(pugi::xml_node parent, const std::string& key) {
    const XmlName& n = m_.at(key);
    if (n.is_flat()) return parent;
    pugi::xml_node e = parent.append_child(n.element.c_str());
    if (!n.select_attribute.empty()) e.append_attribute(n.select_attribute.c_str()).set_value(n.select_value.c_str());
    return e;
  }

  // `field` is the record path, for messages ("indicators.period[2].value").
  void text(pugi::xml_node parent, const std::string& key, const std::optional<std::string>& v,
            const std::string& field) {
    if (!v) return;
    if (std::string why = forbidden_character(*v); !why.empty()) {
      problem(field, why);
      return;
    }
    put(parent, key, *v);
  }
  void text(pugi::xml_node parent, const std::string& key, const std::string& v, const std::string& field) {
    text(parent, key, std::optional<std::string>(v), field);
  }
  void integer(pugi::xml_node parent, const std::string& key, const std::optional<int>& v) {
    if (v) put(parent, key, std::to_string(*v));
  }
  void money(pugi::xml_node parent, const std::string& key, const std::optional<Decimal>& v) {
    if (v) put(parent, key, v->to_string_fixed(2));
  }
  void number(pugi::xml_node parent, const std::string& key, const std::optional<Decimal>& v) {
    if (v) put(parent, key, v->to_string());
  }
  // 填报日期 in the mapping's date format (ISO 8601, or the system's 14 digits).
  void date_time(pugi::xml_node parent, const std::string& key, const std::optional<std::string>& v,
                 const std::string& field) {
    if (!v) return;
    auto written = format_xml_date(*v, m_.date_format);
    if (!written) {
      problem(field, "'" + *v + "' is not an ISO 8601 date or date and time (YYYY-MM-DD[Thh:mm:ss])");
      return;
    }
    put(parent, key, *written);
  }
  // Named by where the form came from (its file and line); a record read
  // from YAML also names the input it was read from.
  void problem(const std::string& field, const std::string& why) {
    Problem p;
    p.file = file_;
    std::string form = "form " + std::to_string(form_number_);
    if (record_ && !record_->source.file.empty()) {
      p.file = record_->source.file;
      if (record_->source.lines) p.line = record_->source.lines->first;
      if (record_->source.pages) p.page = record_->source.pages->first;
      if (record_->source.file != file_) form += " of " + file_;
    }
    p.text = form + ", field " + field + ": " + why;
    problems_.push_back(std::move(p));
  }

  const XmlMapping& mapping() const { return m_; }

 private:
  void put(pugi::xml_node parent, const std::string& key, const std::string& v) {
    const XmlName& n = m_.at(key);
    if (n.is_attribute()) {
      parent.append_attribute(n.attribute.c_str()).set_value(v.c_str());
      return;
    }
    pugi::xml_node e = group(parent, key);
    e.text().set(v.c_str());
  }

  const XmlMapping& m_;
  std::vector<Problem>& problems_;
  const Record* record_ = nullptr;
  int form_number_ = 0;
  std::string file_;
};

void funds(Renderer& out, pugi::xml_node parent, const std::string& key, const Funds& f) {
  pugi::xml_node g = out.group(parent, key);
  out.money(g, "funds.total", f.total);
  out.money(g, "funds.central", f.central);
  out.money(g, "funds.provincial", f.provincial);
  out.money(g, "funds.local", f.local);
  out.money(g, "funds.self_raised", f.self_raised);
  out.money(g, "funds.other", f.other);
}

void indicators(Renderer& out, pugi::xml_node parent, const std::string& term, const std::vector<Indicator>& list) {
  const XmlCodes& codes = out.mapping().codes;
  pugi::xml_node g = out.group(parent, "indicators." + term);
  for (size_t k = 0; k < list.size(); ++k) {
    const Indicator& i = list[k];
    const std::string field = "indicators." + term + "[" + std::to_string(k + 1) + "].";
    pugi::xml_node e = out.group(g, "indicators." + term + ".item");
    std::optional<std::string> code1 = i.level1 ? codes.level1_code(*i.level1) : std::nullopt;
    std::optional<std::string> code2 = i.level2 ? codes.level2_code(*i.level2, code1) : std::nullopt;
    out.text(e, "indicator.level1", i.level1, field + "level1");
    out.text(e, "indicator.level1_code", code1, field + "level1");
    out.text(e, "indicator.level2", i.level2, field + "level2");
    out.text(e, "indicator.level2_code", code2, field + "level2");
    out.text(e, "indicator.name", i.name, field + "name");
    out.text(e, "indicator.value", i.value, field + "value");
    // 计算符号: the comparison's code; 定性 for a value with none.
    if (i.op || i.value) {
      std::optional<std::string> sign = codes.sign_code(i.op);
      if (sign)
        out.text(e, "indicator.sign", sign, field + "op");
      else
        out.problem(field + "op", "'" + *i.op + "' has no 计算符号 code (>=, >, =, <, <=)");
    }
    out.number(e, "indicator.amount", i.amount);
    out.text(e, "indicator.unit", i.unit, field + "unit");
  }
}

void form(Renderer& out, pugi::xml_node root, const Record& r) {
  pugi::xml_node f = out.group(root, "form");
  pugi::xml_node s = out.group(f, "source");
  out.text(s, "source.file", r.source.file, "source.file");
  if (r.source.lines) {
    out.integer(s, "source.first_line", r.source.lines->first);
    out.integer(s, "source.last_line", r.source.lines->second);
  }
  if (r.source.pages) {
    out.integer(s, "source.first_page", r.source.pages->first);
    out.integer(s, "source.last_page", r.source.pages->second);
  }
  out.text(f, "title", r.title, "title");
  out.integer(f, "fiscal_year", r.fiscal_year);
  pugi::xml_node p = out.group(f, "project");
  out.text(p, "project.name", r.project.name, "project.name");
  out.text(p, "project.department_code", r.project.department_code, "project.department_code");
  out.text(p, "project.department", r.project.department, "project.department");
  out.text(p, "project.implementing_unit", r.project.implementing_unit, "project.implementing_unit");
  out.text(p, "project.attribute", r.project.attribute, "project.attribute");
  out.text(p, "project.attribute_detail", r.project.attribute_detail, "project.attribute_detail");
  out.integer(p, "project.period_years", r.project.period_years);
  pugi::xml_node money = out.group(f, "funds");
  funds(out, money, "funds.period", r.funds.period);
  funds(out, money, "funds.annual", r.funds.annual);
  out.text(f, "overview", r.overview, "overview");
  out.text(f, "basis", r.basis, "basis");
  out.text(f, "necessity", r.necessity, "necessity");
  out.text(f, "safeguards", r.safeguards, "safeguards");
  out.text(f, "schedule", r.schedule, "schedule");
  pugi::xml_node g = out.group(f, "goals");
  out.text(g, "goals.period", r.goals.period, "goals.period");
  out.text(g, "goals.annual", r.goals.annual, "goals.annual");
  pugi::xml_node ind = out.group(f, "indicators");
  indicators(out, ind, "period", r.indicators.period);
  indicators(out, ind, "annual", r.indicators.annual);
  pugi::xml_node so = out.group(f, "sign_off");
  out.text(so, "sign_off.responsible", r.sign_off.responsible, "sign_off.responsible");
  out.text(so, "sign_off.handler", r.sign_off.handler, "sign_off.handler");
  out.text(so, "sign_off.phone", r.sign_off.phone, "sign_off.phone");
  out.date_time(so, "sign_off.filed_at", r.sign_off.filed_at, "sign_off.filed_at");
}

[[noreturn]] void fail(const std::vector<Problem>& problems) {
  const Problem& first = problems.front();
  std::string message = "XML not written: " + first.text;
  if (problems.size() > 1) {
    message += "; and " + std::to_string(problems.size() - 1) + " more:";
    for (size_t k = 1; k < problems.size(); ++k)
      message += "\n  " + format_location(problems[k].file, problems[k].line, problems[k].page) + " " + problems[k].text;
  }
  throw InputError(first.file, message, first.line, first.page);
}

}  // namespace

std::string records_to_xml(std::span<const Conversion> batch, const XmlMapping& m, const std::string& created) {
  std::vector<Problem> problems;
  Renderer out(m, problems);
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node root = doc.append_child(m.at("document").element.c_str());
  root.append_attribute("xmlns:xsi").set_value("http://www.w3.org/2001/XMLSchema-instance");
  root.append_attribute("xsi:noNamespaceSchemaLocation").set_value(m.schema.c_str());

  size_t forms = 0;
  for (const auto& c : batch) forms += c.records.size();
  pugi::xml_node h = out.group(root, "header");
  out.text(h, "header.generator", std::string("perfgoal"), "header");
  out.text(h, "header.version", std::string(PERFGOAL_VERSION), "header");
  out.text(h, "header.record_format", std::string(kRecordFormat), "header");
  out.text(h, "header.mapping", m.name, "header");
  out.text(h, "header.created", created, "header");
  pugi::xml_node sources = out.group(h, "header.sources");
  for (const auto& c : batch) {
    out.at(nullptr, 0, c.file);
    out.text(sources, "header.source", c.file, "source.file");
  }
  out.integer(h, "header.form_count", static_cast<int>(forms));

  for (const auto& c : batch)
    for (size_t k = 0; k < c.records.size(); ++k) {
      out.at(&c.records[k], static_cast<int>(k + 1), c.file);
      form(out, root, c.records[k]);
    }
  if (!problems.empty()) fail(problems);

  std::ostringstream text;
  doc.save(text, "  ", pugi::format_indent, pugi::encoding_utf8);
  // pugixml writes a carriage return in text as is, and every XML reader
  // turns it into a line feed; as a character reference it survives. (CR
  // cannot be part of a multi-byte UTF-8 sequence, and pugixml's own line
  // breaks are LF, so every CR here is one from a text.)
  std::string xml = text.str();
  std::string escaped;
  escaped.reserve(xml.size());
  for (char ch : xml) {
    if (ch == '\r')
      escaped += "&#13;";
    else
      escaped += ch;
  }
  return escaped;
}

std::string xml_created_time() {
  std::time_t t = std::time(nullptr);
  if (const char* env = std::getenv("SOURCE_DATE_EPOCH"); env && *env) {
    long long seconds = 0;
    const char* end = env + std::strlen(env);
    auto [ptr, ec] = std::from_chars(env, end, seconds);
    if (ec != std::errc() || ptr != end || seconds < 0)
      throw std::runtime_error("SOURCE_DATE_EPOCH='" + std::string(env) + "' is not a number of seconds");
    t = static_cast<std::time_t>(seconds);
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Writer xml_writer(XmlMapping mapping) {
  return Writer{"xml", ".xml", [m = std::move(mapping)](std::span<const Conversion> batch, const std::filesystem::path& out) {
                  std::string xml = records_to_xml(batch, m, xml_created_time());
                  write_atomically(out, [&](const std::filesystem::path& tmp) {
                    std::ofstream f(tmp, std::ios::binary);
                    f << xml;
                    f.close();
                    if (!f) throw std::runtime_error("cannot write " + out.string());
                  });
                }};
}

void write_xml_file(std::span<const Conversion> batch, const std::filesystem::path& out) {
  static const Writer w = xml_writer(find_xml_mapping("default", templates_dir()));
  w.write(batch, out);
}

}  // namespace perfgoal
