// Query::sum/min/max/avg: one select of aggregates, its values combined across the slices
// of a statement split by a long in_list (sums add, minimums compare).
#include <limits>

#include "engine/kv.hpp"
#include "toasty/db.hpp"
#include "toasty/error.hpp"
#include "toasty/model/query.hpp"
#include "toasty/model/raw.hpp"

namespace toasty::detail {

namespace {

using Fn = stmt::Aggregate::Fn;

// An integer sum as the database gave it: an integer, or a decimal without fraction
// (PostgreSQL and MySQL widen integer sums to NUMERIC/DECIMAL).
__int128 integer_of(const Value& given, const std::string& what) {
  const Value v = raw_number(given, true);
  if (v.is_i64()) return v.as_i64();
  if (v.is_u64()) return v.as_u64();
  throw TypeConversion("toasty: " + what + ": the database returned " + given.debug_string());
}

Value integer_value(__int128 n, const std::string& what) {
  if (n >= std::numeric_limits<std::int64_t>::min() && n <= std::numeric_limits<std::int64_t>::max())
    return Value(static_cast<std::int64_t>(n));
  if (n > 0 && n <= static_cast<__int128>(std::numeric_limits<std::uint64_t>::max())) return Value(static_cast<std::uint64_t>(n));
  throw TypeConversion("toasty: " + what + " does not fit a 64-bit integer");
}

double double_of(const Value& v) { return raw_number(v, false).as_f64(); }

}  // namespace

Value sum_value(const Value& v, bool floating, const std::string& what) {
  if (floating) return Value(v.is_null() ? 0.0 : double_of(v));
  return v.is_null() ? Value(std::int64_t{0}) : integer_value(integer_of(v, what), what);
}

std::vector<Value> aggregate(Executor& ex, const stmt::Select& query, const std::vector<stmt::Aggregate>& aggregates,
                             bool floating) {
  stmt::Select s = query;
  s.includes.clear();
  s.load_deferred.clear();
  s.aggregates = aggregates;
  const std::string what = "an aggregate of " + query.model->name + " records";
  ResultSet rs = ex.exec(stmt::Statement(std::move(s)), nullptr);
  std::vector<Value> out(aggregates.size());
  for (std::size_t k = 0; k < aggregates.size(); ++k) {
    const Fn fn = aggregates[k].fn;
    if (fn == Fn::Count || (fn == Fn::Sum && !floating)) {
      __int128 total = 0;
      for (std::size_t r = 0; r < rs.size(); ++r)
        if (!rs.rows.row(r)[k].is_null()) total += integer_of(rs.rows.row(r)[k], what);
      out[k] = integer_value(total, what);
    } else if (fn == Fn::Sum) {
      double total = 0;
      for (std::size_t r = 0; r < rs.size(); ++r)
        if (!rs.rows.row(r)[k].is_null()) total += double_of(rs.rows.row(r)[k]);
      out[k] = Value(total);
    } else {  // the least / greatest of the slices' values (NULL: a slice without any)
      for (std::size_t r = 0; r < rs.size(); ++r) {
        Value& v = rs.rows.row(r)[k];
        if (v.is_null()) continue;
        auto c = out[k].is_null() ? std::optional<int>() : engine::kv::compare(v, out[k]);
        if (out[k].is_null() || (c && (fn == Fn::Min ? *c < 0 : *c > 0))) out[k] = std::move(v);
      }
    }
  }
  return out;
}

double average(const Value& sum, const Value& count) { return double_of(sum) / double_of(count); }

}  // namespace toasty::detail
