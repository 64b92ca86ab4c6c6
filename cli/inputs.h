// The inputs of a run: files named on the command line, folders walked
// recursively, lists of paths; and where each input's outputs go.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace perfgoal {

// One input of a batch and where its outputs go (without extension).
struct BatchInput {
  std::filesystem::path path;
  std::filesystem::path output_base;  // relative to the output folder
  std::string error;                  // a folder that could not be read: this input fails with it
};

// Expands folders (recursively, files whose type a reader knows; sorted; a
// subfolder that cannot be read becomes an input that fails with why) and
// names each input's outputs: <stem>, or <relative folder>/<stem> for files
// found in a folder; where two inputs would share a name, the full file name
// (x.txt, x.pdf) is used instead. Throws std::runtime_error for a missing path.
std::vector<BatchInput> collect_inputs(const std::vector<std::string>& args);

// Reads input paths, one per line (blank lines and lines starting with # are
// skipped), from a file or, for "-", from standard input.
std::vector<std::string> read_input_list(const std::string& list_file);

}  // namespace perfgoal
