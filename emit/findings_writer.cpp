#include "emit/findings_writer.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <vector>
#include <stdexcept>

#include "emit/writer.h"

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
      ordered_json j;
      j["rule"] = f.rule;
      j["severity"] = severity_name(f.severity);
      j["message"] = f.message;
      j["file"] = f.where.file;
      j["line"] = f.where.line ? ordered_json(f.where.line) : ordered_json(nullptr);
      j["page"] = f.where.page ? ordered_json(f.where.page) : ordered_json(nullptr);
      j["input"] = c.file;
      j["record"] = f.record >= 0 ? ordered_json(f.record) : ordered_json(nullptr);
      j["project"] = project ? ordered_json(*project) : ordered_json(nullptr);
      j["field"] = f.field.empty() ? ordered_json(nullptr) : ordered_json(f.field);
      std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
      thread_local std::string indented;  // one write a finding, not one a character
      indented.assign(first ? "    " : ",\n    ");
      first = false;
      for (size_t from = 0; from < text.size();) {
        size_t nl = text.find('\n', from);
        if (nl == std::string::npos) {
          indented.append(text, from, std::string::npos);
          break;
        }
        indented.append(text, from, nl + 1 - from).append("    ");
        from = nl + 1;
      }
      os.write(indented.data(), static_cast<std::streamsize>(indented.size()));
    });
  os << "\n  ]\n}\n";
}

void write_findings_json(std::span<const FindingsOf> inputs, const std::filesystem::path& out) {
  write_atomically(out, [&](const std::filesystem::path& tmp) {
    std::ofstream f(tmp, std::ios::binary);
    write_findings_json(f, inputs);
    f.close();
    if (!f) throw std::runtime_error("cannot write " + out.string());
  });
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
