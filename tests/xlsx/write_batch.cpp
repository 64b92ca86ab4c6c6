// Test driver: converts several inputs and writes them as ONE workbook (a
// batch), with the writer's options exposed, so the read-back test covers
// multi-conversion batches, both memory modes and the per-form sheet cap.
//   xlsx_write_batch OUT.xlsx [--no-constant-memory] [--max-form-sheets N] [--max-sheet-rows N]
//                    [--convert-only] INPUT...
// (--convert-only skips the workbook: bench/xlsx_memory.sh's baseline.)
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/pipeline.h"
#include "emit/xlsx_writer.h"

int main(int argc, char** argv) {
  using namespace perfgoal;
  if (argc < 3) {
    std::cerr << "usage: xlsx_write_batch OUT.xlsx [--no-constant-memory] [--max-form-sheets N] INPUT...\n";
    return 2;
  }
  XlsxOptions options;
  std::vector<std::string> inputs;
  bool write = true;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--no-constant-memory")
      options.constant_memory = false;
    else if (a == "--convert-only")
      write = false;
    else if (a == "--max-form-sheets" && i + 1 < argc)
      options.max_form_sheets = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--max-sheet-rows" && i + 1 < argc)  // Excel's row limit, made small for a test
      options.max_sheet_rows = std::strtoul(argv[++i], nullptr, 10);
    else
      inputs.push_back(a);
  }
  try {
    auto templates = load_templates(templates_dir());
    std::vector<Conversion> batch;
    // Each input named as given, as the command line names a file it is given.
    for (const auto& in : inputs) batch.push_back(convert_input(in, templates, {}, in));
    if (write) write_xlsx(batch, argv[1], options);
    // The findings, one per line, for the test to compare with the 问题 sheet.
    for (std::size_t i = 0; i < batch.size(); ++i)
      for (const auto& f : batch[i].findings)
        std::cout << i << "\t" << f.record << "\t" << f.where.line << "\t" << f.where.page << "\t" << f.rule << "\t"
                  << severity_name(f.severity) << "\t" << f.message << "\n";
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
