// libpng (Debian: libpng-dev), for notMNIST's PNG images.
#include <png.h>
