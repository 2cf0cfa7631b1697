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
