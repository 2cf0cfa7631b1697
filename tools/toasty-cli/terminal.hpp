#pragma once
// What the CLI prints, and how: colour only on a terminal and only without NO_COLOR, a
// progress line redrawn in place on a terminal (plain lines elsewhere), and yes/no
// questions that are asked only when someone can answer them.
#include <iosfwd>
#include <string>
#include <string_view>

namespace toasty_cli {

class Terminal {
 public:
  // `interactive`: stdin and stdout are terminals; `colour`: stdout is a terminal and
  // NO_COLOR is unset (or empty).
  Terminal(std::ostream& out, std::ostream& err, bool interactive, bool colour)
      : out_(out), err_(err), interactive_(interactive), colour_(colour) {}
  // The real terminal (isatty on stdin/stdout, the NO_COLOR environment variable).
  static Terminal standard();

  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }
  bool interactive() const { return interactive_; }

  std::string green(std::string_view s) const { return paint("32", s); }
  std::string red(std::string_view s) const { return paint("31", s); }
  std::string yellow(std::string_view s) const { return paint("33", s); }
  std::string bold(std::string_view s) const { return paint("1", s); }

  // "toasty: error: ..." on stderr.
  void error(std::string_view message);
  // A progress line, redrawn in place on a terminal; nothing elsewhere.
  void progress(std::string_view line);
  void end_progress();
  // Asks on the terminal; false when not interactive or on anything but y/yes.
  bool confirm(std::string_view question);

 private:
  std::string paint(const char* code, std::string_view s) const;
  std::ostream& out_;
  std::ostream& err_;
  bool interactive_;
  bool colour_;
  bool progress_shown_ = false;
};

}  // namespace toasty_cli
