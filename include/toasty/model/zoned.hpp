#pragma once
// ZonedDateTime: an instant together with the UTC offset it was given at, as a wall clock
// there showed it ("2024-02-29T09:30:00+05:30"). A model stores it in two columns, the
// instant as a Timestamp (so filters and ordering run by instant in every database) and
// the offset in minutes (`<member>_offset`), and compares and orders it by instant.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "toasty/core/time.hpp"
#include "toasty/core/value.hpp"
#include "toasty/model/embeds.hpp"
#include "toasty/model/path.hpp"

namespace toasty {

struct ZonedDateTime {
  Timestamp instant{};             // the moment, in UTC
  std::chrono::minutes offset{0};  // east of UTC: +05:30 is 330; -23:59 to +23:59

  ZonedDateTime() = default;
  // Throws TypeConversion for an offset beyond ±23:59.
  ZonedDateTime(Timestamp instant, std::chrono::minutes offset);
  // The instant a wall clock at `offset` shows as `local`.
  static ZonedDateTime from_local(DateTime local, std::chrono::minutes offset);
  // "2024-02-29T09:30:00+05:30", with 0 to 6 fractional digits; `Z` (or nothing) is +00:00.
  // parse throws TypeConversion, try_parse returns nullopt.
  static ZonedDateTime parse(std::string_view text);
  static std::optional<ZonedDateTime> try_parse(std::string_view text);

  DateTime local() const;  // the wall-clock time at the offset
  // "2024-02-29T09:30:00.000000+05:30"; throws TypeConversion when it is outside years 1..9999.
  std::string to_string() const;

  // The same instant at the same offset (compare `instant` for the same moment anywhere).
  bool operator==(const ZonedDateTime&) const = default;

  // ---- in a model ----
  static constexpr std::size_t width = 2;  // columns: the instant, the offset
  // The paths of a ZonedDateTime field: comparisons and ordering by instant.
  struct Fields : EmbedFields {
    using EmbedFields::EmbedFields;
    using embed_type = ZonedDateTime;
    static constexpr std::size_t width = 2;
    Path<Timestamp> instant() const { return {model_, first_, via_}; }
    Path<std::int16_t> offset_minutes() const { return {model_, first_ + 1, via_}; }
    // By instant: a ZonedDateTime or a Timestamp.
    Filter lt(const ZonedDateTime& v) const { return instant().lt(v.instant); }
    Filter le(const ZonedDateTime& v) const { return instant().le(v.instant); }
    Filter gt(const ZonedDateTime& v) const { return instant().gt(v.instant); }
    Filter ge(const ZonedDateTime& v) const { return instant().ge(v.instant); }
    Filter between(const ZonedDateTime& lo, const ZonedDateTime& hi) const {
      return instant().between(lo.instant, hi.instant);
    }
    Filter lt(Timestamp t) const { return instant().lt(t); }
    Filter le(Timestamp t) const { return instant().le(t); }
    Filter gt(Timestamp t) const { return instant().gt(t); }
    Filter ge(Timestamp t) const { return instant().ge(t); }
    Filter between(Timestamp lo, Timestamp hi) const { return instant().between(lo, hi); }
    // The same instant at the same offset, as operator==; ne is its negation.
    Filter eq(const ZonedDateTime& v) const;
    Filter ne(const ZonedDateTime& v) const { return !eq(v); }
    stmt::OrderBy asc() const { return instant().asc(); }
    stmt::OrderBy desc() const { return instant().desc(); }
  };

 private:
  friend struct detail::Access;
  static ZonedDateTime from_row(Value* row, const app::Model& model, std::size_t first);
  static void to_values(ZonedDateTime v, Value* out);
};

std::ostream& operator<<(std::ostream& os, const ZonedDateTime& v);

}  // namespace toasty
