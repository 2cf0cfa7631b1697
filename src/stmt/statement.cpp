#include "toasty/stmt/statement.hpp"

#include <algorithm>

#include "toasty/schema/app.hpp"

namespace toasty::stmt {

void add_update_now(const app::Model& model, std::vector<Assignment>& assignments) {
  if (assignments.empty()) return;  // nothing changes: no round trip, no new time
  std::optional<Timestamp> now;
  for (std::size_t f = 0; f < model.fields.size(); ++f) {
    if (!model.fields[f].update_now) continue;
    bool set = std::any_of(assignments.begin(), assignments.end(), [&](const Assignment& a) { return a.target == f; });
    if (set) continue;
    if (!now) now = toasty::now();
    assignments.push_back({f, value(Value(*now))});
  }
}

}  // namespace toasty::stmt
