#include "toasty/core/time.hpp"

#include <charconv>
#include <cstdio>

#include "toasty/error.hpp"

namespace toasty {

namespace {
using namespace std::chrono;

// The first and last microsecond all four backends can store.
constexpr auto kMin = sys_days{year{1} / January / 1};
constexpr auto kMax = sys_days{year{10000} / January / 1};

bool in_range(Timestamp t) { return t >= kMin && t < kMax; }

// Reads `n` decimal digits at `s[*pos]`.
bool digits(std::string_view s, std::size_t* pos, std::size_t n, int* out) {
  if (*pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool expect(std::string_view s, std::size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}
}  // namespace

Timestamp now() { return floor<microseconds>(system_clock::now()); }

void check_timestamp_range(Timestamp t, std::string_view what) {
  if (!in_range(t))
    throw TypeConversion("toasty: " + std::string(what) + " " + std::to_string(t.time_since_epoch().count()) +
                         " microseconds from 1970 is outside years 1 to 9999, which not every database can store");
}

namespace {
// "YYYY-MM-DDTHH:MM:SS.ffffff" of a count of microseconds from 1970-01-01T00:00 (sys or
// local: the same arithmetic). The range is checked by the callers.
std::string format_fields(std::chrono::microseconds since_epoch) {
  const sys_days day = floor<days>(sys_time<microseconds>(since_epoch));
  const year_month_day ymd{day};
  const hh_mm_ss<microseconds> hms{since_epoch - day.time_since_epoch()};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06ld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), static_cast<long>(hms.subseconds().count()));
  return buf;
}

// "YYYY-MM-DD" at s[*pos].
std::optional<year_month_day> read_date(std::string_view s, std::size_t* pos) {
  int y = 0, mo = 0, d = 0;
  if (!digits(s, pos, 4, &y) || !expect(s, pos, '-') || !digits(s, pos, 2, &mo) || !expect(s, pos, '-') ||
      !digits(s, pos, 2, &d))
    return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1) return std::nullopt;
  return ymd;
}

// "HH:MM:SS[.f{1,6}]" at s[*pos]: microseconds from midnight.
std::optional<microseconds> read_time_of_day(std::string_view s, std::size_t* pos) {
  int h = 0, mi = 0, sec = 0;
  if (!digits(s, pos, 2, &h) || !expect(s, pos, ':') || !digits(s, pos, 2, &mi) || !expect(s, pos, ':') ||
      !digits(s, pos, 2, &sec))
    return std::nullopt;
  if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
  long micros = 0;
  if (*pos < s.size() && s[*pos] == '.') {
    ++*pos;
    std::size_t n = 0;
    while (*pos < s.size() && s[*pos] >= '0' && s[*pos] <= '9') {
      if (n == 6) return std::nullopt;  // finer than a microsecond: not ours to round
      micros = micros * 10 + (s[*pos] - '0');
      ++*pos;
      ++n;
    }
    if (n == 0) return std::nullopt;
    for (; n < 6; ++n) micros *= 10;
  }
  return hours{h} + minutes{mi} + seconds{sec} + microseconds{micros};
}

// "YYYY-MM-DD[T ]HH:MM:SS[.f{1,6}]" at s[*pos]: microseconds from 1970-01-01T00:00.
std::optional<microseconds> read_date_time(std::string_view s, std::size_t* pos) {
  auto ymd = read_date(s, pos);
  if (!ymd) return std::nullopt;
  if (*pos >= s.size() || (s[*pos] != 'T' && s[*pos] != ' ')) return std::nullopt;
  ++*pos;
  auto tod = read_time_of_day(s, pos);
  if (!tod) return std::nullopt;
  return sys_days{*ymd}.time_since_epoch() + *tod;
}
}  // namespace

std::string format_timestamp(Timestamp t) {
  check_timestamp_range(t);
  return format_fields(t.time_since_epoch()) + "Z";
}

