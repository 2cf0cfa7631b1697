// toasty: the command-line tool (migrations). Everything but this file is in
// toasty_cli_lib, so tests can run the commands in process too.
#include <string>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto term = toasty_cli::Terminal::standard();
  return toasty_cli::run(args, term);
}
