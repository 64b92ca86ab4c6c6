#include "emit/yaml_writer.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "emit/writer.h"
#include "model/errors.h"

namespace perfgoal {
namespace {

// Text scalars are double-quoted: yaml-cpp would otherwise write "012" or
// "yes" plain, and a reader would see a number or a boolean.
void text(YAML::Emitter& out, const std::optional<std::string>& v) {
  if (v)
    out << YAML::DoubleQuoted << *v;
  else
    out << YAML::Null;
}

void number(YAML::Emitter& out, const std::optional<Decimal>& v, int min_places) {
  if (v)
    out << v->to_string_fixed(min_places);  // plain scalar: an exact decimal, never exponent form
  else
    out << YAML::Null;
}

void integer(YAML::Emitter& out, const std::optional<int>& v) {
  if (v)
    out << *v;
  else
    out << YAML::Null;
}

void pair_list(YAML::Emitter& out, const char* key, const std::optional<std::pair<int, int>>& v) {
  if (!v) return;
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq << v->first << v->second << YAML::EndSeq;
}

void funds(YAML::Emitter& out, const Funds& f) {
  out << YAML::BeginMap;
  out << YAML::Key << "total" << YAML::Value; number(out, f.total, 2);
  out << YAML::Key << "central" << YAML::Value; number(out, f.central, 2);
  out << YAML::Key << "provincial" << YAML::Value; number(out, f.provincial, 2);
  out << YAML::Key << "local" << YAML::Value; number(out, f.local, 2);
  out << YAML::Key << "self_raised" << YAML::Value; number(out, f.self_raised, 2);
  out << YAML::Key << "other" << YAML::Value; number(out, f.other, 2);
  out << YAML::EndMap;
}

void indicators(YAML::Emitter& out, const std::vector<Indicator>& list) {
  out << YAML::BeginSeq;
  for (const auto& i : list) {
    out << YAML::BeginMap;
    out << YAML::Key << "level1" << YAML::Value; text(out, i.level1);
    out << YAML::Key << "level2" << YAML::Value; text(out, i.level2);
    out << YAML::Key << "name" << YAML::Value; text(out, i.name);
    out << YAML::Key << "value" << YAML::Value; text(out, i.value);
    out << YAML::Key << "op" << YAML::Value; text(out, i.op);
    out << YAML::Key << "amount" << YAML::Value; number(out, i.amount, 0);
    out << YAML::Key << "unit" << YAML::Value; text(out, i.unit);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void record(YAML::Emitter& out, const Record& r) {
  out << YAML::BeginMap;
  out << YAML::Key << "format" << YAML::Value << kRecordFormat;
  out << YAML::Key << "source" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "file" << YAML::Value << YAML::DoubleQuoted << r.source.file;
  pair_list(out, "pages", r.source.pages);
  pair_list(out, "lines", r.source.lines);
  out << YAML::EndMap;
  out << YAML::Key << "title" << YAML::Value; text(out, r.title);
  out << YAML::Key << "fiscal_year" << YAML::Value; integer(out, r.fiscal_year);
  out << YAML::Key << "project" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value; text(out, r.project.name);
  out << YAML::Key << "department_code" << YAML::Value; text(out, r.project.department_code);
  out << YAML::Key << "department" << YAML::Value; text(out, r.project.department);
  out << YAML::Key << "implementing_unit" << YAML::Value; text(out, r.project.implementing_unit);
  out << YAML::Key << "attribute" << YAML::Value; text(out, r.project.attribute);
  out << YAML::Key << "attribute_detail" << YAML::Value; text(out, r.project.attribute_detail);
  out << YAML::Key << "period_years" << YAML::Value; integer(out, r.project.period_years);
  out << YAML::EndMap;
  out << YAML::Key << "funds" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "period" << YAML::Value; funds(out, r.funds.period);
  out << YAML::Key << "annual" << YAML::Value; funds(out, r.funds.annual);
  out << YAML::EndMap;
  out << YAML::Key << "overview" << YAML::Value; text(out, r.overview);
  out << YAML::Key << "basis" << YAML::Value; text(out, r.basis);
  out << YAML::Key << "necessity" << YAML::Value; text(out, r.necessity);
  out << YAML::Key << "safeguards" << YAML::Value; text(out, r.safeguards);
  out << YAML::Key << "schedule" << YAML::Value; text(out, r.schedule);
  out << YAML::Key << "goals" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "period" << YAML::Value; text(out, r.goals.period);
  out << YAML::Key << "annual" << YAML::Value; text(out, r.goals.annual);
  out << YAML::EndMap;
  out << YAML::Key << "indicators" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "period" << YAML::Value; indicators(out, r.indicators.period);
  out << YAML::Key << "annual" << YAML::Value; indicators(out, r.indicators.annual);
  out << YAML::EndMap;
  out << YAML::Key << "sign_off" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "responsible" << YAML::Value; text(out, r.sign_off.responsible);
  out << YAML::Key << "handler" << YAML::Value; text(out, r.sign_off.handler);
  out << YAML::Key << "phone" << YAML::Value; text(out, r.sign_off.phone);
  out << YAML::Key << "filed_at" << YAML::Value;
  if (r.sign_off.filed_at)
    out << *r.sign_off.filed_at;  // plain: a YAML timestamp
  else
    out << YAML::Null;
  out << YAML::EndMap;
  out << YAML::EndMap;
}

}  // namespace

namespace {
void write_records(std::ostream& os, std::span<const Record> records) {
  for (const auto& r : records) {
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetNullFormat(YAML::LowerNull);
    out << YAML::BeginDoc;
    record(out, r);
    os << out.c_str() << "\n";
  }
}
}  // namespace

std::string records_to_yaml(std::span<const Record> records) {
  std::ostringstream os;
  write_records(os, records);
  return os.str();
}

void write_yaml_file(std::span<const Conversion> batch, const std::filesystem::path& out) {
  write_atomically(out, [&](const std::filesystem::path& tmp) {
    std::ofstream f(tmp, std::ios::binary);
    for (const auto& c : batch) write_records(f, c.records);  // one record at a time, not one big string
    f.close();
    if (!f) throw std::runtime_error("cannot write " + out.string());
  });
}

// ---- reading records back ----
namespace {

struct YamlReadError {
  std::string message;
  YAML::Mark mark;
};

std::optional<std::string> get_text(const YAML::Node& map, const char* key) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  if (!n.IsScalar()) throw YamlReadError{std::string("'") + key + "' should be text", n.Mark()};
  return n.Scalar();
}

std::optional<Decimal> get_number(const YAML::Node& map, const char* key) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  auto d = n.IsScalar() ? Decimal::parse(n.Scalar()) : std::nullopt;
  if (!d) throw YamlReadError{std::string("'") + key + "' should be a decimal number", n.Mark()};
  return d;
}

std::optional<int> get_int(const YAML::Node& map, const char* key) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  try {
    return n.as<int>();
  } catch (const YAML::Exception&) {
    throw YamlReadError{std::string("'") + key + "' should be a whole number", n.Mark()};
  }
}

std::optional<std::pair<int, int>> get_pair(const YAML::Node& map, const char* key) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  if (!n.IsSequence() || n.size() != 2) throw YamlReadError{std::string("'") + key + "' should be [first, last]", n.Mark()};
  return std::make_pair(n[0].as<int>(), n[1].as<int>());
}

