#include "extract/record_reader.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>
#include <type_traits>

#include "model/errors.h"
#include "model/fields.h"

namespace perfgoal {

// ---- reading records back ----
namespace {

struct YamlReadError {
  std::string message;
  YAML::Mark mark;
};

std::optional<std::string> get_text(const YAML::Node& map, const std::string& key) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  if (!n.IsScalar()) throw YamlReadError{"'" + key + "' should be text", n.Mark()};
  return n.Scalar();
}

std::optional<Decimal> get_number(const YAML::Node& map, const std::string& key) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  auto d = n.IsScalar() ? Decimal::parse(n.Scalar()) : std::nullopt;
  if (!d) throw YamlReadError{"'" + key + "' should be a decimal number", n.Mark()};
  return d;
}

std::optional<int> get_int(const YAML::Node& map, const std::string& key) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  try {
    return n.as<int>();
  } catch (const YAML::Exception&) {
    throw YamlReadError{"'" + key + "' should be a whole number", n.Mark()};
  }
}

std::optional<std::pair<int, int>> get_pair(const YAML::Node& map, const std::string& key) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return std::nullopt;
  if (!n.IsSequence() || n.size() != 2) throw YamlReadError{"'" + key + "' should be [first, last]", n.Mark()};
  return std::make_pair(n[0].as<int>(), n[1].as<int>());
}

Funds get_funds(const YAML::Node& n);
std::vector<Indicator> get_indicators(const YAML::Node& n);

// The rows of a table from a map; a row's group is a map of its own (a
// missing group leaves its fields null).
template <class Owner>
void get_fields(const YAML::Node& n, std::span<const Field<Owner>> table, Owner& o) {
  for (const auto& f : table) {
    YAML::Node group = f.group().empty() ? n : n[std::string(f.group())];
    if (!group) continue;
    const std::string key(f.key());
    if (f.has) f.has(o) = static_cast<bool>(group[key]);
    switch (f.kind) {
      case FieldKind::text:
      case FieldKind::date_time: f.text(o) = get_text(group, key); break;
      case FieldKind::integer:
      case FieldKind::years: f.integer(o) = get_int(group, key); break;
      case FieldKind::money:
      case FieldKind::quantity: f.number(o) = get_number(group, key); break;
      case FieldKind::funds:
        if constexpr (std::is_same_v<Owner, Record>) f.funds(o) = get_funds(group[key]);
        break;
      case FieldKind::indicators:
        if constexpr (std::is_same_v<Owner, Record>) f.list(o) = get_indicators(group[key]);
        break;
    }
  }
}

Funds get_funds(const YAML::Node& n) {
  Funds f;
  if (!n || n.IsNull()) return f;
  get_fields(n, funds_fields(), f);
  return f;
}

std::vector<Indicator> get_indicators(const YAML::Node& n) {
  std::vector<Indicator> list;
  if (!n || n.IsNull()) return list;
  if (!n.IsSequence()) throw YamlReadError{"indicators should be a list", n.Mark()};
  for (const auto& e : n) {
    if (!e.IsMap())
      throw YamlReadError{"an indicator should be a mapping (level1, level2, name, value, ...), not " +
                              (e.IsScalar() ? "'" + e.Scalar() + "'" : std::string(e.IsNull() ? "empty" : "a list")),
                          e.Mark()};
    Indicator i;
    get_fields(e, indicator_fields(), i);
    i.line = e.Mark().line + 1;
    list.push_back(std::move(i));
  }
  return list;
}

// yaml-cpp keeps a mapping's repeated keys without a word (and reads the
// first): a record that names a field twice is an error at the second.
void check_unique_keys(const YAML::Node& n) {
  if (n.IsMap()) {
    std::set<std::string> seen;
    for (const auto& kv : n) {
      if (kv.first.IsScalar() && !seen.insert(kv.first.Scalar()).second)
        throw YamlReadError{"the key '" + kv.first.Scalar() + "' appears twice in one mapping", kv.first.Mark()};
      check_unique_keys(kv.second);
    }
  } else if (n.IsSequence()) {
    for (const auto& e : n) check_unique_keys(e);
  }
}

Record get_record(const YAML::Node& n) {
  if (!n.IsMap()) throw YamlReadError{"a record should be a mapping", n.Mark()};
  check_unique_keys(n);
  auto format = get_text(n, "format");
  if (!format || *format != kRecordFormat)
    throw YamlReadError{std::string("not a ") + kRecordFormat + " record (format: " + format.value_or("missing") + ")",
                        n.Mark()};
  Record r;
  if (YAML::Node s = n["source"]) {
    r.source.file = get_text(s, "file").value_or("");
    r.source.pages = get_pair(s, "pages");
    r.source.lines = get_pair(s, "lines");
    r.source.template_name = get_text(s, "template");
    if (YAML::Node o = s["ocr"]; o && o.IsMap()) {
      OcrRef ref;
      ref.engine = get_text(o, "engine").value_or("");
      ref.version = get_text(o, "version").value_or("");
      ref.model = get_text(o, "model").value_or("");
      if (o["dpi"] && o["dpi"].IsScalar()) ref.dpi = o["dpi"].as<int>(0);
      r.source.ocr = ref;
    }
  }
  get_fields(n, record_fields(), r);
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

RecordDocument read_record_file(const std::filesystem::path& path, const ReadOptions&) {
  std::string file = path.filename().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(file, "cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  RecordDocument doc;
  doc.records = records_from_yaml(ss.str(), file, &doc.document_lines);
  return doc;
}

}  // namespace perfgoal
