// The writers, picked from one table by format name.
// Adding a format is adding an entry to the table in writer.cpp.
#pragma once

#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/conversion.h"

namespace perfgoal {

struct Writer {
  std::string name;       // "yaml", "xml", "xlsx"
  std::string extension;  // ".yaml"
  // Writes the batch (one Conversion per input; a per-input output is a batch
  // of one) to `out`. Writers write through write_atomically().
  std::function<void(std::span<const Conversion> batch, const std::filesystem::path& out)> write;
};

const std::vector<Writer>& writers();
const Writer* find_writer(std::string_view name);  // nullptr when unknown

// Calls produce(tmp) to write a temporary file beside `target`, then renames
// it into place. On any exception the temporary file is removed and the
// target is left as it was: outputs are never half-written.
void write_atomically(const std::filesystem::path& target,
                      const std::function<void(const std::filesystem::path& tmp)>& produce);

// On SIGINT / SIGTERM / SIGHUP, removes the temporary files being written,
// then ends the process as the signal would: an interrupted run leaves only
// complete outputs. (A SIGKILL cannot be caught: see remove_stale_temporaries.)
void install_interrupt_cleanup();

// Removes temporary files left in `dir` (recursively) by perfgoal runs that
// were killed (their process is gone). Returns how many were removed.
int remove_stale_temporaries(const std::filesystem::path& dir);

}  // namespace perfgoal
