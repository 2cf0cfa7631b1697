#pragma once
#include "toasty/driver/driver.hpp"
#include "toasty/schema/schema.hpp"

namespace toasty {

// Throws InvalidSchema when a model needs what the driver lacks (today: #[auto] integer
// keys on a driver without auto-increment, i.e. DynamoDB).
void check_capability(const Schema& schema, const driver::Driver& driver);

}  // namespace toasty
