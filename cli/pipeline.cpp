#include "cli/pipeline.h"

#include <algorithm>
#include <memory>
#include <fstream>
#include <map>
#include <tuple>
#include <optional>
#include <sstream>

#include "emit/yaml_writer.h"
#include "extract/record_reader.h"
#include "extract/text_reader.h"
#include "model/errors.h"
#include "normalize/normalize.h"

namespace perfgoal {

namespace {
// Records (.yaml, .yml in any case) are read by the records entry of the
// readers table, everything else by a cells reader.
bool is_record_yaml(const std::filesystem::path& input) { return reader_for(input).kind == ReaderKind::records; }

// The readers know the file by its name; the batch tells inputs apart by
// their path, and names the input `file`. Called from a handler.
[[noreturn]] void rethrow_named(const InputError& e, const std::filesystem::path& input, const std::string& file) {
  if (e.file() != file && e.file() == input.filename().string()) throw InputError(file, e.detail(), e.line(), e.page());
  throw;  // the exception being handled, as it is
}

void run_checks(Conversion& c, const std::vector<FormTemplate>& templates, const PipelineOptions& options) {
  if (!options.run_checks) return;
  // No configuration given: checks.yaml of the templates folder, loaded for
  // this call (the command line passes the one it loaded once).
  std::optional<CheckConfig> loaded;
  if (!options.checks) {
    loaded = load_check_config(templates_dir() / "checks.yaml");
    add_form_parts(*loaded, templates);
  }
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
  if (is_record_yaml(input)) {
    RecordDocument doc;
    try {
      doc = read_records(input, options.read);
    } catch (const InputError& e) {
      rethrow_named(e, input, c.file);
    }
    c.records = std::move(doc.records);
    for (int line : doc.document_lines) c.places.push_back(Location{c.file, line, 0});
    run_checks(c, templates, options);
    return c;
  }
  CellDocument doc;
  try {
    doc = read_cells(input, options.read);
  } catch (const InputError& e) {
    rethrow_named(e, input, c.file);
  }
  doc.file = c.file;
  check_deadline(options.read.limits, c.file);
  for (const auto& note : doc.notes)
    c.findings.push_back(Finding{"reader", Severity::warning, note.message, Location{c.file, note.line, note.page}, -1, ""});
  Normalized n = normalize(doc, templates, options.read.limits.deadline);
  check_deadline(options.read.limits, c.file);
  c.records = std::move(n.records);
  c.findings.insert(c.findings.end(), n.findings.begin(), n.findings.end());
  run_checks(c, templates, options);
  return c;
}

namespace {
// curate_findings' order.
bool before(const Finding& a, const Finding& b) {
  int sa = -static_cast<int>(a.severity), sb = -static_cast<int>(b.severity);
  return std::tie(a.where.file, a.where.page, a.where.line, sa) < std::tie(b.where.file, b.where.page, b.where.line, sb);
}
}  // namespace

FindingsOf StreamedInput::findings_of() const {
  FindingsOf f;
  f.file = file;
  f.records = static_cast<size_t>(records);
  f.each = [this](const FindingsOf::Each& each) {
    // The log is in order, and so are the batch's findings: merged, the log's
    // first on a tie (a stable sort of the two lists one after the other).
    size_t b = 0;
    findings.each([&](const Finding& x, const std::optional<std::string>& project) {
      for (; b < batch_findings.size() && before(batch_findings[b], x); ++b) each(batch_findings[b], batch_projects[b]);
      each(x, project);
    });
    for (; b < batch_findings.size(); ++b) each(batch_findings[b], batch_projects[b]);
  };
  return f;
}

FindingCounts StreamedInput::counts() const {
  // The log counts its findings by severity as they are added: it is not read back.
  FindingCounts n = count_findings(batch_findings);
  n.error += static_cast<int>(findings.count(Severity::error));
  n.warning += static_cast<int>(findings.count(Severity::warning));
  n.info += static_cast<int>(findings.count(Severity::info));
  return n;
}

bool stream_input(const std::filesystem::path& input, const std::vector<FormTemplate>& templates,
                  const PipelineOptions& options, const std::function<void(const Record&)>& on_record,
                  StreamedInput& out, const std::string& name) {
  if (!options.run_checks) return false;
  const Reader& reader = reader_for(input);
  const bool records = reader.kind == ReaderKind::records;
  // What read_cells refuses, it refuses with its own messages.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(input, ec)) return false;
  auto size = std::filesystem::file_size(input, ec);
  if (ec || size == 0 || size > options.read.limits.max_bytes) return false;
  std::unique_ptr<TextRowStream> rows;
  if (!records) {
    if (reader.name != "text") return false;
    rows = TextRowStream::open(input, options.read);
    if (!rows) return false;
  }
  const std::string file = name.empty() ? input.filename().string() : name;
  check_deadline(options.read.limits, file);  // as after reading a whole input

  std::optional<CheckConfig> loaded;
  if (!options.checks) {
    loaded = load_check_config(templates_dir() / "checks.yaml");
    add_form_parts(*loaded, templates);
  }
  const CheckConfig& config = options.checks ? *options.checks : *loaded;
  out.file = file;
  out.path = input.string();
  struct Sink : FormStream::Sink {
    StreamedInput& out;
    const CheckConfig& config;
    const std::function<void(const Record&)>& on_record;
    InputChecker checker;
    std::vector<Finding> pending;  // unplaced cells since the last form
    Sink(StreamedInput& o, const CheckConfig& c, const std::function<void(const Record&)>& r)
        : out(o), config(c), on_record(r), checker(o.file, c) {}
    // The findings of a stretch of the input, curated, to the log: every
    // finding of a later stretch is at a later line.
    void flush(const std::optional<std::string>& project, int index) {
      curate_findings(pending, config);
      for (const auto& f : pending) out.findings.add(f, f.record == index && index >= 0 ? project : std::nullopt);
      pending.clear();
    }
    void form(Record&& r, std::vector<Finding>&& findings) override { record(std::move(r), std::move(findings)); }
    // `place`: where the record's document starts (records read from YAML).
    void record(Record&& r, std::vector<Finding>&& findings, const Location* place = nullptr) {
      int index = out.records++;
      pending.insert(pending.end(), std::make_move_iterator(findings.begin()), std::make_move_iterator(findings.end()));
      auto checked = checker.add(r, index, place);
      pending.insert(pending.end(), std::make_move_iterator(checked.begin()), std::make_move_iterator(checked.end()));
      flush(r.project.name, index);
      on_record(r);
    }
    void unplaced(Finding&& f, Unplaced) override { pending.push_back(std::move(f)); }
  } sink(out, config, on_record);
  if (records) {
    // As convert_input reads them (read_records), a document at a time.
    try {
      stream_record_file(input, [&](Record&& r, int line) {
        Location place{out.file, line, 0};
        sink.record(std::move(r), {}, &place);
      });
    } catch (const InputError& e) {
      rethrow_named(e, input, out.file);
    }
    sink.flush(std::nullopt, -1);
    out.first_forms = sink.checker.take_first_forms();
    check_deadline(options.read.limits, out.file);
    return true;
  }
  FormStream forms(templates, out.file, options.read.limits.deadline, sink);
  Row row;
  while (rows->next(row)) forms.row(std::move(row));
  if (auto none = forms.finish()) {
    // No form: that alone is said (as normalize says it).
    out.no_form = *none;
    std::vector<Finding> only{*none};
    curate_findings(only, config);
    for (const auto& f : only) out.findings.add(f, std::nullopt);
    return true;
  }
  sink.flush(std::nullopt, -1);
  out.first_forms = sink.checker.take_first_forms();
  check_deadline(options.read.limits, out.file);
  return true;
}

void add_batch_findings(DuplicateIndex& index, StreamedInput& s, const CheckConfig& config) {
  // The project of each form a finding may point at: its digest has it.
  // The digests themselves go to the index (moved, not copied).
  std::map<int, std::optional<std::string>> names;
  for (const auto& d : s.first_forms) names.emplace(d.index, d.name);
  auto found = index.add(std::move(s.first_forms));
  s.first_forms = {};
  if (found.empty()) return;
  curate_findings(found, config);
  for (const auto& f : found) {
    auto it = names.find(f.record);
    s.batch_findings.push_back(f);
    s.batch_projects.push_back(it != names.end() ? it->second : std::nullopt);
  }
  std::vector<size_t> order(s.batch_findings.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return before(s.batch_findings[a], s.batch_findings[b]); });
  std::vector<Finding> fs;
  std::vector<std::optional<std::string>> ps;
  for (size_t k : order) fs.push_back(s.batch_findings[k]), ps.push_back(s.batch_projects[k]);
  s.batch_findings = std::move(fs);
  s.batch_projects = std::move(ps);
}

void add_batch_findings(DuplicateIndex& index, Conversion& c, const CheckConfig& config) {
  auto found = index.add(c);
  if (found.empty()) return;
  c.findings.insert(c.findings.end(), found.begin(), found.end());
  curate_findings(c.findings, config);
}

}  // namespace perfgoal