Funds get_funds(const YAML::Node& n) {
  Funds f;
  if (!n || n.IsNull()) return f;
  f.total = get_number(n, "total");
  f.central = get_number(n, "central");
  f.provincial = get_number(n, "provincial");
  f.local = get_number(n, "local");
  f.self_raised = get_number(n, "self_raised");
  f.other = get_number(n, "other");
  return f;
}

std::vector<Indicator> get_indicators(const YAML::Node& n) {
  std::vector<Indicator> list;
  if (!n || n.IsNull()) return list;
  if (!n.IsSequence()) throw YamlReadError{"indicators should be a list", n.Mark()};
  for (const auto& e : n) {
    Indicator i;
    i.level1 = get_text(e, "level1");
    i.level2 = get_text(e, "level2");
    i.name = get_text(e, "name");
    i.value = get_text(e, "value");
    i.op = get_text(e, "op");
    i.amount = get_number(e, "amount");
    i.unit = get_text(e, "unit");
    i.line = e.Mark().line + 1;
    list.push_back(std::move(i));
  }
  return list;
}

Record get_record(const YAML::Node& n) {
  if (!n.IsMap()) throw YamlReadError{"a record should be a mapping", n.Mark()};
  auto format = get_text(n, "format");
  if (!format || *format != kRecordFormat)
    throw YamlReadError{std::string("not a ") + kRecordFormat + " record (format: " + format.value_or("missing") + ")",
                        n.Mark()};
  Record r;
  if (YAML::Node s = n["source"]) {
    r.source.file = get_text(s, "file").value_or("");
    r.source.pages = get_pair(s, "pages");
    r.source.lines = get_pair(s, "lines");
  }
  r.title = get_text(n, "title");
  r.fiscal_year = get_int(n, "fiscal_year");
  if (YAML::Node p = n["project"]) {
    r.project.name = get_text(p, "name");
    r.project.department_code = get_text(p, "department_code");
    r.project.department = get_text(p, "department");
    r.project.implementing_unit = get_text(p, "implementing_unit");
    r.project.attribute = get_text(p, "attribute");
    r.project.attribute_detail = get_text(p, "attribute_detail");
    r.project.period_years = get_int(p, "period_years");
  }
  if (YAML::Node f = n["funds"]) {
    r.funds.period = get_funds(f["period"]);
    r.funds.annual = get_funds(f["annual"]);
  }
  r.overview = get_text(n, "overview");
  r.basis = get_text(n, "basis");
  r.necessity = get_text(n, "necessity");
  r.safeguards = get_text(n, "safeguards");
  r.schedule = get_text(n, "schedule");
  if (YAML::Node g = n["goals"]) {
    r.goals.period = get_text(g, "period");
    r.goals.annual = get_text(g, "annual");
  }
  if (YAML::Node i = n["indicators"]) {
    r.indicators.period = get_indicators(i["period"]);
    r.indicators.annual = get_indicators(i["annual"]);
  }
  if (YAML::Node s = n["sign_off"]) {
    r.sign_off.responsible = get_text(s, "responsible");
    r.sign_off.handler = get_text(s, "handler");
    r.sign_off.phone = get_text(s, "phone");
    r.sign_off.filed_at = get_text(s, "filed_at");
  }
  return r;
}

}  // namespace

