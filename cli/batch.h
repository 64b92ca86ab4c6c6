// Batch conversion: many inputs (files, folders walked recursively, lists),
// converted in parallel, each independently: one broken file is reported and
// the others still convert. Output names and contents do not depend on the
// number of jobs.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/pipeline.h"
#include "emit/writer.h"
#include "normalize/checks.h"

namespace perfgoal {

// One input of a batch and where its outputs go (without extension).
struct BatchInput {
  std::filesystem::path path;
  std::filesystem::path output_base;  // relative to the output folder
};

// Expands folders (recursively, files whose type a reader knows; sorted) and
// names each input's outputs: <stem>, or <relative folder>/<stem> for files
// found in a folder; where two inputs would share a name, the full file name
// (x.txt, x.pdf) is used instead. Throws std::runtime_error for a missing path.
std::vector<BatchInput> collect_inputs(const std::vector<std::string>& args);

// Reads input paths, one per line (blank lines and lines starting with # are
// skipped), from a file or, for "-", from standard input.
std::vector<std::string> read_input_list(const std::string& list_file);

struct BatchOptions {
  std::filesystem::path out_dir;
  std::vector<const Writer*> writers;
  std::string combine;         // "": one output per input; else DIR/<combine>.<ext> for the batch
  int jobs = 1;
  bool skip_unchanged = false;  // skip inputs whose outputs are all newer than the input
  bool progress = false;
  std::filesystem::path report;  // JSON run report; empty: none
  double max_seconds = 0;        // per input; 0: no limit
  PipelineOptions pipeline;
};

struct InputOutcome {
  std::string input;                 // path as given
  std::string status;                // "converted", "failed", "skipped"
  int forms = 0;
  int findings = 0;
  FindingCounts counts;
  std::string error;                 // the message, for "failed"
  std::vector<std::string> outputs;  // files written
  double seconds = 0;
};

struct BatchSummary {
  std::vector<InputOutcome> inputs;  // in input order
  int converted = 0, failed = 0, skipped = 0, forms = 0, findings = 0;
  FindingCounts finding_counts;
  double seconds = 0;
};

// Runs the batch; errors go to `err` as they happen ("file:line: error: ...").
// Each input's outputs are written beside a findings file (<name>.findings.json).
// The batch check (the same project in two inputs) sees the inputs in input
// order whatever the number of jobs: a converted input waits for the ones
// before it to be committed before its outputs are written.
BatchSummary run_batch(const std::vector<BatchInput>& inputs, const std::vector<FormTemplate>& templates,
                       const BatchOptions& options, std::ostream& err);

// The run report as JSON text.
std::string batch_report_json(const BatchSummary& summary, const BatchOptions& options);

}  // namespace perfgoal
