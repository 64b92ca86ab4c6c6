// YAML records (format perfgoal-record/1) with yaml-cpp: writing them, and
// reading them back so that a record fixed by hand can be emitted again.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "model/conversion.h"
#include "model/record.h"

namespace perfgoal {

// One YAML document per record, `---` between them.
std::string records_to_yaml(std::span<const Record> records);
void write_yaml_file(std::span<const Conversion> batch, const std::filesystem::path& out);

// Parses a record stream. Throws InputError naming `file` and the line on
// anything that is not a perfgoal-record/1 document. `document_lines`, when
// given, receives the 1-based line where each record's document starts.
std::vector<Record> records_from_yaml(const std::string& text, const std::string& file,
                                      std::vector<int>* document_lines = nullptr);

}  // namespace perfgoal
