#pragma once
// Stream<M>: what Query::stream() returns. Records are read one at a time, in constant
// memory, and decoded straight into M: an input range for a range-for, or next() by hand.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>

#include "toasty/model/decode.hpp"
#include "toasty/result.hpp"
#include "toasty/stmt/statement.hpp"

namespace toasty {

template <class M>
class Stream {
 public:
  // `query`: the select the rows come from (which deferred fields it read).
  Stream(std::unique_ptr<RowStream> rows, const stmt::Select& query)
      : rows_(std::move(rows)), query_(std::make_unique<stmt::Select>(query)) {}
  Stream(Stream&&) noexcept = default;
  Stream& operator=(Stream&&) noexcept = default;

  // The next record; nullopt after the last. Throws ConnectionError (saying how many records
  // came before) when the connection is lost: the stream cannot go on.
  std::optional<M> next() {
    Value* row = rows_ ? rows_->next() : nullptr;
    if (row == nullptr) {
      rows_.reset();  // the connection goes back now, not when this object goes
      return std::nullopt;
    }
    ++delivered_;
    return detail::decode_row<M>(row, detail::LoadedFields(*query_));
  }
  // Records handed out so far.
  std::uint64_t delivered() const { return delivered_; }
  // Ends the read now (as destroying the stream does): the connection is free again.
  void close() { rows_.reset(); }

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = M;
    using difference_type = std::ptrdiff_t;
    using reference = M&;
    using pointer = M*;
    iterator() = default;
    M& operator*() const { return *s_->current_; }
    M* operator->() const { return &*s_->current_; }
    iterator& operator++() {
      s_->current_ = s_->next();
      if (!s_->current_) s_ = nullptr;
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& i, std::default_sentinel_t) { return i.s_ == nullptr; }

   private:
    friend class Stream;
    explicit iterator(Stream* s) : s_(s) { ++*this; }
    Stream* s_ = nullptr;
  };
  // Reads the first record: a stream is read once, begin() is called once.
  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() const { return {}; }

 private:
  std::unique_ptr<RowStream> rows_;
  std::unique_ptr<stmt::Select> query_;  // LoadedFields points into it
  std::optional<M> current_;
  std::uint64_t delivered_ = 0;
};

}  // namespace toasty
