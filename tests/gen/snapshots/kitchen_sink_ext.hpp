#pragma once
// Mixins and a JSON field's type used by kitchen_sink.toasty.
#include <string>

#include <nlohmann/json.hpp>

namespace ext {

template <class Self>
struct Describe {
  std::string describe() const { return static_cast<const Self&>(*this).greeting; }
};

template <class Self>
struct Audit {
  bool audited = false;
};

struct Profile {
  std::string bio;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Profile, bio)

}  // namespace ext
