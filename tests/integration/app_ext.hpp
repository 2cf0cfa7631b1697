#pragma once
// User-written behaviour for the generated app::User, added without editing
// generated files: a CRTP mixin named in app.toasty.
#include <string>

namespace app_ext {

template <class Self>
struct UserMethods {
  std::string display() const {
    const auto& self = static_cast<const Self&>(*this);
    return self.name + " <" + self.email + ">";
  }
};

}  // namespace app_ext
