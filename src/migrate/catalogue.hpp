#pragma once
// The schema a database holds now, read from its own catalogue (sqlite_master and
// pragmas, information_schema / pg_catalog), in a form that compares with what a db::Schema
// would create there: drift detection (`toasty migration check`) and the migration tests'
// "down returns exactly the earlier schema".
#include <string>
#include <string_view>
#include <vector>

#include "sql/serializer.hpp"
#include "toasty/driver/driver.hpp"
#include "toasty/schema/db.hpp"

namespace toasty::migrations {

struct CatalogueColumn {
  std::string name;
  // Normalized DDL type text: the spelling column_type() writes, upper case (quoted names
  // as they are), e.g. VARCHAR(20), NUMERIC(10, 2), "mood"[], TEXT COLLATE TOASTY_DECIMAL.
  std::string type;
  bool nullable = true;  // never for a primary-key column
  bool auto_increment = false;
  bool operator==(const CatalogueColumn&) const = default;
};

struct CatalogueIndex {
  std::string name;
  std::vector<std::string> columns;  // in index order
  bool unique = false;
  bool operator==(const CatalogueIndex&) const = default;
};

struct CatalogueTable {
  std::string name;
  std::vector<CatalogueColumn> columns;  // in table order
  std::vector<std::string> primary_key;  // column names, in key order
  std::vector<CatalogueIndex> indexes;   // secondary indexes, sorted by name
  bool operator==(const CatalogueTable&) const = default;
};

struct Catalogue {
  std::vector<CatalogueTable> tables;  // sorted by name
  bool operator==(const Catalogue&) const = default;
};

// The tables of the connection's database (SQLite: main; PostgreSQL: the current schema;
// MySQL: the current database), except toasty's own bookkeeping tables (names starting
// with "_toasty").
Catalogue read_catalogue(driver::Connection& conn, sql::Dialect dialect);

// What create_schema(schema, dialect) creates, in the form read_catalogue() returns.
Catalogue expected_catalogue(const db::Schema& schema, sql::Dialect dialect);

// The differences, one line each, e.g. `table "users": column "email": type VARCHAR(64)
// expected, TEXT found`, `table "posts": index "index_posts_by_title" is missing`,
// `table "old" is not in the schema`. Tables and indexes by name, columns in the expected
// table's order, then the extra ones. Empty: they agree (then expected == actual).
std::vector<std::string> compare_catalogues(const Catalogue& expected, const Catalogue& actual);

// How the connection's database differs from `expected`, on any backend: SQL databases by
// their catalogue (above); DynamoDB by its tables' keys and indexes (DescribeTable), the
// unique indexes' tables included. `driver`: the driver's name. Empty: no drift.
std::vector<std::string> drift(driver::Connection& conn, std::string_view driver, const db::Schema& expected);

}  // namespace toasty::migrations
