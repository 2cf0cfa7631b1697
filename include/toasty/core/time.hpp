#pragma once
// Timestamp: an instant in UTC with microsecond precision, the one time type every
// backend stores exactly (PostgreSQL timestamptz, MySQL/MariaDB DATETIME(6) in UTC, SQLite
// and DynamoDB a fixed-width ISO-8601 text that sorts like the instants it names).
// Years 1 to 9999: what all four can store; anything else is refused (TypeConversion).
// A finer clock converts explicitly (std::chrono::floor<std::chrono::microseconds>), so
// nothing is truncated silently.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "toasty/core/scalar_type.hpp"  // before the alias below (-Wshadow)

namespace toasty {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;
// A calendar date, without a time or a zone: "2024-02-29". Years 1 to 9999.
using Date = std::chrono::year_month_day;
// A date and a time of day as a wall clock shows them, without a zone (a local date-time:
// "2024-02-29T09:30:00.000000"), to the microsecond. Years 1 to 9999.
using DateTime = std::chrono::local_time<std::chrono::microseconds>;
// A time of day without a date or a zone, to the microsecond: 00:00:00 to 23:59:59.999999.
// (std::chrono::hh_mm_ss has no comparisons; this keeps the duration since midnight.)
struct Time {
  std::chrono::microseconds since_midnight{0};
  Time() = default;
  explicit Time(std::chrono::microseconds d) : since_midnight(d) {}
  Time(std::chrono::hours h, std::chrono::minutes m, std::chrono::seconds s = {},
       std::chrono::microseconds us = {})
      : since_midnight(h + m + s + us) {}
  std::chrono::hh_mm_ss<std::chrono::microseconds> hms() const { return std::chrono::hh_mm_ss(since_midnight); }
  friend auto operator<=>(const Time&, const Time&) = default;
};

// The current time, to the microsecond.
Timestamp now();

// "2024-02-29T13:45:07.123456Z": 27 characters, always; text order is time order.
// Throws TypeConversion outside years 1..9999.
std::string format_timestamp(Timestamp t);

// Reads the canonical form and the forms databases print: a space or `T` between date and
// time, 0 to 6 fractional digits, and `Z`, `+00`, `+00:00`, `+0000` or nothing (UTC) after
// it. Other offsets are applied (`+05:30` is 5 h 30 min east of UTC). nullopt otherwise.
std::optional<Timestamp> parse_timestamp(std::string_view text);

// An instant written at a UTC offset: "2024-02-29T09:30:00.000000+05:30" (32 characters:
// the wall-clock time at the offset, then the offset, `+00:00` for UTC). Throws
// TypeConversion outside years 1..9999 or for an offset beyond ±23:59. parse_zoned reads
// what parse_timestamp reads and keeps the offset (`Z` or none: +00:00).
bool offset_in_range(std::chrono::minutes offset);
std::string format_zoned(Timestamp instant, std::chrono::minutes offset);
std::optional<std::pair<Timestamp, std::chrono::minutes>> parse_zoned(std::string_view text);

// Throws TypeConversion (naming `what`) when `t` is outside years 1..9999.
void check_timestamp_range(Timestamp t, std::string_view what = "Timestamp");

// "2024-02-29"; throws TypeConversion for a date that does not exist or lies outside
// years 1..9999. parse_date reads that form only.
std::string format_date(Date d);
std::optional<Date> parse_date(std::string_view text);

// "2024-02-29T09:30:00.000000" (26 characters; text order is time order); throws
// TypeConversion outside years 1..9999. parse_datetime reads it with a space or `T` and 0
// to 6 fractional digits, and no zone (a zone would make it an instant: a Timestamp).
std::string format_datetime(DateTime t);
std::optional<DateTime> parse_datetime(std::string_view text);

// "09:30:00.000000" (15 characters); throws TypeConversion outside 00:00 to 24:00.
// parse_time reads it with 0 to 6 fractional digits.
std::string format_time(Time t);
std::optional<Time> parse_time(std::string_view text);

}  // namespace toasty
