#pragma once
// The runtime side of create(), create_many() and update(): what the generated
// Create/Update classes hold.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "toasty/model/edits.hpp"
#include "toasty/model/query.hpp"

namespace toasty {
// Collects the fields of a create() call and runs the insert. Fields left unset take
// their #[default], their #[auto] value, or NULL for Option; otherwise exec() throws
// InvalidStatement naming the missing field.
class CreateBuilder {
 public:
  explicit CreateBuilder(const app::Model& model);
  void set(std::size_t field, Value v);
  // Create a related record in the same statement (`relation` of this model).
  void nest(std::size_t relation, const CreateBuilder& related);
  // The insert statement this builder describes (nested inserts included); the &&
  // form moves the values out.
  stmt::Insert statement() const;
  stmt::Insert take_statement() &&;
  // Returns the inserted row, auto values filled in, in field order, with the
  // records created through nest() as included relations. The && form moves the values
  // into the statement instead of copying them.
  ResultSet exec(Executor& ex) const&;
  ResultSet exec(Executor& ex) &&;

  const app::Model& model() const { return *model_; }
  const std::vector<std::optional<Value>>& values() const { return values_; }
  bool has_nested() const { return !nested_.empty(); }

 private:
  // The insert of `self`'s values: copied from a const builder, moved from an rvalue.
  template <class Self>
  static stmt::Insert build(Self&& self);
  static ResultSet run(Executor& ex, stmt::Statement insert);

  const app::Model* model_;
  std::vector<std::optional<Value>> values_;
  std::vector<stmt::NestedInsert> nested_;
};

namespace detail {
// Inserts the records of several builders of one model as one multi-row statement (the
// engine splits it into batches the database accepts, atomically): rows in item order.
ResultSet insert_many(Executor& ex, const app::Model& model, const std::vector<CreateBuilder>& items);

// Runs `body` as one unit of writes: in a transaction of its own on a Db (retried as
// Db::transaction(fn) retries, so `body` must start from scratch each time), in a nested
// one inside a Transaction. DynamoDB sends the unit's writes as one TransactWriteItems.
void run_as_unit(Executor& ex, const std::function<void(Executor&)>& body);
}  // namespace detail

namespace detail {
// The model's validate() hook on the record a create would write (validation.hpp).
template <class M>
void run_validate_hook(const CreateBuilder& values);
}  // namespace detail

// User::create_many().item(User::create().name("a")...).item(...).exec(db): the records,
// in item order, with their generated keys.
template <class M>
class CreateMany {
 public:
  CreateMany& item(typename M::Create c) & {
    items_.push_back(std::move(detail::Access::builder(c)));
    return *this;
  }
  CreateMany&& item(typename M::Create c) && {
    items_.push_back(std::move(detail::Access::builder(c)));
    return std::move(*this);
  }
  std::size_t size() const { return items_.size(); }

  std::vector<M> exec(Executor& ex) const {
    for (const CreateBuilder& item : items_) detail::run_validate_hook<M>(item);
    std::vector<M> out;
    if (std::any_of(items_.begin(), items_.end(), [](const CreateBuilder& c) { return c.has_nested(); })) {
      // Items with related records: one nested create each, all of them one unit.
      detail::run_as_unit(ex, [&](Executor& unit) {
        out.clear();
        for (const CreateBuilder& item : items_) {
          ResultSet rs = item.exec(unit);
          out.push_back(detail::decode<M>(rs, 0));
        }
      });
      return out;
    }
    ResultSet rs = detail::insert_many(ex, M::model(), items_);
    out.reserve(rs.size());
    for (std::size_t i = 0; i < rs.size(); ++i) out.push_back(detail::decode<M>(rs, i));
    return out;
  }

