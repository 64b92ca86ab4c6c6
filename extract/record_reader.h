// YAML records (format perfgoal-record/1) as an input: a record fixed by hand
// is read back and emitted again, with no re-extraction. The "records" entry
// of the readers table (extract/reader.h) reads them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "extract/reader.h"
#include "model/record.h"

namespace perfgoal {

// Parses a record stream. Throws InputError naming `file` and the line on
// anything that is not a perfgoal-record/1 document. `document_lines`, when
// given, receives the 1-based line where each record's document starts.
std::vector<Record> records_from_yaml(const std::string& text, const std::string& file,
                                      std::vector<int>* document_lines = nullptr);

// The same without the canonical reader (libyaml, and yaml-cpp for what
// libyaml refuses): the reference the canonical reader is tested against.
std::vector<Record> records_from_yaml_libyaml(const std::string& text, const std::string& file,
                                              std::vector<int>* document_lines = nullptr);

// The same with yaml-cpp alone (the reader before libyaml's, which reads
// the documents libyaml refuses): the reference the tests compare with.
std::vector<Record> records_from_yaml_cpp(const std::string& text, const std::string& file,
                                          std::vector<int>* document_lines = nullptr);

// Reads a record file (records_from_yaml on its text, named by its file name).
// Throws InputError when it cannot be opened or parsed.
RecordDocument read_record_file(const std::filesystem::path& path, const ReadOptions& options);

}  // namespace perfgoal
