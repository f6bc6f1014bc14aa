// zlib (Debian zlib1g-dev): the raw deflate streams of ZIP packages (.xlsx).
#include <zlib.h>
