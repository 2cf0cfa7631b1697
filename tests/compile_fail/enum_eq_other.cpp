// An enum field compares with its own enum only: not with another enum, its label text or
// its integer value.
#include "app.toasty.hpp"

int main() {
#ifdef TOASTY_CF_CONTROL
  auto f = app::Ticket::fields().priority().eq(app::Priority::Urgent);
#else
  auto f = app::Ticket::fields().priority().eq(app::Status::Open);
#endif
  (void)f;
}
