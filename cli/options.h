// The options every subcommand shares, declared once: one struct for what
// the command line says about reading and checking inputs, the CLI11 option
// groups that fill it, and the one place that turns it into what the
// pipeline needs (the templates folder, the form templates, the checks).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "cli/pipeline.h"
#include "normalize/checks.h"
#include "config/form_template.h"

namespace CLI {
class App;
}

namespace perfgoal {

// What the command line says about reading and checking inputs. `convert`,
// `check` and `extract` each hold one (their own options derive from it).
struct PipelineArgs {
  // Reading
  std::string encoding;      // force a text encoding ("" = detect)
  double max_mib = 256;      // refuse larger inputs
  int max_pages = 2000;      // refuse PDFs with more pages
  double max_seconds = 300;  // per input; 0: no limit
  std::string ocr = "auto";  // scanned pages: auto, always, never
  int ocr_dpi = 300;         // resolution PDF pages are rendered at for OCR
  // Templates and checks
  std::string templates;  // templates folder ("" = the installed one)
  std::string checks;     // checks configuration ("" = <templates>/checks.yaml)
  std::string fail_on;    // "", "info", "warning" or "error"
  // Messages
  bool quiet = false;    // errors only: no summary line, no notes
  bool verbose = false;  // also what is read and what is skipped in folders
};

// The option groups, each declared here once and added to the subcommands
// that take it. "Reading": --encoding, --max-mib, --max-pages, --max-seconds,
// --ocr, --ocr-dpi.
void add_reading_options(CLI::App& command, PipelineArgs& args);
// "Templates and checks": --templates, --checks, --fail-on.
void add_checking_options(CLI::App& command, PipelineArgs& args);

// The templates folder: `given` when not empty, else the installed one.
// The only place the default is applied.
std::filesystem::path templates_folder(const std::string& given);

// What the pipeline needs, loaded once from PipelineArgs.
struct PipelineSetup {
  std::filesystem::path templates_folder;
  std::vector<FormTemplate> forms;
  CheckConfig checks;
  ReadOptions read;  // encoding and limits (no deadline: set per input)
  double max_seconds = 0;

  // Options for one input, pointing at this setup's checks; the deadline
  // starts now when there is a time limit.
  PipelineOptions for_input() const;
};

// The read options only (extract needs no templates).
ReadOptions read_options(const PipelineArgs& args);
// The label keys of all `forms` (ReadOptions::labels).
std::shared_ptr<const std::unordered_set<std::string>> template_label_keys(const std::vector<FormTemplate>& forms);
// The indicator header's, section's and category labels' keys of all
// `forms` with their roles (ReadOptions::label_roles).
std::shared_ptr<const std::unordered_map<std::string, std::string>> template_label_roles(
    const std::vector<FormTemplate>& forms);

// Loads the form templates and the checks configuration. Throws
// std::runtime_error naming the file on errors.
PipelineSetup load_pipeline(const PipelineArgs& args);

// "Messages": -q/--quiet, -v/--verbose.
void add_message_options(CLI::App& command, PipelineArgs& args);

// Whether findings make the run fail under --fail-on (`fail_on` empty: never).
bool fails_on(const std::string& fail_on, const FindingCounts& counts);

}  // namespace perfgoal
