-- 0001_create_authors: up (SQLite)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

CREATE TABLE "authors" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "name" TEXT NOT NULL
);

CREATE UNIQUE INDEX "index_authors_by_name" ON "authors" ("name");
