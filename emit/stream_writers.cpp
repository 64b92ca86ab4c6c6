#include "emit/stream_writers.h"

#include <fstream>
#include <stdexcept>

#include "emit/record_yaml.h"

namespace perfgoal {
namespace {

class YamlFormWriter : public FormWriter {
 public:
  explicit YamlFormWriter(const std::filesystem::path& out) : file_(out), f_(file_.tmp(), std::ios::binary) {}
  void add(const Record& r) override {
    buf_.clear();
    append_record_yaml(buf_, r);
    f_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  }
  void finish(const FindingsOf&) override { file_.commit(f_); }

 private:
  AtomicFile file_;
  std::ofstream f_;
  std::string buf_;
};

}  // namespace

std::unique_ptr<FormWriter> open_yaml_form_writer(const std::filesystem::path& out, const std::string&) {
  return std::make_unique<YamlFormWriter>(out);
}

}  // namespace perfgoal
