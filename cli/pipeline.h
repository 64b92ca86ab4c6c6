// The pipeline for one input: read (extract) -> normalize -> findings.
// The command line and the tests call this; it knows every stage only
// through its public header.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "emit/findings_writer.h"
#include "extract/reader.h"
#include "model/conversion.h"
#include "model/finding_log.h"
#include "normalize/checks.h"
#include "config/form_template.h"

namespace perfgoal {

struct PipelineOptions {
  ReadOptions read;
  // The checks run on the records of each input (templates/checks.yaml);
  // null: checks.yaml in templates_dir(), loaded for the call. run_checks = false: normalize's findings only.
  const CheckConfig* checks = nullptr;
  bool run_checks = true;
};

// A .yaml input is read as records (a record fixed by hand is emitted again
// with no re-extraction); anything else goes through a reader and normalize.
// The per-input checks (check_records) run on the records either way, and
// their findings join normalize's, curated and in source order.
// `name` is what the records (source.file), the findings and errors call the
// input (BatchInput::name); empty: the file's name.
// Throws InputError (naming `name`) when the input cannot be read at all.
Conversion convert_input(const std::filesystem::path& input, const std::vector<FormTemplate>& templates,
                         const PipelineOptions& options = {}, const std::string& name = "");

// An input converted as a stream: what is kept of it once its records have
// gone to the writers.
struct StreamedInput {
  std::string file;  // as Conversion::file
  std::string path;
  int records = 0;
  std::optional<Finding> no_form;  // set when the input holds no form (records == 0)
  FindingLog findings;             // normalize's and the checks', curated, in order
  std::vector<FormDigest> first_forms;  // each project's first form (the batch check)
  // Added by the batch check, curated: merged into `findings` by findings_of.
  std::vector<Finding> batch_findings;
  std::vector<std::optional<std::string>> batch_projects;
  // Every finding, in the order curate_findings gives.
  FindingsOf findings_of() const;
  FindingCounts counts() const;
  size_t finding_count() const { return findings.size() + batch_findings.size(); }
};

// A text input converted form by form: rows read in blocks, each form
// normalized and checked as soon as it ends, its record handed to
// `on_record` and then dropped; findings kept on disk. Memory depends on the
// largest form, not on the file. The records, findings and their order are
// those convert_input gives. Returns false, having done nothing, when the
// input does not stream (not a text file in UTF-8, UTF-16 or GB18030 that
// TextRowStream takes nor YAML records; a PDF; checks off): convert_input reads it whole. Throws InputError as
// convert_input does; `name` as convert_input's.
bool stream_input(const std::filesystem::path& input, const std::vector<FormTemplate>& templates,
                  const PipelineOptions& options, const std::function<void(const Record&)>& on_record,
                  StreamedInput& out, const std::string& name = "");

// The batch check for a streamed input.
void add_batch_findings(DuplicateIndex& index, StreamedInput& s, const CheckConfig& config);

// The batch check: adds to `c` the findings about forms an earlier input of
// the run already holds, and curates them again.
void add_batch_findings(DuplicateIndex& index, Conversion& c, const CheckConfig& config);

}  // namespace perfgoal
