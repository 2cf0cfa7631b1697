// Comparing a Timestamp field with an integer (seconds? microseconds?) must not compile.
#include "app.toasty.hpp"

int main() {
#ifdef TOASTY_CF_CONTROL
  auto f = app::Reading::fields().at().gt(toasty::now());
#else
  auto f = app::Reading::fields().at().gt(1700000000);
#endif
  (void)f;
}
