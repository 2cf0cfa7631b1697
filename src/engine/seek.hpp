#pragma once
// Keyset pagination (Select::seek_after) as a predicate: the rows after a position in
// an ordering. SQL statements carry it as part of their filter; key-value reads that sort
// in memory check it on the items they read.
#include <vector>

#include "toasty/core/value.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty::engine {

// Rows strictly after `position` (one value per entry of `order`) in that order, with
// NULLs first ascending and last descending, as every backend sorts them here:
// `e0 > v0 OR (e0 = v0 AND e1 > v1) OR ...`, each comparison flipped for a descending
// entry. A conjunction of per-entry comparisons would skip rows that tie on a leading one.
stmt::ExprPtr seek_filter(const std::vector<stmt::OrderBy>& order, const std::vector<Value>& position);

}  // namespace toasty::engine
