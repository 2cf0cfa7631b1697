#pragma once
// The DynamoDB driver: toasty's key-value backend, on the low-level client in
// src/driver/dynamodb/client (JSON protocol over libcurl, SigV4).
//
//   auto db = toasty::Db::connect("dynamodb://us-east-1", app::models());
//
// What it declares (driver::Capability): sql = false, key_value = true,
// transactions = false (no BEGIN/COMMIT; multi-item writes that must be atomic use
// TransactWriteItems inside one operation), auto_increment = false (use String keys set
// by the application), scan = false (a query no key or index serves is refused instead
// of reading the whole table). The engine plans app-level statements into the
// key-value operations of driver.hpp; see docs/guide and src/engine/plan_kv.cpp.
//
// Schema mapping (push_schema):
//   table            one DynamoDB table, billing PAY_PER_REQUEST; first key column = the
//                    partition (HASH) key, second = the sort (RANGE) key; more than two
//                    key columns are refused
//   #[index]         a global secondary index named after the index, projecting ALL
//                    attributes; its first column is the index's partition key, the
//                    second (if any) its sort key
//   #[unique]        a separate table "<table>__<index name>" keyed by the unique value(s)
//                    and holding the item's key; writes keep it in step with the item in
//                    one TransactWriteItems guarded by attribute_not_exists
//   types            String -> S, integers and floats -> N, Bytes -> B, bool -> BOOL (N 0/1
//                    when the column is part of a key or index); NULL = attribute absent
#include <memory>
#include <string_view>

#include "toasty/driver/driver.hpp"

namespace toasty::dynamodb {

// Opens the DynamoDB driver for `dynamodb://[REGION][?endpoint=URL&profile=NAME]`.
// Region, credentials and endpoint come from the URL and the standard AWS sources
// (AWS_REGION, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL_DYNAMODB,
// ~/.aws/config and credentials); see docs/guide/dynamodb.md.
// Throws toasty::InvalidUrl or toasty::ConnectionError (nothing usable found).
std::unique_ptr<driver::Driver> open(std::string_view url);

}  // namespace toasty::dynamodb
