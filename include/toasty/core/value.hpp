#pragma once
// Runtime values and scalar types shared by every layer.
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "toasty/core/scalar_type.hpp"  // first: its enumerators are named like the types
#include "toasty/core/decimal.hpp"
#include "toasty/core/time.hpp"
#include "toasty/core/uuid.hpp"

namespace toasty {

using Bytes = std::vector<std::uint8_t>;

namespace app {
struct Enum;
}

// Specialised by toasty-gen for each enum of a schema file: `static const app::Enum&
// info();` describes its variants, labels and storage.
template <class E>
struct EnumTraits;
template <class E>
concept SchemaEnum = std::is_enum_v<E> && requires {
  { EnumTraits<E>::info() } -> std::same_as<const app::Enum&>;
};

// Specialised by toasty-gen for each `newtype N(T)` of a schema file: `using inner = T;`.
// N is a struct whose one member, `value`, holds the T it is stored as.
template <class N>
struct NewtypeTraits;
template <class N>
concept SchemaNewtype = requires(const N& n) {
  typename NewtypeTraits<N>::inner;
  { n.value } -> std::convertible_to<const typename NewtypeTraits<N>::inner&>;
};

class Value;
namespace detail {
// What an enumerator (its C++ value) is stored as: its label or its integer.
Value enum_stored(const app::Enum& e, std::int64_t enumerator);
// The C++ value of the enumerator a stored value names; TypeConversion for anything else.
std::int64_t enum_enumerator(const app::Enum& e, const Value& stored);
}  // namespace detail

// A dynamically typed value. Integers are widened to 64 bits: signed types ride in
// `std::int64_t`, unsigned in `std::uint64_t`, so u64 values never overflow silently. A
// list holds the elements of a Vec<T> field (never NULLs, never lists).
class Value {
 public:
  using List = std::vector<Value>;  // a vector of the incomplete Value: allowed since C++17
  using Storage = std::variant<std::monostate, bool, std::int64_t, std::uint64_t, double,
                               std::string, Bytes, Uuid, Timestamp, Date, DateTime, Time, Decimal, List>;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool v) : v_(v) {}
  Value(std::int8_t v) : v_(std::int64_t{v}) {}
  Value(std::int16_t v) : v_(std::int64_t{v}) {}
  Value(std::int32_t v) : v_(std::int64_t{v}) {}
  Value(std::int64_t v) : v_(v) {}
  Value(long long v) : v_(static_cast<std::int64_t>(v)) {}
  Value(std::uint8_t v) : v_(std::uint64_t{v}) {}
  Value(std::uint16_t v) : v_(std::uint64_t{v}) {}
  Value(std::uint32_t v) : v_(std::uint64_t{v}) {}
  Value(std::uint64_t v) : v_(v) {}
  Value(unsigned long long v) : v_(static_cast<std::uint64_t>(v)) {}
  Value(float v) : v_(double{v}) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  Value(Bytes v) : v_(std::move(v)) {}
  Value(const Uuid& v) : v_(v) {}
  Value(Timestamp v) : v_(v) {}
  Value(Date v) : v_(v) {}
  Value(DateTime v) : v_(v) {}
  Value(Time v) : v_(v) {}
  Value(Decimal v) : v_(std::move(v)) {}
  Value(List v) : v_(std::move(v)) {}
  // A Vec<T> field's elements, each as Value(T) stores it (std::vector<uint8_t> is Bytes).
  template <class T>
    requires(!std::same_as<T, std::uint8_t> && !std::same_as<T, Value>)
  Value(const std::vector<T>& v) : v_(List(v.begin(), v.end())) {}
  template <class T>
    requires(!std::same_as<T, std::uint8_t> && !std::same_as<T, Value>)
  Value(std::vector<T>&& v) {
    List l;
    l.reserve(v.size());
    for (T& e : v) l.emplace_back(std::move(e));
    v_ = std::move(l);
  }
  template <SchemaEnum E>
  Value(E v) : Value(detail::enum_stored(EnumTraits<E>::info(), static_cast<std::int64_t>(v))) {}
  template <SchemaNewtype N>
  Value(N v) : Value(std::move(v.value)) {}
  template <class T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }
  template <class T>
  Value(std::optional<T>&& v) {
    if (v) *this = Value(std::move(*v));
  }

  bool is_null() const { return v_.index() == 0; }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_i64() const { return std::holds_alternative<std::int64_t>(v_); }
  bool is_u64() const { return std::holds_alternative<std::uint64_t>(v_); }
  bool is_f64() const { return std::holds_alternative<double>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_bytes() const { return std::holds_alternative<Bytes>(v_); }
  bool is_uuid() const { return std::holds_alternative<Uuid>(v_); }
  bool is_timestamp() const { return std::holds_alternative<Timestamp>(v_); }
  bool is_date() const { return std::holds_alternative<Date>(v_); }
  bool is_datetime() const { return std::holds_alternative<DateTime>(v_); }
  bool is_time() const { return std::holds_alternative<Time>(v_); }
  bool is_decimal() const { return std::holds_alternative<Decimal>(v_); }
  bool is_list() const { return std::holds_alternative<List>(v_); }

  const Storage& storage() const { return v_; }
  Storage& storage() { return v_; }

  // Accessors raise toasty::TypeConversion with a message naming both types.
  bool as_bool() const;
  std::int64_t as_i64() const;   // accepts u64 when it fits
  std::uint64_t as_u64() const;  // accepts non-negative i64
  double as_f64() const;         // accepts integers
  const std::string& as_string() const;
  std::string take_string();
  const Bytes& as_bytes() const;
  Bytes take_bytes();
  Uuid as_uuid() const;  // also accepts its canonical text or 16 bytes (SQL drivers' forms)
  Timestamp as_timestamp() const;  // also accepts the text forms parse_timestamp reads
  Date as_date() const;            // also accepts "YYYY-MM-DD"
  DateTime as_datetime() const;    // also accepts the text forms parse_datetime reads
  Time as_time() const;            // also accepts the text forms parse_time reads
  Decimal as_decimal() const;      // also accepts decimal text and integers
  const List& as_list() const;

  // Converts to the C++ type a generated struct field has, with range checks.
  template <class T>
  T to() const;
  template <class T>
  T take();

  std::string type_name() const;
  std::string debug_string() const;  // for error messages and logs

  friend bool operator==(const Value& a, const Value& b) { return a.v_ == b.v_; }

 private:
  Storage v_;
};

