#pragma once
// A look at a connection's socket without waiting: shared by the network drivers' alive().

namespace toasty::driver_common {

// True when socket `fd` has bytes to read or was closed or reset by the peer, found without
// blocking (poll with a zero timeout). An idle database connection has nothing to read
// unless the server said goodbye (a kill, a restart, an idle timeout) or sent a notice.
// False for a negative `fd`.
bool socket_has_news(int fd);

}  // namespace toasty::driver_common
