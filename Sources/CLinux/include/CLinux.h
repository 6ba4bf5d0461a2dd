#ifndef CLINUX_H
#define CLINUX_H

// Linux interfaces that Swift's Glibc module does not include.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// accept4(2), which glibc declares only with _GNU_SOURCE.
int clinux_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

#endif
