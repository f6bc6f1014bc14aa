#define _GNU_SOURCE
#include <fcntl.h>

#include "CFileOutput.h"

int integra_start_writeback(int fd, long long offset, long long length) {
#if defined(__linux__)
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd;
    (void)offset;
    (void)length;
    return 0;
#endif
}

int integra_release_written(int fd, long long offset, long long length) {
#if defined(__linux__)
    if (sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER) != 0) return -1;
    int failure = posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED);
    return failure == 0 ? 0 : -1;
#else
    (void)fd;
    (void)offset;
    (void)length;
    return 0;
#endif
}
