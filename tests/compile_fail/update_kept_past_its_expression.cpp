// An update by instance refers to its record: it is used in the expression that makes it.
// Keeping it in a variable and setting fields on it later must not compile (the record
// could move or die in between); std::move(u) is the explicit way to do it anyway.
#include "app.toasty.hpp"

void later(toasty::Executor& db, app::User& ann) {
#ifdef TOASTY_CF_CONTROL
  ann.update().name("Ann").exec(db);
#else
  auto u = ann.update();
  u.name("Ann");
  u.exec(db);
#endif
}

int main() {}
