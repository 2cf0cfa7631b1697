// The DynamoDB driver: driver.hpp's key-value operations as DynamoDB requests, on the
// low-level Client (one per pooled connection; a Client is not thread-safe).
//
// Items: one attribute per non-NULL column, named after the column; NULL = no attribute.
// Unique indexes live in their own tables ("<table>__<index>") keyed by the unique value and
// holding the item's key. Which entries a write keeps is the plan's decision (the
// operation's `unique_indexes`); the driver writes the item and those entries in one
// TransactWriteItems, so a duplicate is refused atomically. A
// TransactWrite (a nested create) puts every item and entry of all its inserts in one.
#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>

#include "toasty/driver/dynamodb.hpp"
#include "driver/dynamodb/client/dynamodb_client.hpp"
#include "driver/dynamodb/expressions.hpp"
#include "driver/dynamodb/items.hpp"
#include "driver/dynamodb/schema_steps.hpp"
#include "toasty/error.hpp"

namespace toasty::dynamodb {

namespace {

using driver::Response;

// DynamoDB's limit of actions per TransactWriteItems.
constexpr std::size_t kMaxTransactItems = 100;
// ... and of the items' total size.
constexpr std::size_t kMaxTransactBytes = 4 * 1024 * 1024;
// How often a write that races with another writer of the same item is tried again.
constexpr int kMaxRaceAttempts = 8;

// ------------------------------------------------------------------- connection

class DynamoConnection final : public driver::Connection {
 public:
  explicit DynamoConnection(Config config) : client_(std::move(config)) {}

  Response exec(const driver::Operation& op) override {
    try {
      return std::visit(
          [this](const auto& o) {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, driver::InsertItems> || std::is_same_v<T, driver::UpdateByKey> ||
                          std::is_same_v<T, driver::DeleteByKey> || std::is_same_v<T, driver::TransactWrite>)
              return write(o);
            else
              return run(o);
          },
          op);
    } catch (const Json::exception& e) {
      // An answer of the wrong shape (an item that is not a map, a field of another type):
      // a named toasty error, never the JSON library's.
      throw DatabaseError(std::string("toasty: dynamodb: malformed answer from the endpoint: ") + e.what());
    }
  }
  bool is_healthy() override { return true; }  // HTTP: every request stands alone

  // A Query or Scan read a page at a time (DynamoDB answers at most 1 MB a page).
  std::unique_ptr<driver::Cursor> open_cursor(const driver::Operation& op) override {
    try {
      if (const auto* q = std::get_if<driver::QueryPk>(&op); q && !q->count_only) {
        const db::Table& t = table_of(q->schema, q->table);
        std::optional<Json> request;
        if (!q->limit || *q->limit > 0) request = query_request(t, *q);
        return std::make_unique<PageCursor>(client_, t, q->columns, std::move(request), false, q->limit);
      }
      if (const auto* sc = std::get_if<driver::Scan>(&op); sc && !sc->count_only) {
        const db::Table& t = table_of(sc->schema, sc->table);
        std::optional<Json> request;
        if (!sc->limit || *sc->limit > 0) request = scan_request(t, *sc);
        return std::make_unique<PageCursor>(client_, t, sc->columns, std::move(request), true, sc->limit);
      }
    } catch (const Json::exception& e) {
      throw DatabaseError(std::string("toasty: dynamodb: malformed answer from the endpoint: ") + e.what());
    }
    return Connection::open_cursor(op);
  }

 private:
  // The items of a Query or Scan, one page in memory at a time; `request` nullopt: none.
  class PageCursor final : public driver::Cursor {
   public:
    PageCursor(Client& client, const db::Table& t, std::vector<std::size_t> columns, std::optional<Json> request,
               bool scan, std::optional<std::uint64_t> limit)
        : client_(client), t_(t), columns_(std::move(columns)), request_(std::move(request)), scan_(scan),
          left_(limit) {}

    bool next(Value* row) override {
      try {
        return next_item(row);
      } catch (const Json::exception& e) {
        throw DatabaseError(std::string("toasty: dynamodb: malformed answer from the endpoint: ") + e.what());
      }
    }

   private:
    bool next_item(Value* row) {
      if (left_ && *left_ == 0) return false;
      while (pos_ >= page_.items.size()) {
        if (!request_) return false;
        page_ = scan_ ? client_.scan(*request_) : client_.query(*request_);
        pos_ = 0;
        if (!page_.last_evaluated_key) {
          request_.reset();
        } else {
          // The same place again would page forever (a broken or hostile endpoint).
          if (auto it = request_->find("ExclusiveStartKey"); it != request_->end() && *it == *page_.last_evaluated_key)
            throw DatabaseError("DynamoDB: malformed answer: the endpoint returned the same LastEvaluatedKey twice");
          (*request_)["ExclusiveStartKey"] = std::move(*page_.last_evaluated_key);
        }
      }
      const Json& item = page_.items[pos_++];
      if (!item.is_object()) throw DatabaseError("toasty: dynamodb: malformed answer from the endpoint: an item is not a map");
      for (std::size_t i = 0; i < columns_.size(); ++i) {
        const std::size_t c = columns_[i];
        auto it = item.find(t_.columns.at(c).name);
        row[i] = it == item.end() ? Value() : from_av(t_, c, *it);
      }
      if (left_) --*left_;
      return true;
    }

    Client& client_;
    const db::Table& t_;
    std::vector<std::size_t> columns_;
    std::optional<Json> request_;  // the next page's; nullopt after the last
    bool scan_;
    std::optional<std::uint64_t> left_;
    Page page_;
    std::size_t pos_ = 0;
  };

  Response run(const driver::QuerySql&) {
    throw UnsupportedQuery("toasty: DynamoDB does not run SQL statements (capability sql = false)");
  }
  Response run(const driver::RawSql&) {
    throw UnsupportedQuery("toasty: DynamoDB has no SQL: execute() and sql<...>() run on SQL databases (capability "
                           "sql = false); DynamoDB's PartiQL is not offered");
  }
  // ---------------------------------------------------------------- schema
  void create(const Json& request) {
    std::string name = request.at("TableName").get<std::string>();
    try {
      client_.create_table(request);
    } catch (const ServiceError& e) {
      if (e.type() != "ResourceInUseException") throw;
      client_.wait_until_active(name);  // exists already: like CREATE TABLE IF NOT EXISTS
    }
  }

  Response run(const driver::PushSchema& p) {
    if (p.schema == nullptr) throw InvalidStatement("toasty: dynamodb: PushSchema without a schema");
    for (const db::Table& t : p.schema->tables) check_table(t);
    if (p.drop_existing) {
      for (const db::Table& t : p.schema->tables) {
        client_.delete_table(t.name);
        for (const auto& idx : t.indexes)
          if (idx.unique) client_.delete_table(unique_table_name(t, idx));
      }
    }
    for (const db::Table& t : p.schema->tables) {
      create(create_table_request(t));
      for (const auto& idx : t.indexes)
        if (idx.unique) create(unique_table_request(t, idx));
    }
    return {};
  }

