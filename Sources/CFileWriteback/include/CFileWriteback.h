#ifndef INTEGRA_CFILEWRITEBACK_H
#define INTEGRA_CFILEWRITEBACK_H

/// Asks the kernel to start writing a file's dirty pages to disk now, without waiting for
/// them (Linux's `sync_file_range` with `SYNC_FILE_RANGE_WRITE`): a later `fsync` then waits
/// only for what is not written yet. The result store's commit syncs a file of a hundred
/// megabytes at a million respondents; started as its pages are made, the disk writes them
/// while the run goes on (the store → results flow's last step).
///
/// In C because Swift's Glibc module leaves `sync_file_range` out (it needs `_GNU_SOURCE`).
/// Returns 0, or −1 with `errno`; does nothing and returns 0 where the call does not exist.
int integra_start_writeback(int fd);

#endif
