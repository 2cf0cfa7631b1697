#include "toasty-gen/output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

#include <unistd.h>

namespace toasty_gen {

WriteResult write_if_changed(const std::string& path, std::string_view content, std::string& error) {
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (existing == content) return WriteResult::Unchanged;
    }
  }
  const std::string tmp = path + ".tmp." + std::to_string(static_cast<long>(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      error = "cannot write '" + tmp + "': " + std::strerror(errno);
      return WriteResult::Failed;
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      error = "cannot write '" + tmp + "': " + std::strerror(errno);
      std::remove(tmp.c_str());
      return WriteResult::Failed;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = "cannot rename '" + tmp + "' to '" + path + "': " + std::strerror(errno);
    std::remove(tmp.c_str());
    return WriteResult::Failed;
  }
  return WriteResult::Written;
}

}  // namespace toasty_gen
