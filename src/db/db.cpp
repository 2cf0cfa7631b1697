#include "toasty/db.hpp"

#include "db/check_capability.hpp"
#include "db/db_impl.hpp"
#include "db/raw_sql.hpp"
#include "engine/engine.hpp"
#include "toasty/model/compiled.hpp"
#include "toasty/error.hpp"

namespace toasty {

Db::Db(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
Db::Db(Db&&) noexcept = default;
Db& Db::operator=(Db&&) noexcept = default;
Db::~Db() = default;

Db Db::open(std::unique_ptr<driver::Driver> driver, const ModelSet& models, Options options) {
  if (!driver) throw InvalidStatement("toasty: Db::open() was given no driver");
  auto schema = Schema::build(models);
  check_capability(*schema, *driver);
  Db db(std::make_shared<Impl>(std::move(driver), std::move(schema), options));
  db.impl_->pool.warm();  // Options::min_idle connections, opened now
  return db;
}

void Db::push_schema() {
  auto lease = impl_->pool.acquire();
  lease->exec(driver::PushSchema{&impl_->schema->db()});
}

void Db::reset_schema() {
  auto lease = impl_->pool.acquire();
  lease->exec(driver::PushSchema{&impl_->schema->db(), true});
}

namespace {

// Runs `run(connection)` on a pooled connection. A lost connection is replaced and the
// statement run again when that is safe: a read, or a write that never left.
template <class Run>
ResultSet with_retry(Db::Impl& impl, bool read, const driver::RowSink* sink, const Run& run) {
  {
    auto lease = impl.pool.acquire();
    try {
      return run(*lease);
    } catch (const ConnectionError& e) {
      lease.discard();  // returned to the pool as a free slot, not as a connection
      // The pool's other idle connections date from before the loss (a restart, a
      // failover): closed, so that the retry runs on a newly opened connection.
      impl.pool.discard_idle();
      // A read is safe to repeat, and so is a write that never left; a write that may
      // have reached the server is not repeated (it could be applied twice).
      if (!read && e.request_sent()) {
        ConnectionError unknown(std::string(e.what()) +
                                " (the connection was lost while this write was in flight: it may or may not "
                                "have been applied)");
        unknown.set_database_code(e.code(), e.sqlstate(), false);
        throw unknown;
      }
    }
  }
  if (sink != nullptr) sink->reset(sink->ctx);  // rows streamed before the loss go away
  auto fresh = impl.pool.acquire();
  return run(*fresh);
}

}  // namespace

ResultSet Db::exec(const stmt::Statement& statement, const driver::RowSink* sink) {
  Impl& impl = *impl_;
  return with_retry(impl, std::holds_alternative<stmt::Select>(statement), sink, [&](driver::Connection& conn) {
    return engine::run(*impl.schema, statement, *impl.driver, conn, 0, &impl.plans, sink);
  });
}

ResultSet Db::exec_compiled(const detail::CompiledStatement& compiled, std::span<const Value* const> args,
                            const stmt::Source& source, const driver::RowSink* sink) {
  Impl& impl = *impl_;
  const bool read = compiled.kind() == detail::CompiledStatement::Kind::Select;
  return with_retry(impl, read, sink, [&](driver::Connection& conn) {
    return engine::run_compiled(*impl.schema, compiled.id(), args, source, *impl.driver, conn, 0, impl.plans,
                                impl.compiled, sink);
  });
}

ResultSet Db::exec_sql(std::string_view sql, std::span<const Value> params, const app::Model* model) {
  auto lease = impl_->pool.acquire();
  try {
    return detail::run_sql(*lease, *impl_->schema, sql, params, model);
  } catch (const ConnectionError&) {
    lease.discard();  // not repeated: the statement may be a write that reached the server
    impl_->pool.discard_idle();
    throw;
  }
}

std::string Db::explain_plan(const stmt::Statement& statement) const {
  return engine::explain(*impl_->schema, statement, impl_->driver->capability());
}

const Schema& Db::schema() const { return *impl_->schema; }
const driver::Driver& Db::driver() const { return *impl_->driver; }
Pool& Db::pool() { return impl_->pool; }
std::size_t Db::cached_plans() const { return impl_->plans.size(); }
std::size_t Db::plan_cache_hits() const { return impl_->plans.hits(); }
std::size_t Db::compiled_plans() const { return impl_->compiled.size(); }

}  // namespace toasty
