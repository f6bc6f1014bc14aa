#ifndef INTEGRA_PREFETCH_H
#define INTEGRA_PREFETCH_H

/// Asks the processor to bring the cache line holding `address` in, to be written, without
/// waiting for it (`__builtin_prefetch`): Swift has no prefetch of its own. Ingest's id table
/// (rows → respondent scores, where re-submissions are found) asks for the slots of the ids it
/// will look up next, so that their misses to memory pass while it looks up the ones before.
/// A hint: an address outside mapped memory is not read, and nothing is ever faulted in.
static inline void integra_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

/// The same, for a line that will be read: respondents.csv's writer asks for its score
/// columns a few hundred rows ahead (it reads one number of each of some ten columns per
/// row, and the processor's own prefetching left it waiting on those loads).
static inline void integra_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
