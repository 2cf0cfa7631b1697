// Expressions of db-level statements.
//
// Parentheses: comparison operators bind tighter than NOT/AND/OR in all three dialects, so
// a comparison needs none inside AND/OR; an AND inside an OR (or the reverse) and every
// compound operand of NOT, IS NULL, IN or a comparison gets them. NOT always parenthesizes
// its operand, which also keeps MySQL's HIGH_NOT_PRECEDENCE mode harmless.
#include <string>
#include <type_traits>
#include <variant>

#include <algorithm>

#include "dialect.hpp"
#include "toasty/error.hpp"

namespace toasty::sql::detail {

const char* binary_operator(stmt::BinaryOp op) {
  switch (op) {
    case stmt::BinaryOp::Eq: return " = ";
    case stmt::BinaryOp::Ne: return " <> ";
    case stmt::BinaryOp::Lt: return " < ";
    case stmt::BinaryOp::Le: return " <= ";
    case stmt::BinaryOp::Gt: return " > ";
    case stmt::BinaryOp::Ge: return " >= ";
  }
  throw InvalidStatement("toasty: unknown binary operator");
}

namespace {

bool is_atomic(const stmt::Expr& e) {
  return std::holds_alternative<stmt::ExprValue>(e.node) ||
         std::holds_alternative<stmt::ExprColumn>(e.node) ||
         std::holds_alternative<stmt::ExprArg>(e.node);
}

bool is_and_or(const stmt::Expr& e) {
  return std::holds_alternative<stmt::ExprAnd>(e.node) ||
         std::holds_alternative<stmt::ExprOr>(e.node);
}

}  // namespace

void Writer::set_table(std::size_t table_id) {
  if (table_id >= schema_.tables.size()) {
    throw InvalidStatement("toasty: statement targets table #" + std::to_string(table_id) +
                           " but the schema has " + std::to_string(schema_.tables.size()) +
                           " tables");
  }
  table_id_ = table_id;
  table_ = &schema_.tables[table_id];
  if (!has_root_) {
    has_root_ = true;
    root_table_id_ = table_id;
  }
}

void Writer::subquery(const stmt::Select& query) {
  const db::Table* outer = table_;
  const std::size_t outer_id = table_id_;
  enclosing_.push_back(outer_id);
  write_subquery(*this, query);
  enclosing_.pop_back();
  table_ = outer;
  table_id_ = outer_id;
}

void Writer::identifier(std::string_view name) { sql_ += quote_identifier(name, dialect_); }

void Writer::param(Value v) {
  params_.push_back(std::move(v));
  write_placeholder(sql_, params_.size(), dialect_);
}

void Writer::arg(std::size_t index) {
  if (index >= args_.size() || args_[index] == nullptr)
    throw InvalidStatement("toasty: argument #" + std::to_string(index) +
                           " was not bound before serializing the statement");
  param(*args_[index]);
  arg_slots_.emplace_back(params_.size() - 1, index);
}

void Writer::column(std::size_t column) {
  if (column >= table_->columns.size()) {
    throw InvalidStatement("toasty: column #" + std::to_string(column) + " does not exist in table \"" +
                           table_->name + "\"");
  }
  identifier(table_->columns[column].name);
}

void Writer::column_list(const std::vector<std::size_t>& columns) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i != 0) sql_ += ", ";
    if (columns[i] == stmt::kUnread) sql_ += "NULL";
    else column(columns[i]);
  }
}

void Writer::operand(const stmt::ExprPtr& e) {
  if (!e) throw InvalidStatement("toasty: missing expression operand");
  if (is_atomic(*e)) {
    expr(e);
  } else {
    sql_ += '(';
    expr(e);
    sql_ += ')';
  }
}

