#include "toasty/error.hpp"

namespace toasty {

UniqueViolation::UniqueViolation(std::string model, std::vector<std::string> fields,
                                 std::string detail)
    : Error(std::move(detail)), model_(std::move(model)), fields_(std::move(fields)) {}

ValidationFailed::ValidationFailed(std::string model, std::vector<Violation> violations)
    : Error([&] {
        std::string m = "toasty: " + model + " is not valid (nothing was written): ";
        for (std::size_t i = 0; i < violations.size(); ++i) {
          const Violation& v = violations[i];
          m += (i ? "; " : "") + (v.field.empty() ? std::string() : v.field + " ") + v.message +
               (v.rule.empty() ? std::string() : " [" + v.rule + "]");
        }
        return m;
      }()),
      model_(std::move(model)),
      violations_(std::move(violations)) {}

}  // namespace toasty
