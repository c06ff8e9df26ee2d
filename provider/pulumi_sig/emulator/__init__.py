"""Local ARM emulator of Azure Compute Gallery: galleries, image definitions, versions, sources."""
from pulumi_sig.emulator.app import create_app
from pulumi_sig.emulator.server import EmulatorServer
from pulumi_sig.emulator.service import EmulatorService
from pulumi_sig.emulator.service_common import Limits, Settings
from pulumi_sig.emulator.store import SqliteStore

__all__ = ["EmulatorServer", "EmulatorService", "Limits", "Settings", "SqliteStore", "create_app"]
