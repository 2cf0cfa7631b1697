#pragma once
// User-written code app.toasty names: a CRTP mixin for the generated app::User, and
// ArticleMeta, a type a Json<...> field holds (nlohmann-json converts it).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace app_ext {

template <class Self>
struct UserMethods {
  std::string display() const {
    const auto& self = static_cast<const Self&>(*this);
    return self.name + " <" + self.email + ">";
  }
};

// A validate() hook: rules of the record as a whole, beside Signup's #[validate(...)] ones.
template <class Self>
struct SignupChecks {
  template <class Out>
  void validate(Out& out) const {
    const auto& self = static_cast<const Self&>(*this);
    if (self.name == "admin") out.add("name", "is reserved");
    if (self.plan == "pro" && self.age < 18) out.add("", "a pro plan needs an adult");
  }
};

struct ArticleMeta {
  std::string title;
  std::vector<std::string> tags;
  std::int64_t views = 0;
  double score = 0;
  bool operator==(const ArticleMeta&) const = default;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ArticleMeta, title, tags, views, score)

}  // namespace app_ext
