"""The emulator as a cloud: ARM's metadata endpoints document and the subscriptions and tenants a login sees.

`az cloud register --endpoint-resource-manager URL` and azurerm's `metadata_host` read
GET /metadata/endpoints?api-version=2022-09-01 to find the login endpoint, the token audience and the
other services; every endpoint here points back at the emulator, so nothing a tool does leaves the machine.
"""
from __future__ import annotations

from typing import Any

from pulumi_sig.emulator.identity import DEFAULT_TENANT
from pulumi_sig.emulator.service_common import Context

CLOUD_NAME = "SigEmulator"
# The subscription a fresh emulator offers (the client's default); any other id works as well and is
# listed once it holds a resource group.
DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
# Suffixes ARM lists for the public cloud: tools need every key present, the emulator serves none of them.
SUFFIXES = {"acrLoginServer": "azurecr.io", "attestationEndpoint": "attest.azure.net",
            "azureDataLakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.net",
            "azureDataLakeStoreFileSystem": "azuredatalakestore.net", "keyVaultDns": "vault.azure.net",
            "mariadbServerEndpoint": "mariadb.database.azure.com", "mhsmDns": "managedhsm.azure.net",
            "mysqlServerEndpoint": "mysql.database.azure.com", "postgresqlServerEndpoint":
            "postgres.database.azure.com", "sqlServerHostname": "database.windows.net", "storage":
            "core.windows.net", "storageSyncEndpointSuffix": "afs.azure.net", "synapseAnalytics":
            "dev.azuresynapse.net"}


def cloud_metadata(base_url: str) -> dict[str, Any]:
    """ARM's /metadata/endpoints document (2022-09-01: one cloud) for an emulator reached at base_url."""
    root = base_url.rstrip("/")
    here = root + "/"
    return {"name": CLOUD_NAME, "portal": here, "resourceManager": here, "gallery": here,
            "authentication": {"loginEndpoint": root, "audiences": [here], "tenant": "common",
                               "identityProvider": "AAD"},
            # azurerm requires a Graph resource id; tokens for it are issued, no Graph API is served.
            "microsoftGraphResourceId": f"{root}/graph/", "graph": f"{root}/graph/",
            "graphAudience": f"{root}/graph/", "media": here, "batch": here, "sqlManagement": here,
            "activeDirectoryDataLake": here, "vmImageAliasDoc": here, "appInsightsResourceId": here,
            "appInsightsTelemetryChannelResourceId": here, "attestationResourceId": here,
            "synapseAnalyticsResourceId": here, "logAnalyticsResourceId": here, "ossrDbmsResourceId": here,
            "suffixes": dict(SUFFIXES)}


def subscription_body(subscription_id: str, tenant_id: str = DEFAULT_TENANT) -> dict[str, Any]:
    """A subscription as ARM's subscriptions API shows it."""
    return {"id": f"/subscriptions/{subscription_id}", "subscriptionId": subscription_id, "tenantId": tenant_id,
            "displayName": f"sig-emulator {subscription_id}", "state": "Enabled", "managedByTenants": [],
            "authorizationSource": "RoleBased",
            "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "Internal_2014-09-01",
                                     "spendingLimit": "Off"}}


class SubscriptionService:
    """The subscriptions and the tenant a signed-in tool sees."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def visible(self) -> list[dict[str, Any]]:
        """The default subscription and every subscription that holds a resource group."""
        stored = [s for s in self.ctx.store.subscriptions() if s != DEFAULT_SUBSCRIPTION]
        return [subscription_body(s) for s in [DEFAULT_SUBSCRIPTION, *stored]]

    def get(self, subscription_id: str) -> dict[str, Any]:
        """Any subscription id: the emulator takes every one, as if the caller owned it."""
        return subscription_body(subscription_id)

    def tenants(self) -> list[dict[str, Any]]:
        """The emulator's one tenant."""
        return [{"id": f"/tenants/{DEFAULT_TENANT}", "tenantId": DEFAULT_TENANT, "tenantCategory": "Home",
                 "displayName": "sig-emulator", "defaultDomain": "sig-emulator.local", "domains":
                 ["sig-emulator.local"]}]
