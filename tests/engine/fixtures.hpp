#pragma once
// Hand-built models for engine tests (no generator involved).
#include <toasty/schema/app.hpp>
#include <toasty/schema/schema.hpp>

namespace engine_test {

inline const toasty::app::Model& user_model() {
  static const toasty::app::Model m = [] {
    toasty::app::Model d;
    d.name = "User";
    d.fields = {
        {"id", toasty::ScalarType::U64, false, true, std::nullopt, ""},
        {"name", toasty::ScalarType::String, false, false, std::nullopt, "display_name"},
        {"email", toasty::ScalarType::String, false, false, std::nullopt, ""},
        {"bio", toasty::ScalarType::String, true, false, std::nullopt, ""},
        {"karma", toasty::ScalarType::I64, false, false, toasty::Value(std::int64_t{0}), ""},
    };
    d.primary_key = {0};
    d.indexes = {{"", {2}, true}};
    return d;
  }();
  return m;
}

inline const toasty::app::Model& post_model() {
  static const toasty::app::Model m = [] {
    toasty::app::Model d;
    d.name = "BlogPost";
    d.fields = {{"id", toasty::ScalarType::I64, false, true, std::nullopt, ""}};
    d.primary_key = {0};
    return d;
  }();
  return m;
}

inline std::shared_ptr<const toasty::Schema> schema() {
  const toasty::app::Model* models[] = {&user_model(), &post_model()};
  return toasty::Schema::build(models);
}

}  // namespace engine_test
