#include "toasty/stmt/statement.hpp"

#include <algorithm>

#include "toasty/schema/app.hpp"

namespace toasty::stmt {

void add_update_now(const app::Model& model, std::vector<Assignment>& assignments) {
  if (assignments.empty()) return;  // nothing changes: no round trip, no new time
  std::optional<Timestamp> now;
  for (std::size_t f = 0; f < model.fields.size(); ++f) {
    if (!model.fields[f].update_now && !model.fields[f].version) continue;
    bool set = std::any_of(assignments.begin(), assignments.end(), [&](const Assignment& a) { return a.target == f; });
    if (set) continue;
    if (model.fields[f].version) {  // one more, in the database: every holder of the old one is stale
      assignments.push_back({f, value(Value(std::int64_t{1})), Assignment::Op::Add});
      continue;
    }
    if (!now) now = toasty::now();
    assignments.push_back({f, value(Value(*now))});
  }
}

}  // namespace toasty::stmt
