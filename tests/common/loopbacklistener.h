#pragma once

// A plain listening TCP socket on 127.0.0.1 and a free port, for tests that accept a
// connection by hand (the accepted descriptor goes to an EdgeSocket or a Gate).

#include <arpa/inet.h>
#include <cstdint>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace roomcast::test {

struct LoopbackListener
{
    int fd = -1;
    sockaddr_in addr{};

    LoopbackListener()
    {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&addr), len) != 0 ||
            ::listen(fd, 1) != 0 ||
            ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
            close();
        }
    }
    ~LoopbackListener() { close(); }
    LoopbackListener(const LoopbackListener &) = delete;
    LoopbackListener &operator=(const LoopbackListener &) = delete;

    bool ok() const { return fd >= 0; }
    std::uint16_t port() const { return ntohs(addr.sin_port); }
    //! The next connection's descriptor (blocking), or -1.
    int accept() const { return ::accept(fd, nullptr, nullptr); }
    void close()
    {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
};

} // namespace roomcast::test
