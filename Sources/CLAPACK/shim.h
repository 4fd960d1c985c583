// LAPACKE, the C interface to LAPACK (Debian: liblapacke-dev), for the least-squares baseline and QR.
#include <lapacke.h>
