#pragma once
// Expression AST shared by app-level statements (fields of models) and db-level
// statements (columns of tables). Nodes are immutable and shared, so copying an
// expression is cheap.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include "toasty/core/value.hpp"

namespace toasty::app {
struct Model;
}

namespace toasty::stmt {

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

enum class BinaryOp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge };
std::string_view to_string(BinaryOp op);

struct ExprValue { Value value; };
// App level: a field of a model.
struct ExprField { const app::Model* model; std::size_t field; };
// Db level: a column of the statement's table.
struct ExprColumn { std::size_t table; std::size_t column; };
// A placeholder bound at execution time (plan cache: same shape, new values).
struct ExprArg { std::size_t index; };
struct ExprBinary { BinaryOp op; ExprPtr lhs; ExprPtr rhs; };
struct ExprAnd { std::vector<ExprPtr> operands; };
struct ExprOr { std::vector<ExprPtr> operands; };
struct ExprNot { ExprPtr operand; };
struct ExprIsNull { ExprPtr operand; };
struct ExprInList { ExprPtr lhs; std::vector<ExprPtr> list; };
// Case-sensitive prefix match; each dialect spells it its own way.
// Case-sensitive text matching, the same on every backend: `lhs` starts with, ends with or
// contains `pattern` (plain text: no wildcards).
struct ExprTextMatch {
  // Like: `prefix` is a LIKE pattern (% any run, _ one character) whose escape character is
  // kLikeEscape, the same on every backend.
  enum class Kind : std::uint8_t { StartsWith, EndsWith, Contains, Equals, Like };
  static constexpr char kLikeEscape = '!';
  ExprPtr lhs;
  ExprPtr prefix;  // the pattern
  Kind kind = Kind::StartsWith;
  // ASCII letters match either case (the pattern is lower case already; `lhs` is folded
  // A-Z -> a-z where it is read); every other character matches only itself.
  bool ignore_case = false;
};
std::string_view to_string(ExprTextMatch::Kind k);
// A Vec<T> column `lhs` holds every element of `values` (a list value), at least one of
// them, or nothing at all (`values` unused).
struct ExprListOp {
  enum class Kind : std::uint8_t { ContainsAll, ContainsAny, IsEmpty };
  Kind kind = Kind::ContainsAll;
  ExprPtr lhs;
  ExprPtr values;
};

struct Select;
// App level: a relation of `model` has a related record matching `filter` (any), or
// every related record matches it (all; true when there are none). A filter through
// a belongs_to path (Todo::fields().user().name()) is `any` over that relation.
struct ExprRelated { const app::Model* model; std::size_t relation; ExprPtr filter; bool all = false; };
// (lhs...) [NOT] IN (subquery). The subquery is uncorrelated: its columns belong to its
// own table. At app level (Path::in_query) the subquery is an app-level select of one
// model whose `project` names the fields it returns; lowering makes both db level.
struct ExprInSubquery { std::vector<ExprPtr> lhs; std::shared_ptr<const Select> query; bool negate = false; };

// App level: the records of `owner.relations[relation]`'s target that belong to the
// owner record whose relation source fields hold `key` (a scoped query: user.todos()).
// With `by_filter`: the records related to every owner record matching `owners` (null:
// every owner), instead of the one with `key` (Query::related: a query's relation).
struct ExprScope {
  const app::Model* owner;
  std::size_t relation;
  std::vector<Value> key;
  bool by_filter = false;
  ExprPtr owners = nullptr;
};

struct Expr {
  using Node = std::variant<ExprValue, ExprField, ExprColumn, ExprArg, ExprBinary, ExprAnd, ExprOr,
                            ExprNot, ExprIsNull, ExprInList, ExprTextMatch, ExprRelated,
                            ExprInSubquery, ExprScope, ExprListOp>;
  Node node;
};

// Constructors that keep call sites short.
ExprPtr value(Value v);
ExprPtr field(const app::Model* model, std::size_t field);
ExprPtr column(std::size_t table, std::size_t column);
ExprPtr arg(std::size_t index);
ExprPtr binary(BinaryOp op, ExprPtr lhs, ExprPtr rhs);
ExprPtr and_(ExprPtr a, ExprPtr b);  // flattens nested ANDs
ExprPtr or_(ExprPtr a, ExprPtr b);   // flattens nested ORs
ExprPtr not_(ExprPtr e);
ExprPtr is_null(ExprPtr e);
ExprPtr in_list(ExprPtr lhs, std::vector<ExprPtr> list);
ExprPtr starts_with(ExprPtr lhs, ExprPtr prefix);
ExprPtr text_match(ExprTextMatch::Kind kind, ExprPtr lhs, ExprPtr pattern, bool ignore_case = false);
// The same match as `like` on other operands.
ExprPtr text_match(const ExprTextMatch& like, ExprPtr lhs, ExprPtr pattern);
ExprPtr list_op(ExprListOp::Kind kind, ExprPtr lhs, ExprPtr values);
ExprPtr related(const app::Model* model, std::size_t relation, ExprPtr filter, bool all = false);
ExprPtr scope(const app::Model* owner, std::size_t relation, std::vector<Value> key);
// The records of `owner.relations[relation]`'s target related to the owners matching `owners`.
ExprPtr scope_of(const app::Model* owner, std::size_t relation, ExprPtr owners);
ExprPtr in_subquery(std::vector<ExprPtr> lhs, std::shared_ptr<const Select> query, bool negate = false);

}  // namespace toasty::stmt
