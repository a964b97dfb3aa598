# cmake -DBUILD_DIR=<svdkit build tree> -DPREFIX=<dir> -P install_fresh.cmake
# Installs svdkit into an emptied PREFIX and checks the files a consumer relies on are there.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
foreach(f IN ITEMS include/svdkit/svdkit.hpp include/svdkit/version.hpp
                   share/cmake/svdkit/svdkitConfig.cmake share/cmake/svdkit/svdkitConfigVersion.cmake
                   share/cmake/svdkit/svdkitTargets.cmake share/pkgconfig/svdkit.pc)
    if(NOT EXISTS "${PREFIX}/${f}")
        message(FATAL_ERROR "not installed: ${PREFIX}/${f}")
    endif()
endforeach()
message(STATUS "svdkit installed into ${PREFIX}")
