// store_operations: a store's checkout and maintenance backend, and the place to choose the
// right write tool — a transaction, a nested one, a batch, an update by query, raw SQL (a port
// of Toasty's store-operations example).
//
//   store_operations [database-url]     (default: an in-memory SQLite database)
//
// Runs on SQLite, PostgreSQL, MySQL and DynamoDB. DynamoDB's transactions only write (their
// writes go out together at commit), so there the checkout reads the balance before its
// transaction; the #[version] field makes the write apply only while that balance is still the
// stored one, on every backend. The program checks what it prints.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <tuple>

#include <toasty/toasty.hpp>

#include "store.toasty.hpp"

using store::Account;
using store::Order;
using store::OrderItem;
using store::OrderStatus;

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "store_operations: unexpected result: %s\n", what);
    std::exit(1);
  }
}

const char* label(OrderStatus s) {
  switch (s) {
    case OrderStatus::Open: return "open";
    case OrderStatus::Paid: return "paid";
    case OrderStatus::Stale: return "stale";
    case OrderStatus::Cancelled: return "cancelled";
  }
  return "?";
}

}  // namespace

int main(int argc, char** argv) {
  const std::string url = argc > 1 ? argv[1] : "sqlite::memory:";
  auto db = toasty::Db::connect(url, store::models());
  db.reset_schema();
  const bool sql = db.driver().capability().sql();
  const bool reads_in_transactions = db.driver().capability().transactions;

  auto buyer = Account::create().owner("buyer").balance_cents(5000).exec(db);
  auto seller = Account::create().owner("seller").exec(db);

  // --- a transaction: read, decide, then write, all or nothing ---------------------------
  // Reach for a transaction (not a batch) when a write depends on a value just read.
  const std::int64_t total = 3000;
  auto order = db.transaction([&](toasty::Transaction& tx) {
    toasty::Executor& reads = reads_in_transactions ? static_cast<toasty::Executor&>(tx) : db;
    auto payer = Account::get_by_id(reads, buyer.id);
    if (payer.balance_cents < total) throw std::runtime_error("insufficient funds");  // rolls back
    payer.update().balance_cents(payer.balance_cents - total).exec(tx);  // only while still that balance
    Account::update_by_id(seller.id).balance_cents_add(total).exec(tx);  // computed by the database
    auto paid = Order::create().status(OrderStatus::Paid).total_cents(total).exec(tx);

    // A nested transaction is a savepoint: a tentative add-on order, rolled back without
    // losing the order the outer transaction recorded.
    {
      auto add_on = tx.transaction();
      Order::create().status(OrderStatus::Open).total_cents(500).exec(add_on);
      add_on.rollback();
    }
    return paid;
  });
  std::printf("checkout committed: order %s is %s\n", order.id.to_string().c_str(), label(order.status));
  check(Account::get_by_id(db, buyer.id).balance_cents == 2000, "the buyer paid");
  check(Account::get_by_id(db, seller.id).balance_cents == 3000, "the seller was paid");
  check(Account::get_by_id(db, buyer.id).version == 2, "one update of the buyer");

  // A rule broken is refused before anything is sent.
  try {
    Order::create().status(OrderStatus::Open).total_cents(0).exec(db);
    check(false, "a zero total is refused");
  } catch (const toasty::ValidationFailed& e) {
    std::printf("refused: %s\n", e.what());
  }

  // --- a composite key: line items under their order -------------------------------------
  OrderItem::create_many()
      .item(OrderItem::create().order_id(order.id).line(1).sku("WIDGET").qty(2))
      .item(OrderItem::create().order_id(order.id).line(2).sku("GADGET").qty(1))
      .exec(db);
  auto items = OrderItem::filter_by_order_id(order.id).exec(db);  // one partition: a cheap lookup
  std::printf("order has %zu line items\n", items.size());
  check(items.size() == 2, "two line items");

  // --- transaction options: a read-only snapshot, serializable --------------------------
  if (reads_in_transactions) {
    auto snap = db.transaction({.isolation = toasty::Isolation::Serializable, .read_only = true});
    auto paid = Order::filter_by_status(OrderStatus::Paid).exec(snap);
    check(paid.size() == 1, "one paid order in the snapshot");
    snap.commit();
  }

  // --- a batch: several creates (updates, removals) as one atomic unit --------------------
  auto [warehouse, draft] = toasty::batch(db, Account::create().owner("warehouse"),
                                          Order::create().status(OrderStatus::Open).total_cents(100));
  check(warehouse.owner == "warehouse" && draft.status == OrderStatus::Open, "the batch's records");

  // Many records of one model: create_many.
  auto opened = Order::create_many()
                    .item(Order::create().status(OrderStatus::Open).total_cents(200))
                    .item(Order::create().status(OrderStatus::Open).total_cents(300))
                    .exec(db);
  std::printf("opened %zu more orders\n", opened.size());

  // --- updates and removals by query: no record is loaded first --------------------------
  auto staled = Order::filter_by_status(OrderStatus::Open).update().status(OrderStatus::Stale).exec(db);
  check(staled == 3, "three open orders went stale");
  Order::filter_by_status(OrderStatus::Cancelled).remove(db);

  // --- a removal by instance -------------------------------------------------------------
  if (auto stale = Order::filter_by_status(OrderStatus::Stale).first(db)) stale->remove(db);

  // --- an aggregate: GROUP BY on SQL (raw SQL, as the statement is written), per status on
  //     DynamoDB (a count through the status index) ---------------------------------------
  std::printf("orders by status:\n");
  std::int64_t counted = 0;
  if (sql) {
    for (const auto& [status, n] :
         db.sql<std::tuple<std::string, std::int64_t>>("SELECT status, COUNT(*) FROM orders GROUP BY status "
                                                        "ORDER BY status")) {
      std::printf("  %s: %lld\n", status.c_str(), static_cast<long long>(n));
      counted += n;
    }
  } else {
    for (OrderStatus s : {OrderStatus::Cancelled, OrderStatus::Open, OrderStatus::Paid, OrderStatus::Stale}) {
      auto n = Order::filter_by_status(s).count(db);
      if (n == 0) continue;
      std::printf("  %s: %llu\n", label(s), static_cast<unsigned long long>(n));
      counted += static_cast<std::int64_t>(n);
    }
  }
  check(counted == 3, "three orders left: one paid, two stale");
  return 0;
}
