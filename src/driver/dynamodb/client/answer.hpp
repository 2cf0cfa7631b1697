#pragma once
// Reading the server's answers defensively: an endpoint may be a proxy, a mock or hostile,
// so a field may be missing, of another JSON type, or nested absurdly deep. None of that
// may escape as a JSON library exception or exhaust the stack.
#include <cstdint>
#include <string>
#include <string_view>

#include "driver/dynamodb/client/dynamodb_client.hpp"

namespace toasty::dynamodb::answer {

// DynamoDB nests attribute values at most 32 levels; an answer nested deeper is refused
// before it is parsed (the JSON library's dump and destruction recurse).
inline constexpr std::size_t kMaxDepth = 64;
// Whether `text` nests arrays/objects deeper than `limit`, found in one pass that skips
// strings (no recursion, no allocation).
bool nested_deeper_than(std::string_view text, std::size_t limit);

// Field `key` of `o` when `o` is an object and the field a string (else `fallback`).
std::string text(const Json& o, std::string_view key, std::string fallback = "");
// Field `key` of `o` when it is an integer number (else 0).
std::int64_t integer(const Json& o, std::string_view key);
// Field `key` of `o` when `o` is an object holding it, else null.
const Json* field(const Json& o, std::string_view key);

}  // namespace toasty::dynamodb::answer
