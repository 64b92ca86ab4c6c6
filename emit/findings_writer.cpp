#include "emit/findings_writer.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <vector>
#include <stdexcept>

#include "emit/writer.h"
#include "model/text_safety.h"

namespace perfgoal {

FindingsOf findings_of(const Conversion& c) {
  FindingsOf f;
  f.file = c.file;
  f.records = c.records.size();
  f.each = [&c](const FindingsOf::Each& each) {
    for (const auto& x : c.findings) {
      const Record* r =
          x.record >= 0 && static_cast<size_t>(x.record) < c.records.size() ? &c.records[x.record] : nullptr;
      each(x, r ? r->project.name : std::nullopt);
    }
  };
  return f;
}

namespace {

// A JSON string as nlohmann's dump() writes it (not ASCII-only, bytes that
// are not UTF-8 replaced): plain text (printable ASCII but " and \, and
// well-formed two- and three-byte sequences such as CJK) as it is, anything
// else through dump().
void append_json_string(std::string& out, std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  bool plain = true;
  while (p < end && plain) {
    unsigned char b = *p;
    if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\') {
      p += plain_ascii_run(p, end);  // the printable ASCII that follows, sixteen bytes a step
    } else if (b >= 0xC2 && b <= 0xDF && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      p += 2;
    } else if (b >= 0xE0 && b <= 0xEF && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
               !(b == 0xE0 && p[1] < 0xA0) && !(b == 0xED && p[1] >= 0xA0)) {  // not overlong, no surrogate
      p += 3;
      p += cjk_run(p, end);  // the CJK text that follows (most of a message), two characters a step
    } else {
      plain = false;
    }
  }
  if (plain) {
    out.append("\"").append(s).append("\"");
    return;
  }
  out.append(nlohmann::ordered_json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

void write_findings_json(std::ostream& os, std::span<const FindingsOf> batch) {
  using ordered_json = nlohmann::ordered_json;
  ordered_json inputs = ordered_json::array();
  int counts[3] = {0, 0, 0};
  size_t records = 0, total = 0;
  for (const auto& c : batch) {
    inputs.push_back({{"file", c.file}, {"records", c.records}});
    records += c.records;
    c.each([&](const Finding& f, const std::optional<std::string>&) {
      counts[static_cast<int>(f.severity)]++;
      ++total;
    });
  }
  ordered_json doc;
  doc["format"] = kFindingsFormat;
  doc["inputs"] = std::move(inputs);
  doc["summary"] = {{"inputs", batch.size()},
                    {"records", static_cast<int>(records)},
                    {"error", counts[static_cast<int>(Severity::error)]},
                    {"warning", counts[static_cast<int>(Severity::warning)]},
                    {"info", counts[static_cast<int>(Severity::info)]}};
  doc["findings"] = ordered_json::array();
  // Invalid UTF-8 in a message (a reader note quoting bad bytes) is replaced, never fatal.
  std::string head = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  if (total == 0) {
    os << head << "\n";
    return;
  }
  // "findings": [] -> the findings one at a time, indented as dump() would.
  const std::string empty = "[]\n}";
  head.resize(head.size() - empty.size());
  os << head << "[\n";
  bool first = true;
  for (const auto& c : batch)
    c.each([&](const Finding& f, const std::optional<std::string>& project) {
      // The object as ordered_json's dump(2) writes it, indented by four more.
      thread_local std::string text;
      text.assign(first ? "    {" : ",\n    {");
      first = false;
      auto key = [&](const char* k) { text.append(text.back() == '{' ? "\n      \"" : ",\n      \"").append(k).append("\": "); };
      auto str = [&](const char* k, std::string_view v) {
        key(k);
        append_json_string(text, v);
      };
      auto num_or_null = [&](const char* k, long v, bool present) {
        key(k);
        text.append(present ? std::to_string(v) : "null");
      };
      auto str_or_null = [&](const char* k, const std::optional<std::string>& v) {
        if (v) {
          str(k, *v);
        } else {
          key(k);
          text.append("null");
        }
      };
      str("rule", f.rule);
      str("severity", severity_name(f.severity));
      str("message", f.message);
      str("file", f.where.file);
      num_or_null("line", f.where.line, f.where.line != 0);
      num_or_null("page", f.where.page, f.where.page != 0);
      str("input", c.file);
      num_or_null("record", f.record, f.record >= 0);
      str_or_null("project", project);
      str_or_null("field", f.field.empty() ? std::nullopt : std::optional<std::string>(f.field));
      text.append("\n    }");
      os.write(text.data(), static_cast<std::streamsize>(text.size()));
    });
  os << "\n  ]\n}\n";
}

void write_findings_json(std::span<const FindingsOf> inputs, const std::filesystem::path& out) {
  write_stream_atomically(out, [&](std::ostream& f) { write_findings_json(f, inputs); });
}

std::string findings_to_json(std::span<const Conversion> batch) {
  std::vector<FindingsOf> of;
  for (const auto& c : batch) of.push_back(findings_of(c));
  std::ostringstream os;
  write_findings_json(os, of);
  return os.str();
}

void write_findings_json(std::span<const Conversion> batch, const std::filesystem::path& out) {
  std::vector<FindingsOf> of;
  for (const auto& c : batch) of.push_back(findings_of(c));
  write_findings_json(of, out);
}

}  // namespace perfgoal
