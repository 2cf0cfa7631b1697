#pragma once
// Source locations and the error list every phase reports into. Errors are collected,
// not thrown, so one run reports as many problems as it can find.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace toasty_gen {

// 1-based line and column (columns count Unicode code points; a tab is one column).
struct Loc {
  std::uint32_t line = 1;
  std::uint32_t col = 1;
};

inline bool operator<(Loc a, Loc b) { return a.line != b.line ? a.line < b.line : a.col < b.col; }
inline bool operator==(Loc a, Loc b) { return a.line == b.line && a.col == b.col; }

// "3:7", used inside messages that point back at an earlier declaration.
std::string to_string(Loc loc);

struct Diagnostic {
  Loc loc;
  std::string message;
  bool warning = false;  // reported, but does not stop code generation
};

class Diagnostics {
 public:
  void error(Loc loc, std::string message);
  void warning(Loc loc, std::string message);

  bool has_errors() const { return errors_ > 0; }
  std::size_t count() const { return list_.size(); }  // errors and warnings
  const std::vector<Diagnostic>& all() const { return list_; }

  // Every diagnostic as "file:line:column: error: message\n" (or "warning:"), ordered
  // by position (diagnostics at the same position keep the order they were reported in).
  std::string format(std::string_view file) const;

 private:
  void add(Loc loc, std::string message, bool warning);
  std::vector<Diagnostic> list_;
  std::size_t errors_ = 0;
};

}  // namespace toasty_gen
