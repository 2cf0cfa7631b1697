// Comparing a Uuid field with an integer must not compile.
#include "app.toasty.hpp"

int main() {
#ifdef TOASTY_CF_CONTROL
  auto f = app::User::fields().id().eq(toasty::Uuid::v7());
#else
  auto f = app::User::fields().id().eq(42);
#endif
  (void)f;
}
