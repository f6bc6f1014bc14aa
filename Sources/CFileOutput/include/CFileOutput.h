#ifndef INTEGRA_CFILEOUTPUT_H
#define INTEGRA_CFILEOUTPUT_H

// How integra's largest outputs reach the disk: Linux calls, in C because Swift's Glibc module
// leaves some out (`O_DIRECT` needs `_GNU_SOURCE`) and each has a Linux-only part. Each does
// nothing harmful where the call does not exist.

/// Writes a file's dirty pages and has the disk make them durable (`fdatasync`, whose flush
/// empties the disk's own write cache), then lets the page cache drop the pages of `length`
/// bytes from `offset` (`posix_fadvise`'s `POSIX_FADV_DONTNEED`): the store's pages, which
/// the run does not read again, go back to the kernel to be reused for the pages it writes
/// next. Returns 0, or −1 with `errno`; does nothing and returns 0 where the calls do not
/// exist.
int integra_sync_and_release(int fd, long long offset, long long length);

/// Opens `path` for writing (created or truncated, mode 0644) with Linux's `O_DIRECT`: writes
/// of whole aligned blocks go from the caller's memory to the disk, not through the page
/// cache (respondents.csv, a hundred megabytes at a million respondents). Returns the
/// descriptor, or −1 with `errno` (EINVAL: the file system takes no direct writes; always −1
/// where `O_DIRECT` does not exist).
int integra_open_direct(const char *path);

/// Turns `O_DIRECT` off on `fd`, for a last write of less than a block or a file system that
/// refuses a direct write after all. 0, or −1 with `errno`.
int integra_end_direct(int fd);

#endif