void Writer::expr(const stmt::ExprPtr& e) {
  if (!e) throw InvalidStatement("toasty: missing expression");
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, stmt::ExprValue>) {
          param(node.value);
        } else if constexpr (std::is_same_v<T, stmt::ExprField>) {
          throw InvalidStatement(
              "toasty: the SQL serializer got an app-level field reference; statements must "
              "be lowered to db level (columns) first");
        } else if constexpr (std::is_same_v<T, stmt::ExprColumn>) {
          if (node.table != table_id_) {
            // A correlated reference to an enclosing statement's row: qualified by its table
            // (lowering keeps the tables apart).
            if (std::find(enclosing_.begin(), enclosing_.end(), node.table) == enclosing_.end() ||
                node.table >= schema_.tables.size() ||
                node.column >= schema_.tables[node.table].columns.size()) {
              throw InvalidStatement("toasty: expression names a column of table #" +
                                     std::to_string(node.table) + " in a statement on \"" +
                                     table_->name + "\"");
            }
            identifier(schema_.tables[node.table].name);
            sql_ += '.';
            identifier(schema_.tables[node.table].columns[node.column].name);
          } else {
            column(node.column);
          }
        } else if constexpr (std::is_same_v<T, stmt::ExprArg>) {
          arg(node.index);
        } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
          operand(node.lhs);
          sql_ += binary_operator(node.op);
          operand(node.rhs);
        } else if constexpr (std::is_same_v<T, stmt::ExprAnd> || std::is_same_v<T, stmt::ExprOr>) {
          constexpr bool is_and = std::is_same_v<T, stmt::ExprAnd>;
          if (node.operands.empty()) {
            sql_ += is_and ? "1 = 1" : "1 = 0";  // neutral element: true / false
            return;
          }
          if (node.operands.size() == 1) {
            expr(node.operands.front());
            return;
          }
          for (std::size_t i = 0; i < node.operands.size(); ++i) {
            if (i != 0) sql_ += is_and ? " AND " : " OR ";
            const stmt::ExprPtr& o = node.operands[i];
            if (!o) throw InvalidStatement("toasty: missing expression operand");
            if (is_and_or(*o)) {
              sql_ += '(';
              expr(o);
              sql_ += ')';
            } else {
              expr(o);
            }
          }
        } else if constexpr (std::is_same_v<T, stmt::ExprNot>) {
          sql_ += "NOT ";
          if (node.operand && is_atomic(*node.operand)) {
            expr(node.operand);
          } else {
            sql_ += '(';
            expr(node.operand);
            sql_ += ')';
          }
        } else if constexpr (std::is_same_v<T, stmt::ExprIsNull>) {
          operand(node.operand);
          sql_ += " IS NULL";
        } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
          if (node.list.empty()) {
            sql_ += "1 = 0";  // x IN () is false; `IN ()` itself is a syntax error
            return;
          }
          operand(node.lhs);
          sql_ += " IN (";
          for (std::size_t i = 0; i < node.list.size(); ++i) {
            if (i != 0) sql_ += ", ";
            expr(node.list[i]);
          }
          sql_ += ')';
        } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
          if (!node.lhs || !node.prefix) throw InvalidStatement("toasty: missing expression operand");
          write_text_match(*this, node);
        } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
          if (!node.lhs || (!node.values && node.kind != stmt::ExprListOp::Kind::IsEmpty))
            throw InvalidStatement("toasty: missing expression operand");
          write_list_op(*this, node);
        } else if constexpr (std::is_same_v<T, stmt::ExprInSubquery>) {
          if (node.lhs.empty() || !node.query) throw InvalidStatement("toasty: malformed IN subquery");
          if (node.lhs.size() == 1) {
            operand(node.lhs[0]);
          } else {  // row value: (a, b) IN (SELECT x, y ...)
            sql_ += '(';
            for (std::size_t i = 0; i < node.lhs.size(); ++i) {
              if (i != 0) sql_ += ", ";
              expr(node.lhs[i]);
            }
            sql_ += ')';
          }
          sql_ += node.negate ? " NOT IN (" : " IN (";
          if (node.query->returning.size() != node.lhs.size()) {
            throw InvalidStatement("toasty: IN subquery compares " + std::to_string(node.lhs.size()) +
                                   " values with " + std::to_string(node.query->returning.size()) +
                                   " columns");
          }
          // The subquery is uncorrelated: its unqualified columns are its own table's.
          subquery(*node.query);
          sql_ += ')';
        } else if constexpr (std::is_same_v<T, stmt::ExprRelated> ||
                             std::is_same_v<T, stmt::ExprScope>) {
          throw InvalidStatement(
              "toasty: the SQL serializer got an app-level relation filter; statements must "
              "be lowered to db level first");
        } else {
          static_assert(!sizeof(T), "unhandled expression node");
        }
      },
      e->node);
}

}  // namespace toasty::sql::detail
