// Upserts: insert, and on a collision with the target's unique value, update (or read) the
// record that holds it. The database's unique constraint decides who inserts, so any number
// of racing upserts of one value leave one record; a record removed between the failed
// insert and the update makes the upsert try again.
#include <algorithm>
#include <set>

#include "front/field_terms.hpp"
#include "toasty/db.hpp"
#include "toasty/model/upsert.hpp"

namespace toasty::detail {

namespace {

constexpr int kMaxRaces = 8;

// The fields and values of the target filter (equalities under an AND).
void target_fields(const stmt::ExprPtr& e, std::vector<std::pair<std::size_t, Value>>& out) {
  std::vector<std::pair<std::size_t, const Value*>> terms;
  if (!field_terms(e, terms)) throw InvalidStatement("toasty: an upsert's target is a unique lookup (upsert_by_...)");
  for (const auto& [field, value] : terms) out.emplace_back(field, *value);
}

ResultSet insert(Executor& ex, const CreateBuilder& values) {
  // PostgreSQL ends a transaction at a failed statement: the insert goes in a nested one.
  if (auto* tx = dynamic_cast<Transaction*>(&ex))
    return tx->transaction([&](Transaction& inner) { return values.exec(inner); });
  return values.exec(ex);
}

}  // namespace

UpsertResult run_upsert(Executor& ex, const CreateBuilder& given, const stmt::ExprPtr& target,
                        const std::optional<std::vector<std::size_t>>& update_fields) {
  const app::Model& model = given.model();
  if (given.has_nested())
    throw InvalidStatement("toasty: an upsert of " + model.name + " creates one record: nested creates go through create()");
  std::vector<std::pair<std::size_t, Value>> on;
  target_fields(target, on);
  CreateBuilder values = given;
  std::set<std::string> target_names;
  for (auto& [field, value] : on) {
    values.set(field, value);
    target_names.insert(model.fields.at(field).name);
  }
  // What an update on conflict assigns: the fields asked for, or every field the create
  // sets but the target's and the key's.
  std::vector<std::size_t> assign;
  if (update_fields) {
    assign = *update_fields;
  } else {
    for (std::size_t f = 0; f < values.values().size(); ++f) {
      bool key = std::find(model.primary_key.begin(), model.primary_key.end(), f) != model.primary_key.end();
      bool targeted = std::any_of(on.begin(), on.end(), [&](const auto& p) { return p.first == f; });
      if (values.values()[f] && !key && !targeted && !model.fields[f].auto_generated) assign.push_back(f);
    }
  }
  for (std::size_t f : assign)
    if (f >= values.values().size() || !values.values()[f])
      throw InvalidStatement("toasty: on_conflict_update() of " + model.name + " names field " +
                             (f < model.fields.size() ? model.fields[f].name : std::to_string(f)) +
                             ", which the create does not set");

  for (int attempt = 0; attempt < kMaxRaces; ++attempt) {
    try {
      return {insert(ex, values), true};
    } catch (const UniqueViolation& e) {
      std::set<std::string> hit(e.fields().begin(), e.fields().end());
      // Another unique value is taken: a real error, unless the target's is taken too (a
      // database reports one of the values an insert duplicates, whichever it checks first).
      if (hit != target_names) {
        stmt::Select read;
        read.model = &model;
        read.filter = target;
        if (ex.exec(stmt::Statement(std::move(read))).size() == 0) throw;
      }
    }
    ResultSet rs;
    if (assign.empty()) {  // on_conflict_do_nothing(): the record as it is
      stmt::Select read;
      read.model = &model;
      read.filter = target;
      rs = ex.exec(stmt::Statement(std::move(read)));
    } else {
      stmt::Update update;
      update.model = &model;
      update.filter = target;
      for (std::size_t f : assign) update.assignments.push_back({f, stmt::value(*values.values()[f])});
      stmt::add_update_now(model, update.assignments);
      update.read_back = true;
      rs = ex.exec(stmt::Statement(std::move(update)));
    }
    if (rs.size() > 0) return {std::move(rs), false};
    // Removed since the insert failed: insert again.
  }
  SerializationFailure e("toasty: an upsert of " + model.name +
                         " kept colliding with writers that created and removed the same record; run it again");
  e.set_database_code({}, {}, true);
  throw e;
}

}  // namespace toasty::detail
