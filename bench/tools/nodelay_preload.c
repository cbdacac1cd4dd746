// A diagnostic LD_PRELOAD shim for benchmarks only: sets TCP_NODELAY on every TCP socket a server
// accepts, to measure what Nagle's algorithm costs a server that does not set it itself.
//   cc -shared -fPIC -O2 -o nodelay_preload.so nodelay_preload.c -ldl
//   LD_PRELOAD=$PWD/nodelay_preload.so parley ...   (bench/run.sh: BENCH_PARLEY_NODELAY=1)
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static void set_nodelay(int fd) {
  if (fd < 0) return;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // fails harmlessly on non-TCP sockets
}

int accept(int fd, struct sockaddr* addr, socklen_t* len) {
  static int (*real)(int, struct sockaddr*, socklen_t*);
  if (!real) real = (int (*)(int, struct sockaddr*, socklen_t*))dlsym(RTLD_NEXT, "accept");
  int client = real(fd, addr, len);
  set_nodelay(client);
  return client;
}

int accept4(int fd, struct sockaddr* addr, socklen_t* len, int flags) {
  static int (*real)(int, struct sockaddr*, socklen_t*, int);
  if (!real) real = (int (*)(int, struct sockaddr*, socklen_t*, int))dlsym(RTLD_NEXT, "accept4");
  int client = real(fd, addr, len, flags);
  set_nodelay(client);
  return client;
}
