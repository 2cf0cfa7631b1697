// filter_by_<field> exists only for indexed fields.
#include "app.toasty.hpp"

int main() {
#ifdef TOASTY_CF_CONTROL
  auto q = app::User::filter_by_country("NZ");
#else
  auto q = app::User::filter_by_name("Ann");
#endif
  (void)q;
}
