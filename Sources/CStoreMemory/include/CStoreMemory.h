#ifndef INTEGRA_CSTOREMEMORY_H
#define INTEGRA_CSTOREMEMORY_H

// SQLite's memory for the result store's largest rows (the store → results flow's last step).
//
// SQLite builds each row it inserts as one record in memory before it writes the record to
// its pages: a respondent column of a million respondents is a row of 5 to 35 MB, and each
// such record was a fresh allocation, mapped from the kernel and unmapped again once the row
// was written, every page of it faulted in and zeroed: 89 MB of faults at a million
// respondents (glibc reused some of the 135 MB), 18.7% of all the faults of a run, on the
// store's thread, which ends the run. Kept and reused, 13,000 faults (50 MB) fewer.

/// Gives SQLite an allocator that keeps its largest freed block (of a MiB or more) for the
/// next large allocation that fits in it, and makes a large block twice the size asked, so
/// that the store's respondent columns reuse one or two record buffers instead of mapping
/// a new one each. Smaller blocks go to `malloc` and `free` as before. Must be called before
/// SQLite is first used in the process (it is then `sqlite3_config(SQLITE_CONFIG_MALLOC)`);
/// returns SQLite's result code: `SQLITE_OK`, or `SQLITE_MISUSE` when SQLite was initialized
/// already and keeps its own allocator. The block kept last stays until
/// `integra_sqlite_release_kept_block` or the end of the process.
int integra_sqlite_keep_large_blocks(void);

/// Frees the block kept for the next large record, if any: once a run's respondent columns
/// are written, the rest of the run has no use for its tens of megabytes.
void integra_sqlite_release_kept_block(void);

#endif
