// Plans as text: one step a line, slots as $N, statements in a neutral SQL-like form
// with table and column names. What Db::explain_plan returns and engine tests read.
#include <sstream>

#include "engine/kv.hpp"
#include "engine/plan.hpp"

namespace toasty::engine {

namespace {

class Printer {
 public:
  explicit Printer(const Schema& schema) : schema_(schema) {}

  std::string statement(const stmt::Statement& s) {
    std::visit([&](const auto& x) { write(x); }, s);
    return out_.str();
  }

 private:
  const Schema& schema_;
  std::ostringstream out_;

  const db::Table& table(std::size_t t) const { return schema_.db().tables.at(t); }

  void columns(std::size_t t, const std::vector<std::size_t>& cols) {
    out_ << '(';
    for (std::size_t i = 0; i < cols.size(); ++i)
      out_ << (i ? ", " : "") << (cols[i] == stmt::kUnread ? std::string("null") : table(t).columns.at(cols[i]).name);
    out_ << ')';
  }

  void write(const stmt::Select& s) {
    out_ << (s.count ? "count " : "select ") << table(s.target).name;
    if (!s.count) columns(s.target, s.returning);
    if (s.filter) {
      out_ << " where ";
      expr(s.filter);
    }
    for (std::size_t i = 0; i < s.order_by.size(); ++i) {
      out_ << (i ? ", " : " order by ");
      expr(s.order_by[i].expr);
      if (s.order_by[i].descending) out_ << " desc";
    }
    if (s.limit) out_ << " limit " << *s.limit;
    if (s.offset) out_ << " offset " << *s.offset;
    if (s.allow_full_scan) out_ << " [full scan allowed]";
  }
  void write(const stmt::Insert& s) {
    out_ << "insert " << table(s.target).name;
    columns(s.target, s.columns);
    if (s.rows.size() == 1) {
      out_ << " values (";
      for (std::size_t i = 0; i < s.rows[0].size(); ++i) {
        out_ << (i ? ", " : "");
        expr(s.rows[0][i]);
      }
      out_ << ')';
    } else {
      out_ << " values <" << s.rows.size() << " rows>";
    }
    if (!s.returning.empty()) {
      out_ << " returning ";
      columns(s.target, s.returning);
    }
  }
  void write(const stmt::Update& s) {
    out_ << "update " << table(s.target).name << " set ";
    for (std::size_t i = 0; i < s.assignments.size(); ++i) {
      const auto& column = table(s.target).columns.at(s.assignments[i].target).name;
      out_ << (i ? ", " : "") << column << " = ";
      if (s.assignments[i].op != stmt::Assignment::Op::Set)
        out_ << column << (s.assignments[i].op == stmt::Assignment::Op::Add ? " + " : " - ");
      expr(s.assignments[i].value);
    }
    if (s.filter) {
      out_ << " where ";
      expr(s.filter);
    }
    if (!s.returning.empty()) {
      out_ << " returning ";
      columns(s.target, s.returning);
    }
  }
  void write(const stmt::Delete& s) {
    out_ << "delete " << table(s.target).name;
    if (s.filter) {
      out_ << " where ";
      expr(s.filter);
    }
  }

  void list(const std::vector<stmt::ExprPtr>& v, const char* sep) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out_ << sep;
      expr(v[i]);
    }
  }

