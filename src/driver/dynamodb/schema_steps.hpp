#pragma once
// Tables and indexes as DynamoDB requests, and the steps of a DynamoDB migration.
//
// Db::push_schema() and migrations make the same tables: create_table_request() is the
// CreateTable of a table with its non-unique indexes as GSIs, unique_table_request() the
// CreateTable of a unique index's own table ("<table>__<index>").
//
// A migration step is one JSON object naming its action (docs/guide/migrations.md):
//   {"CreateTable": <CreateTable request>}     waits until ACTIVE
//   {"DeleteTable": {"TableName": ...}}        waits until gone
//   {"UpdateTable": <UpdateTable request>}     one GSI Create or Delete; waits for it
//   {"FillAttribute": {"TableName", "Attribute", "Value": <attribute value>}}
//                                              sets it on every item that lacks it
//   {"RemoveAttribute": {"TableName", "Attribute"}}
//   {"RenameAttribute": {"TableName", "From", "To"}}
//   {"ConvertBool": {"TableName", "Attribute", "To": "N" | "BOOL"}}
//                                              a bool becomes 0/1 when it is in an index key
//   {"FillUniqueIndex": {"TableName", "IndexTable", "Attributes": [...]}}
//                                              an entry per item; a duplicate fails
//   {"Refuse": {"Message": ...}}               what DynamoDB cannot do; fails with it
// and, changing nothing, for drift checks:
//   {"CompareTables": {"Tables": [<CreateTable request>...]}}
//                                              how the live tables differ from these
// Every step can run again after it failed part way (a migration resumes at its failed
// step): a table or index that exists already is waited for, item updates are conditional.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "driver/dynamodb/client/dynamodb_client.hpp"
#include "toasty/schema/db.hpp"

namespace toasty::dynamodb {

// CreateTable for `t`: its key, its non-unique indexes as GSIs (projecting everything),
// on-demand billing. Throws InvalidSchema for a key DynamoDB cannot have.
Json create_table_request(const db::Table& t);
// CreateTable for the table that keeps unique index `idx` of `t`.
Json unique_table_request(const db::Table& t, const db::Index& idx);
// UpdateTable creating the GSI of non-unique index `idx` of `t`.
Json create_gsi_request(const db::Table& t, const db::Index& idx);
// What DynamoDB can keep of `t`: a key of one or two columns, unique indexes of at most two.
void check_table(const db::Table& t);

// Runs one migration step (see above); `status` (may be empty) hears what it waits for.
// Returns CompareTables' differences ("table \"users\": missing index ..."), else nothing.
// Throws InvalidStatement for a step it does not know, InvalidSchema for a Refuse step or a
// duplicate found while filling a unique index, DatabaseError for what DynamoDB refused.
std::vector<std::string> run_schema_step(Client& client, const Json& step,
                                         const std::function<void(std::string_view)>& status);

}  // namespace toasty::dynamodb
