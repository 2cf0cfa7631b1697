# SQL serializer sources, compiled into toasty_core by src/CMakeLists.txt.
set(TOASTY_SQL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/dialect.cpp
  ${CMAKE_CURRENT_LIST_DIR}/serialize_expr.cpp
  ${CMAKE_CURRENT_LIST_DIR}/serialize_statement.cpp
  ${CMAKE_CURRENT_LIST_DIR}/create_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/driver_support.cpp
)
