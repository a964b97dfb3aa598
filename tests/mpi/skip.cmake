# Prints why the MPI tests do not run and exits with code 1 (message(FATAL_ERROR)), which
# tests/mpi/CMakeLists.txt declares as SKIP_RETURN_CODE: ctest lists the test as skipped.
message(FATAL_ERROR "${MESSAGE}")
