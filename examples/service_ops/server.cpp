// service_ops_server: how a toasty service runs (a port of Toasty's service-ops example): the
// shared pool from build_db(), its schema brought up to date by the migrations compiled into
// it (the production path; push_schema() is for development and tests), and a get-or-create
// that makes it safe to run again and again, and side by side.
//
//   service_ops_server [database-url]     (default: $TOASTY_DATABASE_URL, else in memory)
//
// Runs on SQLite, PostgreSQL, MySQL and DynamoDB. The program checks what it prints.
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "service_ops.hpp"

using service_ops::ApiKey;
using service_ops::Tenant;

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "service_ops_server: unexpected result: %s\n", what);
    std::exit(1);
  }
}

// The tenant with this slug, created (with its first keys) when there is none. Two servers
// starting at once may both find none: the unique slug lets one create win, and the other
// reads what it created.
Tenant get_or_create_tenant(toasty::Db& db) {
  if (auto found = Tenant::filter_by_slug("acme").first(db)) return *found;
  try {
    return Tenant::create()
        .slug("acme")
        .name("Acme Inc")
        .api_key(ApiKey::create().token("key_live_1"))
        .api_key(ApiKey::create().token("key_live_2"))
        .exec(db);
  } catch (const toasty::UniqueViolation&) {
    return Tenant::get_by_slug(db, "acme");
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    auto db = service_ops::build_db(service_ops::database_url(argc > 1 ? argv[1] : nullptr));
    const auto applied = toasty::migrate(db, service_ops::migrations());
    std::cout << "schema: " << applied.size() << " migration(s) applied now, "
              << service_ops::migrations().size() << " in all\n";

    const Tenant tenant = get_or_create_tenant(db);
    const auto keys = tenant.api_keys().exec(db);
    std::cout << "tenant " << tenant.name << " has " << keys.size() << " api key(s)\n";
    check(keys.size() == 2, "two keys");

    // Authenticate a request by its unique token.
    const ApiKey key = ApiKey::get_by_token(db, "key_live_1");
    std::cout << "token key_live_1 belongs to tenant " << key.tenant_id.to_string() << "\n";
    check(key.tenant_id == tenant.id, "the key's tenant");
    check(Tenant::filter_by_slug("acme").exec(db).size() == 1, "one tenant, however often the server ran");
    return 0;
  } catch (const toasty::Error& e) {
    std::cerr << "service_ops_server: " << e.what() << "\n";
    return 1;
  }
}
