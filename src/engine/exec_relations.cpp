// Executing relation steps: one preload level (keys of the parent rows, read in chunks
// the backend accepts) and attaching related records to their parents.
#include <algorithm>
#include <unordered_map>

#include "engine/exec.hpp"
#include "engine/kv.hpp"
#include "engine/row_key.hpp"
#include "toasty/error.hpp"

namespace toasty::engine {

namespace {

// columns IN (keys), at db level.
stmt::ExprPtr keys_filter(const std::vector<stmt::ExprPtr>& columns, const std::vector<Key>& keys, std::size_t begin,
                          std::size_t end) {
  if (columns.size() == 1) {
    std::vector<stmt::ExprPtr> list;
    list.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) list.push_back(stmt::value(keys[i].parts[0]));
    return stmt::in_list(columns[0], std::move(list));
  }
  stmt::ExprPtr any;
  for (std::size_t i = begin; i < end; ++i) {
    stmt::ExprPtr all;
    for (std::size_t c = 0; c < columns.size(); ++c)
      all = stmt::and_(all, stmt::binary(stmt::BinaryOp::Eq, columns[c], stmt::value(keys[i].parts[c])));
    any = stmt::or_(any, all);
  }
  return any;
}

}  // namespace

void load_relation(const ExecContext& cx, const LoadRelation& step, std::span<SlotValue> slots) {
  SlotValue& from = slots[step.from];
  const driver::Rows& parents = from.response.rows;
  // Distinct keys of the parent rows, and which parent rows carry each.
  std::vector<Key> keys;
  std::unordered_map<Key, std::vector<std::uint32_t>, KeyHash> by_key;
  std::vector<std::optional<Key>> parent_keys(parents.size());
  for (std::size_t i = 0; i < parents.size(); ++i) {
    parent_keys[i] = key_of(parents, i, step.source_fields);
    if (parent_keys[i] && by_key.emplace(*parent_keys[i], std::vector<std::uint32_t>{}).second)
      keys.push_back(*parent_keys[i]);
  }
  // One statement per chunk of keys; the rows of all chunks, in order.
  const auto& map = cx.schema.mapping(step.to_model);
  std::vector<stmt::ExprPtr> columns;
  for (std::size_t f : step.target_fields) columns.push_back(stmt::column(map.table, map.field_to_column[f]));
  driver::Rows rows;
  rows.width = step.select.returning.size();
  for (std::size_t at = 0; at < keys.size(); at += step.keys_per_statement) {
    std::size_t end = std::min(keys.size(), at + step.keys_per_statement);
    stmt::Select chunk = step.select;
    chunk.filter = stmt::and_(keys_filter(columns, keys, at, end), step.select.filter);
    if (step.per_parent_limit && !step.key_value) {
      stmt::Select::PartitionLimit part;
      for (std::size_t f : step.target_fields) part.columns.push_back(map.field_to_column[f]);
      part.limit = *step.per_parent_limit;
      chunk.per_partition = std::move(part);
    }
    stmt::Statement st = std::move(chunk);
    driver::Response r = step.key_value ? exec_kv_db(cx.schema, st, cx.conn, cx.cap)
                                        : cx.conn.exec(driver::QuerySql{&st, &cx.schema.db()});
    if (r.rows.size() == 0) continue;
    if (r.rows.width != rows.width) throw DatabaseError("toasty: a preload returned rows of the wrong width");
    if (rows.cells.empty()) {
      rows.cells = std::move(r.rows.cells);
    } else {
      for (auto& v : r.rows.cells) rows.cells.push_back(std::move(v));
    }
  }
  for (std::uint32_t j = 0; j < rows.size(); ++j)
    if (auto k = key_of(rows, j, step.target_fields))
      if (auto it = by_key.find(*k); it != by_key.end()) it->second.push_back(j);
  if (!step.sort_per_parent.empty() || step.per_parent_limit)
    for (auto& [key, children] : by_key) {
      // Key-value reads come unordered: each parent's records sorted here (NULLs first
      // ascending, as order_by places them), then cut to the limit.
      if (!step.sort_per_parent.empty())
        std::stable_sort(children.begin(), children.end(), [&](std::uint32_t x, std::uint32_t y) {
          return kv::row_before(rows.row(x), rows.row(y), step.sort_per_parent);
        });
      if (step.per_parent_limit && children.size() > *step.per_parent_limit)
        children.resize(static_cast<std::size_t>(*step.per_parent_limit));
    }
  // Reach from the preload's root: through the parent slot's reach when it is an
  // intermediate level of a `via` relation, else from each parent row itself.
  SlotValue out;
  out.has_reach = true;
  auto reached = [&](std::uint32_t parent, std::vector<std::uint32_t>& into) {
    if (parent_keys[parent])
      for (std::uint32_t j : by_key[*parent_keys[parent]]) into.push_back(j);
  };
  if (step.through) {
    out.reach.resize(from.reach.size());
    for (std::size_t r = 0; r < from.reach.size(); ++r)
      for (std::uint32_t f : from.reach[r]) reached(f, out.reach[r]);
  } else {
    out.reach.resize(parents.size());
    for (std::uint32_t i = 0; i < parents.size(); ++i) reached(i, out.reach[i]);
  }
  out.response.rows = std::move(rows);
  slots[step.out] = std::move(out);
}