namespace {
// A date-time and what follows it: `Z`, `+HH:MM`, `+HHMM`, `+HH` or nothing (UTC).
std::optional<std::pair<Timestamp, minutes>> read_instant_and_offset(std::string_view s) {
  std::size_t pos = 0;
  auto local = read_date_time(s, &pos);
  if (!local) return std::nullopt;
  minutes offset{0};
  if (pos < s.size()) {
    if (s[pos] == 'Z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      int oh = 0, om = 0;
      if (!digits(s, &pos, 2, &oh)) return std::nullopt;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (pos < s.size() && !digits(s, &pos, 2, &om)) return std::nullopt;
      if (oh > 23 || om > 59) return std::nullopt;
      offset = minutes{sign * (oh * 60 + om)};
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  Timestamp t{*local - offset};
  if (!in_range(t)) return std::nullopt;
  return std::make_pair(t, offset);
}
}  // namespace

std::optional<Timestamp> parse_timestamp(std::string_view s) {
  auto r = read_instant_and_offset(s);
  if (!r) return std::nullopt;
  return r->first;
}

bool offset_in_range(std::chrono::minutes offset) { return offset > -hours{24} && offset < hours{24}; }

std::string format_zoned(Timestamp instant, std::chrono::minutes offset) {
  check_timestamp_range(instant);
  if (!offset_in_range(offset))
    throw TypeConversion("toasty: the UTC offset of " + std::to_string(offset.count()) +
                         " minutes is outside -23:59 to +23:59");
  const Timestamp local = instant + offset;
  if (!in_range(local))
    throw TypeConversion("toasty: the local time of a ZonedDateTime is outside years 1 to 9999");
  const auto a = offset < minutes{0} ? -offset : offset;
  char tail[8];
  std::snprintf(tail, sizeof tail, "%c%02d:%02d", offset < minutes{0} ? '-' : '+', static_cast<int>(a.count() / 60),
                static_cast<int>(a.count() % 60));
  return format_fields(local.time_since_epoch()) + tail;
}

std::optional<std::pair<Timestamp, std::chrono::minutes>> parse_zoned(std::string_view text) {
  return read_instant_and_offset(text);
}

std::string format_date(Date d) {
  if (!d.ok() || d.year() < year{1} || d.year() > year{9999})
    throw TypeConversion("toasty: the Date " + std::to_string(static_cast<int>(d.year())) + "-" +
                         std::to_string(static_cast<unsigned>(d.month())) + "-" +
                         std::to_string(static_cast<unsigned>(d.day())) +
                         (d.ok() ? " is outside years 1 to 9999, which not every database can store"
                                 : " does not exist"));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::optional<Date> parse_date(std::string_view s) {
  std::size_t pos = 0;
  auto d = read_date(s, &pos);
  if (!d || pos != s.size()) return std::nullopt;
  return d;
}

std::string format_datetime(DateTime t) {
  if (!in_range(Timestamp(t.time_since_epoch())))
    throw TypeConversion("toasty: DateTime " + std::to_string(t.time_since_epoch().count()) +
                         " microseconds from 1970 is outside years 1 to 9999, which not every database can store");
  return format_fields(t.time_since_epoch());
}

std::optional<DateTime> parse_datetime(std::string_view s) {
  std::size_t pos = 0;
  auto local = read_date_time(s, &pos);
  if (!local || pos != s.size() || !in_range(Timestamp(*local))) return std::nullopt;
  return DateTime(*local);
}

std::string format_time(Time t) {
  if (t.since_midnight < microseconds{0} || t.since_midnight >= days{1})
    throw TypeConversion("toasty: Time " + std::to_string(t.since_midnight.count()) +
                         " microseconds from midnight is not a time of day (00:00:00 to 23:59:59.999999)");
  const hh_mm_ss<microseconds> hms{t.since_midnight};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%06ld", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<long>(hms.subseconds().count()));
  return buf;
}

std::optional<Time> parse_time(std::string_view s) {
  std::size_t pos = 0;
  auto tod = read_time_of_day(s, &pos);
  if (!tod || pos != s.size()) return std::nullopt;
  return Time(*tod);
}

}  // namespace toasty
