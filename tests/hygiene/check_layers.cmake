# hygiene.layers: the include graph of include/svdkit/ against the layer table of docs/architecture.md.
#
#   cmake -DINCLUDE_DIR=<repo>/include -DARCHITECTURE=<repo>/docs/architecture.md -P check_layers.cmake
#
# The table is the fenced block marked ```layers in docs/architecture.md, one group per line:
#     <layer number> <group name>: <path> <path> ...
# with paths relative to include/svdkit/, a trailing / meaning a folder. A header belongs to the
# group of its exact path or, failing that, of the longest folder that holds it. Fails, listing
# every finding, when:
#   - a header under include/svdkit/ belongs to no group (the table must be kept true);
#   - a quoted #include runs to a group of the same or a higher layer (other than the header's own
#     group), or names a file that does not exist;
#   - an angle-bracket #include is not a C++ standard library header (mpi.hpp alone may include
#     <mpi.h>);
#   - a header has more than 600 lines.
foreach(var INCLUDE_DIR ARCHITECTURE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_layers.cmake: -D${var}=... is required")
    endif()
endforeach()
set(root "${INCLUDE_DIR}/svdkit")
set(max_lines 600)

# --- the table ----------------------------------------------------------------------------------
file(READ "${ARCHITECTURE}" doc)
string(REGEX MATCH "```layers\n([^`]*)```" _ "${doc}")
if(NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "${ARCHITECTURE} has no ```layers block")
endif()
string(REPLACE "\n" ";" table_lines "${CMAKE_MATCH_1}")
set(groups "")
foreach(line IN LISTS table_lines)
    if(line STREQUAL "")
        continue()
    endif()
    if(NOT line MATCHES "^([0-9]+) ([a-z_]+): (.+)$")
        message(FATAL_ERROR "layers table: cannot read the line '${line}'")
    endif()
    set(number ${CMAKE_MATCH_1})
    set(name ${CMAKE_MATCH_2})
    set(paths "${CMAKE_MATCH_3}")
    set(layer_${name} ${number})
    string(REGEX REPLACE " +" ";" paths_${name} "${paths}")
    list(APPEND groups ${name})
endforeach()

# group_of(<relative path> <out var>): the group of a header, or "" when no row names it.
function(group_of path out)
    set(best "")
    set(best_length -1)
    foreach(g IN LISTS groups)
        foreach(p IN LISTS paths_${g})
            string(LENGTH "${p}" n)
            if(p STREQUAL path)
                set(${out} ${g} PARENT_SCOPE)
                return()
            endif()
            if(p MATCHES "/$")
                string(FIND "${path}" "${p}" at)
                if(at EQUAL 0 AND n GREATER best_length)
                    set(best ${g})
                    set(best_length ${n})
                endif()
            endif()
        endforeach()
    endforeach()
    set(${out} "${best}" PARENT_SCOPE)
endfunction()

# The standard library's headers (C++17 through C++23) and the C headers it provides.
set(standard_headers
    algorithm any array atomic barrier bit bitset charconv chrono codecvt compare complex concepts
    condition_variable coroutine deque exception execution expected filesystem format forward_list
    fstream functional future initializer_list iomanip ios iosfwd iostream istream iterator latch
    limits list locale map mdspan memory memory_resource mutex new numbers numeric optional ostream
    print queue random ranges ratio regex scoped_allocator semaphore set shared_mutex source_location
    span spanstream sstream stack stacktrace stdexcept stop_token streambuf string string_view
    syncstream system_error thread tuple type_traits typeindex typeinfo unordered_map unordered_set
    utility valarray variant vector version
    cassert cctype cerrno cfenv cfloat cinttypes climits clocale cmath csetjmp csignal cstdarg
    cstddef cstdint cstdio cstdlib cstring ctime cuchar cwchar cwctype)

# --- every header -------------------------------------------------------------------------------
file(GLOB_RECURSE headers RELATIVE "${root}" "${root}/*.hpp")
list(SORT headers)
set(findings "")
set(arrows 0)
foreach(header IN LISTS headers)
    group_of("${header}" group)
    if(group STREQUAL "")
        list(APPEND findings "${header}: in no group of the layers table")
        continue()
    endif()
    set(layer ${layer_${group}})

    file(READ "${root}/${header}" content)
    string(REGEX REPLACE "[^\n]" "" newlines "${content}")
    string(LENGTH "${newlines}" line_count)
    if(line_count GREATER max_lines)
        list(APPEND findings "${header}: ${line_count} lines (at most ${max_lines})")
    endif()

    get_filename_component(dir "${header}" DIRECTORY)
    file(STRINGS "${root}/${header}" include_lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(inc IN LISTS include_lines)
        if(inc MATCHES "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\"")
            set(target "${CMAKE_MATCH_1}")
            if(dir STREQUAL "")
                set(resolved "${root}/${target}")
            else()
                set(resolved "${root}/${dir}/${target}")
            endif()
            get_filename_component(resolved "${resolved}" ABSOLUTE)
            file(RELATIVE_PATH to "${root}" "${resolved}")
            if(NOT EXISTS "${resolved}" OR to MATCHES "^\\.\\.")
                list(APPEND findings "${header}: includes \"${target}\", which is not a header under include/svdkit/")
                continue()
            endif()
            group_of("${to}" to_group)
            if(to_group STREQUAL "")
                continue()  # reported as a header in no group
            endif()
            math(EXPR arrows "${arrows} + 1")
            if(NOT to_group STREQUAL group AND NOT layer_${to_group} LESS layer)
                list(APPEND findings
                    "${header} (${group}, layer ${layer}) includes ${to} (${to_group}, layer ${layer_${to_group}}): runs up or sideways")
            endif()
        elseif(inc MATCHES "^[ \t]*#[ \t]*include[ \t]*<([^>]+)>")
            set(target "${CMAKE_MATCH_1}")
            if(header STREQUAL "mpi.hpp" AND target STREQUAL "mpi.h")
                continue()
            endif()
            list(FIND standard_headers "${target}" at)
            if(at EQUAL -1)
                list(APPEND findings "${header}: includes <${target}>, not a C++ standard library header")
            endif()
        endif()
    endforeach()
endforeach()

list(LENGTH headers header_count)
list(LENGTH groups group_count)
if(findings)
    list(JOIN findings "\n  " text)
    message(FATAL_ERROR "include/svdkit/ breaks the layers of ${ARCHITECTURE}:\n  ${text}")
endif()
message("layers hold: ${header_count} headers in ${group_count} groups, ${arrows} includes between svdkit headers, none upward, none over ${max_lines} lines")
