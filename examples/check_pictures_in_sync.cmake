# check_pictures_in_sync.cmake - fails unless each shipped picture is byte for byte what its
# example writes today.
#
#   cmake -DPAIRS=<shipped>|<generated>|<shipped>|<generated>... -DEXAMPLE_COMMAND="<how it was run>"
#         -P check_pictures_in_sync.cmake
#
# PAIRS alternates a file under docs/images/ and the file the example's test run just wrote
# ('|' separates them: a ';' would split the argument in add_test). EXAMPLE_COMMAND, optional, says
# which command writes the generated files, for the message. Every stale or missing file is
# named, with the copy that brings it up to date, before the script fails.
#
# The pictures hold no timing, and the examples use fixed seeds, so they are the same on every
# run of one build. Some of them plot rounding-level quantities (eig_vs_svd's errors, the tail of
# image_compression's singular values): a change to the library's arithmetic changes them too,
# and then this check asks for the pictures to be regenerated, as it should.
cmake_minimum_required(VERSION 3.16)

if(NOT DEFINED PAIRS OR PAIRS STREQUAL "")
    message(FATAL_ERROR "check_pictures_in_sync: give -DPAIRS=<shipped>|<generated>|...")
endif()
string(REPLACE "|" ";" _pairs "${PAIRS}")
list(LENGTH _pairs _n)
math(EXPR _odd "${_n} % 2")
if(_odd)
    message(FATAL_ERROR "check_pictures_in_sync: PAIRS has ${_n} entries; it needs shipped/generated pairs")
endif()

set(_stale 0)
set(_checked 0)
set(_report "")
math(EXPR _last "${_n} - 1")
foreach(_i RANGE 0 ${_last} 2)
    math(EXPR _j "${_i} + 1")
    list(GET _pairs ${_i} _shipped)
    list(GET _pairs ${_j} _generated)
    math(EXPR _checked "${_checked} + 1")
    if(NOT EXISTS "${_generated}")
        math(EXPR _stale "${_stale} + 1")
        string(APPEND _report "  not written: ${_generated} (did the example's test run fail?)\n")
        continue()
    endif()
    if(NOT EXISTS "${_shipped}")
        math(EXPR _stale "${_stale} + 1")
        string(APPEND _report "  missing: ${_shipped}\n    regenerate: cmake -E copy ${_generated} ${_shipped}\n")
        continue()
    endif()
    file(SHA256 "${_shipped}" _a)
    file(SHA256 "${_generated}" _b)
    if(NOT _a STREQUAL _b)
        math(EXPR _stale "${_stale} + 1")
        string(APPEND _report "  stale: ${_shipped}\n    differs from what the example writes today: ${_generated}\n"
                              "    regenerate: cmake -E copy ${_generated} ${_shipped}\n")
    endif()
endforeach()

if(_stale GREATER 0)
    set(_how "")
    if(DEFINED EXAMPLE_COMMAND AND NOT EXAMPLE_COMMAND STREQUAL "")
        set(_how "(the generated files are written by: ${EXAMPLE_COMMAND})\n")
    endif()
    message(FATAL_ERROR "pictures out of sync: ${_stale} of ${_checked} shipped file(s) differ\n${_report}${_how}")
endif()
message(STATUS "pictures in sync: ${_checked} of ${_checked} shipped file(s) identical")
