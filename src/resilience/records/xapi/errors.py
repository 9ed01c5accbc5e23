"""One exception for every refusal the xAPI specification describes."""

from __future__ import annotations


class XAPIError(Exception):
    """A request the LRS refuses, with the HTTP status the specification requires."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def bad(message: str) -> XAPIError:
    return XAPIError(400, message)
