#include "cli/options.h"

#include <CLI/CLI.hpp>

#include <chrono>

namespace perfgoal {

void add_reading_options(CLI::App& command, PipelineArgs& a) {
  auto* g = command.add_option_group("Reading", "How inputs are read");
  g->add_option("--encoding", a.encoding, "Force the text encoding (UTF-8, UTF-16, GB18030); default: detect");
  g->add_option("--max-mib", a.max_mib, "Refuse inputs larger than this many MiB")->capture_default_str();
  g->add_option("--max-pages", a.max_pages, "Refuse PDFs with more pages")->capture_default_str();
  g->add_option("--max-seconds", a.max_seconds, "Stop reading one input after this many seconds (0: no limit)")
      ->capture_default_str();
}

void add_checking_options(CLI::App& command, PipelineArgs& a) {
  auto* g = command.add_option_group("Templates and checks", "Which forms are known and what is checked");
  g->add_option("--templates", a.templates, "Templates folder (default: the installed templates)");
  g->add_option("--checks", a.checks, "Checks configuration (default: checks.yaml in the templates folder)");
  g->add_option("--fail-on", a.fail_on, "Exit 1 when a finding is this severe or worse (info, warning, error)")
      ->check(CLI::IsMember({"info", "warning", "error"}));
}

std::filesystem::path templates_folder(const std::string& given) {
  return given.empty() ? templates_dir() : std::filesystem::path(given);
}

ReadOptions read_options(const PipelineArgs& a) {
  ReadOptions ro;
  ro.encoding = a.encoding;
  ro.limits.max_bytes = static_cast<std::uintmax_t>(a.max_mib * 1024 * 1024);
  ro.limits.max_pages = a.max_pages;
  return ro;
}

PipelineSetup load_pipeline(const PipelineArgs& a) {
  PipelineSetup s;
  s.templates_folder = templates_folder(a.templates);
  s.forms = load_templates(s.templates_folder);
  s.checks = a.checks.empty() ? load_check_config(s.templates_folder / "checks.yaml") : load_check_config(a.checks);
  s.read = read_options(a);
  s.max_seconds = a.max_seconds;
  return s;
}

PipelineOptions PipelineSetup::for_input() const {
  PipelineOptions po;
  po.read = read;
  po.checks = &checks;
  if (max_seconds > 0)
    po.read.limits.deadline = std::chrono::steady_clock::now() +
                              std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  std::chrono::duration<double>(max_seconds));
  return po;
}

bool fails_on(const std::string& fail_on, const FindingCounts& counts) {
  Severity s;
  if (fail_on.empty() || !parse_severity(fail_on, s)) return false;
  return counts.at_least(s) > 0;
}

}  // namespace perfgoal
