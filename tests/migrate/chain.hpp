#pragma once
// Migrations built from db::Schema versions the way `toasty migration generate` builds them:
// what the migration tests apply, on SQL databases and on DynamoDB.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "migrate/diff.hpp"
#include "migrate/generate.hpp"
#include "toasty/migrate.hpp"

namespace toasty_test {

struct Version {
  toasty::db::Schema schema;
  toasty::migrations::Hints hints = {};
};

// Migration i (from 1) goes from versions[i - 1] to versions[i]; versions[0] is usually empty.
inline std::vector<toasty::Migration> chain(const std::vector<Version>& versions) {
  namespace mig = toasty::migrations;
  std::vector<toasty::Migration> out;
  for (std::size_t i = 1; i < versions.size(); ++i) {
    const auto forward = mig::diff(versions[i - 1].schema, versions[i].schema, versions[i].hints);
    EXPECT_TRUE(forward.ambiguities.empty()) << "version " << i << " needs a rename hint";
    std::string id = std::to_string(i);
    id.insert(0, 4 - id.size(), '0');
    out.push_back(mig::make_migration(versions[i - 1].schema, versions[i].schema, versions[i].hints, forward, id,
                                      "step_" + std::to_string(i)));
  }
  return out;
}

}  // namespace toasty_test
