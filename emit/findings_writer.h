// Findings as data: the JSON document that `perfgoal check --format json`
// prints and `perfgoal convert` writes beside each input's outputs
// (DIR/<stem>.findings.json). Format `perfgoal-findings/1`, described in
// docs/checks.md.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <span>
#include <string>

#include "model/conversion.h"

namespace perfgoal {

inline constexpr const char* kFindingsFormat = "perfgoal-findings/1";

// One document for the batch: the inputs (file, records), every finding with
// its input, and the counts by severity. Keys in a fixed order; UTF-8 text
// unescaped; two-space indentation; ends with a newline.
std::string findings_to_json(std::span<const Conversion> batch);

// One input's findings however they are kept (in a Conversion, or on disk
// for an input converted as a stream): each(f) calls f(finding, project name
// of the record it points at) for every finding in order.
struct FindingsOf {
  std::string file;
  size_t records = 0;
  using Each = std::function<void(const Finding&, const std::optional<std::string>&)>;
  std::function<void(const Each&)> each;
};
FindingsOf findings_of(const Conversion& c);

// findings_to_json's document, written as it goes (one finding at a time).
void write_findings_json(std::ostream& out, std::span<const FindingsOf> inputs);
// ... through write_atomically.
void write_findings_json(std::span<const FindingsOf> inputs, const std::filesystem::path& out);

// findings_to_json written through write_atomically.
void write_findings_json(std::span<const Conversion> batch, const std::filesystem::path& out);

}  // namespace perfgoal
