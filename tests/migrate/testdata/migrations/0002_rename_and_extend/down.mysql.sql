-- 0002_rename_and_extend: down (MySQL/MariaDB)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

RENAME TABLE `writers` TO `authors`;

ALTER TABLE `authors` RENAME COLUMN `pen_name` TO `name`;

ALTER TABLE `authors` DROP COLUMN `bio`;

ALTER TABLE `authors` DROP COLUMN `books`;

ALTER TABLE `authors` RENAME INDEX `index_writers_by_pen_name` TO `index_authors_by_name`;
