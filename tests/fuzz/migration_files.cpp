// Fuzz target: what reads a migrations directory's files, which people edit by hand: the
// statement splitter (any text: statements or an error naming the line, never a crash;
// splitting the statements it found, joined again, finds the same ones) and the snapshot
// reader (a schema or InvalidSchema; a schema it reads writes back to a text it reads the same),
// and DynamoDB's step files (steps or InvalidSchema; the steps found, written into a file
// again, read back the same).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_target.hpp"
#include "migrate/snapshot.hpp"
#include "migrate/split_statements.hpp"
#include "migrate/steps_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  const bool backslashes = (data[0] & 1) != 0;
  if ((data[0] & 4) != 0) {
    toasty_fuzz::only_toasty_errors([&] {
      std::vector<std::string> steps;
      for (const auto& s : toasty::migrations::split_steps(text, "up.dynamodb.json")) steps.push_back(s.text);
      std::vector<std::string> again;
      for (const auto& s : toasty::migrations::split_steps(
               toasty::migrations::steps_file_text("0001_x", "up", steps), "again.json"))
        again.push_back(s.text);
      if (again != steps) {
        std::fprintf(stderr, "finding: the steps of \"%s\" do not read back as written\n", text.c_str());
        std::abort();
      }
    });
  } else if ((data[0] & 2) == 0) {
    toasty_fuzz::only_toasty_errors([&] {
      const auto statements = toasty::migrations::split_statements(text, "f.sql", backslashes);
      std::string joined;
      for (const auto& s : statements) {
        if (s.text.empty()) {
          std::fprintf(stderr, "finding: an empty statement from \"%s\"\n", text.c_str());
          std::abort();
        }
        joined += s.text + ";\n";
      }
      const auto again = toasty::migrations::split_statements(joined, "f.sql", backslashes);
      if (again.size() != statements.size()) {
        std::fprintf(stderr, "finding: \"%s\" split into %zu statements, joined and split again into %zu\n",
                     text.c_str(), statements.size(), again.size());
        std::abort();
      }
    });
  } else {
    toasty_fuzz::only_toasty_errors([&] {
      const auto schema = toasty::migrations::parse_snapshot(text, "snapshot.json");
      const std::string written = toasty::migrations::snapshot_json(schema);
      if (toasty::migrations::snapshot_json(toasty::migrations::parse_snapshot(written, "again.json")) != written) {
        std::fprintf(stderr, "finding: snapshot \"%s\" does not read back as written\n", text.c_str());
        std::abort();
      }
    });
  }
  return 0;
}