  void expr(const stmt::ExprPtr& e) {
    if (!e) {
      out_ << "true";
      return;
    }
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, stmt::ExprValue>) {
            out_ << (n.value.is_string() ? "'" + n.value.as_string() + "'" : n.value.debug_string());
          } else if constexpr (std::is_same_v<T, stmt::ExprColumn>) {
            out_ << table(n.table).columns.at(n.column).name;
          } else if constexpr (std::is_same_v<T, stmt::ExprArg>) {
            out_ << "$arg" << n.index;
          } else if constexpr (std::is_same_v<T, stmt::ExprBinary>) {
            expr(n.lhs);
            out_ << ' ' << stmt::to_string(n.op) << ' ';
            expr(n.rhs);
          } else if constexpr (std::is_same_v<T, stmt::ExprAnd>) {
            out_ << '(';
            list(n.operands, " and ");
            out_ << ')';
          } else if constexpr (std::is_same_v<T, stmt::ExprOr>) {
            out_ << '(';
            list(n.operands, " or ");
            out_ << ')';
          } else if constexpr (std::is_same_v<T, stmt::ExprNot>) {
            out_ << "not ";
            expr(n.operand);
          } else if constexpr (std::is_same_v<T, stmt::ExprIsNull>) {
            expr(n.operand);
            out_ << " is null";
          } else if constexpr (std::is_same_v<T, stmt::ExprInList>) {
            expr(n.lhs);
            out_ << " in (";
            list(n.list, ", ");
            out_ << ')';
          } else if constexpr (std::is_same_v<T, stmt::ExprTextMatch>) {
            expr(n.lhs);
            out_ << ' ' << stmt::to_string(n.kind) << (n.ignore_case ? "_ignore_case " : " ");
            expr(n.prefix);
          } else if constexpr (std::is_same_v<T, stmt::ExprListOp>) {
            expr(n.lhs);
            if (n.kind == stmt::ExprListOp::Kind::IsEmpty) {
              out_ << " is_empty";
            } else {
              out_ << (n.kind == stmt::ExprListOp::Kind::ContainsAll ? " contains_all " : " contains_any ");
              expr(n.values);
            }
          } else if constexpr (std::is_same_v<T, stmt::ExprInSubquery>) {
            out_ << '(';
            list(n.lhs, ", ");
            out_ << (n.negate ? ") not in (" : ") in (");
            write(*n.query);
            out_ << ')';
          } else {
            out_ << "<app-level expression>";
          }
        },
        e->node);
  }
};

// (Appended, not `"$" + std::to_string(s)`: GCC 12 at -O2 warns falsely (-Wrestrict) on that.)
std::string slot(SlotId s) {
  std::string out = "$";
  out += std::to_string(s);
  return out;
}

// The key-value operations a planned statement uses, in words (described only here, when
// a plan is printed, not while planning).
std::string access(const KvPlan& plan, const Schema& schema) {
  std::size_t table = std::visit([](const auto& s) { return s.target; }, plan.statement);
  std::string out;
  const char* upkeep = "";
  if (auto* ins = std::get_if<stmt::Insert>(&plan.statement)) {
    out = "InsertItems (" + std::to_string(ins->rows.size()) + (ins->rows.size() == 1 ? " item)" : " items)");
    upkeep = "puts";
  } else {
    out = kv::describe(kv::target(schema, table, "", plan.backend), plan.path);
    if (!plan.path_final) out += ", its keys or partitions filled in when the plan runs";
    // The subqueries, read first, each by its own path.
    for (std::size_t i = 0; i < plan.subqueries.size(); ++i)
      out += "; reads subquery " + std::to_string(i + 1) + " (" + describe(plan.subqueries[i]->statement, schema) +
             ") via " + access(*plan.subqueries[i], schema);
    upkeep = std::holds_alternative<stmt::Update>(plan.statement) ? "moves" : "removes";
  }
  if (std::holds_alternative<stmt::Select>(plan.statement)) return out;
  if (plan.unique_upkeep.empty()) return out;
  // The entries of unique indexes the write keeps with each item, in the same request.
  const db::Table& t = schema.db().tables.at(table);
  out += std::string("; ") + upkeep + " the entr" + (plan.unique_upkeep.size() == 1 ? "y" : "ies") + " of unique index";
  for (std::size_t i = 0; i < plan.unique_upkeep.size(); ++i) {
    out += i ? ", " : " ";
    out += t.indexes.at(plan.unique_upkeep[i]).name;
  }
  return out + " with each item";
}

