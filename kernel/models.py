"""The kernel's tables: API tokens (kernel.tokens)."""

from kernel.tokens import ApiToken

__all__ = ["ApiToken"]
