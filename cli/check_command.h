// `perfgoal check INPUT...`: the findings about the inputs, compiler-style
// (`file:line: warning[rule]: message`) or as JSON, and a summary line.
// Also the pieces `convert` shares with it: the checks configuration the
// command line asks for, the batch check (the same project in two inputs)
// and --fail-on.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "model/conversion.h"
#include "normalize/checks.h"

namespace perfgoal {

struct CheckOptions {
  std::vector<std::string> inputs;  // files or folders (walked recursively)
  std::string format = "text";  // "text" or "json"
  std::string fail_on;          // "", "info", "warning" or "error"
  std::string min_severity;     // text output: findings below this are not printed ("" = all)
  std::string encoding;         // force a text encoding ("" = detect)
  std::string templates;        // templates directory ("" = the installed one)
  std::string checks;           // checks configuration ("" = <templates>/checks.yaml)
};

// The checks configuration: `checks` when given, else checks.yaml in the
// templates directory `templates` (or the installed one). Throws
// std::runtime_error naming the file.
CheckConfig load_checks_for(const std::string& templates, const std::string& checks);

// Adds to `c` the findings of the batch check (a form an earlier input of
// the run already holds) and curates them again.
void add_batch_findings(DuplicateIndex& index, Conversion& c, const CheckConfig& config);

// Whether findings make the run fail under --fail-on (`fail_on` empty: never).
bool fails_on(const std::string& fail_on, const FindingCounts& counts);

// Runs the command: findings on `out`, read errors as findings too (rule
// input-error). Returns the exit code: 0; 1 when an input could not be read
// or --fail-on is met; 2 on a usage error (unknown --format).
int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err);

}  // namespace perfgoal
