# toasty_add_library(<target> SOURCES <src>... [PUBLIC <lib>...] [PRIVATE <lib>...])
#
# Declares one of toasty-cpp's own static libraries the same way every time: the
# toasty::<name> alias and export name (<target> without its `toasty_` prefix), the public
# headers, C++20, and the project's warnings (private: never pushed onto users). Sources
# may include private headers from src/ (`driver/common/...`). Internal to the build; not
# installed.
function(toasty_add_library target)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  string(REGEX REPLACE "^toasty_" "" name "${target}")
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(toasty::${name} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name} OUTPUT_NAME ${target})
  target_include_directories(${target}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/src)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_link_libraries(${target} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE} $<BUILD_INTERFACE:toasty_warnings>)
endfunction()

# toasty_driver_find_mode(<DRIVER> <out-var>)
#
# How a driver looks for its system libraries: REQUIRED when the user asked for it
# (-DTOASTY_WITH_<DRIVER>=ON on the first configure), QUIET when it is on by default — a
# missing library then leaves the driver out (toasty_add_driver) instead of failing
# the build of someone who only wants SQLite.
function(toasty_driver_find_mode driver out)
  if(_toasty_with_${driver}_asked)
    set(${out} REQUIRED PARENT_SCOPE)
  else()
    set(${out} QUIET PARENT_SCOPE)
  endif()
endfunction()

# toasty_add_driver(<target> DRIVER <NAME> FOUND <bool> MISSING <what>
#                   SOURCES ... [PUBLIC ...] [PRIVATE ...])
#
# Declares a driver's library (toasty_add_library) when its system libraries were FOUND;
# otherwise says which are MISSING and leaves the driver out — remembered in the cache
# (TOASTY_WITH_<NAME> turns OFF), so a later configure does not require them either.
function(toasty_add_driver target)
  cmake_parse_arguments(ARG "" "DRIVER;FOUND;MISSING" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  if(NOT ARG_FOUND)
    message(STATUS "toasty: ${ARG_MISSING} not found: the ${ARG_DRIVER} driver is not built "
                   "(-DTOASTY_WITH_${ARG_DRIVER}=ON requires it)")
    set(TOASTY_WITH_${ARG_DRIVER} OFF CACHE BOOL "Build the ${ARG_DRIVER} driver" FORCE)
    return()
  endif()
  toasty_add_library(${target} SOURCES ${ARG_SOURCES} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
endfunction()
