#pragma once
// The whole schema: app models, db tables and the mapping between them.
#include <cstddef>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "toasty/schema/app.hpp"
#include "toasty/schema/db.hpp"

namespace toasty {

// Mapping of one model onto its table. Today a field maps to exactly one column; the
// indirection is what lets embedded structs and enums map to several later.
struct ModelMapping {
  std::size_t table = 0;
  std::vector<std::size_t> field_to_column;  // field position -> column position
  std::vector<std::size_t> column_to_field;  // column position -> field position
};

class Schema {
 public:
  // Verifies the models (keys, names, types) and derives tables and the mapping.
  // Throws toasty::InvalidSchema.
  static std::shared_ptr<const Schema> build(std::span<const app::Model* const> models);

  std::size_t model_count() const { return models_.size(); }
  const app::Model& model(std::size_t id) const { return *models_[id]; }
  // Id of a model registered with this schema; throws InvalidSchema for a stranger.
  std::size_t model_id(const app::Model* m) const;
  const ModelMapping& mapping(std::size_t model_id) const { return mappings_[model_id]; }
  const db::Schema& db() const { return db_; }
  const db::Table& table_of(std::size_t model_id) const { return db_.tables[mappings_[model_id].table]; }

 private:
  std::vector<const app::Model*> models_;
  std::unordered_map<const app::Model*, std::size_t> ids_;
  std::vector<ModelMapping> mappings_;
  db::Schema db_;
};

}  // namespace toasty
