// The pipeline for one input: read (extract) -> normalize -> findings.
// The command line and the tests call this; it knows every stage only
// through its public header.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "extract/reader.h"
#include "model/conversion.h"
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

// The batch check: adds to `c` the findings about forms an earlier input of
// the run already holds, and curates them again.
void add_batch_findings(DuplicateIndex& index, Conversion& c, const CheckConfig& config);

}  // namespace perfgoal
