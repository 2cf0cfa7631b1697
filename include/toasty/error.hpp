#pragma once
// One error scheme: every failure is a toasty::Error (a std::runtime_error) of a kind
// users can catch separately.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace toasty {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;

  // The database's own code for the error, when it gave one: PostgreSQL's SQLSTATE
  // ("40001"), the MySQL/MariaDB error number ("1213"), SQLite's result code name
  // ("SQLITE_BUSY"), DynamoDB's error type ("ThrottlingException"). Empty for errors
  // toasty raises itself.
  const std::string& code() const noexcept { return code_; }
  // The SQLSTATE, on PostgreSQL and MySQL/MariaDB; empty elsewhere.
  const std::string& sqlstate() const noexcept { return sqlstate_; }
  // The same operation, tried again as it is, may succeed: a deadlock, a serialization
  // failure, a lock wait timeout, a busy database, throttling, a connection lost before
  // the request left.
  bool retryable() const noexcept { return retryable_; }

  // For drivers and the engine, before throwing: what the database said.
  void set_database_code(std::string code, std::string sqlstate, bool retryable) {
    code_ = std::move(code);
    sqlstate_ = std::move(sqlstate);
    retryable_ = retryable;
  }

 private:
  std::string code_;
  std::string sqlstate_;
  bool retryable_ = false;
};

// get()/get_by_*() found no record.
class NotFound : public Error {
 public:
  using Error::Error;
};

// A relation was read in memory (`user.todos.get()`) but was not loaded: preload it
// with .include(...) or query it (`user.todos().exec(db)`).
class NotLoaded : public Error {
 public:
  using Error::Error;
};

// An insert or update would duplicate a unique value. Names the model and field(s).
class UniqueViolation : public Error {
 public:
  UniqueViolation(std::string model, std::vector<std::string> fields, std::string detail);
  const std::string& model() const { return model_; }
  const std::vector<std::string>& fields() const { return fields_; }

 private:
  std::string model_;
  std::vector<std::string> fields_;
};

// An update or removal by instance of a model with a #[version] field found the record
// changed since it was read (another writer moved its version on) or gone: nothing was
// written. Read the record again, and decide again. Names the model and the key.
class StaleVersion : public Error {
 public:
  StaleVersion(std::string model, std::string key, const std::string& message)
      : Error(message), model_(std::move(model)), key_(std::move(key)) {}
  const std::string& model() const { return model_; }
  const std::string& key() const { return key_; }  // "id = 0190a4c2-..."

 private:
  std::string model_;
  std::string key_;
};

// A create or update broke #[validate(...)] rules or the model's validate() hook: nothing
// was sent. Lists every broken rule.
class ValidationFailed : public Error {
 public:
  struct Violation {
    std::string field;    // empty for a record-wide rule of the validate() hook
    std::string rule;     // "length(min = 1, max = 100)", "email", or the hook's name for it
    std::string message;  // "has 0 characters, fewer than 1"
  };
  ValidationFailed(std::string model, std::vector<Violation> violations);
  const std::string& model() const { return model_; }
  const std::vector<Violation>& violations() const { return violations_; }

 private:
  std::string model_;
  std::vector<Violation> violations_;
};

// Another constraint (NOT NULL, foreign key, check) refused a write.
class ConstraintViolation : public Error {
 public:
  using Error::Error;
};

// A connection URL that cannot be parsed or names an unknown scheme.
class InvalidUrl : public Error {
 public:
  using Error::Error;
};

// The URL names a driver this build of toasty does not include (built with
// TOASTY_WITH_<DRIVER>=OFF, or linked without toasty::<driver>).
class DriverUnavailable : public Error {
 public:
  using Error::Error;
};

// The query cannot be served by this database (missing index, missing capability).
class UnsupportedQuery : public Error {
 public:
  using Error::Error;
};

// A value does not fit the type asked for (out of range, wrong kind).
class TypeConversion : public Error {
 public:
  using Error::Error;
};

// A create() lacks a required field, or a statement is otherwise malformed.
class InvalidStatement : public Error {
 public:
  using Error::Error;
};

// A pagination cursor that this query did not hand out: garbled, edited, cut short, or
// from a query with another model or order (Page::next_cursor() and prev_cursor() give
// the valid ones).
class InvalidCursor : public InvalidStatement {
 public:
  using InvalidStatement::InvalidStatement;
};

// The application schema is inconsistent (unknown model, bad key, ...).
class InvalidSchema : public Error {
 public:
  using Error::Error;
};

// Talking to the database failed: cannot connect, connection lost, pool timeout.
// `request_sent()`: the operation may have reached the server (a write's outcome is then
// unknown); false when it failed before anything was sent.
class ConnectionError : public Error {
 public:
  explicit ConnectionError(const std::string& message, bool request_sent = true)
      : Error(message), request_sent_(request_sent) {
    set_database_code({}, {}, !request_sent);
  }
  bool request_sent() const { return request_sent_; }

 private:
  bool request_sent_;
};

// Any other error the database reported, with its message.
class DatabaseError : public Error {
 public:
  using Error::Error;
};

// The transaction lost to a concurrent one: a serialization failure (PostgreSQL 40001), a
// deadlock (PostgreSQL 40P01, MySQL 1213), a lock wait timeout (MySQL 1205), SQLite still
// busy after its timeout, a DynamoDB transaction conflict. retryable() is true: roll back
// and run the whole transaction again (Db::transaction(fn) does so by itself).
class SerializationFailure : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// A migration could not be applied or rolled back (toasty::migrate, the `toasty` CLI): a
// statement failed, a migration applied earlier was edited since (its checksum differs),
// or an earlier failure left one partly applied. The message says which migration, which
// statement (file:line) and what state the database is left in; code()/sqlstate() are the
// failed statement's, when the database gave them.
class MigrationError : public Error {
 public:
  using Error::Error;
  std::string migration;      // "0003_add_bio"; empty when no single migration is at fault
  std::size_t statement = 0;  // 1-based number of the failed statement; 0: none ran
};

// Raised by drivers for a unique violation in db terms; the engine turns it into
// UniqueViolation naming the model and fields.
class DbUniqueViolation : public Error {
 public:
  DbUniqueViolation(std::string table_name, std::vector<std::string> column_names,
                    std::string index, std::string detail)
      : Error(std::move(detail)),
        table(std::move(table_name)),
        columns(std::move(column_names)),
        index_name(std::move(index)) {}
  std::string table;                 // may be empty when the database reports only the index
  std::vector<std::string> columns;  // may be empty when the database reports only the index
  std::string index_name;            // may be empty when the database reports only columns
};

}  // namespace toasty
