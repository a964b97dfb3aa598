# One cell of the compiler x standard matrix of issue 7's header hygiene:
#
#   cmake -DCXX=<compiler> -DSTD=<17|20|23> -DINCLUDE_DIR=<include/> -DSOURCE_DIR=<tests/hygiene>
#         -DWORK_DIR=<scratch dir> [-DMPI_INCLUDE=<dir>|<dir>...] -P compile_matrix.cmake
#
# Compiles, with -fsyntax-only (fast: no code generation), one generated TU that includes every
# header and instantiate.cpp (every entry point for float, double, long double),
# under -std=c++<STD> -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Werror.
# For STD=23, a compiler that does not know -std=c++23 yet (clang 14) is given -std=c++2b, its
# name for the draft; the flag used is printed. Fails listing every TU that did not compile.
set(flags -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Werror)
file(MAKE_DIRECTORY "${WORK_DIR}")

# Pick the spelling of the standard this compiler accepts.
set(candidates "c++${STD}")
if(STD STREQUAL "23")
    list(APPEND candidates "c++2b")
elseif(STD STREQUAL "20")
    list(APPEND candidates "c++2a")
endif()
file(WRITE "${WORK_DIR}/probe.cpp" "int main() {}\n")
set(std_flag "")
foreach(candidate IN LISTS candidates)
    execute_process(COMMAND "${CXX}" -std=${candidate} -fsyntax-only "${WORK_DIR}/probe.cpp"
        RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(rc EQUAL 0)
        set(std_flag "-std=${candidate}")
        break()
    endif()
endforeach()
if(NOT std_flag)
    message(FATAL_ERROR "${CXX} accepts none of: ${candidates}")
endif()

# Two TUs: instantiate.cpp, and one that includes every header under include/svdkit/ (detail/ and
# instantiate.hpp's explicit instantiations included). Warnings do not depend on which TU a header
# is parsed in, so one TU for all of them finds what one TU per header found, in a fraction of the
# time; that each header compiles on its own is hygiene.headers' check (every header, one TU each).
file(GLOB_RECURSE headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/svdkit/*.hpp")
list(SORT headers)
# mpi.hpp needs <mpi.h>: MPI_INCLUDE ('|'-separated directories, given where MPI is found) adds
# them as system directories (MPI's own header is not ours to check); without it mpi.hpp is left out.
set(mpi_flags "")
if(MPI_INCLUDE)
    string(REPLACE "|" ";" mpi_dirs "${MPI_INCLUDE}")
    foreach(dir IN LISTS mpi_dirs)
        list(APPEND mpi_flags -isystem "${dir}")
    endforeach()
else()
    list(REMOVE_ITEM headers "svdkit/mpi.hpp")
endif()
set(all "${WORK_DIR}/all_headers.cpp")
set(text "")
foreach(header IN LISTS headers)
    string(APPEND text "#include <${header}>\n")
endforeach()
list(LENGTH headers header_count)
file(WRITE "${all}" "${text}int main() {}\n")
set(sources "${SOURCE_DIR}/instantiate.cpp" "${all}")

set(failed "")
set(count 0)
foreach(source IN LISTS sources)
    execute_process(COMMAND "${CXX}" ${std_flag} ${flags} -fsyntax-only -I "${INCLUDE_DIR}" ${mpi_flags} "${source}"
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    math(EXPR count "${count} + 1")
    if(NOT rc EQUAL 0)
        get_filename_component(name "${source}" NAME)
        list(APPEND failed "${name}")
        message("---- ${CXX} ${std_flag}: ${source}\n${out}")
    endif()
endforeach()

if(failed)
    message(FATAL_ERROR "${CXX} ${std_flag}: ${count} TUs, failed: ${failed}")
endif()
message("${CXX} ${std_flag}: all ${count} TUs compile warning-free (${flags}; ${header_count} headers)")
