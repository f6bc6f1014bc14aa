#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "CFileOutput.h"

int integra_sync_and_release(int fd, long long offset, long long length) {
#if defined(__linux__)
    if (fdatasync(fd) != 0) return -1;
    int failure = posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED);
    if (failure != 0) {
        errno = failure;
        return -1;
    }
    return 0;
#else
    (void)fd;
    (void)offset;
    (void)length;
    return 0;
#endif
}
