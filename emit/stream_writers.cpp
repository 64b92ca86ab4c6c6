#include "emit/stream_writers.h"

#include <fstream>
#include <stdexcept>

#include "emit/record_yaml.h"

namespace perfgoal {
namespace {

class YamlFormWriter : public FormWriter {
 public:
  explicit YamlFormWriter(const std::filesystem::path& out) : file_(out), f_(file_.tmp(), std::ios::binary) {}
  // Records are written a block of at least 256 KiB at a time (a record
  // alone, a few KiB, would be a system call of its own).
  void add(const Record& r) override {
    append_record_yaml(buf_, r);
    if (buf_.size() >= kBlock) write();
  }
  void finish(const FindingsOf&) override {
    write();
    file_.commit(f_);
  }

 private:
  AtomicFile file_;
  std::ofstream f_;
  std::string buf_;
  static constexpr size_t kBlock = size_t{1} << 18;
  void write() {
    f_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
};

}  // namespace

std::unique_ptr<FormWriter> open_yaml_form_writer(const std::filesystem::path& out, const std::string&) {
  return std::make_unique<YamlFormWriter>(out);
}

}  // namespace perfgoal
