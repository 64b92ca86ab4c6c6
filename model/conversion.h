// What one input became: its records and the findings about them.
// Writers take a batch of these; they know nothing of the input format.
#pragma once

#include <string>
#include <vector>

#include "model/finding.h"
#include "model/record.h"

namespace perfgoal {

struct Conversion {
  std::string file;  // input file name as given, no directories ("shangdang-2025.txt")
  std::string path;  // the path as given on the command line
  std::vector<Record> records;
  std::vector<Finding> findings;
};

}  // namespace perfgoal
