#include "model/finding_log.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

namespace perfgoal {
namespace {

void put(std::FILE* f, const void* p, size_t n) {
  if (n && std::fwrite(p, 1, n, f) != n)
    throw std::runtime_error(std::string("cannot keep the findings in a temporary file: ") + std::strerror(errno));
}
void put_int(std::FILE* f, std::int64_t v) { put(f, &v, sizeof v); }
void put_text(std::FILE* f, const std::string& s) {
  put_int(f, static_cast<std::int64_t>(s.size()));
  put(f, s.data(), s.size());
}
void get(std::FILE* f, void* p, size_t n) {
  if (n && std::fread(p, 1, n, f) != n) throw std::runtime_error("cannot read the findings back from a temporary file");
}
std::int64_t get_int(std::FILE* f) {
  std::int64_t v = 0;
  get(f, &v, sizeof v);
  return v;
}
void get_text(std::FILE* f, std::string& s) {
  s.resize(static_cast<size_t>(get_int(f)));
  get(f, s.data(), s.size());
}

}  // namespace

FindingLog::FindingLog() {}
FindingLog::~FindingLog() {
  if (file_) std::fclose(file_);
}
FindingLog::FindingLog(FindingLog&& o) noexcept : file_(std::exchange(o.file_, nullptr)), size_(std::exchange(o.size_, 0)) {
  for (int k = 0; k < 3; ++k) by_severity_[k] = std::exchange(o.by_severity_[k], 0);
}
FindingLog& FindingLog::operator=(FindingLog&& o) noexcept {
  if (this != &o) {
    if (file_) std::fclose(file_);
    file_ = std::exchange(o.file_, nullptr);
    size_ = std::exchange(o.size_, 0);
    for (int k = 0; k < 3; ++k) by_severity_[k] = std::exchange(o.by_severity_[k], 0);
  }
  return *this;
}

void FindingLog::add(const Finding& f, const std::optional<std::string>& project) {
  if (!file_) {
    file_ = std::tmpfile();
    if (!file_) throw std::runtime_error(std::string("cannot make a temporary file for the findings: ") + std::strerror(errno));
  }
  put_text(file_, f.rule);
  put_int(file_, static_cast<std::int64_t>(f.severity));
  put_text(file_, f.message);
  put_text(file_, f.where.file);
  put_int(file_, f.where.line);
  put_int(file_, f.where.page);
  put_int(file_, f.record);
  put_text(file_, f.field);
  put_int(file_, project ? 1 : 0);
  if (project) put_text(file_, *project);
  ++size_;
  ++by_severity_[static_cast<int>(f.severity)];
}

void FindingLog::each(const std::function<void(const Finding&, const std::optional<std::string>&)>& each) const {
  if (!file_ || size_ == 0) return;
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0)
    throw std::runtime_error("cannot read the findings back from a temporary file");
  Finding f;
  std::optional<std::string> project;
  std::string name;
  for (size_t i = 0; i < size_; ++i) {
    get_text(file_, f.rule);
    f.severity = static_cast<Severity>(get_int(file_));
    get_text(file_, f.message);
    get_text(file_, f.where.file);
    f.where.line = static_cast<int>(get_int(file_));
    f.where.page = static_cast<int>(get_int(file_));
    f.record = static_cast<int>(get_int(file_));
    get_text(file_, f.field);
    if (get_int(file_)) {
      get_text(file_, name);
      project = name;
    } else {
      project.reset();
    }
    each(f, project);
  }
  if (std::fseek(file_, 0, SEEK_END) != 0) throw std::runtime_error("cannot append to the findings' temporary file");
}

}  // namespace perfgoal
