// timerun: run one command and report its wall time and peak RSS.
//
// Usage: timerun [-C DIR] [-i IN] [-o OUT] [-e ERR] -- PROGRAM [ARG...]
//
// Runs PROGRAM (found on PATH) in DIR with stdin/stdout/stderr redirected to
// the given files (default /dev/null), waits for it with wait4() and prints
// one line on stdout:  WALL_MICROSECONDS PEAK_RSS_KIB STATUS CPU_MICROSECONDS
// CPU is user plus system time of the command (and any children it reaped).
// STATUS is the exit code, or 128+N when killed by signal N; 127 when the
// program could not be started. Timing covers fork to reap, as a user
// invoking the command would see it; redirections are opened before the
// clock starts. timerun's own exit status is 0 unless its arguments or the
// redirections are wrong (then 2), so a failing command never looks like a
// harness failure.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace {

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: timerun [-C DIR] [-i IN] [-o OUT] [-e ERR] -- PROGRAM [ARG...]\n");
  _exit(2);
}

int open_or_die(const char* path, int flags) {
  int fd = open(path, flags | O_CLOEXEC, 0644);
  if (fd < 0) {
    std::fprintf(stderr, "timerun: open %s: %s\n", path, std::strerror(errno));
    _exit(2);
  }
  return fd;
}

// Owns the three redirection descriptors for the parent's lifetime.
struct Redirects {
  int in = -1, out = -1, err = -1;
  Redirects(const char* i, const char* o, const char* e)
      : in(open_or_die(i, O_RDONLY)),
        out(open_or_die(o, O_WRONLY | O_CREAT | O_TRUNC)),
        err(open_or_die(e, O_WRONLY | O_CREAT | O_TRUNC)) {}
  ~Redirects() {
    close(in);
    close(out);
    close(err);
  }
  Redirects(const Redirects&) = delete;
  Redirects& operator=(const Redirects&) = delete;
};

double now_us() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

}  // namespace

int main(int argc, char** argv) {
  const char* dir = nullptr;
  const char* in = "/dev/null";
  const char* out = "/dev/null";
  const char* err = "/dev/null";
  int opt;
  while ((opt = getopt(argc, argv, "+C:i:o:e:")) != -1) {
    switch (opt) {
      case 'C':
        dir = optarg;
        break;
      case 'i':
        in = optarg;
        break;
      case 'o':
        out = optarg;
        break;
      case 'e':
        err = optarg;
        break;
      default:
        usage();
    }
  }
  if (optind >= argc) usage();
  std::vector<char*> args(argv + optind, argv + argc);
  args.push_back(nullptr);

  Redirects fds(in, out, err);
  double start = now_us();
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("timerun: fork");
    return 2;
  }
  if (pid == 0) {
    if (dir != nullptr && chdir(dir) != 0) _exit(127);
    if (dup2(fds.in, 0) < 0 || dup2(fds.out, 1) < 0 || dup2(fds.err, 2) < 0) _exit(127);
    execvp(args[0], args.data());
    std::string msg = std::string("timerun: exec ") + args[0] + ": " + std::strerror(errno) + "\n";
    ssize_t ignored = write(2, msg.data(), msg.size());
    (void)ignored;  // nothing more can be done in the child
    _exit(127);
  }
  int wstatus = 0;
  rusage usage{};
  while (wait4(pid, &wstatus, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::perror("timerun: wait4");
      return 2;
    }
  }
  double elapsed = now_us() - start;
  int status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 +
               static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  std::printf("%.0f %ld %d %.0f\n", elapsed, usage.ru_maxrss, status, cpu);
  return 0;
}
