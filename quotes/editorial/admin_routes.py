"""Extra pages hung under a model's admin, named as the admin names its own."""

from django.urls import path


def admin_routes(model_admin, routes) -> list:
    """`routes`: (route, view, name suffix) triples, each view wrapped by the admin (login, CSRF,
    never cached) and named `<app>_<model>_<suffix>`, as in `admin:quotes_statement_import`."""
    wrap = model_admin.admin_site.admin_view
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    return [path(route, wrap(view), name=f"{prefix}_{suffix}") for route, view, suffix in routes]
