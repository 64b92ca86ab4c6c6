// Findings kept on disk, not in memory: an input converted as a stream may
// have a few findings per form, and hundreds of thousands of forms. Appended
// in order, read back in order.
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "model/finding.h"

namespace perfgoal {

class FindingLog {
 public:
  FindingLog();
  ~FindingLog();
  FindingLog(FindingLog&& other) noexcept;
  FindingLog& operator=(FindingLog&& other) noexcept;
  FindingLog(const FindingLog&) = delete;
  FindingLog& operator=(const FindingLog&) = delete;

  // `project`: the name of the record the finding points at (findings JSON).
  void add(const Finding& f, const std::optional<std::string>& project);
  size_t size() const { return size_; }
  // How many findings of severity `s` were added (known without reading the log back).
  size_t count(Severity s) const { return by_severity_[static_cast<int>(s)]; }
  // Calls each(finding, project) for every finding, in the order added.
  void each(const std::function<void(const Finding&, const std::optional<std::string>&)>& each) const;

 private:
  std::FILE* file_ = nullptr;  // an anonymous temporary file (tmpfile)
  size_t size_ = 0;
  size_t by_severity_[3] = {0, 0, 0};
};

}  // namespace perfgoal
