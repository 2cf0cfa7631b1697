# Runs the quickstart against a SQLite file, then reads that file with the sqlite3
# command-line tool: what toasty wrote is an ordinary SQLite database.
file(REMOVE "${DB}")
execute_process(COMMAND "${QUICKSTART}" "sqlite://${DB}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "quickstart failed (${rc}):\n${out}${err}")
endif()
find_program(SQLITE3 sqlite3)
if(NOT SQLITE3)
  message(FATAL_ERROR "the sqlite3 command-line tool is not installed (scripts/test.sh installs it)")
endif()
execute_process(COMMAND "${SQLITE3}" "${DB}" "SELECT name, email, country, bio FROM users ORDER BY name"
  RESULT_VARIABLE rc OUTPUT_VARIABLE rows ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sqlite3 could not read ${DB}: ${err}")
endif()
# The quickstart leaves Bob (NZ, bio "kia ora") after removing Ann and the AU users.
if(NOT rows STREQUAL "Bob|bob@example.com|NZ|kia ora\n")
  message(FATAL_ERROR "unexpected rows read by sqlite3:\n${rows}")
endif()
file(REMOVE "${DB}" "${DB}-wal" "${DB}-shm")
message(STATUS "sqlite3 read back: ${rows}")
