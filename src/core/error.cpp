#include "toasty/error.hpp"

namespace toasty {

UniqueViolation::UniqueViolation(std::string model, std::vector<std::string> fields,
                                 std::string detail)
    : Error(std::move(detail)), model_(std::move(model)), fields_(std::move(fields)) {}

}  // namespace toasty
