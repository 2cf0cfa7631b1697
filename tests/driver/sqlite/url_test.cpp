// URL forms accepted and refused by toasty::sqlite::open.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "toasty/driver/sqlite.hpp"
#include "toasty/error.hpp"

namespace {

TEST(SqliteUrl, MemoryForms) {
  EXPECT_NE(toasty::sqlite::open("sqlite::memory:"), nullptr);
  EXPECT_NE(toasty::sqlite::open("SQLite::memory:"), nullptr);  // the scheme is case-insensitive
  EXPECT_NE(toasty::sqlite::open("sqlite://:memory:"), nullptr);
  EXPECT_EQ(toasty::sqlite::open("sqlite::memory:")->name(), "sqlite");
}

TEST(SqliteUrl, FileForms) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("toasty-url-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string abs = (dir / "abs.db").string();

  toasty::sqlite::open("sqlite://" + abs);  // sqlite:///tmp/... (three slashes)
  EXPECT_TRUE(fs::exists(abs));
  toasty::sqlite::open("sqlite:" + (dir / "plain.db").string());
  EXPECT_TRUE(fs::exists(dir / "plain.db"));

  // Relative to the working directory.
  const fs::path cwd = fs::current_path();
  fs::current_path(dir);
  toasty::sqlite::open("sqlite://rel/../relative.db");
  toasty::sqlite::open("sqlite:also-relative.db");
  toasty::sqlite::open("sqlite:file:not-a-uri.db");
  fs::current_path(cwd);
  EXPECT_TRUE(fs::exists(dir / "relative.db")) << "sqlite://a/b is the relative path a/b";
  EXPECT_TRUE(fs::exists(dir / "also-relative.db"));
  EXPECT_TRUE(fs::exists(dir / "file:not-a-uri.db")) << "the path is never read as a file: URI";
  fs::remove_all(dir);
}

TEST(SqliteUrl, BadUrlsThrowInvalidUrlWithTheUrlAndTheForms) {
  const std::string bad[] = {
      "",
      "sqlite",
      "postgresql://localhost/db",
      "sqlite3://x.db",
      "sqlite:",
      "sqlite://",
      "sqlite::memory",
      "sqlite:::memory:",
      "sqlite::mem:",
      std::string("sqlite:a\0b.db", 13),
  };
  for (const std::string& url : bad) {
    SCOPED_TRACE(url);
    try {
      toasty::sqlite::open(url);
      ADD_FAILURE() << "accepted";
    } catch (const toasty::InvalidUrl& e) {
      const std::string what = e.what();
      if (url.find('\0') == std::string::npos) {
        EXPECT_NE(what.find("\"" + url + "\""), std::string::npos) << what;
      }
      EXPECT_NE(what.find("sqlite::memory:"), std::string::npos) << what;
      EXPECT_NE(what.find("sqlite:///absolute/path.db"), std::string::npos) << what;
    }
  }
}

TEST(SqliteUrl, UnopenableFileIsAConnectionError) {
  try {
    toasty::sqlite::open("sqlite:///nonexistent-toasty-dir/sub/x.db");
    ADD_FAILURE() << "opened";
  } catch (const toasty::ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-toasty-dir/sub/x.db"), std::string::npos) << e.what();
  }
}

}  // namespace
