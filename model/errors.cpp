#include "model/errors.h"

namespace perfgoal {

std::string format_location(const std::string& file, int line, int page) {
  if (line > 0) return file + ":" + std::to_string(line) + ":";
  if (page > 0) return file + ":p" + std::to_string(page) + ":";
  return file + ":";
}

InputError::InputError(std::string file, std::string message, int line, int page)
    : std::runtime_error(format_location(file, line, page) + " error: " + message),
      file_(std::move(file)),
      detail_(std::move(message)),
      line_(line),
      page_(page) {}

void check_deadline(Deadline deadline, const std::string& file, int line, int page) {
  if (deadline != kNoDeadline && std::chrono::steady_clock::now() > deadline)
    throw InputError(file, "took longer than the time allowed for one input (--max-seconds); stopped here", line, page);
}

}  // namespace perfgoal
