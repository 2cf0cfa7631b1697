// Executing a statement split by its in_list (ListChunks): every slice through the engine's
// statement runner, then the combined rows of a select made into the one answer the
// statement asked for: each row once, in its order, the requested page.
#include <algorithm>
#include <unordered_set>

#include "engine/exec.hpp"
#include "engine/kv.hpp"
#include "engine/row_key.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

// NULL first when ascending, last when descending: the order every backend uses.
bool before(const Value& a, const Value& b, bool descending) {
  if (a.is_null() || b.is_null()) return descending ? (!a.is_null() && b.is_null()) : (a.is_null() && !b.is_null());
  auto c = kv::compare(a, b);
  return c && (descending ? *c > 0 : *c < 0);
}

// Keeps rows `order` (in that order) of `rs`, with their included records.
void select_rows(ResultSet& rs, const std::vector<std::uint32_t>& order) {
  driver::Rows rows;
  rows.width = rs.rows.width;
  rows.cells.reserve(order.size() * rows.width);
  for (std::uint32_t i : order)
    for (std::size_t c = 0; c < rows.width; ++c) rows.cells.push_back(std::move(rs.rows.row(i)[c]));
  rs.rows = std::move(rows);
  for (auto& inc : rs.included) {
    std::vector<std::uint32_t> offsets{0}, items;
    for (std::uint32_t i : order) {
      for (std::uint32_t k = inc.offsets[i]; k < inc.offsets[i + 1]; ++k) items.push_back(inc.items[k]);
      offsets.push_back(static_cast<std::uint32_t>(items.size()));
    }
    inc.offsets = std::move(offsets);
    inc.items = std::move(items);
  }
}

void finish_select(ResultSet& rs, const ListChunks& s) {
  std::vector<std::uint32_t> order;
  order.reserve(rs.rows.size());
  std::unordered_set<Key, KeyHash> seen;
  for (std::uint32_t i = 0; i < rs.rows.size(); ++i) {
    if (s.overlap)
      if (auto k = key_of(rs.rows, i, s.key_fields); k && !seen.insert(std::move(*k)).second) continue;
    order.push_back(i);
  }
  if (!s.order_by.empty())
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
      for (auto [field, descending] : s.order_by) {
        const Value& a = rs.rows.row(x)[field];
        const Value& b = rs.rows.row(y)[field];
        if (before(a, b, descending)) return true;
        if (before(b, a, descending)) return false;
      }
      return false;
    });
  std::size_t begin = std::min<std::size_t>(order.size(), s.offset.value_or(0));
  std::size_t end = s.limit ? std::min<std::size_t>(order.size(), begin + *s.limit) : order.size();
  order.erase(order.begin() + static_cast<std::ptrdiff_t>(end), order.end());
  order.erase(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(begin));
  if (order.size() == rs.rows.size()) {
    bool identity = true;
    for (std::uint32_t i = 0; i < order.size() && identity; ++i) identity = order[i] == i;
    if (identity) return;
  }
  select_rows(rs, order);
}

}  // namespace

SlotValue run_list_chunks(const ExecContext& cx, const ListChunks& s) {
  if (!cx.sub) throw InvalidStatement("toasty: a split statement needs the engine's statement runner");
  ResultSet all;
  for (const stmt::Statement& chunk : s.chunks) append(all, cx.sub->run(chunk));
  if (std::holds_alternative<stmt::Select>(s.chunks.at(0)) && !s.aggregated) finish_select(all, s);
  SlotValue out;
  out.response.rows = std::move(all.rows);
  out.response.affected = all.affected;
  out.included = std::move(all.included);
  return out;
}

}  // namespace toasty::engine
