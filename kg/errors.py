"""Typed errors. Library code raises these; only ``kg.cli`` turns them into exit codes.

Exit codes follow pySHACL's CLI: 0 conforms, 1 violations, 2 usage or input error; and
3 when newskg itself failed (a bug), never disguised as bad input.
"""

from __future__ import annotations


class KgError(Exception):
    """Base of every error newskg raises on purpose. ``exit_code`` is what the CLI returns."""

    exit_code = 2


class UsageError(KgError):
    """The user asked for something that cannot be done (bad option, unknown format...)."""


class InputError(KgError):
    """An input file could not be read or parsed."""


class ArticleError(InputError):
    """One article could not be read; the build reports it and goes on with the others."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ValidationFailed(KgError):
    """The graph does not conform to the shapes."""

    exit_code = 1


class QueryError(KgError):
    """A stored query is unknown, malformed, or its parameters are wrong."""


class NotFound(KgError):
    """What was asked for (a company, an article, a fact) is not in the graph."""


class StoreError(KgError):
    """The embedded store or a remote server refused or failed an operation."""


class BuildLocked(KgError):
    """Another build holds the lock on the same output."""


class InternalError(KgError):
    """newskg itself failed (a bug, not the input): the build names the articles it hit
    and keeps their tracebacks in a log beside the output."""

    exit_code = 3


class UnknownName(UsageError):
    """A name, alias, slug or id that names no entity of the graph (or several)."""
