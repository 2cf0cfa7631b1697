// Executor::open_stream: a stream holds its connection until it is destroyed. The Db's
// streams lease one from the pool (and drop it when it broke); a transaction's streams read
// on the transaction's connection, which runs nothing else until they end. A connection lost
// mid-stream ends the stream with an error that counts the rows delivered before: the read
// is never started again behind the caller's back (it would hand out those rows twice).
#include "db/db_impl.hpp"
#include "db/tx_state.hpp"
#include "engine/engine.hpp"
#include "toasty/error.hpp"

namespace toasty {

namespace {

ConnectionError lost_mid_stream(const ConnectionError& e, std::uint64_t delivered) {
  ConnectionError out("toasty: the connection was lost after " + std::to_string(delivered) + " row" +
                          (delivered == 1 ? "" : "s") +
                          " of the stream had been delivered; a stream does not start again by itself (that would "
                          "deliver those rows twice): read the rest with a new query (" +
                          e.what() + ")",
                      e.request_sent());
  out.set_database_code(e.code(), e.sqlstate(), false);
  return out;
}

// A stream on a connection of the pool: handed back as soon as the rows are over.
class LeasedStream final : public RowStream {
 public:
  // `keep`: what owns `pool` (the Db's state), kept alive as long as the stream.
  LeasedStream(std::shared_ptr<const void> keep, Pool& pool, Pool::Lease lease, std::unique_ptr<RowStream> inner)
      : keep_(std::move(keep)), pool_(pool), lease_(std::move(lease)), inner_(std::move(inner)) {}
  ~LeasedStream() override { inner_.reset(); }  // the cursor ends before its connection goes back

  Value* next() override {
    if (!inner_) return nullptr;
    try {
      Value* row = inner_->next();
      if (row != nullptr) return row;
      done_ = inner_->delivered();
      inner_.reset();
      lease_.reset();
      return nullptr;
    } catch (const ConnectionError& e) {
      const std::uint64_t n = inner_->delivered();
      inner_.reset();
      lease_->discard();
      lease_.reset();
      pool_.discard_idle();  // from before the loss: suspect
      throw lost_mid_stream(e, n);
    } catch (...) {
      inner_.reset();
      lease_.reset();
      throw;
    }
  }
  std::uint64_t delivered() const override { return inner_ ? inner_->delivered() : done_; }

 private:
  std::shared_ptr<const void> keep_;
  Pool& pool_;
  std::optional<Pool::Lease> lease_;
  std::unique_ptr<RowStream> inner_;
  std::uint64_t done_ = 0;
};

}  // namespace

std::unique_ptr<RowStream> Db::open_stream(const stmt::Statement& select) {
  for (int attempt = 0;; ++attempt) {
    auto lease = impl_->pool.acquire();
    try {
      auto inner = engine::open_stream(*impl_->schema, select, *impl_->driver, *lease, 0);
      return std::make_unique<LeasedStream>(impl_, impl_->pool, std::move(lease), std::move(inner));
    } catch (const ConnectionError&) {
      // Nothing was delivered yet: once more on a newly opened connection.
      lease.discard();
      impl_->pool.discard_idle();
      if (attempt > 0) throw;
    }
  }
}

// A stream on a transaction's connection; the transaction refuses other work meanwhile and
// ends the stream first when it ends itself.
class Transaction::Stream final : public RowStream {
 public:
  Stream(Transaction::State& tx, std::unique_ptr<RowStream> inner) : tx_(&tx), inner_(std::move(inner)) {
    tx_->stream = this;
  }
  ~Stream() override { close(); }

  Value* next() override {
    if (!inner_) {
      if (tx_ == nullptr && !finished_)
        throw InvalidStatement("toasty: the transaction this stream was reading in has ended");
      return nullptr;
    }
    try {
      Value* row = inner_->next();
      if (row == nullptr) {
        finished_ = true;
        done_ = inner_->delivered();
        close();
      }
      return row;
    } catch (const ConnectionError& e) {
      const std::uint64_t n = inner_->delivered();
      finished_ = true;
      Transaction::State* tx = tx_;
      close();
      if (tx) tx->drop();
      throw lost_mid_stream(e, n);
    } catch (...) {
      finished_ = true;
      close();
      throw;
    }
  }
  std::uint64_t delivered() const override { return inner_ ? inner_->delivered() : done_; }

  // Ends the read (the transaction is ending, or the stream is done) and frees the connection.
  void close() {
    if (inner_) done_ = inner_->delivered();
    inner_.reset();
    if (tx_ != nullptr && tx_->stream == this) tx_->stream = nullptr;
    tx_ = nullptr;
  }

 private:
  Transaction::State* tx_;
  std::unique_ptr<RowStream> inner_;
  std::uint64_t done_ = 0;
  bool finished_ = false;
};

std::unique_ptr<RowStream> Transaction::open_stream(const stmt::Statement& select) {
  state_->check_free();
  if (!state_->db->driver->capability().transactions)
    throw UnsupportedQuery("toasty: DynamoDB transactions only write: read the stream before the transaction begins "
                           "or after it commits");
  try {
    auto inner = engine::open_stream(*state_->db->schema, select, *state_->db->driver, state_->conn(), state_->levels());
    return std::make_unique<Stream>(*state_, std::move(inner));
  } catch (const ConnectionError&) {
    state_->drop();
    throw;
  }
}

void Transaction::State::end_stream() {
  if (stream) stream->close();
}

}  // namespace toasty
