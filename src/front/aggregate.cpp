// Query::sum/min/max/avg: one select of aggregates, its values combined across the slices
// of a statement split by a long in_list (sums add, minimums compare).
#include <charconv>
#include <limits>

#include "engine/kv.hpp"
#include "toasty/db.hpp"
#include "toasty/error.hpp"
#include "toasty/model/query.hpp"

namespace toasty::detail {

namespace {

using Fn = stmt::Aggregate::Fn;

// An integer sum as the database gave it: an integer, or a decimal without fraction
// (PostgreSQL and MySQL widen integer sums to NUMERIC/DECIMAL).
__int128 integer_of(const Value& v, const std::string& what) {
  if (v.is_i64()) return v.as_i64();
  if (v.is_u64()) return v.as_u64();
  const std::string text = v.is_decimal() ? v.as_decimal().to_string() : v.is_string() ? v.as_string() : "";
  __int128 n = 0;
  bool negative = !text.empty() && text[0] == '-';
  std::size_t i = negative ? 1 : 0;
  if (i == text.size()) throw TypeConversion("toasty: " + what + ": the database returned " + v.debug_string());
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9' || n > (__int128{1} << 100))
      throw TypeConversion("toasty: " + what + ": the database returned " + v.debug_string());
    n = n * 10 + (text[i] - '0');
  }
  return negative ? -n : n;
}

Value integer_value(__int128 n, const std::string& what) {
  if (n >= std::numeric_limits<std::int64_t>::min() && n <= std::numeric_limits<std::int64_t>::max())
    return Value(static_cast<std::int64_t>(n));
  if (n > 0 && n <= static_cast<__int128>(std::numeric_limits<std::uint64_t>::max())) return Value(static_cast<std::uint64_t>(n));
  throw TypeConversion("toasty: " + what + " does not fit a 64-bit integer");
}

double double_of(const Value& v) {
  if (v.is_f64() || v.is_i64() || v.is_u64()) return v.as_f64();
  if (v.is_decimal()) return std::stod(v.as_decimal().to_string());
  return std::stod(v.as_string());
}

}  // namespace

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
