// DynamoDB expressions (expressions.hpp).
#include "driver/dynamodb/expressions.hpp"

namespace toasty::dynamodb {

std::string exists_and(Expressions& ex, const db::Table& t, const stmt::ExprPtr& condition) {
  std::string cond = "attribute_exists(" + ex.name(t.primary_key[0]) + ")";
  if (condition) cond += " AND " + ex.truth(condition);
  return cond;
}

std::string update_expression(Expressions& ex, const db::Table& t,
                              const std::vector<std::pair<std::size_t, Value>>& assignments,
                              const std::vector<driver::ComputedAssignment>& computed) {
  std::string set, remove;
  for (const auto& c : computed) {
    for (std::size_t k : t.primary_key)
      if (k == c.column)
        throw UnsupportedQuery("toasty: DynamoDB cannot change key column \"" + t.columns[k].name + "\" of table \"" +
                               t.name + "\": remove the item and create it with the new key");
    std::string target = ex.name(c.column);
    set += (set.empty() ? "" : ", ") + target + " = ";
    switch (c.op) {
      case driver::ComputedAssignment::Op::Add: set += target + " + " + ex.value(c.column, c.value); break;
      case driver::ComputedAssignment::Op::Sub: set += target + " - " + ex.value(c.column, c.value); break;
      case driver::ComputedAssignment::Op::Copy: set += ex.name(c.source); break;
    }
  }
  for (const auto& [col, v] : assignments) {
    for (std::size_t k : t.primary_key)
      if (k == col)
        throw UnsupportedQuery("toasty: DynamoDB cannot change key column \"" + t.columns[col].name + "\" of table \"" +
                               t.name + "\": remove the item and create it with the new key");
    if (v.is_null()) {
      remove += (remove.empty() ? "" : ", ") + ex.name(col);
    } else {
      set += (set.empty() ? "" : ", ") + ex.name(col) + " = " + ex.value(col, v);
    }
  }
  std::string out;
  if (!set.empty()) out += "SET " + set;
  if (!remove.empty()) out += (out.empty() ? "" : " ") + std::string("REMOVE ") + remove;
  return out;
}

Json apply(const db::Table& t, Json item, const std::vector<std::pair<std::size_t, Value>>& assignments) {
  for (const auto& [col, v] : assignments) {
    if (v.is_null())
      item.erase(t.columns.at(col).name);
    else
      item[t.columns.at(col).name] = to_av(t, col, v);
  }
  return item;
}

std::string unchanged(Expressions& ex, const db::Table& t, const std::set<std::size_t>& cols, const Json& item) {
  std::string out;
  for (std::size_t c : cols) {
    std::string n = ex.name(c);
    auto it = item.find(t.columns[c].name);
    out += (out.empty() ? "" : " AND ") +
           (it == item.end() ? "attribute_not_exists(" + n + ")" : n + " = " + ex.value(*it));
  }
  return out;
}

}  // namespace toasty::dynamodb
