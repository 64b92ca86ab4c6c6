// Findings as data: the JSON document that `perfgoal check --format json`
// prints and `perfgoal convert` writes beside each input's outputs
// (DIR/<stem>.findings.json). Format `perfgoal-findings/1`, described in
// docs/checks.md.
#pragma once

#include <filesystem>
#include <span>
#include <string>

#include "model/conversion.h"

namespace perfgoal {

inline constexpr const char* kFindingsFormat = "perfgoal-findings/1";

// One document for the batch: the inputs (file, records), every finding with
// its input, and the counts by severity. Keys in a fixed order; UTF-8 text
// unescaped; two-space indentation; ends with a newline.
std::string findings_to_json(std::span<const Conversion> batch);

// findings_to_json written through write_atomically.
void write_findings_json(std::span<const Conversion> batch, const std::filesystem::path& out);

}  // namespace perfgoal
