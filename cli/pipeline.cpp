#include "cli/pipeline.h"

#include <fstream>
#include <optional>
#include <sstream>

#include "emit/yaml_writer.h"
#include "model/errors.h"
#include "normalize/normalize.h"

namespace perfgoal {

namespace {
// Records (.yaml, .yml in any case) are read by the records entry of the
// readers table, everything else by a cells reader.
bool is_record_yaml(const std::filesystem::path& input) { return reader_for(input).kind == ReaderKind::records; }

void run_checks(Conversion& c, const PipelineOptions& options) {
  if (!options.run_checks) return;
  // No configuration given: checks.yaml of the templates folder, loaded for
  // this call (the command line passes the one it loaded once).
  std::optional<CheckConfig> loaded;
  if (!options.checks) loaded = load_check_config(templates_dir() / "checks.yaml");
  const CheckConfig& config = options.checks ? *options.checks : *loaded;
  auto found = check_records(c.records, c.file, config, c.places);
  c.findings.insert(c.findings.end(), found.begin(), found.end());
  curate_findings(c.findings, config);
}
}  // namespace

Conversion convert_input(const std::filesystem::path& input, const std::vector<FormTemplate>& templates,
                         const PipelineOptions& options, const std::string& name) {
  Conversion c;
  c.file = name.empty() ? input.filename().string() : name;
  c.path = input.string();
  // The readers know the file by its name; the batch tells inputs apart by their path.
  auto named = [&](const InputError& e) {
    if (e.file() != c.file && e.file() == input.filename().string())
      throw InputError(c.file, e.detail(), e.line(), e.page());
    throw;  // called from a handler: the exception being handled, as it is
  };
  if (is_record_yaml(input)) {
    RecordDocument doc;
    try {
      doc = read_records(input, options.read);
    } catch (const InputError& e) {
      named(e);
    }
    c.records = std::move(doc.records);
    for (int line : doc.document_lines) c.places.push_back(Location{c.file, line, 0});
    run_checks(c, options);
    return c;
  }
  CellDocument doc;
  try {
    doc = read_cells(input, options.read);
  } catch (const InputError& e) {
    named(e);
  }
  doc.file = c.file;
  check_deadline(options.read.limits, c.file);
  for (const auto& note : doc.notes)
    c.findings.push_back(Finding{"reader", Severity::warning, note.message, Location{c.file, note.line, note.page}, -1, ""});
  Normalized n = normalize(doc, templates, options.read.limits.deadline);
  check_deadline(options.read.limits, c.file);
  c.records = std::move(n.records);
  c.findings.insert(c.findings.end(), n.findings.begin(), n.findings.end());
  run_checks(c, options);
  return c;
}

void add_batch_findings(DuplicateIndex& index, Conversion& c, const CheckConfig& config) {
  auto found = index.add(c);
  if (found.empty()) return;
  c.findings.insert(c.findings.end(), found.begin(), found.end());
  curate_findings(c.findings, config);
}

}  // namespace perfgoal
