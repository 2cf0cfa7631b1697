// Connection::open_cursor's default: the whole answer of exec(), handed out row by row. Drivers
// that can read incrementally (all of toasty's own) override it.
#include <utility>

#include "toasty/driver/driver.hpp"
#include "toasty/error.hpp"

namespace toasty::driver {

namespace {

class BufferedCursor final : public Cursor {
 public:
  explicit BufferedCursor(Rows rows) : rows_(std::move(rows)) {}
  bool next(Value* row) override {
    if (next_ >= rows_.size()) return false;
    Value* from = rows_.row(next_++);
    for (std::size_t c = 0; c < rows_.width; ++c) row[c] = std::move(from[c]);
    return true;
  }

 private:
  Rows rows_;
  std::size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Cursor> Connection::open_cursor(const Operation& op) {
  if (!std::holds_alternative<QuerySql>(op) && !std::holds_alternative<QueryPk>(op) &&
      !std::holds_alternative<Scan>(op))
    throw InvalidStatement("toasty: a cursor reads a select or a key-value query or scan");
  return std::make_unique<BufferedCursor>(exec(op).rows);
}

}  // namespace toasty::driver
