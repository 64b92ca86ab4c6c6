#include "emit/findings_writer.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

#include "emit/writer.h"

namespace perfgoal {

std::string findings_to_json(std::span<const Conversion> batch) {
  using ordered_json = nlohmann::ordered_json;
  ordered_json inputs = ordered_json::array();
  ordered_json findings = ordered_json::array();
  int counts[3] = {0, 0, 0};
  int records = 0;
  for (const auto& c : batch) {
    inputs.push_back({{"file", c.file}, {"records", c.records.size()}});
    records += static_cast<int>(c.records.size());
    for (const auto& f : c.findings) {
      ordered_json j;
      j["rule"] = f.rule;
      j["severity"] = severity_name(f.severity);
      j["message"] = f.message;
      j["file"] = f.where.file;
      j["line"] = f.where.line ? ordered_json(f.where.line) : ordered_json(nullptr);
      j["page"] = f.where.page ? ordered_json(f.where.page) : ordered_json(nullptr);
      j["input"] = c.file;
      j["record"] = f.record >= 0 ? ordered_json(f.record) : ordered_json(nullptr);
      const Record* r = f.record >= 0 && static_cast<size_t>(f.record) < c.records.size() ? &c.records[f.record] : nullptr;
      j["project"] = r && r->project.name ? ordered_json(*r->project.name) : ordered_json(nullptr);
      j["field"] = f.field.empty() ? ordered_json(nullptr) : ordered_json(f.field);
      findings.push_back(std::move(j));
      counts[static_cast<int>(f.severity)]++;
    }
  }
  ordered_json doc;
  doc["format"] = kFindingsFormat;
  doc["inputs"] = std::move(inputs);
  doc["summary"] = {{"inputs", batch.size()},
                    {"records", records},
                    {"error", counts[static_cast<int>(Severity::error)]},
                    {"warning", counts[static_cast<int>(Severity::warning)]},
                    {"info", counts[static_cast<int>(Severity::info)]}};
  doc["findings"] = std::move(findings);
  // Invalid UTF-8 in a message (a reader note quoting bad bytes) is replaced, never fatal.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void write_findings_json(std::span<const Conversion> batch, const std::filesystem::path& out) {
  std::string text = findings_to_json(batch);
  write_atomically(out, [&](const std::filesystem::path& tmp) {
    std::ofstream f(tmp, std::ios::binary);
    f << text;
    f.close();
    if (!f) throw std::runtime_error("cannot write " + out.string());
  });
}

}  // namespace perfgoal