  Response run(const driver::SchemaStep& s) {
    Json step;
    try {
      step = Json::parse(s.step);
    } catch (const Json::exception& e) {
      throw InvalidStatement(std::string("toasty: a DynamoDB migration step is not JSON: ") + e.what());
    }
    Response r;
    r.rows.width = 1;
    for (std::string& difference : run_schema_step(client_, step, s.status)) r.rows.cells.push_back(Value(std::move(difference)));
    return r;
  }

  // ------------------------------------------------------------------ reads
  Response run(const driver::GetByKey& op) {
    if (tx_) {  // (the engine's read before a write in a transaction)
      const db::Table& t = table_of(op.schema, op.table);
      for (const auto& k : op.keys)
        if (tx_->items.count(item_id(t.name, key_id(t, key_json(t, k))))) refuse_twice(t);
    }
    const db::Table& t = table_of(op.schema, op.table);
    Response r = no_rows(op);
    std::vector<Json> keys;
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (const auto& k : op.keys) {
      Json key = key_json(t, k);
      if (has_empty_part(key)) continue;  // no item has an empty key
      std::string id = key_id(t, key);
      if (!seen.insert(id).second) continue;
      keys.push_back(std::move(key));
      ids.push_back(std::move(id));
    }
    if (keys.empty()) return r;
    if (keys.size() == 1) {
      auto item = client_.get_item({{"TableName", t.name}, {"Key", keys[0]}, {"ConsistentRead", true}});
      if (item) append_row(r.rows, t, op.columns, *item);
      return r;
    }
    auto items = client_.batch_get_item(t.name, keys, {{"ConsistentRead", true}});
    std::unordered_map<std::string, const Json*> by_id;
    for (const Json& item : items)
      if (auto k = item_key(t, item)) by_id.emplace(key_id(t, *k), &item);
    for (const auto& id : ids)
      if (auto it = by_id.find(id); it != by_id.end()) append_row(r.rows, t, op.columns, *it->second);
    return r;
  }

  // The answer of a count_only read: one row, one u64.
  static Response counted(std::uint64_t n) {
    Response r;
    r.rows.width = 1;
    r.rows.cells.push_back(Value(n));
    return r;
  }

  // No rows yet, shaped for the columns `op` reads.
  template <class Read>
  static Response no_rows(const Read& op) {
    Response r;
    r.rows.width = op.columns.size();
    return r;
  }

  // The ExclusiveStartKey of a QueryPk resuming after a position: the table's key and,
  // on an index, the index's key.
  static Json start_key(const db::Table& t, const driver::QueryPk& op, std::size_t pcol, std::optional<std::size_t> scol) {
    Json key = Json::object();
    auto put = [&](std::size_t col) {
      if (key.contains(t.columns[col].name)) return;
      const Value* v = col == pcol ? &op.partition : nullptr;
      for (const auto& [c, value] : op.start_after)
        if (c == col) v = &value;
      if (!v || v->is_null())
        throw InvalidStatement("toasty: dynamodb: a query on table \"" + t.name + "\" resumes at a position without key column \"" +
                               t.columns[col].name + "\"");
      key[t.columns[col].name] = to_av(t, col, *v);
    };
    for (std::size_t c : t.primary_key) put(c);
    put(pcol);
    if (scol) put(*scol);
    return key;
  }

  Response run(const driver::QueryPk& op) {
    const db::Table& t = table_of(op.schema, op.table);
    Response r = no_rows(op);
    if (op.limit && *op.limit == 0) return r;
    std::optional<Json> request = query_request(t, op);
    if (!request) return r;
    if (op.count_only) return counted(client_.query_count(std::move(*request)));
    std::optional<std::size_t> max;
    if (op.limit) max = static_cast<std::size_t>(*op.limit);
    for (const Json& item : client_.query_all(std::move(*request), max)) append_row(r.rows, t, op.columns, item);
    return r;
  }

  // The Query request of `op`; nullopt when no item can match (a NULL or empty key).
  std::optional<Json> query_request(const db::Table& t, const driver::QueryPk& op) {
    std::size_t pcol;
    std::optional<std::size_t> scol;
    Json request = {{"TableName", t.name}, {"ScanIndexForward", !op.descending}};
    if (op.index) {
      if (*op.index >= t.indexes.size() || t.indexes[*op.index].unique)
        throw InvalidStatement("toasty: dynamodb: QueryPk on table \"" + t.name + "\" names no secondary index");
      const db::Index& idx = t.indexes[*op.index];
      pcol = idx.columns[0];
      if (idx.columns.size() > 1) scol = idx.columns[1];
      request["IndexName"] = gsi_name(idx);
    } else {
      pcol = t.primary_key[0];
      if (t.primary_key.size() > 1) scol = t.primary_key[1];
      request["ConsistentRead"] = true;
    }
    if (op.partition.is_null()) return std::nullopt;  // NULL is never a key: nothing matches
    if (is_empty_av(to_av(t, pcol, op.partition))) return std::nullopt;  // nor is an empty string
    Expressions ex(t);
    std::string kc = ex.name(pcol) + " = " + ex.value(pcol, op.partition);
    std::optional<driver::SortKeyCondition> sort = op.sort;
    if (sort) {
      // Keys are never empty: a bound of "" is below every key.
      using Op = driver::SortKeyCondition::Op;
      if (!scol) throw InvalidStatement("toasty: dynamodb: QueryPk with a sort-key condition on a key without one");
      if (sort->value.is_null() || (sort->op == Op::Between && sort->upper.is_null())) return std::nullopt;
      bool low_empty = is_empty_av(to_av(t, *scol, sort->value));
      if (sort->op == Op::Between && is_empty_av(to_av(t, *scol, sort->upper))) return std::nullopt;
      if (low_empty) {
        switch (sort->op) {
          case Op::Eq:
          case Op::Lt:
          case Op::Le: return std::nullopt;
          case Op::Gt:
          case Op::Ge:
          case Op::BeginsWith: sort.reset(); break;
          case Op::Between: sort = driver::SortKeyCondition{Op::Le, sort->upper, Value()}; break;
        }
      }
    }
    if (sort) {
      const auto& s = *sort;
      std::string n = ex.name(*scol);
      using Op = driver::SortKeyCondition::Op;
      switch (s.op) {
        case Op::Eq: kc += " AND " + n + " = " + ex.value(*scol, s.value); break;
        case Op::Lt: kc += " AND " + n + " < " + ex.value(*scol, s.value); break;
        case Op::Le: kc += " AND " + n + " <= " + ex.value(*scol, s.value); break;
        case Op::Gt: kc += " AND " + n + " > " + ex.value(*scol, s.value); break;
        case Op::Ge: kc += " AND " + n + " >= " + ex.value(*scol, s.value); break;
        case Op::Between: {
          std::string lo = ex.value(*scol, s.value);
          kc += " AND " + n + " BETWEEN " + lo + " AND " + ex.value(*scol, s.upper);
          break;
        }
        case Op::BeginsWith: kc += " AND begins_with(" + n + ", " + ex.value(*scol, s.value) + ")"; break;
      }
    }
    request["KeyConditionExpression"] = kc;
    if (!op.start_after.empty()) request["ExclusiveStartKey"] = start_key(t, op, pcol, scol);
    if (op.filter) {
      request["FilterExpression"] = ex.truth(op.filter);
    } else if (op.limit) {
      request["Limit"] = std::min<std::uint64_t>(*op.limit, 1000);
    }
    ex.into(request);
    return request;
  }

