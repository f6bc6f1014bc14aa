#include "CStoreMemory.h"

#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Each block starts with a header that holds the size it was made for (SQLite asks for it
// through xSize); 16 bytes keep what follows aligned as malloc's own blocks are.
enum { headerSize = 16 };
// Blocks from here up are the records of the store's large rows; below, SQLite's pages and
// everything else, which malloc's heap reuses without the kernel anyway.
static const int64_t largeSize = 1 << 20;

static pthread_mutex_t keptLock = PTHREAD_MUTEX_INITIALIZER;
// The largest freed large block (its header's address), or NULL.
static char *kept = NULL;

static int64_t sizeOfBlock(const char *block) { return *(const int64_t *)block; }

static void *newBlock(int64_t size) {
    char *block = malloc((size_t)size + headerSize);
    if (block == NULL) return NULL;
    *(int64_t *)block = size;
    return block + headerSize;
}

static void *allocate(int bytes) {
    int64_t size = bytes;
    if (size >= largeSize) {
        pthread_mutex_lock(&keptLock);
        char *block = kept;
        kept = NULL;
        pthread_mutex_unlock(&keptLock);
        if (block != NULL) {
            if (sizeOfBlock(block) >= size) return block + headerSize;
            // Too small: let it go before the larger one is made, not beside it.
            free(block);
        }
    }
    // Made twice as large as asked: the columns come in no order of size, and each larger
    // one would otherwise need a new block. Only the pages a record writes become memory.
    // Not beyond what SQLite's `int` sizes hold (`sizeOf`).
    return newBlock(size >= largeSize && size <= INT_MAX / 2 ? 2 * size : size);
}

static void release(void *memory) {
    char *block = (char *)memory - headerSize;
    if (sizeOfBlock(block) >= largeSize) {
        pthread_mutex_lock(&keptLock);
        char *other = kept;
        if (other == NULL || sizeOfBlock(other) < sizeOfBlock(block)) {
            kept = block;
            block = other;
        }
        pthread_mutex_unlock(&keptLock);
    }
    free(block);
}

static int sizeOf(void *memory) { return (int)sizeOfBlock((char *)memory - headerSize); }

static void *reallocate(void *memory, int bytes) {
    int64_t old = sizeOfBlock((char *)memory - headerSize);
    if (bytes <= old && (old < largeSize || bytes >= largeSize)) return memory;
    if (old < largeSize && bytes < largeSize) {
        char *block = realloc((char *)memory - headerSize, (size_t)bytes + headerSize);
        if (block == NULL) return NULL;
        *(int64_t *)block = bytes;
        return block + headerSize;
    }
    void *moved = allocate(bytes);
    if (moved == NULL) return NULL;
    memcpy(moved, memory, (size_t)(old < bytes ? old : bytes));
    release(memory);
    return moved;
}

static int roundUp(int bytes) { return (bytes + 7) & ~7; }

static int initialize(void *unused) {
    (void)unused;
    return SQLITE_OK;
}

static void shutDown(void *unused) { (void)unused; }

int integra_sqlite_keep_large_blocks(void) {
    static const sqlite3_mem_methods methods = {
        allocate, release, reallocate, sizeOf, roundUp, initialize, shutDown, NULL,
    };
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
}

void integra_sqlite_release_kept_block(void) {
    pthread_mutex_lock(&keptLock);
    char *block = kept;
    kept = NULL;
    pthread_mutex_unlock(&keptLock);
    free(block);
}
