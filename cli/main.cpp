#include "cli/commands.h"

int main(int argc, char** argv) { return perfgoal::run_command_line(argc, argv); }