  Response run(const driver::FindPkByUnique& op) {
    const db::Table& t = table_of(op.schema, op.table);
    if (op.index >= t.indexes.size() || !t.indexes[op.index].unique)
      throw InvalidStatement("toasty: dynamodb: FindPkByUnique on table \"" + t.name + "\" names no unique index");
    const db::Index& idx = t.indexes[op.index];
    if (op.values.size() != idx.columns.size())
      throw InvalidStatement("toasty: dynamodb: FindPkByUnique needs one value per column of " + idx.name);
    Response r;
    r.rows.width = t.primary_key.size();
    Json key = Json::object();
    for (std::size_t i = 0; i < op.values.size(); ++i) {
      if (op.values[i].is_null()) return r;  // NULLs are not indexed
      key[t.columns[idx.columns[i]].name] = to_av(t, idx.columns[i], op.values[i]);
    }
    if (has_empty_part(key)) return r;  // never stored
    auto entry = client_.get_item({{"TableName", unique_table_name(t, idx)}, {"Key", key}, {"ConsistentRead", true}});
    if (entry) append_row(r.rows, t, t.primary_key, *entry);
    return r;
  }

  static Json scan_request(const db::Table& t, const driver::Scan& op) {
    Json request = {{"TableName", t.name}, {"ConsistentRead", true}};
    Expressions ex(t);
    if (op.filter) request["FilterExpression"] = ex.truth(op.filter);
    ex.into(request);
    return request;
  }

  Response run(const driver::Scan& op) {
    const db::Table& t = table_of(op.schema, op.table);
    Response r = no_rows(op);
    if (op.limit && *op.limit == 0) return r;
    Json request = scan_request(t, op);
    if (op.count_only) return counted(client_.scan_count(std::move(request)));
    std::optional<std::size_t> max;
    if (op.limit) max = static_cast<std::size_t>(*op.limit);
    for (const Json& item : client_.scan_all(std::move(request), max)) append_row(r.rows, t, op.columns, item);
    return r;
  }

  // ----------------------------------------------------------------- writes
  struct TxAction {
    Json json;
    const db::Table* table = nullptr;     // set with `violates` / `is_item`
    const db::Index* violates = nullptr;  // a failed condition means: duplicate of this index
    bool is_item = false;                 // the item itself (duplicate key when it fails)
  };

