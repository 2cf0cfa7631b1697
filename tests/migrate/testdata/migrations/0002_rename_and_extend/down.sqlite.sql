-- 0002_rename_and_extend: down (SQLite)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

ALTER TABLE "writers" RENAME TO "authors";

ALTER TABLE "authors" RENAME COLUMN "pen_name" TO "name";

ALTER TABLE "authors" DROP COLUMN "bio";

ALTER TABLE "authors" DROP COLUMN "books";

DROP INDEX "index_writers_by_pen_name";

CREATE UNIQUE INDEX "index_authors_by_name" ON "authors" ("name");
