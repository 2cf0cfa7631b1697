// A newtype key compares only with its newtype: a bare Uuid (another model's key, say) does
// not compile.
#include "app.toasty.hpp"

int main() {
#ifdef TOASTY_CF_CONTROL
  auto f = app::Note::fields().contact_id().eq(app::ContactId{toasty::Uuid::v7()});
#else
  auto f = app::Note::fields().contact_id().eq(toasty::Uuid::v7());
#endif
  (void)f;
}
