#pragma once
// Writing generated files without disturbing incremental builds.
#include <string>
#include <string_view>

namespace toasty_gen {

enum class WriteResult { Unchanged, Written, Failed };

// Writes `content` to `path` unless the file already holds exactly that (so its
// timestamp, and everything that depends on it, stays put). Writes through a temporary
// file renamed into place, so readers never see half a file. On failure `error` says why.
WriteResult write_if_changed(const std::string& path, std::string_view content, std::string& error);

}  // namespace toasty_gen
