#include "cli/inputs.h"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>

#include "extract/reader.h"

namespace perfgoal {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool known_type(const std::filesystem::path& p) {
  auto known = input_extensions();
  return std::find(known.begin(), known.end(), lower(p.extension().string())) != known.end();
}

bool same_folder(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  return !b.empty() && std::filesystem::equivalent(a, b, ec);
}

struct Found {
  std::filesystem::path path;
  std::string error;  // a folder that could not be read
};

// Files of a known type under `dir`, recursively (symbolic links to folders
// are not followed). A folder that cannot be read is found too, with the
// reason: it is that input's error, not a silent gap in the batch.
// The output folder, when it lies inside, is not walked (a second run would
// read the first one's records); files of other types are listed in `skipped`.
void walk(const std::filesystem::path& dir, const WalkOptions& options, std::vector<Found>& found) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code type;
    auto status = it->symlink_status(type);
    if (std::filesystem::is_directory(status)) {
      if (same_folder(it->path(), options.exclude)) {
        if (options.skipped) options.skipped->push_back(it->path().string() + " (the output folder)");
        continue;
      }
      walk(it->path(), options, found);
    } else if (it->is_regular_file(type) && known_type(it->path())) {
      found.push_back(Found{it->path(), ""});
    } else if (options.skipped) {
      options.skipped->push_back(it->path().string());
    }
  }
  if (ec) found.push_back(Found{dir, "cannot read the folder: " + ec.message()});
}

// "-": standard input, kept in a file of a private temporary folder (the
// readers take files), named by what it holds: stdin.pdf, stdin.yaml or
// stdin.txt. Removed at exit.
struct StdinCopy {
  std::filesystem::path dir, file;
  ~StdinCopy() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

std::filesystem::path stdin_file() {
  static StdinCopy copy;
  if (!copy.file.empty()) return copy.file;
  std::string bytes((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  std::string pattern = (std::filesystem::temp_directory_path() / "perfgoal-stdin-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot keep standard input: " + std::string(std::strerror(errno)));
  copy.dir = pattern;
  std::string head = bytes.substr(0, 4096);
  const char* ext = head.rfind("%PDF", 0) == 0 ? ".pdf"
                    : head.find("format: perfgoal-record/") != std::string::npos ? ".yaml"
                                                                                 : ".txt";
  copy.file = copy.dir / (std::string("stdin") + ext);
  std::ofstream f(copy.file, std::ios::binary);
  f << bytes;
  if (!f.flush()) throw std::runtime_error("cannot keep standard input: " + std::string(std::strerror(errno)));
  return copy.file;
}

// The name a walked folder gives the files below it: its own name
// ("arch" for arch/, ./arch or /data/arch; for "." or "..", the name of the
// folder they are), empty for the root.
std::filesystem::path folder_name(const std::filesystem::path& dir) {
  std::filesystem::path p = dir;
  while (!p.empty() && !p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();  // "arch/"
  std::filesystem::path last = p.filename();
  if (last.empty() || last == "." || last == "..") {
    std::error_code ec;
    last = std::filesystem::weakly_canonical(std::filesystem::absolute(dir, ec), ec).filename();
  }
  return last;
}

}  // namespace

std::vector<std::string> read_input_list(const std::string& list_file) {
  std::vector<std::string> out;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (list_file != "-") {
    file.open(list_file);
    if (!file) throw std::runtime_error("cannot read the input list " + list_file);
    in = &file;
  }
  std::string line;
  while (std::getline(*in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> input_extensions() {
  std::vector<std::string> out;
  for (const auto& r : readers()) out.insert(out.end(), r.extensions.begin(), r.extensions.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<BatchInput> collect_inputs(const std::vector<std::string>& args, const WalkOptions& options) {
  std::vector<BatchInput> inputs;
  for (const auto& arg : args) {
    std::filesystem::path p(arg);
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<Found> found;
      walk(p, options, found);
      std::sort(found.begin(), found.end(), [](const Found& x, const Found& y) { return x.path < y.path; });
      std::filesystem::path top = folder_name(p);
      for (auto& f : found) {
        auto rel = std::filesystem::relative(f.path, p, ec);
        std::string name = (top / rel).generic_string();
        if (!f.error.empty()) rel += ".folder";  // a name of its own, never written to
        inputs.push_back(BatchInput{f.path, rel.parent_path() / rel.stem(), std::move(f.error), std::move(name)});
      }
    } else if (arg == "-") {
      auto file = stdin_file();
      inputs.push_back(BatchInput{file, "stdin", "", file.filename().string()});
    } else {
      // A missing file is kept: it fails on its own with a clear message, and the rest still run.
      inputs.push_back(BatchInput{p, p.stem(), "", arg});
    }
  }
  // The same file named twice (directly or through a folder) is converted once.
  std::set<std::string> paths;
  std::vector<BatchInput> unique;
  for (auto& i : inputs) {
    std::error_code ec;
    std::string key = std::filesystem::weakly_canonical(i.path, ec).string();
    if (paths.insert(ec ? i.path.string() : key).second) unique.push_back(std::move(i));
  }
  inputs = std::move(unique);
  // Two inputs that would write the same outputs keep their extension (x.txt,
  // x.pdf); where even that is shared, a number follows, in input order.
  std::map<std::string, int> uses;
  for (const auto& i : inputs) uses[i.output_base.string()]++;
  for (auto& i : inputs)
    if (uses[i.output_base.string()] > 1) i.output_base = i.output_base.parent_path() / i.path.filename();
  std::map<std::string, int> taken;
  for (auto& i : inputs) {
    int n = ++taken[i.output_base.string()];
    if (n > 1) i.output_base += "-" + std::to_string(n);
  }
  return inputs;
}

}  // namespace perfgoal
