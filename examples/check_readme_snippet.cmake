# Fails unless README.md contains SOURCE, byte for byte, as a complete ```cpp block (anywhere, not
# only the first one: check_readme_example.cmake covers that), so a snippet that ctest compiles and
# runs is the one readers copy.
#
#   cmake -DREADME=<README.md> -DSOURCE=<snippet.cpp> -P check_readme_snippet.cmake
file(READ "${README}" readme)
file(READ "${SOURCE}" source)
string(FIND "${readme}" "```cpp\n${source}```\n" at)
if(at EQUAL -1)
    message(FATAL_ERROR
        "${README} has no ```cpp block identical to ${SOURCE}; edit both so they stay identical.\n"
        "--- ${SOURCE} ---\n${source}")
endif()
message(STATUS "README.md contains ${SOURCE} verbatim")
