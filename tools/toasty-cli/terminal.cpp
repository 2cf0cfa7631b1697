#include "terminal.hpp"

#include <cstdlib>
#include <iostream>
#include <string>

#include <unistd.h>

namespace toasty_cli {

Terminal Terminal::standard() {
  const bool tty_out = isatty(STDOUT_FILENO) != 0;
  const char* no_color = std::getenv("NO_COLOR");  // https://no-color.org: set and not empty
  const bool colour = tty_out && (no_color == nullptr || no_color[0] == '\0');
  return Terminal(std::cout, std::cerr, tty_out && isatty(STDIN_FILENO) != 0, colour);
}

std::string Terminal::paint(const char* code, std::string_view s) const {
  if (!colour_) return std::string(s);
  return "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m";
}

void Terminal::error(std::string_view message) {
  end_progress();
  // The library's messages start with "toasty: " already.
  if (message.rfind("toasty: ", 0) == 0) message.remove_prefix(8);
  err_ << (colour_ ? "\x1b[31mtoasty: error:\x1b[0m " : "toasty: error: ") << message << "\n";
}

void Terminal::progress(std::string_view line) {
  // Elsewhere (a log, a pipe) only the outcome lines count: no redrawn line in them.
  if (!interactive_) return;
  out_ << "\r\x1b[2K" << line << std::flush;
  progress_shown_ = true;
}

void Terminal::end_progress() {
  if (progress_shown_) out_ << "\r\x1b[2K" << std::flush;
  progress_shown_ = false;
}

bool Terminal::confirm(std::string_view question) {
  if (!interactive_) return false;
  end_progress();
  out_ << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace toasty_cli
