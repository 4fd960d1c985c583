// libarchive (Debian: libarchive-dev), for reading .tar.gz data sets directly.
#include <archive.h>
#include <archive_entry.h>
