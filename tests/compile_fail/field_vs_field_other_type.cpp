// A String field compared with an integer field must not compile.
#include "app.toasty.hpp"

int main() {
  auto f = app::Ticket::fields();
#ifdef TOASTY_CF_CONTROL
  auto c = f.title().eq(f.queue());
#else
  auto c = f.title().eq(f.number());
#endif
  (void)c;
}
