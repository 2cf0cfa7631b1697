#pragma once
// What every fuzz target shares: only toasty's own errors may leave the code under test;
// anything else (a JSON library exception, std::out_of_range, ...) is a finding.
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "toasty/error.hpp"

namespace toasty_fuzz {

template <class F>
void only_toasty_errors(F&& f) {
  try {
    f();
  } catch (const toasty::Error&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "finding: a non-toasty exception escaped: %s\n", e.what());
    std::abort();
  }
}

}  // namespace toasty_fuzz
