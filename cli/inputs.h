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
  // What records, findings, the report and the workbook call this input
  // (source.file): a named file as given; a file found in a walked folder by
  // its path below the folder, starting with the folder's own name
  // (arch/2024/forms.txt for arch/ or /data/arch); standard input: stdin.<ext>.
  std::string name;
};

// Expands folders (recursively, files whose type a reader knows; sorted; a
// subfolder that cannot be read becomes an input that fails with why) and
// names each input's outputs: <stem>, or <relative folder>/<stem> for files
// found in a folder; where two inputs would share a name, the full file name
// (x.txt, x.pdf) is used instead. Throws std::runtime_error for a missing path.
// "-" is standard input (its outputs are named stdin.*). Each input's `name`
// tells it apart from the others (see BatchInput::name).
struct WalkOptions {
  std::filesystem::path exclude;               // a folder not walked (the output folder)
  std::vector<std::string>* skipped = nullptr;  // files of other types found in folders
};
std::vector<BatchInput> collect_inputs(const std::vector<std::string>& args, const WalkOptions& options = {});

// The file types read, by extension (lower case, with the dot): what the
// readers know, and YAML records.
std::vector<std::string> input_extensions();

// Reads input paths, one per line (blank lines and lines starting with # are
// skipped), from a file or, for "-", from standard input.
std::vector<std::string> read_input_list(const std::string& list_file);

}  // namespace perfgoal
