#pragma once
// Application schema: models and fields as the user describes them in a .toasty file.
// Generated code builds one static app::Model per model; the engine never mutates it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "toasty/core/value.hpp"

namespace toasty::app {

// A schema enum (`enum Status { Active, OnHold }`). Each variant has the C++ enumerator's
// value and a label. A label enum stores the label (text, sortable by label); an integer
// enum (explicit discriminants or #[column(type = ...)]) stores the value.
struct EnumVariant {
  std::string name;   // as in C++: "OnHold"
  std::string label;  // stored by label enums, and what to_string()/parse() use: "on_hold"
  std::int64_t value = 0;  // the C++ enumerator's value
};

struct Enum {
  std::string name;  // "Status"
  bool integer = false;
  std::vector<EnumVariant> variants;
  // #[column(type = enum)]: on PostgreSQL a native enum type of this name (labels in
  // declaration order); empty: text, as on the other backends.
  std::string native_name{};

  // The variant a stored value names (a label or an integer, as the enum stores), or null.
  const EnumVariant* find(const Value& stored) const;
  const EnumVariant* find_label(std::string_view label) const;
  const EnumVariant* find_value(std::int64_t value) const;
  // What a variant is stored as.
  Value stored(const EnumVariant& v) const;
  // "active, on_hold, closed" (or "1, 2, 3"), for messages.
  std::string describe() const;
};

// One #[validate(...)] rule of a field, checked before every create and update (a NULL
// passes: an Option's absence is not checked).
struct Rule {
  enum class Kind : std::uint8_t { Length, Range, Regex, Email, OneOf };
  Kind kind = Kind::Length;
  // Length: characters of a String, bytes of Bytes, items of a Vec; both ends included.
  std::optional<std::uint64_t> min_length = std::nullopt;
  std::optional<std::uint64_t> max_length = std::nullopt;
  // Range: both ends included, of the field's type.
  std::optional<Value> min = std::nullopt;
  std::optional<Value> max = std::nullopt;
  std::string pattern = {};        // Regex: ECMAScript, matched against the whole value
  std::vector<Value> one_of = {};  // OneOf: the values allowed
  std::string text = {};           // as written in the schema: "length(min = 1, max = 100)"
};

struct Field {
  std::string name;            // field name in the model (and in C++)
  ScalarType type{};           // scalar type
  bool nullable = false;       // Option<T>
  // #[auto]: on the key, an integer is assigned by the database (auto-increment), a Uuid
  // is a UUID v7 the engine generates at create time; on a Timestamp (#[default(now)]),
  // the time of the create. Values given by the caller are kept.
  bool auto_generated = false;
  std::optional<Value> default_value;  // #[default(...)], applied at create time
  std::string column;          // #[column("name")]; empty = same as `name`
  // #[update(now)] (a Timestamp): set to the time of every update that changes something,
  // unless the update sets it itself.
  bool update_now = false;
  // The schema enum this field holds (its `type` is String or an integer: the storage).
  const Enum* enum_type = nullptr;
  // An #[auto] Uuid: version 7 (time-ordered, the default) or 4 (random: #[auto(uuid(v4))]).
  std::uint8_t uuid_version = 7;
  // #[column(type = ...)]. A bounded column: varchar(n) counts characters, varbinary(n)
  // bytes (0: unbounded); longer values are refused before anything is sent, on every
  // backend alike. An integer field kept in a column of another width (values outside it
  // refused the same way). PostgreSQL json (the text as written) instead of jsonb.
  std::uint32_t max_length = 0;
  std::optional<ScalarType> column_storage{};
  bool json_text = false;
  // A Decimal field's numeric(p, s): at most p digits, s of them after the point. Values
  // are written and read with exactly s digits after the point; more non-zero digits are
  // refused (never rounded). Precision 0: an unconstrained Decimal, which holds up to 38
  // significant digits, 35 before the point and 30 after (DynamoDB's and MySQL's limits),
  // read back without trailing zeros.
  std::uint8_t decimal_precision = 0;
  std::uint8_t decimal_scale = 0;
  // Vec<T>: the field holds a list of `type` (never NULL; empty when unset): a PostgreSQL
  // array, a JSON array on SQLite and MySQL, a DynamoDB list (L).
  bool list = false;
  // Deferred<T>: a model query reads it only when asked (.include(fields().body())).
  bool deferred = false;
  // #[version]: 1 at create, one more at every update (an update that does not set it adds
  // 1 in the database); an update or removal by instance applies only while the record
  // still holds the instance's value (optimistic locking: StaleVersion otherwise).
  bool version = false;
  // #[validate(...)]: checked before every create and update (ValidationFailed).
  std::vector<Rule> rules = {};
  // #[soft_delete] (an Option<Timestamp>): remove() sets it to the time instead of deleting
  // the row, and queries, relations and includes leave out the records where it is set.
  bool soft_delete = false;
};

struct Index {
  std::string name;                 // empty = generated from table and columns
  std::vector<std::size_t> fields;  // field positions, in order
  bool unique = false;
};

struct Model;

// A relation from one model to another. Whatever its kind, it reads as "the records of
// `target` whose `target_fields` equal this record's `source_fields`":
//   has_many/has_one todos on User:  source = {User.id},      target = {Todo.user_id}
//   belongs_to user on Todo:         source = {Todo.user_id}, target = {User.id}
// A `via` relation (many-to-many) instead walks other relations of the models in order:
//   groups via memberships.group:    via = {User.memberships, Membership.group}
struct Relation {
  enum class Kind : std::uint8_t { BelongsTo, HasMany, HasOne };
  std::string name;
  Kind kind = Kind::HasMany;
  // Function rather than pointer: models refer to each other, and their static
  // definitions are built lazily on first use.
  const Model& (*target)() = nullptr;
  std::vector<std::size_t> source_fields;
  std::vector<std::size_t> target_fields;
  // belongs_to: the foreign key is Option (the parent may be absent).
  // has_many/has_one: the children's foreign key is Option, so removing the parent
  // clears it instead of removing the children.
  bool optional = false;
  // Many-to-many: (model, relation index) steps from this model to the target.
  struct Step {
    const Model& (*model)();
    std::size_t relation;
  };
  std::vector<Step> via;
};

struct Model {
  std::string name;     // e.g. "User"
  std::string table;    // #[table("name")]; empty = snake_case plural of `name`
  std::vector<Field> fields;
  std::vector<std::size_t> primary_key;  // field positions, in order
  std::vector<Index> indexes;            // #[unique] and #[index]
  std::vector<Relation> relations;       // #[has_many], #[has_one], #[belongs_to]

  std::optional<std::size_t> field_index(std::string_view field_name) const;
  // The #[soft_delete] field, if the model has one.
  std::optional<std::size_t> soft_delete_field() const {
    for (std::size_t f = 0; f < fields.size(); ++f)
      if (fields[f].soft_delete) return f;
    return std::nullopt;
  }
};

// Default table name: snake_case plural ("User" -> "users", "OrderItem" -> "order_items").
std::string default_table_name(std::string_view model_name);

}  // namespace toasty::app
