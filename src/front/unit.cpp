// One unit of writes made by the front end (an update with relation changes, create_many of
// records with related ones): a transaction of its own, or a nested one.
#include "toasty/db.hpp"
#include "toasty/model.hpp"

namespace toasty::detail {

void run_as_unit(Executor& ex, const std::function<void(Executor&)>& body) {
  if (auto* tx = dynamic_cast<Transaction*>(&ex)) {
    tx->transaction([&](Transaction& inner) { body(inner); });
    return;
  }
  if (auto* db = dynamic_cast<Db*>(&ex)) {
    db->transaction([&](Transaction& tx) { body(tx); });
    return;
  }
  body(ex);  // an executor of another kind runs its statements as it does
}

}  // namespace toasty::detail
