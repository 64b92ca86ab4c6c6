// What one input became: its records and the findings about them.
// Writers take a batch of these; they know nothing of the input format.
#pragma once

#include <string>
#include <vector>

#include "model/finding.h"
#include "model/record.h"

namespace perfgoal {

struct Conversion {
  std::string file;  // what records and findings call the input: its path as given, or below a
                     // walked folder starting with the folder's name ("arch/2024/forms.txt")
  std::string path;  // the path as given on the command line
  std::vector<Record> records;
  std::vector<Finding> findings;
  // Where each record starts in this input when that is not what the record's
  // source says: records read from a YAML input are placed in the YAML file
  // (the line of each document; their indicators' lines are YAML lines too).
  // Empty: each record's source (file, first line or page) is its place.
  std::vector<Location> places;
};

}  // namespace perfgoal
