#pragma once
// The SQLite driver, on the system libsqlite3 (3.37 or newer).
#include <memory>
#include <string_view>

#include "toasty/driver/driver.hpp"

struct sqlite3;

namespace toasty::sqlite {

// Opens a SQLite database. Accepted URLs:
//   sqlite::memory:              a private in-memory database, shared by every connection
//                                of this driver and gone when the driver and its
//                                connections are
//   sqlite://relative/path.db    a file, relative to the working directory
//   sqlite:///absolute/path.db   a file, absolute path
//   sqlite:path.db               a file (relative or absolute)
// The path is taken literally (no percent-decoding, `?` is part of the name). The file is
// created if missing. Throws toasty::InvalidUrl for anything else and
// toasty::ConnectionError when the database cannot be opened.
std::unique_ptr<driver::Driver> open(std::string_view url);

// The sqlite3 handle behind a connection made by this driver, or nullptr if `connection`
// is not one. For diagnostics and tests (statement cache inspection); do not close it and
// do not leave statements or transactions open on it.
::sqlite3* native_handle(driver::Connection& connection) noexcept;

}  // namespace toasty::sqlite
