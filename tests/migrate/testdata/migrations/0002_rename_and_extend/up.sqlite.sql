-- 0002_rename_and_extend: up (SQLite)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

ALTER TABLE "authors" RENAME TO "writers";

ALTER TABLE "writers" RENAME COLUMN "name" TO "pen_name";

ALTER TABLE "writers" ADD COLUMN "bio" TEXT;

ALTER TABLE "writers" ADD COLUMN "books" INTEGER NOT NULL DEFAULT 0;

DROP INDEX "index_authors_by_name";

CREATE UNIQUE INDEX "index_writers_by_pen_name" ON "writers" ("pen_name");
