# Installation and the CMake package for find_package(toasty CONFIG).
#
# Included last by the top-level CMakeLists.txt, after every target exists.
# Installs the public headers (include/toasty), the libraries, the toasty-gen
# executable and an export set `toastyTargets` in namespace `toasty::`:
#
#   toasty::toasty      umbrella library: core + every driver that was built
#   toasty::core        toasty_core
#   toasty::sqlite      toasty_sqlite
#   toasty::postgresql  toasty_postgresql   (if built)
#   toasty::mysql       toasty_mysql        (if built)
#   toasty::dynamodb    toasty_dynamodb     (if built)
#   toasty::json        toasty_json: Json<T> fields (nlohmann-json), if it was found
#   toasty::migrate     toasty_migrate: migrations (toasty/migrate.hpp), if nlohmann-json was found
#   toasty::toasty-gen  the model generator
#   toasty::cli         the `toasty` command-line tool (migrations), with toasty::migrate
#
# plus toastyConfig.cmake / toastyConfigVersion.cmake, which also bring in the
# toasty_add_schema() function (ToastyGen.cmake) and find the system libraries
# the built drivers need. Only targets that exist are installed.
#
# Projects that add toasty-cpp with add_subdirectory()/FetchContent get the
# same toasty:: names as ALIAS targets (created by src/ and tools/; created
# here as a fallback when missing).

include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

option(TOASTY_INSTALL "Generate toasty-cpp's install rules and CMake package" ON)

# ----------------------------------------------------------------- targets
# real target -> exported / alias name (toasty::<name>)
set(_toasty_public_targets
  toasty_core:core
  toasty_sql:sql
  toasty_sqlite:sqlite
  toasty_postgresql:postgresql
  toasty_mysql:mysql
  toasty_dynamodb:dynamodb
  toasty_dynamodb_client:dynamodb_client
  toasty_json:json
  toasty_migrate:migrate
  toasty:toasty
  toasty-gen:toasty-gen
  toasty_cli:cli)

# Same toasty:: names for in-tree consumers (add_subdirectory / FetchContent).
foreach(_pair IN LISTS _toasty_public_targets)
  string(REPLACE ":" ";" _pair "${_pair}")
  list(GET _pair 0 _tgt)
  list(GET _pair 1 _name)
  if(TARGET ${_tgt} AND NOT TARGET toasty::${_name})
    get_target_property(_type ${_tgt} TYPE)
    if(_type STREQUAL "EXECUTABLE")
      add_executable(toasty::${_name} ALIAS ${_tgt})
    else()
      add_library(toasty::${_name} ALIAS ${_tgt})
    endif()
    message(STATUS "toasty: added missing ALIAS toasty::${_name} -> ${_tgt}")
  endif()
endforeach()

if(NOT TOASTY_INSTALL)
  return()
endif()

if(NOT TARGET toasty)
  message(WARNING "toasty: target 'toasty' does not exist; the installed package "
                  "will lack toasty::toasty")
endif()

# Collect the targets to install: the public ones, plus every non-imported
# target they link to (an internal static library or the toasty_warnings
# interface target must be in the export set, or install(EXPORT) fails).
set(_toasty_install_targets "")
set(_toasty_link_names "")     # every link item seen, to find the system deps

function(_toasty_collect tgt)
  get_target_property(_aliased ${tgt} ALIASED_TARGET)
  if(_aliased)
    set(tgt "${_aliased}")
  endif()
  get_target_property(_imported ${tgt} IMPORTED)
  if(_imported)
    return()
  endif()
  if(tgt IN_LIST _toasty_install_targets)
    return()
  endif()
  list(APPEND _toasty_install_targets ${tgt})
  set(_toasty_install_targets "${_toasty_install_targets}" PARENT_SCOPE)

  # Only what is exported matters: INTERFACE_LINK_LIBRARIES (a static
  # library's private dependencies appear there as $<LINK_ONLY:...>).
  # An executable exports no link dependencies.
  get_target_property(_type ${tgt} TYPE)
  if(_type STREQUAL "EXECUTABLE")
    return()
  endif()
  get_target_property(_libs ${tgt} INTERFACE_LINK_LIBRARIES)
  if(NOT _libs)
    set(_libs "")
  endif()
  foreach(_lib IN LISTS _libs)
    # $<BUILD_INTERFACE:x> is not exported; $<LINK_ONLY:x> is.
    if(_lib MATCHES "^\\$<BUILD_INTERFACE:")
      continue()
    endif()
    if(_lib MATCHES "^\\$<LINK_ONLY:([^>$]+)>$")
      set(_lib "${CMAKE_MATCH_1}")
    elseif(_lib STREQUAL "toasty_warnings")
      message(WARNING "toasty: ${tgt} links toasty_warnings PUBLIC/INTERFACE, so the "
                      "installed package would push -Wall -Wextra (-Werror) onto its "
                      "users; link it PRIVATE")
    endif()
    list(APPEND _toasty_link_names "${_lib}")
    if(NOT _lib MATCHES "^\\$<" AND TARGET "${_lib}")
      _toasty_collect("${_lib}")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES _toasty_link_names)
  set(_toasty_link_names "${_toasty_link_names}" PARENT_SCOPE)
  set(_toasty_install_targets "${_toasty_install_targets}" PARENT_SCOPE)
