#include "cli/pipeline.h"

#include <fstream>
#include <sstream>

#include "emit/yaml_writer.h"
#include "model/errors.h"
#include "normalize/normalize.h"

namespace perfgoal {

namespace {
bool is_record_yaml(const std::filesystem::path& input) {
  std::string ext = input.extension().string();
  return ext == ".yaml" || ext == ".yml";
}
}  // namespace

Conversion convert_input(const std::filesystem::path& input, const std::vector<FormTemplate>& templates,
                         const PipelineOptions& options) {
  Conversion c;
  c.file = input.filename().string();
  c.path = input.string();
  if (is_record_yaml(input)) {
    std::ifstream in(input, std::ios::binary);
    if (!in) throw InputError(c.file, "cannot open");
    std::stringstream ss;
    ss << in.rdbuf();
    c.records = records_from_yaml(ss.str(), c.file);
    return c;
  }
  CellDocument doc = read_cells(input, options.read);
  check_deadline(options.read.limits, c.file);
  for (const auto& note : doc.notes)
    c.findings.push_back(Finding{"reader", Severity::warning, note.message, Location{c.file, note.line, note.page}, -1, ""});
  Normalized n = normalize(doc, templates);
  check_deadline(options.read.limits, c.file);
  c.records = std::move(n.records);
  c.findings.insert(c.findings.end(), n.findings.begin(), n.findings.end());
  return c;
}

}  // namespace perfgoal
