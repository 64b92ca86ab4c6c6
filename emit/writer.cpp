#include "emit/writer.h"

#include <atomic>
#include <system_error>
#include <unistd.h>

#include "emit/xlsx_writer.h"
#include "emit/yaml_writer.h"

namespace perfgoal {

const std::vector<Writer>& writers() {
  static const std::vector<Writer> table = {
      {"yaml", ".yaml", write_yaml_file},
      {"xlsx", ".xlsx", write_xlsx_file},
  };
  return table;
}

const Writer* find_writer(std::string_view name) {
  for (const auto& w : writers())
    if (w.name == name) return &w;
  return nullptr;
}

void write_atomically(const std::filesystem::path& target,
                      const std::function<void(const std::filesystem::path& tmp)>& produce) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path tmp = target;
  tmp += ".part-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  try {
    produce(tmp);
    std::filesystem::rename(tmp, target);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
}

}  // namespace perfgoal
