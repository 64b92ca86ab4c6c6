#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

#include "cli/pipeline.h"
#include "emit/writer.h"
#include "model/errors.h"

namespace perfgoal {
namespace {

struct Options {
  std::vector<std::string> inputs;
  std::string out_dir = ".";
  std::vector<std::string> formats{"yaml"};
  std::string encoding;
  std::string templates;
};

std::vector<FormTemplate> templates_or_exit(const Options& o) {
  return load_templates(o.templates.empty() ? templates_dir() : std::filesystem::path(o.templates));
}

int run_convert(const Options& o) {
  std::vector<const Writer*> chosen;
  for (const auto& f : o.formats) {
    const Writer* w = find_writer(f);
    if (!w) {
      std::cerr << "perfgoal: unknown output format '" << f << "' (known:";
      for (const auto& k : writers()) std::cerr << " " << k.name;
      std::cerr << ")\n";
      return 2;
    }
    chosen.push_back(w);
  }
  std::filesystem::path out(o.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) {
    std::cerr << "perfgoal: cannot create output directory " << out << ": " << ec.message() << "\n";
    return 1;
  }
  auto templates = templates_or_exit(o);
  PipelineOptions po;
  po.read.encoding = o.encoding;
  int failed = 0, forms = 0, findings = 0;
  for (const auto& input : o.inputs) {
    try {
      Conversion c = convert_input(input, templates, po);
      for (const auto& f : c.findings)  // what the reader could not read (scanned pages, ...)
        if (f.rule == "reader") std::cerr << format_finding(f) << "\n";
      forms += static_cast<int>(c.records.size());
      findings += static_cast<int>(c.findings.size());
      for (const Writer* w : chosen) {
        std::filesystem::path target = out / (std::filesystem::path(input).stem().string() + w->extension);
        w->write(std::span<const Conversion>(&c, 1), target);
      }
    } catch (const InputError& e) {
      std::cerr << e.what() << "\n";
      ++failed;
    } catch (const std::exception& e) {
      std::cerr << std::filesystem::path(input).filename().string() << ": error: " << e.what() << "\n";
      ++failed;
    }
  }
  std::cerr << "perfgoal: " << o.inputs.size() - static_cast<size_t>(failed) << " of " << o.inputs.size()
            << " inputs converted, " << forms << " forms, " << findings << " findings, " << failed << " failed; outputs in "
            << out.string() << "\n";
  return failed ? 1 : 0;
}

int run_extract(const Options& o) {
  int failed = 0;
  for (const auto& input : o.inputs) {
    try {
      ReadOptions ro;
      ro.encoding = o.encoding;
      CellDocument doc = read_cells(input, ro);
      std::cout << "# " << doc.file << " (" << doc.format << (doc.encoding.empty() ? "" : ", " + doc.encoding)
                << "): " << doc.rows.size() << " rows\n";
      for (const auto& row : doc.rows)
        for (const auto& c : row.cells) {
          std::cout << (c.page ? "p" + std::to_string(c.page) + ":" : "") << (c.line ? std::to_string(c.line) : "")
                    << ":" << c.column;
          if (c.column_span > 1 || c.row_span > 1) std::cout << "[" << c.row_span << "x" << c.column_span << "]";
          std::cout << "\t" << c.text << "\n";
        }
      for (const auto& n : doc.notes) std::cerr << format_location(doc.file, n.line, n.page) << " note: " << n.message << "\n";
    } catch (const InputError& e) {
      std::cerr << e.what() << "\n";
      ++failed;
    }
  }
  return failed ? 1 : 0;
}

}  // namespace

int run_command_line(int argc, char** argv) {
  CLI::App app{"perfgoal: turns 项目支出绩效目标表 (budget performance-target forms) into structured data.\n"
               "Examples:\n"
               "  perfgoal convert forms.txt -o out          # out/forms.yaml\n"
               "  perfgoal convert a.txt b.txt --to yaml -o out\n"
               "  perfgoal extract forms.txt                 # the cells as read, with line numbers"};
  app.require_subcommand(1);
  Options o;

  auto* convert = app.add_subcommand("convert", "Convert inputs (text exports, or YAML records) to outputs.\n"
                                                "Example: perfgoal convert shangdang-2025.txt -o out");
  convert->add_option("inputs", o.inputs, "Input files")->required();
  convert->add_option("-o,--output", o.out_dir, "Output directory (created if missing)")->capture_default_str();
  convert->add_option("--to", o.formats, "Output formats, comma-separated")->delimiter(',')->capture_default_str();
  convert->add_option("--encoding", o.encoding, "Force the text encoding (UTF-8, UTF-16, GB18030); default: detect");
  convert->add_option("--templates", o.templates, "Templates directory (default: the installed templates)");

  auto* extract = app.add_subcommand("extract", "Print the cells of an input as read, with their line/page and column.\n"
                                                "Example: perfgoal extract shangdang-2025.txt");
  extract->add_option("inputs", o.inputs, "Input files")->required();
  extract->add_option("--encoding", o.encoding, "Force the text encoding (UTF-8, UTF-16, GB18030); default: detect");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (*convert) return run_convert(o);
    if (*extract) return run_extract(o);
  } catch (const std::exception& e) {
    std::cerr << "perfgoal: error: " << e.what() << "\n";
    return 2;
  }
  return 2;
}

}  // namespace perfgoal
