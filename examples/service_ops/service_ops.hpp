#pragma once
// service_ops: a deployable service laid out the way a real one ships (a port of Toasty's
// service-ops example). The models, the connection setup and the migrations live in this
// library; two programs use it: the service (server.cpp) and its migrator (migrate.cpp).
// Keeping them in one library keeps the two in step: the migrator applies exactly the
// migrations made from the models the service runs.
#include <string>

#include <toasty/toasty.hpp>

#include "service_ops.toasty.hpp"         // the models (toasty_add_schema)
#include "service_ops_models_migrations.hpp"  // service_ops::migrations() (toasty_add_migrations)

namespace service_ops {

// The database URL: `url` when given, else $TOASTY_DATABASE_URL (the toasty CLI's too), else
// an in-memory SQLite database (the service then migrates it at start and runs cold).
std::string database_url(const char* url);

// The shared Db: one pool configuration for every program of the service.
toasty::Db build_db(const std::string& url);

}  // namespace service_ops
