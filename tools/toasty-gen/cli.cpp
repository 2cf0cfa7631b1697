#include "toasty-gen/cli.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>

#include "toasty-gen/generate.hpp"
#include "toasty-gen/output.hpp"

#ifndef TOASTY_GEN_VERSION
#define TOASTY_GEN_VERSION "0.0.0"
#endif

namespace toasty_gen {
namespace {

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

struct Args {
  std::optional<std::string> input;
  std::optional<std::string> out_dir;
  std::optional<std::string> stem;
  bool check = false;
  bool help = false;
  bool version = false;
};

int usage_error(std::ostream& err, const std::string& msg) {
  err << "toasty-gen: error: " << msg << "\n"
      << "usage: toasty-gen <input.toasty> --out-dir <dir> [--stem <name>]  (see --help)\n";
  return kUsage;
}

}  // namespace

std::string usage_text() {
  return "usage: toasty-gen <input.toasty> --out-dir <dir> [--stem <name>]\n"
         "       toasty-gen <input.toasty> --check\n"
         "\n"
         "Generates <dir>/<stem>.toasty.hpp and <dir>/<stem>.toasty.cpp from a toasty\n"
         "schema file. Files whose content would not change are left untouched.\n"
         "\n"
         "options:\n"
         "  --out-dir <dir>  directory for the generated files (created if missing);\n"
         "                   also -o <dir>\n"
         "  --stem <name>    base name of the generated files (default: the input file\n"
         "                   name without .toasty)\n"
         "  --check          only parse and check the schema; write nothing\n"
         "  --help           show this help and exit\n"
         "  --version        show the version and exit\n"
         "\n"
         "Errors are reported as `file:line:column: error: message` (warnings as\n"
         "`... warning: ...`, which do not fail); the exit status is 1 when the schema\n"
         "has errors and 2 for a bad command line.\n";
}

int run_cli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  Args args;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    auto value = [&](const std::string& flag, std::optional<std::string>& dst) -> bool {
      if (a.size() > flag.size() && a.compare(0, flag.size() + 1, flag + "=") == 0) {
        dst = a.substr(flag.size() + 1);
        return true;
      }
      if (i + 1 >= argv.size()) return false;
      dst = argv[++i];
      return true;
    };
    if (a == "--help" || a == "-h") {
      args.help = true;
    } else if (a == "--version") {
      args.version = true;
    } else if (a == "--check") {
      args.check = true;
    } else if (a == "--out-dir" || a.rfind("--out-dir=", 0) == 0 || a == "-o") {
      if (!value(a == "-o" ? "-o" : "--out-dir", args.out_dir)) {
        return usage_error(err, "--out-dir needs a directory");
      }
    } else if (a == "--stem" || a.rfind("--stem=", 0) == 0) {
      if (!value("--stem", args.stem)) return usage_error(err, "--stem needs a name");
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error(err, "unknown option '" + a + "'");
    } else if (args.input) {
      return usage_error(err, "more than one input file ('" + *args.input + "' and '" + a + "')");
    } else {
      args.input = a;
    }
  }

  if (args.help) {
    out << usage_text();
    return kOk;
  }
  if (args.version) {
    out << "toasty-gen " << TOASTY_GEN_VERSION << "\n";
    return kOk;
  }
  if (!args.input) return usage_error(err, "no input file");
  if (!args.check && !args.out_dir) return usage_error(err, "missing --out-dir (or use --check)");
  if (args.out_dir && args.out_dir->empty()) return usage_error(err, "--out-dir cannot be empty");
  const std::string stem = args.stem ? *args.stem : default_stem(*args.input);
  if (stem.empty() || stem.find_first_of("/\\") != std::string::npos) {
    return usage_error(err, "invalid --stem '" + stem + "' (a file name without directories)");
  }

  std::ifstream in(*args.input, std::ios::binary);
  if (!in) {
    err << "toasty-gen: error: cannot read '" << *args.input << "': " << std::strerror(errno) << "\n";
    return kFailed;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  GenerateResult result = generate(text, *args.input, stem, !args.check);
  err << result.diagnostics;  // errors, or warnings only
  if (!result.ok) return kFailed;
  if (args.check) return kOk;

  std::error_code ec;
  std::filesystem::create_directories(*args.out_dir, ec);
  if (ec) {
    err << "toasty-gen: error: cannot create directory '" << *args.out_dir << "': " << ec.message()
        << "\n";
    return kFailed;
  }
  const std::filesystem::path dir(*args.out_dir);
  for (const auto& [suffix, content] :
       {std::pair<const char*, const std::string*>{".toasty.hpp", &result.header},
        std::pair<const char*, const std::string*>{".toasty.cpp", &result.source}}) {
    std::string error;
    if (write_if_changed((dir / (stem + suffix)).string(), *content, error) == WriteResult::Failed) {
      err << "toasty-gen: error: " << error << "\n";
      return kFailed;
    }
  }
  return kOk;
}

}  // namespace toasty_gen
