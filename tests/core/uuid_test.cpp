// toasty::Uuid: text form, parsing, v7 layout and order, and how Value carries it.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "toasty/core/uuid.hpp"
#include "toasty/core/value.hpp"
#include "toasty/error.hpp"

using toasty::Uuid;

namespace {

constexpr const char* kText = "0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f50";

TEST(Uuid, FormatsCanonicalLowercase) {
  Uuid u = Uuid::parse("0190A4C2-7B7E-7CC1-9F3A-5B1C2D3E4F50");
  EXPECT_EQ(u.to_string(), kText);
  EXPECT_EQ(u.bytes()[0], 0x01);
  EXPECT_EQ(u.bytes()[15], 0x50);
  std::ostringstream os;
  os << u;
  EXPECT_EQ(os.str(), kText);
  EXPECT_EQ(Uuid().to_string(), "00000000-0000-0000-0000-000000000000");
  EXPECT_TRUE(Uuid().is_nil());
}

TEST(Uuid, ParsesBracesUrnAndSimpleForms) {
  const Uuid u = Uuid::parse(kText);
  EXPECT_EQ(Uuid::parse("{0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f50}"), u);
  EXPECT_EQ(Uuid::parse("urn:uuid:0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f50"), u);
  EXPECT_EQ(Uuid::parse("0190a4c27b7e7cc19f3a5b1c2d3e4f50"), u);
}

TEST(Uuid, RefusesMalformedTextWithAClearMessage) {
  for (const char* bad : {"", "0190a4c2", "0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f5",
                          "0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f500", "0190a4c2x7b7e-7cc1-9f3a-5b1c2d3e4f50",
                          "0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4g50", "{0190a4c2-7b7e-7cc1-9f3a-5b1c2d3e4f50"}) {
    EXPECT_EQ(Uuid::try_parse(bad), std::nullopt) << bad;
  }
  try {
    Uuid::parse("not-a-uuid");
    FAIL() << "expected TypeConversion";
  } catch (const toasty::TypeConversion& e) {
    EXPECT_NE(std::string(e.what()).find("\"not-a-uuid\" is not a UUID"), std::string::npos) << e.what();
  }
}

TEST(Uuid, ComparesBytewise) {
  Uuid a = Uuid::parse("00000000-0000-0000-0000-0000000000ff");
  Uuid b = Uuid::parse("00000000-0000-0000-0000-000000000100");
  EXPECT_LT(a, b);
  EXPECT_NE(a, b);
  EXPECT_EQ(a, Uuid::parse(a.to_string()));
  // Text order of the canonical form is byte order: what TEXT/CHAR(36)/S columns rely on.
  EXPECT_LT(a.to_string(), b.to_string());
}

TEST(Uuid, V7HasVersionVariantAndTimestamp) {
  const auto before = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch()).count());
  Uuid u = Uuid::v7();
  const auto after = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch()).count());
  EXPECT_EQ(u.version(), 7);
  EXPECT_EQ(u.bytes()[6] >> 4, 7);
  EXPECT_EQ(u.bytes()[8] & 0xc0, 0x80);  // RFC 9562 variant 10xx
  EXPECT_EQ(u.to_string()[14], '7');
  EXPECT_GE(u.v7_millis(), before);
  EXPECT_LE(u.v7_millis(), after + 1);  // +1: a counter overflow may borrow the next ms
}

TEST(Uuid, V7IsMonotonicAndUniqueWithinAThread) {
  Uuid prev = Uuid::v7();
  std::set<Uuid> seen{prev};
  for (int i = 0; i < 20000; ++i) {
    Uuid next = Uuid::v7();
    ASSERT_LT(prev, next) << prev << " then " << next;
    EXPECT_EQ(next.version(), 7);
    EXPECT_EQ(next.bytes()[8] & 0xc0, 0x80);
    prev = next;
    seen.insert(next);
  }
  EXPECT_EQ(seen.size(), 20001u);
}

TEST(Uuid, V7OrdersByTimeAcrossMilliseconds) {
  // On a thread of its own: the generator's per-thread state starts fresh there.
  std::thread([] {
    auto t0 = std::chrono::system_clock::now();
    Uuid early = Uuid::v7(t0);
    Uuid late = Uuid::v7(t0 + std::chrono::milliseconds(3));
    EXPECT_EQ(late.v7_millis() - early.v7_millis(), 3u);
    EXPECT_LT(early, late);
    // The clock stepping back keeps the order.
    Uuid after = Uuid::v7(t0);
    EXPECT_LT(late, after);
  }).join();
}

TEST(Uuid, V7IsUniqueAcrossThreads) {
  std::vector<Uuid> a(5000), b(5000);
  std::thread t1([&] { for (auto& u : a) u = Uuid::v7(); });
  std::thread t2([&] { for (auto& u : b) u = Uuid::v7(); });
  t1.join();
  t2.join();
  std::unordered_set<Uuid> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  EXPECT_EQ(all.size(), 10000u);
}

TEST(Uuid, ValueCarriesAndConvertsIt) {
  const Uuid u = Uuid::parse(kText);
  toasty::Value v(u);
  EXPECT_TRUE(v.is_uuid());
  EXPECT_EQ(v.type_name(), "Uuid");
  EXPECT_EQ(v.debug_string(), kText);
  EXPECT_EQ(v.to<Uuid>(), u);
  EXPECT_EQ(v.to<std::optional<Uuid>>(), std::optional<Uuid>(u));
  EXPECT_EQ(toasty::Value().to<std::optional<Uuid>>(), std::nullopt);
  // What SQL drivers hand back: the text (CHAR(36)/TEXT) or the 16 bytes.
  EXPECT_EQ(toasty::Value(std::string(kText)).to<Uuid>(), u);
  toasty::Bytes raw(u.bytes().begin(), u.bytes().end());
  EXPECT_EQ(toasty::Value(raw).to<Uuid>(), u);
  EXPECT_THROW(toasty::Value(std::int64_t{5}).to<Uuid>(), toasty::TypeConversion);
  EXPECT_THROW(toasty::Value(std::string("nope")).to<Uuid>(), toasty::TypeConversion);
  EXPECT_EQ(toasty::to_string(toasty::ScalarType::Uuid), "Uuid");
}

}  // namespace