  // Runs the actions in one TransactWriteItems, turning failed attribute_not_exists
  // guards into DbUniqueViolation for the failing action's table.
  // A transaction that conflicts with another one on the same items is tried again.
  void transact(const std::vector<TxAction>& actions) {
    Json request = Json::object();
    request["TransactItems"] = Json::array();
    for (const auto& a : actions) request["TransactItems"].push_back(a.json);
    for (int attempt = 0;; ++attempt) {
      try {
        client_.transact_write_items(request);
        return;
      } catch (const TransactionCanceled& e) {
        const auto& reasons = e.reasons();
        for (std::size_t i = 0; i < reasons.size() && i < actions.size(); ++i) {
          if (reasons[i].code != "ConditionalCheckFailed" || !actions[i].table) continue;
          if (actions[i].violates) raise_duplicate(*actions[i].table, actions[i].violates, "");
          if (actions[i].is_item) raise_duplicate(*actions[i].table, nullptr, "");
        }
        if (!e.has_code("TransactionConflict") || e.has_code("ConditionalCheckFailed") ||
            attempt + 1 >= kMaxRaceAttempts)
          throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
    }
  }

  // The unique indexes an operation keeps (the planner names them), checked.
  static std::vector<const db::Index*> kept_indexes(const db::Table& t, const std::vector<std::size_t>& positions) {
    std::vector<const db::Index*> out;
    for (std::size_t i : positions) {
      if (i >= t.indexes.size() || !t.indexes[i].unique)
        throw InvalidStatement("toasty: dynamodb: a write on table \"" + t.name + "\" names index #" +
                               std::to_string(i) + ", which is not a unique index");
      out.push_back(&t.indexes[i]);
    }
    return out;
  }

  // Keys and unique values of the items one operation writes: DynamoDB refuses a
  // transaction that touches one item twice, so duplicates among them are refused first.
  struct NewItems {
    std::map<const db::Table*, std::set<std::string>> keys;
    std::map<const db::Index*, std::set<std::string>> unique_values;
  };

  // The items of `op`, checked: keys present, keys not empty, no duplicates in `seen`.
  static std::vector<Json> build_items(const db::Table& t, const driver::InsertItems& op,
                                       const std::vector<const db::Index*>& uniques, NewItems& seen,
                                       const char* twice = " (twice in one insert)") {
    std::vector<Json> items;
    for (const auto& row : op.rows) {
      if (row.size() != op.columns.size())
        throw InvalidStatement("toasty: dynamodb: insert row has the wrong number of values");
      Json item = Json::object();
      for (std::size_t i = 0; i < row.size(); ++i)
        if (!row[i].is_null()) item[t.columns.at(op.columns[i]).name] = to_av(t, op.columns[i], row[i]);
      for (std::size_t k : t.primary_key) {
        const db::Column& c = t.columns[k];
        if (!item.contains(c.name)) {
          if (c.auto_increment)
            throw UnsupportedQuery("toasty: DynamoDB cannot auto-increment key column \"" + c.name + "\" of table \"" +
                                   t.name + "\" (capability auto_increment = false): set the key, or declare it `#[auto] " +
                                   c.name + ": Uuid` (a UUID v7 generated by the client)");
          throw InvalidStatement("toasty: dynamodb: insert into \"" + t.name + "\" lacks key column \"" + c.name + "\"");
        }
      }
      for (std::size_t i = 0; i < row.size(); ++i)
        if (!row[i].is_null()) check_not_empty_key(t, op.columns[i], item[t.columns[op.columns[i]].name]);
      if (!seen.keys[&t].insert(key_id(t, *item_key(t, item))).second)
        raise_duplicate(t, nullptr, twice);
      for (const db::Index* idx : uniques)
        if (auto e = unique_entry(t, *idx, item))
          if (!seen.unique_values[idx].insert(unique_entry_key(t, *idx, *e).dump()).second)
            raise_duplicate(t, idx, twice);
      items.push_back(std::move(item));
    }
    return items;
  }

  // A Put of a unique-index entry that must not exist yet.
  static TxAction put_entry(const db::Table& t, const db::Index& idx, Json entry) {
    TxAction a;
    a.json = {{"Put",
               {{"TableName", unique_table_name(t, idx)},
                {"Item", std::move(entry)},
                {"ConditionExpression", "attribute_not_exists(#k)"},
                {"ExpressionAttributeNames", {{"#k", t.columns[idx.columns[0]].name}}}}}};
    a.table = &t;
    a.violates = &idx;
    return a;
  }

  // The Puts of a new item and of its unique-index entries, each guarded by
  // attribute_not_exists.
  static std::vector<TxAction> put_actions(const db::Table& t, const std::vector<const db::Index*>& uniques, Json item) {
    std::vector<TxAction> out(1);
    for (const db::Index* idx : uniques)
      if (auto e = unique_entry(t, *idx, item)) out.push_back(put_entry(t, *idx, std::move(*e)));
    out[0].json = {{"Put",
                    {{"TableName", t.name},
                     {"Item", std::move(item)},
                     {"ConditionExpression", "attribute_not_exists(#k)"},
                     {"ExpressionAttributeNames", {{"#k", t.columns[t.primary_key[0]].name}}}}}};
    out[0].table = &t;
    out[0].is_item = true;
    return out;
  }

  Response run(const driver::InsertItems& op) {
    const db::Table& t = table_of(op.schema, op.table);
    std::vector<const db::Index*> uniques = kept_indexes(t, op.unique_indexes);
    NewItems seen;
    std::vector<Json> items = build_items(t, op, uniques, seen);
    Response r;
    r.affected = items.size();
    if (items.empty()) return r;
    bool has_entries = false;
    for (const db::Index* idx : uniques) has_entries = has_entries || unique_entry(t, *idx, items[0]);
    if (items.size() == 1 && !has_entries) {  // one item, no unique value: a conditional PutItem
      try {
        client_.put_item({{"TableName", t.name},
                          {"Item", items[0]},
                          {"ConditionExpression", "attribute_not_exists(#k)"},
                          {"ExpressionAttributeNames", {{"#k", t.columns[t.primary_key[0]].name}}}});
      } catch (const ConditionalCheckFailed&) {
        raise_duplicate(t, nullptr, "");
      }
      return r;
    }
    // One transaction per batch of rows that fits (all rows when they fit in one).
    std::vector<TxAction> batch;
    for (Json& item : items) {
      std::vector<TxAction> row = put_actions(t, uniques, std::move(item));
      if (!batch.empty() && batch.size() + row.size() > kMaxTransactItems) {
        transact(batch);
        batch.clear();
      }
      for (auto& a : row) batch.push_back(std::move(a));
    }
    if (!batch.empty()) transact(batch);
    return r;
  }

  // Every item (and unique-index entry) of every insert in one TransactWriteItems when
  // they fit DynamoDB's limits; else insert by insert, in order, which is not atomic.
  Response run(const driver::TransactWrite& op) {
    NewItems seen;
    std::vector<TxAction> actions;
    std::size_t bytes = 0;
    Response r;
    for (const auto& ins : op.inserts) {
      const db::Table& t = table_of(ins.schema, ins.table);
      std::vector<const db::Index*> uniques = kept_indexes(t, ins.unique_indexes);
      for (Json& item : build_items(t, ins, uniques, seen)) {
        ++r.affected;
        for (auto& a : put_actions(t, uniques, std::move(item))) {
          bytes += a.json.dump().size();  // the JSON text over-counts the items' size: safe
          actions.push_back(std::move(a));
        }
      }
    }
    if (actions.empty()) return r;
    if (actions.size() <= kMaxTransactItems && bytes <= kMaxTransactBytes) {
      transact(actions);
      return r;
    }
    for (const auto& ins : op.inserts) run(ins);
    return r;
  }

  std::optional<Json> read_item(const db::Table& t, const Json& key) {
    return client_.get_item({{"TableName", t.name}, {"Key", key}, {"ConsistentRead", true}});
  }

  // Delete of a unique-index entry, if it still belongs to the item with `key`.
  TxAction delete_entry(const db::Table& t, const db::Index& idx, const Json& entry, const Json& key) {
    Json names = Json::object(), values = Json::object();
    std::string cond;
    int i = 0;
    for (const auto& [attr, v] : key.items()) {
      std::string n = "#p" + std::to_string(i), p = ":p" + std::to_string(i);
      ++i;
      names[n] = attr;
      values[p] = v;
      cond += (cond.empty() ? "" : " AND ") + n + " = " + p;
    }
    TxAction a;
    a.json = {{"Delete",
               {{"TableName", unique_table_name(t, idx)},
                {"Key", unique_entry_key(t, idx, entry)},
                {"ConditionExpression", cond},
                {"ExpressionAttributeNames", names},
                {"ExpressionAttributeValues", values}}}};
    return a;
  }

  // The columns of the unique indexes in `indexes`.
  static std::set<std::size_t> unique_columns(const std::vector<const db::Index*>& indexes) {
    std::set<std::size_t> cols;
    for (const db::Index* idx : indexes) cols.insert(idx->columns.begin(), idx->columns.end());
    return cols;
  }

  // After a transaction's guard on the item failed: true when the item changed under us
  // (try again), false when it is gone or the condition is simply false.
  bool changed_since(const db::Table& t, const Json& key, const std::set<std::size_t>& cols, const Json& old) {
    auto now = read_item(t, key);
    if (!now) return false;
    for (std::size_t c : cols) {
      const std::string& n = t.columns[c].name;
      auto a = old.find(n);
      auto b = now->find(n);
      if ((a == old.end()) != (b == now->end())) return true;
      if (a != old.end() && *a != *b) return true;
    }
    return false;
  }

  Response run(const driver::UpdateByKey& op) {
    const db::Table& t = table_of(op.schema, op.table);
    Json key = key_json(t, op.key);
    Response r;
    if (op.return_new) r.rows.width = t.columns.size();
    if ((op.assignments.empty() && op.computed.empty()) || has_empty_part(key)) return r;
    for (const auto& [col, v] : op.assignments)
      if (!v.is_null()) check_not_empty_key(t, col, to_av(t, col, v));
    std::vector<const db::Index*> touched = kept_indexes(t, op.unique_indexes);
    std::vector<std::size_t> all_columns(t.columns.size());
    for (std::size_t c = 0; c < all_columns.size(); ++c) all_columns[c] = c;
    if (touched.empty()) {
      Expressions ex(t);
      Json request = {{"TableName", t.name}, {"Key", key}};
      request["UpdateExpression"] = update_expression(ex, t, op.assignments, op.computed);
      std::string cond = exists_and(ex, t, op.condition);
      request["ConditionExpression"] = cond;
      if (op.return_new) request["ReturnValues"] = "ALL_NEW";
      ex.into(request);
      try {
        Json answer = client_.update_item(request);
        r.affected = 1;
        if (op.return_new) append_row(r.rows, t, all_columns, answer.value("Attributes", Json::object()));
      } catch (const ConditionalCheckFailed&) {
        r.affected = 0;
      }
      return r;
    }
    // A unique value changes: the item and its index entries move together.
    std::set<std::size_t> guard_cols = unique_columns(touched);
    for (int attempt = 0; attempt < kMaxRaceAttempts; ++attempt) {
      auto old = read_item(t, key);
      if (!old) return r;
      Json updated = apply(t, *old, op.assignments);
      std::vector<TxAction> actions;
      {
        Expressions ex(t);
        Json u = {{"TableName", t.name}, {"Key", key}};
        u["UpdateExpression"] = update_expression(ex, t, op.assignments, op.computed);
        std::string cond = exists_and(ex, t, op.condition);
        cond += " AND " + unchanged(ex, t, guard_cols, *old);
        u["ConditionExpression"] = cond;
        ex.into(u);
        TxAction main;
        main.json = {{"Update", std::move(u)}};
        actions.push_back(std::move(main));
      }
      for (const db::Index* idx : touched) {
        auto before = unique_entry(t, *idx, *old);
        auto after = unique_entry(t, *idx, updated);
        if (before && after && unique_entry_key(t, *idx, *before) == unique_entry_key(t, *idx, *after)) continue;
        if (before) actions.push_back(delete_entry(t, *idx, *before, key));
        if (after) actions.push_back(put_entry(t, *idx, std::move(*after)));
      }
      try {
        transact(actions);
        r.affected = 1;
        // (A transaction returns no values: the item is read back.)
        if (op.return_new)
          if (auto now = read_item(t, key)) append_row(r.rows, t, all_columns, *now);
        return r;
      } catch (const TransactionCanceled& e) {
        const auto& reasons = e.reasons();
        bool item_failed = !reasons.empty() && reasons[0].code == "ConditionalCheckFailed";
        bool conflict = e.has_code("TransactionConflict");
        if (item_failed && !changed_since(t, key, guard_cols, *old)) return r;  // gone, or condition false
        if (!item_failed && !conflict && !e.has_code("ConditionalCheckFailed")) throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
    }
    throw DatabaseError("toasty: DynamoDB: an item of \"" + t.name +
                        "\" kept changing while its unique value was being updated; gave up");
  }

  Response run(const driver::DeleteByKey& op) {
    const db::Table& t = table_of(op.schema, op.table);
    std::vector<const db::Index*> uniques = kept_indexes(t, op.unique_indexes);
    std::set<std::size_t> guard_cols = unique_columns(uniques);
    Response r;
    std::set<std::string> seen;
    for (const auto& k : op.keys) {
      Json key = key_json(t, k);
      if (has_empty_part(key) || !seen.insert(key_id(t, key)).second) continue;
      if (uniques.empty()) {
        Expressions ex(t);
        Json request = {{"TableName", t.name}, {"Key", key}};
        std::string cond = exists_and(ex, t, op.condition);
        request["ConditionExpression"] = cond;
        ex.into(request);
        try {
          client_.delete_item(request);
          ++r.affected;
        } catch (const ConditionalCheckFailed&) {
        }
        continue;
      }
      bool done = false;
      for (int attempt = 0; attempt < kMaxRaceAttempts && !done; ++attempt) {
        auto old = read_item(t, key);
        if (!old) {
          done = true;
          break;
        }
        std::vector<TxAction> actions;
        {
          Expressions ex(t);
          Json d = {{"TableName", t.name}, {"Key", key}};
          std::string cond = exists_and(ex, t, op.condition);
          if (!guard_cols.empty()) cond += " AND " + unchanged(ex, t, guard_cols, *old);
          d["ConditionExpression"] = cond;
          ex.into(d);
          TxAction main;
          main.json = {{"Delete", std::move(d)}};
          actions.push_back(std::move(main));
        }
        for (const db::Index* idx : uniques)
          if (auto e = unique_entry(t, *idx, *old)) actions.push_back(delete_entry(t, *idx, *e, key));
        try {
          transact(actions);
          ++r.affected;
          done = true;
        } catch (const TransactionCanceled& e) {
          const auto& reasons = e.reasons();
          bool item_failed = !reasons.empty() && reasons[0].code == "ConditionalCheckFailed";
          if (item_failed && !changed_since(t, key, guard_cols, *old)) {
            done = true;  // gone, or the condition is false
            break;
          }
          if (!item_failed && !e.has_code("TransactionConflict") && !e.has_code("ConditionalCheckFailed")) throw;
          std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
        }
      }
      if (!done)
        throw DatabaseError("toasty: DynamoDB: an item of \"" + t.name + "\" kept changing while being removed; gave up");
    }
    return r;
  }

  // ---------------------------------------------------------------- transactions
  // A transaction on DynamoDB writes only: its writes wait here and go at commit as one
  // TransactWriteItems, all or nothing. A savepoint is a position in the list. Reads do not
  // see the writes waiting here (the engine refuses the user's reads in a transaction; its
  // own reads, such as the children a cascading remove finds, read what is committed, and
  // the writes they lead to carry their conditions to the commit).
  using BufferedWrite = std::variant<driver::InsertItems, driver::UpdateByKey, driver::DeleteByKey>;
  struct TxBuffer {
    std::vector<BufferedWrite> writes;
    std::map<std::uint32_t, std::size_t> savepoints;  // depth -> writes before it
    NewItems seen;                  // keys and unique values the buffered inserts add
    std::set<std::string> items;    // every item written, by table and key: one action each
    // Unique values the buffered updates and removals give up (their entries, by table and
    // key): an insert may take one again (one Put of the entry at commit, not a Delete + Put).
    std::set<std::string> freed;
    // At least this many actions at commit. (No default member initializers here: clang 14
    // would then take TxBuffer for not default-constructible inside this class; emplace()
    // value-initializes it to 0.)
    std::size_t actions;
  };
  std::optional<TxBuffer> tx_;

  Response run(const driver::Transaction& t) {
    using Kind = driver::Transaction::Kind;
    switch (t.kind) {
      case Kind::Begin:
        if (tx_) throw InvalidStatement("toasty: dynamodb: a transaction is open already on this connection");
        tx_.emplace();
        return {};
      case Kind::Rollback: tx_.reset(); return {};
      case Kind::Commit: {
        if (!tx_) throw InvalidStatement("toasty: dynamodb: COMMIT without a transaction");
        TxBuffer b = std::move(*tx_);
        tx_.reset();
        commit(b);
        return {};
      }
      case Kind::Savepoint:
        open_buffer().savepoints[t.savepoint] = tx_->writes.size();
        return {};
      case Kind::ReleaseSavepoint: open_buffer().savepoints.erase(t.savepoint); return {};
      case Kind::RollbackToSavepoint: {
        TxBuffer& b = open_buffer();
        auto it = b.savepoints.find(t.savepoint);
        if (it == b.savepoints.end()) throw InvalidStatement("toasty: dynamodb: no such savepoint");
        std::vector<BufferedWrite> kept(std::make_move_iterator(b.writes.begin()),
                                        std::make_move_iterator(b.writes.begin() + static_cast<std::ptrdiff_t>(it->second)));
        auto savepoints = std::move(b.savepoints);
        tx_.emplace();
        tx_->savepoints = std::move(savepoints);
        for (auto& w : kept) std::visit([this](auto& op) { (void)buffer(std::move(op), false); }, w);
        return {};
      }
    }
    return {};
  }

  TxBuffer& open_buffer() {
    if (!tx_) throw InvalidStatement("toasty: dynamodb: savepoint outside a transaction");
    return *tx_;
  }

  // `e` in parentheses, unless they enclose it already (DynamoDB refuses redundant ones).
  static std::string parenthesized(const std::string& e) {
    int depth = 0;
    for (std::size_t i = 0; i < e.size(); ++i) {
      if (e[i] == '(') ++depth;
      if (e[i] == ')' && --depth == 0 && i + 1 < e.size()) return "(" + e + ")";
      if (depth == 0 && e[i] != ')') return "(" + e + ")";
    }
    return e;
  }

  static std::string item_id(const std::string& table, const std::string& key) { return table + '\x1e' + key; }

  [[noreturn]] static void refuse_twice(const db::Table& t) {
    throw UnsupportedQuery("toasty: this transaction writes one item of table \"" + t.name +
                           "\" twice; DynamoDB's TransactWriteItems takes one action per item: make it one write "
                           "(set every value in the create, or combine the updates), or use two transactions");
  }
  [[noreturn]] static void refuse_size(std::size_t actions, std::size_t bytes) {
    throw UnsupportedQuery("toasty: this transaction needs " + std::string(bytes ? "" : "at least ") +
                           std::to_string(actions) + " DynamoDB actions" +
                           (bytes ? " (" + std::to_string(bytes) + " bytes)" : std::string()) +
                           "; one TransactWriteItems takes at most " +
                           std::to_string(kMaxTransactItems) + " actions and 4 MB (a unique value costs an action "
                           "of its own): nothing was written; split the work into smaller transactions");
  }
  void count_actions(TxBuffer& b, std::size_t n) {
    b.actions += n;
    if (b.actions > kMaxTransactItems) refuse_size(b.actions, 0);
  }

  // The item an update or removal that keeps unique indexes writes, as it is now (nullopt when
  // it keeps none, or the item does not exist).
  std::optional<Json> read_freeing(const db::Table& t, const std::vector<std::size_t>& unique_indexes, const Json& key) {
    if (kept_indexes(t, unique_indexes).empty() || has_empty_part(key)) return std::nullopt;
    return read_item(t, key);
  }
  // Records the unique values `before` holds and `after` (nullopt: removed) no longer does.
  void free_entries(TxBuffer& b, const db::Table& t, const std::vector<std::size_t>& unique_indexes, const Json& before,
                    const std::optional<Json>& after) {
    for (const db::Index* idx : kept_indexes(t, unique_indexes)) {
      auto was = unique_entry(t, *idx, before);
      if (!was) continue;
      Json was_key = unique_entry_key(t, *idx, *was);
      auto now = after ? unique_entry(t, *idx, *after) : std::nullopt;
      if (now && unique_entry_key(t, *idx, *now) == was_key) continue;
      b.freed.insert(item_id(unique_table_name(t, *idx), was_key.dump()));
    }
  }

  // A unique value given up and taken again in one transaction (a has_one replaced, say):
  // DynamoDB takes one action per item, so the Delete of its entry (if still the old item's)
  // and the Put of the new one become one Put, applied while the entry is absent or still the
  // old item's.
  template <class Owner>
  static void merge_retaken_entries(std::vector<TxAction>& actions, std::vector<Owner>& owner) {
    std::map<std::string, std::size_t> puts;
    for (std::size_t i = 0; i < actions.size(); ++i)
      if (actions[i].json.begin().key() == "Put" && actions[i].violates) puts.emplace(target_of(actions[i]), i);
    std::vector<bool> drop(actions.size(), false);
    for (std::size_t i = 0; i < actions.size(); ++i) {
      if (actions[i].json.begin().key() != "Delete") continue;
      auto it = puts.find(target_of(actions[i]));
      if (it == puts.end()) continue;
      Json& put = actions[it->second].json["Put"];
      const Json& del = actions[i].json["Delete"];
      put["ConditionExpression"] =
          put.at("ConditionExpression").get<std::string>() + " OR (" + del.at("ConditionExpression").get<std::string>() + ")";
      for (const auto& [n, v] : del.at("ExpressionAttributeNames").items()) put["ExpressionAttributeNames"][n] = v;
      for (const auto& [n, v] : del.at("ExpressionAttributeValues").items()) put["ExpressionAttributeValues"][n] = v;
      drop[i] = true;
    }
    std::size_t out = 0;
    for (std::size_t i = 0; i < actions.size(); ++i) {
      if (drop[i]) continue;
      actions[out] = std::move(actions[i]);
      owner[out] = owner[i];
      ++out;
    }
    actions.resize(out);
    owner.resize(out);
  }

  // Takes a write into the open transaction: checked now (keys, values, limits, duplicates
  // among the transaction's writes and, for inserts, against the table) and sent at commit.
  // `check_table`: look for existing keys and unique values now, so that a duplicate fails
  // at its statement as on a SQL database (the commit checks again, atomically).
  Response buffer(driver::InsertItems op, bool check_table = true) {
    TxBuffer& b = *tx_;
    const db::Table& t = table_of(op.schema, op.table);
    std::vector<const db::Index*> uniques = kept_indexes(t, op.unique_indexes);
    NewItems seen = b.seen;  // kept only when the insert is taken
    std::vector<Json> items = build_items(t, op, uniques, seen, " (twice in one transaction)");
    std::size_t actions = 0;
    std::vector<std::string> ids;
    for (const Json& item : items) {
      Json key = *item_key(t, item);
      ids.push_back(item_id(t.name, key_id(t, key)));
      ++actions;
      if (check_table && read_item(t, key)) raise_duplicate(t, nullptr, "");
      for (const db::Index* idx : uniques)
        if (auto e = unique_entry(t, *idx, item)) {
          ++actions;
          Json entry_key = unique_entry_key(t, *idx, *e);
          ids.push_back(item_id(unique_table_name(t, *idx), entry_key.dump()));
          if (check_table && !b.freed.count(ids.back()) &&
              client_.get_item({{"TableName", unique_table_name(t, *idx)},
                                               {"Key", entry_key},
                                               {"ConsistentRead", true}}))
            raise_duplicate(t, idx, "");
        }
    }
    for (const auto& id : ids)
      if (b.items.count(id)) refuse_twice(t);
    count_actions(b, actions);
    b.seen = std::move(seen);
    b.items.insert(ids.begin(), ids.end());
    Response r;
    r.affected = items.size();
    b.writes.emplace_back(std::move(op));
    return r;
  }
  Response buffer(driver::UpdateByKey op, bool = true) {
    TxBuffer& b = *tx_;
    const db::Table& t = table_of(op.schema, op.table);
    Json key = key_json(t, op.key);
    Response r;
    if ((op.assignments.empty() && op.computed.empty()) || has_empty_part(key)) return r;
    for (const auto& [col, v] : op.assignments)
      if (!v.is_null()) check_not_empty_key(t, col, to_av(t, col, v));
    (void)kept_indexes(t, op.unique_indexes);
    if (op.return_new)
      throw UnsupportedQuery("toasty: inside a DynamoDB transaction an update by instance cannot read back what "
                             "DynamoDB computes (an increment, a copied field): its writes are sent at commit; update "
                             "by query instead (Model::update_by_<key>(...)), or outside the transaction");
    { Expressions ex(t); (void)update_expression(ex, t, op.assignments, op.computed); }  // refuses key changes now
    std::string id = item_id(t.name, key_id(t, key));
    if (b.items.count(id)) refuse_twice(t);
    count_actions(b, 1);
    b.items.insert(id);
    if (auto old = read_freeing(t, op.unique_indexes, key))
      free_entries(b, t, op.unique_indexes, *old, apply(t, *old, op.assignments));
    r.affected = 1;  // if the item exists at commit and the condition holds
    b.writes.emplace_back(std::move(op));
    return r;
  }
  Response buffer(driver::DeleteByKey op, bool = true) {
    TxBuffer& b = *tx_;
    const db::Table& t = table_of(op.schema, op.table);
    (void)kept_indexes(t, op.unique_indexes);
    std::vector<std::vector<Value>> keys;
    std::set<std::string> mine;
    for (auto& k : op.keys) {
      Json key = key_json(t, k);
      std::string kid = key_id(t, key);
      if (has_empty_part(key) || !mine.insert(kid).second) continue;
      if (b.items.count(item_id(t.name, kid))) refuse_twice(t);
      keys.push_back(std::move(k));
    }
    count_actions(b, keys.size());
    for (const auto& kid : mine) b.items.insert(item_id(t.name, kid));
    for (const auto& k : keys)
      if (auto old = read_freeing(t, op.unique_indexes, key_json(t, k)))
        free_entries(b, t, op.unique_indexes, *old, std::nullopt);
    Response r;
    r.affected = keys.size();  // those that exist at commit and satisfy the condition
    if (keys.empty()) return r;
    op.keys = std::move(keys);
    b.writes.emplace_back(std::move(op));
    return r;
  }

  [[noreturn]] static void raise_changed_meanwhile(const db::Table& t) {
    SerializationFailure e("toasty: DynamoDB: an item of table \"" + t.name + "\" that this transaction updates or "
                           "removes was changed by another writer after the transaction's statement read it; nothing "
                           "was written: run the transaction again");
    e.set_database_code("ConditionalCheckFailed", "", true);
    throw e;
  }

  // The transaction's writes as one TransactWriteItems. An update or removal whose item is
  // gone (or whose condition is false) at commit changes nothing, as on a SQL database: its
  // action becomes a ConditionCheck that it is still so, and the request is sent again.
  void commit(TxBuffer& b) {
    if (b.writes.empty()) return;
    // One unit per item an update or removal names: applied, or checked as skipped.
    struct Unit {
      std::size_t write;
      std::size_t key;
      bool skip = false;
      const db::Table* table = nullptr;  // set while building
      Json key_json = Json();
      std::set<std::size_t> guard_cols = {};
    };
    std::vector<Unit> units;
    for (std::size_t w = 0; w < b.writes.size(); ++w) {
      if (std::holds_alternative<driver::UpdateByKey>(b.writes[w])) units.push_back({w, 0});
      if (auto* d = std::get_if<driver::DeleteByKey>(&b.writes[w]))
        for (std::size_t k = 0; k < d->keys.size(); ++k) units.push_back({w, k});
    }
    enum class Role : std::uint8_t { Other, Main, SkipCheck, Guarded };
    for (int attempt = 0; attempt < kMaxRaceAttempts; ++attempt) {
      std::vector<TxAction> actions;
      std::vector<std::pair<Role, std::size_t>> owner;  // per action: its role and unit
      std::vector<std::optional<Json>> olds(units.size());
      auto add = [&](TxAction a, Role role, std::size_t unit) {
        actions.push_back(std::move(a));
        owner.emplace_back(role, unit);
      };
      NewItems seen;
      for (const auto& w : b.writes)
        if (auto* ins = std::get_if<driver::InsertItems>(&w)) {
          const db::Table& t = table_of(ins->schema, ins->table);
          std::vector<const db::Index*> uniques = kept_indexes(t, ins->unique_indexes);
          for (Json& item : build_items(t, *ins, uniques, seen, " (twice in one transaction)"))
            for (auto& a : put_actions(t, uniques, std::move(item))) add(std::move(a), Role::Other, 0);
        }
      for (std::size_t u = 0; u < units.size(); ++u) {
        const BufferedWrite& w = b.writes[units[u].write];
        const auto* upd = std::get_if<driver::UpdateByKey>(&w);
        const auto* del = std::get_if<driver::DeleteByKey>(&w);
        const db::Table& t = table_of(upd ? upd->schema : del->schema, upd ? upd->table : del->table);
        Json key = key_json(t, upd ? upd->key : del->keys[units[u].key]);
        const stmt::ExprPtr& condition = upd ? upd->condition : del->condition;
        std::vector<const db::Index*> uniques = kept_indexes(t, upd ? upd->unique_indexes : del->unique_indexes);
        std::set<std::size_t> guard_cols = unique_columns(uniques);
        units[u].table = &t;
        units[u].key_json = key;
        units[u].guard_cols = guard_cols;
        if (!units[u].skip && !uniques.empty()) {
          olds[u] = read_item(t, key);
          if (!olds[u]) units[u].skip = true;
        }
        Expressions ex(t);
        Json body = {{"TableName", t.name}, {"Key", key}};
        if (units[u].skip) {
          std::string cond = "attribute_not_exists(" + ex.name(t.primary_key[0]) + ")";
          if (condition) cond += " OR NOT " + parenthesized(ex.truth(condition));
          body["ConditionExpression"] = cond;
          ex.into(body);
          TxAction a;
          a.json = {{"ConditionCheck", std::move(body)}};
          add(std::move(a), Role::SkipCheck, u);
          continue;
        }
        std::string cond = exists_and(ex, t, condition);
        if (olds[u] && !guard_cols.empty()) cond += " AND " + unchanged(ex, t, guard_cols, *olds[u]);
        if (upd) body["UpdateExpression"] = update_expression(ex, t, upd->assignments, upd->computed);
        body["ConditionExpression"] = cond;
        ex.into(body);
        TxAction main;
        main.json = {{upd ? "Update" : "Delete", std::move(body)}};
        add(std::move(main), Role::Main, u);
        if (!olds[u]) continue;
        std::optional<Json> updated;
        if (upd) updated = apply(t, *olds[u], upd->assignments);
        for (const db::Index* idx : uniques) {
          auto before = unique_entry(t, *idx, *olds[u]);
          auto after = updated ? unique_entry(t, *idx, *updated) : std::nullopt;
          if (before && after && unique_entry_key(t, *idx, *before) == unique_entry_key(t, *idx, *after)) continue;
          if (before) add(delete_entry(t, *idx, *before, key), Role::Guarded, u);
          if (after) add(put_entry(t, *idx, std::move(*after)), Role::Other, u);
        }
      }
      if (actions.empty()) return;
      merge_retaken_entries(actions, owner);
      std::size_t bytes = 0;
      std::set<std::string> targets;
      for (const auto& a : actions) {
        bytes += a.json.dump().size();  // the JSON text over-counts the items' size: safe
        if (!targets.insert(target_of(a)).second) {
          const auto* t = a.table;
          throw UnsupportedQuery("toasty: this transaction writes one item" +
                                 (t ? " of table \"" + t->name + "\"" : std::string()) +
                                 " twice (a unique value freed and taken again, say); DynamoDB's TransactWriteItems "
                                 "takes one action per item: nothing was written");
        }
      }
      if (actions.size() > kMaxTransactItems || bytes > kMaxTransactBytes) refuse_size(actions.size(), bytes);
      Json request = Json::object();
      request["TransactItems"] = Json::array();
      for (const auto& a : actions) request["TransactItems"].push_back(a.json);
      try {
        client_.transact_write_items(request);
        return;
      } catch (const TransactionCanceled& e) {
        const auto& reasons = e.reasons();
        bool again = e.has_code("TransactionConflict");
        for (std::size_t i = 0; i < reasons.size() && i < actions.size(); ++i) {
          if (reasons[i].code != "ConditionalCheckFailed") continue;
          const auto [role, u] = owner[i];
          if (actions[i].table && actions[i].violates) raise_duplicate(*actions[i].table, actions[i].violates, "");
          if (actions[i].table && actions[i].is_item) raise_duplicate(*actions[i].table, nullptr, "");
          again = true;
          if (role == Role::SkipCheck) units[u].skip = false;  // the item is back, or matches now
          if (role == Role::Main) {
            // An item whose unique values were read first may have changed since: then read
            // again and apply. Else it is gone: skipped, leaving what a removal committed
            // after this transaction would leave. Or its condition no longer holds: another
            // writer changed it after this transaction's statement read it, and that
            // statement's count (a #[version] check) is void: the transaction conflicts.
            const Unit& x = units[u];
            if (!olds[u] || !changed_since(*x.table, x.key_json, x.guard_cols, *olds[u])) {
              if (read_item(*x.table, x.key_json)) raise_changed_meanwhile(*x.table);
              units[u].skip = true;
            }
          }
          // Role::Guarded: a unique-value entry moved since it was read: read again.
        }
        if (!again) throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
    }
    SerializationFailure e(
        "toasty: DynamoDB: the transaction kept conflicting with concurrent writes to the same items "
        "(TransactionConflict); nothing was written: run it again");
    e.set_database_code("TransactionConflictException", "", true);
    throw e;
  }

  Response buffer(driver::TransactWrite op, bool = true) {
    Response r;
    for (auto& ins : op.inserts) r.affected += buffer(std::move(ins)).affected;
    return r;
  }

  // What an action writes, by table and key: DynamoDB takes one action per item.
  static std::string target_of(const TxAction& a) {
    auto first = a.json.begin();
    const std::string& verb = first.key();
    const Json& body = first.value();
    std::string table = body.at("TableName").get<std::string>();
    if (verb != "Put") return table + '\x1e' + body.at("Key").dump();
    const Json& item = body.at("Item");
    if (a.table && a.violates) return table + '\x1e' + unique_entry_key(*a.table, *a.violates, item).dump();
    if (a.table) return table + '\x1e' + item_key(*a.table, item).value_or(item).dump();
    return table + '\x1e' + item.dump();
  }

  // Writes inside a transaction wait for its commit.
  template <class Op>
  Response write(const Op& op) {
    if (!tx_) return run(op);
    return buffer(Op(op));
  }

  Client client_;
};

class DynamoDriver final : public driver::Driver {
 public:
  explicit DynamoDriver(Config config) : config_(std::move(config)) {
    capability_.storage = driver::Capability::Storage::KeyValue;
    capability_.display_name = "DynamoDB";
    capability_.max_params = 100;          // keys per BatchGetItem
    capability_.max_transact_items = 100;  // actions per TransactWriteItems
    capability_.returning_from_insert = true;  // the engine knows every value it wrote
    capability_.returning_from_update = false;
    capability_.full_u64 = true;               // N holds every u64 exactly
    capability_.transactions = false;
    capability_.write_transactions = true;  // buffered, sent as one TransactWriteItems at commit
    capability_.row_locks = false;
    capability_.transact_write = true;         // TransactWriteItems: nested creates stay atomic
    capability_.auto_increment = false;
    capability_.scan = false;
    capability_.max_connections_default = 8;
  }
  const driver::Capability& capability() const override { return capability_; }
  std::unique_ptr<driver::Connection> connect() override {
    return std::make_unique<DynamoConnection>(config_);
  }
  std::string_view name() const override { return "dynamodb"; }

 private:
  Config config_;
  driver::Capability capability_;
};

}  // namespace

std::unique_ptr<driver::Driver> open(std::string_view url) {
  return std::make_unique<DynamoDriver>(Config::from_url(url));
}

}  // namespace toasty::dynamodb
