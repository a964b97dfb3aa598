# One cell of the compiler x standard matrix of issue 7's header hygiene:
#
#   cmake -DCXX=<compiler> -DSTD=<17|20|23> -DINCLUDE_DIR=<include/> -DSOURCE_DIR=<tests/hygiene>
#         -DWORK_DIR=<scratch dir> -P compile_matrix.cmake
#
# Compiles, with -fsyntax-only (fast: no code generation), one generated TU per public header
# (the header alone) and instantiate.cpp (every entry point for float, double, long double),
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

file(GLOB headers "${INCLUDE_DIR}/svdkit/*.hpp")
list(SORT headers)
set(sources "${SOURCE_DIR}/instantiate.cpp")
foreach(header IN LISTS headers)
    get_filename_component(name "${header}" NAME)
    string(MAKE_C_IDENTIFIER "${name}" id)
    set(tu "${WORK_DIR}/${id}.cpp")
    file(WRITE "${tu}" "#include <svdkit/${name}>\n#include <svdkit/${name}>\nint main() {}\n")
    list(APPEND sources "${tu}")
endforeach()

set(failed "")
set(count 0)
foreach(source IN LISTS sources)
    execute_process(COMMAND "${CXX}" ${std_flag} ${flags} -fsyntax-only -I "${INCLUDE_DIR}" "${source}"
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
message("${CXX} ${std_flag}: all ${count} TUs compile warning-free (${flags})")
