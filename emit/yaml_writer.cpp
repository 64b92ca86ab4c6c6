#include "emit/yaml_writer.h"

#include <fstream>
#include <stdexcept>

#include "emit/record_yaml.h"
#include "emit/writer.h"

namespace perfgoal {
namespace {

void write_records(std::ostream& os, std::span<const Record> records) {
  // One record at a time through one buffer: the written text never holds
  // more than a record (emit/record_yaml.h; the same bytes as yaml-cpp's
  // Emitter, at the speed of appending).
  std::string buf;
  for (const auto& r : records) {
    buf.clear();
    append_record_yaml(buf, r);
    os.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  }
}

}  // namespace

std::string records_to_yaml(std::span<const Record> records) {
  std::string out;
  for (const auto& r : records) append_record_yaml(out, r);
  return out;
}

void write_yaml_file(std::span<const Conversion> batch, const std::filesystem::path& out) {
  write_stream_atomically(out, [&](std::ostream& f) {
    for (const auto& c : batch) write_records(f, c.records);  // one record at a time, not one big string
  });
}

}  // namespace perfgoal
