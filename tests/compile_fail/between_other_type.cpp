// between() on a Timestamp field with integers (seconds? microseconds?) must not compile.
#include "app.toasty.hpp"

int main() {
#ifdef TOASTY_CF_CONTROL
  auto f = app::Reading::fields().at().between(toasty::now(), toasty::now());
#else
  auto f = app::Reading::fields().at().between(1700000000, 1800000000);
#endif
  (void)f;
}
