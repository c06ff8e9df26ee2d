"""ARM client for Compute Galleries: typed operations, LRO polling, retries, embedded emulator."""
from pulumi_sig.client.auth import CredentialAuth, StaticTokenAuth
from pulumi_sig.client.client import ArmClient
from pulumi_sig.client.config import CLOUD_ENDPOINTS, CLOUD_SCOPES, ClientConfig
from pulumi_sig.client.embedded import EmbeddedEmulator, ensure_embedded, stop_embedded
from pulumi_sig.client.errors import (ArmHttpError, AuthenticationError, BadRequestError, ConflictError,
                                      ForbiddenError, GalleryNotFound, OperationDeadlineExceeded,
                                      OperationFailedError, PropertyChangeNotAllowedError, QuotaExceededError,
                                      ResourceExistsError, ResourceNotFoundError, ServerError,
                                      ServiceUnreachableError, ThrottledError)
from pulumi_sig.client.lro import LroPoller, PollingSettings

__all__ = [
    "ArmClient", "ArmHttpError", "AuthenticationError", "BadRequestError", "CLOUD_ENDPOINTS", "CLOUD_SCOPES",
    "ClientConfig", "ConflictError", "CredentialAuth", "EmbeddedEmulator", "ForbiddenError", "GalleryNotFound",
    "LroPoller", "OperationDeadlineExceeded", "OperationFailedError", "PollingSettings",
    "PropertyChangeNotAllowedError", "QuotaExceededError", "ResourceExistsError", "ResourceNotFoundError",
    "ServerError", "ServiceUnreachableError", "StaticTokenAuth", "ThrottledError", "ensure_embedded",
    "stop_embedded",
]
