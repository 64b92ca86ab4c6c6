// `perfgoal check INPUT...`: the findings about the inputs, compiler-style
// (`file:line: warning[rule]: message`) or as JSON, and a summary line.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/options.h"

namespace perfgoal {

struct CheckOptions : PipelineArgs {
  std::vector<std::string> inputs;  // files or folders (walked recursively)
  std::string format = "text";      // "text" or "json"
};

// Runs the command: findings on `out`, read errors as findings too (rule
// input-error). Returns the exit code: 0; 1 when an input could not be read
// or --fail-on is met; 2 on a usage error (unknown --format).
int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err);

}  // namespace perfgoal
