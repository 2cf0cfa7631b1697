// ZonedDateTime (toasty/model/zoned.hpp): its text form and its two columns.
#include "toasty/model/zoned.hpp"

#include <ostream>

#include "front/column_text.hpp"
#include "toasty/error.hpp"

namespace toasty {

namespace {
void check_offset(std::chrono::minutes offset) {
  if (!offset_in_range(offset))
    throw TypeConversion("toasty: a ZonedDateTime's UTC offset of " + std::to_string(offset.count()) +
                         " minutes is outside -23:59 to +23:59");
}
}  // namespace

ZonedDateTime::ZonedDateTime(Timestamp i, std::chrono::minutes o) : instant(i), offset(o) { check_offset(o); }

ZonedDateTime ZonedDateTime::from_local(DateTime local, std::chrono::minutes o) {
  check_offset(o);
  return ZonedDateTime(Timestamp(local.time_since_epoch()) - o, o);
}

std::optional<ZonedDateTime> ZonedDateTime::try_parse(std::string_view text) {
  auto r = parse_zoned(text);
  if (!r) return std::nullopt;
  return ZonedDateTime(r->first, r->second);
}

ZonedDateTime ZonedDateTime::parse(std::string_view text) {
  if (auto z = try_parse(text)) return *z;
  throw TypeConversion("toasty: \"" + std::string(text) +
                       "\" is not a date and time with a UTC offset (2024-02-29T09:30:00+05:30) within years 1 to "
                       "9999");
}

DateTime ZonedDateTime::local() const { return DateTime((instant + offset).time_since_epoch()); }

std::string ZonedDateTime::to_string() const { return format_zoned(instant, offset); }

std::ostream& operator<<(std::ostream& os, const ZonedDateTime& v) { return os << v.to_string(); }

Filter ZonedDateTime::Fields::eq(const ZonedDateTime& v) const {
  const Fields one(model_, first_);  // one record's columns; the relation steps once, around both
  return wrap((one.instant().eq(v.instant) && one.offset_minutes().eq(static_cast<std::int16_t>(v.offset.count())))
                  .expr());
}

ZonedDateTime ZonedDateTime::from_row(Value* row, const app::Model& model, std::size_t first) {
  const Timestamp instant = row[0].take<Timestamp>();
  const auto minutes = std::chrono::minutes(row[1].take<std::int16_t>());
  if (!offset_in_range(minutes))
    throw TypeConversion("toasty: " + detail::column_text(model, model.fields.at(first + 1)) + " holds " +
                         std::to_string(minutes.count()) + ", which is not a UTC offset in minutes (-1439 to 1439)");
  ZonedDateTime z;
  z.instant = instant;
  z.offset = minutes;
  return z;
}

void ZonedDateTime::to_values(ZonedDateTime v, Value* out) {
  check_offset(v.offset);
  out[0] = Value(v.instant);
  out[1] = Value(static_cast<std::int64_t>(v.offset.count()));
}

}  // namespace toasty