ResultSet to_result(SlotValue&& slot) {
  ResultSet rs;
  rs.rows = std::move(slot.response.rows);
  rs.affected = slot.response.affected;
  rs.streamed = slot.response.streamed;
  rs.included = std::move(slot.included);
  return rs;
}

void attach(const Attach& step, std::span<SlotValue> slots) {
  SlotValue& child = slots[step.child];
  std::vector<std::vector<std::uint32_t>> reach = std::move(child.reach);
  bool has_reach = child.has_reach;
  ResultSet records = to_result(std::move(child));
  SlotValue& parent = slots[step.parent];
  ResultSet::Included* inc = nullptr;
  for (auto& i : parent.included)
    if (i.relation == step.relation) inc = &i;
  if (!inc) {
    parent.included.push_back({});
    inc = &parent.included.back();
    inc->relation = step.relation;
  }
  if (has_reach) {  // a preload: every parent row, by the keys that reach it
    inc->records = std::move(records);
    inc->offsets.reserve(reach.size() + 1);
    inc->offsets.push_back(0);
    std::vector<bool> seen(inc->records.rows.size(), false);
    for (const auto& rows : reach) {
      for (std::uint32_t j : rows) {
        if (seen[j]) inc->shared_rows = true;
        seen[j] = true;
      }
      inc->items.insert(inc->items.end(), rows.begin(), rows.end());
      inc->offsets.push_back(static_cast<std::uint32_t>(inc->items.size()));
    }
    return;
  }
  // Records of a nested create: all belong to the one row the parent wrote.
  if (inc->offsets.empty()) inc->offsets = {0, 0};
  auto base = static_cast<std::uint32_t>(inc->records.rows.size());
  for (std::uint32_t k = 0; k < records.rows.size(); ++k) inc->items.push_back(base + k);
  inc->offsets[1] = static_cast<std::uint32_t>(inc->items.size());
  append(inc->records, std::move(records));
}

void append(ResultSet& dst, ResultSet&& src) {
  std::size_t base_rows = dst.rows.size();
  if (dst.rows.width == 0) dst.rows.width = src.rows.width;
  for (auto& v : src.rows.cells) dst.rows.cells.push_back(std::move(v));
  dst.affected += src.affected;
  for (auto& inc : dst.included)  // parents without children in `src` get empty ranges
    if (!src.find(inc.relation))
      for (std::size_t i = 0; i < src.rows.size(); ++i) inc.offsets.push_back(inc.offsets.back());
  for (auto& s : src.included) {
    ResultSet::Included* d = dst.find(s.relation);
    if (!d) {
      dst.included.push_back({});
      d = &dst.included.back();
      d->relation = s.relation;
      d->offsets.assign(base_rows + 1, 0);
    }
    auto child_base = static_cast<std::uint32_t>(d->records.rows.size());
    for (std::size_t i = 0; i + 1 < s.offsets.size(); ++i) {
      for (std::uint32_t k = s.offsets[i]; k < s.offsets[i + 1]; ++k) d->items.push_back(child_base + s.items[k]);
      d->offsets.push_back(static_cast<std::uint32_t>(d->items.size()));
    }
    append(d->records, std::move(s.records));
  }
}

}  // namespace toasty::engine
