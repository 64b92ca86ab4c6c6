// YAML records (format perfgoal-record/1): writing them. Reading them back
// (a record fixed by hand is emitted again) is an input format:
// extract/record_reader.h.
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

}  // namespace perfgoal
