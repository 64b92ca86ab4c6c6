#include "cli/check_command.h"

#include <filesystem>
#include <iostream>

#include "cli/inputs.h"
#include "cli/pipeline.h"
#include "emit/findings_writer.h"
#include "model/errors.h"

namespace perfgoal {

namespace {
std::string plural(int n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }
}  // namespace

int run_check(const CheckOptions& o, std::ostream& out, std::ostream& err) {
  if (o.format != "text" && o.format != "json") {
    err << "perfgoal: unknown --format '" << o.format << "' (known: text json)\n";
    return 2;
  }
  Severity threshold;
  if (!o.fail_on.empty() && !parse_severity(o.fail_on, threshold)) {
    err << "perfgoal: unknown --fail-on '" << o.fail_on << "' (known: info warning error)\n";
    return 2;
  }
  PipelineSetup setup = load_pipeline(o);
  DuplicateIndex duplicates(setup.checks);
  std::vector<Conversion> batch;
  int failed = 0;
  std::vector<std::string> inputs;  // folders walked as convert walks them
  for (const auto& i : collect_inputs(o.inputs)) inputs.push_back(i.path.string());
  for (const auto& input : inputs) {
    Conversion c;
    try {
      c = convert_input(input, setup.forms, setup.for_input());
      add_batch_findings(duplicates, c, setup.checks);
    } catch (const InputError& e) {
      c = Conversion{};
      c.file = e.file();
      c.path = input;
      c.findings.push_back(Finding{"input-error", Severity::error, e.detail(), Location{e.file(), e.line(), e.page()}, -1, ""});
      ++failed;
    } catch (const std::exception& e) {
      std::string file = std::filesystem::path(input).filename().string();
      c = Conversion{};
      c.file = file;
      c.path = input;
      c.findings.push_back(Finding{"input-error", Severity::error, e.what(), Location{file, 0, 0}, -1, ""});
      ++failed;
    }
    if (o.format == "text")
      for (const auto& f : c.findings) out << format_finding(f) << "\n";
    batch.push_back(std::move(c));
  }
  std::vector<Finding> all;
  int forms = 0;
  for (const auto& c : batch) {
    all.insert(all.end(), c.findings.begin(), c.findings.end());
    forms += static_cast<int>(c.records.size());
  }
  FindingCounts n = count_findings(all);
  if (o.format == "json") {
    out << findings_to_json(batch);
  } else {
    out << "perfgoal check: " << plural(static_cast<int>(inputs.size()), "input") << ", " << plural(forms, "form")
        << ": " << plural(n.error, "error") << ", " << plural(n.warning, "warning") << ", " << n.info << " info\n";
  }
  if (failed) return 1;
  return fails_on(o.fail_on, n) ? 1 : 0;
}

}  // namespace perfgoal
