// svdkit - version macros.
//
// This header is the single source of truth for svdkit's version: the top-level
// CMakeLists.txt reads the three numbers below and passes them to project(VERSION),
// from which svdkitConfigVersion.cmake and svdkit.pc are generated. Keep each
// #define on one line of its own; CMake parses them with a regular expression.
#ifndef SVDKIT_VERSION_HPP
#define SVDKIT_VERSION_HPP

/// Major version: incremented for incompatible API changes.
#define SVDKIT_VERSION_MAJOR 0
/// Minor version: incremented for backward-compatible additions.
#define SVDKIT_VERSION_MINOR 1
/// Patch version: incremented for backward-compatible fixes.
#define SVDKIT_VERSION_PATCH 0

/// The version as one comparable integer, MAJOR·10000 + MINOR·100 + PATCH (0.1.0 is 100),
/// for `#if SVDKIT_VERSION >= 100`.
#define SVDKIT_VERSION (SVDKIT_VERSION_MAJOR * 10000 + SVDKIT_VERSION_MINOR * 100 + SVDKIT_VERSION_PATCH)

#define SVDKIT_DETAIL_STRINGIFY2(x) #x
#define SVDKIT_DETAIL_STRINGIFY(x) SVDKIT_DETAIL_STRINGIFY2(x)

/// The version as a string literal, "MAJOR.MINOR.PATCH".
#define SVDKIT_VERSION_STRING                                                                    \
    SVDKIT_DETAIL_STRINGIFY(SVDKIT_VERSION_MAJOR)                                               \
    "." SVDKIT_DETAIL_STRINGIFY(SVDKIT_VERSION_MINOR) "." SVDKIT_DETAIL_STRINGIFY(SVDKIT_VERSION_PATCH)

#endif  // SVDKIT_VERSION_HPP
