// in_query() comparing an integer field with a query selecting a String must not compile.
#include "app.toasty.hpp"

int main() {
  auto f = app::Entry::fields();
#ifdef TOASTY_CF_CONTROL
  auto c = f.seq().in_query(app::Entry::all().select(f.score()));
#else
  auto c = f.seq().in_query(app::Entry::all().select(f.category()));
#endif
  (void)c;
}
