// Comparing a String field with an integer must not compile.
#include "app.toasty.hpp"

int main() {
#ifdef TOASTY_CF_CONTROL
  auto f = app::User::fields().name().eq("Ann");
#else
  auto f = app::User::fields().name().eq(42);
#endif
  (void)f;
}
