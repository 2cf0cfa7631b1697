#pragma once
// State shared by a Db and the transactions it hands out.
#include <memory>

#include "toasty/db.hpp"
#include "engine/compiled_plans.hpp"
#include "engine/plan_cache.hpp"
#include "toasty/pool.hpp"

namespace toasty {

struct Db::Impl {
  Impl(std::unique_ptr<driver::Driver> d, std::shared_ptr<const Schema> s, const Options& o)
      : driver(std::move(d)),
        schema(std::move(s)),
        pool(*driver, Pool::Settings{.max_size = o.max_connections ? o.max_connections
                                                                   : driver->capability().max_connections_default,
                                     .acquire_timeout = o.acquire_timeout,
                                     .min_idle = o.min_idle,
                                     .idle_timeout = o.idle_timeout,
                                     .max_lifetime = o.max_lifetime,
                                     .check_idle_after = o.check_idle_after}) {}

  std::unique_ptr<driver::Driver> driver;
  std::shared_ptr<const Schema> schema;
  Pool pool;
  engine::PlanCache plans;
  engine::CompiledPlans compiled;  // generated methods' plans, in `plans`
};

}  // namespace toasty
