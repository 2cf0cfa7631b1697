# SQL serializer sources: the toasty_sql library (src/CMakeLists.txt).
set(TOASTY_SQL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/dialect.cpp
  ${CMAKE_CURRENT_LIST_DIR}/drop_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/serialize_expr.cpp
  ${CMAKE_CURRENT_LIST_DIR}/serialize_statement.cpp
  ${CMAKE_CURRENT_LIST_DIR}/create_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/driver_support.cpp
  ${CMAKE_CURRENT_LIST_DIR}/json_list.cpp
  ${CMAKE_CURRENT_LIST_DIR}/raw_sql.cpp
)
