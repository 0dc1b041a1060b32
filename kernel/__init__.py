"""The shared kernel: what every HallMark app builds on and nothing else provides.

Roles, the extension registry, error codes and confirmation requests, history
attribution, the API base (permissions, pagination, the error handler, the
service-backed viewset), the page-form adapter, the navigation registry, and separation of
duties: the decision rule (`kernel.decisions`) and accounts with their role log
(`kernel.accounts`, `kernel.models`; ADR 0005). The kernel
imports no HallMark app; every app may import it (docs/adr/0004-shared-kernel.md).
"""
