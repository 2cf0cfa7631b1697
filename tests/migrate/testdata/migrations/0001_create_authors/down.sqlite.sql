-- 0001_create_authors: down (SQLite)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

DROP TABLE "authors";
