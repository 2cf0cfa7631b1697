#pragma once
// Items as DynamoDB holds them: table and index names, attribute values of columns, keys,
// and the entries of unique indexes (tables "<table>__<index>" keyed by the unique value,
// holding the item's key). Shared by the driver's reads, writes and transactions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driver/dynamodb/client/dynamodb_client.hpp"
#include "toasty/driver/driver.hpp"

namespace toasty::dynamodb {

// ---- schema mapping
const db::Table& table_of(const db::Schema* schema, std::size_t table);
// A bool column that is part of a key (table, index or unique table) is stored as N 0/1:
// DynamoDB keys are S, N or B.
bool bool_as_number(const db::Table& t, std::size_t col);
// The attribute type ("S", "N", "B") of a key column.
std::string attribute_type(const db::Table& t, std::size_t col);
// DynamoDB table and index names: 3-255 characters of [A-Za-z0-9_.-].
std::string ddb_name(std::string_view name);
std::string unique_table_name(const db::Table& t, const db::Index& idx);
std::string gsi_name(const db::Index& idx);
std::vector<std::string> column_names(const db::Table& t, const std::vector<std::size_t>& cols);
std::string quoted_list(const std::vector<std::string>& names);

// ---- values
bool is_number(const Value& v);
// The attribute value column `col` stores for `v` (not NULL); values of another kind keep
// their own, so that DynamoDB finds them unequal.
Json to_av(const db::Table& t, std::size_t col, const Value& v);
Value from_av(const db::Table& t, std::size_t col, const Json& a);
// The item's values of `cols`, NULL for an absent attribute, appended as one row.
void append_row(driver::Rows& out, const db::Table& t, const std::vector<std::size_t>& cols, const Json& item);

// ---- keys and unique entries
// The item's primary key as a Key map.
Json key_json(const db::Table& t, const std::vector<Value>& key);
// An empty S or B attribute value (no key holds one), in a key map.
bool is_empty_av(const Json& a);
bool has_empty_part(const Json& key);
// The key attributes of an item, as a Key map; nullopt when one is missing.
std::optional<Json> item_key(const db::Table& t, const Json& item);
// A canonical text of a key map, to compare keys.
std::string key_id(const db::Table& t, const Json& key);
// The entry of unique index `idx` for `item`: the unique value(s) (its key) plus the item's
// key attributes. nullopt when a unique column is NULL (NULLs are never duplicates).
std::optional<Json> unique_entry(const db::Table& t, const db::Index& idx, const Json& item);
Json unique_entry_key(const db::Table& t, const db::Index& idx, const Json& entry);
// DynamoDB refuses empty strings and binaries in key attributes: InvalidStatement naming the
// column instead of a ValidationException.
void check_not_empty_key(const db::Table& t, std::size_t col, const Json& a);
// DbUniqueViolation for a duplicate key (`idx` null) or unique value of `t`.
[[noreturn]] void raise_duplicate(const db::Table& t, const db::Index* idx, const std::string& how);

}  // namespace toasty::dynamodb
