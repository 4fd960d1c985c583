// zlib (Debian: zlib1g-dev), for reading .gz data sets.
#include <zlib.h>
