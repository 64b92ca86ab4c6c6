#include "cli/commands.h"

// Tesseract's OpenMP threads are limited where scans are read
// (extract/scan_reader.cpp), not by starting the program again with
// OMP_THREAD_LIMIT set: a start loads some seventy libraries.
int main(int argc, char** argv) { return perfgoal::run_command_line(argc, argv); }