endfunction()

foreach(_pair IN LISTS _toasty_public_targets)
  string(REPLACE ":" ";" _pair "${_pair}")
  list(GET _pair 0 _tgt)
  list(GET _pair 1 _name)
  if(TARGET ${_tgt})
    get_target_property(_export_name ${_tgt} EXPORT_NAME)
    if(NOT _export_name)
      set_target_properties(${_tgt} PROPERTIES EXPORT_NAME ${_name})
    elseif(NOT _export_name STREQUAL _name)
      message(WARNING "toasty: ${_tgt} has EXPORT_NAME '${_export_name}'; "
                      "installed consumers expect toasty::${_name}")
    endif()
    _toasty_collect(${_tgt})
  endif()
endforeach()

foreach(_tgt IN LISTS _toasty_install_targets)
  # Internal targets get a toasty::<name-without-toasty_> export name.
  get_target_property(_export_name ${_tgt} EXPORT_NAME)
  if(NOT _export_name)
    string(REGEX REPLACE "^toasty_" "" _name "${_tgt}")
    set_target_properties(${_tgt} PROPERTIES EXPORT_NAME ${_name})
  endif()
  # Include directories in the source or build tree must not leak into the
  # installed package: wrap bare ones in $<BUILD_INTERFACE:...> (the install
  # tree's include dir is added by install(TARGETS ... INCLUDES DESTINATION)).
  get_target_property(_incs ${_tgt} INTERFACE_INCLUDE_DIRECTORIES)
  if(_incs)
    set(_fixed "")
    set(_changed OFF)
    foreach(_inc IN LISTS _incs)
      if(NOT _inc MATCHES "^\\$<" AND IS_ABSOLUTE "${_inc}")
        cmake_path(IS_PREFIX PROJECT_SOURCE_DIR "${_inc}" NORMALIZE _in_src)
        cmake_path(IS_PREFIX PROJECT_BINARY_DIR "${_inc}" NORMALIZE _in_bin)
        if(_in_src OR _in_bin)
          set(_inc "$<BUILD_INTERFACE:${_inc}>")
          set(_changed ON)
        endif()
      endif()
      list(APPEND _fixed "${_inc}")
    endforeach()
    if(_changed)
      set_target_properties(${_tgt} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_fixed}")
    endif()
  endif()
  # An installed toasty-gen finds shared toasty libraries (BUILD_SHARED_LIBS=ON).
  get_target_property(_type ${_tgt} TYPE)
  if(_type STREQUAL "EXECUTABLE")
    get_target_property(_rpath ${_tgt} INSTALL_RPATH)
    if(NOT _rpath)
      set_target_properties(${_tgt} PROPERTIES INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")
    endif()
  endif()
endforeach()

set(TOASTY_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/toasty"
    CACHE STRING "Where toasty-cpp's CMake package files are installed")

install(TARGETS ${_toasty_install_targets}
  EXPORT toastyTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  OBJECTS DESTINATION "${CMAKE_INSTALL_LIBDIR}/toasty-objects"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

# ----------------------------------------------------------------- headers
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/toasty"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h" PATTERN "*.inl" PATTERN "*.ipp")
# Public headers generated at configure/build time (e.g. a config header
# listing the built drivers) belong in ${PROJECT_BINARY_DIR}/include/toasty.
install(DIRECTORY "${PROJECT_BINARY_DIR}/include/toasty"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  OPTIONAL
  FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")

# ----------------------------------------------------------------- package
# find_dependency() lines for the imported targets our libraries link to, per component:
# asking for COMPONENTS sqlite looks for SQLite (and what core needs), not for libpq,
# MariaDB, libcurl or OpenSSL.
set(_toasty_dep_map
  "SQLite::SQLite3|find_dependency(SQLite3)"
  "PostgreSQL::PostgreSQL|find_dependency(PostgreSQL)"
  "nlohmann_json::|find_dependency(nlohmann_json)"
  "CURL::|find_dependency(CURL)"
  "OpenSSL::|find_dependency(OpenSSL)"
  "Threads::|find_dependency(Threads)"
  "ZLIB::|find_dependency(ZLIB)")

# Every link item `tgt` brings, through our own libraries, into `out`.
function(_toasty_link_closure tgt out)
  set(_seen "")
  set(_todo "${tgt}")
  set(_items "")
  while(_todo)
    list(POP_FRONT _todo _t)
    if(_t IN_LIST _seen OR NOT TARGET "${_t}")
      continue()
    endif()
    list(APPEND _seen "${_t}")
    get_target_property(_imported ${_t} IMPORTED)
    if(_imported)
      continue()
    endif()
    get_target_property(_libs ${_t} INTERFACE_LINK_LIBRARIES)
    foreach(_lib IN LISTS _libs)
      if(_lib MATCHES "^\\$<BUILD_INTERFACE:" OR NOT _lib)
        continue()
      endif()
      if(_lib MATCHES "^\\$<LINK_ONLY:([^>$]+)>$")
        set(_lib "${CMAKE_MATCH_1}")
      endif()
      list(APPEND _items "${_lib}")
      if(TARGET "${_lib}")
        list(APPEND _todo "${_lib}")
      endif()
    endforeach()
  endwhile()
  list(REMOVE_DUPLICATES _items)
  set(${out} "${_items}" PARENT_SCOPE)
endfunction()

# The find_dependency() block of one component.
function(_toasty_component_deps component tgt out)
  _toasty_link_closure(${tgt} _links)
  set(_text "")
  foreach(_entry IN LISTS _toasty_dep_map)
    string(FIND "${_entry}" "|" _bar)
    string(SUBSTRING "${_entry}" 0 ${_bar} _prefix)
    math(EXPR _bar "${_bar} + 1")
    string(SUBSTRING "${_entry}" ${_bar} -1 _line)
    foreach(_lib IN LISTS _links)
      string(FIND "${_lib}" "${_prefix}" _pos)
      if(_pos GREATER_EQUAL 0)
        string(APPEND _text "  ${_line}\n")
        break()
      endif()
    endforeach()
  endforeach()
  # pkg-config imported targets (MariaDB Connector/C: PkgConfig::MARIADB).
  foreach(_lib IN LISTS _links)
    if(_lib MATCHES "PkgConfig::([A-Za-z0-9_]+)")
      set(_var "${CMAKE_MATCH_1}")
      if(_var MATCHES "MARIADB|MYSQL")
        set(_module libmariadb)
      else()
        string(TOLOWER "${_var}" _module)
      endif()
      string(APPEND _text
        "  find_dependency(PkgConfig)\n"
        "  if(NOT TARGET PkgConfig::${_var})\n"
        "    pkg_check_modules(${_var} QUIET IMPORTED_TARGET ${_module})\n"
        "    if(NOT TARGET PkgConfig::${_var})\n"
        "      set(toasty_FOUND FALSE)\n"
        "      set(toasty_NOT_FOUND_MESSAGE \"toasty (${component}) needs ${_module} (pkg-config), which was not found\")\n"
        "      return()\n"
        "    endif()\n"
        "  endif()\n")
    endif()
  endforeach()
  if(_text)
    set(${out} "if(\"${component}\" IN_LIST _toasty_need)\n${_text}endif()\n" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

set(TOASTY_CONFIG_DEPENDENCIES "")
set(TOASTY_BUILT_COMPONENTS "")
foreach(_pair IN LISTS _toasty_public_targets)
  string(REPLACE ":" ";" _pair "${_pair}")
  list(GET _pair 0 _tgt)
  list(GET _pair 1 _name)
  if(TARGET ${_tgt} AND NOT _name STREQUAL "toasty-gen")
    list(APPEND TOASTY_BUILT_COMPONENTS ${_name})
    _toasty_component_deps(${_name} ${_tgt} _block)
    string(APPEND TOASTY_CONFIG_DEPENDENCIES "${_block}")
  endif()
endforeach()

set(TOASTY_BUILT_DRIVERS "")
foreach(_driver sqlite postgresql mysql dynamodb)
  if(TARGET toasty_${_driver})
    list(APPEND TOASTY_BUILT_DRIVERS ${_driver})
  endif()
endforeach()

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/toastyConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/toastyConfig.cmake"
  INSTALL_DESTINATION "${TOASTY_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/toastyConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)

install(EXPORT toastyTargets
  NAMESPACE toasty::
  FILE toastyTargets.cmake
  DESTINATION "${TOASTY_INSTALL_CMAKEDIR}")
install(FILES
  "${PROJECT_BINARY_DIR}/toastyConfig.cmake"
  "${PROJECT_BINARY_DIR}/toastyConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/ToastyGen.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/ToastyEmbedMigrations.cmake"
  DESTINATION "${TOASTY_INSTALL_CMAKEDIR}")