std::vector<Record> records_from_yaml(const std::string& text, const std::string& file, std::vector<int>* document_lines) {
  // One document at a time: yaml-cpp's LoadAll would hold every document's
  // node tree at once (gigabytes for a 10,000-form stream). A line that starts
  // with "---" at column 0 always starts a document, so the stream is cut there.
  std::vector<Record> out;
  size_t start = 0;     // byte offset of the current chunk
  int start_line = 0;   // its first line, 0-based
  auto load_chunk = [&](size_t end) {
    std::string chunk = text.substr(start, end - start);
    try {
      for (const auto& doc : YAML::LoadAll(chunk)) {
        if (doc.IsNull()) continue;
        Record r = get_record(doc);
        for (auto* list : {&r.indicators.period, &r.indicators.annual})
          for (auto& i : *list) i.line += start_line;
        out.push_back(std::move(r));
        if (document_lines) document_lines->push_back(doc.Mark().line + 1 + start_line);
      }
    } catch (const YamlReadError& e) {
      throw InputError(file, e.message, e.mark.line + 1 + start_line);
    } catch (const YAML::Exception& e) {
      throw InputError(file, "not valid YAML: " + e.msg, e.mark.line + 1 + start_line);
    }
  };
  int line = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    size_t next = nl == std::string::npos ? text.size() : nl + 1;
    bool marker = text.compare(pos, 3, "---") == 0 &&
                  (pos + 3 == text.size() || text[pos + 3] == ' ' || text[pos + 3] == '\n' || text[pos + 3] == '\r' ||
                   text[pos + 3] == '\t');
    if (marker && pos > start) {
      load_chunk(pos);
      start = pos;
      start_line = line;
    }
    pos = next;
    ++line;
  }
  if (start < text.size()) load_chunk(text.size());
  return out;
}

}  // namespace perfgoal
