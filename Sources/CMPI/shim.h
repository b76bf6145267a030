#include <mpi.h>

// MPI's handles are macros that Swift cannot import (Open MPI's are casts of addresses of
// global objects); these functions hand them over.
static inline MPI_Comm samplex_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype samplex_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype samplex_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype samplex_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype samplex_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Op samplex_mpi_sum(void) { return MPI_SUM; }
static inline void *samplex_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Status *samplex_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
