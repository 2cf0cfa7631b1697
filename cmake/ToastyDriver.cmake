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
# missing library then leaves the driver out (toasty_driver_left_out) instead of failing
# the build of someone who only wants SQLite.
function(toasty_driver_find_mode driver out)
  if(_toasty_with_${driver}_asked)
    set(${out} REQUIRED PARENT_SCOPE)
  else()
    set(${out} QUIET PARENT_SCOPE)
  endif()
endfunction()

# toasty_driver_left_out(<DRIVER> <what is missing>): says so, and remembers it (the option
# turns OFF in the cache, so a later configure does not require the library either).
function(toasty_driver_left_out driver missing)
  message(STATUS "toasty: ${missing} not found: the ${driver} driver is not built "
                 "(-DTOASTY_WITH_${driver}=ON requires it)")
  set(TOASTY_WITH_${driver} OFF CACHE BOOL "Build the ${driver} driver" FORCE)
endfunction()
