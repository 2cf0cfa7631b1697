// An integer enum's field does not compare with a bare integer (which variant is 30?).
#include "app.toasty.hpp"

int main() {
#ifdef TOASTY_CF_CONTROL
  auto f = app::Ticket::fields().priority().ge(app::Priority::Normal);
#else
  auto f = app::Ticket::fields().priority().ge(20);
#endif
  (void)f;
}
