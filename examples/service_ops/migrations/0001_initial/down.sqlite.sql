-- 0001_initial: down (SQLite)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

DROP TABLE "svc_tenants";

DROP TABLE "svc_api_keys";