 private:
  std::vector<CreateBuilder> items_;
};

// A change to a has_one / has_many relation made by an update, by instance or by a key lookup
// (user.update().profile(...), .todos(toasty::insert(...))), in the same unit as the update.
struct RelationChange {
  enum class Kind : std::uint8_t {
    Create,  // a new related record (a has_one's current one is unlinked first)
    Link,    // existing records matching `which` get the foreign key (a has_one's others are unlinked)
    Unlink,  // the relation's records matching `which` (all when null) lose it, or are removed
  };
  std::size_t relation = 0;
  Kind kind = Kind::Create;
  std::vector<Value> owner;             // the updated record's values of the relation's source fields
  std::optional<CreateBuilder> create;  // Kind::Create
  stmt::ExprPtr which;                  // Kind::Link / Unlink: a filter of the related model
};

// Collects assignments of an update() and runs it against a filter.
class UpdateBuilder {
 public:
  UpdateBuilder(const app::Model& model, stmt::ExprPtr filter);
  void set(std::size_t field, Value v);
  // field = field + v / field - v, computed by the database (an atomic increment).
  void add(std::size_t field, Value v);
  void sub(std::size_t field, Value v);
  // field = the value of `source` (a field of the same model) in the same record.
  void copy(std::size_t field, const stmt::ExprPtr& source);
  // An update by instance of a model with a #[version] field: applies only while the record
  // still holds `current` there, and moves it to current + 1; StaleVersion otherwise.
  void expect_version(std::size_t field, Value current);
  bool has(std::size_t field) const;
  // Relation changes, made with the update as one unit (RelationChange): `owner` holds the
  // record's values of the relation's source fields; empty for an update by query, which
  // takes them from its filter (an update_by_<key>(...)).
  void relate(std::size_t relation, std::vector<Value> owner, const CreateBuilder& created);
  void link(std::size_t relation, std::vector<Value> owner, stmt::ExprPtr which);
  void unlink(std::size_t relation, std::vector<Value> owner, stmt::ExprPtr which);
  bool changes_relation(std::size_t relation) const;
  // The update is by a query that allows a full-table read (Query::allow_full_scan()).
  void allow_full_scan() { allow_full_scan_ = true; }
  const std::vector<stmt::Assignment>& assignments() const { return assignments_; }
  // Runs the update; returns the number of rows matched. Adds the #[update(now)] fields
  // it does not set to its assignments first. With relation changes (an update by a key
  // lookup), as exec_read_back().
  std::uint64_t exec(Executor& ex);
  // The same for an update by instance: assignments the database computes (an increment,
  // a copy) are then read back and replaced by the values they gave, so that every
  // assignment holds the record's new value. With relation changes, the update and the
  // changes are one unit; NotFound (nothing changed) when the record is gone.
  std::uint64_t exec_read_back(Executor& ex);

 private:
  const app::Model* model_;
  stmt::ExprPtr filter_;
  std::vector<stmt::Assignment> assignments_;
  bool allow_full_scan_ = false;
  stmt::ExprPtr key_filter_;                  // expect_version(): the record's key, for messages
  std::optional<std::size_t> version_field_;  // expect_version(): its field
  Value expected_version_;
  std::vector<RelationChange> relation_changes_;

  std::uint64_t exec_fields(Executor& ex);
  std::uint64_t exec_fields_read_back(Executor& ex);
  std::uint64_t exec_unit(Executor& ex, bool read_back);
  std::vector<Value> owner_values(const RelationChange& change) const;
  void apply(Executor& ex, const RelationChange& change) const;
  // A UniqueViolation on the key of a has_one this update replaces: a concurrent update
  // linked another record meanwhile; thrown again as a (retryable) SerializationFailure.
  void raise_if_replaced_meanwhile(const UniqueViolation& e) const;
  void assign(std::size_t field, stmt::ExprPtr value, stmt::Assignment::Op op);
  stmt::Update statement() const;
};

namespace detail {
// The literal value of an assignment made by an UpdateBuilder.
const Value& assigned_value(const stmt::Assignment& a);

// A removal by instance of a model with a #[version] field: only while the record still
// holds `current` there (StaleVersion otherwise).
void run_versioned_delete(Executor& ex, const app::Model& model, stmt::ExprPtr key_filter, std::size_t version_field,
                          Value current);

// Filter matching one record by its primary key values (in key order).
stmt::ExprPtr key_filter(const app::Model& model, std::vector<Value> key_values);

[[noreturn]] void throw_not_loaded(const app::Model* owner, std::size_t relation);
}  // namespace detail

}  // namespace toasty
