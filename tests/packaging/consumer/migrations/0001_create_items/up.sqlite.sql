-- 0001_create_items: up (SQLite)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

CREATE TABLE "items" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "name" TEXT NOT NULL
);