std::string binds(const std::vector<SlotBind>& b) {
  std::string out;
  for (const auto& x : b)
    out += (out.empty() ? " [" : ", ") + std::string("$arg") + std::to_string(x.arg) + " = " + slot(x.slot) +
           ".field" + std::to_string(x.column);
  return out.empty() ? out : out + "]";
}

}  // namespace

std::string describe(const stmt::Statement& db_statement, const Schema& schema) {
  return Printer(schema).statement(db_statement);
}

std::string to_string(const Plan& plan, const Schema& schema) {
  std::ostringstream out;
  auto model = [&](std::size_t m) { return schema.model(m).name; };
  for (const Step& step : plan.steps) {
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, ExecStatement>) {
            out << slot(s.out) << " = sql " << describe(s.statement, schema) << binds(s.binds);
          } else if constexpr (std::is_same_v<T, ExecKv>) {
            out << slot(s.out) << " = kv " << describe(s.plan->statement, schema) << binds(s.binds);
            out << " via " << access(*s.plan, schema);
          } else if constexpr (std::is_same_v<T, KvTransactWrite>) {
            out << "transact_write";
            for (std::size_t i = 0; i < s.inserts.size(); ++i)
              out << "\n  " << slot(s.outs[i]) << " = " << describe(s.inserts[i]->statement, schema) << " via "
                  << access(*s.inserts[i], schema);
          } else if constexpr (std::is_same_v<T, ComposeInserted>) {
            out << slot(s.out) << " = compose_inserted " << schema.db().tables.at(s.table).name << " from "
                << slot(s.in) << " and the insert's values";
          } else if constexpr (std::is_same_v<T, ReadBackInserted>) {
            out << slot(s.out) << " = read_back " << schema.db().tables.at(s.table).name << " by the key of "
                << slot(s.in);
          } else if constexpr (std::is_same_v<T, LoadRelation>) {
            const app::Model& from = schema.model(s.relation_model);
            out << slot(s.out) << " = load " << from.name << '.' << from.relations.at(s.relation).name << " of "
                << slot(s.from) << ": " << (s.key_value ? "kv " : "sql ")
                << describe(s.select, schema) << " where (";
            for (std::size_t i = 0; i < s.target_fields.size(); ++i)
              out << (i ? ", " : "") << schema.model(s.to_model).fields.at(s.target_fields[i]).name;
            out << ") in keys of " << slot(s.from) << ", " << s.keys_per_statement << " per statement";
            if (s.per_parent_limit) out << ", at most " << *s.per_parent_limit << " per parent";
          } else if constexpr (std::is_same_v<T, Attach>) {
            out << "attach " << slot(s.child) << " to " << slot(s.parent) << " as relation #" << s.relation;
          } else if constexpr (std::is_same_v<T, InsertChunks>) {
            std::size_t rows = 0;
            for (const auto& c : s.chunks) rows += c.rows.size();
            out << slot(s.out) << " = insert " << rows << " rows in " << s.chunks.size() << " statements of at most "
                << s.rows_per_chunk << " rows (each planned and cached as its own insert)";
          } else if constexpr (std::is_same_v<T, ListChunks>) {
            out << slot(s.out) << " = split by in_list: " << s.list_values << " distinct values in "
                << s.chunks.size() << " statements of at most " << s.values_per_chunk
                << " (each planned and cached as its own)";
            if (s.overlap) out << ", one row per key";
            for (std::size_t i = 0; i < s.order_by.size(); ++i)
              out << (i ? ", " : ", sorted by ") << schema.model(plan.model_id).fields.at(s.order_by[i].first).name
                  << (s.order_by[i].second ? " desc" : "");
            if (s.offset) out << ", offset " << *s.offset;
            if (s.limit) out << ", limit " << *s.limit;
          }
        },
        step);
    out << '\n';
  }
  out << "output " << slot(plan.output) << " (" << model(plan.model_id) << ")";
  if (plan.atomic) out << ", atomic";
  if (plan.streamable) out << ", streamable";
  out << '\n';
  return out.str();
}

}  // namespace toasty::engine
