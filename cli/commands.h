// The perfgoal command line: options declared once (CLI11 feeds both the
// parser and --help), each subcommand a call into the library.
#pragma once

namespace perfgoal {

// Exit codes: 0 all inputs converted; 1 some input failed (the others were
// still converted); 2 usage error.
int run_command_line(int argc, char** argv);

}  // namespace perfgoal
