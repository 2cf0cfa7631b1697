// sum() of a String field must not compile.
#include "app.toasty.hpp"

int main() {
  toasty::Db* db = nullptr;
#ifdef TOASTY_CF_CONTROL
  auto s = app::Ticket::all().sum(*db, app::Ticket::fields().number());
#else
  auto s = app::Ticket::all().sum(*db, app::Ticket::fields().title());
#endif
  (void)s;
}
