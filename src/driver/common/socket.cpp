#include "driver/common/socket.hpp"

#include <poll.h>

#include <cerrno>

namespace toasty::driver_common {

bool socket_has_news(int fd) {
  if (fd < 0) return false;
  pollfd p{fd, POLLIN, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, 0);
  } while (rc < 0 && errno == EINTR);
  return rc > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

}  // namespace toasty::driver_common
