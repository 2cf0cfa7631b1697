#pragma once
// The DynamoDB steps of a Diff: what `migration generate` writes into up.dynamodb.json
// (and, for the diff turned around, down.dynamodb.json). DynamoDB keeps no columns, so most
// column changes are nothing or a pass over the items (fill, remove, rename an attribute);
// tables and indexes are CreateTable / DeleteTable / UpdateTable, unique indexes their own
// tables, built from the items a table has. What DynamoDB cannot change in place (a key
// attribute, a table's name, the kind of value a column holds) is one Refuse step whose
// message says what to do instead: generating never fails for DynamoDB's sake.
#include <string>
#include <vector>

#include "migrate/diff.hpp"

namespace toasty::migrations {

// Each step as compact JSON, in order.
std::vector<std::string> alter_dynamodb(const Diff& diff);

// The CompareTables step (a drift check) for every table of `expected` and its unique
// indexes' tables.
std::string dynamodb_compare_step(const db::Schema& expected);

// The refusal of a step list made by alter_dynamodb, or empty when it has none.
std::string dynamodb_refusal(const std::vector<std::string>& steps);

}  // namespace toasty::migrations
