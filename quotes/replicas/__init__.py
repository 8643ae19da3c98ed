"""Read replicas: which database each request reads from, and whether a replica may serve.

PostgreSQL's streaming replicas (`DATABASE_REPLICA_URLS`) serve the public pages' and the
downloads' reads; every write, the admin and the import assistant use the primary. Nothing here
does anything while no replica is configured. See docs/DEPLOY.md.
"""
