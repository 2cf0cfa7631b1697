#pragma once
// The toasty-gen command line, as a function so tests can drive it.
#include <ostream>
#include <string>
#include <vector>

namespace toasty_gen {

// Exit status: 0 success, 1 schema errors or I/O failure, 2 bad command line.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The usage text printed by --help.
std::string usage_text();

}  // namespace toasty_gen
