#ifndef SYNRL_MPI_SHIM_H
#define SYNRL_MPI_SHIM_H

#include <mpi.h>

// Open MPI's predefined handles are macros over addresses of internal objects: Swift sees them through these.
static inline MPI_Comm synrl_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype synrl_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype synrl_mpi_int(void) { return MPI_INT; }
static inline MPI_Datatype synrl_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Op synrl_mpi_max(void) { return MPI_MAX; }
static inline MPI_Op synrl_mpi_sum(void) { return MPI_SUM; }

#endif
