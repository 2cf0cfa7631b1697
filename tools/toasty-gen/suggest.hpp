#pragma once
// "did you mean ...?" suggestions for misspelt names.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toasty_gen {

// The candidate closest to `word` (edit distance at most 2, and less than the word's
// length), or nothing. Ties go to the earlier candidate.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates);

}  // namespace toasty_gen
