#pragma once
// A UUID (RFC 9562): 16 bytes, compared and ordered bytewise, written in the canonical
// lowercase hyphenated form. Uuid::v7() is what `#[auto]` on a Uuid key generates.
#include <chrono>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>  // also declares std::hash (specialized below); <functional> would
                     // bring std::bind into ADL for every unqualified bind(...)
#include <string>
#include <string_view>

namespace toasty {

class Uuid {
 public:
  using Bytes16 = std::array<std::uint8_t, 16>;

  constexpr Uuid() = default;  // the nil UUID
  constexpr explicit Uuid(const Bytes16& b) : b_(b) {}

  // A new version 7 UUID: 48-bit Unix milliseconds, then random bits. Within one
  // thread each call sorts after the previous one, even inside one millisecond.
  static Uuid v7();
  // The same at a given time (the clock injected; monotonic within a thread all the same).
  static Uuid v7(std::chrono::system_clock::time_point now);
  // A new version 4 UUID: 122 bits from the operating system's random source
  // (getrandom), so it reveals nothing about when or where it was made.
  static Uuid v4();

  // Canonical form (8-4-4-4-12 hex digits, either case), optionally in braces or with a
  // "urn:uuid:" prefix; or 32 hex digits. try_parse returns nullopt, parse throws
  // toasty::TypeConversion naming the text.
  static std::optional<Uuid> try_parse(std::string_view text);
  static Uuid parse(std::string_view text);

  const Bytes16& bytes() const { return b_; }
  bool is_nil() const;
  int version() const { return b_[6] >> 4; }
  // Unix milliseconds of a version 7 UUID (the first 48 bits).
  std::uint64_t v7_millis() const;

  std::string to_string() const;  // "0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f50"

  friend constexpr bool operator==(const Uuid&, const Uuid&) = default;
  friend constexpr auto operator<=>(const Uuid&, const Uuid&) = default;

 private:
  Bytes16 b_{};
};

std::ostream& operator<<(std::ostream& os, const Uuid& u);

}  // namespace toasty

template <>
struct std::hash<toasty::Uuid> {
  std::size_t operator()(const toasty::Uuid& u) const noexcept;
};
