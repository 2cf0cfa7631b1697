#include "toasty/core/uuid.hpp"

#include <chrono>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <random>

#include <sys/random.h>

#include "toasty/error.hpp"

namespace toasty {

namespace {

constexpr char kHex[] = "0123456789abcdef";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Per-thread generator state: no locking, and monotonic order within a thread.
struct V7State {
  std::mt19937_64 rng{[] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }()};
  std::uint64_t last_ms = 0;
  std::uint16_t last_counter = 0;  // the 12 "rand_a" bits, used as a counter (RFC 9562 §6.2)
};

}  // namespace

Uuid Uuid::v7() { return v7(std::chrono::system_clock::now()); }

Uuid Uuid::v4() {
  Bytes16 b{};
  std::size_t got = 0;
  while (got < b.size()) {
    const ssize_t n = ::getrandom(b.data() + got, b.size() - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(std::string("toasty: no random bytes for a UUID v4: ") + std::strerror(errno));
    }
    got += static_cast<std::size_t>(n);
  }
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // variant 10xx
  return Uuid(b);
}

Uuid Uuid::v7(std::chrono::system_clock::time_point now_point) {
  thread_local V7State st;
  auto now = now_point.time_since_epoch();
  std::uint64_t ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
  std::uint64_t tail = st.rng();  // 62 random bits for rand_b
  std::uint16_t counter = 0;
  if (ms <= st.last_ms) {
    // Same millisecond (or the clock stepped back): keep the last timestamp and count up,
    // so that this UUID still sorts after the previous one.
    ms = st.last_ms;
    counter = static_cast<std::uint16_t>(st.last_counter + 1);
    if (counter > 0x0fff) {  // counter exhausted: borrow the next millisecond
      ++ms;
      counter = static_cast<std::uint16_t>(st.rng() & 0x07ff);
    }
  } else {
    // Fresh millisecond: a random counter start with the top bit clear leaves room to count.
    counter = static_cast<std::uint16_t>(st.rng() & 0x07ff);
  }
  st.last_ms = ms;
  st.last_counter = counter;

  Bytes16 b{};
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  b[6] = static_cast<std::uint8_t>(0x70 | (counter >> 8));  // version 7
  b[7] = static_cast<std::uint8_t>(counter & 0xff);
  for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<std::uint8_t>(tail >> (56 - 8 * i));
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // variant 10xx
  return Uuid(b);
}

std::optional<Uuid> Uuid::try_parse(std::string_view s) {
  if (s.size() > 9 && (s.substr(0, 9) == "urn:uuid:" || s.substr(0, 9) == "URN:UUID:")) s.remove_prefix(9);
  if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
  const bool hyphens = s.size() == 36;
  if (!hyphens && s.size() != 32) return std::nullopt;
  Bytes16 b{};
  std::size_t pos = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    if (hyphens && (pos == 8 || pos == 13 || pos == 18 || pos == 23)) {
      if (s[pos] != '-') return std::nullopt;
      ++pos;
    }
    int hi = hex_digit(s[pos]);
    int lo = hex_digit(s[pos + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    b[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    pos += 2;
  }
  return Uuid(b);
}

Uuid Uuid::parse(std::string_view text) {
  if (auto u = try_parse(text)) return *u;
  std::string shown(text.substr(0, 64));
  throw TypeConversion("toasty: \"" + shown + (text.size() > 64 ? "...\"" : "\"") +
                       " is not a UUID (expected 8-4-4-4-12 hex digits, e.g. "
                       "0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f50)");
}

bool Uuid::is_nil() const { return *this == Uuid(); }

std::uint64_t Uuid::v7_millis() const {
  std::uint64_t ms = 0;
  for (int i = 0; i < 6; ++i) ms = ms << 8 | b_[i];
  return ms;
}

std::string Uuid::to_string() const {
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b_[i] >> 4];
    out += kHex[b_[i] & 0x0f];
  }
  return out;
}

std::ostream& operator<<(std::ostream& os, const Uuid& u) { return os << u.to_string(); }

}  // namespace toasty

std::size_t std::hash<toasty::Uuid>::operator()(const toasty::Uuid& u) const noexcept {
  // FNV-1a over the bytes: v7 UUIDs share their leading bytes, so mix all of them.
  std::uint64_t h = 1469598103934665603ull;
  for (std::uint8_t x : u.bytes()) h = (h ^ x) * 1099511628211ull;
  return static_cast<std::size_t>(h);
}
