// toasty-gen: generates C++ model code from a .toasty schema file.
#include <iostream>
#include <string>
#include <vector>

#include "toasty-gen/cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return toasty_gen::run_cli(args, std::cout, std::cerr);
}
