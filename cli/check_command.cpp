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
  Severity shown = Severity::info;
  if (!o.min_severity.empty() && !parse_severity(o.min_severity, shown)) {
    err << "perfgoal: unknown --min-severity '" << o.min_severity << "' (known: info warning error)\n";
    return 2;
  }
  PipelineSetup setup = load_pipeline(o);
  DuplicateIndex duplicates(setup.checks);
  std::vector<Conversion> batch;
  int failed = 0;
  std::vector<std::string> skipped;
  WalkOptions wo;
  wo.skipped = &skipped;
  std::vector<BatchInput> inputs = collect_inputs(o.inputs, wo);  // folders walked as convert walks them
  if (o.verbose)
    for (const auto& f : skipped) err << "perfgoal: skipped " << f << "\n";
  if (inputs.empty()) {
    err << "perfgoal: no inputs found in";
    for (const auto& a : o.inputs) err << " " << a;
    err << " (files read:";
    for (const auto& e : input_extensions()) err << " " << e;
    err << ")\n";
    return 1;
  }
  for (const auto& input : inputs) {
    Conversion c;
    try {
      if (!input.error.empty()) throw InputError(input.name, input.error);  // a folder that could not be read
      c = convert_input(input.path, setup.forms, setup.for_input(), input.name);
      add_batch_findings(duplicates, c, setup.checks);
      if (c.records.empty()) ++failed;  // no form found (its finding says why): failed, as convert counts it
    } catch (const InputError& e) {
      c = Conversion{};
      c.file = e.file();
      c.path = input.path.string();
      c.findings.push_back(Finding{"input-error", Severity::error, e.detail(), Location{e.file(), e.line(), e.page()}, -1, ""});
      ++failed;
    } catch (const std::exception& e) {
      c = Conversion{};
      c.file = input.name;
      c.path = input.path.string();
      c.findings.push_back(Finding{"input-error", Severity::error, e.what(), Location{input.name, 0, 0}, -1, ""});
      ++failed;
    }
    if (o.format == "text")
      for (const auto& f : c.findings)
        if (f.severity >= shown) out << format_finding(f) << "\n";
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
  } else if (!o.quiet) {
    out << "perfgoal check: " << plural(static_cast<int>(inputs.size()), "input") << ", " << plural(forms, "form")
        << ": " << plural(n.error, "error") << ", " << plural(n.warning, "warning") << ", " << n.info << " info\n";
  }
  if (failed) return 1;
  return fails_on(o.fail_on, n) ? 1 : 0;
}

}  // namespace perfgoal
