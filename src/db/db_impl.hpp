#pragma once
// State shared by a Db and the transactions it hands out.
#include <memory>

#include "toasty/db.hpp"
#include "engine/plan_cache.hpp"
#include "toasty/pool.hpp"

namespace toasty {

struct Db::Impl {
  Impl(std::unique_ptr<driver::Driver> d, std::shared_ptr<const Schema> s, const Options& o)
      : driver(std::move(d)),
        schema(std::move(s)),
        pool(*driver, o.max_connections ? o.max_connections
                                        : driver->capability().max_connections_default,
             o.acquire_timeout) {}

  std::unique_ptr<driver::Driver> driver;
  std::shared_ptr<const Schema> schema;
  Pool pool;
  engine::PlanCache plans;
};

}  // namespace toasty
