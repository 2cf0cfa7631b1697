#include "toasty-gen/diagnostics.hpp"

#include <algorithm>

namespace toasty_gen {

std::string to_string(Loc loc) { return std::to_string(loc.line) + ":" + std::to_string(loc.col); }

void Diagnostics::error(Loc loc, std::string message) { add(loc, std::move(message), false); }

void Diagnostics::warning(Loc loc, std::string message) { add(loc, std::move(message), true); }

void Diagnostics::add(Loc loc, std::string message, bool warning) {
  // The same problem can be found twice by error recovery; report it once.
  for (const auto& d : list_) {
    if (d.loc == loc && d.message == message && d.warning == warning) return;
  }
  list_.push_back({loc, std::move(message), warning});
  if (!warning) ++errors_;
}

std::string Diagnostics::format(std::string_view file) const {
  std::vector<const Diagnostic*> sorted;
  sorted.reserve(list_.size());
  for (const auto& d : list_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Diagnostic* a, const Diagnostic* b) { return a->loc < b->loc; });
  std::string out;
  for (const Diagnostic* d : sorted) {
    out.append(file);
    out += ':';
    out += to_string(d->loc);
    out += d->warning ? ": warning: " : ": error: ";
    out += d->message;
    out += '\n';
  }
  return out;
}

}  // namespace toasty_gen
