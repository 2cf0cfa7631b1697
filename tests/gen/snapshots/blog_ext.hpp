#pragma once
// Mixin used by blog.toasty (the generated header includes it).
#include <string>

namespace blog_ext {

template <class Self>
struct UserMethods {
  std::string display() const {
    const auto& self = static_cast<const Self&>(*this);
    return self.name + " <" + self.email + ">";
  }
};

}  // namespace blog_ext
