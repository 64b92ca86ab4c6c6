// The pipeline for one input: read (extract) -> normalize -> findings.
// The command line and the tests call this; it knows every stage only
// through its public header.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "extract/reader.h"
#include "model/conversion.h"
#include "normalize/form_template.h"

namespace perfgoal {

struct PipelineOptions {
  ReadOptions read;
};

// A .yaml input is read as records (a record fixed by hand is emitted again
// with no re-extraction); anything else goes through a reader and normalize.
// Throws InputError when the input cannot be read at all.
Conversion convert_input(const std::filesystem::path& input, const std::vector<FormTemplate>& templates,
                         const PipelineOptions& options = {});

}  // namespace perfgoal
