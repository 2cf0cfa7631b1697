#pragma once
// Mixins used by kitchen_sink.toasty.
#include <string>

namespace ext {

template <class Self>
struct Describe {
  std::string describe() const { return static_cast<const Self&>(*this).greeting; }
};

template <class Self>
struct Audit {
  bool audited = false;
};

}  // namespace ext
