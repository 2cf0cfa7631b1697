-- 0001_create_items: down (MySQL/MariaDB)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

DROP TABLE `items`;
