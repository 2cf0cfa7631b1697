#pragma once
// What an app-level statement returns: rows in model field order, plus the records of
// preloaded (included) relations, grouped by parent row.
#include <cstdint>
#include <vector>

#include "toasty/driver/driver.hpp"

namespace toasty {

struct ResultSet {
  struct Included;

  driver::Rows rows;
  std::uint64_t affected = 0;
  std::vector<Included> included;
  bool streamed = false;  // the rows went to the RowSink given to Executor::exec()

  std::size_t size() const { return rows.size(); }
  // The included relation `relation` of this result, or null when it was not loaded.
  Included* find(std::size_t relation);
};

struct ResultSet::Included {
  std::size_t relation = 0;
  ResultSet records;  // the related model's rows (and their own includes)
  // Children of parent row i are records rows items[offsets[i] .. offsets[i+1]).
  std::vector<std::uint32_t> offsets;
  std::vector<std::uint32_t> items;
  // Some record is the child of several parents (many-to-many): decoding must copy
  // rather than move its values.
  bool shared_rows = false;
};

// The rows of a select read one at a time (Executor::open_stream; Query::stream() decodes
// them): the model's fields in order, one row in memory. Destroying it ends the read.
class RowStream {
 public:
  virtual ~RowStream() = default;
  // The next row, valid until the next call (its values may be moved from); nullptr after
  // the last. Throws ConnectionError, saying how many rows came before, when the
  // connection is lost: the read cannot go on.
  virtual Value* next() = 0;
  // Rows handed out so far.
  virtual std::uint64_t delivered() const = 0;
};

inline ResultSet::Included* ResultSet::find(std::size_t relation) {
  for (auto& inc : included)
    if (inc.relation == relation) return &inc;
  return nullptr;
}

}  // namespace toasty
