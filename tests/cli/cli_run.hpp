#pragma once
// Runs the built `toasty` program in a directory of its own, as a user would.
#include <filesystem>
#include <string>
#include <vector>

namespace toasty_test {

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// A scratch directory for one test, removed afterwards.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  void write(const std::string& name, const std::string& text) const;
  std::string read(const std::string& name) const;

 private:
  std::filesystem::path path_;
};

// `toasty <args>` in `dir`, stdin from /dev/null (not a terminal), with `env` entries
// ("NAME=value") added to the environment and TOASTY_DATABASE_URL unset unless given.
CliResult run_toasty(const std::filesystem::path& dir, const std::vector<std::string>& args,
                     const std::vector<std::string>& env = {});

// Starts it without waiting; finish() waits and collects.
class RunningCli {
 public:
  RunningCli(const std::filesystem::path& dir, const std::vector<std::string>& args,
             const std::vector<std::string>& env = {});
  CliResult finish();

 private:
  std::filesystem::path out_, err_;
  int pid_ = -1;
};

}  // namespace toasty_test
