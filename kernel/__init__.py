"""The shared kernel: what every HallMark app builds on and nothing else provides.

Roles, the extension registry, error codes and confirmation requests, history
attribution, the API base (permissions, pagination, the error handler, the
service-backed viewset), the page-form adapter and the navigation registry. The kernel
imports no HallMark app; every app may import it (docs/adr/0004-shared-kernel.md).
"""
