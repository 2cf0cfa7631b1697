// toasty::migrate / rollback / migration_status: migrations run on one pinned connection
// under the database's migration lock, each recorded in the history table.
#include <algorithm>
#include <chrono>
#include <functional>
#include <map>

#include "migrate/history.hpp"
#include "migrate/split_statements.hpp"
#include "migrate/steps_file.hpp"
#include "toasty/core/time.hpp"
#include "toasty/migrate.hpp"
#include "toasty/pool.hpp"

namespace toasty {

namespace {

using migrations::History;
using migrations::HistoryRow;
using migrations::SqlStatement;

std::uint64_t id_number(const std::string& id) {
  if (id.empty() || id.size() > 9 || !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw MigrationError("toasty: \"" + id + "\" is not a migration id (digits, e.g. 0003)");
  return std::stoull(id);
}

// "0003" or "0003_add_bio" -> 3.
std::uint64_t target_number(const std::string& to) {
  const std::size_t cut = to.find('_');
  return id_number(cut == std::string::npos ? to : to.substr(0, cut));
}

const Migration* find(std::span<const Migration> list, const std::string& id) {
  for (const Migration& m : list)
    if (id_number(m.id) == id_number(id)) return &m;
  return nullptr;
}

std::string file_of(const Migration& m, const char* direction, std::string_view driver) {
  return m.full_name() + "/" + direction + "." + std::string(driver) + (driver == "dynamodb" ? ".json" : ".sql");
}

std::string excerpt(const std::string& sql) {
  std::string one_line;
  for (char c : sql) one_line += c == '\n' ? ' ' : c;
  if (one_line.size() > 160) one_line = one_line.substr(0, 157) + "...";
  return one_line;
}

// The pinned connection, the lock, and the history table; the connection is dropped
// rather than pooled again after a failure (a transaction may be left open on it).
class Session {
 public:
  explicit Session(Db& db) : driver_(db.driver().name()), lease_(db.pool().acquire()) {
    try {
      history_ = migrations::make_history(*lease_, driver_);
      history_->lock();
      history_->create_table();
    } catch (...) {
      fail();
      throw;
    }
  }
  ~Session() {
    if (history_) history_->unlock();
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void fail() noexcept {
    if (history_) history_->unlock();
    lease_.discard();
  }
  History& history() { return *history_; }
  const std::string& driver() const { return driver_; }
  // SQLite and PostgreSQL run a migration in one transaction; MySQL commits each DDL
  // statement and DynamoDB has no transactions, so there the history records each one.
  bool transactional_ddl() const { return driver_ == "sqlite" || driver_ == "postgresql"; }
  bool key_value() const { return driver_ == "dynamodb"; }
  // What a migration is made of here, for messages.
  const char* unit() const { return key_value() ? "step" : "statement"; }

 private:
  std::string driver_;
  Pool::Lease lease_;
  std::unique_ptr<History> history_;
};

[[noreturn]] void statement_failed(const Migration& m, const char* direction, const Session& s,
                                   const std::vector<SqlStatement>& statements, std::size_t index, const Error& e,
                                   const std::string& state) {
  MigrationError err("toasty: migration " + m.full_name() + " failed at " + s.unit() + " " +
                     std::to_string(index + 1) + " of " + std::to_string(statements.size()) + " (" +
                     file_of(m, direction, s.driver()) + ":" + std::to_string(statements[index].line) + "): " +
                     e.what() + "\n  " + s.unit() + ": " + excerpt(statements[index].text) + "\n  " + state);
  err.set_database_code(e.code(), e.sqlstate(), false);
  err.migration = m.full_name();
  err.statement = index + 1;
  throw err;
}

std::chrono::milliseconds since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
}

// Refuses to go on from a history the migrations do not explain.
void check_history(const std::vector<HistoryRow>& rows, std::span<const Migration> list, const Session& s,
                   bool applying) {
  for (const HistoryRow& row : rows) {
    const Migration* m = find(list, row.id);
    if (!m)
      throw MigrationError("toasty: the database has applied migration " + row.id + "_" + row.name +
                           ", which is not among the migrations given: a newer version of the program migrated it? "
                           "Run the migrations directory that has it");
    if (row.status == "partial_down" && applying)
      throw MigrationError("toasty: rolling back migration " + m->full_name() + " stopped after " +
                           std::to_string(row.statements_done) +
                           " " + s.unit() + "s of its down migration; run the rollback again to finish it first");
    if (row.status == "applied" && row.checksum != migrations::checksum(m->sql_for(s.driver()).up))
      throw MigrationError("toasty: migration " + m->full_name() + " was edited after it was applied here (" +
                           file_of(*m, "up", s.driver()) +
                           " differs from what ran): put it back as it was, and make the change in a new migration");
  }
}

std::vector<SqlStatement> statements_of(const Migration& m, const char* direction, const Session& s) {
  const Migration::Sql& sql = m.sql_for(s.driver());
  const std::string& text = direction[0] == 'u' ? sql.up : sql.down;
  if (s.key_value()) return migrations::split_steps(text, file_of(m, direction, s.driver()));
  return migrations::split_statements(text, file_of(m, direction, s.driver()), s.driver() == "mysql");
}

std::vector<std::string> texts(const std::vector<SqlStatement>& statements) {
  std::vector<std::string> out;
  for (const SqlStatement& st : statements) out.push_back(st.text);
  return out;
}

using Progress = std::function<void(const Migration&, std::size_t, std::size_t)>;
using Waiting = std::function<void(const Migration&, std::string_view)>;

// Up (apply) or down (roll back): which file runs, how the history changes.
struct Direction {
  bool up;
  const char* file;     // "up" / "down"
  const char* partial;  // the history status while a MySQL run is unfinished
};
constexpr Direction kUp{true, "up", "partial_up"};
constexpr Direction kDown{false, "down", "partial_down"};

// One migration one way. Where DDL is transactional, in one transaction; elsewhere
// statement by statement with the progress in the history row, so that a failure says
// how far it got and running again goes on from there. False when another process did it
// meanwhile (the history says so once this one holds the lock or the write transaction).
bool run_one(Session& s, const Migration& m, Direction dir, MigrationStep& step, const Progress& progress,
             const Waiting& waiting) {
  History& h = s.history();
  const auto statements = statements_of(m, dir.file, s);
  const auto t0 = std::chrono::steady_clock::now();
  const std::string checksum = migrations::checksum(m.sql_for(s.driver()).up);
  auto applied_row = [&] {
    step.duration = since(t0);
    return HistoryRow{m.id, m.name, checksum, format_timestamp(now()), step.duration.count(), "applied",
                      static_cast<std::int64_t>(statements.size())};
  };
  auto run = [&](std::size_t i) {
    if (progress) progress(m, i + 1, statements.size());
    std::function<void(std::string_view)> heard;
    if (waiting) heard = [&](std::string_view what) { waiting(m, what); };
    h.run(statements[i].text, heard);
  };

  if (s.transactional_ddl()) {
    h.begin();
    std::size_t i = 0;
    try {
      const bool recorded = h.row(m.id).has_value();
      if (dir.up ? recorded : !recorded) {  // done by another process meanwhile
        h.commit();
        return false;
      }
      for (; i < statements.size(); ++i) run(i);
      if (dir.up) h.insert(applied_row());
      else h.remove(m.id);
      h.commit();
      step.duration = since(t0);
      return true;
    } catch (const Error& e) {
      h.rollback();
      if (i >= statements.size()) throw;
      statement_failed(m, dir.file, s, statements, i, e,
                       dir.up ? "Nothing of it was applied (its transaction was rolled back); the migrations before "
                                "it stay applied."
                              : "Nothing of the rollback was applied (its transaction was rolled back); the migration "
                                "stays applied.");
    }
  }

  auto row = h.row(m.id);
  if (!dir.up && !row) return false;
  if (!row) {
    row = HistoryRow{m.id, m.name, checksum, format_timestamp(now()), 0, dir.partial, 0};
    h.insert(*row);
  }
  const std::size_t start = row->status == dir.partial ? static_cast<std::size_t>(row->statements_done) : 0;
  for (std::size_t i = start; i < statements.size(); ++i) {
    try {
      run(i);
    } catch (const Error& e) {
      const std::string unit = s.unit();
      if (i == 0) {
        // Nothing of it ran: it stays as it was (pending, or applied), not half done.
        std::string kept = "the migration stays applied";
        if (dir.up) {
          try {
            h.remove(m.id);
            kept = "it stays pending";
          } catch (const Error&) {
            kept = "the history records it as partly applied (0 " + unit + "s)";
          }
        }
        statement_failed(m, dir.file, s, statements, i, e,
                         std::string("None of its ") + (dir.up ? "" : "down ") + unit + "s ran; " + kept +
                             ". Fix the cause and " + (dir.up ? "apply" : "roll back") + " again.");
      }
      const std::string ran = std::string(dir.up ? "" : "Down ") + (dir.up ? "S" : "s") + unit.substr(1) + "s 1 to " +
                              std::to_string(i) + " ran and stay (" +
                              (s.key_value() ? "DynamoDB has no transactions" : "MySQL commits each DDL statement") + ")";
      statement_failed(m, dir.file, s, statements, i, e,
                       ran + (dir.up ? "; the history records it as partly applied. Fix the cause and apply again"
                                     : "; the history records the rollback as unfinished. Fix the cause and roll "
                                       "back again") +
                           ": it goes on at " + unit + " " + std::to_string(i + 1) + ".");
    }
    row->status = dir.partial;
    row->statements_done = static_cast<std::int64_t>(i + 1);
    h.update(*row);
  }
  if (dir.up) h.update(applied_row());
  else h.remove(m.id);
  step.duration = since(t0);
  return true;
}

template <class F>
auto in_session(Db& db, F&& body) {
  Session s(db);
  try {
    return body(s);
  } catch (...) {
    s.fail();
    throw;
  }
}

}  // namespace

std::vector<MigrationStep> migrate(Db& db, std::span<const Migration> list, const MigrateOptions& options) {
  for (const Migration& m : list) id_number(m.id);
  std::optional<std::uint64_t> to;
  if (!options.to.empty()) {
    to = target_number(options.to);
    if (!find(list, std::to_string(*to)))
      throw MigrationError("toasty: there is no migration " + options.to + " to apply up to");
  }
  return in_session(db, [&](Session& s) {
    const auto rows = s.history().rows();
    check_history(rows, list, s, true);
    std::map<std::uint64_t, const HistoryRow*> done;
    for (const HistoryRow& r : rows) done[id_number(r.id)] = &r;
    const std::uint64_t highest = done.empty() ? 0 : done.rbegin()->first;
    std::vector<MigrationStep> steps;
    for (const Migration& m : list) {
      const std::uint64_t n = id_number(m.id);
      if (to && n > *to) break;
      auto it = done.find(n);
      if (it != done.end() && it->second->status == "applied") continue;
      if (it == done.end() && n < highest)
        throw MigrationError("toasty: migration " + m.full_name() + " is not applied, but a later one (" +
                             done.rbegin()->second->id + "_" + done.rbegin()->second->name +
                             ") is: give it an id after the applied ones, or roll those back first");
      MigrationStep step{m.id, m.name, texts(statements_of(m, "up", s)), {}};
      if (!options.dry_run) {
        if (!run_one(s, m, kUp, step, options.progress, options.waiting)) continue;
        if (options.done) options.done(step);
      }
      steps.push_back(std::move(step));
    }
    return steps;
  });
}

std::vector<MigrationStep> migrate(Db& db, const std::filesystem::path& dir, const MigrateOptions& options) {
  const std::vector<Migration> list = load_migrations(dir);
  return migrate(db, std::span<const Migration>(list), options);
}

std::vector<MigrationStep> rollback(Db& db, std::span<const Migration> list, const RollbackOptions& options) {
  for (const Migration& m : list) id_number(m.id);
  const bool to_given = !options.to.empty();
  const std::uint64_t to = to_given ? target_number(options.to) : 0;
  return in_session(db, [&](Session& s) {
    auto rows = s.history().rows();
    check_history(rows, list, s, false);
    std::sort(rows.begin(), rows.end(),
              [](const HistoryRow& a, const HistoryRow& b) { return id_number(a.id) > id_number(b.id); });
    for (const HistoryRow& r : rows)
      if (r.status == "partial_up")
        throw MigrationError("toasty: migration " + r.id + "_" + r.name + " is partly applied (" +
                             std::to_string(r.statements_done) +
                             " " + s.unit() + "s ran); apply again to finish it before rolling back");
    std::vector<MigrationStep> steps;
    std::size_t count = 0;
    for (const HistoryRow& r : rows) {
      if (to_given ? id_number(r.id) <= to : count >= options.steps) break;
      ++count;
      const Migration& m = *find(list, r.id);
      MigrationStep step{m.id, m.name, texts(statements_of(m, "down", s)), {}};
      if (!options.dry_run) {
        if (!run_one(s, m, kDown, step, options.progress, options.waiting)) continue;
        if (options.done) options.done(step);
      }
      steps.push_back(std::move(step));
    }
    return steps;
  });
}

std::string_view to_string(MigrationStatus::State state) {
  switch (state) {
    case MigrationStatus::State::Pending: return "pending";
    case MigrationStatus::State::Applied: return "applied";
    case MigrationStatus::State::Edited: return "edited";
    case MigrationStatus::State::Partial: return "partial";
    case MigrationStatus::State::Unknown: return "unknown";
  }
  return "?";
}

std::vector<MigrationStatus> migration_status(Db& db, std::span<const Migration> list) {
  return in_session(db, [&](Session& s) {
    std::map<std::uint64_t, HistoryRow> rows;
    for (HistoryRow& r : s.history().rows()) rows.emplace(id_number(r.id), std::move(r));
    std::vector<MigrationStatus> out;
    for (const Migration& m : list) {
      MigrationStatus st{m.id, m.name, MigrationStatus::State::Pending, "", {}, ""};
      auto it = rows.find(id_number(m.id));
      if (it != rows.end()) {
        const HistoryRow& r = it->second;
        st.applied_at = r.applied_at;
        st.duration = std::chrono::milliseconds(r.duration_ms);
        if (r.status == "applied") {
          st.state = r.checksum == migrations::checksum(m.sql_for(s.driver()).up) ? MigrationStatus::State::Applied
                                                                                  : MigrationStatus::State::Edited;
        } else {
          st.state = MigrationStatus::State::Partial;
          st.detail = (r.status == "partial_up" ? "applying stopped after " : "rolling back stopped after ") +
                      std::to_string(r.statements_done) + " " + s.unit() + "s";
        }
        rows.erase(it);
      }
      out.push_back(std::move(st));
    }
    for (auto& [n, r] : rows)
      out.push_back(MigrationStatus{r.id, r.name, MigrationStatus::State::Unknown, r.applied_at,
                                    std::chrono::milliseconds(r.duration_ms), "not among the migrations given"});
    return out;
  });
}

}  // namespace toasty
