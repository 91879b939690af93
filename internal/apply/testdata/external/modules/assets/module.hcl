module "assets" {
  title_ar   = "سجل أصول الشبكة"
  title_en   = "Network asset register"
  extensions = ["uuid-ossp", "pgcrypto", "pg_trgm", "citext", "hstore"]
}
