// Compares the generated code for the schemas in snapshots/ with the stored expected
// output. After an intended change to the generator, refresh them with
//   TOASTY_UPDATE_SNAPSHOTS=1 ctest -L gen     (or run gen_tests directly)
// and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "toasty-gen/generate.hpp"

namespace {

const std::string kDir = TOASTY_GEN_SNAPSHOT_DIR;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool updating() {
  const char* v = std::getenv("TOASTY_UPDATE_SNAPSHOTS");
  return v && *v && std::string(v) != "0";
}

// The first line where the texts differ, for a readable failure.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string le, la;
  for (int line = 1;; ++line) {
    bool he = static_cast<bool>(std::getline(e, le));
    bool ha = static_cast<bool>(std::getline(a, la));
    if (!he && !ha) return "texts differ only in the final newline";
    if (le != la || he != ha) {
      return "first difference at line " + std::to_string(line) + ":\n  expected: " +
             (he ? le : "<end of file>") + "\n  actual:   " + (ha ? la : "<end of file>");
    }
  }
}

void check_snapshot(const std::string& path, const std::string& actual) {
  if (updating()) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << actual;
    std::cout << "updated " << path << "\n";
    return;
  }
  std::string expected = read_file(path);
  ASSERT_FALSE(expected.empty()) << path << " is missing; run with TOASTY_UPDATE_SNAPSHOTS=1";
  EXPECT_TRUE(expected == actual)
      << path << " is out of date (" << first_difference(expected, actual)
      << ")\nIf the change is intended, rerun with TOASTY_UPDATE_SNAPSHOTS=1 and review the diff.";
}

class Snapshot : public ::testing::TestWithParam<std::string> {};

TEST_P(Snapshot, MatchesStoredOutput) {
  const std::string name = GetParam();
  const std::string input = read_file(kDir + "/" + name + ".toasty");
  ASSERT_FALSE(input.empty()) << "missing " << kDir << "/" << name << ".toasty";
  auto r = toasty_gen::generate(input, name + ".toasty", name);
  ASSERT_TRUE(r.ok) << r.diagnostics;
  check_snapshot(kDir + "/" + name + ".toasty.hpp", r.header);
  check_snapshot(kDir + "/" + name + ".toasty.cpp", r.source);
}

TEST_P(Snapshot, GenerationIsDeterministic) {
  const std::string name = GetParam();
  const std::string input = read_file(kDir + "/" + name + ".toasty");
  auto a = toasty_gen::generate(input, name + ".toasty", name);
  auto b = toasty_gen::generate(input, "elsewhere/" + name + ".toasty", name);
  ASSERT_TRUE(a.ok) << a.diagnostics;
  EXPECT_EQ(a.header, b.header);
  EXPECT_EQ(a.source, b.source);
}

INSTANTIATE_TEST_SUITE_P(Gen, Snapshot, ::testing::Values("blog", "kitchen_sink", "relations"));

}  // namespace
