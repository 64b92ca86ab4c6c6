// Errors that stop one input: they name the file and, where known, the
// line or page. The batch goes on with the other inputs.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

namespace perfgoal {

class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::string message, int line = 0, int page = 0);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int page() const { return page_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string file_;
  std::string detail_;
  int line_;
  int page_;
};

// The time allowed for one input (--max-seconds) runs out at a deadline;
// the stages check it between rows, pages or records.
using Deadline = std::chrono::steady_clock::time_point;
inline constexpr Deadline kNoDeadline = Deadline::max();

// Throws InputError for `file` (at `line` / `page`) when `deadline` has passed.
void check_deadline(Deadline deadline, const std::string& file, int line = 0, int page = 0);

// "file:12: error: detail" / "file:p3: error: detail" / "file: error: detail"
std::string format_location(const std::string& file, int line, int page);

}  // namespace perfgoal
