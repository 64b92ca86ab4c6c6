#include "cli/options.h"

#include <CLI/CLI.hpp>
#include <iconv.h>

#include <chrono>

namespace perfgoal {
namespace {

// --encoding: a name iconv knows, checked once before any input is read.
CLI::Validator known_encoding() {
  return CLI::Validator(
      [](std::string& name) -> std::string {
        iconv_t cd = iconv_open("UTF-8", name.c_str());
        if (cd == reinterpret_cast<iconv_t>(-1)) return "unknown encoding '" + name + "' (try UTF-8, UTF-16, GB18030)";
        iconv_close(cd);
        return "";
      },
      "ENCODING");
}

}  // namespace

void add_reading_options(CLI::App& command, PipelineArgs& a) {
  auto* g = command.add_option_group("Reading", "How inputs are read");
  g->add_option("--encoding", a.encoding, "Force the text encoding (UTF-8, UTF-16, GB18030); default: detect")
      ->check(known_encoding());
  g->add_option("--max-mib", a.max_mib, "Refuse inputs larger than this many MiB")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  g->add_option("--max-pages", a.max_pages, "Refuse PDFs with more pages")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  g->add_option("--max-seconds", a.max_seconds, "Stop reading one input after this many seconds (0: no limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  g->add_option("--ocr", a.ocr, "Read scanned pages by OCR: auto (pages without usable text), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  g->add_option("--ocr-dpi", a.ocr_dpi, "Resolution at which PDF pages are rendered for OCR")
      ->check(CLI::Range(100, 600))
      ->capture_default_str();
}

void add_checking_options(CLI::App& command, PipelineArgs& a) {
  auto* g = command.add_option_group("Templates and checks", "Which forms are known and what is checked");
  g->add_option("--templates", a.templates, "Templates folder (default: the installed templates)");
  g->add_option("--checks", a.checks, "Checks configuration (default: checks.yaml in the templates folder)");
  g->add_option("--fail-on", a.fail_on, "Exit 1 when a finding is this severe or worse (info, warning, error)")
      ->check(CLI::IsMember({"info", "warning", "error"}));
}

void add_message_options(CLI::App& command, PipelineArgs& a) {
  auto* g = command.add_option_group("Messages", "What is said on standard error");
  auto* q = g->add_flag("-q,--quiet", a.quiet, "Errors only: no summary line, no notes");
  g->add_flag("-v,--verbose", a.verbose, "Also say which file types are read and which files were skipped")
      ->excludes(q);
}

std::filesystem::path templates_folder(const std::string& given) {
  return given.empty() ? templates_dir() : std::filesystem::path(given);
}

std::shared_ptr<const std::unordered_set<std::string>> template_label_keys(const std::vector<FormTemplate>& forms) {
  auto labels = std::make_shared<std::unordered_set<std::string>>();
  for (const auto& form : forms)
    for (const auto& entry : form.index) labels->insert(entry.first);
  return labels;
}

std::shared_ptr<const std::unordered_map<std::string, std::string>> template_label_roles(
    const std::vector<FormTemplate>& forms) {
  auto roles = std::make_shared<std::unordered_map<std::string, std::string>>();
  for (const auto& form : forms) {
    for (const auto& [key, role] : form.indicator_header) roles->emplace(key, role);
    for (const auto& key : form.indicator_section) roles->emplace(key, "section");
    for (const auto& entry : form.level1_keys) roles->emplace(entry.first, "category");
    for (const auto& entry : form.level2_keys) roles->emplace(entry.first, "category");
    // The goals' labels (总体目标, 实施期目标, 年度目标): layout text reads the goals by their columns.
    for (const auto& [key, field] : form.labels)
      if (field.rfind("goals.", 0) == 0) roles->emplace(key, field);
  }
  return roles;
}

ReadOptions read_options(const PipelineArgs& a) {
  ReadOptions ro;
  ro.encoding = a.encoding;
  ro.limits.max_bytes = static_cast<std::uintmax_t>(a.max_mib * 1024 * 1024);
  ro.limits.max_pages = a.max_pages;
  ro.ocr = a.ocr == "always" ? OcrMode::always : a.ocr == "never" ? OcrMode::never : OcrMode::automatic;
  ro.ocr_dpi = a.ocr_dpi;
  return ro;
}

PipelineSetup load_pipeline(const PipelineArgs& a) {
  PipelineSetup s;
  s.templates_folder = templates_folder(a.templates);
  s.forms = load_templates(s.templates_folder);
  s.checks = a.checks.empty() ? load_check_config(s.templates_folder / "checks.yaml") : load_check_config(a.checks);
  add_form_parts(s.checks, s.forms);  // what each layout's form has no place for
  s.read = read_options(a);
  s.read.labels = template_label_keys(s.forms);
  s.read.label_roles = template_label_roles(s.forms);
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