// Range-checked narrowing used by Value::to<T>(); throws toasty::TypeConversion.
std::int64_t check_signed_range(std::int64_t v, std::int64_t lo, std::int64_t hi, const char* type);
std::uint64_t check_unsigned_range(std::uint64_t v, std::uint64_t hi, const char* type);

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_list : std::false_type {};
template <class T>
struct is_list<std::vector<T>> : std::bool_constant<!std::is_same_v<T, std::uint8_t>> {};
}  // namespace detail

template <class T>
T Value::to() const {
  if constexpr (detail::is_optional<T>::value) {
    if (is_null()) return std::nullopt;
    return to<typename T::value_type>();
  } else if constexpr (detail::is_list<T>::value) {
    T out;
    out.reserve(as_list().size());
    for (const Value& e : as_list()) out.push_back(e.to<typename T::value_type>());
    return out;
  } else if constexpr (SchemaEnum<T>) {
    return static_cast<T>(detail::enum_enumerator(EnumTraits<T>::info(), *this));
  } else if constexpr (SchemaNewtype<T>) {
    return T{to<typename NewtypeTraits<T>::inner>()};
  } else if constexpr (std::is_same_v<T, bool>) {
    return as_bool();
  } else if constexpr (std::is_same_v<T, std::string>) {
    return as_string();
  } else if constexpr (std::is_same_v<T, Bytes>) {
    return as_bytes();
  } else if constexpr (std::is_same_v<T, Uuid>) {
    return as_uuid();
  } else if constexpr (std::is_same_v<T, Timestamp>) {
    return as_timestamp();
  } else if constexpr (std::is_same_v<T, Date>) {
    return as_date();
  } else if constexpr (std::is_same_v<T, DateTime>) {
    return as_datetime();
  } else if constexpr (std::is_same_v<T, Time>) {
    return as_time();
  } else if constexpr (std::is_same_v<T, Decimal>) {
    return as_decimal();
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(as_f64());
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<T>(check_signed_range(as_i64(), std::numeric_limits<T>::min(),
                                             std::numeric_limits<T>::max(), "signed integer"));
  } else {
    static_assert(std::is_unsigned_v<T>, "toasty: unsupported field type");
    return static_cast<T>(check_unsigned_range(as_u64(), std::numeric_limits<T>::max(),
                                               "unsigned integer"));
  }
}

template <class T>
T Value::take() {
  if constexpr (SchemaNewtype<T>) {
    return T{take<typename NewtypeTraits<T>::inner>()};
  } else if constexpr (std::is_same_v<T, std::string>) {
    return take_string();
  } else if constexpr (std::is_same_v<T, Bytes>) {
    return take_bytes();
  } else if constexpr (detail::is_optional<T>::value) {
    if (is_null()) return std::nullopt;
    return take<typename T::value_type>();
  } else {
    return to<T>();
  }
}

// Brings a value a driver decoded to the representation of a column's ScalarType (an
// integer read for a bool column, bytes for a string, text for a uuid); other values
// are returned as they are. Shared by the SQL drivers.
Value coerce_to(Value v, ScalarType type);

}  // namespace toasty
