"""PostgreSQL as Django's own backend, with health checks that a busy connection skips
(`base.DatabaseWrapper`)."""
