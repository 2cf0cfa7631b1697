#pragma once
// Loads the benchmark dataset into a SQLite database whose tables exist (defined in
// sqlite_raw.cpp). Takes the handle as void* so that the SOCI translation unit, whose
// backend header wraps <sqlite3.h> in a namespace, can pass its own.
struct sqlite3;

namespace bench {

void sqlite_load_handle(void* db);
inline void sqlite_load(::sqlite3* db) { sqlite_load_handle(db); }
// Creates the tables (toasty's DDL) on a fresh database, then loads it.
void sqlite_create_and_load_handle(void* db);

}  // namespace bench
