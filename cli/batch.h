// Batch conversion: many inputs (files, folders walked recursively, lists),
// converted in parallel, each independently: one broken file is reported and
// the others still convert. Output names and contents do not depend on the
// number of jobs.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "cli/inputs.h"
#include "cli/options.h"
#include "emit/writer.h"
#include "normalize/checks.h"

namespace perfgoal {

struct BatchOptions {
  std::filesystem::path out_dir;
  std::vector<const Writer*> writers;
  std::string combine;         // "": one output per input; else DIR/<combine>.<ext> for the batch
  int jobs = 1;
  bool skip_unchanged = false;  // skip inputs whose outputs are all newer than the input
  bool progress = false;
  std::filesystem::path report;  // JSON run report; empty: none
};

struct InputOutcome {
  std::string input;                 // path as given (or found in a walked folder)
  std::string file;                  // what records and findings call it (BatchInput::name)
  std::string status;                // "converted", "failed", "skipped", "interrupted"
  int forms = 0;
  int findings = 0;
  FindingCounts counts;
  std::string error;                 // the message, for "failed"
  std::vector<std::string> outputs;  // files written
  double seconds = 0;
};

struct BatchSummary {
  std::vector<InputOutcome> inputs;  // in input order
  int converted = 0, failed = 0, skipped = 0, interrupted = 0, forms = 0, findings = 0;
  bool interrupted_run = false;  // the run was stopped by a signal
  FindingCounts finding_counts;
  double seconds = 0;
};

// Runs the batch; errors go to `err` as they happen ("file:line: error: ...").
// Each input's outputs are written beside a findings file (<name>.findings.json).
// The batch check (the same project in two inputs) sees the inputs in input
// order whatever the number of jobs: a converted input waits for the ones
// before it to be committed before its outputs are written.
class BatchRun;

// A batch that can be looked at while it runs (to report an interrupted run).
class Batch {
 public:
  Batch(const std::vector<BatchInput>& inputs, const PipelineSetup& setup, const BatchOptions& options,
        std::ostream& err);
  ~Batch();
  BatchSummary run();
  // From another thread while run() runs: the inputs finished so far as they
  // are, the others with status "interrupted".
  BatchSummary so_far() const;

 private:
  std::unique_ptr<BatchRun> run_;
};

BatchSummary run_batch(const std::vector<BatchInput>& inputs, const PipelineSetup& setup, const BatchOptions& options,
                       std::ostream& err);

// The run report as JSON text.
std::string batch_report_json(const BatchSummary& summary, const BatchOptions& options);

}  // namespace perfgoal
