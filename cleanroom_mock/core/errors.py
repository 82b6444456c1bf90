"""Errors a backend raises. The serializer turns them into each protocol's wire format."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """An error the AWS service itself would answer, named by its error shape (e.g. ``ConflictException``).

    Extra keyword fields (``quotaName``, ``quotaValue``) travel in the error body, where botocore surfaces
    modelled error members. The HTTP status comes from the service model, so backends never pick one.
    """

    def __init__(
        self, code: str, message: str, *, status: int | None = None, otherwise: str | None = None, **fields: Any
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.fields = fields
        self.status = status  # only set where the model cannot say (an injected fault's chosen status)
        # For a lookup shared by operations that declare different errors: the code to answer instead when
        # the operation does not declare ``code`` (e.g. an unknown membership: ResourceNotFoundException
        # where declared, else AccessDeniedException). The dispatcher applies it.
        self.otherwise = otherwise


class OperationNotImplemented(ServiceError):
    """Answered for an operation no group implements yet: explicit, never a silent success."""

    def __init__(self, service: str, operation: str) -> None:
        super().__init__(
            "NotImplementedException",
            f"cleanroom_mock does not implement {service}.{operation} yet. "
            "See docs/coverage.md for the operations that are emulated.",
            status=501,
        )


class UnmockedRequestError(RuntimeError):
    """Raised in the caller's code when a mock is active and a request would otherwise reach the network.

    The message names the service and the URL. Use the mock that emulates the service (or ``mock_all``),
    let the service through with ``passthrough=["s3"]`` (or ``passthrough=True``), or start moto's
    ``mock_aws`` so that moto answers it. Importable as ``cleanroom_mock.UnmockedRequestError``.
    """
