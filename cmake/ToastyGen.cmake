# toasty_add_schema(<target> <schema.toasty>...)
#
# Runs the toasty model generator (toasty-gen) on each schema file at build
# time and compiles the result into <target>:
#
#   add_executable(app main.cpp)
#   toasty_add_schema(app blog.toasty)         # generates blog.toasty.hpp/.cpp
#   target_link_libraries(app PRIVATE toasty::toasty)
#
#   // main.cpp
#   #include "blog.toasty.hpp"
#
# For a schema `<dir>/<stem>.toasty` the generator writes
# `${CMAKE_CURRENT_BINARY_DIR}/toasty_gen/<stem>.toasty.hpp` and `.cpp`; the
# .cpp is added to <target>'s sources and the toasty_gen directory to its
# include path (PUBLIC for libraries, so their users can include the generated
# header too; PRIVATE for executables). Relative schema paths are taken from
# the calling CMakeLists.txt's directory. Code is regenerated whenever the
# schema file or the toasty-gen executable changes.
#
# The generator is the in-tree target `toasty-gen` (toasty-cpp built in the
# same project, e.g. via add_subdirectory or FetchContent) or the imported
# target `toasty::toasty-gen` (from find_package(toasty)). It is looked up when
# the function is called, not when this file is included.
#
# <target> must also link toasty::toasty (this function does not do it, so it
# never clashes with the plain or keyword form of your target_link_libraries).

include_guard(GLOBAL)

function(_toasty_gen_command out_cmd out_dep)
  set(gen "")
  if(TARGET toasty::toasty-gen)
    get_target_property(_aliased toasty::toasty-gen ALIASED_TARGET)
    if(_aliased)
      set(gen "${_aliased}")          # in-tree alias: use the real target
    else()
      set(gen toasty::toasty-gen)     # imported from an installed package
    endif()
  elseif(TARGET toasty-gen)
    set(gen toasty-gen)
  endif()
  if(gen STREQUAL "")
    message(FATAL_ERROR
      "toasty_add_schema: the toasty-gen generator is not available. Use "
      "find_package(toasty CONFIG REQUIRED) or add toasty-cpp to the build "
      "(add_subdirectory/FetchContent) before calling toasty_add_schema.")
  endif()
  get_target_property(_imported ${gen} IMPORTED)
  # COMMAND with a target name runs that executable and orders the build after
  # it; DEPENDS on its file reruns the generator when it changes.
  set(${out_cmd} "${gen}" PARENT_SCOPE)
  if(_imported)
    set(${out_dep} "$<TARGET_FILE:${gen}>" PARENT_SCOPE)
  else()
    set(${out_dep} "${gen}" PARENT_SCOPE)
  endif()
endfunction()

function(toasty_add_schema target)
  if(NOT TARGET ${target})
    message(FATAL_ERROR "toasty_add_schema: '${target}' is not a target")
  endif()
  if(ARGC LESS 2)
    message(FATAL_ERROR "toasty_add_schema(${target}): no schema file given")
  endif()
  get_target_property(_aliased ${target} ALIASED_TARGET)
  if(_aliased)
    set(target "${_aliased}")
  endif()
  get_target_property(_type ${target} TYPE)
  if(_type STREQUAL "INTERFACE_LIBRARY")
    message(FATAL_ERROR "toasty_add_schema: '${target}' is an INTERFACE library; "
                        "generated code needs a target that compiles sources")
  endif()

  _toasty_gen_command(_gen_cmd _gen_dep)

  set(_out_dir "${CMAKE_CURRENT_BINARY_DIR}/toasty_gen")
  file(MAKE_DIRECTORY "${_out_dir}")

  # Outputs already produced by a custom command in this directory (the same
  # schema may feed several targets; two rules for one file are an error).
  get_property(_known DIRECTORY PROPERTY TOASTY_GEN_OUTPUTS)

  set(_sources "")
  foreach(_schema IN LISTS ARGN)
    get_filename_component(_abs "${_schema}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${_abs}")
      message(FATAL_ERROR "toasty_add_schema(${target}): schema file not found: ${_abs}")
    endif()
    # blog.toasty -> blog ; my.models.toasty -> my.models
    get_filename_component(_name "${_abs}" NAME)
    string(REGEX REPLACE "\\.toasty$" "" _stem "${_name}")
    if(_stem STREQUAL _name)
      get_filename_component(_stem "${_abs}" NAME_WLE)
    endif()
    set(_hpp "${_out_dir}/${_stem}.toasty.hpp")
    set(_cpp "${_out_dir}/${_stem}.toasty.cpp")

    # One custom target per generated pair: every target using this schema
    # depends on it, so generators that can't share a custom command between
    # targets (Makefiles) never run toasty-gen twice at once on the same files.
    string(MD5 _hash "${_hpp}")
    string(SUBSTRING "${_hash}" 0 10 _hash)
    string(MAKE_C_IDENTIFIER "toasty_gen_${_stem}_${_hash}" _gen_target)

    get_property(_prev_src DIRECTORY PROPERTY "TOASTY_GEN_SOURCE_${_hash}")
    if(_prev_src AND NOT _prev_src STREQUAL _abs)
      message(FATAL_ERROR
        "toasty_add_schema(${target}): ${_abs} and ${_prev_src} would both generate "
        "${_stem}.toasty.hpp in ${_out_dir}; rename one of them or call "
        "toasty_add_schema from another directory")
    endif()

    list(FIND _known "${_hpp}" _idx)
    if(_idx EQUAL -1)
      file(RELATIVE_PATH _rel "${CMAKE_BINARY_DIR}" "${_hpp}")
      add_custom_command(
        OUTPUT "${_hpp}" "${_cpp}"
        COMMAND ${_gen_cmd} "${_abs}" --out-dir "${_out_dir}" --stem "${_stem}"
        DEPENDS "${_abs}" ${_gen_dep}
        COMMENT "toasty-gen: generating ${_rel} from ${_name}"
        VERBATIM)
      add_custom_target(${_gen_target} DEPENDS "${_hpp}" "${_cpp}")
      list(APPEND _known "${_hpp}")
      set_property(DIRECTORY APPEND PROPERTY TOASTY_GEN_OUTPUTS "${_hpp}")
      set_property(DIRECTORY PROPERTY "TOASTY_GEN_SOURCE_${_hash}" "${_abs}")
    endif()
    list(APPEND _sources "${_cpp}" "${_hpp}")
    add_dependencies(${target} ${_gen_target})
  endforeach()

  target_sources(${target} PRIVATE ${_sources})
  if(_type STREQUAL "EXECUTABLE")
    target_include_directories(${target} PRIVATE "${_out_dir}")
  else()
    target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${_out_dir}>")
  endif()
endfunction()

# toasty_add_migrations(<target> <migrations-dir> FUNCTION <ns::name>)
#
# Compiles every migration of <migrations-dir> (written by `toasty migration generate`)
# into <target>, so that a deployed program migrates its database itself, without the
# directory next to it:
#
#   toasty_add_migrations(app migrations FUNCTION app::migrations)
#
#   // main.cpp
#   #include "app_migrations.hpp"        // <target>_migrations.hpp
#   toasty::migrate(db, app::migrations());
#
# The header and source are written to ${CMAKE_CURRENT_BINARY_DIR}/toasty_migrations
# at build time, again whenever a file of the directory changes (a migration added
# later needs CMake to run again: the list of files is read when it configures).
# A global property, not a variable: a project that adds toasty-cpp with FetchContent calls
# the function from its own directory, where toasty's variables are not visible.
set_property(GLOBAL PROPERTY TOASTY_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/ToastyEmbedMigrations.cmake")

function(toasty_add_migrations target dir)
  cmake_parse_arguments(ARG "" "FUNCTION" "" ${ARGN})
  if(NOT TARGET ${target})
    message(FATAL_ERROR "toasty_add_migrations: '${target}' is not a target")
  endif()
  if(NOT ARG_FUNCTION MATCHES "^([A-Za-z_][A-Za-z0-9_]*::)*[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "toasty_add_migrations(${target}): FUNCTION must be a C++ name such as app::migrations")
  endif()
  get_property(_script GLOBAL PROPERTY TOASTY_EMBED_SCRIPT)
  if(NOT EXISTS "${_script}")
    message(FATAL_ERROR "toasty_add_migrations: ToastyEmbedMigrations.cmake not found (${_script})")
  endif()
  get_filename_component(_abs "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT IS_DIRECTORY "${_abs}")
    message(FATAL_ERROR "toasty_add_migrations(${target}): ${_abs} is not a directory")
  endif()
  get_target_property(_aliased ${target} ALIASED_TARGET)
  if(_aliased)
    set(target "${_aliased}")
  endif()
  set(_out_dir "${CMAKE_CURRENT_BINARY_DIR}/toasty_migrations")
  set(_hpp "${_out_dir}/${target}_migrations.hpp")
  set(_cpp "${_out_dir}/${target}_migrations.cpp")
  file(GLOB_RECURSE _files CONFIGURE_DEPENDS "${_abs}/*.sql" "${_abs}/*.json")
  add_custom_command(
    OUTPUT "${_hpp}" "${_cpp}"
    COMMAND "${CMAKE_COMMAND}" -DDIR=${_abs} -DOUT_CPP=${_cpp} -DOUT_HPP=${_hpp} -DFUNCTION=${ARG_FUNCTION}
            -P "${_script}"
    DEPENDS ${_files} "${_script}"
    COMMENT "toasty: embedding the migrations of ${dir} into ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE "${_cpp}" "${_hpp}")
  get_target_property(_type ${target} TYPE)
  if(_type STREQUAL "EXECUTABLE")
    target_include_directories(${target} PRIVATE "${_out_dir}")
  else()
    target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${_out_dir}>")
  endif()
endfunction()
